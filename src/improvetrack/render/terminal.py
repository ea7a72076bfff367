"""Rich views for the terminal: status, lists, one action, the log.

Every cell is a `Text` built from `safe(...)`, never a markup string, so `[bold]` or an
escape sequence in a register stays as literal characters.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from improvetrack.figures.progress import (
    ActionStatus,
    AreaStatus,
    Inspection,
    Rag,
    Status,
    Totals,
)
from improvetrack.model.dates import long_date
from improvetrack.model.register import Area
from improvetrack.model.text import counted, safe
from improvetrack.render.measure_screens import trajectory_text
from improvetrack.render.said import judged
from improvetrack.render.waits import chain_lines, held_up_view
from improvetrack.render.words import (
    SYMBOLS,
    days_phrase,
    failure_words,
    incomplete_words,
    percent,
    screen_outlook,
    since_headline,
)

if TYPE_CHECKING:
    # Only named in signatures: importing them would load the checks on every screen.
    from improvetrack.figures.report import Changes
    from improvetrack.files.rollup import Rollup

RAG_STYLES = {
    Rag.BLUE: "bold blue",
    Rag.GREEN: "bold green",
    Rag.AMBER: "bold yellow",
    Rag.RED: "bold red",
}
BAR_WIDTH = 10
WIDE = 110  # from this width on, tables show the lead and owner columns


def text(value: object, style: str = "") -> Text:
    return Text(safe(value), style=style)


def rag_text(rag: Rag | None) -> Text:
    return Text(rag.word, style=RAG_STYLES[rag]) if rag else Text("—", style="dim")


def day(value: date | None) -> Text:
    return Text(value.isoformat()) if value else Text("—", style="dim")


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


# (header, width, justify) of the delivery figures an area or a plan shows.
_DELIVERY: list[tuple[str, int, str]] = [
    ("Done", 9, "right"),  # room for 2457/9999
    ("Progress", 15, "left"),
    ("Overdue", 7, "right"),
    ("Blocked", 7, "right"),
    ("Delivery", 8, "left"),
]


def _delivery(totals: Totals) -> list[Text]:
    """The cells of `_DELIVERY` for some totals."""
    return [
        Text(f"{totals.done}/{totals.live}"),
        bar(totals.progress, totals.planned),
        _count(totals.overdue, "bold red"),
        _count(totals.blocked, "bold red"),
        rag_text(totals.rag),
    ]


def _figures(totals: Totals, item: AreaStatus | None) -> list[Text]:
    """An area's impact is its measures against the line to their targets (v3)."""
    impact_cell = trajectory_text(item.trajectory) if item else Text("")
    return [*_delivery(totals), impact_cell, day(totals.next_due)]


# The figures under each area on a narrow screen: 77 columns.
_NARROW = [*_DELIVERY, ("Impact", 13, "left"), ("Next due", 10, "left")]
_INDENT = "  "


