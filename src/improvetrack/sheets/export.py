"""The register as a spreadsheet: CSV for `export` and `report --format csv`, and the rows
the Excel writer (`sheets.workbook`) lays out come from `sheets.rows`.

One row per action, with the columns `spreadsheet.EXPORT_COLUMNS` names, each of which
the import reads back, so an export imported into an empty register gives the plan.
The CSV's cells are made inert by the cell codec the import reads them with.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from improvetrack.figures.progress import Status, direction
from improvetrack.figures.report import Report
from improvetrack.sheets.cells import cell
from improvetrack.sheets.columns import export_header
from improvetrack.sheets.rows import action_rows

if TYPE_CHECKING:
    # Only in the signature of the renderer that `report --format csv` calls.
    from improvetrack.render.options import Options


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


def render_export(status: Status, options: Options) -> bytes:
    """`export --format csv`: the plan's actions, area by area, with RAG as of a date."""
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
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([*export_header(), *(extra[0] if extra else ())])
    for item, values in zip(status.actions, action_rows(status), strict=True):
        more = extra[1][item.action.id] if extra else ()
        writer.writerow([cell(value) for value in (*values, *more)])
    return "\ufeff" + buffer.getvalue()
