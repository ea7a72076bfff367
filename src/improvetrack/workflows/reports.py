"""The board's paper: the report on one plan, or one on several, each in any format.

`report(path, as_of, format="html")` reads the register, works the report out once and
renders it; `roll_up(paths, as_of)` does the same for several plans, one row each. Both
hand back the content and the `--fail-on` conditions that hold, so a script (or the
command line) decides what to do with a plan that slips.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from improvetrack.figures.deadlines import WorkingDays
from improvetrack.figures.report import Failure, Report, build, parse_conditions
from improvetrack.files import store
from improvetrack.files.rollup import Rollup, compute_rollup
from improvetrack.model.records import record
from improvetrack.render import formats


@record
class Paper:
    """A report made: the figures it shows, its content in the format asked for, and the
    `--fail-on` conditions that hold."""

    report: Report
    content: str | bytes
    failures: list[Failure]


@record
class RolledUp:
    """A report on several plans: their figures, the content, the conditions that hold
    across them, and the files left out because they are not registers."""

    rollup: Rollup
    content: str | bytes
    failures: list[Failure]
    skipped: list[Path]


def conditions(fail_on: str | Sequence[str]) -> tuple[str, ...]:
    """`--fail-on` as typed ("overdue,blocked") or as names, checked."""
    return parse_conditions(fail_on if isinstance(fail_on, str) else ",".join(fail_on))


def report(
    path: Path,
    as_of: date,
    *,
    format: str = "markdown",
    since: str | date | None = None,
    fail_on: str | Sequence[str] = (),
    area: str | None = None,
    owner: str | None = None,
    width: int = 80,
    colour: bool = False,
    working_days: WorkingDays | None = None,
) -> Paper:
    """The report on the register at `path` as of a date, rendered in `format` (any of
    `report --format`). `since` is a date, or text as `--since` takes it ("last-board")."""
    name = formats.check(formats.REPORT, format).name
    register = store.read(path).register
    built = build(
        register,
        as_of,
        since=since,
        fail_on=conditions(fail_on) if fail_on else (),
        area=area,
        owner=owner,
        working_days=working_days,
    )
    return Paper(built, formats.render(built, name, width, colour), built.failures)


def roll_up(
    paths: Sequence[Path],
    as_of: date,
    *,
    format: str = "text",
    fail_on: str | Sequence[str] = (),
    width: int = 80,
    colour: bool = False,
) -> RolledUp:
    """One report on several plans (files, or folders searched for registers), a row
    each with their totals, in a format that shows several plans."""
    name = formats.check(formats.REPORT, format).name
    rollup = compute_rollup(list(paths), as_of, conditions(fail_on) if fail_on else ())
    content = formats.render_rollup(rollup, name, width, colour)
    return RolledUp(rollup, content, rollup.failures, rollup.skipped)
