"""`report --format ics` read back with the `icalendar` package, and the plan's identity."""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from improvetrack.figures import report as reports
from improvetrack.files import store
from improvetrack.files.merge import merge
from improvetrack.model import identity
from improvetrack.model.changes import make_stamp
from improvetrack.model.register import Action
from improvetrack.model.text import safe
from improvetrack.render import formats
from improvetrack.render.formats import REPORT
from improvetrack.render.ics import fold
from improvetrack.render.output import Output
from tests.conftest import MINIMAL, SAMPLE, Invoke

PLAN_ID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"


def _calendar(
    invoke: Invoke, *args: str, path: str = "plan.ics"
) -> tuple[bytes, icalendar.Calendar]:
    result = invoke(*args, "report", "--format", "ics", "--output", path)
    assert result.exit_code == 0, result.output
    raw = Path(path).read_bytes()
    return raw, icalendar.Calendar.from_ical(raw)


def _events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "every UID is unique"
    return found


def _plan(extra: str = "", actions: str = "") -> str:
    """MINIMAL with an identity, two boards and whatever else the test adds to [plan]."""
    head, areas = MINIMAL.split("\n[areas.assessments]")
    plan = f'{head}id = "{PLAN_ID}"\nboards = [2026-10-29, 2026-12-10]\n{extra}'
    return f"{plan}\n[areas.assessments]{areas}{actions}"


ACTIONS = """
[actions.ASM-1]
area = "assessments"
title = "Open and dated"
owner = "Lead A"
status = "in-progress"
due = 2027-01-31

[actions.ASM-2]
area = "assessments"
title = "Done already"
owner = "Lead A"
status = "done"
due = 2026-10-01
completed = 2026-10-01

[actions.ASM-3]
area = "assessments"
title = "No date"
owner = "Lead B"

[actions.ASM-4]
area = "assessments"
title = "Dropped"
status = "dropped"
due = 2027-02-01
dropped_reason = "not needed"

[actions.ASM-5]
area = "assessments"
title = "Lead B's"
owner = "Lead B"
due = 2027-03-15
"""


