"""Update packs: the workbook each lead is sent in an update round.

Its first sheet, "Update", has a short heading (plan, owner, round, due date, how to return
it), then one header row with the SPEC's twelve columns, one row per open action of the
owner in ID order. `ID` to `Due` are locked (the sheet is protected without a password:
against accidents, not a security measure); Status and Your RAG offer their values as a
list, Revised due date takes a date. A second sheet says how to fill it in. A hidden sheet
carries what the return is compared with: the register's identity, the round, the owner,
and each action's values when the pack was made. Hidden sheets and their cells are kept by
Excel, LibreOffice and openpyxl when they save, where document properties may not be.

Text from the register is data: every text cell is written as a string, with Excel's quote
prefix where a spreadsheet would take it for a formula.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from improvetrack.model.records import record
from improvetrack.model.register import Action, Register, id_sort_key
from improvetrack.model.rounds import name_key
from improvetrack.model.text import safe
from improvetrack.sheets.cells import DATE_FORMAT, add_choices, cell_text, put_cell

COLUMNS = (
    "ID",
    "Ref",
    "Area",
    "Action",
    "Agreed date",
    "Due",
    "Status",
    "Your RAG",
    "Reason for RAG",
    "Update",
    "Revised due date",
    "Evidence",
)
LOCKED = COLUMNS[:6]
EDITABLE = COLUMNS[6:]
# What the hidden sheet keeps of each action: the locked cells and the editable ones'
# starting values (Update, Revised due date and Evidence start blank).
BASE = COLUMNS[:9]
STATUS_CHOICES = ("not-started", "in-progress", "blocked", "done")
RAG_CHOICES = ("Blue", "Green", "Amber", "Red")
UPDATE = "Update"
HOW = "How to fill this in"
DETAILS = "improvetrack"  # the hidden sheet
FORMAT = "improvetrack update pack 1"
HEADER_ROW = 6  # the first action is on row 7
DETAILS_HEADER_ROW = 10
# Narrow enough that the sheet prints on A4 landscape at about two thirds of its size.
_WIDTHS = (9, 7, 16, 34, 11, 11, 14, 9, 26, 36, 12, 22)
_LOCKED_FILL = "E7E6E6"
_LINE_HEIGHT = 15  # points: one line of 11-point text
_HOW_WIDTH = 72  # the explanations' column: with the labels, the width of A4 portrait
_HEADER_FILL = "D9E1F2"
# Excel's serial numbers of 2000-01-01 and 2099-12-31: the dates a revised date may take.
_FIRST_SERIAL, _LAST_SERIAL = 36526, 73050


@record
class PackRow:
    """One action as the pack shows it when made."""

    id: str
    ref: str | None
    area: str
    action: str
    agreed: date | None
    due: date | None
    status: str
    rag: str | None
    reason: str | None


@record
class Pack:
    """One lead's pack: whose, of which plan and round, and its rows."""

    plan_id: str
    plan_title: str
    opened: date
    due: date
    board: date | None
    owner: str
    file: str
    made: date
    rows: list[PackRow]


def owned_open(register: Register) -> dict[str, list[Action]]:
    """The open actions of each owner, in ID order, keyed by the owner's name as first
    written (names that differ only in case or spacing are one owner)."""
    found: dict[str, list[Action]] = {}
    spelt: dict[str, str] = {}
    for action_id in sorted(register.actions, key=id_sort_key):
        action = register.actions[action_id]
        if not action.is_open or not action.owner or not action.owner.strip():
            continue
        key = name_key(action.owner)
        spelt.setdefault(key, " ".join(action.owner.split()))
        found.setdefault(spelt[key], []).append(action)
    return found


def pack_row(register: Register, action: Action) -> PackRow:
    area = register.areas.get(action.area)
    return PackRow(
        id=action.id,
        ref=action.ref,
        area=area.title if area else action.area,
        action=action.title,
        agreed=action.baseline_due or action.due,
        due=action.due,
        status=action.status,
        rag=action.rag,
        reason=action.rag_reason,
    )


