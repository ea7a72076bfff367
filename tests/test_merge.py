"""The three-way merge of registers, its merge-driver command, and a real `git merge`."""

from __future__ import annotations

import copy
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from improvetrack.files import store
from improvetrack.files.merge import Conflict, Mark, Renumbering, empty_register, merge
from improvetrack.model import changes, measures
from improvetrack.model.decode import from_document
from improvetrack.model.encode import to_document
from improvetrack.model.register import LogEntry, Register
from tests.conftest import MINIMAL, Invoke
from tests.test_register import registers

BASE_TEXT = (
    MINIMAL
    + """
[actions.ASM-1]
area = "assessments"
title = "Rewrite the template"
owner = "Team manager"
status = "in-progress"
due = 2027-01-31
created = 2026-08-10
evidence = ["evidence/draft.docx"]
log = [{ at = 2026-08-10T09:30:00Z, by = "asm-lead", text = "created" }]
"""
)


def _stamp(day: int, by: str = "lead") -> changes.Stamp:
    return changes.Stamp(
        by=by, at=datetime(2026, 11, day, 9, 0, tzinfo=UTC), today=date(2026, 11, day)
    )


MERGING = _stamp(27, "merger")


def _sides() -> tuple[Register, Register, Register]:
    base = store.parse(BASE_TEXT, "base")
    return base, copy.deepcopy(base), copy.deepcopy(base)


def _valid(register: Register) -> None:
    _, problems = from_document(to_document(register))
    assert problems == []


# --- clashing IDs ----------------------------------------------------------------------------


def test_an_id_added_on_both_sides_stays_ours_and_theirs_is_renumbered_and_logged() -> None:
    base, ours, theirs = _sides()
    changes.add_action(ours, "assessments", "Train team managers", _stamp(20, "lead-a"))
    changes.add_action(theirs, "assessments", "Audit case files", _stamp(21, "lead-b"))

    result = merge(base, ours, theirs, MERGING)

    assert result.clean, result.conflicts
    assert result.renumbered == [Renumbering("ASM-2", "ASM-3")]
    actions = result.register.actions
    assert list(actions) == ["ASM-1", "ASM-2", "ASM-3"]
    assert actions["ASM-2"].title == "Train team managers"
    assert actions["ASM-3"].title == "Audit case files"
    assert actions["ASM-3"].id == "ASM-3"
    assert actions["ASM-3"].log[0].text == "created"
    assert actions["ASM-3"].log[-1] == LogEntry(
        at=MERGING.at,
        by="merger",
        text="renumbered from ASM-2 to ASM-3 when merging",
        field="id",
        old="ASM-2",
        new="ASM-3",
    )
    _valid(result.register)


def test_a_renumbering_is_identity_so_history_stays_complete() -> None:
    from improvetrack.figures.check import check
    from improvetrack.figures.history import replay

    base, ours, theirs = _sides()
    changes.add_action(ours, "assessments", "Train team managers", _stamp(20, "lead-a"))
    changes.add_action(theirs, "assessments", "Audit case files", _stamp(21, "lead-b"))
    merged = merge(base, ours, theirs, MERGING).register

    # Before the merge, on the day theirs was added, and after it: each replay keeps
    # the action's ID of now and accounts for everything.
    for day in (date(2026, 11, 21), date(2026, 11, 26), date(2026, 11, 27)):
        then = replay(merged, day)
        assert then.incomplete == [], day
        assert ("ASM-3" in then.register.actions) == (day >= date(2026, 11, 21))
    assert [f for f in check(merged, date(2026, 11, 27)) if f.code == "history-incomplete"] == []


def test_several_clashes_take_the_next_free_ids_in_order() -> None:
    base, ours, theirs = _sides()
    for title in ("Ours one", "Ours two"):
        changes.add_action(ours, "assessments", title, _stamp(20))
    for title in ("Theirs one", "Theirs two", "Theirs three"):
        changes.add_action(theirs, "assessments", title, _stamp(21))

    result = merge(base, ours, theirs, MERGING)

    titles = {action_id: action.title for action_id, action in result.register.actions.items()}
    assert titles == {
        "ASM-1": "Rewrite the template",
        "ASM-2": "Ours one",
        "ASM-3": "Ours two",
        # ASM-4 did not clash: ours never used it, so theirs keeps it.
        "ASM-4": "Theirs three",
        "ASM-5": "Theirs one",
        "ASM-6": "Theirs two",
    }
    assert result.renumbered == [Renumbering("ASM-2", "ASM-5"), Renumbering("ASM-3", "ASM-6")]


def test_the_same_action_added_on_both_sides_is_kept_once() -> None:
    base, ours, theirs = _sides()
    for side in (ours, theirs):
        changes.add_action(side, "assessments", "Cherry-picked", _stamp(20))

    result = merge(base, ours, theirs, MERGING)

    assert result.clean and result.renumbered == []
    assert list(result.register.actions) == ["ASM-1", "ASM-2"]
    assert [entry.text for entry in result.register.actions["ASM-2"].log] == ["created"]


