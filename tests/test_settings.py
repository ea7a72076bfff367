"""Settings are resolved once, in the documented order, each with where it came from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from improvetrack.commands.settings import Setting, Settings, user_register_path
from improvetrack.errors import RegisterNotFound, UsageError
from tests.conftest import MINIMAL


def test_the_register_is_found_in_the_documented_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nested = tmp_path / "project" / "docs" / "deep"
    nested.mkdir(parents=True)
    with pytest.raises(RegisterNotFound, match="improvetrack init"):
        _ = Settings(cwd=nested).register
    user = user_register_path()
    user.parent.mkdir(parents=True)
    user.write_text(MINIMAL)
    assert Settings(cwd=nested).register == Setting(user, "the user data folder")
    local = tmp_path / "project" / "improvetrack.toml"
    local.write_text(MINIMAL)
    assert Settings(cwd=nested).register.value == local
    monkeypatch.setenv("IMPROVETRACK_REGISTER", "from-env.toml")
    assert Settings(cwd=nested).register == Setting(
        Path("from-env.toml"), "from $IMPROVETRACK_REGISTER"
    )
    assert Settings(register=Path("flag.toml"), cwd=nested).register.source == "from --register"


def test_as_of_comes_from_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(as_of="2027-01-01").as_of == Setting(date(2027, 1, 1), "--as-of")
    monkeypatch.setenv("IMPROVETRACK_TODAY", "01/02/2027")
    settings = Settings()
    assert settings.as_of == Setting(date(2027, 2, 1), "$IMPROVETRACK_TODAY")
    assert settings.pinned
    monkeypatch.delenv("IMPROVETRACK_TODAY")
    assert Settings().as_of == Setting(date.today(), "today")
    assert not Settings().pinned
    monkeypatch.setenv("IMPROVETRACK_TODAY", "soon")
    with pytest.raises(UsageError, match="IMPROVETRACK_TODAY"):
        _ = Settings().as_of


def test_settings_read_the_given_environment_not_the_process_one(tmp_path: Path) -> None:
    environ = {"IMPROVETRACK_USER": "someone", "IMPROVETRACK_LOCK_TIMEOUT": "3", "NO_COLOR": "1"}
    settings = Settings(environ=environ, cwd=tmp_path)
    assert settings.by == Setting("someone", "$IMPROVETRACK_USER")
    assert settings.lock_timeout == Setting(3.0, "$IMPROVETRACK_LOCK_TIMEOUT")
    assert settings.colour == Setting("never", "$NO_COLOR")


def test_a_command_that_names_its_register_never_reads_the_config_file(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text("not toml = = =")
    environ = {"IMPROVETRACK_CONFIG": str(broken), "NO_COLOR": "1", "IMPROVETRACK_TODAY": "+0d"}
    settings = Settings(register=tmp_path / "plan.toml", environ=environ)
    assert settings.register.value == tmp_path / "plan.toml"
    assert settings.colour.value == "never"
    assert "config" not in settings.__dict__  # never loaded, so never a reason to fail
