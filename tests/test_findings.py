"""The warnings `check` gives: the figures find the facts, render says them in words.

Four registers between them give every warning code, and every way of saying one; their
words are pinned here, so a change to how a warning reads is a change to this file.
"""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path
from typing import get_args

import pytest

from improvetrack.figures import check as checks
from improvetrack.figures.check import Finding, check
from improvetrack.figures.history import Gap, GapKind, unaccounted
from improvetrack.files import store
from improvetrack.model.register import Action
from improvetrack.render.findings import WORDS, line, words

AS_OF = date(2026, 11, 27)


def _action(action_id: str, title: str, due: str, *more: str) -> str:
    head = [f"[actions.{action_id}]", 'area = "assessments"', f'title = "{title}"']
    return "\n".join([*head, 'owner = "Sam"', f"due = {due}", *more, ""])


def _entry(action_id: str, by: str, *change: str, at: str = "2026-08-17 09:00:00Z") -> str:
    """A log entry; `change` is its field, then its old and new values ("" for none)."""
    lines = [f"[[actions.{action_id}.log]]", f"at = {at}", f'by = "{by}"', 'text = "change"']
    for key, value in zip(("field", "old", "new"), change, strict=False):
        if value:
            lines.append(f'{key} = "{value}"')
    return "\n".join([*lines, ""])


def _register(plan: str, *tables: str) -> str:
    head = f'schema = 1\n\n[plan]\ntitle = "Plan"\n{plan}\n'
    return (
        head + '[areas.assessments]\ntitle = "Assessments"\nprefix = "ASM"\n\n' + "\n".join(tables)
    )


# The plan's dates, the measures, the areas, and actions with records that do not agree.
RECORDS = _register(
    "received = 2026-08-10\npublished = 2026-08-03\n",
    '[[areas.assessments.measures]]\nname = "Timely assessments"\ndirection = "up"\n',
    "[[areas.assessments.measures]]\n"
    'name = "Repeat referrals"\ndirection = "down"\nbaseline = 20\ntarget = 25\n'
    "current = 19\nupdated = 2026-10-31\n"
    "[[areas.assessments.measures.history]]\non = 2026-09-30\nvalue = 21.5\n",
    '[[areas.assessments.measures]]\nname = "Visits"\ndirection = "up"\nbaseline = 3\n'
    "current = 4\n",
    '[areas.empty]\ntitle = "Nothing here"\nprefix = "EMP"\n',
    '[actions.ASM-1]\narea = "assessments"\ntitle = "Unowned and undated"\nownr = "Sam"\n',
    _action("ASM-2", "Dropped", "2026-12-01", 'status = "dropped"', 'theme = "Care"'),
    _action("ASM-3", "Done, no date", "2026-12-01", 'status = "done"', 'rag = "amber"'),
    _action(
        "ASM-4", "Done before it began", "2026-12-01", 'status = "done"', "created = 2026-10-01"
    )
    + "completed = 2026-09-01\n",
)

# An inspection that has passed, a target the wrong way up, an ID from another area.
PASSED = _register(
    "next_inspection = 2026-10-01\n",
    '[[areas.assessments.measures]]\nname = "Visits"\ndirection = "up"\nbaseline = 50\n'
    "target = 40.25\n",
    _action("TRN-1", "Wrong prefix", "2026-09-01"),
)

# What a board would challenge, and a log that cannot say how each action stood.
BOARD = _register(
    "next_inspection = 2027-03-31\n",
    '[[areas.assessments.measures]]\nname = "Timely assessments"\ndirection = "up"\n'
    "baseline = 40\ntarget = 80\ntarget_by = 2027-06-30\n",
    _action(
        "ASM-1", "Slipped and late", "2027-06-01", "baseline_due = 2027-01-31", 'rag = "green"'
    ),
    _action("ASM-2", "Waits", "2027-01-15", 'after = ["ASM-1"]'),
    _action("ASM-3", "Signed off", "2026-11-01", 'status = "done"', "completed = 2026-11-01")
    + _entry("ASM-3", "Sam", "status", "in-progress", "awaiting-sign-off")
    + _entry("ASM-3", "sam", "status", "awaiting-sign-off", "done", at="2026-11-01 09:00:00Z"),
    _action("ASM-4", "No old value", "2027-01-01", 'status = "in-progress"')
    + _entry("ASM-4", "Sam", "status", "", "in-progress"),
    _action("ASM-5", "Unreadable", "2027-01-01", 'status = "in-progress"')
    + _entry("ASM-5", "Sam", "status", "weird", "in-progress"),
    _action("ASM-6", "Unknown area", "2027-01-01")
    + _entry("ASM-6", "Sam", "area", "nowhere", "assessments"),
    _action("ASM-7", "Edited by hand", "2027-01-01")
    + _entry("ASM-7", "Sam", "owner", "Alex", "Kim"),
    _action("ASM-8", "Unknown field", "2027-01-01")
    + _entry("ASM-8", "Sam", "colour", "red", "blue"),
    *[_action(f"ASM-{n}", "Unlogged", "2027-01-01") for n in range(9, 16)],
)

