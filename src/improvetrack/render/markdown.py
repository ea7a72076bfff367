"""The report as Markdown: for a CI job summary, a pull request, or a board paper."""

from __future__ import annotations

import re
from collections.abc import Iterable

from improvetrack.progress import ActionStatus, Rag, Totals
from improvetrack.render.options import Options
from improvetrack.render.words import days_phrase, percent
from improvetrack.report import NOTHING_CHANGED, NOTHING_DUE, Report, Section
from improvetrack.rollup import Rollup
from improvetrack.text import safe

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
_DELIVERY_HEADER = ["Done", "Progress", "Planned", "Overdue", "Blocked", "Delivery"]


def _totals(totals: Totals, impact: str) -> list[str]:
    return [
        f"{totals.done}/{totals.live}",
        percent(totals.progress),
        percent(totals.planned),
        str(totals.overdue),
        str(totals.blocked),
        rag(totals.rag),
        impact,
        totals.next_due.isoformat() if totals.next_due else "—",
    ]


def _measures(report: Report) -> list[str]:
    rows = []
    for item in report.status.areas:
        for measured in item.measures:
            measure = measured.measure
            unit = cell(measure.unit) if measure.unit else ""

            def shown(value: float | None, unit: str = unit) -> str:
                return f"{value:g}{unit}" if value is not None else "—"

            better = "higher" if measure.direction == "up" else "lower"
            rows.append(
                [
                    cell(item.area.title),
                    f"{cell(measure.name)} ({better} is better)",
                    shown(measure.baseline),
                    shown(measure.current),
                    shown(measure.target),
                    measured.impact.value,
                ]
            )
    if not rows:
        return []
    header = ["Area", "Measure", "Baseline", "Current", "Target", "Impact"]
    return ["", "## Impact measures", "", *_table(header, rows)]


def _actions(items: list[ActionStatus], extra: str, details: list[object]) -> list[str]:
    header = ["ID", "Action", "Owner", "Due", "RAG", extra]
    rows = [
        [
            item.action.id,
            cell(item.action.title),
            cell(item.action.owner),
            item.action.due.isoformat() if item.action.due else "—",
            rag(item.rag),
            cell(detail),
        ]
        for item, detail in zip(items, details, strict=True)
    ]
    return _table(header, rows)


def render(report: Report, options: Options) -> str:
    status, totals = report.status, report.status.totals
    plan = status.plan
    lines = [f"# {cell(plan.title)}", ""]
    about = _line_start(" · ".join(cell(part) for part in plan.about()))
    if about:
        lines += [about, ""]
    lines += [f"Report as of **{status.as_of}**.", ""]
    inspection = status.inspection
    if inspection:
        when = (
            f"expected between {inspection.day} and {inspection.latest} (an estimate)"
            if inspection.estimated
            else str(inspection.day)
        )
        lines += [f"- **Next inspection:** {when}: {days_phrase(status.days_to_inspection or 0)}"]
    else:
        lines += ["- **Next inspection:** not set"]
    if deadline := status.deadline_ahead:
        lines += [f"- **{cell(deadline.what.capitalize())}:** {deadline.due}"]
    pace = "**behind plan**" if totals.behind else "on plan"
    lines += [
        f"- **Progress:** {totals.done} of {totals.live} actions done "
        f"({percent(totals.progress)}); planned by now {percent(totals.planned)}: {pace}",
        f"- **Overdue:** {totals.overdue} · **Blocked:** {totals.blocked} · "
        f"**Awaiting sign-off:** {totals.awaiting_sign_off} · "
        f"**Overall delivery:** {rag(totals.rag)}",
        f"- **Forecast:** {cell(status.outlook)}",
        "",
        "## Areas",
        "",
    ]
    header = ["Area", *_DELIVERY_HEADER, "Impact", "Next due"]
    rows = [
        [cell(item.area.title), *_totals(item.totals, item.impact.value)] for item in status.areas
    ]
    rows.append(["**All areas**", *_totals(totals, "—")])
    lines += _table(header, rows)
    lines += _measures(report)
    lines += _exceptions(report)
    if report.failures:
        lines += ["", "## Failing checks", ""]
        lines += [
            f"- **{failure.condition}**: {cell(failure.detail)}" for failure in report.failures
        ]
    return "\n".join(lines) + "\n"


def _sections(sections: list[Section]) -> list[str]:
    lines = []
    for section in sections:
        if section.items:
            lines += [f"### {section.title} ({len(section.items)})", ""]
            lines += [*_actions(section.items, section.column, section.details), ""]
    return lines


def _exceptions(report: Report) -> list[str]:
    lines = ["", "## Exceptions", ""]
    lines += _sections(report.exceptions) or [NOTHING_DUE, ""]
    if report.changes:
        lines += [f"## Since {report.changes.since}", ""]
        lines += _sections(report.changed) or [NOTHING_CHANGED, ""]
    return lines[:-1] if lines[-1] == "" else lines


def render_rollup(rollup: Rollup, options: Options) -> str:
    lines = [f"# {rollup.title}", "", f"As of **{rollup.as_of}**.", ""]
    header = ["Plan", "Organisation", "Next inspection", "Days", *_DELIVERY_HEADER]
    rows = []
    for plan in rollup.plans:
        status, totals = plan.status, plan.status.totals
        inspection = status.inspection
        when = inspection.label if inspection else "—"
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
            f"- **{failure.condition}**: {cell(failure.detail)}" for failure in rollup.failures
        ]
    return "\n".join(lines) + "\n"
