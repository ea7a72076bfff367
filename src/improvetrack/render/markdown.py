"""The report as Markdown: for a CI job summary, a pull request, or a board paper."""

from __future__ import annotations

import re
from collections.abc import Iterable

from improvetrack.figures.progress import ActionStatus, AreaStatus, Rag, Totals
from improvetrack.figures.report import Changes, Report, Section
from improvetrack.files.rollup import Rollup
from improvetrack.model.dates import long_date
from improvetrack.model.text import safe
from improvetrack.render import sections as words
from improvetrack.render.charts import sentence
from improvetrack.render.charts import shown as shown_as
from improvetrack.render.options import Options
from improvetrack.render.rules import paper_windows
from improvetrack.render.sections import NOTHING_CHANGED, NOTHING_DUE, shown
from improvetrack.render.words import (
    DELIVERY_WORDS,
    MOVES_KEY,
    TRAJECTORY_WORDS,
    against_dates,
    area_moves,
    day_words,
    days_phrase,
    delivery_words,
    failure_detail,
    inspection_label,
    measure_move,
    moves_key,
    paper_outlook,
    since_headline,
)

# Decoration only: the RAG word always stands beside it, for screen readers and print.
_EMOJI = {Rag.BLUE: "🔵", Rag.GREEN: "🟢", Rag.AMBER: "🟠", Rag.RED: "🔴"}
# Inside a table cell or after a list marker these are the characters Markdown (GitHub's
# flavour included) or inline HTML would act on; a backslash makes each a literal character.
# Line-start syntax (#, -, +, 1.) cannot arise: register text never starts a line here.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")


def cell(value: object) -> str:
    """Register text made inert for Markdown: one line, every special character escaped."""
    text = safe(value)
    return _SPECIAL.sub(r"\\\1", text) if text else "—"


_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def _line_start(line: str) -> str:
    """Escape what would make register text at the start of a line a heading, a quote or
    a list item (`cell` covers everything inline)."""
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}", line, count=1)


def rag(value: Rag | None) -> str:
    return f"{_EMOJI[value]} {value.word}" if value else "—"


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = [_row(header), _row("---" for _ in header)]
    lines += [_row(row) for row in rows]
    return lines


# The columns of `_totals` that every table of areas or plans shows first.
_DELIVERY_HEADER = ["Done", "Progress", "Due by now", "Overdue", "Blocked", "Delivery"]


def _totals(totals: Totals, impact: str) -> list[str]:
    return [*delivery_words(totals), rag(totals.rag), impact, day_words(totals.next_due)]


def _measures(report: Report) -> list[str]:
    rows, said = [], []
    for item in report.status.areas:
        for measured in item.measures:
            measure, course = measured.measure, measured.course
            better = "higher" if measure.direction == "up" else "lower"
            values = (measure.baseline, measure.current, measure.target)
            rows.append(
                [
                    cell(item.area.title),
                    f"{cell(measure.name)} ({better} is better)",
                    *(cell(shown_as(measure, value)) for value in values),
                    cell(shown_as(measure, course.expected if course else None)),
                    TRAJECTORY_WORDS[measured.trajectory],
                    measured.impact.value,
                ]
            )
            if course is not None:
                said.append(f"- **{cell(measure.name)}**: {cell(sentence(measure, course))}.")
    if not rows:
        return []
    header = ["Area", "Measure", "Baseline", "Current", "Target", "Expected", "Trajectory"]
    return ["", "## Impact measures", "", *_table([*header, "Impact"], rows), "", *said]


def _behind(report: Report) -> list[str]:
    """Measures behind the line from their baseline to their target: an exception."""
    if not report.impact_behind:
        return []
    lines = [f"### Impact behind trajectory ({len(report.impact_behind)})", ""]
    for item in report.impact_behind:
        what = cell(sentence(item.measure, item.course)) if item.course else ""
        lines.append(f"- **{cell(item.measure.name)}** ({cell(item.area.title)}): {what}")
    return [*lines, ""]