def _areas_table(status: Status, width: int, changes: Changes | None = None) -> RenderableType:
    """Each area's title on its own line, its figures beneath, fitting 80 columns; areas
    under a theme come after the theme's heading and its own figures. From WIDE columns
    on, an area's lead and sponsor follow its title. With `changes`, the last column says
    which way each area's RAG went since, instead of when its next action is due."""
    figures = [_figures(item.totals, item) for item in status.areas]
    themes = [_figures(theme.totals, None) for theme in status.themes]
    total = _figures(status.totals, None)
    spec = _NARROW
    if changes is not None:
        spec = [*_NARROW[:-1], ("RAG since", 10, "left")]
        moved = {move.area.area.key: _arrow(move.rag) for move in changes.areas}
        figures = [
            [*row[:-1], moved[item.area.key]]
            for row, item in zip(figures, status.areas, strict=True)
        ]
        themes = [[*row[:-1], Text("")] for row in themes]
        total = [*total[:-1], Text("")]
    widths = _widths(spec, [*figures, *themes, total])
    header = _fixed_line([Text(name, style="bold") for name, _, _ in spec], spec, widths)
    rule = Text(_INDENT + "─" * (sum(width + 1 for width in widths) - 1), style="dim")
    rows: list[RenderableType] = [Text("Area", style="bold"), header, rule]
    shown = dict(zip((item.area.key for item in status.areas), figures, strict=True))

    def area_rows(item: AreaStatus) -> list[RenderableType]:
        title = Text.assemble(
            text(f"{item.area.ref}  " if item.area.ref else ""), text(item.area.title)
        )
        title.stylize("bold")
        figures = _fixed_line(shown[item.area.key], spec, widths)
        people = [f"lead {item.area.lead}" if item.area.lead else None]
        people.append(f"sponsor {item.area.sponsor}" if item.area.sponsor else None)
        said = " · ".join(safe(who) for who in people if who)
        if width < WIDE or not said:
            return [title, figures]
        if title.cell_len + 2 + Text(said).cell_len <= width:
            title.append(f"  {said}", style="dim")
            return [title, figures]
        # Too long for the title's line: beneath it, indented, so the table's left edge
        # stays the titles'.
        return [title, Padding(Text(said, style="dim"), (0, 0, 0, 3)), figures]

    if status.themes:
        for theme, cells in zip(status.themes, themes, strict=True):
            name = theme.name or "Not in a theme"
            rows += [Text(f"Theme: {safe(name)}", style="bold underline")]
            rows += [_fixed_line(cells, spec, widths)]
            rows += [part for item in theme.areas for part in area_rows(item)]
    else:
        rows += [part for item in status.areas for part in area_rows(item)]
    if len(status.areas) > 1:
        rows += [rule, Text("All areas", style="bold"), _fixed_line(total, spec, widths)]
    return Group(*rows)


def _arrow(direction: str) -> Text:
    """A move in a narrow column: "▼ worse", "▲ improved", "same", "new"."""
    mark = SYMBOLS.get(direction)
    if mark is None:
        return Text(direction, style="dim" if direction == "same" else "")
    return Text.assemble((mark, _MOVE_STYLES[direction]), f" {direction}")


def status_since_view(changes: Changes, width: int) -> RenderableType:
    """`status --since`: the status screen, the headline of what changed, and which way
    each area's RAG went."""
    return status_view(changes.now, width, changes=changes)


def status_view(
    status: Status, width: int, limit: int | None = None, changes: Changes | None = None
) -> RenderableType:
    """The status screen; `limit` caps the overdue and blocked lists (default: ten)."""
    table = _areas_table(status, width, changes)
    legend = Text.assemble(
        ("█", "green"),
        " done  ",
        ("┃", "bold magenta"),
        " where the plan should be by now  ·  Delivery: BLUE done, GREEN on track, "
        "AMBER at risk, RED overdue or blocked  ·  Impact: its measures' trajectory",
        style="dim",
    )
    parts: list[RenderableType] = [_header(status)]
    if status.starting is not None:  # an empty table and its legend would say nothing
        return Group(*parts, "", _steps(status.starting))
    if changes is not None:
        parts.append(Text(safe(since_headline(changes)), style="bold"))
    parts += ["", table, "", legend]
    parts += _exceptions(status, BRIEF_LIMIT if limit is None else limit)
    if changes is not None:
        parts += ["", _changed_line(changes)]
    return Group(*parts)


def _steps(areas: tuple[str, ...]) -> RenderableType:
    """What to run next in a plan with no actions yet (`areas`: its area keys): add its
    areas, then actions; each command, with what it is for beneath it."""
    if not areas:
        steps = [
            (
                "improvetrack area add KEY --title TITLE",
                "add each area the inspection found needs to improve",
            ),
            ("improvetrack add AREA TITLE", "then add the actions that will fix each area"),
        ]
    else:
        why = f"add the actions that will fix an area ({', '.join(areas)})"
        steps = [("improvetrack add AREA TITLE", why)]
    lines: list[RenderableType] = [Text("Next steps", style="bold")]
    for command, said in steps:
        lines.append(Padding(text(command, "bold"), (0, 0, 0, 2)))
        lines.append(Padding(text(said, "dim"), (0, 0, 0, 4)))
    return Group(*lines)


