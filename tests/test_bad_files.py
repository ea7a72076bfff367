"""Bad files: every broken register is refused in one line naming the file, and left alone.

The TOML project's own corpus of invalid documents (toml-test) comes first: each file is
given to `status` and to `add`. Then the ways a register goes wrong in practice: not UTF-8,
empty, a folder, unreadable, wrong types, unknown names, duplicate tables, nested too deep.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import Result

from improvetrack.cli import app
from improvetrack.files import store
from improvetrack.model.register import MAX_NESTING
from tests.conftest import MINIMAL, ROOT, Invoke

# toml-test's invalid documents (MIT: see its LICENSE), kept here byte for byte so that
# every clone runs them.
CORPUS = ROOT / "tests" / "corpora" / "toml-test-invalid"
CORPUS_FILES = sorted(CORPUS.rglob("*.toml"))
_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)$")
# Anything but text, a tab or the final newline: a message must not carry control characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _one_clean_line(result: Outcome | Result, path: Path) -> str:
    """The error line, after checking it is the only output and carries no traceback."""
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(f"error: {path}"), line
    assert "Traceback" not in line and not _CONTROL.search(line), line
    return line


def _where_the_parser_says(data: bytes) -> str | None:
    """The `:line:column` (or `:line`) that the error should name, found independently."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return f":{line}:"
    reader = store.toml_reader()  # the parser improvetrack reads with: tomli, or tomllib
    try:
        reader.loads(text)
    except reader.TOMLDecodeError as exc:
        if getattr(exc, "lineno", None) is not None:
            return f":{exc.lineno}:{exc.colno}:"
        match = _POSITION.search(str(exc))
        if match:
            return f":{match[1]}:{match[2]}:"
        # "at end of document": the last line, as an editor numbers it
        return f":{max(text.count(chr(10)) + (0 if text.endswith(chr(10)) else 1), 1)}:"
    except RecursionError:
        return None
    return None  # valid TOML that is not a register: the key path is named instead


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@functools.cache
def _command() -> Any:
    # Built once: CliRunner builds the click command again for every run, which would
    # spend most of these thousand runs in typer's introspection.
    return typer.main.get_command(app)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> Outcome:
    """Run the command line in this process, as CliRunner does, without rebuilding it."""
    with pytest.raises(SystemExit) as stopped:
        _command().main(list(args), prog_name="improvetrack")
    out, err = capsys.readouterr()
    code = stopped.value.code
    return Outcome(code if isinstance(code, int) else 1, out, err)


@pytest.mark.parametrize(
    "source",
    [pytest.param(path, id=str(path.relative_to(CORPUS))) for path in CORPUS_FILES],
)
def test_every_invalid_toml_file_is_refused_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path
) -> None:
    data = source.read_bytes()
    path = tmp_path / "work" / source.name
    path.write_bytes(data)
    where = _where_the_parser_says(data)
    for command in (["status"], ["add", "assessments", "Never written"]):
        line = _one_clean_line(_run(capsys, "--register", str(path), *command), path)
        if where is not None:
            assert line.startswith(f"error: {path}{where}"), line
        assert path.read_bytes() == data
    # Refused when first read, before the lock is taken: nothing is left beside it.
    assert sorted(p.name for p in path.parent.iterdir()) == [source.name]


def test_the_corpus_is_all_there() -> None:
    assert len(CORPUS_FILES) == 509
    assert (CORPUS / "LICENSE").read_text(encoding="utf-8").startswith("The MIT License")


ACTION = '\n[actions.ASM-1]\narea = "assessments"\ntitle = "Rewrite the template"\n'
_DEEP = "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1)
_DEEPER = "[" * 5000 + "]" * 5000

MEASURE = '\n[[areas.assessments.measures]]\nname = "Re-referrals"\n'

