"""Fifty writers adding twenty actions each, all at once, with the default settings.

Each writer is a loop that runs `improvetrack add` twenty times, one process after
another, and the fifty loops run side by side on one copy of the sample register: 1,000
adds racing for one lock, with the default lock timeout (no IMPROVETRACK_LOCK_TIMEOUT).
It prints how many landed, how many were refused ("try again"), and how long the writers
waited for the lock: each add's wait is timed inside its own process, from asking for
the lock to holding it.

Run from the repository root after `pip install -e .`:

    python benchmarks/contention.py [--processes 50] [--adds 20]

It reports and never fails on a figure; the exit code is 1 only if an add failed in a
way other than a refusal, or an acknowledged add is missing from the register.

With `--updates`, it times instead twenty writers (`--processes`) each running one
`improvetrack update ID --note ...` on an action of its own, all started at once, on
the sample (18 actions) and on a register of 10,000 made as `startup.py` makes it,
beside one such write alone and the parse + dump floor (`tomllib` and `tomli_w` in a
process of their own). Each round works on fresh copies, the cases side by side:

    python benchmarks/contention.py --updates [--processes 20] [--rounds 3] [--sizes 18 10000]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "examples" / "children-services.toml"
WAIT = "lock wait:"
SLACK = 0.05


def child(register: str, title: str) -> None:
    """One `improvetrack add`, reporting on stderr how long it waited for the lock."""
    from improvetrack import cli
    from improvetrack.files import store

    real = store.locked
    times: list[float] = []  # when it asked for the lock, and when it had it or gave up

    @contextmanager
    def timed(*args: Any, **kwargs: Any) -> Iterator[None]:
        times.append(time.time())  # the wall clock, to compare the order across processes
        try:
            with real(*args, **kwargs):
                times.append(time.time())
                yield
        finally:
            if len(times) == 1:  # refused
                times.append(time.time())

    store.locked = timed  # type: ignore[assignment]
    sys.argv = ["improvetrack", "--register", register, "add", "assessments", title]
    try:
        cli.main()
    finally:
        if len(times) == 2:
            print(f"{WAIT} {times[0]:.6f} {times[1]:.6f}", file=sys.stderr, flush=True)


@dataclass
class Outcome:
    landed: list[str] = field(default_factory=list)  # the IDs printed
    refused: int = 0
    failed: list[str] = field(default_factory=list)
    served: list[tuple[float, float]] = field(default_factory=list)  # asked, got: landed
    gave_up_after: list[float] = field(default_factory=list)  # of those refused


def writer(number: int, adds: int, register: Path, env: dict[str, str], out: Outcome) -> None:
    for add in range(adds):
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(register), f"writer {number} add {add}"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        lines = done.stderr.splitlines()
        times = [
            (float(line.split()[-2]), float(line.split()[-1]))
            for line in lines
            if line.startswith(WAIT)
        ]
        other = [line for line in lines if not line.startswith(WAIT)]
        with LOCK:
            if done.returncode == 0:
                out.landed.append(done.stdout.strip())
                out.served += times
            elif done.returncode == 2 and other and "try again" in other[-1]:
                out.refused += 1
                out.gave_up_after += [got - asked for asked, got in times]
            else:
                out.failed.append(f"writer {number} add {add}: exit {done.returncode}: {other}")


LOCK = threading.Lock()


def _cpu() -> float:
    """CPU seconds the finished children of this process have used so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(argv: list[str], env: dict[str, str], cpu: list[float]) -> float:
    started, spent = time.perf_counter(), _cpu()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    cpu.append(_cpu() - spent)
    return time.perf_counter() - started


