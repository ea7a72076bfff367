"""Programs the reliability tests run as separate processes: writers to race and to kill.

Run as `python tests/_workers.py COMMAND ARGS...`; each works on $IMPROVETRACK_REGISTER
through the same core calls the CLI makes, and reports progress on stdout, one line at a
time, so the test knows how far it got before it was killed.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from improvetrack import changes, store
from improvetrack.settings import Settings

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


def hold() -> None:
    """Hold the register's lock until stdin closes."""
    with store.locked(_register(), timeout=_timeout()):
        print("locked", flush=True)
        sys.stdin.read()


COMMANDS = {"add": add, "rewrite": rewrite, "edit": edit, "hold": hold}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
