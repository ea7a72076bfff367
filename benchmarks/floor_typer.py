"""Typer floor: the same work as the argparse floor, dispatched by a one-command Typer app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from floor_screen import show

app = typer.Typer()


@app.command()
def status(
    register: Annotated[Path, typer.Option("--register", "-r", help="Register file.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Measure as of this date.")] = None,
) -> None:
    """Show progress per area."""
    from datetime import date

    show(register, date.fromisoformat(as_of) if as_of else date.today())


if __name__ == "__main__":
    app()
