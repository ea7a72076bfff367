"""Many plans at once: one row per register, with the same figures, and totals across all.

For a regional improvement partnership, or a trust with several services inspected apart.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from improvetrack.errors import RegisterInvalid, UsageError
from improvetrack.figures.progress import Status, Totals, compute, totals
from improvetrack.figures.report import Failure, failures
from improvetrack.files import store
from improvetrack.files.cache import add_working_days
from improvetrack.files.defaults import LOCAL_NAME
from improvetrack.files.toml import toml_reader
from improvetrack.model.records import record
from improvetrack.model.text import counted


def expand(paths: list[Path]) -> list[Path]:
    """Register files named directly, and in each folder its *.toml files and the
    improvetrack.toml of each folder inside it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                {*path.glob("*.toml"), *path.glob(f"*/{LOCAL_NAME}")},
                key=lambda p: p.as_posix(),
            )
            if not inside:
                raise UsageError(
                    f"{path}: a folder with no registers in it (*.toml, or */{LOCAL_NAME})"
                )
            found += inside
        else:
            found.append(path)
    # The same file twice (named twice, or through a link) is one plan, not two.
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


@record
class PlanStatus:
    path: Path
    status: Status

    @property
    def label(self) -> str:
        """A short name for the file: its folder too when it is an improvetrack.toml."""
        name = self.path.name
        return f"{self.path.parent.name}/{name}" if name == LOCAL_NAME else name


@record
class Rollup:
    as_of: date
    plans: list[PlanStatus]
    totals: Totals
    failures: list[Failure]
    skipped: list[Path]  # TOML files in a folder that are not registers (no [plan])
    title: str  # "3 improvement plans"


def compute_rollup(paths: list[Path], as_of: date, fail_on: tuple[str, ...] = ()) -> Rollup:
    """Read every register (any error names its file), total them, and check `fail_on`.

    A failing condition names each action as FILE:ID, since IDs repeat across plans.
    """
    plans, skipped = [], []
    named = {path.resolve() for path in paths if not path.is_dir()}
    for path in expand(paths):
        try:
            register = store.read(path).register  # one parse for a register
        except RegisterInvalid:
            if path.resolve() in named or _looks_like_register(path):
                raise
            skipped.append(path)  # a folder's settings.toml or pyproject.toml, say
            continue
        status = compute(register, as_of, every_deadline=True, working_days=add_working_days)
        plans.append(PlanStatus(path, status))
    everything = [item for plan in plans for item in plan.status.actions]
    found: list[Failure] = []
    for condition in fail_on:
        ids = [
            f"{plan.label}:{action_id}"
            for plan in plans
            for failure in failures(plan.status, (condition,))
            for action_id in (failure.ids or ["(plan)"])
        ]
        if ids:
            found.append(Failure(condition, ids))
    return Rollup(as_of, plans, totals(everything, as_of), found, skipped, plans_title(len(plans)))


def _looks_like_register(path: Path) -> bool:
    """Whether a TOML file found in a folder that is not a valid register was meant as
    one: it has a [plan]. A file that cannot be parsed counts as one, so that its error is
    reported, not hidden."""
    reader = toml_reader()
    try:
        return "plan" in reader.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, reader.TOMLDecodeError):
        return True


def plans_title(count: int) -> str:
    return counted(count, "improvement plan")
