"""`improvetrack area …`: the plan's areas for improvement."""

from typing import Annotated

import typer

from improvetrack.commands.common import JsonOption, completer, group_of, run_of
from improvetrack.text import safe

RefOption = Annotated[
    str | None, typer.Option("--ref", help="The plan's own number for it, e.g. 3.")
]
ThemeOption = Annotated[
    str | None, typer.Option("--theme", help="The theme it comes under in the plan.")
]
SponsorOption = Annotated[
    str | None, typer.Option("--sponsor", help="The accountable senior officer.")
]

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
    ref: RefOption = None,
    theme: ThemeOption = None,
    sponsor: SponsorOption = None,
) -> None:
    """Add an area for improvement."""
    from improvetrack import changes

    run = run_of(ctx)
    area = run.change(
        lambda register, stamp: changes.add_area(
            register, key, title, stamp, finding=finding, lead=lead, prefix=prefix, ref=ref,
            theme=theme, sponsor=sponsor,
        )
    )  # fmt: skip
    run.output.line(
        f"Added area {area.key}; its actions will be {area.id_prefix}-1, {area.id_prefix}-2, …"
    )


@group.command("list")
def area_list(ctx: typer.Context, json: JsonOption = False) -> None:
    """List the plan's areas."""
    run = run_of(ctx)
    run.output.result("areas", list(run.load().areas.values()), json=json)


@group.command("update")
def area_update(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(metavar="AREA", help="The area's key.", autocompletion=completer("area")),
    ],
    title: Annotated[str | None, typer.Option("--title", "-t", help="New title.")] = None,
    finding: Annotated[str | None, typer.Option("--finding", help="What was found.")] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="Who leads the area.")] = None,
    ref: RefOption = None,
    theme: ThemeOption = None,
    sponsor: SponsorOption = None,
) -> None:
    """Change an area's title, finding, lead, ref, theme or sponsor; '' clears one."""
    from improvetrack import changes

    run = run_of(ctx)
    wanted = {"title": title, "finding": finding, "lead": lead, "ref": ref}
    wanted |= {"theme": theme, "sponsor": sponsor}
    logged = run.change(lambda register, stamp: changes.update_area(register, key, wanted, stamp))
    for entry in logged:
        run.output.line(f"{key}: {safe(entry.text)}")
    if not logged:
        run.output.line(f"{key}: nothing changed (it already says that)")
