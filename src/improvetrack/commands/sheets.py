"""The import command: a spreadsheet (a council's tracker, Excel or CSV) into the register."""

from pathlib import Path
from typing import Annotated

import typer

from improvetrack import sheets as spreadsheet
from improvetrack.commands.common import ByOption, Family, completer, run_of
from improvetrack.model.fields import sheet_fields
from improvetrack.render.sheet import import_lines, telling
from improvetrack.workflows.spreadsheets import import_sheet

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
        Path,
        typer.Argument(
            metavar="FILE",
            help="The spreadsheet: an Excel workbook (.xlsx) or a CSV file saved as CSV UTF-8.",
        ),
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="HEADER=FIELD",
            help="Read the column HEADER as FIELD, e.g. 'Lead officer=owner' (repeatable). "
            f"Fields: {', '.join((*sheet_fields(), 'progress'))}.",
        ),
    ] = None,
    sheet: Annotated[
        list[str] | None,
        typer.Option(
            "--sheet",
            metavar="NAME",
            help="A workbook's sheet to read (repeatable; default: every visible sheet "
            "with a header row).",
        ),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            metavar="KEY",
            help="Put every row in this area of the register (its key or title), "
            "whatever areas the sheet names.",
            autocompletion=completer("area"),
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
    sheet_date: Annotated[
        str | None,
        typer.Option(
            "--sheet-date",
            metavar="DATE",
            help="The day the sheet was made, for --update: a field the register changed "
            "after it is a conflict, kept. Default: the sheet's 'Updated' or 'as at' cell.",
        ),
    ] = None,
    by: ByOption = None,
) -> None:
    """Add actions from a spreadsheet (Excel or CSV).

    Any invalid row stops the import, unless --skip-invalid. The sheet may be laid out for
    people: title rows above the header, theme rows, recommendations on rows of their own,
    a key and a footer; what the import understood of it is printed on stderr first. Rows
    for actions already in the register (by ID, ref, or title within the area) are not
    added again: importing twice, or importing an export back, adds nothing. With --update,
    what the register changed after the sheet was made stays, listed as a conflict (exit 1).
    """

    run = run_of(ctx)
    with run.output.progress() as progress:
        result = import_sheet(
            run.path(), file, run.stamp(by), mapping=spreadsheet.parse_mapping(mapping or ()),
            sheets=sheet or (), area=area, update=update, dry_run=dry_run,
            skip_invalid=skip_invalid, sheet_date=run.date(sheet_date, "--sheet-date"),
            progress=progress, timeout=run.settings.lock_timeout.value, **telling(run.output),
        )  # fmt: skip
    run.output.line("\n".join(import_lines(result, dry_run=dry_run)))
    if any(found.conflicts for found in result.found):
        raise typer.Exit(1)
