"""What `check` prints: errors to stderr, warnings to stdout, each with file and line."""

from __future__ import annotations

import sys
from typing import Any

from improvetrack.check import CheckResult, Finding
from improvetrack.text import safe


def _where(result: CheckResult, finding: Finding) -> str:
    return f"{result.path}:{finding.line}" if finding.line else str(result.path)


def print_result(result: CheckResult) -> None:
    for error in result.errors:
        print(f"error: {safe(error)}", file=sys.stderr)
    for finding in result.findings:
        print(f"warning: {_where(result, finding)}: {safe(finding)} [{finding.code}]")


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
                "message": finding.message,
            }
            for finding in result.findings
        ],
    }