def test_a_clash_in_an_area_only_theirs_added_renumbers_with_that_areas_prefix() -> None:
    base, ours, theirs = _sides()
    for side, title in ((ours, "Ours"), (theirs, "Theirs")):
        changes.add_area(side, "care-leavers", "Care leavers", prefix="CL")
        changes.add_action(side, "care-leavers", title, _stamp(20))

    result = merge(base, ours, theirs, MERGING)

    assert result.clean, result.conflicts
    assert result.renumbered == [Renumbering("CL-1", "CL-2")]
    assert result.register.actions["CL-2"].title == "Theirs"


def test_the_id_counter_keeps_the_higher_side_and_counts_renumbered_ids() -> None:
    base, ours, theirs = _sides()
    changes.add_action(ours, "assessments", "Ours", _stamp(20))
    for title in ("Theirs one", "Theirs two"):
        changes.add_action(theirs, "assessments", title, _stamp(21))

    merged = merge(base, ours, theirs, MERGING).register

    assert merged.actions["ASM-4"].title == "Theirs one"  # renumbered from ASM-2
    assert merged.areas["assessments"].last_id == 4
    assert changes.add_action(merged, "assessments", "Next", _stamp(28)).id == "ASM-5"


def test_an_id_deleted_by_hand_on_one_side_stays_retired_after_a_merge() -> None:
    base, ours, theirs = _sides()
    changes.add_action(ours, "assessments", "Added then deleted", _stamp(20))
    del ours.actions["ASM-2"]

    merged = merge(base, ours, theirs, MERGING).register

    assert list(merged.actions) == ["ASM-1"]
    assert merged.next_id(merged.areas["assessments"]) == "ASM-3"


def _with_second_action(counted: bool) -> tuple[Register, Register, Register]:
    base, _, _ = _sides()
    changes.add_action(base, "assessments", "Audit case files", _stamp(10, "asm-lead"))
    if not counted:  # as a register written before the counter existed
        base.areas["assessments"].last_id = None
    return base, copy.deepcopy(base), copy.deepcopy(base)


def test_a_new_action_never_inherits_the_history_of_a_deleted_one() -> None:
    base, ours, theirs = _with_second_action(counted=True)
    del ours.actions["ASM-2"]  # by hand
    changes.add_action(ours, "assessments", "Train team managers", _stamp(20))
    changes.add_note(theirs.actions["ASM-2"], "audit booked", _stamp(21))

    result = merge(base, ours, theirs, MERGING)

    actions = result.register.actions
    assert actions["ASM-3"].title == "Train team managers"
    assert [entry.text for entry in actions["ASM-3"].log] == ["created"]
    assert actions["ASM-2"].log[-1].text == "note: audit booked"
    assert [str(c) for c in result.conflicts] == [
        "actions.ASM-2: ours deleted it, theirs changed it"
    ]


def test_an_id_reused_before_the_counter_existed_is_not_merged_into_the_old_action() -> None:
    base, ours, theirs = _with_second_action(counted=False)
    del ours.actions["ASM-2"]  # by hand, then ASM-2 issued again: nothing remembered it
    reused = changes.add_action(ours, "assessments", "Train team managers", _stamp(20))
    assert reused.id == "ASM-2"
    changes.add_note(theirs.actions["ASM-2"], "audit booked", _stamp(21))

    result = merge(base, ours, theirs, MERGING)

    actions = result.register.actions
    # Ours' new action keeps the ID with its own history; theirs' changed one moves on.
    assert (actions["ASM-2"].title, [e.text for e in actions["ASM-2"].log]) == (
        "Train team managers",
        ["created"],
    )
    assert actions["ASM-3"].title == "Audit case files"
    assert [entry.text for entry in actions["ASM-3"].log] == [
        "created",
        "note: audit booked",
        "renumbered from ASM-2 to ASM-3 when merging",
    ]
    assert result.renumbered == [Renumbering("ASM-2", "ASM-3")]
    assert [str(c) for c in result.conflicts] == [
        "actions.ASM-2: ours deleted it, theirs changed it"
    ]
    _valid(result.register)


def test_an_id_theirs_reused_is_renumbered_when_ours_changed_the_old_action() -> None:
    base, ours, theirs = _with_second_action(counted=False)
    del theirs.actions["ASM-2"]
    changes.add_action(theirs, "assessments", "Train team managers", _stamp(20))
    changes.add_note(ours.actions["ASM-2"], "audit booked", _stamp(21))

    result = merge(base, ours, theirs, MERGING)

    actions = result.register.actions
    assert actions["ASM-2"].title == "Audit case files"
    assert actions["ASM-2"].log[-1].text == "note: audit booked"
    assert actions["ASM-3"].title == "Train team managers"
    assert result.renumbered == [Renumbering("ASM-2", "ASM-3")]
    assert [str(c) for c in result.conflicts] == [
        "actions.ASM-2: ours changed it, theirs deleted it"
    ]


