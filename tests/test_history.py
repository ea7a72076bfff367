"""History you can replay: the plan as it stood at the end of a day, and what changed.

A scripted month of commands, each run on its own pinned date, drives a small register:

| day   | commands                                                                          |
|-------|-----------------------------------------------------------------------------------|
| 11-02 | add SAF-1 (Deputy, due 11-20), SAF-2 (Manager, due 12-18), CAR-1 (Lead, due 11-13)  |
| 11-05 | start SAF-1; CAR-1 owner → Nurse lead, lead reports GREEN; start CAR-1             |
| 11-10 | SAF-2 due → 2027-01-15 (slips 28 days); block CAR-1                                |
| 11-12 | done SAF-1; add CAR-2 (Lead, due 11-25)                                            |
| 11-16 | SAF-2 lead reports AMBER; the board rebaselines SAF-2 (its baseline → 01-15)       |
| 11-20 | start CAR-1 (unblocked); a progress update on CAR-1                                |
| 11-24 | CAR-1's owner edited by hand in the file to "Ward manager" (not logged)            |
| 11-27 | done CAR-1                                                                         |

Worked by hand (RAG rules of the SPEC; the next inspection is 2027-06-30), the plan as
it stood at the end of five days:

| as of | SAF-1 | SAF-2         | CAR-1       | CAR-2 | n | done | late | blkd | prog | plan |
|-------|-------|---------------|-------------|-------|---|------|------|------|------|------|
| 11-03 | GREEN | GREEN         | AMBER (1)   | —     | 3 | 0    | 0    | 0    | 0    | 0    |
| 11-11 | GREEN | AMBER slipped | RED blocked | —     | 3 | 0    | 0    | 1    | 0    | 0    |
| 11-14 | BLUE  | AMBER slipped | RED (2)     | AMBER | 4 | 1    | 1    | 1    | 0.25 | 0.25 |
| 11-21 | BLUE  | GREEN (3)     | RED overdue | AMBER | 4 | 1    | 1    | 0    | 0.25 | 0.5  |
| 11-27 | BLUE  | GREEN (3)     | BLUE        | RED   | 4 | 2    | 1    | 0    | 0.5  | 0.75 |

n: actions; late: overdue; blkd: blocked; prog: progress; plan: planned (fractions).
(1) not started and due within 14 days. (2) blocked and overdue. (3) rebaselined, so no
longer slipped; its lead still reports AMBER. Planned counts the agreed (baseline) due
dates on or before the day: CAR-1 (11-13); then SAF-1 (11-20); then CAR-2 (11-25).

CAR-1's owner was edited by hand, so the log cannot say who owned it before 11-24: every
replay before the last change names CAR-1 as history incomplete and uses the current
owner ("Ward manager") from 11-05, when the log's owner change was made; before that the
log's old value ("Lead") stands. On 11-27 the register is as the file holds it.

From 11-03 to 11-21: SAF-1 GREEN → BLUE (improved), CAR-1 AMBER → RED (worse); the
lead's RAG of CAR-1 none → GREEN and of SAF-2 none → AMBER (new); SAF-1 completed; CAR-2
added; SAF-2's due date moved from 18 December 2026 to 15 January 2027 (+28 days); one
progress update (CAR-1, 20 November 2026); safety 0% → 50% and GREEN → GREEN, care
0% → 0% and AMBER → RED; "Was 0% done with 0 overdue on 3 November 2026; now 25% done
with 1 overdue."
"""

from __future__ import annotations

import csv
import io
import json
import re
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvetrack.errors import InvalidChange
from improvetrack.figures.history import replay
from improvetrack.figures.progress import compute
from improvetrack.files import store
from improvetrack.model import changes
from improvetrack.model.changes import Stamp
from improvetrack.model.encode import to_document
from improvetrack.model.register import Action, Register
from tests.conftest import SAMPLE, Invoke

START = """\
schema = 1

[plan]
title = "Care home improvement plan"
inspectorate = "CQC"
next_inspection = 2027-06-30
start = 2026-11-01

[areas.safety]
title = "Safe care"
prefix = "SAF"

[areas.care]
title = "Person-centred care"
prefix = "CAR"
"""

