"""Concurrent writers: real processes changing one register at once lose nothing.

The race runs the core's locked edit (what `add` and `update` do) in ten processes while
this one reads (twenty with `pytest -m stress`); a smaller one goes through the real
command line. A writer that cannot get the lock gives up with a clear message instead of
hanging.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from improvetrack.commands.settings import Settings
from improvetrack.files import store
from tests.builders import large_text, until
from tests.conftest import MINIMAL, Invoke
from tests.test_crash import WORKERS, held_lock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="runs POSIX subprocesses")

# A second area whose one action every worker adds notes to, so updates race as well as adds.
NOTES = """
[areas.notes]
title = "Notes"
prefix = "NTS"

[actions.NTS-1]
area = "notes"
title = "Collect everyone's notes"
"""
PROCESSES = 20
ADDS = 10  # each; every fifth add is followed by a note, so 2 notes each


def _environment(path: Path, **extra: str) -> dict[str, str]:
    return os.environ | {"IMPROVETRACK_REGISTER": str(path), **extra}


def _race(path: Path, processes: int, adds: int, timeout: str | None) -> None:
    """`processes` workers each add `adds` actions, each fifth with a note to NTS-1, while
    this process reads the register as fast as it can; nothing may be lost or torn."""
    path.write_text(MINIMAL + NOTES)
    env = _environment(path)
    if timeout is None:
        del env["IMPROVETRACK_LOCK_TIMEOUT"]  # the default, 10 s
    else:
        env["IMPROVETRACK_LOCK_TIMEOUT"] = timeout
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKERS), "add", str(number), str(adds), "NTS-1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(processes)
    ]
    # Readers take no lock: whatever moment they read at, they see a whole register.
    reads = 0
    while any(worker.poll() is None for worker in workers):
        store.read(path)
        reads += 1
    printed: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err  # none refused
        printed += out.split()

    total = processes * adds
    register = store.read(path).register
    added = [a for a in register.actions.values() if a.area == "assessments"]
    assert len(added) == total
    assert sorted(printed) == sorted(a.id for a in added)  # each ID printed once, by its adder
    assert {a.id for a in added} == {f"ASM-{n}" for n in range(1, total + 1)}
    expected = {f"worker {w} action {n}" for w in range(processes) for n in range(adds)}
    assert {a.title for a in added} == expected
    notes = [e.text for e in register.action("NTS-1").log]
    written = {f"note: worker {w} note {n}" for w in range(processes) for n in range(4, adds, 5)}
    assert len(notes) == len(written) and set(notes) == written
    assert store.dumps(register) == path.read_text()
    assert _turns(path) == []  # every writer left the queue
    print(
        f"\n{processes} processes x {adds} adds: {len(added)} actions, "
        f"{len(notes)} notes found; {reads} reads during the race all whole"
    )


def test_ten_writers_at_once_with_the_default_timeout_lose_nothing(tmp_path: Path) -> None:
    """Ten at once is contention enough on a few cores: each waits behind nine, with the
    default timeout (the queue moving is what keeps a waiter waiting)."""
    _race(tmp_path / "improvetrack.toml", processes=10, adds=5, timeout=None)


@pytest.mark.stress
def test_twenty_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    _race(tmp_path / "improvetrack.toml", processes=PROCESSES, adds=ADDS, timeout="120")


def test_writers_noting_on_different_actions_and_on_the_same_one_all_land(
    tmp_path: Path,
) -> None:
    """Writers on different actions splice into each other's files; two on the same
    action are made again on each other's: every note lands, once, in order."""
    path = tmp_path / "improvetrack.toml"
    path.write_text(large_text(200))
    targets = ["ASM-1", "TRN-2", "EDC-3", "PRT-4", "ASM-1"]
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKERS), "notes", str(number), target, "6"],
            env=_environment(path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number, target in enumerate(targets)
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
        assert out.split() == ["ready", "1", "2", "3", "4", "5", "6"]
    register = store.read(path).register
    for number, target in enumerate(targets):
        mine = [e.text for e in register.action(target).log if f"run {number} " in e.text]
        assert mine == [f"note: run {number} note {n}" for n in range(1, 7)]
    assert store.dumps(register) == path.read_text()
    assert _turns(path) == []


def test_the_real_command_line_racing_itself_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "improvetrack.toml"
    path.write_text(MINIMAL + NOTES)
    env = _environment(path, IMPROVETRACK_LOCK_TIMEOUT="120")
    cli = [sys.executable, "-m", "improvetrack"]
    # Enough to race (each command reads and changes before it locks, then checks under the
    # lock that no one wrote meanwhile); test_store makes that redo happen for certain.
    commands = [[*cli, "add", "assessments", f"from the command line {n}"] for n in range(4)]
    commands += [[*cli, "update", "nts-1", "--note", f"note {n}"] for n in range(2)]
    commands += [[*cli, "done", "NTS-1"]]
    running = [
        subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    outputs = []
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outputs.append(out.strip())
    register = store.read(path).register
    ids = outputs[:4]
    assert sorted(ids) == [f"ASM-{n}" for n in range(1, 5)]
    assert {register.action(i).title for i in ids} == {
        f"from the command line {n}" for n in range(4)
    }
    assert outputs[4:6] == [f"NTS-1: note: note {n}" for n in range(2)]
    action = register.action("NTS-1")
    texts = Counter(entry.text for entry in action.log)
    assert all(texts[f"note: note {n}"] == 1 for n in range(2))
    assert action.status == "done"


def test_a_held_lock_times_out_with_a_clear_message(
    invoke: Invoke, write: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(MINIMAL + NOTES)
    monkeypatch.setenv("IMPROVETRACK_LOCK_TIMEOUT", "0.3")
    with held_lock(path):
        for command in (
            ["add", "assessments", "Waits"],
            ["update", "NTS-1", "--note", "Waits"],
            ["init", str(path), "--force"],
        ):
            result = invoke(*command)
            assert result.exit_code == 2
            assert result.stderr.splitlines() == [
                f"error: {path}: locked by another improvetrack process for over 0.3s; try again"
            ]
            assert result.stdout == ""
        assert path.read_text() == MINIMAL + NOTES
    result = invoke("add", "assessments", "Lands")
    assert (result.exit_code, result.stdout) == (0, "ASM-1\n"), result.output


def test_a_lock_holder_killed_mid_edit_does_not_block_the_next_writer(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "improvetrack.toml"
    path.write_text(large_text(200))
    env = _environment(path)
    holder = subprocess.Popen(
        [sys.executable, str(WORKERS), "hold"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    holder.kill()
    holder.communicate(timeout=30)
    assert path.with_name(".improvetrack.toml.lock").exists()  # the file stays; the lock not
    assert _turns(path)  # and so does the dead holder's turn, until the next writer looks
    monkeypatch.setenv("IMPROVETRACK_LOCK_TIMEOUT", "0.5")
    result = invoke("-r", str(path), "add", "assessments", "After the crash")
    assert (result.exit_code, result.stdout) == (0, "ASM-51\n"), result.output
    assert _turns(path) == []


@pytest.mark.parametrize("setting", ["soon", "-1", "nan", "inf", "10s"])
def test_a_bad_lock_timeout_is_refused_not_a_traceback_or_a_hang(
    invoke: Invoke,
    write: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
) -> None:
    path = write(MINIMAL)
    monkeypatch.setenv("IMPROVETRACK_LOCK_TIMEOUT", setting)
    # Held, so that a timeout read as "for ever" would hang here rather than pass.
    with held_lock(path):
        result = invoke("add", "assessments", "Never")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: $IMPROVETRACK_LOCK_TIMEOUT: expected a number of seconds like 10, "
        f"got {setting!r}\n"
    )
    assert path.read_text() == MINIMAL


@pytest.mark.parametrize(("setting", "seconds"), [("", 10.0), (" 2.5 ", 2.5), ("0", 0.0)])
def test_lock_timeout_setting(
    monkeypatch: pytest.MonkeyPatch, setting: str, seconds: float
) -> None:
    monkeypatch.setenv("IMPROVETRACK_LOCK_TIMEOUT", setting)
    assert Settings().lock_timeout.value == seconds


def test_a_register_shared_through_a_link_stays_linked_and_locked_as_one(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "plan.toml"
    target.write_text(MINIMAL)
    link = tmp_path / "work" / "improvetrack.toml"
    link.symlink_to(target)

    assert invoke("add", "assessments", "Through the link").stdout == "ASM-1\n"
    assert link.is_symlink()  # not replaced by a copy that the team no longer shares
    assert store.read(target).register.action("ASM-1").title == "Through the link"
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["improvetrack.toml"]

    # Someone writing to the file by its own name holds the same lock.
    monkeypatch.setenv("IMPROVETRACK_LOCK_TIMEOUT", "0.3")
    with held_lock(target):
        result = invoke("add", "assessments", "Must wait")
    assert result.exit_code == 2 and "locked by another improvetrack process" in result.stderr
    assert invoke("add", "assessments", "Now").stdout == "ASM-2\n"
    assert link.is_symlink()


def _turns(path: Path) -> list[str]:
    """The writers queued for the register's lock (and the one holding it), oldest first."""
    prefix = f".{path.name}.lock."
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(prefix))


def test_writers_get_the_lock_in_the_order_they_asked_for_it(tmp_path: Path) -> None:
    path = tmp_path / "improvetrack.toml"
    path.write_text(MINIMAL + NOTES)
    env = _environment(path, IMPROVETRACK_LOCK_TIMEOUT="120")
    writers = []
    with held_lock(path):
        for number in range(5):
            writers.append(
                subprocess.Popen(
                    [sys.executable, str(WORKERS), "add", str(number), "1"],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            # The next one starts only once this one is queued: the holder and each so far.
            queued = number + 2
            until(lambda: len(_turns(path)) == queued, f"writer {number} queued")  # noqa: B023
    ids = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        ids.append(out.strip())
    assert ids == ["ASM-1", "ASM-2", "ASM-3", "ASM-4", "ASM-5"]


def test_a_holder_that_hangs_makes_every_waiter_give_up(tmp_path: Path) -> None:
    path = tmp_path / "improvetrack.toml"
    path.write_text(MINIMAL + NOTES)
    env = _environment(path, IMPROVETRACK_LOCK_TIMEOUT="1")
    cli = [sys.executable, "-m", "improvetrack", "add", "assessments"]
    with held_lock(path):
        waiters = [
            subprocess.Popen([*cli, f"Waits {n}"], env=env, stderr=subprocess.PIPE, text=True)
            for n in range(3)
        ]
        # Each gives up after its own second of no change, not one second after another.
        errors = [waiter.communicate(timeout=120)[1] for waiter in waiters]
        assert [waiter.returncode for waiter in waiters] == [2, 2, 2]
    assert (
        errors
        == [f"error: {path}: locked by another improvetrack process for over 1s; try again\n"] * 3
    )
    assert path.read_text() == MINIMAL + NOTES
    assert _turns(path) == []


def test_a_queued_writer_that_is_killed_holds_no_one_up(tmp_path: Path) -> None:
    path = tmp_path / "improvetrack.toml"
    path.write_text(MINIMAL + NOTES)
    env = _environment(path, IMPROVETRACK_LOCK_TIMEOUT="120")
    with held_lock(path):
        doomed = subprocess.Popen(
            [sys.executable, str(WORKERS), "add", "doomed", "1"], env=env, text=True
        )
        until(lambda: len(_turns(path)) == 2, "the doomed writer queued")
        dead = _turns(path)[1]
        doomed.kill()
        doomed.wait(timeout=60)
        after = subprocess.Popen(
            [sys.executable, str(WORKERS), "add", "after", "1"],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        # Queued behind the holder, it finds the dead turn and clears it.
        until(lambda: len(_turns(path)) == 2 and dead not in _turns(path), "the dead turn cleared")
    out, _ = after.communicate(timeout=120)
    assert (after.returncode, out) == (0, "ASM-1\n")
    assert _turns(path) == []  # the dead writer's turn cleared


def test_merge_driver_on_a_live_register_waits_for_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "improvetrack.toml"
    path.write_text(MINIMAL + NOTES)
    base = tmp_path / "base.toml"
    base.write_text(MINIMAL + NOTES)
    theirs = tmp_path / "theirs.toml"
    theirs.write_text(
        MINIMAL + NOTES + '\n[actions.ASM-1]\narea = "assessments"\ntitle = "Theirs"\n'
    )
    driver = [sys.executable, "-m", "improvetrack", "merge-driver", str(base), str(path)]
    with held_lock(path):
        refused = subprocess.run(
            [*driver, str(theirs)],
            env=_environment(path, IMPROVETRACK_LOCK_TIMEOUT="0.5"),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert refused.returncode == 2, refused.stderr
        assert "locked by another improvetrack process" in refused.stderr
        assert path.read_text() == MINIMAL + NOTES

        waiting = subprocess.Popen(
            [*driver, str(theirs)],
            env=_environment(path, IMPROVETRACK_LOCK_TIMEOUT="120"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        until(lambda: len(_turns(path)) == 2, "the merge driver queued")
        # Meanwhile the holder adds a note: the merge must start from it, not lose it.
        text = path.read_text().replace(
            'title = "Collect everyone\'s notes"',
            'title = "Collect everyone\'s notes"\nowner = "Added while the driver waited"',
        )
        store.write_atomically(path, text.encode())
    err = waiting.communicate(timeout=120)[1]
    assert waiting.returncode == 0, err
    register = store.read(path).register
    assert register.action("NTS-1").owner == "Added while the driver waited"
    assert register.action("ASM-1").title == "Theirs"
