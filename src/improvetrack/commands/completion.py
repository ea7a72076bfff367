"""What the shell offers on Tab, and how each shell is told it without running any of it.

The values offered are the words an option accepts (formats, statuses, RAG ratings,
--fail-on conditions) and what the register holds (action IDs, area keys, measure names,
owners). Completion runs on every key press and must never fail loudly: when the register
cannot be found or read, it offers nothing.

Register text is data. Every shell gets its candidates through layers of its own syntax
(Typer prints them, a shell function reads them back, the chosen one is inserted into the
line the user then runs), so a value is quoted for the shell asking, and left out where
that shell's layers cannot carry it as it is:

- bash inserts a candidate into the command line as printed: each character the shell
  could act on is escaped with a backslash, which is also literal where the user had
  opened a quote, and keeps a glob character from matching files;
- zsh evaluates what is printed twice (an `eval`, then `_arguments` on the list) and then
  quotes the chosen value itself. Typer escapes `$`, backticks and colons for those
  layers; a backslash is doubled here. A quote or a run of spaces cannot get through
  Typer's escaping unchanged, so values holding one are not offered;
- fish reads candidates a line each and quotes the chosen one itself;
- any other shell is offered only values that need no quoting at all.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from improvetrack.commands.settings import Settings
from improvetrack.errors import ImprovetrackError
from improvetrack.files import store
from improvetrack.model.register import CONDITIONS, RAGS, STATUSES, Register
from improvetrack.model.text import safe

if TYPE_CHECKING:
    from improvetrack.render.formats import Kind

# Typer's name for the variable that asks for completions, and how the value names the
# shell: `complete_bash`, `complete_zsh`, `complete_fish`, `complete_powershell`.
COMPLETE_VARIABLE = "_IMPROVETRACK_COMPLETE"

# The words an option accepts, by completion kind: the formats from the table `--format`
# is checked against (read as the shell asks); a test keeps the others equal to the lists
# the commands check their options against.
WORDS: dict[str, Callable[[], tuple[str, ...]]] = {
    "status": lambda: STATUSES,
    "rag": lambda: RAGS,
    "format": lambda: _formats("report"),
    "export-format": lambda: _formats("export"),
    "fail-on": lambda: CONDITIONS,
}
# Kinds whose value is a comma-separated list: the part after the last comma is completed.
LISTS = frozenset({"fail-on"})

# The actions a command's ID argument offers, by their status: those it can move on.
# Commands not named here (show, log, update) offer every action.
ACTIONS_FOR: dict[str, frozenset[str]] = {
    "start": frozenset({"not-started", "blocked"}),
    "done": frozenset({"not-started", "in-progress", "blocked"}),
    "block": frozenset({"not-started", "in-progress", "awaiting-sign-off"}),
    "drop": frozenset({"not-started", "in-progress", "blocked", "awaiting-sign-off"}),
    "sign-off": frozenset({"awaiting-sign-off"}),
}

NOTE_LENGTH = 48  # a note is a reminder; Typer's Rich would wrap a long one onto new lines
_PLAIN = frozenset(string.ascii_letters + string.digits + "-_./")
_BASH_PLAIN = _PLAIN | frozenset(",:=%+@")
_SPACES = re.compile(r"\s+")


def _formats(kind: Kind) -> tuple[str, ...]:
    # Imported only when a format is completed: the other kinds need no render package.
    from improvetrack.render import formats

    return formats.names(kind)


def _register(settings: Settings) -> Register | None:
    try:
        return store.read(settings.register.value).register
    except ImprovetrackError:
        return None


def candidates(
    kind: str,
    settings: Settings,
    incomplete: str,
    *,
    command: str | None = None,
    area: str | None = None,
) -> list[tuple[str, str]]:
    """(value, help) pairs of one kind that start with what has been typed (any case).

    `command` is the command being completed (its ID argument offers only the actions it
    can move on); `area` is the area already typed, whose measures a measure name offers.
    A value that holds a character no output may show is left out: shown with a stand-in,
    it would not be the value the user meant.
    """
    head, typed = "", incomplete
    if kind in LISTS:
        head, _, typed = incomplete.rpartition(",")
        head += "," if head else ""
    if kind in WORDS:
        chosen = {part.strip().casefold() for part in head.split(",")}
        pairs = [(word, "") for word in WORDS[kind]() if word not in chosen]
    else:
        register = _register(settings)
        if register is None:
            return []
        pairs = list(_from_register(register, kind, command, area))
    typed = typed.casefold()
    return [
        (head + value, _shorten(safe(note)))
        for value, note in pairs
        if value.isprintable() and value.casefold().startswith(typed)
    ]


def _from_register(
    register: Register, kind: str, command: str | None, area: str | None
) -> Iterable[tuple[str, str]]:
    if kind == "id":
        wanted = ACTIONS_FOR.get(command or "")
        return [
            (action.id, action.title)
            for action in register.actions.values()
            if wanted is None or action.status in wanted
        ]
    if kind == "area":
        return [(key, found.title) for key, found in register.areas.items()]
    if kind == "measure":
        found = register.areas.get((area or "").strip())
        return [(measure.name, "") for measure in found.measures] if found else []
    if kind == "owner":
        owners = {action.owner for action in register.actions.values() if action.owner}
        return [(owner, "") for owner in sorted(owners)]
    raise AssertionError(f"no completion kind {kind!r}")


def _shorten(note: str) -> str:
    return note if len(note) <= NOTE_LENGTH else note[: NOTE_LENGTH - 1].rstrip() + "\u2026"


def shell(environ: Mapping[str, str]) -> str:
    """The shell asking for completions, from Typer's instruction: bash, zsh, fish…"""
    return environ.get(COMPLETE_VARIABLE, "").partition("_")[2]


def for_shell(name: str, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The candidates as the named shell must be given them (see the module's docstring)."""
    shown = []
    for value, note in pairs:
        if name == "bash":
            quoted: str | None = _bash_word(value)
        elif name == "zsh":
            quoted = _zsh_value(value)
            note = _zsh_note(note)
        elif name == "fish":
            quoted = value
        else:
            quoted = value if set(value) <= _PLAIN else None
        if quoted is not None:
            shown.append((quoted, note))
    return shown


def _bash_word(value: str) -> str:
    return "".join(
        char if char in _BASH_PLAIN or (not char.isascii() and char.isalnum()) else f"\\{char}"
        for char in value
    )


def _zsh_value(value: str) -> str | None:
    if "'" in value or '"' in value or "  " in value:
        return None
    return value.replace("\\", "\\" * 4)


def _zsh_note(note: str) -> str:
    # Only shown, so what cannot get through is replaced by what looks like it.
    note = _SPACES.sub(" ", note).replace("'", "\u2019").replace('"', "\u201d")
    return note.replace("\\", "\\\\")
