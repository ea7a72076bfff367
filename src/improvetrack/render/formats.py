"""One place that knows every report format and renders a report into it."""

from __future__ import annotations

from improvetrack.errors import UsageError
from improvetrack.report import Report
from improvetrack.rollup import Rollup

FORMATS = ("text", "markdown", "json", "csv", "junit", "html")


def check_format(name: str) -> str:
    wanted = name.strip().lower()
    if wanted == "md":
        wanted = "markdown"
    if wanted not in FORMATS:
        raise UsageError(f"--format: unknown format {name!r}; expected one of {', '.join(FORMATS)}")
    return wanted


def render(report: Report, name: str, width: int = 80, colour: bool = False) -> str:
    """The report as text in the named format; only the chosen renderer is imported."""
    if name == "text":
        from improvetrack.render.terminal import report_view, to_text

        return to_text(report_view(report, width), width=width, colour=colour)
    if name == "markdown":
        from improvetrack.render import markdown

        return markdown.render(report)
    if name == "json":
        from improvetrack.render.data import report_data, to_json

        return to_json(report_data(report))
    if name == "junit":
        from improvetrack.render import junit

        return junit.render(report)
    if name == "html":
        from improvetrack.render import html

        return html.render(report)
    if name == "csv":
        from improvetrack.spreadsheet import csv_text

        return csv_text(report.status)
    raise AssertionError(f"unchecked format {name}")


ROLLUP_FORMATS = ("text", "markdown", "json", "html")


def render_rollup(rollup: Rollup, name: str, width: int = 80, colour: bool = False) -> str:
    """Several plans in one report: text, markdown, json or html."""
    if name == "text":
        from improvetrack.render.terminal import rollup_view, to_text

        return to_text(rollup_view(rollup), width=width, colour=colour)
    if name == "markdown":
        from improvetrack.render import markdown

        return markdown.render_rollup(rollup)
    if name == "json":
        from improvetrack.render.data import rollup_data, to_json

        return to_json(rollup_data(rollup))
    if name == "html":
        from improvetrack.render import html

        return html.render_rollup(rollup)
    raise UsageError(
        f"--format {name}: a report on several plans comes as {', '.join(ROLLUP_FORMATS)}"
    )
