"""Impact over time: where a measure should be by now, whether it is on course, and when
it reaches its target at the rate it is going.

Pure functions of a measure, the as-of date and two of the plan's dates (its start, the
next inspection). Only the measure's history counts (`current` and `updated` are its
latest reading written again), and only the readings dated on or before the as-of date:
replayed to an earlier day, a measure shows what was known then.

- `baseline_on`: the measure's own, else its earliest reading, else the plan's start.
- `target_by`: the measure's own, else the next inspection.
- **expected** at a date: on the straight line from (`baseline_on`, baseline) to
  (`target_by`, target); the baseline before it, the target after.
- **trajectory**: `met` (the latest reading reaches the target, in the measure's direction),
  `on-track` (it reaches the value expected at its own date), `behind`, or `no-data` (no
  reading dated after `baseline_on`, or no target).
- **forecast**: a least-squares line through the readings on or after `baseline_on` (the
  baseline's own reading included), at least three of them; the first day that line
  reaches the target, or none when it is flat or moving away; `in_time` when that day is
  on or before `target_by`. A met measure's day is that of its first reading that met it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from improvetrack.model.records import record
from improvetrack.model.register import Measure, Number, Reading

FORECAST_READINGS = 3  # fewer readings than this make no line worth believing


class Trajectory(StrEnum):
    """Where a measure stands against the straight line from its baseline to its target."""

    MET = "met"
    ON_TRACK = "on-track"
    BEHIND = "behind"
    NO_DATA = "no-data"


@record
class Line:
    """A straight line through readings: `value` on `origin`, changing `slope` a day."""

    origin: date
    value: float
    slope: float

    def at(self, day: date) -> float:
        return self.value + self.slope * (day - self.origin).days


@record
class Reach:
    """When a measure reaches its target at the rate its readings move (the forecast)."""

    reaches_target_on: date | None
    in_time: bool


@record
class Course:
    """A measure over time, as of a date."""

    baseline_on: date | None
    target_by: date | None
    baseline: Number | None  # where the expected line starts
    readings: list[Reading]  # dated on or before the as-of date, oldest first
    expected: float | None  # the value expected at the as-of date
    trajectory: Trajectory
    forecast: Reach | None  # None with fewer than three readings since the baseline
    line: Line | None  # the least-squares line the forecast comes from
    as_of: date | None = None  # the date it is as of

    @property
    def latest(self) -> Reading | None:
        return self.readings[-1] if self.readings else None

    @property
    def since_baseline(self) -> list[Reading]:
        """The readings the trajectory and the forecast read: on or after `baseline_on`."""
        if self.baseline_on is None:
            return list(self.readings)
        return [reading for reading in self.readings if reading.on >= self.baseline_on]


def readings_by(measure: Measure, as_of: date) -> list[Reading]:
    """The measure's readings known at the end of the as-of date, oldest first."""
    return sorted(
        (reading for reading in measure.history if reading.on <= as_of), key=lambda r: r.on
    )


def sign(measure: Measure) -> int:
    """+1 when higher is better, -1 when lower is."""
    return -1 if measure.direction == "down" else 1


def reaches(measure: Measure, value: float, goal: float) -> bool:
    """Whether `value` is at or past `goal` in the way the measure should go."""
    return sign(measure) * (value - goal) >= 0


def expected_at(
    day: date,
    baseline_on: date | None,
    baseline: Number | None,
    target_by: date | None,
    target: Number | None,
) -> float | None:
    """The value on the straight line from the baseline to the target at `day`."""
    if baseline_on is None or baseline is None or target_by is None or target is None:
        return None
    if day <= baseline_on:
        return float(baseline)
    if day >= target_by:
        return float(target)
    share = (day - baseline_on).days / (target_by - baseline_on).days
    return baseline + (target - baseline) * share


def fit(readings: Iterable[Reading]) -> Line | None:
    """The least-squares line through readings; None for fewer than three, or when they
    all fall on one day."""
    points = list(readings)
    if len(points) < FORECAST_READINGS:
        return None
    origin = points[0].on
    xs = [float((reading.on - origin).days) for reading in points]
    ys = [float(reading.value) for reading in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return Line(origin, mean_y - slope * mean_x, slope)


def _reach(measure: Measure, points: list[Reading], line: Line, target_by: date | None) -> Reach:
    target = measure.target
    assert target is not None
    met = next((r.on for r in points if reaches(measure, r.value, target)), None)
    if met is not None and reaches(measure, points[-1].value, target):
        return Reach(met, target_by is not None and met <= target_by)
    if sign(measure) * line.slope <= 0:
        return Reach(None, False)  # flat, or moving away from the target
    days = math.ceil((target - line.value) / line.slope - 1e-9)
    # The line may cross before a reading that had not got there: never earlier than the
    # day after the latest reading.
    day = max(line.origin + timedelta(days=days), points[-1].on + timedelta(days=1))
    return Reach(day, target_by is not None and day <= target_by)


def course(measure: Measure, as_of: date, start: date | None, inspection: date | None) -> Course:
    """A measure's course as of a date; `start` is the plan's start, `inspection` the day
    of the next inspection it is measured against."""
    readings = readings_by(measure, as_of)
    baseline_on = measure.baseline_on or (readings[0].on if readings else start)
    target_by = measure.target_by or inspection
    baseline = measure.baseline
    if baseline is None and baseline_on is not None:
        baseline = next((r.value for r in readings if r.on == baseline_on), None)
    target = measure.target
    expected = expected_at(as_of, baseline_on, baseline, target_by, target)
    points = [r for r in readings if baseline_on is None or r.on >= baseline_on]
    after = [r for r in points if baseline_on is None or r.on > baseline_on]
    line = fit(points)
    if target is None or not after:
        trajectory = Trajectory.NO_DATA
    else:
        latest = after[-1]
        then = expected_at(latest.on, baseline_on, baseline, target_by, target)
        if reaches(measure, latest.value, target):
            trajectory = Trajectory.MET
        elif then is None:
            trajectory = Trajectory.NO_DATA
        else:
            trajectory = (
                Trajectory.ON_TRACK if reaches(measure, latest.value, then) else (Trajectory.BEHIND)
            )
    forecast = None
    if line is not None:
        forecast = (
            Reach(None, False) if target is None else _reach(measure, points, line, target_by)
        )
    return Course(
        baseline_on=baseline_on,
        target_by=target_by,
        baseline=baseline,
        readings=readings,
        expected=expected,
        trajectory=trajectory,
        forecast=forecast,
        line=line,
        as_of=as_of,
    )


# An area shows its most worrying measure that has data; "no data" only when none has.
_CONCERN = {Trajectory.MET: 0, Trajectory.ON_TRACK: 1, Trajectory.BEHIND: 2}


def worst(trajectories: Iterable[Trajectory]) -> Trajectory:
    known = [found for found in trajectories if found is not Trajectory.NO_DATA]
    return max(known, key=_CONCERN.__getitem__, default=Trajectory.NO_DATA)