def updates(processes: int, rounds: int, sizes: list[int], env: dict[str, str]) -> int:
    """Twenty writers updating different actions at once, beside one alone and the floor."""
    from startup import PARSE_DUMP, write_register

    from improvetrack import __version__
    from improvetrack.files import store

    tool = [sys.executable, "-m", "improvetrack"]
    print(f"improvetrack {__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{processes} writers at once, each `update ID --note` on its own action; median of")
    print(f"{rounds} rounds, seconds")
    print(
        f"{'actions':>8} {'floor':>7} {'one':>7} {'all':>7} {'one/floor':>10} {'all/one':>8}"
        f"   CPU: {'floor':>6} {'one':>6} {'all':>6} {'all/one':>8}"
    )
    failed = 0
    with tempfile.TemporaryDirectory(prefix="improvetrack-updates-") as temporary:
        folder = Path(temporary)
        for size in sizes:
            source = write_register(folder / f"source-{size}.toml", size)
            ids = list(store.read(source).register.actions)
            picked = [ids[(n * len(ids)) // processes] for n in range(processes)]
            floors, ones, alls, cpu_one, cpu_all, cpu_floor = [], [], [], [], [], []
            for round_ in range(rounds):
                copy = folder / f"copy-{size}-{round_}.toml"
                shutil.copyfile(source, copy)
                floor_argv = [sys.executable, "-c", PARSE_DUMP, str(copy), f"{copy}.out"]
                floors.append(_timed(floor_argv, env, cpu_floor))
                shutil.copyfile(source, copy)
                one = [*tool, "--register", str(copy), "update", picked[0], "--note", "alone"]
                ones.append(_timed(one, env, cpu_one))
                shutil.copyfile(source, copy)
                started, spent = time.perf_counter(), _cpu()
                running = [
                    subprocess.Popen(
                        [*tool, "--register", str(copy), "update", action_id, "--note", f"w{n}"],
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                        text=True,
                    )
                    for n, action_id in enumerate(picked)
                ]
                errors = [p.communicate()[1] for p in running]
                alls.append(time.perf_counter() - started)
                cpu_all.append(_cpu() - spent)
                register = store.read(copy).register
                for n, (action_id, process) in enumerate(zip(picked, running, strict=True)):
                    notes = [entry.text for entry in register.action(action_id).log]
                    if process.returncode != 0 or f"note: w{n}" not in notes:
                        failed += 1
                        print(
                            f"  writer {n} on {action_id}: exit {process.returncode}: {errors[n]}"
                        )
            floor, one_write, all_writes, one_cpu, all_cpu, floor_cpu = (
                statistics.median(x) for x in (floors, ones, alls, cpu_one, cpu_all, cpu_floor)
            )
            print(
                f"{size:>8,} {floor:>7.2f} {one_write:>7.2f} {all_writes:>7.2f} "
                f"{one_write / floor:>9.2f}x {all_writes / one_write:>7.1f}x"
                f"        {floor_cpu:>6.2f} {one_cpu:>6.2f} {all_cpu:>6.2f}"
                f" {all_cpu / one_cpu:>7.1f}x"
            )
    if failed:
        print(f"LOST: {failed} writes did not land")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=50, help="writers at once (50)")
    parser.add_argument("--adds", type=int, default=20, help="adds by each writer (20)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument(
        "--updates", action="store_true", help="twenty updates at once at 18 and 10,000 actions"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --updates (3)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[18, 10_000], help="registers of --updates"
    )
    options = parser.parse_args()
    if options.child:
        child(*options.child)
        return 0

    from improvetrack import __version__
    from improvetrack.files import store

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("IMPROVETRACK_", "PYTHONDONTWRITE"))
    }
    env |= {"IMPROVETRACK_TODAY": "2026-11-27", "IMPROVETRACK_USER": "benchmark"}
    if options.updates:
        sys.path.insert(0, str(HERE))
        processes = 20 if options.processes == 50 else options.processes
        return updates(processes, options.rounds, options.sizes, env)
    out = Outcome()
    with tempfile.TemporaryDirectory(prefix="improvetrack-contention-") as temporary:
        register = Path(temporary) / "improvetrack.toml"
        shutil.copyfile(SAMPLE, register)
        before = len(store.read(register).register.actions)
        started = time.perf_counter()
        threads = [
            threading.Thread(target=writer, args=(n, options.adds, register, env, out))
            for n in range(options.processes)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        actions = store.read(register).register.actions
        titles = {action.title for action in actions.values()}
        missing = [i for i in out.landed if i not in actions]
        added = len(actions) - before

    total = options.processes * options.adds
    waits = sorted(got - asked for asked, got in out.served)
    # Served out of turn: an add that another had the lock before, one that asked at least
    # SLACK later (adds asking within a few milliseconds of each other are a tie: a turn is
    # taken a moment after the timer here starts).
    served = sorted(out.served)
    overtaken = sum(
        any(asked_later - asked >= SLACK and got_later < got for asked_later, got_later in served)
        for asked, got in served
    )
    print(f"improvetrack {__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{options.processes} writers x {options.adds} adds = {total}, default settings")
    print(f"landed    {len(out.landed):>6}  (register holds {added} new actions)")
    print(f"refused   {out.refused:>6}")
    print(f"failed    {len(out.failed):>6}")
    if waits:
        p95 = waits[min(len(waits) - 1, int(len(waits) * 0.95))]
        print(
            f"lock wait of the adds that landed: median {statistics.median(waits):.2f} s, "
            f"95th percentile {p95:.2f} s, longest {waits[-1]:.2f} s"
        )
        print(
            f"overtaken {overtaken:>6}  (adds that one asking {SLACK * 1000:.0f} ms or more "
            "later got the lock before)"
        )
    if out.gave_up_after:
        print(f"refused adds gave up after {statistics.median(out.gave_up_after):.2f} s (median)")
    print(f"elapsed   {elapsed:.0f} s")
    for line in out.failed[:5]:
        print(f"  {line}")
    lost = missing or len([t for t in titles if t.startswith("writer ")]) != len(out.landed)
    if lost:
        print(f"LOST: {len(missing)} acknowledged adds are not in the register")
    return 1 if out.failed or lost else 0


if __name__ == "__main__":
    sys.exit(main())
