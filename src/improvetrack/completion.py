"""What the shell offers on Tab: action IDs, area keys, statuses and owners from the register.

Completion runs on every key press and must never fail loudly: when the register cannot
be found or read, it offers nothing.
"""

from __future__ import annotations

from pathlib import Path

from improvetrack import store
from improvetrack.errors import ImprovetrackError
from improvetrack.register import STATUSES, Register
from improvetrack.text import safe


def _register(option: Path | None) -> Register | None:
    try:
        return store.read(store.locate(option).path).register
    except ImprovetrackError:
        return None


def candidates(kind: str, option: Path | None, incomplete: str) -> list[tuple[str, str]]:
    """(value, help) pairs of one kind that start with what has been typed (any case)."""
    typed = incomplete.casefold()
    if kind == "status":
        pairs = [(status, "") for status in STATUSES]
    else:
        register = _register(option)
        if register is None:
            return []
        if kind == "id":
            pairs = [(a.id, a.title) for a in register.actions.values()]
        elif kind == "area":
            pairs = [(key, area.title) for key, area in register.areas.items()]
        else:
            owners = {a.owner for a in register.actions.values() if a.owner}
            pairs = [(owner, "") for owner in sorted(owners)]
    # Register text reaches the terminal here too, so it is made inert like any output.
    return [
        (safe(value), safe(note)) for value, note in pairs if value.casefold().startswith(typed)
    ]
