"""One chart model for an impact measure, drawn by every format that draws one.

The model says what the chart shows in the chart's own terms (dates across, values up):
the readings, the expected line from baseline to target, the forecast, the baseline and
target levels, the target date and the inspection, the axes' ticks, and the sentence that
says what it shows for whoever cannot see it, with its values as a table. A drawing (SVG
in HTML, a picture in Word, characters on a terminal) only maps `x()` and `y()`, each 0..1,
onto its own surface: it decides nothing about what is shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from improvetrack.figures.impact import Course, Trajectory, expected_at
from improvetrack.figures.progress import MeasureStatus
from improvetrack.model.records import record
from improvetrack.model.register import Measure

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


@record
class Point:
    day: date
    value: float


@record
class Series:
    """A line through points: `key` is readings, expected or forecast."""

    key: str
    label: str
    points: list[Point]


@record
class Level:
    """A value across the whole chart: the baseline or the target."""

    key: str
    label: str
    value: float


@record
class Marker:
    """A date down the whole chart: the target date, the inspection, the as-of date."""

    key: str
    label: str
    day: date


@record
class Chart:
    title: str
    first: date
    last: date
    low: float
    high: float
    series: list[Series]
    levels: list[Level]
    markers: list[Marker]
    x_ticks: list[tuple[date, str]]
    y_ticks: list[tuple[float, str]]
    sentence: str  # the text alternative: what the chart shows
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]  # the chart's values as a table

    def x(self, day: date) -> float:
        """Where a date falls across the chart, 0 at the left to 1 at the right."""
        return (day - self.first).days / max((self.last - self.first).days, 1)

    def y(self, value: float) -> float:
        """Where a value falls up the chart, 0 at the foot to 1 at the top."""
        return (value - self.low) / ((self.high - self.low) or 1)


def month(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def places(measure: Measure) -> int:
    """Decimal places the measure's own figures are written with (at most two)."""
    numbers = [measure.baseline, measure.target, *(r.value for r in measure.history)]
    found = 0
    for number in numbers:
        if isinstance(number, float) and not number.is_integer():
            found = max(found, min(len(repr(number).split(".")[1]), 2))
    return found


def shown(measure: Measure, value: float | None) -> str:
    """A value as the measure writes it: its unit after it, its own decimal places."""
    if value is None:
        return "—"
    return f"{value:.{places(measure)}f}{measure.unit or ''}"


def sentence(measure: Measure, course: Course) -> str:
    """What a measure's chart shows, in words: "rose from 48% to 61% since July 2026; 53%
    expected by now; at this rate 80% by March 2027, before the target date"."""
    parts = []
    since = course.since_baseline
    after = [r for r in since if course.baseline_on is None or r.on > course.baseline_on]
    when = f" since {month(course.baseline_on)}" if course.baseline_on else ""
    if after:
        start = course.baseline if course.baseline is not None else since[0].value
        latest = after[-1].value
        if latest == start:
            parts.append(f"stayed at {shown(measure, latest)}{when}")
        else:
            verb = "rose" if latest > start else "fell"
            parts.append(f"{verb} from {shown(measure, start)} to {shown(measure, latest)}{when}")
    else:
        parts.append(f"no reading{when}")
    if course.expected is not None:
        parts.append(f"{shown(measure, course.expected)} expected by now")
    reach, target = course.forecast, measure.target
    if target is None:
        parts.append("no target set")
    elif reach is None:
        if after:
            parts.append("too few readings for a forecast")
    elif course.trajectory is Trajectory.MET and reach.reaches_target_on:
        parts.append(f"met {shown(measure, target)} in {month(reach.reaches_target_on)}")
    elif reach.reaches_target_on is None:
        parts.append(f"at this rate it will not reach {shown(measure, target)}")
    else:
        on, by = reach.reaches_target_on, course.target_by
        side = "after" if not reach.in_time else "on" if on == by else "before"
        parts.append(
            f"at this rate {shown(measure, target)} by {month(on)}, {side} the target date"
        )
    return "; ".join(parts)


