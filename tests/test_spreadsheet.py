"""The spreadsheet round trip: `import` from CSV and `export` to it, core and CLI."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from improvetrack.errors import SpreadsheetError, UsageError
from improvetrack.figures.progress import compute
from improvetrack.files import store
from improvetrack.model import changes
from improvetrack.model.changes import Stamp
from improvetrack.model.register import Action, Area, Plan, Register
from improvetrack.model.text import safe
from improvetrack.render import formats
from improvetrack.sheets import (
    EXPORT_HEADER,
    RowProblem,
    Sheet,
    add_rows,
    area_key,
    cell,
    column_letter,
    match_columns,
    parse_mapping,
    parse_sheet,
    read_sheet,
    status_of,
)
from tests.conftest import MINIMAL, SAMPLE, Invoke

AS_OF = date(2026, 11, 27)


def export(register: Register, as_of: date, fmt: str = "csv") -> bytes:
    return formats.export(compute(register, as_of), fmt)


def export_csv(register: Register, as_of: date) -> bytes:
    return export(register, as_of)


STAMP = Stamp(by="tester", at=datetime(2026, 11, 27, tzinfo=UTC), today=AS_OF)
HEADER = "Ref,Area,Action,Lead,Target date,RAG status,Success criteria,Evidence\r\n"
# What an import prints on stderr first about an export: its header, and what it ignores.
EXPORT_NOTES = [
    "header row 1: the columns `improvetrack export` writes",
    "ignored columns: RAG, Overdue",
]
# What `import --update` says of a sheet that does not say when it was made.
NO_DATE = (
    "no date of its own (an 'Updated' or 'as at' cell; or give --sheet-date): "
    "what the register changed since the sheet was made is not compared"
)


def sheet(text: str, mapping: dict[str, str] | None = None) -> Sheet:
    return parse_sheet(text, "plan.csv", AS_OF, mapping, name="plan.csv")


def empty() -> Register:
    return Register(Plan(title="Imported plan"))


def minimal() -> Register:
    return store.parse(MINIMAL, "minimal")


def rows_of(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def fields(action: Action) -> dict[str, Any]:
    """What an export and an import must keep of an action."""
    return {
        "id": action.id,
        "area": action.area,
        "title": action.title,
        "owner": action.owner,
        "status": action.status,
        "due": action.due,
        "measure": action.measure,
        "evidence": action.evidence,
        "blocked_reason": action.blocked_reason,
        "dropped_reason": action.dropped_reason,
        "completed": action.completed,
        "signed_off_by": action.signed_off_by,
    }


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ref", "ref"),
        ("ID", "id"),
        ("Reference", "ref"),
        ("Action ref", "ref"),
        ("Area", "area"),
        ("Recommendation", "area"),
        ("Theme", "theme"),
        ("Workstream", "theme"),
        ("Sponsor", "sponsor"),
        ("SRO", "sponsor"),
        ("Accountable director", "sponsor"),
        ("Priority area", "area"),
        ("Action", "title"),
        ("Title", "title"),
        ("Description", "title"),
        ("Action description", "title"),
        ("Lead", "owner"),
        ("Owner", "owner"),
        ("Responsible officer", "owner"),
        ("Responsible", "owner"),
        ("Due", "due"),
        ("Target date", "due"),
        ("Deadline", "due"),
        ("Due date", "due"),
        ("Timescale", "due"),
        ("Status", "status"),
        ("RAG", "rag"),
        ("BRAG", "rag"),
        ("Reported RAG", "rag"),
        ("RAG reason", "rag_reason"),
        ("Baseline due", "baseline_due"),
        ("Original target date", "baseline_due"),
        ("Progress status", "status"),
        ("Measure", "measure"),
        ("Success criteria", "measure"),
        ("Measure of success", "measure"),
        ("Impact measure", "measure"),
        ("Evidence", "evidence"),
        ("Blocked reason", "reason"),
        ("Reason", "reason"),
        # Case, spacing and punctuation do not matter.
        ("TARGET  DATE", "due"),
        ("target-date:", "due"),
        (" responsible_officer ", "owner"),
        ("Ref.", "ref"),
        ("R.A.G.", "rag"),
    ],
)
def test_council_headers_are_recognised(header: str, field: str) -> None:
    assert match_columns([header]).fields == {field: 0}


def test_status_and_rag_are_two_fields_and_the_loser_of_one_is_reported() -> None:
    columns = match_columns(["RAG", "Action", "Status", "Area", "Reported RAG"])
    assert columns.fields == {"status": 2, "title": 1, "area": 3, "rag": 4}
    # An export's own "RAG" is worked out; its "Reported RAG" is what the lead said.
    assert columns.ignored == [0]


def test_unknown_and_headerless_columns_are_listed() -> None:
    found = sheet(
        "Area,Action,Comments,,Directorate\r\n"
        "Assessments,Audit,keep an eye,stray note,Children's\r\n"
        "Assessments,Train,,,,,overflow\r\n"
    )
    assert found.ignored == [
        "Comments",
        "Directorate",
        "column D (no header)",
        "column G (no header)",
    ]
    assert [row.title for row in found.rows] == ["Audit", "Train"]


def test_column_letters_are_as_a_spreadsheet_names_them() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_map_overrides_and_extends_the_names() -> None:
    mapping = parse_mapping(["Officer=owner", "Description = measure", "Workstream=area-title"])
    assert mapping == {"Officer": "owner", "Description": "measure", "Workstream": "area_title"}
    found = sheet(
        "Area,Action,Description,Officer,Workstream\r\n"
        "ASM,Audit monthly,80% graded good,Head of QA,Assessments\r\n",
        mapping,
    )
    (row,) = found.rows
    assert (row.title, row.measure, row.owner) == ("Audit monthly", "80% graded good", "Head of QA")
    assert (row.area.text, row.area.title) == ("ASM", "Assessments")
    assert found.ignored == []


def test_map_can_take_a_field_from_a_recognised_column() -> None:
    found = sheet("Area,Action,Summary\r\nAssessments,A1,Short title\r\n", {"Summary": "title"})
    assert found.rows[0].title == "Short title"
    assert found.ignored == ["Action"]


@pytest.mark.parametrize(
    ("pair", "needle"),
    [
        (
            "Officer=boss",
            "unknown field 'boss'; expected one of id, ref, area, area_ref, area_title",
        ),
        ("Officer", "expected HEADER=field"),
        ("=owner", "expected HEADER=field"),
    ],
)
def test_map_refuses_what_it_cannot_use(pair: str, needle: str) -> None:
    with pytest.raises(UsageError, match=needle):
        parse_mapping([pair])


def test_map_of_a_missing_column_names_the_columns_there_are() -> None:
    with pytest.raises(UsageError, match=r"no column 'Officer' .*'Area', 'Action'"):
        sheet("Area,Action\r\nAssessments,Audit\r\n", {"Officer": "owner"})


def test_title_rows_above_the_header_are_skipped() -> None:
    found = sheet(
        "Children's services improvement plan,,\r\n"
        "Updated 20/11/2026,,\r\n"
        ",,\r\n"
        "Ref,Area,Action\r\n"
        "1.1,Assessments,Audit monthly\r\n"
    )
    assert found.header_row == 4
    assert [(row.number, row.title) for row in found.rows] == [(5, "Audit monthly")]


def test_a_sheet_without_a_title_column_says_how_to_name_one() -> None:
    with pytest.raises(SpreadsheetError) as caught:
        sheet("Ref,Area,Notes\r\n1,Assessments,x\r\n")
    message = str(caught.value)
    assert message.startswith("plan.csv: row 1 has no column for the action's title")
    assert "'Ref', 'Area', 'Notes'" in message
    assert "--map HEADER=title" in message


def test_a_semicolon_separated_file_says_how_to_save_it() -> None:
    with pytest.raises(SpreadsheetError, match="';' separators; expected columns separated by"):
        sheet("Ref;Area;Action\r\n1;Assessments;Audit\r\n")


def test_a_cell_too_large_for_csv_is_a_clear_error() -> None:
    huge = "x" * (csv.field_size_limit() + 1)
    with pytest.raises(SpreadsheetError, match=r"plan\.csv:2: not readable as CSV"):
        sheet(f"Area,Action\r\nAssessments,{huge}\r\n")


# --- statuses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("", "not-started"),
        ("Not started", "not-started"),
        ("not-started", "not-started"),
        ("In progress", "in-progress"),
        ("in_progress", "in-progress"),
        ("Started", "in-progress"),
        ("On track", "in-progress"),
        ("Green", "in-progress"),
        ("AMBER", "in-progress"),
        ("Red", "in-progress"),
        ("Blue", "done"),
        ("Complete", "done"),
        ("Completed", "done"),
        ("done", "done"),
        ("Awaiting sign-off", "awaiting-sign-off"),
        ("Blocked", "blocked"),
        ("On hold", "blocked"),
        ("Dropped", "dropped"),
        ("Closed - not required", "dropped"),
        # Colour and words together: the words decide.
        ("Blue - complete", "done"),
        ("Amber (on track)", "in-progress"),
        ("Red - not started", "not-started"),
        ("Green/Amber", "in-progress"),
        # Unclear: words that disagree, or words it does not know.
        ("Complete - in progress", None),
        ("Paused", None),
        ("N/A", None),
    ],
)
def test_spreadsheet_status_words(written: str, status: str | None) -> None:
    assert status_of(written) == status


def test_blocked_needs_a_reason_column() -> None:
    found = sheet("Area,Action,Status\r\nAssessments,Audit,Blocked\r\n")
    assert found.rows == []
    assert [str(p) for p in found.problems] == [
        "row 2: status: 'Blocked' needs a reason; add a 'Blocked reason' column"
    ]
    found = sheet(
        "Area,Action,Status,Blocked reason\r\nAssessments,Audit,On hold,ICT change pending\r\n"
    )
    (row,) = found.rows
    assert (row.status, row.reason) == ("blocked", "ICT change pending")


def test_dropped_takes_its_reason_from_a_column_or_from_the_status_itself() -> None:
    found = sheet(
        "Area,Action,Status,Reason\r\n"
        "Assessments,A,Closed - not required,\r\n"
        "Assessments,B,Withdrawn,Replaced by B2\r\n"
        "Assessments,C,Dropped,\r\n"
        "Assessments,D,Green,a reason that is not needed\r\n"
    )
    assert [(r.title, r.status, r.reason) for r in found.rows] == [
        ("A", "dropped", "Closed - not required"),
        ("B", "dropped", "Replaced by B2"),
        ("D", "in-progress", None),
    ]
    assert [str(p) for p in found.problems] == [
        "row 4: status: 'Dropped' needs a reason; write it in the 'Reason' column"
    ]


def test_an_unknown_status_names_the_right_ones() -> None:
    (problem,) = sheet("Area,Action,Status\r\nA,B,Paused\r\n").problems
    assert str(problem).startswith("row 2: status: unknown status 'Paused'; expected one of")
    assert "not-started, in-progress" in str(problem)


# --- dates -----------------------------------------------------------------------------------


def test_mixed_date_formats_are_read() -> None:
    found = sheet(
        "Area,Action,Due\r\n"
        "A,iso,2027-03-31\r\n"
        "A,uk,31/03/2027\r\n"
        "A,uk short,1/4/2027\r\n"
        "A,excel,31/03/2027 00:00\r\n"
        "A,excel seconds,31/03/2027 00:00:00\r\n"
        "A,iso time,2027-03-31T00:00:00\r\n"
        "A,none,\r\n"
    )
    assert found.problems == []
    assert [row.due for row in found.rows] == [
        date(2027, 3, 31),
        date(2027, 3, 31),
        date(2027, 4, 1),
        date(2027, 3, 31),
        date(2027, 3, 31),
        date(2027, 3, 31),
        None,
    ]


def test_a_bad_date_makes_its_row_invalid_with_the_spreadsheet_row_number() -> None:
    found = sheet(
        "Area,Action,Due\r\nA,fine,2027-03-31\r\nA,vague,soon\r\nA,us order,03/31/2027\r\n"
    )
    assert [row.title for row in found.rows] == ["fine"]
    assert found.invalid_rows == [3, 4]
    vague, us_order = (str(p) for p in found.problems)
    assert vague.startswith("row 3: due: expected a date like 2027-03-31")
    assert vague.endswith("got 'soon'")
    assert us_order.startswith("row 4: due: '03/31/2027' is not a real date")


def test_every_problem_of_a_row_is_listed() -> None:
    found = sheet("Area,Action,Due,Status\r\n,,soon,Paused\r\n")
    assert [(p.number, p.field) for p in found.problems] == [
        (2, "title"),
        (2, "area"),
        (2, "status"),
        (2, "due"),
    ]


# --- robustness ------------------------------------------------------------------------------


def test_utf8_with_bom_and_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    title = "Hear the child\u2019s voice"
    text = f"Ref,Area,Action,Lead\r\nASM-1,Assessments,{title},Zoë Ó Brien\r\n"
    path.write_bytes(text.encode("utf-8-sig"))
    found = read_sheet(path, AS_OF)
    assert found.ignored == []
    (row,) = found.rows
    # A ref that is an action ID, in a sheet with no ID column, asks for that ID.
    assert (row.id, row.ref, row.title, row.owner) == ("ASM-1", None, title, "Zoë Ó Brien")


def test_unix_and_old_mac_line_endings(tmp_path: Path) -> None:
    for ending in ("\n", "\r"):
        found = sheet(ending.join(["Area,Action", "A,one", "A,two", ""]))
        assert [row.title for row in found.rows] == ["one", "two"]


@pytest.mark.parametrize("content", [b"", "\ufeff".encode(), b"\r\n\r\n", b",,,\r\n , ,\r\n"])
def test_an_empty_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=r"plan\.csv: is empty; expected a header row"):
        read_sheet(path, AS_OF)


def test_a_header_only_file_imports_nothing() -> None:
    found = sheet(HEADER)
    assert (found.rows, found.problems) == ([], [])
    register = minimal()
    result = add_rows(register, found, STAMP)
    assert (result.actions, result.areas) == ([], [])
    assert store.dumps(register) == store.dumps(minimal())


def test_formulas_are_imported_as_plain_text() -> None:
    found = sheet(
        "Area,Action,Lead,Success criteria\r\n"
        'Assessments,"=HYPERLINK(""http://x.example"",""click"")",+44 151 000,-5% on last year\r\n'
        "Assessments,@SUM(A1:A9),'=1+1,'-3\r\n"
    )
    first, second = found.rows
    assert first.title == '=HYPERLINK("http://x.example","click")'
    assert (first.owner, first.measure) == ("+44 151 000", "-5% on last year")
    # A leading ' that guards a formula is dropped, as `export` writes it.
    assert (second.title, second.owner, second.measure) == ("@SUM(A1:A9)", "=1+1", "-3")


def test_rows_of_different_lengths() -> None:
    found = sheet(
        "Ref,Area,Action,Lead,Target date\r\n"
        "1,Assessments,Short row\r\n"
        "2,Assessments,Full row,Head of QA,31/03/2027\r\n"
        "3,Assessments,Long row,Head of QA,31/03/2027,stray,\r\n"
    )
    short, full, long = found.rows
    assert (short.owner, short.due) == (None, None)
    assert (full.owner, full.due) == ("Head of QA", date(2027, 3, 31))
    assert long.due == date(2027, 3, 31)
    assert found.ignored == ["column F (no header)"]


def test_cells_over_several_lines() -> None:
    found = sheet(
        'Area,Action,Evidence\r\nAssessments,"Audit\nmonthly","a.pdf\nb.pdf;  c.pdf ;"\r\n'
    )
    (row,) = found.rows
    assert row.title == "Audit monthly"
    assert row.evidence == ("a.pdf", "b.pdf", "c.pdf")


def test_blank_rows_are_passed_over_and_rows_keep_their_numbers() -> None:
    found = sheet("Area,Action,Due\r\n\r\n,,\r\nA,late row,soon\r\n")
    assert [str(p).split(":")[0] for p in found.problems] == ["row 4"]


def test_non_utf8_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes("Area,Action\r\nFinance,Save £2m\r\n".encode("cp1252"))
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(path, AS_OF)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: not UTF-8 text (byte 0xa3)")
    assert "CSV UTF-8" in message


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match="no such file"):
        read_sheet(tmp_path / "nope.csv", AS_OF)


# --- adding rows to a register ---------------------------------------------------------------


def test_areas_are_created_from_distinct_values() -> None:
    register = empty()
    result = add_rows(
        register,
        sheet(
            "Area,Action\r\n"
            "Social work assessments,One\r\n"
            "Children\u2019s transitions to adult services,Two\r\n"
            "social work assessments,Three\r\n"
        ),
        STAMP,
    )
    assert [(a.key, a.title, a.prefix) for a in result.areas] == [
        ("social-work-assessments", "Social work assessments", "SWA"),
        (
            "childrens-transitions-adult",
            "Children\u2019s transitions to adult services",
            "CTA",
        ),
    ]
    assert [(a.action.id, a.action.area) for a in result.actions] == [
        ("SWA-1", "social-work-assessments"),
        ("CTA-1", "childrens-transitions-adult"),
        ("SWA-2", "social-work-assessments"),
    ]
    store.dumps(register)  # the result is a valid register


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Assessments", "assessments"),
        ("Transitions to adult services", "transitions-to-adult-services"),
        ("Children's services: Education & Care", "childrens-services-education"),
        ("Égalité", "egalite"),
        ("!!!", "area"),
        # A recommendation's sentence gives the first words that say what it is about.
        (
            "Improve the quality of assessments so that they take account of lived experience",
            "assessments-lived-experience",
        ),
        ("Improve the response to homeless 16 and 17 year olds", "homeless-16-17"),
        ("Improve the quality and timeliness of assessments", "assessments"),
    ],
)
def test_area_keys(text: str, key: str) -> None:
    assert area_key(text) == key
    assert len(key) <= 40


def test_existing_areas_are_found_by_key_or_title() -> None:
    register = store.parse(SAMPLE.read_text(encoding="utf-8"), "sample")
    result = add_rows(
        register,
        sheet(
            "Area,Action\r\n"
            "assessments,By key\r\n"
            "Education of children in care,By title\r\n"
            "TRANSITIONS,By key in capitals\r\n"
        ),
        STAMP,
    )
    assert result.areas == []
    assert [a.action.id for a in result.actions] == ["ASM-6", "EDU-6", "TRN-5"]


def test_new_prefixes_are_made_unique() -> None:
    register = minimal()
    register.areas["assets"] = Area(key="assets", title="Assets", prefix="AST")
    result = add_rows(register, sheet("Area,Action\r\nAssistance,Help\r\n"), STAMP)
    # derive_prefix("assistance") is "AST", which "assets" already holds.
    (area,) = result.areas
    assert area.prefix == "AST2"
    assert result.actions[0].action.id == "AST2-1"


def test_refs_are_kept_when_free_and_replaced_when_not() -> None:
    register = minimal()
    register.actions["ASM-1"] = Action(id="ASM-1", area="assessments", title="Existing")
    result = add_rows(
        register,
        sheet(
            "Ref,Area,Action\r\n"
            "1.2,assessments,Council numbering\r\n"
            "ASM-1,assessments,Taken\r\n"
            "asm-5,assessments,Free\r\n"
            "ASM-5,assessments,Twice in the sheet\r\n"
            "EDU-1,assessments,Another area's prefix\r\n"
        ),
        STAMP,
    )
    assert [(a.row, a.action.id, a.ref) for a in result.actions] == [
        (2, "ASM-6", "1.2"),
        (4, "ASM-5", None),
        (5, "ASM-7", "ASM-5"),
        (6, "ASM-8", "EDU-1"),
    ]
    # A ref that is an action's ID is that action: the row is not added again.
    assert [(f.row, f.action.id, f.differs) for f in result.found] == [(3, "ASM-1", ("title",))]
    assert register.actions["ASM-1"].title == "Existing"
    assert register.actions["ASM-6"].log[0].text == "imported from plan.csv row 2 (ref 1.2)"
    assert register.actions["ASM-5"].log[0].text == "imported from plan.csv row 4"
    assert list(register.actions) == ["ASM-1", "ASM-5", "ASM-6", "ASM-7", "ASM-8"]


def test_a_new_area_keeps_the_prefix_of_its_refs() -> None:
    register = empty()
    result = add_rows(register, sheet("Ref,Area,Action\r\nEDU-3,Education,PEPs\r\n"), STAMP)
    assert (result.areas[0].prefix, result.actions[0].action.id) == ("EDU", "EDU-3")


def test_imported_actions_are_logged_and_stamped() -> None:
    register = minimal()
    add_rows(
        register,
        sheet(
            "Ref,Area,Action,Lead,Target date,RAG status,Success criteria,Evidence,Reason\r\n"
            "ASM-4,assessments,Audit,Head of QA,31/03/2027,Blocked,80% good,a.pdf; b.pdf,ICT\r\n"
        ),
        STAMP,
    )
    action = register.actions["ASM-4"]
    assert fields(action) | {"created": action.created} == {
        "id": "ASM-4",
        "area": "assessments",
        "title": "Audit",
        "owner": "Head of QA",
        "status": "blocked",
        "due": date(2027, 3, 31),
        "measure": "80% good",
        "evidence": ["a.pdf", "b.pdf"],
        "blocked_reason": "ICT",
        "dropped_reason": None,
        "completed": None,
        "signed_off_by": None,
        "created": AS_OF,
    }
    (entry,) = action.log
    assert (entry.at, entry.by, entry.text) == (STAMP.at, "tester", "imported from plan.csv row 2")


def test_done_waits_for_sign_off_when_the_plan_requires_it() -> None:
    register = minimal()
    register.plan.require_sign_off = True
    add_rows(
        register,
        sheet(
            "Area,Action,Status,Signed off by\r\n"
            "assessments,Not yet accepted,Complete,\r\n"
            "assessments,Accepted,Complete,Director\r\n"
        ),
        STAMP,
    )
    assert [a.status for a in register.actions.values()] == ["awaiting-sign-off", "done"]


def test_all_or_nothing() -> None:
    register = minimal()
    before = store.dumps(register)
    found = sheet("Area,Action,Due\r\nassessments,Good,31/03/2027\r\nassessments,Bad,soon\r\n")
    with pytest.raises(SpreadsheetError) as caught:
        add_rows(register, found, STAMP)
    assert str(caught.value) == (
        "plan.csv: 1 invalid row (listed above); nothing imported. "
        "Fix it, or use --skip-invalid to import the 1 valid row"
    )
    assert store.dumps(register) == before


def test_skip_invalid_imports_the_rest() -> None:
    register = minimal()
    found = sheet(
        "Area,Action,Due\r\n"
        ",No area,\r\n"  # with no area above it to take either
        "assessments,Good,31/03/2027\r\n"
        "assessments,Bad,soon\r\n"
        "assessments,Also good,\r\n"
    )
    result = add_rows(register, found, STAMP, skip_invalid=True)
    assert result.skipped == [2, 4]
    assert [a.action.title for a in result.actions] == ["Good", "Also good"]
    assert [a.title for a in register.actions.values()] == ["Good", "Also good"]


def test_skip_invalid_with_no_valid_row_is_an_error_not_an_import_of_nothing() -> None:
    register = minimal()
    before = store.dumps(register)
    found = sheet("Area,Action,Due\r\nassessments,Bad,soon\r\nassessments,Worse,later\r\n")
    with pytest.raises(SpreadsheetError) as caught:
        add_rows(register, found, STAMP, skip_invalid=True)
    assert str(caught.value) == (
        "plan.csv: no valid row: 2 invalid rows (listed above); nothing imported"
    )
    assert store.dumps(register) == before


# --- importing again: rows for actions the register holds -----------------------------------


def sample_register() -> Register:
    return store.parse(SAMPLE.read_text(encoding="utf-8"), "sample")


def edited(data: bytes, action_id: str, cells: dict[str, str]) -> str:
    """An export as text, with cells of one action's row changed as someone would in Excel."""
    rows = rows_of(data)
    for row in rows[1:]:
        if row[0] == action_id:
            for name, value in cells.items():
                row[rows[0].index(name)] = value
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