SCRIPT: list[tuple[str, list[list[str]]]] = [
    (
        "2026-11-02",
        [
            ["add", "safety", "Audit medicines", "--owner", "Deputy", "--due", "2026-11-20"],
            ["add", "safety", "Train night staff", "--owner", "Manager", "--due", "2026-12-18"],
            ["add", "care", "Review care plans", "--owner", "Lead", "--due", "2026-11-13"],
        ],
    ),
    (
        "2026-11-05",
        [
            ["start", "SAF-1"],
            ["update", "CAR-1", "--owner", "Nurse lead", "--rag", "green"],
            ["start", "CAR-1"],
        ],
    ),
    (
        "2026-11-10",
        [
            ["update", "SAF-2", "--due", "2027-01-15"],
            ["block", "CAR-1", "--reason", "Waiting for the GP practice"],
        ],
    ),
    (
        "2026-11-12",
        [
            ["done", "SAF-1"],
            ["add", "care", "Family feedback survey", "--owner", "Lead", "--due", "2026-11-25"],
        ],
    ),
    (
        "2026-11-16",
        [
            ["update", "SAF-2", "--rag", "amber", "--reason", "Trainer booked for January"],
            ["rebaseline", "SAF-2", "--reason", "Board agreed January"],
        ],
    ),
    ("2026-11-20", [["start", "CAR-1"], ["update", "CAR-1", "--progress", "GP practice replied"]]),
    ("2026-11-27", [["done", "CAR-1"]]),
]

# (as of, {id: (status, computed RAG)}, (actions, done, overdue, blocked, progress, planned))
EXPECTED = [
    (
        "2026-11-03",
        {
            "SAF-1": ("not-started", "green"),
            "SAF-2": ("not-started", "green"),
            "CAR-1": ("not-started", "amber"),
        },
        (3, 0, 0, 0, 0.0, 0.0),
    ),
    (
        "2026-11-11",
        {
            "SAF-1": ("in-progress", "green"),
            "SAF-2": ("not-started", "amber"),
            "CAR-1": ("blocked", "red"),
        },
        (3, 0, 0, 1, 0.0, 0.0),
    ),
    (
        "2026-11-14",
        {
            "SAF-1": ("done", "blue"),
            "SAF-2": ("not-started", "amber"),
            "CAR-1": ("blocked", "red"),
            "CAR-2": ("not-started", "amber"),
        },
        (4, 1, 1, 1, 0.25, 0.25),
    ),
    (
        "2026-11-21",
        {
            "SAF-1": ("done", "blue"),
            "SAF-2": ("not-started", "green"),
            "CAR-1": ("in-progress", "red"),
            "CAR-2": ("not-started", "amber"),
        },
        (4, 1, 1, 0, 0.25, 0.5),
    ),
    (
        "2026-11-27",
        {
            "SAF-1": ("done", "blue"),
            "SAF-2": ("not-started", "green"),
            "CAR-1": ("done", "blue"),
            "CAR-2": ("not-started", "red"),
        },
        (4, 2, 1, 0, 0.5, 0.75),
    ),
]


@pytest.fixture(scope="module")
def scripted() -> dict[str, str]:
    """The month's register text, kept once scripted for the module's other tests."""
    return {}


@pytest.fixture
def month(invoke: Invoke, write: ..., scripted: dict[str, str]) -> Path:  # type: ignore[valid-type]
    """The register after the scripted month, with its one hand edit.

    Scripted by the first test that asks (some twenty commands); the rest start from a
    copy of what it left, the same text, as every date and the user are pinned.
    """
    if "text" in scripted:
        copy: Path = write(scripted["text"])
        return copy
    path: Path = write(START)
    for day, commands in SCRIPT:
        if day == "2026-11-27":
            text = path.read_text(encoding="utf-8")
            edited = text.replace('owner = "Nurse lead"', 'owner = "Ward manager"', 1)
            assert edited != text
            path.write_text(edited, encoding="utf-8")
        for command in commands:
            result = invoke("--as-of", day, *command)
            assert result.exit_code == 0, (command, result.output)
    scripted["text"] = path.read_text(encoding="utf-8")
    return path