def _changed_line(changes: Changes) -> Text:
    """What changed to actions since, counted, and where to see them."""
    worse = sum(move.direction == "worse" for move in changes.rag_moves)
    better = sum(move.direction == "improved" for move in changes.rag_moves)
    kinds = [
        (worse, "RAG worse", "RAGs worse"),
        (better, "RAG improved", "RAGs improved"),
        (len(changes.completed), "action completed", "actions completed"),
        (len(changes.added), "added", "added"),
        (len(changes.blocked), "newly blocked", "newly blocked"),
        (len(changes.slipped), "due later", "due later"),
        (len(changes.reported_moves), "lead's RAG changed", "leads' RAGs changed"),
        (len(changes.updates), "progress update", "progress updates"),
    ]
    said = ", ".join(counted(count, one, many) for count, one, many in kinds if count)
    since = "last-board" if changes.board else changes.since.isoformat()
    return Text.assemble(
        (f"Since {long_date(changes.since)}: ", "bold"),
        f"{said or 'nothing changed'}. `improvetrack report --since {since}` lists them.",
    )


def _header(status: Status) -> RenderableType:
    plan = status.plan
    lines = [text(plan.title, "bold")]
    about = " · ".join(safe(part) for part in plan.about())
    if about:
        lines.append(Text(about))
    lines.append(inspection_line(status))
    if deadline := status.deadline_ahead:
        days = (deadline.due - status.as_of).days
        lines.append(
            Text.assemble(
                f"{deadline.what.capitalize()} ",
                (deadline.due.isoformat(), "bold"),
                f": {counted(days, 'day')} to go",
                " (set in the plan)" if deadline.overridden else "",
            )
        )
    lines.append(_pace_line(status.totals))
    if status.incomplete:
        lines.append(_incomplete_line(status))
    if judged := _judgement_line(status.totals, status.plan.stale_after):
        lines.append(judged)
    if status.totals.actions:  # with nothing to do, there is nothing to forecast
        lines.append(Text(screen_outlook(status), style="italic"))
    return Group(*lines, *chain_lines(status))


def _incomplete_line(status: Status) -> Text:
    return Text(safe(incomplete_words(status.incomplete)), style="yellow")


def _judgement_line(totals: Totals, stale_after: int | None = None) -> Text | None:
    """What the dates and the leads say beyond done and due: slips, and RAGs to challenge."""
    parts: list[Text] = []
    if totals.slipped:
        parts.append(
            Text(
                f"{counted(totals.slipped, 'action has', 'actions have')} slipped past the "
                f"plan ({counted(totals.slipped_days, 'day')} in all)"
            )
        )
    if totals.optimistic:
        reported = "is" if totals.optimistic == 1 else "are"
        parts.append(
            Text.assemble(
                (str(totals.optimistic), "bold yellow"),
                f" {reported} reported better than the dates give",
            )
        )
    return judged(parts, totals.stale, stale_after)


def _pace_line(totals: Totals) -> Text:
    if totals.progress is None or totals.planned is None:
        message = "Every action is dropped." if totals.actions else "No actions yet."
        return Text(message, style="dim")
    pace = ("behind plan", "bold red") if totals.behind else ("on plan", "bold green")
    return Text.assemble(
        f"{totals.done} of {counted(totals.live, 'action')} done ({percent(totals.progress)}); "
        f"the plan expected {percent(totals.planned)} by now: ",
        pace,
    )


def inspection_line(status: Status, words: bool = False) -> Text:
    """When the inspection is and how far off; `words` writes its dates out in full."""
    inspection = status.inspection

    def said(day: date) -> str:
        return long_date(day) if words else day.isoformat()

    as_of = said(status.as_of)
    if inspection is None:
        return Text(
            f"No next inspection date · as of {as_of}"
            + ("" if words else "\nSet one with `improvetrack plan set --next-inspection DATE`."),
            style="yellow",
        )
    days = status.days_to_inspection or 0
    count = days_phrase(days)
    if inspection.estimated and inspection.latest:
        return Text.assemble(
            "Next inspection ",
            (f"expected between {said(inspection.day)} and {said(inspection.latest)}", "bold"),
            f" (an estimate): {count} to the earliest · as of {as_of}",
        )
    return Text.assemble(
        "Next inspection ", (said(inspection.day), "bold"), f": {count} · as of {as_of}"
    )


BRIEF_LIMIT = 10  # a screen lists this many overdue or blocked actions, then points on


