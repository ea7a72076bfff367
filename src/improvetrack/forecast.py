"""Where the plan is heading: the recent completion rate, projected to the inspection.

A forecast is only as good as its history, so with no completions to learn from it says
so instead of inventing a number.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from improvetrack.register import Action, Register

WINDOW_DAYS = 84  # the last twelve weeks


def plan_start(register: Register) -> date | None:
    """plan.start, else the publication of the report, else the first action created."""
    plan = register.plan
    created = [a.created for a in register.actions.values() if a.created]
    return plan.start or plan.published or min(created, default=None)


class Forecast(NamedTuple):
    window_start: date
    window_days: int
    completed: int  # completions within the window
    live: int
    done: int
    remaining: int
    inspection: date | None

    @property
    def has_history(self) -> bool:
        return self.completed > 0

    @property
    def per_week(self) -> float:
        return self.completed * 7 / self.window_days

    @property
    def finish(self) -> date | None:
        """When the last open action would be done at this rate (None: never, or not in
        the calendar Python can count)."""
        if not self.has_history:
            return None
        days = math.ceil(self.remaining * self.window_days / self.completed)
        try:
            return self.window_start + timedelta(days=self.window_days + days)
        except OverflowError:  # a trickle of completions against a huge plan: past year 9999
            return None

    @property
    def done_by_inspection(self) -> int | None:
        if not self.has_history or self.inspection is None:
            return None
        as_of = self.window_start + timedelta(days=self.window_days)
        ahead = max((self.inspection - as_of).days, 0)
        return min(self.live, self.done + math.floor(ahead * self.completed / self.window_days))


def forecast(
    actions: Iterable[Action], as_of: date, start: date | None, inspection: date | None
) -> Forecast | None:
    """The forecast for these actions, or None when the plan has no start to count from."""
    if start is None or start >= as_of:
        return None
    window_start = max(as_of - timedelta(days=WINDOW_DAYS), start)
    live = [action for action in actions if action.status != "dropped"]
    done = [action for action in live if action.status == "done"]
    recent = [a for a in done if a.completed and window_start < a.completed <= as_of]
    return Forecast(
        window_start=window_start,
        window_days=(as_of - window_start).days,
        completed=len(recent),
        live=len(live),
        done=len(done),
        remaining=len(live) - len(done),
        inspection=inspection,
    )


def sentence(result: Forecast | None) -> str:
    """The forecast in one line, for every renderer."""
    if result is None:
        return (
            "No forecast yet: the plan has no history before today (plan.start sets when it began)."
        )
    weeks = round(result.window_days / 7)
    span = f"the last {weeks} weeks" if result.window_days >= WINDOW_DAYS else f"{weeks} weeks"
    if result.remaining == 0:
        return "Every action is done."
    if not result.has_history:
        return f"No forecast: no actions were completed in {span}."
    rate = f"{result.per_week:.1f} a week over {span}"
    finish = result.finish
    tail = f"all done by about {finish}" if finish else "not all done before the year 10000"
    if result.done_by_inspection is not None and result.inspection is not None:
        head = (
            f"At this rate ({rate}) {result.done_by_inspection} of {result.live} actions "
            f"will be done by the inspection"
        )
        if finish and finish > result.inspection:
            return f"{head}; the last around {finish}, after it."
        return f"{head}; {tail}."
    return f"At this rate ({rate}), {tail}."


class BurnPoint(NamedTuple):
    """Counts at the end of one day: due by then (planned), done by then, and projected."""

    day: date
    planned: int
    done: int | None  # None in the future
    projected: float | None  # None in the past, or with no history to project from


class Burnup(NamedTuple):
    """Planned and done counts from the plan's start to the inspection.

    `points` are the month (or quarter) ends a table lists. The counts themselves change
    on the actions' own dates, so `due` and `completed` keep those dates and the counting
    methods answer for any day: a chart steps where the plan really moved.
    """

    start: date
    as_of: date
    inspection: date | None
    live: int
    due: tuple[date, ...]  # every live action's due date, sorted
    completed: tuple[date, ...]  # every live done action's completion up to as_of, sorted
    done: int  # done now, counting done actions with no completed date too
    rate: float | None  # completions a day lately; None with no history to project from

    @property
    def end(self) -> date:
        """The last day drawn: the inspection, or today when it has passed or is unknown."""
        return max(self.inspection or self.as_of, self.as_of)

    def planned_by(self, day: date) -> int:
        """Live actions due on or before the day."""
        return bisect_right(self.due, day)

    def done_by(self, day: date) -> int | None:
        """Live actions completed on or before the day; None for a day still to come."""
        return bisect_right(self.completed, day) if day <= self.as_of else None

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
    """Completed against planned actions at each month end, from the start to the inspection."""
    if start is None:
        return None
    live = [action for action in actions if action.status != "dropped"]
    return Burnup(
        start=start,
        as_of=as_of,
        inspection=inspection,
        live=len(live),
        due=tuple(sorted(a.due for a in live if a.due is not None)),
        completed=tuple(
            sorted(
                a.completed
                for a in live
                if a.status == "done" and a.completed is not None and a.completed <= as_of
            )
        ),
        done=sum(action.status == "done" for action in live),
        rate=ahead.completed / ahead.window_days if ahead and ahead.has_history else None,
    )
