"""The screens of one action and of the log: `show` (an action in full, its updates, its
reported RAGs and its history) and `log`. Apart from the status screen, so that `status`
loads none of what they need."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from improvetrack.figures.detail import ActionDetail
from improvetrack.figures.progress import ActionStatus
from improvetrack.model import fields
from improvetrack.model.register import Action, LogEntry, restates
from improvetrack.model.text import counted, safe
from improvetrack.render.cells import day, rag_text, text
from improvetrack.render.said import dated, from_return
from improvetrack.render.waits import detail_rows

# The fields of the action table that `show` lists only when they are set, by label.
_SHOWN_IF_SET = (
    ("Timescale", "timescale"),
    ("Completed", "completed"),
    ("Signed off by", "signed_off_by"),
    ("Measure", "measure"),
    ("Blocked", "blocked_reason"),
    ("Dropped", "dropped_reason"),
)


def detail_view(detail: ActionDetail, width: int) -> RenderableType:
    item, area = detail.status, detail.area
    action = item.action
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    due = Text.assemble(day(action.due), (" overdue", "bold red") if item.overdue else "")
    if item.baseline and item.baseline != action.due:
        moved = f" (agreed {item.baseline}"
        moved += f"; slipped {counted(item.slipped_days, 'day')})" if item.slipped_days else ")"
        due.append(moved, style="yellow" if item.slipped_days else "dim")
    rows: list[tuple[str, RenderableType]] = [
        ("ID", text(action.label)),
        ("Title", text(action.title)),
        ("Area", Text.assemble(text(area.title), (f" ({safe(area.key)})", "dim"))),
        ("Owner", text(action.owner or "— no owner")),
        ("Status", Text(action.status)),
        ("RAG", Text.assemble(rag_text(item.rag), (" from the dates and status", "dim"))),
        ("Reported", _reported_line(item)),
        ("Due", due),
        ("Created", day(action.created)),
    ]
    optional = [(label, fields.value(action, name)) for label, name in _SHOWN_IF_SET]
    rows += [(label, text(value)) for label, value in optional if value] + detail_rows(detail)
    for number, link in enumerate(action.evidence, start=1):
        rows.append(("Evidence" if number == 1 else "", text(link)))
    for label, value in rows:
        grid.add_row(label, value)
    parts: list[RenderableType] = [grid]
    if detail.updates:
        parts += ["", Text("Progress updates, newest first", style="bold")]
        parts.append(dated([(u.on, u.by, u.text, None) for u in detail.updates]))
    if detail.rag_history:
        parts += ["", Text("RAG reported", style="bold")]
        parts.append(
            dated([(t.on, t.by, t.reason or "", rag_text(t.rag)) for t in detail.rag_history])
        )
    if action.log:
        logged = [(action, entry) for entry in action.log]
        parts += ["", Text("History", style="bold"), history_view(logged, width)]
    return Group(*parts)


def _reported_line(item: ActionStatus) -> Text:
    if item.reported is None:
        return Text("— none reported", style="dim")
    line = rag_text(item.reported)
    if item.action.rag_reason:
        line.append(f": {safe(item.action.rag_reason)}")
    if item.optimistic:
        line.append(" (better than the dates give)", style="bold yellow")
    if not item.action.is_open:
        # Delivered or dropped: what the lead last said is history, not a current report.
        ended = "done" if item.action.status == "done" else item.action.status
        line.append(f" (the lead's last report, before it was {ended})", style="dim")
    return line


# In the log, who made a change wraps within this width: a full job title would otherwise
# push the change itself off the screen.
LOG_BY_WIDTH = 20


def history_view(rows: list[tuple[Action, LogEntry]], width: int) -> RenderableType:
    if not rows:
        return Text("No changes logged yet.", style="dim")
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(no_wrap=True, style="dim", min_width=len("2026-08-10 09:30"))
    table.add_column(no_wrap=True, style="bold", min_width=max(len(a.label) for a, _ in rows))
    table.add_column(max_width=LOG_BY_WIDTH, overflow="fold")
    table.add_column(ratio=1, overflow="fold")
    before: dict[str, LogEntry] = {}
    for action, entry in rows:
        said_again = restates(entry, before.get(action.id))
        before[action.id] = entry
        if said_again:
            continue
        table.add_row(
            entry.at.strftime("%Y-%m-%d %H:%M"),
            text(action.label),
            text(entry.by),
            text(entry.text + from_return(entry)),
        )
    return table
