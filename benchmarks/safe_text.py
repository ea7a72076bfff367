"""What `safe` costs per cell, against the two regular expressions it replaced.

`safe` runs on every cell of every screen and report. Run from the repository root:

    python benchmarks/safe_text.py

Prints the fastest of five runs over 10,000 short cells: plain text, then cells that each
hold a character `safe` must look at (a tab, a no-break space, an invisible one).
"""

from __future__ import annotations

import re
import timeit

from improvetrack.model.text import safe

# The controls the old regular expression knew, before `safe` went by Unicode category.
OLD = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ufeff\ufffe\uffff]"
)
BREAKS = re.compile(r"[\t\n\r]+")


def old_safe(value: str) -> str:
    return OLD.sub("\ufffd", BREAKS.sub(" ", value))


def fastest(function: object, cells: list[str]) -> float:
    def run() -> None:
        for cell in cells:
            function(cell)  # type: ignore[operator]

    return min(timeit.repeat(run, number=1, repeat=5)) * 1000


def main() -> None:
    plain = [f"Action {n}: audit case files, team {n % 7}" for n in range(10_000)]
    marked = [f"Team\t{n}\u00a0£{n} soft\u00adhyphen" for n in range(10_000)]
    print("10,000 cells        old regex   safe")
    for name, cells in (("plain text", plain), ("each one marked", marked)):
        print(f"{name:<18} {fastest(old_safe, cells):8.1f} ms {fastest(safe, cells):6.1f} ms")


if __name__ == "__main__":
    main()
