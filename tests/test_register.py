"""The register model: validation with key paths, and faithful round trips."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvetrack.files.store import dumps, parse
from improvetrack.model.decode import from_document, key_typos
from improvetrack.model.encode import to_document
from improvetrack.model.register import (
    STATUSES,
    Action,
    Area,
    LogEntry,
    Plan,
    Register,
    derive_prefix,
)
from tests.conftest import MINIMAL, Invoke


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
        *(
            (
                f'[areas.other]\ntitle = "x"\nlast_id = {value}',
                "areas.other.last_id: expected a whole number from 1 to 999999 (the number "
                f"of the last action ID issued in this area), got {shown}",
            )
            for value, shown in (
                ('"7"', "text '7'"),
                ("0", "number 0"),
                ("-3", "number -3"),
                ("1000000", "number 1000000"),
                ("2.5", "number 2.5"),
                ("true", "boolean true"),
            )
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
        key: Area(
            key,
            draw(_text),
            draw(st.none() | _text),
            draw(st.none() | _text),
            f"P{i}",
            last_id=draw(st.none() | st.integers(1, 999_999)),
        )
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


# --- action IDs are never issued twice ------------------------------------------------------


def _without_table(text: str, header: str) -> str:
    """The text with one table and the tables inside it (its log) cut out, as a person
    deletes them in an editor."""
    name = header.strip("[]")
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            table = line.strip("[]\n")
            inside = table == name or table.startswith(name + ".")
        if not inside:
            kept.append(line)
    return "".join(kept)


def test_an_id_is_never_issued_again_after_its_action_is_deleted_by_hand(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    for title in ("One", "Two", "Three"):
        assert invoke("add", "assessments", title).exit_code == 0
    path.write_text(_without_table(path.read_text(), "[actions.ASM-3]"), encoding="utf-8")

    result = invoke("add", "assessments", "Four")

    assert result.stdout == "ASM-4\n", result.output
    written = tomllib.loads(path.read_text())
    assert list(written["actions"]) == ["ASM-1", "ASM-2", "ASM-4"]
    assert written["areas"]["assessments"]["last_id"] == 4


def test_a_register_without_the_counter_counts_from_its_actions() -> None:
    text = MINIMAL + "".join(
        f'\n[actions.ASM-{n}]\narea = "assessments"\ntitle = "t"\n' for n in (1, 5)
    )
    register = parse(text, "v1")
    area = register.areas["assessments"]
    assert area.last_id is None
    assert "last_id" not in tomllib.loads(dumps(register))["areas"]["assessments"]
    assert register.issue_id(area) == "ASM-6"
    assert area.last_id == 6
    # A counter behind the actions (an action added by hand) never holds the next ID back.
    area.last_id = 2
    assert register.next_id(area) == "ASM-6"
    area.last_id = 40
    assert register.next_id(area) == "ASM-41"


def _changed_lines(before: str, after: str) -> list[str]:
    import difflib

    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_the_counter_is_one_line_of_the_diff_an_add_makes(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    expected = [
        ["+last_id = 1"],
        ["-last_id = 1", "+last_id = 2"],
        ["-last_id = 2", "+last_id = 3"],
    ]
    for number, counter in enumerate(expected, start=1):
        before = path.read_text()
        assert invoke("add", "assessments", "Another").exit_code == 0
        # Beside the new action's own table, only the area's counter line changes.
        rest = _without_table(path.read_text(), f"[actions.ASM-{number}]")
        assert _changed_lines(before.rstrip(), rest.rstrip()) == counter


def test_an_import_does_not_reuse_the_id_of_a_deleted_action(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    for title in ("One", "Two"):
        invoke("add", "assessments", title)
    path.write_text(_without_table(path.read_text(), "[actions.ASM-2]"), encoding="utf-8")
    Path("plan.csv").write_text("Ref,Area,Action\r\nASM-2,Assessments,Something else\r\n")

    result = invoke("import", "plan.csv")

    assert result.exit_code == 0, result.output
    assert "Added ASM-3 (row 2, ref ASM-2" in result.stdout
    assert tomllib.loads(path.read_text())["areas"]["assessments"]["last_id"] == 3


# --- keys that look misspelt ------------------------------------------------------------------

TYPOS = (
    MINIMAL.replace("next_inspection", "next_inspecton").replace(
        'prefix = "ASM"', 'prefix = "SF"\nleed = "Head of Service"\nbudget = 12000'
    )
    + """
