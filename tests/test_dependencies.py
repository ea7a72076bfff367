"""Actions that wait for others: projected dates, the held-up rule, cycles, replay, merge.

The chains are worked by hand, as of the tests' pinned date 2026-11-27, against a next
inspection of 2028-06-30 (MINIMAL's)."""

from __future__ import annotations

import copy
import itertools
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvetrack.errors import ImprovetrackError
from improvetrack.figures.check import check
from improvetrack.figures.dependencies import Waits, waits
from improvetrack.figures.history import replay
from improvetrack.figures.progress import ActionStatus, Rag, compute
from improvetrack.files import store
from improvetrack.files.merge import Renumbering, merge
from improvetrack.model import changes, prerequisites
from improvetrack.model.register import Register, id_sort_key
from improvetrack.render.sections import reason_words
from tests.conftest import MINIMAL, SAMPLE, Invoke
from tests.test_merge import MERGING, _stamp, _valid

AS_OF = date(2026, 11, 27)


def _action(action_id: str, *, due: str | None, after: str = "", **more: str) -> str:
    lines = [f"[actions.{action_id}]", 'area = "assessments"', f'title = "Action {action_id}"']
    lines.append('owner = "Sam"')
    if due:
        lines.append(f"due = {due}")
    if after:
        lines.append(f"after = {json.dumps(after.split())}")
    lines += [f'{key} = "{value}"' for key, value in more.items()]
    return "\n".join(lines) + "\n"


def _register(*actions: str) -> Register:
    return store.parse(MINIMAL + "\n" + "\n".join(actions), "improvetrack.toml")


def _statuses(register: Register) -> dict[str, ActionStatus]:
    return {item.action.id: item for item in compute(register, AS_OF).actions}


def _waits(item: ActionStatus) -> Waits:
    assert item.waits is not None
    return item.waits


def test_a_chain_through_three_actions_projects_past_the_inspection() -> None:
    # ASM-1 is due after the inspection; ASM-2 and ASM-3, due well before, wait in turn.
    register = _register(
        _action("ASM-1", due="2028-09-30", status="in-progress"),
        _action("ASM-2", due="2027-06-30", after="ASM-1"),
        _action("ASM-3", due="2027-12-31", after="ASM-2"),
    )
    status = compute(register, AS_OF)
    items = {item.action.id: item for item in status.actions}
    assert [_waits(items[key]).projected for key in items] == [date(2028, 9, 30)] * 3
    assert _waits(items["ASM-2"]).held_by == "ASM-1"
    assert _waits(items["ASM-3"]).held_by == "ASM-2"
    assert items["ASM-3"].reasons == ("held-up", "late")
    assert items["ASM-3"].rag is Rag.AMBER and items["ASM-3"].late
    assert reason_words(items["ASM-3"], AS_OF) == [
        "held up: depends on ASM-2, due later",
        "projected after the inspection",
    ]
    assert [item.action.id for item in status.held_up] == ["ASM-2", "ASM-3"]
    assert status.chain is not None
    assert status.chain.ids == ("ASM-1", "ASM-2", "ASM-3")
    assert status.chain.ends == date(2028, 9, 30)
    assert status.totals.late == 3


def test_an_overdue_prerequisite_projects_to_the_as_of_date() -> None:
    # ASM-1 was due on 31 October and is not done: it can be done today at the earliest.
    register = _register(
        _action("ASM-1", due="2026-10-31", status="in-progress"),
        _action("ASM-2", due="2026-11-20", after="ASM-1"),
        _action("ASM-3", due="2026-12-15", after="ASM-2"),
    )
    found = waits(register, AS_OF)
    assert found["ASM-1"].projected == date(2026, 10, 31)  # its own date: nothing before it
    assert found["ASM-2"].projected == AS_OF
    assert found["ASM-2"].held_by == "ASM-1"
    assert found["ASM-3"].projected == date(2026, 12, 15)  # 27 November is before its date
    assert not found["ASM-3"].held_up
    items = _statuses(register)
    assert items["ASM-2"].rag is Rag.RED
    assert items["ASM-2"].reasons == ("overdue", "held-up")
    assert items["ASM-3"].rag is Rag.GREEN


def test_an_undated_prerequisite_leaves_its_dependants_with_no_projected_date() -> None:
    register = _register(
        _action("ASM-1", due=None),
        _action("ASM-2", due="2027-03-31", after="ASM-1"),
        _action("ASM-3", due="2027-06-30", after="ASM-2"),
    )
    items = _statuses(register)
    for key in ("ASM-2", "ASM-3"):
        item = items[key]
        assert _waits(item).projected is None
        assert item.rag is Rag.AMBER
        assert item.reasons == ("held-up",)
        assert reason_words(item, AS_OF) == ["held up: depends on ASM-1, which has no date"]
    assert items["ASM-1"].reasons == ("no-date",)


