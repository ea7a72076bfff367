"""`improvetrack updates …`: the monthly update round. Ask each lead for an update (a pack
each), collect the returns, and see who to chase."""

from pathlib import Path
from typing import Annotated

import typer

from improvetrack.commands.common import ByOption, JsonOption, completer, group_of, run_of
from improvetrack.figures.rounds import round_status
from improvetrack.render.rounds import (
    collected_lines,
    conflicts_line,
    requested_lines,
    status_data,
    status_lines,
    unowned_warning,
)
from improvetrack.workflows.rounds import collect_returns
from improvetrack.workflows.rounds import request as request_packs

group = group_of(
    "Ask leads for updates, collect returns, see who to chase.",
    """
    improvetrack updates request --board 2026-12-17 --out .
    improvetrack updates collect update-2026-11-27-participation-manager.xlsx
    improvetrack updates status
    """,
    no_args_is_help=True,
)


@group.command(
    "request",
    epilog="""
    improvetrack updates request
    improvetrack updates request --due 2026-12-11 --board 2026-12-17 --out packs
    improvetrack updates request --owner "Head of Quality Assurance"
    """,
)
def request(
    ctx: typer.Context,
    due: Annotated[
        str | None,
        typer.Option(
            "--due", help="When returns are due (default: 10 working days on).", metavar="DATE"
        ),
    ] = None,
    board: Annotated[
        str | None,
        typer.Option("--board", help="The improvement board the round feeds.", metavar="DATE"),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder to write the packs into.", metavar="DIR"),
    ] = Path("update-packs"),
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help="Write this owner's pack again in the latest round, to chase them (the "
            "owner's exact name, any case); opens no round.",
            metavar="NAME",
            autocompletion=completer("owner"),
        ),
    ] = None,
    by: ByOption = None,
) -> None:
    """Open an update round and write a pack (.xlsx) for each owner of open actions.

    The round opens on the as-of date (run again the same day, it is the same round).
    Each pack lists the owner's open actions; send it to them, and collect what comes
    back with `improvetrack updates collect`.
    """

    run = run_of(ctx)
    done = request_packs(
        run.path(), run.stamp(by), out=out, due=run.date(due, "--due"),
        board=run.date(board, "--board"), owner=owner, working_days=run.working_days,
        warn=run.output.warn, timeout=run.settings.lock_timeout.value,
    )  # fmt: skip
    if done.unowned and owner is None:
        run.output.warn(unowned_warning(done.unowned))
    lines = requested_lines(done, [str(path) for path in done.files])
    run.output.line("\n".join(lines))


@group.command(
    "collect",
    epilog="""
    improvetrack updates request --out .
    improvetrack updates collect update-2026-11-27-participation-manager.xlsx
    """,
)
def collect(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE...", help="The returned packs (.xlsx), any file names."),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show every change it would make; write nothing.")
    ] = False,
    by: ByOption = None,
) -> None:
    """Read the leads' returns into the register, compared three ways.

    Every return is checked first: any invalid cell, and nothing is written. What only
    the lead changed is applied, in the lead's name; where the register changed too, the
    register's value is kept and the conflict listed (exit code 1). A return collected
    again changes nothing.
    """

    run = run_of(ctx)
    done = collect_returns(
        run.path(), files, run.stamp(by), dry_run=dry_run, warn=run.output.warn,
        problems=run.output.note, timeout=run.settings.lock_timeout.value,
    )  # fmt: skip
    for warning in done.warnings:
        run.output.warn(warning)
    run.output.line("\n".join(collected_lines(done)))
    if done.conflicts:
        run.output.warn(conflicts_line(done.conflicts))
        raise typer.Exit(1)


@group.command(
    "status",
    epilog="""
    improvetrack updates status
    improvetrack updates status --json
    """,
)
def status(ctx: typer.Context, json: JsonOption = False) -> None:
    """Show the latest round: each lead asked, and who returned when (the chase list)."""

    run = run_of(ctx)
    found = round_status(run.load().plan, run.as_of)
    if json:
        run.output.json(status_data(found, run.as_of))
    else:
        run.output.line("\n".join(status_lines(found, run.as_of, run.output.width)))
