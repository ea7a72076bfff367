"""The register's TOML as text: the parser it is read with, where a key or an error is in
the file, and the comments a rewrite would drop."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from types import ModuleType

from improvetrack.model.decode import KeyTypo, Problem


@cache
def toml_reader() -> ModuleType:
    """The TOML parser: tomli's compiled build where it is installed, else tomllib.

    tomllib is tomli, taken into the standard library; tomli's wheels are compiled with
    mypyc and parse a register in about half the time, to the same data. A pure-Python
    tomli is no faster than tomllib, so then tomllib is used.
    """
    try:
        import tomli

        if not getattr(tomli._parser, "__file__", "").endswith(".py"):
            return tomli
    except ImportError:
        pass
    import tomllib

    return tomllib


_POSITION = r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$"


def toml_error(exc: ValueError, text: str) -> str:
    from improvetrack.model.hints import hint

    message = str(exc)
    match = re.search(_POSITION, message)
    lineno, colno = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if lineno is not None and colno is not None:  # tomli says where, even at the end
        line = lineno
        where = f"{line}:{colno}"
    elif match and match[1]:
        line = int(match[1])
        where = f"{line}:{match[2]}"
    else:  # "at end of document": name the last line, as an editor would show it
        line = max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)
        where = str(line)
    message = message[: match.start()] if match else message
    advice = hint(message, text, line)
    return f"{where}: invalid TOML: {message}" + (f"; {advice}" if advice else "")


def place(source: str, problem: Problem | KeyTypo, lines: LineIndex) -> str:
    line = lines.find(problem.path)
    return f"{source}:{line}: {problem}" if line else f"{source}: {problem}"


_HEADER = r"\s*(\[\[?)([^\]]+)\]\]?"


def _key_parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))


class LineIndex:
    """Where each table and key of a TOML text is set, read in one pass.

    Good enough for error messages: table headers (the n-th `[[x]]` is `x.n`) and
    `key = value` lines; a key inside an inline table points at its table's line.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        arrays: dict[tuple[str, ...], int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if header := re.match(_HEADER, line):
                table = _key_parts(header[2])
                if header[1] == "[[":
                    count = arrays.get(table, 0)
                    arrays[table] = count + 1
                    self.lines.setdefault(table, number)
                    table = (*table, str(count))
                self.lines.setdefault(table, number)
            elif "=" in line:
                self.lines.setdefault(table + _key_parts(line.split("=", 1)[0]), number)

    def find(self, path: tuple[str, ...]) -> int | None:
        """The line of the longest known prefix of `path`."""
        for depth in range(len(path), 0, -1):
            if (line := self.lines.get(path[:depth])) is not None:
                return line
        return None


# A comment runs to the end of its line, so quotes inside it open no string.
_STRING_OR_COMMENT = (
    r'"""(?:\\[\s\S]|[^\\])*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*'
)


def has_comments(text: str) -> bool:
    """Whether TOML text holds a comment: a '#' outside every kind of string."""
    return bool(comment_lines(text))


def comment_lines(text: str) -> list[int]:
    """The lines of TOML text that hold a comment."""
    if "#" not in text:
        return []
    lines: list[int] = []
    line, counted = 1, 0
    for match in re.finditer(_STRING_OR_COMMENT, text):
        if match[0].startswith("#"):
            line += text.count("\n", counted, match.start())
            counted = match.start()
            lines.append(line)
    return lines


def comments_warning(path: Path, text: str) -> str | None:
    """What to tell the user before a rewrite drops the comments in `text`, if it holds any."""
    lines = comment_lines(text)
    if not lines:
        return None
    if len(lines) == 1:
        which = f"line {lines[0]} holds a comment"
    else:
        shown = [str(line) for line in lines[:6]]
        if len(lines) > 6:
            shown.append(f"{len(lines) - 6} more")
        which = f"lines {', '.join(shown[:-1])} and {shown[-1]} hold comments"
    return (
        f"{path}: {which}, which this change will drop; to keep a note, move it into a field "
        'such as notes = "..." (fields improvetrack does not know are kept)'
    )
