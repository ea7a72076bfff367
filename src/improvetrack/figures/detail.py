"""One action in full, for `show`: its figures as of a date, its area, what its lead
reported over time, its progress updates, and the actions it waits for or holds up."""

from __future__ import annotations

from datetime import date

from improvetrack.errors import UnknownName
from improvetrack.figures.dependencies import uses_dependencies, waits
from improvetrack.figures.history import replay
from improvetrack.figures.progress import ActionStatus, Rag, assess, next_inspection
from improvetrack.model.records import field, record
from improvetrack.model.register import RAGS, Action, Area, Register, log_value


@record
class Reported:
    """A RAG the lead reported: when, by whom, and why."""

    on: date
    by: str
    rag: Rag | None
    reason: str | None


@record
class Update:
    """A progress update: the day it was written, who gave it, and what it says."""

    on: date
    by: str
    text: str


def progress_updates(action: Action) -> list[Update]:
    """An action's progress updates, newest first."""
    found = [
        (entry.written_on, entry.at, index, entry)
        for index, entry in enumerate(action.progress_updates)
    ]
    found.sort(key=lambda row: row[:3], reverse=True)
    return [Update(on, entry.by, entry.text) for on, _, _, entry in found]


def rag_history(action: Action) -> list[Reported]:
    """Each RAG the lead reported, oldest first, with the reason given then."""
    history: list[Reported] = []
    reason: str | None = None
    for entry in action.log:
        if entry.field == "rag_reason":
            reason = log_value(entry.new)
            if history and history[-1].on == entry.at.date() and history[-1].by == entry.by:
                history[-1] = Reported(history[-1].on, entry.by, history[-1].rag, reason)
        elif entry.field == "rag":
            rag = log_value(entry.new)
            history.append(
                Reported(entry.at.date(), entry.by, Rag(rag) if rag in RAGS else None, reason)
            )
    return history


@record
class ActionDetail:
    """One action in full, for `show`: its figures, its area, and what its lead reported."""

    status: ActionStatus
    area: Area
    rag_history: list[Reported]
    updates: list[Update]  # newest first
    # The actions it waits for and those waiting for it, as they stand (v3).
    related: dict[str, ActionStatus] = field(default_factory=dict)


def detail(register: Register, action_id: str, as_of: date) -> ActionDetail:
    action = register.action(action_id)  # an ID of the register now, or a clear error
    then = replay(register, as_of).register
    depends = uses_dependencies(register)
    if action.id not in then.actions:
        made = f"on {action.created}" if action.created else "later"
        later = f" on or after {action.created}" if action.created else ""
        raise UnknownName(
            f"{action.id} was created {made}, after the as-of date {as_of}; give --as-of a "
            f"date{later}"
        )
    register, action = then, then.actions[action.id]
    found = waits(register, as_of) if depends else None
    held = found[action.id] if found else None
    inspection = next_inspection(register.plan)
    item = assess(action, as_of, inspection, held)
    related = {
        key: assess(register.actions[key], as_of, inspection, found[key])
        for key in (*action.after, *(held.needed_by if held else ()))
        if found and key in register.actions
    }
    return ActionDetail(
        item, register.areas[action.area], rag_history(action), progress_updates(action), related
    )
