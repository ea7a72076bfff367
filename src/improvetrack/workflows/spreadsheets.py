"""Workflows with spreadsheets: import a council's sheet into a register."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from improvetrack.files.defaults import LOCK_TIMEOUT
from improvetrack.files.store import editing
from improvetrack.model.changes import Stamp
from improvetrack.sheets import read_sheet
from improvetrack.sheets.layout import RowProblem, Sheet
from improvetrack.sheets.readers import Progress
from improvetrack.sheets.reconcile import Imported, add_rows


def import_sheet(
    register: Path,
    sheet_path: Path,
    stamp: Stamp,
    *,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    update: bool = False,
    dry_run: bool = False,
    skip_invalid: bool = False,
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
    what `store.editing` warns of; `progress` how far it has got, now and then.
    """
    read = read_sheet(sheet_path, stamp.today, mapping, sheet=sheet, progress=progress)
    on_sheet(read)
    # With no rows to add, leave the file alone: a rewrite would only reformat it.
    quiet = dry_run or not read.rows
    with editing(register, warn, timeout=timeout, dry_run=quiet) as loaded:
        result = add_rows(
            loaded.register,
            read,
            stamp,
            skip_invalid=skip_invalid,
            update=update,
            on_problem=on_problem,
            progress=progress,
        )
        if progress:
            progress(f"Writing {register.name}", 0, 0)
        return result
