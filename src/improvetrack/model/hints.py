"""What to do about a TOML syntax error, in the words of the person who edited the file.

tomllib says where the parser stopped and what it expected ("Expected newline or end of
document after a statement"), which is true but does not say that `due = 28/02/2027`
wants to be `due = 2027-02-28`. These hints cover the slips that hand edits make: a UK
date, text without quotes, curly quotes from a word processor, a missing closing quote, a
key or a table given twice, a Windows path, a number with a % sign.
"""

from __future__ import annotations

import re
from datetime import date

from improvetrack.model.dates import named_day

_HEADER = re.compile(r"\s*\[\[?([^\]]+)\]\]?")
# 2027/02/28, 2027-2-28: year first but not ISO's, which no command reads but a hand writes.
_YEAR_FIRST = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})")
_NUMBER = re.compile(r"[-+]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?%?")
_CURLY = "\u201c\u201d\u2018\u2019"
_DATE = "dates in the register are written {}, without quotes"
_QUOTES = "text is written in quotes"


def hint(message: str, text: str, line: int | None) -> str | None:
    """A hint for tomllib's `message` about `text`, stopped at `line`; None if none fits."""
    lines = text.splitlines()
    source = lines[line - 1] if line and line <= len(lines) else ""
    key, equals, value = source.partition("=")
    key, value = key.strip(), _without_comment(value.strip())
    if message.startswith(("Expected newline or end of document", "Invalid value")):
        return _value_hint(key, value) if equals else _open_at_the_end(lines, line)
    if message.startswith("Invalid initial character for a key part"):
        return _open_at_the_end(lines, line)  # `key = {` and nothing after it
    if message.startswith("Illegal character '\\n'") or message.startswith(
        ("Unterminated string", 'Expected "\'"', 'Expected "\\""')
    ):
        return 'a text value is missing its closing quote (")'
    if message.startswith("Cannot overwrite a value") and line:
        return _twice_hint(lines, line, key)
    if message.startswith("Cannot declare") and line:
        return _table_twice_hint(lines, line)
    if message.startswith("Unescaped '\\'"):
        return (
            "in text between double quotes a \\ starts an escape: write \\\\, or put a path "
            "between single quotes"
        )
    if message.startswith("Invalid date or datetime"):
        return "that day is not in the calendar: check the day and the month"
    if message.startswith("Expected '=' after a key"):
        return "each line sets one key: key = value, with text in quotes"
    if message.startswith("Unclosed array"):
        return "a list [...] is missing its closing ]"
    if message.startswith("Expected ']' at the end of a table declaration"):
        return "a [table] heading is missing its closing ]"
    return None


def _open_at_the_end(lines: list[str], line: int | None) -> str | None:
    """The file ends inside a list or an inline table: where it was opened."""
    if not line or (line <= len(lines) and lines[line - 1].strip()):
        return None
    for number in range(min(line - 1, len(lines)), 0, -1):
        key, equals, value = lines[number - 1].partition("=")
        if equals and (opened := value.strip()[:1]) in ("[", "{"):
            closing = "]" if opened == "[" else "}"
            return f"the {opened} of {key.strip()} on line {number} is never closed with {closing}"
    return None


def _without_comment(value: str) -> str:
    if value[:1] in "\"'":
        return value
    return value.split(" #", 1)[0].strip()


def _value_hint(key: str, value: str) -> str | None:
    if not value:
        return "a value is missing after ="
    if (day := _as_date(value.lower())) is not None:
        written = day.isoformat() if isinstance(day, date) else "year-month-day, like 2027-02-28"
        return _DATE.format(written)
    if value[0] in _CURLY:
        return 'text is written between straight quotes ("), not curly ones'
    if value in ("True", "False", "TRUE", "FALSE"):
        return "true and false are written in lower case"
    if value[0] in "\"'":
        return "put all of the text inside the quotes"
    if (number := _NUMBER.fullmatch(value)) and ("," in value or value.endswith("%")):
        alone = number[1].replace(",", "") + (number[2] or "")
        return f"a number is written alone, without % or commas: {alone}"
    if value[0] in "[{":
        return None
    if len(value) <= 60 and '"' not in value and "\\" not in value:
        return f'{_QUOTES}: {key} = "{value}"'
    return f'{_QUOTES}, like owner = "Jo Smith"'


def _as_date(value: str) -> date | bool | None:
    """The date a value means; False if it looks like a date but is none; None if not one."""
    if match := _YEAR_FIRST.fullmatch(value):
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return False
    return named_day(value)


def _twice_hint(lines: list[str], line: int, key: str) -> str:
    """`key`, set again on `line`: where it was set first in the same table."""
    table = "the top of the file"
    first = None
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if header := _HEADER.match(text):
            table = f"[{header[1].strip()}]"
            break
        if text.partition("=")[0].strip() == key and "=" in text:
            first = number
    where = f" (first on line {first})" if first else ""
    return f"{key} is set twice in {table}{where}; keep one"


def _table_twice_hint(lines: list[str], line: int) -> str | None:
    header = _HEADER.match(lines[line - 1])
    if not header:
        return None
    name = _parts(header[1])
    for number in range(1, line):
        if (earlier := _HEADER.match(lines[number - 1])) and _parts(earlier[1]) == name:
            return (
                f"[{header[1].strip()}] appears twice (first on line {number}); keep one and "
                "move its keys into it"
            )
    return None


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))
