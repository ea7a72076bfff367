"""Warnings about a register that is valid but will mislead: gaps a board would ask about.

The checks work on a loaded register and read each action's assessment; reading the file
and finding each warning's line is the caller's (see `workflows.checks`). A warning holds
its code, its key path and the facts it rests on (numbers, dates, IDs, names, tokens);
`render.findings` says it in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType

from improvetrack.figures.dependencies import Waits, uses_dependencies
from improvetrack.figures.history import unaccounted
from improvetrack.figures.progress import (
    ActionStatus,
    Inspection,
    Status,
    assess,
    next_inspection,
    plan_waits,
)
from improvetrack.model.decode import key_typos
from improvetrack.model.records import record
from improvetrack.model.register import ACTION_ID, AREA_ONLY_KEYS, Plan, Register
from improvetrack.model.signoff import delivered_by, signed_off_by

# One fact a warning rests on: a number, a date, an ID, a key or other token, or text the
# register holds (a measure's name, a value its log holds); the IDs of several actions.
# Never a sentence of the tool's own.
Fact = str | int | float | date | tuple[str, ...] | None


@record
class Finding:
    """One warning: a short code for scripts, the key path, and the facts the words for
    people are made from (`render.findings`), by name."""

    code: str
    path: str
    facts: Mapping[str, Fact]
    line: int | None = None


def _found(code: str, path: str, **facts: Fact) -> Finding:
    """A warning with its facts by name, which cannot be changed once found."""
    return Finding(code, path, MappingProxyType(facts))


@record
class CheckResult:
    """What `check` found: errors (the register is invalid) or warnings (it is valid)."""

    path: Path
    errors: list[str]
    findings: list[Finding]


def check(register: Register, as_of: date, status: Status | None = None) -> list[Finding]:
    """Every warning for a register that already passed validation, in register order.

    `status` is this register's status as of the same date, when the caller has it
    (`progress.compute`): its assessments are read, not made again. An action it does not
    hold as the register holds it now (a filter left it out, or it changed after the
    date) is assessed here."""
    inspection = next_inspection(register.plan)
    assessed = _assessments(register, as_of, inspection, status)
    return [
        # A misspelt key comes first: it explains warnings below it, such as "has no owner".
        *_typo_findings(register),
        *_plan_findings(register.plan, inspection, as_of),
        *_measure_findings(register),
        *_measure_time_findings(register, inspection),
        *_area_findings(register),
        *_action_findings(register, inspection, assessed),
        *_judgement_findings(register, assessed),
    ]


def _assessments(
    register: Register, as_of: date, inspection: Inspection | None, status: Status | None
) -> dict[str, ActionStatus]:
    """Each action's assessment as of the date: the status's, where it is of this very
    action against the same inspection, else made here."""
    known: dict[str, ActionStatus] = {}
    if status is not None and status.as_of == as_of and status.inspection == inspection:
        known = {item.action.id: item for item in status.actions}
    found: dict[str, ActionStatus] = {}
    waits: dict[str, Waits] | None = None
    for action in register.actions.values():
        item = known.get(action.id)
        if item is None or item.action is not action:
            if waits is None and uses_dependencies(register):
                waits = plan_waits(register, as_of)
            item = assess(action, as_of, inspection, waits[action.id] if waits else None)
        found[action.id] = item
    return found


def _judgement_findings(register: Register, assessed: dict[str, ActionStatus]) -> list[Finding]:
    """What a board would challenge: slips, a lead's RAG better than the dates, a RAG with
    no reason, area keys written on an action, and sign-off by whoever delivered."""
    findings: list[Finding] = []
    # A register kept with improvetrack logs every change, so an action in it with no log
    # was added by hand or imported; a register with no log at all (written by hand, or
    # from v1) is simply not kept that way, and is not warned about action by action.
    logged = any(action.log for action in register.actions.values())
    unlogged = [action.id for action in register.actions.values() if not action.log]
    for action in register.actions.values():
        path = f"actions.{action.id}"
        item = assessed[action.id]
        if item.slipped_days is not None:
            findings.append(
                _found(
                    "slipped",
                    f"{path}.due",
                    action=action.id,
                    due=action.due,
                    days=item.slipped_days or 0,
                    baseline=item.baseline,
                )
            )
        if item.optimistic and item.reported and item.rag:
            findings.append(
                _found("optimistic", f"{path}.rag", reported=item.reported, rag=item.rag)
            )
        if action.rag in ("amber", "red") and not action.rag_reason:
            findings.append(
                _found("rag-without-reason", f"{path}.rag", action=action.id, rag=action.rag)
            )
        for key in sorted(AREA_ONLY_KEYS & action.extra.keys()):
            findings.append(
                _found("area-key-on-action", f"{path}.{key}", key=key, area=action.area)
            )
        if action.log and (gap := unaccounted(action, register.areas)):
            findings.append(
                _found(
                    "history-incomplete",
                    f"{path}.{gap.key}" if gap.key else path,
                    gap=gap.kind,
                    field=gap.field,
                    entry=gap.entry,
                    value=gap.value,
                )
            )
        if action.status == "done" and delivered_by(action) & signed_off_by(action):
            findings.append(_found("signed-off-by-deliverer", path))
    if logged and unlogged:
        findings.append(
            _found(
                "history-incomplete",
                "actions",
                gap="unlogged",
                unlogged=tuple(unlogged),
                actions=len(register.actions),
            )
        )
    return findings


def _typo_findings(register: Register) -> list[Finding]:
    return [
        _found("unknown-key", ".".join(typo.path), known=typo.known) for typo in key_typos(register)
    ]


def _plan_findings(plan: Plan, inspection: Inspection | None, as_of: date) -> list[Finding]:
    """The plan's dates: nothing to measure against, a date passed, dates out of order."""
    findings: list[Finding] = []
    if inspection is None:
        findings.append(_found("no-inspection-date", "plan.next_inspection"))
    elif inspection.day < as_of and not inspection.estimated:
        findings.append(_found("inspection-passed", "plan.next_inspection", day=inspection.day))
    if plan.received and plan.published and plan.received > plan.published:
        findings.append(
            _found(
                "received-after-published",
                "plan.received",
                received=plan.received,
                published=plan.published,
            )
        )
    return findings


