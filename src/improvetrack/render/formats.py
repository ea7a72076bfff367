"""The report formats: a name for each, and the module that renders it.

Every format module has `render(report, options) -> str`; those that can show several
plans at once also have `render_rollup(rollup, options)`. Adding a format is adding a
module and a line here. Only the chosen module is imported.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from improvetrack.errors import UsageError
from improvetrack.figures.report import Report
from improvetrack.files.rollup import Rollup
from improvetrack.render.options import Options

FORMATS = {
    "text": "improvetrack.render.text",
    "markdown": "improvetrack.render.markdown",
    "json": "improvetrack.render.data",
    "csv": "improvetrack.sheets.export",
    "junit": "improvetrack.render.junit",
    "html": "improvetrack.render.html",
}
ALIASES = {"md": "markdown"}


def check_format(name: str) -> str:
    wanted = name.strip().lower()
    wanted = ALIASES.get(wanted, wanted)
    if wanted not in FORMATS:
        raise UsageError(f"--format: unknown format {name!r}; expected one of {', '.join(FORMATS)}")
    return wanted


def _module(name: str) -> Any:
    return import_module(FORMATS[name])


def render(report: Report, name: str, width: int = 80, colour: bool = False) -> str:
    """The report as text in the named format."""
    text: str = _module(name).render(report, Options(width, colour))
    return text


def rollup_formats() -> list[str]:
    return [name for name in FORMATS if hasattr(_module(name), "render_rollup")]


def render_rollup(rollup: Rollup, name: str, width: int = 80, colour: bool = False) -> str:
    """Several plans in one report, in a format that can show them."""
    module = _module(name)
    if not hasattr(module, "render_rollup"):
        raise UsageError(
            f"--format {name}: a report on several plans comes as {', '.join(rollup_formats())}"
        )
    text: str = module.render_rollup(rollup, Options(width, colour))
    return text