def status_json(invoke: Invoke, day: str) -> dict[str, object]:
    result = invoke("--as-of", day, "status", "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(("day", "actions", "totals"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_status_as_it_stood(
    month: Path,
    invoke: Invoke,
    day: str,
    actions: dict[str, tuple[str, str]],
    totals: tuple[int, int, int, int, float, float],
) -> None:
    data = status_json(invoke, day)
    found = {a["id"]: (a["status"], a["rag"]) for a in data["actions"]}  # type: ignore[attr-defined]
    assert found == actions
    t = data["totals"]
    got = (t["actions"], t["done"], t["overdue"], t["blocked"], t["progress"], t["planned"])  # type: ignore[index]
    assert got == totals
    if day == "2026-11-27":
        assert data["history_complete"] is True
    else:
        assert data["history_complete"] is False
        assert data["history_incomplete"] == ["CAR-1"]


def test_replayed_owner_follows_the_log_and_then_the_file(month: Path, invoke: Invoke) -> None:
    """Before the logged owner change the log's old value stands; after it the current
    (hand-edited) value, since the log cannot say when the hand edit was made."""
    owners = {}
    for day in ("2026-11-03", "2026-11-11"):
        data = status_json(invoke, day)
        owners[day] = {a["id"]: a["owner"] for a in data["actions"]}["CAR-1"]  # type: ignore[attr-defined]
    assert owners == {"2026-11-03": "Lead", "2026-11-11": "Ward manager"}


def test_status_screen_says_history_is_incomplete(month: Path, invoke: Invoke) -> None:
    result = invoke("--as-of", "2026-11-14", "status")
    assert "History incomplete for 1 action (CAR-1)" in result.stdout
    assert "History incomplete" not in invoke("--as-of", "2026-11-27", "status").stdout
    checked = invoke("--as-of", "2026-11-27", "check")
    assert "CAR-1" in checked.output and "history-incomplete" in checked.output


def test_status_as_of_before_an_action_existed_leaves_it_out(month: Path, invoke: Invoke) -> None:
    result = invoke("--as-of", "2026-11-11", "show", "CAR-2")
    assert result.exit_code == 2
    assert "CAR-2" in result.stderr and "2026-11-12" in result.stderr


SINCE = ("--as-of", "2026-11-21", "report", "--since", "2026-11-03")
HEADLINE = "Was 0% done with 0 overdue on 3 November 2026; now 25% done with 1 overdue."


def test_report_since_json(month: Path, invoke: Invoke) -> None:
    result = invoke(*SINCE, "--format", "json")
    assert result.exit_code == 0, result.output
    changed = json.loads(result.stdout)["changes"]
    assert changed["since"] == "2026-11-03" and changed["board"] is False
    assert changed["headline"] == HEADLINE
    assert changed["history_complete"] is False
    assert changed["rag_moves"] == [
        {"id": "CAR-1", "then": "amber", "now": "red", "direction": "worse"},
        {"id": "SAF-1", "then": "green", "now": "blue", "direction": "improved"},
    ]
    assert changed["reported_rag_moves"] == [
        {"id": "SAF-2", "then": None, "now": "amber", "direction": "new"},
        {"id": "CAR-1", "then": None, "now": "green", "direction": "new"},
    ]
    assert changed["completed"] == ["SAF-1"]
    assert changed["added"] == ["CAR-2"]
    assert changed["dropped"] == changed["blocked"] == changed["unblocked"] == []
    assert changed["slipped"] == [
        {"id": "SAF-2", "old": "2026-12-18", "new": "2027-01-15", "days": 28}
    ]
    assert changed["updates"] == [
        {"id": "CAR-1", "on": "2026-11-20", "by": "tester", "text": "GP practice replied"}
    ]
    assert [
        (a["key"], a["progress_then"], a["progress_now"], a["rag_then"], a["rag_now"])
        for a in changed["areas"]
    ] == [("safety", 0.0, 0.5, "green", "green"), ("care", 0.0, 0.0, "amber", "red")]


