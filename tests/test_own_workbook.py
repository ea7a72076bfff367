"""A council's workbook in, and back out in its own shape: `import --area`, the plan's
history before the import day, the plain export's print set-up and the template export."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tests import tracker
from tests.conftest import Invoke


def register() -> dict[str, Any]:
    return tomllib.loads(Path("improvetrack.toml").read_text(encoding="utf-8"))


# --- import --area -------------------------------------------------------------------------


def test_import_area_puts_every_row_of_every_sheet_in_one_area(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    added = invoke("area", "add", "plan", "--title", "The whole plan", "--prefix", "IP")
    assert added.exit_code == 0, added.output
    tracker.tracker(Path("tracker.xlsx"))
    result = invoke("import", "tracker.xlsx", "--area", "The whole plan")
    assert result.exit_code == 0, result.output
    data = register()
    assert list(data["areas"]) == ["plan"]
    assert len(data["actions"]) == tracker.TOTAL
    assert {action["area"] for action in data["actions"].values()} == {"plan"}
    assert sorted(data["actions"]) == sorted(f"IP-{n}" for n in range(1, tracker.TOTAL + 1))
    # Imported again into the same area, every row is found: nothing is added twice.
    again = invoke("import", "tracker.xlsx", "--area", "plan")
    assert again.exit_code == 0, again.output
    assert len(register()["actions"]) == tracker.TOTAL


def test_import_area_takes_a_sheet_with_no_area_at_all(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    assert invoke("area", "add", "front", "--title", "Front door").exit_code == 0
    Path("plain.csv").write_text(
        "Action,Owner,Due\nTriage every contact,Ann,2027-01-31\nAudit,Bo,\n", "utf-8"
    )
    refused = invoke("import", "plain.csv")
    assert refused.exit_code == 2 and "every action needs an area" in refused.output
    result = invoke("import", "plain.csv", "--area", "front")
    assert result.exit_code == 0, result.output
    actions = register()["actions"].values()
    assert [(a["area"], a["title"]) for a in actions] == [
        ("front", "Triage every contact"),
        ("front", "Audit"),
    ]


def test_import_area_that_does_not_exist_is_refused(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    assert invoke("area", "add", "front", "--title", "Front door").exit_code == 0
    tracker.tracker(Path("tracker.xlsx"))
    before = Path("improvetrack.toml").read_bytes()
    result = invoke("import", "tracker.xlsx", "--area", "frnt")
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("error: --area frnt: no area 'frnt'"), last
    assert "front" in last and "Traceback" not in result.output
    assert Path("improvetrack.toml").read_bytes() == before


# --- history before the import day ---------------------------------------------------------


def imported_plan(invoke: Invoke) -> None:
    """The tracker imported on the tests' day into a plan that started on 1 April."""
    assert invoke("init", "--next-inspection", "2028-06-30").exit_code == 0
    assert invoke("plan", "set", "--start", "2026-04-01").exit_code == 0
    tracker.tracker(Path("tracker.xlsx"))
    result = invoke("import", "tracker.xlsx")
    assert result.exit_code == 0, result.output


def report_as_of(invoke: Invoke, day: str) -> dict[str, Any]:
    import json

    result = invoke("report", "--format", "json", "--as-of", day)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_as_of_before_the_import_day_shows_the_plan_the_sheet_describes(
    invoke: Invoke,
) -> None:
    imported_plan(invoke)
    # Each sheet's first action was done by 28 May (its due date, before the sheet's date).
    june = report_as_of(invoke, "2026-06-30")
    assert june["totals"]["actions"] == tracker.TOTAL
    assert june["totals"]["done"] == 3
    assert june["history_complete"] is False
    assert len(june["history_incomplete"]) == tracker.TOTAL
    # The sixth of each was due 28 October and is done: not yet in September.
    assert report_as_of(invoke, "2026-09-30")["totals"]["done"] == 3
    assert report_as_of(invoke, "2026-10-31")["totals"]["done"] == 6
    # Before the plan's start there was no plan to speak of.
    assert report_as_of(invoke, "2026-03-31")["totals"]["actions"] == 0
    # From the import day on, the log accounts for everything.
    today = report_as_of(invoke, "2026-11-27")
    assert today["history_complete"] is True and today["totals"]["done"] == 6
    status = invoke("status", "--as-of", "2026-06-30")
    assert "History incomplete for 21 actions" in status.output


