"""The user's config file: reading and checking it. `settings` decides when it counts.

The file lives in the platform's user config folder (`~/.config/improvetrack/config.toml`
on Linux, or where $IMPROVETRACK_CONFIG says) and may set:

    register = "~/plans/children.toml"   # used when no improvetrack.toml is found upwards
    by = "Head of Service, Assessment"   # who changes are logged as
    colour = "auto"                      # auto | always | never
    lock_timeout = 10                    # seconds to wait for another writer
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Generic, TypeVar

from improvetrack.errors import ImprovetrackError
from improvetrack.files.atomic import KINDS
from improvetrack.files.toml import toml_reader
from improvetrack.model.records import record

T = TypeVar("T")

COLOURS = ("auto", "always", "never")
KEYS = ("register", "by", "colour", "lock_timeout")
MAX_CONFIG_BYTES = 64 * 1024  # four settings fit in a few lines; more is not a config file


@record
class Setting(Generic[T]):
    """A setting's value and where it came from, in words a person reads."""

    value: T
    source: str


class ConfigInvalid(ImprovetrackError):
    """The user's config file cannot be used."""


def load(path: Path) -> dict[str, Any]:
    """The config file's settings, checked; an empty dict when there is no file."""
    data = _config_bytes(path)
    if data is None:
        return {}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigInvalid(
            f"{path}: the config file is not UTF-8 text; save it as UTF-8"
        ) from None
    reader = toml_reader()
    try:
        settings: dict[str, Any] = reader.loads(text)
    except reader.TOMLDecodeError as exc:
        raise ConfigInvalid(f"{path}: invalid TOML in the config file: {exc}") from None
    unknown = sorted(set(settings) - set(KEYS))
    if unknown:
        raise ConfigInvalid(
            f"{path}: unknown setting {', '.join(unknown)}; expected {', '.join(KEYS)}"
        )
    for key in ("register", "by"):
        if key in settings and not (isinstance(settings[key], str) and settings[key].strip()):
            raise ConfigInvalid(f"{path}: {key}: expected text in quotes")
    if "colour" in settings and settings["colour"] not in COLOURS:
        raise ConfigInvalid(f"{path}: colour: expected one of {', '.join(COLOURS)}")
    timeout = settings.get("lock_timeout", 1)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 <= timeout < 1e9:
        raise ConfigInvalid(f"{path}: lock_timeout: expected a number of seconds, 0 or more")
    return settings


def _config_bytes(path: Path) -> bytes | None:
    """The config file's bytes, or None when there is none.

    Opened without waiting (a named pipe would wait for a writer for ever) and read only
    when it is a regular file of at most MAX_CONFIG_BYTES (a device may never end).
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigInvalid(f"{path}: cannot read the config file ({exc.strerror})") from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise ConfigInvalid(f"{path}: is a folder; expected the config file")
        if not stat.S_ISREG(mode):
            kind = KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise ConfigInvalid(f"{path}: is {kind}, not a config file")
        data = os.read(handle, MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigInvalid(f"{path}: cannot read the config file ({exc.strerror})") from None
    finally:
        os.close(handle)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigInvalid(
            f"{path}: over the {MAX_CONFIG_BYTES // 1024} KB a config file may hold; "
            "it sets at most four things"
        )
    return data
