"""`improvetrack merge-driver`: git's merge driver for registers."""

from pathlib import Path
from typing import Annotated

import typer

from improvetrack.commands.common import ByOption, Family, run_of
from improvetrack.model.text import safe
from improvetrack.workflows.registers import merge

app = Family()


@app.command(
    "merge-driver",
    epilog="""
    improvetrack merge-driver base.toml ours.toml theirs.toml
    """,
)
def merge_driver(
    ctx: typer.Context,
    base: Annotated[
        Path, typer.Argument(metavar="BASE", help="The common ancestor's register (git's %O).")
    ],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="Our register (git's %A); the merge goes here.")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their register (git's %B).")],
    by: ByOption = None,
) -> None:
    """Merge two versions of a register, as git's merge driver.

    git runs it as `improvetrack merge-driver %O %A %B` (see docs/git.md). An action ID
    both sides issued is renumbered on theirs' side. Writes the merge to OURS and exits 0.
    When both sides changed something differently, lists each conflict on stderr, writes
    the merge with ours' value for each, and exits 1. On an error (a side unreadable or
    invalid) it exits 2 and leaves OURS untouched.
    """

    run = run_of(ctx)
    result = merge(
        base, ours, theirs, run.stamp(by), warn=run.output.warn,
        timeout=run.settings.lock_timeout.value,
    )  # fmt: skip
    for renumbering in result.renumbered:
        run.output.line(f"renumbered theirs' {renumbering.old} to {renumbering.new}")
    for conflict in result.conflicts:
        run.output.note(f"conflict: {safe(conflict)}")
    if result.conflicts:
        raise typer.Exit(1)
