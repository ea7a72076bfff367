"""Answers worth keeping between runs, in the user's cache folder.

Counting working days needs England's bank holidays, and loading the `holidays` package
and building one year of them costs more than a whole run of `improvetrack status`. The
answer for a given start date and count never changes while the installed `holidays`
does not, so it is kept in `deadlines.json` beside the installed package's identity, and
a new `holidays` (with a newly announced bank holiday, say) starts the cache afresh.

Only plain data is kept (JSON of dates), and a cache file is read only when it is a
regular file owned by the user running the tool that nobody else can write: an answer
planted by someone else is never used. Any problem with the cache means working the
answer out again; a cache is never a reason to fail.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

from improvetrack.figures.deadlines import count_working_days

CACHE_VARIABLE = "IMPROVETRACK_CACHE"  # a folder to use instead, or "off"
NAME = "deadlines.json"


def folder() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    setting = os.environ.get(CACHE_VARIABLE, "")
    if setting.strip().lower() == "off":
        return None
    if setting:
        return Path(setting)
    from platformdirs import user_cache_path

    return user_cache_path("improvetrack", appauthor=False)


def holidays_identity() -> str | None:
    """Which `holidays` is installed, found without importing it: its file's stat."""
    from importlib.util import find_spec

    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    try:
        found = os.stat(spec.origin)
    except OSError:
        return None
    return f"{spec.origin}:{found.st_size}:{found.st_mtime_ns}"


def working_days(start: date, days: int, count: Callable[[date, int], date]) -> date:
    """`count(start, days)`, kept between runs while the same `holidays` is installed."""
    where, identity = folder(), holidays_identity()
    if where is None or identity is None:
        return count(start, days)
    path = where / NAME
    kept = _read(path)
    if kept.get("holidays") != identity:
        kept = {"holidays": identity, "working_days": {}}
    answers: dict[str, str] = kept["working_days"]
    key = f"{start.isoformat()}+{days}"
    with suppress(ValueError, TypeError):
        if key in answers:
            return date.fromisoformat(answers[key])
    due = count(start, days)
    answers[key] = due.isoformat()
    _write(path, kept)
    return due


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`, counted once and kept: the deadlines'
    `WorkingDays` for callers that may use the user's cache."""
    return working_days(start, days, count_working_days)


def _read(path: Path) -> dict[str, Any]:
    """The cache's content, or {} when there is none that can be trusted."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return {}
    try:
        found = os.fstat(handle)
        mine = not hasattr(os, "getuid") or found.st_uid == os.getuid()
        if not stat.S_ISREG(found.st_mode) or not mine or found.st_mode & 0o022:
            return {}
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = json.loads(stream.read(1_000_000))
    except (OSError, ValueError):
        return {}
    finally:
        os.close(handle)
    valid = isinstance(data, dict) and isinstance(data.get("working_days"), dict)
    return data if valid else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    """Replace the cache atomically, readable by its owner only; failing quietly."""
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(temporary, flags, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
        os.replace(temporary, path)
