"""Finding, reading, locking and atomically writing the register file."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from improvetrack.errors import (
    ImprovetrackError,
    NotWritable,
    RegisterInvalid,
    RegisterLocked,
    RegisterNotFound,
    RegisterUnreadable,
)
from improvetrack.files.atomic import (
    KINDS,
    check_writable,
    real_path,
    remove_stale_temporaries,
    share_like,
    sharing,
    write_atomically,
)
from improvetrack.files.defaults import LOCAL_NAME, LOCK_TIMEOUT
from improvetrack.files.toml import (
    LineIndex,
    comments_warning,
    place,
    toml_error,
    toml_reader,
)
from improvetrack.model.decode import from_document, key_typos
from improvetrack.model.records import record
from improvetrack.model.register import MAX_NESTING, Register

if TYPE_CHECKING:
    from improvetrack.files.layout import Unit
    from improvetrack.files.lock import RegisterLock

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


def _parse(text: str, source: str) -> tuple[Register, dict[str, Any]]:
    reader = toml_reader()
    try:
        document = reader.loads(text)
    except reader.TOMLDecodeError as exc:
        raise RegisterUnreadable(f"{source}:{toml_error(exc, text)}") from None
    except RecursionError:
        # tomllib recurses once per level of [[[...]]] or {a={a=...}}.
        raise RegisterUnreadable(
            f"{source}: invalid register: values nested more than {MAX_NESTING} levels deep"
        ) from None
    register, problems = from_document(document)
    if register is None:
        lines = LineIndex(text)
        raise RegisterInvalid([place(source, problem, lines) for problem in problems])
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
        warnings = [place(str(path), typo, lines) for typo in typos]
    return Loaded(register, path, text, document, warnings)


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
        kind = KINDS.get(stat.S_IFMT(status.st_mode), "not a regular file")
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
    from improvetrack.model.encode import to_document

    return dumps_document(to_document(register))


def dumps_document(document: dict[str, Any]) -> str:
    """`dumps` for a register already turned into plain data with `to_document`."""
    from improvetrack.files import layout

    _check_document(document)
    return layout.dumps(document)


def pieces_of(document: dict[str, Any]) -> list[tuple[Unit | None, str]]:
    """`dumps_document`, cut into its areas, its actions and the rest (`layout.pieces`)."""
    from improvetrack.files import layout

    _check_document(document)
    return layout.pieces(document)


def _check_document(document: dict[str, Any]) -> None:
    _, problems = from_document(document)
    if problems:
        raise RegisterInvalid([f"not saved: {problem}" for problem in problems])


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
    serialised first, and under the lock it is read again. If its bytes are still the ones
    that were changed, the new text is written. If another writer changed it meanwhile,
    the change's own areas and actions are spliced into the file as it is now when that
    is sure to give what making the change again would (see `files.splice`: the units
    the change touched or looked up are unchanged, the rest is in the stable layout and
    keeps the register's rules); otherwise the change is made again, under the lock, on
    the file as it is then. So `change` may run twice: it should change only the register
    it is given, and return what the caller reports (print after `edit` returns, not in
    `change`). Nothing is written if `change` raises or leaves the register as it was;
    `warn` is as for `editing`.
    """
    from improvetrack.files.splice import Splice, Watch

    check_writable(path)
    loaded = read(path)
    _warn_of(loaded, warn)
    watch = Watch(loaded.register)
    try:
        result = change(loaded)
    finally:
        looked_up = watch.stop()
    if (document := _changed(loaded)) is None:
        return result
    cut = pieces_of(document)
    data = encoded(path, "".join(text for _, text in cut))  # refused before the lock is asked for
    splice = Splice.prepare(loaded.text, loaded.document, document, cut, looked_up)
    read_bytes = splice.raw if splice is not None else loaded.text.encode("utf-8")
    del cut, document
    with locked(path, timeout=timeout):
        current = _register_bytes(path)
        if current == read_bytes or (current[:3] == BOM and current[3:] == read_bytes):
            _write_data(path, loaded, data, warn)
        elif splice is not None and (spliced := splice.apply(current, MAX_REGISTER_BYTES)):
            write_atomically(path, spliced)
        else:
            return _change_under_lock(path, change, warn, current)
    return result


BOM = codecs.BOM_UTF8


def _change_under_lock(
    path: Path, change: Callable[[Loaded], Result], warn: Callable[[str], None], data: bytes
) -> Result:
    loaded = _load(_decode(data, path, RegisterUnreadable, "save it as UTF-8"), path)
    del data
    result = change(loaded)
    if (document := _changed(loaded)) is not None:
        _write_register(path, loaded, dumps_document(document), warn)
    return result


