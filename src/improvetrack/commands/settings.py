"""The settings of one run, resolved once and passed down.

A flag beats the environment, which beats the config file, which beats the default, and
every value knows where it came from (`improvetrack config` shows them). The CLI builds
one `Settings` per run from its options; the store, the change log and the renderers
receive plain values from it and never look at the environment or the config file.

Each value is worked out the first time it is asked for and then kept, so a command pays
only for what it uses: the config file is read only when a value is not given by a flag
or the environment (`NO_COLOR=1 status --register X` never reads it).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from improvetrack.errors import RegisterNotFound, UsageError
from improvetrack.files.config import ConfigInvalid, Setting, load
from improvetrack.files.defaults import LOCAL_NAME, LOCK_TIMEOUT, USER_NAME
from improvetrack.model.dates import parse_date

T = TypeVar("T")

REGISTER_VARIABLE = "IMPROVETRACK_REGISTER"
TODAY_VARIABLE = "IMPROVETRACK_TODAY"
USER_VARIABLE = "IMPROVETRACK_USER"
LOCK_TIMEOUT_VARIABLE = "IMPROVETRACK_LOCK_TIMEOUT"
CONFIG_VARIABLE = "IMPROVETRACK_CONFIG"
EXAMPLE_DATE = "2027-03-31"


class Settings:
    """Everything a run takes from outside the register: its flags, the environment and
    the user's config file."""

    def __init__(
        self,
        *,
        register: Path | None = None,
        as_of: str | None = None,
        environ: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self._register_option = register
        self._as_of_option = as_of
        self._environ = os.environ if environ is None else environ
        self._cwd = cwd

    def _env(self, name: str) -> str | None:
        value = self._environ.get(name)
        if value is None:
            return None
        return utf8_text(value, f"${name}", "set it again from a terminal that uses UTF-8")

    @cached_property
    def config_path(self) -> Setting[Path]:
        if env := self._env(CONFIG_VARIABLE):
            return Setting(Path(env), f"${CONFIG_VARIABLE}")
        from platformdirs import user_config_path

        return Setting(user_config_path("improvetrack", appauthor=False) / "config.toml", "default")

    @cached_property
    def config(self) -> dict[str, Any]:
        """The config file's settings, checked once; empty when there is no file."""
        return load(self.config_path.value)

    @cached_property
    def as_of(self) -> Setting[date]:
        """The date everything is measured as of: --as-of, $IMPROVETRACK_TODAY, or today."""
        today = date.today()
        # Empty is a slip (a variable that was never filled in), not a way to say today.
        if self._as_of_option is not None:
            if not self._as_of_option.strip():
                raise UsageError(
                    f"--as-of is empty; give a date like {EXAMPLE_DATE}, or leave the option "
                    "out to measure as of today"
                )
            return Setting(parse_date(self._as_of_option, today, what="--as-of"), "--as-of")
        env = self._env(TODAY_VARIABLE)
        if env is not None:
            if not env.strip():
                raise UsageError(
                    f"${TODAY_VARIABLE} is set but empty; set it to a date like {EXAMPLE_DATE}, "
                    f"or unset it (unset {TODAY_VARIABLE}) to measure as of today"
                )
            return Setting(parse_date(env, today, what=f"${TODAY_VARIABLE}"), f"${TODAY_VARIABLE}")
        return Setting(today, "today")

    @property
    def pinned(self) -> bool:
        """Whether the date was given, so changes are stamped reproducibly (see `changes`)."""
        return self.as_of.source != "today"

    @cached_property
    def by(self) -> Setting[str]:
        """Who changes are logged as: $IMPROVETRACK_USER, `by` in the config, the login."""
        if user := self._env(USER_VARIABLE):
            return Setting(user, f"${USER_VARIABLE}")
        if configured := self.config.get("by"):
            return Setting(str(configured), "config file")
        import getpass  # only edits and `config` need it

        try:
            return Setting(getpass.getuser(), "login name")
        except (KeyError, OSError):
            return Setting("unknown", "login name (not found)")

    @cached_property
    def colour(self) -> Setting[str]:
        """auto, always or never: $NO_COLOR and $FORCE_COLOR, then the config file."""
        if self._env("NO_COLOR"):
            return Setting("never", "$NO_COLOR")
        if self._env("FORCE_COLOR"):
            return Setting("always", "$FORCE_COLOR")
        if configured := self.config.get("colour"):
            return Setting(str(configured), "config file")
        return Setting("auto", "default (colour on a terminal only)")

    @cached_property
    def lock_timeout(self) -> Setting[float]:
        """Seconds to wait for another writer before giving up."""
        setting = (self._env(LOCK_TIMEOUT_VARIABLE) or "").strip()
        if not setting:
            if (configured := self.config.get("lock_timeout")) is not None:
                return Setting(float(configured), "config file")
            return Setting(LOCK_TIMEOUT, "default")
        try:
            seconds = float(setting)
        except ValueError:
            seconds = math.nan
        # filelock waits for ever on a negative timeout (and on NaN): a typo must not hang CI.
        if not 0 <= seconds < math.inf:
            raise UsageError(
                f"${LOCK_TIMEOUT_VARIABLE}: expected a number of seconds like {LOCK_TIMEOUT:g}, "
                f"got {setting!r}"
            )
        return Setting(seconds, f"${LOCK_TIMEOUT_VARIABLE}")

    @cached_property
    def register(self) -> Setting[Path]:
        """The register in use: --register, $IMPROVETRACK_REGISTER, the nearest
        improvetrack.toml upwards, `register` in the config file, the user data folder."""
        if self._register_option is not None:
            return Setting(self._register_option, "from --register")
        if env := self._env(REGISTER_VARIABLE):
            return Setting(Path(env), f"from ${REGISTER_VARIABLE}")
        here = (self._cwd or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            candidate = folder / LOCAL_NAME
            if candidate.is_file():
                return Setting(candidate, f"nearest {LOCAL_NAME} from {here}")
        if configured := self.config.get("register"):
            try:
                found = Path(str(configured)).expanduser()
            except RuntimeError:  # ~name of a user this machine does not know
                raise ConfigInvalid(
                    f"{self.config_path.value}: register: {configured!r} names a home "
                    "folder this machine does not have; write the register's full path"
                ) from None
            return Setting(found, f"register in {self.config_path.value}")
        user = user_register_path()
        if user.is_file():
            return Setting(user, "the user data folder")
        raise RegisterNotFound(
            f"no register found: no {LOCAL_NAME} in {here} or its parents, and no {user}; "
            f"create one with `improvetrack init` (or `improvetrack init --example`)"
        )

    def new_register_path(self, given: Path | None) -> Path:
        """Where `init` creates a register: its argument, --register, the environment, or
        improvetrack.toml in the current folder."""
        if given is not None:
            return given
        if self._register_option is not None:
            return self._register_option
        if env := self._env(REGISTER_VARIABLE):
            return Path(env)
        return Path(LOCAL_NAME)

    def describe(self) -> dict[str, Setting[str]]:
        """Every setting as a command would use it now, by name, for `improvetrack config`."""
        path = self.config_path
        shown = f"{path.value}" if path.value.is_file() else f"{path.value} (not there)"
        rows = {"config file": Setting(shown, path.source)}
        try:
            rows["register"] = Setting(str(self.register.value), self.register.source)
        except RegisterNotFound:
            rows["register"] = Setting("(none found)", "see `improvetrack where`")
        rows["by"] = self.by
        rows["colour"] = self.colour
        timeout = self.lock_timeout
        rows["lock_timeout"] = Setting(f"{timeout.value:g} s", timeout.source)
        source = "--as-of or $IMPROVETRACK_TODAY" if self.pinned else "today"
        rows["as_of"] = Setting(self.as_of.value.isoformat(), source)
        return rows


def utf8_text(value: str, what: str, fix: str) -> str:
    """`value`, if it is text: an argument or a variable whose bytes are not UTF-8 reaches
    Python with them as lone surrogates, which no file or terminal can be given."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        found = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        raise UsageError(f"{what} is not UTF-8 text ({found}); {fix}") from None
    return value


def user_register_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("improvetrack", appauthor=False) / USER_NAME