COUNCIL = (
    "Action ref,Recommendation,Action,Lead officer,Target date,BRAG\r\n"
    "1.1,Social work assessments,Rewrite the template,Service Manager,31/10/2026,Blue\r\n"
    "1.2,Social work assessments,Train social workers,Workforce Manager,31/01/2027,Green\r\n"
    "1.3,Social work assessments,Review,,,\r\n"
    "1.4,Social work assessments,Review,,,\r\n"
    "EDU-1,Assessments,A ref with another area's prefix,,,\r\n"
    "2.1,Transitions,Start planning at 14,Head of Service,2028-03-31,Amber\r\n"
)


def test_importing_a_sheet_twice_adds_nothing_the_second_time() -> None:
    register = minimal()
    first = add_rows(register, sheet(COUNCIL), STAMP)
    assert [a.action.id for a in first.actions] == [
        "SWA-1",
        "SWA-2",
        "SWA-3",
        "SWA-4",
        "ASM-1",
        "TRN-1",
    ]
    text = store.dumps(register)
    again = add_rows(register, sheet(COUNCIL), STAMP)
    assert (again.actions, again.areas, again.skipped) == ([], [], [])
    # Found by title within the area, each action once: the sheet's two "Review" rows
    # made two actions, and find both again.
    assert [(f.row, f.action.id, f.ref, f.differs, f.changes) for f in again.found] == [
        (2, "SWA-1", "1.1", (), ()),
        (3, "SWA-2", "1.2", (), ()),
        (4, "SWA-3", "1.3", (), ()),
        (5, "SWA-4", "1.4", (), ()),
        (6, "ASM-1", "EDU-1", (), ()),
        (7, "TRN-1", "2.1", (), ()),
    ]
    assert store.dumps(register) == text


