"""Update returns: a lead's pack as it came back, read and checked cell by cell.

A return is a file a lead may have been sent by mistake or in anger, so it is read as any
workbook a user is sent: within the limits of `limits` (checked before openpyxl sees it),
formulas as their saved values and never evaluated, links never followed. It is read as
values only: the columns are found by their header, so a lead may re-order or delete rows
(or columns they do not use), and the pack's hidden sheet says what each action was when
the pack was made.

Every problem is collected, not only the first, each naming the file, the cell, what is
wrong and what would be right.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from improvetrack.errors import UsageError
from improvetrack.model.dates import parse_date
from improvetrack.model.records import field, record
from improvetrack.model.register import ACTION_ID, parse_rag
from improvetrack.model.text import safe
from improvetrack.sheets.packs import (
    BASE,
    COLUMNS,
    DETAILS,
    DETAILS_HEADER_ROW,
    EDITABLE,
    FORMAT,
    LOCKED,
    STATUS_CHOICES,
    UPDATE,
)
from improvetrack.sheets.readers import FormulaError, Table, read_tables

_SPLIT = re.compile(r"[;\r\n]+")
_HEADER_SEARCH = 30  # rows in which the header row is looked for


@record
class Cell:
    """Where a value was read: the sheet's name and the cell's address."""

    sheet: str
    address: str  # e.g. K7
    column: str  # the header's name, e.g. Revised due date


@record
class ReturnRow:
    """One action's row of a return: what the lead left in each editable cell, checked."""

    id: str
    row: int  # the sheet's row number
    status: str | None  # as returned (a status name), or None when left blank
    rag: str | None  # a RAG word, or None when blank
    reason: str | None
    update: str | None
    revised: date | None
    evidence: list[str]
    cells: dict[str, Cell]  # by column name
    locked: dict[str, str]  # locked columns' returned text, by column name


@record
class BaseRow:
    """One action as the pack showed it when made (from the hidden sheet)."""

    id: str
    values: dict[str, str]  # by BASE column name: text, dates in ISO form, "" for none

    def day(self, name: str) -> date | None:
        text = self.values.get(name, "")
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    def text(self, name: str) -> str | None:
        return self.values.get(name) or None


@record
class Returned:
    """One return, read and checked: whose, which plan and round, and its rows."""

    path: Path
    plan_id: str
    opened: date
    owner: str
    rows: list[ReturnRow]
    base: dict[str, BaseRow]
    warnings: list[str] = field(default_factory=list)
    digest: str = ""

    @property
    def name(self) -> str:
        return self.path.name


class Problems:
    """Problems found in returns, each a line: `file, Sheet!CELL (Column): what; fix`."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def at(self, path: Path, cell: Cell, message: str) -> None:
        self.lines.append(f"{path.name}, {cell.sheet}!{cell.address} ({cell.column}): {message}")

    def file(self, path: Path, message: str) -> None:
        self.lines.append(f"{path.name}: {message}")


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _plain(value: Any) -> str:
    """A cell's value as text: a formula's failure and no value alike are blank."""
    if value is None or isinstance(value, FormulaError):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_return(path: Path, as_of: date, problems: Problems) -> Returned | None:
    """Read one return; its problems go to `problems`. None when the file is no pack."""
    tables = list(read_tables(path))
    details = next((table for table in tables if table.sheet == DETAILS), None)
    update = next((table for table in tables if table.sheet == UPDATE), None)
    if details is None:
        problems.file(
            path,
            "not an update pack of improvetrack (it has no hidden sheet "
            f"'{DETAILS}'); send the lead their pack again with "
            "`improvetrack updates request --owner NAME`",
        )
        return None
    head = details.rows[: DETAILS_HEADER_ROW - 1]
    facts = {_plain(row[0]): _plain(row[1]) for row in head if len(row) >= 2}
    try:
        opened = date.fromisoformat(facts.get("round", ""))
    except ValueError:
        opened = None
    if facts.get("format") != FORMAT or opened is None or not facts.get("plan"):
        problems.file(path, f"its sheet '{DETAILS}' is not an update pack's; {_REISSUE}")
        return None
    base = _base_rows(details)
    if update is None:
        update = next((t for t in tables if not t.hidden and _header(t) is not None), None)
    if update is None:
        problems.file(path, f"no sheet '{UPDATE}' with the pack's header row; {_REISSUE}")
        return None
    returned = Returned(path, facts["plan"], opened, facts.get("owner", ""), [], base)
    _read_rows(returned, update, as_of, problems)
    returned.digest = digest(returned.rows)
    return returned


_REISSUE = "send the lead their pack again with `improvetrack updates request --owner NAME`"


def _base_rows(details: Table) -> dict[str, BaseRow]:
    rows = details.rows[DETAILS_HEADER_ROW - 1 :]
    if not rows:
        return {}
    header = [_plain(value) for value in rows[0]]
    found = {}
    for row in rows[1:]:
        values = {name: _cell(row, header, name) for name in BASE}
        if values["ID"]:
            found[values["ID"]] = BaseRow(values["ID"], values)
    return found


def _cell(row: list[Any], header: list[str], name: str) -> str:
    """A row's value in the column `name` heads, as text ("" where there is none)."""
    column = header.index(name) if name in header else len(row)
    return _plain(row[column]) if column < len(row) else ""


