"""`improvetrack area …`: the plan's areas for improvement."""

from typing import Annotated

import typer

from improvetrack.commands.common import JsonOption, group_of, run_of

group = group_of("Manage the plan's areas for improvement.", no_args_is_help=True)


@group.command("add")
def area_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Short key: lowercase letters, digits, '-'.")],
    title: Annotated[str, typer.Option("--title", "-t", help="The area's title.")],
    finding: Annotated[
        str | None, typer.Option("--finding", help="What the inspectors found.")
    ] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="Who leads the area.")] = None,
    prefix: Annotated[
        str | None, typer.Option("--prefix", help="Action ID prefix (default: from the key).")
    ] = None,
) -> None:
    """Add an area for improvement."""
    from improvetrack import changes

    run = run_of(ctx)
    area = run.change(
        lambda register, _: changes.add_area(
            register, key, title, finding=finding, lead=lead, prefix=prefix
        )
    )
    run.output.line(
        f"Added area {area.key}; its actions will be {area.id_prefix}-1, {area.id_prefix}-2, …"
    )


@group.command("list")
def area_list(ctx: typer.Context, json: JsonOption = False) -> None:
    """List the plan's areas."""
    run = run_of(ctx)
    run.output.result("areas", list(run.load().areas.values()), json=json)
