"""The one parser for dates, typed on the command line or written in a sheet, and the as-of date.

People write dates as they speak them: `31/3/25`, `31-Mar-2025`, `End Oct 24`, `Q2 2025/26`.
All of them mean one day. Day first always: this is a UK tool, and `03/31/2027` is refused
as not a real date rather than read the American way. A month alone means its last day,
and so does a quarter of the UK financial year (April to March), since both are written
as deadlines.
"""

from __future__ import annotations

import re
from datetime import MAXYEAR, date, timedelta

from improvetrack.errors import UsageError

FORMS = (
    "YYYY-MM-DD, DD/MM/YYYY, D/M/YY, DD.MM.YY, DD-MM-YYYY, 31-Mar-2025, 31 March 2025, "
    "March 2025, End Oct 24, Q2 2025/26, +Nd, +Nw, -Nd or -Nw"
)
# The dates a register and the command line may hold. Deadlines, inspection windows and
# forecasts reach years past them, and Python's dates end in 9999: a plan "due" in 9999
# would crash the arithmetic rather than mean anything.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)

# The forms a date is typed in, compiled by `re` (and kept in its cache) when first used:
# a run that reads ISO dates only never compiles the others.
# ASCII digits only: `\d` also matches Arabic-Indic and fullwidth digits, which int()
# reads, so "٢٠٢٧-03-31" would otherwise pass for a date nobody typed.
_ISO = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
# 31/03/2027, 31/3/25, 31.03.25, 31-03-2027: one separator, used twice.
_NUMERIC = r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})"
# 31-Mar-2025, 31 March 2025, 31st March 2025, 31 Sept. 25
_DAY_MONTH = (
    r"([0-9]{1,2})(?:st|nd|rd|th)?(?:\s+|\s*-\s*)([a-z]+)\.?,?(?:\s+|\s*-\s*)([0-9]{4}|[0-9]{2})"
)
# March 2025, Mar-25, End Oct 24, end of October 2024, by March 2025
_MONTH = (
    r"(?:(?:by\s+)?(?:the\s+)?end\s+(?:of\s+)?|by\s+)?([a-z]+)\.?,?(?:\s+|\s*-\s*)"
    r"([0-9]{4}|[0-9]{2})"
)
# Q2 2025/26, Q2 25/26, Qtr 2 2025-26, Quarter 2 2025/2026, 2025/26 Q2
_QUARTER = (
    r"(?:q|qtr|quarter)\s*([1-4])\s*,?\s*(?:fy\s*)?([0-9]{4}|[0-9]{2})\s*[/-]\s*([0-9]{4}|[0-9]{2})"
)
_QUARTER_AFTER = (
    r"(?:fy\s*)?([0-9]{4}|[0-9]{2})\s*[/-]\s*([0-9]{4}|[0-9]{2})\s*,?\s*(?:q|qtr|quarter)\s*([1-4])"
)
_RELATIVE = r"([+-])([0-9]{1,5})([dw])"

# The months in English whatever the machine's locale (calendar's names follow it).
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUMBERS = {
    name: number
    for number, month in enumerate(_MONTHS, 1)
    for name in (month.lower(), month[:3].lower())
} | {"sept": 9}


# What `read_date` says of the form it read, when the text named a period, not a day.
MONTH = "month"
QUARTER = "quarter"


def parse_date(text: str, as_of: date, *, what: str = "date") -> date:
    """Read a date as a person writes it (see FORMS), or days/weeks from `as_of`.

    `-2w` (two weeks ago) is an addition to the SPEC's `+Nd`/`+Nw`: it is what
    `report --since` wants.
    """
    return read_date(text, as_of, what=what)[0]