def test_report_since_markdown(month: Path, invoke: Invoke) -> None:
    text = invoke(*SINCE, "--format", "markdown").stdout
    since = text[text.index("## Since 3 November 2026") :]
    assert HEADLINE in since
    assert "| Safe care | ▲ improved: 0% → 50% | same: GREEN → GREEN |" in since
    assert "| Person-centred care | same: 0% → 0% | ▼ worse: AMBER → RED |" in since
    assert re.search(r"\| CAR-1 \|.*\| ▼ worse: AMBER → RED \|", since)
    assert re.search(r"\| SAF-1 \|.*\| ▲ improved: GREEN → BLUE \|", since)
    assert re.search(r"\| SAF-2 \|.*\| new: none → AMBER \|", since)
    assert "18 December 2026 → 15 January 2027 (+28 days)" in since
    assert "20 November 2026: GP practice replied" in since


def test_report_since_text(month: Path, invoke: Invoke) -> None:
    text = invoke(*SINCE).stdout
    since = text[text.index("Since 3 November 2026") :]
    assert HEADLINE in " ".join(since.split())
    assert "progress ▲ improved: 0% → 50% · RAG same: GREEN → GREEN" in since
    assert "RAG then → now: ▼ worse: AMBER → RED" in since
    assert "Completed (1)" in since and "Added (1)" in since


