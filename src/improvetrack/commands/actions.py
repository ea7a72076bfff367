"""Commands that add actions and move them on: add, update and the status shortcuts."""

from typing import Annotated

import typer

from improvetrack.commands.common import (
    ByOption,
    DueOption,
    Family,
    IdArgument,
    ReasonOption,
    completer,
    run_of,
)
from improvetrack.model import changes, signoff
from improvetrack.model.changes import Stamp
from improvetrack.model.register import Action, Register, readable
from improvetrack.model.text import safe

app = Family()

AfterOption = Annotated[
    list[str] | None,
    typer.Option(
        "--after",
        help="An action this one waits for, by ID (repeatable).",
        metavar="ID",
        autocompletion=completer("id"),
    ),
]


@app.command(
    epilog="""
    improvetrack add assessments "Audit ten assessments a month" --due +6w
    improvetrack add education "Train designated teachers" --due 31/03/2027
    improvetrack add assessments "Audit the new template in use" --after ASM-1
    """
)
def add(
    ctx: typer.Context,
    area: Annotated[
        str,
        typer.Argument(
            metavar="AREA",
            help="Area key, as `improvetrack area list` shows, or the area's title.",
            autocompletion=completer("area"),
        ),
    ],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What will be done.")],
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner", "-o", help="Who owns it.", metavar="NAME", autocompletion=completer("owner")
        ),
    ] = None,
    due: DueOption = None,
    measure: Annotated[
        str | None,
        typer.Option("--measure", help="How success will be measured.", metavar="TEXT"),
    ] = None,
    after: AfterOption = None,
    by: ByOption = None,
) -> None:
    """Add an action to an area; prints its new ID."""
    run = run_of(ctx)
    due_date = run.date(due, "--due")
    action = run.change(
        lambda register, stamp: changes.add_action(
            register, area, title, stamp, owner=owner, due=due_date, measure=measure,
            after=tuple(after or ()),
        ),
        by,
    )  # fmt: skip
    run.output.line(action.id)


@app.command(
    epilog="""
    improvetrack update ASM-4 --due +6w --note "New date agreed at the board"
    improvetrack update TRN-2 --rag amber --reason "ICB decision due in January"
    improvetrack update EDU-2 --progress "PEPs on time rose to 71% in November"
    """
)
def update(
    ctx: typer.Context,
    action_id: IdArgument,
    title: Annotated[str | None, typer.Option("--title", help="New title.", metavar="TEXT")] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help="New owner ('' for none).",
            metavar="NAME",
            autocompletion=completer("owner"),
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            help="New due date, as for add (+6w: six weeks after the as-of date), or '' for none.",
            metavar="DATE",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="New status, e.g. in-progress, blocked or done.",
            metavar="STATUS",
            autocompletion=completer("status"),
        ),
    ] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="New measure.", metavar="TEXT")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Add a note to the log.", metavar="TEXT")
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="Add a link or path (repeatable).", metavar="LINK"),
    ] = None,
    rag: Annotated[
        str | None,
        typer.Option(
            "--rag",
            help="The RAG the lead reports: blue, green, amber or red (with --reason).",
            metavar="RAG",
            autocompletion=completer("rag"),
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why the lead reports that RAG.", metavar="TEXT"),
    ] = None,
    progress: Annotated[
        str | None,
        typer.Option("--progress", help="A progress update for the board.", metavar="TEXT"),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="When the update was written (default: today).", metavar="DATE"),
    ] = None,
    ref: Annotated[
        str | None, typer.Option("--ref", help="The plan's own reference.", metavar="REF")
    ] = None,
    timescale: Annotated[
        str | None,
        typer.Option(
            "--timescale", help="A timescale that is not a date: Ongoing.", metavar="TEXT"
        ),
    ] = None,
    after: AfterOption = None,
    not_after: Annotated[
        list[str] | None,
        typer.Option(
            "--not-after",
            help="An action this one no longer waits for (repeatable).",
            metavar="ID",
            autocompletion=completer("id"),
        ),
    ] = None,
    completed: Annotated[
        str | None,
        typer.Option(
            "--completed", help="Correct the day a done action was completed.", metavar="DATE"
        ),
    ] = None,
    by: ByOption = None,
) -> None:
    """Change an action; every change is logged.

    A relative --due (+6w) counts from the as-of date, not from the current due date. When
    that moves the due date earlier, a warning on stderr says so, and the change is made.
    """
    run = run_of(ctx)
    clear_due = due is not None and not due.strip()
    when = None if clear_due else run.date(due, "--due")
    wanted = changes.Update(
        title, owner, when, status, measure, note, tuple(evidence or ()), clear_due,
        ref, timescale, rag, reason, progress, run.date(on, "--on"),
        changes.counted_from(due, run.as_of), tuple(after or ()), tuple(not_after or ()),
        run.date(completed, "--completed"),
    )  # fmt: skip
    done = run.change(lambda r, stamp: changes.apply_update(r, action_id, wanted, stamp), by)
    for warning in done.warnings:
        run.output.warn(warning)
    # The register's own spelling of the ID: what was typed may carry control characters.
    said = "\n".join(f"{done.id}: {safe(entry.text)}" for entry in readable(done.logged))
    run.output.line(said or f"{done.id}: nothing changed (it already says that)")


