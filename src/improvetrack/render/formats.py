"""Every output format in one table: its name, what it can render, and the module that does.

`--format` is checked against this table (`check`), the shell offers its names on Tab
(`names`) and `--help` lists them (`listing`), all without importing a renderer: only the
chosen format's module is imported, by its path, when it renders. Adding a format (a
calendar, a Word paper) is writing its module and adding one line to FORMATS.

A format's module has a function for each thing it renders (see the protocols below):
`render(report, options)` for `report`, `render_rollup(rollup, options)` for a report on
several plans, and `render_export(status, options)` for `export`. A binary format (a
workbook) returns bytes, which are written to a file, never to a terminal.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Final, Literal, NamedTuple, Protocol, cast, runtime_checkable

from improvetrack.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from improvetrack.figures.progress import Status
    from improvetrack.figures.report import Report
    from improvetrack.files.rollup import Rollup
    from improvetrack.render.options import Options

Kind = Literal["report", "rollup", "export"]
REPORT: Final = "report"  # `report` on one register
ROLLUP: Final = "rollup"  # `report` on several plans at once
EXPORT: Final = "export"  # `export`: every action as a row of a spreadsheet


@runtime_checkable
class Renderer(Protocol):
    """A module that renders a report (`report --format NAME`)."""

    def render(self, report: Report, options: Options) -> str | bytes: ...


@runtime_checkable
class RollupRenderer(Protocol):
    """A module that renders several plans in one report."""

    def render_rollup(self, rollup: Rollup, options: Options) -> str | bytes: ...


@runtime_checkable
class Exporter(Protocol):
    """A module that writes the actions as a spreadsheet (`export --format NAME`)."""

    def render_export(self, status: Status, options: Options) -> str | bytes: ...


# The function each kind calls, and the protocol its module meets.
PROTOCOLS: Final[dict[Kind, type]] = {
    REPORT: Renderer,
    ROLLUP: RollupRenderer,
    EXPORT: Exporter,
}


class Format(NamedTuple):
    name: str
    module: str  # imported only when this format renders
    description: str  # what it makes, as a noun: "a workbook is not text"
    renders: frozenset[Kind]
    binary: bool = False  # bytes that are not text: to a file, never to a terminal
    note: str = ""  # said after the name in --help, where the name alone does not tell
    aliases: tuple[str, ...] = ()  # also accepted, never offered
    to_file: bool = False  # text made to be imported (a calendar): to a file, not a terminal
    suffixes: tuple[str, ...] = ()  # an --output file named so is in this format, unless told


_ONE_OR_MORE: Final[frozenset[Kind]] = frozenset({REPORT, ROLLUP})

FORMATS: tuple[Format, ...] = (
    Format("text", "improvetrack.render.text", "plain text", _ONE_OR_MORE, suffixes=(".txt",)),
    Format(
        "markdown",
        "improvetrack.render.markdown",
        "a Markdown page",
        _ONE_OR_MORE,
        aliases=("md",),
        suffixes=(".md", ".markdown"),
    ),
    Format(
        "json", "improvetrack.render.data", "JSON for scripts", _ONE_OR_MORE, suffixes=(".json",)
    ),
    Format(
        "csv",
        "improvetrack.sheets.export",
        "CSV UTF-8",
        frozenset({REPORT, EXPORT}),
        suffixes=(".csv",),
    ),
    Format(
        "junit",
        "improvetrack.render.junit",
        "JUnit XML for CI",
        frozenset({REPORT}),
        suffixes=(".xml",),
    ),
    Format(
        "html", "improvetrack.render.html", "an HTML page", _ONE_OR_MORE, suffixes=(".html", ".htm")
    ),
    Format(
        "ics",
        "improvetrack.render.ics",
        "a calendar",
        frozenset({REPORT}),
        to_file=True,
        suffixes=(".ics",),
    ),
    Format(
        "docx",
        "improvetrack.render.docx",
        "a Word document",
        frozenset({REPORT}),
        binary=True,
        note="Word",
        to_file=True,
        suffixes=(".docx",),
    ),
    Format(
        "xlsx",
        "improvetrack.sheets.workbook",
        "a workbook",
        frozenset({EXPORT}),
        binary=True,
        note="Excel",
        suffixes=(".xlsx",),
    ),
)


def formats(kind: Kind) -> list[Format]:
    """The formats that can render this kind, in the table's order."""
    return [entry for entry in FORMATS if kind in entry.renders]


def names(kind: Kind) -> tuple[str, ...]:
    """The names `--format` accepts for this kind: the words the shell offers."""
    return tuple(entry.name for entry in formats(kind))


def listing(kind: Kind) -> str:
    """The formats for --help: "csv or xlsx (Excel)"."""
    words = [f"{e.name} ({e.note})" if e.note else e.name for e in formats(kind)]
    return " or ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} or {words[-1]}"


def chosen(
    kind: Kind, name: str | None, output: Path | None, *, default: str, terminal: bool = False
) -> Format:
    """The format asked for: the one `--format` names, else the one the `--output` file's
    name gives (board.html: html; a name no format of this kind has says nothing), else
    `default`; checked as `check` checks it."""
    if name is None:
        suffix = output.suffix.lower() if output is not None else ""
        found = (entry.name for entry in formats(kind) if suffix and suffix in entry.suffixes)
        name = next(found, default)
    return check(kind, name, terminal=terminal)


def check(kind: Kind, name: str, *, terminal: bool = False) -> Format:
    """The format `--format name` chooses (any case, or an alias), if it renders this
    kind; `terminal` when the result would go to one, which a binary format refuses."""
    wanted = name.strip().lower()
    chosen = next((e for e in formats(kind) if wanted == e.name or wanted in e.aliases), None)
    if chosen is None:
        expected = ", ".join(names(kind))
        if kind == EXPORT:
            raise UsageError(f"--format {name!r}: expected one of {expected}")
        raise UsageError(f"--format: unknown format {name!r}; expected one of {expected}")
    if chosen.to_file and terminal:
        raise UsageError(f"--format {chosen.name}: write it to a file with --output FILE")
    if chosen.binary and terminal:
        raise UsageError(
            f"--format {chosen.name}: {chosen.description} is not text; write it with "
            f"--output FILE.{chosen.name}"
        )
    return chosen


def _options(width: int, colour: bool) -> Options:
    # Imported here, so that checking a name costs no more than the table.
    from improvetrack.render.options import Options

    return Options(width, colour)


def render(report: Report, name: str, width: int = 80, colour: bool = False) -> str | bytes:
    """The report in the named format."""
    module = cast(Renderer, import_module(check(REPORT, name).module))
    return module.render(report, _options(width, colour))


def render_rollup(rollup: Rollup, name: str, width: int = 80, colour: bool = False) -> str | bytes:
    """Several plans in one report, in a format that can show them."""
    entry = check(REPORT, name)
    if ROLLUP not in entry.renders:
        raise UsageError(
            f"--format {entry.name}: a report on several plans comes as {', '.join(names(ROLLUP))}"
        )
    module = cast(RollupRenderer, import_module(entry.module))
    return module.render_rollup(rollup, _options(width, colour))


def export(status: Status, name: str = "csv", width: int = 80, colour: bool = False) -> str | bytes:
    """The plan's actions as a spreadsheet file in the named format."""
    module = cast(Exporter, import_module(check(EXPORT, name).module))
    return module.render_export(status, _options(width, colour))
