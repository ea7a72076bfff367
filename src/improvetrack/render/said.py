"""What people said about an action, dated, for the terminal: its progress updates and the
RAGs its lead reported, one row each, under its detail screen; and where a change came
from when it was collected from a lead's update return."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from improvetrack.model.register import LogEntry
from improvetrack.model.rounds import stale_after as days_of
from improvetrack.model.text import counted, safe
from improvetrack.render.cells import Hanging


def dated(rows: list[tuple[date, str, str, Text | None]]) -> Hanging:
    """Dated things someone said (updates, or RAGs and their reasons), one per row: the
    date, then what was said, wrapped under itself, and who said it."""
    shown = []
    for on, by, said, lead in rows:
        line = Text()
        if lead is not None:
            line.append_text(lead)
            line.append(" " if said else "")
        line.append(safe(said))
        line.append(f" ({safe(by)})", style="dim")
        shown.append((Text("  " + on.isoformat(), style="dim"), line))
    return Hanging(shown, gap=2)


def from_return(entry: LogEntry) -> str:
    """What a history line adds for a change collected from an update return."""
    source = entry.extra.get("source")
    if not isinstance(source, str):
        return ""
    file = source.removeprefix("update return ").rsplit(" (round ", 1)[0]
    by = f", collected by {entry.user}" if entry.user else ""
    return f" (from the update return of {entry.by}: {file}{by})"


def judged(parts: list[Text], stale: int, stale_after: int | None) -> Text | None:
    """The judgement line's parts, joined, with how many open actions are stale."""
    if stale:
        parts = [
            *parts,
            Text(f"{counted(stale, 'action')} with no update for over {days_of(stale_after)} days"),
        ]
    return Text(" · ").join(parts) if parts else None