def _actions(section: Section) -> list[str]:
    """One row per action: its ID and ref, what it is, who owns it, when it is due, both
    RAGs, the section's own column, and the latest progress update."""
    header = ["ID", "Action", "Owner", "Due", "RAG", "Lead's RAG", words.column(section)]
    rows = [
        [
            cell(item.action.label),
            cell(item.action.title),
            cell(item.action.owner),
            day_words(item.action.due),
            rag(item.rag),
            _lead(item),
            cell(shown(detail)),
        ]
        + ([_update(item)] if section.show_update else [])
        for item, detail in zip(section.items, words.cells(section), strict=True)
    ]
    return _table(header + (["Latest update"] if section.show_update else []), rows)


def _lead(item: ActionStatus) -> str:
    """The lead's RAG, and how it stands against the dates' one."""
    said = against_dates(item.optimistic, item.pessimistic)
    return rag(item.reported) + (f", {said}" if said else "")


def _update(item: ActionStatus) -> str:
    latest = item.action.latest_update
    if latest is None:
        return "—"
    on = latest.written_on
    return f"{cell(latest.text)} ({long_date(on)})"


def _headline(report: Report) -> list[str]:
    status, totals = report.status, report.status.totals
    lines = []
    inspection = status.inspection
    if inspection:
        when = (
            f"expected between {long_date(inspection.day)} and "
            f"{day_words(inspection.latest)} (an estimate)"
            if inspection.estimated
            else long_date(inspection.day)
        )
        lines += [f"- **Next inspection:** {when}: {days_phrase(status.days_to_inspection or 0)}"]
    else:
        lines += ["- **Next inspection:** not set"]
    if deadline := status.deadline_ahead:
        lines += [f"- **{cell(deadline.what.capitalize())}:** {long_date(deadline.due)}"]
    lines += [
        f"- **{cell(what)}:** a window, between {long_date(start)} and {long_date(end)}"
        for what, start, end in paper_windows(status)
    ]
    # Done, due by now, overdue, blocked, slipped and sign-offs are in the summary above:
    # each figure is said once.
    lines += [
        f"- **Overall delivery:** {rag(totals.rag)}",
        f"- **Forecast:** {cell(paper_outlook(status))}",
    ]
    return lines


def _areas(report: Report) -> list[str]:
    status = report.status
    header = ["Area", *_DELIVERY_HEADER, "Impact", "Next due"]

    def row(item: AreaStatus) -> list[str]:
        title = (
            f"{cell(item.area.ref)} {cell(item.area.title)}"
            if item.area.ref
            else cell(item.area.title)
        )
        people = [
            f"lead {cell(item.area.lead)}" if item.area.lead else "",
            f"sponsor {cell(item.area.sponsor)}" if item.area.sponsor else "",
        ]
        if said := " · ".join(part for part in people if part):
            title += f" · {said}"
        return [title, *_totals(item.totals, item.impact.value)]

    rows: list[list[str]] = []
    if status.themes:
        for theme in status.themes:
            name = cell(theme.name) if theme.name else "Not in a theme"
            rows.append([f"**Theme: {name}**", *_totals(theme.totals, "")])
            rows += [row(item) for item in theme.areas]
    else:
        rows += [row(item) for item in status.areas]
    rows.append(["**All areas**", *_totals(status.totals, "—")])
    delivery = "; ".join(f"{rag(value)} {meaning}" for value, meaning in DELIVERY_WORDS)
    lines = ["", "## Areas", "", *_table(header, rows), "", f"Delivery: {delivery}.", ""]
    lines += ["### Why each area has its RAG", ""]
    as_of = report.status.as_of
    lines += [
        f"- **{cell(why.area.area.title)}**: {cell(words.because(why, as_of))}"
        for why in report.why
    ]
    return lines


