"""Commands for CI and boards: check the register, write a report."""

from pathlib import Path
from typing import Annotated, Any

import typer

from improvetrack.commands.common import (
    AreaFilter,
    Family,
    JsonOption,
    OwnerFilter,
    Run,
    SinceOption,
    completer,
    run_of,
)
from improvetrack.errors import UsageError
from improvetrack.figures.report import parse_conditions
from improvetrack.model.text import counted, safe
from improvetrack.render import checks, formats
from improvetrack.render.words import failure_words
from improvetrack.workflows import reports
from improvetrack.workflows.checks import check_file

app = Family()


@app.command(
    "check",
    epilog="""
    improvetrack check
    improvetrack check --strict --json
    """,
)
def check_(
    ctx: typer.Context,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when there are warnings, not only errors.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Validate the register; flag unowned, undated or late actions.

    Late: due after the next inspection. Quiet when all is well. Exit 2 when the register
    is invalid (every problem listed), 1 with --strict when there are warnings, else 0.
    """

    run = run_of(ctx)
    result = check_file(run.path(), run.as_of)
    if json:
        run.output.json(checks.result_data(result))
    else:
        for error in result.errors:
            run.output.error(error)
        for line in checks.warning_lines(result):
            run.output.line(line)
    if result.errors or (result.findings and strict):
        raise typer.Exit(2 if result.errors else 1)


FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=f"{formats.listing(formats.REPORT)}; without it, the one the --output file's "
        "name says (board.html: html), else text.",
        metavar="FORMAT",
        autocompletion=completer("format"),
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", help="Write to this file (atomically), not stdout.", metavar="FILE"),
]


@app.command(
    epilog="""
    improvetrack report --format markdown --since last-board
    improvetrack report --format html --output board.html --fail-on overdue
    """
)
def report(
    ctx: typer.Context,
    format_: FormatOption = None,
    output: OutputOption = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 if any of these holds, comma-separated: overdue, blocked, unowned, "
            "undated, behind, late, slipped, optimistic, pessimistic, stale.",
            metavar="CONDITIONS",
            autocompletion=completer("fail-on"),
        ),
    ] = None,
    since: SinceOption = None,
    area: AreaFilter = None,
    owner: OwnerFilter = None,
) -> None:
    """Write a progress and exception report for a board or CI.

    Exit 1 when a --fail-on condition holds, so a pipeline can fail when the plan slips.
    """

    run = run_of(ctx)
    terminal = output is None and run.output.is_terminal
    chosen = formats.chosen(formats.REPORT, format_, output, default="text", terminal=terminal)
    conditions = parse_conditions(fail_on) if fail_on is not None else ()
    if run.plans:
        return roll_up(run, chosen.name, output, conditions, area or owner or since)
    width, colour = run.output.laid_out(output)
    paper = reports.report(
        path := run.path(), run.as_of, format=chosen.name, since=since, fail_on=conditions,
        area=area, owner=owner, width=width, colour=colour, working_days=run.working_days,
    )  # fmt: skip
    done = f"Wrote the report to {safe(output)} ({chosen.description})"
    run.output.publish(lambda width, colour: paper.content, output, protect=[path], done=done)
    fail(run, paper.failures)


def roll_up(
    run: Run, name: str, output: Path | None, conditions: tuple[str, ...], narrowed: Any
) -> None:
    """status or report on several plans: one row each, totals, and --fail-on across all."""

    if narrowed:
        raise UsageError(
            "--area, --owner and --since work on one register, not a roll-up; name one with "
            "--register FILE"
        )
    width, colour = run.output.laid_out(output)
    rolled = reports.roll_up(
        run.plans, run.as_of, format=name, fail_on=conditions, width=width, colour=colour
    )
    for path in rolled.skipped:
        run.output.warn(f"{path}: not a register (it has no [plan] table); left out")
    plans = counted(len(rolled.rollup.plans), "plan")
    run.output.publish(
        lambda width, colour: rolled.content,
        output,
        protect=[plan.path for plan in rolled.rollup.plans],
        done=f"Wrote the roll-up of {plans} to {safe(output)}",
    )
    fail(run, rolled.failures)


def fail(run: Run, failures: list[Any]) -> None:
    """Exit 1 with a one-line summary when a --fail-on condition holds."""
    if failures:
        run.output.note(f"failing on: {'; '.join(failure_words(f) for f in failures)}")
        raise typer.Exit(1)
