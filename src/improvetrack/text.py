"""Making text from a register or a sheet inert before any output shows it.

The core (the spreadsheet export, shell completion) and every renderer use it, so it
lives here rather than in the render package, which the core must not import.
"""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, the Unicode controls that reorder or hide text (bidi
# overrides and isolates, the zero-width space and direction marks used to disguise
# content), and the two noncharacters U+FFFE and U+FFFF, which XML forbids: one in a title
# broke the JUnit report. The zero-width joiner and non-joiner (U+200C, U+200D) stay: emoji
# sequences and Persian or Indic words are written with them.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ufeff\ufffe\uffff]"
)
_WHITESPACE = re.compile(r"[\t\n\r]+")


def safe(text: object) -> str:
    """One line of text with no control characters: each becomes U+FFFD, so tampering shows."""
    value = "" if text is None else str(text)
    return _CONTROLS.sub("\ufffd", _WHITESPACE.sub(" ", value))
