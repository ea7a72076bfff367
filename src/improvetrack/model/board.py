"""What an improvement board decided, recorded against the actions (`board record`).

Evidence accepted: the action is signed off by the board and done on the board's date.
Revised dates agreed: the action is rebaselined, the reason saying which board agreed it.
Escalated: noted in the action's log. Each entry the board's decisions write carries the
board's date (`board = DATE` in the entry), so a later paper can say what it decided;
the board's date joins `plan.boards`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

from improvetrack.errors import InvalidChange, UsageError
from improvetrack.model import records
from improvetrack.model.changes import (
    Stamp,
    log_change,
    rebaseline,
    required,
    update_plan,
)
from improvetrack.model.records import field
from improvetrack.model.register import ESCALATED, Action, LogEntry, Plan, Register
from improvetrack.model.signoff import sign_off

BOARD_KEY = "board"  # the log entry's key that holds the board's date
SIGNER = "Improvement board"
KINDS = ("accepted", "agreed", "escalated")
END_OF_DAY = time(23, 59, 59)  # when an earlier board's decisions are logged, UTC
# The decision an entry records, by the field it logs (a note logs none), in the order
# decisions are listed: JSON's `changes.board_decisions` and `board record --json`.
DECISION_OF_FIELD: dict[str | None, str] = {
    "status": "accepted",
    "baseline_due": "agreed",
    ESCALATED: "escalated",
    None: "note",
}


def signer(day: date) -> str:
    """Who signs off the evidence a board accepts: "Improvement board, 2026-11-26"."""
    return f"{SIGNER}, {day.isoformat()}"


def agreed_reason(day: date) -> str:
    return f"agreed at the board on {day.isoformat()}"


@records.record
class Decisions:
    """What a board decided: action IDs (or refs) for each kind, and a note."""

    accepted: list[str] = field(default_factory=list)
    agreed: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    note: str | None = None


@records.record
class Recorded:
    """What `record` changed: the board's date, and the actions of each decision (an
    agreed action whose baseline already was its due date is not in `agreed`)."""

    day: date
    accepted: list[Action]
    agreed: list[Action]
    unchanged: list[Action]  # agreed, but nothing to move
    escalated: list[Action]
    board_added: bool
    # Each log entry the decisions wrote, with its action's ID (None: the plan's own log).
    written: list[tuple[str | None, LogEntry]] = field(default_factory=list)


def ids(values: Iterable[str]) -> list[str]:
    """IDs as given to a repeatable option, each also a comma-separated list."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def at_the_board(stamp: Stamp, day: date) -> Stamp:
    """The stamp of what a board decided: now for today's board; for an earlier one, the
    end of its day, so that the plan as it stood that evening holds the decisions (a
    board recorded the next morning signs off on its own date, as `completed` says)."""
    if day >= stamp.today:
        return stamp
    return records.replace(stamp, at=datetime.combine(day, END_OF_DAY, tzinfo=UTC), today=day)


def _check_in_time(chosen: dict[str, list[Action]], stamp: Stamp, day: date) -> None:
    """Refuse a decision on what did not exist, or was not delivered, when the board met."""
    late = [
        action.label
        for kind in KINDS
        for action in chosen[kind]
        if action.created is not None and action.created > day
    ]
    if late:
        raise InvalidChange(
            f"board record: {', '.join(late)} did not exist on {day}; give the date of the "
            "board that decided it"
        )
    delivered = [a.label for a in chosen["accepted"] if _logged_after(a, stamp.at, "status")]
    if delivered:
        raise InvalidChange(
            f"board record --accepted: {', '.join(delivered)} delivered after the board of "
            f"{day}; a board accepts the evidence of what was delivered before it met"
        )


def _logged_after(action: Action, moment: datetime, name: str) -> bool:
    """Whether the action's latest change of a field was logged after the moment."""
    times = [
        entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
        for entry in action.log
        if entry.field == name
    ]
    return bool(times) and max(times) > moment


def record(register: Register, day: date, decisions: Decisions, stamp: Stamp) -> Recorded:
    """Record a board's decisions on `day`, all or none: every ID is checked first."""
    if day > stamp.today:
        raise UsageError(
            f"board record: {day} is after the as-of date {stamp.today}; record a board "
            "once it has met"
        )
    chosen = {kind: [register.action(i) for i in getattr(decisions, kind)] for kind in KINDS}
    seen: dict[str, str] = {}
    for kind in KINDS:
        for action in chosen[kind]:
            if action.id in seen:
                raise UsageError(
                    f"board record: {action.label} is named twice ({seen[action.id]} and "
                    f"{kind}); name each action once"
                )
            seen[action.id] = kind
    waiting = [a.label for a in chosen["accepted"] if a.status != "awaiting-sign-off"]
    if waiting:
        raise InvalidChange(
            f"board record --accepted: {', '.join(waiting)} not awaiting sign-off; a board "
            "accepts the evidence of a delivered action"
        )
    closed = [a.label for kind in ("agreed", "escalated") for a in chosen[kind] if not a.is_open]
    if closed:
        raise InvalidChange(
            f"board record: {', '.join(closed)} done or dropped; a board agrees dates for "
            "and escalates open actions"
        )
    note = required(decisions.note, "--note") if decisions.note is not None else None
    stamp = at_the_board(stamp, day)
    _check_in_time(chosen, stamp, day)
    board = {BOARD_KEY: day}
    written: list[tuple[str | None, LogEntry]] = []

    def mark(item: Action | Plan, entry: LogEntry) -> None:
        entry.extra.update(board)
        written.append((item.id if isinstance(item, Action) else None, entry))

    for action in chosen["accepted"]:
        sign_off(register, action.id, signer(day), stamp, recorded=True)
        action.completed = day
        mark(action, action.log[-1])
    agreed = []
    if chosen["agreed"]:  # rebaseline with no IDs would take every open action
        agreed = rebaseline(register, [a.id for a in chosen["agreed"]], agreed_reason(day), stamp)
    for action in agreed:
        mark(action, action.log[-1])
    for action in chosen["escalated"]:
        text = f"escalated at the board on {day.isoformat()}"
        mark(action, log_change(action, stamp, text, field=ESCALATED, new=day))
    named = [action for kind in KINDS for action in chosen[kind]]
    if note:
        logged: list[Action | Plan] = [*named] or [register.plan]
        for item in logged:
            mark(item, log_change(item, stamp, f"note: board of {day.isoformat()}: {note}"))
    added = bool(update_plan(register, {}, stamp, boards=(day,)))
    moved = {action.id for action in agreed}
    return Recorded(
        day=day,
        accepted=chosen["accepted"],
        agreed=agreed,
        unchanged=[a for a in chosen["agreed"] if a.id not in moved],
        escalated=chosen["escalated"],
        board_added=added,
        written=written,
    )


def decided_at(entry: LogEntry) -> date | None:
    """The board whose decision a log entry records, if it records one."""
    day = entry.extra.get(BOARD_KEY)
    return day if isinstance(day, date) else None
