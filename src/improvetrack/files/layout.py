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
