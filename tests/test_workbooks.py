"""Council plans as councils keep them: Excel workbooks and sheets laid out for people.

The council's sheet (tests/council.py) has title rows, a banner, themes, recommendations
on rows of their own with their actions beneath them, BRAG letters, words and fill
colours, every date and timescale form, two progress-update columns, a key and a footer.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from improvetrack.errors import SpreadsheetError
from improvetrack.figures.progress import compute
from improvetrack.files import store
from improvetrack.model.changes import Stamp
from improvetrack.model.register import Action, Area, LogEntry, Measure, Plan, Register
from improvetrack.render import formats
from improvetrack.render.output import Output
from improvetrack.sheets import add_rows, parse_sheet, read_sheet
from improvetrack.sheets.cells import as_read, rag_of_colour, read_due, read_progress
from improvetrack.sheets.columns import EXPORT_HEADER, header_date, match_columns
from tests import council
from tests.conftest import MINIMAL, Invoke

AS_OF = date(2026, 11, 27)
STAMP = Stamp(by="tester", at=datetime(2026, 11, 27, tzinfo=UTC), today=AS_OF)
AD_CSC = council.AD_CSC


def empty() -> Register:
    return store.parse(MINIMAL.replace('title = "Test plan"', 'title = ""'), "empty")


def imported(path: Path) -> Register:
    register = Register(Plan(title=""))
    add_rows(register, read_sheet(path, AS_OF), STAMP)
    store.dumps(register)  # a valid register
    return register


def updates(action: Action) -> list[tuple[date | str | None, str]]:
    return [(entry.new, entry.text) for entry in action.progress_updates]


# What the council's sheet says of each action, once imported: the fields of the workbook.
AREAS = [
    (
        "r1",
        "R1",
        "1",
        "Children in need of help and protection",
        AD_CSC,
        "Improve the quality and timeliness of assessments so that they reflect children's "
        "lived experience",
    ),
    (
        "r2",
        "R2",
        "2",
        "Children in need of help and protection",
        "Director of Children's Services",
        "Improve the response to homeless 16 and 17 year olds",
    ),
    (
        "r3",
        "R3",
        "3",
        "Children in care and care leavers",
        "Assistant Director, Education",
        "Make sure personal education plans are completed on time and are of good quality",
    ),
    (
        "r4",
        "R4",
        "4",
        "Children in care and care leavers",
        AD_CSC,
        "Help children in care understand their history and why they are in care",
    ),
]
# id: (ref, status, due, baseline_due, timescale, rag, rag_reason)
ACTIONS: dict[str, tuple[Any, ...]] = {
    "R1-1": ("1.1", "done", date(2025, 3, 31), date(2025, 3, 31), None, "blue", None),
    "R1-2": (
        "1.2",
        "in-progress",
        date(2025, 9, 30),
        date(2025, 9, 30),
        None,
        "amber",
        "on track",
    ),
    "R1-3": ("1.3", "in-progress", None, None, "Monthly", "green", None),
    "R2-1": (
        "2.1",
        "in-progress",
        date(2025, 9, 30),
        date(2025, 3, 31),
        None,
        "red",
        "behind schedule",
    ),
    "R2-2": ("2.2", "in-progress", date(2025, 3, 31), date(2025, 3, 31), None, "amber", None),
    "R3-1": ("3.1", "done", date(2025, 3, 31), date(2025, 3, 31), None, "blue", None),
    "R3-2": ("3.2a", "done", date(2024, 10, 31), date(2024, 10, 31), None, "blue", None),
    "R3-3": ("3.2b", "in-progress", None, None, "Ongoing", "green", None),
    "R4-1": ("4.1", "not-started", date(2025, 3, 31), date(2025, 3, 31), None, None, None),
    "R4-2": ("4.2", "in-progress", date(2025, 3, 31), date(2025, 3, 31), None, "amber", None),
    "R4-3": ("4.3", "in-progress", None, None, "TBC", "red", None),
}
# In the CSV file Excel saves, a fill colour is lost: those two BRAG cells are empty.
CSV_ACTIONS = ACTIONS | {
    "R2-2": ("2.2", "not-started", date(2025, 3, 31), date(2025, 3, 31), None, None, None),
    "R3-3": ("3.2b", "not-started", None, None, "Ongoing", None, None),
}


def action_fields(action: Action) -> tuple[Any, ...]:
    return (
        action.ref,
        action.status,
        action.due,
        action.baseline_due,
        action.timescale,
        action.rag,
        action.rag_reason,
    )


@pytest.mark.parametrize(
    ("build", "expected"),
    [(council.workbook, ACTIONS), (council.csv_file, CSV_ACTIONS)],
    ids=["xlsx", "csv"],
)
def test_a_council_plan_imports_every_field(
    tmp_path: Path, build: Callable[[Path], Path], expected: dict[str, tuple[Any, ...]]
) -> None:
    suffix = "xlsx" if build is council.workbook else "csv"
    register = imported(build(tmp_path / f"plan.{suffix}"))
    assert register.plan.title == council.TITLE
    assert [
        (a.key, a.prefix, a.ref, a.theme, a.sponsor, a.title) for a in register.areas.values()
    ] == AREAS
    assert {i: action_fields(a) for i, a in register.actions.items()} == expected
    actions = register.actions
    assert [a.area for a in actions.values()] == ["r1"] * 3 + ["r2"] * 2 + ["r3"] * 3 + ["r4"] * 3
    assert (
        actions["R1-1"].title
        == "Rewrite the assessment template around the child's lived experience"
    )
    # Two leads stay the owner's text.
    assert actions["R1-2"].owner == "Workforce Development Manager / Principal Social Worker"
    assert actions["R1-1"].evidence == ["evidence/template-v3.docx"]
    # Each progress-update column is an update dated from its header's quarter.
    assert updates(actions["R1-1"]) == [
        (date(2026, 6, 30), "New template drafted with young people"),
        (date(2026, 9, 30), "Template in use for every new assessment"),
    ]
    assert updates(actions["R4-2"]) == [(date(2026, 9, 30), "Second post being re-advertised")]
    assert actions["R4-1"].progress_updates == []
    assert actions["R1-1"].log[0].text == f"imported from plan.{suffix} row 8 (ref 1.1)"
    assert {a.created for a in actions.values()} == {AS_OF}


def test_the_summary_says_what_the_import_understood(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("init").exit_code == 0
    council.workbook(Path("plan.xlsx"))
    result = invoke("import", "plan.xlsx", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "3 completed actions with no completion date: dated the earlier of its due date and "
        "the sheet's date (correct one with `improvetrack update ID --completed DATE`)",
        "sheet 'Improvement plan' of plan.xlsx",
        f'title rows: 1 "{council.TITLE}", 2 '
        "'Response to the Ofsted ILACS inspection, June 2026. Updated 20 Nove...'",
        "banner row 4 above the header: ignored",
        "header row 5: Ref → ref, Recommendation → area, Action → title, "
        "Lead officer → owner, Sponsor → sponsor, Target date → due, BRAG → rag, "
        "Update Q1 2026/27 → progress (dated 2026-06-30), "
        "Update Q2 2026/27 → progress (dated 2026-09-30), Evidence → evidence",
        "themes: row 6 'Children in need of help and protection', "
        "row 14 'Children in care and care leavers'",
        "recommendations: 4, on row 7 (1), row 11 (2), row 15 (3), row 19 (4)",
        "skipped row 23 (blank); row 24 (a key to the ratings); row 25 (a footer)",
        "read loosely: row 9: due: 'Q2 2025/26' read as 2025-09-30, the last day of the quarter",
        "read loosely: row 10: due: 'Monthly' kept as the timescale, with no due date",
        "read loosely: row 12: due: '30/09/2025 (revised from 31/03/2025)' read as due "
        "2025-09-30, baseline 2025-03-31",
        "read loosely: row 13: rag: an empty cell filled #FFC000 read as AMBER",
        "read loosely: row 17: due: 'End Oct 24' read as 2024-10-31, the last day of the month",
        "read loosely: row 18: rag: an empty cell filled #92D050 read as GREEN",
        "read loosely: row 18: due: 'Ongoing' kept as the timescale, with no due date",
        "read loosely: row 21: due: 'March 2025' read as 2025-03-31, the last day of the month",
        "read loosely: row 22: due: 'TBC' kept as the timescale, with no due date",
    ]
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"Would set the plan's title: {council.TITLE}",
        "Would add area r1 (R1, ref 1): Improve the quality and timeliness of assessments so "
        "that they reflect children's lived experience",
    ]
    assert lines[5] == (
        "Would add R1-1 (row 8, ref 1.1, done): "
        "Rewrite the assessment template around the child's lived experience"
    )
    assert lines[-1] == (
        "Dry run: would import 11 actions from plan.xlsx (4 new areas); nothing written."
    )
    assert "actions" not in tomllib.loads(Path("improvetrack.toml").read_text(encoding="utf-8"))


def test_importing_the_council_plan_again_adds_and_changes_nothing(
    invoke: Invoke, tmp_path: Path
) -> None:
    assert invoke("init").exit_code == 0
    council.workbook(Path("plan.xlsx"))
    assert invoke("import", "plan.xlsx").exit_code == 0
    before = Path("improvetrack.toml").read_bytes()
    for args in ([], ["--update"]):
        result = invoke("import", "plan.xlsx", *args)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[-1] == (
            "Imported 0 actions from plan.xlsx; 11 already in the register."
        )
        assert Path("improvetrack.toml").read_bytes() == before


def test_an_update_from_the_sheet_goes_through_the_commands_changes(tmp_path: Path) -> None:
    register = imported(council.workbook(tmp_path / "plan.xlsx"))
    rows = council.rows_as_saved()
    for row in rows:
        if row[0] == "1.2":
            row[6] = "Red - trainer off sick"
            row[8] = "Training paused until January"
        if row[0] == "2":
            row[4] = "Director of Children's Services and Education"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    result = add_rows(
        register, parse_sheet(buffer.getvalue(), "plan.csv", AS_OF), STAMP, update=True
    )
    changes = {found.action.id: [e.text for e in found.changes] for found in result.found}
    assert changes["R1-2"] == [
        "reported RAG: amber → red (trainer off sick)",
        "RAG reason: trainer off sick",
        "Training paused until January",
    ]
    entry = register.actions["R1-2"].log[-1]
    assert (entry.field, entry.new) == ("progress", date(2026, 9, 30))
    # The fill colours are not in the CSV: an empty BRAG cell changes nothing.
    assert changes["R2-2"] == changes["R3-3"] == []
    (area,) = result.areas_found
    assert [e.text for e in area.changes] == [
        "sponsor: Director of Children's Services → Director of Children's Services and Education"
    ]


# --- export to Excel -------------------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://evil.example","Click")', "\t=1+1", "@SUM(A1:A9)", "+44 151", "-3"]


def v2_register() -> Register:
    """A plan with every v2 field, and text a spreadsheet would run as a formula."""
    register = store.parse(MINIMAL, "minimal")
    area = register.areas["assessments"]
    area.ref, area.theme, area.sponsor = "1", "Help and protection", AD_CSC
    area.measures = [
        Measure("Assessments graded good", unit="%", baseline=40, target=80, current=55)
    ]
    register.areas["care"] = Area("care", "Care leavers", prefix="CL", ref="2", theme="=THEME")
    register.actions["ASM-1"] = Action(
        id="ASM-1",
        area="assessments",
        title=HOSTILE[0],
        owner=HOSTILE[2],
        status="in-progress",
        due=date(2027, 3, 31),
        baseline_due=date(2027, 1, 31),
        ref="1.1",
        rag="amber",
        rag_reason=HOSTILE[1],
        measure=HOSTILE[3],
        evidence=["a.pdf", "=b.pdf"],
        log=[
            LogEntry(
                datetime(2026, 10, 1, tzinfo=UTC),
                "lead",
                "Half the teams trained",
                field="progress",
                new=date(2026, 10, 1),
            )
        ],
    )
    register.actions["ASM-2"] = Action(
        id="ASM-2", area="assessments", title="Monthly audit", timescale="Monthly", status="done"
    )
    register.actions["CL-1"] = Action(
        id="CL-1",
        area="care",
        title=HOSTILE[4],
        status="blocked",
        blocked_reason="Waiting for the ICB",
        due=date(2026, 10, 1),
        rag="red",
        rag_reason="ICB",
    )
    return register


def xlsx(register: Register) -> Any:
    data = formats.export(compute(register, AS_OF), "xlsx")
    return load_workbook(io.BytesIO(data))


def test_the_excel_export_is_laid_out_for_a_board() -> None:
    book = xlsx(v2_register())
    assert book.sheetnames == ["Actions", "Areas and measures", "Quarters"]
    actions = book["Actions"]
    # The plan's title and the day it is as of, then the header (the first action's row: 5).
    assert actions["A1"].value == "Test plan"
    assert (actions["A2"].value, actions["B2"].value) == ("As at", datetime(2026, 11, 27))
    assert [cell.value for cell in actions[4]] == list(EXPORT_HEADER)
    assert actions.freeze_panes == "B5"
    assert actions.auto_filter.ref == f"A4:X{4 + 3}"
    assert all(cell.font.bold for cell in actions[4])
    column = {name: index + 1 for index, name in enumerate(EXPORT_HEADER)}

    def at(row: int, name: str) -> Any:
        return actions.cell(row=row, column=column[name])

    # Real dates, shown day first.
    assert at(5, "Due").value == datetime(2027, 3, 31)
    assert at(5, "Due").number_format == "dd/mm/yyyy"
    assert at(5, "Baseline due").value == datetime(2027, 1, 31)
    # RAG cells filled in their colour, with the word in them.
    assert at(5, "Reported RAG").value == "AMBER"
    assert at(5, "Reported RAG").fill.fgColor.rgb.endswith("FFC000")
    assert at(7, "RAG").value == "RED"
    assert at(7, "RAG").fill.fgColor.rgb.endswith("C00000")
    assert at(6, "RAG").value == "BLUE"
    # Long text wraps; every column has a width.
    assert at(5, "Title").alignment.wrap_text
    letters = [actions.cell(row=4, column=n).column_letter for n in range(1, 25)]
    assert all(actions.column_dimensions[letter].width >= 8 for letter in letters)
    # Drop-downs for Status and the reported RAG.
    validations = {v.formula1: str(v.sqref) for v in actions.data_validations.dataValidation}
    assert validations == {
        '"not-started,in-progress,blocked,awaiting-sign-off,done,dropped"': "J5:J1000",
        '"BLUE,GREEN,AMBER,RED"': "O5:O1000",
    }
    assert at(5, "Latest update").value == "Half the teams trained"
    assert at(5, "Latest update on").value == datetime(2026, 10, 1)
    areas = book["Areas and measures"]
    assert [c.value for c in areas[2]][:5] == [
        "assessments",
        "1",
        "Help and protection",
        "Assessments",
        AD_CSC,
    ]
    assert areas.cell(row=5, column=2).value == "Measure"
    assert [c.value for c in areas[6]][:7] == [
        "assessments",
        "Assessments graded good",
        "%",
        "higher",
        40,
        80,
        55,
    ]


def test_the_excel_export_writes_text_as_text_never_as_a_formula() -> None:
    data = formats.export(compute(v2_register(), AS_OF), "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )
    assert "<f>" not in xml and "<f " not in xml
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str) and cell.value.lstrip()[:1] in "=+-@":
                    # Shown as text in Excel, and kept as text when someone edits it.
                    assert cell.quotePrefix, (cell.coordinate, cell.value)
    cells = {cell.value for cell in book["Actions"]["H"]}
    assert HOSTILE[0] in cells
    assert " =1+1" in {cell.value for cell in book["Actions"]["P"]}  # the tab made a space


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_register_reproduces_the_plan(
    tmp_path: Path, fmt: str
) -> None:
    original = v2_register()
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(formats.export(compute(original, AS_OF), fmt))
    copy = Register(Plan(title="Copy"))
    found = read_sheet(path, AS_OF)
    assert found.problems == []
    add_rows(copy, found, STAMP)
    store.dumps(copy)

    def kept(action: Action) -> tuple[Any, ...]:
        return (
            action.id,
            action.area,
            action.title,
            action.owner,
            action.status,
            action.due,
            action.baseline_due or action.due,
            action.timescale,
            action.ref,
            action.rag,
            as_read(action.rag_reason),  # as a cell holds it: the tab is a space, trimmed
            action.measure,
            action.evidence,
            action.blocked_reason,
            [(entry.new, entry.text) for entry in action.progress_updates],
        )

    assert [kept(a) for a in copy.actions.values()] == [kept(a) for a in original.actions.values()]
    assert [
        (a.key, a.title, a.id_prefix, a.ref, a.theme, a.sponsor) for a in copy.areas.values()
    ] == [(a.key, a.title, a.id_prefix, a.ref, a.theme, a.sponsor) for a in original.areas.values()]


def test_export_xlsx_through_the_cli_and_back(invoke: Invoke, sample: Path) -> None:
    result = invoke("export", "--format", "xlsx", "--output", "plan.xlsx")
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", "Wrote 18 actions to plan.xlsx\n")
    copy = ["init", "copy.toml", "--title", "Copy", "--next-inspection", "2028-06-30"]
    assert invoke(*copy).exit_code == 0
    result = invoke("-r", "copy.toml", "import", "plan.xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Imported 18 actions from plan.xlsx (4 new areas)."
    assert (
        invoke("-r", "copy.toml", "export").stdout_bytes.split(b"\r\n")[1:]
        == invoke("export").stdout_bytes.split(b"\r\n")[1:]
    )


# --- layouts ---------------------------------------------------------------------------------


def layout(text: str) -> Any:
    return parse_sheet(text, "plan.csv", AS_OF, name="plan.csv")


def test_a_blank_grouping_cell_takes_the_value_above_it() -> None:
    found = layout(
        "Theme,Area,Action\r\nHelp,Assessments,One\r\n,,Two\r\n,Transitions,Three\r\nCare,,Four\r\n"
    )
    assert [(r.title, r.area.text, r.area.theme) for r in found.rows] == [
        ("One", "Assessments", "Help"),
        ("Two", "Assessments", "Help"),
        ("Three", "Transitions", "Help"),
        ("Four", "Transitions", "Help"),  # the area above, whose theme is Help already
    ]


def test_a_theme_column_without_an_area_is_the_area() -> None:
    found = layout("Theme,Action,Lead\r\nHelp,One,A\r\n,Two,B\r\nCare,Three,C\r\n")
    assert [(r.title, r.area.text) for r in found.rows] == [
        ("One", "Help"),
        ("Two", "Help"),
        ("Three", "Care"),
    ]


def test_recommendations_without_an_area_column_are_found_by_their_refs() -> None:
    found = layout(
        "Ref,Action,Lead,Due\r\n"
        "1,Improve assessments,,\r\n"
        "1.1,Rewrite the template,Head of QA,31/03/2027\r\n"
        "1.2,Train staff,,\r\n"
        "2,Improve transitions,,\r\n"
        "2a,Plan at 14,,\r\n"
    )
    assert [(r.ref, r.title, r.area.text, r.area.ref) for r in found.rows] == [
        ("1.1", "Rewrite the template", "Improve assessments", "1"),
        ("1.2", "Train staff", "Improve assessments", "1"),
        ("2a", "Plan at 14", "Improve transitions", "2"),
    ]


@pytest.mark.parametrize(
    ("line", "theme", "area"),
    [
        ("THEME 1: Help and protection", "Help and protection", None),
        ("Theme 2 - Children in care", "Children in care", None),
        ("Strategic priority 3: Leadership", "Leadership", None),
        ("Recommendation 4: Improve supervision", None, ("4", "Improve supervision")),
        ("5. Improve the voice of the child", None, ("5", "Improve the voice of the child")),
        ("Improve management oversight", None, (None, "Improve management oversight")),
    ],
)
def test_heading_rows(line: str, theme: str | None, area: tuple[str | None, str] | None) -> None:
    found = layout(f'Ref,Area,Action,Lead\r\n"{line}",,,\r\n1.1,,Do it,Lead\r\n')
    (row,) = found.rows
    if theme:
        assert found.themes == [(2, theme)]
        assert row.area.text == theme  # actions right under a theme: the theme is the area
    else:
        assert found.themes == []
        assert (row.area.ref, row.area.text) == area


def test_keys_footers_and_blank_rows_are_named_and_skipped() -> None:
    found = layout(
        "Area,Action,BRAG\r\n"
        "A,One,G\r\n"
        ",,\r\n"
        "BRAG key,,\r\n"
        "B = Complete,,\r\n"
        "G = On track,,\r\n"
        "A - At risk,,\r\n"
        ",,\r\n"
        "OFFICIAL-SENSITIVE,,\r\n"
        "Page 3 of 12,,\r\n"
        "Printed 20/11/2026,,\r\n"
    )
    assert [r.title for r in found.rows] == ["One"]
    assert found.skipped == [
        (3, "blank"),
        (4, "a key to the ratings"),
        (5, "a key to the ratings"),
        (6, "a key to the ratings"),
        (7, "a key to the ratings"),
        (8, "blank"),
        (9, "a footer"),
        (10, "a footer"),
        (11, "a footer"),
    ]
    assert found.problems == []


def test_a_lettered_recommendation_is_not_a_line_of_a_key() -> None:
    found = layout("Area,Action\r\nA - Improve leadership,\r\n,Appoint a director\r\n")
    assert found.skipped == []
    assert [(r.title, r.area.text) for r in found.rows] == [
        ("Appoint a director", "A - Improve leadership")
    ]


def test_title_rows_and_a_banner_above_the_header() -> None:
    found = layout(
        "Our improvement plan,,,\r\n"
        ",,,\r\n"
        "Updated 1 November 2026,,,\r\n"
        ",,Progress,\r\n"
        "Area,Action,Update Q2 2026/27,Position at 31/10/2026\r\n"
        "A,One,Started,Half done\r\n"
    )
    assert found.header_row == 5
    assert found.titles == [(1, "Our improvement plan"), (3, "Updated 1 November 2026")]
    assert found.banners == [4]
    (row,) = found.rows
    assert [(u.on, u.text) for u in row.updates] == [
        (date(2026, 9, 30), "Started"),
        (date(2026, 10, 31), "Half done"),
    ]


def test_an_action_with_no_title_is_listed_with_its_row() -> None:
    found = layout("Ref,Area,Action,Lead,Due\r\n1.1,A,One,X,\r\n1.2,A,,Head of QA,soon\r\n")
    assert [str(p) for p in found.problems] == [
        "row 3: title: is empty; every action needs a title",
        "row 3: due: expected a date like 2027-03-31 (forms: YYYY-MM-DD, DD/MM/YYYY, D/M/YY, "
        "DD.MM.YY, DD-MM-YYYY, 31-Mar-2025, 31 March 2025, March 2025, End Oct 24, "
        "Q2 2025/26, +Nd, +Nw, -Nd or -Nw), got 'soon'",
    ]


def test_revised_and_original_date_columns() -> None:
    found = layout(
        "Area,Action,Target date,Revised target date\r\n"
        "A,One,31/03/2025,30/09/2025\r\n"
        "A,Two,31/03/2025,\r\n"
    )
    assert match_columns(["Target date", "Revised target date"]).fields == {
        "due": 1,
        "baseline_due": 0,
    }
    assert [(r.due, r.baseline_due) for r in found.rows] == [
        (date(2025, 9, 30), date(2025, 3, 31)),
        (None, date(2025, 3, 31)),
    ]


def test_a_second_row_with_a_ref_keeps_it_in_the_log_only() -> None:
    register = Register(Plan(title="P"))
    add_rows(register, layout("Ref,Area,Action\r\n1.1,A,One\r\n1.1,A,Two\r\n"), STAMP)
    assert [(a.ref, a.log[0].text) for a in register.actions.values()] == [
        ("1.1", "imported from plan.csv row 2 (ref 1.1)"),
        (None, "imported from plan.csv row 3 (ref 1.1)"),
    ]
    store.dumps(register)


# --- cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rag_column", "status", "rag"),
    [
        ("B", True, "done", "blue"),
        ("G", True, "in-progress", "green"),
        ("A", True, "in-progress", "amber"),
        ("R", True, "in-progress", "red"),
        ("Blue", False, "done", "blue"),
        ("Red - behind schedule", False, "in-progress", "red"),
        ("Amber (on track)", True, "in-progress", "amber"),
        ("Complete", True, "done", "blue"),
        ("Complete", False, "done", None),
        ("Completed", False, "done", None),
        ("Completed and evidenced", True, "done", "blue"),
        ("Not started", True, "not-started", None),
        ("Not yet due", False, "not-started", None),
        ("On track", False, "in-progress", "green"),
        ("At risk", True, "in-progress", "amber"),
        ("Off track", True, "in-progress", "red"),
        ("Red - not started", False, "not-started", "red"),
        ("G/A", True, "in-progress", None),
        ("N/A", True, None, None),
        ("Paused", False, None, None),
    ],
)
def test_brag_and_status_words(
    text: str, rag_column: bool, status: str | None, rag: str | None
) -> None:
    reading = read_progress(text, rag_column=rag_column)
    assert (reading.status, reading.rag) == (status, rag)


@pytest.mark.parametrize(
    ("value", "due", "baseline", "timescale"),
    [
        ("31/3/25", date(2025, 3, 31), None, None),
        ("31.03.25", date(2025, 3, 31), None, None),
        ("31-Mar-2025", date(2025, 3, 31), None, None),
        ("31 March 2025", date(2025, 3, 31), None, None),
        ("March 2025", date(2025, 3, 31), None, None),
        ("End Oct 24", date(2024, 10, 31), None, None),
        ("Q2 2025/26", date(2025, 9, 30), None, None),
        ("31/03/2027 00:00", date(2027, 3, 31), None, None),
        (datetime(2027, 3, 31, 0, 0), date(2027, 3, 31), None, None),
        ("30/09/2025 (revised from 31/03/2025)", date(2025, 9, 30), date(2025, 3, 31), None),
        ("30/09/2025 (was 31/03/2025)", date(2025, 9, 30), date(2025, 3, 31), None),
        ("31/03/2025 revised to 30/09/2025", date(2025, 9, 30), date(2025, 3, 31), None),
        ("Sept 2025 - March 2026", date(2026, 3, 31), None, None),
        ("Ongoing", None, None, "Ongoing"),
        ("Monthly", None, None, "Monthly"),
        ("Quarterly", None, None, "Quarterly"),
        ("TBC", None, None, "TBC"),
        ("Ongoing - reviewed monthly", None, None, "Ongoing - reviewed monthly"),
    ],
)
def test_due_cells(
    value: object, due: date | None, baseline: date | None, timescale: str | None
) -> None:
    read = read_due(value, AS_OF)
    assert (read.due, read.baseline, read.timescale) == (due, baseline, timescale)


@pytest.mark.parametrize(
    ("rgb", "rag"),
    [
        ("FFFF0000", "red"),
        ("C00000", "red"),
        ("FFC7CE", "red"),  # Excel's pale "Bad"
        ("FFC000", "amber"),
        ("FFFF00", "amber"),
        ("ED7D31", "amber"),
        ("FFEB9C", "amber"),  # "Neutral"
        ("00B050", "green"),
        ("92D050", "green"),
        ("C6EFCE", "green"),  # "Good"
        ("0070C0", "blue"),
        ("00B0F0", "blue"),
        ("FFFFFF", None),
        ("D9D9D9", None),
        ("000000", None),
        ("7030A0", None),  # purple
    ],
)
def test_fill_colours(rgb: str, rag: str | None) -> None:
    assert rag_of_colour(rgb) == rag


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("Update Q1 2025/26", date(2025, 6, 30)),
        ("Q2 2025/26 update", date(2025, 9, 30)),
        ("Position at 30/09/2025", date(2025, 9, 30)),
        ("Progress update (Sept 2025)", date(2025, 9, 30)),
        ("Commentary", None),
        ("Update 1", None),
    ],
)
def test_update_columns_are_dated_from_their_header(header: str, day: date | None) -> None:
    assert header_date(header, AS_OF) == day
    assert match_columns(["Action", header]).updates == [(1, day)]


def test_a_theme_and_fill_only_brag_in_a_workbook(tmp_path: Path) -> None:
    from openpyxl.styles import Color, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Area", "Action", "RAG"])
    sheet.append(["Help and protection"])  # no THEME label: a text spanning the row
    sheet.merge_cells("A2:D2")
    sheet.append(["1.1", "Assessments", "One", None])
    sheet.append(["1.2", "Assessments", "Two", None])
    sheet["D3"].fill = PatternFill("solid", fgColor="C6EFCE")
    # A colour of the workbook's theme, as Excel's palette writes it: accent 6 lightened,
    # which in the theme openpyxl writes (Office 2007's) is orange, F79646.
    sheet["D4"].fill = PatternFill("solid", fgColor=Color(theme=9, tint=0.4))
    book.save(tmp_path / "plan.xlsx")
    found = read_sheet(tmp_path / "plan.xlsx", AS_OF)
    assert found.themes == [(2, "Help and protection")]
    assert [(r.title, r.area.theme, r.rag) for r in found.rows] == [
        ("One", "Help and protection", "green"),
        ("Two", "Help and protection", "amber"),
    ]


def test_sheet_choice(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Cover"
    book.active["A1"] = "Our plan"
    for name in ("Plan 2026", "Plan 2025"):
        sheet = book.create_sheet(name)
        sheet.append(["Area", "Action", "Lead"])
        sheet.append(["A", f"From {name}", "X"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    first = read_sheet(path, AS_OF)
    assert (first.worksheet, first.rows[0].title) == ("Plan 2026", "From Plan 2026")
    assert first.notes == ["sheet 'Cover' passed over: no header row in its first 20 rows"]
    named = read_sheet(path, AS_OF, sheet="Plan 2025")
    assert named.rows[0].title == "From Plan 2025"
    with pytest.raises(
        SpreadsheetError, match=r"--sheet Plans: .* its sheets are Cover, Plan 2026"
    ):
        read_sheet(path, AS_OF, sheet="Plans")


# --- bad input -------------------------------------------------------------------------------


def _with_cells(path: Path, cells: dict[str, str]) -> Path:
    """Put raw cell XML into a workbook's first sheet, as Excel saves it: a formula with
    its saved value, or one that refers to another workbook."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode("utf-8")
    for reference, content in cells.items():
        xml, count = re.subn(
            rf'<c r="{reference}"[^>]*>.*?</c>', content.replace("\\", "\\\\"), xml, count=1
        )
        assert count == 1, reference
    parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