def test_timeline_and_show_replay_the_sheets_dates(invoke: Invoke) -> None:
    imported_plan(invoke)
    timeline = invoke("timeline")
    assert timeline.exit_code == 0, timeline.output
    rows = {line.split()[0]: line.split()[1:3] for line in timeline.output.splitlines()[2:8]}
    assert rows["2026-04-01"] == ["0", "0"]
    assert rows["2026-06-30"] == ["6", "3"]
    assert rows["2026-09-30"] == ["12", "3"]
    assert rows["2026-11-27"] == ["15", "6"]
    first = next(key for key, action in register()["actions"].items() if action["ref"] == "1.1")
    july = invoke("show", first, "--as-of", "2026-07-15")
    assert july.exit_code == 0, july.output
    assert "Started the work" in july.output
    assert "Half the teams trained" not in july.output
    october = invoke("show", first, "--as-of", "2026-10-15")
    assert "Half the teams trained" in october.output
    assert "All teams trained" not in october.output


# --- the plain xlsx export: as at, print set-up ---------------------------------------------


def test_the_plain_export_says_as_at_and_prints_on_a4_landscape(invoke: Invoke) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    imported_plan(invoke)
    result = invoke("export", "--format", "xlsx", "--output", "plain.xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook("plain.xlsx")
    actions = book["Actions"]
    assert actions["A1"].value == tracker.COUNCIL  # the plan's title, from the tracker
    assert (actions["A2"].value, actions["B2"].value) == ("As at", datetime(2026, 11, 27))
    assert actions["B2"].number_format == "dd/mm/yyyy"
    assert actions["A4"].value == "ID"
    for sheet, header in ((actions, 4), (book["Areas and measures"], 1)):
        setup = sheet.page_setup
        assert setup.paperSize == 9  # A4
        assert setup.orientation == "landscape"
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == f"${header}:${header}"


def test_the_plain_export_imports_back_below_its_title_rows(invoke: Invoke) -> None:
    imported_plan(invoke)
    before = register()["actions"]
    result = invoke("--as-of", "2026-11-20", "export", "--format", "xlsx", "--output", "p.xlsx")
    assert result.exit_code == 0, result.output
    assert invoke("-r", "copy.toml", "init").exit_code == 0
    back = invoke("-r", "copy.toml", "import", "p.xlsx")
    assert back.exit_code == 0, back.output
    assert "header row 4" in back.output
    assert "the sheet's own date: 2026-11-20" in back.output
    copy = tomllib.loads(Path("copy.toml").read_text(encoding="utf-8"))

    def kept(actions: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
        return {
            key: (a["ref"], a["title"], a["owner"], a.get("due"), a["status"], a.get("rag"))
            for key, a in actions.items()
        }

    assert kept(copy["actions"]) == kept(before)


# --- export --template ---------------------------------------------------------------------


def _id_of(ref: str) -> str:
    return next(key for key, action in register()["actions"].items() if action.get("ref") == ref)


def worked_on(invoke: Invoke) -> None:
    """The tracker imported, then a month's work in the register."""
    imported_plan(invoke)
    for args in (
        ("update", _id_of("2.3"), "--owner", "Service Manager, Fostering", "--due", "2027-01-31"),
        ("update", _id_of("2.2"), "--rag", "amber", "--reason", "Recruitment"),
        ("update", _id_of("2.5"), "--progress", "Panel in place", "--on", "2026-11-20"),
        ("done", _id_of("3.3")),
        ("update", _id_of("3.3"), "--rag", "blue"),
        ("add", "care-leavers", "=1+1 a second hub", "--owner", "Hub lead", "--due", "2027-03-31"),
    ):  # fmt: skip
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)


def test_the_template_export_writes_the_plan_into_the_councils_workbook(
    invoke: Invoke,
) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    worked_on(invoke)
    tracker.tracker(Path("template.xlsx"))
    result = invoke(
        "export", "--format", "xlsx", "--template", "template.xlsx", "--output", "out.xlsx"
    )
    assert result.exit_code == 0, result.output
    assert "22 actions into a copy of template.xlsx (21 on their rows, 1 new)" in result.output
    book = load_workbook("out.xlsx")
    assert book.sheetnames == list(tracker.THEMES)
    care, leavers = book["Children in care"], book["Care leavers"]
    # The title block, the heading, the header and the hidden column, as they were.
    assert care["A1"].value == tracker.COUNCIL and care["A2"].value == tracker.VERSION
    assert care["A5"].value == tracker.THEMES["Children in care"]
    assert "A5:L5" in {str(r) for r in care.merged_cells.ranges}
    assert [c.value for c in care[6]] == tracker.HEADER
    assert care.column_dimensions["B"].hidden and care.column_dimensions["C"].width == 48
    # The as-of date in the Updated cell, still a date in its format.
    assert care["B3"].value == datetime(2026, 11, 27)
    assert care["B3"].number_format == "dd/mm/yyyy"
    # Each action on its row with today's values: row 9 is 2.3, row 8 is 2.2.
    assert care["A9"].value == "2.3" and care["D9"].value == "Service Manager, Fostering"
    assert care["F9"].value == datetime(2027, 1, 31)
    assert care["F9"].number_format == "dd/mm/yyyy"
    assert care["H8"].value == "AMBER" and care["H8"].fill.fgColor.rgb == "FFFFC000"
    assert care["B8"].value == "2.2a"  # a column the register has nothing for, kept
    # Q3's update in its column (row 12 is 2.5, under the blank row).
    assert care["A12"].value == "2.5" and care["K12"].value == "Panel in place"
    assert leavers["H9"].value == "BLUE" and leavers["H9"].fill.fgColor.rgb == "FF0070C0"
    # The new action under the last one, above the totals row, which now counts it.
    assert leavers["C15"].value == "=1+1 a second hub"
    assert leavers["C15"].data_type == "s" and leavers["C15"].quotePrefix
    assert leavers["D15"].value == "Hub lead"
    assert leavers["A16"].value == "Total actions"
    assert leavers["C16"].value == "=COUNTA(C7:C15)"
    assert leavers["A18"].value == "Key"


def quarters(action: dict[str, Any]) -> dict[int, str]:
    """The latest progress update of each quarter of 2026/27 (a quarter not yet ended is
    dated on the sheet's date, which the copy moves to the as-of date)."""
    latest: dict[int, tuple[Any, str]] = {}
    for entry in action.get("log", []):
        if entry.get("field") == "progress":
            day = entry["new"]
            quarter = (day.month - 4) % 12 // 3 + 1
            if quarter not in latest or day >= latest[quarter][0]:
                latest[quarter] = (day, entry["text"])
    return {quarter: text for quarter, (_, text) in sorted(latest.items())}


def test_the_template_export_imports_back_as_the_same_plan(invoke: Invoke) -> None:
    worked_on(invoke)
    tracker.tracker(Path("template.xlsx"))
    result = invoke(
        "export", "--format", "xlsx", "--template", "template.xlsx", "--output", "out.xlsx"
    )
    assert result.exit_code == 0, result.output
    assert invoke("-r", "copy.toml", "init").exit_code == 0
    back = invoke("-r", "copy.toml", "import", "out.xlsx")
    assert back.exit_code == 0, back.output
    assert "quarters read as financial year 2026/27" in back.output
    copy = tomllib.loads(Path("copy.toml").read_text(encoding="utf-8"))

    def kept(actions: dict[str, Any]) -> list[tuple[Any, ...]]:
        return sorted(
            (
                action.get("ref") or key,
                action["title"],
                action.get("owner"),
                action.get("due"),
                action["status"] == "done",
                action.get("rag"),
                quarters(action),
            )
            for key, action in actions.items()
        )

    assert kept(copy["actions"]) == kept(register()["actions"])
