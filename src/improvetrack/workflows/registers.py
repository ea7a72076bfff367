"""Workflows on register files: open one, create one, merge three versions of one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from improvetrack.files import store
from improvetrack.files.defaults import LOCK_TIMEOUT
from improvetrack.files.merge import MergeResult, merge_files
from improvetrack.model import changes
from improvetrack.model.changes import Stamp
from improvetrack.model.register import Register


def open_register(path: Path) -> Register:
    """The register at `path`, read and validated (ImprovetrackError when it cannot be)."""
    return store.read(path).register


def create(
    path: Path,
    *,
    example: bool = False,
    title: str | None = None,
    next_inspection: date | None = None,
    force: bool = False,
    timeout: float = LOCK_TIMEOUT,
    warn: Callable[[str], None] = lambda line: None,
) -> Path | None:
    """Write a new register at `path`: empty but for its plan, or the sample plan.

    In a git repository its lock files are added to .gitignore: the .gitignore changed is
    returned (None when none was), and `warn` hears when it could not be written."""
    sample = store.parse(store.example_text(), "the sample plan") if example else None
    register = changes.new_register(example=sample, title=title, next_inspection=next_inspection)
    store.create(path, store.dumps(register), force=force, timeout=timeout)
    return store.ignore_lock_files(path, warn=warn)


def merge(
    base: Path,
    ours: Path,
    theirs: Path,
    stamp: Stamp,
    *,
    warn: Callable[[str], None] = lambda line: None,
    timeout: float = LOCK_TIMEOUT,
) -> MergeResult:
    """Merge three versions of a register as git's merge driver does (%O %A %B): the
    result is written to `ours`, with ours' value where both sides changed a field
    differently (each such conflict is in the result), theirs' new IDs renumbered."""
    return merge_files(base, ours, theirs, stamp, warn=warn, timeout=timeout)
