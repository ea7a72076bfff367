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
from typing import TYPE_CHECKING, Any, TypeVar

from improvetrack.errors import (
    ImprovetrackError,
    NotWritable,
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
from improvetrack.settings import LOCAL_NAME, LOCK_TIMEOUT

if TYPE_CHECKING:
    from improvetrack.lock import RegisterLock

# The most a register file may hold. 50 MB is some 170,000 actions, far past any plan a
# board can follow; reading one that size takes seconds and some 13 times its size in
# memory (a change about 19 times), and every change rewrites the whole file.
MAX_REGISTER_BYTES = 50_000_000


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
    return _load(_register_text(path), path)


def _register_text(path: Path) -> str:
    # The bytes go as soon as they are decoded: near the size limit they are 50 MB.
    return _decode(_register_bytes(path), path, RegisterUnreadable, "save it as UTF-8")


def _load(text: str, path: Path) -> Loaded:
    register, document = _parse(text, str(path))
    warnings: list[str] = []
    if typos := key_typos(register):  # the lines are only looked for when there is a typo
        lines = LineIndex(text)
        warnings = [_place(str(path), typo, lines) for typo in typos]
    return Loaded(register, path, text, document, warnings)


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _register_bytes(path: Path) -> bytes:
    """The bytes of the register file at `path`, after checking by stat what it is.

    Only a regular file (through any links) is read: reading a named pipe waits for a
    writer that may never come, and a device may never end. A file over
    MAX_REGISTER_BYTES is refused before it is read.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        raise RegisterNotFound(
            f"{path}: no such register; create it with `improvetrack init {path}`"
        ) from None
    except OSError as exc:
        raise _unreadable(path, exc, RegisterUnreadable, "a register file") from None
    if stat.S_ISDIR(status.st_mode):
        raise RegisterUnreadable(f"{path}: is a folder; expected a register file")
    if not stat.S_ISREG(status.st_mode):
        kind = _KINDS.get(stat.S_IFMT(status.st_mode), "not a regular file")
        raise RegisterUnreadable(
            f"{path}: is {kind}, not a register file; name the register's .toml file"
        )
    if status.st_size > MAX_REGISTER_BYTES:
        raise RegisterUnreadable(
            f"{path}: {status.st_size / 1e6:.1f} MB is over the {MAX_REGISTER_BYTES / 1e6:g} MB "
            "a register may hold; split the plan into several registers (status and report "
            "take them all at once)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc, RegisterUnreadable, "a register file") from None


def _unreadable(
    path: Path, exc: OSError, unreadable: type[ImprovetrackError], what: str
) -> ImprovetrackError:
    if isinstance(exc, IsADirectoryError):
        return unreadable(f"{path}: is a folder; expected {what}")
    if isinstance(exc, PermissionError):
        return unreadable(f"{path}: cannot read it (permission denied)")
    return unreadable(f"{path}: cannot read it ({exc.strerror})")


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
    except OSError as exc:
        raise _unreadable(path, exc, unreadable, what) from None
    return _decode(data, path, unreadable, save_hint)


def _decode(data: bytes, path: Path, unreadable: type[ImprovetrackError], save_hint: str) -> str:
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
    know: keys that look misspelt, and what a rewrite will drop (comments). A dry run
    makes the same changes and the same checks, and writes nothing.

    When no other writer is at work, the file is read and parsed before the lock is taken;
    under the lock it is read again, and parsed again only if its text has changed. `edit`
    keeps the lock for less still.
    """
    if dry_run:
        trial = read(path)
        _warn_of(trial, warn)
        yield trial
        dumps(trial.register)
        return
    check_writable(path)
    early = None if _lock_of(path, timeout).busy() else read(path)
    with locked(path, timeout=timeout):
        text = _register_text(path)
        loaded = early if early is not None and text == early.text else _load(text, path)
        del text, early
        _warn_of(loaded, warn)
        yield loaded
        if (document := _changed(loaded)) is None:
            return  # nothing changed: leave the file, comments and all, as it is
        _write_register(path, loaded, dumps_document(document), warn)


def _warn_of(loaded: Loaded, warn: Callable[[str], None]) -> None:
    for message in loaded.warnings:
        warn(message)


Result = TypeVar("Result")


def edit(
    path: Path,
    change: Callable[[Loaded], Result],
    *,
    warn: Callable[[str], None],
    timeout: float = LOCK_TIMEOUT,
) -> Result:
    """Apply `change` to the register at `path` and write the result atomically.

    The lock is held only to check and to write: the file is read, changed, validated and
    serialised first, and under the lock it is read again; if its text is still the one
    that was changed, the new text is written. If another writer changed it meanwhile, the
    change is made again, under the lock, on the file as it is then. So `change` may run
    twice: it should change only the register it is given, and return what the caller
    reports (print after `edit` returns, not in `change`). Nothing is written if `change`
    raises or leaves the register as it was; `warn` is as for `editing`.
    """
    check_writable(path)
    if not _lock_of(path, timeout).busy():
        loaded = read(path)
        _warn_of(loaded, warn)
        result = change(loaded)
        if (document := _changed(loaded)) is None:
            return result
        text = dumps_document(document)
        with locked(path, timeout=timeout):
            if _register_text(path) == loaded.text:
                _write_register(path, loaded, text, warn)
                return result
            return _change_under_lock(path, change, warn)
    with locked(path, timeout=timeout):
        return _change_under_lock(path, change, warn)


def _change_under_lock(
    path: Path, change: Callable[[Loaded], Result], warn: Callable[[str], None]
) -> Result:
    loaded = read(path)
    result = change(loaded)
    if (document := _changed(loaded)) is not None:
        _write_register(path, loaded, dumps_document(document), warn)
    return result


def _changed(loaded: Loaded) -> dict[str, Any] | None:
    """The register's data if the caller changed it since it was read, else None."""
    document = to_document(loaded.register)
    return None if document == loaded.document else document


def _write_register(path: Path, loaded: Loaded, text: str, warn: Callable[[str], None]) -> None:
    """Write a changed register, saying first what the rewrite will drop."""
    if warning := comments_warning(path, loaded.text):
        warn(warning)
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
def locked(path: Path, *, timeout: float = LOCK_TIMEOUT, tidy: bool = False) -> Iterator[None]:
    """Hold the register's lock, after every writer that asked for it first; give up when
    it has not changed hands for `timeout` seconds.

    The lock file takes the register's group and at least its permissions, so that in a
    shared folder whoever locks first does not lock the rest of the group out. With
    `tidy`, a lock file this call made is removed when it lets go: for files that only
    one writer ever locks, such as git's temporary files in a merge.
    """
    from improvetrack.lock import Busy

    real = _real(path)
    if not real.parent.is_dir():
        # filelock would create the missing folders; a typo in a path must not do that.
        raise ImprovetrackError(f"{path}: folder {real.parent} does not exist")
    check_writable(path)
    lock = _lock_of(path, timeout)
    try:
        lock.acquire()
    except Busy:
        raise RegisterLocked(
            f"{path}: locked by another improvetrack process for over {lock.timeout:g}s; try again"
        ) from None
    except PermissionError:
        raise NotWritable(
            f"{path}: cannot lock it: you may not write its lock file {lock.lock_file}; its "
            f"owner can let the group in with `chmod g+w {lock.lock_file}`"
        ) from None
    try:
        _share_like(lock.lock_file, lock.mode, lock.group)
        remove_stale_temporaries(real)
        yield
    finally:
        lock.release(remove=tidy and lock.created)


def _lock_of(path: Path, timeout: float) -> RegisterLock:
    from improvetrack.lock import RegisterLock

    real = _real(path)
    mode, group = _sharing(real)
    return RegisterLock(real.with_name(lock_name(real)), timeout=timeout, mode=mode, group=group)


def lock_name(path: Path) -> str:
    """The name of a register's lock file, beside it; waiting writers' turn files start so."""
    return f".{_real(path).name}.lock"


def ignore_lock_files(path: Path, *, warn: Callable[[str], None]) -> Path | None:
    """In a git repository, list the register's lock files in the .gitignore beside its
    .git (made if need be), so that no one commits them. Returns the .gitignore when it
    was changed; None outside git, when it lists them already, or when it cannot be
    written (which `warn` hears of: the register itself is made by then)."""
    real = _real(path).absolute()
    root = next((folder for folder in real.parents if (folder / ".git").exists()), None)
    if root is None:
        return None
    pattern = f"{lock_name(real)}*"
    ignore = root / ".gitignore"
    try:
        text = ignore.read_text(encoding="utf-8") if ignore.exists() else ""
        if pattern in (line.strip() for line in text.splitlines()):
            return None
        start = "\n" if text and not text.endswith("\n") else ""  # the last line stays whole
        with ignore.open("a", encoding="utf-8") as file:
            file.write(f"{start}{pattern}\n")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        warn(
            f"{ignore}: could not add {pattern} ({reason}); add that line by hand, so that "
            "lock files stay out of git"
        )
        return None
    return ignore


def _sharing(path: Path) -> tuple[int, int | None]:
    """The mode and group for files beside the register: its own, so its group can use them.

    A lock file must be writable by everyone who may write the register, or the first to
    lock it under umask 022 would lock the rest of a group out.
    """
    try:
        status = path.stat()
    except OSError:
        return _mode_for(path) | 0o600, None
    return (status.st_mode & 0o666) | 0o600, status.st_gid


def _share_like(path: Path, mode: int, group: int | None) -> None:
    """Give a file of ours beside the register the register's group and permissions."""
    with suppress(OSError):
        status = path.stat()
        if status.st_uid != os.geteuid():
            return  # only a file's owner (or root) may change it; its owner will
        if group is not None and status.st_gid != group:
            os.chown(path, -1, group)
        if status.st_mode & mode != mode:
            os.chmod(path, stat.S_IMODE(status.st_mode) | mode)


def check_writable(path: Path) -> None:
    """Refuse, before any work is done, to write a file that may not be written.

    A register (or a report) whose write bits are all off is read-only by intent, even
    to root, who could replace it; so is one on a read-only file system.
    """
    real = _real(path)
    folder = real.parent
    with suppress(OSError, AttributeError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            raise NotWritable(
                f"{path}: cannot write it (read-only file system); copy it somewhere "
                "writable to change it"
            )
    try:
        status = real.stat()
    except OSError:
        status = None
    if status is not None and stat.S_ISREG(status.st_mode):
        if not status.st_mode & 0o222:
            raise NotWritable(
                f"{path}: cannot write it (read-only file); make it writable first "
                f"(chmod u+w {path}) if it should change"
            )
        if not os.access(real, os.W_OK):
            raise NotWritable(
                f"{path}: cannot write it (permission denied); ask its owner to let you"
            )
    if folder.is_dir() and not os.access(folder, os.W_OK):
        raise NotWritable(
            f"{path}: cannot write it: its folder {folder} does not let you add files "
            "(permission denied), and a safe write puts the new version beside the old"
        )


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
    """Create a new, empty, private file beside `path`, named `.NAME.<random>.tmp`.

    It is held with an flock until it is renamed or removed, so that another writer's
    clean-up can tell it from one that a killed writer left.
    """
    from improvetrack.lock import hold

    for _ in range(100):
        name = f"{_temporary_prefix(path)}{os.urandom(8).hex()}{_TEMPORARY_SUFFIX}"
        candidate = os.path.join(path.parent, name)
        try:
            handle = os.open(candidate, _CREATE_FLAGS, 0o600)
        except FileExistsError:
            continue
        if hold(handle):
            return handle, candidate
        os.close(handle)
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete temporary files that writers of `path` killed mid-write left behind.

    Only regular files named exactly as `write_atomically` names them, and only those no
    live writer holds: each writer holds its temporary file with an flock from making it
    to renaming it, and the kernel lets go of a killed writer's.
    """
    from improvetrack.lock import remove_if_abandoned

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
        if remove_if_abandoned(candidate):
            removed.append(candidate)
    return removed


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new, never a part.

    Through a symbolic link, the file it points to is replaced and the link kept. Only a
    regular file, or a new one, is replaced: never a pipe, a device or a folder.
    """
    if _names_a_descriptor(path):
        raise ImprovetrackError(f"cannot write {path}: it is an open file, not one to replace")
    path = _real(path)
    folder = path.parent
    if not folder.is_dir():
        raise ImprovetrackError(f"cannot write {path}: folder {folder} does not exist")
    kind = _kind(path)
    if kind == "a folder":
        raise ImprovetrackError(f"cannot write {path}: it is a folder")
    if kind not in (None, "a file"):
        raise ImprovetrackError(f"cannot write {path}: it is {kind}; name a file")
    check_writable(path)
    group = _group_of(path)
    handle: int | None = None
    temporary: str | None = None
    try:
        handle, temporary = _make_temporary(path)
        # The handle stays open (and the file held) until the rename: see _make_temporary.
        with os.fdopen(handle, "wb", closefd=False) as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if group is not None and os.fstat(handle).st_gid != group:
            # The new version replaces the old, so it takes the old one's group: it would
            # otherwise take the writer's own, or the folder's where the folder is setgid.
            with suppress(PermissionError):
                os.chown(temporary, -1, group)
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
    finally:
        if handle is not None:
            os.close(handle)
    _sync_folder(folder)


def write_output(path: Path, data: bytes, *, register: Path | list[Path]) -> None:
    """Write a report or an export, refusing to replace a register it came from.

    A file is replaced atomically. A named pipe, a character device (/dev/null) or an open
    file of the process (/dev/stdout, /dev/fd/N) is written into as it is: renaming over
    one would put a plain file where the pipe or the device was.
    """
    for source in register if isinstance(register, list) else [register]:
        if _same_file(path, source):
            raise UsageError(f"--output {path}: that is a register itself; choose another file")
    if _names_a_descriptor(path) or _kind(path) in ("a named pipe", "a character device"):
        _write_into(path, data)
    else:
        write_atomically(path, data)


def _write_into(path: Path, data: bytes) -> None:
    """Write `data` into a pipe, a device or an open file, without replacing it.

    Appending, as the shell's redirection would: through /dev/stdout the file may be one
    that `>>` opened, and what is already there is not ours to overwrite.
    """
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
    except OSError as exc:
        raise ImprovetrackError(f"cannot write {path}: {exc.strerror or exc}") from None


# The folders in which a name stands for a file some process has open: /dev/stdout
# links to /proc/self/fd/1, and the link behind that names a pipe, not a file's path.
_DESCRIPTOR_FOLDERS = r"/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd|/dev/fd"


def _names_a_descriptor(path: Path) -> bool:
    """Whether `path`, through its links, is an open file of a process (/dev/stdout)."""
    current = os.path.abspath(path)
    for _ in range(40):  # as many links as the kernel follows
        if re.fullmatch(_DESCRIPTOR_FOLDERS, os.path.realpath(os.path.dirname(current))):
            return True
        try:
            target = os.readlink(current)
        except OSError:
            return False
        current = os.path.join(os.path.dirname(current), target)
    return False


def _kind(path: Path) -> str | None:
    """What `path` is, through its links, in words; None if there is nothing there."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return "a file"  # let the write itself say what is wrong
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return one.resolve() == other.resolve()


def _group_of(path: Path) -> int | None:
    try:
        return path.stat().st_gid
    except OSError:
        return None


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
# (and keeps) each the first time it is used, so a run that only reads never pays for them.
_POSITION = r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$"


def _toml_error(exc: ValueError, text: str) -> str:
    from improvetrack.hints import hint

    message = str(exc)
    match = re.search(_POSITION, message)
    lineno, colno = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if lineno is not None and colno is not None:  # tomli says where, even at the end
        line = lineno
        where = f"{line}:{colno}"
    elif match and match[1]:
        line = int(match[1])
        where = f"{line}:{match[2]}"
    else:  # "at end of document": name the last line, as an editor would show it
        line = max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)
        where = str(line)
    message = message[: match.start()] if match else message
    advice = hint(message, text, line)
    return f"{where}: invalid TOML: {message}" + (f"; {advice}" if advice else "")


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


# A comment runs to the end of its line, so quotes inside it open no string.
_STRING_OR_COMMENT = (
    r'"""(?:\\[\s\S]|[^\\])*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*'
)


def has_comments(text: str) -> bool:
    """Whether TOML text holds a comment: a '#' outside every kind of string."""
    return bool(comment_lines(text))


def comment_lines(text: str) -> list[int]:
    """The lines of TOML text that hold a comment."""
    if "#" not in text:
        return []
    lines: list[int] = []
    line, counted = 1, 0
    for match in re.finditer(_STRING_OR_COMMENT, text):
        if match[0].startswith("#"):
            line += text.count("\n", counted, match.start())
            counted = match.start()
            lines.append(line)
    return lines


def comments_warning(path: Path, text: str) -> str | None:
    """What to tell the user before a rewrite drops the comments in `text`, if it holds any."""
    lines = comment_lines(text)
    if not lines:
        return None
    if len(lines) == 1:
        which = f"line {lines[0]} holds a comment"
    else:
        shown = [str(line) for line in lines[:6]]
        if len(lines) > 6:
            shown.append(f"{len(lines) - 6} more")
        which = f"lines {', '.join(shown[:-1])} and {shown[-1]} hold comments"
    return (
        f"{path}: {which}, which this change will drop; to keep a note, move it into a field "
        'such as notes = "..." (fields improvetrack does not know are kept)'
    )
