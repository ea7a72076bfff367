"""The cell codec, shared by import and export: what a cell says, as people write it, and
how the register's values are written so that they read back as they were.

Reading: a status or BRAG cell ("Amber (on track)", "B", "Completed and evidenced") gives
a status and the RAG the lead reports; a due cell ("Q2 2025/26", "Ongoing",
"30/09/2025 (revised from 31/03/2025)") a due date, a baseline and a timescale; a fill
colour with no text in it, a RAG. Writing: `cell` makes register text inert in a CSV file.
"""

from __future__ import annotations

import colorsys
import functools
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from improvetrack.errors import ImprovetrackError, UsageError
from improvetrack.model.dates import MONTH, QUARTER, in_range, read_date
from improvetrack.model.records import record
from improvetrack.model.register import RAGS, STATUSES
from improvetrack.model.text import safe

# Spreadsheets read a cell that starts with one of these as a formula (OWASP "CSV injection"),
# after any leading spaces. A CSV export writes a ' before such a cell, and the import drops
# it again; text that itself starts with ' gets one too, so that "'=x" survives the round trip.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The most characters an Excel cell holds: a longer "cell" is not a sheet a person wrote.
MAX_CELL = 32_767

_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_EVIDENCE_BREAKS = re.compile(r"[;\r\n]+")
# Excel saves a date cell formatted with a time as "31/03/2027 00:00", and other tools
# write "2027-03-31T00:00:00"; a due date has no time of day, so the time is dropped.
_TIME_OF_DAY = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


# --- writing -------------------------------------------------------------------------------


def needs_guard(text: str) -> bool:
    return text.startswith("'") or text.lstrip().startswith(FORMULA_STARTS)


def evidence_cell(evidence: Sequence[str]) -> str:
    """An action's evidence as one cell: the import splits it at the `; ` again."""
    return "; ".join(safe(link) for link in evidence)


def cell(value: object) -> str:
    """Register text as an inert CSV cell: one line, no control characters, and a
    leading ' on anything a spreadsheet would run as a formula (the import drops it)."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else safe(value)
    return "'" + text if needs_guard(text) else text


# --- reading text --------------------------------------------------------------------------


def unguarded(text: str) -> str:
    """A CSV cell's text as the import reads it: trimmed, and without the export's guard
    against formulas ("'=x" was written for the text "=x", "' =x" for " =x")."""
    value = text.strip()
    if len(value) > 1 and value[0] == "'" and needs_guard(value[1:]):
        value = value[1:].strip()
    return value


def one_line(value: str) -> str:
    if "\n" not in value and "\r" not in value:
        return value  # most cells: no regular expression needed
    return _LINE_BREAKS.sub(" ", value)


def evidence_items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in _EVIDENCE_BREAKS.split(text) if item.strip())


def as_read(value: str | None) -> str | None:
    """Register text as an export of it reads back: what a sheet that agrees would hold."""
    return one_line(unguarded(cell(value))) or None


def evidence_as_read(evidence: Sequence[str]) -> tuple[str, ...]:
    return evidence_items(unguarded(cell(evidence_cell(evidence))))


def text_of(value: object) -> str:
    """A cell's value as the text a person sees in it: 2 for the number 2.0, a date as
    2027-03-31. Not trimmed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# --- statuses and RAG ----------------------------------------------------------------------


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


