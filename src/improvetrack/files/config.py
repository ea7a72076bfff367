"""The user's config file: reading and checking it. `settings` decides when it counts.

The file lives in the platform's user config folder (`~/.config/improvetrack/config.toml`
on Linux, or where $IMPROVETRACK_CONFIG says) and may set:

    register = "~/plans/children.toml"   # used when no improvetrack.toml is found upwards
    by = "Head of Service, Assessment"   # who changes are logged as
    colour = "auto"                      # auto | always | never
    lock_timeout = 10                    # seconds to wait for another writer
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar

from improvetrack.errors import ImprovetrackError
from improvetrack.files.toml import toml_reader
from improvetrack.model.records import record

T = TypeVar("T")

COLOURS = ("auto", "always", "never")
KEYS = ("register", "by", "colour", "lock_timeout")


@record
class Setting(Generic[T]):
    """A setting's value and where it came from, in words a person reads."""

    value: T
    source: str


class ConfigInvalid(ImprovetrackError):
    """The user's config file cannot be used."""


def load(path: Path) -> dict[str, Any]:
    """The config file's settings, checked; an empty dict when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigInvalid(f"{path}: cannot read the config file ({exc})") from None
    reader = toml_reader()
    try:
        data: dict[str, Any] = reader.loads(text)
    except reader.TOMLDecodeError as exc:
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
