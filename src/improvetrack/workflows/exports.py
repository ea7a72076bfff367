"""The plan as a spreadsheet: every action a row (CSV or Excel), or written into a copy
of the council's own workbook, each action on its row and in its columns.

Writing into a template reads the council's workbook as an import does, so that
machinery is loaded only when a template is given: a CSV export loads the cell codec.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from improvetrack.errors import UsageError
from improvetrack.figures.deadlines import WorkingDays
from improvetrack.figures.progress import compute
from improvetrack.files import store
from improvetrack.model.records import field, record
from improvetrack.render import formats


@record
class Exported:
    """A spreadsheet made: its content, how many actions it holds, and for a template how
    many rows it matched and added and what a person should hear about the copy."""

    content: str | bytes
    actions: int
    matched: int = 0
    added: int = 0
    warnings: list[str] = field(default_factory=list)


def export_sheet(
    path: Path,
    as_of: date,
    *,
    format: str = "csv",
    template: Path | None = None,
    working_days: WorkingDays | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Exported:
    """The register at `path` as a spreadsheet in `format` (any of `export --format`), or,
    with `template`, written into a copy of that workbook (Excel only). `progress` hears
    how far reading a large template has got: `progress(what, done, total)`."""
    name = formats.check(formats.EXPORT, format).name
    register = store.read(path).register
    status = compute(register, as_of, working_days=working_days)
    if template is None:
        return Exported(formats.export(status, name), len(register.actions))
    if name != "xlsx":
        raise UsageError(f"--template writes an Excel workbook: use --format xlsx, not {name}")
    from improvetrack.sheets.template import fill_template

    filled = fill_template(template, status, progress)
    return Exported(
        filled.data,
        len(register.actions),
        filled.matched,
        filled.added,
        filled.warnings,
    )
