"""How a register is laid out as TOML text: the same way for the same data, whatever its length.

tomli-w writes a list of tables inline (`log = [{ … }, { … }]`) while every entry is short
and as `[[…]]` tables once one is long, so a single long log entry used to rewrite the
whole log in the other shape: a diff a reviewer had to read twice. Here every list of
tables is always written as `[[…]]` tables, one entry after another, and everything else
(keys, strings, dates, plain lists) is written by tomli-w itself. One change to a
register is then the lines of that change in `git diff`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

Writer = Callable[[Mapping[str, Any]], str]  # tomli_w.dumps
_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def dumps(document: Mapping[str, Any]) -> str:
    """TOML text for a document of plain data (what `register.to_document` returns)."""
    import tomli_w  # only a command that writes needs it

    return "".join(_table(document, "", tomli_w.dumps))


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _key(part: str, write: Writer) -> str:
    if part and _BARE.issuperset(part):
        return part
    # tomli-w's own quoting, for a key that needs it: `"key" = 0` less ` = 0`.
    return write({part: 0})[: -len(" = 0\n")]


def _table(
    table: Mapping[str, Any], name: str, write: Writer, *, element: bool = False
) -> Iterator[str]:
    """The chunks of one table: its header, its plain values, then its tables."""
    literals: dict[str, Any] = {}
    children: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, Mapping) or _is_tables(value):
            children.append((key, value))
        else:
            literals[key] = value
    written = False
    if element or (name and (literals or not children)):
        yield f"[[{name}]]\n" if element else f"[{name}]\n"
        written = True
    if literals:
        yield write(literals)
        written = True
    for key, value in children:
        child = f"{name}.{_key(key, write)}" if name else _key(key, write)
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if written:
                yield "\n"
            written = True
            yield from _table(entry, child, write, element=isinstance(value, list))
