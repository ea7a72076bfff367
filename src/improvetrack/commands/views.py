"""The status command: progress per area against the next inspection, the screen a
service manager opens first (its module kept to what that screen needs, for start-up)."""

import typer

from improvetrack.commands.common import (
    AreaFilter,
    Family,
    JsonOption,
    OwnerFilter,
    SinceOption,
    run_of,
)

app = Family()


@app.command(
    epilog="""
    improvetrack status
    improvetrack status --area transitions --as-of 2026-10-29
    improvetrack status --owner "virtual school" --since last-board
    """
)
def status(
    ctx: typer.Context,
    area: AreaFilter = None,
    owner: OwnerFilter = None,
    since: SinceOption = None,
    json: JsonOption = False,
) -> None:
    """Show progress per area against the next inspection."""

    run = run_of(ctx)
    if run.plans:
        from improvetrack.commands.reports import roll_up

        return roll_up(run, "json" if json else "text", None, (), area or owner or since)
    if since is not None:
        changes = run.changes(run.load(), since, area=area, owner=owner)
        return run.output.result("status_since", changes, json=json)
    found = run.status(run.load(), area=area, owner=owner, every_deadline=json)
    run.output.result("status", found, json=json)
