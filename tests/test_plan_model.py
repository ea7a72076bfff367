"""The v2 plan model: refs, themes, baselines and slippage, reported RAG, progress updates.

The register below is worked out by hand. As of 2026-11-27, with the next inspection on
2027-06-30:

| ID    | status      | due        | baseline   | slipped | computed | reported | optimistic |
|-------|-------------|------------|------------|---------|----------|----------|------------|
| SAF-1 | in-progress | 2027-01-31 | 2026-12-31 | 31 days | AMBER    | GREEN    | yes        |
| SAF-2 | in-progress | 2026-12-15 | 2026-11-15 | 30 days | AMBER    | AMBER    | no         |
| SAF-3 | done        | 2026-10-01 | 2026-10-01 |         | BLUE     | BLUE     | no         |
| CAR-1 | not-started | 2027-03-01 | 2027-02-01 (1) | 28 days | AMBER    | GREEN    | yes        |
| CAR-2 | in-progress | 2027-04-30 | 2027-04-30 (rebaselined) |  | GREEN | GREEN    | no         |
| CAR-3 | in-progress | 2026-11-20 | 2026-11-20 |         | RED      | RED      | no         |
| CAR-4 | blocked     | 2027-02-01 | 2027-02-01 |         | RED      | AMBER    | yes        |
| CAR-5 | in-progress | 2027-03-31 | 2027-05-31 (brought forward) | | GREEN | —  | no         |

(1) A v1 action with no baseline_due: the due date before the first logged change.

Planned counts by the baseline: SAF-2 (2026-11-15, though now due 2026-12-15), SAF-3 and
CAR-3 are due by now: 3 of 8 (0.375). Done: 1 of 8. Slipped: 3 actions, 89 days.
Optimistic: 3. Themes: "Safe" holds safety (SAF), "Care" holds care (CAR).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import Invoke

REGISTER = """\
schema = 1

[plan]
title = "Care home improvement plan"
inspectorate = "CQC"
next_inspection = 2027-06-30
boards = [2026-10-29, 2026-11-26]

[areas.safety]
title = "Safe care"
ref = "1"
theme = "Safe"
sponsor = "Director of Care"
prefix = "SAF"

[areas.care]
title = "Person-centred care"
ref = "2"
theme = "Care"
prefix = "CAR"

[actions.SAF-1]
area = "safety"
title = "Medicines audit"
owner = "Deputy"
status = "in-progress"
due = 2027-01-31
baseline_due = 2026-12-31
ref = "1.1"
rag = "green"
created = 2026-08-01

[[actions.SAF-1.log]]
at = 2026-11-02T09:00:00Z
by = "Deputy"
text = "progress: first audit done"
field = "progress"
new = 2026-11-02

[[actions.SAF-1.log]]
at = 2026-11-20T09:00:00Z
by = "Deputy"
text = "Second audit booked for January"
field = "progress"
new = 2026-11-20

[actions.SAF-2]
area = "safety"
title = "Fire drill at night"
owner = "Deputy"
status = "in-progress"
due = 2026-12-15
baseline_due = 2026-11-15
ref = "1.2"
rag = "amber"
rag_reason = "waiting for the fire officer"
created = 2026-08-01

[actions.SAF-3]
area = "safety"
title = "Bed rails check"
owner = "Deputy"
status = "done"
due = 2026-10-01
baseline_due = 2026-10-01
ref = "1.3"
rag = "blue"
created = 2026-08-01
completed = 2026-09-30

[actions.CAR-1]
area = "care"
title = "Care plans rewritten"
owner = "Nurse lead"
status = "not-started"
due = 2027-03-01
ref = "2.1"
rag = "green"
created = 2026-08-01

[[actions.CAR-1.log]]
at = 2026-10-10T09:00:00Z
by = "Nurse lead"
text = "due: 2027-02-01 → 2027-03-01"
field = "due"
old = "2027-02-01"
new = "2027-03-01"

[actions.CAR-2]
area = "care"
title = "Activities plan"
owner = "Activities lead"
status = "in-progress"
due = 2027-04-30
baseline_due = 2027-04-30
ref = "2.2"
rag = "green"
created = 2026-08-01