def test_the_samples_export_imported_into_the_sample_adds_and_changes_nothing() -> None:
    register = sample_register()
    text = store.dumps(register)
    for update in (False, True):
        data = export_csv(register, AS_OF)
        result = add_rows(register, sheet(data.decode("utf-8-sig")), STAMP, update=update)
        assert (result.actions, result.areas, result.skipped) == ([], [], [])
        assert [f.action.id for f in result.found] == [row[0] for row in rows_of(data)[1:]]
        assert [(f.ref, f.differs, f.changes) for f in result.found] == [(None, (), ())] * 18
        assert store.dumps(register) == text


def test_a_row_without_an_id_finds_the_action_with_its_title_in_its_area() -> None:
    register = sample_register()
    result = add_rows(
        register,
        sheet(
            "Ref,Area,Action\r\n"
            "3.1,Social work assessments,"
            "  run MONTHLY themed audits of assessments with family feedback \r\n"
            ",assessments,Record the child's own words in every assessment summary\r\n"
            "ASM-99,assessments,"
            "Introduce a direct-work toolkit for assessing children under five\r\n"
            ",transitions,Run monthly themed audits of assessments with family feedback\r\n"
        ),
        STAMP,
    )
    assert [(f.row, f.action.id, f.ref) for f in result.found] == [
        (2, "ASM-3", "3.1"),
        (3, "ASM-4", None),
        (4, "ASM-5", "ASM-99"),
    ]
    # The same title in another area is another action.
    assert [(a.row, a.action.id) for a in result.actions] == [(5, "TRN-5")]


