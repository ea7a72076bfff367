"""Inspection intelligence: deadlines, the estimated window, forecast, burn-up, impact."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvetrack.errors import UsageError
from improvetrack.figures.burnup import burnup
from improvetrack.figures.deadlines import DeadlineRule, action_plan_deadline, count_working_days
from improvetrack.figures.forecast import forecast
from improvetrack.figures.progress import Impact, area_impact, measure_impact
from improvetrack.model.measures import parse_number
from improvetrack.model.register import Action, Area, Measure, Plan
from improvetrack.render.svg import nice_ticks
from improvetrack.render.words import outlook
from tests.conftest import SAMPLE, Invoke

# --- the action-plan deadline ----------------------------------------------------------------


def test_stockton_case_seventy_working_days() -> None:
    plan = Plan(title="p", inspectorate="Ofsted", framework="ILACS", received=date(2023, 5, 9))
    deadline = action_plan_deadline(plan)
    assert deadline is not None
    assert deadline.due == date(2023, 8, 16)
    assert (deadline.counted_from, deadline.overridden) == ("received", False)


@pytest.mark.parametrize(
    ("start", "days", "expected", "calendar"),
    [
        # Fri 19 Dec 2025: Mon 22 (1), Tue 23 (2), Wed 24 (3), Christmas and Boxing Day,
        # the weekend, Mon 29 (4), Tue 30 (5).
        (date(2025, 12, 19), 5, date(2025, 12, 30), "Christmas"),
        # Thu 24 Dec 2026: Christmas Fri 25, weekend, Boxing Day observed Mon 28,
        # Tue 29 (1), Wed 30 (2), Thu 31 (3), New Year's Day Fri 1 Jan, weekend, Mon 4 (4).
        (date(2026, 12, 24), 4, date(2027, 1, 4), "Christmas into a new year"),
        # Wed 1 Apr 2026: Thu 2 (1), Good Friday 3, weekend, Easter Monday 6, Tue 7 (2),
        # Wed 8 (3).
        (date(2026, 4, 1), 3, date(2026, 4, 8), "Easter"),
        # Thu 30 Apr 2026: Fri 1 May (1), weekend, early May bank holiday Mon 4, Tue 5 (2).
        (date(2026, 4, 30), 2, date(2026, 5, 5), "early May"),
        # Fri 22 May 2026: weekend, spring bank holiday Mon 25, Tue 26 (1).
        (date(2026, 5, 22), 1, date(2026, 5, 26), "spring bank holiday"),
        # Mon 2 Mar 2026 to Fri 27 Mar: four plain weeks, twenty working days.
        (date(2026, 3, 1), 20, date(2026, 3, 27), "no holidays"),
    ],
)
def test_working_days_skip_weekends_and_english_bank_holidays(
    start: date, days: int, expected: date, calendar: str
) -> None:
    assert count_working_days(start, days) == expected, calendar


def test_deadline_counts_from_publication_when_receipt_is_unknown() -> None:
    plan = Plan(title="p", inspectorate="ofsted", framework="ilacs", published=date(2023, 5, 9))
    deadline = action_plan_deadline(plan)
    assert deadline is not None and deadline.counted_from == "published"
    assert deadline.due == date(2023, 8, 16)


def test_deadline_override_and_no_rule() -> None:
    plan = Plan(title="p", action_plan_due=date(2027, 1, 15), received=date(2026, 11, 1))
    deadline = action_plan_deadline(plan)
    assert deadline is not None and deadline.overridden and deadline.due == date(2027, 1, 15)
    assert action_plan_deadline(Plan(title="p", received=date(2026, 11, 1))) is None


def test_a_new_rule_is_data_not_code() -> None:
    rule = DeadlineRule("Example", "Visit", 20, ("published",), "draft plan due", "test")
    plan = Plan(title="p", inspectorate="Example", framework="Visit", published=date(2026, 3, 1))
    deadline = action_plan_deadline(plan, rules=(rule,))
    assert deadline is not None and deadline.due == date(2026, 3, 27)
    assert deadline.what == "draft plan due"


def test_status_shows_a_deadline_still_ahead(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write(
        'schema = 1\n[plan]\ntitle = "p"\ninspectorate = "Ofsted"\nframework = "ILACS"\n'
        "inspected = 2026-10-05\nreceived = 2026-11-20\n"
    )
    # 70 working days from Fri 20 Nov 2026, skipping 25, 28 Dec and 1 Jan: Wed 3 Mar 2027.
    screen = invoke("status").stdout
    assert "Written action plan due 2027-03-03: 96 days to go" in screen
    data = json.loads(invoke("status", "--json").stdout)
    assert data["plan"]["action_plan"] == {
        "what": "written action plan due",
        "due": "2027-03-03",
        "overridden": False,
        "counted_from": "received",
        "working_days": 70,
        "rule": "ilacs-statement-of-action",
        "source": (
            "the Education and Inspections Act 2006 s.137 and SI 2007/462 (the Inspection "
            "of Local Authorities Regulations 2007), restated in the ILACS framework"
        ),
    }
    later = invoke("--as-of", "2027-03-04", "status").stdout
    assert "action plan due" not in later


def test_the_sample_json_report_holds_the_past_deadline(invoke: Invoke) -> None:
    data = json.loads(invoke("-r", str(SAMPLE), "report", "-f", "json").stdout)
    # Received Mon 20 Jul 2026: 9 working days left in July, 20 in August (31 Aug is the
    # late summer bank holiday), 22 in September, and the 19th in October is Tue 27.
    assert data["plan"]["action_plan"]["due"] == "2026-10-27"


# --- the estimated inspection window ----------------------------------------------------------


def test_estimated_window_is_said_everywhere(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write('schema = 1\n[plan]\ntitle = "p"\ninspected = 2026-06-12\n')
    screen = invoke("status").stdout
    assert "expected between 2028-12-12 and 2029-12-12" in screen and "estimate" in screen
    data = json.loads(invoke("status", "--json").stdout)
    assert data["plan"]["next_inspection"] == "2028-12-12"
    assert data["plan"]["next_inspection_estimated"] is True
    assert data["plan"]["next_inspection_latest"] == "2029-12-12"
    markdown = invoke("report", "-f", "markdown").stdout
    assert "expected between 12 December 2028 and 12 December 2029 (an estimate)" in markdown
    page = invoke("report", "-f", "html").stdout
    assert "(an estimate)" in page


# --- forecast ----------------------------------------------------------------------------------


def _done(number: int, completed: date) -> Action:
    return Action(f"A-{number}", "a", "t", status="done", completed=completed)


def _open(number: int) -> Action:
    return Action(f"A-{number}", "a", "t", status="in-progress")


HISTORY = [
    _done(1, date(2026, 2, 1)),  # before the twelve-week window
    _done(2, date(2026, 3, 1)),  # before it too: the window starts 9 March
    _done(3, date(2026, 3, 20)),
    _done(4, date(2026, 4, 15)),
    _done(5, date(2026, 6, 1)),  # on the as-of date: counts
    *(_open(number) for number in range(6, 11)),
    Action("A-11", "a", "t", status="dropped"),
]


def test_forecast_from_a_known_history() -> None:
    result = forecast(HISTORY, date(2026, 6, 1), date(2026, 1, 1), date(2026, 12, 31))
    assert result is not None
    assert (result.window_start, result.window_days) == (date(2026, 3, 9), 84)
    assert (result.completed, result.live, result.done, result.remaining) == (3, 10, 5, 5)
    assert result.per_week == pytest.approx(0.25)
    # 5 left at 3 per 84 days: 140 days after 1 June is 19 October.
    assert result.finish == date(2026, 10, 19)
    # 213 days to 31 December at 3 per 84 days: 7 more, capped at the 10 live actions.
    assert result.done_by_inspection == 10
    assert outlook(result) == (
        "At this rate (0.2 a week over the last 12 weeks) 10 of 10 actions will be done "
        "by the inspection; all done by about 19 October 2026."
    )


def test_forecast_that_misses_the_inspection() -> None:
    result = forecast(HISTORY, date(2026, 6, 1), date(2026, 1, 1), date(2026, 8, 1))
    assert result is not None
    # 61 days at 3 per 84 days: 2 more, so 7 of 10.
    assert result.done_by_inspection == 7
    assert outlook(result).endswith(
        "7 of 10 actions will be done by the inspection; the last around 19 October 2026, after it."
    )


def test_forecast_says_when_there_is_no_history() -> None:
    quiet = [_done(1, date(2026, 1, 5)), _open(2)]
    result = forecast(quiet, date(2026, 6, 1), date(2026, 1, 1), date(2026, 12, 31))
    assert result is not None and not result.has_history
    assert result.finish is None and result.done_by_inspection is None
    assert outlook(result) == "No forecast: no actions were completed in the last 12 weeks."
    assert forecast(quiet, date(2026, 6, 1), None, None) is None
    assert outlook(None) == (
        "No forecast yet: the plan has no history before today "
        "(`improvetrack plan set --start DATE` says when it began)."
    )
    empty = forecast([], date(2026, 6, 1), date(2026, 1, 1), None)
    assert outlook(empty) == "No forecast: no actions count towards progress yet."


def test_a_young_plan_uses_its_whole_life_as_the_window() -> None:
    result = forecast(
        [_done(1, date(2026, 5, 20)), _open(2)], date(2026, 6, 1), date(2026, 5, 4), None
    )
    assert result is not None and (result.window_start, result.window_days) == (
        date(2026, 5, 4),
        28,
    )
    assert result.finish == date(2026, 6, 29)  # one left at one per 28 days


def test_burnup_points_by_hand() -> None:
    actions = [
        Action("A-1", "a", "t", status="done", due=date(2026, 2, 10), completed=date(2026, 2, 5)),
        Action("A-2", "a", "t", status="done", due=date(2026, 3, 10), completed=date(2026, 3, 20)),
        Action("A-3", "a", "t", due=date(2026, 4, 10)),
        Action("A-4", "a", "t", due=date(2026, 6, 30)),
    ]
    ahead = forecast(actions, date(2026, 3, 31), date(2026, 1, 15), date(2026, 6, 30))
    chart = burnup(actions, date(2026, 3, 31), date(2026, 1, 15), date(2026, 6, 30), ahead)
    assert chart is not None and chart.live == 4
    rows = [(p.day.isoformat(), p.planned, p.done) for p in chart.points]
    assert rows == [
        ("2026-01-15", 0, 0),
        ("2026-01-31", 0, 0),
        ("2026-02-28", 1, 1),
        ("2026-03-31", 2, 2),
        ("2026-04-30", 3, None),
        ("2026-05-31", 3, None),
        ("2026-06-30", 4, None),
    ]
    # 2 completed in the 75 days since the start: 2/75 a day from 2 done on 31 March.
    assert chart.points[4].projected == pytest.approx(2 + 2 / 75 * 30)
    assert chart.points[-1].projected == 4.0  # 2 + 2/75 * 91 would pass the 4 live actions


def test_burnup_counts_on_the_actions_own_dates() -> None:
    actions = [
        Action("A-1", "a", "t", status="done", due=date(2026, 2, 10), completed=date(2026, 2, 5)),
        Action("A-2", "a", "t", status="done", due=date(2026, 3, 10), completed=date(2026, 3, 20)),
        Action("A-3", "a", "t", due=date(2026, 4, 10)),
        Action("A-4", "a", "t", status="dropped", due=date(2026, 3, 1)),
        # No completed date and no log: done for as long as the register can tell, as a
        # status as of any day counts it.
        Action("A-5", "a", "t", status="done"),
    ]
    ahead = forecast(actions, date(2026, 3, 31), date(2026, 1, 15), date(2026, 6, 30))
    chart = burnup(actions, date(2026, 3, 31), date(2026, 1, 15), date(2026, 6, 30), ahead)
    assert chart is not None
    assert chart.planned_days == [date(2026, 2, 10), date(2026, 3, 10), date(2026, 4, 10)]
    assert chart.done_days == [date(2026, 2, 5), date(2026, 3, 20)]
    # The counts step on the day itself, not at the next month end.
    assert [chart.planned_by(date(2026, 2, d)) for d in (9, 10)] == [0, 1]
    assert chart.done_by(date(2026, 1, 20)) == 1
    assert [chart.done_by(date(2026, 3, d)) for d in (19, 20)] == [2, 3]
    assert chart.done_by(date(2026, 4, 1)) is None  # after today
    # The projection starts from every done action: 2 completions in 75 days, from 3 done.
    assert chart.done == 3 and chart.rate == pytest.approx(2 / 75)
    assert chart.projected_at(date(2026, 3, 30)) is None
    assert chart.projected_at(date(2026, 4, 30)) == pytest.approx(3 + 2 / 75 * 30)
    assert chart.days_to_all_done == pytest.approx(75 / 2)


def test_timeline_command(invoke: Invoke) -> None:
    result = invoke("-r", str(SAMPLE), "timeline")
    assert result.exit_code == 0, result.output
    assert "◀ today" in result.stdout and "◀ inspection" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    data = json.loads(invoke("-r", str(SAMPLE), "timeline", "--json").stdout)
    today = next(p for p in data["points"] if p["date"] == "2026-11-27")
    assert (today["planned"], today["done"]) == (7, 5)


def test_timeline_without_a_start_says_so(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write('schema = 1\n[plan]\ntitle = "p"\n')
    result = invoke("timeline")
    assert result.exit_code == 0 and "no start date" in result.stdout
    assert invoke("timeline", "--area", "nope").exit_code == 2


def _svg(page: str) -> str:
    """The burn-up's drawing (the impact measures have drawings of their own)."""
    start = page.index('<svg class="chart" ')
    return page[start : page.index("</svg>", start)]


