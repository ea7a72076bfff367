"""Shell completion offers IDs, areas, statuses and owners from the register, safely."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from improvetrack.completion import candidates
from improvetrack.settings import Settings
from tests.conftest import SAMPLE


def _settings(register: Path | None = None) -> Settings:
    return Settings(register=register)


def test_candidates_of_each_kind(sample: Path) -> None:
    ids = [value for value, _ in candidates("id", _settings(), "edu")]
    assert ids == ["EDU-1", "EDU-2", "EDU-3", "EDU-4", "EDU-5"]
    assert candidates("area", _settings(), "tr") == [
        ("transitions", "Transitions to adult services")
    ]
    assert [value for value, _ in candidates("status", _settings(), "a")] == ["awaiting-sign-off"]
    owners = [value for value, _ in candidates("owner", _settings(), "Virtual")]
    assert owners and all(owner.startswith("Virtual") for owner in owners)


def test_no_register_offers_nothing(tmp_path: Path) -> None:
    assert candidates("id", _settings(tmp_path / "missing.toml"), "") == []
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = [")
    assert candidates("area", _settings(broken), "") == []


def test_completion_text_is_inert(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        'schema = 1\n[plan]\ntitle = "p"\n[areas.a]\ntitle = "A \\u001b]0;owned\\u0007"\n'
        'prefix = "A"\n[actions.A-1]\narea = "a"\ntitle = "\\u001b[31mred"\nowner = "x\\u009by"\n'
    )
    for kind in ("id", "area", "owner"):
        for value, note in candidates(kind, _settings(path), ""):
            assert not any(ord(char) < 32 or 127 <= ord(char) < 160 for char in value + note)


def _complete(shell: str, words: str, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "_IMPROVETRACK_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": words,
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "IMPROVETRACK_REGISTER": str(SAMPLE),
    }
    script = "from improvetrack.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_completes_ids_and_areas(shell: str, tmp_path: Path) -> None:
    ids = _complete(shell, "improvetrack show TRN", tmp_path)
    assert "TRN-1" in ids and "TRN-4" in ids and "ASM-1" not in ids
    areas = _complete(shell, "improvetrack add ", tmp_path)
    assert "assessments" in areas and "understanding" in areas
    statuses = _complete(shell, "improvetrack list --status in", tmp_path)
    assert "in-progress" in statuses


def test_completion_scripts_install_for_each_shell(tmp_path: Path) -> None:
    for shell in ("bash", "zsh", "fish"):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "from improvetrack.cli import main; main()",
                "--show-completion",
                shell,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        )
        assert result.returncode == 0, result.stderr
        assert "_IMPROVETRACK_COMPLETE" in result.stdout, shell