def test_each_date_is_an_all_day_event_with_a_stable_uid(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(_plan(actions=ACTIONS))
    raw, calendar = _calendar(invoke)
    events = _events(calendar)
    assert sorted(events) == sorted(
        f"{kind}.{PLAN_ID}@improvetrack"
        for kind in (
            "board-2026-10-29",
            "board-2026-12-10",
            "inspection-2028-06-30",
            "action-ASM-1",
            "action-ASM-5",
        )
    )
    first = events[f"action-ASM-1.{PLAN_ID}@improvetrack"]
    assert first["SUMMARY"] == "ASM-1 due: Open and dated"
    assert first["DTSTART"].dt == date(2027, 1, 31) and first["DTEND"].dt == date(2027, 2, 1)
    assert first["DTSTAMP"].dt == datetime(2026, 11, 27, tzinfo=UTC)
    assert str(first["DESCRIPTION"]).splitlines() == [
        "Owner: Lead A",
        "Area: Assessments",
        "Status: in-progress",
        "RAG: GREEN",
    ]
    assert events[f"inspection-2028-06-30.{PLAN_ID}@improvetrack"]["SUMMARY"] == "Next inspection"
    # All-day dates, in a calendar a program can import.
    assert b"DTSTART;VALUE=DATE:20270131\r\n" in raw
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    # Every line ends in CRLF, and no line ends in a bare LF.
    assert raw.endswith(b"END:VCALENDAR\r\n") and raw.count(b"\n") == raw.count(b"\r\n")


def test_the_same_register_and_date_give_the_same_bytes(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(_plan(actions=ACTIONS))
    first, _ = _calendar(invoke, path="one.ics")
    second, _ = _calendar(invoke, path="two.ics")
    assert first == second
    later, _ = _calendar(invoke, "--as-of", "2026-12-01", path="later.ics")
    assert later != first and b"DTSTAMP:20261201T000000Z" in later


def test_boards_rounds_deadline_and_an_estimate(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    text = _plan(
        'inspectorate = "Ofsted"\nframework = "ILACS"\ninspected = 2026-06-12\n'
        "received = 2026-07-20\n\n[[plan.rounds]]\nopened = 2026-11-02\ndue = 2026-11-16\n"
        "\n[[plan.rounds]]\nopened = 2026-12-01\ndue = 2026-12-15\n"
    ).replace("next_inspection = 2028-06-30\n", "")
    write(text)
    _, calendar = _calendar(invoke)
    events = _events(calendar)
    estimate = events[f"inspection-2028-12-12.{PLAN_ID}@improvetrack"]
    assert estimate["SUMMARY"] == "Next inspection (estimate)"
    assert "2028-12-12 to 2029-12-12" in estimate["DESCRIPTION"]
    # The sample's date: 70 working days from 20 July 2026 (see test_inspection).
    deadline = events[f"action-plan-2026-10-27.{PLAN_ID}@improvetrack"]
    assert deadline["SUMMARY"] == "Written action plan due"
    assert deadline["DTSTART"].dt == date(2026, 10, 27)
    assert "70 working days from received 2026-07-20" in deadline["DESCRIPTION"]
    first_round = events[f"round-2026-11-02.{PLAN_ID}@improvetrack"]
    assert first_round["DTSTART"].dt == date(2026, 11, 16)
    assert f"round-2026-12-01.{PLAN_ID}@improvetrack" in events
    # Past boards stay: the calendar is a record as well as a plan.
    assert f"board-2026-10-29.{PLAN_ID}@improvetrack" in events


def test_a_date_the_plan_sets_is_shown_as_set(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write(_plan('inspectorate = "CQC"\naction_plan_due = 2027-01-15\n'))
    events = _events(_calendar(invoke)[1])
    deadline = events[f"action-plan-2027-01-15.{PLAN_ID}@improvetrack"]
    assert "plan.action_plan_due" in deadline["DESCRIPTION"]


def test_owner_and_area_filter_actions_only(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write(_plan(actions=ACTIONS))
    events = _events(_calendar(invoke, path="b.ics")[1])
    assert f"action-ASM-5.{PLAN_ID}@improvetrack" in events
    result = invoke("report", "--format", "ics", "--owner", "lead b", "--output", "mine.ics")
    assert result.exit_code == 0, result.output
    mine = _events(icalendar.Calendar.from_ical(Path("mine.ics").read_bytes()))
    assert sorted(uid.split(".")[0] for uid in mine) == [
        "action-ASM-5",
        "board-2026-10-29",
        "board-2026-12-10",
        "inspection-2028-06-30",
    ]
    result = invoke("report", "--format", "ics", "--area", "assessments", "--output", "a.ics")
    assert result.exit_code == 0, result.output
    assert len(icalendar.Calendar.from_ical(Path("a.ics").read_bytes()).walk("VEVENT")) == 5


HOSTILE = "Fix it\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:owned, really; yes\\no"


def test_register_text_adds_no_property_line_or_event(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    hostile = HOSTILE.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
    write(
        _plan(
            actions=f'\n[actions.ASM-1]\narea = "assessments"\ntitle = "{hostile}"\n'
            f'owner = "Ann, Head; of\\nQA"\ndue = 2027-01-31\n'
        ).replace('title = "Test plan"', 'title = "Plan\\nEND:VCALENDAR, again"')
    )
    raw, calendar = _calendar(invoke)
    events = calendar.walk("VEVENT")
    assert len(events) == 4  # two boards, the inspection and ASM-1: nothing more
    assert raw.split(b"\r\n").count(b"BEGIN:VEVENT") == 4
    assert [line for line in raw.split(b"\r\n") if line.startswith(b"END:V")] == [
        b"END:VEVENT"
    ] * 4 + [b"END:VCALENDAR"]
    action = next(event for event in events if event["UID"].startswith("action-ASM-1."))
    # Line breaks in a title become spaces (one line, as everywhere); the rest survives
    # escaped and reads back exactly.
    assert action["SUMMARY"] == (
        "ASM-1 due: Fix it END:VEVENT BEGIN:VEVENT SUMMARY:owned, really; yes\\no"
    )
    assert str(action["DESCRIPTION"]).splitlines()[0] == "Owner: Ann, Head; of QA"
    assert b"SUMMARY:owned\\, really\\; yes\\\\no" in raw.replace(b"\r\n ", b"")
    assert b"X-WR-CALNAME:Plan END:VCALENDAR\\, again\r\n" in raw


def test_long_utf8_text_folds_at_75_octets_on_character_boundaries(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    title = "Écrire " + "l\u2019évaluation 👩\u200d👧 de l\u2019enfant, " * 12
    write(
        _plan(
            actions=f'\n[actions.ASM-1]\narea = "assessments"\ntitle = "{title}"\n'
            'owner = "Ó Súilleabháin"\ndue = 2027-01-31\n'
        )
    )
    raw, calendar = _calendar(invoke)
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert sum(line.startswith(b" ") for line in lines) > 5
    for line in lines:
        line.decode("utf-8")  # each physical line is whole UTF-8: no character was split
    (action,) = [e for e in calendar.walk("VEVENT") if e["UID"].startswith("action-")]
    assert action["SUMMARY"] == f"ASM-1 due: {title}"
    assert "Owner: Ó Súilleabháin" in action["DESCRIPTION"]


@pytest.mark.parametrize("width", [1, 2, 3, 4])
def test_fold_never_splits_a_character(width: int) -> None:
    char = {1: "a", 2: "é", 3: "€", 4: "👩"}[width]
    for length in range(60, 100):
        line = "SUMMARY:" + char * length
        folded = fold(line)
        parts = folded.split(b"\r\n")
        assert all(len(part) <= 75 for part in parts)
        assert [part.decode("utf-8") for part in parts]
        assert b"".join(part[1:] if i else part for i, part in enumerate(parts)) == line.encode()


def test_a_calendar_is_not_written_to_a_terminal(
    invoke: Invoke, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Output, "is_terminal", property(lambda self: True))
    result = invoke("report", "--format", "ics")
    assert result.exit_code == 2
    assert result.stderr == "error: --format ics: write it to a file with --output FILE\n"
    assert not Path("FILE").exists()
    # To a pipe or a file it is written.
    monkeypatch.undo()
    piped = invoke("-r", str(SAMPLE), "report", "--format", "ics")
    assert piped.exit_code == 0 and piped.stdout.startswith("BEGIN:VCALENDAR")
    assert formats.check(REPORT, "ICS").name == "ics"


def test_the_sample_calendar(invoke: Invoke) -> None:
    register = store.read(SAMPLE).register
    _, calendar = _calendar(invoke, "-r", str(SAMPLE))
    events = _events(calendar)
    key = identity.key(register.plan)
    dated_open = [
        a.id for a in register.actions.values() if a.due and a.status not in ("done", "dropped")
    ]
    expected = len(dated_open) + len(register.plan.boards) + 2  # the inspection, the deadline
    assert len(events) == expected
    assert all(uid.endswith(f".{key}@improvetrack") for uid in events)
    assert {f"action-{action_id}.{key}@improvetrack" for action_id in dated_open} <= set(events)


# --- the plan's identity ----------------------------------------------------------------------


def test_an_older_register_gets_a_stable_derived_identity(tmp_path: Path) -> None:
    register = store.parse(MINIMAL, "minimal")
    assert register.plan.id is None
    derived = identity.key(register.plan)
    assert uuid.UUID(derived).version == 5
    # The same plan copied to another machine derives the same identity.
    assert identity.key(store.parse(MINIMAL, "elsewhere").plan) == derived
    renamed = store.parse(MINIMAL.replace("Test plan", "Other plan"), "renamed")
    assert identity.key(renamed.plan) != derived
    stamp = make_stamp(date(2026, 11, 27), True, "tester", "tester")
    given = identity.give(register, stamp)
    assert uuid.UUID(given).version == 4 and identity.key(register.plan) == given
    assert identity.give(register, stamp) == given  # written once
    assert [entry.field for entry in register.plan.log] == ["id"]
    path = tmp_path / "plan.toml"
    path.write_bytes(store.dumps(register).encode())
    assert store.read(path).register.plan.id == given


def test_a_bad_identity_is_refused(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write(MINIMAL.replace('title = "Test plan"', 'title = "Test plan"\nid = "x@evil\\r\\nUID:1"'))
    result = invoke("status")
    assert result.exit_code == 2
    assert "plan.id" in result.stderr and "not a UUID" in result.stderr


def test_merge_keeps_the_identity() -> None:
    base = store.parse(MINIMAL, "base")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    theirs.plan.id = PLAN_ID
    stamp = make_stamp(date(2026, 11, 27), True, "tester", "tester")
    assert merge(base, ours, theirs, stamp).register.plan.id == PLAN_ID
    ours.plan.id = str(uuid.uuid4())
    merged = merge(base, ours, theirs, stamp)
    assert merged.register.plan.id == ours.plan.id and not merged.conflicts


def test_a_uid_is_plain_ascii() -> None:
    raw = formats.render(reports.build(store.read(SAMPLE).register, date(2026, 11, 27)), "ics")
    assert isinstance(raw, bytes)
    uids = [a + b for a, b in re.findall(rb"^UID:(.*)\r\n(?: (.*)\r\n)?", raw, flags=re.M)]
    shape = re.compile(rb"[a-z-]+-[A-Z0-9-]+\.[0-9a-f-]{36}@improvetrack")
    assert uids and all(shape.fullmatch(uid) for uid in uids)


@settings(max_examples=150)
@given(title=st.text(min_size=1, max_size=300), owner=st.text(max_size=120))
def test_any_register_text_reads_back_as_itself(title: str, owner: str) -> None:
    register = store.parse(MINIMAL, "minimal")
    plan_title = title.strip() or "Plan"
    register.plan.title = plan_title
    register.actions["ASM-1"] = Action(
        id="ASM-1", area="assessments", title=title, owner=owner or None, due=date(2027, 1, 31)
    )
    raw = formats.render(reports.build(register, date(2026, 11, 27)), "ics")
    assert isinstance(raw, bytes)
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 and b"\r" not in line and b"\n" not in line for line in lines)
    assert lines.count(b"BEGIN:VEVENT") == 2  # the inspection and the action, nothing more
    (action,) = [
        e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT") if e["UID"].startswith("act")
    ]
    expected = "".join(ch for ch in safe(title) if ord(ch) >= 0x20 and ord(ch) != 0x7F)
    assert action["SUMMARY"] == f"ASM-1 due: {expected}"


def test_a_calendar_of_an_earlier_date_keeps_the_identity_given_later(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(MINIMAL)
    register = store.read(Path("improvetrack.toml")).register
    given = identity.give(register, make_stamp(date(2026, 11, 27), True, "tester", "tester"))
    Path("improvetrack.toml").write_text(store.dumps(register), encoding="utf-8")
    # Replayed to a day before the identity was written, the plan is still the same plan.
    _, calendar = _calendar(invoke, "--as-of", "2026-10-01")
    assert all(str(e["UID"]).endswith(f".{given}@improvetrack") for e in calendar.walk("VEVENT"))
    assert calendar.walk("VEVENT")