# Words that say where an action is. They decide its status; where two disagree ("Complete
# - in progress") the cell is unclear.
_STATUS_WORDS: dict[str, str] = {
    **{status.replace("-", " "): status for status in STATUSES},
    "not yet started": "not-started",
    "not yet due": "not-started",
    "to do": "not-started",
    "todo": "not-started",
    "planned": "not-started",
    "started": "in-progress",
    "ongoing": "in-progress",
    "underway": "in-progress",
    "under way": "in-progress",
    "in hand": "in-progress",
    "on hold": "blocked",
    "awaiting signoff": "awaiting-sign-off",
    "for sign off": "awaiting-sign-off",
    "ready for sign off": "awaiting-sign-off",
    "awaiting approval": "awaiting-sign-off",
    "complete": "done",
    "completed": "done",
    "closed": "done",
    "achieved": "done",
    "finished": "done",
    "evidenced": "done",
    "embedded": "done",
    "withdrawn": "dropped",
    "cancelled": "dropped",
    "canceled": "dropped",
    "closed not required": "dropped",
    "not required": "dropped",
    "no longer required": "dropped",
    "superseded": "dropped",
}
# Words that judge how an action is going, as a BRAG key does: they give the RAG the lead
# reports, and say the action is under way unless a status word says otherwise.
_JUDGEMENTS: dict[str, str] = {
    "on track": "green",
    "on target": "green",
    "on schedule": "green",
    "at risk": "amber",
    "some risk": "amber",
    "slipping": "amber",
    "off track": "red",
    "behind": "red",
    "behind schedule": "red",
    "delayed": "red",
    "overdue": "red",
    "significant risk": "red",
}
# Colours, their first letters, and the shades people call them.
_COLOURS: dict[str, str] = {
    **{rag: rag for rag in RAGS},
    **{rag[0]: rag for rag in RAGS},
    "yellow": "amber",
    "orange": "amber",
}
# Statuses that say why an action was dropped, so the cell itself can be the reason.
SELF_EXPLAINED = frozenset({"closed not required", "not required", "no longer required"})
# A spaced hyphen, en dash or em dash, "and", or punctuation, separates "Blue - complete".
_PART_BREAK = re.compile("\\s+[-\u2013\u2014]\\s+|\\s+and\\s+|\\s+but\\s+|[/(),:;|.]")


@record
class Reading:
    """What a status or BRAG cell says: a status (None: unclear), the RAG it reports, and
    its words beside the colour, which say why ("Red - behind schedule")."""

    status: str | None
    rag: str | None = None
    why: str | None = None


@functools.lru_cache(maxsize=4096)  # a sheet says "G" or "On track" in many rows
def read_progress(text: str, *, rag_column: bool = False) -> Reading:
    """Read a status or BRAG cell part by part: "Blue - complete", "Amber (on track)".

    Empty means not started. A status word beats a judgement ("on track") and a colour;
    a colour beats a judgement for the RAG. In a BRAG column "Complete" is BLUE too.
    """
    whole = words(text)
    if not whole:
        return Reading("not-started")
    parts = [part for part in (words(piece) for piece in _PART_BREAK.split(text)) if part]
    if whole not in parts:
        parts.insert(0, whole)
    statuses: set[str] = set()
    judged: set[str] = set()
    colours: set[str] = set()
    plain: list[str] = []  # the pieces of the text that are not a colour
    # A letter is a colour in "B" or "G/A", not in "N/A".
    letters = all(len(part) == 1 and part in _COLOURS for part in parts if part != whole)
    for part in parts:
        if part in _STATUS_WORDS:
            statuses.add(_STATUS_WORDS[part])
        elif part in _JUDGEMENTS:
            judged.add(_JUDGEMENTS[part])
        elif part in _COLOURS and (len(part) > 1 or letters):
            colours.add(_COLOURS[part])
    if whole in _STATUS_WORDS or whole in _JUDGEMENTS or whole in _COLOURS:
        statuses, judged, colours = _only(whole, statuses, judged, colours)
    for piece in _PART_BREAK.split(text):
        if words(piece) and words(piece) not in _COLOURS:
            plain.append(piece.strip())
    rag = _one(colours) or _one(judged)
    if rag is None and rag_column and statuses == {"done"}:
        rag = "blue"
    if statuses:
        status = _one(statuses)
    elif judged or colours:
        status = "done" if colours == {"blue"} else "in-progress"
    else:
        status = None
    why = " - ".join(plain) if (colours and plain) else None
    return Reading(status, rag, why)


