"""`board record DATE`: what an improvement board decided, logged against the actions,
and said in the next paper's comparison with the last board.

The sample as of 2026-11-27: EDU-4 awaits sign-off; EDU-2 and ASM-2 have slipped past
their agreed dates; TRN-2 is blocked. Its boards are 2026-09-24, 2026-10-29, 2027-01-28.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

BOARD = "2026-11-26"


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _record(invoke: Invoke, *args: str) -> str:
    result = invoke("board", "record", BOARD, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_board_accepts_agrees_and_escalates(invoke: Invoke, sample: Path) -> None:
    said = _record(
        invoke, "--accepted", "EDU-4", "--agreed", "EDU-2,ASM-2", "--escalated", "TRN-2",
        "--note", "AD to raise with the ICB",
    )  # fmt: skip
    assert "EDU-4 (3.4): evidence accepted, signed off by the board of 2026-11-26" in said
    assert "EDU-2 (3.2): revised date agreed, baseline now 2027-03-31" in said
    data = _load(sample)
    actions = data["actions"]
    edu4 = actions["EDU-4"]
    assert edu4["status"] == "done"
    assert edu4["signed_off_by"] == "Improvement board, 2026-11-26"
    assert edu4["completed"] == date(2026, 11, 26)
    for key in ("EDU-2", "ASM-2"):
        assert actions[key]["baseline_due"] == actions[key]["due"]
        entry = next(e for e in actions[key]["log"] if e.get("field") == "baseline_due")
        assert entry["text"].endswith("(agreed at the board on 2026-11-26)")
        assert entry["board"] == date(2026, 11, 26)
    escalated = [e for e in actions["TRN-2"]["log"] if e.get("field") == "escalated"]
    assert len(escalated) == 1 and escalated[0]["new"] == date(2026, 11, 26)
    assert actions["TRN-2"]["status"] == "blocked"  # noted, not changed
    notes = [e["text"] for e in actions["TRN-2"]["log"] if e["text"].startswith("note:")]
    assert notes == ["note: board of 2026-11-26: AD to raise with the ICB"]
    assert date(2026, 11, 26) in data["plan"]["boards"]


def test_the_history_stays_complete_and_check_is_quiet(invoke: Invoke, sample: Path) -> None:
    _record(invoke, "--accepted", "EDU-4", "--agreed", "EDU-2", "--escalated", "TRN-2")
    checked = invoke("check", "--json")
    warnings = json.loads(checked.stdout)["warnings"]
    assert "history-incomplete" not in {w["code"] for w in warnings}
    assert ("slipped", "actions.EDU-2.due") not in {(w["code"], w["path"]) for w in warnings}
    before = invoke("report", "--format", "json", "--as-of", "2026-11-20")
    data = json.loads(before.stdout)
    assert data["history_complete"] is True
    actions = {item["id"]: item for item in data["actions"]}
    assert actions["EDU-4"]["status"] == "awaiting-sign-off"  # replayed back


def test_the_next_paper_says_what_the_board_decided(invoke: Invoke, sample: Path) -> None:
    _record(invoke, "--accepted", "EDU-4", "--escalated", "TRN-2", "--note", "Raise with ICB")
    data = json.loads(invoke("report", "--format", "json", "--since", "last-board").stdout)
    assert data["changes"]["since"] == BOARD
    decided = data["changes"]["board_decisions"]
    assert [(d["decision"], d["id"]) for d in decided] == [
        ("accepted", "EDU-4"), ("escalated", "TRN-2"), ("note", "EDU-4"), ("note", "TRN-2"),
    ]  # fmt: skip
    assert all(d["board"] == BOARD for d in decided)
    for name in ("markdown", "text", "html"):
        paper = " ".join(invoke("report", "--format", name, "--since", "last-board").stdout.split())
        assert "Decided at the board (2)" in paper, name
        assert "escalated (board of 26 November 2026): Raise with ICB" in paper, name
        assert "evidence accepted: signed off by the board (board of 26 November 2026)" in paper
    # A comparison from before that board says what it decided too; one after it, not.
    older = json.loads(invoke("report", "--format", "json", "--since", "2026-10-29").stdout)
    assert len(older["changes"]["board_decisions"]) == 4
    # The decisions came at that board: a comparison from the day after holds none.
    later = json.loads(invoke("report", "--format", "json", "--since", "2026-11-27").stdout)
    assert later["changes"]["board_decisions"] == []


def test_a_note_alone_goes_in_the_plans_log(invoke: Invoke, sample: Path) -> None:
    said = _record(invoke, "--note", "Quorate; no decisions")
    assert "2026-11-26 added to the plan's boards" in said
    plan = _load(sample)["plan"]
    assert plan["log"][-2]["text"] == "note: board of 2026-11-26: Quorate; no decisions"
    data = json.loads(invoke("report", "--format", "json", "--since", "last-board").stdout)
    assert data["changes"]["board_decisions"][0]["id"] is None


def test_options_repeat_and_take_comma_lists(invoke: Invoke, sample: Path) -> None:
    said = _record(invoke, "--agreed", "EDU-2", "--agreed", "1.2")  # an ID or a ref
    assert "EDU-2 (3.2): revised date agreed" in said and "ASM-2 (1.2): revised date" in said


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-11-28"], "2026-11-28 is after the as-of date 2026-11-27"),
        ([BOARD, "--accepted", "ASM-2"], "ASM-2 (1.2) not awaiting sign-off"),
        ([BOARD, "--agreed", "ASM-1"], "ASM-1 (1.1) done or dropped"),
        ([BOARD, "--agreed", "EDU-2", "--escalated", "EDU-2"], "EDU-2 (3.2) is named twice"),
        ([BOARD, "--escalated", "NOPE-9"], "NOPE-9"),
        (["not a date"], "DATE"),
        ([BOARD, "--accepted", "EDU-4", "--agreed", "ASM-1"], "ASM-1 (1.1) done or dropped"),
    ],
)
def test_a_decision_that_cannot_be_recorded_writes_nothing(
    invoke: Invoke, sample: Path, args: list[str], message: str
) -> None:
    before = sample.read_bytes()
    result = invoke("board", "record", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert sample.read_bytes() == before


def test_the_board_signs_off_even_where_its_name_did_the_work(invoke: Invoke, sample: Path) -> None:
    """The board's acceptance is always allowed: it is not the owner and did not deliver."""
    _record(invoke, "--accepted", "EDU-4")
    entry = _load(sample)["actions"]["EDU-4"]["log"][-1]
    assert entry["by"] == "Improvement board, 2026-11-26" and entry["user"] == "tester"