def _polylines(svg: str) -> list[list[tuple[float, float]]]:
    lines = []
    for points in re.findall(r'<polyline points="([^"]*)"', svg):
        pairs = [pair.split(",") for pair in points.split()]
        lines.append([(float(px), float(py)) for px, py in pairs])
    return lines


def _labels(svg: str) -> dict[str, tuple[float, float, float]]:
    """The today and inspection labels: where each starts, ends at most, and its baseline."""
    found = re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" fill="[^"]*">((today|inspection) [^<]*)<', svg
    )
    # The renderer allows 0.62 of the 12-unit font for a character: generous for digits.
    return {
        name: (float(x), float(x) + len(text) * 12 * 0.62, float(y)) for x, y, text, name in found
    }


def test_html_report_draws_the_burnup(invoke: Invoke) -> None:
    page = invoke("-r", str(SAMPLE), "report", "-f", "html").stdout
    assert '<h2 id="burn-up-to-the-inspection">Burn-up to the inspection</h2>' in page
    svg = _svg(page)
    assert svg.count("<polyline") == 3  # planned, done, projected
    assert "today 2026-11-27" in svg and "inspection 2028-06-30" in svg
    assert "projected at the recent rate" in page
    # 17 live actions: ticks every 5 up to 20.
    ticks = re.findall(r'text-anchor="end">(\d+)</text>', svg)
    assert ticks == ["0", "5", "10", "15", "20"]
    # Both labels fit inside the 880-unit drawing, side by side without touching.
    labels = _labels(svg)
    assert labels.keys() == {"today", "inspection"}
    assert all(start >= 0 and end <= 880 for start, end, _ in labels.values())
    assert labels["today"][1] < labels["inspection"][0]


