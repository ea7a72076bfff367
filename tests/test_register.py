"""The register model: validation with key paths, and faithful round trips."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvetrack.register import (
    STATUSES,
    Action,
    Area,
    LogEntry,
    Plan,
    Register,
    derive_prefix,
    from_document,
    to_document,
)
from improvetrack.store import dumps, parse
from tests.conftest import MINIMAL


def _problems(text: str) -> list[str]:
    register, problems = from_document(tomllib.loads(text))
    assert register is None
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('[actions.ASM-1]\narea = "nowhere"\ntitle = "x"', "actions.ASM-1.area: no area 'nowhere'"),
        (
            '[actions.ASM-1]\narea = "assessments"\ntitle = "x"\nstatus = "finished"',
            "actions.ASM-1.status: unknown status 'finished'",
        ),
        (
            '[actions.asm1]\narea = "assessments"\ntitle = "x"',
            "actions.asm1: action IDs look like PREFIX-N",
        ),
        (
            '[actions.ASM-1]\narea = "assessments"\ntitle = "x"\nstatus = "blocked"',
            "actions.ASM-1.blocked_reason: required while the status is blocked",
        ),
        ('[actions.ASM-1]\narea = "assessments"', "actions.ASM-1.title: missing; it is required"),
        (
            '[actions.ASM-1]\narea = "assessments"\ntitle = "x"\ndue = 2027-01-01T10:00:00',
            "actions.ASM-1.due: expected a date like 2027-03-31",
        ),
        ('[actions.ASM-1]\narea = "assessments"\ntitle = 3', "actions.ASM-1.title: expected text"),
        (
            '[actions.ASM-1]\narea = "assessments"\ntitle = "x"\nevidence = [1]',
            "actions.ASM-1.evidence: expected a list of text",
        ),
        (
            '[actions.ASM-1]\narea = "assessments"\ntitle = "x"\n'
            'log = [{at = 2026-01-01T10:00:00, by = "a", text = "b"}]',
            "actions.ASM-1.log.0.at: expected a date-time with an offset",
        ),
        ('[areas.Bad]\ntitle = "x"', "areas.Bad: area keys use lowercase letters"),
        (
            '[areas.other]\ntitle = "x"\nprefix = "ASM"',
            "areas.other.prefix: 'ASM' is already the prefix",
        ),
        (
            '[areas.other]\ntitle = "x"\nprefix = "a-b"',
            "areas.other.prefix: expected 1-8 capital letters",
        ),
    ],
)
def test_each_broken_rule_is_named_by_its_key_path(extra: str, expected: str) -> None:
    problems = _problems(MINIMAL + "\n" + extra + "\n")
    assert any(problem.startswith(expected) for problem in problems), problems


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = MINIMAL + '\n[actions.ASM-1]\narea = "x"\ntitle = "t"\nstatus = "late"\ndue = "soon"\n'
    assert len(_problems(text)) == 3


def test_plan_rules() -> None:
    assert _problems("schema = 1\n[plan]\n") == ["plan.title: missing; it is required"]
    assert _problems('schema = 2\n[plan]\ntitle = "x"\n')[0].startswith(
        "schema: is 2: written by a newer"
    )
    assert _problems("")[0].startswith("plan: missing")
    text = '[plan]\ntitle = "x"\ninspected = 2026-06-12\nnext_inspection = 2026-01-01\n'
    assert _problems(text)[0].startswith("plan.next_inspection: 2026-01-01 is not after")


def test_unknown_keys_survive_a_rewrite() -> None:
    text = (
        MINIMAL.replace('title = "Test plan"', 'title = "Test plan"\nboard = "Improvement board"')
        + 'colour = "teal"\n\n[actions.ASM-1]\narea = "assessments"\ntitle = "x"\n'
        "cost_code = 4410\n"
        'log = [{at = 2026-01-01T10:00:00Z, by = "a", text = "b", ticket = "T-9"}]\n'
        "\n[custom]\nanything = [1, 2]\n"
    )
    again = tomllib.loads(dumps(parse(text, "test")))
    assert again["plan"]["board"] == "Improvement board"
    assert again["areas"]["assessments"]["colour"] == "teal"
    assert again["actions"]["ASM-1"]["cost_code"] == 4410
    assert again["actions"]["ASM-1"]["log"][0]["ticket"] == "T-9"
    assert again["custom"] == {"anything": [1, 2]}


def test_actions_are_written_in_natural_id_order() -> None:
    register = parse(MINIMAL, "test")
    for number in (10, 2, 1):
        register.actions[f"ASM-{number}"] = Action(f"ASM-{number}", "assessments", "x")
    assert list(to_document(register)["actions"]) == ["ASM-1", "ASM-2", "ASM-10"]
    assert register.next_id(register.areas["assessments"]) == "ASM-11"


@pytest.mark.parametrize(
    ("key", "prefix"),
    [
        ("assessments", "ASM"),
        ("transitions", "TRN"),
        ("care-leavers", "CL"),
        ("a", "A"),
        ("9lives", "A9LV"),
    ],
)
def test_derived_prefixes(key: str, prefix: str) -> None:
    assert derive_prefix(key) == prefix


# --- round trips -----------------------------------------------------------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda value: value.strip() != "")
_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
_moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=1))]),
).map(lambda moment: moment.replace(microsecond=0))
_logs = st.lists(
    st.builds(
        LogEntry,
        at=_moments,
        by=_text,
        text=_text,
        field=st.none() | _text,
        old=st.none() | _text,
        new=st.none() | _text,
    ),
    max_size=3,
)


@st.composite
def registers(draw: st.DrawFn) -> Register:
    keys = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    areas = {
        key: Area(key, draw(_text), draw(st.none() | _text), draw(st.none() | _text), f"P{i}")
        for i, key in enumerate(keys)
    }
    actions: dict[str, Action] = {}
    for number in range(draw(st.integers(0, 12))):
        index = draw(st.integers(0, len(keys) - 1))
        status = draw(st.sampled_from(STATUSES))
        action = Action(
            id=f"P{index}-{number + 1}",
            area=keys[index],
            title=draw(_text),
            status=status,
            owner=draw(st.none() | _text),
            due=draw(st.none() | _dates),
            created=draw(st.none() | _dates),
            measure=draw(st.none() | _text),
            evidence=draw(st.lists(_text, max_size=2)),
            blocked_reason=draw(_text) if status == "blocked" else None,
            log=draw(_logs),
        )
        actions[action.id] = action
    plan = Plan(
        title=draw(_text),
        organisation=draw(st.none() | _text),
        next_inspection=draw(st.none() | _dates),
        require_sign_off=draw(st.booleans()),
    )
    register = Register(plan=plan, areas=areas, actions=actions)
    register.sort_actions()
    return register


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(registers())
def test_load_save_load_is_the_identity(register: Register) -> None:
    text = dumps(register)
    again = parse(text, "test")
    assert again == register
    assert dumps(again) == text  # saving is deterministic


def test_the_writer_emits_plain_toml() -> None:
    register = parse(MINIMAL, "test")
    assert tomllib.loads(tomli_w.dumps(to_document(register)))["plan"]["title"] == "Test plan"