def test_without_update_a_found_row_says_where_the_sheet_differs() -> None:
    register = sample_register()
    text = store.dumps(register)
    data = export_csv(register, AS_OF)
    changed = edited(data, "ASM-2", {"Due": "31/03/2027", "Owner": "Head of Service"})
    result = add_rows(register, sheet(changed), STAMP)
    found = {f.action.id: f for f in result.found}
    assert (found["ASM-2"].differs, found["ASM-2"].changes) == (("owner", "due"), ())
    assert [f.action.id for f in result.found if f.differs] == ["ASM-2"]
    assert store.dumps(register) == text


def test_update_changes_what_the_sheet_says_differently_as_update_and_block_would() -> None:
    register = sample_register()
    data = export_csv(register, AS_OF)
    evidence = rows_of(data)[2][EXPORT_HEADER.index("Evidence")]
    changed = edited(
        data,
        "ASM-2",
        {
            "Title": "Train every social worker in lived-experience practice",
            "Owner": "",
            "Due": "31/03/2027",
            "Measure": "All social workers trained",
            "Evidence": f"{evidence}; evidence/cohort-5.pdf",
            "Status": "On hold",
            "Reason": "Trainer on leave until January",
        },
    )
    result = add_rows(register, sheet(changed), STAMP, update=True)
    (found,) = [f for f in result.found if f.changes]
    assert [entry.text for entry in found.changes] == [
        "title: Train all social workers in lived-experience assessment practice → "
        "Train every social worker in lived-experience practice",
        "owner: Workforce Development Manager → (none)",
        "due: 2027-01-31 → 2027-03-31",
        "measure: 95% of social workers in assessment and locality teams complete the "
        "training → All social workers trained",
        "evidence added: evidence/cohort-5.pdf",
        "status: in-progress → blocked (Trainer on leave until January)",
    ]
    # The same changes, logged the same way, as `improvetrack update` and `block` make.
    expected = sample_register()
    changes.update_action(
        expected,
        "ASM-2",
        changes.Update(
            title="Train every social worker in lived-experience practice",
            owner="",
            due=date(2027, 3, 31),
            measure="All social workers trained",
            evidence=("evidence/cohort-5.pdf",),
        ),
        STAMP,
    )
    changes.set_status(expected, "ASM-2", "blocked", STAMP, reason="Trainer on leave until January")
    assert store.dumps(register) == store.dumps(expected)
    *_, entry = [e for e in register.actions["ASM-2"].log if e.field == "due"]
    assert (entry.at, entry.by, entry.old, entry.new) == (
        STAMP.at,
        "tester",
        date(2027, 1, 31),
        date(2027, 3, 31),
    )


