"""Computed results as plain data for JSON: stable keys, ISO dates, fractions rounded."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from improvetrack.figures.deadlines import Deadline
from improvetrack.figures.detail import ActionDetail
from improvetrack.figures.forecast import Forecast
from improvetrack.figures.impact import Course
from improvetrack.figures.progress import (
    ActionStatus,
    AreaStatus,
    MeasureStatus,
    Rag,
    Status,
    Totals,
)
from improvetrack.figures.rules import windows
from improvetrack.model import fields
from improvetrack.model.register import Action, Area, LogEntry
from improvetrack.model.text import Substitutes
from improvetrack.render import findings
from improvetrack.render.sections import because, summary
from improvetrack.render.words import failure_detail, outlook, since_headline

if TYPE_CHECKING:
    from improvetrack.figures.burnup import Burnup

    # Only named in signatures.
    from improvetrack.figures.report import Changes, RagMove, Report
    from improvetrack.figures.rounds import PlanRounds
    from improvetrack.files.config import Setting
    from improvetrack.files.rollup import Rollup
    from improvetrack.render.options import Options

REPORT_SCHEMA = 1


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _fraction(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def totals_data(totals: Totals) -> dict[str, Any]:
    return {
        "actions": totals.actions,
        "dropped": totals.dropped,
        "done": totals.done,
        "open": totals.open,
        "overdue": totals.overdue,
        "blocked": totals.blocked,
        "awaiting_sign_off": totals.awaiting_sign_off,
        "unowned": totals.unowned,
        "undated": totals.undated,
        "late": totals.late,
        "progress": _fraction(totals.progress),
        "planned": _fraction(totals.planned),
        "behind": totals.behind,
        "rag": totals.rag.value if totals.rag else None,
        "next_due": _iso(totals.next_due),
        "slipped": totals.slipped,
        "slipped_days": totals.slipped_days,
        "optimistic": totals.optimistic,
        "stale": totals.stale,
        "pessimistic": totals.pessimistic,
    }


def action_data(status: ActionStatus) -> dict[str, Any]:
    action = status.action
    # Worked out as of the report's date; the rest are the table's fields as they are held.
    worked_out: dict[str, Any] = {
        "id": action.id,
        "rag": status.rag.value if status.rag else None,
        "overdue": status.overdue,
        "late": status.late,
        "baseline_due": _iso(status.baseline),
        "slipped_days": status.slipped_days,
        "reported_rag": status.reported.value if status.reported else None,
        "optimistic": status.optimistic,
        "pessimistic": status.pessimistic,
        "latest_update": update_data(action.latest_update),
        "stale": status.stale,
        "last_update_on": _iso(status.last_update_on),
    }
    for field in fields.ACTION_FIELDS:
        if field.json and field.json not in worked_out:
            worked_out[field.json] = _plain(fields.value(action, field.name))
    waits = status.waits
    if waits is None:
        # A plan where no action waits for another reads as it did before dependencies.
        return {key: worked_out.get(key) for key in fields.json_keys() if key not in _WAITS}
    worked_out["waiting_for"] = list(waits.waiting_for)
    worked_out["projected_due"] = _iso(waits.projected)
    return {key: worked_out.get(key) for key in fields.json_keys()}


_WAITS = frozenset({"after", "waiting_for", "projected_due"})


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return list(value) if isinstance(value, list) else value


def update_data(entry: LogEntry | None) -> dict[str, Any] | None:
    """A progress update: the day it was written, who gave it, and what it says."""
    if entry is None:
        return None
    on = entry.written_on
    return {"on": on.isoformat(), "by": entry.by, "text": entry.text}


def area_data(area: Area) -> dict[str, Any]:
    return {
        "key": area.key,
        "title": area.title,
        "finding": area.finding,
        "lead": area.lead,
        "prefix": area.id_prefix,
        "ref": area.ref,
        "theme": area.theme,
        "sponsor": area.sponsor,
    }


def forecast_data(result: Forecast | None, outlook: str) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "window_start": result.window_start.isoformat(),
        "window_days": result.window_days,
        "completed_in_window": result.completed,
        "per_week": round(result.per_week, 4),
        "remaining": result.remaining,
        "finish": _iso(result.finish),
        "done_by_inspection": result.done_by_inspection,
        "summary": outlook,
    }


def measure_data(item: MeasureStatus) -> dict[str, Any]:
    measure = item.measure
    return {
        "name": measure.name,
        "unit": measure.unit,
        "direction": measure.direction,
        "baseline": measure.baseline,
        "target": measure.target,
        "current": measure.current,
        "updated": _iso(measure.updated),
        "impact": item.impact.value,
        "history": [{"on": r.on.isoformat(), "value": r.value} for r in measure.history],
    } | course_data(item.course)


def course_data(course: Course | None) -> dict[str, Any]:
    """A measure over time (v3): its dates, the value expected by now, its trajectory and
    when it reaches its target at its rate (null with fewer than three readings)."""
    if course is None:
        return {}
    reach = course.forecast
    expected = course.expected
    return {
        "baseline_on": _iso(course.baseline_on),
        "target_by": _iso(course.target_by),
        "expected": None if expected is None else round(expected, 2),
        "trajectory": course.trajectory.value,
        "forecast": None
        if reach is None
        else {"reaches_target_on": _iso(reach.reaches_target_on), "in_time": reach.in_time},
    }


def burnup_data(chart: Burnup | None) -> dict[str, Any] | None:
    if chart is None:
        return None
    return {
        "start": chart.start.isoformat(),
        "as_of": chart.as_of.isoformat(),
        "inspection": _iso(chart.inspection),
        "actions": chart.live,
        "points": [
            {
                "date": point.day.isoformat(),
                "planned": point.planned,
                "done": point.done,
                "projected": None if point.projected is None else round(point.projected, 2),
            }
            for point in chart.points
        ],
    }


def deadline_data(deadline: Deadline | None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    rule = deadline.rule
    return {
        "what": deadline.what,
        "due": deadline.due.isoformat(),
        "overridden": deadline.overridden,
        "counted_from": deadline.counted_from,
        "working_days": rule.working_days if rule and not deadline.overridden else None,
        "rule": rule.id if rule and not deadline.overridden else None,
        "source": "plan.action_plan_due" if deadline.overridden or not rule else rule.source,
    }


def windows_data(status: Status) -> list[dict[str, Any]]:
    """The expected windows of the next inspections (shown, never measured against)."""
    return [
        {"rule": w.rule.id, "start": _iso(w.start), "end": _iso(w.end), "source": w.rule.source}
        for w in windows(status.plan, status.as_of)
    ]


def status_data(status: Status) -> dict[str, Any]:
    plan, inspection = status.plan, status.inspection
    return {
        "schema": REPORT_SCHEMA,
        "as_of": status.as_of.isoformat(),
        "history_complete": status.history_complete,
        "history_incomplete": list(status.incomplete),
        "plan": {
            "title": plan.title,
            "organisation": plan.organisation,
            "inspectorate": plan.inspectorate,
            "framework": plan.framework,
            "judgement": plan.judgement,
            "next_inspection": _iso(inspection.day) if inspection else None,
            "next_inspection_estimated": inspection.estimated if inspection else False,
            "next_inspection_latest": _iso(inspection.latest) if inspection else None,
            "days_to_inspection": status.days_to_inspection,
            "start": _iso(status.start),
            "action_plan": deadline_data(status.deadline),
            "windows": windows_data(status),
            "boards": [board.isoformat() for board in status.plan.boards],
            "subject": status.subject,
        },
        "totals": totals_data(status.totals),
        "forecast": forecast_data(status.forecast, outlook(status.forecast)),
        "areas": [
            area_data(item.area)
            | totals_data(item.totals)
            | {
                "impact": item.impact.value,
                "trajectory": item.trajectory.value,
                "measures": [measure_data(measure) for measure in item.measures],
                "forecast": forecast_data(item.forecast, outlook(item.forecast)),
            }
            for item in status.areas
        ],
        "themes": [
            {
                "name": theme.name,
                "areas": [item.area.key for item in theme.areas],
                **totals_data(theme.totals),
            }
            for theme in status.themes
        ],
        "actions": [action_data(item) for item in status.actions],
    }


def actions_data(items: list[ActionStatus]) -> list[dict[str, Any]]:
    return [action_data(item) for item in items]


def detail_data(detail: ActionDetail) -> dict[str, Any]:
    return action_data(detail.status) | {
        "progress_updates": [
            {"on": update.on.isoformat(), "by": update.by, "text": update.text}
            for update in detail.updates
        ],
        "rag_history": [
            {
                "on": told.on.isoformat(),
                "by": told.by,
                "rag": told.rag.value if told.rag else None,
                "reason": told.reason,
            }
            for told in detail.rag_history
        ],
        "log": log_data(detail.status.action),
    }


def areas_data(areas: list[Area]) -> list[dict[str, Any]]:
    return [area_data(area) for area in areas]


def measures_data(areas: list[AreaStatus]) -> dict[str, list[dict[str, Any]]]:
    return {item.area.key: [measure_data(measure) for measure in item.measures] for item in areas}


def plan_data(shown: PlanRounds) -> dict[str, Any]:
    """The plan as the report's JSON has it, with `stale_after` and the latest update
    round in the names `updates status --json` gives it (without its leads)."""
    plan: dict[str, Any] = status_data(shown.status)["plan"]
    current = shown.current
    plan["stale_after"] = shown.stale_after
    plan["round"] = None
    if current is not None:
        plan["round"] = {
            "opened": current.opened.isoformat(),
            "due": current.due.isoformat(),
            "board": _iso(current.board),
            "asked": len(current.leads),
            "returned": current.returned,
        }
    return plan


def settings_data(settings: dict[str, Setting[str]]) -> dict[str, dict[str, str]]:
    return {name: {"value": item.value, "source": item.source} for name, item in settings.items()}


def entry_data(action: Action, entry: LogEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "id": action.id,
        "by": entry.by,
        "text": entry.text,
        "field": entry.field,
        "old": _logged(entry.old),
        "new": _logged(entry.new),
        "user": entry.user,
        # Where a change collected from an update return came from (v3), only there.
        **({"source": entry.extra["source"]} if isinstance(entry.extra.get("source"), str) else {}),
    }


def _logged(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def log_data(action: Action) -> list[dict[str, Any]]:
    return [entry_data(action, entry) for entry in action.log]


def history_data(rows: list[tuple[Action, LogEntry]]) -> list[dict[str, Any]]:
    return [entry_data(action, entry) for action, entry in rows]


def _json_escape(code: int) -> str:
    if code > 0xFFFF:  # JSON escapes a character beyond the first plane as a UTF-16 pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


# The characters `safe` hides, escaped: json.dumps leaves them raw with ensure_ascii=False.
# It escapes the C0 controls itself, so a raw one in its output is a newline of the indent.
_ESCAPES = Substitutes(_json_escape, keep=range(0x20))


def to_json(data: Any) -> str:
    """JSON text that is safe to print: readable Unicode, but no raw control or invisible
    characters. NaN and infinities are not JSON: a register cannot hold them, so one here
    is a bug, and json raises ValueError rather than print what a parser would refuse."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    if not (text.isascii() and "\x7f" not in text):  # else nothing is left to escape
        text = text.translate(_ESCAPES)
    return text + "\n"