def _move(
    ctx: typer.Context,
    action_id: str,
    status: str,
    by: str | None,
    reason: str | None = None,
    note: str | None = None,
    evidence: list[str] | None = None,
) -> None:
    """A status shortcut: the move, with the note and evidence that go in with it."""

    def move(register: Register, stamp: Stamp) -> Action:
        action = changes.set_status(register, action_id, status, stamp, reason=reason)
        changes.attach(action, stamp, note=note, evidence=evidence or [])
        return action

    run = run_of(ctx)
    action = run.change(move, by)
    run.output.line(f"{action.id} is now {action.status}")


@app.command(
    epilog="""
    improvetrack start TRN-4
    """
)
def start(ctx: typer.Context, action_id: IdArgument, by: ByOption = None) -> None:
    """Mark an action in progress."""
    _move(ctx, action_id, "in-progress", by)


NoteOption = Annotated[
    str | None, typer.Option("--note", help="A note for the log.", metavar="TEXT")
]
EvidenceOption = Annotated[
    list[str] | None,
    typer.Option("--evidence", help="A link or path to the evidence (repeatable).", metavar="LINK"),
]


@app.command(
    epilog="""
    improvetrack done ASM-4 --evidence https://example.org/audit-2026-11
    improvetrack done TRN-4 --note "Tracker live in the case system"
    """
)
def done(
    ctx: typer.Context,
    action_id: IdArgument,
    note: NoteOption = None,
    evidence: EvidenceOption = None,
    by: ByOption = None,
) -> None:
    """Mark an action done (awaiting sign-off if the plan needs it).

    When the plan requires sign-off (`improvetrack plan set --require-sign-off`), the
    action waits for `improvetrack sign-off ID --by NAME`.
    """
    _move(ctx, action_id, "done", by, note=note, evidence=evidence)


@app.command(
    epilog="""
    improvetrack block ASM-2 --reason "Training budget frozen until April"
    """
)
def block(
    ctx: typer.Context, action_id: IdArgument, reason: ReasonOption, by: ByOption = None
) -> None:
    """Mark an action blocked, saying what blocks it."""
    _move(ctx, action_id, "blocked", by, reason)


@app.command(
    epilog="""
    improvetrack drop ASM-5 --reason "Merged into ASM-2 by the board"
    """
)
def drop(
    ctx: typer.Context, action_id: IdArgument, reason: ReasonOption, by: ByOption = None
) -> None:
    """Drop an action, saying why; progress no longer counts it."""
    _move(ctx, action_id, "dropped", by, reason)


@app.command(
    "sign-off",
    epilog="""
    improvetrack sign-off EDU-4 --by "Director of Children's Services"
    """,
)
def sign_off(
    ctx: typer.Context,
    action_id: IdArgument,
    name: Annotated[
        str,
        typer.Option("--by", help="Who accepts the evidence (not the owner).", metavar="NAME"),
    ],
    note: NoteOption = None,
    evidence: EvidenceOption = None,
) -> None:
    """Accept the evidence for an action awaiting sign-off.

    The action becomes done. Someone other than its owner, and other than whoever marked
    it done, signs it off.
    """

    def accept(register: Register, stamp: Stamp) -> Action:
        action = signoff.sign_off(register, action_id, name, stamp)
        changes.attach(action, stamp, note=note, evidence=evidence or [])
        return action

    run = run_of(ctx)
    action = run.change(accept)
    run.output.line(f"{action.id} is now done, signed off by {safe(name)}")


@app.command(
    epilog="""
    improvetrack rebaseline TRN-2 --reason "Board 26/11/2026"
    improvetrack rebaseline --reason "Revised plan agreed by the board"
    """
)
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
        str,
        typer.Option(
            "--reason", help="The board's decision, e.g. 'Board 26/11/2026'.", metavar="TEXT"
        ),
    ] = "",
    by: ByOption = None,
) -> None:
    """Record the board's revised plan: baselines become due dates.

    Each named action's baseline (the due date the agreed plan promised) becomes its
    current due date; with no IDs, every open action's does.
    """
    run = run_of(ctx)
    moved = run.change(
        lambda register, stamp: changes.rebaseline(register, action_ids or [], reason, stamp), by
    )
    for action in moved:
        run.output.line(f"{action.label}: baseline now {action.baseline_due}")
    if not moved:
        run.output.line("nothing changed: every baseline already is its due date")