PRECISE = """\
schema = 1
[plan]
title = "p"
start = 2026-01-01
next_inspection = 2027-02-08
[areas.a]
title = "A"
prefix = "A"
[actions.A-1]
area = "a"
title = "t"
status = "done"
due = 2026-02-10
completed = 2026-02-05
[actions.A-2]
area = "a"
title = "t"
status = "done"
due = 2026-03-10
completed = 2026-10-20
[actions.A-3]
area = "a"
title = "t"
status = "in-progress"
due = 2026-04-10
[actions.A-4]
area = "a"
title = "t"
due = 2026-12-31
[actions.A-5]
area = "a"
title = "t"
status = "dropped"
due = 2026-06-01
"""


def test_html_burnup_steps_on_the_exact_dates(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write(PRECISE)
    svg = _svg(invoke("report", "-f", "html").stdout)
    planned, done, projected = _polylines(svg)
    # 403 days from 1 Jan 2026 to 8 Feb 2027 across 806 units from x=40: x = 40 + 2 * day.
    # Four live actions: ticks 0-4. Today's and the inspection's labels clash on one row,
    # so the plot starts at y=42 and ends at y=276: each action is 58.5 units high.
    assert re.findall(r'text-anchor="end">(\d+)</text>', svg) == ["0", "1", "2", "3", "4"]
    assert done == [
        (40.0, 276.0),  # 1 Jan: none done
        (110.0, 276.0),  # 5 Feb, day 35: A-1
        (110.0, 217.5),
        (624.0, 217.5),  # 20 Oct, day 292: A-2
        (624.0, 159.0),
        (700.0, 159.0),  # today, 27 Nov, day 330
    ]
    assert planned == [
        (40.0, 276.0),
        (120.0, 276.0),  # 10 Feb, day 40: A-1 due
        (120.0, 217.5),
        (176.0, 217.5),  # 10 Mar, day 68: A-2 due
        (176.0, 159.0),
        (238.0, 159.0),  # 10 Apr, day 99: A-3 due (A-5 is dropped)
        (238.0, 100.5),
        (768.0, 100.5),  # 31 Dec, day 364: A-4 due
        (768.0, 42.0),
        (846.0, 42.0),  # the inspection
    ]
    # One completion in the last 84 days, from 2 done today: 2 + 73/84 by the inspection,
    # a straight line.
    assert projected == [(700.0, 159.0), (846.0, 108.2)]
    labels = _labels(svg)
    assert labels["today"][::2] == (704.0, 14.0)  # to the right of its line
    assert labels["inspection"][::2] == (685.8, 30.0)  # left of its line, a row lower
    assert labels["inspection"][1] <= 846  # ends before the line, inside the drawing


def test_html_burnup_projection_bends_where_everything_is_done(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    # Two more completions in the window: 3 per 84 days, 1 left, all done 28 days on.
    write(
        PRECISE.replace('status = "in-progress"', 'status = "done"\ncompleted = 2026-11-01')
        .replace(
            'title = "t"\ndue = 2026-12-31',
            'title = "t"\nstatus = "done"\ncompleted = 2026-11-20\ndue = 2026-12-31',
        )
        .replace('status = "dropped"', 'status = "in-progress"')
    )
    _, _, projected = _polylines(_svg(invoke("report", "-f", "html").stdout))
    # 4 done of 5 live: ticks 0-5 over 234 units, 46.8 an action; day 330 + 28 = 358.
    assert projected == [(700.0, 88.8), (756.0, 42.0), (846.0, 42.0)]


def test_html_burnup_without_a_recent_rate_draws_no_projection(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(PRECISE.replace("completed = 2026-10-20", "completed = 2026-03-20"))
    page = invoke("report", "-f", "html").stdout
    assert _svg(page).count("<polyline") == 2  # planned and done
    assert "projected at the recent rate" not in page
    assert "No forecast: no actions were completed in the last 12 weeks." in page


@pytest.mark.parametrize(
    ("total", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (5, [0, 1, 2, 3, 4, 5]),
        (6, [0, 2, 4, 6]),
        (11, [0, 5, 10, 15]),
        (17, [0, 5, 10, 15, 20]),
        (25, [0, 5, 10, 15, 20, 25]),
        (26, [0, 10, 20, 30]),
        (101, [0, 50, 100, 150]),
        (10_000, [0, 2000, 4000, 6000, 8000, 10000]),
    ],
)
def test_nice_ticks(total: int, ticks: list[int]) -> None:
    assert nice_ticks(total) == ticks


@given(st.integers(min_value=3, max_value=10**9))
def test_nice_ticks_are_round_and_cover_the_total(total: int) -> None:
    ticks = nice_ticks(total)
    step = ticks[1]
    assert 4 <= len(ticks) <= 6 and ticks[-1] >= total > ticks[-2]
    assert ticks == list(range(0, ticks[-1] + 1, step))
    assert int(str(step).rstrip("0") or "0") in (1, 2, 5)


# --- impact measures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (Measure("m", baseline=50, target=80, current=80), Impact.ON_TARGET),
        (Measure("m", baseline=50, target=80, current=60), Impact.IMPROVING),
        (Measure("m", baseline=50, target=80, current=50), Impact.NOT_IMPROVING),
        (Measure("m", baseline=50, target=80, current=45), Impact.NOT_IMPROVING),
        (Measure("m", baseline=50, target=80), Impact.NO_DATA),
        (Measure("m", target=80, current=60), Impact.NO_DATA),  # no baseline to compare
        (Measure("m", baseline=18, target=12, current=11, direction="down"), Impact.ON_TARGET),
        (Measure("m", baseline=18, target=12, current=15, direction="down"), Impact.IMPROVING),
        (Measure("m", baseline=18, target=12, current=19, direction="down"), Impact.NOT_IMPROVING),
    ],
)
def test_measure_impact(measure: Measure, expected: Impact) -> None:
    assert measure_impact(measure) is expected


def test_area_impact_is_its_most_worrying_measure() -> None:
    good = Measure("a", baseline=1, target=2, current=2)
    rising = Measure("b", baseline=1, target=3, current=2)
    assert area_impact(Area("x", "X", measures=[good, rising])) is Impact.IMPROVING
    assert area_impact(Area("x", "X", measures=[good, Measure("c")])) is Impact.NO_DATA
    assert area_impact(Area("x", "X")) is Impact.NO_DATA


def test_measure_add_and_set_keep_history(invoke: Invoke, sample: Path) -> None:
    assert (
        invoke(
            "measure",
            "add",
            "understanding",
            "Life-story books started",
            "--unit",
            "%",
            "--baseline",
            "20",
            "--target",
            "70",
        ).exit_code
        == 0
    )
    result = invoke("measure", "set", "understanding", "life-story books STARTED", "35%")
    assert result.exit_code == 0, result.output
    assert "35 on 2026-11-27 (improving)" in result.stdout
    assert (
        invoke(
            "measure",
            "set",
            "understanding",
            "Life-story books started",
            "28",
            "--on",
            "2026-10-31",
        ).exit_code
        == 0
    )
    listed = json.loads(invoke("measure", "list", "--json").stdout)["understanding"]
    books = next(m for m in listed if m["name"] == "Life-story books started")
    assert books["history"] == [
        {"on": "2026-10-31", "value": 28},
        {"on": "2026-11-27", "value": 35},
    ]
    assert (books["current"], books["updated"], books["impact"]) == (35, "2026-11-27", "improving")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["set", "understanding", "Unknown measure", "3"], "has no measure 'Unknown measure'"),
        (
            ["set", "education", "Persistent absence of children in care", "lots"],
            "expected a number",
        ),
        (["set", "nowhere", "x", "3"], "no area 'nowhere'"),
        (["add", "education", "Persistent absence of children in care"], "already has a measure"),
        (["add", "education", "New", "--direction", "sideways"], "'up' or 'down'"),
    ],
)
def test_measure_commands_refuse_bad_input(
    invoke: Invoke, sample: Path, args: list[str], needle: str
) -> None:
    before = sample.read_bytes()
    result = invoke("measure", *args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert sample.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1,204", 1204),  # a count of children, with a thousands separator
        ("12,345,678", 12345678),
        ("-1,204", -1204),
        ("1,204.5", 1204.5),
        ("1,204%", 1204),
        ("72.5%", 72.5),
        ("1.5", 1.5),
        (" 0.5 ", 0.5),
        ("204", 204),
        ("1e3", 1000),
    ],
)
def test_a_number_is_read_as_typed(text: str, number: float) -> None:
    read = parse_number(text, "VALUE")
    assert read == number and type(read) is type(number)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        # A decimal comma is never read as a thousands separator, nor dropped.
        ("1,5", "use a decimal point: 1.5"),
        ("0,5", "use a decimal point: 0.5"),
        ("12,50", "use a decimal point: 12.50"),
        ("-0,25%", "use a decimal point: -0.25"),
        (",5", "use a decimal point: 0.5"),
        ("1,2345", "use a decimal point: 1.2345"),
        ("0,500", "use a decimal point: 0.500"),  # no count is written 0,500
        ("1234,567", "use a decimal point: 1234.567"),  # thousands come in threes
        # Commas anywhere else are not a number this could read.
        ("1,20,000", "commas only between thousands, as in 1,204"),
        ("1.204,5", "commas only between thousands, as in 1,204"),
        ("1,204,5", "commas only between thousands, as in 1,204"),
        ("1,", "commas only between thousands, as in 1,204"),
        ("1,,204", "commas only between thousands, as in 1,204"),
        # Python reads these too, but a person does not mean them: 1_5 is not 15.
        ("1_5", "expected a number like 72.5"),
        ("nan", "expected a finite number"),
    ],
)
def test_a_number_that_could_be_misread_is_refused(text: str, hint: str) -> None:
    with pytest.raises(UsageError) as error:
        parse_number(text, "VALUE")
    message = str(error.value)
    assert message.startswith("VALUE: expected a") and hint in message, message
    assert repr(text) in message


