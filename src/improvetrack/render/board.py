"""What `board record` says it did: a line for each decision, or JSON for a script."""

from __future__ import annotations

from typing import Any

from improvetrack.model.board import DECISION_OF_FIELD, Recorded
from improvetrack.model.text import safe


def recorded_lines(done: Recorded, note: str | None) -> list[str]:
    said = f"board of {done.day}"
    lines = [f"{a.label}: evidence accepted, signed off by the {said}" for a in done.accepted]
    lines += [f"{a.label}: revised date agreed, baseline now {a.baseline_due}" for a in done.agreed]
    lines += [f"{a.label}: agreed; its baseline already is its due date" for a in done.unchanged]
    lines += [f"{a.label}: escalated at the {said}" for a in done.escalated]
    if done.board_added:
        lines.append(f"{done.day} added to the plan's boards")
    if not lines:
        lines.append(f"{said} recorded: {safe(note) if note else 'no decisions'}")
    return [safe(line) for line in lines]


def recorded_data(done: Recorded) -> dict[str, Any]:
    """What the decisions wrote: each as the next report's `changes.board_decisions`
    lists it (the same keys and order), whether the date joined `plan.boards`, and the
    agreed actions whose baseline already was their due date (nothing written for them)."""
    order = {kind: index for index, kind in enumerate(DECISION_OF_FIELD.values())}
    decisions: list[dict[str, Any]] = [
        {
            "board": done.day.isoformat(),
            "decision": DECISION_OF_FIELD[entry.field],
            "id": action_id,
            "text": entry.text,
        }
        for action_id, entry in done.written
    ]
    decisions.sort(key=lambda item: (order[item["decision"]], item["id"] or ""))
    return {
        "board": done.day.isoformat(),
        "board_added": done.board_added,
        "decisions": decisions,
        "unchanged": [action.id for action in done.unchanged],
    }
