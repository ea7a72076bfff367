"""The SPEC's derived figures, checked against answers worked out by hand."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from improvetrack.figures.progress import Rag, action_rag, add_months, compute, next_inspection
from improvetrack.model.register import Action, Area, Plan, Register
from tests.conftest import Invoke

AS_OF = date(2026, 11, 27)
INSPECTION = date(2028, 6, 30)


def _action(action_id: str = "ASM-1", **fields: object) -> Action:
    values: dict[str, object] = {"area": "assessments", "title": "t", "owner": "Lead"}
    values.update(fields)
    return Action(id=action_id, **values)  # type: ignore[arg-type]


def _register(*actions: Action, plan: Plan | None = None) -> Register:
    return Register(
        plan=plan or Plan(title="p", next_inspection=INSPECTION),
        areas={
            "assessments": Area("assessments", "Assessments", prefix="ASM"),
            "education": Area("education", "Education", prefix="EDU"),
        },
        actions={action.id: action for action in actions},
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "done", "due": date(2026, 1, 1)}, Rag.BLUE),
        ({"status": "dropped", "due": date(2026, 1, 1)}, None),
        ({"status": "awaiting-sign-off", "due": date(2026, 1, 1)}, Rag.AMBER),
        ({"status": "blocked", "blocked_reason": "x", "due": date(2027, 6, 1)}, Rag.RED),
        ({"status": "in-progress", "due": date(2026, 11, 26)}, Rag.RED),  # a day overdue
        ({"status": "in-progress", "due": AS_OF}, Rag.GREEN),  # due today is not overdue
        ({"status": "in-progress", "due": date(2028, 7, 1)}, Rag.AMBER),  # after inspection
        ({"status": "in-progress", "due": INSPECTION}, Rag.GREEN),  # on the day is in time
        ({"status": "not-started", "due": date(2026, 12, 11)}, Rag.AMBER),  # 14 days: soon
        ({"status": "not-started", "due": date(2026, 12, 12)}, Rag.GREEN),  # 15 days
        ({"status": "in-progress", "due": date(2026, 12, 1)}, Rag.GREEN),  # started, so fine
        ({"status": "in-progress", "due": date(2027, 6, 1), "owner": None}, Rag.AMBER),
        ({"status": "in-progress", "due": None}, Rag.AMBER),
        ({"status": "not-started", "due": date(2027, 6, 1)}, Rag.GREEN),
    ],
)
def test_action_rag_follows_the_spec_rules_in_order(
    fields: dict[str, object], expected: Rag | None
) -> None:
    plan = Plan(title="p", next_inspection=INSPECTION)
    assert action_rag(_action(**fields), AS_OF, next_inspection(plan)) == expected


def test_figures_for_a_small_plan_worked_by_hand() -> None:
    register = _register(
        _action("ASM-1", status="done", due=date(2026, 10, 1), completed=date(2026, 9, 30)),
        _action("ASM-2", status="in-progress", due=date(2026, 11, 1)),  # overdue
        _action("ASM-3", status="blocked", blocked_reason="x", due=date(2027, 3, 1)),
        _action("ASM-4", status="dropped", due=date(2026, 9, 1)),  # ignored everywhere
        _action("ASM-5", status="awaiting-sign-off", due=date(2026, 11, 20)),  # not overdue
        _action("EDU-1", area="education", status="done", due=date(2027, 1, 1)),
        _action("EDU-2", area="education", status="not-started", due=None, owner=None),
    )
    status = compute(register, AS_OF)
    assert status.days_to_inspection == 581  # 2026-11-27 .. 2028-06-30
    asm, edu = status.areas
    # assessments: 4 live actions, 1 done; due by now: ASM-1, ASM-2, ASM-5 = 3 of 4
    assert (asm.totals.live, asm.totals.done, asm.totals.open) == (4, 1, 3)
    assert asm.totals.progress == pytest.approx(0.25)
    assert asm.totals.planned == pytest.approx(0.75)
    assert asm.totals.behind
    assert (asm.totals.overdue, asm.totals.blocked, asm.totals.dropped) == (1, 1, 1)
    assert asm.totals.rag is Rag.RED
    assert asm.totals.next_due == date(2027, 3, 1)  # the next still ahead; 1 Nov is overdue
    # education: 2 live, 1 done, nothing due by now; EDU-2 unowned and undated -> AMBER
    assert edu.totals.progress == pytest.approx(0.5)
    assert edu.totals.planned == pytest.approx(0.0)
    assert not edu.totals.behind
    assert (edu.totals.unowned, edu.totals.undated) == (1, 1)
    assert edu.totals.rag is Rag.AMBER
    # the plan: 6 live, 2 done, due by now 3
    assert status.totals.progress == pytest.approx(2 / 6)
    assert status.totals.planned == pytest.approx(3 / 6)
    assert status.totals.rag is Rag.RED


def test_area_is_blue_when_all_done_and_empty_when_nothing_live() -> None:
    register = _register(
        _action("ASM-1", status="done"),
        _action("EDU-1", area="education", status="dropped"),
    )
    asm, edu = compute(register, AS_OF).areas
    assert asm.totals.rag is Rag.BLUE and asm.totals.progress == 1.0
    assert edu.totals.rag is None and edu.totals.progress is None


def test_owner_filter_is_a_case_insensitive_substring() -> None:
    register = _register(
        _action("ASM-1", owner="Team Manager, Assessment"),
        _action("ASM-2", owner="Virtual School Head"),
        _action("ASM-3", owner=None),
    )
    status = compute(register, AS_OF, owner="team manager")
    assert [item.action.id for item in status.actions] == ["ASM-1"]


def test_next_inspection_is_estimated_from_the_last_one() -> None:
    estimate = next_inspection(Plan(title="p", inspected=date(2026, 6, 12)))
    assert estimate is not None and estimate.estimated
    assert (estimate.day, estimate.latest) == (date(2028, 12, 12), date(2029, 12, 12))
    assert next_inspection(Plan(title="p")) is None


def test_add_months_keeps_to_the_end_of_short_months() -> None:
    assert add_months(date(2026, 8, 31), 30) == date(2029, 2, 28)
    assert add_months(date(2027, 8, 31), 30) == date(2030, 2, 28)
    assert add_months(date(2025, 8, 29), 30) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("since", "most"), [((), 1), (("--since", "last-board"), 2)], ids=["now", "since"]
)
def test_each_action_is_assessed_once_per_date_for_a_board_paper(
    invoke: Invoke, sample: Path, monkeypatch: pytest.MonkeyPatch, since: tuple[str, ...], most: int
) -> None:
    """The report, its checks and its views read one assessment per action and date: the
    plan now, and with --since the plan as it stood then."""
    from improvetrack.figures import check, progress

    real = progress.assess
    counted: list[str] = []

    def counting(action: Any, as_of: Any, inspection: Any, waits: Any = None, **known: Any) -> Any:
        counted.append(action.id)
        return real(action, as_of, inspection, waits, **known)

    monkeypatch.setattr(progress, "assess", counting)
    monkeypatch.setattr(check, "assess", counting)
    result = invoke("-r", str(sample), "--as-of", "2026-11-27", "report", "-f", "html", *since)
    assert result.exit_code == 0, result.output
    actions = len(tomllib.loads(sample.read_text(encoding="utf-8"))["actions"])
    assert counted and max(counted.count(name) for name in set(counted)) <= most
    assert len(counted) <= most * actions