@pytest.mark.parametrize(
    "args",
    [
        ["set", "education", "Persistent absence of children in care", "1,5"],
        ["add", "education", "Visits on time", "--baseline", "0,5"],
        ["add", "education", "Visits on time", "--target", "12,50"],
    ],
)
def test_measure_commands_refuse_a_decimal_comma(
    invoke: Invoke, sample: Path, args: list[str]
) -> None:
    before = sample.read_bytes()
    result = invoke("measure", *args)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and "use a decimal point" in line, line
    assert sample.read_bytes() == before


def test_measure_set_reads_a_thousands_separator(invoke: Invoke, sample: Path) -> None:
    name = "Persistent absence of children in care"
    result = invoke("measure", "set", "education", name, "1,204")
    assert result.exit_code == 0, result.output
    listed = json.loads(invoke("measure", "list", "--json").stdout)["education"]
    assert next(m for m in listed if m["name"] == name)["current"] == 1204


def test_check_warns_about_measures_and_dates(invoke: Invoke, write: Callable[[str], Path]) -> None:
    write(
        'schema = 1\n[plan]\ntitle = "p"\nnext_inspection = 2028-01-01\n'
        "received = 2026-09-01\npublished = 2026-08-01\n"
        '[areas.a]\ntitle = "A"\nprefix = "A"\n'
        '[[areas.a.measures]]\nname = "Visits on time"\ntarget = 90\n'
        '[actions.A-1]\narea = "a"\ntitle = "t"\nowner = "o"\ndue = 2027-01-01\n'
    )
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in invoke("check").stdout.splitlines()]
    assert codes == ["received-after-published", "measure-no-baseline"]


