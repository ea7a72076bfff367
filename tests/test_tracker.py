"""A council's own tracker (tests/tracker.py) in as it is: every sheet, the theme heading
above the header, the council's words, RAG fills, quarterly outcomes, a totals row."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from improvetrack.sheets.council import financial_year, quarter_ends
from tests import tracker
from tests.conftest import Invoke


def imported(invoke: Invoke, *args: str) -> tuple[dict[str, Any], str]:
    assert invoke("init").exit_code == 0
    tracker.tracker(Path("tracker.xlsx"), cached_total=True)
    result = invoke("import", "tracker.xlsx", *args)
    assert result.exit_code == 0, result.output
    data = tomllib.loads(Path("improvetrack.toml").read_text(encoding="utf-8"))
    return data, result.output


def by_ref(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {action["ref"]: action for action in data["actions"].values()}


def test_every_action_of_every_sheet_comes_in_with_no_map(invoke: Invoke) -> None:
    data, output = imported(invoke)
    assert len(data["actions"]) == tracker.TOTAL == 21
    titles = sorted(area["title"] for area in data["areas"].values() if area.get("title"))
    assert "Children who need help and protection" in titles
    assert {"Children in care", "Care leavers"} <= set(titles)
    assert not any(title.startswith("Theme") for title in titles)
    assert "sheets read: 'Help and protection', 'Children in care', 'Care leavers'" in output
    assert "quarters read as financial year 2026/27" in output
    assert "a totals row" in output
    actions = by_ref(data)
    assert set(actions) == {ref for rows in tracker.ACTIONS.values() for ref, *_ in rows}
    assert not any(action["title"] in ("7", "Total actions") for action in actions.values())


def test_the_councils_words_and_the_fills_are_read(invoke: Invoke) -> None:
    data, _ = imported(invoke)
    actions = by_ref(data)
    first = actions["1.1"]
    assert first["owner"] == tracker.LEADS[2]
    assert first["due"] == date(2026, 5, 28)
    assert actions["1.4"]["due"] == date(2027, 3, 31)
    for ref, _, _, rag in tracker.ACTIONS["Help and protection"]:
        assert actions[ref]["rag"] == rag, ref
        assert (actions[ref]["status"] == "done") == (rag == "blue"), ref


def test_completed_rows_take_the_earlier_of_due_and_the_sheets_date(invoke: Invoke) -> None:
    data, output = imported(invoke)
    actions = by_ref(data)
    assert actions["1.1"]["completed"] == date(2026, 5, 28)  # due before the sheet's date
    assert actions["1.6"]["completed"] == date(2026, 10, 28)
    assert "completed actions with no completion date" in output


def test_quarter_outcomes_are_dated_at_their_quarters_end(invoke: Invoke) -> None:
    data, _ = imported(invoke)
    log = by_ref(data)["1.1"]["log"]
    progress = [(entry["new"], entry["text"]) for entry in log if entry.get("field") == "progress"]
    assert progress == [
        (date(2026, 6, 30), "Started the work"),
        (date(2026, 9, 30), "Half the teams trained"),
        # Q3 had not ended by the sheet's date, 14/11/2026: dated then.
        (tracker.UPDATED, "All teams trained"),
    ]


def test_sheet_limits_the_import_and_hidden_or_own_sheets_are_skipped(
    invoke: Invoke,
) -> None:
    assert invoke("init").exit_code == 0
    path = tracker.tracker(Path("tracker.xlsx"))
    book = load_workbook(path)
    book["Care leavers"].sheet_state = "hidden"
    book.create_sheet("Quarters")["A1"] = "ID"
    book.create_sheet("Notes")["A1"] = "Some notes"
    book.save(path)
    result = invoke("import", "tracker.xlsx", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "sheet 'Care leavers' skipped: hidden" in result.output
    assert "sheet 'Quarters' skipped" in result.output
    assert "sheet 'Notes' skipped: no header row it recognises" in result.output
    assert result.output.count("Would add ") == 14 + 2
    result = invoke("import", "tracker.xlsx", "--sheet", "Children in care")
    assert result.exit_code == 0, result.output
    assert "Imported 7 actions" in result.output
    result = invoke("import", "tracker.xlsx", "--sheet", "Nope")
    assert result.exit_code == 2
    assert "--sheet Nope" in result.output and "Help and protection" in result.output


def test_an_area_of_the_same_title_is_reused(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    added = invoke("area", "add", "care", "--title", "CHILDREN IN CARE", "--prefix", "CIC")
    assert added.exit_code == 0, added.output
    tracker.tracker(Path("tracker.xlsx"))
    result = invoke("import", "tracker.xlsx")
    assert result.exit_code == 0, result.output
    data = tomllib.loads(Path("improvetrack.toml").read_text(encoding="utf-8"))
    in_care = [a for a in data["actions"].values() if a["ref"].startswith("2.")]
    assert {action["area"] for action in in_care} == {"care"}


@pytest.mark.parametrize(
    ("quarters", "on", "year"),
    [
        ({1, 2, 3}, date(2026, 11, 14), 2026),
        ({1, 2, 3, 4}, date(2026, 11, 14), 2025),  # Q4 2026/27 had not begun
        ({1}, date(2026, 3, 31), 2025),
        (set(), date(2027, 2, 1), 2026),
    ],
)
def test_the_financial_year_of_quarters_with_no_year(
    quarters: set[int], on: date, year: int
) -> None:
    assert financial_year(quarters, on) == year


def test_quarter_ends() -> None:
    assert [quarter_ends(q, 2026) for q in (1, 2, 3, 4)] == [
        date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31), date(2027, 3, 31),
    ]  # fmt: skip


def test_update_completed_corrects_a_completion_date(invoke: Invoke) -> None:
    data, _ = imported(invoke)
    done = next(key for key, a in data["actions"].items() if a["ref"] == "1.1")
    result = invoke("update", done, "--completed", "15/06/2026")
    assert result.exit_code == 0, result.output
    assert "completed: 2026-05-28 → 2026-06-15" in result.output
    open_one = next(key for key, a in data["actions"].items() if a["ref"] == "1.2")
    before = Path("improvetrack.toml").read_bytes()
    result = invoke("update", open_one, "--completed", "15/06/2026")
    assert result.exit_code == 2
    assert "--completed corrects the day a done action was completed" in result.output
    assert Path("improvetrack.toml").read_bytes() == before


def test_imported_actions_are_created_at_the_plans_start(invoke: Invoke) -> None:
    assert invoke("init", "--next-inspection", "2028-06-30").exit_code == 0
    assert invoke("plan", "set", "--start", "2026-04-01").exit_code == 0
    tracker.tracker(Path("tracker.xlsx"))
    assert invoke("import", "tracker.xlsx").exit_code == 0
    data = tomllib.loads(Path("improvetrack.toml").read_text(encoding="utf-8"))
    assert {action["created"] for action in data["actions"].values()} == {date(2026, 4, 1)}
