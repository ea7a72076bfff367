"""Commands that set up and find the register: init, where, config."""

import shlex
from pathlib import Path
from typing import Annotated

import typer

from improvetrack.commands.common import Family, JsonOption, run_of
from improvetrack.settings import LOCAL_NAME
from improvetrack.text import safe

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
    from improvetrack import changes, store

    run = run_of(ctx)
    day = run.date(next_inspection, "--next-inspection")
    sample = store.example_text() if example else None
    text = changes.new_register_text(example=sample, title=title, next_inspection=day)
    path = run.settings.new_register_path(path)
    store.create(path, text, force=force, timeout=run.settings.lock_timeout.value)
    # In the current folder the new file is found without --register.
    hint = "" if path == Path(LOCAL_NAME) else f"--register {shlex.quote(safe(path))} "
    step = "status" if example else "area add KEY --title TITLE"
    run.output.line(f"Created {safe(path)}. Next: improvetrack {hint}{step}")
    if ignore := store.ignore_lock_files(path, warn=run.output.warn):
        added = f"Added {store.lock_name(path)}* to {safe(ignore)}"
        run.output.line(f"{added}: lock files stay out of git")


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