# One action of three with no log; a list of IDs edited by hand.
LOGGED = _register(
    "next_inspection = 2027-03-31\n",
    _action("ASM-1", "Logged", "2027-01-01") + _entry("ASM-1", "Sam"),
    _action("ASM-2", "Unlogged", "2027-01-01"),
    _action("ASM-3", "After", "2027-01-01") + _entry("ASM-3", "Sam", "after", "", "ASM-1"),
)

EXPECTED = {
    "RECORDS": [
        ("unknown-key", "actions.ASM-1.ownr", "unknown key (did you mean 'owner'?)"),
        (
            "no-inspection-date",
            "plan.next_inspection",
            "not set, and no plan.inspected to estimate it from, so nothing can be measured "
            "against the inspection; set it with `improvetrack plan set --next-inspection "
            "DATE`",
        ),
        (
            "received-after-published",
            "plan.received",
            "2026-08-10 is after plan.published (2026-08-03); the final report is received "
            "before it is published",
        ),
        (
            "measure-no-baseline",
            "areas.assessments.measures.0",
            "measure 'Timely assessments' has no baseline, so no one can tell whether it is "
            "improving",
        ),
        (
            "measure-no-target",
            "areas.assessments.measures.0",
            "measure 'Timely assessments' has no target",
        ),
        (
            "measure-target-backwards",
            "areas.assessments.measures.1",
            "measure 'Repeat referrals': the target 25 is not lower than the baseline 20, "
            "though lower is better (direction = 'down')",
        ),
        ("measure-no-target", "areas.assessments.measures.2", "measure 'Visits' has no target"),
        (
            "measure-current-not-in-history",
            "areas.assessments.measures.1.current",
            "measure 'Repeat referrals': current = 19 (updated 2026-10-31) but its history's "
            "last reading is 21.5 on 2026-09-30; the figures over time read the history, so "
            "record values with `improvetrack measure set`",
        ),
        (
            "measure-current-not-in-history",
            "areas.assessments.measures.2.current",
            "measure 'Visits': current = 4 (updated never) but its history's last reading is "
            "no reading; the figures over time read the history, so record values with "
            "`improvetrack measure set`",
        ),
        (
            "empty-area",
            "areas.empty",
            "has no actions yet; add one with `improvetrack add empty TITLE`",
        ),
        ("unowned", "actions.ASM-1", "has no owner"),
        ("undated", "actions.ASM-1", "has no due date"),
        ("no-drop-reason", "actions.ASM-2", "is dropped but does not say why"),
        ("no-completed-date", "actions.ASM-3", "is done but has no completed date"),
        (
            "completed-before-created",
            "actions.ASM-4.completed",
            "2026-09-01 is before it was created (2026-10-01)",
        ),
        (
            "area-key-on-action",
            "actions.ASM-2.theme",
            "theme belongs to an area, not an action; set it with `improvetrack area update "
            "assessments --theme TEXT`",
        ),
        (
            "rag-without-reason",
            "actions.ASM-3.rag",
            "reported AMBER with no reason; give one with `improvetrack update ASM-3 --rag "
            "amber --reason TEXT`",
        ),
    ],
    "PASSED": [
        (
            "inspection-passed",
            "plan.next_inspection",
            "2026-10-01 has passed; set the date of the next one with `improvetrack plan set "
            "--next-inspection DATE`",
        ),
        (
            "measure-target-backwards",
            "areas.assessments.measures.0",
            "measure 'Visits': the target 40.25 is not higher than the baseline 50, though "
            "higher is better (direction = 'up')",
        ),
        ("prefix-mismatch", "actions.TRN-1", "is in area 'assessments', whose IDs start ASM-"),
    ],
    "BOARD": [
        (
            "measure-target-after-inspection",
            "areas.assessments.measures.0.target_by",
            "measure 'Timely assessments' is due to reach its target on 2027-06-30, after "
            "the next inspection (2027-03-31)",
        ),
        ("late", "actions.ASM-1.due", "2027-06-01 is after the next inspection (2027-03-31)"),
        (
            "late",
            "actions.ASM-2.due",
            "projected 2027-06-01, waiting for ASM-1, is after the next inspection (2027-03-31)",
        ),
        (
            "slipped",
            "actions.ASM-1.due",
            "2027-06-01 is 121 days after the agreed 2027-01-31; if the board agreed it, "
            "record that with `improvetrack rebaseline ASM-1 --reason TEXT`",
        ),
        ("optimistic", "actions.ASM-1.rag", "reported GREEN, but its dates and status give AMBER"),
        (
            "signed-off-by-deliverer",
            "actions.ASM-3",
            "the log shows the same person marking it done and signing it off",
        ),
        (
            "history-incomplete",
            "actions.ASM-4.log.0",
            "history incomplete: log entry 1 changes status but does not say what it was "
            "before, so how the action stood then is not known",
        ),
        (
            "history-incomplete",
            "actions.ASM-5.log.0",
            "history incomplete: its log holds a status it cannot read ('weird')",
        ),
        (
            "history-incomplete",
            "actions.ASM-6.log.0",
            "history incomplete: log entry 1 names an area the register does not have ('nowhere')",
        ),
        (
            "history-incomplete",
            "actions.ASM-7.owner",
            "history incomplete: its owner is not the last one logged (Kim): edited by hand? "
            "Changes made with improvetrack are logged",
        ),
        (
            "history-incomplete",
            "actions.ASM-8",
            "history incomplete: its log names a field it does not have ('colour')",
        ),
        (
            "history-incomplete",
            "actions",
            "history incomplete: 9 of 15 actions have no log (ASM-1, ASM-2, ASM-9, ASM-10, "
            "ASM-11 …), so how they stood before today is not known; actions added with "
            "`improvetrack add` or `import` keep theirs",
        ),
    ],
    "LOGGED": [
        (
            "history-incomplete",
            "actions.ASM-3.after",
            "history incomplete: its after is not the last one logged (['ASM-1']): edited by "
            "hand? Changes made with improvetrack are logged",
        ),
        (
            "history-incomplete",
            "actions",
            "history incomplete: 1 of 3 actions has no log (ASM-2), so how they stood before "
            "today is not known; actions added with `improvetrack add` or `import` keep "
            "theirs",
        ),
    ],
}