def _measure_findings(register: Register) -> list[Finding]:
    """Impact measures that cannot show improvement: no baseline, no target, or a target
    on the wrong side of the baseline."""
    findings: list[Finding] = []
    for key, area in register.areas.items():
        for index, measure in enumerate(area.measures):
            where = f"areas.{key}.measures.{index}"
            if measure.baseline is None:
                findings.append(_found("measure-no-baseline", where, measure=measure.name))
            if measure.target is None:
                findings.append(_found("measure-no-target", where, measure=measure.name))
            elif measure.baseline is not None:
                sign = 1 if measure.direction == "up" else -1
                if sign * (measure.target - measure.baseline) <= 0:
                    findings.append(
                        _found(
                            "measure-target-backwards",
                            where,
                            measure=measure.name,
                            target=measure.target,
                            baseline=measure.baseline,
                            direction=measure.direction,
                        )
                    )
    return findings


def _measure_time_findings(register: Register, inspection: Inspection | None) -> list[Finding]:
    """A target due after the inspection, and a current value its history does not hold
    (the figures over time read the history only)."""
    findings: list[Finding] = []
    for key, area in register.areas.items():
        for index, measure in enumerate(area.measures):
            where = f"areas.{key}.measures.{index}"
            if measure.target_by and inspection and measure.target_by > inspection.day:
                findings.append(
                    _found(
                        "measure-target-after-inspection",
                        f"{where}.target_by",
                        measure=measure.name,
                        target_by=measure.target_by,
                        inspection=inspection.day,
                    )
                )
            last = max(measure.history, key=lambda reading: reading.on, default=None)
            held = (last.value, last.on) if last else (None, None)
            if measure.current is not None and (measure.current, measure.updated) != held:
                findings.append(
                    _found(
                        "measure-current-not-in-history",
                        f"{where}.current",
                        measure=measure.name,
                        current=measure.current,
                        updated=measure.updated,
                        last=held[0],
                        last_on=held[1],
                    )
                )
    return findings


def _area_findings(register: Register) -> list[Finding]:
    used = {action.area for action in register.actions.values()}
    return [
        _found("empty-area", f"areas.{key}", area=key) for key in register.areas if key not in used
    ]


def _action_findings(
    register: Register, inspection: Inspection | None, assessed: dict[str, ActionStatus]
) -> list[Finding]:
    """Actions a board would ask about: unowned, undated, late, or with records that
    contradict their status."""
    findings: list[Finding] = []
    for action in register.actions.values():
        path = f"actions.{action.id}"
        item = assessed[action.id]
        area = register.areas[action.area]
        match = ACTION_ID.fullmatch(action.id)
        if match and match[1] != area.id_prefix:
            findings.append(_found("prefix-mismatch", path, area=area.key, prefix=area.id_prefix))
        if action.status == "dropped" and not action.dropped_reason:
            findings.append(_found("no-drop-reason", path))
        if action.status == "done" and action.completed is None:
            findings.append(_found("no-completed-date", path))
        if action.completed and action.created and action.completed < action.created:
            findings.append(
                _found(
                    "completed-before-created",
                    f"{path}.completed",
                    completed=action.completed,
                    created=action.created,
                )
            )
        if "no-owner" in item.reasons:
            findings.append(_found("unowned", path))
        if "no-date" in item.reasons:
            findings.append(_found("undated", path))
        if inspection and item.late:
            findings.append(_late(path, item, inspection))
    return findings


def _late(path: str, item: ActionStatus, inspection: Inspection) -> Finding:
    """Why an action is late: its own date, or the date what it waits for projects (and
    the action that holds it up)."""
    due, waits = item.action.due, item.waits
    if (due is None or due <= inspection.day) and waits and waits.projected:
        return _found(
            "late",
            f"{path}.due",
            due=due,
            inspection=inspection.day,
            projected=waits.projected,
            held_by=waits.held_by,
        )
    return _found("late", f"{path}.due", due=due, inspection=inspection.day)
