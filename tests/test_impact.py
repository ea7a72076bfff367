"""Impact over time: expected values, trajectories and forecasts, worked out by hand."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvetrack.figures.impact import (
    Line,
    Reach,
    Trajectory,
    course,
    expected_at,
    fit,
    worst,
)
from improvetrack.model.register import Measure, Reading
from tests.conftest import MINIMAL, Invoke

START = date(2027, 1, 1)
BY = START + timedelta(days=100)  # 2027-04-11


def day(n: int) -> date:
    return START + timedelta(days=n)


def measure(values: list[tuple[int, float]], **keys: object) -> Measure:
    made = Measure("m", history=[Reading(day(n), value) for n, value in values])
    for key, value in {"baseline": values[0][1] if values else None, **keys}.items():
        setattr(made, key, value)
    return made


def test_expected_is_the_straight_line_then_the_baseline_before_and_the_target_after() -> None:
    assert expected_at(day(50), START, 40, BY, 80) == 60
    assert expected_at(day(25), START, 40, BY, 80) == 50
    assert expected_at(day(-5), START, 40, BY, 80) == 40
    assert expected_at(day(100), START, 40, BY, 80) == 80
    assert expected_at(day(400), START, 40, BY, 80) == 80
    assert expected_at(day(50), START, 40, BY, None) is None


def test_a_rising_measure_on_its_line_reaches_the_target_on_the_target_date() -> None:
    # 40, 44, 48 on days 0, 10, 20: 0.4 a day from 40, so 80 on day 100, the target date.
    rising = measure([(0, 40), (10, 44), (20, 48)], target=80, target_by=BY)
    found = course(rising, day(50), None, None)
    assert found.baseline_on == START
    assert found.expected == 60
    assert found.trajectory is Trajectory.ON_TRACK  # 48 on day 20, when 48 was expected
    assert found.line == Line(START, pytest.approx(40.0), pytest.approx(0.4))
    assert found.forecast == Reach(BY, True)


def test_a_rising_measure_below_its_line_is_behind_and_late() -> None:
    # 40, 42, 44: 0.2 a day, so 80 on day 200; 44 on day 20 where 48 was expected.
    slow = measure([(0, 40), (10, 42), (20, 44)], target=80, target_by=BY)
    found = course(slow, day(20), None, None)
    assert found.trajectory is Trajectory.BEHIND
    assert found.forecast == Reach(day(200), False)


def test_a_falling_measure_where_lower_is_better() -> None:
    # 20 down to 10 by day 100: 18 expected on day 20.
    good = measure([(0, 20), (10, 19), (20, 18)], target=10, target_by=BY, direction="down")
    found = course(good, day(20), None, None)
    assert found.expected == 18
    assert found.trajectory is Trajectory.ON_TRACK
    assert found.forecast == Reach(BY, True)  # -0.1 a day from 20: 10 on day 100

    late = measure([(0, 20), (10, 19.5), (20, 19)], target=10, target_by=BY, direction="down")
    found = course(late, day(20), None, None)
    assert found.trajectory is Trajectory.BEHIND  # 19 is higher than the 18 expected
    assert found.forecast == Reach(day(200), False)

    worse = measure([(0, 20), (10, 20.5), (20, 21)], target=10, target_by=BY, direction="down")
    found = course(worse, day(20), None, None)
    assert found.trajectory is Trajectory.BEHIND
    assert found.forecast == Reach(None, False)  # moving away: it never gets there


def test_a_flat_measure_has_no_date() -> None:
    flat = measure([(0, 50), (10, 50), (20, 50)], target=60, target_by=BY)
    found = course(flat, day(20), None, None)
    assert found.forecast == Reach(None, False)
    assert found.trajectory is Trajectory.BEHIND


def test_a_measure_that_met_its_target_early_gives_the_day_it_met_it() -> None:
    early = measure([(0, 50), (10, 61), (20, 63)], target=60, target_by=BY)
    found = course(early, day(30), None, None)
    assert found.trajectory is Trajectory.MET
    assert found.forecast == Reach(day(10), True)


def test_two_readings_make_no_forecast() -> None:
    two = measure([(0, 40), (10, 50)], target=80, target_by=BY)
    found = course(two, day(20), None, None)
    assert found.forecast is None
    assert found.line is None
    assert found.trajectory is Trajectory.ON_TRACK  # 50 on day 10, 44 expected
    assert fit([Reading(START, 1), Reading(START, 2), Reading(START, 3)]) is None


def test_no_data_without_a_reading_after_the_baseline_or_without_a_target() -> None:
    only_baseline = measure([(0, 40)], target=80, target_by=BY)
    assert course(only_baseline, day(20), None, None).trajectory is Trajectory.NO_DATA
    no_target = measure([(0, 40), (10, 44), (20, 48)], target_by=BY)
    found = course(no_target, day(20), None, None)
    assert found.trajectory is Trajectory.NO_DATA
    assert found.expected is None
    assert found.forecast == Reach(None, False)


def test_the_dates_default_to_the_first_reading_the_plan_start_and_the_inspection() -> None:
    empty = Measure("m", baseline=40, target=80)
    found = course(empty, day(50), START, BY)
    assert (found.baseline_on, found.target_by) == (START, BY)
    assert found.expected == 60
    assert found.trajectory is Trajectory.NO_DATA
    read = measure([(5, 40), (15, 50)], target=80)
    assert course(read, day(50), START, BY).baseline_on == day(5)
    own = measure([(5, 40), (15, 50)], target=80, baseline_on=day(10), target_by=day(60))
    found = course(own, day(50), START, BY)
    assert (found.baseline_on, found.target_by) == (day(10), day(60))


def test_readings_after_the_as_of_date_do_not_count() -> None:
    rising = measure([(0, 40), (10, 44), (20, 48), (30, 90)], target=80, target_by=BY)
    found = course(rising, day(25), None, None)
    assert [reading.value for reading in found.readings] == [40, 44, 48]
    assert found.trajectory is Trajectory.ON_TRACK
    assert course(rising, day(15), None, None).forecast is None


def test_an_area_shows_its_most_worrying_measure_with_data() -> None:
    assert worst([Trajectory.MET, Trajectory.BEHIND, Trajectory.NO_DATA]) is Trajectory.BEHIND
    assert worst([Trajectory.ON_TRACK, Trajectory.NO_DATA]) is Trajectory.ON_TRACK
    assert worst([Trajectory.NO_DATA]) is Trajectory.NO_DATA
    assert worst([]) is Trajectory.NO_DATA


# --- through the command line, on the sample ---------------------------------------------


def _measures(invoke: Invoke, *args: str) -> dict[str, dict[str, object]]:
    result = invoke(*args, "measure", "list", "--json")
    assert result.exit_code == 0, result.output
    return {m["name"]: m for ms in json.loads(result.stdout).values() for m in ms}


def test_the_sample_as_json(invoke: Invoke, sample: Path) -> None:
    found = _measures(invoke)
    first = found["Audited assessments graded good for lived experience"]
    # 48 on 31 July 2026 to 80 on 30 June 2028 (700 days): 119 days on, 48 + 32 * 119/700.
    assert first["baseline_on"] == "2026-07-31"
    assert first["target_by"] == "2028-06-30"
    assert first["expected"] == 53.44
    assert first["trajectory"] == "on-track"
    # Through (0, 48), (61, 55), (92, 61): 0.13761 a day from 47.649, so 80 on day 236.
    assert first["forecast"] == {"reaches_target_on": "2027-03-24", "in_time": True}
    assert first["impact"] == "improving"  # as v2 had it
    absence = found["Persistent absence of children in care"]
    assert (absence["trajectory"], absence["forecast"]) == ("behind", None)
    unread = found["Children in care who say they know why they are in care"]
    assert (unread["baseline_on"], unread["trajectory"]) == ("2026-08-03", "no-data")


def test_the_sample_replayed_to_an_earlier_day(invoke: Invoke, sample: Path) -> None:
    found = _measures(invoke, "--as-of", "2026-10-15")
    first = found["Audited assessments graded good for lived experience"]
    # Two readings by then (48, 55): no forecast; 48 + 32 * 76/700 expected.
    assert first["forecast"] is None
    assert first["expected"] == 51.47
    assert first["trajectory"] == "on-track"
    assert first["current"] == 55


def test_the_board_paper_draws_each_measure_with_its_sentence(invoke: Invoke, sample: Path) -> None:
    result = invoke("report", "--format", "html")
    assert result.exit_code == 0, result.output
    page = result.stdout
    said = (
        "rose from 48% to 61% since July 2026; 53% expected by now; at this rate 80% by "
        "March 2027, before the target date"
    )
    assert f'aria-label="Audited assessments graded good for lived experience: {said}"' in page
    assert f"<figcaption><p>{said}.</p>" in page
    assert page.count('class="chart measure-chart"') == 5
    assert "Impact behind trajectory (1)" in page
    assert '<span class="trajectory behind">behind</span>' in page


def test_the_chart_model_places_its_points_between_its_edges(sample: Path) -> None:
    from improvetrack.figures.progress import compute
    from improvetrack.files.store import read
    from improvetrack.render.charts import measure_chart

    status = compute(read(sample).register, date(2026, 11, 27))
    item = status.areas[0].measures[0]
    chart = measure_chart(item, status.as_of, date(2028, 6, 30))
    assert chart is not None
    assert (chart.first, chart.last) == (date(2026, 7, 31), date(2028, 6, 30))
    assert [s.key for s in chart.series] == ["readings", "expected", "forecast"]
    assert [m.key for m in chart.markers] == ["today", "target_by"]
    assert chart.x(chart.first) == 0 and chart.x(chart.last) == 1
    assert all(0 <= chart.y(p.value) <= 1 for s in chart.series for p in s.points)
    assert chart.rows[0] == ("2026-07-31", "48%", "48%")
    assert chart.rows[-1] == ("2028-06-30 (target date)", "—", "80%")


# --- commands ----------------------------------------------------------------------------


def test_measure_add_and_update_set_the_dates(invoke: Invoke, sample: Path) -> None:
    added = invoke(
        "measure", "add", "assessments", "Repeat referrals", "--baseline", "22",
        "--target", "15", "--direction", "down", "--target-by", "2027-09-30",
        "--baseline-on", "2026-08-01",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    text = sample.read_text(encoding="utf-8")
    assert "baseline_on = 2026-08-01" in text and "target_by = 2027-09-30" in text
    changed = invoke(
        "measure", "update", "assessments", "repeat referrals", "--target", "14",
        "--target-by", "31/12/2027",
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    found = _measures(invoke)["Repeat referrals"]
    assert (found["target"], found["target_by"], found["baseline_on"]) == (
        14,
        "2027-12-31",
        "2026-08-01",
    )
    assert found["trajectory"] == "no-data"


def test_measure_update_refuses_what_cannot_be(invoke: Invoke, sample: Path) -> None:
    before = sample.read_bytes()
    name = "Audited assessments graded good for lived experience"
    for args, said in (
        ([], "nothing to change"),
        (["--target-by", "someday"], "--target-by"),
        (["--baseline-on", "2026-07-31", "--target-by", "2026-07-01"], "not after"),
    ):
        result = invoke("measure", "update", "assessments", name, *args)
        assert result.exit_code == 2, result.output
        assert said in result.stderr and "Traceback" not in result.output
        assert len(result.stderr.strip().splitlines()) == 1
    unknown = invoke("measure", "update", "assessments", "nothing like it", "--target", "3")
    assert unknown.exit_code == 2
    assert sample.read_bytes() == before


def test_measure_show_draws_a_table_and_a_chart(invoke: Invoke, sample: Path) -> None:
    result = invoke(
        "measure", "show", "assessments", "audited assessments graded good for lived experience"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "rose from 48% to 61% since July 2026; 53% expected by now" in " ".join(out.split())
    assert "2026-09-30                    55%       51%" in out
    assert "●" in out and "Jul 2026" in out
    shown = invoke(
        "measure", "show", "education", "persistent absence of children in care", "--json"
    )
    assert json.loads(shown.stdout)["trajectory"] == "behind"
    missing = invoke("measure", "show", "education", "no such measure")
    assert missing.exit_code == 2


def test_the_trend_is_plain_ascii_where_the_terminal_cannot_draw_blocks(
    invoke: Invoke, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from improvetrack.render.measure_screens import sparkline

    assert sparkline([48, 55, 61]) == "▁▅█"
    assert sparkline([48, 55, 61], plain=True) == "_=#"
    assert sparkline([5, 5]) == "▅▅"
    assert sparkline([]) == ""
    monkeypatch.setenv("TERM", "dumb")
    result = invoke("measure", "list")
    assert "  _=#  " in result.stdout and "▁" not in result.stdout


def test_status_says_whether_each_area_is_on_track_or_behind(invoke: Invoke, sample: Path) -> None:
    out = invoke("status").stdout
    assert "0 AMBER    behind" in out  # education: persistent absence is behind
    assert "RED      on track" in out


def test_check_warns_of_a_late_target_and_a_current_value_not_in_history(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(
        MINIMAL
        + """
