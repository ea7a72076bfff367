"""The plan written into a copy of the council's own workbook: `export --template FILE`.

The sheet the board knows stays the sheet the board gets. The template is read the way an
import reads it (`council.read_placed`: its sheets, header rows, the council's words, the
RAG fill column, the quarter columns and their financial year, the "Updated" cell), and
then loaded whole so that what it holds beyond values (title rows, hidden columns,
widths, fills, number formats, merged headings, formulas) is kept as it is. Into it go
the values of today:

- each action on the row that holds it, found by its ref (or ID), else by its title
  within the sheet; a row that names no action of the register is left as it was;
- a new action in the empty rows under the last action of its area's sheet, or in rows
  made there, above a totals row whose ranges are stretched to cover them;
- due, owner, title and ref; the lead's RAG as the cell's fill and word (a done action is
  BLUE, complete, as councils colour it, where no status column says it is done, or
  where the lead gave none); a status column's status; each
  quarter's latest progress update in its quarter's column, of the financial year the
  import reads the template's columns as (the as-of date's year where they are empty);
- the as-of date in each sheet's "Updated" cell, in the form the cell has.

A template is a file someone was sent: it goes through the import's limits before openpyxl
sees it. What openpyxl cannot write back (images, charts, shapes, macros, conditional
formats and drop-downs of Excel 2010's own kinds) is named. Rows made for new actions
move what points at the rows below with them (`insertion`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

from improvetrack.errors import SpreadsheetError
from improvetrack.figures.progress import ActionStatus, Status
from improvetrack.model import fields
from improvetrack.model.dates import long_date
from improvetrack.model.records import record
from improvetrack.model.register import Action
from improvetrack.model.text import safe
from improvetrack.sheets.cells import DATE_FORMAT, MAX_CELL, needs_guard, rag_of_colour, text_of
from improvetrack.sheets.council import (
    Placed,
    dated_cell,
    financial_year,
    quarter_begins,
    quarter_ends,
    read_placed,
)
from improvetrack.sheets.insertion import insert_rows, stretch
from improvetrack.sheets.readers import DAMAGE, Progress, no_progress, read_tables
from improvetrack.sheets.sheet import Sheet

# Excel's standard colours, for a RAG the template shows no fill of its own for.
_STANDARD = {"blue": "0070C0", "green": "00B050", "amber": "FFC000", "red": "FF0000"}
# What a workbook may hold that openpyxl does not write back, by where the zip keeps it.
_PARTS = (
    ("xl/media/", "images"),
    ("xl/charts/", "charts"),
    ("xl/drawings/", "drawings and shapes"),
    ("xl/vbaProject.bin", "macros"),
    ("xl/pivotTables/", "pivot tables"),
    ("xl/slicers/", "slicers"),
    ("xl/externalLinks/", "links to other workbooks"),
)
# What openpyxl says when it drops a part of a sheet Excel 2010 and later added, and what
# a council sees of it.
_EXTENSION = re.compile(r"(?P<kind>[A-Za-z ]+) extension is not supported and will be removed")
_EXTENSIONS = {
    "conditional formatting": "conditional formats of Excel 2010 and later (data bars, "
    "icon sets and rules that look at another sheet)",
    "data validation": "drop-down lists of Excel 2010 and later (lists kept on another sheet)",
}
_NAMES_QUARTER = re.compile(r"\bq[1-4]\b", re.IGNORECASE)
_DAY_TEXT = (
    (re.compile(r"\b\d{1,2}([/.-])\d{1,2}\1\d{2,4}\b"), "slashed"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "iso"),
    (re.compile(r"\b\d{1,2} [A-Za-z]+ \d{4}\b"), "long"),
)


# The fields written as they are into the council's columns (the RAG and the quarters
# have their own ways); the due column gets a timescale where there is no column for it.
_WRITTEN = ("id", "ref", "title", "owner", "measure", "status", "completed", "timescale")


@record
class Filled:
    """The template with the plan in it, and what a person should hear about it."""

    data: bytes
    matched: int  # actions written on rows the template had for them
    added: int  # actions written on rows under their sheet's last action
    sheets: list[str]
    warnings: list[str]


def fill_template(path: Path, status: Status, progress: Progress | None = None) -> Filled:
    """The workbook at `path` with the plan of `status` written into a copy of it."""
    progress = progress or no_progress
    tables = list(read_tables(path, None, progress))  # every limit an import has
    if any(table.sheet is None for table in tables):
        raise SpreadsheetError(
            f"--template {path}: a CSV file has no layout to keep; give the council's "
            "Excel workbook (.xlsx)"
        )
    placed = read_placed(tables, status.as_of, progress=progress)
    warnings: list[str] = []
    book = _load(path, warnings)
    rows = _match(placed, status.actions)
    homes = _homes(placed, rows, status)
    added = 0
    for index, (sheet, place) in enumerate(placed):
        worksheet = book[sheet.worksheet]
        writer = _Writer(worksheet, place, status.as_of)
        for number, item in rows[index].items():
            writer.write(number, item)
        new = [item for item in status.actions if homes.get(item.action.id) == index]
        if new:
            writer.add(sheet, new)
            added += len(new)
        writer.date_it()
    unmatched = [
        f"sheet {sheet.worksheet!r} row {row.number} names no action of the register "
        f"({row.ref or row.title!r}): left as it was"
        for index, (sheet, _) in enumerate(placed)
        for row in sheet.rows
        if row.number not in rows[index]
    ]
    book.template = False  # a template (.xltx) is saved as a workbook
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    warnings += _unkept(path, data)
    matched = sum(len(found) for found in rows)
    names = [str(sheet.worksheet) for sheet, _ in placed]
    return Filled(data, matched, added, names, [*warnings, *unmatched])


def _load(path: Path, warnings: list[str]) -> Any:
    """The whole workbook, formulas as formulas; what openpyxl says it drops, said."""
    import warnings as python_warnings
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    with python_warnings.catch_warnings(record=True) as said:
        python_warnings.simplefilter("always")
        try:
            # keep_links=False: a link to another workbook is never followed.
            book = load_workbook(path, keep_links=False, rich_text=False)
        except (*DAMAGE, InvalidFileException, ParseError) as exc:
            raise SpreadsheetError(
                f"{path}: not a readable Excel workbook ({type(exc).__name__}); open it in "
                "Excel and save it again"
            ) from None
    for warning in said:
        text = str(warning.message).strip().rstrip(".")
        line = f"{path.name}: {text[:160]}"
        if (dropped := _EXTENSION.fullmatch(text)) is not None:
            kind = dropped["kind"].casefold()
            line = (
                f"{path.name}: its {_EXTENSIONS.get(kind, kind + ' of Excel 2010 and later')} "
                "are not in the copy: openpyxl, which writes it, cannot keep them; add them "
                "again in Excel"
            )
        if line not in warnings:
            warnings.append(line)
    return book


def _unkept(path: Path, written: bytes) -> list[str]:
    """What the template holds that the copy does not, by kind."""

    def kinds(names: Iterable[str]) -> Counter[str]:
        found: Counter[str] = Counter()
        for name in names:
            for prefix, kind in _PARTS:
                if name.startswith(prefix):
                    found[kind] += 1
        return found

    with zipfile.ZipFile(path) as archive:
        before = kinds(archive.namelist())
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        after = kinds(archive.namelist())
    lost = list(dict.fromkeys(kind for _, kind in _PARTS if before[kind] > after[kind]))
    if not lost:
        return []
    return [
        f"{path.name}: its {', '.join(lost)} are not in the copy: openpyxl, which writes "
        "it, cannot keep them; add them again in Excel"
    ]


# --- which row is whose --------------------------------------------------------------------


def _match(
    placed: Sequence[tuple[Sheet, Placed]], items: Sequence[ActionStatus]
) -> list[dict[int, ActionStatus]]:
    """For each sheet, its rows (1-based numbers) by the action each holds: by ref or ID
    first, then by title within the sheet; one row an action."""
    by_ref: dict[str, ActionStatus] = {}
    by_title: dict[str, list[ActionStatus]] = {}
    for item in items:
        for name in (item.action.ref, item.action.id):
            if name:
                by_ref.setdefault(name.strip().casefold(), item)
        by_title.setdefault(_folded(item.action.title), []).append(item)
    used: set[str] = set()
    found: list[dict[int, ActionStatus]] = [{} for _ in placed]
    for index, (sheet, _) in enumerate(placed):
        for row in sheet.rows:
            for name in (row.ref, row.id):
                held = by_ref.get(name.strip().casefold()) if name else None
                if held is not None and held.action.id not in used:
                    found[index][row.number] = held
                    used.add(held.action.id)
                    break
    for index, (sheet, _) in enumerate(placed):
        for row in sheet.rows:
            if row.number in found[index]:
                continue
            for item in by_title.get(_folded(row.title), ()):
                if item.action.id not in used:
                    found[index][row.number] = item
                    used.add(item.action.id)
                    break
    return found


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _homes(
    placed: Sequence[tuple[Sheet, Placed]],
    rows: Sequence[dict[int, ActionStatus]],
    status: Status,
) -> dict[str, int]:
    """The sheet each action with no row goes on: where most of its area's actions are,
    else the sheet whose theme or name is its area's title, else the first."""
    placed_ids = {item.action.id for found in rows for item in found.values()}
    areas: dict[str, Counter[int]] = {}
    for index, found in enumerate(rows):
        for item in found.values():
            areas.setdefault(item.action.area, Counter())[index] += 1
    titles: dict[str, int] = {}
    for index, (sheet, _) in enumerate(placed):
        for named in sheet.areas:
            titles.setdefault(_folded(named.title or named.text), index)
        titles.setdefault(_folded(str(sheet.worksheet)), index)
    titled = {item.area.key: _folded(item.area.title) for item in status.areas}
    homes: dict[str, int] = {}
    for item in status.actions:
        action = item.action
        if action.id in placed_ids:
            continue
        counts = areas.get(action.area)
        if counts:
            homes[action.id] = counts.most_common(1)[0][0]
        else:
            homes[action.id] = titles.get(titled.get(action.area, ""), 0)
    return homes


