"""The report: computed once from a register and an as-of date, rendered into every format.

A board's "progress and exception report" is the status of the plan plus what needs its
attention: overdue, blocked, due soon, and what changed since the last board.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from improvetrack.errors import UsageError
from improvetrack.figures.check import Finding, check
from improvetrack.figures.decided import Decided, decisions_between, paper_rows
from improvetrack.figures.dependencies import Waits
from improvetrack.figures.detail import Update, progress_updates
from improvetrack.figures.history import DateMove
from improvetrack.figures.impact import Trajectory
from improvetrack.figures.progress import (
    SOON_DAYS,
    ActionStatus,
    AreaStatus,
    MeasureStatus,
    Rag,
    Status,
    Totals,
    compute,
    direction,
    is_undated,
    is_unowned,
    status_burnup,
)
from improvetrack.figures.rounds import RoundStatus, round_status
from improvetrack.model import fields
from improvetrack.model.dates import parse_date
from improvetrack.model.records import field, record, replace
from improvetrack.model.register import CONDITIONS, Register, suggest
from improvetrack.model.rounds import stale_after

if TYPE_CHECKING:
    from improvetrack.figures.burnup import Burnup
    from improvetrack.figures.deadlines import WorkingDays


def parse_conditions(text: str) -> tuple[str, ...]:
    """`--fail-on` as typed: a comma-separated list of the known conditions."""
    wanted = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = [name for name in wanted if name not in CONDITIONS]
    if unknown or not wanted:
        shown = ", ".join(unknown) if unknown else repr(text)
        hint = suggest(unknown[0], CONDITIONS) if unknown else ""
        raise UsageError(
            f"--fail-on: unknown condition {shown}{hint} (expected a comma-separated list of "
            f"{', '.join(CONDITIONS)})"
        )
    return tuple(dict.fromkeys(wanted))


@record
class Slip:
    """A due date that moved later between two dates."""

    item: ActionStatus
    old: date
    new: date
    days: int


@record
class RagMove:
    """A RAG then and now, and which way it went."""

    item: ActionStatus
    then: Rag | None
    now: Rag | None
    direction: str  # "improved", "worse", "same", "new", "cleared" or "delivered"


@record
class AreaMove:
    """An area's progress and RAG then and now."""

    area: AreaStatus
    then: Totals | None  # None: the area did not exist then
    progress: str  # which way its progress went, as RagMove.direction
    rag: str  # which way its RAG went


@record
class MeasureMove:
    """An impact measure's value then and now; better or worse by the way it should go."""

    measure: MeasureStatus
    then: float | None
    direction: str  # as RagMove.direction


@record
class Changes:
    """What changed between the plan as it stood at `since` and as it stands now: two
    replays of the register, compared."""

    since: date
    board: bool  # whether `since` is the last board meeting (`--since last-board`)
    then: Status
    now: Status
    rag_moves: list[RagMove]  # actions whose RAG (from the dates) moved
    reported_moves: list[RagMove]  # actions whose lead reports another RAG
    completed: list[ActionStatus]
    added: list[ActionStatus]
    dropped: list[ActionStatus]
    blocked: list[ActionStatus]  # newly blocked
    unblocked: list[ActionStatus]
    slipped: list[Slip]
    updates: list[tuple[ActionStatus, Update]]  # progress updates given since
    areas: list[AreaMove]
    measures: list[MeasureMove]
    # What the boards from `since` to now decided (`board record`, v3).
    decided: list[Decided] = field(default_factory=list)


@record
class Failure:
    """A `--fail-on` condition that holds, with the actions that make it hold."""

    condition: str
    ids: list[str]
    # For "behind": the plan's progress and where the plan should be by now.
    progress: float | None = None
    planned: float | None = None


@record
class LeadSays:
    """A lead's RAG beside the one the dates give, and the reason the lead gives."""

    reported: Rag | None
    computed: Rag | None
    reason: str | None