def test_report_since_html(month: Path, invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "board.html"
    assert invoke(*SINCE, "--format", "html", "--output", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    since = page[page.index(">Since 3 November 2026<") :]
    assert HEADLINE in since
    # The arrow is for the eye; the word, which a screen reader says, is always there.
    worse = '<span class="move worse" aria-hidden="true">▼</span> worse: '
    improved = '<span class="move improved" aria-hidden="true">▲</span> improved: '
    assert worse + '<span class="nowrap">AMBER → RED</span>' in since
    assert improved + '<span class="nowrap">0% → 50%</span>' in since


def test_report_since_csv(month: Path, invoke: Invoke) -> None:
    text = invoke(*SINCE, "--format", "csv").stdout.lstrip("\ufeff")
    rows = {row["ID"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["CAR-1"]["RAG then"] == "AMBER" and rows["CAR-1"]["RAG change"] == "worse"
    assert rows["SAF-1"]["RAG change"] == "improved"
    assert rows["SAF-2"]["RAG change"] == "same"
    assert rows["CAR-2"]["RAG then"] == "" and rows["CAR-2"]["RAG change"] == "added"


def test_report_since_junit(month: Path, invoke: Invoke) -> None:
    root = ElementTree.fromstring(invoke(*SINCE, "--format", "junit").stdout)
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    props = {p.get("name"): p.get("value") for p in suites["Person-centred care"].iter("property")}
    assert props["since"] == "2026-11-03"
    assert props["rag_then"] == "amber" and props["rag_now"] == "red"
    cases = {case.get("name", "").split()[0]: case for case in root.iter("testcase")}
    assert cases["CAR-1"].findtext("system-out") == "RAG since 2026-11-03: worse: AMBER → RED"


def test_status_since_compact(month: Path, invoke: Invoke) -> None:
    text = invoke("--as-of", "2026-11-21", "status", "--since", "2026-11-03").stdout
    assert HEADLINE in " ".join(text.split())
    assert "RAG since" in text and "▼ worse" in text
    tail = " ".join(text[text.index("Since 3 November 2026:") :].split())
    assert tail.startswith(
        "Since 3 November 2026: 1 RAG worse, 1 RAG improved, 1 action completed, 1 added, "
        "1 due later, 2 leads' RAGs changed, 1 progress update."
    )


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2026-11-21", "report", "--since", "2026-11-25"), "is after the as-of date"),
        (("--as-of", "2026-11-21", "report", "--since", "2026-10-01"), "before the plan began"),
        (("--as-of", "2026-11-21", "report", "--since", "last-board"), "plan set --board"),
        (("--as-of", "2026-11-21", "status", "--since", "last-board"), "plan set --board"),
        (("--as-of", "2026-11-21", "report", "--since", "yesterday-ish"), "--since"),
    ],
)
def test_since_refuses_bad_dates(
    month: Path, invoke: Invoke, args: tuple[str, ...], message: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_last_board_names_the_board(month: Path, invoke: Invoke) -> None:
    assert invoke("--as-of", "2026-11-21", "plan", "set", "--board", "2026-11-11").exit_code == 0
    assert invoke("--as-of", "2026-11-21", "plan", "set", "--board", "2026-12-17").exit_code == 0
    data = json.loads(invoke(*SINCE[:3], "--since", "last-board", "--format", "json").stdout)
    assert data["changes"]["since"] == "2026-11-11" and data["changes"]["board"] is True
    shown = invoke("--as-of", "2026-11-21", "plan", "show").stdout
    assert "17 December 2026" in shown or "2026-12-17" in shown


ONE_ACTION = """\
schema = 1

[plan]
title = "Plan"
next_inspection = 2027-06-30

[areas.safety]
title = "Safe care"
prefix = "SAF"

[actions.SAF-1]
area = "safety"
title = "Audit medicines"
owner = "Deputy"
status = "in-progress"
due = 2026-12-20
created = 2026-11-01
{log}
"""


def entry(at: str, field: str, old: str, new: str) -> str:
    return (
        f'\n[[actions.SAF-1.log]]\nat = {at}\nby = "Deputy"\ntext = "{field}: changed"\n'
        f'field = "{field}"\nold = {old}\nnew = {new}\n'
    )


@pytest.mark.parametrize(
    ("log", "why"),
    [
        # An old value of the wrong type: a due date that is a number.
        (entry("2026-11-10T09:00:00Z", "due", "42", "2026-12-20"), "due"),
        # A field the action does not have.
        (entry("2026-11-10T09:00:00Z", "colour", '"red"', '"blue"'), "colour"),
    ],
    ids=["wrong-type-old", "unknown-field"],
)
def test_a_log_it_cannot_replay_is_named_not_guessed(
    write: ...,
    invoke: Invoke,
    log: str,
    why: str,  # type: ignore[valid-type]
) -> None:
    write(ONE_ACTION.format(log=log))
    data = status_json(invoke, "2026-11-05")
    assert data["history_complete"] is False and data["history_incomplete"] == ["SAF-1"]
    # The figures still come from what the file holds; nothing is made up.
    assert data["actions"][0]["due"] == "2026-12-20"  # type: ignore[index]
    checked = invoke("--as-of", "2026-11-27", "check")
    assert "SAF-1" in checked.output and why in checked.output


def test_log_out_of_order_replays_by_instant(write: ..., invoke: Invoke) -> None:  # type: ignore[valid-type]
    """Entries listed out of order (a merge, a hand edit) replay by when they happened."""
    log = entry("2026-11-20T09:00:00Z", "due", "2026-12-10", "2026-12-20") + entry(
        "2026-11-10T09:00:00Z", "due", "2026-11-30", "2026-12-10"
    )
    write(ONE_ACTION.format(log=log))
    dues = {
        day: status_json(invoke, day)["actions"][0]["due"]
        for day in ("2026-11-05", "2026-11-15", "2026-11-25")
    }  # type: ignore[index]
    assert dues == {
        "2026-11-05": "2026-11-30",
        "2026-11-15": "2026-12-10",
        "2026-11-25": "2026-12-20",
    }


def test_log_in_another_offset_compares_instants(write: ..., invoke: Invoke) -> None:  # type: ignore[valid-type]
    """23:30 on 10 November in New York is 04:30 on the 11th in UTC: the change was made
    after the end of the 10th (UTC), so the plan as it stood on the 10th is before it."""
    log = entry("2026-11-10T23:30:00-05:00", "due", "2026-11-30", "2026-12-20")
    write(ONE_ACTION.format(log=log))
    assert status_json(invoke, "2026-11-10")["actions"][0]["due"] == "2026-11-30"  # type: ignore[index]
    assert status_json(invoke, "2026-11-11")["actions"][0]["due"] == "2026-12-20"  # type: ignore[index]


# --- property: replaying to step k gives the file step k left ----------------------------

STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                *("start", "block", "done", "drop", "due", "owner", "title", "rag"),
                *("progress", "evidence", "rebaseline", "add"),
            ]
        ),
        st.integers(min_value=0, max_value=3),
        st.integers(min_value=1, max_value=60),
    ),
    min_size=1,
    max_size=12,
)


