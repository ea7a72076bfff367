"""The command line: global options, the table of commands, and how errors are shown.

Each command lives in a module of this package, one per family, and only the one that
runs is imported and built: a run of `status` does not pay for building the others.
`--help` lists them from the table below without importing any; a test keeps the table's
one-line summaries equal to the commands' own, and short enough for one line at 80 columns.

Click lays out every help screen. What is added here goes through its hooks: usage lines
that name values as ID rather than Typer's {ID}, and at the end of each command's help
the options of the whole tool and the command's examples (its epilog), one a line.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from improvetrack import __version__
from improvetrack.commands.base import GLOBAL_OPTIONS, write_examples
from improvetrack.commands.settings import utf8_text
from improvetrack.errors import ImprovetrackError, UsageError
from improvetrack.model.text import safe

# name: (module in improvetrack.commands, summary for the command list). A name with a
# Typer group of its own (area, plan, measure) is found as that module's `group`.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("setup", "Create a new register, empty or from the sample plan."),
    "where": ("setup", "Print the register in use; say on stderr how it was found."),
    "add": ("actions", "Add an action to an area; prints its new ID."),
    "update": ("actions", "Change an action; every change is logged."),
    "start": ("actions", "Mark an action in progress."),
    "done": ("actions", "Mark an action done (awaiting sign-off if the plan needs it)."),
    "block": ("actions", "Mark an action blocked, saying what blocks it."),
    "drop": ("actions", "Drop an action, saying why; progress no longer counts it."),
    "rebaseline": ("actions", "Record the board's revised plan: baselines become due dates."),
    "sign-off": ("actions", "Accept the evidence for an action awaiting sign-off."),
    "list": ("browse", "List actions: all, or filtered by area, owner or status."),
    "show": ("browse", "Show one action in full, with its history."),
    "log": ("browse", "Show the change history, oldest first."),
    "status": ("views", "Show progress per area against the next inspection."),
    "merge-driver": ("merging", "Merge two versions of a register, as git's merge driver."),
    "import": ("sheets", "Add actions from a spreadsheet (Excel or CSV)."),
    "export": ("exports", "Write every action as a row of a spreadsheet (CSV or Excel)."),
    "check": ("reports", "Validate the register; flag unowned, undated or late actions."),
    "report": ("reports", "Write a progress and exception report for a board or CI."),
    "timeline": ("browse", "Show done against planned actions, month by month."),
    "config": ("setup", "Show the effective settings and where each came from."),
    "area": ("areas", "Manage the plan's areas for improvement."),
    "plan": ("plans", "Show or change the plan: its inspection and its dates."),
    "measure": ("measures", "Manage impact measures: the change in people's lives."),
    "rules": ("rules", "List the inspection rules and their sources."),
    "updates": ("updates", "Ask leads for updates, collect returns, see who to chase."),
    "board": ("boards", "Record what an improvement board decided."),
}

# The command line's own errors (a missing argument, an unknown option): Typer carries its
# own copy of Click, so its usage error is found as the base its public BadParameter has.
CommandLineError: type[Exception] = next(
    kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "UsageError"
)

ARGUMENT_FIX = "type it again in a terminal that uses UTF-8, or rename a file whose name is not"


class Commands(TyperGroup):
    """The top-level group: builds a command only when it is asked for, reports the core's
    errors as one line with exit code 2, and takes the global options after the command."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name in self.commands:
            return self.commands[name]
        if name not in COMMANDS:
            return None
        command = build_command(name)
        self.commands[name] = command
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # Typer suggests from the commands built so far, which here is none of them.
        try:
            return super().resolve_command(ctx, args)
        except CommandLineError as error:
            said = getattr(error, "message", "")
            if args and said.startswith("No such command") and "Did you mean" not in said:
                from difflib import get_close_matches

                if near := get_close_matches(args[0], list(COMMANDS), n=1):
                    error.message = f"{said.rstrip('.')}. Did you mean {near[0]!r}?"  # type: ignore[attr-defined]
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # From the table: listing the commands must not import them all.
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in COMMANDS.items()])

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        write_examples(self.epilog, formatter)

    def invoke(self, ctx: Any) -> Any:
        with reported():
            return super().invoke(ctx)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with reported():
            if not ctx.resilient_parsing:  # completing: the line may be anything, said nothing
                for number, arg in enumerate(args, 1):
                    utf8_text(arg, f"argument {number} ({safe(arg)!r})", ARGUMENT_FIX)
            return list(super().parse_args(ctx, hoist_global_options(self, ctx, list(args))))


