"""Inspection rules as data: the school deadline with its holidays, windows, notices."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from improvetrack.figures.deadlines import RULES, action_plan_deadline
from improvetrack.figures.rules import TABLE, long_holidays, matching, missing, windows
from improvetrack.model import school
from improvetrack.model.register import Plan
from improvetrack.render.rules import no_rule
from tests.conftest import Invoke

SUMMER = (date(2027, 7, 22), date(2027, 9, 1))  # Thu 22 July to Wed 1 September 2027


def _school(**dates: object) -> Plan:
    return Plan(
        title="Oak Primary",
        inspectorate="Ofsted",
        framework="schools",
        judgement="special measures",
        **dates,  # type: ignore[arg-type]
    )


def test_a_school_inspected_before_the_summer_counts_past_the_holiday() -> None:
    # Received Thu 15 July 2027; the day after is day 1: Fri 16 (1), Mon 19 (2), Tue 20 (3),
    # Wed 21 (4); the summer holiday (42 days) does not count, nor the bank holiday in
    # it (Mon 30 August); Thu 2 Sep (5), Fri 3 (6), Mon 6 (7), Tue 7 (8), Wed 8 (9), Thu 9 (10).
    plan = _school(inspected=date(2027, 7, 6), received=date(2027, 7, 15))
    plan.school_holidays = [SUMMER]
    deadline = action_plan_deadline(plan)
    assert deadline is not None and deadline.due == date(2027, 9, 9)
    assert deadline.rule is not None and deadline.rule.id == "school-statement-of-action"
    assert deadline.what == "statement of action due" and deadline.counted_from == "received"
    # Without the holidays listed: Fri 16 (1) … Thu 29 July (10).
    plan.school_holidays = []
    assert action_plan_deadline(plan).due == date(2027, 7, 29)  # type: ignore[union-attr]


def test_a_week_of_half_term_stretched_over_its_weekends_does_not_count() -> None:
    # Received Fri 22 October 2027. Half term Mon 25 to Fri 29 October, with the weekends
    # either side, is 9 days (Sat 23 to Sun 31): more than 7, so none of it counts.
    # Mon 1 Nov (1) … Fri 5 (5), Mon 8 (6) … Fri 12 (10).
    plan = _school(inspected=date(2027, 10, 1), received=date(2027, 10, 22))
    plan.school_holidays = [(date(2027, 10, 25), date(2027, 10, 29))]
    assert action_plan_deadline(plan).due == date(2027, 11, 12)  # type: ignore[union-attr]
    # A shorter break still counts: Wed 27 to Fri 29 with its weekend is 5 days, so
    # Mon 25 (1) … Fri 29 (5), Mon 1 Nov (6) … Fri 5 (10).
    plan.school_holidays = [(date(2027, 10, 27), date(2027, 10, 29))]
    assert action_plan_deadline(plan).due == date(2027, 11, 5)  # type: ignore[union-attr]


def test_a_holiday_stretches_over_a_bank_holiday_that_touches_it() -> None:
    # Tue 1 to Fri 4 June 2027 touches the spring bank holiday (Mon 31 May) and the weekend
    # before it (Sat 29): 29 May to 6 June is 9 days, so it does not count.
    closed = {date(2027, 5, 31)}
    days = long_holidays([(date(2027, 6, 1), date(2027, 6, 4))], frozenset(closed))
    assert min(days) == date(2027, 5, 29) and max(days) == date(2027, 6, 6)
    # Wed 2 to Fri 4 June with its weekend is 5 days: it counts, nothing is left out.
    assert long_holidays([(date(2027, 6, 2), date(2027, 6, 4))], frozenset(closed)) == set()


def test_ilacs_is_unchanged_and_driven_by_the_table() -> None:
    plan = Plan(title="p", inspectorate="Ofsted", framework="ILACS", received=date(2023, 5, 9))
    deadline = action_plan_deadline(plan)
    assert deadline is not None and deadline.due == date(2023, 8, 16)
    assert deadline.rule is not None and deadline.rule.id == "ilacs-statement-of-action"
    assert {rule.id for rule in RULES} == {r.id for r in TABLE if r.sets == "deadline"}


@pytest.mark.parametrize(
    ("inspectorate", "framework", "judgement", "rule"),
    [
        ("OFSTED", "School", "Special Measures", "school-statement-of-action"),
        ("ofsted", "EIF", "serious  weaknesses", "school-statement-of-action"),
        ("Ofsted", "ILACS", "inadequate", "ilacs-statement-of-action"),
        ("Ofsted", "schools", "requires improvement", None),
        ("Ofsted", "schools and colleges", "special measures", None),
        ("CQC", "adult social care", "requires improvement", None),
    ],
)
def test_rules_match_listed_names_after_case_folding(
    inspectorate: str, framework: str, judgement: str, rule: str | None
) -> None:
    plan = Plan(title="p", inspectorate=inspectorate, framework=framework, judgement=judgement)
    plan.received = date(2027, 3, 1)
    found = action_plan_deadline(plan)
    assert (found.rule.id if found and found.rule else None) == rule


def test_the_plan_date_always_wins() -> None:
    plan = _school(received=date(2027, 7, 15), action_plan_due=date(2027, 10, 1))
    plan.school_holidays = [SUMMER]
    deadline = action_plan_deadline(plan)
    assert deadline is not None and deadline.overridden and deadline.due == date(2027, 10, 1)
    assert missing(Plan(title="p", inspectorate="CQC", action_plan_due=date(2027, 1, 1))) is None


def test_an_unknown_rule_is_said_plainly() -> None:
    plan = Plan(title="p", inspectorate="CQC", framework="adult social care")
    assert missing(plan) == "CQC adult social care"
    assert no_rule("CQC adult social care") == (
        "no rule for CQC adult social care: set plan.action_plan_due from the notice"
    )
    assert [r.id for r in matching(plan, "notice")] == ["cqc-notices"]
    assert missing(Plan(title="p", inspectorate="CQC")) == "CQC"
    assert action_plan_deadline(plan) is None


def test_windows_are_shown_as_windows() -> None:
    as_of = date(2026, 11, 27)
    ilacs = Plan(title="p", inspectorate="Ofsted", framework="ILACS", inspected=date(2026, 6, 12))
    ilacs.judgement = "requires improvement to be good"
    (window,) = windows(ilacs, as_of)
    assert (window.rule.id, window.start, window.end) == (
        "ilacs-requires-improvement-window",
        date(2028, 12, 12),
        date(2029, 12, 12),
    )
    school_ri = Plan(title="p", inspectorate="Ofsted", framework="schools")
    school_ri.judgement, school_ri.published = "requires improvement", date(2026, 3, 31)
    (window,) = windows(school_ri, as_of)
    assert (window.start, window.end) == (date(2026, 3, 31), date(2028, 9, 30))
    early = Plan(title="p", inspectorate="Ofsted", framework="early years", judgement="inadequate")
    early.inspected = date(2026, 8, 31)
    assert [(w.start, w.end) for w in windows(early, as_of)] == [
        (date(2026, 8, 31), date(2027, 2, 28))
    ]
    home = Plan(title="p", inspectorate="Ofsted", framework="children's homes")
    home.judgement = "inadequate"
    assert [(w.start, w.end) for w in windows(home, as_of)] == [
        (date(2026, 4, 1), date(2027, 3, 31))
    ]
    assert [(w.start, w.end) for w in windows(home, date(2027, 3, 31))] == [
        (date(2026, 4, 1), date(2027, 3, 31))
    ]


def test_every_rule_names_its_source_and_says_it_was_not_read() -> None:
    assert {rule.id for rule in TABLE} >= {
        "ilacs-statement-of-action",
        "school-statement-of-action",
        "ilacs-requires-improvement-window",
        "school-requires-improvement-window",
        "early-years-inadequate-window",
        "childrens-homes-window",
        "cqc-notices",
        "jtai-letter",
        "childrens-homes-requirements",
        "early-years-actions",
    }
    assert len({rule.id for rule in TABLE}) == len(TABLE)
    for rule in TABLE:
        assert rule.source and not rule.verified
        assert (rule.days is None) == (rule.sets == "notice")
        assert all(name == name.casefold() for name in rule.frameworks + rule.judgements)


# --- through the command line ----------------------------------------------------------------

SCHOOL = """\
schema = 1

