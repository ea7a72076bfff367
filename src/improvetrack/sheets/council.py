"""A council's own workbook: every sheet of it, laid out the way the council keeps it.

`layout` understands one sheet laid out for people. A council's tracker asks a little
more: a sheet per theme, the theme's heading above the header row rather than below it,
the words councils use for the owner, the ref and the due date, the lead's RAG as a fill
colour under whatever header ("Current status"), progress by quarter in "Outcome Q1" …
"Outcome Q4" with no year, the sheet's own date in an "Updated:" cell, and a totals row
under the actions. `read_workbook` reads every sheet that holds a plan table and names
the sheets it passed over, and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from improvetrack.errors import ImprovetrackError, SpreadsheetError
from improvetrack.model.dates import EARLIEST, LATEST, parse_date
from improvetrack.model.records import record, replace
from improvetrack.sheets.cells import one_line, rag_of_colour, text_of
from improvetrack.sheets.columns import Columns, normal
from improvetrack.sheets.header import check_mapping, find_header, no_header
from improvetrack.sheets.layout import _THEME, _Reader
from improvetrack.sheets.readers import Progress, Table
from improvetrack.sheets.sheet import Loose, Sheet, SheetArea

# The sheets this tool's own export writes beside its plan table.
OWN_SHEETS = frozenset({"areas and measures", "quarters"})
# Headers of a column of quarterly progress with no year: "Outcome Q1", "Q2 update".
_QUARTER = re.compile(
    r"(?:outcomes?|updates?|progress|commentary)?\s*q(?P<quarter>[1-4])\s*"
    r"(?:outcomes?|updates?|progress|commentary)?",
    re.IGNORECASE,
)
# The cell before a sheet's own date: "Updated:", "As at", "Last updated".
_DATED = re.compile(r"(?:last\s+)?updated(?:\s+on)?|as\s+at|position\s+at", re.IGNORECASE)
_TOTALS = re.compile(r"(?:grand\s+)?totals?\b.*|(?:number|count)\s+of\s+actions\b.*", re.I)
# The words councils use for a column, beyond the field table's own names.
_COUNCIL_WORDS = {
    "owner": ("Who (lead)", "Who leads", "Lead person", "Lead officer(s)"),
    "ref": ("NOS ref", "No.", "Action no.", "Item"),
    "due": ("Target date", "By when", "When", "Completion date (target)"),
}
_WORDS = {normal(name): field for field, names in _COUNCIL_WORDS.items() for name in names}
# Rows below the header looked at for a column of RAG fills.
_FILL_ROWS = 200


@record
class Placed:
    """Where a sheet's plan table is: what the template export writes into."""

    table: Table
    header: int  # the header row's index (0-based)
    columns: Columns  # as read: fields, and progress columns with their days
    quarters: dict[int, int]  # column (0-based) -> quarter 1..4, of columns with no year
    year: int | None  # the financial year those quarters were read as
    on: date  # the sheet's own date, else the as-of date


def read_workbook(
    tables: Iterable[Table],
    as_of: date,
    mapping: Mapping[str, str] | None = None,
    *,
    only: Sequence[str] = (),
    progress: Progress | None = None,
    one_area: bool = False,
) -> list[Sheet]:
    """Every table that holds a plan, laid out; the first sheet's notes name the sheets
    passed over and why. Raises SpreadsheetError when none holds one. With `one_area`
    (`import --area KEY`) a row under no area is kept: the import gives it the one."""
    found = read_placed(tables, as_of, mapping, only=only, progress=progress, one_area=one_area)
    return [sheet for sheet, _ in found]


def read_placed(
    tables: Iterable[Table],
    as_of: date,
    mapping: Mapping[str, str] | None = None,
    *,
    only: Sequence[str] = (),
    progress: Progress | None = None,
    one_area: bool = False,
) -> list[tuple[Sheet, Placed]]:
    """`read_workbook`, with where each sheet's table is."""
    mapping = mapping or {}
    read: list[tuple[Sheet, Placed]] = []
    passed: list[str] = []
    seen: list[Table] = []
    names: list[str] = []
    for table in tables:
        seen.append(table)
        name = table.sheet
        names.append(name or "")
        if name is not None and only and name not in only:
            continue
        if name is not None and not only:
            if table.hidden:
                passed.append(f"sheet {name!r} skipped: hidden")
                continue
            if name.casefold() in OWN_SHEETS:
                passed.append(f"sheet {name!r} skipped: the tool's own {name!r} sheet")
                continue
        laid_out = _lay_out_one(table, as_of, mapping, progress, one_area)
        if laid_out is None:
            passed.append(
                f"sheet {name!r} skipped: no header row it recognises (if it holds actions, "
                "name its columns with --map HEADER=FIELD)"
            )
            continue
        read.append(laid_out)
    missing = [name for name in only if name not in names]
    if missing:
        source = seen[0].source if seen else "the workbook"
        raise SpreadsheetError(
            f"--sheet {missing[0]}: {source} has no such sheet; its sheets are {', '.join(names)}"
        )
    if not read:
        raise no_header(seen, mapping)
    if len(read) > 1 or passed:
        shown = ", ".join(repr(sheet.worksheet) for sheet, _ in read)
        read[0][0].notes[:0] = [f"sheets read: {shown}", *passed]
    return read


