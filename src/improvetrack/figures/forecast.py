"""Where the plan is heading: the recent completion rate, projected to the inspection.

A forecast is only as good as its history, so with no completions to learn from it says
so instead of inventing a number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

from improvetrack.model.records import record
from improvetrack.model.register import Action, Register

WINDOW_DAYS = 84  # the last twelve weeks


def plan_start(register: Register) -> date | None:
    """plan.start, else the publication of the report, else the first action created."""
    plan = register.plan
    created = [a.created for a in register.actions.values() if a.created]
    return plan.start or plan.published or min(created, default=None)


@record
class Forecast:
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