def _apply(register: Register, step: tuple[str, int, int], day: date) -> None:
    from datetime import UTC, datetime, time, timedelta

    kind, which, n = step
    stamp = Stamp(by="Lead", at=datetime.combine(day, time(9), tzinfo=UTC), today=day)
    ids = sorted(register.actions)
    if kind == "add" or not ids:
        changes.add_action(
            register, "safety", f"Action {n}", stamp, owner="Lead", due=day + timedelta(days=n)
        )
        return
    action = register.actions[ids[which % len(ids)]]
    if not action.is_open:
        return
    with suppress(InvalidChange):  # refused (already in that status): nothing changed
        _change(register, action, kind, n, day, stamp)


def _change(register: Register, action: Action, kind: str, n: int, day: date, stamp: Stamp) -> None:
    from datetime import timedelta

    if kind == "start":
        changes.set_status(register, action.id, "in-progress", stamp)
    elif kind == "block":
        changes.set_status(register, action.id, "blocked", stamp, reason=f"waiting {n}")
    elif kind == "done":
        changes.set_status(register, action.id, "done", stamp)
    elif kind == "drop":
        changes.set_status(register, action.id, "dropped", stamp, reason=f"merged {n}")
    elif kind == "title":
        changes.set_field(action, "title", f"Action {n} (renamed)", stamp)
    elif kind == "evidence":
        changes.add_evidence(action, f"https://example.org/{n}", stamp)
    elif kind == "rebaseline":
        changes.rebaseline(register, [action.id], "board agreed", stamp)
    elif kind == "due":
        changes.set_field(action, "due", day + timedelta(days=n), stamp)
    elif kind == "owner":
        changes.set_field(action, "owner", f"Owner {n}", stamp)
    elif kind == "rag":
        changes.set_rag(action, "green" if n % 2 else "red", f"because {n}", stamp)
    else:
        changes.add_progress(action, f"update {n}", day, stamp)


def _as_data(register: Register) -> dict[str, Any]:
    data = to_document(register)
    for area in data.get("areas", {}).values():
        area.pop("last_id", None)  # an ID counter, never given back
    return data


@given(STEPS)
def test_replay_to_step_k_gives_the_file_step_k_left(steps: list[tuple[str, int, int]]) -> None:
    from datetime import timedelta

    register = store.parse(START, "test")
    snapshots = []
    for k, step in enumerate(steps):
        day = date(2026, 11, 2) + timedelta(days=k)
        _apply(register, step, day)
        snapshots.append((day, store.dumps(register)))
    for day, text in snapshots:
        replayed = replay(register, day).register
        then = store.parse(text, "test")
        assert _as_data(replayed) == _as_data(then), day
        assert compute(replayed, day).totals == compute(then, day).totals


def test_a_rag_and_its_reason_read_once_and_are_both_kept(
    invoke: Invoke,
    write: ...,  # type: ignore[valid-type]
) -> None:
    write(ONE_ACTION.format(log=""))
    result = invoke("update", "SAF-1", "--rag", "amber", "--reason", "Pharmacy short-staffed")
    assert result.stdout == "SAF-1: reported RAG: (none) → amber (Pharmacy short-staffed)\n"
    shown = invoke("log", "SAF-1").stdout
    assert shown.count("Pharmacy") == 1 and "RAG reason" not in shown
    logged = json.loads(invoke("log", "SAF-1", "--json").stdout)
    assert [entry["field"] for entry in logged] == ["rag", "rag_reason"]
    # A new reason for the same RAG is news, and is shown.
    result = invoke("update", "SAF-1", "--rag", "amber", "--reason", "Agency pharmacist booked")
    assert result.stdout == "SAF-1: RAG reason: Agency pharmacist booked\n"


