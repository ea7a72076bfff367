"""`improvetrack board …`: what an improvement board decided, against the actions."""

from typing import Annotated

import typer

from improvetrack.commands.common import JsonOption, completer, group_of, run_of
from improvetrack.model import board as decisions_of
from improvetrack.model.dates import parse_date
from improvetrack.render.board import recorded_data, recorded_lines

group = group_of(
    "Record what an improvement board decided.",
    """
    improvetrack board record 2026-11-26 --accepted EDU-4 --agreed EDU-2,ASM-2
    improvetrack board record 2026-11-26 --escalated TRN-2 --note "To the ICB"
    """,
)


@group.callback()
def board() -> None:
    """Record what an improvement board decided."""
    # A group of one command still takes the command's name: `board record`, not `board`.


def _ids(help_text: str) -> object:
    return typer.Option(help=help_text, metavar="ID", autocompletion=completer("id"))


@group.command(
    "record",
    epilog="""
    improvetrack board record 2026-11-26 --accepted EDU-4 --agreed EDU-2,ASM-2
    improvetrack board record 2026-11-26 --escalated TRN-2 --note "To the ICB"
    improvetrack board record 2026-11-26 --escalated EDU-2 --json
    """,
)
def board_record(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="The day the board met.")],
    accepted: Annotated[
        list[str] | None,
        _ids("Evidence accepted: signed off by the board (repeatable, or a comma list)."),
    ] = None,
    agreed: Annotated[
        list[str] | None,
        _ids("Revised dates agreed: rebaselined (repeatable, or a comma list)."),
    ] = None,
    escalated: Annotated[
        list[str] | None,
        _ids("Escalated: noted in the action's log (repeatable, or a comma list)."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(help="What the board said, logged with each decision.", metavar="TEXT"),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Record what an improvement board decided.

    Each decision is logged against its action with the board's date, and the date joins
    the plan's boards: the next paper's comparison with the last board says what it
    decided. An accepted action must be awaiting sign-off; it is signed off by the board
    and done on the board's date. An agreed action's baseline becomes its due date. Name
    each action once. Nothing is written unless every decision can be recorded. With
    --json, what was written: each decision as the report's changes.board_decisions
    lists it.
    """
    run = run_of(ctx)
    when = parse_date(day, run.as_of, what="DATE")
    decisions = decisions_of.Decisions(
        accepted=decisions_of.ids(accepted or []),
        agreed=decisions_of.ids(agreed or []),
        escalated=decisions_of.ids(escalated or []),
        note=note,
    )
    done = run.change(lambda register, stamp: decisions_of.record(register, when, decisions, stamp))
    if json:
        run.output.json(recorded_data(done))
    else:
        run.output.line("\n".join(recorded_lines(done, note)))
