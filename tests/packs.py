"""Update packs filled the way a lead in Excel fills them, for the round's tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from improvetrack.sheets.packs import HEADER_ROW, UPDATE

OPENED = "2026-11-02"
QA = "Head of Quality Assurance"
QA_PACK = f"update-{OPENED}-head-of-quality-assurance.xlsx"
WORKFORCE_PACK = f"update-{OPENED}-workforce-development-manager.xlsx"
VIRTUAL_PACK = f"update-{OPENED}-virtual-school-headteacher.xlsx"


def fill(
    pack: Path,
    saved_as: Path,
    edits: Mapping[tuple[str, str], Any],
    *,
    reverse: bool = False,
) -> Path:
    """Fill a pack as a lead in Excel does: unprotect the sheet, type into cells (by
    action ID and column name), optionally re-order the rows, and save under a new name."""
    book = load_workbook(pack)
    sheet = book[UPDATE]
    sheet.protection.sheet = False
    header = [cell.value for cell in sheet[HEADER_ROW]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    for row in rows:
        for (action_id, column), value in edits.items():
            if row[0] == action_id:
                row[header.index(column)] = value
    if reverse:
        rows.reverse()
    for number, values in enumerate(rows, HEADER_ROW + 1):
        for column, value in enumerate(values, 1):
            sheet.cell(row=number, column=column).value = value
    book.save(saved_as)
    return saved_as
