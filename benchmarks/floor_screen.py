"""The work both floors do: the status screen's rows from a register, computed simply.

Not a copy of improvetrack: the least any Python program must do to show that screen,
so the benchmark can tell the cost of the product from the cost of the job.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

OPEN = {"not-started", "in-progress", "blocked", "awaiting-sign-off"}
LATE = {"not-started", "in-progress", "blocked"}


def show(register: Path, as_of: date) -> None:
    with register.open("rb") as stream:
        document = tomllib.load(stream)
    table = Table("Area", "Done", "Progress", "Overdue", "Blocked", "RAG", "Next due")
    for key, area in document.get("areas", {}).items():
        actions = [a for a in document.get("actions", {}).values() if a.get("area") == key]
        live = [a for a in actions if a.get("status") != "dropped"]
        done = sum(a.get("status") == "done" for a in live)
        open_ = [a for a in live if a.get("status", "not-started") in OPEN]
        overdue = sum(
            a.get("status", "not-started") in LATE and a.get("due", as_of) < as_of for a in live
        )
        blocked = sum(a.get("status") == "blocked" for a in live)
        if overdue or blocked:
            rag = "RED"
        elif not open_:
            rag = "BLUE" if live else "—"
        elif any(not a.get("owner") or "due" not in a for a in open_):
            rag = "AMBER"
        else:
            rag = "GREEN"
        share = done / len(live) if live else 0.0
        filled = round(share * 10)
        progress = "█" * filled + "░" * (10 - filled) + f" {share:4.0%}"
        next_due = min((a["due"] for a in open_ if "due" in a), default=None)
        table.add_row(
            area.get("title", key),
            f"{done}/{len(live)}",
            progress,
            str(overdue),
            str(blocked),
            rag,
            next_due.isoformat() if next_due else "—",
        )
    # As improvetrack does: register text is data, not emoji codes or highlighting.
    Console(highlight=False, emoji=False).print(table)
