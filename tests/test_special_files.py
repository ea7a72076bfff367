"""Files that are not files: pipes, devices, sockets and /dev/stdout as --output.

Only a regular file (or a new one) is written by the atomic rename; a pipe, a character
device or a process's open file (/dev/stdout) is opened and written as it is, and nothing
that is not a regular file is ever renamed over. The machine's own /dev/null is only
ever written through a guard that fails the test instead of replacing it.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from improvetrack.errors import ImprovetrackError
from improvetrack.files import store
from tests.conftest import MINIMAL, Invoke

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX special files")

ACTION = '\n[actions.ASM-1]\narea = "assessments"\ntitle = "Audit"\nowner = "Jo"\n'
OUTPUTS = [["report", "-f", "json"], ["export"]]


@pytest.fixture
def register(write: Callable[[str], Path]) -> Path:
    return write(MINIMAL + ACTION)


@pytest.fixture(autouse=True)
def nothing_renamed_into_dev(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail, rather than replace a device, if a rename ever aims at /dev."""
    real = os.replace

    def replace(source: str, target: str) -> None:
        assert not os.fspath(target).startswith("/dev/"), f"renamed over {target}"
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    yield


def _reader(fifo: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)


@pytest.mark.parametrize("command", OUTPUTS)
def test_output_to_a_named_pipe_writes_into_the_pipe(
    invoke: Invoke, register: Path, tmp_path: Path, command: list[str]
) -> None:
    fifo = tmp_path / "board.pipe"
    os.mkfifo(fifo)
    reader = _reader(fifo)
    try:
        result = invoke(*command, "--output", str(fifo))
    finally:
        # The timeout only keeps a reader left waiting from stalling the suite.
        received = reader.communicate(timeout=60)[0].decode("utf-8")
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert "Audit" in received
    if command[0] == "report":
        assert json.loads(received)["totals"]["actions"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.pipe", "work"]


def test_output_to_a_character_device_writes_into_it(
    invoke: Invoke, register: Path, tmp_path: Path
) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # Linux's null device
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make a device node here")
    for command in OUTPUTS:
        result = invoke(*command, "--output", str(device))
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(device.stat().st_mode)
    assert device.read_bytes() == b""


def test_output_to_dev_null_leaves_dev_null_a_device(invoke: Invoke, register: Path) -> None:
    before = os.stat(os.devnull)
    assert stat.S_ISCHR(before.st_mode)
    for command in OUTPUTS:
        result = invoke(*command, "--output", os.devnull)
        assert result.exit_code == 0, result.output
        after = os.stat(os.devnull)
        assert stat.S_ISCHR(after.st_mode)
        assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.parametrize("stdout", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"])
def test_output_to_stdout_through_a_pipe(register: Path, stdout: str) -> None:
    if not os.path.exists(stdout):
        pytest.skip(f"no {stdout} here")
    env = os.environ | {"IMPROVETRACK_REGISTER": str(register)}
    result = subprocess.run(
        [sys.executable, "-m", "improvetrack", "report", "-f", "json", "--output", stdout],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (
        0,
        f"Wrote the report to {stdout} (JSON for scripts)\n",
    )
    assert json.loads(result.stdout)["totals"]["actions"] == 1  # the data alone


def test_output_to_stdout_redirected_to_a_file_adds_to_the_file(
    register: Path, tmp_path: Path
) -> None:
    env = os.environ | {"IMPROVETRACK_REGISTER": str(register)}
    target = tmp_path / "out.csv"
    target.write_text("kept\n")
    with target.open("a") as stream:  # what `>> out.csv` gives the command
        result = subprocess.run(
            [sys.executable, "-m", "improvetrack", "export", "--output", "/dev/stdout"],
            env=env,
            stdout=stream,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    lines = target.read_text().splitlines()
    assert lines[0] == "kept" and lines[1].lstrip("\ufeff").startswith("ID,")
    assert "Audit" in lines[2] and len(lines) == 3  # and not what it says it wrote
    assert not target.is_symlink() and target.stat().st_nlink == 1


def test_output_to_a_socket_is_refused(invoke: Invoke, register: Path, tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = invoke("report", "--output", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {path}: it is a socket; name a file\n"
    assert stat.S_ISSOCK(path.stat().st_mode)


def test_an_atomic_write_never_renames_over_anything_but_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "r.toml"
    os.mkfifo(fifo)
    with pytest.raises(ImprovetrackError, match=r"it is a named pipe; name a file"):
        store.write_atomically(fifo, b"schema = 1\n")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.toml", "work"]
