"""The plan's actions as rows of cells, in the export header's order: what the CSV export
writes and the Excel writer lays out. Dates stay dates; text is as the register holds it."""

from __future__ import annotations

from datetime import date

from improvetrack.figures.progress import ActionStatus, Status
from improvetrack.model import fields as table
from improvetrack.model.register import Action, Area
from improvetrack.sheets.cells import evidence_cell
from improvetrack.sheets.columns import export_header

Value = str | date | None


def action_rows(status: Status) -> list[tuple[Value, ...]]:
    """Each action's cells, in the export header's order: dates as dates, text as it is held."""
    areas = {item.area.key: item.area for item in status.areas}
    return [_values(item, areas[item.action.area]) for item in status.actions]


def _values(item: ActionStatus, area: Area) -> tuple[Value, ...]:
    action = item.action
    reason = action.blocked_reason if action.status == "blocked" else action.dropped_reason
    latest = action.latest_update
    # The columns of the area, the row and those worked out; the rest are the action's own.
    worked_out: dict[str, Value] = {
        "id": action.id,
        "theme": area.theme,
        "area_ref": area.ref,
        "area": area.key,
        "area_title": area.title,
        "sponsor": area.sponsor,
        "baseline_due": item.baseline,
        "rag_now": item.rag.word if item.rag else "",
        "rag": item.reported.word if item.reported else "",
        "overdue": "yes" if item.overdue else "no",
        "progress": latest.text if latest else None,
        "update_on": latest.written_on if latest else None,
        "reason": reason,
    }
    values = tuple(
        worked_out[name] if name in worked_out else _cell(action, name)
        for name in table.export_fields()
    )
    assert len(values) == len(export_header())
    return values


def _cell(action: Action, name: str) -> Value:
    held = table.value(action, name)
    return evidence_cell(held) if isinstance(held, list) else held