@record
class Section:
    """A list of actions, shown the same way in every format: each action with one more
    column of detail, whose values (a date, a number, a record, register text, a status)
    are in `details`. Its title, note and column header are the renderers' words, by key."""

    key: str  # a stable name, for scripts: "overdue", "sign-off"
    items: list[ActionStatus]
    details: list[object]
    days: int | None = None  # the number of days its title names, where it names one
    # Whether the decisions list these same actions in full already, so a format may name
    # them here and not list them twice.
    listed: bool = False
    # Whether to show each action's latest progress update beside it: not where the
    # section's own column is an update already.
    show_update: bool = True


def section(
    key: str,
    items: list[ActionStatus],
    detail: Callable[[ActionStatus], object],
    days: int | None = None,
) -> Section:
    return Section(key, items, [detail(item) for item in items], days)


@record
class Why:
    """Why an area has its RAG: the actions that make it so (none for BLUE or GREEN),
    each with the codes of the rules that apply to it."""

    area: AreaStatus
    behind: list[ActionStatus]

    @property
    def ids(self) -> list[str]:
        return [item.action.id for item in self.behind]


@record
class Report:
    """Everything a report in any format shows, worked out before it is rendered: a
    summary first, what the board must decide, then the figures and the exceptions."""

    status: Status
    timeline: Burnup | None
    decisions: list[Section]  # sign-offs, escalations, re-plans and RAGs to challenge
    why: list[Why]  # each area's RAG explained
    overdue: list[ActionStatus]
    blocked: list[ActionStatus]
    due_soon: list[ActionStatus]
    exceptions: list[Section]  # overdue, blocked, due soon, unowned, undated
    changes: Changes | None
    changed: list[Section]  # what changed since --since; nothing without it
    findings: list[Finding]
    failures: list[Failure]
    # Measures behind the line from their baseline to their target: an exception too (v3).
    impact_behind: list[MeasureStatus] = field(default_factory=list)
    round: RoundStatus | None = None  # the latest update round, for the summary


def build(
    register: Register,
    as_of: date,
    *,
    since: date | str | None = None,
    board: bool = False,
    fail_on: tuple[str, ...] = (),
    area: str | None = None,
    owner: str | None = None,
    working_days: WorkingDays | None = None,
) -> Report:
    """The report on a register as of a date: one call, for the CLI and for Python.

    With `since`, it also says what changed from the plan as it stood at the end of that
    day (`board`: the day is a board meeting's) to the plan now. `since` may be text as
    typed: a date in any form the tool reads, or `last-board`. Deadlines are counted with
    `working_days` (see `progress.compute`). Each action is assessed once per date: the
    lists, the reasons and the checks all read the one status."""
    if isinstance(since, str):
        since, board = since_date(register, as_of, since)
    status = compute(
        register, as_of, area=area, owner=owner, every_deadline=True, working_days=working_days
    )
    overdue, blocked, due_soon = status.overdue, status.blocked, status.due_soon
    changes = None
    if since is not None:
        changes = changes_since(
            register, status, since, board=board, area=area, owner=owner, working_days=working_days
        )
    to_decide = decisions(status)
    return Report(
        status=status,
        timeline=status_burnup(status),
        decisions=to_decide,
        why=[_why(item) for item in status.areas],
        overdue=overdue,
        blocked=blocked,
        due_soon=due_soon,
        exceptions=_listed_once(exceptions(status, overdue, blocked, due_soon), to_decide),
        changes=changes,
        changed=_changed(changes) if changes else [],
        findings=check(register, as_of, status),
        failures=failures(status, fail_on),
        impact_behind=[
            m for a in status.areas for m in a.measures if m.trajectory is Trajectory.BEHIND
        ],
        round=round_status(status.plan, as_of),
    )


