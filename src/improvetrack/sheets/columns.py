"""The column vocabulary: the names councils give their columns, and which field each is.

Matching ignores case, spaces and punctuation. A field's more specific names come first:
when a sheet has two columns for one field ("Reported RAG" and "RAG"), the earlier name
wins and the other column is reported as ignored. A column whose header speaks of an
update, progress, commentary or position holds progress updates, dated from the header
when it names a quarter or a date ("Update Q2 2025/26").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from improvetrack.errors import ImprovetrackError, UsageError
from improvetrack.model import fields as table
from improvetrack.model.dates import parse_date
from improvetrack.model.records import record

# The names of the sheet's columns for the area's fields and the row's own; an action's
# field's are in its table (`table.ACTION_FIELDS`).
_SHEET_ONLY: dict[str, tuple[str, ...]] = {
    "id": ("ID", "Action ID"),
    "area_ref": ("Area ref", "Recommendation ref", "Recommendation number", "Rec no", "Rec ref"),
    "area_title": ("Area title", "Area name"),
    "theme": ("Theme", "Themes", "Theme title", "Workstream", "Strategic priority", "Priority"),
    "sponsor": (
        "Sponsor",
        "SRO",
        "Senior responsible officer",
        "Accountable director",
        "Accountable officer",
        "Executive sponsor",
    ),
    "reason": (
        "Reason",
        "Blocked reason",
        "Reason blocked",
        "Dropped reason",
        "Reason dropped",
        "Blocker",
    ),
    # The day the progress updates of a row without a date in its header were written.
    "update_on": (
        "Latest update on",
        "Update date",
        "Date of update",
        "Date updated",
        "Updated on",
        "Last updated",
        "Updated",
    ),
}
# Not a column of its own: every column that holds progress updates is one of these.
PROGRESS = "progress"

# The columns `export` writes, as (header, field it reads back as). "RAG" and "Overdue"
# are worked out as of the export's date and read back as nothing.
_WORKED_OUT = {"rag_now": "RAG", "overdue": "Overdue", PROGRESS: "Latest update"}


@table.derived
def export_columns() -> tuple[tuple[str, str | None], ...]:
    return tuple(
        (_WORKED_OUT[name], name if name == PROGRESS else None)
        if name in _WORKED_OUT
        else (_headers()[name][0], name)
        for name in table.export_fields()
    )


@table.derived
def _headers() -> dict[str, tuple[str, ...]]:
    return {
        name: _SHEET_ONLY.get(name) or table.by_name()[name].headers
        for name in table.sheet_fields()
    }


@table.derived
def export_header() -> tuple[str, ...]:
    return tuple(header for header, _ in export_columns())


HEADERS = _headers()
FIELDS = (*HEADERS, PROGRESS)
EXPORT_COLUMNS = export_columns()
EXPORT_HEADER = export_header()

# The header is the first row, among the first rows, that names this many known columns.
HEADER_SEARCH_ROWS = 20
HEADER_MATCHES = 3


def normal(header: str) -> str:
    return "".join(char for char in header.casefold() if char.isalnum())


_ALIASES: dict[str, tuple[str, int]] = {
    normal(name): (field, rank)
    for field, names in HEADERS.items()
    for rank, name in enumerate(names)
}
_PROGRESS_WORDS = re.compile(r"update|progress|commentary|position", re.IGNORECASE)
# A header is a few words: a sentence that mentions an update is a title, not a column.
_PROGRESS_HEADER = 40
_REVISED = "revised"


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """`--map HEADER=field` options as {header: field}, each field checked."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, name = pair.partition("=")
        if not sep or not header.strip() or not name.strip():
            raise UsageError(f"--map {pair!r}: expected HEADER=field, like 'Lead officer=owner'")
        wanted = name.strip().lower().replace("-", "_").replace(" ", "_")
        if wanted not in FIELDS:
            raise UsageError(
                f"--map {pair!r}: unknown field {name.strip()!r}; "
                f"expected one of {', '.join(FIELDS)}"
            )
        mapping[header.strip()] = wanted
    return mapping


@record
class Columns:
    """Which column holds each field (0-based), which hold progress updates (with the day
    their header names, if it names one), and the headers read as nothing."""

    fields: dict[str, int]
    ignored: list[int]
    updates: list[tuple[int, date | None]]

    @property
    def known(self) -> int:
        """How many columns it recognised: a header row names several."""
        return len(self.fields) + len(self.updates)


def match_columns(
    header: Sequence[str], mapping: Mapping[str, str] | None = None, as_of: date | None = None
) -> Columns:
    """Read a header row: recognised names, overridden by --map, the rest reported."""
    mapped = {normal(name): field for name, field in (mapping or {}).items()}
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
    losers: dict[int, str] = {}  # a column that lost its field to another
    ignored: list[int] = []
    updates: list[tuple[int, date | None]] = []
    for index, text in enumerate(header):
        name = normal(text)
        if not name:
            continue
        if name in mapped:
            field, rank = mapped[name], -1
        elif name in _ALIASES:
            field, rank = _ALIASES[name]
        elif len(name) <= _PROGRESS_HEADER and _PROGRESS_WORDS.search(text):
            field, rank = PROGRESS, 0
        else:
            ignored.append(index)
            continue
        if field == PROGRESS:
            updates.append((index, header_date(text, as_of)))
            continue
        held = best.get(field)
        if held is None or rank < held[0]:
            if held is not None:
                losers[held[1]] = field
            best[field] = (rank, index)
        else:
            losers[index] = field
    fields = {field: index for field, (_, index) in best.items()}
    for known in table.ACTION_FIELDS:
        if known.stands_for and known.stands_for not in fields and known.name in fields:
            fields[known.stands_for] = fields.pop(known.name)
    due = fields.get("due")
    if (
        due is not None
        and normal(header[due]).startswith(_REVISED)
        and "baseline_due" not in fields
    ):
        # "Target date" beside "Revised target date": the target was the plan's promise.
        original = next((column for column, field in losers.items() if field == "due"), None)
        if original is not None:
            fields["baseline_due"] = original
            del losers[original]
    return Columns(fields, sorted([*ignored, *losers]), updates)


# A quarter or a date inside a header: "Update Q2 2025/26", "Position at 30/09/2025".
_HEADER_WORDS = re.compile(r"[^\s()\[\],:;]+")


def header_date(text: str, as_of: date | None) -> date | None:
    """The day a header names ("Q2 2025/26 update" is 30 September 2025), if it names one:
    the longest run of its words that the date parser reads, relative forms aside."""
    words = _HEADER_WORDS.findall(text)
    today = as_of or date.today()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            candidate = " ".join(words[start : start + size])
            if candidate[0] in "+-" or not any(char.isdigit() for char in candidate):
                continue
            try:
                return parse_date(candidate, today)
            except ImprovetrackError:
                continue
    return None


def column_letter(index: int) -> str:
    """A 0-based column index as a spreadsheet names it: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