def test_a_board_recorded_the_next_day_decided_on_its_own_day(invoke: Invoke, sample: Path) -> None:
    """The officer records yesterday's board this morning: the plan as it stood at the
    end of the board's day already holds its decisions, and the day before does not."""
    _record(invoke, "--accepted", "EDU-4", "--agreed", "EDU-2")
    entries = _load(sample)["actions"]["EDU-4"]["log"]
    assert str(entries[-1]["at"]) == "2026-11-26 23:59:59+00:00"
    that_day = json.loads(invoke("--as-of", BOARD, "status", "--json").stdout)
    day_before = json.loads(invoke("--as-of", "2026-11-25", "status", "--json").stdout)
    assert that_day["totals"]["done"] == day_before["totals"]["done"] + 1
    shown = {item["id"]: item for item in that_day["actions"]}
    assert shown["EDU-4"]["status"] == "done"
    assert shown["EDU-2"]["baseline_due"] == shown["EDU-2"]["due"]
    # Compared with the board itself, nothing was completed since: it was done there.
    since = json.loads(invoke("status", "--since", BOARD, "--json").stdout)
    assert since["changes"]["completed"] == []


def test_a_board_cannot_accept_what_was_delivered_after_it(invoke: Invoke, sample: Path) -> None:
    before = sample.read_bytes()
    result = invoke("board", "record", "2026-10-01", "--accepted", "EDU-4")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: board record --accepted: EDU-4 (3.4) delivered after the board of "
        "2026-10-01; a board accepts the evidence of what was delivered before it met"
    ]
    assert sample.read_bytes() == before