def _exceptions(status: Status, limit: int) -> list[RenderableType]:
    overdue, blocked = status.overdue, status.blocked
    parts: list[RenderableType] = []
    if overdue:
        parts += ["", Text(f"Overdue ({len(overdue)})", style="bold red")]
        parts += _capped(
            overdue,
            lambda i: f"due {i.action.due} · {safe(i.action.owner or 'no owner')}",
            "improvetrack list --overdue",
            limit,
        )
    if blocked:
        parts += ["", Text(f"Blocked ({len(blocked)})", style="bold red")]
        parts += _capped(
            blocked,
            lambda i: f"blocked: {safe(i.action.blocked_reason)}",
            "improvetrack list --status blocked",
            limit,
        )
    optimistic = [item for item in status.actions if item.optimistic]
    if optimistic:
        parts += ["", Text(f"Reported better than the dates ({len(optimistic)})", style="bold")]
        parts += _capped(optimistic, _both_rags, "improvetrack list --optimistic", limit)
    return parts + held_up_view(status, limit)


def _both_rags(item: ActionStatus) -> str:
    """The lead's RAG beside the dates' one, and the lead's reason."""
    reported = item.reported.word if item.reported else "—"
    computed = item.rag.word if item.rag else "—"
    why = f": {safe(item.action.rag_reason)}" if item.action.rag_reason else ""
    return f"reported {reported}, the dates give {computed}{why}"


def _capped(
    items: list[ActionStatus], detail: Callable[[ActionStatus], str], command: str, limit: int
) -> list[RenderableType]:
    """The first few actions in brief, then how to see the rest: a screen, not a dump."""
    shown = items[:limit]
    parts: list[RenderableType] = [_brief(shown, [detail(item) for item in shown])]
    if len(items) > limit:
        parts.append(Text(f"  … and {len(items) - limit} more: {command}", style="dim"))
    return parts


def _brief(items: list[ActionStatus], details: list[str]) -> Table:
    """Each action's ID, then its title over one line of detail."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item, detail in zip(items, details, strict=True):
        action = item.action
        line = Text.assemble(text(action.title), "\n", (detail, "dim"))
        grid.add_row(text(f"  {action.label}", "bold"), line)
    return grid


# A listing longer than this is written a line an action, without Rich laying out a
# table: measuring 10,000 rows to wrap them took seconds, and such a list is for paging
# or grep, where one line per action is what is wanted.
TABLE_ROWS = 300
# Under a list that marks a lead's RAG with "!": what the mark means.
OPTIMISTIC_KEY = "! the lead reports a better RAG than the dates and status give"


def actions_view(items: list[ActionStatus], width: int) -> RenderableType | str:
    """One row per action; on a narrow screen the owner goes under the title."""
    if not items:
        return Text("No actions match.", style="dim")
    if len(items) > TABLE_ROWS:
        return actions_lines(items)
    wide = width >= WIDE
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("ID", no_wrap=True, style="bold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("RAG", no_wrap=True)
    reported = any(item.reported for item in items)
    if reported:
        table.add_column("Lead", no_wrap=True)  # the RAG the lead reports
    if wide:
        table.add_column("Owner", ratio=1, min_width=10, overflow="fold")
    table.add_column("Title" if wide else "Title / owner", ratio=2, min_width=12, overflow="fold")
    for item in items:
        action = item.action
        due = day(action.due)
        if item.overdue:
            due.stylize("bold red")
        owner = text(action.owner or "no owner", "dim" if wide else "dim italic")
        cells = (
            [owner, text(action.title)]
            if wide
            else [Text.assemble(text(action.title), "\n", owner)]
        )
        leads = [_reported_text(item)] if reported else []
        table.add_row(
            text(action.label), Text(action.status), due, rag_text(item.rag), *leads, *cells
        )
    if not any(item.optimistic for item in items):
        return table
    return Group(table, Text(OPTIMISTIC_KEY, style="dim"))


def _reported_text(item: ActionStatus) -> Text:
    """The RAG the lead reports, marked with ! where it is better than the dates give."""
    shown = rag_text(item.reported)
    if item.optimistic:
        shown.append("!", style="bold yellow")
    return shown


def actions_lines(items: list[ActionStatus]) -> str:
    """Every action on one line of plain text, the short columns aligned."""
    rows = [
        (
            safe(item.action.label),
            item.action.status,
            item.action.due.isoformat() if item.action.due else "—",
            item.rag.word if item.rag else "—",
            (item.reported.word if item.reported else "—") + ("!" if item.optimistic else ""),
            f"{safe(item.action.title)} · {safe(item.action.owner or 'no owner')}",
        )
        for item in items
    ]
    header = ("ID", "Status", "Due", "RAG", "Lead", "Title · owner")
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(5)]
    lines = [
        " ".join(cell.ljust(size) for cell, size in zip(row[:5], widths, strict=True))
        + " "
        + row[5]
        for row in (header, *rows)
    ]
    if any(item.optimistic for item in items):
        lines.append(OPTIMISTIC_KEY)
    return "\n".join(lines) + "\n"


def areas_view(areas: list[Area], width: int) -> RenderableType:
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


_MOVE_STYLES = {"improved": "bold green", "worse": "bold red"}


def to_text(renderable: RenderableType, *, width: int, colour: bool) -> str:
    """Render to a string, for a file or a pipe: colour only when asked for."""
    from io import StringIO

    buffer = StringIO()
    Console(
        file=buffer,
        width=width,
        highlight=False,
        emoji=False,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
    ).print(renderable)
    return _without_trailing_spaces(buffer.getvalue())


def _without_trailing_spaces(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


# Each plan's figures in a roll-up: 69 columns.
_PLANS = [*_DELIVERY, ("Inspection", 10, "left"), ("Days", 5, "right")]


def _widths(spec: list[tuple[str, int, str]], rows: list[list[Text]]) -> list[int]:
    """Each column's width: its usual one, or wider where a figure needs it (never cut)."""
    return [
        max([width, *(row[column].cell_len for row in rows)])
        for column, (_, width, _) in enumerate(spec)
    ]


