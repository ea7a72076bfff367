"""Changes to a plan's impact measures: add one, set its target dates, record a value,
and the number as a person types it (72.5%, 1,204)."""

from __future__ import annotations

import re
import shlex
from datetime import date

from improvetrack.errors import InvalidChange, UsageError
from improvetrack.model.changes import optional_text, required
from improvetrack.model.register import DIRECTIONS, Measure, Reading, Register

# A comma separates thousands only: 1,204 or 12,345,678.5, the first group without a
# leading zero. Any other comma is refused, never dropped: "1,5" read as 15 would record a
# tenth of a measure as ten times its value.
_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"([-+]?)([0-9]*),([0-9]+)")


def parse_number(text: str, what: str = "VALUE") -> int | float:
    """A measure's value as typed: 72, 72.5, 72.5% or 1,204 (a comma between thousands).

    A decimal comma (1,5) is refused with the number it would be with a decimal point.
    """
    cleaned = text.strip().rstrip("%").strip()
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            raise UsageError(_comma_hint(text, cleaned, what))
        cleaned = cleaned.replace(",", "")
    if "_" in cleaned:  # Python reads 1_5 as 15; a person never means that
        raise UsageError(f"{what}: expected a number like 72.5, got {text!r}")
    try:
        # Whole numbers are read exactly: through a float, 12345678901234567890 would change.
        whole = int(cleaned)
    except ValueError:
        whole = None
    if whole is not None and _TOML_INTEGERS[0] <= whole <= _TOML_INTEGERS[1]:
        return whole
    try:
        number = float(cleaned)
    except ValueError:
        raise UsageError(f"{what}: expected a number like 72.5, got {text!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise UsageError(f"{what}: expected a finite number, got {text!r}")
    # TOML integers are 64-bit: a bigger one ("1e20") stays a float so the file stays TOML.
    fits = _TOML_INTEGERS[0] <= number <= _TOML_INTEGERS[1]
    return int(number) if number.is_integer() and "." not in cleaned and fits else number


def _comma_hint(text: str, cleaned: str, what: str) -> str:
    if decimal := _DECIMAL_COMMA.fullmatch(cleaned):
        sign, whole, fraction = decimal.groups()
        return (
            f"{what}: expected a number with a decimal point, got {text!r}; use a decimal "
            f"point: {sign}{whole or '0'}.{fraction} (a comma only separates thousands)"
        )
    return (
        f"{what}: expected a number like 72.5, with commas only between thousands, "
        f"as in 1,204; got {text!r}"
    )


_TOML_INTEGERS = (-(2**63), 2**63 - 1)


def add_measure(
    register: Register,
    area_key: str,
    name: str,
    *,
    unit: str | None = None,
    baseline: int | float | None = None,
    target: int | float | None = None,
    direction: str = "up",
    baseline_on: date | None = None,
    target_by: date | None = None,
) -> Measure:
    area = register.area(area_key)
    name = required(name, "NAME")
    if any(measure.name.casefold() == name.casefold() for measure in area.measures):
        raise InvalidChange(
            f"area {area.key!r} already has a measure {name!r}; record a value with "
            f"`improvetrack measure set {area.key} {shlex.quote(name)} N`"
        )
    if direction not in DIRECTIONS:
        raise UsageError(
            f"--direction: expected 'up' or 'down' (which way is better), got {direction!r}"
        )
    measure = Measure(
        name=name, unit=optional_text(unit), baseline=baseline, target=target, direction=direction
    )
    measure.baseline_on, measure.target_by = baseline_on, target_by
    _check_measure_dates(measure)
    area.measures.append(measure)
    return measure


def update_measure(
    register: Register,
    area_key: str,
    name: str,
    *,
    target: int | float | None = None,
    baseline_on: date | None = None,
    target_by: date | None = None,
) -> Measure:
    """Change a measure's target, or the dates its expected line runs between."""
    if target is None and baseline_on is None and target_by is None:
        raise UsageError("nothing to change: give --target, --baseline-on or --target-by")
    measure = register.area(area_key).measure(name)
    if target is not None:
        measure.target = target
    if baseline_on is not None:
        measure.baseline_on = baseline_on
    if target_by is not None:
        measure.target_by = target_by
    _check_measure_dates(measure)
    return measure


def _check_measure_dates(measure: Measure) -> None:
    if measure.baseline_on and measure.target_by and measure.target_by <= measure.baseline_on:
        raise UsageError(
            f"--target-by: {measure.target_by} is not after the baseline's date "
            f"{measure.baseline_on}; the target must come after the baseline"
        )


def record_measure(
    register: Register, area_key: str, name: str, value: int | float, on: date, as_of: date
) -> Measure:
    """Record a new value of a measure, keeping its history; the latest reading is current."""
    if on > as_of:
        raise UsageError(
            f"--on: {on} is after today ({as_of}); a reading is of the past, so give a date on "
            f"or before {as_of}"
        )
    measure = register.area(area_key).measure(name)
    readings = [reading for reading in measure.history if reading.on != on]
    readings.append(Reading(on, value))
    readings.sort(key=lambda reading: reading.on)
    measure.history = readings
    measure.current, measure.updated = readings[-1].value, readings[-1].on
    return measure