[[areas.assessments.measures]]
name = "Late"
baseline = 1
target = 5
target_by = 2029-01-31

[[areas.assessments.measures]]
name = "Edited"
baseline = 1
target = 5
current = 4
updated = 2026-11-01
history = [{ on = 2026-10-01, value = 2 }]
"""
    )
    result = invoke("check", "--json")
    found = {f["code"]: f for f in json.loads(result.stdout)["warnings"]}
    late = found["measure-target-after-inspection"]
    assert late["path"] == "areas.assessments.measures.0.target_by"
    edited = found["measure-current-not-in-history"]
    assert edited["path"] == "areas.assessments.measures.1.current"
    assert "2 on 2026-10-01" in edited["message"]


# --- the Quarters sheet ------------------------------------------------------------------


def test_quarters_of_the_uk_financial_year() -> None:
    from improvetrack.figures.quarters import quarter_of, quarters

    assert quarter_of(date(2026, 4, 1)).label == "Q1 2026/27"
    assert quarter_of(date(2026, 9, 30)).label == "Q2 2026/27"
    assert quarter_of(date(2026, 12, 31)).label == "Q3 2026/27"
    found = quarter_of(date(2027, 2, 14))
    assert (found.label, found.first, found.last) == (
        "Q4 2026/27",
        date(2027, 1, 1),
        date(2027, 3, 31),
    )
    assert quarter_of(date(2099, 6, 30)).label == "Q1 2099/00"
    spans = quarters(date(2026, 8, 3), date(2027, 4, 2))
    assert [q.label for q in spans] == ["Q2 2026/27", "Q3 2026/27", "Q4 2026/27", "Q1 2027/28"]


def test_the_workbook_has_a_quarters_sheet(invoke: Invoke, sample: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    result = invoke("export", "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Quarters"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    # The plan starts on 3 August 2026, and it is 27 November 2026.
    assert rows[0] == ["ID", "Ref", "Title", "Q2 2026/27", "Q3 2026/27"]
    blank = rows.index([None] * 5)
    actions, measures = rows[1:blank], rows[blank + 1 :]
    assert len(actions) == 18 and actions[0][0] == "ASM-1"  # a dropped one too
    assert measures[0] == ["Area", "Measure", "Q2 2026/27", "Q3 2026/27", None]
    first = measures[1]
    assert first[:3] == ["assessments", "Audited assessments graded good for lived experience", 55]
    assert first[3] == 61  # 31 October is in Q3
    updated = [row for row in actions if row[3] or row[4]]
    assert updated, "some action has a progress update in a quarter"


def test_the_quarters_sheet_replays(invoke: Invoke, sample: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "then.xlsx"
    invoke("--as-of", "2026-09-30", "export", "--format", "xlsx", "--output", str(out))
    rows = [[c.value for c in row] for row in load_workbook(out)["Quarters"].iter_rows()]
    assert rows[0] == ["ID", "Ref", "Title", "Q2 2026/27"]
    measures = rows[rows.index([None] * 4) + 1 :]
    assert measures[1][2] == 55


def test_measure_add_refuses_a_target_date_before_the_baseline(
    invoke: Invoke, sample: Path
) -> None:
    before = sample.read_bytes()
    result = invoke(
        "measure", "add", "assessments", "Backwards", "--baseline-on", "2027-01-01",
        "--target-by", "2026-12-01",
    )  # fmt: skip
    assert result.exit_code == 2 and "not after the baseline's date" in result.stderr
    assert sample.read_bytes() == before


@given(
    start=st.integers(min_value=0, max_value=100),
    slope=st.integers(min_value=1, max_value=20),
    gaps=st.lists(st.integers(min_value=1, max_value=60), min_size=2, max_size=8),
    up=st.booleans(),
)
def test_readings_on_a_straight_line_forecast_the_day_it_crosses(
    start: int, slope: int, gaps: list[int], up: bool
) -> None:
    """Readings exactly on a line of `slope` tenths a day (rising, or falling where lower
    is better) reach a target 100 away on the day the line does, and no earlier reading."""
    sign = 1 if up else -1
    days = [0]
    for gap in gaps:
        days.append(days[-1] + gap)
    values = [(n, start + sign * slope * n / 10) for n in days]
    target = start + sign * 100
    if any(sign * (value - target) >= 0 for _, value in values):
        return  # met already: another rule
    made = measure(values, target=target, target_by=day(5000), direction="up" if up else "down")
    found = course(made, day(days[-1]), None, None)
    crossing = math.ceil(1000 / slope - 1e-6)
    assert found.forecast is not None
    assert found.forecast.reaches_target_on in {day(crossing - 1), day(crossing), day(crossing + 1)}
    assert found.forecast.in_time
    assert found.trajectory in {Trajectory.ON_TRACK, Trajectory.BEHIND}


def test_a_falling_measure_that_met_its_target_early() -> None:
    early = measure([(0, 20), (10, 11), (20, 9), (30, 10)], target=10, direction="down")
    found = course(early, day(40), None, BY)
    assert found.trajectory is Trajectory.MET
    assert found.forecast == Reach(day(20), True)  # 9 on day 20 was the first at 10 or below