def _lay_out_one(
    table: Table,
    as_of: date,
    mapping: Mapping[str, str],
    progress: Progress | None,
    one_area: bool = False,
) -> tuple[Sheet, Placed] | None:
    found = find_header(table, mapping, as_of)
    if found is None:
        found = _council_header(table, mapping, as_of)
        if found is None:
            return None
    index, columns = found
    header = [text_of(cell) for cell in table.rows[index]]
    check_mapping(header, index, table.source, mapping)
    if "title" not in columns.fields:
        raise no_header([table], mapping)
    dated = sheet_date(table.rows[:index])
    on = dated or as_of
    columns = _council_columns(header, columns, mapping)
    rag = _fill_column(table, index, columns)
    columns, year, quarters = _quarters(table, index, columns, on)
    reader = _CouncilReader(table, index, columns, as_of, progress)
    reader.one_area = one_area
    if rag is not None:
        reader.sheet.loose.append(
            Loose(index + 1, "rag", f"{header[rag].strip()!r}: its fill colours read as the RAG")
        )
    sheet = reader.read()
    if year is not None:
        sheet.notes.append(f"quarters read as financial year {year}/{(year + 1) % 100:02d}")
    if on != as_of:
        sheet.notes.append(f"the sheet's own date: {on.isoformat()}")
    _completions(sheet, on)
    sheet.dated = dated
    return sheet, Placed(table, index, columns, quarters, year, on)


def _council_header(
    table: Table, mapping: Mapping[str, str], as_of: date
) -> tuple[int, Columns] | None:
    """A header `find_header` missed only for want of the council's words."""
    extra = dict(mapping)
    for cells in table.rows[:20]:
        for cell in cells:
            text = text_of(cell).strip()
            if text and normal(text) in _WORDS:
                extra.setdefault(text, _WORDS[normal(text)])
    if len(extra) == len(mapping):
        return None
    return find_header(table, extra, as_of)


def _council_columns(
    header: Sequence[str], columns: Columns, mapping: Mapping[str, str]
) -> Columns:
    """The council's words for owner, ref and due, for fields no column holds yet."""
    fields = dict(columns.fields)
    ignored = list(columns.ignored)
    mapped = {normal(name) for name in mapping}
    for index in list(ignored):
        name = normal(header[index]) if index < len(header) else ""
        field = _WORDS.get(name)
        if field is None or name in mapped:
            continue
        if field == "due" and "due" not in fields and "timescale" in fields:
            fields["timescale"] = fields.pop("due", fields["timescale"])
        if field not in fields:
            fields[field] = index
            ignored.remove(index)
    return Columns(fields, ignored, list(columns.updates))


def _fill_column(table: Table, index: int, columns: Columns) -> int | None:
    """A column whose cells carry RAG fills is the lead's RAG, whatever its header, when
    no column is the lead's RAG by its header; it is then no longer the status column."""
    if "rag" in columns.fields:
        return None
    width = len(table.rows[index])
    counts = [0] * width
    for row in range(index + 1, min(len(table.rows), index + 1 + _FILL_ROWS)):
        for column in range(width):
            rgb = table.fill(row, column)
            if rgb and rag_of_colour(rgb):
                counts[column] += 1
    title = columns.fields.get("title")
    best = max(range(width), key=lambda column: counts[column], default=None)
    if best is None or counts[best] < 2 or best == title:
        return None
    for name, column in list(columns.fields.items()):
        if column == best:
            del columns.fields[name]
    if best in columns.ignored:
        columns.ignored.remove(best)
    columns.fields["rag"] = best
    return best


def sheet_date(rows: Sequence[Sequence[Any]]) -> date | None:
    """The sheet's own date, from a cell after "Updated:" or "as at" above the header, or
    one that says both ("Updated 14/11/2026")."""
    found = dated_cell(rows)
    return found[2] if found else None


def dated_cell(rows: Sequence[Sequence[Any]]) -> tuple[int, int, date] | None:
    """Where the sheet's own date is (row and column from 0: the cell that holds it), and
    the date."""
    for number, cells in enumerate(rows):
        for column, cell in enumerate(cells):
            text = one_line(text_of(cell)).rstrip(":").strip()
            match = _DATED.match(text)
            if match is None:
                continue
            rest = text[match.end() :].strip(" :")
            candidates: list[tuple[int, Any]] = [(column, rest)] if rest else []
            candidates += [
                (at, value)
                for at, value in enumerate(cells[column + 1 :], column + 1)
                if value not in (None, "")
            ][:1]
            for at, value in candidates:
                if isinstance(value, datetime):
                    value = value.date()
                if not isinstance(value, date):
                    try:
                        value = parse_date(str(value).strip(), date.today())
                    except ImprovetrackError:
                        continue
                if EARLIEST <= value <= LATEST:  # else a typing slip, not the sheet's date
                    return number, at, value
    return None