def _changed(loaded: Loaded) -> dict[str, Any] | None:
    """The register's data if the caller changed it since it was read, else None."""
    from improvetrack.model.encode import to_document  # a run that only reads never needs it

    document = to_document(loaded.register)
    return None if document == loaded.document else document


def _write_register(path: Path, loaded: Loaded, text: str, warn: Callable[[str], None]) -> None:
    """Write a changed register, saying first what the rewrite will drop."""
    _write_data(path, loaded, encoded(path, text), warn)


def _write_data(path: Path, loaded: Loaded, data: bytes, warn: Callable[[str], None]) -> None:
    if warning := comments_warning(path, loaded.text):
        warn(warning)
    write_atomically(path, data)


def encoded(path: Path, text: str) -> bytes:
    """A register's text as the bytes to write, refused when they are over the size every
    command then refuses to read: a write must never lock the plan out of its own tool."""
    data = text.encode("utf-8")
    if len(data) > MAX_REGISTER_BYTES:
        raise NotWritable(
            f"{path}: the change would make the register {len(data) / 1e6:.1f} MB, over the "
            f"{MAX_REGISTER_BYTES / 1e6:g} MB a register may hold; nothing written. Split the "
            "plan into several registers (status and report take them all at once)"
        )
    return data


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
    data = encoded(path, text)
    real_path(path)  # a link that loops is refused, as by every write
    if path.is_symlink() and not path.exists():
        raise ImprovetrackError(
            f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist; "
            "create the register where you mean it to be, not through a link"
        )
    with locked(path, timeout=timeout):
        if path.exists() and not force:
            raise ImprovetrackError(f"{path}: already exists; use --force to replace it")
        write_atomically(path, data)


@contextmanager
def locked(path: Path, *, timeout: float = LOCK_TIMEOUT, tidy: bool = False) -> Iterator[None]:
    """Hold the register's lock, after every writer that asked for it first; give up when
    it has not changed hands for `timeout` seconds.

    The lock file takes the register's group and at least its permissions, so that in a
    shared folder whoever locks first does not lock the rest of the group out. With
    `tidy`, a lock file this call made is removed when it lets go: for files that only
    one writer ever locks, such as git's temporary files in a merge.
    """
    from improvetrack.files.lock import Busy

    real = real_path(path)
    if not real.parent.is_dir():
        # filelock would create the missing folders; a typo in a path must not do that.
        raise ImprovetrackError(f"{path}: folder {real.parent} does not exist")
    check_writable(path)
    lock = _lock_of(path, timeout)
    _check_lock_file(path, lock.lock_file)
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
    except OSError as exc:  # the lock file was replaced by something else meanwhile
        raise NotWritable(
            f"{path}: cannot lock it: its lock file {lock.lock_file}: {exc.strerror}"
        ) from None
    try:
        share_like(lock.lock_file, lock.mode, lock.group)
        remove_stale_temporaries(real)
        yield
    finally:
        lock.release(remove=tidy and lock.created)


def _check_lock_file(path: Path, lock_file: Path) -> None:
    """Refuse a lock file that is not a plain file of its own: a link is never followed
    (its target must stay untouched) and a folder cannot be locked."""
    try:
        mode = os.lstat(lock_file).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise NotWritable(f"{path}: cannot lock it: {lock_file}: {exc.strerror}") from None
    if stat.S_ISREG(mode):
        return
    kind = "a symbolic link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode) else None
    raise NotWritable(
        f"{path}: cannot lock it: its lock file {lock_file} is "
        f"{kind or KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a file; "
        "remove it (improvetrack makes its lock file itself) and try again"
    )


def _lock_of(path: Path, timeout: float) -> RegisterLock:
    from improvetrack.files.lock import RegisterLock

    real = real_path(path)
    mode, group = sharing(real)
    return RegisterLock(real.with_name(lock_name(real)), timeout=timeout, mode=mode, group=group)


def lock_name(path: Path) -> str:
    """The name of a register's lock file, beside it; waiting writers' turn files start so."""
    return f".{real_path(path).name}.lock"


def ignore_lock_files(path: Path, *, warn: Callable[[str], None]) -> Path | None:
    """In a git repository, list the register's lock files in the .gitignore beside its
    .git (made if need be), so that no one commits them. Returns the .gitignore when it
    was changed; None outside git, when it lists them already, or when it cannot be
    written (which `warn` hears of: the register itself is made by then)."""
    real = real_path(path).absolute()
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
