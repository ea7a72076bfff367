"""Warnings about a register that is valid but will mislead: gaps a board would ask about.

The checks work on a loaded register and read each action's assessment; reading the file
and finding each warning's line is the caller's (see `workflows.checks`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
from improvetrack.model.text import counted


@record
class Finding:
    """One warning: a short code for scripts, the key path, and a sentence for people."""

    code: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


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
                Finding(
                    "slipped",
                    f"{path}.due",
                    f"{action.due} is {counted(item.slipped_days or 0, 'day')} after the agreed "
                    f"{item.baseline}; "
                    f"if the board agreed it, record that with `improvetrack rebaseline "
                    f"{action.id} --reason TEXT`",
                )
            )
        if item.optimistic and item.reported and item.rag:
            findings.append(
                Finding(
                    "optimistic",
                    f"{path}.rag",
                    f"reported {item.reported.word}, but its dates and status give {item.rag.word}",
                )
            )
        if action.rag in ("amber", "red") and not action.rag_reason:
            findings.append(
                Finding(
                    "rag-without-reason",
                    f"{path}.rag",
                    f"reported {action.rag.upper()} with no reason; give one with "
                    f"`improvetrack update {action.id} --rag {action.rag} --reason TEXT`",
                )
            )
        for key in sorted(AREA_ONLY_KEYS & action.extra.keys()):
            findings.append(
                Finding(
                    "area-key-on-action",
                    f"{path}.{key}",
                    f"{key} belongs to an area, not an action; set it with "
                    f"`improvetrack area update {action.area} --{key} TEXT`",
                )
            )
        if action.log and (unknown := unaccounted(action, register.areas)):
            reason, key = unknown
            findings.append(
                Finding(
                    "history-incomplete",
                    f"{path}.{key}" if key else path,
                    f"history incomplete: {reason}",
                )
            )
        if action.status == "done" and delivered_by(action) & signed_off_by(action):
            findings.append(
                Finding(
                    "signed-off-by-deliverer",
                    path,
                    "the log shows the same person marking it done and signing it off",
                )
            )
    if logged and unlogged:
        named = ", ".join(unlogged[:5]) + (" …" if len(unlogged) > 5 else "")
        findings.append(
            Finding(
                "history-incomplete",
                "actions",
                f"history incomplete: {len(unlogged)} of {counted(len(register.actions), 'action')}"
                f" {'has' if len(unlogged) == 1 else 'have'} no log ({named}), so how they stood "
                "before today is not known; actions "
                "added with `improvetrack add` or `import` keep theirs",
            )
        )
    return findings


def _typo_findings(register: Register) -> list[Finding]:
    return [
        Finding("unknown-key", ".".join(typo.path), f"unknown key (did you mean {typo.known!r}?)")
        for typo in key_typos(register)
    ]


def _plan_findings(plan: Plan, inspection: Inspection | None, as_of: date) -> list[Finding]:
    """The plan's dates: nothing to measure against, a date passed, dates out of order."""
    findings: list[Finding] = []
    if inspection is None:
        findings.append(
            Finding(
                "no-inspection-date",
                "plan.next_inspection",
                "not set, and no plan.inspected to estimate it from, so nothing can be "
                "measured against the inspection; set it with "
                "`improvetrack plan set --next-inspection DATE`",
            )
        )
    elif inspection.day < as_of and not inspection.estimated:
        findings.append(
            Finding(
                "inspection-passed",
                "plan.next_inspection",
                f"{inspection.day} has passed; set the date of the next one with "
                "`improvetrack plan set --next-inspection DATE`",
            )
        )
    if plan.received and plan.published and plan.received > plan.published:
        findings.append(
            Finding(
                "received-after-published",
                "plan.received",
                f"{plan.received} is after plan.published ({plan.published}); "
                "the final report is received before it is published",
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
                findings.append(
                    Finding(
                        "measure-no-baseline",
                        where,
                        f"measure {measure.name!r} has no baseline, so no one can tell "
                        "whether it is improving",
                    )
                )
            if measure.target is None:
                findings.append(
                    Finding("measure-no-target", where, f"measure {measure.name!r} has no target")
                )
            elif measure.baseline is not None:
                sign = 1 if measure.direction == "up" else -1
                if sign * (measure.target - measure.baseline) <= 0:
                    better = "higher" if measure.direction == "up" else "lower"
                    findings.append(
                        Finding(
                            "measure-target-backwards",
                            where,
                            f"measure {measure.name!r}: the target {measure.target:g} is not "
                            f"{better} than the baseline {measure.baseline:g}, though "
                            f"{better} is better (direction = {measure.direction!r})",
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
                    Finding(
                        "measure-target-after-inspection",
                        f"{where}.target_by",
                        f"measure {measure.name!r} is due to reach its target on "
                        f"{measure.target_by}, after the next inspection ({inspection.day})",
                    )
                )
            last = max(measure.history, key=lambda reading: reading.on, default=None)
            held = (last.value, last.on) if last else (None, None)
            if measure.current is not None and (measure.current, measure.updated) != held:
                said = f"{last.value:g} on {last.on}" if last else "no reading"
                findings.append(
                    Finding(
                        "measure-current-not-in-history",
                        f"{where}.current",
                        f"measure {measure.name!r}: current = {measure.current:g} "
                        f"(updated {measure.updated or 'never'}) but its history's last reading "
                        f"is {said}; the figures over time read the history, so record "
                        f"values with `improvetrack measure set`",
                    )
                )
    return findings


def _area_findings(register: Register) -> list[Finding]:
    used = {action.area for action in register.actions.values()}
    return [
        Finding(
            "empty-area",
            f"areas.{key}",
            f"has no actions yet; add one with `improvetrack add {key} TITLE`",
        )
        for key in register.areas
        if key not in used
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
            findings.append(
                Finding(
                    "prefix-mismatch",
                    path,
                    f"is in area {area.key!r}, whose IDs start {area.id_prefix}-",
                )
            )
        if action.status == "dropped" and not action.dropped_reason:
            findings.append(Finding("no-drop-reason", path, "is dropped but does not say why"))
        if action.status == "done" and action.completed is None:
            findings.append(Finding("no-completed-date", path, "is done but has no completed date"))
        if action.completed and action.created and action.completed < action.created:
            findings.append(
                Finding(
                    "completed-before-created",
                    f"{path}.completed",
                    f"{action.completed} is before it was created ({action.created})",
                )
            )
        if "no-owner" in item.reasons:
            findings.append(Finding("unowned", path, "has no owner"))
        if "no-date" in item.reasons:
            findings.append(Finding("undated", path, "has no due date"))
        if inspection and item.late:
            findings.append(
                Finding(
                    "late",
                    f"{path}.due",
                    _late_words(item, inspection),
                )
            )
    return findings


def _late_words(item: ActionStatus, inspection: Inspection) -> str:
    """Why an action is late: its own date, or the date what it waits for projects."""
    due, waits = item.action.due, item.waits
    if (due is None or due <= inspection.day) and waits and waits.projected:
        return (
            f"projected {waits.projected}, waiting for {waits.held_by}, is after the next "
            f"inspection ({inspection.day})"
        )
    return f"{due} is after the next inspection ({inspection.day})"
