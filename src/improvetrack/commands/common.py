"""What every command shares: the run's settings and output, and the options they type.

No `from __future__ import annotations` in the command modules: Typer reads each
parameter's annotation when it builds a command, and as strings it evaluates them twice.
"""

from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from improvetrack.commands.base import Command, Group
from improvetrack.commands.settings import Settings
from improvetrack.errors import UsageError
from improvetrack.figures.progress import compute
from improvetrack.files import store
from improvetrack.model.dates import parse_date
from improvetrack.model.register import Register
from improvetrack.render.output import Output

if TYPE_CHECKING:
    from improvetrack.figures.progress import Status
    from improvetrack.figures.report import Changes
    from improvetrack.model.changes import Stamp

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class Run:
    """One run of the tool: its settings, where its output goes, and the plans it reads."""

    def __init__(self, settings: Settings, plans: list[Path]) -> None:
        self.settings = settings
        self.plans = plans  # several registers, or a folder of them, to roll up

    @classmethod
    def start(cls, paths: list[Path], as_of: str | None) -> "Run":
        many = len(paths) > 1 or any(path.is_dir() for path in paths)
        one = paths[0] if paths and not many else None
        settings = Settings(register=one, as_of=as_of)
        if as_of is not None:
            settings.as_of  # noqa: B018 - a date given is checked even where none is needed
        return cls(settings, paths if many else [])

    @cached_property
    def output(self) -> Output:
        return Output(self.settings.colour.value)

    @property
    def as_of(self) -> date:
        return self.settings.as_of.value

    def path(self) -> Path:
        """The one register this command works on."""
        if self.plans:
            raise UsageError(
                "--register: this command works on one register; several registers or a "
                "folder work with status and report only"
            )
        return self.settings.register.value

    def load(self) -> Register:
        loaded = store.read(self.path())
        for message in loaded.warnings:  # keys that look misspelt (edits hear of them too)
            self.output.warn(message)
        return loaded.register

    def working_days(self, start: date, days: int) -> date:
        """Working days counted as the figures count them, kept between runs in the
        user's cache: the `WorkingDays` every command hands the figures."""
        from improvetrack.files.cache import add_working_days

        return add_working_days(start, days)

    def status(
        self,
        register: Register,
        *,
        area: str | None = None,
        owner: str | None = None,
        every_deadline: bool = False,
    ) -> "Status":
        """The register's figures as of the run's date (see `progress.compute`)."""
        return compute(
            register,
            self.as_of,
            area=area,
            owner=owner,
            every_deadline=every_deadline,
            working_days=self.working_days,
        )

    def changes(
        self, register: Register, since: str, *, area: str | None, owner: str | None
    ) -> "Changes":
        """What changed since `since` as typed, to the run's date (see `report.changes_as_of`)."""
        from improvetrack.figures.report import changes_as_of

        return changes_as_of(
            register, self.as_of, since, area=area, owner=owner, working_days=self.working_days
        )

    def date(self, value: str | None, what: str) -> date | None:
        return None if value is None else parse_date(value, self.as_of, what=what)

    def stamp(self, by: str | None) -> "Stamp":
        from improvetrack.model.changes import make_stamp

        user = self.settings.by.value
        return make_stamp(self.as_of, self.settings.pinned, by or user, user)

    def change(self, make: "Callable[[Register, Stamp], T]", by: str | None = None) -> T:
        """Make a change to the register and write it (locked, atomically); return what
        `make` returns. `make` may run twice, if another writer got there first: it should
        only change the register it is given, and the command prints after."""
        stamp = self.stamp(by)
        return store.edit(
            self.path(),
            lambda loaded: make(loaded.register, stamp),
            warn=self.output.warn,
            timeout=self.settings.lock_timeout.value,
        )


class Family(typer.Typer):
    """The commands of one module, each built as a `Command`: its help names its values
    and ends with the global options and its examples (the `epilog` of each command)."""

    def command(
        self, name: str | None = None, *, cls: Any = None, **settings: Any
    ) -> Callable[[F], F]:
        return super().command(name, cls=cls or Command, **settings)


def group_of(help_text: str, examples: str, **settings: Any) -> Family:
    """A Typer app for a family of subcommands (`area add`, `area list`), formatted and
    completed as the top-level app is."""
    return Family(
        cls=Group,
        help=help_text,
        epilog=examples,
        rich_markup_mode=None,
        add_completion=False,
        **settings,
    )


def run_of(ctx: typer.Context) -> Run:
    run = ctx.find_object(Run)
    assert run is not None, "the app callback always starts the run"
    return run


def completer(kind: str) -> Any:
    """A Typer completion callback offering values of one kind (see `completion`)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            return _complete(ctx, kind, incomplete)
        except Exception:  # on every Tab: offering nothing beats printing a traceback
            return []

    return complete


def _complete(ctx: typer.Context, kind: str, incomplete: str) -> list[tuple[str, str]]:
    import os

    from rich.markup import escape

    from improvetrack.commands.completion import candidates, for_shell, shell

    # Values as typed: completion parses the line without converting them.
    registers = [Path(path) for path in ctx.find_root().params.get("register") or ()]
    if len(registers) > 1:
        return []  # a roll-up: no one register to offer values from
    found = candidates(
        kind,
        Settings(register=registers[0] if registers else None),
        incomplete,
        command=ctx.command.name,
        area=ctx.params.get("area"),
    )
    # Typer shows each help through Rich, which would act on markup in a title.
    return [(value, escape(note)) for value, note in for_shell(shell(os.environ), found)]


ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help=(
            "Who makes the change (default: $IMPROVETRACK_USER, else `by` in your config, "
            "else your login)."
        ),
        metavar="NAME",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Also say what changed since this date, or since the last board meeting (last-board).",
        metavar="DATE|last-board",
    ),
]
AreaFilter = Annotated[
    str | None,
    typer.Option(
        "--area",
        "-a",
        help="Only this area: its key, or its title.",
        metavar="AREA",
        autocompletion=completer("area"),
    ),
]
OwnerFilter = Annotated[
    str | None,
    typer.Option(
        "--owner",
        "-o",
        help="Only actions whose owner contains this (any case).",
        metavar="NAME",
        autocompletion=completer("owner"),
    ),
]
IdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", help="Action ID, e.g. ASM-3.", autocompletion=completer("id")),
]
DueOption = Annotated[
    str | None,
    typer.Option(
        "--due", help="Due date: YYYY-MM-DD, DD/MM/YYYY, +Nd/+Nw or -Nd/-Nw.", metavar="DATE"
    ),
]
ReasonOption = Annotated[
    str, typer.Option("--reason", help="Why (kept on the action and logged).", metavar="TEXT")
]
