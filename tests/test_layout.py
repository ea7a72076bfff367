"""The register's layout is stable: one change shows in `git diff` as its own lines."""

from __future__ import annotations

import difflib
import shutil
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from improvetrack.files import layout
from improvetrack.files.store import dumps, parse
from improvetrack.model.encode import to_document
from tests.builders import large
from tests.conftest import SAMPLE, Invoke

keys = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
scalars = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.replace(microsecond=0)),
)


def _tables(leaves: Any) -> Any:
    return st.dictionaries(keys, leaves, max_size=4)


documents = st.recursive(
    _tables(st.one_of(scalars, st.lists(scalars, max_size=3))),
    lambda inner: _tables(st.one_of(scalars, inner, st.lists(inner, min_size=1, max_size=3))),
    max_leaves=20,
)


@given(documents)
def test_what_is_written_reads_back_as_the_same_data(document: dict[str, Any]) -> None:
    assert tomllib.loads(layout.dumps(document)) == document


def test_where_tomli_w_writes_tables_the_text_is_tomli_ws() -> None:
    long = "x" * 120
    document = {
        "a": {"title": "t", "log": [{"text": long}, {"text": "short"}]},
        "b": {"c": {"d": 1}, "e": [1, 2]},
    }
    assert layout.dumps(document) == tomli_w.dumps(document)


def test_a_log_is_written_as_tables_however_short() -> None:
    short = {"actions": {"A-1": {"title": "t", "log": [{"text": "created"}]}}}
    assert layout.dumps(short) == (
        '[actions.A-1]\ntitle = "t"\n\n[[actions.A-1.log]]\ntext = "created"\n'
    )


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm=""):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


def test_one_owner_change_is_the_owner_line_and_one_new_log_entry(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "plan.toml"
    shutil.copy(SAMPLE, path)
    for action_id in ("ASM-5", "UND-2", "ASM-1"):  # a young action, an unowned one, an old one
        before = path.read_text(encoding="utf-8")
        result = invoke("-r", str(path), "update", action_id, "--owner", "Team Manager, Assessment")
        assert result.exit_code == 0, result.output
        removed, added = _changed_lines(before, path.read_text(encoding="utf-8"))
        assert [line for line in removed if not line.startswith("owner = ")] == [], removed
        assert len(removed) <= 1
        entry = [line for line in added if not line.startswith("owner = ")]
        assert entry[0] in ("", f"[[actions.{action_id}.log]]"), added
        assert f"[[actions.{action_id}.log]]" in entry
        assert any(line.startswith('field = "owner"') for line in entry)
        assert len(entry) <= 8, added


def test_the_sample_is_written_as_it_is_shipped() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert dumps(parse(text, "sample")) == text


def test_dates_and_times_keep_their_form() -> None:
    document = {"t": {"on": date(2026, 1, 2), "at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)}}
    assert tomllib.loads(layout.dumps(document)) == document


def _by_tomli_w(table: Any, name: str = "", *, element: bool = False) -> str:
    """The layout as it was built before values were formatted here: tomli-w writes every
    table's plain values, in one call per table. The fast layout must match it exactly."""
    literals = {k: v for k, v in table.items() if not isinstance(v, dict) and not _aot(v)}
    children = [(k, v) for k, v in table.items() if isinstance(v, dict) or _aot(v)]
    out, written = [], False
    if element or (name and (literals or not children)):
        out.append(f"[[{name}]]\n" if element else f"[{name}]\n")
        written = True
    if literals:
        out.append(tomli_w.dumps(literals))
        written = True
    for key, value in children:
        quoted = tomli_w.dumps({key: 0})[: -len(" = 0\n")]
        child = f"{name}.{quoted}" if name else quoted
        for entry in value if isinstance(value, list) else [value]:
            out.append("\n" if written else "")
            written = True
            out.append(_by_tomli_w(entry, child, element=isinstance(value, list)))
    return "".join(out)


def _aot(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


awkward = st.one_of(
    scalars,
    st.text(
        st.sampled_from("\x00\x01\x08\t\n\x0b\x0c\r\x1b\x7f\x80\"\\'#[]= é\u2028"), max_size=12
    ),
    st.floats(allow_nan=False),
    st.lists(st.lists(scalars, max_size=2), max_size=2),
    st.lists(st.one_of(scalars, st.dictionaries(keys, scalars, max_size=2)), max_size=3),
)
mixed_documents = st.recursive(
    _tables(st.one_of(awkward, st.lists(awkward, max_size=3))),
    lambda inner: _tables(st.one_of(awkward, inner, st.lists(inner, min_size=1, max_size=3))),
    max_leaves=20,
)


@given(mixed_documents)
def test_values_are_written_exactly_as_tomli_w_writes_them(document: dict[str, Any]) -> None:
    assert layout.dumps(document) == _by_tomli_w(document)


def test_a_large_register_is_laid_out_as_tomli_w_would_write_its_values() -> None:
    document = to_document(large(300))
    assert layout.dumps(document) == _by_tomli_w(document)
