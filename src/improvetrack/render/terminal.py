"""Rich views for the terminal: status, lists, one action, the log.

Every cell is a `Text` built from `safe(...)`, never a markup string, so `[bold]` or an
escape sequence in a register stays as literal characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from improvetrack.progress import ActionStatus, Rag, Status, Totals
from improvetrack.register import Action, Area, history
from improvetrack.render.safe import safe

RAG_STYLES = {
    Rag.BLUE: "bold blue",
    Rag.GREEN: "bold green",
    Rag.AMBER: "bold yellow",
    Rag.RED: "bold red",
}
BAR_WIDTH = 10
WIDE = 110  # from this width on, tables show the lead and owner columns


def console(*, stderr: bool = False) -> Console:
    # Rich already honours NO_COLOR and leaves colour out when not writing to a terminal.
    return Console(stderr=stderr, highlight=False, emoji=False)


def text(value: object, style: str = "") -> Text:
    return Text(safe(value), style=style)


def rag_text(rag: Rag | None) -> Text:
    return Text(rag.word, style=RAG_STYLES[rag]) if rag else Text("—", style="dim")


def day(value: date | None) -> Text:
    return Text(value.isoformat()) if value else Text("—", style="dim")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def bar(progress: float | None, planned: float | None, width: int = BAR_WIDTH) -> Text:
    """A progress bar with a marker where the plan should be by now."""
    done = round((progress or 0.0) * width)
    # Nothing due yet means no marker: one at the very start would only hide a done cell.
    mark = min(round(planned * width), width - 1) if planned else None
    behind = (progress or 0.0) < (planned or 0.0)
    cells = Text()
    for index in range(width):
        if index == mark:
            cells.append("┃", style="bold magenta")
        elif index < done:
            cells.append("█", style="red" if behind else "green")
        else:
            cells.append("░", style="dim")
    cells.append(f" {percent(progress):>4}")
    return cells


def _count(value: int, style: str) -> Text:
    return Text(str(value), style=style if value else "dim")


def _totals_cells(totals: Totals) -> list[RenderableType]:
    return [
        Text(f"{totals.done}/{totals.live}"),
        bar(totals.progress, totals.planned),
        _count(totals.overdue, "bold red"),
        _count(totals.blocked, "bold red"),
        rag_text(totals.rag),
        day(totals.next_due),
    ]


def status_view(status: Status, width: int) -> RenderableType:
    wide = width >= WIDE
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("Area", min_width=14, overflow="fold")
    if wide:
        table.add_column("Lead", overflow="fold")
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Progress", no_wrap=True)
    table.add_column("Overdue", justify="right", no_wrap=True)
    table.add_column("Blocked", justify="right", no_wrap=True)
    table.add_column("RAG", no_wrap=True)
    table.add_column("Next due", no_wrap=True)
    for item in status.areas:
        lead = [text(item.area.lead or "—")] if wide else []
        table.add_row(text(item.area.title), *lead, *_totals_cells(item.totals))
    if len(status.areas) > 1:
        table.add_section()
        lead = [Text("")] if wide else []
        table.add_row(Text("All areas", style="bold"), *lead, *_totals_cells(status.totals))
    legend = Text.assemble(
        ("█", "green"),
        " done  ",
        ("┃", "bold magenta"),
        " where the plan should be by now",
        style="dim",
    )
    parts: list[RenderableType] = [_header(status), "", table, legend]
    parts += _exceptions(status)
    return Group(*parts)


def _header(status: Status) -> RenderableType:
    plan = status.plan
    lines = [text(plan.title, "bold")]
    about = " · ".join(
        safe(part)
        for part in (
            plan.organisation,
            " ".join(p for p in (plan.inspectorate, plan.framework) if p),
            plan.judgement,
        )
        if part
    )
    if about:
        lines.append(Text(about))
    lines.append(_inspection_line(status))
    lines.append(_pace_line(status.totals))
    return Group(*lines)


def _pace_line(totals: Totals) -> Text:
    if totals.progress is None or totals.planned is None:
        return Text("No actions yet.", style="dim")
    pace = ("behind plan", "bold red") if totals.behind else ("on plan", "bold green")
    return Text.assemble(
        f"{totals.done} of {totals.live} actions done ({percent(totals.progress)}); "
        f"the plan expected {percent(totals.planned)} by now: ",
        pace,
    )


def _inspection_line(status: Status) -> Text:
    inspection, as_of = status.inspection, status.as_of.isoformat()
    if inspection is None:
        return Text(
            f"No next inspection date (set plan.next_inspection or plan.inspected) · as of {as_of}",
            style="yellow",
        )
    days = status.days_to_inspection or 0
    count = f"{days} days to go" if days >= 0 else f"{-days} days ago"
    if inspection.estimated and inspection.latest:
        return Text.assemble(
            "Next inspection ",
            (f"expected between {inspection.day} and {inspection.latest}", "bold"),
            f" (an estimate): {count} to the earliest · as of {as_of}",
        )
    return Text.assemble(
        "Next inspection ", (inspection.day.isoformat(), "bold"), f": {count} · as of {as_of}"
    )


def _exceptions(status: Status) -> list[RenderableType]:
    overdue = [item for item in status.actions if item.overdue]
    blocked = [item for item in status.actions if item.action.status == "blocked"]
    parts: list[RenderableType] = []
    if overdue:
        parts += ["", Text(f"Overdue ({len(overdue)})", style="bold red")]
        parts.append(_brief(overdue, lambda a: f"due {a.due} · {safe(a.owner or 'no owner')}"))
    if blocked:
        parts += ["", Text(f"Blocked ({len(blocked)})", style="bold red")]
        parts.append(_brief(blocked, lambda a: f"blocked: {safe(a.blocked_reason)}"))
    return parts


def _brief(items: Iterable[ActionStatus], detail: Callable[[Action], str]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        action = item.action
        line = Text.assemble(text(action.title), "\n", (detail(action), "dim"))
        grid.add_row(Text(f"  {action.id}", style="bold"), line)
    return grid


def actions_view(items: list[ActionStatus], width: int) -> RenderableType:
    if not items:
        return Text("No actions match.", style="dim")
    wide = width >= WIDE
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("ID", no_wrap=True, style="bold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("RAG", no_wrap=True)
    table.add_column("Owner", ratio=1, min_width=10, overflow="fold")
    table.add_column("Title", ratio=2 if wide else 1, min_width=12, overflow="fold")
    for item in items:
        action = item.action
        due = day(action.due)
        if item.overdue:
            due.stylize("bold red")
        table.add_row(
            action.id,
            Text(action.status),
            due,
            rag_text(item.rag),
            text(action.owner or "—", "" if action.owner else "dim"),
            text(action.title),
        )
    return table


def areas_view(areas: list[Area]) -> RenderableType:
    if not areas:
        return Text("No areas yet: add one with `improvetrack area add KEY --title T`.")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Key", no_wrap=True, style="bold")
    table.add_column("Prefix", no_wrap=True)
    table.add_column("Title", ratio=2, overflow="fold")
    table.add_column("Lead", overflow="fold")
    for area in areas:
        table.add_row(
            text(area.key), Text(area.id_prefix), text(area.title), text(area.lead or "—")
        )
    return table


def action_view(item: ActionStatus, area: Area) -> RenderableType:
    action = item.action
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    rows: list[tuple[str, RenderableType]] = [
        ("ID", Text(action.id)),
        ("Title", text(action.title)),
        ("Area", Text.assemble(text(area.title), (f" ({safe(area.key)})", "dim"))),
        ("Owner", text(action.owner or "— no owner")),
        ("Status", Text(action.status)),
        ("RAG", rag_text(item.rag)),
        ("Due", Text.assemble(day(action.due), (" overdue", "bold red") if item.overdue else "")),
        ("Created", day(action.created)),
    ]
    optional: list[tuple[str, object]] = [
        ("Completed", action.completed),
        ("Signed off by", action.signed_off_by),
        ("Measure", action.measure),
        ("Blocked", action.blocked_reason),
        ("Dropped", action.dropped_reason),
    ]
    rows += [(label, text(value)) for label, value in optional if value]
    for number, link in enumerate(action.evidence, start=1):
        rows.append(("Evidence" if number == 1 else "", text(link)))
    for label, value in rows:
        grid.add_row(label, value)
    parts: list[RenderableType] = [grid]
    if action.log:
        parts += ["", Text("History", style="bold"), log_view([action])]
    return Group(*parts)


def log_view(actions: Iterable[Action]) -> RenderableType:
    rows = history(actions)
    if not rows:
        return Text("No changes logged yet.", style="dim")
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(no_wrap=True, style="dim")
    table.add_column(no_wrap=True, style="bold")
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for action, entry in rows:
        table.add_row(
            entry.at.strftime("%Y-%m-%d %H:%M"), action.id, text(entry.by), text(entry.text)
        )
    return table
