"""The report as JUnit XML, so any CI shows overdue and blocked actions as failing tests.

One test suite per area, one test case per open action. Overdue and blocked actions fail
with a message a person can read; everything else passes.
"""

from __future__ import annotations

from xml.etree import ElementTree

from improvetrack.figures.progress import ActionStatus
from improvetrack.figures.report import AreaMove, Report
from improvetrack.model.text import safe
from improvetrack.render.options import Options
from improvetrack.render.words import rag_move


def _failure(item: ActionStatus) -> str | None:
    action = item.action
    reasons = []
    if item.overdue:
        owner = safe(action.owner) if action.owner else "no owner"
        reasons.append(f"overdue: due {action.due}, still {action.status} ({owner})")
    if action.status == "blocked":
        reasons.append(f"blocked: {safe(action.blocked_reason)}")
    return "; ".join(reasons) or None


def _properties(suite: ElementTree.Element, since: str, move: AreaMove) -> None:
    properties = ElementTree.SubElement(suite, "properties")
    then = move.then
    values = {
        "since": since,
        "progress_then": _fraction(then.progress if then else None),
        "progress_now": _fraction(move.area.totals.progress),
        "rag_then": then.rag.value if then and then.rag else "",
        "rag_now": move.area.totals.rag.value if move.area.totals.rag else "",
        "rag_direction": move.rag,
    }
    for name, value in values.items():
        ElementTree.SubElement(properties, "property", name=name, value=value)


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def render(report: Report, options: Options) -> str:
    status, changes = report.status, report.changes
    root = ElementTree.Element("testsuites", name=safe(status.plan.title))
    total_tests = total_failures = 0
    # With --since, each area says how it stood then, as properties, and each action whose
    # RAG moved says so in its output: a CI shows them beside the test.
    areas = {move.area.area.key: move for move in changes.areas} if changes else {}
    moved = {move.item.action.id: move for move in changes.rag_moves} if changes else {}
    for area_status in status.areas:
        cases = [item for item in area_status.actions if item.action.is_open]
        failing = [item for item in cases if _failure(item)]
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=safe(area_status.area.title),
            tests=str(len(cases)),
            failures=str(len(failing)),
            errors="0",
            skipped="0",
            timestamp=f"{status.as_of.isoformat()}T00:00:00",
        )
        if changes is not None and (then := areas.get(area_status.area.key)):
            _properties(suite, changes.since.isoformat(), then)
        for item in cases:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=f"improvetrack.{area_status.area.key}",
                name=f"{item.action.id} {safe(item.action.title)}",
            )
            if message := _failure(item):
                failure = ElementTree.SubElement(
                    case, "failure", message=message, type=item.rag.value if item.rag else ""
                )
                failure.text = message
            if changes is not None and (move := moved.get(item.action.id)):
                said = ElementTree.SubElement(case, "system-out")
                said.text = f"RAG since {changes.since.isoformat()}: {rag_move(move)}"
        total_tests += len(cases)
        total_failures += len(failing)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
