"""Several plans rolled up: a row each with the same figures, and totals across them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, SAMPLE, Invoke

SMALL = MINIMAL + (
    '\n[actions.ASM-1]\narea = "assessments"\ntitle = "Audit"\nowner = "Lead"\n'
    'status = "done"\ndue = 2026-10-01\ncompleted = 2026-09-30\n'
    '\n[actions.ASM-2]\narea = "assessments"\ntitle = "Train"\nowner = "Lead"\n'
    'status = "in-progress"\ndue = 2026-11-01\n'
)


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    (folder / "care-home").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "children.toml")
    (folder / "care-home" / "improvetrack.toml").write_text(SMALL)
    return folder


def test_status_rolls_up_a_folder(invoke: Invoke, plans: Path) -> None:
    data = json.loads(invoke("-r", str(plans), "status", "--json").stdout)
    assert [plan["label"] for plan in data["plans"]] == [
        "care-home/improvetrack.toml",
        "children.toml",
    ]
    small, sample = data["plans"]
    # the small plan by hand: 2 live, 1 done, both due by now, ASM-2 overdue
    assert (small["done"], small["overdue"], small["progress"], small["planned"]) == (
        1,
        1,
        0.5,
        1.0,
    )
    assert small["days_to_inspection"] == 581
    assert sample["done"] == 5 and sample["overdue"] == 3
    # totals across both: 19 live, 6 done, 4 overdue
    totals = data["totals"]
    assert (totals["actions"] - totals["dropped"], totals["done"], totals["overdue"]) == (19, 6, 4)
    assert totals["progress"] == round(6 / 19, 4)


def test_several_register_options_and_the_screen(invoke: Invoke, plans: Path) -> None:
    result = invoke(
        "-r",
        str(plans / "children.toml"),
        "-r",
        str(plans / "care-home" / "improvetrack.toml"),
        "status",
    )
    assert result.exit_code == 0, result.output
    screen = result.stdout
    assert screen.startswith("2 improvement plans as of 2026-11-27")
    assert "Children's services improvement plan" in screen and "All plans" in screen
    assert max(len(line) for line in screen.splitlines()) <= 80


def test_report_rolls_up_with_fail_on(invoke: Invoke, plans: Path) -> None:
    result = invoke("-r", str(plans), "report", "-f", "markdown", "--fail-on", "overdue")
    assert result.exit_code == 1
    assert "| **All plans** |  |  |  | 6/19 |" in result.stdout
    assert "care-home/improvetrack.toml:ASM-2" in result.stderr
    page = invoke("-r", str(plans), "report", "-f", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "2 improvement plans" in page


def test_roll_up_html_names_files_as_files_and_has_a_key(invoke: Invoke, plans: Path) -> None:
    page = invoke("-r", str(plans), "report", "-f", "html").stdout
    # The small plan has no organisation, so its file tells it apart; the sample has one.
    assert '<div class="file">care-home/improvetrack.toml</div>' in page
    assert '<div class="why">Example Borough Council</div>' in page
    assert "children.toml" not in page
    for key in ("done, on plan", "done, behind plan", "where the plan should be by now"):
        assert key in page, key
    assert '<span class="rag red">RED</span> overdue or blocked' in page


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["report", "-f", "junit"], "a report on several plans comes as text, markdown"),
        (["status", "--area", "assessments"], "work on one register"),
        (["add", "assessments", "x"], "this command works on one register"),
    ],
)
def test_roll_up_refuses_what_needs_one_register(
    invoke: Invoke, plans: Path, args: list[str], needle: str
) -> None:
    result = invoke("-r", str(plans), *args)
    assert result.exit_code == 2 and needle in result.stderr


def test_a_broken_plan_names_its_file(invoke: Invoke, plans: Path) -> None:
    (plans / "broken.toml").write_text("schema = [")
    result = invoke("-r", str(plans), "status")
    assert result.exit_code == 2 and "broken.toml:1" in result.stderr
    empty = plans.parent / "empty"
    empty.mkdir()
    assert "no registers in it" in invoke("-r", str(empty), "status").stderr


def test_a_linked_plan_counts_once_and_other_toml_is_left_out(invoke: Invoke, plans: Path) -> None:
    (plans / "linked.toml").symlink_to(plans / "children.toml")
    (plans / "settings.toml").write_text('colour = "never"\n')
    result = invoke("-r", str(plans), "status", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["plans"]) == 2
    assert "settings.toml: not a register (it has no [plan] table); left out" in result.stderr
    one = invoke("-r", str(plans / "children.toml"), "-r", str(plans / "children.toml"), "status")
    assert "Children's services improvement plan" in one.stdout


def test_one_plan_is_one_plan(invoke: Invoke, plans: Path) -> None:
    (plans / "care-home" / "improvetrack.toml").unlink()
    screen = invoke("-r", str(plans), "status").stdout
    assert screen.startswith("1 improvement plan as of 2026-11-27\n")