def _only(
    whole: str, statuses: set[str], judged: set[str], colours: set[str]
) -> tuple[set[str], set[str], set[str]]:
    """A cell that is one known phrase means that phrase alone, not its parts too."""
    if whole in _STATUS_WORDS:
        return {_STATUS_WORDS[whole]}, set(), set()
    if whole in _JUDGEMENTS:
        return set(), {_JUDGEMENTS[whole]}, set()
    return set(), set(), {_COLOURS[whole]}


def _one(found: set[str]) -> str | None:
    return next(iter(found)) if len(found) == 1 else None


def status_of(text: str) -> str | None:
    """The register status a status cell means, or None if it is unclear."""
    return read_progress(text).status


# --- dates and timescales ------------------------------------------------------------------

# A timescale that is not a date: kept as the action's `timescale`, never refused.
_TIMESCALE_STARTS = frozenset(
    {
        "ongoing",
        "monthly",
        "quarterly",
        "weekly",
        "fortnightly",
        "annually",
        "annual",
        "yearly",
        "termly",
        "daily",
        "continuous",
        "continual",
        "rolling",
        "regularly",
        "throughout",
        "tbc",
        "tba",
        "tbd",
        "immediate",
        "immediately",
    }
)
_TIMESCALES = frozenset(
    {
        "to be confirmed",
        "to be agreed",
        "as required",
        "as needed",
        "when required",
        "in place",
        "bi monthly",
        "six monthly",
        "twice yearly",
        "n a",
        "na",
    }
)
_REVISED_FROM = re.compile(
    r"(?P<due>.+?)\s*[(\[]\s*(?:revised\s+from|was|originally|original|previously|"
    r"prev(?:iously)?\.?|baseline)\s*:?\s*(?P<baseline>[^)\]]+?)\s*[)\]]",
    re.IGNORECASE,
)
_REVISED_TO = re.compile(
    r"(?P<baseline>.+?)\s*(?:,?\s*revised\s+to|\u2192|->|>)\s*:?\s*(?P<due>.+)", re.IGNORECASE
)
_REVISED = re.compile(r"revised\s*(?:date)?\s*[:\-]?\s*(?P<due>.+)", re.IGNORECASE)
_RANGE = re.compile(r"(?P<start>.+?)\s+(?:[-\u2013\u2014]|to|until)\s+(?P<due>.+)", re.IGNORECASE)


@record
class Due:
    """What a due cell says: the date due, the plan's original date if it names one, a
    timescale that is not a date, and how loosely it was read (None: as written)."""

    due: date | None = None
    baseline: date | None = None
    timescale: str | None = None
    loosely: str | None = None


def is_timescale(text: str) -> bool:
    said = words(text)
    return said in _TIMESCALES or said.split(" ", 1)[0] in _TIMESCALE_STARTS


def read_day(value: object, as_of: date, what: str) -> tuple[date | None, str | None]:
    """A date cell: a real date, or text through the one date parser (raises UsageError),
    with MONTH or QUARTER when it named a period."""
    if value is None:
        return None, None
    if isinstance(value, date):  # a real date cell; a datetime is one too
        day = value.date() if isinstance(value, datetime) else value
        return in_range(day, day.strftime("%d/%m/%Y"), what), None
    if isinstance(value, time | timedelta):
        # Excel keeps no date before 1900: a date cell that held one shows a time of day.
        raise UsageError(
            f"{what}: holds a time ({text_of(value)}), not a date; a date before 1900, "
            "which Excel cannot keep, reads as one; expected a date like 2027-03-31"
        )
    text = _TIME_OF_DAY.sub("", text_of(value).strip())
    if not text:
        return None, None
    return read_date(text, as_of, what=what)


