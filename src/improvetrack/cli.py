"""The `improvetrack` command: `main` runs it; `app` is the Typer app, for tests and tools.

This module imports nothing heavy itself, so that `main` can turn the cycle collector off
before the imports start: a run is short and makes next to no reference cycles, but the
collector would otherwise walk every object made while Typer, Rich and a large register
are loaded, again and again.
"""

from __future__ import annotations

import gc
from typing import Any


def main() -> None:
    gc.disable()
    from improvetrack.commands import app

    app(prog_name="improvetrack")


def __getattr__(name: str) -> Any:
    if name == "app":
        from improvetrack.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