REGISTERS = {"RECORDS": RECORDS, "PASSED": PASSED, "BOARD": BOARD, "LOGGED": LOGGED}


def _findings(name: str) -> list[Finding]:
    return check(store.parse(REGISTERS[name], f"{name.lower()}.toml"), AS_OF)


@pytest.mark.parametrize("name", list(REGISTERS))
def test_each_warning_reads_as_it_always_has(name: str) -> None:
    found = _findings(name)
    assert [(f.code, f.path, words(f)) for f in found] == EXPECTED[name]
    assert [line(f) for f in found] == [f"{path}: {said}" for _, path, said in EXPECTED[name]]


def _emitted_codes() -> set[str]:
    """Every code `figures/check.py` can give, read from its source: the first argument
    of each `_found(...)` there."""
    assert checks.__file__ is not None
    tree = ast.parse(Path(checks.__file__).read_text(encoding="utf-8"))
    codes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_found", "Finding"):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                codes.add(first.value)
            else:
                assert isinstance(first, ast.Name) and first.id == "code", ast.dump(node)
    return codes


def test_every_code_the_figures_give_has_words_and_is_pinned_here() -> None:
    codes = _emitted_codes()
    assert len(codes) == 23
    assert codes == set(WORDS)
    pinned = {code for rows in EXPECTED.values() for code, _, _ in rows}
    assert pinned == codes


def test_every_gap_in_a_log_has_words() -> None:
    kinds = set(get_args(GapKind))
    said = {f.facts["gap"] for name in REGISTERS for f in _findings(name) if "gap" in f.facts}
    # A check asks about gaps only in a log there is: an action with no log at all is
    # counted among the unlogged instead.
    assert said == (kinds - {"no-log"}) | {"unlogged"}
    gap = unaccounted(Action(id="ASM-1", area="assessments", title="t"))
    assert gap == Gap("no-log")
    facts = {"gap": gap.kind, "field": gap.field, "entry": gap.entry, "value": gap.value}
    assert words(Finding("history-incomplete", "actions.ASM-1", facts)) == (
        "history incomplete: it has no log, so how it stood before today is not known"
    )


_TOKEN = re.compile(r"[A-Za-z0-9_.-]+")


@pytest.mark.parametrize("name", list(REGISTERS))
def test_a_warning_holds_facts_not_words(name: str) -> None:
    """Each fact is a number, a date, IDs, or text that is a token (a code, an ID, a key,
    a field) or the register's own (a measure's name): never a sentence of the tool's."""
    text = REGISTERS[name]
    found = _findings(name)
    assert found and not any(hasattr(f, "message") for f in found)
    for finding in found:
        assert finding.code in WORDS
        with pytest.raises(TypeError):
            finding.facts["said"] = "words"  # type: ignore[index]
        for key, fact in finding.facts.items():
            assert _TOKEN.fullmatch(key), key
            if isinstance(fact, tuple):
                assert all(_TOKEN.fullmatch(item) for item in fact), (finding, key)
            elif isinstance(fact, str):
                assert _TOKEN.fullmatch(fact) or f'"{fact}"' in text, (finding, key)
            else:
                assert fact is None or isinstance(fact, int | float | date), (finding, key)
