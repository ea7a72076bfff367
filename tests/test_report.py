"""`check` and `report` in every format, against figures worked out by hand.

The register below is small enough to reason about. As of 2026-11-27, with the next
inspection on 2027-06-30 (215 days away), the SPEC's rules give:

| ID    | status            | due        | owner | RAG   | why                          |
|-------|-------------------|------------|-------|-------|------------------------------|
| SAF-1 | done              | 2026-10-01 | yes   | BLUE  | done                         |
| SAF-2 | in-progress       | 2026-11-20 | yes   | RED   | overdue                      |
| SAF-3 | blocked           | 2027-02-01 | yes   | RED   | blocked                      |
| SAF-4 | not-started       | 2026-12-05 | yes   | AMBER | due in 8 days, not started   |
| SAF-5 | in-progress       | 2027-08-01 | yes   | AMBER | due after the inspection     |
| CAR-1 | awaiting-sign-off | 2026-11-01 | yes   | AMBER | awaiting sign-off, not late  |
| CAR-2 | not-started       | 2027-03-01 | no    | AMBER | no owner                     |
| CAR-3 | in-progress       | none       | yes   | AMBER | no due date                  |
| CAR-4 | dropped           | 2026-10-01 | yes   | none  | dropped                      |
| CAR-5 | in-progress       | 2027-04-01 | yes   | AMBER | slipped 60 days from 01-31   |

safety: 5 live, 1 done (20%), due by now SAF-1 and SAF-2 (40%), overdue 1, blocked 1: RED.
care: 4 live, 0 done (0%), due by now CAR-1 (25%), nothing overdue: AMBER.
plan: 9 live, 1 done (1/9), due by now 3 (3/9), 8 open.
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

from tests.conftest import SAMPLE, Invoke

REGISTER = """\
schema = 1

[plan]
title = "Care home improvement plan"
organisation = "Example Care Ltd"
judgement = "requires improvement"
next_inspection = 2027-06-30

[areas.safety]
title = "Safe care"
lead = "Registered manager"
prefix = "SAF"

[areas.care]
title = "Person-centred care"
prefix = "CAR"

[areas.empty]
title = "Nothing yet"
prefix = "EMP"

[actions.SAF-1]
area = "safety"
title = "Medicines audit"
owner = "Deputy"
status = "done"
due = 2026-10-01
created = 2026-08-01
completed = 2026-11-03

[[actions.SAF-1.log]]
at = 2026-08-01T09:00:00Z
by = "a"
text = "created"

[[actions.SAF-1.log]]
at = 2026-11-03T09:00:00Z
by = "a"
text = "status: in-progress → done"
field = "status"
old = "in-progress"
new = "done"

[actions.SAF-2]
area = "safety"
title = "Falls review & residents' rooms"
owner = "Nurse lead"
status = "in-progress"
due = 2026-11-20
created = 2026-08-01

[actions.SAF-3]
area = "safety"
title = "Replace call bells"
owner = "Estates"
status = "blocked"
blocked_reason = "no budget"
due = 2027-02-01
created = 2026-08-01

[[actions.SAF-3.log]]
at = 2026-11-10T09:00:00Z
by = "a"
text = "status: in-progress → blocked (no budget)"
field = "status"
old = "in-progress"
new = "blocked"

[actions.SAF-4]
area = "safety"
title = "Fire drill at night"
owner = "Deputy"
status = "not-started"
due = 2026-12-05
created = 2026-08-01

[actions.SAF-5]
area = "safety"
title = "New rota system"
owner = "Registered manager"
status = "in-progress"
due = 2027-08-01
created = 2026-08-01

[actions.CAR-1]
area = "care"
title = "Care plan rewrite"
owner = "Deputy"
status = "awaiting-sign-off"
due = 2026-11-01
created = 2026-08-01

[actions.CAR-2]
area = "care"
title = "Residents' forum"
status = "not-started"
due = 2027-03-01
created = 2026-08-01

[actions.CAR-3]
area = "care"
title = "Activities plan"
owner = "Activities lead"
status = "in-progress"
created = 2026-11-05