def test_update_leaves_alone_what_the_sheet_has_no_column_for() -> None:
    register = sample_register()
    before = fields(register.actions["ASM-2"])
    result = add_rows(
        register,
        sheet("Ref,Area,Action\r\nASM-2,assessments,Train everyone\r\n"),
        STAMP,
        update=True,
    )
    assert [e.text for e in result.found[0].changes] == [
        "title: Train all social workers in lived-experience assessment practice → Train everyone"
    ]
    assert fields(register.actions["ASM-2"]) == before | {"title": "Train everyone"}


def test_update_ignores_the_columns_an_export_works_out() -> None:
    register = sample_register()
    text = store.dumps(register)
    data = export_csv(register, AS_OF)
    changed = edited(data, "ASM-2", {"RAG": "BLUE", "Overdue": "yes", "Area title": "Other"})
    result = add_rows(register, sheet(changed), STAMP, update=True)
    assert [f for f in result.found if f.differs or f.changes] == []
    assert store.dumps(register) == text


def test_update_keeps_the_sign_off_rules() -> None:
    register = minimal()
    register.plan.require_sign_off = True
    for number, status in enumerate(["in-progress", "awaiting-sign-off", "in-progress"], 1):
        action_id = f"ASM-{number}"
        register.actions[action_id] = Action(
            id=action_id, area="assessments", title=action_id, owner="Lead", status=status
        )
    register.actions["ASM-4"] = Action(
        id="ASM-4",
        area="assessments",
        title="ASM-4",
        status="done",
        completed=date(2026, 10, 1),
        signed_off_by="Director",
    )
    result = add_rows(
        register,
        sheet(
            "ID,Area,Title,Status,Signed off by\r\n"
            "ASM-1,assessments,ASM-1,Complete,\r\n"
            "ASM-2,assessments,ASM-2,Complete,\r\n"
            "ASM-3,assessments,ASM-3,Complete,Director\r\n"
            "ASM-4,assessments,ASM-4,Complete,\r\n"
        ),
        STAMP,
        update=True,
    )
    assert [[e.text for e in f.changes] for f in result.found] == [
        # Done waits for sign-off on this plan, as `improvetrack done` does...
        ["status: in-progress → awaiting-sign-off"],
        # ...so "Complete" with nobody signing off is what the register says already.
        [],
        # A name under "Signed off by" signs it off, as `improvetrack sign-off` does.
        [
            "status: in-progress → awaiting-sign-off",
            "status: awaiting-sign-off → done (signed off by Director)",
        ],
        [],
    ]
    signed = register.actions["ASM-3"]
    assert (signed.status, signed.completed, signed.signed_off_by) == ("done", AS_OF, "Director")
    assert register.actions["ASM-4"].signed_off_by == "Director"


def test_an_update_giving_a_ref_another_action_has_is_refused_as_update_refuses_it() -> None:
    register = minimal()
    for number, ref in ((1, "1.1"), (2, None)):
        register.actions[f"ASM-{number}"] = Action(
            id=f"ASM-{number}", area="assessments", title=f"Action {number}", ref=ref
        )
    problems: list[RowProblem] = []
    with pytest.raises(SpreadsheetError):
        add_rows(
            register,
            sheet("ID,Area,Title,Ref\r\nASM-2,assessments,Action 2,1.1\r\n"),
            STAMP,
            update=True,
            on_problem=problems.append,
        )
    # The words `improvetrack update ASM-2 --ref 1.1` refuses it with.
    assert [str(p) for p in problems] == [
        "row 2: ref: ref '1.1' is already action ASM-1's; give another"
    ]


def test_an_update_that_breaks_a_rule_is_refused_and_nothing_changes() -> None:
    register = minimal()
    register.actions["ASM-1"] = Action(
        id="ASM-1", area="assessments", title="First", owner="Lead", status="awaiting-sign-off"
    )
    register.actions["ASM-2"] = Action(id="ASM-2", area="assessments", title="Second")
    before = store.dumps(register)
    text = (
        "ID,Area,Title,Owner,Due,Status,Signed off by\r\n"
        "ASM-2,assessments,Second,,31/03/2027,,\r\n"
        "ASM-1,assessments,First renamed,Lead,,Complete,Lead\r\n"
    )
    problems: list[RowProblem] = []
    with pytest.raises(SpreadsheetError) as caught:
        add_rows(register, sheet(text), STAMP, update=True, on_problem=problems.append)
    assert [str(p) for p in problems] == [
        "row 3: status: ASM-1: its owner cannot sign it off; someone else must accept the evidence"
    ]
    assert str(caught.value) == (
        "plan.csv: 1 invalid row (listed above); nothing imported. "
        "Fix it, or use --skip-invalid to import the 1 valid row"
    )
    # Row 2 changed ASM-2 before row 3 was refused: that is undone too.
    assert store.dumps(register) == before
    # Skipping the row undoes the changes it made before the refusal, and only those.
    result = add_rows(register, sheet(text), STAMP, update=True, skip_invalid=True)
    assert result.skipped == [3]
    assert register.actions["ASM-1"] == store.parse(before, "before").actions["ASM-1"]
    assert register.actions["ASM-2"].due == date(2027, 3, 31)


def test_an_update_does_not_move_an_action_or_change_it_from_two_rows() -> None:
    register = sample_register()
    title = register.actions["ASM-1"].title
    problems: list[RowProblem] = []
    with pytest.raises(SpreadsheetError):
        add_rows(
            register,
            sheet(
                "ID,Area,Title\r\n"
                f'ASM-1,transitions,"{title}"\r\n'
                "ASM-2,assessments,One\r\n"
                "asm-2,assessments,Two\r\n"
                f'ASM-1,assessments,"{title}"\r\n'
                f'ASM-1,Social work assessments,"{title}"\r\n'
            ),
            STAMP,
            update=True,
            on_problem=problems.append,
        )
    # A row repeated as it is changes nothing, so it is no trouble.
    assert [str(p) for p in problems] == [
        "row 2: area: ASM-1 is in area 'assessments', not 'transitions'; "
        "an import does not move actions between areas",
        "row 4: id: ASM-2 is on row 3 too; a sheet can change an action from one row only",
    ]


