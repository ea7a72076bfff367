"""What `check` says: each warning with its file and line, for people or as JSON."""

from __future__ import annotations

from typing import Any

from improvetrack.figures.check import CheckResult, Finding
from improvetrack.model.text import safe
from improvetrack.render.findings import line, words


def _where(result: CheckResult, finding: Finding) -> str:
    return f"{result.path}:{finding.line}" if finding.line else str(result.path)


def warning_lines(result: CheckResult) -> list[str]:
    return [
        f"warning: {_where(result, finding)}: {safe(line(finding))} [{finding.code}]"
        for finding in result.findings
    ]


def result_data(result: CheckResult) -> dict[str, Any]:
    return {
        "path": str(result.path),
        "valid": not result.errors,
        "errors": list(result.errors),
        "warnings": [
            {
                "code": finding.code,
                "path": finding.path,
                "line": finding.line,
                "message": words(finding),
            }
            for finding in result.findings
        ],
    }
