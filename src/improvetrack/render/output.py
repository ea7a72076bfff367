"""The one seam between a command and the outside: every result and message leaves here.

Results go to stdout: a view of the terminal screens (Rich) or JSON for scripts, the same
value either way; a report or an export goes to a file (written atomically) or to stdout.
Warnings and errors go to stderr as one line each. Nothing else in the package writes to
stdout or stderr.

Rich is imported only when a screen is drawn: JSON, reports to files and plain lines never
pay for it, and the width of a pipe is found without it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from importlib import import_module
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from improvetrack.files.atomic import write_output
from improvetrack.model.text import safe

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

DEFAULT_WIDTH = 80


# Each result a command shows, by name: the function that gives its JSON and the one that
# draws its screen, as "module:function". A view's module is imported only when that view
# is shown, so JSON never loads Rich and a screen loads only its own module.
VIEWS: dict[str, tuple[str, str]] = {
    "actions": ("data:actions_data", "list_screens:actions_view"),
    "areas": ("data:areas_data", "list_screens:areas_view"),
    "burnup": ("data:burnup_data", "plan_screens:burnup_view"),
    "detail": ("data:detail_data", "action_screens:detail_view"),
    "history": ("data:history_data", "action_screens:history_view"),
    "measure": ("data:measure_data", "measure_screens:measure_view"),
    "measures": ("data:measures_data", "measure_screens:measures_view"),
    "plan": ("data:plan_data", "plan_screens:plan_view"),
    "settings": ("data:settings_data", "plan_screens:settings_view"),
    "status": ("data:status_data", "status_screen:status_view"),
    "status_since": ("data:status_since_data", "status_screen:status_since_view"),
}
# Screens that draw with block characters, told when the terminal cannot show them.
PLAIN_AWARE = frozenset({"measure", "measures"})
TO_JSON = "data:to_json"
TO_TEXT = "cells:to_text"


def _function(where: str) -> Callable[..., Any]:
    """A function of a module in this package, named "module:function"."""
    module, name = where.split(":")
    found: Callable[..., Any] = getattr(import_module(f"improvetrack.render.{module}"), name)
    return found


def _data_of(view: str) -> Callable[[Any], Any]:
    return _function(VIEWS[view][0])


def _screen_of(view: str, plain: bool = False) -> Callable[[Any, int], RenderableType | str]:
    screen = _function(VIEWS[view][1])
    if view in PLAIN_AWARE:
        return lambda item, width: screen(item, width, plain)
    return screen


class Output:
    """Where a run's results and messages go, and how they look there."""

    def __init__(
        self,
        colour: str = "auto",
        *,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._colour = colour
        self._stdout = stdout
        self._stderr = stderr
        self._environ = os.environ if environ is None else environ

    # Looked up at each write, not kept: a test runner swaps the streams after start-up.
    @property
    def stdout(self) -> IO[str]:
        return self._stdout or sys.stdout

    @property
    def stderr(self) -> IO[str]:
        return self._stderr or sys.stderr

    @cached_property
    def is_terminal(self) -> bool:
        try:
            return self.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    @cached_property
    def colour(self) -> bool:
        """Whether results carry colour: on a terminal unless told otherwise."""
        if self._colour == "auto":
            return self.is_terminal and self._environ.get("TERM") != "dumb"
        return self._colour == "always"

    @cached_property
    def plain(self) -> bool:
        """Whether to draw with ASCII only: a dumb terminal, or output in an encoding that
        has no block characters."""
        if self._environ.get("TERM") == "dumb":
            return True
        try:
            "▁█●".encode(getattr(self.stdout, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            return True
        return False

    @cached_property
    def width(self) -> int:
        """Columns to lay results out in: $COLUMNS, else the terminal's, else 80.

        The same rule as Rich's, so a screen drawn into a pipe from a terminal keeps the
        terminal's width, without importing Rich to learn it.
        """
        columns = self._environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        for descriptor in (0, 1, 2):
            try:
                return os.get_terminal_size(descriptor).columns or DEFAULT_WIDTH
            except (OSError, ValueError):
                continue
        return DEFAULT_WIDTH

    # --- results ---------------------------------------------------------------------------

    def result(self, view: str, value: Any, *, json: bool = False) -> None:
        """Show a computed result (`view` names it: "status", "actions"…): as JSON for
        scripts, else as its terminal screen."""
        if json:
            self.json(_data_of(view)(value))
        else:
            self.show(_screen_of(view, self.plain)(value, self.width))

    def json(self, data: Any) -> None:
        self.write(_function(TO_JSON)(data))

    def show(self, renderable: RenderableType | str) -> None:
        """Draw a Rich renderable, or write text laid out already; into a pipe or a file,
        without Rich's padding spaces."""
        if isinstance(renderable, str):
            self.write(renderable)
            return
        if self.is_terminal:
            self._console().print(renderable)
        else:
            self.write(_function(TO_TEXT)(renderable, width=self.width, colour=self.colour))

    def _console(self) -> Console:
        from rich.console import Console

        return Console(
            file=self.stdout,
            width=self.width,
            highlight=False,
            emoji=False,
            no_color=not self.colour,
            force_terminal=self.colour or None,
        )

    def line(self, text: str = "") -> None:
        """A line of plain text to stdout (register text in it must already be `safe`)."""
        self.write(f"{text}\n")

    def exact(self, value: object) -> None:
        """A value a script captures as it is, such as a path: exact into a pipe, and
        inert on a terminal, where control characters in it would act."""
        self.line(safe(value) if self.is_terminal else str(value))

    def write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def write_bytes(self, data: bytes) -> None:
        """Bytes as they are (a CSV's byte-order mark), where stdout takes bytes."""
        self.stdout.flush()
        binary = getattr(self.stdout, "buffer", None)
        if binary is None:
            self.write(data.decode("utf-8"))
            return
        binary.write(data)
        binary.flush()

    def laid_out(self, path: Path | None) -> tuple[int, bool]:
        """The width and colour a report is made at: this output's for stdout, plain at
        the default width for a file."""
        return (self.width, self.colour) if path is None else (DEFAULT_WIDTH, False)

    def publish(
        self,
        render: Callable[[int, bool], str | bytes],
        path: Path | None,
        *,
        protect: list[Path],
        done: str | None = None,
    ) -> None:
        """A report or an export: to `path` (atomically, never over a register in
        `protect`), else to stdout at this output's width and colour."""
        if path is None:
            result = render(self.width, self.colour)
            if isinstance(result, str):
                self.write(result)
            else:
                self.write_bytes(result)
            return
        data = render(DEFAULT_WIDTH, False)
        write_output(
            path, data if isinstance(data, bytes) else data.encode("utf-8"), register=protect
        )
        if done:  # for the person who ran it: stderr, so `--output /dev/stdout` stays data
            self.note(done)

    # --- progress --------------------------------------------------------------------------

    @contextmanager
    def progress(self, after: float = 1.0) -> Iterator[Callable[[str, int, int], None]]:
        """A callback for long work to say how far it has got: `tick(what, done, total)`
        (total 0 when it cannot tell). On a terminal, once the work has taken `after`
        seconds, a Rich progress bar shows it on stderr and is cleared at the end;
        elsewhere the callback does nothing, so a pipe or a log gets no bar."""
        try:
            shown = self.stderr.isatty()
        except (AttributeError, ValueError):
            shown = False
        started = time.monotonic()
        bar: Any = None
        task: Any = None

        def tick(what: str, done: int, total: int) -> None:
            nonlocal bar, task
            if not shown:
                return
            if bar is None:
                if time.monotonic() - started < after:
                    return
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                    TimeElapsedColumn,
                )

                console = Console(file=self.stderr, no_color=not self.colour, highlight=False)
                bar = Progress(
                    TextColumn("{task.description}", markup=False),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=console,
                    transient=True,
                )
                bar.start()
                task = bar.add_task(safe(what), total=total or None)
            bar.update(task, description=safe(what), completed=done, total=total or None)

        try:
            yield tick
        finally:
            if bar is not None:
                bar.stop()

    # --- messages --------------------------------------------------------------------------

    def warn(self, message: object) -> None:
        self._say(f"warning: {safe(message)}")

    def error(self, message: object) -> None:
        self._say(f"error: {safe(message)}")

    def note(self, *messages: object) -> None:
        """Lines for the person at the keyboard, not for the result: to stderr."""
        for message in messages:
            self._say(safe(message))

    def _say(self, line: str) -> None:
        self.stdout.flush()
        self.stderr.write(f"{line}\n")
        self.stderr.flush()
