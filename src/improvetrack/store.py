"""Finding, reading, locking and atomically writing the register file."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from improvetrack.errors import (
    ImprovetrackError,
    RegisterInvalid,
    RegisterLocked,
    RegisterNotFound,
    RegisterUnreadable,
    UsageError,
)
from improvetrack.records import record
from improvetrack.register import (
    MAX_NESTING,
    KeyTypo,
    Problem,
    Register,
    from_document,
    key_typos,
    to_document,
)
from improvetrack.settings import LOCAL_NAME

LOCK_TIMEOUT = 10.0


@record
class Loaded:
    """A register as read from its file, with the text and data it was read from."""

    register: Register
    path: Path
    text: str
    document: dict[str, Any]  # the TOML as parsed, to tell whether a change changed anything
    # "FILE:LINE: ..." for each key that looks misspelt (see register.key_typos)
    warnings: list[str]


def parse(text: str, source: str) -> Register:
    """Parse and validate register text; `source` names it in error messages."""
    return _parse(text, source)[0]


@cache
def toml_reader() -> ModuleType:
    """The TOML parser: tomli's compiled build where it is installed, else tomllib.

    tomllib is tomli, taken into the standard library; tomli's wheels are compiled with
    mypyc and parse a register in about half the time, to the same data. A pure-Python
    tomli is no faster than tomllib, so then tomllib is used.
    """
    try:
        import tomli

        if not getattr(tomli._parser, "__file__", "").endswith(".py"):
            return tomli
    except ImportError:
        pass
    import tomllib

    return tomllib


def _parse(text: str, source: str) -> tuple[Register, dict[str, Any]]:
    reader = toml_reader()
    try:
        document = reader.loads(text)
    except reader.TOMLDecodeError as exc:
        raise RegisterUnreadable(f"{source}:{_toml_error(exc, text)}") from None
    except RecursionError:
        # tomllib recurses once per level of [[[...]]] or {a={a=...}}.
        raise RegisterUnreadable(
            f"{source}: invalid register: values nested more than {MAX_NESTING} levels deep"
        ) from None
    register, problems = from_document(document)
    if register is None:
        lines = LineIndex(text)
        raise RegisterInvalid([_place(source, problem, lines) for problem in problems])
    return register, document


def read(path: Path) -> Loaded:
    """Read and validate the register at `path`."""
    text = read_text(
        path,
        missing=RegisterNotFound(
            f"{path}: no such register; create it with `improvetrack init {path}`"
        ),
        unreadable=RegisterUnreadable,
        what="a register file",
        save_hint="save it as UTF-8",
    )
    register, document = _parse(text, str(path))
    warnings: list[str] = []
    if typos := key_typos(register):  # the lines are only looked for when there is a typo
        lines = LineIndex(text)
        warnings = [_place(str(path), typo, lines) for typo in typos]
    return Loaded(register, path, text, document, warnings)


def read_text(
    path: Path,
    *,
    missing: ImprovetrackError,
    unreadable: type[ImprovetrackError],
    what: str,
    save_hint: str,
) -> str:
    """A UTF-8 text file (a byte-order mark is allowed), or one clear error naming it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise missing from None
    except IsADirectoryError:
        raise unreadable(f"{path}: is a folder; expected {what}") from None
    except PermissionError:
        raise unreadable(f"{path}: cannot read it (permission denied)") from None
    except OSError as exc:
        raise unreadable(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        # utf-8-sig also accepts the byte-order mark that Windows editors and Excel add.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise unreadable(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); {save_hint}"
        ) from None


def dumps(register: Register) -> str:
    """The register as TOML text, validated: the same content always gives the same text."""
    return dumps_document(to_document(register))


def dumps_document(document: dict[str, Any]) -> str:
    """`dumps` for a register already turned into plain data with `to_document`."""
    from improvetrack import layout

    _, problems = from_document(document)
    if problems:
        raise RegisterInvalid([f"not saved: {problem}" for problem in problems])
    return layout.dumps(document)


