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


def kept(actions: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What a round trip through the council's workbook must keep of each action."""
    return sorted(
        (
            action.get("ref") or "",
            action["title"],
            action.get("owner"),
            action.get("due"),
            action["status"] == "done",
            action.get("rag"),
            quarters(action),
        )
        for action in actions.values()
    )


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
    assert "or import with --area KEY" in refused.output
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
    assert care["C3"].value == datetime(2026, 11, 27)
    assert care["C3"].number_format == "dd/mm/yyyy"
    # Each action on its row with today's values: row 9 is 2.3, row 8 is 2.2.
    assert care["A9"].value == "2.3" and care["D9"].value == "Service Manager, Fostering"
    assert care["F9"].value == datetime(2027, 1, 31)
    assert care["F9"].number_format == "dd/mm/yyyy"
    # A due date written as words ("March 2027") becomes a date, shown day first.
    assert care["F10"].value == datetime(2027, 3, 31)
    assert care["F10"].number_format == "dd/mm/yyyy"
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

    assert kept(copy["actions"]) == kept(register()["actions"])
    # Back into the register it came from, the copy finds every action and changes nothing.
    before = Path("improvetrack.toml").read_bytes()
    again = invoke("import", "out.xlsx")
    assert again.exit_code == 0, again.output
    assert "Imported 0 actions from out.xlsx; 22 already in the register." in again.output
    assert Path("improvetrack.toml").read_bytes() == before


# --- a template is a file someone was sent --------------------------------------------------


def _export(invoke: Invoke, template: str, *more: str) -> Any:
    return invoke(
        "export", "--format", "xlsx", "--template", template, "--output", "out.xlsx", *more
    )


def _one_line_refusal(result: Any) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert not Path("out.xlsx").exists()
    return lines[0]


def test_a_hostile_template_is_refused_like_a_hostile_import(invoke: Invoke) -> None:
    from tests.test_sent_files import SHEET_START, sheet_xml, workbook

    imported_plan(invoke)
    block = b"<!--" + b" " * (1 << 20) + b"-->"
    bomb = [SHEET_START.encode(), *[block] * 205, b"</worksheet>"]
    workbook(Path("bomb.xlsx"), bomb)
    assert "inflates to over 200 MB" in _one_line_refusal(_export(invoke, "bomb.xlsx"))
    workbook(Path("sheets.xlsx"), sheet_xml(""), sheets=101)
    assert "over 100 sheets" in _one_line_refusal(_export(invoke, "sheets.xlsx"))
    stray = '<row r="100001"><c r="A100001" t="inlineStr"><is><t>x</t></is></c></row>'
    workbook(Path("far.xlsx"), sheet_xml(stray))
    assert "over 100,000 rows" in _one_line_refusal(_export(invoke, "far.xlsx"))
    tracker.tracker(Path("good.xlsx"))
    Path("cut.xlsx").write_bytes(Path("good.xlsx").read_bytes()[:3000])
    assert "cut.xlsx" in _one_line_refusal(_export(invoke, "cut.xlsx"))
    Path("plan.csv").write_text("Area,Action,Owner\nA,B,C\n", encoding="utf-8")
    assert "a CSV file has no layout" in _one_line_refusal(_export(invoke, "plan.csv"))
    Path("notes.xlsx").write_bytes(_notes_workbook())
    assert "no sheet has a header row" in _one_line_refusal(_export(invoke, "notes.xlsx"))
    assert "no such file" in _one_line_refusal(_export(invoke, "missing.xlsx"))


def _notes_workbook() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Some notes, and no plan table"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_is_never_written_over(invoke: Invoke) -> None:
    imported_plan(invoke)
    tracker.tracker(Path("template.xlsx"))
    before = Path("template.xlsx").read_bytes()
    same = invoke(
        "export", "--format", "xlsx", "--template", "template.xlsx", "--output", "template.xlsx"
    )
    assert same.exit_code == 2 and "that is the template itself" in same.output
    csv = invoke("export", "--template", "template.xlsx", "--output", "out.csv")
    assert csv.exit_code == 2 and "use --format xlsx" in csv.output
    assert Path("template.xlsx").read_bytes() == before


def test_what_openpyxl_cannot_keep_is_named(invoke: Invoke) -> None:
    """Macros (a workbook's vbaProject.bin) do not survive openpyxl: the export says so."""
    import zipfile

    imported_plan(invoke)
    tracker.tracker(Path("plain.xlsx"))
    with (
        zipfile.ZipFile("plain.xlsx") as source,
        zipfile.ZipFile("macros.xlsm", "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro")
    result = _export(invoke, "macros.xlsm")
    assert result.exit_code == 0, result.output
    assert "macros.xlsm: its macros are not in the copy" in result.output
    with zipfile.ZipFile("out.xlsx") as written:
        assert "xl/vbaProject.bin" not in written.namelist()
    plain = _export(invoke, "plain.xlsx")
    assert plain.exit_code == 0 and "not in the copy" not in plain.output


def test_libreoffice_opens_the_template_export(invoke: Invoke, tmp_path: Path) -> None:
    """The copy opens in another spreadsheet program than the one that wrote it: LibreOffice
    prints it to PDF, with the council's title and an action in it."""
    import os
    import shutil
    import subprocess

    import pytest

    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice is missing (apt-get install libreoffice-calc-nogui)")
        pytest.skip("no LibreOffice (apt-get install libreoffice-calc-nogui)")
    worked_on(invoke)
    tracker.tracker(Path("template.xlsx"))
    assert _export(invoke, "template.xlsx").exit_code == 0
    profile = (tmp_path / "libreoffice-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", "pdf", "out.xlsx"],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = Path("pdf/out.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert tracker.COUNCIL in text and "=1+1 a second hub" in text


def test_a_single_sheet_plan_with_recommendations_keeps_its_shape(invoke: Invoke) -> None:
    """Another council's layout (tests/council.py): one sheet, recommendations merged down
    over their actions, a BRAG column of words, update columns that name their year, a
    blank row, a key and a footer under the actions."""
    from datetime import datetime

    from openpyxl import load_workbook

    from tests import council

    assert invoke("init").exit_code == 0
    council.workbook(Path("plan.xlsx"))
    assert invoke("import", "plan.xlsx").exit_code == 0
    first = _id_of("1.3")
    area = register()["actions"][first]["area"]
    for args in (
        ("update", first, "--progress", "Second audit done", "--on", "2026-08-01"),
        ("update", _id_of("2.1"), "--rag", "green", "--owner", "Head of Housing"),
        ("add", area, "Publish the audit findings", "--owner", "Head of QA", "--due", "2027-01-31"),
    ):  # fmt: skip
        assert invoke(*args).exit_code == 0, args
    result = invoke("export", "--format", "xlsx", "--template", "plan.xlsx", "--output", "out.xlsx")
    assert result.exit_code == 0, result.output
    sheet = load_workbook("out.xlsx")["Improvement plan"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:J1", "A2:J2", "H4:I4", "B7:B10"} <= merged
    rows = {sheet.cell(row=n, column=1).value: n for n in range(6, sheet.max_row + 1)}
    assert sheet.cell(row=rows["1.3"], column=9).value == "Second audit done"  # Q2 2026/27
    assert sheet.cell(row=rows["1.3"], column=6).value == "Monthly"  # a timescale stays words
    assert sheet.cell(row=rows["2.1"], column=4).value == "Head of Housing"
    assert sheet.cell(row=rows["2.1"], column=7).value == "GREEN"
    # The new action under the last one (4.3), the blank row, key and footer below it.
    new = rows["4.3"] + 1
    assert sheet.cell(row=new, column=3).value == "Publish the audit findings"
    assert sheet.cell(row=new, column=6).value == datetime(2027, 1, 31)
    assert sheet.cell(row=new + 1, column=1).value is None
    assert sheet.cell(row=new + 2, column=1).value == council.KEY
    assert sheet.cell(row=new + 3, column=1).value == council.FOOTER
    before = register()["actions"]
    assert invoke("-r", "copy.toml", "init").exit_code == 0
    back = invoke("-r", "copy.toml", "import", "out.xlsx")
    assert back.exit_code == 0, back.output
    copy = tomllib.loads(Path("copy.toml").read_text(encoding="utf-8"))["actions"]

    def kept(actions: dict[str, Any]) -> list[tuple[Any, ...]]:
        return sorted(
            (a.get("ref") or "", a["title"], a.get("owner"), a.get("due"),
             a.get("timescale"), a["status"] == "done", a.get("rag"), str(quarters(a)))
            for key, a in actions.items()
        )  # fmt: skip

    assert kept(copy) == kept(before)


def test_a_plain_tracker_gets_its_dated_text_and_new_rows_under_the_last(
    invoke: Invoke,
) -> None:
    """A tracker with its date in words ("Last updated 14/11/2026"), a status column and
    nothing under its actions: the date keeps its words, a new action takes the next row."""
    from openpyxl import load_workbook

    plain_tracker().save("eastshire.xlsx")
    assert invoke("init").exit_code == 0
    assert invoke("import", "eastshire.xlsx").exit_code == 0
    audit = _id_of("A2")
    for args in (
        ("done", audit),
        ("add", register()["actions"][audit]["area"], "Publish a leaflet", "--owner", "Cy"),
    ):
        assert invoke(*args).exit_code == 0, args
    result = invoke(
        "export", "--format", "xlsx", "--template", "eastshire.xlsx", "--output", "out.xlsx"
    )
    assert result.exit_code == 0, result.output
    out = load_workbook("out.xlsx")["Action plan"]
    assert out["A2"].value == "Last updated 27/11/2026"
    assert [c.value for c in out[5]][:7] == ["A2", "Front door", "Audit referrals", "Bo",
                                             "TBC", "done", "AMBER"]  # fmt: skip
    assert [c.value for c in out[6]][2:6] == ["Publish a leaflet", "Cy", None, "not-started"]
    assert out.max_row == 6


def plain_tracker() -> Any:
    """A small council's tracker: its title, "Last updated 14/11/2026", a header row and
    two actions, with nothing under them (an openpyxl Workbook, not yet saved)."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(["Improvement plan: Eastshire Children's Services"])
    sheet.append(["Last updated 14/11/2026"])
    sheet.append(["Ref", "Area", "Action", "Responsible officer", "Target date", "Status", "RAG"])
    sheet.append(["A1", "Front door", "Triage contacts in a day", "Ann", datetime(2027, 1, 31),
                  "In progress", "Green"])  # fmt: skip
    sheet.append(["A2", "Front door", "Audit referrals", "Bo", "TBC", "Not started", "Amber"])
    return book
