"""How long `updates collect` takes: 20 returns of 20 actions each into a register of
1,000 actions.

Run from the repository root, after `pip install -e .`:

    python benchmarks/collect_returns.py              # 20 leads x 20 actions, 1,000 actions
    python benchmarks/collect_returns.py --rounds 5 --leads 40

The script builds the register with the model (20 leads owning 20 open actions each, the
rest owned by others), opens a round with `workflows.rounds.request`, fills every pack as
a lead would (an update, a RAG and its reason, a revised date and a link on each row) with
openpyxl, and then measures `workflows.rounds.collect_returns` on all of them at once, on
a fresh copy of the register each round: read and check every return, compare three ways,
apply, validate and write once. It prints the fastest and the median wall-clock time of
`--rounds` runs, and the CPU time of the fastest.

Target: under 5 s. It reports and does not judge: the exit code is 0 whenever it measured.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from improvetrack.files import store
from improvetrack.model.changes import Stamp
from improvetrack.model.register import Action, Area, LogEntry, Plan, Register
from improvetrack.workflows.rounds import collect_returns, request

OPENED = date(2026, 11, 2)
COLLECTED = date(2026, 11, 12)
TARGET = 5.0


def _stamp(day: date) -> Stamp:
    return Stamp(by="bench", at=datetime.combine(day, datetime.min.time(), UTC), today=day)


def build(actions: int, leads: int, each: int) -> Register:
    """`actions` actions in four areas; the first `leads` x `each` are open and owned by
    `leads` leads, `each` apiece; the others are owned by a hundred other people."""
    keys = ("assessments", "transitions", "education", "participation")
    areas = {key: Area(key, f"Area {key}") for key in keys}
    register = Register(
        Plan(title="Benchmark plan", id="6f0c1c5e-2b8e-4a53-9d8e-5d0f7a1b2c3d"), areas=areas
    )
    created = datetime(2026, 8, 3, 9, 30, tzinfo=UTC)
    for number in range(actions):
        area = areas[keys[number % len(keys)]]
        asked = number < leads * each
        owner = f"Lead {number // each}" if asked else f"Other owner {number % 100}"
        action = Action(
            id=f"{area.id_prefix}-{number // len(keys) + 1}",
            area=area.key,
            title=f"Action {number}: review the practice guidance and audit it",
            status="in-progress" if asked or number % 3 else "done",
            owner=owner,
            due=date(2027, 1, 1) + timedelta(days=number % 300),
            created=date(2026, 8, 3),
            completed=None if asked or number % 3 else date(2026, 10, 1),
            log=[LogEntry(created, "lead", "created")],
        )
        register.actions[action.id] = action
    register.sort_actions()
    return register


def fill(pack: Path, out: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(pack)
    sheet = book["Update"]
    sheet.protection.sheet = False
    for row in range(7, sheet.max_row + 1):
        if not sheet.cell(row=row, column=1).value:
            continue
        sheet.cell(row=row, column=8).value = "Amber"
        sheet.cell(row=row, column=9).value = "Waiting for the audit team"
        sheet.cell(row=row, column=10).value = "Guidance drafted; audit booked for January"
        sheet.cell(row=row, column=11).value = "31/03/2027"
        sheet.cell(row=row, column=12).value = f"https://example.org/evidence/{row}"
    book.save(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--leads", type=int, default=20)
    parser.add_argument("--each", type=int, default=20)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        original = root / "plan.toml"
        original.write_text(
            store.dumps(build(options.actions, options.leads, options.each)), encoding="utf-8"
        )
        done = request(original, _stamp(OPENED), out=root / "packs")
        packs = [path for path in done.files if path.name.split("-", 4)[-1].startswith("lead-")]
        returns = []
        for number, pack in enumerate(packs):
            returned = root / f"return {number}.xlsx"
            fill(pack, returned)
            returns.append(returned)
        walls, cpus = [], []
        for number in range(options.rounds):
            copy = root / f"round-{number}.toml"
            shutil.copy(original, copy)
            start, cpu = time.perf_counter(), time.process_time()
            collection = collect_returns(copy, returns, _stamp(COLLECTED))
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
            changed = sum(len(item.changes) for item in collection.returns)
        fastest = min(range(len(walls)), key=walls.__getitem__)
        print(
            f"collect {len(returns)} returns of {options.each} actions into a register of "
            f"{options.actions:,} actions ({changed:,} fields changed):"
        )
        print(
            f"  fastest {walls[fastest]:.2f} s (CPU {cpus[fastest]:.2f} s), median "
            f"{statistics.median(walls):.2f} s of {len(walls)} runs; target < {TARGET:g} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
