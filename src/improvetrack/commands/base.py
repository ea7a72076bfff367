"""What every command's help has: its values named as people write them (ID, not {ID}),
the options of the whole tool, which also work after the command, and examples to copy.
Click lays out every help screen; these go through its hooks."""

from __future__ import annotations

import inspect
from typing import Any

from typer.core import TyperCommand, TyperGroup

# Options of the whole tool that people also type after the command, as in
# `improvetrack status --as-of 2026-11-27`: they are moved in front of it before parsing.
GLOBAL_OPTIONS = ("--as-of", "--register", "-r")
GLOBAL_HEADING = "Global options (before or after the command)"


class Command(TyperCommand):
    """A command whose help names its values (ID, not {ID}) and ends with the options of
    the whole tool, which work after the command too, and with examples to copy."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [unbraced(piece) for piece in super().collect_usage_pieces(ctx)]

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        write_endings(self, ctx, formatter)


class Group(TyperGroup):
    """A family of subcommands (`area add`, `area list`), with the same endings."""

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        write_endings(self, ctx, formatter)


def unbraced(piece: str) -> str:
    """A usage piece as people write it: Typer puts a required argument in braces."""
    return piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece


def write_endings(command: Any, ctx: Any, formatter: Any) -> None:
    """The global options, as the top-level help words them, then the examples."""
    root = ctx.find_root()
    if root is not ctx:
        wanted = [p for p in root.command.params if set(p.opts) & set(GLOBAL_OPTIONS)]
        with formatter.section(GLOBAL_HEADING):
            formatter.write_dl([record for p in wanted if (record := p.get_help_record(root))])
    write_examples(command.epilog, formatter)


def write_examples(epilog: str | None, formatter: Any) -> None:
    """The epilog as an Examples section: a command a line, never re-wrapped or joined."""
    if not epilog:
        return
    with formatter.section("Examples"):
        for line in inspect.cleandoc(epilog).splitlines():
            formatter.write(f"{'':>{formatter.current_indent}}{line}\n" if line else "\n")