# Any text a register can hold, control characters and line breaks included.
_ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(str.strip)


@settings(max_examples=200, deadline=None)
@given(
    title=_ANY_TEXT,
    owner=st.none() | _ANY_TEXT,
    reason=_ANY_TEXT,
    evidence=st.lists(_ANY_TEXT, max_size=3),
)
def test_an_export_imported_back_with_update_changes_nothing(
    title: str, owner: str | None, reason: str, evidence: list[str]
) -> None:
    """Whatever the register's text, even text a sheet cannot hold as it is."""
    register = minimal()
    register.actions["ASM-1"] = Action(
        id="ASM-1",
        area="assessments",
        title=title,
        owner=owner,
        status="blocked",
        blocked_reason=reason,
        evidence=evidence,
    )
    text = store.dumps(register)
    found = sheet(export_csv(register, AS_OF).decode("utf-8-sig"))
    result = add_rows(register, found, STAMP, update=True)
    assert (result.actions, [f.differs for f in result.found]) == ([], [()])
    assert store.dumps(register) == text


# --- export ----------------------------------------------------------------------------------


def test_export_is_utf8_with_bom_and_crlf() -> None:
    register = store.parse(SAMPLE.read_text(encoding="utf-8"), "sample")
    data = export(register, AS_OF, "csv")
    assert data.startswith(b"\xef\xbb\xbfID,Ref,Theme,Area ref,Area,Area title,Sponsor,Title,")
    assert data.count(b"\r\n") == 1 + len(register.actions)
    assert b"\n" not in data.replace(b"\r\n", b"")
    rows = rows_of(data)
    assert rows[0] == list(EXPORT_HEADER)
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["ASM-4"]["RAG"] == "RED" and by_id["ASM-4"]["Overdue"] == "yes"
    assert by_id["ASM-1"]["RAG"] == "BLUE" and by_id["ASM-1"]["Completed on"] == "2026-10-22"
    assert by_id["UND-4"]["RAG"] == ""
    assert by_id["UND-4"]["Reason"] == "Replaced by in-house life-story work under UND-1"
    assert by_id["EDU-3"]["Evidence"].split("; ") == register.actions["EDU-3"].evidence
    # Area by area, as the register lists them, so a sheet groups an area's actions.
    assert [row[EXPORT_HEADER.index("Area")] for row in rows[1:]][::5] == [
        "assessments",
        "transitions",
        "education",
        "understanding",
    ]


def test_export_refuses_other_formats() -> None:
    with pytest.raises(UsageError, match="--format 'ods': expected one of csv, xlsx"):
        export(minimal(), AS_OF, "ods")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 151 000", "'+44 151 000"),
        ("-5%", "'-5%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "' =1+1"),
        ("\r=1+1", "' =1+1"),
        (" =1", "' =1"),
        ("\n@SUM(A1)", "' @SUM(A1)"),
        ("\u00a0-1", "'\u00a0-1"),
        ("'quoted", "''quoted"),
        ("plain = text", "plain = text"),
        ("two\nlines", "two lines"),
        ("bell\x07 and \x1b[31mred", "bell\ufffd and \ufffd[31mred"),
        (None, ""),
        (date(2027, 3, 31), "2027-03-31"),
    ],
)
def test_cells_are_made_inert(value: object, written: str) -> None:
    assert cell(value) == written


def test_a_formula_behind_spaces_is_guarded_and_the_import_drops_the_guard() -> None:
    found = sheet("Area,Action,Lead\r\nAssessments,' =1+1,'\u00a0@SUM(A1)\r\n")
    (row,) = found.rows
    # Read as every cell is: trimmed, with the guard `export` wrote dropped.
    assert (row.title, row.owner) == ("=1+1", "@SUM(A1)")


def test_export_neutralises_formulas_and_import_undoes_it() -> None:
    register = minimal()
    register.actions["ASM-1"] = Action(
        id="ASM-1",
        area="assessments",
        title='=HYPERLINK("http://evil.example","Click")',
        owner="@owner",
        measure="-10% waiting",
        evidence=["+evidence.pdf", "=second.pdf"],
    )
    data = export_csv(register, AS_OF)
    row = dict(zip(EXPORT_HEADER, rows_of(data)[1], strict=True))
    assert row["Title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert (row["Owner"], row["Measure"], row["Evidence"]) == (
        "'@owner",
        "'-10% waiting",
        "'+evidence.pdf; =second.pdf",
    )
    back = empty()
    add_rows(back, sheet(data.decode("utf-8-sig")), STAMP)
    assert fields(back.actions["ASM-1"]) == fields(register.actions["ASM-1"])


def test_export_then_import_reproduces_the_sample() -> None:
    original = store.parse(SAMPLE.read_text(encoding="utf-8"), "sample")
    data = export_csv(original, AS_OF)
    copy = empty()
    found = sheet(data.decode("utf-8-sig"))
    assert found.problems == []
    assert found.ignored == ["RAG", "Overdue"]
    add_rows(copy, found, STAMP)
    store.dumps(copy)
    assert [fields(a) for a in copy.actions.values()] == [
        fields(a) for a in original.actions.values()
    ]
    assert [(a.key, a.title, a.id_prefix) for a in copy.areas.values()] == [
        (a.key, a.title, a.id_prefix) for a in original.areas.values()
    ]


_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co")), min_size=1
).filter(lambda text: text == text.strip() and text == safe(text) and "\ufffd" not in text)


@settings(max_examples=200, deadline=None)
@given(
    title=_TEXT,
    owner=st.none() | _TEXT,
    measure=st.none() | _TEXT,
    evidence=st.lists(_TEXT.filter(lambda text: ";" not in text), max_size=3),
)
def test_any_text_survives_export_and_import(
    title: str, owner: str | None, measure: str | None, evidence: list[str]
) -> None:
    register = minimal()
    action = Action(
        id="ASM-3",
        area="assessments",
        title=title,
        owner=owner,
        measure=measure,
        evidence=evidence,
    )
    register.actions[action.id] = action
    back = empty()
    add_rows(back, sheet(export_csv(register, AS_OF).decode("utf-8-sig")), STAMP)
    assert fields(back.actions["ASM-3"]) == fields(action)


# --- through the CLI -------------------------------------------------------------------------


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _csv(text: str, name: str = "plan.csv") -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_import_adds_actions_and_reports_each(invoke: Invoke, write: Callable[[str], Path]) -> None:
    path = write(MINIMAL)
    _csv(
        "Ref,Area,Action,Lead,Target date,RAG,Comments\r\n"
        "ASM-1,Assessments,Audit monthly,Head of QA,31/03/2027,Green,weekly\r\n"
        "2.1,Care leavers,Pathway plans on time,,2027-06-30,,\r\n"
    )
    result = invoke("import", "plan.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Added area care-leavers (CL): Care leavers",
        "Added ASM-1 (row 2, in-progress): Audit monthly",
        "Added CL-1 (row 3, ref 2.1, not-started): Pathway plans on time",
        "Imported 2 actions from plan.csv (1 new area).",
    ]
    assert result.stderr.splitlines() == [
        "header row 1: Ref → ref, Area → area, Action → title, Lead → owner, "
        "Target date → due, RAG → rag",
        "ignored columns: Comments",
    ]
    data = _load(path)
    assert data["areas"]["care-leavers"] == {"title": "Care leavers", "prefix": "CL", "last_id": 1}
    assert data["actions"]["ASM-1"]["due"] == date(2027, 3, 31)
    assert data["actions"]["CL-1"]["log"][0]["text"] == "imported from plan.csv row 3 (ref 2.1)"


