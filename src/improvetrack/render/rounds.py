"""The words of an update round: what `updates request`, `collect` and `status` print,
the chase list as JSON, and how a change collected from a return is said in a history."""

from __future__ import annotations

import textwrap
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


def status_lines(status: RoundStatus | None, as_of: date, width: int = 80) -> list[str]:
    """The chase list, WIDTH columns wide: a lead per line, a long name wrapped under its
    own column; on a screen too narrow for that column, each name above its figures."""
    if status is None:
        return ["No update round yet: open one with `improvetrack updates request`."]
    board = f", for the board on {status.board}" if status.board else ""
    lines = [
        *textwrap.wrap(f"Round opened {status.opened}{board}.", width),
        *textwrap.wrap(
            f"Returns due {status.due}: {status.returned} of "
            f"{counted(len(status.leads), 'lead')} returned.",
            width,
        ),
    ]
    rows = [
        (_chased(lead), counted(lead.actions, "action"), safe(lead.owner)) for lead in status.leads
    ]
    if not rows:
        return lines
    # Columns as wide as their longest entry, so that no two run together.
    said_width = max(30, *(len(said) + 1 for said, _, _ in rows))
    actions_width = max(10, *(len(actions) + 1 for _, actions, _ in rows))
    indent = 2 + said_width + actions_width + 2
    for said, actions, owner in rows:
        if width - indent >= _NAME_ROOM:
            names = textwrap.wrap(owner, width - indent) or [""]
            lines.append(f"  {said:<{said_width}}{actions:>{actions_width}}  {names[0]}")
            lines += [" " * indent + name for name in names[1:]]
        else:
            names = textwrap.wrap(owner, width - 2) or [""]
            if len(names[-1]) + len(actions) + 3 <= width - 2:
                names[-1] += f" ({actions})"
            else:
                names.append(f"({actions})")
            lines += [f"  {name}" for name in names]
            lines += textwrap.wrap(said, width, initial_indent="    ", subsequent_indent="    ")
    return lines


# The fewest columns a lead's name is given beside the figures before it goes above them.
_NAME_ROOM = 20


def _chased(lead: Any) -> str:
    """Whether a lead returned, or how late the return is."""
    if lead.returned_on is not None:
        return f"returned {lead.returned_on}"
    if lead.days_late:
        return f"not returned, {counted(lead.days_late, 'day')} past due"
    return "not returned"


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
