"""The plan over time and the tool's own settings, for the terminal: the plan's details
that `plan show` lists, the burn-up that `timeline` draws with block characters, and the
table `config` shows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from improvetrack.model.dates import long_date
from improvetrack.model.text import counted
from improvetrack.render.cells import day, text
from improvetrack.render.rules import plan_lines
from improvetrack.render.status_screen import inspection_line

if TYPE_CHECKING:
    from improvetrack.figures.burnup import Burnup
    from improvetrack.figures.progress import Status
    from improvetrack.figures.rounds import PlanRounds
    from improvetrack.files.config import Setting


def plan_view(shown: PlanRounds, width: int) -> RenderableType:
    """The plan's fields and dates, then when an action goes stale and where the latest
    update round stands."""
    grid = _plan_fields(shown.status)
    default = "" if shown.stale_after_set else " (the default)"
    grid.add_row("", "")
    grid.add_row("Stale after", f"{counted(shown.stale_after, 'day')} with no update{default}")
    current = shown.current
    if current is None:
        grid.add_row("Update round", "none yet: open one with `improvetrack updates request`")
        return grid
    board = f", for the board on {current.board}" if current.board else ""
    returned = f"{current.returned} of {counted(len(current.leads), 'lead')} returned"
    grid.add_row("Update round", f"opened {current.opened}{board}")
    grid.add_row("", f"returns due {current.due}: {returned}")
    return grid


def _boards(boards: list[date], as_of: date) -> Text:
    """The improvement board's meetings, and which is next."""
    if not boards:
        return Text("none: add them with `improvetrack plan set --board DATE`", style="dim")
    held = [board for board in boards if board < as_of]
    ahead = [board for board in boards if board >= as_of]
    said = Text(", ".join(long_date(board) for board in boards))
    if ahead:
        days = (ahead[0] - as_of).days
        when = "today" if days == 0 else f"in {counted(days, 'day')}"
        said.append(f"\nnext: {long_date(ahead[0])} ({when})", style="bold")
    else:
        said.append("\nno meeting ahead: add the next with `plan set --board DATE`", style="dim")
    if held:
        said.append(f"\nlast: {long_date(held[-1])} (what `--since last-board` compares with)")
    return said


def _plan_fields(status: Status) -> Table:
    """The plan's own fields, then what improvetrack works out from them."""
    plan = status.plan
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    fields: list[tuple[str, object]] = [
        ("Title", plan.title),
        ("Organisation", plan.organisation),
        ("Inspectorate", plan.inspectorate),
        ("Framework", plan.framework),
        ("Judgement", plan.judgement),
        ("Inspected", plan.inspected),
        ("Report received", plan.received),
        ("Report published", plan.published),
        ("Plan start", plan.start),
        ("Next inspection", plan.next_inspection),
        ("Action plan due", plan.action_plan_due),
        ("Sign-off required", "yes" if plan.require_sign_off else "no"),
        ("Lives it is for", plan.subject),
    ]
    for label, value in fields:
        grid.add_row(label, text(value) if value else Text("—", style="dim"))
    grid.add_row("Board meetings", _boards(plan.boards, status.as_of))
    grid.add_row("", "")
    grid.add_row("Measured against", inspection_line(status))
    for label, said in plan_lines(status):  # the deadline and windows the rules give
        grid.add_row(label, Text(said))
    grid.add_row("Forecast from", day(status.start))
    return grid


def burnup_view(chart: Burnup | None, width: int) -> RenderableType:
    """A burn-up drawn with block characters: done, projected, and the planned line."""
    if chart is None:
        return Text(
            "No timeline: the plan has no start date; set it with "
            "`improvetrack plan set --start DATE`.",
            style="yellow",
        )
    bar_width = max(10, min(50, width - 46))
    scale = bar_width / max(chart.live, 1)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("Date", no_wrap=True)
    table.add_column("Planned", justify="right", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column(f"0 → {counted(chart.live, 'action')}", no_wrap=True)
    table.add_column("", no_wrap=True)
    for point in chart.points:
        done = point.done if point.done is not None else point.projected
        filled = round((done or 0) * scale)
        mark = min(round(point.planned * scale), bar_width - 1) if point.planned else None
        cells = Text()
        for index in range(bar_width):
            if index == mark:
                cells.append("┃", style="bold magenta")
            elif index < filled:
                past = point.done is not None
                cells.append("█" if past else "▒", style="green" if past else "cyan")
            else:
                cells.append("·", style="dim")
        note = ""
        if point.day == chart.as_of:
            note = "◀ today"
        elif point.day == chart.inspection:
            note = "◀ inspection"
        shown_done = (
            str(point.done)
            if point.done is not None
            else (f"~{point.projected:.0f}" if point.projected is not None else "")
        )
        table.add_row(
            Text(point.day.isoformat(), style="bold" if note else ""),
            str(point.planned),
            shown_done,
            cells,
            Text(note, style="bold"),
        )
    legend = Text.assemble(
        ("█", "green"),
        " done  ",
        ("▒", "cyan"),
        " projected at the recent rate  ",
        ("┃", "bold magenta"),
        " planned (due by then)",
        style="dim",
    )
    return Group(table, legend)


def settings_view(settings: dict[str, Setting[str]], width: int) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("Setting", no_wrap=True, style="bold")
    table.add_column("Value", overflow="fold")
    table.add_column("From", overflow="fold", style="dim")
    for name, item in settings.items():
        table.add_row(name, text(item.value), text(item.source))
    return table