def test_status_on_the_sample_has_everything_in_80_columns(invoke: Invoke) -> None:
    screen = invoke("-r", str(SAMPLE), "status").stdout
    lines = screen.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "Delivery" in line)
    assert "Trajectory" in header and "Next due" in header
    assert "At this rate (0.4 a week over the last 12 weeks)" in screen
    # Each area's measures against their trajectory (v3): on track, behind, no data.
    assert "behind" in screen and "on track" in screen and "no data" in screen


def test_readings_are_of_the_past(invoke: Invoke, sample: Path) -> None:
    result = invoke(
        "measure", "set", "education", "Persistent absence of children in care", "15", "--on", "+3d"
    )
    assert result.exit_code == 2 and "a reading is of the past" in result.stderr


def test_check_warns_when_a_target_is_on_the_wrong_side(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(
        'schema = 1\n[plan]\ntitle = "p"\nnext_inspection = 2028-01-01\n'
        '[areas.a]\ntitle = "A"\nprefix = "A"\n'
        '[[areas.a.measures]]\nname = "Absence"\ndirection = "down"\nbaseline = 18\ntarget = 25\n'
        '[actions.A-1]\narea = "a"\ntitle = "t"\nowner = "o"\ndue = 2027-01-01\n'
    )
    lines = invoke("check").stdout.splitlines()
    assert len(lines) == 1 and lines[0].endswith("[measure-target-backwards]")
    assert "the target 25 is not lower than the baseline 18" in lines[0]
