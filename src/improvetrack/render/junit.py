"""The report as JUnit XML, so any CI shows overdue and blocked actions as failing tests.

One test suite per area, one test case per open action. Overdue and blocked actions fail
with a message a person can read; everything else passes.
"""

from __future__ import annotations

from xml.etree import ElementTree

from improvetrack.progress import ActionStatus
from improvetrack.report import Report
from improvetrack.text import safe


def _failure(item: ActionStatus) -> str | None:
    action = item.action
    reasons = []
    if item.overdue:
        owner = safe(action.owner) if action.owner else "no owner"
        reasons.append(f"overdue: due {action.due}, still {action.status} ({owner})")
    if action.status == "blocked":
        reasons.append(f"blocked: {safe(action.blocked_reason)}")
    return "; ".join(reasons) or None


def render(report: Report) -> str:
    status = report.status
    root = ElementTree.Element("testsuites", name=safe(status.plan.title))
    total_tests = total_failures = 0
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
        total_tests += len(cases)
        total_failures += len(failing)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