def test_a_dropped_or_done_prerequisite_holds_nothing_up() -> None:
    register = _register(
        _action("ASM-1", due="2028-12-31", status="dropped", dropped_reason="not needed"),
        _action("ASM-2", due="2028-12-31", status="done"),
        _action("ASM-3", due="2027-03-31", after="ASM-1 ASM-2"),
    )
    item = _statuses(register)["ASM-3"]
    assert _waits(item).waiting_for == ()
    assert _waits(item).projected == date(2027, 3, 31)
    assert item.rag is Rag.GREEN
    assert not item.late


def test_the_amber_reasons_come_in_the_rules_order() -> None:
    text = MINIMAL + "\n" + _action("ASM-1", due="2028-09-30")
    text += "\n" + _action("ASM-2", due="2026-12-01", after="ASM-1").replace(
        'owner = "Sam"\n', "baseline_due = 2026-11-30\n"
    )
    item = _statuses(store.parse(text, "improvetrack.toml"))["ASM-2"]
    # slipped (a day), held up by ASM-1, late by its projection, due within 14 days and
    # not started, no owner.
    assert item.reasons == ("slipped", "held-up", "late", "starts-soon", "no-owner")


def test_a_chain_of_thousands_of_actions_is_worked_out_and_its_cycle_refused() -> None:
    """No recursion: a chain longer than Python's stack allows is still one chain."""
    count = 3000
    text = "".join(
        _action(f"ASM-{n}", due="2027-03-31", after=f"ASM-{n - 1}" if n > 1 else "")
        for n in range(1, count + 1)
    )
    register = _register(text.replace("due = 2027-03-31\n", "due = 2028-09-30\n", 1))
    status = compute(register, AS_OF)
    assert status.chain is not None and len(status.chain.ids) == count
    assert status.chain.ids[0] == "ASM-1" and status.chain.ends == date(2028, 9, 30)
    assert len(status.held_up) == count - 1
    looped = text.replace('title = "Action ASM-1"', 'title = "Action ASM-1"\nafter = ["ASM-3000"]')
    with pytest.raises(ImprovetrackError, match=r"ASM-1 → ASM-3000 → ASM-2999 → .* → ASM-1$"):
        _register(looped)


def test_a_plan_without_dependencies_has_no_waits_and_its_json_no_dependency_keys(
    invoke: Invoke, sample: Path
) -> None:
    status = compute(store.read(sample).register, AS_OF)
    assert all(item.waits is None for item in status.actions)
    assert status.held_up == [] and status.chain is None
    listed = json.loads(invoke("list", "--json").stdout)
    assert not {"after", "waiting_for", "projected_due"} & set(listed[0])


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def chain(invoke: Invoke, tmp_path: Path) -> Path:
    """Three actions added with the CLI, each waiting for the one before."""
    path = tmp_path / "work" / "improvetrack.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    for title, due, after in (("One", "2027-03-31", ()), ("Two", "2027-02-28", ("ASM-1",))):
        result = invoke("add", "assessments", title, "--owner", "Sam", "--due", due,
                        *(arg for key in after for arg in ("--after", key)))  # fmt: skip
        assert result.exit_code == 0, result.output
    result = invoke("add", "assessments", "Three", "--owner", "Al", "--due", "2028-08-31",
                    "--after", "ASM-2")  # fmt: skip
    assert result.exit_code == 0, result.output
    return path


def test_add_and_update_record_after_and_log_it(invoke: Invoke, chain: Path) -> None:
    text = chain.read_text(encoding="utf-8")
    assert 'after = [\n    "ASM-1",\n]' in text or 'after = ["ASM-1"]' in text
    result = invoke("update", "ASM-3", "--after", "asm-1", "--not-after", "ASM-2")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ASM-3: after: ASM-2 → ASM-1\n"
    register = store.read(chain).register
    assert register.actions["ASM-3"].after == ["ASM-1"]
    entry = register.actions["ASM-3"].log[-1]
    assert (entry.field, entry.old, entry.new) == ("after", "ASM-2", "ASM-1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("update", "ASM-1", "--after", "ASM-3"),
            "error: ASM-1 cannot wait for ASM-3: that would make a cycle, "
            "ASM-1 → ASM-3 → ASM-2 → ASM-1\n",
        ),
        (
            ("update", "ASM-2", "--title", "Renamed", "--after", "ASM-3"),
            "error: ASM-2 cannot wait for ASM-3: that would make a cycle, ASM-2 → ASM-3 → ASM-2\n",
        ),
        (("update", "ASM-1", "--after", "ASM-1"), "error: ASM-1 cannot wait for itself\n"),
        (("update", "ASM-1", "--after", "ASM-9"), "error: no action 'ASM-9'"),
        (("add", "assessments", "Four", "--after", "ASM-9"), "error: no action 'ASM-9'"),
        (
            ("update", "ASM-1", "--not-after", "ASM-2"),
            "error: ASM-1 does not wait for ASM-2; it waits for nothing\n",
        ),
    ],
)
def test_a_cycle_an_unknown_id_or_the_action_itself_is_refused_and_nothing_written(
    invoke: Invoke, chain: Path, args: tuple[str, ...], message: str
) -> None:
    before = chain.read_bytes()
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert chain.read_bytes() == before


