"""The register's lock, served in turn: writers get it in the order they asked for it.

filelock gives the mutual exclusion: an flock on `.NAME.lock` that the kernel drops if its
holder dies. But a busy filelock is polled, and whoever polls at the right moment wins: a
writer that has just let go takes the lock straight back, and a waiter can lose round
after round (with fifty writers at once, one waited 167 s and most gave up). filelock has
no queue, so this adds the smallest one that survives a crash. Each writer first takes a
turn: a file beside the lock file, `.NAME.lock.<number>.<pid>.<random>.turn`, numbered
after every turn it can see and held with an flock of its own while the writer waits
and writes. A writer asks filelock for the lock only when no turn numbered before its
own is left. The kernel drops the flock of a writer that dies, so whoever can take a
turn's flock knows that its writer has gone, and removes the file.

Turns only order the writers; they never stand in for the lock. A turn that goes wrong (a
folder that will not list, a file system without flock, a clock set back) costs
fairness, never safety.

A writer gives up when the lock has not changed hands for the whole timeout: a queue that
moves is not stuck, however long it is, and a holder that hangs makes every waiter give up
after the timeout, not one after another.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

fcntl: Any
try:
    import fcntl
except ImportError:  # Windows: filelock alone, whoever polls first
    fcntl = None

_TURN = re.compile(r"\.(\d{20})\.(\d+)\.([0-9a-f]{8})\.turn")
# How often a waiter looks at the turn ahead of it: the next in line every 2 ms, so the
# lock changes hands at once; those further back less often, so that fifty waiters leave
# the writer at work most of the machine.
_NEXT_IN_LINE = 0.002
_FURTHEST_BACK = 0.25
_MUTEX_POLL = 0.01
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class Busy(Exception):
    """The lock did not change hands for the whole timeout."""


class RegisterLock:
    """The lock of one register: taken in turn, released by `release`. Not reentrant."""

    def __init__(self, lock_file: Path, *, timeout: float, mode: int, group: int | None) -> None:
        self.lock_file = lock_file
        self.timeout = timeout
        self.mode = mode
        self.group = group
        self.created = False  # whether the lock file was not there before this lock
        self._turn: tuple[int, str] | None = None
        self._mutex: Any = None

    def busy(self) -> bool:
        """Whether, as far as the turns show, another writer holds the lock or waits for it."""
        return bool(self._turns())

    def acquire(self) -> None:
        """Wait for every writer that asked first, then take the lock; raise Busy on timeout."""
        from filelock import FileLock, Timeout

        self.created = not os.path.lexists(self.lock_file)
        self._turn = self._take_turn()
        try:
            if self._turn is not None:
                self._wait_for_turn(self._turn[1])
            mutex = FileLock(
                self.lock_file, timeout=self.timeout, mode=self.mode, poll_interval=_MUTEX_POLL
            )
            try:
                mutex.acquire()
            except Timeout:
                raise Busy from None
            self._mutex = mutex
        except BaseException:
            self._leave()
            raise

    def release(self, *, remove: bool = False) -> None:
        """Let go of the lock; with `remove`, delete the lock file first (while holding it).

        Deleting it is safe for filelock's waiters, which check that the file they locked
        is still there, and a turn-taking waiter locks only after this one has let go.
        """
        try:
            if self._mutex is not None:
                if remove:
                    with suppress(OSError):
                        os.unlink(self.lock_file)
                self._mutex.release()
        finally:
            self._mutex = None
            self._leave()

    # --- turns ----------------------------------------------------------------------------

    def _turns(self) -> list[str]:
        prefix = self.lock_file.name
        try:
            names = os.listdir(self.lock_file.parent)
        except OSError:
            return []
        return sorted(n for n in names if n.startswith(prefix) and _TURN.fullmatch(n, len(prefix)))

    def _take_turn(self) -> tuple[int, str] | None:
        """A new turn, after every turn there is now, held; None where turns cannot work."""
        if fcntl is None:
            return None
        prefix = self.lock_file.name
        for _ in range(100):
            turns = self._turns()
            last = int(turns[-1][len(prefix) + 1 :][:20]) if turns else 0
            number = max(time.time_ns(), last + 1)  # never before a turn already taken
            name = f"{prefix}.{number:020d}.{os.getpid()}.{secrets.token_hex(4)}.turn"
            path = self.lock_file.parent / name
            try:
                handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, self.mode)
            except FileExistsError:
                continue
            except OSError:
                return None
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # Someone looking for gone writers took it for one in the instant before the
                # flock, and will remove it.
                os.close(handle)
                continue
            except OSError:  # no flock here
                os.close(handle)
                with suppress(OSError):
                    path.unlink()
                return None
            if os.fstat(handle).st_nlink == 0:  # removed in that instant: take another
                os.close(handle)
                continue
            with suppress(OSError):
                os.fchmod(handle, self.mode)  # the umask narrowed it: the group must read it
                if self.group is not None:
                    os.fchown(handle, -1, self.group)
            return handle, name
        return None

    def _wait_for_turn(self, mine: str) -> None:
        """Return when no live turn before `mine` is left.

        Watches only the nearest turn ahead; raises Busy when the first turn in the queue
        (the writer holding the lock) has been the same for the whole timeout.
        """
        folder = self.lock_file.parent
        head, since = "", time.monotonic()
        watched: tuple[str, int] | None = None
        unreadable: set[str] = set()  # turns that cannot be opened are ordered around
        try:
            while True:
                ahead = [n for n in self._turns() if n < mine and n not in unreadable]
                if not ahead:
                    return
                if ahead[0] != head:
                    head, since = ahead[0], time.monotonic()
                nearest = ahead[-1]
                if watched is not None and watched[0] != nearest:
                    os.close(watched[1])
                    watched = None
                if watched is None:
                    handle = _open_regular(folder / nearest)
                    if handle is None:
                        if os.path.lexists(folder / nearest):
                            unreadable.add(nearest)
                        continue
                    watched = (nearest, handle)
                gone = _writer_gone(watched[1])
                if gone is not False:
                    if gone:
                        with suppress(OSError):
                            if os.path.samestat(os.lstat(folder / nearest), os.fstat(watched[1])):
                                os.unlink(folder / nearest)
                    else:  # cannot tell here: order around it rather than wait on it for ever
                        unreadable.add(nearest)
                    os.close(watched[1])
                    watched = None
                    continue
                waited = time.monotonic() - since
                if waited >= self.timeout:
                    raise Busy
                pause = min(_NEXT_IN_LINE * len(ahead) ** 2, _FURTHEST_BACK)
                time.sleep(min(pause, self.timeout - waited))
        finally:
            if watched is not None:
                os.close(watched[1])

    def _leave(self) -> None:
        if self._turn is None:
            return
        handle, name = self._turn
        self._turn = None
        with suppress(OSError):
            os.unlink(self.lock_file.parent / name)
        os.close(handle)


def _open_regular(path: Path) -> int | None:
    """`path` opened to read, if it is a regular file itself (not a link); None if not."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        return None
    return handle


def _writer_gone(handle: int) -> bool | None:
    """Whether no one holds the file open with `handle` locked: its writer finished or died.

    A shared flock, so that two waiters looking at one turn do not mistake each other for
    its writer. None where flock cannot tell.
    """
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def hold(handle: int) -> bool:
    """Lock a new file of ours (a temporary file) so that no one takes it for abandoned.

    False if someone took it for abandoned in the instant between making it and locking
    it (it is, or is about to be, removed): make another.
    """
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            pass  # no flock here: the register's lock alone keeps it safe
    return os.fstat(handle).st_nlink > 0


def remove_if_abandoned(path: Path) -> bool:
    """Remove the regular file at `path` unless a live process holds it (see `hold`).

    A writer killed mid-write leaves its temporary file; the kernel has dropped its flock.
    Where flock does not work, the caller's own lock on the register is the only guard.
    """
    handle = _open_regular(path)
    if handle is None:
        return False
    try:
        if fcntl is not None and _writer_gone(handle) is False:
            return False
        if os.path.samestat(os.lstat(path), os.fstat(handle)):
            os.unlink(path)
            return True
        return False
    except OSError:
        return False
    finally:
        os.close(handle)
