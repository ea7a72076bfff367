"""A register a team shares: a group folder, a read-only copy, a read-only mount.

In a setgid group folder every member must be able to take the lock after whoever took
it first, so the lock file and each new version of the register keep the register's
group and the group's permissions. A register nobody may write is refused before any
work is done, not replaced. Tests run as root here, and root may write any file, so
"read-only" is decided by the register's write bits: all off means read-only.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from improvetrack.errors import NotWritable
from improvetrack.files import store
from tests.conftest import MINIMAL, Invoke

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and groups")


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _other_group() -> int | None:
    """A group this process may give its files that is not the one they get by default."""
    if os.geteuid() == 0:
        return 4242  # root may give a file any group
    groups = [g for g in os.getgroups() if g != os.getegid()]
    return groups[0] if groups else None


def _lock(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@pytest.mark.usefixtures("umask_022")
def test_a_group_register_keeps_its_group_and_the_lock_file_lets_the_group_in(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    group = _other_group()
    if group is None:
        pytest.skip("this account belongs to one group only")
    path = write(MINIMAL)
    os.chown(path, -1, group)
    path.chmod(0o664)

    assert invoke("add", "assessments", "First").exit_code == 0
    lock = _lock(path)
    for made in (path, lock):
        status = made.stat()
        assert (made.name, status.st_gid) == (made.name, group)
        assert stat.S_IMODE(status.st_mode) & 0o060 == 0o060, oct(status.st_mode)
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


@pytest.mark.usefixtures("umask_022")
def test_a_lock_file_made_too_narrow_is_widened_by_its_owner(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    path.chmod(0o664)
    lock = _lock(path)
    lock.touch()
    lock.chmod(0o644)  # what an earlier writer under umask 022 left
    assert invoke("add", "assessments", "Heals").exit_code == 0
    assert stat.S_IMODE(lock.stat().st_mode) == 0o664


@pytest.mark.parametrize(
    "command",
    [
        ["add", "assessments", "Never"],
        ["update", "ASM-1", "--note", "Never"],
        ["init", "{path}", "--force"],
    ],
)
def test_a_read_only_register_is_refused_before_any_work(
    invoke: Invoke, write: Callable[[str], Path], command: list[str]
) -> None:
    path = write(MINIMAL + '\n[actions.ASM-1]\narea = "assessments"\ntitle = "Audit"\n')
    before = path.read_bytes()
    path.chmod(0o444)
    result = invoke(*(part.format(path=path) for part in command))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: cannot write it (read-only file); make it writable first "
        f"(chmod u+w {path}) if it should change\n"
    )
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert not _lock(path).exists()  # refused before it even took the lock


def test_a_register_on_a_read_only_mount_is_refused(
    invoke: Invoke, write: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(MINIMAL)
    real = os.statvfs

    def statvfs(folder: Any) -> Any:
        result = real(folder)
        if Path(folder) == path.parent:
            return os.statvfs_result((*result[:8], result.f_flag | os.ST_RDONLY, *result[9:]))
        return result

    monkeypatch.setattr(os, "statvfs", statvfs)
    result = invoke("add", "assessments", "Never")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: cannot write it (read-only file system); copy it somewhere "
        "writable to change it\n"
    )
    assert path.read_text() == MINIMAL


def test_a_read_only_output_file_is_not_replaced(
    invoke: Invoke, write: Callable[[str], Path], tmp_path: Path
) -> None:
    write(MINIMAL)
    target = tmp_path / "report.txt"
    target.write_text("the board's copy")
    target.chmod(0o444)
    result = invoke("report", "--output", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {target}: cannot write it (read-only file)")
    assert target.read_text() == "the board's copy"


def test_writing_checks_the_folder_can_take_a_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    real = os.access

    def access(name: Any, mode: int, **kwargs: Any) -> bool:
        if Path(name) == tmp_path and mode & os.W_OK:
            return False
        return real(name, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(NotWritable, match=r"its folder .* does not let you add files"):
        store.write_atomically(path, b"x")
    assert path.read_text() == MINIMAL


def test_a_lock_file_the_group_may_not_write_is_named_with_the_fix(
    invoke: Invoke, write: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import filelock

    path = write(MINIMAL)

    def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
        # What another member's 0644 lock file does to anyone else (root opens it anyway).
        raise PermissionError(13, "Permission denied", str(self.lock_file))

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    result = invoke("add", "assessments", "Never")
    lock = _lock(path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: cannot lock it: you may not write its lock file {lock}; its owner "
        f"can let the group in with `chmod g+w {lock}`\n"
    )
    assert path.read_text() == MINIMAL
    assert [p.name for p in path.parent.iterdir() if ".turn" in p.name] == []
