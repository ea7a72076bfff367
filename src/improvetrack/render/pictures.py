"""Charts drawn as PNG pictures, for the Word paper: each impact measure from its chart
model (`render.charts`), and the burn-up turned into the same model first.

Pillow is imported only when a picture is drawn, so no other command pays for it. Every
line has a dash pattern of its own as well as a colour: colour is never the only cue, and
a picture is never the only place its figures are (the paper gives them as a table).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from improvetrack.figures.burnup import Burnup
from improvetrack.model.text import counted
from improvetrack.render.charts import Chart, Marker, Point, Series
from improvetrack.render.svg import nice_ticks, projects

if TYPE_CHECKING:
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont, ImageFont

# Colour, width in pixels at the drawing's scale, and dash pattern ("" for solid).
_STROKES: dict[str, tuple[str, int, tuple[int, ...]]] = {
    "readings": ("#1b4f9c", 6, ()),
    "expected": ("#1b1b1b", 4, (18, 12)),
    "forecast": ("#1b4f9c", 4, (6, 12)),
    "baseline": ("#5f6368", 2, (3, 9)),
    "target": ("#1e7b34", 4, (30, 9, 6, 9)),
    "today": ("#5f6368", 2, (12, 9)),
    "target_by": ("#1e7b34", 2, (12, 9)),
    "inspection": ("#b3261e", 2, (12, 9)),
    "planned": ("#1b1b1b", 5, (18, 12)),
    "done": ("#1e7b34", 7, ()),
}
_SCALE = 3  # pixels per point of the drawing: sharp when printed at its size on A4
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def burnup_chart(chart: Burnup) -> Chart:
    """The burn-up in the chart model: planned and done as steps, the projection as a
    straight line from today, and today and the inspection as markers."""
    points = chart.points
    first, last = points[0].day, points[-1].day

    def steps(days: list[date], count: Callable[[date], int | None], until: date) -> list[Point]:
        found = [Point(first, float(count(first) or 0))]
        for day in sorted({day for day in days if first < day <= until}):
            found += [Point(day, found[-1].value), Point(day, float(count(day) or 0))]
        return [*found, Point(until, found[-1].value)]

    series = [
        Series("planned", "planned: actions due by each date", steps(
            chart.planned_days, chart.planned_by, last)),
        Series("done", "done: actions completed by each date", steps(
            chart.done_days, chart.done_by, chart.as_of)),
    ]  # fmt: skip
    if projects(chart):
        ahead = [Point(chart.as_of, float(chart.done))]
        finish = chart.days_to_all_done
        if finish is not None and (chart.as_of - first).days + finish < (last - first).days:
            ahead.append(Point(chart.as_of + timedelta(days=round(finish)), float(chart.live)))
        ahead.append(Point(last, chart.projected_at(last) or 0.0))
        series.append(Series("forecast", "projected at the recent rate", ahead))
    markers = [Marker("today", f"today {chart.as_of}", chart.as_of)]
    if chart.inspection is not None and first <= chart.inspection <= last:
        markers.append(Marker("inspection", f"inspection {chart.inspection}", chart.inspection))
    ticks = nice_ticks(chart.live)
    projected = projects(chart)
    header = ("Date", "Planned", "Done", *(("Projected",) if projected else ()))
    rows = []
    for point in points:
        row = [str(point.day), str(point.planned), "—" if point.done is None else str(point.done)]
        if projected:
            row.append("—" if point.projected is None else f"about {point.projected:.0f}")
        rows.append(tuple(row))
    done, due = chart.done_by(chart.as_of), chart.planned_by(chart.as_of)
    return Chart(
        title="Burn-up to the inspection",
        first=first,
        last=last,
        low=0.0,
        high=float(ticks[-1]),
        series=series,
        levels=[],
        markers=markers,
        x_ticks=_month_ticks(first, last),
        y_ticks=[(float(tick), str(tick)) for tick in ticks],
        sentence=(
            f"{done} of {counted(chart.live, 'action')} done by {chart.as_of} against {due} "
            "due by then"
        ),
        header=header,
        rows=rows,
    )


def _month_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """First days of months, about six across the chart."""
    months = (last.year - first.year) * 12 + last.month - first.month
    stride = next((s for s in (1, 2, 3, 6, 12) if months / s <= 6), 24)
    ticks = []
    year, month = first.year, first.month
    while (day := date(year, month, 1)) <= last:
        if day > first and (month - 1) % min(stride, 12) == 0 and (stride < 24 or year % 2 == 0):
            ticks.append((day, f"{_MONTHS[month - 1]} {year}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


def png(chart: Chart, width: int = 560, height: int = 230) -> bytes:
    """The chart as a PNG picture, `width` by `height` points drawn at three pixels each."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = width * _SCALE, height * _SCALE
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=11 * _SCALE)
    labels = ImageFont.load_default(size=10 * _SCALE)
    # A row above the plot for each marker's label, so that no two labels meet.
    rows = len(chart.markers)
    left, right, bottom = 56 * _SCALE, 16 * _SCALE, h - 26 * _SCALE
    top = (8 + 14 * rows) * _SCALE

    def x(day: date) -> float:
        return left + chart.x(day) * (w - right - left)

    def y(value: float) -> float:
        return bottom - chart.y(value) * (bottom - top)

    for value, text in chart.y_ticks:
        draw.line([(left, y(value)), (w - right, y(value))], fill="#e4e7eb", width=2)
        _text(draw, (left - 8 * _SCALE, y(value)), text, font, "rm")
    draw.line([(left, bottom), (w - right, bottom)], fill="#5f6368", width=2)
    for day, text in chart.x_ticks:
        draw.line([(x(day), bottom), (x(day), bottom + 4 * _SCALE)], fill="#5f6368", width=2)
        _text(draw, (x(day), bottom + 8 * _SCALE), text, font, "mt")
    for level in chart.levels:
        _dashed(draw, [(left, y(level.value)), (w - right, y(level.value))], level.key)
    for row, marker in enumerate(chart.markers):
        at = x(marker.day)
        line_top = (4 + 14 * row) * _SCALE
        _dashed(draw, [(at, line_top), (at, bottom)], marker.key)
        # Beside its line, on the left of it near the right edge.
        anchor, shift = ("rt", -4 * _SCALE) if at > w * 0.7 else ("lt", 4 * _SCALE)
        _text(draw, (at + shift, line_top), marker.label, labels, anchor, _STROKES[marker.key][0])
    for series in chart.series:
        vertices = [(x(point.day), y(point.value)) for point in series.points]
        _dashed(draw, vertices, series.key)
        if series.key == "readings":
            radius = 4 * _SCALE
            for px, py in vertices:
                draw.ellipse([px - radius, py - radius, px + radius, py + radius], fill="#1b4f9c")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # quick: the .docx is deflated again
    return out.getvalue()


def _text(
    draw: ImageDraw,
    at: tuple[float, float],
    text: str,
    font: FreeTypeFont | ImageFont,
    anchor: str,
    fill: str = "#3c4043",
) -> None:
    draw.text(at, text, font=font, fill=fill, anchor=anchor)


def _dashed(draw: ImageDraw, vertices: list[tuple[float, float]], key: str) -> None:
    """A line through the vertices in the key's colour, width and dash pattern."""
    colour, width, pattern = _STROKES[key]
    if len(vertices) < 2:
        return
    if not pattern:
        draw.line(vertices, fill=colour, width=width, joint="curve")
        return
    scaled = [step * _SCALE / 2 for step in pattern]
    index, left, drawing = 0, scaled[0], True
    for (x1, y1), (x2, y2) in pairwise(vertices):
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        done = 0.0
        while done < length:
            step = min(left, length - done)
            if drawing:
                a, b = done / length, (done + step) / length
                start = (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a)
                end = (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)
                draw.line([start, end], fill=colour, width=width)
            done += step
            left -= step
            if left <= 0:
                index = (index + 1) % len(scaled)
                left, drawing = scaled[index], not drawing
