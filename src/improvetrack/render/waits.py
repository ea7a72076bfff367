"""What actions wait for, on the terminal: the longest chain under the status headline,
the actions held up by what they wait for, and an action's prerequisites in `show`.

A plan where no action waits for another shows none of this, so its screens read as
they did before dependencies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from improvetrack.figures.dependencies import ARROW
from improvetrack.figures.progress import ActionStatus, Status
from improvetrack.model.text import counted, safe
from improvetrack.render.cells import Hanging
from improvetrack.render.words import held_up_words

if TYPE_CHECKING:
    from improvetrack.figures.detail import ActionDetail

HELD_UP = "Held up by what they wait for"


def chain_lines(status: Status) -> list[Text]:
    """The longest chain of waiting actions, when it ends after the next inspection."""
    chain, inspection = status.chain, status.inspection
    if chain is None or inspection is None or chain.ends <= inspection.day:
        return []
    return [
        Text.assemble(
            ("Longest chain: ", "bold"),
            safe(ARROW.join(chain.ids)),
            " ends ",
            (chain.ends.isoformat(), "bold yellow"),
            f", after the inspection ({inspection.day.isoformat()})",
        )
    ]


def held_up_view(status: Status, limit: int) -> list[RenderableType]:
    """The open actions held up by a prerequisite due later (or with no date), in brief."""
    items = status.held_up
    if not items:
        return []
    rows = []
    for item in items[:limit]:
        detail = f"due {item.action.due or '—'} · {held_up_words(item.waits)}"
        projected = item.waits.projected if item.waits else None
        if projected and projected != item.action.due:
            detail += f"; projected {projected}"
        rows.append(
            (
                Text(f"  {safe(item.action.label)}", style="bold"),
                Text.assemble(safe(item.action.title), "\n", (safe(detail), "dim")),
            )
        )
    parts: list[RenderableType] = [
        "",
        Text(f"{HELD_UP} ({len(items)})", style="bold"),
        Hanging(rows),
    ]
    if len(items) > limit:
        more = f"  … and {len(items) - limit} more: improvetrack list --waiting"
        parts.append(Text(more, style="dim"))
    return parts


def _named(item: ActionStatus) -> Text:
    action = item.action
    due = f"due {action.due}" if action.due else "no due date"
    projected = item.waits.projected if item.waits else None
    if projected and projected != action.due:
        due += f", projected {projected}"
    return Text.assemble(
        (safe(action.label), "bold"), f" {action.status}, {due}: ", safe(action.title)
    )


def detail_rows(detail: ActionDetail) -> list[tuple[str, RenderableType]]:
    """`show`: the projected due, what it waits for and what waits for it."""
    waits = detail.status.waits
    if waits is None:
        return []
    rows: list[tuple[str, RenderableType]] = []
    action = detail.status.action
    if waits.held_up:
        rows.append(("Projected", Text(f"{waits.projected or '—'} ({held_up_words(waits)})")))
    for label, ids in (("Waits for", action.after), ("Needed by", waits.needed_by)):
        for number, key in enumerate(ids):
            if key in detail.related:
                rows.append((label if number == 0 else "", _named(detail.related[key])))
    if waits.waiting:
        said = f"{counted(len(waits.waiting_for), 'open prerequisite')}"
        rows.append(("Waiting", Text(f"yes: {said} ({', '.join(waits.waiting_for)})")))
    return rows
