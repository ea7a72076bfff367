"""Leads more worried than the dates (pessimistic), and evidence to accept (v3).

The sample as of 2026-11-27: ASM-3 is in progress and on track (GREEN from its dates);
EDU-4 is awaiting sign-off (AMBER from its status), and ASM-4 is reported GREEN while
its dates give RED (optimistic).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

WORRY = "EET fell to 47%; apprenticeship scheme starts in April"


@pytest.fixture
def worried(invoke: Invoke, sample: Path) -> Path:
    """The sample with ASM-3's lead reporting RED, and EDU-4's (awaiting sign-off) GREEN."""
    for args in (
        ("update", "ASM-3", "--rag", "red", "--reason", WORRY),
        ("update", "EDU-4", "--rag", "green"),
    ):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
    return sample


def _report(invoke: Invoke, *args: str) -> dict[str, Any]:
    result = invoke("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_lead_more_worried_than_the_dates_is_pessimistic(invoke: Invoke, worried: Path) -> None:
    data = _report(invoke)
    actions = {item["id"]: item for item in data["actions"]}
    assert actions["ASM-3"]["rag"] == "green" and actions["ASM-3"]["reported_rag"] == "red"
    assert actions["ASM-3"]["pessimistic"] is True
    assert actions["ASM-3"]["optimistic"] is False
    assert [key for key, item in actions.items() if item["pessimistic"]] == ["ASM-3"]
    assert data["totals"]["pessimistic"] == 1
    assert data["decisions"]["hear"] == ["ASM-3"]
    assert data["decisions"]["challenge"] == ["ASM-4"]


def test_an_action_awaiting_sign_off_is_evidence_not_a_rag_to_challenge(
    invoke: Invoke, worried: Path
) -> None:
    """Delivered, it is AMBER for waiting: a lead's GREEN says it is done, not that the
    dates are wrong."""
    data = _report(invoke)
    edu4 = next(item for item in data["actions"] if item["id"] == "EDU-4")
    assert (edu4["rag"], edu4["reported_rag"]) == ("amber", "green")
    assert not edu4["optimistic"] and not edu4["pessimistic"]
    assert data["decisions"]["sign-off"] == ["EDU-4"]
    assert "EDU-4" not in data["decisions"]["challenge"] + data["decisions"]["hear"]
    assert data["totals"]["optimistic"] == 1


def test_delivered_since_the_last_board_is_not_worse(invoke: Invoke, sample: Path) -> None:
    data = _report(invoke, "--since", "2026-10-25")
    moves = {move["id"]: move for move in data["changes"]["rag_moves"]}
    assert (moves["EDU-4"]["then"], moves["EDU-4"]["now"]) == ("green", "amber")
    assert moves["EDU-4"]["direction"] == "delivered"
    assert moves["TRN-2"]["direction"] == "worse"
    result = invoke("report", "--format", "markdown", "--since", "2026-10-25")
    row = next(line for line in result.stdout.splitlines() if line.startswith("| EDU-4 (3.4)"))
    assert "delivered: GREEN → AMBER" in result.stdout
    assert "worse" not in row


def test_list_pessimistic_and_fail_on_pessimistic(invoke: Invoke, worried: Path) -> None:
    listed = invoke("list", "--pessimistic", "--json")
    assert listed.exit_code == 0, listed.output
    assert [item["id"] for item in json.loads(listed.stdout)] == ["ASM-3"]
    failed = invoke("report", "--fail-on", "pessimistic", "--format", "json")
    assert failed.exit_code == 1
    assert "pessimistic (1: ASM-3)" in failed.stderr
    assert json.loads(failed.stdout)["failures"][0]["ids"] == ["ASM-3"]


def test_no_pessimistic_lead_passes(invoke: Invoke, sample: Path) -> None:
    result = invoke("report", "--fail-on", "pessimistic", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decisions"]["hear"] == []


@pytest.mark.parametrize("name", ["html", "markdown", "text"])
def test_every_paper_has_the_rags_to_hear(invoke: Invoke, worried: Path, name: str) -> None:
    result = invoke("report", "--format", name)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "RAGs to challenge" in flat and "RAGs to hear" in flat
    assert flat.index("RAGs to challenge") < flat.index("RAGs to hear")
    assert "EET fell to 47%" in flat
    assert "worse than the dates" in flat or name == "text"
