"""Commands that look into the plan without changing it: list, show, log, timeline."""

from typing import Annotated

import typer

from improvetrack.commands.common import (
    AreaFilter,
    Family,
    IdArgument,
    JsonOption,
    OwnerFilter,
    completer,
    run_of,
)
from improvetrack.figures import detail, progress
from improvetrack.figures.history import replay
from improvetrack.model.register import history, parse_status

app = Family()


@app.command(
    "list",
    epilog="""
    improvetrack list --overdue
    improvetrack list --area education --status in-progress --json
    """,
)
def list_(
    ctx: typer.Context,
    area: AreaFilter = None,
    owner: OwnerFilter = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            help="Only this status, e.g. blocked.",
            metavar="STATUS",
            autocompletion=completer("status"),
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    slipped: Annotated[
        bool, typer.Option("--slipped", help="Only actions due later than the plan agreed.")
    ] = False,
    optimistic: Annotated[
        bool,
        typer.Option("--optimistic", help="Only actions reported better than their dates give."),
    ] = False,
    waiting: Annotated[
        bool, typer.Option("--waiting", help="Only open actions waiting for an open one.")
    ] = False,
    stale: Annotated[
        bool,
        typer.Option("--stale", help="Only open actions with no update for too long."),
    ] = False,
    pessimistic: Annotated[
        bool,
        typer.Option("--pessimistic", help="Only actions reported worse than their dates give."),
    ] = False,
    json: JsonOption = False,
) -> None:
    """List actions: all, or filtered by area, owner or status.

    Filters combine: an action is listed when it passes every one given.
    """

    run = run_of(ctx)
    wanted = parse_status(status) if status else None
    found = run.status(run.load(), area=area, owner=owner)
    chosen = progress.select(
        found.actions, status=wanted, overdue=overdue, slipped=slipped, optimistic=optimistic,
        waiting=waiting, stale=stale, pessimistic=pessimistic,
    )  # fmt: skip
    run.output.result("actions", chosen, json=json)


@app.command(
    epilog="""
    improvetrack show TRN-2
    improvetrack show ASM-4 --as-of 2026-10-29
    """
)
def show(ctx: typer.Context, action_id: IdArgument, json: JsonOption = False) -> None:
    """Show one action in full, with its history."""

    run = run_of(ctx)
    run.output.result("detail", detail.detail(run.load(), action_id, run.as_of), json=json)


@app.command(
    epilog="""
    improvetrack log
    improvetrack log ASM-1 --json
    """
)
def log(
    ctx: typer.Context,
    action_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="Only this action's history.", autocompletion=completer("id")
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Show the change history, oldest first."""

    run = run_of(ctx)
    register = replay(run.load(), run.as_of).register  # the log as it stood then
    actions = [register.action(action_id)] if action_id else list(register.actions.values())
    run.output.result("history", history(actions), json=json)


@app.command(
    epilog="""
    improvetrack timeline
    improvetrack timeline --area education
    """
)
def timeline(ctx: typer.Context, area: AreaFilter = None, json: JsonOption = False) -> None:
    """Show done against planned actions, month by month.

    From the plan's start to the next inspection: actions completed, the plan's line of
    where it should be, and the projection at the current rate.
    """

    run = run_of(ctx)
    found = progress.timeline(run.load(), run.as_of, area=area, working_days=run.working_days)
    run.output.result("burnup", found, json=json)