@contextmanager
def editing(
    path: Path,
    warn: Callable[[str], None],
    *,
    timeout: float = LOCK_TIMEOUT,
    dry_run: bool = False,
) -> Iterator[Loaded]:
    """Lock the register, re-read it, let the caller change it, then write it atomically.

    If the block raises, nothing is written. `warn` hears about anything the user should
    know: keys that look misspelt, and comments that will not survive a rewrite. A dry
    run makes the same changes and the same checks, and writes nothing.
    """
    if dry_run:
        loaded = read(path)
        for message in loaded.warnings:
            warn(message)
        yield loaded
        dumps(loaded.register)
        return
    with locked(path, timeout=timeout):
        loaded = read(path)
        for message in loaded.warnings:
            warn(message)
        yield loaded
        document = to_document(loaded.register)
        if document == loaded.document:
            return  # nothing changed: leave the file, comments and all, as it is
        text = dumps_document(document)
        if has_comments(loaded.text):
            warn(
                f"{path} holds TOML comments, which are not kept when improvetrack rewrites "
                "it; keep notes in fields instead"
            )
        write_atomically(path, text.encode("utf-8"))


def example_text() -> str:
    """The sample plan shipped inside the package (the same as examples/ in the source)."""
    from importlib.resources import files

    return files("improvetrack").joinpath("example.toml").read_text(encoding="utf-8")


def create(path: Path, text: str, *, force: bool, timeout: float = LOCK_TIMEOUT) -> None:
    """Write a new register, refusing to replace one unless `force`."""
    if path.is_dir():
        raise ImprovetrackError(
            f"{path}: is a folder; name the register file, e.g. {path / LOCAL_NAME}"
        )
    parse(text, str(path))
    with locked(path, timeout=timeout):
        if path.exists() and not force:
            raise ImprovetrackError(f"{path}: already exists; use --force to replace it")
        write_atomically(path, text.encode("utf-8"))


