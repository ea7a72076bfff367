"""Figures and values in the words a report for people shows them in: "29%", "581 days
to go", "27 November 2026", "in progress". Reports for machines (JSON, CSV, JUnit) keep
ISO dates and status tokens."""

from __future__ import annotations

from datetime import date

from improvetrack.dates import long_date
from improvetrack.register import status_words

__all__ = ["day_words", "days_phrase", "percent", "shown", "status_words"]


def days_phrase(days: int) -> str:
    return f"{days} days to go" if days >= 0 else f"{-days} days ago"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def shown(value: object) -> str:
    """A value of a report's table for a person: dates in words, nothing as a dash.
    (Register text in it must still be made inert by the format's own escaping.)"""
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return long_date(value)
    return str(value)


def day_words(value: date | None) -> str:
    return long_date(value) if value else "—"