def test_an_id_reused_on_one_side_with_the_old_action_untouched_is_clean() -> None:
    base, ours, theirs = _with_second_action(counted=False)
    del ours.actions["ASM-2"]
    changes.add_action(ours, "assessments", "Train team managers", _stamp(20))

    result = merge(base, ours, theirs, MERGING)

    assert result.clean and result.renumbered == []
    assert result.register.actions["ASM-2"].title == "Train team managers"


# --- fields ---------------------------------------------------------------------------------


def test_a_field_changed_on_one_side_is_taken_from_that_side() -> None:
    base, ours, theirs = _sides()
    changes.set_field(ours.action("ASM-1"), "owner", "Service manager", _stamp(20))
    changes.set_field(theirs.action("ASM-1"), "due", date(2027, 3, 31), _stamp(21))
    theirs.plan.organisation = "Example Council"

    result = merge(base, ours, theirs, MERGING)

    assert result.clean, result.conflicts
    action = result.register.actions["ASM-1"]
    assert (action.owner, action.due) == ("Service manager", date(2027, 3, 31))
    assert [entry.field for entry in action.log] == [None, "owner", "due"]
    assert result.register.plan.organisation == "Example Council"


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    base, ours, theirs = _sides()
    for side in (ours, theirs):
        changes.set_field(side.action("ASM-1"), "due", date(2027, 2, 28), _stamp(20))

    result = merge(base, ours, theirs, MERGING)

    assert result.clean, result.conflicts
    action = result.register.actions["ASM-1"]
    assert action.due == date(2027, 2, 28)
    assert [entry.text for entry in action.log] == ["created", "due: 2027-01-31 → 2027-02-28"]


def test_different_changes_to_one_field_are_a_conflict_and_ours_is_kept() -> None:
    base, ours, theirs = _sides()
    changes.set_field(ours.action("ASM-1"), "due", date(2027, 2, 28), _stamp(20))
    changes.set_field(theirs.action("ASM-1"), "due", date(2027, 3, 31), _stamp(21))
    changes.set_field(theirs.action("ASM-1"), "owner", "Someone else", _stamp(21))

    result = merge(base, ours, theirs, MERGING)

    assert result.conflicts == [
        Conflict(
            ("actions", "ASM-1", "due"),
            "ours 2027-02-28, theirs 2027-03-31 (base 2027-01-31)",
            date(2027, 2, 28),
            date(2027, 3, 31),
            date(2027, 1, 31),
        )
    ]
    assert str(result.conflicts[0]) == (
        "actions.ASM-1.due: ours 2027-02-28, theirs 2027-03-31 (base 2027-01-31)"
    )
    action = result.register.actions["ASM-1"]
    assert action.due == date(2027, 2, 28)
    assert action.owner == "Someone else"  # the rest of theirs' changes still land
    assert len(action.log) == 4  # and every change is in the history


def test_text_values_are_quoted_in_a_conflict_and_a_cleared_one_shows_none() -> None:
    base, ours, theirs = _sides()
    ours.action("ASM-1").owner = "Head of Service, Assessment"
    theirs.action("ASM-1").owner = None

    (conflict,) = merge(base, ours, theirs, MERGING).conflicts

    assert str(conflict) == (
        'actions.ASM-1.owner: ours "Head of Service, Assessment", theirs none (base "Team manager")'
    )


def test_status_fields_from_both_sides_are_never_mixed() -> None:
    base, ours, theirs = _sides()
    changes.set_status(ours, "ASM-1", "done", _stamp(20))
    changes.set_status(theirs, "ASM-1", "blocked", _stamp(21), reason="no data")

    result = merge(base, ours, theirs, MERGING)

    assert [conflict.path for conflict in result.conflicts] == [("actions", "ASM-1", "status")]
    action = result.register.actions["ASM-1"]
    # Field by field, blocked_reason would have come from theirs: done and blocked at once.
    assert (action.status, action.completed, action.blocked_reason) == (
        "done",
        date(2026, 11, 20),
        None,
    )
    _valid(result.register)


def test_status_fields_that_merge_cleanly_but_do_not_fit_together_are_a_conflict() -> None:
    base, ours, theirs = _sides()
    changes.set_status(base, "ASM-1", "done", _stamp(10))
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    changes.set_status(ours, "ASM-1", "in-progress", _stamp(20), reopen=True)
    theirs.action("ASM-1").signed_off_by = "Director"  # recorded who accepted it

    result = merge(base, ours, theirs, MERGING)

    (conflict,) = result.conflicts
    assert conflict.path == ("actions", "ASM-1", "status")
    assert "would not fit together" in conflict.message
    action = result.register.actions["ASM-1"]
    assert (action.status, action.signed_off_by, action.completed) == ("in-progress", None, None)


