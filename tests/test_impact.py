"""Impact over time: expected values, trajectories and forecasts, worked out by hand."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

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
from tests.conftest import Invoke

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
