"""Round trips and fuzzing: laws that hold for any register, and inputs that never crash.

tests/test_register.py checks load -> save -> load on plans, areas and actions. Here the
registers also carry impact measures with history, the user's own keys at every level
(any TOML value, nested), every plan field, long texts and up to 12 actions. Then the
command line's date parser, number parser and ID lookup are fed arbitrary text: each
answers or refuses with exit 2, never a traceback.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from improvetrack.errors import UsageError
from improvetrack.figures.forecast import Forecast
from improvetrack.files.store import dumps, parse
from improvetrack.model.dates import EARLIEST, LATEST, parse_date
from improvetrack.model.measures import parse_number
from improvetrack.model.records import replace
from improvetrack.model.register import (
    DIRECTIONS,
    STATUSES,
    Action,
    Area,
    LogEntry,
    Measure,
    Plan,
    Reading,
    Register,
    derive_prefix,
)
from improvetrack.render.words import outlook
from tests.conftest import Invoke

# Every key the format itself uses, at any level: the user's own keys avoid them.
KNOWN = frozenset(
    {
        *("schema", "plan", "areas", "actions"),
        *("title", "organisation", "inspectorate", "framework", "judgement", "inspected"),
        *("received", "published", "start", "next_inspection", "action_plan_due"),
        *("require_sign_off", "finding", "lead", "prefix", "measures", "name", "unit"),
        *("direction", "updated", "history", "baseline", "target", "current", "area"),
        *("status", "evidence", "log", "owner", "signed_off_by", "measure", "blocked_reason"),
        *("dropped_reason", "due", "created", "completed", "at", "by", "text", "field"),
        *("old", "new", "on", "value", "last_id"),
        # The v2 plan model's.
        *("ref", "theme", "sponsor", "boards", "subject", "timescale", "rag", "rag_reason"),
        *("baseline_due", "user"),
    }
)

_chars = st.characters(blacklist_categories=("Cs",))
# Optional text is absent or has something in it: a blank value reads as absent.
_text = st.text(_chars, min_size=1, max_size=60).filter(lambda value: value.strip() != "")
_long = st.text(_chars, min_size=200, max_size=1000).filter(lambda value: value.strip() != "")
_some_text = _text | _long
_dates = st.dates(min_value=EARLIEST, max_value=LATEST)  # the dates a plan can use
_any_dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
_offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
_moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=_offsets | st.just(UTC)
)
_numbers = st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False)
# A measure's figures are finite: a register refuses nan and inf there (a user's key keeps them).
_figures = st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
_scalars = st.one_of(
    st.text(_chars, max_size=30),
    st.booleans(),
    _numbers,
    _any_dates,  # the user's own keys may hold any TOML date
    _moments,
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),  # local
    st.times(),
)
_keys = st.text(_chars, max_size=12).filter(lambda key: key not in KNOWN)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=6,
)
_extra = st.dictionaries(_keys, _values, max_size=2)


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


@st.composite
def _measure(draw: st.DrawFn) -> Measure:
    return Measure(
        name=draw(_text),
        unit=draw(_maybe(_text)),
        baseline=draw(_maybe(_figures)),
        target=draw(_maybe(_figures)),
        current=draw(_maybe(_figures)),
        direction=draw(st.sampled_from(DIRECTIONS)),
        updated=draw(_maybe(_dates)),
        history=draw(st.lists(st.builds(Reading, _dates, _figures, _extra), max_size=3)),
        extra=draw(_extra),
    )


_log = st.builds(
    LogEntry,
    at=_moments,
    by=st.just("") | _text,
    text=st.just("") | _some_text,
    field=_maybe(_text),
    old=_maybe(_text),
    new=_maybe(_text),
    extra=_extra,
)


@st.composite
def rich_registers(draw: st.DrawFn) -> Register:
    keys = draw(
        st.lists(
            st.from_regex(r"[a-z0-9][a-z0-9-]{0,14}", fullmatch=True),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    areas: dict[str, Area] = {}
    for number, key in enumerate(keys):
        # An area may rely on the prefix derived from its key when no other area has it.
        taken = {area.id_prefix for area in areas.values()}
        derived = derive_prefix(key)
        own = None if derived not in taken and draw(st.booleans()) else f"Q{number}"
        areas[key] = Area(
            key=key,
            title=draw(_some_text),
            finding=draw(_maybe(_some_text)),
            lead=draw(_maybe(_text)),
            prefix=own,
            measures=draw(st.lists(_measure(), max_size=3)),
            extra=draw(_extra),
            last_id=draw(_maybe(st.integers(1, 999_999))),
        )
    if len({area.id_prefix for area in areas.values()}) < len(areas):
        assume(False)
    actions: dict[str, Action] = {}
    counters = dict.fromkeys(keys, 0)
    # Up to 12: Hypothesis gives up on a draw this rich past about ten actions (it runs out
    # of room), so larger counts were drawn in full, thrown away, and never tested.
    for _ in range(draw(st.integers(0, 12))):
        key = draw(st.sampled_from(keys))
        counters[key] += draw(st.integers(1, 3))
        status = draw(st.sampled_from(STATUSES))
        action = Action(
            id=f"{areas[key].id_prefix}-{counters[key]}",
            area=key,
            title=draw(_some_text),
            status=status,
            owner=draw(_maybe(_text)),
            due=draw(_maybe(_dates)),
            created=draw(_maybe(_dates)),
            completed=draw(_maybe(_dates)),
            signed_off_by=draw(_maybe(_text)),
            measure=draw(_maybe(_text)),
            evidence=draw(st.lists(st.text(_chars, max_size=40), max_size=3)),
            blocked_reason=draw(_text) if status == "blocked" else draw(_maybe(_text)),
            dropped_reason=draw(_maybe(_text)),
            log=draw(st.lists(_log, max_size=3)),
            extra=draw(_extra),
        )
        actions[action.id] = action
    inspected, next_inspection = draw(_maybe(_dates)), draw(_maybe(_dates))
    if inspected and next_inspection and next_inspection <= inspected:
        next_inspection = None
    plan = Plan(
        title=draw(_some_text),
        organisation=draw(_maybe(_text)),
        inspectorate=draw(_maybe(_text)),
        framework=draw(_maybe(_text)),
        judgement=draw(_maybe(_text)),
        inspected=inspected,
        received=draw(_maybe(_dates)),
        published=draw(_maybe(_dates)),
        start=draw(_maybe(_dates)),
        next_inspection=next_inspection,
        action_plan_due=draw(_maybe(_dates)),
        require_sign_off=draw(st.booleans()),
        extra=draw(_extra),
    )
    register = Register(plan=plan, areas=areas, actions=actions, extra=draw(_extra))
    register.sort_actions()
    return register


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rich_registers())
def test_any_register_survives_save_and_load_exactly(register: Register) -> None:
    text = dumps(register)
    again = parse(text, "fuzz")
    assert again == register
    assert dumps(again) == text  # saving is deterministic
    assert dumps(parse(text, "fuzz")) == text  # and so is loading


# --- the command line's parsers --------------------------------------------------------------

_digits = st.integers(0, 99999).map(str) | st.sampled_from(
    # Arabic-Indic and fullwidth digits, which a regex's \\d also matches.
    ["\u0662\u0660\u0662\u0667", "\uff12\uff10\uff12\uff17", "00", "0"]
)
_date_like = st.builds(
    lambda a, s1, b, s2, c, pad: f"{pad}{a}{s1}{b}{s2}{c}{pad}",
    _digits,
    st.sampled_from(["-", "/", ".", " ", ""]),
    _digits,
    st.sampled_from(["-", "/", ".", " ", ""]),
    _digits,
    st.sampled_from(["", " ", "\t", "\n"]),
)
_relative = st.builds(
    lambda sign, n, unit: f"{sign}{n}{unit}",
    st.sampled_from(["+", "-", "", "++"]),
    st.integers(0, 10**7),
    st.sampled_from(["d", "w", "D", "W", "m", "y", ""]),
)


@settings(max_examples=400)
@given(
    text=_date_like | _relative | st.text(max_size=30),
    as_of=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
def test_a_typed_date_is_a_date_or_a_usage_error(text: str, as_of: date) -> None:
    try:
        result = parse_date(text, as_of, what="--due")
    except UsageError as error:
        assert str(error).startswith("--due: ")
        assert "2027-03-31" in str(error)  # names a form that works
        return
    assert EARLIEST <= result <= LATEST
    if text.strip().startswith("+"):
        count = int(text.strip()[1:-1])
        assert result - as_of == timedelta(days=count * (7 if text.strip()[-1] in "wW" else 1))


@settings(max_examples=300)
@given(st.text(max_size=30) | st.from_regex(r"[-+]?[0-9,]{1,30}(\.[0-9]*)?(e[-+]?[0-9]{1,4})?%?"))
def test_a_typed_number_is_a_number_toml_can_hold_or_a_usage_error(text: str) -> None:
    try:
        number = parse_number(text, "VALUE")
    except UsageError as error:
        assert str(error).startswith("VALUE: expected a")
        return
    assert math.isfinite(number)
    if isinstance(number, int):
        assert -(2**63) <= number < 2**63  # TOML integers are 64-bit
    measure = Measure(name="m", current=number)
    register = Register(Plan(title="t"), {"a": Area("a", "A", measures=[measure])})
    assert parse(dumps(register), "fuzz").areas["a"].measures[0].current == number


_ids = st.from_regex(r"\s*[A-Za-z]{1,9}-?[0-9]{0,9}\s*", fullmatch=True)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ids | st.text(max_size=20))
def test_show_any_text_answers_or_refuses(invoke: Invoke, sample: Path, text: str) -> None:
    result = invoke("show", text)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.count("\n") <= 1 or result.stderr.startswith("Usage:")
        assert "Traceback" not in result.stderr


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    option=st.sampled_from(
        [
            ["--as-of", "{}", "status"],
            ["list", "--status", "{}"],
            ["list", "--area", "{}"],
            ["status", "--owner", "{}"],
            ["report", "--fail-on", "{}"],
            ["report", "-f", "{}"],
            ["report", "--since", "{}"],
            ["log", "{}"],
            ["measure", "list", "--area", "{}"],
            ["timeline", "--area", "{}"],
        ]
    ),
    text=_date_like | _relative | st.text(max_size=20),
)
def test_any_option_value_answers_or_refuses(
    invoke: Invoke, sample: Path, option: list[str], text: str
) -> None:
    result = invoke(*(text if part == "{}" else part for part in option))
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1e20", 1e20), ("12345678901234567890", 12345678901234567890.0), ("72", 72)],
)
def test_numbers_too_big_for_a_toml_integer_are_kept_as_floats(text: str, expected: float) -> None:
    number = parse_number(text)
    assert number == expected
    assert isinstance(number, int) == (abs(expected) < 2**63)


@given(
    start=_dates,
    window=st.integers(1, 84),
    completed=st.integers(1, 1000),
    remaining=st.integers(0, 10**6),
    inspection=_maybe(_dates),
)
def test_a_forecast_of_any_plan_can_be_said(
    start: date, window: int, completed: int, remaining: int, inspection: date | None
) -> None:
    result = Forecast(start, window, completed, completed + remaining, completed, remaining, None)
    result = replace(result, inspection=inspection)
    assert result.finish is None or result.finish >= start
    assert outlook(result).endswith(".")


# The edges of the calendar a plan can use, in the register and as the as-of date.
EDGES = [
    ("next_inspection", LATEST),
    ("received", LATEST),
    ("inspected", LATEST),
    ("start", EARLIEST),
    ("published", EARLIEST),
]
EDGE_COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["timeline", "--json"],  # the same figures as the chart, without drawing a thousand years
    ["report"],
    ["report", "-f", "json", "--since", "1900-01-01"],
    ["report", "-f", "html"],
    ["check"],
    ["list", "--overdue"],
]


@pytest.mark.parametrize("as_of", [EARLIEST, date(2026, 11, 27), LATEST], ids=str)
@pytest.mark.parametrize(("field", "day"), EDGES, ids=[field for field, _ in EDGES])
def test_the_edges_of_the_calendar_never_crash(
    invoke: Invoke, sample: Path, field: str, day: date, as_of: date
) -> None:
    text = sample.read_text()
    register = parse(text, "sample")
    setattr(register.plan, field, day)
    if field == "inspected":
        register.plan.next_inspection = None
    sample.write_text(dumps(register))
    for command in EDGE_COMMANDS:
        result = invoke("--as-of", as_of.isoformat(), *command)
        if "--since" in command and result.exit_code == 2:
            # Asking what changed since before the plan began is refused, in one line.
            assert result.stderr.count("\n") == 1 and "before the plan began" in result.stderr
            continue
        assert result.exit_code in (0, 1), (command, result.output)


@pytest.mark.parametrize("text", ["9999-12-31", "3000-01-01", "1899-12-31", "01/01/0001"])
def test_dates_past_the_edges_are_refused(invoke: Invoke, sample: Path, text: str) -> None:
    for command in (["--as-of", text, "status"], ["add", "assessments", "x", "--due", text]):
        result = invoke(*command)
        assert result.exit_code == 2
        assert "outside the dates a plan can use (1900-01-01 to 2999-12-31)" in result.stderr
