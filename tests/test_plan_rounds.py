"""`plan show` says when an action goes stale and where the latest update round stands,
on the screen and in its JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Invoke
from tests.packs import OPENED, QA_PACK, fill


def _shown(invoke: Invoke, *args: str) -> str:
    result = invoke("plan", "show", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_before_any_round_the_default_stale_after_and_no_round(
    invoke: Invoke, sample: Path
) -> None:
    shown = _shown(invoke)
    assert "Stale after              35 days with no update (the default)" in shown
    assert (
        "Update round             none yet: open one with `improvetrack updates request`" in shown
    )
    data = json.loads(_shown(invoke, "--json"))
    assert (data["stale_after"], data["round"]) == (35, None)


def test_stale_after_set_on_the_plan(invoke: Invoke, sample: Path) -> None:
    assert invoke("plan", "set", "--stale-after", "21").exit_code == 0
    assert "Stale after              21 days with no update\n" in _shown(invoke)
    assert json.loads(_shown(invoke, "--json"))["stale_after"] == 21


def test_the_latest_round_its_dates_and_returns(
    invoke: Invoke, sample: Path, tmp_path: Path
) -> None:
    opened = invoke("updates", "request", "--board", "2026-11-26", "--as-of", OPENED)
    assert opened.exit_code == 0, opened.output
    packs = sample.parent / "update-packs"
    path = fill(packs / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Update"): "On track"})
    assert invoke("updates", "collect", str(path), "--as-of", "2026-11-12").exit_code == 0
    shown = _shown(invoke, "--as-of", "2026-11-20")
    assert (
        "Update round             opened 2026-11-02, for the board on 2026-11-26\n"
        "                         returns due 2026-11-16: 1 of 10 leads returned\n"
    ) in shown
    data = json.loads(_shown(invoke, "--json", "--as-of", "2026-11-20"))
    # The names `updates status --json` gives its round, without the list of leads.
    assert data["round"] == {
        "opened": "2026-11-02",
        "due": "2026-11-16",
        "board": "2026-11-26",
        "asked": 10,
        "returned": 1,
    }
    status = json.loads(invoke("updates", "status", "--json", "--as-of", "2026-11-20").stdout)
    assert {key: status["round"][key] for key in data["round"]} == data["round"]


def test_a_round_opened_after_the_as_of_date_is_not_shown(invoke: Invoke, sample: Path) -> None:
    assert invoke("updates", "request", "--as-of", OPENED).exit_code == 0
    assert (
        "Update round             none yet: open one with `improvetrack updates request`"
        in _shown(invoke, "--as-of", "2026-11-01")
    )
