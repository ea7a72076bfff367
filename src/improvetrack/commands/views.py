"""Commands that show the plan without changing it: status, list, show, log, timeline."""

from typing import Annotated

import typer

from improvetrack.commands.common import (
    AreaFilter,
    IdArgument,
    JsonOption,
    OwnerFilter,
    SinceOption,
    completer,
    run_of,
)

app = typer.Typer()


@app.command()
def status(
    ctx: typer.Context,
    area: AreaFilter = None,
    owner: OwnerFilter = None,
    since: SinceOption = None,
    json: JsonOption = False,
) -> None:
    """Show progress per area against the next inspection."""
    from improvetrack import progress

    run = run_of(ctx)
    if run.plans:
        from improvetrack.commands.reports import roll_up

        roll_up(run, "json" if json else "text", None, (), area or owner or since)
        return
    if since is not None:
        from improvetrack.report import changes_as_of

        changes = changes_as_of(run.load(), run.as_of, since, area=area, owner=owner)
        run.output.result("status_since", changes, json=json)
        return
    found = progress.compute(run.load(), run.as_of, area=area, owner=owner, every_deadline=json)
    run.output.result("status", found, json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    area: AreaFilter = None,
    owner: OwnerFilter = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", "-s", help="Only this status.", autocompletion=completer("status")
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
    json: JsonOption = False,
) -> None:
    """List actions, filtered."""
    from improvetrack import progress
    from improvetrack.register import parse_status

    run = run_of(ctx)
    wanted = parse_status(status) if status else None
    found = progress.compute(run.load(), run.as_of, area=area, owner=owner)
    chosen = progress.select(
        found.actions, status=wanted, overdue=overdue, slipped=slipped, optimistic=optimistic
    )
    run.output.result("actions", chosen, json=json)


@app.command()
def show(ctx: typer.Context, action_id: IdArgument, json: JsonOption = False) -> None:
    """Show one action in full, with its history."""
    from improvetrack import progress

    run = run_of(ctx)
    run.output.result("detail", progress.detail(run.load(), action_id, run.as_of), json=json)


@app.command()
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
    from improvetrack.history import replay
    from improvetrack.register import history

    run = run_of(ctx)
    register = replay(run.load(), run.as_of).register  # the log as it stood then
    actions = [register.action(action_id)] if action_id else list(register.actions.values())
    run.output.result("history", history(actions), json=json)


@app.command()
def timeline(ctx: typer.Context, area: AreaFilter = None, json: JsonOption = False) -> None:
    """Show completed against planned actions, month by month, up to the next inspection."""
    from improvetrack import progress

    run = run_of(ctx)
    run.output.result("burnup", progress.timeline(run.load(), run.as_of, area=area), json=json)
