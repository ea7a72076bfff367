"""Figures in the words every format shows them in: "29%", "581 days to go"."""

from __future__ import annotations


def days_phrase(days: int) -> str:
    return f"{days} days to go" if days >= 0 else f"{-days} days ago"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"