def test_plan_dates_that_each_side_moved_must_stay_in_order() -> None:
    base, ours, theirs = _sides()
    base.plan.inspected = date(2026, 6, 12)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.plan.next_inspection = date(2027, 1, 31)
    theirs.plan.inspected = date(2027, 3, 1)

    result = merge(base, ours, theirs, MERGING)

    (conflict,) = result.conflicts
    assert conflict.path == ("plan", "next_inspection")
    plan = result.register.plan
    assert (plan.inspected, plan.next_inspection) == (date(2026, 6, 12), date(2027, 1, 31))
    _valid(result.register)


# --- deletions, areas -------------------------------------------------------------------------


def test_an_action_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    base, ours, theirs = _sides()
    del theirs.actions["ASM-1"]
    changes.add_action(ours, "assessments", "New", _stamp(20))

    result = merge(base, ours, theirs, MERGING)

    assert result.clean
    assert list(result.register.actions) == ["ASM-2"]


def test_an_action_deleted_on_one_side_and_changed_on_the_other_is_a_conflict() -> None:
    base, ours, theirs = _sides()
    del ours.actions["ASM-1"]
    changes.add_note(theirs.action("ASM-1"), "still needed", _stamp(20))

    result = merge(base, ours, theirs, MERGING)

    assert result.conflicts == [
        Conflict(
            ("actions", "ASM-1"), "ours deleted it, theirs changed it", Mark.DELETED, Mark.CHANGED
        )
    ]
    assert str(result.conflicts[0]) == "actions.ASM-1: ours deleted it, theirs changed it"
    # The changed one stays while a person decides, so nothing is lost.
    assert result.register.actions["ASM-1"].log[-1].text == "note: still needed"


def test_areas_added_on_either_side_are_all_kept() -> None:
    base, ours, theirs = _sides()
    changes.add_area(ours, "transitions", "Transitions", lead="Head of Service")
    changes.add_area(theirs, "education", "Education")
    changes.add_area(theirs, "transitions", "Transitions", finding="Planning starts late")

    result = merge(base, ours, theirs, MERGING)

    assert result.clean, result.conflicts
    areas = result.register.areas
    assert list(areas) == ["assessments", "transitions", "education"]
    assert (areas["transitions"].lead, areas["transitions"].finding) == (
        "Head of Service",
        "Planning starts late",
    )


def test_an_area_both_sides_added_with_different_titles_is_a_conflict() -> None:
    base, ours, theirs = _sides()
    changes.add_area(ours, "transitions", "Transitions to adult services")
    changes.add_area(theirs, "transitions", "Preparing for adulthood")

    (conflict,) = merge(base, ours, theirs, MERGING).conflicts

    assert str(conflict) == (
        'areas.transitions.title: ours "Transitions to adult services", '
        'theirs "Preparing for adulthood" (base none)'
    )


def test_an_area_deleted_on_one_side_comes_back_if_the_other_added_to_it() -> None:
    base, ours, theirs = _sides()
    changes.add_area(base, "transitions", "Transitions", prefix="TRN")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    del ours.areas["transitions"]
    changes.add_action(theirs, "transitions", "Joint panel with adult services", _stamp(20))

    result = merge(base, ours, theirs, MERGING)

    assert [str(conflict) for conflict in result.conflicts] == [
        "areas.transitions: ours deleted it, but TRN-1 is still in it; kept the area"
    ]
    assert "transitions" in result.register.areas
    _valid(result.register)


def test_two_new_areas_with_one_prefix_keep_both_and_every_other_change() -> None:
    base, ours, theirs = _sides()
    changes.add_area(ours, "leaving-care", "Leaving care", prefix="LC")
    changes.add_action(ours, "leaving-care", "Pathway plans", _stamp(20))
    changes.add_area(theirs, "local-contacts", "Local contacts", prefix="LC")
    for title in ("Contact list", "Contact audit"):
        changes.add_action(theirs, "local-contacts", title, _stamp(21))
    changes.add_note(theirs.action("ASM-1"), "theirs' note", _stamp(21))

    result = merge(base, ours, theirs, MERGING)

    # Only the prefix clashes: theirs' area gets a free one, with its new actions.
    assert [str(conflict) for conflict in result.conflicts] == [
        "areas.local-contacts.prefix: 'LC' is the prefix of ours' area 'leaving-care'; "
        "gave this area the prefix 'LC2' (ours none, theirs \"LC\" (not in base))"
    ]
    merged = result.register
    assert {key: area.id_prefix for key, area in merged.areas.items()} == {
        "assessments": "ASM",
        "leaving-care": "LC",
        "local-contacts": "LC2",
    }
    assert {i: (a.area, a.title) for i, a in merged.actions.items() if i != "ASM-1"} == {
        "LC-1": ("leaving-care", "Pathway plans"),
        "LC2-1": ("local-contacts", "Contact list"),
        "LC2-2": ("local-contacts", "Contact audit"),
    }
    assert result.renumbered == [Renumbering("LC-1", "LC2-1"), Renumbering("LC-2", "LC2-2")]
    assert merged.areas["local-contacts"].last_id == 2
    assert merged.actions["ASM-1"].log[-1].text == "note: theirs' note"
    _valid(result.register)


