"""`improvetrack area …`: the plan's areas for improvement."""

from typing import Annotated

import typer

from improvetrack.commands.common import JsonOption, completer, group_of, run_of
from improvetrack.model import changes
from improvetrack.model.text import safe

RefOption = Annotated[
    str | None, typer.Option("--ref", help="The plan's own number for it, e.g. 3.", metavar="REF")
]
ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", help="The theme it comes under in the plan.", metavar="TEXT"),
]
SponsorOption = Annotated[
    str | None, typer.Option("--sponsor", help="The accountable senior officer.", metavar="NAME")
]
LeadOption = Annotated[
    str | None, typer.Option("--lead", help="Who leads the area.", metavar="NAME")
]
FindingOption = Annotated[
    str | None, typer.Option("--finding", help="What the inspectors found.", metavar="TEXT")
]

group = group_of(
    "Manage the plan's areas for improvement.",
    """
    improvetrack area list
    improvetrack area add leaving-care --title "Support for care leavers"
    """,
    no_args_is_help=True,
)


@group.command(
    "add",
    epilog="""
    improvetrack area add leaving-care --title "Care leavers" --prefix LCS
    improvetrack area add health --title "Health of children in care"
    """,
)
def area_add(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(metavar="KEY", help="Short key: lowercase letters, digits, '-'.")
    ],
    title: Annotated[str, typer.Option("--title", "-t", help="The area's title.", metavar="TEXT")],
    finding: FindingOption = None,
    lead: LeadOption = None,
    prefix: Annotated[
        str | None,
        typer.Option(
            "--prefix", help="Action ID prefix, e.g. LCS (default: from the key).", metavar="PREFIX"
        ),
    ] = None,
    ref: RefOption = None,
    theme: ThemeOption = None,
    sponsor: SponsorOption = None,
) -> None:
    """Add an area for improvement.

    Its actions are numbered from its prefix: LCS-1, LCS-2, …
    """

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


@group.command(
    "list",
    epilog="""
    improvetrack area list
    improvetrack area list --json
    """,
)
def area_list(ctx: typer.Context, json: JsonOption = False) -> None:
    """List the plan's areas."""
    run = run_of(ctx)
    run.output.result("areas", list(run.load().areas.values()), json=json)


@group.command(
    "update",
    epilog="""
    improvetrack area update transitions --lead "Head of Service, Transitions"
    improvetrack area update education --sponsor "Director of Education"
    """,
)
def area_update(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            metavar="AREA",
            help="The area's key, or its title.",
            autocompletion=completer("area"),
        ),
    ],
    title: Annotated[
        str | None, typer.Option("--title", "-t", help="New title.", metavar="TEXT")
    ] = None,
    finding: FindingOption = None,
    lead: LeadOption = None,
    ref: RefOption = None,
    theme: ThemeOption = None,
    sponsor: SponsorOption = None,
) -> None:
    """Change an area's title, finding, lead, ref, theme or sponsor.

    An empty value ('') clears a field; the title cannot be cleared.
    """

    run = run_of(ctx)
    wanted = {"title": title, "finding": finding, "lead": lead, "ref": ref}
    wanted |= {"theme": theme, "sponsor": sponsor}
    # The area's own key: what was typed may be its title.
    shown, logged = run.change(
        lambda r, stamp: (r.area(key).key, changes.update_area(r, key, wanted, stamp))
    )
    said = "\n".join(f"{shown}: {safe(entry.text)}" for entry in logged)
    run.output.line(said or f"{shown}: nothing changed (it already says that)")
