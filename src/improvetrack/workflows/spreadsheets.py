"""Workflows with spreadsheets: import a council's sheet into a register."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from improvetrack.errors import UnknownName, UsageError
from improvetrack.files.defaults import LOCK_TIMEOUT
from improvetrack.files.store import editing
from improvetrack.model.changes import Stamp
from improvetrack.model.records import replace
from improvetrack.model.register import Register
from improvetrack.sheets.council import read_workbook
from improvetrack.sheets.readers import Progress, no_progress, read_tables
from improvetrack.sheets.reconcile import Imported, add_rows
from improvetrack.sheets.sheet import RowProblem, Sheet


def import_sheet(
    register: Path,
    sheet_path: Path,
    stamp: Stamp,
    *,
    mapping: Mapping[str, str] | None = None,
    sheets: Sequence[str] = (),
    area: str | None = None,
    update: bool = False,
    dry_run: bool = False,
    skip_invalid: bool = False,
    sheet_date: date | None = None,
    on_sheet: Callable[[Sheet], None] = lambda sheet: None,
    on_problem: Callable[[RowProblem], None] = lambda problem: None,
    warn: Callable[[str], None] = lambda line: None,
    progress: Progress | None = None,
    timeout: float = LOCK_TIMEOUT,
) -> Imported:
    """Import a spreadsheet into the register at `register`: the whole workflow.

    `on_sheet` hears what the import understood of the sheet (its title rows, header,
    themes, areas, the rows it passed over and the values it read loosely), and
    `on_problem` each row it cannot use, in row order, before anything is written; `warn`
    what `store.editing` warns of; `progress` how far it has got, now and then. Every
    sheet of a workbook that holds a plan table is read, or only those named in `sheets`.
    With `update`, a field the register changed after the sheet's own date (its "Updated"
    or "as at" cell, or `sheet_date`) is a conflict: the register's value stays.
    With `area` (an existing area's key or title) every row goes into that area.
    """
    only = tuple(sheets)
    # A CSV file has one sheet: naming one is an error the reader words.
    tables = read_tables(sheet_path, only[0] if len(only) == 1 else None, progress or no_progress)
    read = read_workbook(
        tables, stamp.today, mapping, only=only, progress=progress, one_area=area is not None
    )
    for each in read:
        if sheet_date is not None:
            each.dated = sheet_date
        elif update and each.dated is None:
            each.notes.append(
                "no date of its own (an 'Updated' or 'as at' cell; or give --sheet-date): "
                "what the register changed since the sheet was made is not compared"
            )
        on_sheet(each)
    # With no rows to add, leave the file alone: a rewrite would only reformat it.
    quiet = dry_run or not any(each.rows for each in read)
    with editing(register, warn, timeout=timeout, dry_run=quiet) as loaded:
        into = _area_key(loaded.register, area)
        results = [
            add_rows(
                loaded.register,
                each,
                stamp,
                skip_invalid=skip_invalid,
                update=update,
                on_problem=on_problem,
                progress=progress,
                into=into,
            )
            for each in read
        ]
        if progress:
            progress(f"Writing {register.name}", 0, 0)
        return _joined(results)


def _area_key(register: Register, area: str | None) -> str | None:
    """The key of the area `import --area` names; UsageError when the register has none."""
    if area is None:
        return None
    try:
        return register.area(area).key
    except UnknownName as error:
        raise UsageError(f"--area {area}: {error}") from None


def _joined(results: list[Imported]) -> Imported:
    """The imports of several sheets as one."""
    first = results[0]
    if len(results) == 1:
        return first
    return replace(
        first,
        areas=[area for result in results for area in result.areas],
        actions=[added for result in results for added in result.actions],
        found=[found for result in results for found in result.found],
        skipped=[row for result in results for row in result.skipped],
        areas_found=[area for result in results for area in result.areas_found],
        plan_title=next((r.plan_title for r in results if r.plan_title), None),
    )
