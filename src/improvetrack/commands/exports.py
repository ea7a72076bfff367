"""The export command: the plan as a spreadsheet (CSV or Excel), or written into a copy of
the council's own workbook."""

from pathlib import Path
from typing import Annotated

import typer

from improvetrack.commands.common import Family, completer, run_of
from improvetrack.errors import UsageError
from improvetrack.model.text import counted, safe
from improvetrack.render import formats
from improvetrack.render.sheet import template_done
from improvetrack.workflows.exports import Exported, export_sheet

app = Family()


@app.command(
    epilog="""
    improvetrack export --output actions.csv
    """
)
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"File format: {formats.listing(formats.EXPORT)}; without it, the one the "
            "--output file's name says (plan.xlsx: xlsx), else csv.",
            metavar="FORMAT",
            autocompletion=completer("export-format"),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write to this file (default: stdout).", metavar="FILE"),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FILE",
            help="The council's own workbook (.xlsx): write the plan into a copy of it, "
            "each action on its row, in its columns (with --format xlsx).",
        ),
    ] = None,
) -> None:
    """Write every action as a row of a spreadsheet (CSV or Excel).

    CSV UTF-8 opens in Excel as it is; --format xlsx writes Excel's own workbook. Either
    reads back with `improvetrack import`. With --template, the plan goes into a copy of
    the council's own workbook, kept as it is laid out.
    """

    run = run_of(ctx)
    terminal = output is None and run.output.is_terminal
    chosen = formats.chosen(formats.EXPORT, fmt, output, default="csv", terminal=terminal)
    _not_over_the_template(output, template)
    with run.output.progress() as progress:
        exported = export_sheet(
            path := run.path(), run.as_of, format=chosen.name, template=template,
            working_days=run.working_days, progress=progress,
        )  # fmt: skip
    for line in exported.warnings:
        run.output.warn(safe(line))
    done = _done(exported, template, output)
    run.output.publish(lambda width, colour: exported.content, output, protect=[path], done=done)


def _done(exported: Exported, template: Path | None, output: Path | None) -> str:
    """What the export says it wrote, once it is in the file."""
    if template is not None:
        return template_done(exported.matched, exported.added, template, output)
    return f"Wrote {counted(exported.actions, 'action')} to {safe(output)}"


def _not_over_the_template(output: Path | None, template: Path | None) -> None:
    """Refuse to write the copy over the council's own workbook."""
    if template is None or output is None or not output.exists():
        return
    if output.resolve() == template.resolve():
        raise UsageError(
            f"--output {safe(output)}: that is the template itself; write the copy to "
            "another file, so the council's own stays as it was"
        )