[[actions.CAR-2.log]]
at = 2026-10-29T16:00:00Z
by = "Board"
text = "rebaselined: 2027-03-31 → 2027-04-30 (board of 29 October)"
field = "baseline_due"
old = 2027-03-31
new = 2027-04-30

[actions.CAR-3]
area = "care"
title = "Dignity training"
owner = "Manager"
status = "in-progress"
due = 2026-11-20
baseline_due = 2026-11-20
ref = "2.3"
rag = "red"
rag_reason = "trainer cancelled"
created = 2026-08-01

[actions.CAR-4]
area = "care"
title = "Menu choice survey"
owner = "Chef"
status = "blocked"
blocked_reason = "supplier contract"
due = 2027-02-01
baseline_due = 2027-02-01
ref = "2.4"
rag = "amber"
rag_reason = "we can work around it"
created = 2026-08-01

[actions.CAR-5]
area = "care"
title = "Family newsletter"
owner = "Manager"
status = "in-progress"
due = 2027-03-31
baseline_due = 2027-05-31
ref = "2.5"
created = 2026-08-01
"""

COMPUTED = {
    "SAF-1": "amber",
    "SAF-2": "amber",
    "SAF-3": "blue",
    "CAR-1": "amber",
    "CAR-2": "green",
    "CAR-3": "red",
    "CAR-4": "red",
    "CAR-5": "green",
}
REPORTED = {
    "SAF-1": "green",
    "SAF-2": "amber",
    "SAF-3": "blue",
    "CAR-1": "green",
    "CAR-2": "green",
    "CAR-3": "red",
    "CAR-4": "amber",
    "CAR-5": None,
}
SLIPPED = {"SAF-1": 31, "SAF-2": 30, "CAR-1": 28}
OPTIMISTIC = ["SAF-1", "CAR-1", "CAR-4"]


@pytest.fixture
def plan(write: Callable[[str], Path]) -> Path:
    return write(REGISTER)


def _json(invoke: Invoke, *args: str) -> dict:  # type: ignore[type-arg]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


def test_the_json_report_holds_the_hand_worked_figures(invoke: Invoke, plan: Path) -> None:
    data = _json(invoke, "report", "--format", "json")
    actions = {a["id"]: a for a in data["actions"]}
    assert {key: a["rag"] for key, a in actions.items()} == COMPUTED
    assert {key: a["reported_rag"] for key, a in actions.items()} == REPORTED
    assert {key: a["slipped_days"] for key, a in actions.items() if a["slipped_days"]} == SLIPPED
    assert sorted(key for key, a in actions.items() if a["optimistic"]) == sorted(OPTIMISTIC)
    assert actions["CAR-1"]["baseline_due"] == "2027-02-01"  # from the log: a v1 action
    assert actions["CAR-5"]["baseline_due"] == "2027-05-31"  # brought forward: no slip
    assert actions["SAF-1"]["latest_update"] == {
        "on": "2026-11-20",
        "by": "Deputy",
        "text": "Second audit booked for January",
    }
    assert actions["SAF-2"]["latest_update"] is None
    totals = data["totals"]
    assert (totals["done"], totals["planned"], totals["progress"]) == (1, 0.375, 0.125)
    assert (totals["slipped"], totals["slipped_days"], totals["optimistic"]) == (3, 89, 3)
    areas = {area["key"]: area for area in data["areas"]}
    assert (areas["safety"]["ref"], areas["safety"]["theme"]) == ("1", "Safe")
    assert areas["safety"]["sponsor"] == "Director of Care"
    assert [theme["name"] for theme in data["themes"]] == ["Safe", "Care"]
    assert [theme["slipped"] for theme in data["themes"]] == [2, 1]
    assert data["plan"]["boards"] == ["2026-10-29", "2026-11-26"]
    assert data["plan"]["subject"] == "people"  # a CQC plan is not about children
    assert data["decisions"]["challenge"] == OPTIMISTIC
    assert data["decisions"]["replan"] == ["SAF-1", "SAF-2", "CAR-1"]  # most slipped first


def test_every_format_shows_refs_both_rags_slips_and_updates(invoke: Invoke, plan: Path) -> None:
    text = invoke("report").stdout
    flat = " ".join(text.split())
    assert "SAF-1 (1.1)" in flat and "lead says GREEN" in flat and "RAG AMBER" in flat
    assert "3 have slipped past the agreed date (89 days in all)" in flat
    assert flat.count("slipped past") == 1  # said once, in the summary
    assert "Latest update (20 November 2026): Second audit booked for January" in flat
    markdown = invoke("report", "--format", "markdown").stdout
    assert (
        "| SAF-1 (1.1) | Medicines audit | Deputy | 31 January 2027 | 🟠 AMBER | "
        "🟢 GREEN, better than the dates |" in (markdown)
    )
    assert "**Theme: Safe**" in markdown and "**Theme: Care**" in markdown
    assert "Second audit booked for January (20 November 2026)" in markdown
    page = invoke("report", "--format", "html").stdout
    assert '<div class="ref">1.1</div>' in page and "<strong>better than the dates</strong>" in page
    assert "Latest update, " in page and "Second audit booked for January" in page
    rows = list(
        csv.reader(io.StringIO(invoke("report", "--format", "csv").stdout.lstrip("\ufeff")))
    )
    assert rows[0][:2] == ["ID", "Ref"] and len(rows) == 9
    junit = ElementTree.fromstring(invoke("report", "--format", "junit").stdout)
    assert int(junit.get("tests", "0")) == 7  # open actions


def test_slipped_and_optimistic_fail_a_pipeline(invoke: Invoke, plan: Path) -> None:
    result = invoke("report", "--fail-on", "slipped,optimistic", "--format", "json")
    assert result.exit_code == 1
    assert "slipped (3: SAF-1, SAF-2, CAR-1)" in result.stderr
    assert "optimistic (3: SAF-1, CAR-1, CAR-4)" in result.stderr


def test_check_flags_what_a_board_would_challenge(invoke: Invoke, plan: Path) -> None:
    data = _json(invoke, "check", "--json")
    codes = [(w["code"], w["path"]) for w in data["warnings"]]
    assert ("slipped", "actions.SAF-1.due") in codes
    assert ("optimistic", "actions.CAR-4.rag") in codes
    assert not [code for code in codes if code[0] == "rag-without-reason"]


# --- changing the v2 fields from the command line ---------------------------------------


def test_a_reported_rag_needs_a_reason_for_amber_and_red(invoke: Invoke, plan: Path) -> None:
    before = plan.read_bytes()
    refused = invoke("update", "SAF-1", "--rag", "red")
    assert refused.exit_code == 2 and "--reason TEXT" in refused.stderr
    purple = invoke("update", "SAF-1", "--rag", "purple", "--reason", "x")
    assert purple.exit_code == 2 and "unknown RAG 'purple'" in purple.stderr
    assert plan.read_bytes() == before
    done = invoke("update", "1.1", "--rag", "A", "--reason", "the second audit slipped")
    assert done.exit_code == 0, done.output
    assert "reported RAG: green → amber (the second audit slipped)" in done.stdout
    shown = _json(invoke, "show", "SAF-1", "--json")
    assert shown["reported_rag"] == "amber" and not shown["optimistic"]
    assert shown["rag_history"][-1] == {
        "on": "2026-11-27",
        "by": "tester",
        "rag": "amber",
        "reason": "the second audit slipped",
    }


def test_a_progress_update_is_dated_and_shown_newest_first(invoke: Invoke, plan: Path) -> None:
    assert (
        invoke("update", "SAF-2", "--progress", "Drill booked", "--on", "2026-11-25").exit_code == 0
    )
    assert invoke("update", "SAF-2", "--progress", "Fire officer confirmed").exit_code == 0
    later = invoke("update", "SAF-2", "--progress", "From the future", "--on", "+1d")
    assert later.exit_code == 2 and "an update is of the past" in later.stderr
    shown = _json(invoke, "show", "SAF-2", "--json")
    assert [u["text"] for u in shown["progress_updates"]] == [
        "Fire officer confirmed",
        "Drill booked",
    ]
    assert shown["latest_update"]["on"] == "2026-11-27"
    screen = invoke("show", "SAF-2").stdout
    assert screen.index("Fire officer confirmed") < screen.index("Drill booked")


def test_a_due_date_moves_and_the_baseline_stays(invoke: Invoke, plan: Path) -> None:
    assert invoke("update", "CAR-5", "--due", "2027-06-30").exit_code == 0
    action = _json(invoke, "show", "CAR-5", "--json")
    assert (action["due"], action["baseline_due"], action["slipped_days"]) == (
        "2027-06-30",
        "2027-05-31",
        30,
    )
    # A v1 action gets its baseline written the first time its date moves.
    assert invoke("update", "CAR-1", "--due", "2027-04-01").exit_code == 0
    assert _json(invoke, "show", "CAR-1", "--json")["baseline_due"] == "2027-02-01"


def test_rebaseline_records_what_the_board_agreed(invoke: Invoke, plan: Path) -> None:
    no_reason = invoke("rebaseline", "SAF-1")
    assert no_reason.exit_code == 2 and "--reason TEXT" in no_reason.stderr
    result = invoke("rebaseline", "SAF-1", "1.2", "--reason", "Board of 26 November agreed")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "SAF-1 (1.1): baseline now 2027-01-31",
        "SAF-2 (1.2): baseline now 2026-12-15",
    ]
    data = _json(invoke, "status", "--json")
    assert data["totals"]["slipped"] == 1  # only CAR-1 is left
    closed = invoke("rebaseline", "SAF-3", "--reason", "x")
    assert closed.exit_code == 2 and "only an open action's plan can be revised" in closed.stderr


def test_rebaseline_with_no_open_actions_is_refused(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write('schema = 1\n[plan]\ntitle = "p"\n[areas.a]\ntitle = "A"\n')
    result = invoke("rebaseline", "--reason", "x")
    assert result.exit_code == 2 and "no open actions to rebaseline" in result.stderr


def test_an_id_argument_may_be_a_ref(invoke: Invoke, plan: Path) -> None:
    assert _json(invoke, "show", "2.3", "--json")["id"] == "CAR-3"
    missing = invoke("show", "9.9")
    assert missing.exit_code == 2 and "no action '9.9'" in missing.stderr


def test_a_ref_two_actions_share_is_an_error_naming_both(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(REGISTER.replace('ref = "2.5"', 'ref = "2.4"'))
    result = invoke("status")
    assert result.exit_code == 2
    assert "actions.CAR-5.ref: '2.4' is also the ref of CAR-4" in result.stderr
    taken = REGISTER
    write(taken)
    clash = invoke("update", "CAR-5", "--ref", "2.1")
    assert clash.exit_code == 2 and "ref '2.1' is already action CAR-1's" in clash.stderr


def test_areas_take_refs_themes_and_sponsors_and_log_changes(invoke: Invoke, plan: Path) -> None:
    added = invoke(
        "area", "add", "food", "--title", "Food and drink", "--ref", "3", "--theme", "Care",
        "--sponsor", "Director of Care",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    changed = invoke("area", "update", "food", "--sponsor", "Head of Catering", "--lead", "Chef")
    assert changed.stdout.splitlines() == [
        "food: lead: (none) → Chef",
        "food: sponsor: Director of Care → Head of Catering",
    ]
    area = _json(invoke, "area", "list", "--json")[-1]
    assert (area["ref"], area["theme"], area["sponsor"]) == ("3", "Care", "Head of Catering")
    nothing = invoke("area", "update", "food")
    assert nothing.exit_code == 2 and "nothing to change" in nothing.stderr


def test_board_meetings_are_added_to_the_plan(invoke: Invoke, plan: Path) -> None:
    result = invoke("plan", "set", "--board", "17/12/2026", "--board", "2026-10-29")
    assert result.stdout == "plan.boards: 2026-12-17 added\n"
    assert _json(invoke, "plan", "show", "--json")["boards"] == [
        "2026-10-29",
        "2026-11-26",
        "2026-12-17",
    ]


def test_a_theme_on_an_action_is_kept_and_said_to_belong_to_an_area(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(REGISTER.replace('ref = "2.5"', 'ref = "2.5"\ntheme = "Care"'))
    data = _json(invoke, "check", "--json")
    found = [w for w in data["warnings"] if w["code"] == "area-key-on-action"]
    assert found == [
        {
            "code": "area-key-on-action",
            "path": "actions.CAR-5.theme",
            "line": found[0]["line"],
            "message": "theme belongs to an area, not an action; set it with "
            "`improvetrack area update care --theme TEXT`",
        }
    ]
    assert isinstance(found[0]["line"], int)


# --- sign-off that means something -------------------------------------------------------


def test_separation_of_duties_is_between_the_names_recorded(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    # One officer keeps the register for everyone and types in both: the delivery in the
    # manager's name, the sign-off in the director's. The names differ, so it stands.
    path = write(
        REGISTER.replace(
            'title = "Care home improvement plan"', 'title = "p"\nrequire_sign_off = true'
        )
    )
    assert invoke("done", "CAR-5", "--by", "Service  manager", "--evidence", "n.pdf").exit_code == 0
    before = path.read_bytes()
    # The same name (any case, any spacing) cannot sign off what it delivered...
    by_deliverer = invoke("sign-off", "CAR-5", "--by", "service MANAGER", user="someone-else")
    assert (by_deliverer.exit_code, by_deliverer.stderr) == (
        2,
        "error: CAR-5: service MANAGER marked it done, so cannot sign it off too; someone "
        "else must accept the evidence\n",
    )
    # ...nor the owner, whoever types it in.
    by_owner = invoke("sign-off", "CAR-5", "--by", " manager ", user="someone-else")
    assert by_owner.exit_code == 2 and "its owner cannot sign it off" in by_owner.stderr
    assert path.read_bytes() == before
    signed = invoke("sign-off", "CAR-5", "--by", "Director of Care")
    assert signed.exit_code == 0, signed.output
    log = _json(invoke, "show", "CAR-5", "--json")["log"]
    done = [entry for entry in log if entry["new"] == "awaiting-sign-off"][-1]
    assert (done["by"], done["user"]) == ("Service  manager", "tester")  # who typed it in
    signing = [entry for entry in log if entry["old"] == "awaiting-sign-off"][-1]
    assert (signing["by"], signing["user"]) == ("Director of Care", "tester")
    assert any(entry["text"] == "evidence added: n.pdf" for entry in log)
    check = invoke("check", "--json")
    assert "signed-off-by-deliverer" not in check.stdout


# --- every command that shows an action shows its ref and both RAGs ---------------------


@pytest.mark.parametrize(
    ("command", "needles"),
    [
        (["list"], ["SAF-1 (1.1)", "GREEN!"]),
        (["list", "--optimistic"], ["SAF-1 (1.1)", "CAR-1 (2.1)", "CAR-4 (2.4)"]),
        (["show", "SAF-1"], ["SAF-1 (1.1)", "AMBER", "GREEN", "better than the dates give"]),
        (["status"], ["SAF-1 (1.1)", "reported GREEN, the dates give AMBER"]),
        (["log", "SAF-1"], ["SAF-1 (1.1)"]),
    ],
)
def test_commands_that_show_an_action_show_its_ref_and_both_rags(
    invoke: Invoke, plan: Path, command: list[str], needles: list[str]
) -> None:
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    for needle in needles:
        assert needle in flat, (command, needle)


# --- the SPEC's v2 JSON fields ------------------------------------------------------------

V2_TOTALS = {"slipped", "optimistic"}
V2_AREAS = {"ref", "theme", "sponsor"}
V2_ACTIONS = {
    "ref",
    "baseline_due",
    "slipped_days",
    "timescale",
    "reported_rag",
    "rag_reason",
    "optimistic",
    "latest_update",
}


def test_every_v2_json_field_of_the_spec_is_there(invoke: Invoke, plan: Path) -> None:
    data = _json(invoke, "report", "--format", "json")
    assert data["totals"].keys() >= V2_TOTALS
    for area in data["areas"]:
        assert area.keys() >= V2_AREAS
    for action in data["actions"]:
        assert action.keys() >= V2_ACTIONS
    spec = Path(__file__).resolve().parents[2] / "shared" / "SPEC.md"
    if spec.is_file():  # the SPEC's own list, when it is beside the checkout
        listed = re.search(r"\*\(v2\)\* also:(.*)", spec.read_text(), re.S)
        assert listed is not None
        for name in V2_TOTALS | V2_AREAS | V2_ACTIONS:
            assert f"`{name}`" in listed[1], name
