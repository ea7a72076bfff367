"""Commands that add actions and move them on: add, update and the status shortcuts."""

from typing import Annotated

import typer

from improvetrack import changes
from improvetrack.changes import Stamp
from improvetrack.commands.common import (
    ByOption,
    DueOption,
    IdArgument,
    ReasonOption,
    completer,
    run_of,
)
from improvetrack.register import Action, LogEntry, Register, restates
from improvetrack.text import safe

app = typer.Typer()


@app.command()
def add(
    ctx: typer.Context,
    area: Annotated[
        str,
        typer.Argument(
            help="Area key, as `improvetrack area list` shows.", autocompletion=completer("area")
        ),
    ],
    title: Annotated[str, typer.Argument(help="What will be done.")],
    owner: Annotated[
        str | None,
        typer.Option("--owner", "-o", help="Who owns it.", autocompletion=completer("owner")),
    ] = None,
    due: DueOption = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="How success will be measured.")
    ] = None,
    by: ByOption = None,
) -> None:
    """Add an action to an area; prints its new ID."""
    run = run_of(ctx)
    due_date = run.date(due, "--due")
    action = run.change(
        lambda register, stamp: changes.add_action(
            register, area, title, stamp, owner=owner, due=due_date, measure=measure
        ),
        by,
    )
    run.output.line(action.id)


@app.command()
def update(
    ctx: typer.Context,
    action_id: IdArgument,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="New owner ('' for none).", autocompletion=completer("owner")),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="New due date (as for add), or '' for none.", metavar="DATE"),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="New status, e.g. in-progress.", autocompletion=completer("status")
        ),
    ] = None,
    measure: Annotated[str | None, typer.Option("--measure", help="New measure.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Add a note to the log.")] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="Add a link or path (repeatable).")
    ] = None,
    rag: Annotated[
        str | None,
        typer.Option(
            "--rag",
            help="The RAG the lead reports: blue, green, amber or red (with --reason).",
            autocompletion=completer("rag"),
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why the lead reports that RAG.")
    ] = None,
    progress: Annotated[
        str | None, typer.Option("--progress", help="A progress update for the board.")
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="When the update was written (default: today).", metavar="DATE"),
    ] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="The plan's own reference.")] = None,
    timescale: Annotated[
        str | None, typer.Option("--timescale", help="A timescale that is not a date: Ongoing.")
    ] = None,
    by: ByOption = None,
) -> None:
    """Change an action; every change is logged."""
    run = run_of(ctx)
    clear_due = due is not None and not due.strip()
    when = None if clear_due else run.date(due, "--due")
    wanted = changes.Update(
        title, owner, when, status, measure, note, tuple(evidence or ()), clear_due,
        ref, timescale, rag, reason, progress, run.date(on, "--on"),
    )  # fmt: skip

    def apply(register: Register, stamp: Stamp) -> tuple[str, list[LogEntry]]:
        logged = changes.update_action(register, action_id, wanted, stamp)
        # The register's own spelling of the ID: what was typed may carry control characters.
        return register.action(action_id).id, logged

    shown, logged = run.change(apply, by)
    for before, entry in zip([None, *logged], logged, strict=False):
        if not restates(entry, before):
            run.output.line(f"{shown}: {safe(entry.text)}")
    if not logged:
        run.output.line(f"{shown}: nothing changed (it already says that)")


def _move(
    ctx: typer.Context, action_id: str, status: str, by: str | None, reason: str | None = None
) -> None:
    run = run_of(ctx)
    action = run.change(
        lambda register, stamp: changes.set_status(
            register, action_id, status, stamp, reason=reason
        ),
        by,
    )
    run.output.line(f"{action.id} is now {action.status}")


@app.command()
def start(ctx: typer.Context, action_id: IdArgument, by: ByOption = None) -> None:
    """Mark an action in progress."""
    _move(ctx, action_id, "in-progress", by)


NoteOption = Annotated[str | None, typer.Option("--note", help="A note for the log.")]
EvidenceOption = Annotated[
    list[str] | None,
    typer.Option("--evidence", help="A link or path to the evidence (repeatable)."),
]


@app.command()
def done(
    ctx: typer.Context,
    action_id: IdArgument,
    note: NoteOption = None,
    evidence: EvidenceOption = None,
    by: ByOption = None,
) -> None:
    """Mark an action done (awaiting sign-off when the plan requires it)."""

    def finish(register: Register, stamp: Stamp) -> Action:
        action = changes.set_status(register, action_id, "done", stamp)
        changes.attach(action, stamp, note=note, evidence=evidence or [])
        return action

    action = run_of(ctx).change(finish, by)
    run_of(ctx).output.line(f"{action.id} is now {action.status}")


@app.command()
def block(
    ctx: typer.Context, action_id: IdArgument, reason: ReasonOption, by: ByOption = None
) -> None:
    """Mark an action blocked, saying what blocks it."""
    _move(ctx, action_id, "blocked", by, reason)


@app.command()
def drop(
    ctx: typer.Context, action_id: IdArgument, reason: ReasonOption, by: ByOption = None
) -> None:
    """Drop an action from the plan, saying why; it no longer counts towards progress."""
    _move(ctx, action_id, "dropped", by, reason)


@app.command("sign-off")
def sign_off(
    ctx: typer.Context,
    action_id: IdArgument,
    name: Annotated[str, typer.Option("--by", help="Who accepts the evidence (not the owner).")],
    note: NoteOption = None,
    evidence: EvidenceOption = None,
) -> None:
    """Accept the evidence for an action awaiting sign-off; it becomes done."""

    def accept(register: Register, stamp: Stamp) -> Action:
        action = changes.sign_off(register, action_id, name, stamp)
        changes.attach(action, stamp, note=note, evidence=evidence or [])
        return action

    run = run_of(ctx)
    action = run.change(accept)
    run.output.line(f"{action.id} is now done, signed off by {safe(name)}")


@app.command()
def rebaseline(
    ctx: typer.Context,
    action_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="The actions whose plan the board revised (default: every open action).",
            autocompletion=completer("id"),
        ),
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", help="The board's decision, e.g. 'Board 26/11/2026'.")
    ] = "",
    by: ByOption = None,
) -> None:
    """Record a revised plan the board agreed: each action's baseline becomes its due date."""
    run = run_of(ctx)
    moved = run.change(
        lambda register, stamp: changes.rebaseline(register, action_ids or [], reason, stamp), by
    )
    for action in moved:
        run.output.line(f"{action.label}: baseline now {action.baseline_due}")
    if not moved:
        run.output.line("nothing changed: every baseline already is its due date")
