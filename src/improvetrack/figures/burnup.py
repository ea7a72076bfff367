"""The burn-up: planned and done counts from the plan's start to the inspection.

Only the timeline and the reports draw one, so the status screen never loads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from improvetrack.figures.forecast import Forecast
from improvetrack.figures.history import count_at, step_counts
from improvetrack.model.records import record
from improvetrack.model.register import Action


@record
class BurnPoint:
    """Counts at the end of one day: due by then (planned), done by then, and projected."""

    day: date
    planned: int
    done: int | None  # None in the future
    projected: float | None  # None in the past, or with no history to project from


@record
class Burnup:
    """Planned and done counts from the plan's start to the inspection.

    `points` are the month (or quarter) ends a table lists. The counts themselves change
    on the days the actions really moved, as the log replays them: `planned` and `done`
    hold (day, count) steps, so a chart steps where the plan moved and agrees with the
    status as of any of those days.
    """

    start: date
    as_of: date
    inspection: date | None
    live: int
    planned: list[tuple[date, int]]  # live actions whose agreed date had come, by day
    completed: list[tuple[date, int]]  # actions done, by day, up to as_of
    done: int  # done now
    rate: float | None  # completions a day lately; None with no history to project from

    @property
    def end(self) -> date:
        """The last day drawn: the inspection, or today when it has passed or is unknown."""
        return max(self.inspection or self.as_of, self.as_of)

    def planned_by(self, day: date) -> int:
        """Live actions whose agreed due date was on or before the day, as they stood."""
        return count_at(self.planned, day)

    def done_by(self, day: date) -> int | None:
        """Actions done at the end of the day, as they stood; None for a day to come."""
        return count_at(self.completed, day) if day <= self.as_of else None

    @property
    def planned_days(self) -> list[date]:
        """The days within the chart on which the planned count changed."""
        return [day for day, _ in self.planned if self.start <= day]

    @property
    def done_days(self) -> list[date]:
        """The days within the chart, up to today, on which the done count changed."""
        return [day for day, _ in self.completed if self.start <= day <= self.as_of]

    def projected_at(self, day: date) -> float | None:
        """Done by the day at the recent rate; None before today or with no rate."""
        if self.rate is None or day < self.as_of:
            return None
        return min(float(self.live), self.done + self.rate * (day - self.as_of).days)

    @property
    def days_to_all_done(self) -> float | None:
        """Days after today when the projection reaches every live action (None: never)."""
        if self.rate is None:
            return None
        return (self.live - self.done) / self.rate

    @property
    def points(self) -> list[BurnPoint]:
        """The counts at the start, each month (or quarter) end, today and the end."""
        days = sorted({self.start, *_month_ends(self.start, self.end), self.as_of, self.end})
        return [
            BurnPoint(day, self.planned_by(day), self.done_by(day), self.projected_at(day))
            for day in days
        ]


def _month_ends(start: date, end: date) -> list[date]:
    """Month ends between two dates; quarter ends when that would be more than 18 rows."""
    months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if months <= 18 else 3
    days: list[date] = []
    year, month = start.year, start.month
    while True:
        following = date(year + month // 12, month % 12 + 1, 1)
        last = following - timedelta(days=1)
        if last >= end:
            return days
        if last > start and (step == 1 or last.month % 3 == 0):
            days.append(last)
        year, month = following.year, following.month


def burnup(
    actions: Iterable[Action],
    as_of: date,
    start: date | None,
    inspection: date | None,
    ahead: Forecast | None,
) -> Burnup | None:
    """Completed against planned actions, from the start to the inspection, replayed from
    the actions' logs (pass them as they stood at `as_of`)."""
    if start is None:
        return None
    actions = list(actions)
    live = [action for action in actions if action.status != "dropped"]
    counts = step_counts(actions, as_of)
    return Burnup(
        start=start,
        as_of=as_of,
        inspection=inspection,
        live=len(live),
        planned=counts.planned,
        completed=counts.done,
        done=sum(action.status == "done" for action in live),
        rate=ahead.completed / ahead.window_days if ahead and ahead.has_history else None,
    )
