"""Checking a register file: read it, list every error, else every warning with its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from improvetrack.errors import RegisterInvalid, RegisterUnreadable
from improvetrack.figures.check import CheckResult, check
from improvetrack.files import store
from improvetrack.files.toml import LineIndex
from improvetrack.model.records import replace


def check_file(path: Path, as_of: date) -> CheckResult:
    """Validate the register at `path`, listing every error, else every warning with its line."""
    try:
        loaded = store.read(path)
    except RegisterInvalid as error:
        return CheckResult(path, error.problems, [])
    except RegisterUnreadable as error:  # e.g. a TOML syntax error: still one error to list
        return CheckResult(path, [str(error)], [])
    lines = LineIndex(loaded.text)
    findings = [
        replace(finding, line=lines.find(tuple(finding.path.split("."))))
        for finding in check(loaded.register, as_of)
    ]
    return CheckResult(path, [], findings)
