"""The register as a spreadsheet: CSV for `export` and `report --format csv`.

One row per action, its cells made inert by the cell codec the import reads them back
with (`spreadsheet.cell`), so an export imported into an empty register gives the plan.
"""

from __future__ import annotations

import csv
import io

from improvetrack.progress import Status
from improvetrack.render.options import Options
from improvetrack.report import Report, direction
from improvetrack.spreadsheet import EXPORT_HEADER, cell, evidence_cell

EXPORT_FORMATS = ("csv",)


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

    if fmt.strip().lower() not in EXPORT_FORMATS:
        raise UsageError(
            f"--format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)} "
            "(a spreadsheet opens CSV and can save it in its own format)"
        )
    return csv_text(status).encode("utf-8")


def csv_text(
    status: Status, extra: tuple[tuple[str, ...], dict[str, tuple[str, ...]]] | None = None
) -> str:
    """One row per action of a computed status, led by a byte-order mark.

    The mark is there because without it Excel reads a CSV file in the machine's legacy
    code page and garbles curly quotes, "é" or "£"; with it, Excel, LibreOffice and
    Python's "utf-8-sig" all read the text as it was written. Rows end in CRLF, as the csv
    module writes them and as RFC 4180 says.
    """
    areas = {item.area.key: item.area for item in status.areas}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([*EXPORT_HEADER, *(extra[0] if extra else ())])
    for item in status.actions:
        action = item.action
        area = areas[action.area]
        reason = action.blocked_reason if action.status == "blocked" else action.dropped_reason
        values = (
            action.id,
            area.key,
            area.title,
            action.title,
            action.owner,
            action.status,
            action.due,
            item.rag.word if item.rag else "",
            "yes" if item.overdue else "no",
            action.measure,
            evidence_cell(action.evidence),
            reason,
            action.completed,
            action.signed_off_by,
        )
        more = extra[1][action.id] if extra else ()
        writer.writerow([cell(value) for value in (*values, *more)])
    return "\ufeff" + buffer.getvalue()