def read_due(value: object, as_of: date, what: str = "due") -> Due:
    """A due cell as people write it; raises UsageError for text that is neither a date
    nor a timescale."""
    if isinstance(value, date | time | timedelta) or value is None:
        return Due(read_day(value, as_of, what)[0])
    text = one_line(text_of(value)).strip()
    if not text:
        return Due()
    return _read_due_text(text, as_of, what)


@functools.lru_cache(maxsize=4096)  # many rows give the same date, or "Ongoing"
def _read_due_text(text: str, as_of: date, what: str) -> Due:
    if is_timescale(text):
        return Due(timescale=text, loosely=f"{text!r} kept as the timescale, with no due date")
    for pattern in (_REVISED_FROM, _REVISED_TO):
        match = pattern.fullmatch(text)
        if match and _is_date(match["due"], as_of) and _is_date(match["baseline"], as_of):
            due, _ = read_day(match["due"], as_of, what)
            baseline, _ = read_day(match["baseline"], as_of, what)
            return Due(due, baseline, loosely=f"{text!r} read as due {due}, baseline {baseline}")
    match = _REVISED.fullmatch(text)
    if match and _is_date(match["due"], as_of):
        due, _ = read_day(match["due"], as_of, what)
        return Due(due, loosely=f"{text!r} read as due {due}")
    match = _RANGE.fullmatch(text)
    if match and _is_date(match["start"], as_of) and _is_date(match["due"], as_of):
        due, period = read_day(match["due"], as_of, what)
        return Due(due, loosely=f"{text!r} read as due {due}, the end of the range")
    due, period = read_day(text, as_of, what)
    if period in (MONTH, QUARTER):
        return Due(due, loosely=f"{text!r} read as {due}, the last day of the {period}")
    return Due(due)


def _is_date(text: str, as_of: date) -> bool:
    try:
        read_day(text, as_of, "date")
    except ImprovetrackError:
        return False
    return True


# --- fill colours --------------------------------------------------------------------------

# How strong a colour must be to mean a RAG: Excel's pale "Good", "Neutral" and "Bad"
# fills (C6EFCE, FFEB9C, FFC7CE) count; white, greys and black do not.
_MIN_SATURATION = 0.12
_MIN_VALUE = 0.35
# Hue bands in degrees, from red round to purple.
_HUES = ((15, "red"), (70, "amber"), (170, "green"), (265, "blue"), (330, None), (360, "red"))


def rag_of_colour(rgb: str) -> str | None:
    """The RAG a fill colour ("FFC000" or "FFFFC000") stands for, or None if it is none."""
    rgb = rgb[-6:]
    try:
        red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < _MIN_SATURATION or value < _MIN_VALUE:
        return None
    degrees = hue * 360
    return next(rag for limit, rag in _HUES if degrees < limit)


# --- writing cells (the Excel export, update packs, a council's template) --------------------

DATE_FORMAT = "dd/mm/yyyy"  # UK day-first, as the plan's readers write dates


def cell_text(value: object) -> str:
    """Text for a cell: nothing hidden in it, and cut to what a cell can hold."""
    text = safe(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "\u2026"


def put_cell(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one cell of an openpyxl sheet: a date as a date, a number as a number, text as
    text that never runs as a formula. Returns the cell, for its style."""
    target = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return target
    if isinstance(value, date):
        target.value = value
        target.number_format = DATE_FORMAT
    elif isinstance(value, int | float):
        target.value = value
    else:
        text = cell_text(value)
        target.value = text
        target.data_type = "s"
        if needs_guard(text):
            target.quotePrefix = True
    return target


def add_choices(sheet: Any, name: str, choices: Sequence[str], cells: str) -> None:
    """A drop-down list of `choices` on `cells` (a range such as "G7:G40"), refusing others."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(
        type="list",
        formula1=f'"{",".join(choices)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=name,
        error=f"Choose one of: {', '.join(choices)}",
    )
    sheet.add_data_validation(validation)
    validation.add(cells)