def _fixed_line(cells: list[Text], spec: list[tuple[str, int, str]], widths: list[int]) -> Text:
    line = Text(_INDENT)
    for number, (cell, (_, _, justify), width) in enumerate(zip(cells, spec, widths, strict=True)):
        cell = cell.copy()
        cell.align(justify, width)  # type: ignore[arg-type]
        line.append_text(cell)
        if number < len(spec) - 1:
            line.append(" ")
    return line


def _plan_figures(totals: Totals, inspection: Inspection | None, days: int | None) -> list[Text]:
    when = Text(inspection.day.isoformat()) if inspection else Text("—", style="dim")
    if inspection and inspection.estimated:
        when.append("~", style="dim")
    return [
        *_delivery(totals),
        when if inspection or days is not None else Text(""),
        Text("" if days is None else str(days)),
    ]


def rollup_view(rollup: Rollup) -> RenderableType:
    """One plan per pair of lines (title, then figures), and totals across them."""
    figures = [
        _plan_figures(p.status.totals, p.status.inspection, p.status.days_to_inspection)
        for p in rollup.plans
    ]
    total = _plan_figures(rollup.totals, None, None)
    widths = _widths(_PLANS, [*figures, total])
    rule = Text(_INDENT + "─" * (sum(width + 1 for width in widths) - 1), style="dim")
    rows: list[RenderableType] = [
        Text(f"{rollup.title} as of {rollup.as_of}", style="bold"),
        "",
        Text("Plan", style="bold"),
        _fixed_line([Text(name, style="bold") for name, _, _ in _PLANS], _PLANS, widths),
        rule,
    ]
    for plan, cells in zip(rollup.plans, figures, strict=True):
        name = plan.status.plan.organisation or plan.label
        title = text(plan.status.plan.title, "bold")
        rows += [
            Text.assemble(title, (f"  {safe(name)}", "dim")),
            _fixed_line(cells, _PLANS, widths),
        ]
    rows += [rule, Text("All plans", style="bold"), _fixed_line(total, _PLANS, widths)]
    if any(p.status.inspection and p.status.inspection.estimated for p in rollup.plans):
        rows += ["", Text("~ an estimated date (no next_inspection set)", style="dim")]
    if rollup.failures:
        rows += ["", Text("Failing checks", style="bold red")]
        rows += [Text(f"  {failure_words(failure)}") for failure in rollup.failures]
    return Group(*rows)
