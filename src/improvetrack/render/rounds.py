"""The words of an update round: what `updates request`, `collect` and `status` print,
the chase list as JSON, and how a change collected from a return is said in a history."""

from __future__ import annotations

from datetime import date
from typing import Any

from improvetrack.figures.rounds import RoundStatus
from improvetrack.model.text import counted, safe


def requested_lines(done: Any, files: list[str]) -> list[str]:
    """What `updates request` did (a `workflows.rounds.Requested`)."""
    board_words = f", for the board on {done.board}" if done.board else ""
    how = "opened" if done.opened_now else "of"
    lines = [f"Round {how} {done.opened}: returns due {done.due}{board_words}."]
    if not files:
        lines.append("No packs written: no open action has an owner.")
    lines += [f"Wrote {safe(name)}" for name in files]
    return lines


def unowned_warning(ids: list[str]) -> str:
    return (
        f"{counted(len(ids), 'open action')} with no owner, so nobody is asked about "
        f"{'it' if len(ids) == 1 else 'them'}: {', '.join(ids)}"
    )


def collected_lines(collection: Any) -> list[str]:
    """Each return's changes, conflicts and whether it was collected before."""
    lines: list[str] = []
    would = "would change" if collection.dry_run else "changed"
    for item in collection.returns:
        who = f"{safe(item.file)} ({safe(item.owner)})"
        if item.already:
            lines.append(f"{who}: already collected; nothing changed")
            continue
        late = f", {counted(item.late_days, 'day')} late" if item.late_days else ""
        if not item.changes:
            lines.append(f"{who}{late}: no changes")
        else:
            lines.append(f"{who}{late}: {would} {counted(len(item.changes), 'field')}")
        for change in item.changes:
            lines.append(f"  {change.action} {change.field}: {change.old} → {change.new}")
        for conflict in item.conflicts:
            lines.append(
                f"  conflict: {conflict.action} {conflict.field}: kept the register's "
                f"{conflict.register!r}; the return says {conflict.returned!r}"
            )
    if collection.dry_run:
        lines.append("Dry run: nothing written.")
    return lines


def conflicts_line(count: int) -> str:
    return (
        f"{counted(count, 'conflict')}: the register's values were kept; settle "
        f"{'it' if count == 1 else 'each'} with `improvetrack update ID`"
    )


def status_lines(status: RoundStatus | None, as_of: date) -> list[str]:
    if status is None:
        return ["No update round yet: open one with `improvetrack updates request`."]
    board = f", for the board on {status.board}" if status.board else ""
    lines = [
        f"Round opened {status.opened}{board}.",
        f"Returns due {status.due}: {status.returned} of {counted(len(status.leads), 'lead')} "
        "returned.",
    ]
    for lead in status.leads:
        actions = counted(lead.actions, "action").rjust(10)
        if lead.returned_on is not None:
            said = f"returned {lead.returned_on}"
        elif lead.days_late:
            said = f"not returned, {counted(lead.days_late, 'day')} past due"
        else:
            said = "not returned"
        lines.append(f"  {said:<30}{actions}  {safe(lead.owner)}")
    return lines


def status_data(status: RoundStatus | None, as_of: date) -> dict[str, Any]:
    if status is None:
        return {"as_of": as_of.isoformat(), "round": None}
    return {
        "as_of": as_of.isoformat(),
        "round": {
            "opened": status.opened.isoformat(),
            "due": status.due.isoformat(),
            "board": status.board.isoformat() if status.board else None,
            "asked": len(status.leads),
            "returned": status.returned,
            "leads": [
                {
                    "owner": lead.owner,
                    "actions": lead.actions,
                    "returned_on": lead.returned_on.isoformat() if lead.returned_on else None,
                    "files": lead.files,
                    "days_late": lead.days_late,
                }
                for lead in status.leads
            ],
        },
    }
