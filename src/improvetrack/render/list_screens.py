"""Lists on the terminal: actions, one a row; the plan's areas; and a roll-up of plans.

Every cell is a `Text` built from `safe(...)`, never a markup string, so `[bold]` or an
escape sequence in a register stays as literal characters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from improvetrack.figures.progress import ActionStatus, Inspection, Totals
from improvetrack.model.register import Area
from improvetrack.model.text import safe
from improvetrack.render.cells import (
    DELIVERY,
    INDENT,
    WIDE,
    column_widths,
    day,
    delivery,
    fixed_line,
    rag_text,
    text,
)
from improvetrack.render.words import failure_words

if TYPE_CHECKING:
    from improvetrack.files.rollup import Rollup


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
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        expand=wide,  # from WIDE columns, Owner and Title share what is left 1 : 2
    )
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


# Each plan's figures in a roll-up: 69 columns.
_PLANS = [*DELIVERY, ("Inspection", 10, "left"), ("Days", 5, "right")]


def _plan_figures(totals: Totals, inspection: Inspection | None, days: int | None) -> list[Text]:
    when = Text(inspection.day.isoformat()) if inspection else Text("—", style="dim")
    if inspection and inspection.estimated:
        when.append("~", style="dim")
    return [
        *delivery(totals),
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
    widths = column_widths(_PLANS, [*figures, total])
    rule = Text(INDENT + "─" * (sum(width + 1 for width in widths) - 1), style="dim")
    rows: list[RenderableType] = [
        Text(f"{rollup.title} as of {rollup.as_of}", style="bold"),
        "",
        Text("Plan", style="bold"),
        fixed_line([Text(name, style="bold") for name, _, _ in _PLANS], _PLANS, widths),
        rule,
    ]
    for plan, cells in zip(rollup.plans, figures, strict=True):
        name = plan.status.plan.organisation or plan.label
        title = text(plan.status.plan.title, "bold")
        rows += [
            Text.assemble(title, (f"  {safe(name)}", "dim")),
            fixed_line(cells, _PLANS, widths),
        ]
    rows += [rule, Text("All plans", style="bold"), fixed_line(total, _PLANS, widths)]
    if any(p.status.inspection and p.status.inspection.estimated for p in rollup.plans):
        rows += ["", Text("~ an estimated date (no next_inspection set)", style="dim")]
    if rollup.failures:
        rows += ["", Text("Failing checks", style="bold red")]
        rows += [Text(f"  {failure_words(failure)}") for failure in rollup.failures]
    return Group(*rows)