def render(report: Report, options: Options) -> str:
    status = report.status
    plan = status.plan
    lines = [f"# {cell(plan.title)}", ""]
    about = _line_start(" · ".join(cell(part) for part in plan.about()))
    if about:
        lines += [about, ""]
    lines += [f"Report as of **{long_date(status.as_of)}**.", ""]
    lines += ["## Summary", "", cell(words.summary(report)), "", *_headline(report)]
    lines += _decisions(report)
    lines += _areas(report)
    lines += _measures(report)
    lines += _exceptions(report)
    if report.failures:
        lines += ["", "## Failing checks", ""]
        lines += [
            f"- **{failure.condition}**: {cell(failure_detail(failure))}"
            for failure in report.failures
        ]
    return "\n".join(lines) + "\n"


def _sections(sections: list[Section]) -> list[str]:
    lines = []
    for section in sections:
        if section.items:
            lines += [f"### {words.title(section)} ({len(section.items)})", ""]
            if listed := words.listed_in(section):
                ids = ", ".join(cell(item.action.label) for item in section.items)
                lines += [f"{ids}: listed under {listed} above.", ""]
                continue
            if note := words.note(section):
                lines += [cell(note), ""]
            lines += [*_actions(section), ""]
            if key := moves_key(words.cells(section)):
                lines += [key, ""]
    return lines


def _decisions(report: Report) -> list[str]:
    lines = ["", "## Decisions for the board", ""]
    found = _sections(report.decisions)
    lines += found or [
        "Nothing for the board to decide: no sign-offs, escalations, revised "
        "dates, or RAGs to challenge or to hear.",
        "",
    ]
    return lines[:-1] if lines[-1] == "" else lines


def _exceptions(report: Report) -> list[str]:
    lines = ["", "## Exceptions", ""]
    lines += [*_sections(report.exceptions), *_behind(report)] or [NOTHING_DUE, ""]
    if report.changes:
        lines += _since(report.changes, report.changed)
    return lines[:-1] if lines[-1] == "" else lines


def _since(changes: Changes, changed: list[Section]) -> list[str]:
    """What changed since --since: the headline, each area and measure then → now, then
    each kind of change to actions."""
    lines = [f"## Since {long_date(changes.since)}", "", cell(since_headline(changes)), ""]
    header = ["Area", "Progress then → now", "RAG then → now"]
    rows = [
        [cell(move.area.area.title), *(shown(said) for said in area_moves(move))]
        for move in changes.areas
    ]
    lines += [*_table(header, rows), "", MOVES_KEY, ""]
    if changes.measures:
        header = ["Area", "Measure", "Then → now"]
        rows = [
            [
                cell(move.measure.area.title),
                cell(move.measure.measure.name),
                cell(shown(measure_move(move))),
            ]
            for move in changes.measures
        ]
        lines += [*_table(header, rows), "", MOVES_KEY, ""]
    return lines + (_sections(changed) or [NOTHING_CHANGED, ""])


def render_rollup(rollup: Rollup, options: Options) -> str:
    lines = [f"# {rollup.title}", "", f"As of **{rollup.as_of}**.", ""]
    header = ["Plan", "Organisation", "Next inspection", "Days", *_DELIVERY_HEADER]
    rows = []
    for plan in rollup.plans:
        status, totals = plan.status, plan.status.totals
        inspection = status.inspection
        when = inspection_label(inspection)
        rows.append(
            [
                cell(status.plan.title),
                cell(status.plan.organisation),
                when,
                str(status.days_to_inspection) if inspection else "—",
                *_totals(totals, "")[:6],
            ]
        )
    totals = rollup.totals
    rows.append(["**All plans**", "", "", "", *_totals(totals, "")[:6]])
    lines += _table(header, rows)
    if rollup.failures:
        lines += ["", "## Failing checks", ""]
        lines += [
            f"- **{failure.condition}**: {cell(failure_detail(failure))}"
            for failure in rollup.failures
        ]
    return "\n".join(lines) + "\n"