def test_a_hand_edited_cycle_fails_validation_named_from_its_lowest_id(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "work" / "improvetrack.toml"
    path.write_text(
        MINIMAL
        + "\n"
        + _action("ASM-3", due="2027-03-31", after="ASM-2")
        + _action("ASM-2", due="2027-03-31", after="ASM-4")
        + _action("ASM-4", due="2027-03-31", after="ASM-3")
        + _action("ASM-1", due="2027-03-31", after="ASM-3"),  # waits on the cycle, not in it
        encoding="utf-8",
    )
    result = invoke("check")
    assert result.exit_code == 2
    assert "actions.ASM-2.after: the actions wait for each other in a cycle: " in result.stderr
    assert "ASM-2 → ASM-4 → ASM-3 → ASM-2" in result.stderr


@pytest.mark.parametrize(
    ("after", "message"),
    [
        ("ASM-7", "actions.ASM-1.after: no action 'ASM-7' to wait for"),
        ("ASM-1", "actions.ASM-1.after: ASM-1 cannot wait for itself"),
    ],
)
def test_a_hand_edited_unknown_or_own_id_fails_validation(after: str, message: str) -> None:
    with pytest.raises(ImprovetrackError, match=message):
        _register(_action("ASM-1", due="2027-03-31", after=after))


def test_status_show_and_list_say_what_waits(invoke: Invoke, chain: Path) -> None:
    status = invoke("status")
    assert status.exit_code == 0, status.output
    assert "Longest chain: ASM-1 → ASM-2 → ASM-3 ends 2028-08-31, after the inspection" in (
        " ".join(status.stdout.split())
    )
    assert "Held up by what they wait for (1)" in status.stdout
    assert "held up: depends on ASM-1, due later; projected 2027-03-31" in " ".join(
        status.stdout.split()
    )
    shown = " ".join(invoke("show", "ASM-2").stdout.split())
    assert "Waits for ASM-1 not-started, due 2027-03-31: One" in shown
    assert "Needed by ASM-3 not-started, due 2028-08-31: Three" in shown
    assert "Projected 2027-03-31 (held up: depends on ASM-1, due later)" in shown
    listed = json.loads(invoke("list", "--waiting", "--json").stdout)
    assert [item["id"] for item in listed] == ["ASM-2", "ASM-3"]
    assert listed[0]["after"] == ["ASM-1"] and listed[0]["waiting_for"] == ["ASM-1"]
    assert listed[0]["projected_due"] == "2027-03-31" and listed[0]["rag"] == "amber"
    assert listed[1]["late"] is True and listed[1]["projected_due"] == "2028-08-31"


@pytest.mark.parametrize("name", ["html", "markdown", "text"])
def test_the_board_paper_lists_held_up_actions(invoke: Invoke, chain: Path, name: str) -> None:
    result = invoke("report", "--format", name)
    assert result.exit_code == 0, result.output
    assert "Held up by what they wait for (1)" in result.stdout
    assert "ASM-1, due later: projected 2027-03-31" in result.stdout
    assert "improvetrack list --waiting" not in result.stdout  # papers carry no commands


def test_the_json_report_lists_held_up_actions_where_the_plan_has_dependencies(
    invoke: Invoke, chain: Path, tmp_path: Path
) -> None:
    data = json.loads(invoke("report", "--format", "json").stdout)
    assert data["exceptions"]["held_up"] == ["ASM-2"]
    sample = tmp_path / "sample.toml"
    shutil.copy(SAMPLE, sample)
    plain = json.loads(invoke("-r", str(sample), "report", "--format", "json").stdout)
    assert "held_up" not in plain["exceptions"]


def test_replay_before_the_dependency_was_added_shows_no_wait(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "work" / "improvetrack.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    october = ("--as-of", "2026-10-01", "add", "assessments")
    for args in (
        (*october, "One", "--owner", "S", "--due", "2027-05-31"),
        (*october, "Two", "--owner", "S", "--due", "2027-02-28"),
        ("--as-of", "2026-11-02", "update", "ASM-2", "--after", "ASM-1"),
    ):
        assert invoke(*args).exit_code == 0
    then = json.loads(invoke("--as-of", "2026-10-15", "report", "--format", "json").stdout)
    now = json.loads(invoke("report", "--format", "json").stdout)
    assert then["history_complete"] is True and now["history_complete"] is True
    two_then, two_now = then["actions"][1], now["actions"][1]
    assert (two_then["after"], two_then["waiting_for"], two_then["rag"]) == ([], [], "green")
    assert two_then["projected_due"] == "2027-02-28"
    assert (two_now["after"], two_now["projected_due"], two_now["rag"]) == (
        ["ASM-1"],
        "2027-05-31",
        "amber",
    )
    since = json.loads(invoke("report", "--format", "json", "--since", "2026-10-15").stdout)
    moves = {move["id"]: move for move in since["changes"]["rag_moves"]}
    assert moves["ASM-2"]["then"] == "green" and moves["ASM-2"]["now"] == "amber"


def test_a_merge_that_renumbers_an_action_rewrites_the_lists_that_name_it() -> None:
    logged = (
        'created = 2026-08-10\nlog = [{ at = 2026-08-10T09:30:00Z, by = "S", text = "created" }]\n'
    )
    base = store.parse(MINIMAL + "\n" + _action("ASM-1", due="2027-03-31") + logged, "base")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    changes.add_action(ours, "assessments", "Ours", _stamp(20))  # ASM-2
    mine = changes.add_action(ours, "assessments", "Ours waits", _stamp(20), after=("ASM-2",))
    changes.add_action(theirs, "assessments", "Theirs", _stamp(21))  # ASM-2 too
    changes.add_action(theirs, "assessments", "Theirs waits", _stamp(21), after=("ASM-2",))
    changes.set_after(theirs, theirs.actions["ASM-1"], ("ASM-2",), (), _stamp(21))

    result = merge(base, ours, theirs, MERGING)

    assert result.clean, result.conflicts
    assert result.renumbered == [Renumbering("ASM-2", "ASM-4"), Renumbering("ASM-3", "ASM-5")]
    actions = result.register.actions
    assert mine.id == "ASM-3" and actions["ASM-3"].after == ["ASM-2"]  # ours' ASM-2
    assert actions["ASM-4"].title == "Theirs"
    assert actions["ASM-5"].title == "Theirs waits" and actions["ASM-5"].after == ["ASM-4"]
    assert actions["ASM-1"].after == ["ASM-4"]  # theirs' change, naming theirs' ASM-2
    _valid(result.register)
    # A renumbering is identity: the logged lists name the new IDs, and history is complete.
    logged = [e for e in actions["ASM-5"].log if e.field == "after"]
    assert [(e.old, e.new, e.text) for e in logged] == [(None, "ASM-4", "after: (none) → ASM-4")]
    assert [e.new for e in actions["ASM-3"].log if e.field == "after"] == ["ASM-2"]
    for day in (date(2026, 11, 20), date(2026, 11, 22), AS_OF):
        assert replay(result.register, day).incomplete == []
    assert replay(result.register, date(2026, 11, 20)).register.actions["ASM-1"].after == []
    assert not [f for f in check(result.register, AS_OF) if f.code == "history-incomplete"]


# --- cycles, as a law ---------------------------------------------------------------------


def _reaches(after: dict[str, list[str]], start: str, goal: str) -> bool:
    seen, pending = set(), list(after[start])
    while pending:
        key = pending.pop()
        if key == goal:
            return True
        if key not in seen:
            seen.add(key)
            pending += after[key]
    return False


@given(
    st.integers(1, 12).flatmap(
        lambda size: st.lists(
            st.lists(st.integers(1, size), max_size=3, unique=True), min_size=size, max_size=size
        )
    )
)
def test_a_cycle_is_found_exactly_when_there_is_one_and_named_from_its_lowest_id(
    lists: list[list[int]],
) -> None:
    after = {
        f"ASM-{n}": [f"ASM-{m}" for m in ids if m != n] for n, ids in enumerate(lists, start=1)
    }
    looped = sorted((key for key in after if _reaches(after, key, key)), key=id_sort_key)
    found = prerequisites.first_cycle(after)
    if not looped:
        assert found is None
        return
    assert found is not None
    assert found[0] == found[-1] == looped[0]
    assert all(later in after[key] for key, later in itertools.pairwise(found))
    assert len(set(found[:-1])) == len(found) - 1
    assert prerequisites.on_cycles(after) == set(looped)
