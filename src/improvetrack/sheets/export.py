"""The register as a spreadsheet: CSV for `export` and `report --format csv`, and the rows
the Excel writer (`render.workbook`) lays out.

One row per action, with the columns `spreadsheet.EXPORT_COLUMNS` names, each of which
the import reads back, so an export imported into an empty register gives the plan.
The CSV's cells are made inert by the cell codec the import reads them with.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from improvetrack.figures.progress import ActionStatus, Status, direction
from improvetrack.figures.report import Report
from improvetrack.model import fields as table
from improvetrack.model.register import Action, Area
from improvetrack.render.options import Options
from improvetrack.sheets.cells import cell, evidence_cell
from improvetrack.sheets.columns import export_header

EXPORT_FORMATS = ("csv", "xlsx")

Value = str | date | None


def render(report: Report, options: Options) -> str:
    """`report --format csv`: the actions, and with --since how each RAG stood then and
    which way it went (added for an action that did not exist then)."""
    if report.changes is None:
        return csv_text(report.status)
    before = {item.action.id: item for item in report.changes.then.actions}
    extra: dict[str, tuple[str, ...]] = {}
    for item in report.status.actions:
        old = before.get(item.action.id)
        if old is None:
            extra[item.action.id] = ("", "added")
        else:
            extra[item.action.id] = (old.rag.word if old.rag else "", direction(old.rag, item.rag))
    return csv_text(report.status, (("RAG then", "RAG change"), extra))


def export(status: Status, fmt: str = "csv") -> bytes:
    """The plan's actions as a spreadsheet file, area by area, with RAG as of a date."""
    from improvetrack.errors import UsageError

    wanted = fmt.strip().lower()
    if wanted == "xlsx":
        from improvetrack.sheets.workbook import workbook

        return workbook(status)
    if wanted != "csv":
        raise UsageError(f"--format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)}")
    return csv_text(status).encode("utf-8")


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


def csv_text(
    status: Status, extra: tuple[tuple[str, ...], dict[str, tuple[str, ...]]] | None = None
) -> str:
    """One row per action of a computed status, led by a byte-order mark.

    The mark is there because without it Excel reads a CSV file in the machine's legacy
    code page and garbles curly quotes, "é" or "£"; with it, Excel, LibreOffice and
    Python's "utf-8-sig" all read the text as it was written. Rows end in CRLF, as the csv
    module writes them and as RFC 4180 says.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([*export_header(), *(extra[0] if extra else ())])
    for item, values in zip(status.actions, action_rows(status), strict=True):
        more = extra[1][item.action.id] if extra else ()
        writer.writerow([cell(value) for value in (*values, *more)])
    return "\ufeff" + buffer.getvalue()
