"""Crash safety: a writer stopped at any instant leaves the old register or the new one.

Two kinds of proof. Faults injected at each step of an atomic write (no temporary file,
half the bytes written, fsync failing, chmod failing, the rename failing), as an OS error
or as Ctrl-C; and real writer processes killed with SIGKILL, stopped first at each of
those steps, so that every state a write can leave on disk is a state a killed writer
left. Killed writers leave temporary files behind; the next locked write clears them, and
only them. `pytest -m stress` also kills writers at random moments, forty times, while
they rewrite a register of thousands of actions: the instants between the steps.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest

from improvetrack.errors import ImprovetrackError
from improvetrack.files import atomic, store
from tests import _workers
from tests.builders import large_text
from tests.conftest import MINIMAL, Invoke

WORKERS = Path(_workers.__file__)
pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL and POSIX renames")


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- faults injected at each step ------------------------------------------------------------


class _HalfWriter:
    """A file whose write stores half the bytes, then fails as a full disk would."""

    def __init__(self, stream: IO[bytes], fault: BaseException) -> None:
        self.stream, self.fault = stream, fault

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        raise self.fault

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _fail_with(fault: BaseException) -> Callable[..., Any]:
    def fail(*args: object, **kwargs: object) -> Any:
        raise fault

    return fail


Injector = Callable[[pytest.MonkeyPatch, BaseException], None]


def _at_create(monkeypatch: pytest.MonkeyPatch, fault: BaseException) -> None:
    real = os.open

    def refuse(name: Any, flags: int, *args: Any) -> int:
        if str(name).endswith(".tmp"):
            raise fault
        return real(name, flags, *args)

    monkeypatch.setattr(os, "open", refuse)


def _during_write(monkeypatch: pytest.MonkeyPatch, fault: BaseException) -> None:
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _HalfWriter(real(*a, **k), fault))


def _at_fsync(monkeypatch: pytest.MonkeyPatch, fault: BaseException) -> None:
    monkeypatch.setattr(os, "fsync", _fail_with(fault))


def _at_chmod(monkeypatch: pytest.MonkeyPatch, fault: BaseException) -> None:
    monkeypatch.setattr(os, "chmod", _fail_with(fault))


def _at_rename(monkeypatch: pytest.MonkeyPatch, fault: BaseException) -> None:
    monkeypatch.setattr(os, "replace", _fail_with(fault))


STEPS: dict[str, Injector] = {
    "creating the temporary file": _at_create,
    "writing it": _during_write,
    "syncing it to disk": _at_fsync,
    "setting its mode": _at_chmod,
    "renaming it over the register": _at_rename,
}
FAULTS = {
    "disk full": lambda: OSError(28, "No space left on device"),
    "ctrl-c": KeyboardInterrupt,
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("step", STEPS)
def test_a_write_failing_at_any_step_keeps_the_old_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, fault: str
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    path.chmod(0o640)
    error = FAULTS[fault]()
    with monkeypatch.context() as patched:
        STEPS[step](patched, error)
        expected = ImprovetrackError if isinstance(error, OSError) else KeyboardInterrupt
        with pytest.raises(expected):
            store.write_atomically(path, b"schema = 1\n" * 1000)
    assert path.read_text() == MINIMAL
    assert path.stat().st_mode & 0o777 == 0o640
    assert temporaries(tmp_path) == []
    store.write_atomically(path, b"new")  # and the next write is not hindered
    assert path.read_bytes() == b"new"


@pytest.mark.parametrize("step", STEPS)
def test_a_failed_add_through_the_cli_changes_nothing(
    invoke: Invoke, write: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = write(MINIMAL)
    with monkeypatch.context() as patched:
        STEPS[step](patched, OSError(28, "No space left on device"))
        result = invoke("add", "assessments", "Will not land")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: cannot write {path}: No space left on device"]
    assert result.stdout == ""
    assert path.read_text() == MINIMAL
    assert temporaries(path.parent) == []
    assert invoke("add", "assessments", "Lands").stdout == "ASM-1\n"


def test_a_failed_folder_sync_after_the_rename_keeps_the_new_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.toml"
    path.write_text("old")
    real = os.fsync
    calls: list[int] = []

    def fsync(handle: int) -> None:
        calls.append(handle)
        if len(calls) > 1:  # the folder's, after the file's own
            raise OSError(5, "Input/output error")
        real(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    store.write_atomically(path, b"new")
    assert len(calls) == 2
    assert path.read_bytes() == b"new"
    assert temporaries(tmp_path) == []


# --- stale temporary files -------------------------------------------------------------------

STALE = ".improvetrack.toml.0123456789abcdef.tmp"
NOT_OURS = [
    ".improvetrack.toml.notes.tmp",  # not the random part a writer uses
    ".improvetrack.toml.0123456789ABCDEF.tmp",
    ".improvetrack.toml.0123456789abcdef.tmp.bak",
    "improvetrack.toml.0123456789abcdef.tmp",  # no leading dot
    ".other.toml.0123456789abcdef.tmp",  # another register's
    "notes.tmp",
]


def test_a_locked_write_removes_only_its_own_stale_temporaries(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    folder = path.parent
    (folder / STALE).write_text("half a regist")
    for name in NOT_OURS:
        (folder / name).write_text("keep me")
    (folder / ".improvetrack.toml.fedcba9876543210.tmp").mkdir()
    target = folder / "precious.txt"
    target.write_text("keep me")
    (folder / ".improvetrack.toml.aaaaaaaaaaaaaaaa.tmp").symlink_to(target)

    assert invoke("status").exit_code == 0  # a reader takes no lock, so removes nothing
    assert (folder / STALE).exists()
    result = invoke("add", "assessments", "Clears up")
    assert result.exit_code == 0, result.output
    assert not (folder / STALE).exists()
    for name in NOT_OURS:
        assert (folder / name).read_text() == "keep me"
    assert (folder / ".improvetrack.toml.fedcba9876543210.tmp").is_dir()
    assert (folder / ".improvetrack.toml.aaaaaaaaaaaaaaaa.tmp").is_symlink()
    assert target.read_text() == "keep me"


@contextmanager
def held_lock(path: Path) -> Iterator[None]:
    """The register's lock held, as another writer holds it, until the block ends.

    Held by this process: each lock is a file of its own open, so the kernel keeps every
    other taker out, in this process or another, as it would for a holder elsewhere; and
    no process need start. A holder that dies is a process of its own (see
    test_concurrency's killed holder and the kill tests above).
    """
    with store.locked(path, timeout=30):
        yield


def test_a_temporary_file_of_a_writer_holding_the_lock_is_left_alone(
    invoke: Invoke, write: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(MINIMAL)
    live = path.parent / STALE
    monkeypatch.setenv("IMPROVETRACK_LOCK_TIMEOUT", "0.3")
    with held_lock(path):
        live.write_text("being written")
        result = invoke("add", "assessments", "Must wait")
        assert result.exit_code == 2
        assert live.read_text() == "being written"
    assert invoke("add", "assessments", "Now it may").exit_code == 0
    assert not live.exists()


# --- real writers killed at each step of a write ---------------------------------------------

# What a writer killed at each step leaves: the new register only once the rename is done,
# and its temporary file from the moment it made it until the rename.
LANDED = {"renamed"}
LEFT_A_TEMPORARY = {"created", "half-written", "synced", "mode-set"}


def _stopping_writer(path: Path, mode: str, phase: str, text: str) -> Any:
    """A writer process that stops at `phase` of its write (it says so on stdout) and
    goes on when told to on stdin."""
    writer = subprocess.Popen(
        [sys.executable, str(WORKERS), mode, phase, text],
        env=os.environ | {"IMPROVETRACK_REGISTER": str(path)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    return writer


def _turns(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".turn"))


@pytest.mark.parametrize("phase", _workers.PHASES)
def test_a_writer_killed_at_each_step_of_a_write_leaves_a_whole_register(
    invoke: Invoke, tmp_path: Path, phase: str
) -> None:
    folder = tmp_path / "work"
    path = folder / "improvetrack.toml"
    path.write_text(large_text(200))  # enough for half a file to be a real part of one
    old = path.read_bytes()
    writer = _stopping_writer(path, "stop", phase, "Killed writer's action")
    try:
        assert writer.stdout.readline() == f"{phase}\n"
        # While it is stopped there, a reader (who takes no lock) sees a whole register.
        stopped = store.read(path).register
        assert len(stopped.actions) == 200 + (phase in LANDED)
        assert _turns(folder), "a writer holds its turn while it writes"
        left = temporaries(folder)
        assert len(left) == (phase in LEFT_A_TEMPORARY)
        # And it stopped where it says: its file is as full as that step leaves it.
        if phase == "created":
            assert (folder / left[0]).read_bytes() == b""
        elif phase == "half-written":
            assert 0 < len((folder / left[0]).read_bytes()) < len(old)
        elif left:
            written = store.parse((folder / left[0]).read_text(), "the temporary file")
            assert written.action("ASM-51").title == "Killed writer's action"
    finally:
        writer.kill()
        writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL

    now = path.read_bytes()
    register = store.parse(now.decode("utf-8"), str(path))
    assert store.dumps(register).encode("utf-8") == now  # whole, as a writer leaves it
    if phase in LANDED:
        assert register.action("ASM-51").title == "Killed writer's action"
    else:
        assert now == old
    assert len(temporaries(folder)) == (phase in LEFT_A_TEMPORARY)

    # The next writer is not held up by the dead one's lock or turn, and clears its file.
    after = invoke("add", "assessments", "After the kill")
    assert after.exit_code == 0, after.output
    assert after.stdout == ("ASM-52\n" if phase in LANDED else "ASM-51\n")
    assert temporaries(folder) == []
    assert _turns(folder) == []
    assert len(store.read(path).register.actions) == 201 + (phase in LANDED)


def _notes(path: Path, action_id: str) -> list[str]:
    return [entry.text for entry in store.read(path).register.action(action_id).log]


@pytest.mark.parametrize("phase", _workers.PHASES)
def test_a_writer_killed_at_each_step_of_a_splice_leaves_a_whole_register(
    invoke: Invoke, tmp_path: Path, phase: str
) -> None:
    """The same for a write spliced into a file another writer changed after it read it."""
    folder = tmp_path / "work"
    path = folder / "improvetrack.toml"
    path.write_text(large_text(200))
    before = {key: _notes(path, key) for key in ("ASM-1", "ASM-2")}
    writer = _stopping_writer(path, "splice", phase, "spliced note")
    try:
        assert writer.stdout.readline() == f"{phase}\n"  # not "made again": it spliced
        # The other writer's note is in before this one writes a byte.
        assert _notes(path, "ASM-2") == [*before["ASM-2"], "note: written meanwhile"]
        assert len(temporaries(folder)) == (phase in LEFT_A_TEMPORARY)
    finally:
        writer.kill()
        writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL

    now = path.read_bytes()
    register = store.parse(now.decode("utf-8"), str(path))
    assert store.dumps(register).encode("utf-8") == now  # whole, as a rewrite leaves it
    assert _notes(path, "ASM-2") == [*before["ASM-2"], "note: written meanwhile"]
    landed = ["note: spliced note"] if phase in LANDED else []
    assert _notes(path, "ASM-1") == before["ASM-1"] + landed
    assert len(register.actions) == 200

    after = invoke("update", "ASM-3", "--note", "After the kill")
    assert after.exit_code == 0, after.output
    assert temporaries(folder) == []
    assert _turns(folder) == []
    assert _notes(path, "ASM-3")[-1] == "note: After the kill"


# --- real processes killed at random moments (pytest -m stress) ------------------------------

ACTIONS = 3000
KILLS = 40  # half killed mid-rewrite, half mid-edit
# How long after a writer is ready it may be killed: a rewrite takes a few milliseconds, an
# edit of the large register a few tenths of a second (read, parse, change, dump, write).
WINDOW = {"rewrite": 0.05, "edit": 0.45}


@pytest.mark.stress
def test_sigkill_at_random_moments_never_leaves_a_partial_register(tmp_path: Path) -> None:
    """The instants between the steps above, sampled: the lock's turns, the parse, the dump."""
    path = tmp_path / "improvetrack.toml"
    path.write_text(large_text(ACTIONS))
    env = os.environ | {"IMPROVETRACK_REGISTER": str(path)}
    chance = random.Random(20261127)
    mid_write = added = 0
    for run in range(KILLS):
        mode = "rewrite" if run % 2 == 0 else "edit"
        old = path.read_bytes()
        writer = subprocess.Popen(
            [sys.executable, str(WORKERS), mode, str(run)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        # Both loops run for ever, so the writer is always killed in the middle of its work.
        time.sleep(chance.uniform(0, WINDOW[mode]))
        writer.kill()
        reported = writer.communicate(timeout=30)[0].split()
        assert writer.returncode == -signal.SIGKILL

        mid_write += bool(temporaries(tmp_path))
        now = path.read_bytes()
        if mode == "rewrite":
            assert now in (old, _workers.flip(old)), f"run {run}: neither old nor new"
        else:
            register = store.parse(now.decode("utf-8"), str(path))  # a whole register
            assert store.dumps(register).encode("utf-8") == now
            landed = [a for a in register.actions.values() if a.title.startswith(f"run {run} ")]
            done = int(reported[-1]) if reported else 0
            # The old content is the one after the last edit it reported, the new one after
            # the edit it was making when killed.
            assert len(landed) in (done, done + 1), f"run {run}: {len(landed)} vs {done}"
            added += len(landed)

        after = subprocess.run(
            [sys.executable, "-m", "improvetrack", "add", "assessments", f"after kill {run}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert after.returncode == 0, after.stderr
        assert temporaries(tmp_path) == [], "the locked add clears what killed writers left"

    final = store.read(path).register
    assert len(final.actions) == ACTIONS + added + KILLS
    assert len({a.title for a in final.actions.values() if a.title.startswith("after kill")}) == (
        KILLS
    )
    print(
        f"\n{KILLS} writers killed: {mid_write} left a temporary file (killed mid-write), "
        f"0 corrupt registers; {added} edits landed before the kills"
    )


def test_a_temporary_file_a_live_writer_holds_is_never_cleared_away(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    """A writer without the lock (the merge driver, as it was) lost its file to clean-up."""
    path = write(MINIMAL)
    handle, temporary = atomic._make_temporary(path)  # a write in flight, held
    os.write(handle, b"half a regist")
    try:
        assert invoke("add", "assessments", "Clears up").exit_code == 0
        assert Path(temporary).read_bytes() == b"half a regist"
    finally:
        os.close(handle)  # the writer is gone: what it left is stale now
    assert invoke("add", "assessments", "Clears up again").exit_code == 0
    assert not Path(temporary).exists()


@pytest.mark.stress
def test_sigkill_of_writers_splicing_into_each_other_never_loses_a_note(tmp_path: Path) -> None:
    """Two writers noting on different actions at once splice into each other's files;
    each is killed at a random moment, and every note it reported is there, whole."""
    path = tmp_path / "improvetrack.toml"
    path.write_text(large_text(ACTIONS))
    env = os.environ | {"IMPROVETRACK_REGISTER": str(path)}
    chance = random.Random(20261207)
    for run in range(KILLS // 2):
        writers = [
            subprocess.Popen(
                [sys.executable, str(WORKERS), "notes", f"{run}{key}", key],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                text=True,
            )
            for key in ("ASM-1", "TRN-1")
        ]
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        time.sleep(chance.uniform(0.5, 3 * WINDOW["edit"]))
        for writer in writers:
            writer.kill()
        reported = [writer.communicate(timeout=30)[0].split() for writer in writers]
        assert [writer.returncode for writer in writers] == [-signal.SIGKILL] * 2

        now = path.read_bytes()
        register = store.parse(now.decode("utf-8"), str(path))
        assert store.dumps(register).encode("utf-8") == now
        for key, said in zip(("ASM-1", "TRN-1"), reported, strict=True):
            mine = [
                e for e in register.action(key).log if e.text.startswith(f"note: run {run}{key}")
            ]
            done = int(said[-1]) if said else 0
            assert len(mine) in (done, done + 1), f"run {run} {key}: {len(mine)} vs {done}"
    assert len(store.read(path).register.actions) == ACTIONS
