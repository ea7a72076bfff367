"""The status screen, the one a service manager opens first: the plan's headline, each
area's figures, then what is overdue, blocked or reported better than the dates give.

Drawn from `render.cells` without Rich's `Table`, and kept to what this screen needs:
`status` is the command run most, and every module it loads is paid for on each run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from improvetrack.figures.progress import ActionStatus, AreaStatus, Status, Totals
from improvetrack.model.dates import long_date
from improvetrack.model.text import counted, safe
from improvetrack.render.cells import (
    DELIVERY,
    INDENT,
    WIDE,
    Hanging,
    column_widths,
    day,
    delivery,
    fixed_line,
    text,
    trajectory_text,
)
from improvetrack.render.said import judged
from improvetrack.render.waits import chain_lines, held_up_view
from improvetrack.render.words import (
    SYMBOLS,
    days_phrase,
    incomplete_words,
    percent,
    screen_outlook,
    since_headline,
)

if TYPE_CHECKING:
    # Only named in signatures: importing them would load the checks on every screen.
    from improvetrack.figures.report import Changes


def _figures(totals: Totals, item: AreaStatus | None) -> list[Text]:
    """An area's impact is its measures against the line to their targets (v3)."""
    impact_cell = trajectory_text(item.trajectory) if item else Text("")
    return [*delivery(totals), impact_cell, day(totals.next_due)]


# The figures under each area on a narrow screen: 77 columns.
_NARROW = [*DELIVERY, ("Trajectory", 13, "left"), ("Next due", 10, "left")]


def areas_table(
    status: Status, width: int, changes: Changes | None = None, *, titled: bool = True
) -> RenderableType:
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
    widths = column_widths(spec, [*figures, *themes, total])
    header = fixed_line([Text(name, style="bold") for name, _, _ in spec], spec, widths)
    rule = Text(INDENT + "─" * (sum(width + 1 for width in widths) - 1), style="dim")
    # "Area" heads the titles, each on its own line; under a heading "Areas" it is said.
    rows: list[RenderableType] = [Text("Area", style="bold")] if titled else []
    rows += [header, rule]
    shown = dict(zip((item.area.key for item in status.areas), figures, strict=True))

    def title_of(item: AreaStatus) -> Text:
        title = Text.assemble(
            text(f"{item.area.ref}  " if item.area.ref else ""), text(item.area.title)
        )
        title.stylize("bold")
        return title

    def people_of(item: AreaStatus) -> str:
        people = [f"lead {item.area.lead}" if item.area.lead else None]
        people.append(f"sponsor {item.area.sponsor}" if item.area.sponsor else None)
        return " · ".join(safe(who) for who in people if who)

    # Every area's lead and sponsor beside its title, or every one beneath: a screen where
    # some are beside and some beneath reads as a fault.
    beside = all(
        title_of(item).cell_len + 2 + Text(people_of(item)).cell_len <= width
        for item in status.areas
        if people_of(item)
    )

    def area_rows(item: AreaStatus) -> list[RenderableType]:
        title, said = title_of(item), people_of(item)
        figures = fixed_line(shown[item.area.key], spec, widths)
        if width < WIDE or not said:
            return [title, figures]
        if beside:
            title.append(f"  {said}", style="dim")
            return [title, figures]
        # Beneath, indented, so the table's left edge stays the titles'.
        return [title, Padding(Text(said, style="dim"), (0, 0, 0, 3)), figures]

    if status.themes:
        for theme, cells in zip(status.themes, themes, strict=True):
            name = theme.name or "Not in a theme"
            rows += [Text(f"Theme: {safe(name)}", style="bold underline")]
            rows += [fixed_line(cells, spec, widths)]
            rows += [part for item in theme.areas for part in area_rows(item)]
    else:
        rows += [part for item in status.areas for part in area_rows(item)]
    if len(status.areas) > 1:
        rows += [rule, Text("All areas", style="bold"), fixed_line(total, spec, widths)]
    for row in rows:  # laid out to fit: Rich need not look for where to wrap a line
        if isinstance(row, Text) and "\n" not in row.plain and row.cell_len <= width:
            row.no_wrap = True
            row.rstrip()  # a last column padded to its width would end in spaces
    return Group(*rows)


MOVE_STYLES = {"improved": "bold green", "worse": "bold red"}


def _arrow(direction: str) -> Text:
    """A move in a narrow column: "▼ worse", "▲ improved", "same", "new"."""
    mark = SYMBOLS.get(direction)
    if mark is None:
        return Text(direction, style="dim" if direction == "same" else "")
    return Text.assemble((mark, MOVE_STYLES[direction]), f" {direction}")


def status_since_view(changes: Changes, width: int) -> RenderableType:
    """`status --since`: the status screen, the headline of what changed, and which way
    each area's RAG went."""
    return status_view(changes.now, width, changes=changes)


def status_view(
    status: Status, width: int, limit: int | None = None, changes: Changes | None = None
) -> RenderableType:
    """The status screen; `limit` caps the overdue and blocked lists (default: ten)."""
    table = areas_table(status, width, changes)
    keys = [
        Text.assemble(
            ("█", "green"), " done  ", ("┃", "bold magenta"), " where the plan should be by now"
        ),
        Text("Delivery: BLUE done, GREEN on track, AMBER at risk, RED overdue or blocked"),
        Text("Trajectory: its measures against the line to their targets (the worst one)"),
    ]
    legend = Text("  ·  ", style="dim").join(keys)
    if legend.cell_len > width:  # a key to a line, rather than a line that starts with "·"
        legend = Text("\n", style="dim").join(keys)
    legend.stylize("dim")
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
    """Each list under the areas that has actions: its heading, then the first few."""
    lists: list[tuple[str, str, list[ActionStatus], Callable[[ActionStatus], str], str]] = [
        ("Overdue", "bold red", status.overdue, _due_and_owner, "improvetrack list --overdue"),
        ("Blocked", "bold red", status.blocked, _blocked_by, "improvetrack list --status blocked"),
        (
            "Reported better than the dates",
            "bold",
            [item for item in status.actions if item.optimistic],
            _both_rags,
            "improvetrack list --optimistic",
        ),
    ]
    parts: list[RenderableType] = []
    for title, style, items, detail, command in lists:
        if items:
            parts += ["", Text(f"{title} ({len(items)})", style=style)]
            parts += _capped(items, detail, command, limit)
    return parts + held_up_view(status, limit)


def _due_and_owner(item: ActionStatus) -> str:
    return f"due {item.action.due} · {safe(item.action.owner or 'no owner')}"


def _blocked_by(item: ActionStatus) -> str:
    return f"blocked: {safe(item.action.blocked_reason)}"


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


def _brief(items: list[ActionStatus], details: list[str]) -> Hanging:
    """Each action's ID, then its title over one line of detail."""
    rows = []
    for item, detail in zip(items, details, strict=True):
        action = item.action
        line = Text.assemble(text(action.title), "\n", (detail, "dim"))
        rows.append((text(f"  {action.label}", "bold"), line))
    return Hanging(rows)