def test_import_dry_run_writes_nothing(invoke: Invoke, write: Callable[[str], Path]) -> None:
    path = write(MINIMAL)
    _csv("Area,Action\r\nAssessments,Audit monthly\r\n")
    result = invoke("import", "plan.csv", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Would add ASM-1 (row 2, not-started): Audit monthly",
        "Dry run: would import 1 action from plan.csv; nothing written.",
    ]
    assert path.read_text() == MINIMAL


def test_import_with_a_map(invoke: Invoke, write: Callable[[str], Path]) -> None:
    path = write(MINIMAL)
    _csv("Area,Action,Officer\r\nAssessments,Audit monthly,Head of QA\r\n")
    result = invoke("import", "plan.csv", "--map", "Officer=owner")
    assert result.exit_code == 0, result.output
    assert _load(path)["actions"]["ASM-1"]["owner"] == "Head of QA"


def test_import_stops_at_invalid_rows_and_writes_nothing(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    _csv(
        "Area,Action,Due,Status\r\n"
        "Assessments,Fine,31/03/2027,\r\n"
        "Assessments,Vague,soon,\r\n"
        "Assessments,Stuck,2027-01-31,Blocked\r\n"
    )
    result = invoke("import", "plan.csv")
    assert result.exit_code == 2, result.output
    header, *lines = result.stderr.splitlines()
    assert header == "header row 1: Area → area, Action → title, Due → due, Status → status"
    assert lines[0].startswith("row 3: due: expected a date like 2027-03-31")
    assert lines[0].endswith("got 'soon'")
    assert lines[1] == "row 4: status: 'Blocked' needs a reason; add a 'Blocked reason' column"
    assert lines[2] == (
        "error: plan.csv: 2 invalid rows (listed above); nothing imported. "
        "Fix them, or use --skip-invalid to import the 1 valid row"
    )
    assert len(lines) == 3
    assert result.stdout == ""
    assert path.read_text() == MINIMAL


def test_import_skip_invalid_imports_the_valid_rows(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    _csv("Area,Action,Due\r\nAssessments,Fine,31/03/2027\r\nAssessments,Vague,soon\r\n")
    result = invoke("import", "plan.csv", "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1].startswith("row 3: due:")
    assert result.stdout.splitlines()[-1] == (
        "Imported 1 action from plan.csv; skipped 1 invalid row."
    )
    assert list(_load(path)["actions"]) == ["ASM-1"]


def test_import_header_only_says_there_is_nothing(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    _csv(HEADER)
    result = invoke("import", "plan.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Nothing to import: plan.csv has a header but no actions.\n"
    assert path.read_text() == MINIMAL


def test_importing_the_same_sheet_twice_adds_nothing_the_second_time(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    _csv(
        "Ref,Area,Action,Lead\r\n"
        "1.1,Care leavers,Pathway plans on time,Head of Service\r\n"
        "ASM-1,Assessments,Audit monthly,Head of QA\r\n"
    )
    assert invoke("import", "plan.csv").exit_code == 0
    before = path.read_bytes()
    result = invoke("import", "plan.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Already in the register: CL-1 (row 2, ref 1.1): Pathway plans on time",
        "Already in the register: ASM-1 (row 3): Audit monthly",
        "Imported 0 actions from plan.csv; 2 already in the register.",
    ]
    assert result.stderr == "header row 1: Ref → ref, Area → area, Action → title, Lead → owner\n"
    assert path.read_bytes() == before


def test_importing_the_samples_export_into_the_sample_adds_nothing(
    invoke: Invoke, sample: Path
) -> None:
    before = sample.read_bytes()
    assert invoke("export", "--output", "plan.csv").exit_code == 0
    result = invoke("import", "plan.csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Already in the register: ASM-1 (row 2): "
        "Rewrite the assessment template around the child's lived experience"
    )
    assert len(lines) == 19 and all(
        line.startswith("Already in the register: ") for line in lines[:18]
    )
    assert lines[-1] == "Imported 0 actions from plan.csv; 18 already in the register."
    assert sample.read_bytes() == before


def _edit_export(invoke: Invoke, action_id: str, cells: dict[str, str]) -> None:
    assert invoke("export", "--output", "plan.csv").exit_code == 0
    edited_text = edited(Path("plan.csv").read_bytes(), action_id, cells)
    Path("plan.csv").write_bytes(edited_text.encode("utf-8-sig"))


def test_import_update_applies_one_edited_cell_and_logs_it(invoke: Invoke, sample: Path) -> None:
    original = _load(sample)["actions"]
    _edit_export(invoke, "ASM-2", {"Due": "31/03/2027"})
    result = invoke("import", "plan.csv", "--update", "--by", "Performance team")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line for line in lines if not line.startswith("Already in the register: ")] == [
        "Updated ASM-2 (row 3): due: 2027-01-31 → 2027-03-31",
        "Imported 0 actions from plan.csv; 18 already in the register, updated 1 (1 change).",
    ]
    actions = _load(sample)["actions"]
    changed = actions.pop("ASM-2")
    *log, entry = changed.pop("log")
    assert entry == {
        "at": datetime(2026, 11, 27, tzinfo=UTC),
        "by": "Performance team",
        "text": "due: 2027-01-31 → 2027-03-31",
        "field": "due",
        "old": date(2027, 1, 31),
        "new": date(2027, 3, 31),
        "user": "tester",  # who ran the import, beside the name it was made in (--by)
    }
    expected = original.pop("ASM-2")
    assert log == expected.pop("log")
    # The sample's own baseline (the due date the plan agreed) stays as it was.
    assert changed == expected | {"due": date(2027, 3, 31)}
    assert actions == original


def test_import_without_update_says_how_to_apply_an_edit(invoke: Invoke, sample: Path) -> None:
    before = sample.read_bytes()
    _edit_export(invoke, "ASM-2", {"Due": "31/03/2027"})
    result = invoke("import", "plan.csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "Already in the register: ASM-2 (row 3, the sheet differs: due): "
        "Train all social workers in lived-experience assessment practice"
    )
    assert lines[-1] == (
        "Imported 0 actions from plan.csv; 18 already in the register "
        "(1 with changes in the sheet: import with --update to apply it)."
    )
    assert sample.read_bytes() == before


def test_import_update_of_an_unchanged_export_changes_nothing(invoke: Invoke, sample: Path) -> None:
    before = sample.read_bytes()
    assert invoke("export", "--output", "plan.csv").exit_code == 0
    result = invoke("import", "plan.csv", "--update")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Imported 0 actions from plan.csv; 18 already in the register."
    )
    assert sample.read_bytes() == before


def test_import_update_dry_run_writes_nothing(invoke: Invoke, sample: Path) -> None:
    before = sample.read_bytes()
    _edit_export(invoke, "ASM-2", {"Owner": "Head of Service"})
    result = invoke("import", "plan.csv", "--update", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line for line in lines if not line.startswith("Already in the register: ")] == [
        "Would update ASM-2 (row 3): owner: Workforce Development Manager → Head of Service",
        "Dry run: would import 0 actions from plan.csv; 18 already in the register, "
        "would update 1 (1 change); nothing written.",
    ]
    assert sample.read_bytes() == before


def test_import_update_refuses_a_rule_breaking_row_and_writes_nothing(
    invoke: Invoke, sample: Path
) -> None:
    before = sample.read_bytes()
    _edit_export(invoke, "ASM-2", {"Due": "31/03/2027"})
    text = edited(Path("plan.csv").read_bytes(), "ASM-3", {"Status": "Blocked"})
    Path("plan.csv").write_text(text, encoding="utf-8")
    result = invoke("import", "plan.csv", "--update")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        NO_DATE,
        *EXPORT_NOTES,
        "row 4: status: 'Blocked' needs a reason; write it in the 'Reason' column",
        "error: plan.csv: 1 invalid row (listed above); nothing imported. "
        "Fix it, or use --skip-invalid to import the 17 valid rows",
    ]
    assert result.stdout == ""
    assert sample.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "args", "needle"),
    [
        (b"", [], "plan.csv: is empty"),
        ("Area,Action\r\nFinance,£2m\r\n".encode("cp1252"), [], "CSV UTF-8"),
        (b"Area,Notes\r\nA,b\r\n", [], "no column for the action's title"),
        (b"Area,Action\r\nA,b\r\n", ["--map", "Lead=boss"], "unknown field 'boss'"),
        (b"Area,Action\r\nA,b\r\n", ["--map", "Lead=owner"], "no column 'Lead'"),
    ],
)
def test_import_fails_cleanly(
    invoke: Invoke,
    write: Callable[[str], Path],
    content: bytes,
    args: list[str],
    needle: str,
) -> None:
    path = write(MINIMAL)
    Path("plan.csv").write_bytes(content)
    result = invoke("import", "plan.csv", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert needle in result.stderr
    assert "Traceback" not in result.output
    assert path.read_text() == MINIMAL


def test_import_of_a_missing_file(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write(MINIMAL)
    result = invoke("import", "nope.csv")
    assert result.exit_code == 2
    assert result.stderr == "error: nope.csv: no such file\n"


def test_export_to_stdout(invoke: Invoke, sample: Path) -> None:
    result = invoke("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = rows_of(result.stdout_bytes)
    assert rows[0] == list(EXPORT_HEADER)
    assert len(rows) == 19


def test_export_to_a_file_is_the_same_as_to_stdout(invoke: Invoke, sample: Path) -> None:
    result = invoke("export", "--output", "plan.csv")
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", "Wrote 18 actions to plan.csv\n")
    assert Path("plan.csv").read_bytes() == invoke("export").stdout_bytes


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "ods"], "--format 'ods': expected one of csv, xlsx"),
        (["--output", "improvetrack.toml"], "is a register itself"),
        (["--output", "missing/plan.csv"], "does not exist"),
    ],
)
def test_export_fails_cleanly(invoke: Invoke, sample: Path, args: list[str], needle: str) -> None:
    before = sample.read_bytes()
    result = invoke("export", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert needle in result.stderr
    assert sample.read_bytes() == before


def test_export_without_a_register(invoke: Invoke) -> None:
    result = invoke("export")
    assert result.exit_code == 2
    assert "no register found" in result.stderr


def test_round_trip_through_the_cli(invoke: Invoke, sample: Path) -> None:
    assert invoke("export", "--output", "plan.csv").exit_code == 0
    assert invoke("init", "empty.toml", "--title", "Copied plan").exit_code == 0
    result = invoke("-r", "empty.toml", "import", "plan.csv")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == EXPORT_NOTES
    assert result.stdout.splitlines()[-1] == "Imported 18 actions from plan.csv (4 new areas)."
    keep = ("area", "title", "owner", "status", "due", "measure", "evidence")
    keep += ("blocked_reason", "dropped_reason", "completed", "signed_off_by")
    original = _load(sample)["actions"]
    copied = _load(Path("empty.toml"))["actions"]
    assert list(copied) == list(original)
    for action_id, action in original.items():
        expected = {key: action[key] for key in keep if key in action}
        got = {key: copied[action_id][key] for key in keep if key in copied[action_id]}
        assert got == expected, action_id
    # A second export of the copy gives the same rows but RAG, which needs next_inspection.
    again = rows_of(invoke("-r", "empty.toml", "export").stdout_bytes)
    first = rows_of(Path("plan.csv").read_bytes())
    rag = EXPORT_HEADER.index("RAG")
    assert [r[:rag] + r[rag + 1 :] for r in again] == [r[:rag] + r[rag + 1 :] for r in first]


def test_areas_whose_names_share_their_start_stay_apart(invoke: Invoke, tmp_path: Path) -> None:
    first = "The quality of supervision and management oversight of social work practice"
    second = "The quality of supervision and management oversight of care leavers' plans"
    sheet = tmp_path / "two.csv"
    sheet.write_text(
        f'Area,Action\n"{first}",Audit supervision\n"{second}",Review pathway plans\n'
        "教育,Plan one\n福祉,Plan two\n",
        encoding="utf-8",
    )
    assert invoke("init", "--title", "P").exit_code == 0
    result = invoke("import", str(sheet))
    assert result.exit_code == 0, result.output
    areas = json.loads(invoke("area", "list", "--json").stdout)
    assert sorted(area["title"] for area in areas) == sorted([first, second, "教育", "福祉"])
    assert len({area["key"] for area in areas}) == 4


def test_an_update_logged_without_its_day_is_exported_on_the_day_it_was_logged() -> None:
    """A progress update written into the log by hand may carry no `new` (the day it says
    it was written): every view dates it by its log entry, and so does the export."""
    from improvetrack.model.register import LogEntry

    register = minimal()
    action = Action(id="ASM-1", area="assessments", title="Audit")
    action.log.append(
        LogEntry(at=datetime(2026, 11, 3, 9, tzinfo=UTC), by="lead", text="Audits started",
                 field="progress")
    )  # fmt: skip
    register.actions["ASM-1"] = action
    header, row = rows_of(export_csv(register, AS_OF))[:2]
    shown = dict(zip(header, row, strict=True))
    assert (shown["Latest update"], shown["Latest update on"]) == ("Audits started", "2026-11-03")


def test_rows_keep_their_ids_whatever_order_the_sheet_has_them_in(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    """Found by the fuzz campaign: a sheet listing ASM-2 above ASM-1 ended in a traceback."""
    register = write(MINIMAL)
    Path("plan.csv").write_text(
        "ID,Area,Action\nASM-2,assessments,Second\nASM-1,assessments,First\n"
        "ASM-2,assessments,Second\n,assessments,Third\n",
        encoding="utf-8",
    )
    result = invoke("import", "plan.csv")
    assert result.exit_code == 0, result.output
    actions = tomllib.loads(register.read_text(encoding="utf-8"))["actions"]
    assert {key: action["title"] for key, action in actions.items()} == {
        "ASM-1": "First",
        "ASM-2": "Second",
        "ASM-3": "Second",  # the row repeated: a new action, as a repeated title is
        "ASM-4": "Third",
    }
