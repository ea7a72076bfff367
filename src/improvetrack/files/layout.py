"""How a register is laid out as TOML text: the same way for the same data, whatever its length.

tomli-w writes a list of tables inline (`log = [{ … }, { … }]`) while every entry is short
and as `[[…]]` tables once one is long, so a single long log entry used to rewrite the
whole log in the other shape: a diff a reviewer had to read twice. Here every list of
tables is always written as `[[…]]` tables, one entry after another, and everything else
(keys, strings, dates, plain lists) is written as tomli-w writes it. One change to a
register is then the lines of that change in `git diff`.

The values a register holds (text, whole numbers, dates, flags, lists of them) are
formatted here, character for character as tomli-w 1.2 formats them: tomli-w looks at a
string one character at a time, which made a dump of 10,000 actions cost more than
parsing it. Anything else (an inline table in a list, a time, a number type of the
user's own) is handed to tomli-w itself, one `key = value` line at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
# What a basic string may not hold as it is: quote, backslash, and control characters
# other than tab (tomli-w's ILLEGAL_BASIC_STR_CHARS).
_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_SHORT = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_INDENT = "    "


def dumps(document: Mapping[str, Any]) -> str:
    """TOML text for a document of plain data (what `register.to_document` returns)."""
    return "".join(_table(document, ""))


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _escaped(match: re.Match[str]) -> str:
    char = match[0]
    return _SHORT.get(char) or f"\\u{ord(char):04x}"


def _string(text: str) -> str:
    if _ESCAPE.search(text) is None:
        return f'"{text}"'
    return f'"{_ESCAPE.sub(_escaped, text)}"'


def _key(part: str) -> str:
    return part if part and _BARE.issuperset(part) else _string(part)


def _value(value: Any, nest: int) -> str | None:
    """`value` as tomli-w writes it, or None for a kind left to tomli-w itself.

    Exact types only: tomli-w tells them apart with isinstance, and a subclass may print
    itself otherwise.
    """
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float or kind is date or kind is datetime:
        return str(value)
    if kind is list:
        if not value:
            return "[]"
        items = []
        for item in value:
            written = _value(item, nest + 1)
            if written is None:
                return None
            items.append(written)
        inner = _INDENT * (nest + 1)
        return "[\n" + "".join(f"{inner}{item},\n" for item in items) + _INDENT * nest + "]"
    return None


def _literals(literals: list[tuple[str, Any]]) -> str:
    lines = []
    for key, value in literals:
        written = _value(value, 0)
        if written is None:
            import tomli_w  # only for a value no register of ours holds

            lines.append(tomli_w.dumps({key: value}))
        else:
            lines.append(f"{_key(key)} = {written}\n")
    return "".join(lines)


def _table(table: Mapping[str, Any], name: str, *, element: bool = False) -> Iterator[str]:
    """The chunks of one table: its header, its plain values, then its tables."""
    literals: list[tuple[str, Any]] = []
    children: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, Mapping) or _is_tables(value):
            children.append((key, value))
        else:
            literals.append((key, value))
    written = False
    if element or (name and (literals or not children)):
        yield f"[[{name}]]\n" if element else f"[{name}]\n"
        written = True
    if literals:
        yield _literals(literals)
        written = True
    for key, value in children:
        child = f"{name}.{_key(key)}" if name else _key(key)
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if written:
                yield "\n"
            written = True
            yield from _table(entry, child, element=isinstance(value, list))


# The top-level tables a register is cut into for a splice (see `files.splice`): each area
# and each action is a unit of its own, with all its sub-tables; the rest is the frame.
UNIT_KINDS = ("areas", "actions")

Unit = tuple[str, str]


def _units_of(value: Any) -> bool:
    """Whether a top-level value is written as one table per key and nothing else."""
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value.values())
    )


def unit_text(unit: Unit, table: Mapping[str, Any]) -> str:
    """One unit as `pieces` writes it, after anything before it: a blank line, then its
    header and its sub-tables."""
    kind, key = unit
    return "\n" + "".join(_table(table, f"{kind}.{_key(key)}"))


def pieces(document: Mapping[str, Any]) -> list[tuple[Unit | None, str]]:
    """`dumps(document)` cut into its top-level units, in order: `(("actions", ID), text)`
    for each action, the same for each area, and `(None, text)` for the frame between
    them (the schema, the plan, the user's own tables). Joined, the texts are `dumps`."""
    literals: list[tuple[str, Any]] = []
    children: list[tuple[str, Any]] = []
    for key, value in document.items():
        if isinstance(value, Mapping) or _is_tables(value):
            children.append((key, value))
        else:
            literals.append((key, value))
    cut: list[tuple[Unit | None, str]] = []
    frame: list[str] = []
    if literals:
        frame.append(_literals(literals))
    written = bool(literals)
    for key, value in children:
        if key in UNIT_KINDS and _units_of(value):
            if frame:
                cut.append((None, "".join(frame)))
                frame = []
            for name, table in value.items():
                text = unit_text((key, name), table)
                cut.append(((key, name), text if written else text[1:]))
                written = True
            continue
        for entry in value if isinstance(value, list) else [value]:
            if written:
                frame.append("\n")
            written = True
            frame.extend(_table(entry, _key(key), element=isinstance(value, list)))
    if frame:
        cut.append((None, "".join(frame)))
    return cut
