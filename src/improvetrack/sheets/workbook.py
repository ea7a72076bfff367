"""The register as an Excel workbook, for `export --format xlsx`: a board officer's sheet.

The "Actions" sheet has the CSV export's columns, so it imports back the same way, laid
out to be read: the plan's title and "As at" its date in the first rows (the import reads
them as title rows and the sheet's own date), a frozen header row (and ID column), a
filter on every column, widths that fit, long text wrapped, RAG cells filled in their
colour with the word in them, drop-downs for Status and the reported RAG, and dates as
real dates; it prints on A4 landscape, fitted to the page's width, the header row on
every page. A second sheet lists the areas and their measures.

Text from the register is data. openpyxl stores any text that starts with "=" as a
formula, so every text cell is set to be a string, and one that a spreadsheet would run
as a formula also carries Excel's quote prefix (shown as a leading '), so that editing
the cell in Excel does not turn it into one either.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from improvetrack.figures.progress import Status
from improvetrack.figures.quarters import QuarterRows, quarter_rows
from improvetrack.model.register import RAGS, STATUSES
from improvetrack.sheets.cells import add_choices, cell_text, put_cell
from improvetrack.sheets.columns import export_header
from improvetrack.sheets.rows import Value, action_rows

if TYPE_CHECKING:
    from improvetrack.render.options import Options

ACTIONS = "Actions"
AREAS = "Areas and measures"
QUARTERS = "Quarters"
# Fill and text colour of each RAG: Excel's own standard colours.
RAG_COLOURS = {
    "BLUE": ("0070C0", "FFFFFF"),
    "GREEN": ("00B050", "000000"),
    "AMBER": ("FFC000", "000000"),
    "RED": ("C00000", "FFFFFF"),
}
HEADER_FILL = "D9E1F2"
HEADER_ROW = 4  # of the Actions sheet: under the plan's title, its "As at" date and a gap
# Columns of long text: wrapped, and given room.
_WIDE = {
    "Title": 50,
    "Area title": 30,
    "Theme": 24,
    "Measure": 36,
    "Latest update": 50,
    "RAG reason": 30,
    "Evidence": 30,
    "Reason": 30,
}
_MIN_WIDTH, _MAX_WIDTH = 8, 24


def workbook(status: Status) -> bytes:
    """The plan as .xlsx bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "improvetrack"
    book.properties.title = cell_text(status.plan.title)
    actions = book.active
    actions.title = ACTIONS
    _actions_sheet(actions, action_rows(status))
    _title_block(actions, status)
    _print_setup(actions, HEADER_ROW)
    _areas_sheet(book.create_sheet(AREAS), status)
    _print_setup(book[AREAS], 1)
    _quarters_sheet(book.create_sheet(QUARTERS), quarter_rows(status))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_export(status: Status, options: Options) -> bytes:
    """`export --format xlsx`: a workbook has no width or colour to be told of."""
    return workbook(status)


def _title_block(sheet: Any, status: Status) -> None:
    """The plan's title, and the day its RAG and Overdue are worked out as of."""
    from openpyxl.styles import Alignment, Font

    put_cell(sheet, 1, 1, status.plan.title or "Improvement plan").font = Font(bold=True, size=14)
    put_cell(sheet, 2, 1, "As at").font = Font(bold=True)
    put_cell(sheet, 2, 2, status.as_of).alignment = Alignment(horizontal="left")
    width = sheet.column_dimensions["B"].width or 0
    sheet.column_dimensions["B"].width = max(width, 11)  # room for the date