def test_a_prefix_theirs_changed_to_ours_is_put_back_and_nothing_else_is_lost() -> None:
    base, ours, theirs = _sides()
    changes.add_area(base, "transitions", "Transitions", prefix="TRN")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    changes.add_area(ours, "training", "Training", prefix="TR")
    theirs.areas["transitions"].prefix = "TR"
    theirs.areas["transitions"].lead = "Head of Service"

    result = merge(base, ours, theirs, MERGING)

    (conflict,) = result.conflicts
    assert conflict.path == ("areas", "transitions", "prefix")
    assert "gave this area the prefix 'TRN'" in conflict.message
    transitions = result.register.areas["transitions"]
    assert (transitions.id_prefix, transitions.lead) == ("TRN", "Head of Service")
    _valid(result.register)


def test_an_area_brought_back_gives_way_to_ours_new_area_with_its_prefix() -> None:
    base, ours, theirs = _sides()
    changes.add_area(base, "transitions", "Transitions", prefix="TRN")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    del ours.areas["transitions"]
    changes.add_area(ours, "training", "Training", prefix="TRN")
    changes.add_action(theirs, "transitions", "Joint panel", _stamp(20))

    result = merge(base, ours, theirs, MERGING)

    assert [conflict.path for conflict in result.conflicts] == [
        ("areas", "transitions"),
        ("areas", "transitions", "prefix"),
    ]
    assert result.register.areas["transitions"].id_prefix == "TRN2"
    assert result.register.actions["TRN2-1"].title == "Joint panel"
    _valid(result.register)


# --- logs, evidence, the user's own keys ----------------------------------------------------


def test_logs_are_the_union_of_both_sides_oldest_first() -> None:
    base, ours, theirs = _sides()
    changes.add_note(ours.action("ASM-1"), "ours, later", _stamp(22))
    changes.add_note(theirs.action("ASM-1"), "theirs, earlier", _stamp(21))
    changes.add_note(theirs.action("ASM-1"), "theirs, latest", _stamp(23))
    # A side that drops a base entry by hand does not lose it from the merge.
    del ours.action("ASM-1").log[0]

    result = merge(base, ours, theirs, MERGING)

    assert [entry.text for entry in result.register.actions["ASM-1"].log] == [
        "created",
        "note: theirs, earlier",
        "note: ours, later",
        "note: theirs, latest",
    ]


def test_repeated_log_entries_are_kept_as_often_as_they_were_made() -> None:
    base, ours, theirs = _sides()
    for _ in range(2):
        changes.add_note(ours.action("ASM-1"), "chased", _stamp(20))
    changes.add_note(theirs.action("ASM-1"), "chased", _stamp(20))

    log = merge(base, ours, theirs, MERGING).register.actions["ASM-1"].log

    assert [entry.text for entry in log] == ["created", "note: chased", "note: chased"]


def test_evidence_is_the_union_of_both_sides_in_order() -> None:
    base, ours, theirs = _sides()
    changes.add_evidence(ours.action("ASM-1"), "evidence/audit.pdf", _stamp(20))
    changes.add_evidence(theirs.action("ASM-1"), "evidence/board.pdf", _stamp(21))
    changes.add_evidence(theirs.action("ASM-1"), "evidence/audit.pdf", _stamp(21))

    action = merge(base, ours, theirs, MERGING).register.actions["ASM-1"]

    assert action.evidence == ["evidence/draft.docx", "evidence/audit.pdf", "evidence/board.pdf"]


def test_evidence_removed_on_one_side_and_untouched_on_the_other_stays_removed() -> None:
    base, ours, theirs = _sides()
    ours.action("ASM-1").evidence.clear()

    assert merge(base, ours, theirs, MERGING).register.actions["ASM-1"].evidence == []


def test_the_users_own_keys_merge_like_fields() -> None:
    base, ours, theirs = _sides()
    base.areas["assessments"].extra = {"colour": "teal", "retired": "x"}
    base.extra = {"custom": {"anything": [1, 2]}}
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.plan.extra["board"] = "Improvement board"
    ours.areas["assessments"].extra["colour"] = "blue"
    del ours.areas["assessments"].extra["retired"]
    theirs.areas["assessments"].extra["colour"] = "green"
    theirs.actions["ASM-1"].extra["cost_code"] = 4410
    theirs.extra["custom"] = {"anything": [1, 2, 3]}

    result = merge(base, ours, theirs, MERGING)

    assert [str(conflict) for conflict in result.conflicts] == [
        'areas.assessments.colour: ours "blue", theirs "green" (base "teal")'
    ]
    register = result.register
    assert register.plan.extra == {"board": "Improvement board"}
    assert register.areas["assessments"].extra == {"colour": "blue"}
    assert register.actions["ASM-1"].extra == {"cost_code": 4410}
    assert register.extra == {"custom": {"anything": [1, 2, 3]}}


def test_a_number_and_a_boolean_are_different_values() -> None:
    base, ours, theirs = _sides()
    base.plan.extra["public"] = 1
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    theirs.plan.extra["public"] = True

    result = merge(base, ours, theirs, MERGING)

    assert result.clean and result.register.plan.extra["public"] is True