@contextmanager
def locked(path: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the register's lock file, waiting up to `timeout` seconds for another writer."""
    from filelock import FileLock, Timeout

    real = _real(path)
    if not real.parent.is_dir():
        # filelock would create the missing folders; a typo in a path must not do that.
        raise ImprovetrackError(f"{path}: folder {real.parent} does not exist")
    lock = FileLock(real.with_name(f".{real.name}.lock"), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise RegisterLocked(
            f"{path}: locked by another improvetrack process for over {timeout:g}s; try again"
        ) from None
    except PermissionError:
        raise ImprovetrackError(f"{path}: cannot lock it (permission denied)") from None
    try:
        remove_stale_temporaries(real)
        yield
    finally:
        lock.release()


def _real(path: Path) -> Path:
    """The file `path` names, through any symbolic links.

    A register shared by a link must stay shared: renaming a new file over the link would
    cut it, and a lock beside the link would not stop a writer using the file's own name.
    """
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


_TEMPORARY_SUFFIX = ".tmp"
# The random part of a temporary file's name, so that a clean-up can tell ours from the rest.
_TEMPORARY_MIDDLE = r"[0-9a-f]{16}"
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _make_temporary(path: Path) -> tuple[int, str]:
    """Create a new, empty, private file beside `path`, named `.NAME.<random>.tmp`."""
    for _ in range(100):
        name = f"{_temporary_prefix(path)}{os.urandom(8).hex()}{_TEMPORARY_SUFFIX}"
        candidate = os.path.join(path.parent, name)
        try:
            return os.open(candidate, _CREATE_FLAGS, 0o600), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete temporary files that writers of `path` killed mid-write left behind.

    Call only while holding the register's lock: `editing` and `create` hold it from making
    their temporary file to renaming it, so any such file found then was left by a writer
    that died. Only regular files named exactly as `write_atomically` names them are touched.
    """
    prefix = _temporary_prefix(path)
    removed: list[Path] = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(_TEMPORARY_SUFFIX)):
            continue
        middle = name[len(prefix) : -len(_TEMPORARY_SUFFIX)]
        if not re.fullmatch(_TEMPORARY_MIDDLE, middle):
            continue
        candidate = path.parent / name
        with suppress(OSError):
            if stat.S_ISREG(candidate.lstat().st_mode):
                candidate.unlink()
                removed.append(candidate)
    return removed


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new, never a part.

    Through a symbolic link, the file it points to is replaced and the link kept.
    """
    path = _real(path)
    folder = path.parent
    if not folder.is_dir():
        raise ImprovetrackError(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise ImprovetrackError(f"cannot write {path}: it is a folder")
    temporary: str | None = None
    try:
        handle, temporary = _make_temporary(path)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException as exc:
        if temporary is not None:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise ImprovetrackError(f"cannot write {path}: {reason}") from None
        raise
    _sync_folder(folder)


def write_output(path: Path, data: bytes, *, register: Path | list[Path]) -> None:
    """Write a report or an export atomically, refusing to replace a register it came from."""
    for source in register if isinstance(register, list) else [register]:
        if _same_file(path, source):
            raise UsageError(f"--output {path}: that is a register itself; choose another file")
    write_atomically(path, data)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return one.resolve() == other.resolve()


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not every platform lets a folder be opened.
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


# --- where things are in the text, for error messages -------------------------------------

# Patterns used only on the way to an error or a write are left as text: `re` compiles
# (and keeps) each the first time it is used, so a run that reads never pays for them.
_POSITION = r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$"


def _toml_error(exc: ValueError, text: str) -> str:
    message = str(exc)
    match = re.search(_POSITION, message)
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if line is not None and column is not None:  # tomli says where, even at the end
        where = f"{line}:{column}"
    elif match and match[1]:
        where = f"{match[1]}:{match[2]}"
    else:  # "at end of document": name the last line, as an editor would show it
        where = str(max(text.count("\n") + (0 if text.endswith("\n") else 1), 1))
    text = message[: match.start()] if match else message
    return f"{where}: invalid TOML: {text}"


def _place(source: str, problem: Problem | KeyTypo, lines: LineIndex) -> str:
    line = lines.find(problem.path)
    return f"{source}:{line}: {problem}" if line else f"{source}: {problem}"


_HEADER = r"\s*(\[\[?)([^\]]+)\]\]?"


def _key_parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))


class LineIndex:
    """Where each table and key of a TOML text is set, read in one pass.

    Good enough for error messages: table headers (the n-th `[[x]]` is `x.n`) and
    `key = value` lines; a key inside an inline table points at its table's line.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        arrays: dict[tuple[str, ...], int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if header := re.match(_HEADER, line):
                table = _key_parts(header[2])
                if header[1] == "[[":
                    count = arrays.get(table, 0)
                    arrays[table] = count + 1
                    self.lines.setdefault(table, number)
                    table = (*table, str(count))
                self.lines.setdefault(table, number)
            elif "=" in line:
                self.lines.setdefault(table + _key_parts(line.split("=", 1)[0]), number)

    def find(self, path: tuple[str, ...]) -> int | None:
        """The line of the longest known prefix of `path`."""
        for depth in range(len(path), 0, -1):
            if (line := self.lines.get(path[:depth])) is not None:
                return line
        return None


def find_line(text: str, path: tuple[str, ...]) -> int | None:
    """The line where the key at `path` is set (one lookup; use LineIndex for many)."""
    return LineIndex(text).find(path)


_STRING_OR_COMMENT = (
    r'"""(?:\\[\s\S]|[^\\])*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#'
)


def has_comments(text: str) -> bool:
    """Whether TOML text holds a comment: a '#' outside every kind of string."""
    if "#" not in text:
        return False
    return any(match[0] == "#" for match in re.finditer(_STRING_OR_COMMENT, text))
