"""Making text from a register or a sheet inert before any output shows it.

The core (the spreadsheet export, shell completion) and every renderer use it, so it
lives here rather than in the render package, which the core must not import.

What is hidden is decided by Unicode category, so characters a later Unicode version adds
to a category are covered by the Python that knows them:

- Cc: C0 and C1 controls and DEL, which terminals act on;
- Cf: the invisible format characters (bidi overrides and isolates, direction marks,
  the zero-width space, word joiner, invisible operators, soft hyphen, Arabic and
  Mongolian marks, the byte-order mark...), used to disguise or reorder what a reader
  sees — except the zero-width non-joiner and joiner (U+200C, U+200D), with which emoji
  sequences and Persian or Indic words are written;
- Cs: lone surrogates, which a command-line argument that is not UTF-8 can carry and
  which no output encoding can write;
- Zl, Zp: the line and paragraph separators U+2028 and U+2029, which break lines where
  a format expects none;
- the tag block U+E0000-U+E007F, assigned or not: tag characters spell hidden ASCII;
- the 66 noncharacters (U+FDD0-U+FDEF and the last two code points of every plane):
  XML forbids U+FFFE and U+FFFF, and one in a title broke the JUnit report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container

REPLACEMENT = "\ufffd"
JOINERS = frozenset({0x200C, 0x200D})
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
TAGS = range(0xE0000, 0xE0080)
_WHITESPACE = re.compile(r"[\t\n\r]+")


def hidden(code: int) -> bool:
    """Whether the character with this code point must never reach an output as it is."""
    if code in JOINERS:
        return False
    return (
        unicodedata.category(chr(code)) in _HIDDEN_CATEGORIES
        or code in TAGS
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
    )


class Substitutes(dict[int, "int | str"]):
    """A `str.translate` table that puts `stand_in(code)` in place of every hidden
    character and leaves the rest (and codes in `keep`) as they are.

    Each character is classified the first time a text holds it and remembered, so no
    table of all 1.1 million code points is built at start-up, and a text of characters
    already met costs one lookup per character.
    """

    def __init__(self, stand_in: Callable[[int], str], keep: Container[int] = ()) -> None:
        super().__init__()
        self._stand_in = stand_in
        self._keep = keep

    def __missing__(self, code: int) -> int | str:
        value: int | str = self._stand_in(code) if hidden(code) and code not in self._keep else code
        self[code] = value
        return value


_REPLACED = Substitutes(lambda code: REPLACEMENT)


def counted(count: int, one: str, many: str | None = None) -> str:
    """A count and its noun in the number the count takes: "1 action", "3 actions"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def quoted(text: str, limit: int) -> str:
    """Text in a message: quoted, and cut short with "..." when it is longer than `limit`."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def safe(text: object) -> str:
    """One line of text with nothing hidden in it: tabs and line breaks become a space, and
    every hidden character (see the module's docstring) becomes U+FFFD.

    Replaced rather than removed, so that tampering shows: a reader sees that something
    was there, and text that differs only by an invisible character does not look the
    same as the text it imitates.
    """
    value = "" if text is None else str(text)
    if value.isprintable():  # nothing hidden can be printable: the common case costs one scan
        return value
    return _WHITESPACE.sub(" ", value).translate(_REPLACED)