def _value_ticks(low: float, high: float) -> list[float]:
    """Round values from low to high, four to six of them."""
    span = (high - low) or 1.0
    step = 10 ** math.floor(math.log10(span / 5))
    for factor in (1, 2, 5, 10):
        if span / (step * factor) <= 5:
            step *= factor
            break
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _month_ticks(first: date, last: date) -> list[tuple[date, str]]:
    """The first days of months across the chart, five or so of them."""
    months = (last.year - first.year) * 12 + last.month - first.month
    stride = next((s for s in (1, 2, 3, 6, 12, 24) if months / s <= 6), 60)
    ticks = []
    year, number = first.year, first.month
    while (day := date(year, number, 1)) <= last:
        wanted = (number - 1) % min(stride, 12) == 0
        if day >= first and wanted and (stride <= 12 or year % (stride // 12) == 0):
            ticks.append((day, f"{MONTHS[number - 1][:3]} {year}"))
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return ticks


def measure_chart(item: MeasureStatus, as_of: date, inspection: date | None) -> Chart | None:
    """The chart of one measure as of a date; None when there is nothing to draw."""
    measure, course = item.measure, item.course
    if course is None or (not course.readings and measure.target is None):
        return None
    readings = [Point(r.on, float(r.value)) for r in course.readings]
    days = [p.day for p in readings] + [as_of]
    days += [d for d in (course.baseline_on, course.target_by, inspection) if d]
    first, last = min(days), max(days)
    series = [Series("readings", "readings", readings)] if readings else []
    start, end = course.baseline_on, course.target_by
    levels = []
    if course.baseline is not None:
        levels.append(
            Level("baseline", f"baseline {shown(measure, course.baseline)}", course.baseline)
        )
    if measure.target is not None:
        levels.append(Level("target", f"target {shown(measure, measure.target)}", measure.target))
    if start and end and course.baseline is not None and measure.target is not None:
        series.append(
            Series(
                "expected",
                "expected",
                [Point(start, float(course.baseline)), Point(end, float(measure.target))],
            )
        )
    line, reach = course.line, course.forecast
    met = course.trajectory is Trajectory.MET
    if line is not None and readings and reach and reach.reaches_target_on and not met:
        till = min(reach.reaches_target_on, last)
        series.append(
            Series(
                "forecast",
                "at this rate",
                [Point(readings[-1].day, readings[-1].value), Point(till, line.at(till))],
            )
        )
    markers = [Marker("today", f"as of {as_of}", as_of)]
    if end:
        markers.append(Marker("target_by", f"target date {end}", end))
    if inspection and inspection != end:
        markers.append(Marker("inspection", f"inspection {inspection}", inspection))
    elif inspection:
        markers[-1] = Marker("target_by", f"target date and inspection {end}", inspection)
    values = [p.value for s in series for p in s.points] + [level.value for level in levels]
    ticks = _value_ticks(min(values), max(values))
    header = ("Date", "Reading", "Expected")
    rows = [
        (
            str(r.on),
            shown(measure, r.value),
            shown(measure, expected_at(r.on, start, course.baseline, end, measure.target)),
        )
        for r in course.readings
    ]
    rows.append((f"{as_of} (as of)", "—", shown(measure, course.expected)))
    if end and measure.target is not None:
        rows.append((f"{end} (target date)", "—", shown(measure, measure.target)))
    return Chart(
        title=measure.name,
        first=first,
        last=last,
        low=ticks[0],
        high=ticks[-1],
        series=series,
        levels=levels,
        markers=markers,
        x_ticks=_month_ticks(first, last),
        y_ticks=[(tick, shown(measure, tick)) for tick in ticks],
        sentence=sentence(measure, course),
        header=header,
        rows=rows,
    )
