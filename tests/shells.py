"""Real interactive shells in tmux, for the completion tests: type, press Tab, press Enter.

Each session has a home of its own with improvetrack's completion installed the way a user
installs it (`--install-completion SHELL`), and an `improvetrack` on PATH that runs the
real tool when a shell asks it for completions and otherwise only writes the arguments it
was given to a JSON file. So the tests see exactly what the shell would have run, and
nothing the completion put on the command line is ever executed by the tool.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.browser import in_ci

SHELLS = ("bash", "zsh", "fish")
WAIT = 30.0  # seconds: a bound on each wait, so a broken shell fails instead of hanging
POLL = 0.02

_WRAPPER = """\
#!/bin/sh
if [ -n "$_IMPROVETRACK_COMPLETE" ]; then
    exec {python} -m improvetrack "$@"
fi
exec {python} -c 'import json, os, sys
with open(os.environ["ARGV_RECORD"], "w", encoding="utf-8", errors="surrogateescape") as f:
    json.dump(sys.argv[1:], f)' "$@"
"""

# Each shell's start: no system or user start-up files but the home's own.
_COMMANDS = {
    "bash": ["bash", "--noprofile", "--rcfile", "{home}/.bashrc", "-i"],
    "zsh": ["zsh", "-i"],
    "fish": ["fish", "--no-config", "-i", "-C", "source {home}/.config/fish/init.fish"],
}


def missing(shell: str) -> str | None:
    """Why a shell's completion cannot be tried here, or None when it can."""
    for program in ("tmux", shell):
        if shutil.which(program) is None:
            return f"no {program} (apt-get install {program})"
    return None


def require(shell: str) -> None:
    """Skip without the shell or tmux, except in CI, where they must be there."""
    import pytest

    reason = missing(shell)
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"CI=true, so the {shell} completion tests must run, but there is {reason}")
    pytest.skip(f"{shell} completion: {reason}")


def _wait(what: str, ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(POLL)
    raise AssertionError(f"gave up waiting for {what}")


class Session:
    """One interactive shell in a tmux server of its own, in `work` as its folder."""

    def __init__(self, shell: str, root: Path) -> None:
        self.shell = shell
        self.home = root / "home"
        self.work = root / "work"
        self.record = root / "argv.json"
        bin_dir = root / "bin"
        for folder in (self.home, self.work, bin_dir):
            folder.mkdir(parents=True, exist_ok=True)
        wrapper = bin_dir / "improvetrack"
        wrapper.write_text(_WRAPPER.format(python=shlex.quote(sys.executable)))
        wrapper.chmod(0o755)
        self.environ = {
            "HOME": str(self.home),
            "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "ARGV_RECORD": str(self.record),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "ZDOTDIR": str(self.home),
            "NO_COLOR": "1",
            "IMPROVETRACK_TODAY": "2026-11-27",
            "PYTHONPATH": os.pathsep.join(sys.path),
        }
        self._install()
        self.socket = str(root / "tmux.sock")
        command = [part.format(home=self.home) for part in _COMMANDS[shell]]
        self._tmux(
            "new-session", "-d", "-x", "200", "-y", "50", "-c", str(self.work),
            "env", "-i", *(f"{key}={value}" for key, value in self.environ.items()), *command,
        )  # fmt: skip
        self.prompt()

    def _install(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "improvetrack", "--install-completion", self.shell],
            env={**self.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        marker = "READY>"
        if self.shell == "bash":
            with (self.home / ".bashrc").open("a") as rc:
                rc.write(f"PS1='{marker} '\n")
        elif self.shell == "zsh":
            with (self.home / ".zshrc").open("a") as rc:
                # A Tab loads typer's zsh function without running it: the first Tab of a
                # session would offer nothing, so load it as that first Tab would.
                rc.write(f"PROMPT='{marker} '\nunsetopt BEEP\nsource ~/.zfunc/_improvetrack\n")
        else:
            init = self.home / ".config" / "fish" / "init.fish"
            completions = self.home / ".config" / "fish" / "completions" / "improvetrack.fish"
            init.write_text(
                # No suggestions drawn after the cursor: the line shows only what is typed.
                "set -g fish_greeting ''\nset -g fish_autosuggestion_enabled 0\n"
                f"function fish_prompt; echo -n '{marker} '; end\n"
                f"source {shlex.quote(str(completions))}\n"
            )
        self.marker = marker

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-J")

    def line(self) -> str:
        """The last line holding a prompt: what is being typed."""
        lines = [line for line in self.screen().splitlines() if self.marker in line]
        return lines[-1].split(self.marker, 1)[1].strip() if lines else ""

    def prompt(self) -> None:
        _wait(f"a {self.shell} prompt", lambda: self.screen().rstrip().endswith(self.marker))

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", "0", *(["-l"] if literal else []), *keys)

    def complete(self, typed: str) -> str:
        """Type a line, press Tab, and return the line once the completion is in it."""
        self.record.unlink(missing_ok=True)
        self.keys(typed, literal=True)
        _wait(f"{typed!r} typed", lambda: self.line() == typed.strip())
        self.keys("Tab")
        _wait(f"a completion of {typed!r}", lambda: self.line() != typed.strip())
        return self.line()

    def run(self) -> list[str]:
        """Press Enter and return the arguments the tool was given."""
        self.keys("Enter")
        _wait("the command to run", self.record.is_file)
        _wait("the recorded arguments", lambda: self.record.read_text().endswith("]"))
        arguments: list[str] = json.loads(self.record.read_text())
        self.prompt()
        return arguments

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, timeout=60)
