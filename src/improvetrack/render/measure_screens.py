"""Impact measures on the terminal: the list with a trend, and one measure over time.

A sparkline and a chart are drawn with block and box characters where the terminal can
show them, and with plain ASCII where it cannot (`plain`). The chart is the same chart
model (`render.charts`) the HTML paper draws as SVG, laid onto a grid of characters; it
is loaded only by the views that show a measure, not by the status screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from improvetrack.figures.progress import AreaStatus, MeasureStatus
from improvetrack.model.register import Measure
from improvetrack.model.text import safe
from improvetrack.render.cells import impact_text, trajectory_text
from improvetrack.render.words import MEASURE_KEY

if TYPE_CHECKING:
    from improvetrack.render.charts import Chart

SPARK = "▁▂▃▄▅▆▇█"
SPARK_PLAIN = "_.-=*#"
SPARK_READINGS = 8  # the latest readings a trend shows


def sparkline(values: list[float], plain: bool = False) -> str:
    """The latest values as a row of bars, lowest to highest."""
    steps = SPARK_PLAIN if plain else SPARK
    shown_values = values[-SPARK_READINGS:]
    if not shown_values:
        return ""
    low, high = min(shown_values), max(shown_values)
    if high == low:
        return steps[len(steps) // 2] * len(shown_values)
    top = len(steps) - 1
    return "".join(steps[round((value - low) / (high - low) * top)] for value in shown_values)


# (header, width) of the figures under each measure's name.
_FIGURES = [
    ("Trend", 8),
    ("Baseline", 8),
    ("Current", 7),
    ("Expected", 8),
    ("Target", 6),
    ("Trajectory", 10),
    ("Impact", 13),
]


def _line(cells: list[Text]) -> Text:
    line = Text("  ")
    for index, (cell, (_, width)) in enumerate(zip(cells, _FIGURES, strict=True)):
        padding = " " * max(width - cell.cell_len, 0)
        numeric = 0 < index < 5
        line.append_text(Text(padding) + cell if numeric else cell + Text(padding))
        line.append(" ")
    line.rstrip()
    return line


def measures_view(
    areas: list[AreaStatus], width: int, plain: bool = False, titles: bool = False
) -> RenderableType:
    """Each measure's name, then its trend, values, the value expected by now, its
    trajectory and its impact beneath it: 80 columns whatever the name. A paper names
    each area by its title (`titles`), a screen by its key."""
    from improvetrack.render.charts import shown

    items = [measure for area in areas for measure in area.measures]
    if not items:
        return Text(
            "No impact measures yet: add one with `improvetrack measure add AREA NAME`.",
            style="dim",
        )
    header = _line([Text(name, style="bold") for name, _ in _FIGURES])
    rows: list[RenderableType] = [
        header,
        Text(("-" if plain else "─") * min(width, 80), style="dim"),
    ]
    for item in items:
        measure, course = item.measure, item.course
        arrow = ("^" if plain else "↑") if measure.direction == "up" else ("v" if plain else "↓")
        named = item.area.title if titles else item.area.key
        title = Text.assemble((safe(named), "bold"), "  ", safe(measure.name))
        title.append(f" {arrow}", style="dim")
        values = [float(r.value) for r in (course.readings if course else measure.history)]

        def value(number: float | None, measure: Measure = measure) -> Text:
            if number is None:
                return Text("-" if plain else "—", style="dim")
            return Text(safe(shown(measure, number)))

        rows += [
            title,
            _line(
                [
                    Text(sparkline(values, plain), style="cyan"),
                    value(measure.baseline),
                    value(measure.current),
                    value(course.expected if course else None),
                    value(measure.target),
                    trajectory_text(item.trajectory),
                    impact_text(item.impact),
                ]
            ),
        ]
    return Group(*rows)


def report_measures(areas: list[AreaStatus], width: int) -> RenderableType:
    """The measures in a text paper: the list, then what each one's chart shows."""
    from improvetrack.render.charts import sentence

    said: list[RenderableType] = []
    for area in areas:
        for item in area.measures:
            if item.course is None:
                continue
            line = Text.assemble(("  " + safe(item.measure.name) + ": ", "bold"))
            line.append(safe(sentence(item.measure, item.course)))
            said.append(line)
    key = Text(MEASURE_KEY, style="dim")
    return Group(measures_view(areas, width, titles=True), key, "", *said)


