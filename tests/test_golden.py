"""Golden copies of what the sample plan prints, in every format and on every screen.

A change of output, meant or not, shows up here as a diff to review. After a deliberate
change, write the new copies with

    IMPROVETRACK_UPDATE_GOLDEN=1 pytest tests/test_golden.py

and read `git diff tests/golden` before committing them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from improvetrack.cli import app
from tests.conftest import SAMPLE

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("IMPROVETRACK_UPDATE_GOLDEN") == "1"

# (name, width, arguments after `--register PLAN`)
CASES: list[tuple[str, int, list[str]]] = [
    ("status-80", 80, ["status"]),
    ("status-120", 120, ["status"]),
    ("status-json", 80, ["status", "--json"]),
    ("status-area", 80, ["status", "--area", "transitions"]),
    ("list-80", 80, ["list"]),
    ("list-120", 120, ["list"]),
    ("list-json", 80, ["list", "--json"]),
    ("show", 80, ["show", "TRN-2"]),
    ("show-json", 80, ["show", "TRN-2", "--json"]),
    ("log", 80, ["log"]),
    ("log-json", 80, ["log", "--json"]),
    ("area-list", 80, ["area", "list"]),
    ("measure-list", 80, ["measure", "list"]),
    ("plan-show", 80, ["plan", "show"]),
    ("timeline", 80, ["timeline"]),
    ("check", 80, ["check"]),
    ("check-json", 80, ["check", "--json"]),
    ("export-csv", 80, ["export", "--format", "csv"]),
    *(
        (f"report-{name}", 80, ["report", "--format", name, "--since", "2026-10-25"])
        for name in ("text", "markdown", "json", "csv", "junit", "html")
    ),
    ("report-text-plain", 80, ["report"]),
]


@pytest.mark.parametrize(("name", "width", "args"), CASES, ids=[case[0] for case in CASES])
def test_the_sample_prints_as_its_golden_copy(
    name: str, width: int, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLE, plan)
    monkeypatch.setenv("COLUMNS", str(width))
    result = CliRunner().invoke(app, ["--register", str(plan), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # The register's path appears in a few outputs; the golden copy names it PLAN.
    printed = result.stdout.replace(str(plan), "PLAN")
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(printed, encoding="utf-8")
    assert golden.is_file(), f"no golden copy {golden.name}: run with IMPROVETRACK_UPDATE_GOLDEN=1"
    assert printed == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [110, 120, 150])
def test_an_areas_lead_and_sponsor_never_wrap_to_the_left_edge(
    width: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From 110 columns on, lead and sponsor follow each area's title, or go beneath every
    title, indented, where one does not fit: the table's left edge is only ever an area's
    ref or a theme, never the tail of a wrapped line."""
    monkeypatch.setenv("COLUMNS", str(width))
    result = CliRunner().invoke(app, ["--register", str(SAMPLE), "status"])
    lines = result.stdout.splitlines()
    table = lines[lines.index("Area") + 3 : lines.index("All areas") - 1]
    assert table
    for line in table:
        assert line.startswith((" ", "Theme: ")) or line[0].isdigit(), line
    # Area 2's lead and sponsor need more than 150 columns beside its title, so every
    # area's go beneath its title, area 1's too, though they would fit beside it at 150.
    assert any(line.startswith("   lead Head of Service, Children with") for line in table)
    assert any(line.startswith("   lead Head of Service, Assessment") for line in table)
    assert not any("  lead " in line and line[0].isdigit() for line in table)
