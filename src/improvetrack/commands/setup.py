"""Commands that set up and find the register: init, where, config."""

import shlex
from pathlib import Path
from typing import Annotated

import typer

from improvetrack.commands.common import Family, JsonOption, run_of
from improvetrack.files.defaults import LOCAL_NAME
from improvetrack.files.store import lock_name
from improvetrack.model.text import safe
from improvetrack.workflows import registers

app = Family()


@app.command(
    epilog="""
    improvetrack init care.toml --title "Care home" --next-inspection 30/09/2027
    improvetrack init --example sample.toml
    """
)
def init(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH",
            help="Where to create it (default: --register, $IMPROVETRACK_REGISTER, "
            "else improvetrack.toml here).",
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Start from the sample plan shipped with the tool.")
    ] = False,
    title: Annotated[
        str | None, typer.Option("--title", help="The plan's title.", metavar="TEXT")
    ] = None,
    next_inspection: Annotated[
        str | None,
        typer.Option("--next-inspection", help="Date of the next inspection.", metavar="DATE"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Create a new register, empty or from the sample plan.

    In a git repository, the register's lock file is added to .gitignore.
    """

    run = run_of(ctx)
    day = run.date(next_inspection, "--next-inspection")
    path = run.settings.new_register_path(path)
    ignore = registers.create(
        path, example=example, title=title, next_inspection=day, force=force,
        timeout=run.settings.lock_timeout.value, warn=run.output.warn,
    )  # fmt: skip
    run.output.line("\n".join(_created(path, example, ignore)))


def _created(path: Path, example: bool, ignore: Path | None) -> list[str]:
    """What init says it did, and the next command to run."""

    # In the current folder the new file is found without --register.
    hint = "" if path == Path(LOCAL_NAME) else f"--register {shlex.quote(safe(path))} "
    step = "status" if example else "area add KEY --title TITLE"
    said = [f"Created {safe(path)}. Next: improvetrack {hint}{step}"]
    if ignore:
        said.append(f"Added {lock_name(path)}* to {safe(ignore)}: lock files stay out of git")
    return said


@app.command(
    epilog="""
    improvetrack where
    improvetrack --register sample.toml where
    """
)
def where(ctx: typer.Context) -> None:
    """Print the register in use; say on stderr how it was found."""
    run = run_of(ctx)
    found = run.settings.register
    run.path()  # refuses a roll-up of several registers
    run.output.exact(found.value)
    run.output.note(f"({found.source})")


@app.command(
    "config",
    epilog="""
    improvetrack config
    improvetrack config --json
    """,
)
def config_(ctx: typer.Context, json: JsonOption = False) -> None:
    """Show the effective settings and where each came from.

    Flags beat environment variables, which beat the config file, which beats defaults.
    """
    run = run_of(ctx)
    run.output.result("settings", run.settings.describe(), json=json)