def read_date(text: str, as_of: date, *, what: str = "date") -> tuple[date, str | None]:
    """`parse_date`, and whether the text named a MONTH or a QUARTER (read as its last day)
    rather than a day: a sheet's import says which dates it read that way."""
    value = " ".join(text.strip().lower().split())
    try:
        found = _read(value, as_of)
    except (ValueError, OverflowError) as exc:
        raise UsageError(
            f"{what}: {text!r} is not a real date ({exc}); expected a date like 2027-03-31 "
            "or day-first 31/03/2027"
        ) from None
    if found is None:
        raise UsageError(f"{what}: expected a date like 2027-03-31 (forms: {FORMS}), got {text!r}")
    return in_range(found[0], text, what), found[1]


def _read(value: str, as_of: date) -> tuple[date, str | None] | None:
    """The day `value` (lower case, single spaces) names and the period it named, None for
    no form of date; raises ValueError for impossible numbers in a form (31/02/2027)."""
    if match := re.fullmatch(_ISO, value):
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day), None
    if match := re.fullmatch(_NUMERIC, value):
        return date(_year(match[4]), int(match[3]), int(match[1])), None
    if (match := re.fullmatch(_DAY_MONTH, value)) and match[2] in _MONTH_NUMBERS:
        return date(_year(match[3]), _MONTH_NUMBERS[match[2]], int(match[1])), None
    if (match := re.fullmatch(_MONTH, value)) and match[1] in _MONTH_NUMBERS:
        return month_end(_year(match[2]), _MONTH_NUMBERS[match[1]]), MONTH
    if match := re.fullmatch(_QUARTER, value):
        return quarter_end(int(match[1]), match[2], match[3]), QUARTER
    if match := re.fullmatch(_QUARTER_AFTER, value):
        return quarter_end(int(match[3]), match[1], match[2]), QUARTER
    if match := re.fullmatch(_RELATIVE, value):
        sign = 1 if match[1] == "+" else -1
        count, unit = int(match[2]), match[3]
        return as_of + timedelta(days=sign * count * (7 if unit == "w" else 1)), None
    return None


def named_day(text: str) -> date | bool | None:
    """The day `text` names in one of the forms of an exact day (2027-02-28, 28/02/2027,
    28 Feb 2027); False for impossible numbers in one (31/02/2027); None for no such form.
    For hints about a hand-edited date; a command reads dates with `read_date`."""
    value = " ".join(text.lower().split())
    if not any(re.fullmatch(form, value) for form in (_ISO, _NUMERIC, _DAY_MONTH)):
        return None
    try:
        found = _read(value, EARLIEST)  # these forms do not count from a date
    except ValueError:
        return False
    return found[0] if found else None


def _year(text: str) -> int:
    """A year as written: two digits are this century's (a plan's dates are not the 1900s)."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def add_months(day: date, months: int) -> date:
    """The same day some months later (or the month's last, where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def month_end(year: int, month: int) -> date:
    """The last day of a month: the day before the next month's first."""
    if (year, month) == (MAXYEAR, 12):
        return date(MAXYEAR, 12, 31)
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def quarter_end(quarter: int, first: str, second: str) -> date:
    """The last day of a quarter of the UK financial year that starts in April of `first`:
    Q1 ends on 30 June, Q4 on 31 March of the year after."""
    start = _year(first)
    if _year(second) % 100 != (start + 1) % 100:
        raise ValueError(f"a financial year runs from one year to the next, not {first}/{second}")
    if quarter == 4:
        return date(start + 1, 3, 31)
    return month_end(start, 3 + 3 * quarter)


def long_date(day: date) -> str:
    """A date as a board paper writes it: 27 November 2026 (whatever the machine's locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """A date in words, for a table's narrow column: 4 Dec 2026."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def in_range(day: date, text: str, what: str) -> date:
    if not EARLIEST <= day <= LATEST:
        # "+900w" or "31/3/25" says which day it reads as; a date typed as ISO needs not.
        read = f"{text!r} is" if text.strip() == day.isoformat() else f"{text!r} is {day},"
        raise UsageError(
            f"{what}: {read} outside the dates a plan can use "
            f"({EARLIEST} to {LATEST}); expected a date like 2027-03-31"
        )
    return day
