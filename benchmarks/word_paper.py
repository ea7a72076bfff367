"""What the Word paper of the sample costs to write, in the process and as a command.

Run from the repository root, after `pip install -e .`:

    python benchmarks/word_paper.py

Prints the fastest and the median of ten in-process runs of building the report and
writing it as a .docx (python-docx and Pillow already loaded, so this is the work
itself), each part on its own, then the median of five whole `report --format docx`
commands (start-up and imports included). The target is under a second for the command.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from improvetrack.figures.report import build
from improvetrack.files import store
from improvetrack.render import formats

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "children-services.toml"
AS_OF = date(2026, 11, 27)


def timed(work: object, rounds: int) -> list[float]:
    found = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        found.append((time.perf_counter() - start) * 1000)
    return found


def main() -> None:
    register = store.read(SAMPLE).register
    report = build(register, AS_OF)
    formats.render(report, "docx")  # loads python-docx and Pillow once, not counted
    cases = {
        "report model": lambda: build(register, AS_OF),
        "docx from the model": lambda: formats.render(report, "docx"),
        "model and docx": lambda: formats.render(build(register, AS_OF), "docx"),
    }
    print(f"{'in process, 10 runs':<28} {'fastest':>9} {'median':>9}")
    for name, work in cases.items():
        runs = timed(work, 10)
        print(f"{name:<28} {min(runs):7.0f} ms {statistics.median(runs):7.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "paper.docx"
        command = [sys.executable, "-m", "improvetrack", "--register", str(SAMPLE), "--as-of",
                   str(AS_OF), "report", "--format", "docx", "--output", str(out)]  # fmt: skip
        runs = timed(lambda: subprocess.run(command, check=True), 5)
        name = "the whole command, 5 runs"
        print(f"{name:<28} {min(runs):7.0f} ms {statistics.median(runs):7.0f} ms")
        print(f"paper: {out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