def slug(name: str) -> str:
    """A name as part of a file name: lowercase ASCII letters and digits, other runs as -."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "owner"


def file_names(opened: date, owners: Iterable[str]) -> dict[str, str]:
    """Each owner's pack file name in a round, `-2`, `-3` added on a clash, in the order
    the owners were asked (so a pack issued again keeps its name)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for owner in owners:
        stem = f"update-{opened.isoformat()}-{slug(owner)}"
        name, number = f"{stem}.xlsx", 1
        while name in taken:
            number += 1
            name = f"{stem}-{number}.xlsx"
        taken.add(name)
        names[owner] = name
    return names


# --- writing ---------------------------------------------------------------------------


def pack_bytes(pack: Pack) -> bytes:
    """The pack as .xlsx bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "improvetrack"
    book.properties.title = cell_text(f"Update: {pack.plan_title}")
    _update_sheet(book.active, pack)
    _how_sheet(book.create_sheet(HOW), pack)
    _details_sheet(book.create_sheet(DETAILS), pack)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def heading(pack: Pack) -> list[str]:
    """The lines above the header row: what the lead is asked to do, and by when."""
    board = f", for the improvement board on {pack.board:%d/%m/%Y}" if pack.board else ""
    return [
        f"Update on your actions: {pack.plan_title}",
        f"For: {pack.owner}",
        f"Update round opened {pack.opened:%d/%m/%Y}{board}. "
        f"Please return this file by {pack.due:%d/%m/%Y}.",
        "Fill in the white columns (Status to Evidence), save the file and send it back to "
        "the improvement lead. The grey columns are the plan's record: change them by "
        "saying so in Update. The sheet 'How to fill this in' explains each column.",
    ]


def _update_sheet(sheet: Any, pack: Pack) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.title = UPDATE
    for number, line in enumerate(heading(pack), 1):
        target = put_cell(sheet, number, 1, line)
        target.font = Font(bold=number <= 2, size=14 if number == 1 else 11)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=8)
        target.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[4].height = 45
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    locked_fill = PatternFill("solid", fgColor=_LOCKED_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, name in enumerate(COLUMNS, 1):
        target = put_cell(sheet, HEADER_ROW, column, name)
        target.font, target.fill, target.alignment = Font(bold=True), header_fill, wrap
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]
    sheet.row_dimensions[HEADER_ROW].height = 2 * _LINE_HEIGHT
    open_cell = Protection(locked=False)
    for number, row in enumerate(pack.rows, HEADER_ROW + 1):
        values: Sequence[object] = (
            row.id,
            row.ref,
            row.area,
            row.action,
            row.agreed,
            row.due,
            row.status,
            row.rag.capitalize() if row.rag else None,
            row.reason,
        )
        for column in range(1, len(COLUMNS) + 1):
            value = values[column - 1] if column <= len(values) else None
            target = put_cell(sheet, number, column, value)
            target.alignment = wrap
            if COLUMNS[column - 1] in LOCKED:
                target.fill = locked_fill
            else:
                target.protection = open_cell
        sheet.cell(
            row=number, column=COLUMNS.index("Revised due date") + 1
        ).number_format = DATE_FORMAT
        # Tall enough for its wrapped text: neither Excel nor LibreOffice works it out for a
        # row written by a program until someone edits it, and wrapped lines would overlap.
        sheet.row_dimensions[number].height = _LINE_HEIGHT * max(
            -(-len(safe(value)) // _WIDTHS[index]) if isinstance(value, str) else 1
            for index, value in enumerate(values)
        )
    last = HEADER_ROW + max(len(pack.rows), 1)
    for name, choices in (("Status", STATUS_CHOICES), ("Your RAG", RAG_CHOICES)):
        letter = get_column_letter(COLUMNS.index(name) + 1)
        add_choices(sheet, name, choices, f"{letter}{HEADER_ROW + 1}:{letter}{last}")
    letter = get_column_letter(COLUMNS.index("Revised due date") + 1)
    dates = DataValidation(
        type="date",
        operator="between",
        formula1=str(_FIRST_SERIAL),
        formula2=str(_LAST_SERIAL),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Revised due date",
        error="Type a date, like 31/01/2027",
        showInputMessage=True,
        promptTitle="Revised due date",
        prompt="Only if the date should move: type the new date, like 31/01/2027",
    )
    sheet.add_data_validation(dates)
    dates.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    # Protected against accidents, with no password; the lead may still resize and wrap.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


_HOW = (
    ("Status", "Choose from the list: not-started, in-progress, blocked or done."),
    ("Your RAG", "How you judge the action is going: Blue (complete), Green, Amber or Red."),
    (
        "Reason for RAG",
        "Why you give that RAG. Needed for Amber and Red; for a blocked action, say what "
        "blocks it here or in Update.",
    ),
    ("Update", "What has happened since your last update, in a sentence or two."),
    (
        "Revised due date",
        "Only if the date has to move: the new date, like 31/01/2027. The agreed date stays "
        "as the board agreed it.",
    ),
    ("Evidence", "Links or file paths that show the work, one a line or separated by ;"),
)


def _how_sheet(sheet: Any, pack: Pack) -> None:
    from openpyxl.styles import Alignment, Font

    lines: list[tuple[str, str]] = [
        ("How to fill this in", ""),
        ("", ""),
        ("", "Each row is one of your open actions. Fill in the white cells of a row."),
        ("", "Leave a cell as it is where nothing has changed: only what you change is read."),
        ("", "The grey cells (ID to Due) are the plan's record and cannot be typed over."),
        (
            "",
            "Do not rename the sheets, or the file's hidden sheet: it says which plan and "
            "round the file answers.",
        ),
        ("", f"Save the file (any name will do) and send it back by {pack.due:%d/%m/%Y}."),
        ("", ""),
        *_HOW,
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, (label, text) in enumerate(lines, 1):
        first = put_cell(sheet, number, 1, label)
        first.font = Font(bold=True, size=14 if number == 1 else 11)
        first.alignment = wrap
        put_cell(sheet, number, 2, text).alignment = wrap
        # Tall enough for the wrapped text, as on the Update sheet.
        sheet.row_dimensions[number].height = _LINE_HEIGHT * max(1, -(-len(text) // _HOW_WIDTH))
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = _HOW_WIDTH
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def details(pack: Pack) -> list[tuple[str, str]]:
    """The hidden sheet's key-value rows, every value text (dates in ISO form)."""
    return [
        ("format", FORMAT),
        ("plan", pack.plan_id),
        ("title", pack.plan_title),
        ("round", pack.opened.isoformat()),
        ("due", pack.due.isoformat()),
        ("board", pack.board.isoformat() if pack.board else ""),
        ("owner", pack.owner),
        ("file", pack.file),
        ("made", pack.made.isoformat()),
    ]


def _details_sheet(sheet: Any, pack: Pack) -> None:
    for number, (key, value) in enumerate(details(pack), 1):
        put_cell(sheet, number, 1, key)
        put_cell(sheet, number, 2, value)
    for column, name in enumerate(BASE, 1):
        put_cell(sheet, DETAILS_HEADER_ROW, column, name)
    for number, row in enumerate(pack.rows, DETAILS_HEADER_ROW + 1):
        values = (
            row.id,
            row.ref or "",
            row.area,
            row.action,
            row.agreed.isoformat() if row.agreed else "",
            row.due.isoformat() if row.due else "",
            row.status,
            row.rag or "",
            row.reason or "",
        )
        for column, value in enumerate(values, 1):
            put_cell(sheet, number, column, value)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