def status_since_data(changes: Changes) -> dict[str, Any]:
    """`status --since --json`: the status now, with what changed since."""
    return {**status_data(changes.now), "changes": changes_data(changes)}


def changes_data(changes: Changes) -> dict[str, Any]:
    """What changed since `--since`: each kind of change the SPEC's History lists. Moves
    hold the values then and now and a direction: improved, worse, same, new, cleared,
    or delivered (a RAG that went up for an action now awaiting sign-off)."""

    def ids(items: list[ActionStatus]) -> list[str]:
        return [item.action.id for item in items]

    def rag(value: Rag | None) -> str | None:
        return value.value if value else None

    def moves(found: list[RagMove]) -> list[dict[str, Any]]:
        return [
            {
                "id": move.item.action.id,
                "then": rag(move.then),
                "now": rag(move.now),
                "direction": move.direction,
            }
            for move in found
        ]

    slipped = [
        {"id": slip.item.action.id, "old": _iso(slip.old), "new": _iso(slip.new), "days": slip.days}
        for slip in changes.slipped
    ]
    return {
        "since": changes.since.isoformat(),
        "board": changes.board,
        "headline": since_headline(changes),
        "history_complete": not changes.then.incomplete,
        "rag_moves": moves(changes.rag_moves),
        "reported_rag_moves": moves(changes.reported_moves),
        "completed": ids(changes.completed),
        "added": ids(changes.added),
        "dropped": ids(changes.dropped),
        "blocked": ids(changes.blocked),
        "unblocked": ids(changes.unblocked),
        "slipped": slipped,
        "due_moved": [{key: item[key] for key in ("id", "old", "new")} for item in slipped],
        "updates": [
            {
                "id": item.action.id,
                "on": update.on.isoformat(),
                "by": update.by,
                "text": update.text,
            }
            for item, update in changes.updates
        ],
        "areas": [
            {
                "key": move.area.area.key,
                "progress_then": _fraction(move.then.progress) if move.then else None,
                "progress_now": _fraction(move.area.totals.progress),
                "progress_direction": move.progress,
                "rag_then": rag(move.then.rag) if move.then else None,
                "rag_now": rag(move.area.totals.rag),
                "rag_direction": move.rag,
            }
            for move in changes.areas
        ],
        "measures": [
            {
                "area": move.measure.area.key,
                "name": move.measure.measure.name,
                "then": move.then,
                "now": move.measure.measure.current,
                "direction": move.direction,
            }
            for move in changes.measures
        ],
        # What the boards since then decided (v3): id null for a note on the plan alone.
        "board_decisions": [
            {
                "board": decided.board.isoformat(),
                "decision": decided.kind,
                "id": decided.item.action.id if decided.item else None,
                "text": decided.text,
            }
            for decided in changes.decided
        ],
    }


