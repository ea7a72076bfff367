"""What `board record` says it did, a line for each decision."""

from __future__ import annotations

from improvetrack.model.board import Recorded
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
