"""The `improvetrack` command: `main` runs it; `app` is the Typer app, for tests and tools.

This module imports nothing heavy itself, so that `main` can turn the cycle collector off
before the imports start: a run is short and makes next to no reference cycles, but the
collector would otherwise walk every object made while Typer, Rich and a large register
are loaded, again and again. When the work is done, what is still alive is frozen out of
the collector's sight: Python's last collection, as it exits, would otherwise walk all of
it once more, and with the collector off all run that walk was most of the time to exit.
"""

from __future__ import annotations

import gc
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time not even typing: Ctrl-C may land while this module loads
    from typing import Any, NoReturn

INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C


def main() -> None:
    # Ctrl-C may come at any moment, the imports included: wherever it lands, one line.
    try:
        try:
            gc.disable()
            from improvetrack.commands import app

            app(prog_name="improvetrack")
        finally:
            # The work is done or given up: from here a Ctrl-C could only cut into Python's
            # own shutdown ("Exception ignored in threading._shutdown", and exit 0).
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            gc.freeze()  # still run as Python exits: atexit handlers, flushing the streams
    except KeyboardInterrupt:
        _interrupted()
    except SystemExit as done:
        if done.code == INTERRUPTED:  # Typer turns Ctrl-C in a command into this, silently
            _interrupted()
        raise


def _interrupted() -> NoReturn:
    import sys

    from improvetrack.render.output import Output

    Output().note("Interrupted.")
    sys.exit(INTERRUPTED)


def __getattr__(name: str) -> Any:
    if name == "app":
        from improvetrack.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
