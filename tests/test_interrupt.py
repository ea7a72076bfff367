"""Ctrl-C at any moment: exit 130 and one line, never a traceback, and nothing written.

The process is interrupted at moments it is known to have reached, found by watching it,
never by waiting a set time: right after it starts, while `main` imports (Python's own
`-X importtime` lines say when), and while a command waits for the register's lock.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import until
from tests.conftest import MINIMAL
from tests.test_crash import held_lock

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "improvetrack"
SCRIPT = Path(sys.executable).with_name("improvetrack")  # the installed command


def _start(path: Path, *before: str, command: list[str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*(command or [sys.executable, *before, "-m", "improvetrack"]), "add", "assessments", "x"],
        env=os.environ | {"IMPROVETRACK_REGISTER": str(path), "IMPROVETRACK_LOCK_TIMEOUT": "60"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _interrupt(process: subprocess.Popen[str]) -> tuple[int, list[str]]:
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, [line for line in stderr.splitlines() if "import time:" not in line]


def test_ctrl_c_while_a_command_waits_for_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "improvetrack.toml"
    path.write_text(MINIMAL)
    with held_lock(path):
        process = _start(path)
        turn = re.compile(rf"\.improvetrack\.toml\.lock\.\d+\.{process.pid}\.")
        until(lambda: any(turn.match(p.name) for p in tmp_path.iterdir()), "it waits in turn")
        code, stderr = _interrupt(process)
    assert (code, stderr) == (130, ["Interrupted."])
    assert path.read_text() == MINIMAL


def test_ctrl_c_while_main_imports(tmp_path: Path) -> None:
    # Typer is imported only by `main`: once Python says it has loaded it, `main` is running.
    path = tmp_path / "improvetrack.toml"
    path.write_text(MINIMAL)
    with held_lock(path):  # so the command cannot have finished when the signal lands
        process = _start(path, "-X", "importtime")
        assert process.stderr is not None
        for line in process.stderr:
            if re.search(r"\|\s*typer$", line.rstrip()):
                break
        else:
            raise AssertionError("Python never said it had loaded Typer")
        code, stderr = _interrupt(process)
    assert (code, stderr) == (130, ["Interrupted."])
    assert path.read_text() == MINIMAL


@pytest.mark.skipif(not SCRIPT.is_file(), reason="no installed improvetrack command beside Python")
def test_ctrl_c_right_after_start(tmp_path: Path) -> None:
    path = tmp_path / "improvetrack.toml"
    path.write_text(MINIMAL)
    with held_lock(path):
        for _ in range(3):
            code, stderr = _interrupt(_start(path, command=[str(SCRIPT)]))
            if stderr == ["Interrupted."]:
                assert code == 130
            else:
                # Before `main` runs, Python is still starting (killed, or saying so its
                # own way): no line of it may come from the tool's own files.
                assert not [line for line in stderr if str(PACKAGE) in line], stderr
    assert path.read_text() == MINIMAL


# --- fixed points, in a process of its own: the command is replaced by one that stops there --

_AT_A_POINT = """
import os, signal, sys
import improvetrack.commands
from improvetrack import cli

def command(**_):
    point = sys.argv[1]
    if point == "in-the-command":
        raise KeyboardInterrupt
    if point == "as-typer-saw-it":
        sys.exit(130)
    print("done", flush=True)
    sys.exit(0)

improvetrack.commands.app = command
try:
    cli.main()
finally:
    # Shutdown: the command has finished and said so; a Ctrl-C now cuts into nothing.
    os.kill(os.getpid(), signal.SIGINT)
"""


@pytest.mark.parametrize(
    ("point", "code", "stdout", "stderr"),
    [
        ("in-the-command", 130, "", "Interrupted.\n"),
        ("as-typer-saw-it", 130, "", "Interrupted.\n"),
        ("at-shutdown", 0, "done\n", ""),
    ],
)
def test_ctrl_c_at_a_fixed_point(point: str, code: int, stdout: str, stderr: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _AT_A_POINT, point], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout, result.stderr) == (code, stdout, stderr)
