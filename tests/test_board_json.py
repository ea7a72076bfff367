"""`board record DATE --json`: what the board's decisions wrote, for a script, in the shape
the report's `changes.board_decisions` reads them back in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Invoke

BOARD = "2026-11-26"


def _recorded(invoke: Invoke, *args: str) -> dict[str, Any]:
    result = invoke("board", "record", *args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_json_lists_each_decision_as_the_next_report_reads_it(invoke: Invoke, sample: Path) -> None:
    data = _recorded(
        invoke, BOARD, "--accepted", "EDU-4", "--agreed", "EDU-2,1.2", "--escalated", "TRN-2",
        "--note", "AD to raise with the ICB",
    )  # fmt: skip
    assert (data["board"], data["board_added"], data["unchanged"]) == (BOARD, True, [])
    decisions = data["decisions"]
    assert [(d["decision"], d["id"]) for d in decisions] == [
        ("accepted", "EDU-4"), ("agreed", "ASM-2"), ("agreed", "EDU-2"),
        ("escalated", "TRN-2"),
        ("note", "ASM-2"), ("note", "EDU-2"), ("note", "EDU-4"), ("note", "TRN-2"),
    ]  # fmt: skip
    assert decisions[3]["text"] == "escalated at the board on 2026-11-26"
    assert decisions[-1]["text"] == "note: board of 2026-11-26: AD to raise with the ICB"
    report = invoke("report", "--format", "json", "--since", "last-board")
    assert json.loads(report.stdout)["changes"]["board_decisions"] == decisions


def test_an_agreed_date_already_the_baseline_writes_nothing_and_says_so(
    invoke: Invoke, sample: Path
) -> None:
    _recorded(invoke, "2026-10-29", "--agreed", "EDU-2")
    data = _recorded(invoke, BOARD, "--agreed", "EDU-2")
    assert (data["decisions"], data["unchanged"], data["board_added"]) == ([], ["EDU-2"], True)
    again = _recorded(invoke, BOARD, "--note", "Minutes agreed")
    assert again["board_added"] is False  # that board is in plan.boards already
    assert again["decisions"] == [
        {
            "board": BOARD,
            "decision": "note",
            "id": None,  # on the plan's own log: no action was named
            "text": "note: board of 2026-11-26: Minutes agreed",
        }
    ]


def test_json_prints_only_json_and_an_error_is_still_one_line(invoke: Invoke, sample: Path) -> None:
    result = invoke("board", "record", BOARD, "--escalated", "TRN-2", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("{") and result.stdout.endswith("}\n")
    before = sample.read_bytes()
    failed = invoke("board", "record", BOARD, "--accepted", "ASM-2", "--json")
    assert failed.exit_code == 2
    assert failed.stdout == ""
    assert len(failed.stderr.strip().splitlines()) == 1
    assert "ASM-2 (1.2) not awaiting sign-off" in failed.stderr
    assert sample.read_bytes() == before