def report_data(report: Report) -> dict[str, Any]:
    """The SPEC's JSON report: the status figures, then the exceptions and any changes."""
    data = status_data(report.status)

    def ids(items: list[ActionStatus]) -> list[str]:
        return [item.action.id for item in items]

    data["summary"] = summary(report)
    data["decisions"] = {section.key: ids(section.items) for section in report.decisions}
    data["why"] = {
        why.area.area.key: {"because": because(why, report.status.as_of), "ids": why.ids}
        for why in report.why
    }
    data["exceptions"] = {
        "overdue": ids(report.overdue),
        "blocked": ids(report.blocked),
        "due_soon": ids(report.due_soon),
        **{
            section.key.replace("-", "_"): ids(section.items)
            for section in report.exceptions
            if section.key in ("unowned", "undated")
        },
    }
    if any(item.waits is not None for item in report.status.actions):
        data["exceptions"]["held_up"] = ids(report.status.held_up)
    data["changes"] = changes_data(report.changes) if report.changes else None
    data["warnings"] = [
        {"code": finding.code, "path": finding.path, "message": findings.words(finding)}
        for finding in report.findings
    ]
    data["failures"] = [
        {"condition": failure.condition, "ids": failure.ids, "detail": failure_detail(failure)}
        for failure in report.failures
    ]
    return data


def render(report: Report, options: Options) -> str:
    return to_json(report_data(report))


def render_rollup(rollup: Rollup, options: Options) -> str:
    return to_json(rollup_data(rollup))


def rollup_data(rollup: Rollup) -> dict[str, Any]:
    """Several plans: one entry per register with its figures, and totals across all."""
    plans = []
    for plan in rollup.plans:
        status, inspection = plan.status, plan.status.inspection
        plans.append(
            {
                "path": str(plan.path),
                "label": plan.label,
                "title": status.plan.title,
                "organisation": status.plan.organisation,
                "inspectorate": status.plan.inspectorate,
                "next_inspection": _iso(inspection.day) if inspection else None,
                "next_inspection_estimated": inspection.estimated if inspection else False,
                "days_to_inspection": status.days_to_inspection,
            }
            | totals_data(status.totals)
        )
    return {
        "schema": REPORT_SCHEMA,
        "as_of": rollup.as_of.isoformat(),
        "plans": plans,
        "totals": totals_data(rollup.totals),
        "failures": [
            {"condition": failure.condition, "ids": failure.ids, "detail": failure_detail(failure)}
            for failure in rollup.failures
        ],
    }