def decisions(status: Status) -> list[Section]:
    """What only the board can settle: evidence to accept, blocks to escalate, revised
    dates to agree, leads' RAGs to challenge (more optimistic than the dates) and to hear
    (more worried than the dates). An action awaiting sign-off is evidence to accept, so
    it is never a RAG to challenge or to hear."""
    actions = status.actions
    waiting = [item for item in actions if item.action.status == "awaiting-sign-off"]
    blocked = status.blocked
    slipped = sorted(
        (item for item in actions if item.slipped_days is not None),
        key=lambda item: -(item.slipped_days or 0),
    )
    optimistic = [item for item in actions if item.optimistic]
    pessimistic = [item for item in actions if item.pessimistic]
    return [
        section("sign-off", waiting, lambda item: tuple(item.action.evidence)),
        section("escalate", blocked, lambda item: item.action.blocked_reason),
        section("replan", slipped, _revised),
        section("challenge", optimistic, _reported),
        section("hear", pessimistic, _reported),
    ]


def _revised(item: ActionStatus) -> DateMove | None:
    """The agreed date and the date now, as the slips since a board are given."""
    if item.baseline is None or item.action.due is None:
        return None
    return DateMove(item.baseline, item.action.due, item.slipped_days or 0)


def _reported(item: ActionStatus) -> LeadSays:
    return LeadSays(item.reported, item.rag, item.action.rag_reason)


def exceptions(
    status: Status,
    overdue: list[ActionStatus],
    blocked: list[ActionStatus],
    due_soon: list[ActionStatus],
) -> list[Section]:
    """What needs the board's attention, in the order every format shows it."""
    as_of = status.as_of
    unowned = [item for item in status.actions if is_unowned(item.action)]
    undated = [item for item in status.actions if is_undated(item.action)]
    return [
        section(
            "overdue",
            overdue,
            lambda item: (as_of - item.action.due).days if item.action.due else None,
        ),
        section("blocked", blocked, lambda i: i.action.blocked_reason),
        section("due-soon", due_soon, _status, SOON_DAYS),
        section("held-up", status.held_up, _held),
        section(
            "stale",
            status.stale,
            lambda item: item.last_update_on,
            stale_after(status.plan.stale_after),
        ),
        section("unowned", unowned, _status),
        section("undated", undated, _in_place_of_due),
    ]


def _status(item: ActionStatus) -> object:
    return item.action.status


def _held(item: ActionStatus) -> Waits | None:
    """What holds an action up, and the date that gives it."""
    waits = item.waits
    return None if waits is None or waits.held_by is None else waits


def _listed_once(sections: list[Section], before: list[Section]) -> list[Section]:
    """Mark an exception whose actions a decision lists already, each one of them."""
    shown = {item.action.id for section in before for item in section.items}
    return [
        replace(section, listed=True)
        if section.items and all(item.action.id in shown for item in section.items)
        else section
        for section in sections
    ]


def _why(item: AreaStatus) -> Why:
    """The actions that give an area its RAG, where it is AMBER or RED."""
    rag = item.totals.rag
    if rag in (None, Rag.BLUE, Rag.GREEN):
        return Why(item, [])
    return Why(
        item, [status for status in item.actions if status.action.is_open and status.rag is rag]
    )


def _changed(changes: Changes) -> list[Section]:
    """What changed since --since, each kind of change a section."""
    moves = {move.item.action.id: move for move in changes.rag_moves}
    told = {move.item.action.id: move for move in changes.reported_moves}
    slips = {slip.item.action.id: slip for slip in changes.slipped}
    # On the actions: a note on the plan alone is in the JSON, with no action to list.
    decided = paper_rows(changes.decided)

    def move(table: dict[str, RagMove]) -> Callable[[ActionStatus], object]:
        return lambda item: table[item.action.id]

    return [
        Section("decided", [item for item, _ in decided], [row for _, row in decided]),
        section("rag-moves", [m.item for m in changes.rag_moves], move(moves)),
        section("reported-moves", [m.item for m in changes.reported_moves], move(told)),
        section("completed", changes.completed, _completed),
        section("added", changes.added, lambda item: item.action.created),
        section("dropped", changes.dropped, lambda i: i.action.dropped_reason),
        section("newly-blocked", changes.blocked, _blocker),
        section("unblocked", changes.unblocked, _status),
        section("slipped", [slip.item for slip in changes.slipped],
                lambda item: _slip_move(slips[item.action.id])),
        Section(
            "updates",
            [item for item, _ in changes.updates],
            [update for _, update in changes.updates],
            show_update=False,
        ),
    ]  # fmt: skip