def test_the_inputs_are_left_as_they_were() -> None:
    base, ours, theirs = _sides()
    changes.add_action(ours, "assessments", "Ours", _stamp(20))
    changes.add_action(theirs, "assessments", "Theirs", _stamp(21))
    before = [copy.deepcopy(side) for side in (base, ours, theirs)]

    merge(base, ours, theirs, MERGING)

    assert [base, ours, theirs] == before


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(registers())
def test_merging_a_register_with_itself_changes_nothing(register: Register) -> None:
    for base in (register, empty_register()):
        result = merge(base, register, register, MERGING)
        assert result.clean, result.conflicts
        assert result.register == register


# --- the command ----------------------------------------------------------------------------


def _sides_on_disk(tmp_path: Path, invoke: Invoke) -> tuple[Path, Path, Path]:
    base, ours, theirs = (tmp_path / f"{name}.toml" for name in ("base", "ours", "theirs"))
    base.write_text(BASE_TEXT, encoding="utf-8")
    shutil.copy(base, ours)
    shutil.copy(base, theirs)
    return base, ours, theirs


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_merge_driver_writes_the_merge_to_ours(invoke: Invoke, tmp_path: Path) -> None:
    base, ours, theirs = _sides_on_disk(tmp_path, invoke)
    assert invoke("-r", str(ours), "add", "assessments", "Ours").stdout == "ASM-2\n"
    assert invoke("-r", str(theirs), "add", "assessments", "Theirs").stdout == "ASM-2\n"
    assert invoke("-r", str(theirs), "update", "ASM-1", "--due", "2027-03-31").exit_code == 0
    theirs_before = theirs.read_bytes()

    result = invoke("merge-driver", str(base), str(ours), str(theirs))

    assert result.exit_code == 0, result.output
    assert result.stdout == "renumbered theirs' ASM-2 to ASM-3\n"
    assert result.stderr == ""
    actions = _load(ours)["actions"]
    assert {key: value["title"] for key, value in actions.items()} == {
        "ASM-1": "Rewrite the template",
        "ASM-2": "Ours",
        "ASM-3": "Theirs",
    }
    assert actions["ASM-1"]["due"] == date(2027, 3, 31)
    assert actions["ASM-3"]["log"][-1]["text"] == "renumbered from ASM-2 to ASM-3 when merging"
    assert actions["ASM-3"]["log"][-1]["by"] == "tester"
    assert base.read_text(encoding="utf-8") == BASE_TEXT
    assert theirs.read_bytes() == theirs_before
    assert ours.read_text(encoding="utf-8") == store.dumps(store.read(ours).register)


def test_merge_driver_reports_conflicts_and_exits_1(invoke: Invoke, tmp_path: Path) -> None:
    base, ours, theirs = _sides_on_disk(tmp_path, invoke)
    invoke("-r", str(ours), "update", "ASM-1", "--due", "2027-02-28")
    invoke("-r", str(theirs), "update", "ASM-1", "--due", "2027-03-31", "--owner", "Other")

    result = invoke("merge-driver", str(base), str(ours), str(theirs))

    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "conflict: actions.ASM-1.due: ours 2027-02-28, theirs 2027-03-31 (base 2027-01-31)\n"
    )
    action = _load(ours)["actions"]["ASM-1"]
    assert (action["due"], action["owner"]) == (date(2027, 2, 28), "Other")


def test_merge_driver_leaves_ours_untouched_when_a_side_is_corrupt(
    invoke: Invoke, tmp_path: Path
) -> None:
    base, ours, theirs = _sides_on_disk(tmp_path, invoke)
    invoke("-r", str(ours), "add", "assessments", "Ours")
    before = ours.read_bytes()
    theirs.write_text(BASE_TEXT + "\n[actions.ASM-2\n", encoding="utf-8")

    result = invoke("merge-driver", str(base), str(ours), str(theirs))

    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: THEIRS: {theirs}:") and "invalid TOML" in line, line
    assert ours.read_bytes() == before


def test_merge_driver_names_the_side_and_key_of_an_invalid_register(
    invoke: Invoke, tmp_path: Path
) -> None:
    base, ours, theirs = _sides_on_disk(tmp_path, invoke)
    broken = BASE_TEXT.replace('status = "in-progress"', 'status = "blocked"')
    ours.write_text(broken, encoding="utf-8")

    result = invoke("merge-driver", str(base), str(ours), str(theirs))

    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: OURS: {ours}:") and "actions.ASM-1.blocked_reason" in line
    assert ours.read_text(encoding="utf-8") == broken


def test_merge_driver_refuses_a_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    base, ours, _ = _sides_on_disk(tmp_path, invoke)
    result = invoke("merge-driver", str(base), str(ours), str(tmp_path / "gone.toml"))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: THEIRS: ") and "no such register" in result.stderr