# (id, the file's bytes, what the one line must hold after "error: PATH")
BAD_FILES = [
    (
        "not UTF-8",
        MINIMAL.encode().replace(b'"Test plan"', b'"Caf\xe9 plan"'),
        ":4: not UTF-8 text (byte 0xe9); save it as UTF-8",
    ),
    ("UTF-16", MINIMAL.encode("utf-16"), ":1: not UTF-8 text (byte 0xff)"),
    ("empty", b"", ": plan: missing; a register needs a [plan] table"),
    ("only comments", b"# nothing yet\n\n", ": plan: missing"),
    ("a NUL byte", MINIMAL.encode().replace(b"Test plan", b"Test\x00plan"), ":4:"),
    (
        "plan title a number",
        MINIMAL.replace('title = "Test plan"', "title = 3").encode(),
        ":4: plan.title: expected text in quotes, got number 3",
    ),
    (
        "due date in quotes",
        (MINIMAL + ACTION + 'due = "soon"\n').encode(),
        ":14: actions.ASM-1.due: expected a date like 2027-03-31 (no quotes), got text 'soon'",
    ),
    (
        "areas not a table",
        b'schema = 1\nareas = 3\n[plan]\ntitle = "x"\n',
        ":2: areas: expected a table, got number 3",
    ),
    (
        "log not a list",
        (MINIMAL + ACTION + 'log = "created"\n').encode(),
        ":14: actions.ASM-1.log: expected a list of entries, got text 'created'",
    ),
    (
        "evidence numbers",
        (MINIMAL + ACTION + "evidence = [1, 2]\n").encode(),
        ":14: actions.ASM-1.evidence: expected a list of text",
    ),
    (
        "schema from the future",
        MINIMAL.replace("schema = 1", "schema = 7").encode(),
        ":1: schema: is 7: written by a newer improvetrack",
    ),
    (
        "unknown status",
        (MINIMAL + ACTION + 'status = "finished"\n').encode(),
        ":14: actions.ASM-1.status: unknown status 'finished'",
    ),
    (
        "dangling area",
        (MINIMAL + ACTION.replace('"assessments"', '"assesments"')).encode(),
        ":12: actions.ASM-1.area: no area 'assesments'; did you mean 'assessments'?",
    ),
    (
        "bad action ID",
        (MINIMAL + ACTION.replace("ASM-1", "asm_1")).encode(),
        ":11: actions.asm_1: action IDs look like PREFIX-N",
    ),
    (
        "log time without offset",
        (MINIMAL + ACTION + 'log = [{at = 2026-08-10T09:30:00, by = "a", text = "b"}]\n').encode(),
        ":14: actions.ASM-1.log.0.at: expected a date-time with an offset",
    ),
    (
        "duplicate table",
        (MINIMAL + '\n[plan]\ntitle = "Again"\n').encode(),
        ":11:6: invalid TOML: Cannot declare ('plan',) twice",
    ),
    (
        "duplicate action",
        (MINIMAL + ACTION + ACTION).encode(),
        ":15:15: invalid TOML: Cannot declare ('actions', 'ASM-1') twice",
    ),
    (
        "duplicate key",
        MINIMAL.replace('title = "Test plan"', 'title = "Test plan"\ntitle = "Other"').encode(),
        ":5:",
    ),
    (
        "a date no plan can use",
        MINIMAL.replace("2028-06-30", "9999-12-31").encode(),
        ":5: plan.next_inspection: 9999-12-31 is outside the dates a plan can use "
        "(1900-01-01 to 2999-12-31)",
    ),
    (
        "a baseline that is not a number",
        (MINIMAL + MEASURE + "baseline = nan\n").encode(),
        ":13: areas.assessments.measures.0.baseline: expected a finite number like 72.5, got nan",
    ),
    (
        "an infinite target",
        (MINIMAL + MEASURE + "target = -inf\n").encode(),
        ":13: areas.assessments.measures.0.target: expected a finite number like 72.5, got -inf",
    ),
    (
        "an infinite reading",
        (MINIMAL + MEASURE + "history = [{ on = 2026-10-01, value = +inf }]\n").encode(),
        ":13: areas.assessments.measures.0.history.0.value: expected a finite number like "
        "72.5, got inf",
    ),
    (
        "nested too deep to write back",
        (f"deep = {_DEEP}\n" + MINIMAL).encode(),
        f":1: deep: nested more than {MAX_NESTING} levels deep; flatten this value",
    ),
    (
        "nested too deep to read",
        (f"deep = {_DEEPER}\n" + MINIMAL).encode(),
        f": invalid register: values nested more than {MAX_NESTING} levels deep",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [pytest.param(d, e, id=name) for name, d, e in BAD_FILES]
)
@pytest.mark.parametrize("command", [["status"], ["add", "assessments", "Never written"]])
def test_a_bad_register_is_refused_in_one_line_and_left_alone(
    invoke: Invoke, tmp_path: Path, data: bytes, expected: str, command: list[str]
) -> None:
    path = tmp_path / "work" / "improvetrack.toml"
    path.write_bytes(data)
    line = _one_clean_line(invoke(*command), path)
    assert line.startswith(f"error: {path}{expected}"), line
    assert path.read_bytes() == data


@pytest.mark.parametrize("command", [["status"], ["add", "assessments", "x"], ["check"]])
def test_a_folder_where_the_register_should_be(
    invoke: Invoke, tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "work" / "improvetrack.toml"
    path.mkdir()
    result = invoke("--register", str(path), *command)
    # status rolls a folder of registers up; the other commands want one register file
    expected = {
        "status": f"error: {path}: a folder with no registers in it (*.toml, or "
        "*/improvetrack.toml)",
        "add": "error: --register: this command works on one register; several registers "
        "or a folder work with status and report only",
        "check": "error: --register: this command works on one register; several registers "
        "or a folder work with status and report only",
    }[command[0]]
    assert result.exit_code == 2 and result.stderr == expected + "\n", result.output
    assert path.is_dir() and list(path.iterdir()) == []


def test_an_unreadable_register(
    invoke: Invoke, write: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(MINIMAL)
    if os.name == "posix" and os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads any file whatever its mode, so refuse the read the way the OS would
        real = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    for command in (["status"], ["add", "assessments", "x"], ["report"]):
        line = _one_clean_line(invoke(*command), path)
        assert line == f"error: {path}: cannot read it (permission denied)"
    monkeypatch.undo()
    path.chmod(0o644)
    assert path.read_text() == MINIMAL


def test_a_dangling_link_is_no_register(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "work" / "improvetrack.toml"
    path.symlink_to(tmp_path / "gone.toml")
    line = _one_clean_line(invoke("--register", str(path), "status"), path)
    assert "no such register" in line


WRITES = [
    ["add", "assessments", "x"],
    ["update", "ASM-1", "--note", "x"],
    ["plan", "set", "--title", "X"],
    ["area", "add", "k", "--title", "K", "--prefix", "KK"],
    ["init"],
]


@pytest.mark.parametrize("command", WRITES)
def test_a_register_that_is_a_link_loop_is_one_clean_line_for_every_write(
    invoke: Invoke, tmp_path: Path, command: list[str]
) -> None:
    one, other = tmp_path / "one.toml", tmp_path / "other.toml"
    one.symlink_to(other)
    other.symlink_to(one)
    line = _one_clean_line(invoke("--register", str(one), *command), one)
    assert line == (
        f"error: {one}: is a symbolic link that leads round in a loop; point it at the "
        "register file"
    )
    assert os.readlink(one) == str(other) and os.readlink(other) == str(one)


def test_init_through_a_dangling_link_is_refused_and_makes_nothing(
    invoke: Invoke, tmp_path: Path
) -> None:
    link, target = tmp_path / "plan.toml", tmp_path / "elsewhere" / "made.toml"
    target.parent.mkdir()
    link.symlink_to(target)
    for args in (["init", str(link)], ["init", "--force", str(link)]):
        line = _one_clean_line(invoke(*args), link)
        assert line == (
            f"error: {link}: is a symbolic link to {target}, which does not exist; create the "
            "register where you mean it to be, not through a link"
        )
    assert not target.exists() and list(target.parent.iterdir()) == []


@pytest.mark.parametrize("kind", ["link", "folder"])
def test_a_lock_file_that_is_a_link_or_a_folder_is_refused_and_its_target_untouched(
    invoke: Invoke, write: Callable[[str], Path], tmp_path: Path, kind: str
) -> None:
    path = write(MINIMAL)
    lock = path.with_name(f".{path.name}.lock")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    if kind == "link":
        lock.symlink_to(victim)
    else:
        lock.mkdir()
    said = "a symbolic link" if kind == "link" else "a folder"
    for command in (["add", "assessments", "x"], ["plan", "set", "--title", "X"]):
        line = _one_clean_line(invoke(*command), path)
        assert line == (
            f"error: {path}: cannot lock it: its lock file {lock} is {said}, not a file; "
            "remove it (improvetrack makes its lock file itself) and try again"
        )
    assert victim.read_text() == "keep me\n"
    assert path.read_text() == MINIMAL


@pytest.mark.parametrize("command", [["report", "-f", "html"], ["export"]])
def test_an_output_file_is_never_the_register_itself(
    invoke: Invoke, write: Callable[[str], Path], command: list[str]
) -> None:
    path = write(MINIMAL)
    for output in (path, Path("improvetrack.toml"), Path("../work/./improvetrack.toml")):
        result = invoke(*command, "--output", str(output))
        assert result.exit_code == 2
        assert result.stderr == (
            f"error: --output {output}: that is a register itself; choose another file\n"
        )
    link = path.with_name("board.html")
    link.symlink_to(path)
    assert invoke(*command, "--output", str(link)).exit_code == 2
    assert path.read_text() == MINIMAL


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", [["status"], ["add", "assessments", "x"], ["check"]])
def test_a_named_pipe_as_the_register_is_refused_not_waited_on(
    tmp_path: Path, command: list[str]
) -> None:
    fifo = tmp_path / "improvetrack.toml"
    os.mkfifo(fifo)
    env = os.environ | {"IMPROVETRACK_REGISTER": str(fifo)}
    # Reading a pipe with no writer waits for ever; the timeout only keeps a hang from
    # stalling the suite.
    result = subprocess.run(
        [sys.executable, "-m", "improvetrack", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {fifo}: is a named pipe, not a register file; name the register's .toml file\n"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_as_the_register_is_refused(invoke: Invoke) -> None:
    if not Path(os.devnull).exists() or os.name != "posix":
        pytest.skip("needs /dev/null")
    line = _one_clean_line(invoke("--register", os.devnull, "status"), Path(os.devnull))
    assert line == (
        f"error: {os.devnull}: is a character device, not a register file; "
        "name the register's .toml file"
    )


def test_a_register_over_the_size_limit_is_refused_before_it_is_read(
    invoke: Invoke, write: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(MINIMAL)
    with path.open("r+b") as stream:  # sparse: no disk used, and nothing here to parse
        stream.truncate(store.MAX_REGISTER_BYTES + 1)
    reads: list[Path] = []
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    for command in (["status"], ["add", "assessments", "x"]):
        line = _one_clean_line(invoke(*command), path)
        assert line == (
            f"error: {path}: 50.0 MB is over the 50 MB a register may hold; split the plan "
            "into several registers (status and report take them all at once)"
        )
    assert reads == []
    with path.open("r+b") as stream:
        stream.truncate(len(MINIMAL))
    assert invoke("status").exit_code == 0
