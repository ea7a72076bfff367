"""The command reference, `docs/commands.md`, written from every command's own `--help`.

From the repository root, after changing any help text:

    python -m improvetrack.reference            # writes docs/commands.md
    python -m improvetrack.reference FILE       # writes FILE instead

The help is laid out as in an 80-column terminal, whatever the terminal running this
(Click's help has no colour to turn off), so the page is the same on every machine; a
test fails when the page in the repository is not what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

PAGE = Path("docs") / "commands.md"
WIDTH = 80
HEADER = """\
# Command reference

Every command's `--help`, as an 80-column terminal shows it. This page is
written by `python -m improvetrack.reference` from the help itself: do not edit
it by hand; change the help, then run that command from the repository root.
`tests/test_help.py` fails when the page is out of date.
"""


def page() -> str:
    """The whole page: the top-level help, then each command's, in the order listed."""
    import typer

    from improvetrack.commands import app

    root = typer.main.get_command(app)
    # In a terminal, Click leaves two columns free: a width given to it is used whole.
    context = root.make_context(
        "improvetrack", [], terminal_width=WIDTH - 2, resilient_parsing=True
    )
    parts = [HEADER, *_sections(root, context)]
    return "\n".join(parts)


def _sections(command: Any, context: Any) -> list[str]:
    """The help of a command and of every command under it."""
    title = context.command_path
    found = [f"## {title}\n\n```text\n{command.get_help(context).rstrip()}\n```\n"]
    for name in getattr(command, "list_commands", lambda _: [])(context):
        sub = command.get_command(context, name)
        below = sub.make_context(name, [], parent=context, resilient_parsing=True)
        found += _sections(sub, below)
    return found


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else PAGE
    target.write_text(page(), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
