"""How `import` scales with the size of the sheet, beside the bare read of the same sheet.

Run from the repository root, after `pip install -e .`:

    python benchmarks/import_scale.py                  # CSV and xlsx, 1k, 10k and 50k rows
    python benchmarks/import_scale.py --sizes 1000 10000 --formats csv

Each sheet is laid out as councils lay theirs out: two title rows, a header, a theme row
over every five recommendations, each recommendation on a row of its own with its ten
actions beneath it (its cell left blank), dates in several forms, a BRAG letter, a
progress update, and a key and a footer. The script makes the sheets in a temporary
folder and, for each, measures the fastest of `--rounds` runs (two at 50k rows), its
wall-clock time and, in brackets, its CPU time, which other work on a shared machine
disturbs less:

- read: the bare read, the least any import must do: `csv.reader` over the file, or
  openpyxl loading the workbook as the import loads it and walking its cells;
- write: `store.dumps` of the register the import makes, written to a file;
- import: `workflows.spreadsheets.import_sheet` into an empty register, the whole workflow: read,
  understand the layout, check every row, add the actions, validate and write.

Targets: import at 50k rows at most 6x its time at 10k (the cost grows with the sheet,
not faster), and import at 10k at most 2x read + write.

It reports and does not judge: the exit code is 0 whenever it measured.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from improvetrack.files import store
from improvetrack.model.changes import Stamp, new_register
from improvetrack.workflows.spreadsheets import import_sheet

AS_OF = date(2026, 11, 27)
STAMP = Stamp(by="bench", at=datetime(2026, 11, 27, tzinfo=UTC), today=AS_OF)
HEADER = ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "BRAG", "Update"]
DUES = ["31/03/2027", "Q2 2027/28", "March 2027", "Ongoing", "31-Mar-2027", "30/09/2027"]
BRAG = ["B", "G", "A", "R", "Amber (on track)", "Not started"]


def council_rows(count: int, seed: int = 7) -> list[list[str]]:
    """`count` actions laid out as a council lays them out, with their headings."""
    rng = random.Random(seed)
    rows = [["Example Council improvement plan"] + [""] * 6, ["Updated 20/11/2026"] + [""] * 6]
    rows.append(HEADER)
    for number in range(count):
        area, action = divmod(number, 10)
        if action == 0:
            if area % 5 == 0:
                rows.append([f"THEME {area // 5 + 1}: Theme {area // 5 + 1}"] + [""] * 6)
            rows.append([str(area + 1), f"Recommendation {area + 1}: improve practice"] + [""] * 5)
        rows.append(
            [
                f"{area + 1}.{action + 1}",
                "",
                f"Action {number}: review the practice guidance and audit it",
                f"Team manager {rng.randrange(40)}",
                rng.choice(DUES),
                rng.choice(BRAG),
                f"Update on action {number}" if rng.random() < 0.5 else "",
            ]
        )
    rows += [[""] * 7, ["Key: B = Complete, G = On track, A = At risk, R = Off track"] + [""] * 6]
    rows.append(["Page 1 of 1"] + [""] * 6)
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook  # the project's own dependency for workbooks

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    for row in rows:
        sheet.append(row)
    book.save(path)


def read_csv(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(len(row) for row in csv.reader(handle))


def read_xlsx(path: Path) -> int:
    from openpyxl import load_workbook

    with path.open("rb") as handle:
        book = load_workbook(handle, data_only=True, keep_links=False)
    return sum(len(row) for row in book.worksheets[0].iter_rows(values_only=True))


Timing = tuple[float, float]  # (wall-clock seconds, CPU seconds of this process)


def fastest(work: Callable[[], object], rounds: int) -> Timing:
    """The fastest of `rounds` runs: its wall-clock time, and its CPU time, which other
    work on a shared machine disturbs less."""
    times = []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(times)


def measure(folder: Path, fmt: str, count: int, rounds: int) -> tuple[Timing, Timing, Timing]:
    sheet = folder / f"plan-{count}.{fmt}"
    rows = council_rows(count)
    (write_csv if fmt == "csv" else write_xlsx)(sheet, rows)
    read = fastest(lambda: (read_csv if fmt == "csv" else read_xlsx)(sheet), rounds)
    empty = store.dumps(new_register(example=None, title="Bench", next_inspection=None))
    register = folder / f"register-{fmt}-{count}.toml"

    def run_import() -> None:
        register.write_text(empty, encoding="utf-8")
        result = import_sheet(register, sheet, STAMP)
        assert len(result.actions) == count, (len(result.actions), count)

    imported = fastest(run_import, rounds)
    made = store.read(register).register
    target = folder / "written.toml"
    write = fastest(lambda: target.write_text(store.dumps(made), encoding="utf-8"), rounds)
    return read, write, imported


def measure_alone(fmt: str, count: int, rounds: int) -> tuple[Timing, Timing, Timing]:
    """`measure` in a process of its own, so that no run inherits the heap of a bigger one."""
    command = [sys.executable, __file__, "--one", fmt, str(count), str(rounds)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    read, write, imported = ((float(wall), float(cpu)) for wall, cpu in json.loads(done.stdout))
    return read, write, imported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (50k rows: 2)")
    parser.add_argument(
        "--one", nargs=3, metavar=("FORMAT", "ROWS", "ROUNDS"), help=argparse.SUPPRESS
    )
    options = parser.parse_args(argv)
    if options.one:
        fmt, count, rounds = options.one
        with tempfile.TemporaryDirectory() as temporary:
            print(json.dumps(measure(Path(temporary), fmt, int(count), int(rounds))))
        return 0
    print(f"Python {sys.version.split()[0]}; the fastest of {options.rounds} runs (50k rows: 2)")
    print("seconds, wall-clock (CPU); each sheet measured in a process of its own")
    print(f"{'sheet':<10}{'read':>14}{'write':>14}{'import':>14}{'import/(read+write)':>22}")
    figures: dict[tuple[str, int], Timing] = {}
    for fmt in options.formats:
        for count in options.sizes:
            rounds = min(options.rounds, 2) if count >= 50_000 else options.rounds
            read, write, imported = measure_alone(fmt, count, rounds)
            figures[(fmt, count)] = imported
            label = f"{fmt} {count // 1000}k" if count >= 1000 else f"{fmt} {count}"
            cells = "".join(f"{wall:7.2f} ({cpu:4.2f})" for wall, cpu in (read, write, imported))
            ratio = imported[0] / (read[0] + write[0])
            cpu_ratio = imported[1] / (read[1] + write[1])
            print(f"{label:<10}{cells}{ratio:12.2f}x ({cpu_ratio:.2f}x)", flush=True)
    for fmt in options.formats:
        small, large = figures.get((fmt, 10_000)), figures.get((fmt, 50_000))
        if small and large:
            print(
                f"{fmt}: 50k rows take {large[0] / small[0]:.1f}x the time of 10k "
                f"({large[1] / small[1]:.1f}x the CPU time; target: at most 6x)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