def quarter_begins(quarter: int, year: int) -> date:
    """The first day of quarter 1..4 of the financial year that starts in April `year`."""
    return date(year + (quarter == 4), 3 * quarter + 1 if quarter < 4 else 1, 1)


def quarter_ends(quarter: int, year: int) -> date:
    following = quarter_begins(quarter + 1, year) if quarter < 4 else date(year + 1, 4, 1)
    return date.fromordinal(following.toordinal() - 1)


def financial_year(quarters: Iterable[int], on: date) -> int:
    """The latest financial year in which every quarter given had begun by `on`."""
    latest = max(quarters, default=1)
    year = on.year
    while quarter_begins(latest, year) > on:
        year -= 1
    return year


def _quarters(
    table: Table, index: int, columns: Columns, on: date
) -> tuple[Columns, int | None, dict[int, int]]:
    """Quarter columns with no year, dated at the end of their quarter of one financial
    year for the sheet (a quarter not ended by the sheet's date: on that date)."""
    header = [text_of(cell).strip() for cell in table.rows[index]]
    dated = dict(columns.updates)
    found: dict[int, int] = {}
    for column in [*columns.ignored, *(c for c, day in columns.updates if day is None)]:
        match = _QUARTER.fullmatch(header[column]) if column < len(header) else None
        if match:
            found[column] = int(match["quarter"])
    if not found:
        return columns, None, {}
    written = {
        quarter
        for column, quarter in found.items()
        if any(_own_text(table, row, column) for row in range(index + 1, len(table.rows)))
    }
    year = financial_year(written, on)
    for column, quarter in found.items():
        dated[column] = min(quarter_ends(quarter, year), on)
    ignored = [column for column in columns.ignored if column not in found]
    updates = sorted(dated.items())
    return Columns(dict(columns.fields), ignored, updates), year, found


def _own_text(table: Table, row: int, column: int) -> bool:
    """Whether a cell has text of its own: not a note merged across the row into it."""
    cells = table.rows[row]
    if column >= len(cells) or not text_of(cells[column]).strip():
        return False
    merged = table.spans.get(row, 1) >= 2 and column > 0
    return not (merged and text_of(cells[column - 1]) == text_of(cells[column]))


def _completions(sheet: Sheet, on: date) -> None:
    """A completed row with no completion date: the earlier of its due date and the
    sheet's date. A sheet with a completion column says so itself, even when it is empty."""
    if "completed" in sheet.fields:
        return
    dated: list[int] = []
    for position, row in enumerate(sheet.rows):
        if row.status == "done" and row.completed is None:
            day = min(row.due, on) if row.due else on
            sheet.rows[position] = replace(row, completed=day)
            dated.append(row.number)
    if dated:
        sheet.notes.append(
            f"{len(dated)} completed action{'s' if len(dated) != 1 else ''} with no completion "
            "date: dated the earlier of its due date and the sheet's date (correct one with "
            "`improvetrack update ID --completed DATE`)"
        )


class _CouncilReader(_Reader):
    """The layout's reader, with a theme heading above the header and totals rows."""

    one_area = False  # rows under no area are kept, for the one area the import names

    def _row_area(self, number: int, cells: Sequence[Any]) -> SheetArea | None:
        area = super()._row_area(number, cells)
        if area is None and self.one_area:
            area = self._area(number, "(the area named by --area)", None)
        return area

    def _above(self, rows: Sequence[Sequence[Any]]) -> None:
        super()._above(rows)
        heading = None
        for number, text in self.sheet.titles:
            match = _THEME.fullmatch(text)
            spans = self.table.spans.get(number - 1, 1) >= 2
            if match or (spans and number > 1 and number == self._last_above(rows)):
                heading = (number, match["name"].strip() if match else text)
        if heading is not None:
            self.sheet.titles.remove(next(t for t in self.sheet.titles if t[0] == heading[0]))
            self._new_theme(*heading)
        elif self.table.sheet is not None:
            self.theme = self.table.sheet  # an area per sheet, named after it

    @staticmethod
    def _last_above(rows: Sequence[Sequence[Any]]) -> int:
        filled = [i for i, cells in enumerate(rows) if any(text_of(c).strip() for c in cells)]
        return filled[-1] + 1 if filled else 0

    def _row(self, index: int, cells: Sequence[Any]) -> None:
        texts = [one_line(self.text(cell)) for cell in cells if cell not in (None, "")]
        texts = [text for text in texts if text]
        if texts and _TOTALS.fullmatch(texts[0]):
            self._skip(index + 1, "a totals row")
            return
        super()._row(index, cells)