def _slip_move(slip: Slip) -> DateMove:
    return DateMove(slip.old, slip.new, slip.days)


def _completed(item: ActionStatus) -> object:
    return item.action.completed


def _blocker(item: ActionStatus) -> object:
    return item.action.blocked_reason


def _trend(then: float | None, now: float | None, up: bool = True) -> str:
    """Which way a number went, where `up` says that higher is better."""
    if then is None:
        return "new" if now is not None else "same"
    if now is None:
        return "cleared"
    if now == then:
        return "same"
    return "improved" if (now > then) == up else "worse"


def _area_move(item: AreaStatus, then: AreaStatus | None) -> AreaMove:
    was = then.totals if then else None
    progress = _trend(was.progress if was else None, item.totals.progress)
    rag = direction(was.rag if was else None, item.totals.rag)
    return AreaMove(item, was, progress, rag)


def _measure_move(item: MeasureStatus, then: float | None) -> MeasureMove:
    measure = item.measure
    return MeasureMove(item, then, _trend(then, measure.current, up=measure.direction != "down"))


def since_date(register: Register, as_of: date, text: str) -> tuple[date, bool]:
    """`--since` as typed: a date, or `last-board` (the latest board before the as-of
    date). Returns the date and whether it is a board's."""
    if text.strip().lower().replace("_", "-") in ("last-board", "lastboard", "board"):
        held = [board for board in register.plan.boards if board < as_of]
        if not held:
            raise UsageError(
                f"--since last-board: the plan has no board meeting before {as_of}; add the "
                "dates with `improvetrack plan set --board DATE`"
            )
        return held[-1], True
    return parse_date(text, as_of, what="--since"), False


def changes_as_of(
    register: Register,
    as_of: date,
    since: str,
    *,
    area: str | None = None,
    owner: str | None = None,
    working_days: WorkingDays | None = None,
) -> Changes:
    """`--since` as typed (a date or `last-board`), from the plan as of a date."""
    day, board = since_date(register, as_of, since)
    now = compute(
        register, as_of, area=area, owner=owner, every_deadline=True, working_days=working_days
    )
    return changes_since(
        register, now, day, board=board, area=area, owner=owner, working_days=working_days
    )


def changes_since(
    register: Register,
    now: Status,
    since: date,
    *,
    board: bool = False,
    area: str | None = None,
    owner: str | None = None,
    working_days: WorkingDays | None = None,
) -> Changes:
    """What changed from the plan as it stood at the end of `since` to `now`."""
    if since > now.as_of:
        raise UsageError(
            f"--since: {since} is after the as-of date {now.as_of}, so nothing can have changed "
            f"since; give an earlier date, or `--since last-board`"
        )
    if now.start is not None and since < now.start:
        raise UsageError(
            f"--since: {since} is before the plan began ({now.start}); give a date from "
            f"{now.start} on, or `--since last-board`"
        )
    then = compute(
        register, since, area=area, owner=owner, every_deadline=True, working_days=working_days
    )
    return compare(register, then, now, board=board)