def _print_setup(sheet: Any, header_row: int) -> None:
    """A4 landscape, as wide as the page, the header row repeated on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages long as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _header(sheet: Any, names: Sequence[str], row: int = 1) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, name in enumerate(names, 1):
        target = put_cell(sheet, row, column, name)
        target.font, target.fill, target.alignment = bold, fill, wrap


def _actions_sheet(sheet: Any, rows: list[tuple[Value, ...]]) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header = export_header()  # from the field table, as the CSV export's
    top_row = HEADER_ROW
    _header(sheet, header, top_row)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    wide = {header.index(name) for name in _WIDE}
    rag_columns = {header.index("RAG"), header.index("Reported RAG")}
    fills = {word: PatternFill("solid", fgColor=fill) for word, (fill, _) in RAG_COLOURS.items()}
    fonts = {word: Font(bold=True, color=ink) for word, (_, ink) in RAG_COLOURS.items()}
    widths = [len(name) for name in header]
    for number, values in enumerate(rows, top_row + 1):
        for index, value in enumerate(values):
            target = put_cell(sheet, number, index + 1, value)
            target.alignment = wrap if index in wide else top
            if index in rag_columns and value in fills:
                target.fill, target.font = fills[str(value)], fonts[str(value)]
            shown = 10 if isinstance(value, date) else len(value) if isinstance(value, str) else 0
            widths[index] = max(widths[index], shown)
    last_row = max(len(rows) + top_row, top_row + 1)
    first = top_row + 1
    last = get_column_letter(len(header))
    for index, name in enumerate(header):
        width = _WIDE.get(name) or min(max(widths[index] + 2, _MIN_WIDTH), _MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = f"B{first}"  # the header row, and each action's ID
    sheet.auto_filter.ref = f"A{top_row}:{last}{last_row}"
    for name, choices in (
        ("Status", STATUSES),
        ("Reported RAG", tuple(rag.upper() for rag in RAGS)),
    ):
        letter = get_column_letter(header.index(name) + 1)
        add_choices(sheet, name, choices, f"{letter}{first}:{letter}{max(last_row, 1000)}")
    # A reported RAG changed in Excel takes its colour too.
    letter = get_column_letter(header.index("Reported RAG") + 1)
    for word, fill in fills.items():
        sheet.conditional_formatting.add(
            f"{letter}{first}:{letter}{max(last_row, 1000)}",
            CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill, font=fonts[word]),
        )


_AREA_HEADER = (
    "Area",
    "Ref",
    "Theme",
    "Title",
    "Sponsor",
    "Lead",
    "Finding",
    "ID prefix",
    "Actions",
    "Done",
    "Progress",
    "RAG",
)
_MEASURE_HEADER = (
    "Area",
    "Measure",
    "Unit",
    "Better when",
    "Baseline",
    "Target",
    "Current",
    "Updated",
)


def _areas_sheet(sheet: Any, status: Status) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    _header(sheet, _AREA_HEADER)
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1
    for row, item in enumerate(status.areas, 2):
        area, totals = item.area, item.totals
        values: tuple[Value | int | float, ...] = (
            area.key,
            area.ref,
            area.theme,
            area.title,
            area.sponsor,
            area.lead,
            area.finding,
            area.id_prefix,
            totals.actions,
            totals.done,
            totals.progress,
            totals.rag.word if totals.rag else "",
        )
        for column, value in enumerate(values, 1):
            target = put_cell(sheet, row, column, value)
            target.alignment = wrap
        sheet.cell(row=row, column=11).number_format = "0%"
        if totals.rag:
            fill, ink = RAG_COLOURS[totals.rag.word]
            rag = sheet.cell(row=row, column=12)
            rag.fill, rag.font = PatternFill("solid", fgColor=fill), Font(bold=True, color=ink)
    start = row + 2
    _header(sheet, _MEASURE_HEADER, start)
    number = start
    for area in (item.area for item in status.areas):
        for measure in area.measures:
            number += 1
            measure_values: tuple[Value | int | float, ...] = (
                area.key,
                measure.name,
                measure.unit,
                "higher" if measure.direction == "up" else "lower",
                measure.baseline,
                measure.target,
                measure.current,
                measure.updated,
            )
            for column, value in enumerate(measure_values, 1):
                put_cell(sheet, number, column, value).alignment = wrap
    for column, width in enumerate((22, 8, 24, 40, 28, 28, 40, 10, 9, 8, 10, 9), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _quarters_sheet(sheet: Any, rows: QuarterRows) -> None:
    """Quarter by quarter: each action's latest progress update, then, under a blank row
    and a header of their own, each measure's latest value."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    labels = [quarter.label for quarter in rows.quarters]
    _header(sheet, ["ID", "Ref", "Title", *labels])
    wrap = Alignment(wrap_text=True, vertical="top")
    number = 1
    for number, (key, ref, title, updates) in enumerate(rows.actions, 2):
        for column, value in enumerate((key, ref, title, *updates), 1):
            put_cell(sheet, number, column, value).alignment = wrap
    start = number + 2
    _header(sheet, ["Area", "Measure", *labels], start)
    for number, (area, name, values) in enumerate(rows.measures, start + 1):
        for column, cell in enumerate((area, name, *values), 1):
            put_cell(sheet, number, column, cell).alignment = wrap
    for column, width in enumerate((14, 16, 50), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in range(4, len(labels) + 4):
        sheet.column_dimensions[get_column_letter(column)].width = 40
    sheet.freeze_panes = "D2"
