"""Writing files so that a reader never sees half of one: the register, a report, a cache.

A write goes to a temporary file beside its target, is synced, takes the target's mode and
group, and is renamed over it; special files (a FIFO, a terminal, /dev/null) are written
into, never replaced.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from contextlib import suppress
from pathlib import Path

from improvetrack.errors import ImprovetrackError, NotWritable, UsageError

KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def sharing(path: Path) -> tuple[int, int | None]:
    """The mode and group for files beside the register: its own, so its group can use them.

    A lock file must be writable by everyone who may write the register, or the first to
    lock it under umask 022 would lock the rest of a group out.
    """
    try:
        status = path.stat()
    except OSError:
        return _mode_for(path) | 0o600, None
    return (status.st_mode & 0o666) | 0o600, status.st_gid


def share_like(path: Path, mode: int, group: int | None) -> None:
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
    real = real_path(path)
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


def real_path(path: Path) -> Path:
    """The file `path` names, through any symbolic links.

    A register shared by a link must stay shared: renaming a new file over the link would
    cut it, and a lock beside the link would not stop a writer using the file's own name.
    """
    try:
        if not path.is_symlink():
            return path
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # a link to nothing yet: the file it would make
        return Path(os.path.realpath(path))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotWritable(
                f"{path}: is a symbolic link that leads round in a loop; point it at the "
                "register file"
            ) from None
        raise NotWritable(f"{path}: cannot follow it ({exc.strerror})") from None


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
    from improvetrack.files.lock import hold

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
    from improvetrack.files.lock import remove_if_abandoned

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
    path = real_path(path)
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
    return KINDS.get(stat.S_IFMT(mode), "not a regular file")


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
