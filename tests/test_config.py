"""The config file and the order settings are taken in: flags, environment, file, defaults."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, Invoke


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "improvetrack" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def _settings(invoke: Invoke, *args: str) -> dict[str, dict[str, str]]:
    result = invoke(*args, "config", "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, dict[str, str]] = json.loads(result.stdout)
    return data


def test_defaults_without_a_config_file(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPROVETRACK_USER")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("IMPROVETRACK_LOCK_TIMEOUT")
    settings = _settings(invoke)
    assert settings["config file"]["value"].endswith("config.toml (not there)")
    assert settings["register"]["value"] == "(none found)"
    assert settings["by"]["source"] == "login name"
    assert settings["colour"] == {"value": "auto", "source": "default (colour on a terminal only)"}
    assert settings["lock_timeout"] == {"value": "10 s", "source": "default"}
    assert settings["as_of"] == {"value": "2026-11-27", "source": "--as-of or $IMPROVETRACK_TODAY"}


def test_config_file_beats_defaults_and_loses_to_environment_and_flags(
    invoke: Invoke, config_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    configured = tmp_path / "configured.toml"
    shutil.copy(SAMPLE, configured)
    config_file.write_text(
        f'register = "{configured}"\nby = "Head of Service"\ncolour = "never"\nlock_timeout = 3\n'
    )
    monkeypatch.delenv("IMPROVETRACK_USER")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("IMPROVETRACK_LOCK_TIMEOUT")
    settings = _settings(invoke)
    assert settings["register"]["value"] == str(configured)
    assert settings["register"]["source"].startswith("register in ")
    assert settings["by"] == {"value": "Head of Service", "source": "config file"}
    assert settings["colour"] == {"value": "never", "source": "config file"}
    assert settings["lock_timeout"] == {"value": "3 s", "source": "config file"}
    # the config's `by` is who changes are logged as
    assert invoke("start", "ASM-5").exit_code == 0
    assert json.loads(invoke("show", "ASM-5", "--json").stdout)["log"][-1]["by"] == (
        "Head of Service"
    )
    # the environment beats the file
    monkeypatch.setenv("IMPROVETRACK_USER", "env-user")
    monkeypatch.setenv("IMPROVETRACK_LOCK_TIMEOUT", "7")
    from_env = tmp_path / "from-env.toml"
    shutil.copy(SAMPLE, from_env)
    monkeypatch.setenv("IMPROVETRACK_REGISTER", str(from_env))
    settings = _settings(invoke)
    assert settings["by"] == {"value": "env-user", "source": "$IMPROVETRACK_USER"}
    assert settings["lock_timeout"] == {"value": "7 s", "source": "$IMPROVETRACK_LOCK_TIMEOUT"}
    assert settings["register"]["source"] == "from $IMPROVETRACK_REGISTER"
    # and flags beat the environment
    assert _settings(invoke, "--register", "flag.toml")["register"] == {
        "value": "flag.toml",
        "source": "from --register",
    }
    assert invoke("start", "ASM-2", "--by", "flag-user").exit_code == 2  # already started
    assert invoke("update", "ASM-2", "--note", "x", "--by", "flag-user").exit_code == 0


def test_a_local_register_beats_the_configured_one(
    invoke: Invoke, config_file: Path, sample: Path
) -> None:
    config_file.write_text('register = "/nowhere/plan.toml"\n')
    assert invoke("where").stdout.strip() == str(sample.resolve())


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("colr = 1\n", "unknown setting colr"),
        ('colour = "sometimes"\n', "colour: expected one of auto, always, never"),
        ("lock_timeout = -1\n", "lock_timeout: expected a number of seconds"),
        ("by = 3\n", "by: expected text"),
        ("by = \n", "invalid TOML"),
    ],
)
def test_a_bad_config_file_is_a_clean_error(
    invoke: Invoke, config_file: Path, monkeypatch: pytest.MonkeyPatch, text: str, needle: str
) -> None:
    monkeypatch.delenv("IMPROVETRACK_USER")
    config_file.write_text(text)
    result = invoke("config")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {config_file}") and needle in result.stderr


def test_colour_setting_is_obeyed(
    invoke: Invoke, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    config_file.write_text('colour = "always"\n')
    coloured = invoke("-r", str(SAMPLE), "status").stdout
    assert "\x1b[" in coloured
    config_file.write_text('colour = "never"\n')
    assert "\x1b[" not in invoke("-r", str(SAMPLE), "status").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    config_file.write_text('colour = "always"\n')
    assert "\x1b[" not in invoke("-r", str(SAMPLE), "status").stdout


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "huge"])
def test_a_config_file_that_is_not_a_small_regular_file_is_refused(
    tmp_path: Path, kind: str
) -> None:
    # Settings come only from a regular file of bounded size: a named pipe would wait for
    # a writer for ever and a device would never end.
    path = tmp_path / "config.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("# a comment\n" * 10_000)
    env = {**os.environ, "IMPROVETRACK_CONFIG": str(path), "IMPROVETRACK_REGISTER": str(SAMPLE)}
    env.pop("IMPROVETRACK_USER", None)  # so that `by` is read from the config
    result = subprocess.run(
        [sys.executable, "-m", "improvetrack", "config"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # a bound on a hang, not a measure of speed
    )
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    expected = {
        "fifo": "is a named pipe, not a config file",
        "device": "is a character device, not a config file",
        "folder": "is a folder; expected the config file",
        "huge": "over the 64 KB a config file may hold; it sets at most four things",
    }
    assert line == f"error: {path}: {expected[kind]}"


def test_a_configured_register_in_an_unknown_home_folder_is_a_clean_error(
    invoke: Invoke, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IMPROVETRACK_REGISTER", raising=False)
    config_file.write_text('register = "~no-such-user-here/plan.toml"\n')
    result = invoke("status")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {config_file}: register: '~no-such-user-here/plan.toml' names a home folder "
        "this machine does not have; write the register's full path\n"
    )