@contextmanager
def reported() -> Iterator[None]:
    """Show the core's errors as they are meant to be seen: one line, exit code 2."""
    try:
        yield
    except ImprovetrackError as error:
        typer.echo(f"error: {safe(error)}", err=True)
        raise typer.Exit(2) from None
    except CommandLineError as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # `improvetrack area`: its help
            raise
        typer.echo(usage_line(error), err=True)
        raise typer.Exit(2) from None


def usage_line(error: Any) -> str:
    """Click's usage error as one line: what is wrong, how the command is written, and
    where its help is (Click's own is four lines, the usage first)."""
    message = safe(" ".join(error.format_message().split()))
    ctx = error.ctx
    if ctx is None:
        return f"error: {message}"
    if isinstance(ctx.command, TyperGroup):
        return f"error: {message} (`{ctx.command_path} --help` lists them)"
    usage = " ".join(ctx.command.get_usage(ctx).split()).removeprefix("Usage: ")
    said = message if message.endswith(".") else f"{message}."
    return f"error: {said} Usage: {usage} (more: `{ctx.command_path} --help`)"


def build_command(name: str) -> Any:
    """The Click command for one name in COMMANDS, built from its module's Typer app."""
    module = import_module(f"improvetrack.commands.{COMMANDS[name][0]}")
    if hasattr(module, "group"):
        command = typer.main.get_command(module.group)
        command.name = name
        return command
    for info in module.app.registered_commands:
        if (info.name or info.callback.__name__) == name:
            return typer.main.get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=None
            )
    raise AssertionError(f"improvetrack.commands.{COMMANDS[name][0]} has no command {name}")


def hoist_global_options(group: Any, ctx: Any, args: list[str]) -> list[str]:
    """Move --as-of/--register given after the command to before it.

    A token is moved only where it is an option of its own: not after `--`, and not as
    the value of one of the command's options (`update X --note -r` keeps its note).
    """
    index, command = 0, group
    while index < len(args):  # find the (sub)command the arguments are for
        token = args[index]
        if token == "--":
            return args
        if token.startswith("-"):
            index += 2 if token in GLOBAL_OPTIONS else 1
            continue
        found = command.get_command(ctx, token) if hasattr(command, "get_command") else None
        if found is None:
            break
        command, index = found, index + 1
        if not hasattr(command, "get_command"):
            break
    if command is group:
        return args
    takes_value = {
        name
        for param in command.params
        if getattr(param, "is_flag", True) is False and not getattr(param, "count", False)
        for name in param.opts
    }
    moved: list[str] = []
    rest: list[str] = []
    position = index
    while position < len(args):
        token = args[position]
        if token == "--":
            rest += args[position:]
            break
        if position > index and args[position - 1] in takes_value:
            rest.append(token)  # the value of the command's own option
        elif token in GLOBAL_OPTIONS and position + 1 < len(args):
            moved += args[position : position + 2]
            position += 1
        elif token.startswith(("--as-of=", "--register=")):
            moved.append(token)
        else:
            rest.append(token)
        position += 1
    return moved + args[:index] + rest


app = typer.Typer(
    cls=Commands,
    help="Track an improvement plan from 'requires improvement' to 'good'.",
    epilog="""
    improvetrack init --example sample.toml
    improvetrack --register sample.toml status
    improvetrack status --area education --as-of 2026-10-29
    """,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"improvetrack {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    register: Annotated[
        list[str] | None,  # as typed: a Path would read '' as the current folder
        typer.Option(
            "--register",
            "-r",
            metavar="PATH",
            help="Register file to use (default: see `improvetrack where`). For status and "
            "report, also a folder, or the option again, to roll several plans up.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Measure as of this date instead of today (or set IMPROVETRACK_TODAY).",
            metavar="DATE",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track an improvement plan from 'requires improvement' to 'good'.

    The register is found from --register, $IMPROVETRACK_REGISTER, the nearest
    improvetrack.toml upwards, or register.toml in the user data folder.
    """
    from improvetrack.commands.common import Run

    if any(not path.strip() for path in register or ()):
        raise UsageError(
            "--register is empty; give a register file, or a folder of registers to roll up "
            "(`.` for this one)"
        )
    ctx.obj = Run.start([Path(path) for path in register or ()], as_of)