[actions.CAR-4]
area = "care"
title = "Old idea"
owner = "Deputy"
status = "dropped"
dropped_reason = "replaced"
due = 2026-10-01
created = 2026-08-01

[actions.CAR-5]
area = "care"
title = "Life histories"
owner = "Keyworkers"
status = "in-progress"
due = 2027-04-01
created = 2026-08-01

[[actions.CAR-5.log]]
at = 2026-11-15T09:00:00Z
by = "a"
text = "due: 2027-01-31 → 2027-04-01"
field = "due"
old = "2027-01-31"
new = "2027-04-01"
"""

EXPECTED_RAG = {
    "SAF-1": "blue",
    "SAF-2": "red",
    "SAF-3": "red",
    "SAF-4": "amber",
    "SAF-5": "amber",
    "CAR-1": "amber",
    "CAR-2": "amber",
    "CAR-3": "amber",
    "CAR-4": None,
    "CAR-5": "amber",  # its due moved from 2027-01-31 (its baseline) to 2027-04-01
}
OPEN = ["SAF-2", "SAF-3", "SAF-4", "SAF-5", "CAR-1", "CAR-2", "CAR-3", "CAR-5"]


@pytest.fixture
def register(write: Callable[[str], Path]) -> Path:
    return write(REGISTER)


def _report(invoke: Invoke, *args: str) -> str:
    result = invoke("report", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_report_matches_the_hand_worked_figures(invoke: Invoke, register: Path) -> None:
    data = json.loads(_report(invoke, "--format", "json"))
    assert data["schema"] == 1
    assert data["as_of"] == "2026-11-27"
    assert data["plan"]["title"] == "Care home improvement plan"
    assert data["plan"]["next_inspection"] == "2027-06-30"
    assert data["plan"]["days_to_inspection"] == 215
    assert {a["id"]: a["rag"] for a in data["actions"]} == EXPECTED_RAG
    assert [a["id"] for a in data["actions"] if a["overdue"]] == ["SAF-2"]
    totals = data["totals"]
    assert (totals["actions"], totals["dropped"], totals["done"], totals["open"]) == (10, 1, 1, 8)
    assert (totals["overdue"], totals["blocked"], totals["unowned"], totals["undated"]) == (
        1,
        1,
        1,
        1,
    )
    assert totals["progress"] == round(1 / 9, 4)
    assert totals["planned"] == round(3 / 9, 4)
    areas = {area["key"]: area for area in data["areas"]}
    assert (areas["safety"]["progress"], areas["safety"]["planned"]) == (0.2, 0.4)
    assert areas["safety"]["rag"] == "red" and areas["safety"]["lead"] == "Registered manager"
    assert (areas["care"]["progress"], areas["care"]["planned"]) == (0.0, 0.25)
    assert areas["care"]["rag"] == "amber"
    assert areas["empty"]["progress"] is None and areas["empty"]["rag"] is None
    assert data["exceptions"] == {
        "overdue": ["SAF-2"],
        "blocked": ["SAF-3"],
        "due_soon": ["SAF-4"],
        "unowned": ["CAR-2"],
        "undated": ["CAR-3"],
    }
    assert data["changes"] is None


def test_json_report_lists_changes_since_a_date(invoke: Invoke, register: Path) -> None:
    data = json.loads(_report(invoke, "--format", "json", "--since", "2026-11-01"))
    changed = data["changes"]
    assert changed["since"] == "2026-11-01"
    assert changed["completed"] == ["SAF-1"]
    assert changed["blocked"] == ["SAF-3"]
    assert changed["added"] == ["CAR-3"]
    assert changed["due_moved"] == [{"id": "CAR-5", "old": "2027-01-31", "new": "2027-04-01"}]
    assert changed["slipped"] == [
        {"id": "CAR-5", "old": "2027-01-31", "new": "2027-04-01", "days": 60}
    ]
    later = json.loads(_report(invoke, "--format", "json", "--since", "2026-11-16"))
    assert later["changes"]["completed"] == later["changes"]["blocked"] == []


def test_same_register_and_date_give_the_same_bytes(invoke: Invoke, register: Path) -> None:
    for name in ("text", "markdown", "json", "csv", "junit", "html"):
        first, second = _report(invoke, "-f", name), _report(invoke, "-f", name)
        assert first == second, name


def test_markdown_report(invoke: Invoke, register: Path) -> None:
    text = _report(invoke, "--format", "markdown")
    assert text.startswith("# Care home improvement plan\n")
    assert "- **Next inspection:** 30 June 2027: 215 days" in text
    # Said once, in the summary: the bullets under it do not repeat it.
    assert "Behind plan: 1 of 9 actions is done (11%), against 33% due by now." in text
    assert text.count("1 of 9 actions") == 1
    assert (
        "| Safe care · lead Registered manager | 1/5 | 20% | 40% | 1 | 1 | 🔴 RED | no data | "
        "5 December 2026 |" in text
    )
    assert "| Person\\-centred care" not in text  # '-' needs no escape inside a cell
    assert (
        "| Person-centred care | 0/4 | 0% | 25% | 0 | 0 | 🟠 AMBER | no data | 1 March 2027 |"
        in text
    )
    assert "| **All areas** | 1/9 | 11% | 33% | 1 | 1 | 🔴 RED | — | 5 December 2026 |" in text
    assert "### Overdue (1)" in text and "### Blocked (1)" in text
    assert "### Due in the next 14 days (1)" in text
    assert (
        "| SAF-4 | Fire drill at night | Deputy | 5 December 2026 | 🟠 AMBER | — | not started "
        "| — |" in text
    )
    assert (
        "- **Person-centred care**: AMBER because of 4 actions: CAR-1 (awaiting sign-off); " in text
    )
    table_rows = [line for line in text.splitlines() if line.startswith("|")]
    assert all(line.count(" | ") == table_rows[0].count(" | ") for line in table_rows[:6])


def test_junit_has_a_suite_per_area_and_a_case_per_open_action(
    invoke: Invoke, register: Path
) -> None:
    root = ElementTree.fromstring(_report(invoke, "--format", "junit"))
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["Safe care", "Person-centred care", "Nothing yet"]
    cases = [case.get("name", "").split()[0] for case in root.iter("testcase")]
    assert cases == OPEN
    failed = {
        case.get("name", "").split()[0]: case.find("failure")
        for case in root.iter("testcase")
        if case.find("failure") is not None
    }
    assert set(failed) == {"SAF-2", "SAF-3"}
    assert "overdue: due 2026-11-20" in (failed["SAF-2"].get("message") or "")  # type: ignore[union-attr]
    assert "blocked: no budget" in (failed["SAF-3"].get("message") or "")  # type: ignore[union-attr]
    assert (suites["Safe care"].get("tests"), suites["Safe care"].get("failures")) == ("4", "2")
    assert (root.get("tests"), root.get("failures")) == ("8", "2")


def test_csv_report_has_a_row_per_action(invoke: Invoke, register: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_report(invoke, "--format", "csv").lstrip("\ufeff"))))
    assert [row["ID"] for row in rows] == list(EXPECTED_RAG)
    by_id = {row["ID"]: row for row in rows}
    assert by_id["SAF-2"]["Overdue"] == "yes" and by_id["SAF-3"]["Overdue"] == "no"
    assert {i: (r["RAG"].lower() or None) for i, r in by_id.items()} == EXPECTED_RAG
    assert by_id["CAR-2"]["Owner"] == ""
    assert by_id["SAF-1"]["Area"] == "safety"


def test_html_report_is_self_contained(invoke: Invoke, register: Path) -> None:
    page = _report(invoke, "--format", "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "Care home improvement plan" in page
    assert '<span class="rag red">RED</span>' in page
    assert '215</span><span class="l">days to inspection' in page
    assert "Falls review &amp; residents&#x27; rooms" in page  # register text is escaped


def test_html_report_tiles_show_actions_awaiting_sign_off(invoke: Invoke, register: Path) -> None:
    page = _report(invoke, "--format", "html")
    # CAR-1 is awaiting sign-off: finished work, so its tile is not coloured as an alert.
    assert (
        '<div class="card"><span class="n">1</span><span class="l">awaiting sign-off</span>' in page
    )
    assert '<div class="card alert"><span class="n">1</span><span class="l">blocked' in page


def test_html_areas_table_gives_the_area_column_room(invoke: Invoke, register: Path) -> None:
    page = _report(invoke, "--format", "html")
    # Titles and leads wrapped onto three or four lines beside one-word figures.
    assert '<th scope="col" class="area">Area</th>' in page
    assert '<th scope="row" class="area">Safe care' in page
    assert re.search(r"th\.area \{ min-width: \d", page)
    # A window too narrow even so scrolls the table, in a region a keyboard can reach,
    # instead of cutting columns off.
    assert re.search(
        r'<div class="scroll( short)?" role="region" aria-label="Delivery and impact by area" '
        r'tabindex="0"><table class="stack">',
        page,
    )
    assert ".scroll { overflow-x: auto;" in page


def test_html_report_explains_its_colours_and_words(invoke: Invoke) -> None:
    page = invoke("-r", str(SAMPLE), "report", "-f", "html").stdout
    for word, meaning in (
        ("on target", "at or past the target"),
        ("improving", "better than the baseline, not yet at the target"),
        ("not improving", "no better than the baseline"),
        ("no data", "no current figure"),
    ):
        assert f">{word}</span>: {meaning}" in page, word
    assert '<span class="rag amber">AMBER</span> at risk' in page
    # Improving is progress, not a warning: it is not drawn in a RAG colour.
    rule = re.search(r"\.impact\.improving \{ color: var\(--(\w+)\)", page)
    assert rule is not None and rule.group(1) not in ("green", "amber", "red")


def test_html_report_gives_no_commands_and_revised_dates_in_words(invoke: Invoke) -> None:
    page = invoke("-r", str(SAMPLE), "report", "-f", "html").stdout
    # What the board decides, not what an officer types (v3).
    assert "the board agrees each revised date" in page
    assert "<code>" not in page and "improvetrack rebaseline" not in page
    assert "`" not in page  # no Markdown's backticks left for a board member to read
    # The agreed and revised dates are in the words the rest of the paper uses.
    moved = r">31 Jan 2027</time> → <time [^>]*>31 Mar 2027</time> <[^>]*>\(\+59 days\)"
    assert re.search(moved, page)
    assert "2027-01-31 →" not in page


def test_text_report_has_status_and_exceptions(invoke: Invoke, register: Path) -> None:
    text = _report(invoke, "--since", "2026-11-01")
    for needle in (
        "Care home improvement plan",
        "Overdue (1)",
        "Blocked (1)",
        "Due in the next 14 days (1)",
        "Since 1 November 2026",
        "Due date moved later (1)",
        "Due then → now: 31 January 2027 → 1 April 2027 (+60 days)",
    ):
        assert needle in text, needle
    assert "\x1b" not in text


@pytest.mark.parametrize(
    ("condition", "ids"),
    [
        ("overdue", "SAF-2"),
        ("blocked", "SAF-3"),
        ("unowned", "CAR-2"),
        ("undated", "CAR-3"),
        ("late", "SAF-5"),
        ("behind", "progress 11% < planned 33%"),
    ],
)
def test_fail_on_each_condition(invoke: Invoke, register: Path, condition: str, ids: str) -> None:
    result = invoke("report", "-f", "json", "--fail-on", condition)
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["failures"][0]["condition"] == condition
    assert result.stderr.startswith(f"failing on: {condition} (")
    assert ids in result.stderr


def test_fail_on_passes_when_nothing_holds(invoke: Invoke, register: Path) -> None:
    result = invoke("--as-of", "2026-10-15", "report", "--fail-on", "overdue, blocked,unowned")
    assert result.exit_code == 1  # SAF-3 is blocked and CAR-2 unowned whatever the date
    result = invoke("--as-of", "2026-09-15", "report", "--fail-on", "overdue")
    assert result.exit_code == 0, result.output
    # On 15 October SAF-1 (due 1 October, completed 3 November) was overdue, as it stood.
    result = invoke("--as-of", "2026-10-15", "report", "--fail-on", "overdue")
    assert result.exit_code == 1 and "SAF-1" in result.output


def test_fail_on_overdue_on_the_sample_flips_with_the_date(invoke: Invoke) -> None:
    # ASM-4 is the open action due first in the sample: on its due date it is not yet late.
    first_due = "2026-11-13"
    before = invoke("-r", str(SAMPLE), "--as-of", first_due, "report", "--fail-on", "overdue")
    after = invoke("-r", str(SAMPLE), "--as-of", "2026-11-14", "report", "--fail-on", "overdue")
    assert before.exit_code == 0, before.output
    assert after.exit_code == 1, after.output


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "pdf"], "unknown format 'pdf'; expected one of text, markdown, json"),
        (["--fail-on", "overdue,slow"], "unknown condition slow (expected"),
        (["--fail-on", "overdu"], "unknown condition overdu; did you mean 'overdue'?"),
        (["--since", "+1d"], "is after the as-of date"),
        (["--fail-on", ""], "--fail-on"),
        (["--since", "last board"], "--since"),
        (["--output", "missing/folder/report.html"], "does not exist"),
    ],
)
def test_report_refuses_bad_input(
    invoke: Invoke, register: Path, args: list[str], needle: str
) -> None:
    result = invoke("report", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_report_output_writes_a_file(invoke: Invoke, register: Path, tmp_path: Path) -> None:
    target = tmp_path / "board.html"
    result = invoke("report", "-f", "html", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".board")] == []


def test_check_is_quiet_when_clean(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write(
        'schema = 1\n[plan]\ntitle = "p"\nnext_inspection = 2027-06-30\n'
        '[areas.a]\ntitle = "A"\nprefix = "A"\n'
        '[actions.A-1]\narea = "a"\ntitle = "t"\nowner = "o"\ndue = 2027-01-01\n'
    )
    result = invoke("check", "--strict")
    assert (result.exit_code, result.output) == (0, "")


def test_check_lists_warnings_with_lines(invoke: Invoke, register: Path) -> None:
    result = invoke("check")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in lines]
    # SAF-1 alone has a log: the others were written by hand, so a back-dated status cannot
    # say how they stood (one warning for them all).
    assert codes == ["empty-area", "late", "unowned", "undated", "slipped", "history-incomplete"]
    assert (
        lines[0]
        == f"warning: {register.resolve()}:18: areas.empty: has no actions yet; add one with "
        "`improvetrack add empty TITLE` [empty-area]"
    )
    assert invoke("check", "--strict").exit_code == 1
    data = json.loads(invoke("check", "--json").stdout)
    assert data["valid"] is True and len(data["warnings"]) == 6


def test_check_lists_every_error_of_an_invalid_register(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(REGISTER.replace('status = "in-progress"', 'status = "started"'))
    result = invoke("check")
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4  # SAF-2, SAF-5, CAR-3, CAR-5
    assert all(line.startswith(f"error: {path.resolve()}:") for line in errors)
    assert "unknown status 'started'" in errors[0]
    assert path.read_text() == REGISTER.replace('status = "in-progress"', 'status = "started"')


def test_check_json_lists_a_syntax_error(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write('schema = 1\n[plan]\ntitle = "unclosed\n')
    result = invoke("check", "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False and "invalid TOML" in data["errors"][0]


def test_html_burnup_table_says_none_done_as_0(invoke: Invoke) -> None:
    page = invoke("-r", str(SAMPLE), "report", "-f", "html").stdout
    table = page[page.index("<summary>The burn-up as a table</summary>") :]
    body = table[table.index("<tbody>") :]
    first = body[: body.index("</tr>")]
    assert ">2026-08-03</th>" in first  # the plan's start
    assert 'data-label="Done">0</td>' in first  # none done yet: 0, not "—" (not yet come)
