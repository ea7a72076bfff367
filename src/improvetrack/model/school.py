"""A school's holidays (`plan.school_holidays`), the periods its statement of action
deadline does not count, and the checks that keep a list of them sane.

A holiday is a pair of dates, both days included. Whether one is long enough not to count
is a figure (it needs the bank holidays), so it is worked out in `figures/`; here are
their shape and the order of their dates (`changes.change_school_holidays` changes them).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from improvetrack.errors import UsageError

Holiday = tuple[date, date]

# How far a holiday may lie outside inspected…next_inspection before it is surely a typo.
SLACK = timedelta(days=366)


def label(holiday: Holiday) -> str:
    """A holiday as `plan set --school-holiday` takes it: 2027-07-21..2027-09-01."""
    return f"{holiday[0].isoformat()}..{holiday[1].isoformat()}"


def parse(text: str, parse_date: Callable[[str, str], date | None]) -> Holiday:
    """START..END as typed, each date in any form the tool reads."""
    start, dots, end = (part.strip() for part in text.partition(".."))
    first = parse_date(start, "--school-holiday") if dots and start else None
    last = parse_date(end, "--school-holiday") if first and end else None
    if first is None or last is None:
        raise UsageError(
            f"--school-holiday {text!r}: expected START..END, like 2027-07-21..2027-09-01"
        )
    return first, last


def problems(
    holidays: Iterable[Holiday], inspected: date | None, next_inspection: date | None
) -> list[str]:
    """What is wrong with a plan's holidays, each problem naming its holiday: an end before
    its start, two that overlap, or a date more than a year outside the plan's dates
    (inspected to next_inspection; with only one of them, a year either side of it)."""
    found: list[str] = []
    ordered = sorted(holidays)
    earliest = (inspected or next_inspection or date.min + SLACK) - SLACK
    last = next_inspection or inspected
    latest = last + SLACK if last else date.max
    for start, end in ordered:
        name = f"school holiday {label((start, end))}"
        if end < start:
            found.append(f"{name}: ends before it starts")
        elif start < earliest or end > latest:
            found.append(
                f"{name}: more than a year outside the plan's dates "
                f"({_span(inspected, next_inspection)}); check the year"
            )
    for before, after in itertools.pairwise(ordered):
        if after[0] <= before[1]:
            found.append(
                f"school holiday {label(after)}: overlaps school holiday {label(before)}; "
                "give each holiday once"
            )
    return found


def _span(inspected: date | None, next_inspection: date | None) -> str:
    if inspected and next_inspection:
        return f"inspected {inspected} to next inspection {next_inspection}"
    if inspected:
        return f"inspected {inspected}"
    return f"next inspection {next_inspection}"
