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

from improvetrack.files import store
from tests.builders import large_text
from tests.conftest import Invoke

ACTIONS = 10_000
CEILING_MB = 150  # the whole register parsed and assessed (near 60 MB); a copy per action breaks it


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


# The child reports its own high-water mark as it exits. Not wait4's or getrusage's
# ru_maxrss: Linux carries that figure across exec, so a child started from a test run
# that has grown large reports the test run's size, not its own (CI saw 306 MB for a
# command that peaks near 60 MB). VmHWM is the peak of the program exec started.
PEAK = """
import atexit, os, runpy, sys

def report():
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(peak.split()[1])  # kilobytes

atexit.register(report)
sys.argv = ["improvetrack", "status"]
runpy.run_module("improvetrack", run_name="__main__")
"""


@pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads the peak memory from /proc"
)
def test_status_of_ten_thousand_actions_stays_within_memory(big: Path, tmp_path: Path) -> None:
    peak_file = tmp_path / "peak"
    env = os.environ | {"IMPROVETRACK_REGISTER": str(big), "PEAK_FILE": str(peak_file)}
    child = subprocess.run(
        [sys.executable, "-c", PEAK],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    peak_mb = int(peak_file.read_text()) / 1024
    print(f"\npeak RSS of `status` on {ACTIONS} actions: {peak_mb:.0f} MB")
    assert 10 < peak_mb < CEILING_MB  # above 10 MB: a figure of the whole run, not of nothing


def test_no_write_makes_a_register_over_the_size_every_command_refuses(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit made small for the test: an import that would cross it is refused whole,
    # before the lock, so the plan is never locked out of its own tool.
    path = tmp_path / "plan.toml"
    assert invoke("init", str(path)).exit_code == 0
    assert invoke("-r", str(path), "area", "add", "a", "--title", "A").exit_code == 0
    before = path.read_bytes()
    monkeypatch.setattr(store, "MAX_REGISTER_BYTES", len(before) + 4_000)
    sheet = tmp_path / "many.csv"
    sheet.write_text("Area,Action\n" + "".join(f"a,Action number {n}\n" for n in range(200)))
    result = invoke("-r", str(path), "import", str(sheet))
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()[-1:]
    assert line.startswith(f"error: {path}: the change would make the register 0.")
    assert line.endswith(
        "MB a register may hold; nothing written. Split the plan into several registers "
        "(status and report take them all at once)"
    )
    assert path.read_bytes() == before
    assert invoke("-r", str(path), "add", "a", "One more").exit_code == 0  # a small one fits
