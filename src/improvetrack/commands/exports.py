"""The export command: the plan as a spreadsheet (CSV or Excel), or written into a copy of
the council's own workbook."""

from pathlib import Path
from typing import Annotated

import typer

from improvetrack.commands.common import Family, Run, completer, run_of
from improvetrack.errors import UsageError
from improvetrack.files import store
from improvetrack.model.register import Register
from improvetrack.model.text import counted, safe
from improvetrack.render import formats
from improvetrack.render.sheet import template_done

app = Family()


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
            help=f"File format: {formats.listing(formats.EXPORT)}.",
            metavar="FORMAT",
            autocompletion=completer("export-format"),
        ),
    ] = "csv",
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
    chosen = formats.check(formats.EXPORT, fmt, terminal=terminal)
    path = run.path()
    register = store.read(path).register
    if template is not None:
        _export_template(run, register, chosen.name, template, output, path)
        return
    data = formats.export(run.status(register), chosen.name)
    done = f"Wrote {counted(len(register.actions), 'action')} to {safe(output)}"
    run.output.publish(lambda width, colour: data, output, protect=[path], done=done)


def _export_template(
    run: Run, register: Register, fmt: str, template: Path, output: Path | None, path: Path
) -> None:
    """`export --template FILE`: the plan in a copy of the council's workbook."""
    from improvetrack.sheets.template import fill_template

    if fmt != "xlsx":
        raise UsageError(f"--template writes an Excel workbook: use --format xlsx, not {fmt}")
    if output is not None and output.exists() and output.resolve() == template.resolve():
        raise UsageError(
            f"--output {safe(output)}: that is the template itself; write the copy to "
            "another file, so the council's own stays as it was"
        )
    with run.output.progress() as progress:
        filled = fill_template(template, run.status(register), progress)
    for line in filled.warnings:
        run.output.warn(safe(line))
    done = template_done(filled.matched, filled.added, template, output)
    run.output.publish(lambda width, colour: filled.data, output, protect=[path], done=done)
