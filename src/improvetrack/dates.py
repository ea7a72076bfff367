"""The one parser for dates typed on the command line, and the as-of date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from improvetrack.errors import UsageError

FORMS = "YYYY-MM-DD, DD/MM/YYYY, +Nd, +Nw, -Nd or -Nw"
# The dates a register and the command line may hold. Deadlines, inspection windows and
# forecasts reach years past them, and Python's dates end in 9999: a plan "due" in 9999
# would crash the arithmetic rather than mean anything.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)

# As text: `re` compiles each the first time a date of that form is read.
_ISO = r"(\d{4})-(\d{2})-(\d{2})"
_UK = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_RELATIVE = r"([+-])(\d{1,5})([dw])"


def parse_date(text: str, as_of: date, *, what: str = "date") -> date:
    """Read a date as a user types it: ISO, UK day-first, or days/weeks from `as_of`.

    `-2w` (two weeks ago) is an addition to the SPEC's `+Nd`/`+Nw`: it is what
    `report --since` wants.
    """
    value = text.strip().lower()
    try:
        if match := re.fullmatch(_ISO, value):
            year, month, day = (int(part) for part in match.groups())
            return in_range(date(year, month, day), text, what)
        if match := re.fullmatch(_UK, value):
            day, month, year = (int(part) for part in match.groups())
            return in_range(date(year, month, day), text, what)
        if match := re.fullmatch(_RELATIVE, value):
            sign = 1 if match[1] == "+" else -1
            count, unit = int(match[2]), match[3]
            days = sign * count * (7 if unit == "w" else 1)
            return in_range(as_of + timedelta(days=days), text, what)
    except (ValueError, OverflowError) as exc:
        raise UsageError(
            f"{what}: {text!r} is not a real date ({exc}); expected a date like 2027-03-31 "
            "or day-first 31/03/2027"
        ) from None
    raise UsageError(f"{what}: expected a date like 2027-03-31 (forms: {FORMS}), got {text!r}")


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date) -> str:
    """A date as a board paper writes it: 27 November 2026 (whatever the machine's locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """A date in words, for a table's narrow column: 4 Dec 2026."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def in_range(day: date, text: str, what: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise UsageError(
            f"{what}: {text!r} is {day}, outside the dates a plan can use "
            f"({EARLIEST} to {LATEST}); expected a date like 2027-03-31"
        )
    return day