def behind_view(items: list[MeasureStatus]) -> list[RenderableType]:
    """Measures behind the line from their baseline to their target: an exception."""
    if not items:
        return []
    from improvetrack.render.charts import sentence

    parts: list[RenderableType] = [
        "",
        Text(f"Impact behind trajectory ({len(items)})", style="bold"),
    ]
    for item in items:
        line = Text.assemble((f"  {safe(item.measure.name)} ({safe(item.area.title)}): ", "bold"))
        if item.course is not None:
            line.append(safe(sentence(item.measure, item.course)))
        parts.append(line)
    return parts


_HEIGHT = 10


def chart_text(chart: Chart, width: int, plain: bool = False) -> Text:
    """A chart model laid onto characters: readings, the expected line, the forecast, the
    target level, and the target date and inspection down the chart."""
    label_width = max(len(safe(label)) for _, label in chart.y_ticks) + 1
    columns = max(min(width - label_width - 2, 60), 20)
    grid = [[" "] * columns for _ in range(_HEIGHT)]
    styles = [[""] * columns for _ in range(_HEIGHT)]

    def put(x: float, y: float, char: str, style: str) -> None:
        column = min(max(round(x * (columns - 1)), 0), columns - 1)
        row = _HEIGHT - 1 - min(max(round(y * (_HEIGHT - 1)), 0), _HEIGHT - 1)
        grid[row][column], styles[row][column] = char, style

    for level in chart.levels:
        if level.key == "target":
            for column in range(columns):
                put(column / (columns - 1), chart.y(level.value), "-" if plain else "─", "green")
    for marker in chart.markers:
        if marker.key != "today":
            for row in range(_HEIGHT):
                put(chart.x(marker.day), row / (_HEIGHT - 1), "|" if plain else "│", "dim")
    for series in chart.series:
        if series.key == "readings":
            continue
        char = "." if series.key == "expected" else ":"
        for first, last in zip(series.points, series.points[1:], strict=False):
            start, end = chart.x(first.day), chart.x(last.day)
            steps = max(round((end - start) * (columns - 1)), 1)
            for step in range(steps + 1):
                share = step / steps
                value = first.value + (last.value - first.value) * share
                put(start + (end - start) * share, chart.y(value), char, "dim")
    for series in chart.series:
        if series.key == "readings":
            for point in series.points:
                put(chart.x(point.day), chart.y(point.value), "*" if plain else "●", "bold cyan")
    top, bottom = safe(chart.y_ticks[-1][1]), safe(chart.y_ticks[0][1])
    lines = Text()
    for number, (chars, marks) in enumerate(zip(grid, styles, strict=True)):
        label = top if number == 0 else bottom if number == _HEIGHT - 1 else ""
        lines.append(label.rjust(label_width) + " ", style="dim")
        for char, style in zip(chars, marks, strict=True):
            lines.append(char, style=style)
        lines.append("\n")
    ends = f"{chart.first:%b %Y}", f"{chart.last:%b %Y}"
    gap = max(columns - len(ends[0]) - len(ends[1]), 1)
    lines.append(" " * (label_width + 1) + ends[0] + " " * gap + ends[1], style="dim")
    return lines


def measure_view(item: MeasureStatus, width: int, plain: bool = False) -> RenderableType:
    """One measure over time: what it shows in a sentence, its readings beside the
    expected line, and the chart."""
    from improvetrack.render.charts import measure_chart, sentence

    measure, course = item.measure, item.course
    better = "higher" if measure.direction == "up" else "lower"
    parts: list[RenderableType] = [
        Text.assemble(
            (safe(measure.name), "bold"), (f"  ({item.area.key}; {better} is better)", "dim")
        )
    ]
    if course is None:
        return Group(*parts)
    facts = Text.assemble(
        "Trajectory ", trajectory_text(course.trajectory), " · impact ", impact_text(item.impact)
    )
    parts += [Text(safe(sentence(measure, course))), facts]
    if course.as_of is not None and (chart := measure_chart(item, course.as_of, None)):
        table = Table(box=None, pad_edge=False, padding=(0, 2, 0, 0))
        for index, name in enumerate(chart.header):
            table.add_column(name, justify="left" if index == 0 else "right", no_wrap=True)
        for row in chart.rows:
            table.add_row(*(Text(safe(cell)) for cell in row))
        parts += ["", table, "", chart_text(chart, width, plain)]
        key = "● reading  · expected  : at this rate  ─ target  │ target date"
        if plain:
            key = "* reading  . expected  : at this rate  - target  | target date"
        parts.append(Text(key, style="dim"))
    return Group(*parts)
