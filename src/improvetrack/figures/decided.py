"""What boards decided, read back from the log (`board record`, v3): for a paper's
comparison with the last board, and for JSON's `changes.board_decisions`."""

from __future__ import annotations

from datetime import date

from improvetrack.figures.progress import ActionStatus, Status
from improvetrack.model.board import DECISION_OF_FIELD, decided_at
from improvetrack.model.records import record
from improvetrack.model.register import LogEntry, Register


@record
class Decided:
    """A board's decision, as its log entry records it: on an action, or (a note with no
    action named) on the plan."""

    board: date
    kind: str  # accepted, agreed, escalated or note
    item: ActionStatus | None
    text: str


@record
class PaperRow:
    """A board's decisions on one action, as a paper lists them: what it decided (the
    kinds: accepted, agreed, escalated; none for a note alone), and its note, if any."""

    kinds: tuple[str, ...]
    board: date
    note: str | None


def paper_rows(decided: list[Decided]) -> list[tuple[ActionStatus, PaperRow]]:
    """The decisions on actions, one row each, as a paper lists them: a board's note goes
    with that board's other decisions on the action, not in a row of its own."""
    rows: dict[tuple[str, date], list[str]] = {}
    items: dict[str, ActionStatus] = {}
    notes: dict[tuple[str, date], str] = {}
    for entry in decided:
        if entry.item is None:
            continue
        key = (entry.item.action.id, entry.board)
        items[entry.item.action.id] = entry.item
        if entry.kind == "note":
            notes[key] = entry.text.partition(f"{entry.board.isoformat()}: ")[2] or entry.text
        else:
            rows.setdefault(key, []).append(entry.kind)
    for key in notes:
        rows.setdefault(key, [])
    return [
        (items[action_id], PaperRow(tuple(kinds), board, notes.get((action_id, board))))
        for (action_id, board), kinds in rows.items()
    ]


def decisions_between(register: Register, then: Status, now: Status) -> list[Decided]:
    """Each decision of a board from the `then` date (that day's board included: a
    paper since the last board says what it decided) to the `now` date, board by board."""
    kinds = DECISION_OF_FIELD
    statuses = {item.action.id: item for item in now.actions}
    found = []
    logs: list[tuple[ActionStatus | None, list[LogEntry]]] = [(None, register.plan.log)]
    logs += [(statuses[a.id], a.log) for a in register.actions.values() if a.id in statuses]
    for item, log in logs:
        for entry in log:
            day = decided_at(entry)
            if day is not None and then.as_of <= day <= now.as_of and entry.field in kinds:
                found.append(Decided(day, kinds[entry.field], item, entry.text))
    order = {kind: index for index, kind in enumerate(kinds.values())}
    return sorted(found, key=lambda d: (d.board, order[d.kind], d.item.action.id if d.item else ""))
