"""The report as plain text: the status screen and what a board needs, for a file or a job log."""

from __future__ import annotations

from improvetrack.figures.report import Report
from improvetrack.files.rollup import Rollup
from improvetrack.render.cells import to_text
from improvetrack.render.list_screens import rollup_view
from improvetrack.render.options import Options
from improvetrack.render.report_screen import report_view


def render(report: Report, options: Options) -> str:
    return to_text(report_view(report, options.width), width=options.width, colour=options.colour)


def render_rollup(rollup: Rollup, options: Options) -> str:
    return to_text(rollup_view(rollup), width=options.width, colour=options.colour)
