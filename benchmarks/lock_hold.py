"""How long one write holds the register's lock, at 18, 3,000 and 10,000 actions.

While one writer holds the lock every other writer waits, so the time it holds the lock,
not the time the whole command takes, sets how many writers a register can serve. This
adds one action the way `improvetrack add` does (`store.editing` and
`changes.add_action`, in this process) and times the lock from the moment it is taken to
the moment it is let go; with the callback form (`store.edit`, where this version of the
project has it) as well, which does the work before it takes the lock.

A third case is a write under contention, `update --note` on one action made the way
the command line makes it (`store.edit`) when another writer has noted on another action
between this write's read and its lock: the file has changed, so the write either makes
its change again under the lock or (since issue 20) splices its action into the bytes
the other left. Only the second write's hold is timed.

The registers are the sample plan (18 actions) and plans made with the project's own
model by `startup.py` (3,000 and 10,000 actions). Each write works on a fresh copy.

Run from the repository root after `pip install -e .`:

    python benchmarks/lock_hold.py [--rounds N]

It prints a table of medians and never fails on a figure.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from startup import AS_OF, write_register  # noqa: E402

SIZES = (18, 3_000, 10_000)


class HoldClock:
    """Times every hold of a filelock lock: the lock improvetrack takes, in any version."""

    def __init__(self) -> None:
        self.holds: list[float] = []
        self._taken: float | None = None

    @contextmanager
    def watching(self) -> Iterator[None]:
        import filelock

        cls: Any = filelock.FileLock
        acquire, release = cls.acquire, cls.release

        def timed_acquire(lock: Any, *args: Any, **kwargs: Any) -> Any:
            result = acquire(lock, *args, **kwargs)
            self._taken = time.perf_counter()
            return result

        def timed_release(lock: Any, *args: Any, **kwargs: Any) -> Any:
            if self._taken is not None:
                self.holds.append(time.perf_counter() - self._taken)
                self._taken = None
            return release(lock, *args, **kwargs)

        cls.acquire, cls.release = timed_acquire, timed_release
        try:
            yield
        finally:
            cls.acquire, cls.release = acquire, release


def _add_with_editing(path: Path, stamp: Any) -> None:
    from improvetrack.files import store
    from improvetrack.model import changes

    with store.editing(path, warn=lambda message: None) as loaded:
        changes.add_action(loaded.register, "assessments", "Timed action", stamp)


def _add_with_edit(path: Path, stamp: Any) -> None:
    from improvetrack.files import store
    from improvetrack.model import changes

    store.edit(  # type: ignore[attr-defined]
        path,
        lambda loaded: changes.add_action(loaded.register, "assessments", "Timed", stamp),
        warn=lambda message: None,
    )


def _note_after_another(path: Path, stamp: Any) -> None:
    from improvetrack.files import store
    from improvetrack.model import changes

    ids = list(store.read(path).register.actions)
    mine, other = ids[len(ids) // 2], ids[-1]
    first = [True]

    def note(action_id: str, text: str) -> Callable[[Any], Any]:
        return lambda loaded: changes.apply_update(
            loaded.register, action_id, changes.Update(note=text), stamp
        )

    def change(loaded: Any) -> Any:
        if first[0]:  # another writer gets there first, on another action
            first[0] = False
            store.edit(path, note(other, "meanwhile"), warn=lambda message: None)
        return note(mine, "timed")(loaded)

    store.edit(path, change, warn=lambda message: None)  # type: ignore[attr-defined]


def measure(
    source: Path, write: Callable[[Path, Any], None], rounds: int, folder: Path, holds: int = 1
) -> tuple[float, float]:
    """The median lock hold and the median whole write, in seconds; with `holds` locks
    taken by each write, the last one's."""
    from datetime import date

    from improvetrack.model import changes

    stamp = changes.make_stamp(date.fromisoformat(AS_OF), True, "benchmark")
    clock = HoldClock()
    totals: list[float] = []
    for number in range(rounds):
        copy = folder / f"round-{number}" / "improvetrack.toml"
        copy.parent.mkdir()
        shutil.copyfile(source, copy)
        gc.collect()
        with clock.watching():
            # As the command line runs: without the cycle collector (see cli.main).
            gc.disable()
            started = time.perf_counter()
            try:
                write(copy, stamp)
            finally:
                totals.append(time.perf_counter() - started)
                gc.enable()
    assert len(clock.holds) == rounds * holds, clock.holds
    return statistics.median(clock.holds[holds - 1 :: holds]), statistics.median(totals)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="writes per case (default 5)")
    rounds = parser.parse_args().rounds

    from improvetrack import __version__
    from improvetrack.files import store

    ways: list[tuple[str, Callable[[Path, Any], None]]] = [("editing (the CLI)", _add_with_editing)]
    if hasattr(store, "edit"):
        ways.append(("edit (callback)", _add_with_edit))
        ways.append(("changed meanwhile", _note_after_another))
    print(f"improvetrack {__version__}, Python {sys.version.split()[0]}; median of {rounds}")
    print()
    header = f"{'actions':>8} {'file':>8}  " + "  ".join(
        f"{name + ': hold':>24} {'whole write':>11}" for name, _ in ways
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="improvetrack-hold-") as temporary:
        folder = Path(temporary)
        for size in SIZES:
            source = write_register(folder / f"source-{size}.toml", size)
            cells = []
            for name, write in ways:
                cases = folder / f"{size}-{name.split()[0]}"
                cases.mkdir()
                holds = 2 if write is _note_after_another else 1
                hold, whole = measure(source, write, rounds, cases, holds)
                cells.append(f"{hold * 1000:>21.1f} ms {whole * 1000:>8.0f} ms")
            kilobytes = source.stat().st_size / 1024
            print(f"{size:>8,} {kilobytes:>6.0f}KB  " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
