"""Finding the header: which row of a sheet names its columns, and, when none does, an
error that says what was found instead and what would be right.

A plan laid out for people has title rows above its header. `find_header` looks down the
first rows for the one that names enough known columns; `no_header` words the error for
a file in which no sheet has one; `check_mapping` holds `--map` to the header it names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from improvetrack.errors import SpreadsheetError, UsageError
from improvetrack.sheets.cells import text_of
from improvetrack.sheets.columns import (
    HEADER_MATCHES,
    HEADER_SEARCH_ROWS,
    HEADERS,
    Columns,
    match_columns,
    normal,
)
from improvetrack.sheets.readers import Table

# A header as councils write one, for messages.
_EXAMPLE_HEADER = ("Ref", "Recommendation", "Action", "Lead officer", "Target date", "BRAG")


def find_header(
    table: Table, mapping: Mapping[str, str], as_of: date
) -> tuple[int, Columns] | None:
    """The header row among the first rows: the first that names three or more known
    columns, or a title and an area column (a sheet of two columns)."""
    untitled: tuple[int, Columns] | None = None
    for index, cells in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        header = [text_of(cell) for cell in cells]
        names = {text.strip().casefold() for text in header if text.strip()}
        if len(names) < 2:
            continue  # a title, merged across the sheet or not, names no columns
        columns = match_columns(header, mapping, as_of)
        if columns.known >= HEADER_MATCHES or {"title", "area"} <= columns.fields.keys():
            if "title" in columns.fields:
                return index, columns
            untitled = untitled or (index, columns)
    return untitled


def no_header(tables: Sequence[Table], mapping: Mapping[str, str]) -> SpreadsheetError:
    """The error for a file in which no sheet has a header row: what was found instead."""
    if len(tables) != 1 or tables[0].sheet is not None:
        names = ", ".join(repr(table.sheet) for table in tables) or "none"
        source = tables[0].source if tables else "the workbook"
        return SpreadsheetError(
            f"{source}: no sheet has a header row in its first {HEADER_SEARCH_ROWS} rows "
            f"(sheets: {names}); expected a row naming columns such as "
            f"{', '.join(_EXAMPLE_HEADER)}, or name the sheet with --sheet NAME and its "
            "columns with --map"
        )
    table = tables[0]
    filled = [
        index
        for index, cells in enumerate(table.rows)
        if any(text_of(cell).strip() for cell in cells)
    ]
    if not filled:
        return SpreadsheetError(
            f"{table.source}: is empty; expected a header row such as "
            f"{', '.join(_EXAMPLE_HEADER)}, then one row per action"
        )
    first = filled[0]
    header = [text_of(cell) for cell in table.rows[first]]
    check_mapping(header, first, table.source, mapping)
    columns = match_columns(header, mapping)
    missing = "title" if "title" not in columns.fields else "area"
    cells = [text.strip() for text in header if text.strip()]
    separator = next((sep for sep in (";", "\t") if len(cells) == 1 and sep in cells[0]), None)
    if separator:
        # Excel in some European locales saves "CSV" with semicolons between columns.
        return SpreadsheetError(
            f"{table.source}: row {first + 1} has one column holding {separator!r} separators; "
            "expected columns separated by commas: save it as 'CSV UTF-8 (Comma delimited)'"
        )
    shown = ", ".join(repr(cell[:40]) for cell in cells[:12])
    return SpreadsheetError(
        f"{table.source}: row {first + 1} has no column for the action's {missing} "
        f"(found {shown}); expected a header such as {', '.join(HEADERS[missing][:3])}, "
        f"or name the column with --map HEADER={missing}"
    )


def check_mapping(
    header: Sequence[str], index: int, source: str, mapping: Mapping[str, str]
) -> None:
    present = {normal(cell) for cell in header}
    for name, wanted in mapping.items():
        if normal(name) not in present:
            found = ", ".join(repr(cell.strip()) for cell in header if cell.strip())
            raise UsageError(
                f"--map {name}={wanted}: {source} has no column {name!r} "
                f"in its header (row {index + 1}: {found})"
            )