def test_a_formula_imports_its_saved_value_never_its_text(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Area", "Action", "Lead", "Due"])
    book.active.append(["Assessments", "placeholder", "placeholder", None])
    book.active.append(["Assessments", "No value saved", "x", None])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    _with_cells(
        path,
        {
            "B2": '<c r="B2" t="str"><f>CONCAT("=Audit ","monthly")</f><v>=Audit monthly</v></c>',
            # A link to another workbook: its saved value, never the link.
            "C2": '<c r="C2" t="str"><f>[1]Staff!A1</f><v>Head of QA</v></c>',
            "B3": '<c r="B3" t="str"><f>UPPER("x")</f></c>',
        },
    )
    found = read_sheet(path, AS_OF)
    (row,) = found.rows
    assert (row.title, row.owner) == ("=Audit monthly", "Head of QA")
    assert [str(p) for p in found.problems] == [
        "Sheet!B3: title: holds the formula '=UPPER(\"x\")' with no saved value; open the "
        "workbook in Excel, let it calculate, save it and import it again"
    ]


def _bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input, with the error it gives."""
    files: dict[str, tuple[Path, str]] = {}
    compound = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    secret = folder / "secret.xlsx"
    secret.write_bytes(compound + "EncryptedPackage".encode("utf-16-le") + bytes(64))
    files["password"] = (secret, "secret.xlsx: the workbook is protected with a password")
    corrupt = folder / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04" + bytes(100))
    files["corrupt"] = (corrupt, "corrupt.xlsx: not a readable Excel workbook (BadZipFile")
    text = folder / "saved-as.xlsx"  # a CSV, in Windows' own encoding, given an Excel name
    text.write_bytes("ID,Title\r\nASM-1,Caf\u00e9 audit\r\n".encode("cp1252"))
    files["text"] = (text, "saved-as.xlsx: this is text, not an Excel workbook; if it is CSV")
    truncated = folder / "truncated.xlsx"
    council.workbook(truncated)
    truncated.write_bytes(truncated.read_bytes()[:2000])
    files["truncated"] = (truncated, "truncated.xlsx: not a readable Excel workbook")
    old = folder / "old.xls"
    old.write_bytes(compound)
    files["xls"] = (old, "old.xls: an old Excel workbook (.xls) is not read; open it in Excel")
    ods = folder / "plan.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    files["ods"] = (ods, "plan.ods: an OpenDocument spreadsheet is not read")
    book = Workbook()
    book.active.title = "Cover"
    book.active["A1"] = "Children's services improvement plan"
    book.create_sheet("Notes")["B3"] = "Draft"
    headless = folder / "headless.xlsx"
    book.save(headless)
    files["no header"] = (headless, "headless.xlsx: no sheet has a header row in its first 20")
    book = Workbook()
    book.active.append(["Area", "Action", "Due"])
    book.active.append(["A", "Early", datetime(1899, 12, 30)])
    early = folder / "early.xlsx"
    book.save(early)
    files["before 1900"] = (early, "Sheet!C2: due: holds a time (00:00:00), not a date")
    book.active["C2"] = datetime(9999, 12, 31)
    late = folder / "late.xlsx"
    book.save(late)
    files["far future"] = (late, "Sheet!C2: due: '31/12/9999' is 9999-12-31, outside the dates")
    huge = folder / "huge.csv"
    huge.write_text(f"Area,Action\r\nA,{'x' * 100_000}\r\n", encoding="utf-8")
    files["100,000 characters"] = (huge, "row 2: title: is 100,000 characters long, more than")
    # A cell read after the row's title, status and dates is checked all the same.
    long_owner = folder / "long-owner.csv"
    long_owner.write_text(f"Area,Action,Owner\r\nA,Audit,{'x' * 40_000}\r\n", encoding="utf-8")
    files["long owner"] = (long_owner, "row 2: owner: is 40,000 characters long, more than")
    for case, header, error, needle in (
        ("formula evidence", "Evidence", "#REF!", "Sheet!C2: evidence: holds #REF!, the error"),
        ("formula update", "Update Nov 2026", "#DIV/0!", "Sheet!C2: progress: 'Update Nov"),
    ):
        book = Workbook()
        book.active.append(["Area", "Action", header])
        book.active.append(["A", "Audit", error])
        broken = folder / f"{case.replace(' ', '-')}.xlsx"
        book.save(broken)
        files[case] = (broken, needle)
    return files


BAD = [
    "password",
    "corrupt",
    "text",
    "truncated",
    "xls",
    "ods",
    "no header",
    "before 1900",
    "far future",
    "100,000 characters",
    "long owner",
    "formula evidence",
    "formula update",
]
BAD_ROWS = (
    "before 1900",
    "far future",
    "100,000 characters",
    "long owner",
    "formula evidence",
    "formula update",
)


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_clear_line_and_nothing_is_written(
    invoke: Invoke, write: Callable[[str], Path], tmp_path: Path, case: str
) -> None:
    register = write(MINIMAL)
    path, needle = _bad_files(tmp_path)[case]
    result = invoke("import", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert needle in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: ")
    if case in BAD_ROWS:
        # A bad row: listed with its place, then the one error line.
        assert needle in result.stderr.splitlines()[-2]
    else:
        assert result.stderr.count("\n") == 1
    assert register.read_text(encoding="utf-8") == MINIMAL


def test_empty_formatted_rows_at_the_bottom_are_one_named_skip(
    invoke: Invoke, tmp_path: Path
) -> None:
    assert invoke("init").exit_code == 0
    council.workbook(Path("plan.xlsx"), blank_formatted_rows=1000)
    result = invoke("import", "plan.xlsx")
    assert result.exit_code == 0, result.output
    assert (
        "skipped rows 23, 26-1025 (blank); row 24 (a key to the ratings); row 25 (a footer)"
        in result.stderr.splitlines()
    )
    assert result.stdout.splitlines()[-1] == "Imported 11 actions from plan.xlsx (4 new areas)."


# --- progress --------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_once_the_work_takes_long_enough() -> None:
    stderr = _Terminal()
    output = Output(stdout=io.StringIO(), stderr=stderr, environ={"NO_COLOR": "1"})
    with output.progress(after=0) as tick:
        tick("Reading rows of plan.xlsx", 500, 1000)
        tick("Reading rows of plan.xlsx", 1000, 1000)
    assert "Reading rows of plan.xlsx" in stderr.getvalue()


def test_progress_stays_quiet_off_a_terminal_and_before_a_second() -> None:
    for stderr, after in ((io.StringIO(), 0.0), (_Terminal(), 60.0)):
        output = Output(stdout=io.StringIO(), stderr=stderr, environ={})
        with output.progress(after=after) as tick:
            tick("Reading", 1, 2)
        assert stderr.getvalue() == ""


def test_every_hostile_string_reaches_excel_as_inert_text(tmp_path: Path) -> None:
    from tests.test_hostile import RAW, hostile_register

    register = hostile_register()
    book = load_workbook(io.BytesIO(formats.export(compute(register, AS_OF), "xlsx")))
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                seen += 1
                assert cell.data_type == "s", cell.coordinate
                assert not RAW.search(cell.value), (cell.coordinate, cell.value)
                if cell.value.lstrip()[:1] in ("=", "+", "-", "@"):
                    assert cell.quotePrefix, (cell.coordinate, cell.value)
    assert seen > len(register.actions) * 5
    # And it imports back: text as text, nothing evaluated.
    copy = Register(Plan(title="Copy"))
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(formats.export(compute(register, AS_OF), "xlsx"))
    found = read_sheet(path, AS_OF)
    add_rows(copy, found, STAMP, skip_invalid=True)
    assert len(copy.actions) == len(found.rows) > 0


def test_a_workbook_is_not_written_to_a_terminal(
    invoke: Invoke, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Output, "is_terminal", property(lambda self: True))
    result = invoke("export", "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --format xlsx: a workbook is not text; write it with --output FILE.xlsx\n"
    )
    assert invoke("export", "--format", "xlsx", "--output", "plan.xlsx").exit_code == 0


def test_ids_for_many_rows_are_issued_as_issue_id_issues_them() -> None:
    register = store.parse(MINIMAL, "minimal")
    area = register.areas["assessments"]
    area.last_id = 7  # ASM-1..7 were issued, and ASM-7 deleted since
    register.actions["ASM-3"] = Action(id="ASM-3", area="assessments", title="Kept")
    issuer = register.issuer()
    assert issuer.issued("ASM-7", area) and issuer.issued("ASM-3", area)
    assert not issuer.issued("ASM-8", area)
    assert [issuer.issue(area) for _ in range(2)] == ["ASM-8", "ASM-9"]
    assert issuer.issue(area, "ASM-20") == "ASM-20"
    assert issuer.issue(area) == "ASM-21"
    assert area.last_id == 21
    with pytest.raises(AssertionError):
        issuer.issue(area, "ASM-5")  # issued before, to an action since deleted
