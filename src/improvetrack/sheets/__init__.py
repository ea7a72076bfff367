"""Spreadsheets in: a council's improvement plan, as CSV or an Excel workbook, into a register.

Councils keep their plans in Excel, laid out for people. An import goes in steps, each a
module of this package, so that nothing is written unless every row can be used:

- `readers`: a CSV file or a workbook's sheet as one neutral table of cell values;
- `columns`: the vocabulary of column names, and which field each header is;
- `header`: which row is the header, and the error that says so when no row is;
- `layout`: the title rows, themes, recommendations and actions of a sheet laid out for
  people, and the rows that are none of these (a key, a footer), named;
- `sheet`: the records of a sheet so read: its rows, their problems, what was passed over;
- `cells`: the cell codec, shared with the export: statuses, BRAG letters and colours,
  dates and timescales as people write them, and text made inert for a spreadsheet;
- `reconcile`: the rows against a register: new actions, or actions it holds already.

The writers are here too: `export` (CSV, and the rows of every sheet) and `workbook`
(Excel). The whole import, read and reconcile and write, is one call in
`improvetrack.workflows.spreadsheets`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from improvetrack.sheets.cells import cell, evidence_cell, status_of
    from improvetrack.sheets.columns import (
        EXPORT_COLUMNS,
        EXPORT_HEADER,
        FIELDS,
        HEADERS,
        Columns,
        column_letter,
        match_columns,
        parse_mapping,
    )
    from improvetrack.sheets.readers import Progress
    from improvetrack.sheets.reconcile import (
        Added,
        AreaFound,
        Conflict,
        Found,
        Imported,
        add_rows,
        area_key,
        short_key,
    )
    from improvetrack.sheets.sheet import Loose, Row, RowProblem, Sheet, SheetArea

# Where each name is defined. The package imports a module only when one of its names is
# asked for: the CSV export needs the cell codec and the columns, not the whole import.
_HOMES = {
    "cells": ("cell", "evidence_cell", "status_of"),
    "columns": (
        "EXPORT_COLUMNS",
        "EXPORT_HEADER",
        "FIELDS",
        "HEADERS",
        "Columns",
        "column_letter",
        "match_columns",
        "parse_mapping",
    ),
    "reconcile": (
        "Added",
        "AreaFound",
        "Conflict",
        "Found",
        "Imported",
        "add_rows",
        "area_key",
        "short_key",
    ),
    "sheet": ("Loose", "Row", "RowProblem", "Sheet", "SheetArea"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "EXPORT_COLUMNS",
    "EXPORT_HEADER",
    "FIELDS",
    "HEADERS",
    "Added",
    "AreaFound",
    "Columns",
    "Conflict",
    "Found",
    "Imported",
    "Loose",
    "Row",
    "RowProblem",
    "Sheet",
    "SheetArea",
    "add_rows",
    "area_key",
    "cell",
    "column_letter",
    "evidence_cell",
    "match_columns",
    "parse_mapping",
    "parse_sheet",
    "read_sheet",
    "short_key",
    "status_of",
]


def __getattr__(name: str) -> Any:
    if name in _HOME_OF:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_HOME_OF[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_sheet(
    path: Path,
    as_of: date,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> Sheet:
    """Read and understand a CSV file or a workbook's sheet (the first with a header, or
    the one named `sheet`); raises SpreadsheetError if it cannot be read at all."""
    from improvetrack.sheets.layout import lay_out
    from improvetrack.sheets.readers import no_progress, read_tables

    tables = read_tables(path, sheet, progress or no_progress)
    return lay_out(tables, as_of, mapping, progress)


def parse_sheet(
    text: str,
    source: str,
    as_of: date,
    mapping: Mapping[str, str] | None = None,
    *,
    name: str | None = None,
) -> Sheet:
    """Read and understand CSV text; `source` names it in messages."""
    from improvetrack.sheets.layout import lay_out
    from improvetrack.sheets.readers import csv_text_table

    return lay_out([csv_text_table(text, source, name or source)], as_of, mapping)
