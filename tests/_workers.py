"""Programs the reliability tests run as separate processes: writers to race and to kill.

Run as `python tests/_workers.py COMMAND ARGS...`; each works on $IMPROVETRACK_REGISTER
through the same core calls the CLI makes, and reports progress on stdout, one line at a
time, so the test knows how far it got before it was killed.
"""

from __future__ import annotations

import itertools
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from improvetrack.commands.settings import Settings
from improvetrack.files import store
from improvetrack.model import changes

# The plan title the kill tests use, and the one `flip` swaps it for.
TITLE = b'title = "Large plan"'
FLIPPED = b'title = "Large plan, rewritten"'


def flip(text: bytes) -> bytes:
    """The same register with the other plan title: a second complete, valid content."""
    if text.count(TITLE) == 1:
        return text.replace(TITLE, FLIPPED)
    assert text.count(FLIPPED) == 1
    return text.replace(FLIPPED, TITLE)


def _register() -> Path:
    return Settings().register.value


def _timeout() -> float:
    return Settings().lock_timeout.value


def _stamp(by: str) -> changes.Stamp:
    settings = Settings()
    return changes.make_stamp(settings.as_of.value, settings.pinned, by)


def _quiet(message: str) -> None:
    """Warnings are not what these processes are for."""


def add(worker: str, count: str, noted: str = "") -> None:
    """Add `count` actions, one locked edit each; every fifth also adds a note to `noted`."""
    path, stamp = _register(), _stamp(f"worker {worker}")
    for number in range(int(count)):
        with store.editing(path, warn=_quiet, timeout=_timeout()) as loaded:
            title = f"worker {worker} action {number}"
            action = changes.add_action(loaded.register, "assessments", title, stamp)
        print(action.id, flush=True)
        if noted and number % 5 == 4:
            note = changes.Update(note=f"worker {worker} note {number}")
            with store.editing(path, warn=_quiet, timeout=_timeout()) as loaded:
                changes.update_action(loaded.register, noted, note, stamp)


def rewrite(run: str = "") -> None:
    """Replace the register with its flipped twin and back, for ever: a target to kill.

    `run` only names the run, as it does for `edit`.
    """
    path = _register()
    old = path.read_bytes()
    new = flip(old)
    print("ready", flush=True)
    while True:
        store.write_atomically(path, new)
        store.write_atomically(path, old)


def edit(run: str) -> None:
    """Add actions through locked edits, for ever, saying after each how many have landed."""
    path, stamp = _register(), _stamp(f"kill run {run}")
    print("ready", flush=True)
    for number in itertools.count(1):
        with store.editing(path, warn=_quiet, timeout=_timeout()) as loaded:
            changes.add_action(loaded.register, "assessments", f"run {run} action {number}", stamp)
        print(number, flush=True)


# The steps of a locked write, each the system call that changes what is on disk, at which
# `stop` halts a writer for the kill tests: with the lock taken and nothing written yet,
# then after making the temporary file, half filling it, syncing it, giving it the
# register's mode, and renaming it over the register (the folder not yet synced, the lock
# still held).
PHASES = ("locked", "created", "half-written", "synced", "mode-set", "renamed")


def _halt(phase: str) -> None:
    """Say where the writer stopped, and wait there to be killed."""
    print(phase, flush=True)
    sys.stdin.read()
    # Not killed: the test has gone without killing it; say so by the exit status.
    os._exit(3)


class _HalfThenHalt:
    """The temporary file's stream: writes half the bytes, reaches the disk, then halts."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def __enter__(self) -> _HalfThenHalt:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        os.fsync(self.stream.fileno())
        _halt("half-written")
        return 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _after(real: Callable[..., Any], phase: str, applies: Callable[..., bool]) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if applies(*args):
            _halt(phase)
        return result

    return call


def _is_temporary(name: Any, *rest: Any) -> bool:
    return str(name).endswith(".tmp")


def _stop_at(phase: str) -> None:
    """Halt this writer at `phase` of its next write (see PHASES)."""
    real_open, real_fdopen, real_fsync = os.open, os.fdopen, os.fsync
    if phase == "locked":

        def before_the_temporary(name: Any, *rest: Any) -> int:
            if _is_temporary(name):
                _halt(phase)
            return real_open(name, *rest)

        os.open = before_the_temporary
    elif phase == "created":
        os.open = _after(real_open, phase, _is_temporary)
    elif phase == "half-written":
        os.fdopen = lambda *args, **kwargs: _HalfThenHalt(real_fdopen(*args, **kwargs))
    elif phase == "synced":  # the file's own sync, not the folder's after the rename
        os.fsync = _after(real_fsync, phase, lambda fd: stat.S_ISREG(os.fstat(fd).st_mode))
    elif phase == "mode-set":
        os.chmod = _after(os.chmod, phase, _is_temporary)
    elif phase == "renamed":
        os.replace = _after(os.replace, phase, lambda *args: True)
    else:
        raise SystemExit(f"no phase {phase!r}; one of {', '.join(PHASES)}")


def stop(phase: str, title: str) -> None:
    """Add one action as the command line does (`store.edit`), halting at `phase`."""
    _stop_at(phase)
    path, stamp = _register(), _stamp("stopped writer")
    store.edit(
        path,
        lambda loaded: changes.add_action(loaded.register, "assessments", title, stamp),
        warn=_quiet,
        timeout=_timeout(),
    )
    _halt("finished")  # never reached: each phase halts on the way


def _note(action_id: str, note: str, stamp: changes.Stamp) -> None:
    store.edit(
        _register(),
        lambda loaded: changes.apply_update(
            loaded.register, action_id, changes.Update(note=note), stamp
        ),
        warn=_quiet,
        timeout=_timeout(),
    )


def splice(phase: str, note: str) -> None:
    """Note `note` on ASM-1 as the command line does, while another writer notes on ASM-2
    between this one's read and its lock, so that this one splices its change into the
    other's file; halting at `phase`. It says so and halts if it makes the change again."""
    stamp = _stamp("stopped writer")
    real_locked = store.locked

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        store.locked = real_locked  # type: ignore[assignment]
        _note("ASM-2", "written meanwhile", stamp)
        _stop_at(phase)
        return real_locked(*args, **kwargs)

    def made_again(*args: Any) -> None:
        _halt("made again")

    store.locked = meanwhile  # type: ignore[assignment]
    store._change_under_lock = made_again  # type: ignore[assignment]
    _note("ASM-1", note, stamp)
    _halt("finished")  # never reached: each phase halts on the way


def notes(run: str, action_id: str, count: str = "0") -> None:
    """Note on one action through locked edits, `count` times (0: for ever), saying after
    each how many have landed: two of these on different actions splice into each
    other's writes."""
    stamp = _stamp(f"kill run {run}")
    print("ready", flush=True)
    for number in itertools.count(1) if count == "0" else range(1, int(count) + 1):
        _note(action_id, f"run {run} note {number}", stamp)
        print(number, flush=True)


def hold() -> None:
    """Hold the register's lock until stdin closes."""
    with store.locked(_register(), timeout=_timeout()):
        print("locked", flush=True)
        sys.stdin.read()


COMMANDS = {
    "add": add,
    "rewrite": rewrite,
    "edit": edit,
    "stop": stop,
    "splice": splice,
    "notes": notes,
    "hold": hold,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