def test_merge_driver_takes_an_empty_base_as_no_common_ancestor(
    invoke: Invoke, tmp_path: Path
) -> None:
    base, ours, theirs = _sides_on_disk(tmp_path, invoke)
    base.write_bytes(b"")
    invoke("-r", str(theirs), "add", "assessments", "Theirs")

    result = invoke("merge-driver", str(base), str(ours), str(theirs))

    assert result.exit_code == 0, result.output
    assert list(_load(ours)["actions"]) == ["ASM-1", "ASM-2"]


# --- a real git merge -----------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path, invoke: Invoke) -> Path:
    """A git repository whose main branch holds a register, with the merge driver set up."""
    folder = tmp_path / "repo"
    folder.mkdir()
    _git(folder, "init", "--quiet", "--initial-branch=main")
    for key, value in (
        ("user.email", "tests@example.org"),
        ("user.name", "improvetrack tests"),
        ("commit.gpgsign", "false"),
        ("merge.improvetrack.name", "improvetrack register merge"),
        (
            "merge.improvetrack.driver",
            f"{shlex.quote(sys.executable)} -m improvetrack merge-driver %O %A %B",
        ),
    ):
        _git(folder, "config", key, value)
    (folder / ".gitattributes").write_text("improvetrack.toml merge=improvetrack\n")
    # improvetrack's lock file sits beside the register; it is not part of the plan.
    (folder / ".gitignore").write_text(".improvetrack.toml.lock\n")
    (folder / "improvetrack.toml").write_text(BASE_TEXT, encoding="utf-8")
    _git(folder, "add", ".")
    _git(folder, "commit", "--quiet", "-m", "plan")
    return folder


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    # The pinned date and user reach the driver through git; the machine's git settings do not.
    env = os.environ | {
        "HOME": str(folder.parent / "home"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def _commit_change(repo: Path, invoke: Invoke, *args: str) -> None:
    result = invoke("-r", str(repo / "improvetrack.toml"), *args)
    assert result.exit_code == 0, result.output
    _git(repo, "commit", "--quiet", "-am", " ".join(args))


@needs_git
def test_git_merge_keeps_both_new_actions_renumbering_theirs(repo: Path, invoke: Invoke) -> None:
    _git(repo, "checkout", "--quiet", "-b", "audit")
    _commit_change(repo, invoke, "add", "assessments", "Audit case files")
    _git(repo, "checkout", "--quiet", "main")
    _commit_change(repo, invoke, "add", "assessments", "Train team managers")

    merged = _git(repo, "merge", "--no-edit", "audit")

    assert "renumbered theirs' ASM-2 to ASM-3" in merged.stdout
    actions = _load(repo / "improvetrack.toml")["actions"]
    assert {key: value["title"] for key, value in actions.items()} == {
        "ASM-1": "Rewrite the template",
        "ASM-2": "Train team managers",
        "ASM-3": "Audit case files",
    }
    assert actions["ASM-3"]["log"][-1]["field"] == "id"
    assert _load(repo / "improvetrack.toml")["areas"]["assessments"]["last_id"] == 3
    assert _git(repo, "status", "--porcelain").stdout == ""
    assert len(_git(repo, "log", "--format=%H", "-1", "--merges").stdout.split()) == 1


@needs_git
def test_resolving_a_prefix_conflict_as_the_docs_say_keeps_theirs_other_changes(
    repo: Path, invoke: Invoke
) -> None:
    _commit_change(repo, invoke, "add", "assessments", "Audit case files")
    _git(repo, "checkout", "--quiet", "-b", "contacts")
    _commit_change(repo, invoke, "area", "add", "local-contacts", "--title", "Contacts")
    _commit_change(repo, invoke, "update", "ASM-1", "--note", "template agreed")
    _commit_change(repo, invoke, "done", "ASM-2")
    _git(repo, "checkout", "--quiet", "main")
    _commit_change(repo, invoke, "area", "add", "leaving-care", "--title", "Leaving care")

    merged = _git(repo, "merge", "--no-edit", "contacts", check=False)

    assert merged.returncode == 1, merged.stdout + merged.stderr
    # docs/git.md: edit the values the conflict lines name (here LC2 will do), then git add.
    _git(repo, "add", "improvetrack.toml")
    _git(repo, "commit", "--quiet", "--no-edit")
    register = store.read(repo / "improvetrack.toml").register
    assert register.actions["ASM-1"].log[-1].text == "note: template agreed"
    assert (register.actions["ASM-2"].status, register.actions["ASM-2"].completed) == (
        "done",
        date(2026, 11, 27),
    )
    assert {key: area.id_prefix for key, area in register.areas.items()} == {
        "assessments": "ASM",
        "leaving-care": "LC",
        "local-contacts": "LC2",
    }
    # Both new areas took the prefix LC: a conflict on that one field, and nothing else.
    conflicts = [line for line in merged.stderr.splitlines() if line.startswith("conflict:")]
    assert conflicts == [
        "conflict: areas.local-contacts.prefix: 'LC' is the prefix of ours' area "
        "'leaving-care'; gave this area the prefix 'LC2' (ours none, theirs \"LC\" (not in base))"
    ]
    assert _git(repo, "status", "--porcelain").stdout == ""


@needs_git
def test_git_merge_marks_a_real_conflict(repo: Path, invoke: Invoke) -> None:
    _git(repo, "checkout", "--quiet", "-b", "later")
    _commit_change(repo, invoke, "update", "ASM-1", "--due", "2027-03-31")
    _git(repo, "checkout", "--quiet", "main")
    _commit_change(repo, invoke, "update", "ASM-1", "--due", "2027-02-28")

    merged = _git(repo, "merge", "--no-edit", "later", check=False)

    assert merged.returncode == 1, merged.stdout + merged.stderr
    assert "conflict: actions.ASM-1.due: ours 2027-02-28, theirs 2027-03-31" in merged.stderr
    unmerged = _git(repo, "diff", "--name-only", "--diff-filter=U").stdout
    assert unmerged.split() == ["improvetrack.toml"]
    # The working file is a valid register holding ours' value, ready to be edited.
    register = store.read(repo / "improvetrack.toml").register
    assert register.actions["ASM-1"].due == date(2027, 2, 28)
    assert len(register.actions["ASM-1"].log) == 3


def test_measures_survive_and_merge_by_name() -> None:
    from tests.conftest import SAMPLE

    base = store.read(SAMPLE).register
    same = merge(base, copy.deepcopy(base), copy.deepcopy(base), _stamp(20))
    counts = [len(area.measures) for area in same.register.areas.values()]
    assert counts == [1, 1, 2, 1] and same.conflicts == []
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    name = "Persistent absence of children in care"
    measures.record_measure(ours, "education", name, 17, date(2026, 11, 20), date(2026, 11, 27))
    measures.record_measure(theirs, "education", name, 16, date(2026, 11, 25), date(2026, 11, 27))
    measures.add_measure(theirs, "assessments", "Re-referrals within 12 months", baseline=22)
    theirs.areas["understanding"].measures.clear()  # deleted there, unchanged here
    result = merge(base, ours, theirs, _stamp(21))
    assert result.conflicts == []
    merged = result.register.areas
    absence = merged["education"].measure(name)
    assert [(r.on.isoformat(), r.value) for r in absence.history][-2:] == [
        ("2026-11-20", 17),
        ("2026-11-25", 16),
    ]
    assert (absence.current, absence.updated) == (16, date(2026, 11, 25))
    assert [m.name for m in merged["assessments"].measures][-1] == "Re-referrals within 12 months"
    assert merged["understanding"].measures == []


def test_two_readings_on_one_day_are_a_conflict() -> None:
    from tests.conftest import SAMPLE

    base = store.read(SAMPLE).register
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    name = "Persistent absence of children in care"
    measures.record_measure(ours, "education", name, 17, date(2026, 11, 20), date(2026, 11, 27))
    measures.record_measure(theirs, "education", name, 15, date(2026, 11, 20), date(2026, 11, 27))
    result = merge(base, ours, theirs, _stamp(21))
    assert len(result.conflicts) == 1
    assert result.register.areas["education"].measure(name).current == 17


def test_every_v2_field_of_the_plan_and_its_areas_survives_a_merge() -> None:
    """The sample's areas carry a ref, a theme and a sponsor, and its plan board dates: a
    merge of three copies gives them back as they were, and changes each side made to
    them (and the logs of those changes) are kept from both sides."""
    from tests.conftest import SAMPLE

    base = store.read(SAMPLE).register
    same = merge(base, copy.deepcopy(base), copy.deepcopy(base), _stamp(20))
    assert same.clean, same.conflicts
    assert to_document(same.register) == to_document(base)

    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    changes.update_area(ours, "education", {"theme": "Children in care"}, _stamp(20))
    changes.update_area(theirs, "assessments", {"sponsor": "Director"}, _stamp(21))
    changes.update_plan(ours, {"title": "Our plan"}, _stamp(20), boards=(date(2027, 6, 24),))
    changes.update_plan(theirs, {}, _stamp(21), boards=(date(2027, 7, 29),))
    theirs.plan.boards.remove(base.plan.boards[0])  # a meeting recorded by mistake
    result = merge(base, ours, theirs, _stamp(22))

    assert result.clean, result.conflicts
    areas, plan = result.register.areas, result.register.plan
    assert areas["education"].theme == "Children in care"
    assert areas["assessments"].sponsor == "Director"
    assert [a.ref for a in areas.values()] == [a.ref for a in base.areas.values()]
    assert [e.field for e in areas["education"].log][-1] == "theme"
    assert [e.field for e in areas["assessments"].log][-1] == "sponsor"
    assert plan.title == "Our plan"
    new = len(base.plan.log)
    assert [(e.field, e.at.day) for e in plan.log[new:]] == [
        ("title", 20),
        ("boards", 20),
        ("boards", 21),
    ]
    assert plan.boards == sorted([*base.plan.boards[1:], date(2027, 6, 24), date(2027, 7, 29)])
