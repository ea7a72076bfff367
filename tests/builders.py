"""Registers built with the model, for the tests that need big or unusual ones."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from improvetrack.files.store import dumps
from improvetrack.model.register import Action, Area, LogEntry, Plan, Register

STATUS_CYCLE = ("not-started", "in-progress", "done", "in-progress", "awaiting-sign-off")


def large(count: int, *, title: str = "Large plan") -> Register:
    """A plan with four areas and `count` actions spread over them, each with some history."""
    keys = ("assessments", "transitions", "education", "participation")
    areas = {
        key: Area(key, f"Area {key}", finding="Found wanting", lead=f"Head of {key}")
        for key in keys
    }
    register = Register(
        Plan(
            title=title,
            organisation="Example Council",
            inspected=date(2026, 6, 12),
            start=date(2026, 8, 3),
            next_inspection=date(2028, 6, 30),
        ),
        areas=areas,
    )
    start = datetime(2026, 8, 3, 9, 30, tzinfo=UTC)
    for number in range(count):
        area = areas[keys[number % len(keys)]]
        status = STATUS_CYCLE[number % len(STATUS_CYCLE)]
        action = Action(
            id=f"{area.id_prefix}-{number // len(keys) + 1}",
            area=area.key,
            title=f"Action {number}: review and rewrite the practice guidance, then audit it",
            status=status,
            owner=f"Team manager {number % 37}",
            due=date(2026, 9, 1) + timedelta(days=number % 700),
            created=date(2026, 8, 3),
            completed=date(2026, 11, 1) if status == "done" else None,
            log=[LogEntry(start + timedelta(minutes=number), "lead", "created")],
        )
        register.actions[action.id] = action
    register.sort_actions()
    return register


def large_text(count: int, *, title: str = "Large plan") -> str:
    return dumps(large(count, title=title))


def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for something another process does; a bound on the tries only stops a hang,
    and nothing here is a measure of speed."""
    for _ in range(6000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"never happened: {what}")
