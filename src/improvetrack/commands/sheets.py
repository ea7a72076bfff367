"""Commands for spreadsheets: import one into the register, export the register as one."""

from pathlib import Path
from typing import Annotated

import typer

from improvetrack.commands.common import ByOption, Family, completer, run_of
from improvetrack.text import safe

app = Family()


@app.command(
    "import",
    epilog="""
    improvetrack import actions.csv --dry-run
    improvetrack import actions.csv --update --skip-invalid
    """,
)
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE.csv", help="The spreadsheet, saved as CSV UTF-8.")
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="HEADER=FIELD",
            help="Read the column HEADER as FIELD, e.g. 'Lead officer=owner' (repeatable). "
            "Fields: id, area, area_title, title, owner, status, due, measure, evidence, "
            "reason, completed, signed_off_by.",
        ),
    ] = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Change actions already in the register to what the sheet says (each "
            "change logged), instead of only saying they are there.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show what would be added and updated; write nothing."),
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Import the valid rows and skip the invalid ones."),
    ] = False,
    by: ByOption = None,
) -> None:
    """Add actions from a spreadsheet saved as CSV UTF-8.

    Any invalid row stops the import, unless --skip-invalid. Rows for actions already in
    the register (by ID, or by title within the area) are not added again: importing
    twice, or importing an export back, adds nothing.
    """
    from improvetrack import spreadsheet
    from improvetrack.render.sheet import import_lines

    run = run_of(ctx)
    result = spreadsheet.import_sheet(
        run.path(),
        file,
        run.stamp(by),
        mapping=spreadsheet.parse_mapping(mapping or ()),
        update=update,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        notify=run.output.note,
        warn=run.output.warn,
        timeout=run.settings.lock_timeout.value,
    )
    run.output.line("\n".join(import_lines(result, dry_run=dry_run)))


@app.command(
    epilog="""
    improvetrack export --output actions.csv
    """
)
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="File format: csv.",
            metavar="FORMAT",
            autocompletion=completer("export-format"),
        ),
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write to this file (default: stdout).", metavar="FILE"),
    ] = None,
) -> None:
    """Write every action as a row of a CSV spreadsheet.

    The file is CSV UTF-8, which Excel opens as it is; `improvetrack import` reads it back.
    """
    from improvetrack import progress, store
    from improvetrack.render.sheets import export as sheet

    run = run_of(ctx)
    path = run.path()
    register = store.read(path).register
    data = sheet(progress.compute(register, run.as_of), fmt)
    done = f"Wrote {len(register.actions)} actions to {safe(output)}"
    run.output.publish(lambda width, colour: data, output, protect=[path], done=done)
