"""Size: a register of 10,000 actions loads, reports and takes a change, in proportionate memory.

No timing assertions (speed is measured by the benchmark script); memory is asserted only
against a generous ceiling, and the figure is printed for the record.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from improvetrack import store
from tests.builders import large_text
from tests.conftest import Invoke

ACTIONS = 10_000
CEILING_MB = 300  # the whole register parsed and assessed; a leak or a copy per action breaks it


@pytest.fixture(scope="module")
def big_text() -> str:
    return large_text(ACTIONS)


@pytest.fixture
def big(tmp_path: Path, big_text: str) -> Path:
    path = tmp_path / "work" / "improvetrack.toml"
    path.write_text(big_text, encoding="utf-8")
    return path


def test_a_ten_thousand_action_register_reports_and_takes_an_add(invoke: Invoke, big: Path) -> None:
    status = invoke("status")
    assert status.exit_code == 0, status.output
    assert "2000 of 10000 actions done" in status.stdout

    data = json.loads(invoke("report", "-f", "json").stdout)
    assert data["totals"]["actions"] == ACTIONS
    assert len(data["actions"]) == ACTIONS

    page = invoke("report", "-f", "html")
    assert page.exit_code == 0, page.output
    assert page.stdout.rstrip().endswith("</html>")

    added = invoke("add", "assessments", "One more")
    assert (added.exit_code, added.stdout) == (0, "ASM-2501\n"), added.output
    register = store.read(big).register
    assert len(register.actions) == ACTIONS + 1
    assert register.action("ASM-2501").title == "One more"


@pytest.mark.skipif(os.name != "posix", reason="reads the child's peak memory with wait4")
def test_status_of_ten_thousand_actions_stays_within_memory(big: Path) -> None:
    env = os.environ | {"IMPROVETRACK_REGISTER": str(big)}
    child = subprocess.Popen(
        [sys.executable, "-m", "improvetrack", "status"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # wait4 gives this child's own peak, where RUSAGE_CHILDREN would give the largest of
    # every child the test run has had.
    _, code, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(code)
    assert child.stderr is not None
    assert child.returncode == 0, child.stderr.read()
    child.stderr.close()
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    if sys.platform == "darwin":
        peak_mb /= 1024  # bytes on macOS
    print(f"\npeak RSS of `status` on {ACTIONS} actions: {peak_mb:.0f} MB")
    assert peak_mb < CEILING_MB