def compare(register: Register, then: Status, now: Status, *, board: bool = False) -> Changes:
    """What changed between two statuses of one register, computed as of two dates."""
    before = {item.action.id: item for item in then.actions}
    rag_moves: list[RagMove] = []
    reported_moves: list[RagMove] = []
    completed: list[ActionStatus] = []
    added: list[ActionStatus] = []
    dropped: list[ActionStatus] = []
    blocked: list[ActionStatus] = []
    unblocked: list[ActionStatus] = []
    slipped: list[Slip] = []
    updates: list[tuple[ActionStatus, Update]] = []
    for item in now.actions:
        action, old = item.action, before.get(item.action.id)
        if old is None:
            added.append(item)
        else:
            if old.rag != item.rag:
                rag_moves.append(RagMove(item, old.rag, item.rag, _rag_direction(old, item)))
            if old.reported != item.reported:
                moved_to = direction(old.reported, item.reported)
                reported_moves.append(RagMove(item, old.reported, item.reported, moved_to))
            status, was = action.status, old.action.status
            if status == "done" and was != "done":
                completed.append(item)
            if status == "dropped" and was != "dropped":
                dropped.append(item)
            if status == "blocked" and was != "blocked":
                blocked.append(item)
            if was == "blocked" and status != "blocked":
                unblocked.append(item)
            due = old.action.due
            if due and action.due and action.due > due:
                slipped.append(Slip(item, due, action.due, (action.due - due).days))
        for update in progress_updates(action):
            if then.as_of < update.on <= now.as_of:
                updates.append((item, update))
    rag_moves.sort(key=lambda move: (move.direction != "worse", move.item.action.id))
    areas_then = {item.area.key: item for item in then.areas}
    measures_then = {
        (m.area.key, m.measure.name): m.measure.current for a in then.areas for m in a.measures
    }
    return Changes(
        since=then.as_of,
        board=board,
        then=then,
        now=now,
        rag_moves=rag_moves,
        reported_moves=reported_moves,
        completed=completed,
        added=added,
        dropped=dropped,
        blocked=blocked,
        unblocked=unblocked,
        slipped=slipped,
        updates=sorted(updates, key=lambda pair: (pair[1].on, pair[0].action.id), reverse=True),
        areas=[_area_move(item, areas_then.get(item.area.key)) for item in now.areas],
        measures=[
            _measure_move(m, measures_then.get((m.area.key, m.measure.name)))
            for a in now.areas
            for m in a.measures
            if m.measure.current is not None
            or measures_then.get((m.area.key, m.measure.name)) is not None
        ],
        decided=decisions_between(register, then, now),
    )


def _rag_direction(then: ActionStatus, now: ActionStatus) -> str:
    """Which way an action's RAG went; an action delivered since, and waiting for its
    evidence to be accepted, is AMBER for that and has not got worse: "delivered"."""
    moved = direction(then.rag, now.rag)
    if moved == "worse" and now.action.status == "awaiting-sign-off":
        return "delivered"
    return moved


def failures(status: Status, conditions: tuple[str, ...]) -> list[Failure]:
    found = []
    for condition in conditions:
        if condition == "behind":
            totals = status.totals
            if totals.behind:
                found.append(Failure("behind", [], totals.progress, totals.planned))
            continue
        ids = [item.action.id for item in status.actions if _holds(condition, item)]
        if ids:
            found.append(Failure(condition, ids))
    return found


def _holds(condition: str, item: ActionStatus) -> bool:
    action = item.action
    if condition == "overdue":
        return item.overdue
    if condition == "blocked":
        return action.status == "blocked"
    if condition == "late":
        return item.late
    if condition == "unowned":
        return is_unowned(action)
    if condition == "undated":
        return is_undated(action)
    if condition == "slipped":
        return item.slipped_days is not None
    if condition == "optimistic":
        return item.optimistic
    if condition == "stale":
        return item.stale
    if condition == "pessimistic":
        return item.pessimistic
    raise AssertionError(f"unknown condition {condition}")


def _in_place_of_due(item: ActionStatus) -> object:
    """What an undated action has instead of a date (a timescale, "Ongoing"), if anything."""
    return next(
        (said for name in fields.in_place_of("due") if (said := fields.value(item.action, name))),
        None,
    )
