"""`safe`: what it hides, by Unicode category, and that the core can use it alone."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest

from improvetrack.model.text import REPLACEMENT, hidden, safe
from improvetrack.render.data import to_json

_EVERY_CODE = range(0x110000)


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def test_every_format_character_but_the_joiners_is_replaced() -> None:
    formats = [code for code in _EVERY_CODE if unicodedata.category(chr(code)) == "Cf"]
    assert len(formats) > 150
    text = "".join(map(chr, formats))
    assert safe(text) == "".join(
        chr(code) if code in (0x200C, 0x200D) else REPLACEMENT for code in formats
    )


@pytest.mark.parametrize(
    "code",
    [
        0x00AD,  # soft hyphen
        0x061C,  # Arabic letter mark
        0x180E,  # Mongolian vowel separator
        *range(0x2060, 0x2065),  # word joiner, invisible operators
        *range(0x206A, 0x2070),  # deprecated format characters
        *range(0xE0000, 0xE0080),  # the whole tag block, assigned or not
        *range(0xFDD0, 0xFDF0),  # noncharacters
        0xFFFE,
        0x1FFFF,
        0x10FFFE,
        0xD800,  # a lone surrogate, as a command-line argument that is not UTF-8 can hold
        0xDCFF,
        0x2028,
        0x2029,
        0x00,
        0x1B,
        0x7F,
        0x85,
        0x9F,
        0x200B,
        0x200E,
        0x202E,
        0x2066,
        0xFEFF,
    ],
    ids=lambda code: f"U+{code:04X}",
)
def test_hidden_characters_are_replaced(code: int) -> None:
    assert hidden(code)
    assert safe(f"a{chr(code)}b") == f"a{REPLACEMENT}b"


@pytest.mark.parametrize(
    "text",
    [
        "👩\u200d👩\u200d👧 family",  # an emoji sequence joined by U+200D
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with a non-joiner
        "£1\u00a0204 and\u3000ideographic space",  # spaces are not hidden
        "private use \ue000",
        "unassigned \U000d0000",
        "combining e\u0301 and variation \u2764\ufe0f",
    ],
)
def test_visible_text_is_left_alone(text: str) -> None:
    assert safe(text) == text


def test_line_breaks_and_tabs_become_one_space() -> None:
    assert safe("one\r\ntwo\tthree\n\nfour") == "one two three four"


def test_only_hidden_characters_are_replaced_anywhere_in_unicode() -> None:
    expected = {
        code
        for code in _EVERY_CODE
        if code not in (0x200C, 0x200D)
        and (
            unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs", "Zl", "Zp")
            or 0xE0000 <= code <= 0xE007F
            or _is_noncharacter(code)
        )
    }
    assert {code for code in _EVERY_CODE if hidden(code)} == expected


def test_json_escapes_what_safe_hides_and_keeps_the_text() -> None:
    text = "a\u061cb\u00adc\U000e0041d\u2060e\ufdd0f\U0010ffff\u200dg\ud800"
    written = to_json({"t": text})
    escaped = "a\\u061cb\\u00adc\\udb40\\udc41d\\u2060e\\ufdd0f\\udbff\\udfff\u200dg\\ud800"
    assert written == '{\n  "t": "' + escaped + '"\n}\n'

    assert json.loads(written) == {"t": text}
    assert to_json({"t": "plain\x7f"}) == '{\n  "t": "plain\\u007f"\n}\n'


def test_json_refuses_what_is_not_json() -> None:
    for number in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(ValueError, match="JSON compliant"):
            to_json({"baseline": number})


def test_the_core_uses_it_without_the_render_package() -> None:
    code = (
        "import sys, improvetrack.model.text, improvetrack.sheets; "
        "import improvetrack.commands.completion; "
        "print(sorted(m for m in sys.modules if m.startswith('improvetrack.render')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