def _header(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row's index and each known column's index, by name (any case)."""
    wanted = {name.casefold(): name for name in COLUMNS}
    for index, row in enumerate(table.rows[:_HEADER_SEARCH]):
        named = {}
        for column, value in enumerate(row):
            name = wanted.get(_plain(value).casefold())
            if name is not None and name not in named:
                named[name] = column
        if "ID" in named and len(named) >= 3:
            return index, named
    return None


def _read_rows(returned: Returned, table: Table, as_of: date, problems: Problems) -> None:
    found = _header(table)
    if found is None:
        problems.file(returned.path, f"sheet '{table.sheet}' has no header row with ID; {_REISSUE}")
        return
    header, columns = found
    seen: set[str] = set()
    sheet = table.sheet or UPDATE
    missing = [name for name in EDITABLE if name not in columns]
    if missing:
        # What a lead typed under a renamed or deleted header cannot be read: refused,
        # not dropped, so no lead's update is lost without a word.
        named = ", ".join(f"'{name}'" for name in missing)
        problems.file(
            returned.path,
            f"sheet '{safe(sheet)}' row {header + 1}: no column headed {named}, so what "
            f"was typed under it cannot be read; put the pack's header back, or {_REISSUE}",
        )
        return
    for index in range(header + 1, len(table.rows)):
        row = table.rows[index]
        number = index + 1

        def value(name: str, row: list[Any] = row) -> Any:
            column = columns.get(name)
            return None if column is None or column >= len(row) else row[column]

        def cell(name: str, number: int = number) -> Cell:
            column = columns.get(name, 0)
            return Cell(sheet, f"{_letters(column + 1)}{number}", name)

        typed = _plain(value("ID"))
        if not typed and not any(_plain(item) for item in row):
            continue  # a blank row
        action_id = typed.upper()
        if not ACTION_ID.fullmatch(action_id) or action_id not in returned.base:
            what = f"ID {typed!r}" if typed else "a row with no ID"
            returned.warnings.append(
                f"{returned.name}, {sheet}!A{number}: {safe(what)} is not an action of this "
                "pack; the row is ignored"
            )
            continue
        if action_id in seen:
            returned.warnings.append(
                f"{returned.name}, {sheet}!A{number}: {action_id} again; only its first row is read"
            )
            continue
        seen.add(action_id)
        returned.rows.append(_row(returned, action_id, number, value, cell, as_of, problems))


def _row(
    returned: Returned,
    action_id: str,
    number: int,
    value: Any,
    cell: Any,
    as_of: date,
    problems: Problems,
) -> ReturnRow:
    path = returned.path
    cells = {name: cell(name) for name in COLUMNS}
    status_text = _plain(value("Status"))
    status = None
    if status_text:
        typed = "-".join(status_text.casefold().replace("_", " ").replace("-", " ").split())
        base_status = returned.base[action_id].values.get("Status", "")
        if typed in STATUS_CHOICES or typed == base_status:
            status = typed
        else:
            problems.at(
                path,
                cells["Status"],
                f"{safe(status_text)!r} is not a status; choose one of {', '.join(STATUS_CHOICES)}",
            )
    rag_text = _plain(value("Your RAG"))
    rag = None
    if rag_text:
        try:
            rag = parse_rag(rag_text, "Your RAG")
        except UsageError:
            problems.at(
                path,
                cells["Your RAG"],
                f"{safe(rag_text)!r} is not a RAG; write Blue, Green, Amber or Red",
            )
    revised_value = value("Revised due date")
    revised = None
    if isinstance(revised_value, datetime):
        revised = revised_value.date()
    elif isinstance(revised_value, date):
        revised = revised_value
    elif (revised_text := _plain(revised_value)) and not isinstance(revised_value, bool):
        try:
            revised = parse_date(revised_text, as_of, what="Revised due date")
        except UsageError:
            problems.at(
                path,
                cells["Revised due date"],
                f"{safe(revised_text)!r} is not a date; write 31/01/2027 or 2027-01-31",
            )
    evidence = [part.strip() for part in _SPLIT.split(_plain(value("Evidence"))) if part.strip()]
    locked = {name: _plain(value(name)) for name in LOCKED if name != "ID"}
    return ReturnRow(
        id=action_id,
        row=number,
        status=status,
        rag=rag,
        reason=_plain(value("Reason for RAG")) or None,
        update=_plain(value("Update")) or None,
        revised=revised,
        evidence=evidence,
        cells=cells,
        locked=locked,
    )


def digest(rows: Sequence[ReturnRow]) -> str:
    """SHA-256 of a return's editable cells, row by row in ID order: the same return saved
    again, or re-ordered, has the same digest."""
    held = [
        [
            row.id,
            row.status or "",
            row.rag or "",
            row.reason or "",
            row.update or "",
            row.revised.isoformat() if row.revised else "",
            row.evidence,
        ]
        for row in sorted(rows, key=lambda row: row.id)
    ]
    return hashlib.sha256(json.dumps(held, ensure_ascii=False).encode("utf-8")).hexdigest()


def locked_changes(returned: Returned) -> list[str]:
    """Warnings for locked cells a lead typed over (unprotecting the sheet to do it)."""
    found = []
    for row in returned.rows:
        base = returned.base[row.id]
        for name, text in row.locked.items():
            was = base.values.get(name, "")
            if text and text != was and not _same_day(text, was):
                cell = row.cells.get(name)
                where = f"{cell.sheet}!{cell.address}" if cell else f"row {row.row}"
                found.append(
                    f"{returned.name}, {where} ({name}): {row.id}'s {name.lower()} is the "
                    "plan's record, not changed by a return; ignored (say it in Update)"
                )
    return found


def _same_day(text: str, was: str) -> bool:
    try:
        return date.fromisoformat(text[:10]) == date.fromisoformat(was)
    except ValueError:
        return False
