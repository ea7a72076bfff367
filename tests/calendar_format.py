"""A stand-in for a new format (a calendar, a Word paper), for tests that add it to the table."""

from __future__ import annotations

from improvetrack.figures.progress import Status
from improvetrack.figures.report import Report
from improvetrack.render.options import Options


def render(report: Report, options: Options) -> str:
    lines = ["BEGIN:VCALENDAR"]
    lines += [f"DUE:{item.action.id}:{item.action.due}" for item in report.status.actions]
    return "\n".join([*lines, f"WIDTH:{options.width}", "END:VCALENDAR"]) + "\n"


def render_export(status: Status, options: Options) -> bytes:
    return b"PK\x03\x04" + str(len(status.actions)).encode()
