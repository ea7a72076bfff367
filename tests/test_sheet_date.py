"""`import --update` of a sheet made before a change: what the register changed after the
sheet's own date is a conflict, kept and listed (exit 1), never rolled back without a word."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.tracker import LEADS, UPDATED, tracker

HEADER = "ID,Area,Title,Owner,Due,Reported RAG,RAG reason,Progress update\n"
SWA2 = "SWA-2,social-work-assessments,Train all social workers in lived-experience practice"
CONFLICT_SUMMARY = "1 conflict left for a person: the register's value kept."


def _actions(path: Path) -> dict[str, Any]:
    actions: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))["actions"]
    return actions


def _write(rows: list[str]) -> None:
    Path("sheet.csv").write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")


def _import(invoke: Invoke, today: str, *args: str) -> Any:
    return invoke("--as-of", today, "import", "sheet.csv", "--update", *args)


@pytest.fixture
def plan(invoke: Invoke, tmp_path: Path) -> Path:
    """A register of two actions, made from a sheet on 1 December."""
    assert invoke("--as-of", "2026-12-01", "init", "--title", "Plan").exit_code == 0
    Path("sheet.csv").write_text(
        HEADER
        + "SWA-1,social-work-assessments,Rewrite the template,Service Manager,31/01/2027,,,\n"
        + f"{SWA2},Workforce Lead,31/03/2027,,,\n",
        encoding="utf-8",
    )
    result = invoke("--as-of", "2026-12-01", "import", "sheet.csv")
    assert result.exit_code == 0, result.output
    return tmp_path / "work" / "improvetrack.toml"


def test_a_field_changed_after_the_sheets_date_is_kept_and_the_rest_applied(
    invoke: Invoke, plan: Path
) -> None:
    changed = invoke("--as-of", "2026-12-03", "update", "SWA-2", "--due", "2027-05-31")
    assert changed.exit_code == 0, changed.output
    # A sheet made on 2 December: it moves SWA-2's due date too, and names a new owner.
    _write(
        [
            "SWA-1,social-work-assessments,Rewrite the template,Head of Service,31/01/2027,,,",
            f"{SWA2},Principal Social Worker,30/04/2027,,,",
        ]
    )
    result = _import(invoke, "2026-12-04", "--sheet-date", "2026-12-02")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines == [
        "Updated SWA-1 (row 2): owner: Service Manager → Head of Service",
        "Updated SWA-2 (row 3): owner: Workforce Lead → Principal Social Worker",
        "Conflict SWA-2 (row 3): due: the register changed it to 2027-05-31 on 2026-12-03, "
        "after the sheet was made; kept, not the sheet's 2027-04-30",
        "Imported 0 actions from sheet.csv; 2 already in the register, updated 2 (2 changes); "
        + CONFLICT_SUMMARY,
    ]
    actions = _actions(plan)
    assert actions["SWA-2"]["due"].isoformat() == "2027-05-31"
    assert actions["SWA-2"]["owner"] == "Principal Social Worker"
    assert actions["SWA-1"]["owner"] == "Head of Service"
    # Nothing logged for the field the sheet did not change.
    assert [entry.get("field") for entry in actions["SWA-2"]["log"]][-2:] == ["due", "owner"]


def test_a_change_on_the_sheets_own_day_is_one_the_sheet_knew_of(
    invoke: Invoke, plan: Path
) -> None:
    assert invoke("--as-of", "2026-12-02", "update", "SWA-2", "--due", "2027-05-31").exit_code == 0
    _write([f"{SWA2},Workforce Lead,30/04/2027,,,"])
    result = _import(invoke, "2026-12-04", "--sheet-date", "2026-12-02")
    assert result.exit_code == 0, result.output
    assert "Updated SWA-2 (row 2): due: 2027-05-31 → 2027-04-30" in result.stdout
    assert _actions(plan)["SWA-2"]["due"].isoformat() == "2027-04-30"


def test_the_reported_rag_and_its_reason_conflict_as_one_field(invoke: Invoke, plan: Path) -> None:
    rag = invoke(
        "--as-of", "2026-12-03", "update", "SWA-2", "--rag", "red", "--reason", "No trainer"
    )
    assert rag.exit_code == 0, rag.output
    _write([f"{SWA2},Workforce Lead,31/03/2027,AMBER,Trainer late,A new trainer starts in May"])
    result = _import(invoke, "2026-12-04", "--sheet-date", "2026-12-01")
    assert result.exit_code == 1, result.output
    assert (
        "Conflict SWA-2 (row 2): rag: the register changed it to 'RED' on 2026-12-03, "
        "after the sheet was made; kept, not the sheet's 'AMBER'" in result.stdout
    )
    action = _actions(plan)["SWA-2"]
    assert (action["rag"], action["rag_reason"]) == ("red", "No trainer")
    # A progress update only adds: it is never a conflict, and it is applied.
    assert "A new trainer starts in May" in [entry["text"] for entry in action["log"]]


def test_a_dry_run_lists_the_conflict_and_writes_nothing(invoke: Invoke, plan: Path) -> None:
    assert invoke("--as-of", "2026-12-03", "update", "SWA-2", "--due", "2027-05-31").exit_code == 0
    before = plan.read_bytes()
    _write([f"{SWA2},Principal Social Worker,30/04/2027,,,"])
    result = _import(invoke, "2026-12-04", "--sheet-date", "2026-12-02", "--dry-run")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1] == (
        "Dry run: would import 0 actions from sheet.csv; 1 already in the register, would "
        "update 1 (1 change); 1 conflict left for a person: the register's value kept; "
        "nothing written."
    )
    assert plan.read_bytes() == before


def test_a_sheet_with_no_date_is_compared_with_nothing_and_says_so(
    invoke: Invoke, plan: Path
) -> None:
    assert invoke("--as-of", "2026-12-03", "update", "SWA-2", "--due", "2027-05-31").exit_code == 0
    _write([f"{SWA2},Workforce Lead,30/04/2027,,,"])
    result = _import(invoke, "2026-12-04")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "no date of its own (an 'Updated' or 'as at' cell; or give --sheet-date): "
        "what the register changed since the sheet was made is not compared"
    )
    assert _actions(plan)["SWA-2"]["due"].isoformat() == "2027-04-30"


def test_a_bad_sheet_date_is_refused_before_anything_is_read(invoke: Invoke, plan: Path) -> None:
    before = plan.read_bytes()
    result = _import(invoke, "2026-12-04", "--sheet-date", "last week")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --sheet-date: ")
    assert "Traceback" not in result.output
    assert plan.read_bytes() == before


def test_a_council_workbook_gives_its_own_date_from_its_updated_cell(
    invoke: Invoke, tmp_path: Path
) -> None:
    """The tracker says "Updated: 14/11/2026": a lead changed after that is kept."""
    book = tracker(tmp_path / "tracker.xlsx")
    assert invoke("--as-of", "2026-11-27", "init", "--title", "Plan").exit_code == 0
    assert invoke("--as-of", "2026-11-27", "import", str(book)).exit_code == 0
    register = tmp_path / "work" / "improvetrack.toml"
    first = next(iter(_actions(register)))
    assert _actions(register)[first]["owner"] == LEADS[0]
    changed = invoke("--as-of", "2026-11-28", "update", first, "--owner", "Interim Head")
    assert changed.exit_code == 0, changed.output
    result = invoke("--as-of", "2026-11-29", "import", str(book), "--update")
    assert result.exit_code == 1, result.output
    assert f"the sheet's own date: {UPDATED.isoformat()}" in result.stderr
    assert (
        f"owner: the register changed it to 'Interim Head' on 2026-11-28, after the sheet "
        f"was made; kept, not the sheet's {LEADS[0]!r}" in result.stdout
    )
    assert _actions(register)[first]["owner"] == "Interim Head"


def test_a_date_no_plan_could_have_is_not_the_sheets_own() -> None:
    """Found by the fuzz campaign: "Updated: 31/12/9999" ended in a traceback."""
    from datetime import datetime

    from improvetrack.sheets.council import sheet_date

    assert sheet_date([["Updated:", datetime(9999, 12, 31)]]) is None
    assert sheet_date([["Updated:", "31/12/9999"], ["As at", "14/11/2026"]]) == UPDATED