# --- logs a person edited: what the replay cannot undo is named, never a crash ---------------

_STATUS_CHANGE = (
    'text = "status: not-started → in-progress"\nfield = "status"\n'
    'old = "not-started"\nnew = "in-progress"\n'
)


def _edited_sample(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    # ASM-2's second log entry is its start; the first entry of each action is its creation.
    start = text.index("[[actions.ASM-2.log]]")
    at = text.index(old, start)
    path = tmp_path / "edited.toml"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return path


def test_a_logged_status_change_without_its_old_value_makes_history_incomplete(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = _edited_sample(
        tmp_path, _STATUS_CHANGE, _STATUS_CHANGE.replace('old = "not-started"\n', "")
    )
    before = path.read_bytes()
    for command in (["list"], ["show", "ASM-2"], ["status"], ["report", "-f", "html"]):
        result = invoke("-r", str(path), "--as-of", "2026-09-01", *command)
        assert result.exit_code == 0, result.output
    result = invoke("-r", str(path), "--as-of", "2026-09-01", "report", "-f", "json")
    data = json.loads(result.stdout)
    (asm2,) = [action for action in data["actions"] if action["id"] == "ASM-2"]
    assert asm2["status"] == "in-progress"  # what the file says: the log cannot say more
    assert data["history_complete"] is False and data["history_incomplete"] == ["ASM-2"]
    result = invoke("-r", str(path), "check", "--json")
    (finding,) = [
        f for f in json.loads(result.stdout)["warnings"] if f["code"] == "history-incomplete"
    ]
    assert finding["path"] == "actions.ASM-2.log.1"
    assert "log entry 2 changes status but does not say what it was before" in finding["message"]
    assert path.read_bytes() == before


def test_a_logged_area_the_register_never_had_keeps_the_action_where_it_is(
    invoke: Invoke, tmp_path: Path
) -> None:
    moved = (
        'text = "area: nowhere → assessments"\nfield = "area"\n'
        'old = "nowhere"\nnew = "assessments"\n'
    )
    path = _edited_sample(tmp_path, _STATUS_CHANGE, moved)
    result = invoke("-r", str(path), "--as-of", "2026-09-01", "report", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (asm2,) = [action for action in data["actions"] if action["id"] == "ASM-2"]
    assert asm2["area"] == "assessments"
    assert "ASM-2" in data["history_incomplete"]
    result = invoke("-r", str(path), "check", "--json")
    paths = {f["path"]: f["message"] for f in json.loads(result.stdout)["warnings"]}
    assert "names an area the register does not have ('nowhere')" in paths["actions.ASM-2.log.1"]


def test_a_first_due_date_is_logged_as_the_baseline_too(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # UND-2 has no date in the sample; the baseline it gets with its first one did not
    # exist the day before, and the replay must say so.
    path = tmp_path / "plan.toml"
    path.write_bytes(SAMPLE.read_bytes())
    monkeypatch.setenv("IMPROVETRACK_TODAY", "2026-11-28")
    result = invoke("-r", str(path), "update", "UND-2", "--due", "2026-12-20")
    assert result.stdout.splitlines() == [
        "UND-2: due: (none) → 2026-12-20",
        "UND-2: baselined: (none) → 2026-12-20 (its first due date)",
    ]

    def und2(day: str) -> dict[str, Any]:
        data = json.loads(invoke("-r", str(path), "--as-of", day, "report", "-f", "json").stdout)
        (action,) = [a for a in data["actions"] if a["id"] == "UND-2"]
        assert "UND-2" not in data["history_incomplete"]
        return dict(action)

    assert (und2("2026-11-27")["due"], und2("2026-11-27")["baseline_due"]) == (None, None)
    assert (und2("2026-11-28")["due"], und2("2026-11-28")["baseline_due"]) == (
        "2026-12-20",
        "2026-12-20",
    )
