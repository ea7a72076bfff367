"""Writing a register: a `Register` as plain data for tomli-w, known keys in the SPEC's order,
then the user's own keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from improvetrack.model import fields as table
from improvetrack.model.fields import value
from improvetrack.model.register import (
    PLAN_DATES,
    PLAN_TEXTS,
    Action,
    LogEntry,
    Measure,
    Register,
    id_sort_key,
)
from improvetrack.model.rounds import rounds_document

# --- writing -----------------------------------------------------------------------------


def _present(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {key: value for key, value in pairs if value is not None and value != []}


def to_document(register: Register) -> dict[str, Any]:
    """Plain data for tomli-w: known keys in the SPEC's order, then the user's own keys."""
    plan = register.plan
    document: dict[str, Any] = {"schema": register.schema}
    document["plan"] = _present(
        [
            ("title", plan.title),
            ("id", plan.id),
            *((key, getattr(plan, key)) for key in PLAN_TEXTS),
            ("subject", plan.subject),
            *((key, getattr(plan, key)) for key in PLAN_DATES),
            ("boards", list(plan.boards)),
            ("school_holidays", [list(pair) for pair in plan.school_holidays]),
            ("require_sign_off", True if plan.require_sign_off else None),
            ("stale_after", plan.stale_after),
            ("rounds", rounds_document(plan.rounds)),
        ]
    ) | dict(plan.extra)
    if plan.log:
        document["plan"]["log"] = [_log_document(entry) for entry in plan.log]
    document["areas"] = {
        key: _present(
            [
                ("title", area.title),
                ("finding", area.finding),
                ("lead", area.lead),
                ("prefix", area.prefix),
                ("ref", area.ref),
                ("theme", area.theme),
                ("sponsor", area.sponsor),
                ("last_id", area.last_id),
                ("measures", [_measure_document(measure) for measure in area.measures]),
            ]
        )
        | dict(area.extra)
        | ({"log": [_log_document(entry) for entry in area.log]} if area.log else {})
        for key, area in register.areas.items()
    }
    document["actions"] = {
        action_id: _action_document(action)
        for action_id, action in sorted(register.actions.items(), key=lambda i: id_sort_key(i[0]))
    }
    # Empty tables are left out, so a register written by hand without them is not
    # rewritten by a command that changes nothing.
    for key in ("areas", "actions"):
        if not document[key]:
            del document[key]
    document.update(register.extra)
    return document


def _action_document(action: Action) -> dict[str, Any]:
    pairs = [(field.name, _copied(value(action, field.name))) for field in table.ACTION_FIELDS]
    log = [_log_document(entry) for entry in action.log]
    return _present([*pairs, ("log", log)]) | dict(action.extra)


def _copied(held: Any) -> Any:
    return list(held) if isinstance(held, list) else held


def _measure_document(measure: Measure) -> dict[str, Any]:
    return _present(
        [
            ("name", measure.name),
            ("unit", measure.unit),
            ("direction", measure.direction),
            ("baseline", measure.baseline),
            ("target", measure.target),
            ("current", measure.current),
            ("updated", measure.updated),
            ("baseline_on", measure.baseline_on),
            ("target_by", measure.target_by),
            (
                "history",
                [{"on": r.on, "value": r.value} | dict(r.extra) for r in measure.history],
            ),
        ]
    ) | dict(measure.extra)


def _log_document(entry: LogEntry) -> dict[str, Any]:
    return _present(
        [
            ("at", entry.at),
            ("by", entry.by),
            ("text", entry.text),
            ("field", entry.field),
            ("old", entry.old),
            ("new", entry.new),
            ("user", entry.user),
        ]
    ) | dict(entry.extra)