# --- writing -------------------------------------------------------------------------------


class _Writer:
    """Today's values into one worksheet, in the template's own columns and forms."""

    def __init__(self, worksheet: Any, place: Placed, as_of: date) -> None:
        self.sheet = worksheet
        self.place = place
        self.as_of = as_of
        self.at = dict(place.columns.fields)
        self.year = self._year()
        self.quarters = self._quarter_columns()
        self.colours = self._colours()

    def _year(self) -> int:
        """The financial year the quarter columns are of: as the import reads them, or the
        as-of date's where none has text."""
        table, header = self.place.table, self.place.header
        written = any(
            column < len(cells) and text_of(cells[column]).strip()
            for cells in table.rows[header + 1 :]
            for column in self.place.quarters
        )
        if written and self.place.year is not None:
            return self.place.year
        return financial_year((1,), self.as_of)

    def _colours(self) -> dict[str, str]:
        """The fill the template gives each RAG in its RAG column, else Excel's own."""
        colours = dict(_STANDARD)
        column = self.at.get("rag")
        if column is None:
            return colours
        seen: set[str] = set()
        for row in range(self.place.header + 1, len(self.place.table.rows)):
            rgb = self.place.table.fill(row, column)
            rag = rag_of_colour(rgb) if rgb else None
            if rgb and rag and rag not in seen:
                colours[rag] = rgb[-6:].upper()
                seen.add(rag)
        return colours

    def write(self, number: int, item: ActionStatus) -> None:
        """One action's values on its row (1-based)."""
        action = item.action
        values: dict[str, Any] = {name: fields.value(action, name) for name in _WRITTEN}
        # A council with no column for them keeps its timescales in the due column.
        instead = [name for name in fields.in_place_of("due") if name not in self.at]
        values["due"] = action.due or next((v for n in instead if (v := values[n])), None)
        for name, value in values.items():
            if name in self.at:
                self._put(number, self.at[name], value)
        if "rag" in self.at:
            self._rag(number, self.at["rag"], action)
        for column, (quarter, year) in self.quarters.items():
            self._put(number, column, self._update(action, quarter, year))

    def _quarter_columns(self) -> dict[int, tuple[int, int]]:
        """Each quarter's column: (quarter, financial year). With no year in its header
        ("Outcome Q1"), of the sheet's year; with one ("Update Q2 2026/27"), of its own."""
        found = {column: (quarter, self.year) for column, quarter in self.place.quarters.items()}
        header = self.place.table.rows[self.place.header]
        for column, day in self.place.columns.updates:
            said = text_of(header[column]) if column < len(header) else ""
            if day is None or column in found or not _NAMES_QUARTER.search(said):
                continue
            year = day.year if day.month >= 4 else day.year - 1
            found[column] = ((day.month - 4) % 12 // 3 + 1, year)
        return found

    def _update(self, action: Action, quarter: int, year: int) -> str | None:
        """The latest progress update written in the quarter of that financial year."""
        first, last = quarter_begins(quarter, year), quarter_ends(quarter, year)
        within = [
            (entry.written_on, entry.at, index, entry.text)
            for index, entry in enumerate(action.progress_updates)
            if first <= entry.written_on <= last
        ]
        return max(within)[3] if within else None

    def _rag(self, number: int, column: int, action: Action) -> None:
        from openpyxl.styles import PatternFill

        # Blue is complete: where no status column says an action is done, its RAG does.
        done = action.status == "done"
        rag = "blue" if done and "status" not in self.at else action.rag
        rag = rag or ("blue" if done else None)
        target = self.sheet.cell(row=number, column=column + 1)
        if _merged(target):
            return
        if rag is None:
            target.value = None
            target.fill = PatternFill(fill_type=None)
            return
        target.value = rag.upper()
        target.data_type = "s"
        target.fill = PatternFill("solid", fgColor="FF" + self.colours[rag])

    def _put(self, number: int, column: int, value: Any) -> None:
        """One cell: a date as a date in the cell's own number format (day first where it
        has none), text as text that never runs as a formula."""
        target = self.sheet.cell(row=number, column=column + 1)
        if _merged(target):
            return
        if value is None or value == "":
            target.value = None
            return
        if isinstance(value, date):
            had = target.number_format  # before openpyxl gives the cell a date format of its own
            target.value = datetime(value.year, value.month, value.day)
            target.number_format = DATE_FORMAT if had in ("General", "@") else had
            return
        text = safe(str(value))
        text = text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "\u2026"
        target.value = text
        target.data_type = "s"
        target.quotePrefix = needs_guard(text)

    # --- new rows --------------------------------------------------------------------------

    def add(self, sheet: Sheet, items: Sequence[ActionStatus]) -> None:
        """New actions in the empty rows under the sheet's last action, or in rows made
        there; ranges that ended at the last action are stretched over them."""
        last = max((row.number for row in sheet.rows), default=self.place.header + 1)
        width = max(self.sheet.max_column, 1)
        empty = 0
        below = self.sheet.max_row
        for number in range(last + 1, below + 1):
            if any(self.sheet.cell(row=number, column=c).value not in (None, "")
                   for c in range(1, width + 1)):  # fmt: skip
                break
            empty += 1
        # Where something follows (a totals row, a key), one empty row stays between.
        follows = last + empty < below
        free = max(empty - 1, 0) if follows else len(items)
        if free < len(items):
            insert_rows(self.sheet, last + 1, len(items))
        stretch(self.sheet, last, last + len(items), last + 1)
        for offset, item in enumerate(items, 1):
            number = last + offset
            self._copy_style(last, number, width)
            self.write(number, item)

    def _copy_style(self, source: int, target: int, width: int) -> None:
        for column in range(1, width + 1):
            model = self.sheet.cell(row=source, column=column)
            cell = self.sheet.cell(row=target, column=column)
            if model.has_style and not _merged(cell):
                cell._style = copy(model._style)
        height = self.sheet.row_dimensions[source].height
        if height is not None:
            self.sheet.row_dimensions[target].height = height

    def date_it(self) -> None:
        """The as-of date in the sheet's "Updated" cell, in the form the cell has."""
        found = dated_cell(self.place.table.rows[: self.place.header])
        if found is None:
            return
        row, column, _ = found
        target = self.sheet.cell(row=row + 1, column=column + 1)
        if _merged(target):
            return
        value = target.value
        day = self.as_of
        if isinstance(value, datetime | date):
            target.value = datetime(day.year, day.month, day.day)
            return
        target.value = _dated_text(str(value), day)


def _dated_text(text: str, day: date) -> str:
    """Text that holds a date ("Updated 14/11/2026"), with `day` in the date's place."""
    for pattern, form in _DAY_TEXT:
        match = pattern.search(text)
        if match is None:
            continue
        if form == "slashed":
            mark = match.group(1)
            year = f"{day.year:04d}" if len(match.group(0).split(mark)[-1]) == 4 else (
                f"{day.year % 100:02d}"
            )  # fmt: skip
            shown = f"{day.day:02d}{mark}{day.month:02d}{mark}{year}"
        elif form == "iso":
            shown = day.isoformat()
        else:
            shown = long_date(day)
        return text[: match.start()] + shown + text[match.end() :]
    return f"{text} {day.strftime('%d/%m/%Y')}".strip()


def _merged(cell: Any) -> bool:
    from openpyxl.cell.cell import MergedCell

    return isinstance(cell, MergedCell)