[plan]
title = "Oak Primary improvement plan"
inspectorate = "Ofsted"
framework = "School"
judgement = "Special measures"
inspected = 2027-07-06
received = 2027-07-15
"""


def test_rules_lists_them_with_their_sources(invoke: Invoke) -> None:
    result = invoke("rules")
    assert result.exit_code == 0, result.output
    assert "school-statement-of-action: a deadline, statement of action due" in result.stdout
    assert "SI 2005/2038 reg 2" in result.stdout and "(not read)" in result.stdout
    # Wrapped to the terminal's 80 columns, each rule's lines indented under its name.
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[0] == "ilacs-statement-of-action: a deadline, written action plan due"
    assert all(line.startswith("  ") for line in lines[1:4])
    data = json.loads(invoke("rules", "--json").stdout)
    first = data[0]
    assert first["id"] == "ilacs-statement-of-action" and first["days"] == 70
    assert first["kind"] == "working days" and first["source_verified"] is False
    assert {"inspectorate", "framework", "judgement", "sets", "counted_from"} <= set(first)
    notices = [rule["id"] for rule in data if rule["sets"] == "notice"]
    assert "cqc-notices" in notices and "jtai-letter" in notices


def test_school_holidays_set_the_school_deadline(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(SCHOOL)
    before = json.loads(invoke("status", "--json").stdout)["plan"]["action_plan"]
    assert before["due"] == "2027-07-29" and before["rule"] == "school-statement-of-action"
    assert before["source"].startswith("SI 2005/2038 reg 2")
    result = invoke("plan", "set", "--school-holiday", "22/07/2027..2027-09-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "plan.school_holidays: 2027-07-22..2027-09-01 added\n"
    after = json.loads(invoke("status", "--json").stdout)["plan"]
    assert after["action_plan"]["due"] == "2027-09-09"
    assert after["windows"] == []
    shown = invoke("plan", "show").stdout
    assert "Statement of action due  2027-09-09" in shown
    result = invoke("plan", "set", "--no-school-holidays")
    assert result.stdout == "plan.school_holidays: cleared\n"
    assert json.loads(invoke("status", "--json").stdout)["plan"]["action_plan"]["due"] == (
        "2027-07-29"
    )


@pytest.mark.parametrize(
    ("holidays", "message"),
    [
        (
            ["2027-09-01..2027-07-22"],
            "school holiday 2027-09-01..2027-07-22: ends before it starts",
        ),
        (
            ["2027-07-22..2027-09-01", "2027-08-30..2027-09-03"],
            "school holiday 2027-08-30..2027-09-03: overlaps school holiday 2027-07-22..2027-09-01",
        ),
        (["2029-07-22..2029-09-01"], "school holiday 2029-07-22..2029-09-01: more than a year"),
        (["2027-07-22"], "--school-holiday '2027-07-22': expected START..END"),
        (["2027-07-22..soon"], "--school-holiday"),
    ],
)
def test_bad_school_holidays_are_refused_naming_the_holiday(
    invoke: Invoke, write: Callable[[str], Path], holidays: list[str], message: str
) -> None:
    path = write(SCHOOL)
    before = path.read_bytes()
    args = [part for value in holidays for part in ("--school-holiday", value)]
    result = invoke("plan", "set", *args)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert path.read_bytes() == before


def test_a_hand_written_bad_holiday_fails_validation(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(SCHOOL + "school_holidays = [[2027-07-22, 2027-09-01], [2027-08-01, 2027-08-02]]\n")
    result = invoke("check")
    assert result.exit_code == 2
    assert "plan.school_holidays" in result.stderr and "overlaps" in result.stderr
    write(SCHOOL + 'school_holidays = [["summer", 2027-09-01]]\n')
    assert invoke("check").exit_code == 2


def test_plan_show_says_when_there_is_no_rule(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write('schema = 1\n[plan]\ntitle = "Care home"\ninspectorate = "CQC"\n')
    shown = invoke("plan", "show").stdout
    assert "no rule for CQC: set plan.action_plan_due from the notice" in shown
    assert json.loads(invoke("status", "--json").stdout)["plan"]["action_plan"] is None


def test_holiday_labels_read_back() -> None:
    assert school.label(SUMMER) == "2027-07-22..2027-09-01"


def test_the_board_paper_shows_a_window_as_a_window(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(
        'schema = 1\n[plan]\ntitle = "Elm <b>Academy</b>"\ninspectorate = "Ofsted"\n'
        'framework = "schools"\njudgement = "Requires improvement"\npublished = 2026-03-31\n'
        "next_inspection = 2028-06-30\n"
    )
    page = invoke("report", "--format", "html").stdout
    assert (
        "Next inspection expected: a window, between <strong>31 March 2026</strong> and "
        "<strong>30 September 2028</strong>."
    ) in page
    assert "<b>Academy" not in page
    shown = invoke("plan", "show").stdout
    assert "Expected window" in shown and "2026-03-31 to 2028-09-30" in shown
    data = json.loads(invoke("report", "--format", "json").stdout)
    assert data["plan"]["windows"] == [
        {
            "rule": "school-requires-improvement-window",
            "start": "2026-03-31",
            "end": "2028-09-30",
            "source": "the school inspection handbook: usually within 30 months of publication",
        }
    ]
    assert data["plan"]["action_plan"] is None