[[areas.assessments.measures]]
name = "Re-referrals"
baseline = 22
history = [{ on = 2026-10-01, value = 3, vlaue = 4 }]

[actions.SF-1]
area = "assessments"
title = "Rewrite the template"
onwer = "Team manager"
Status = "done"
notes = "our own column"
owner_email = "tm@example.org"
completed_by = "a column of our own too"
log = [{ at = 2026-08-10T09:30:00Z, by = "a", txt = "created" }]

[actions.SF-2]
area = "assessments"
title = "Audit"
owner = "Head of QA"
owners = "Head of QA, Team manager"
"""
)


def test_keys_close_to_a_known_one_are_reported_and_the_users_own_are_not() -> None:
    typos = key_typos(parse(TYPOS, "typos"))
    assert [str(typo) for typo in typos] == [
        "unknown key 'next_inspecton' in plan (did you mean 'next_inspection'?)",
        "unknown key 'leed' in areas.assessments (did you mean 'lead'?)",
        "unknown key 'onwer' in actions.SF-1 (did you mean 'owner'?)",
        "unknown key 'Status' in actions.SF-1 (did you mean 'status'?)",
        "unknown key 'txt' in actions.SF-1.log.0 (did you mean 'text'?)",
    ]
    assert typos[2].path == ("actions", "SF-1", "onwer")
    # A known key the table holds is not what a look-alike meant: `owners` is a column.
    assert not any("owners" in str(typo) for typo in typos)


def test_a_required_key_that_is_missing_names_its_look_alike() -> None:
    text = MINIMAL + '\n[actions.ASM-1]\narea = "assessments"\ntitel = "Rewrite"\n'
    assert _problems(text) == [
        "actions.ASM-1.title: missing; it is required (is 'titel' meant to be 'title'?)"
    ]
    assert _problems(MINIMAL.replace("title =", "Title =", 1)) == [
        "plan.title: missing; it is required (is 'Title' meant to be 'title'?)"
    ]
    reading = (
        '\n[[areas.assessments.measures]]\nname = "m"\nhistory = [{ on = 2026-10-01, valeu = 3 }]\n'
    )
    assert _problems(MINIMAL + reading) == [
        "areas.assessments.measures.0.history.0.value: missing; expected a number "
        "(is 'valeu' meant to be 'value'?)"
    ]
    entry = (
        '[actions.ASM-1]\narea = "assessments"\ntitle = "t"\nlog = [{ At = 2026-08-10T09:30:00Z }]'
    )
    assert _problems(f"{MINIMAL}\n{entry}\n")[0].endswith("nothing (is 'At' meant to be 'at'?)")


def test_a_register_without_unknown_keys_has_no_typos() -> None:
    from tests.conftest import SAMPLE

    assert key_typos(parse(SAMPLE.read_text(encoding="utf-8"), "sample")) == []


def test_check_and_every_command_say_where_a_key_looks_misspelt(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(TYPOS.replace(", txt", ", text"))
    lines = path.read_text().splitlines()
    onwer = lines.index('onwer = "Team manager"') + 1

    checked = invoke("check")

    assert (
        f"warning: {path}:{onwer}: actions.SF-1.onwer: unknown key (did you mean 'owner'?) "
        "[unknown-key]"
    ) in checked.stdout.splitlines()
    for command in (["status"], ["list", "--json"], ["add", "assessments", "New"]):
        result = invoke(*command)
        assert result.exit_code == 0, result.output
        warnings = result.stderr.splitlines()
        expected = "unknown key 'onwer' in actions.SF-1 (did you mean 'owner'?)"
        assert f"warning: {path}:{onwer}: {expected}" in warnings, warnings
        assert len(warnings) == 4 and not any("budget" in line for line in warnings), warnings
