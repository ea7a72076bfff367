"""Charts drawn as inline SVG for the HTML report: the burn-up, and each impact measure
from its chart model (`render.charts`). Nothing here is fetched or scripted."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date

from improvetrack.figures.burnup import Burnup
from improvetrack.model.text import counted, safe
from improvetrack.render.charts import Chart

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


def burnup_svg(chart: Burnup) -> str:
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

    def steps(dates: Sequence[date], count: Callable[[date], int], until: date) -> str:
        vertices = [(x(first), y(count(first)))]
        for day in sorted({day for day in dates if first < day <= until}):
            vertices += [(x(day), vertices[-1][1]), (x(day), y(count(day)))]
        vertices.append((x(until), vertices[-1][1]))
        return polyline(vertices)

    planned = steps(chart.planned_days, chart.planned_by, last)
    done = steps(chart.done_days, lambda day: chart.done_by(day) or 0, chart.as_of)
    projected = ""
    if projects(chart):
        vertices = [(x(chart.as_of), y(chart.done))]
        finish = chart.days_to_all_done
        offset = (chart.as_of - first).days
        if finish is not None and offset + finish < span:
            vertices.append((at(offset + finish), y(chart.live)))
        vertices.append((x(last), y(chart.projected_at(last) or 0)))
        projected = polyline(vertices)
    grid = [
        f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(tick)}" y2="{y(tick)}" '
        f'stroke="{"#5f6368" if tick == 0 else "#e4e7eb"}"/>'
        f'<text x="{_LEFT - 6}" y="{y(tick) + 4}" text-anchor="end">{tick}</text>'
        for tick in ticks
    ]
    months, shape = _month_ticks(first, last, _W - _LEFT - _RIGHT)
    axis = [
        f'<line x1="{x(day)}" x2="{x(day)}" y1="{bottom}" y2="{bottom + 4}" stroke="#5f6368"/>'
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
        f"Burn-up: {today_done} of {counted(chart.live, 'action')} done by {chart.as_of} against "
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


def projects(chart: Burnup) -> bool:
    """Whether the chart draws a projection: a recent rate, and time left to the end."""
    return chart.rate is not None and chart.as_of < chart.points[-1].day


# --- an impact measure, from its chart model ------------------------------------------

_MW, _MH = 480, 220  # the drawing's size; it scales to the page width
_ML, _MR, _MT, _MB = 48, 16, 12, 26
# Each line has a dash pattern of its own as well as a colour: colour is never the only cue.
_STROKES = {
    "readings": ("#1b4f9c", "3", ""),
    "expected": ("#1b1b1b", "2", "6 4"),
    "forecast": ("#1b4f9c", "2", "2 4"),
    "baseline": ("#5f6368", "1", "1 3"),
    "target": ("#1e7b34", "2", "10 3 2 3"),
    "today": ("#5f6368", "1", "4 3"),
    "target_by": ("#1e7b34", "1", "4 3"),
    "inspection": ("#b3261e", "1", "4 3"),
}


def _e(value: object) -> str:
    return html.escape(safe(value), quote=True)


def measure_svg(chart: Chart, label: str) -> str:
    """An impact measure's chart as inline SVG; `label` is its accessible name (the
    sentence that says what it shows)."""

    def x(day: date) -> float:
        return round(_ML + chart.x(day) * (_MW - _ML - _MR), 1)

    def y(value: float) -> float:
        return round(_MH - _MB - chart.y(value) * (_MH - _MT - _MB), 1)

    def stroke(key: str) -> str:
        colour, width, dash = _STROKES[key]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        return f'stroke="{colour}" stroke-width="{width}"{dashed}'

    parts = []
    for value, text in chart.y_ticks:
        parts.append(
            f'<line x1="{_ML}" x2="{_MW - _MR}" y1="{y(value)}" y2="{y(value)}" stroke="#e4e7eb"/>'
            f'<text x="{_ML - 6}" y="{y(value) + 4}" text-anchor="end">{_e(text)}</text>'
        )
    for day, text in chart.x_ticks:
        parts.append(f'<text x="{x(day)}" y="{_MH - 8}" text-anchor="middle">{_e(text)}</text>')
    for level in chart.levels:
        parts.append(
            f'<line x1="{_ML}" x2="{_MW - _MR}" y1="{y(level.value)}" y2="{y(level.value)}" '
            f"{stroke(level.key)}/>"
        )
    for marker in chart.markers:
        parts.append(
            f'<line x1="{x(marker.day)}" x2="{x(marker.day)}" y1="{_MT}" y2="{_MH - _MB}" '
            f"{stroke(marker.key)}/>"
        )
    for series in chart.series:
        points = " ".join(f"{x(p.day)},{y(p.value)}" for p in series.points)
        parts.append(f'<polyline points="{points}" fill="none" {stroke(series.key)}/>')
        if series.key == "readings":
            parts += [
                f'<circle cx="{x(p.day)}" cy="{y(p.value)}" r="3.5" fill="#1b4f9c"/>'
                for p in series.points
            ]
    return (
        f'<svg class="chart measure-chart" viewBox="0 0 {_MW} {_MH}" role="img" '
        f'aria-label="{_e(label)}"><g font-size="11" fill="#5f6368">{"".join(parts)}</g></svg>'
    )


def measure_key(chart: Chart) -> list[tuple[str, str]]:
    """Each line the chart draws, as (its key, its label), for the legend under it."""
    found = [(s.key, s.label) for s in chart.series]
    found += [(level.key, level.label) for level in chart.levels]
    return found + [(marker.key, marker.label) for marker in chart.markers]
