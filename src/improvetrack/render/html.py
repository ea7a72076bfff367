"""The report as one self-contained HTML page for an improvement board.

No scripts, no web fonts, nothing fetched: it opens from an email attachment or a shared
drive and prints cleanly. Every piece of register text goes through `_e`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from improvetrack import __version__
from improvetrack.forecast import Burnup, sentence
from improvetrack.progress import ActionStatus, Impact, Rag, Totals, measure_impact
from improvetrack.render.data import percent
from improvetrack.report import NOTHING_CHANGED, NOTHING_DUE, Report, Section
from improvetrack.rollup import Rollup
from improvetrack.rollup import plans_title as _plans
from improvetrack.text import safe


def _css() -> str:
    from importlib.resources import files

    return files("improvetrack.render").joinpath("report.css").read_text(encoding="utf-8")


def _e(value: object) -> str:
    """Register text, inert in HTML."""
    return html.escape(safe(value), quote=True)


def _rag(value: Rag | None) -> str:
    if value is None:
        return '<span class="rag none">—</span>'
    return f'<span class="rag {value.value}">{value.word}</span>'


def _bar(totals: Totals) -> str:
    done = round((totals.progress or 0) * 100, 1)
    behind = " behind" if totals.behind else ""
    marker = ""
    if totals.planned:
        planned = round(totals.planned * 100, 1)
        marker = f'<span class="planned" style="left:{planned}%" title="planned {planned}%"></span>'
    return (
        f'<span class="bar" role="img" aria-label="{percent(totals.progress)} done, '
        f'{percent(totals.planned)} planned">'
        f'<span class="done{behind}" style="width:{done}%"></span>{marker}</span>'
        f'<span class="pct">{percent(totals.progress)}</span>'
    )


def _day(value: object) -> str:
    return str(value) if value else "—"


def _area_rows(report: Report) -> list[str]:
    rows = []
    status = report.status
    items: list[tuple[str, str | None, Totals, Impact | None, str]] = [
        (item.area.title, item.area.lead, item.totals, item.impact, "") for item in status.areas
    ]
    items.append(("All areas", None, status.totals, None, ' class="total"'))
    for title, lead, totals, impact, css in items:
        lead_html = f'<div class="why">{_e(lead)}</div>' if lead else ""
        rows.append(
            f'<tr{css}><td class="area">{_e(title)}{lead_html}</td>'
            f'<td class="num">{totals.done}/{totals.live}</td>'
            f'<td class="nowrap">{_bar(totals)}</td>'
            f'<td class="num">{percent(totals.planned)}</td>'
            f'<td class="num">{totals.overdue}</td><td class="num">{totals.blocked}</td>'
            f"<td>{_rag(totals.rag)}</td>"
            f'<td class="impact-cell">{_impact(impact) if impact else ""}</td>'
            f'<td class="nowrap">{_day(totals.next_due)}</td></tr>'
        )
    return rows


def _action_table(
    items: list[ActionStatus], extra: str, value: Callable[[ActionStatus], object]
) -> str:
    # Reasons are sentences and may wrap; statuses and dates read badly broken in two.
    cell_class = "" if extra == "Blocked by" else ' class="nowrap"'
    rows = "".join(
        f'<tr><td class="nowrap"><strong>{item.action.id}</strong></td>'
        f"<td>{_e(item.action.title)}</td>"
        f"<td>{_e(item.action.owner or '—')}</td>"
        f'<td class="nowrap">{_day(item.action.due)}</td>'
        f"<td>{_rag(item.rag)}</td><td{cell_class}>{_e(value(item) or '—')}</td></tr>"
        for item in items
    )
    return (
        "<table><thead><tr><th>ID</th><th>Action</th><th>Owner</th><th>Due</th>"
        f"<th>RAG</th><th>{extra}</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _sections(sections: list[Section]) -> list[str]:
    parts = []
    for section in sections:
        if section.items:
            parts.append(f"<h3>{section.title} ({len(section.items)})</h3>")
            parts.append(_action_table(section.items, section.column, section.detail))
    return parts


def _exceptions(report: Report) -> list[str]:
    parts = ["<h2>Exceptions</h2>"]
    parts += _sections(report.exceptions()) or [f'<p class="empty">{NOTHING_DUE}</p>']
    if report.changes:
        parts.append(f"<h2>Since {report.changes.since}</h2>")
        parts += _sections(report.changed()) or [f'<p class="empty">{NOTHING_CHANGED}</p>']
    return parts


_W, _H = 880, 300  # the chart's drawing size; it scales to the page width
_LEFT, _RIGHT, _BOTTOM = 40, 34, 24  # room for the count and month labels
_FONT = 12
_ROW = 16  # one line of labels above the plot
_CHAR = _FONT * 0.62  # a generous width for one character, to keep labels apart


def nice_ticks(total: int) -> list[int]:
    """Round counts from 0 to at least the total, in steps of 1, 2, 5, 10, 20, 50, …

    The smallest step that needs no more than six ticks: four to six of them once the
    total is 3 or more, so the axis is neither crowded nor bare.
    """
    top = max(total, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            count = -(-top // step)
            if count <= 5:
                return list(range(0, step * count + 1, step))
        magnitude *= 10


def _month_ticks(first: date, last: date, room: float) -> tuple[list[date], str]:
    """The first days of months to label between two dates, and the label format.

    Every 1, 2, 3, 6 or 12 months, or whole years apart, whichever fits the room
    at about 80 units a label.
    """
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    fits = max(int(room // 80), 2)
    stride = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120, 240, 600) if months / s <= fits), 1200)
    years = stride // 12
    ticks = []
    year, month = first.year, first.month
    while (day := date(year, month, 1)) <= last:
        wanted = (month - 1) % stride == 0 if stride <= 12 else month == 1 and year % years == 0
        if day > first and wanted:
            ticks.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks, "%Y" if stride >= 12 else "%b %Y"


def _marker_rows(marks: list[tuple[float, str]]) -> list[tuple[float, str, int]]:
    """Where each date label goes: beside its line, flipped left near the right edge, and
    a row lower when it would touch the label before it."""
    placed: list[tuple[float, float, int]] = []  # left edge, right edge, row
    result = []
    for at, text in marks:
        width = len(text) * _CHAR
        left = at + 4 if at + 4 + width <= _W else at - 4 - width
        taken = {row for lo, hi, row in placed if left < hi + 8 and lo < left + width + 8}
        row = next(row for row in range(len(placed) + 1) if row not in taken)
        placed.append((left, left + width, row))
        result.append((left, text, row))
    return result


def _burnup_svg(chart: Burnup) -> str:
    """An inline SVG burn-up: planned (due by then), done, and the projection.

    The planned and done lines step on the very day an action falls due or is completed;
    the projection is a straight line from today at the recent rate.
    """
    first, last = chart.points[0].day, chart.points[-1].day
    span = max((last - first).days, 1)
    ticks = nice_ticks(chart.live)
    scale = ticks[-1]
    marks = [
        (mark, name, colour)
        for mark, name, colour in (
            (chart.as_of, "today", "#5f6368"),
            (chart.inspection, "inspection", "#b3261e"),
        )
        if mark is not None and first <= mark <= last
    ]

    def at(days: float) -> float:
        return round(_LEFT + days / span * (_W - _LEFT - _RIGHT), 1)

    def x(day: date) -> float:
        return at((day - first).days)

    labels = _marker_rows([(x(mark), f"{name} {mark}") for mark, name, _ in marks])
    top = _ROW * (max((row for _, _, row in labels), default=-1) + 1) + 10
    bottom = _H - _BOTTOM

    def y(count: float) -> float:
        return round(top + (1 - count / scale) * (bottom - top), 1)

    def polyline(vertices: list[tuple[float, float]]) -> str:
        kept = [v for i, v in enumerate(vertices) if i == 0 or v != vertices[i - 1]]
        return " ".join(f"{px},{py}" for px, py in kept)

    def steps(dates: tuple[date, ...], count: Callable[[date], int], until: date) -> str:
        vertices = [(x(first), y(count(first)))]
        for day in sorted({day for day in dates if first < day <= until}):
            vertices += [(x(day), vertices[-1][1]), (x(day), y(count(day)))]
        vertices.append((x(until), vertices[-1][1]))
        return polyline(vertices)

    planned = steps(chart.due, chart.planned_by, last)
    done = steps(chart.completed, lambda day: chart.done_by(day) or 0, chart.as_of)
    projected = ""
    if _projects(chart):
        vertices = [(x(chart.as_of), y(chart.done))]
        finish = chart.days_to_all_done
        offset = (chart.as_of - first).days
        if finish is not None and offset + finish < span:
            vertices.append((at(offset + finish), y(chart.live)))
        vertices.append((x(last), y(chart.projected_at(last) or 0)))
        projected = polyline(vertices)
    grid = [
        f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(tick)}" y2="{y(tick)}" '
        f'stroke="{"#9aa0a6" if tick == 0 else "#e4e7eb"}"/>'
        f'<text x="{_LEFT - 6}" y="{y(tick) + 4}" text-anchor="end">{tick}</text>'
        for tick in ticks
    ]
    months, shape = _month_ticks(first, last, _W - _LEFT - _RIGHT)
    axis = [
        f'<line x1="{x(day)}" x2="{x(day)}" y1="{bottom}" y2="{bottom + 4}" stroke="#9aa0a6"/>'
        f'<text x="{x(day)}" y="{bottom + 17}" text-anchor="middle">{day:{shape}}</text>'
        for day in months
    ]
    lines = []
    for (mark, _, colour), (left, text, row) in zip(marks, labels, strict=True):
        lines.append(
            f'<line x1="{x(mark)}" x2="{x(mark)}" y1="{_ROW * row + 4}" y2="{bottom}" '
            f'stroke="{colour}" stroke-dasharray="4 3"/>'
            f'<text x="{round(left, 1)}" y="{_ROW * (row + 1) - 2}" fill="{colour}">{text}</text>'
        )
    today_planned, today_done = chart.planned_by(chart.as_of), chart.done_by(chart.as_of)
    summary = (
        f"Burn-up: {today_done} of {chart.live} actions done by {chart.as_of} against "
        f"{today_planned} due by then"
    )
    return (
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" aria-label="{summary}">'
        f'<g font-size="{_FONT}" fill="#5f6368">{"".join(grid)}{"".join(axis)}</g>'
        f'<polyline points="{planned}" fill="none" stroke="#1b1b1b" stroke-width="2" '
        f'stroke-dasharray="6 4"/>'
        f'<polyline points="{done}" fill="none" stroke="#1e7b34" stroke-width="3"/>'
        + (
            f'<polyline points="{projected}" fill="none" stroke="#1e7b34" stroke-width="2" '
            f'stroke-dasharray="2 4"/>'
            if projected
            else ""
        )
        + f'<g font-size="{_FONT}">{"".join(lines)}</g></svg>'
    )


def _projects(chart: Burnup) -> bool:
    """Whether the chart draws a projection: a recent rate, and time left to the end."""
    return chart.rate is not None and chart.as_of < chart.points[-1].day


def _key(kind: str, text: str) -> str:
    return f'<span class="item"><span class="key {kind}"></span>{text}</span>'


def _timeline_section(report: Report) -> list[str]:
    chart = report.timeline
    if chart is None or len(chart.points) < 2:
        return []
    keys = [
        _key("line planned", "planned: actions due by each date"),
        _key("line done", "done: actions completed by each date"),
    ]
    if _projects(chart):
        keys.append(_key("line projected", "projected at the recent rate"))
    return [
        "<h2>Burn-up to the inspection</h2>",
        _burnup_svg(chart),
        f'<p class="legend chart-key">{"".join(keys)}</p>',
        f'<p class="why">{_e(sentence(report.status.forecast))}</p>',
    ]


def _measures_section(report: Report) -> list[str]:
    rows = []
    for item in report.status.areas:
        for measure in item.area.measures:
            unit = _e(measure.unit or "")

            def shown(value: float | None, unit: str = unit) -> str:
                return f"{value:g}{unit}" if value is not None else "—"

            impact = measure_impact(measure)
            rows.append(
                f"<tr><td>{_e(item.area.title)}</td><td>{_e(measure.name)} "
                f'<span class="why">({"higher" if measure.direction == "up" else "lower"} '
                f"is better)</span></td>"
                f'<td class="num">{shown(measure.baseline)}</td>'
                f'<td class="num">{shown(measure.current)}</td>'
                f'<td class="num">{shown(measure.target)}</td>'
                f'<td class="nowrap">{_impact(impact)}</td>'
                f'<td class="nowrap">{_day(measure.updated)}</td></tr>'
            )
    if not rows:
        return []
    return [
        "<h2>Impact measures</h2>",
        '<p class="why">Separate from delivery: what has changed for children, '
        "judged against each measure's baseline and target.</p>",
        "<table><thead><tr><th>Area</th><th>Measure</th><th class=num>Baseline</th>"
        "<th class=num>Current</th><th class=num>Target</th><th>Impact</th><th>Updated</th>"
        "</tr></thead><tbody>",
        *rows,
        "</tbody></table>",
    ]


def _impact(impact: Impact) -> str:
    return f'<span class="impact {impact.name.lower()}">{impact.value}</span>'


_DELIVERY = (
    (Rag.BLUE, "complete"),
    (Rag.GREEN, "on track"),
    (Rag.AMBER, "at risk"),
    (Rag.RED, "overdue or blocked"),
)
_IMPACT_MEANING = (
    (Impact.ON_TARGET, "at or past the target"),
    (Impact.IMPROVING, "better than the baseline, not yet at the target"),
    (Impact.NOT_IMPROVING, "no better than the baseline"),
    (Impact.NO_DATA, "no current figure, or no baseline to compare with"),
)


def _bar_key() -> str:
    """What the progress bars and delivery badges mean, for one plan or several."""
    bars = (
        _key("fill on-plan", "done, on plan")
        + _key("fill behind", "done, behind plan")
        + _key("marker", "where the plan should be by now")
    )
    delivery = " · ".join(
        f'<span class="item">{_rag(rag)} {meaning}</span>' for rag, meaning in _DELIVERY
    )
    return f'<p class="legend">Progress: {bars}</p><p class="legend">Delivery: {delivery}</p>'


def _impact_key() -> str:
    meanings = " · ".join(
        f'<span class="item">{_impact(impact)}: {meaning}</span>'
        for impact, meaning in _IMPACT_MEANING
    )
    return (
        f'<p class="legend">Impact, judged on each area\'s measures below (an area shows '
        f"its most worrying one): {meanings}</p>"
    )


def _cards(report: Report) -> str:
    status, totals = report.status, report.status.totals
    days = status.days_to_inspection
    cards = [
        (percent(totals.progress), f"done ({totals.done} of {totals.live} actions)", False),
        (percent(totals.planned), "planned by now", False),
        (str(totals.overdue), "overdue", totals.overdue > 0),
        (str(totals.blocked), "blocked", totals.blocked > 0),
        # Work finished and waiting for a lead to agree it: not bad news, so never red.
        (str(totals.awaiting_sign_off), "awaiting sign-off", False),
        ("—" if days is None else str(days), "days to inspection", False),
    ]
    body = "".join(
        f'<div class="card{" alert" if alert else ""}"><span class="n">{number}</span>'
        f'<span class="l">{label}</span></div>'
        for number, label, alert in cards
    )
    return f'<div class="cards">{body}</div>'


def render(report: Report) -> str:
    status = report.status
    plan, totals, inspection = status.plan, status.totals, status.inspection
    about = " · ".join(_e(part) for part in plan.about())
    if inspection is None:
        when = "No next inspection date set."
    elif inspection.estimated:
        when = (
            f"Next inspection expected between <strong>{inspection.day}</strong> and "
            f"<strong>{inspection.latest}</strong> (an estimate)."
        )
    else:
        when = f"Next inspection <strong>{inspection.day}</strong>."
    if deadline := status.deadline_ahead:
        when += f" {_e(deadline.what.capitalize())} <strong>{deadline.due}</strong>."
    pace = (
        '<span class="fail">Behind plan</span>' if totals.behind else "On plan"
    ) + f": {percent(totals.progress)} done against {percent(totals.planned)} planned by now."
    forecast_line = f'<p class="why">{_e(sentence(status.forecast))}</p>'
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(plan.title)}: progress report as of {status.as_of}</title>",
        f"<style>\n{_css()}</style></head><body>",
        f"<header><h1>{_e(plan.title)}</h1>",
        f'<p class="meta">{about}</p>' if about else "",
        f'<p class="meta">Progress report as of <strong>{status.as_of}</strong>. {when}</p>',
        "</header>",
        _cards(report),
        f"<p>{pace} Overall delivery {_rag(totals.rag)}</p>",
        forecast_line,
        "<h2>Areas for improvement</h2>",
        '<div class="wide"><table class="areas"><thead><tr><th class="area">Area</th>'
        "<th class=num>Done</th><th>Progress</th>"
        "<th class=num>Planned</th><th class=num>Overdue</th><th class=num>Blocked</th>"
        "<th>Delivery</th><th>Impact</th><th>Next due</th></tr></thead><tbody>",
        *_area_rows(report),
        "</tbody></table></div>",
        _bar_key(),
        _impact_key(),
        *_timeline_section(report),
        *_measures_section(report),
        *_exceptions(report),
    ]
    if report.failures:
        parts.append("<h2>Failing checks</h2><ul>")
        parts += [
            f'<li><span class="fail">{failure.condition}</span>: {_e(failure.detail)}</li>'
            for failure in report.failures
        ]
        parts.append("</ul>")
    parts.append(
        f"<footer>Made by improvetrack {__version__} from the plan's register, "
        f"as of {status.as_of}.</footer></body></html>"
    )
    return "\n".join(part for part in parts if part) + "\n"


def render_rollup(rollup: Rollup) -> str:
    """Several plans on one page: a row each, and totals across them."""
    rows = []
    for plan in rollup.plans:
        status, totals = plan.status, plan.status.totals
        inspection = status.inspection
        when = inspection.label if inspection else "—"
        organisation = status.plan.organisation
        # Without an organisation, the register's file tells plans apart: shown as a file.
        subtitle = (
            f'<div class="why">{_e(organisation)}</div>'
            if organisation
            else f'<div class="file">{_e(plan.label)}</div>'
        )
        rows.append(
            f'<tr><td class="area">{_e(status.plan.title)}{subtitle}</td>'
            f'<td class="nowrap">{when}</td>'
            f'<td class="num">{status.days_to_inspection if inspection else "—"}</td>'
            f'<td class="num">{totals.done}/{totals.live}</td>'
            f'<td class="nowrap">{_bar(totals)}</td>'
            f'<td class="num">{percent(totals.planned)}</td>'
            f'<td class="num">{totals.overdue}</td><td class="num">{totals.blocked}</td>'
            f"<td>{_rag(totals.rag)}</td></tr>"
        )
    totals = rollup.totals
    rows.append(
        '<tr class="total"><td class="area">All plans</td><td></td><td></td>'
        f'<td class="num">{totals.done}/{totals.live}</td>'
        f'<td class="nowrap">{_bar(totals)}</td>'
        f'<td class="num">{percent(totals.planned)}</td>'
        f'<td class="num">{totals.overdue}</td><td class="num">{totals.blocked}</td>'
        f"<td>{_rag(totals.rag)}</td></tr>"
    )
    failing = ""
    if rollup.failures:
        items = "".join(
            f'<li><span class="fail">{failure.condition}</span>: {_e(failure.detail)}</li>'
            for failure in rollup.failures
        )
        failing = f"<h2>Failing checks</h2><ul>{items}</ul>"
    title = _plans(len(rollup.plans))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}: as of {rollup.as_of}</title>\n"
        f"<style>\n{_css()}</style></head><body>\n"
        f'<header><h1>{title}</h1><p class="meta">As of <strong>{rollup.as_of}</strong>.</p>'
        "</header>\n"
        '<div class="wide"><table class="areas"><thead><tr><th class="area">Plan</th>'
        "<th>Next inspection</th><th class=num>Days</th>"
        "<th class=num>Done</th><th>Progress</th><th class=num>Planned</th>"
        "<th class=num>Overdue</th><th class=num>Blocked</th><th>Delivery</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>\n{_bar_key()}\n{failing}"
        f"<footer>Made by improvetrack {__version__} as of {rollup.as_of}.</footer>"
        "</body></html>\n"
    )
