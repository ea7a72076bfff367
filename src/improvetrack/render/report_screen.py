"""The report as text on a screen or in a file: the summary, the board's decisions, the
areas and why each has its RAG, the exceptions and what changed, in the order of every
format. Every cell is a `Text` built from `safe(...)`, as on the other screens."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from improvetrack.figures.report import Changes, Report, Section
from improvetrack.model.dates import long_date
from improvetrack.model.text import safe
from improvetrack.render import sections as words
from improvetrack.render import words as wording
from improvetrack.render.cells import Hanging, text
from improvetrack.render.measure_screens import behind_view, report_measures
from improvetrack.render.rules import paper_windows
from improvetrack.render.sections import NOTHING_CHANGED, NOTHING_DUE, shown
from improvetrack.render.status_screen import MOVE_STYLES, areas_table, inspection_line
from improvetrack.render.words import SYMBOLS, Move, day_words


def report_view(report: Report, width: int) -> RenderableType:
    """The report as text: the sections of every format, in the same order, each action
    in full (a file lists every one; only the interactive screen is cut short)."""
    status = report.status
    plan = status.plan
    parts: list[RenderableType] = [text(plan.title, "bold")]
    if about := " · ".join(safe(part) for part in plan.about()):
        parts.append(Text(about))
    parts += [Text(f"Report as of {long_date(status.as_of)}")]
    parts += [
        *_heading("Summary"),
        Text(safe(words.summary(report))),
        inspection_line(status, True),
        *(
            Text(f"{what}: a window, between {long_date(start)} and {long_date(end)}")
            for what, start, end in paper_windows(status)
        ),
    ]
    parts.append(Text(wording.paper_outlook(status), style="italic"))
    decisions = [part for section in report.decisions for part in _section_view(section)]
    parts += _heading("Decisions for the board")
    parts += decisions or [Text("Nothing for the board to decide.", style="dim")]
    parts += [*_heading("Areas"), areas_table(status, width, titled=False)]
    parts += ["", Text("Why each area has its RAG", style="bold")]
    for why in report.why:
        because = words.because(why, status.as_of)
        parts.append(
            Padding(Text.assemble(text(f"{why.area.area.title}: ", "bold"), text(because)), (0, 2))
        )
    if any(item.measures for item in status.areas):
        parts += [*_heading("Impact measures"), report_measures(status.areas, width)]
    exceptions = [part for section in report.exceptions for part in _section_view(section)]
    exceptions += behind_view(report.impact_behind)
    parts += _heading("Exceptions") + (exceptions or [Text(NOTHING_DUE, style="dim")])
    if report.changes:
        changed = [part for section in report.changed for part in _section_view(section)]
        parts += _since_view(report.changes)
        parts += changed or [Text(NOTHING_CHANGED, style="dim")]
    if report.failures:
        parts += _heading("Failing checks")
        parts += [Text(f"  {safe(wording.failure_words(failure))}") for failure in report.failures]
    return Group(*parts)


def _since_view(changes: Changes) -> list[RenderableType]:
    """The headline of what changed, and each area and measure then → now."""
    parts = _heading(f"Since {long_date(changes.since)}")
    parts += [
        Text(safe(wording.since_headline(changes))),
        "",
        Text("Areas then → now", style="bold"),
    ]
    for move in changes.areas:
        progress, rag = wording.area_moves(move)
        line = Text("    progress ") + move_text(progress)
        line += Text(" · RAG ") + move_text(rag)
        parts += [text(f"  {move.area.area.title}", "bold"), line]
    if changes.measures:
        parts += ["", Text("Measures then → now", style="bold")]
        for found in changes.measures:
            name = f"  {found.measure.measure.name} ({found.measure.area.title})"
            parts += [text(name), Text("    ") + move_text(wording.measure_move(found))]
    return [*parts, "", Text(wording.MOVES_KEY, style="dim")]


def move_text(move: Move) -> Text:
    """ "▼ worse: GREEN → RED", its arrow in colour (the word says it without)."""
    mark = SYMBOLS.get(move.direction)
    line = Text.assemble((f"{mark} ", MOVE_STYLES[move.direction]) if mark else "")
    return line + text(str(move))


def _heading(title: str) -> list[RenderableType]:
    return ["", Text(title, style="bold underline")]


def _section_view(section: Section) -> list[RenderableType]:
    """A report section: each action's ID and title, then its figures, the section's own
    column, and the latest progress update."""
    if not section.items:
        return []
    parts: list[RenderableType] = [
        "",
        Text(f"{words.title(section)} ({len(section.items)})", style="bold"),
    ]
    if listed := words.listed_in(section):
        ids = ", ".join(safe(item.action.label) for item in section.items)
        return [*parts, Text(f"  {ids}: listed under {listed} above.", style="dim")]
    if note := words.note(section):
        parts.append(Text(f"  {safe(note)}", style="italic"))
    details = words.cells(section)
    rows = []
    for item, detail in zip(section.items, details, strict=True):
        action = item.action
        lead = f" · lead says {item.reported.word}" if item.reported else ""
        figures = (
            f"due {day_words(action.due)} · {safe(action.owner or 'no owner')} · "
            f"RAG {item.rag.word if item.rag else '—'}{lead}"
        )
        said = move_text(detail) if isinstance(detail, Move) else text(shown(detail))
        lines = Text.assemble(
            text(action.title), "\n", (figures, "dim"), "\n", (f"{words.column(section)}: ", "dim"),
            said,
        )  # fmt: skip
        if section.show_update and (latest := action.latest_update):
            on = latest.written_on
            lines.append(f"\nLatest update ({long_date(on)}): ", style="dim")
            lines.append_text(text(latest.text))
        rows.append((text(f"  {action.label}", "bold"), lines))
    key = wording.moves_key(details)
    return [*parts, Hanging(rows), *([Text(f"  {key}", style="dim")] if key else [])]
