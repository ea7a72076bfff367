"""The user's settings: flags beat the environment, which beats config.toml, then defaults.

The config file lives in the platform's user config folder (`~/.config/improvetrack/
config.toml` on Linux) and may set:

    register = "~/plans/children.toml"   # used when no improvetrack.toml is found upwards
    by = "Head of Service, Assessment"   # who changes are logged as
    colour = "auto"                      # auto | always | never
    lock_timeout = 10                    # seconds to wait for another writer
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from improvetrack.errors import ImprovetrackError

CONFIG_VARIABLE = "IMPROVETRACK_CONFIG"
COLOURS = ("auto", "always", "never")
KEYS = ("register", "by", "colour", "lock_timeout")


class ConfigInvalid(ImprovetrackError):
    """The user's config file cannot be used."""


def config_path() -> Path:
    if env := os.environ.get(CONFIG_VARIABLE):
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("improvetrack", appauthor=False) / "config.toml"


def load(path: Path | None = None) -> dict[str, Any]:
    """The config file's settings, checked; an empty dict when there is no file."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigInvalid(f"{path}: cannot read the config file ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigInvalid(f"{path}: invalid TOML in the config file: {exc}") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigInvalid(
            f"{path}: unknown setting {', '.join(unknown)}; expected {', '.join(KEYS)}"
        )
    for key in ("register", "by"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            raise ConfigInvalid(f"{path}: {key}: expected text in quotes")
    if "colour" in data and data["colour"] not in COLOURS:
        raise ConfigInvalid(f"{path}: colour: expected one of {', '.join(COLOURS)}")
    timeout = data.get("lock_timeout", 1)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 <= timeout < 1e9:
        raise ConfigInvalid(f"{path}: lock_timeout: expected a number of seconds, 0 or more")
    return data


def value(key: str) -> Any:
    """One setting from the config file, or None."""
    return load().get(key)


def register_from_config() -> Path | None:
    configured = value("register")
    return Path(configured).expanduser() if configured else None


@dataclass(frozen=True)
class Setting:
    """A setting's effective value and where it came from."""

    name: str
    value: str
    source: str


def effective(register_option: Path | None, as_of: str, as_of_source: str) -> list[Setting]:
    """Every setting as a command would use it now, for `improvetrack config`."""
    from improvetrack import store
    from improvetrack.changes import USER_VARIABLE, current_user
    from improvetrack.errors import RegisterNotFound

    path = config_path()
    file_note = f"{path}" if path.is_file() else f"{path} (not there)"
    settings = [
        Setting(
            "config file",
            file_note,
            f"${CONFIG_VARIABLE}" if os.environ.get(CONFIG_VARIABLE) else "default",
        )
    ]
    try:
        location = store.locate(register_option)
        settings.append(Setting("register", str(location.path), location.how))
    except RegisterNotFound:
        settings.append(Setting("register", "(none found)", "see `improvetrack where`"))
    if os.environ.get(USER_VARIABLE):
        by_source = f"${USER_VARIABLE}"
    elif value("by"):
        by_source = "config file"
    else:
        by_source = "login name"
    settings.append(Setting("by", current_user(), by_source))
    if os.environ.get("NO_COLOR"):
        colour, colour_source = "never", "$NO_COLOR"
    elif os.environ.get("FORCE_COLOR"):
        colour, colour_source = "always", "$FORCE_COLOR"
    elif value("colour"):
        colour, colour_source = value("colour"), "config file"
    else:
        colour, colour_source = "auto", "default (colour on a terminal only)"
    settings.append(Setting("colour", colour, colour_source))
    timeout, timeout_source = store.lock_timeout()
    settings.append(Setting("lock_timeout", f"{timeout:g} s", timeout_source))
    settings.append(Setting("as_of", as_of, as_of_source))
    return settings
