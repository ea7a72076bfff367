"""Finding, reading and writing the register file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from improvetrack.errors import (
    ImprovetrackError,
    RegisterInvalid,
    RegisterLocked,
    RegisterNotFound,
    RegisterUnreadable,
)
from improvetrack.files import store, toml
from improvetrack.files.defaults import LOCK_TIMEOUT
from improvetrack.model.register import Action
from tests.conftest import MINIMAL


def test_read_reports_unreadable_files_with_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'schema = 1\n[plan]\ntitle = "caf\xe9"\n')
    with pytest.raises(RegisterUnreadable, match=r"bad.toml:3: not UTF-8"):
        store.read(bad)
    bad.write_text('schema = 1\n[plan]\ntitle = "x\n')
    with pytest.raises(RegisterUnreadable, match=r"bad.toml:3:\d+: invalid TOML: "):
        store.read(bad)
    with pytest.raises(RegisterUnreadable, match="is a folder"):
        store.read(tmp_path)
    with pytest.raises(RegisterNotFound, match="improvetrack init"):
        store.read(tmp_path / "missing.toml")


def test_read_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert store.read(path).register.plan.title == "Test plan"


def test_read_permission_denied_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.toml"
    path.write_text(MINIMAL)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(RegisterUnreadable, match="permission denied"):
        store.read(path)


def test_invalid_register_lists_every_problem_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL + '\n[actions.ASM-1]\narea = "x"\ntitle = "t"\nstatus = "late"\n')
    with pytest.raises(RegisterInvalid) as caught:
        store.read(path)
    assert caught.value.problems == [
        f"{path}:12: actions.ASM-1.area: no area 'x'",
        f"{path}:14: actions.ASM-1.status: unknown status 'late'; expected one of "
        "not-started, in-progress, blocked, awaiting-sign-off, done, dropped",
    ]
    assert "(and 1 more; `improvetrack check` lists them all)" in str(caught.value)


def test_editing_writes_only_when_the_block_succeeds(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    with pytest.raises(RuntimeError), store.editing(path, warn=print) as loaded:
        loaded.register.plan.title = "Changed"
        raise RuntimeError("interrupted")
    assert path.read_text() == MINIMAL
    with store.editing(path, warn=print) as loaded:
        loaded.register.plan.title = "Changed"
    assert 'title = "Changed"' in path.read_text()


def test_an_invalid_change_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    with (
        pytest.raises(RegisterInvalid, match="not saved"),
        store.editing(path, warn=print) as loaded,
    ):
        loaded.register.actions["ASM-1"] = Action("ASM-1", "nowhere", "t")
    assert path.read_text() == MINIMAL


def test_rewriting_a_file_with_comments_warns(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text("# our plan\n" + MINIMAL)
    warnings: list[str] = []
    with store.editing(path, warn=warnings.append) as loaded:
        loaded.register.plan.title = "Changed"
    assert len(warnings) == 1 and "line 1 holds a comment" in warnings[0]
    assert "#" not in path.read_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = 1 # note", True),
        ("# heading\na = 1", True),
        ('a = "issue #12"', False),
        ("a = 'issue #12'", False),
        ('a = """\n# not a comment\n"""', False),
        ('a = "say \\"#\\""', False),
        ("a = '''\n#'''\nb = 2 # yes", True),
    ],
)
def test_has_comments_ignores_hashes_in_strings(text: str, expected: bool) -> None:
    assert toml.has_comments(text) is expected


def test_lock_times_out_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    # The core takes its timeout as an argument (the CLI reads $IMPROVETRACK_LOCK_TIMEOUT).
    with (
        store.locked(path),
        pytest.raises(
            RegisterLocked, match=r"locked by another improvetrack process for over 0\.2s"
        ),
        store.editing(path, warn=print, timeout=0.2),
    ):
        pass
    assert path.read_text() == MINIMAL


def test_atomic_write_keeps_the_file_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text("old")
    path.chmod(0o640)
    store.write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["r.toml"]


def test_atomic_write_failure_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.toml"
    path.write_text("old")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ImprovetrackError, match=r"cannot write .*No space left on device"):
        store.write_atomically(path, b"new")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["r.toml"]


def test_writing_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImprovetrackError, match="does not exist"):
        store.write_atomically(tmp_path / "nope" / "r.toml", b"x")
    with pytest.raises(ImprovetrackError, match="does not exist"):
        store.create(tmp_path / "nope" / "r.toml", MINIMAL, force=False)
    assert not (tmp_path / "nope").exists()


def test_a_parse_error_at_the_end_names_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('schema = 1\n[plan]\ntitle = "x"\nnext =')
    with pytest.raises(RegisterUnreadable, match=r"r.toml:4:(\d+:)? invalid TOML: "):
        store.read(path)


def test_a_change_that_changes_nothing_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    text = '# a hand-written plan\nschema = 1\n\n[plan]\ntitle = "x"\n'
    path.write_text(text)
    warnings: list[str] = []
    with store.editing(path, warn=warnings.append):
        pass
    assert path.read_text() == text and warnings == []


def test_line_numbers_of_repeated_tables_and_many_problems(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + '[[areas.assessments.measures]]\nname = "a"\nbaseline = 1\n'
        + '[[areas.assessments.measures]]\nname = "b"\nbaseline = "high"\n'
        + "".join(
            f'\n[actions.ASM-{n}]\narea = "assessments"\ntitle = "t"\nstatus = "In progress"\n'
            for n in range(1, 3001)
        )
    )
    path = tmp_path / "r.toml"
    path.write_text(text)
    with pytest.raises(RegisterInvalid) as caught:
        store.read(path)
    problems = caught.value.problems
    assert len(problems) == 3001
    assert problems[0] == (
        f"{path}:15: areas.assessments.measures.1.baseline: expected a number like 72.5 "
        "(no quotes), got text 'high'"
    )
    assert problems[-1].startswith(f"{path}:{15 + 5 * 3000}: actions.ASM-3000.status:")


# A hand edit gone wrong in the action that starts on line 11 of this text.
HAND_EDITED = MINIMAL + '\n[actions.ASM-1]\narea = "assessments"\ntitle = "Audit"\n{slip}\n'


@pytest.mark.parametrize(
    ("slip", "expected"),
    [
        (
            "due = 28/02/2027",
            "14:9: invalid TOML: Expected newline or end of document after a statement; "
            "dates in the register are written 2027-02-28, without quotes",
        ),
        (
            "due = 28.02.27",
            "14:12: invalid TOML: Expected newline or end of document after a statement; "
            "dates in the register are written 2027-02-28, without quotes",
        ),
        (
            "due = 31 March 2027",
            "14:10: invalid TOML: Expected newline or end of document after a statement; "
            "dates in the register are written 2027-03-31, without quotes",
        ),
        (
            "due = 2027-2-28",
            "14:11: invalid TOML: Expected newline or end of document after a statement; "
            "dates in the register are written 2027-02-28, without quotes",
        ),
        (
            "due = 31/02/2027",
            "14:9: invalid TOML: Expected newline or end of document after a statement; "
            "dates in the register are written year-month-day, like 2027-02-28, without "
            "quotes",
        ),
        (
            "due = 2027-02-30",
            "14:7: invalid TOML: Invalid date or datetime; that day is not in the calendar: "
            "check the day and the month",
        ),
        (
            "owner = Jo",
            '14:9: invalid TOML: Invalid value; text is written in quotes: owner = "Jo"',
        ),
        (
            "timescale = 12 weeks",
            "14:16: invalid TOML: Expected newline or end of document after a statement; "
            'text is written in quotes: timescale = "12 weeks"',
        ),
        (
            "title = \u201cAudit\u201d",
            "14:9: invalid TOML: Invalid value; text is written between straight quotes "
            '("), not curly ones',
        ),
        (
            "done = True",
            "14:8: invalid TOML: Invalid value; true and false are written in lower case",
        ),
        (
            'owner = "Jo',
            "14:12: invalid TOML: Illegal character '\\n'; a text value is missing its "
            'closing quote (")',
        ),
        (
            'title = "Audit again"',
            "14:22: invalid TOML: Cannot overwrite a value; title is set twice in "
            "[actions.ASM-1] (first on line 13); keep one",
        ),
        (
            "[actions.ASM-1]",
            "14:15: invalid TOML: Cannot declare ('actions', 'ASM-1') twice; "
            "[actions.ASM-1] appears twice (first on line 11); keep one and move its keys "
            "into it",
        ),
        (
            'evidence = ["C:\\audit\\q4.docx"]',
            "14:18: invalid TOML: Unescaped '\\' in a string; in text between double "
            "quotes a \\ starts an escape: write \\\\, or put a path between single quotes",
        ),
        (
            "target = 80%",
            "14:12: invalid TOML: Expected newline or end of document after a statement; "
            "a number is written alone, without % or commas: 80",
        ),
        (
            'owner "Jo"',
            "14:7: invalid TOML: Expected '=' after a key in a key/value pair; each line "
            "sets one key: key = value, with text in quotes",
        ),
        ("owner =", "14:8: invalid TOML: Invalid value; a value is missing after ="),
    ],
)
def test_a_toml_slip_gets_a_hint_a_person_understands(
    tmp_path: Path, slip: str, expected: str
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(HAND_EDITED.format(slip=slip), encoding="utf-8")
    with pytest.raises(RegisterUnreadable) as caught:
        store.read(path)
    assert str(caught.value) == f"{path}:{expected}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "garbage = [\n",
            "2:1: invalid TOML: Invalid value; the [ of garbage on line 1 is never closed with ]",
        ),
        (
            '[plan]\ntitle = "x"\nevidence = [\n  "a.pdf",\n',
            "5:1: invalid TOML: Invalid value; the [ of evidence on line 3 is never closed with ]",
        ),
        (
            "x = {\n",
            "2:1: invalid TOML: Invalid initial character for a key part; the { of x on line 1 "
            "is never closed with }",
        ),
    ],
)
def test_a_list_left_open_at_the_end_is_named_where_it_opened(
    tmp_path: Path, text: str, expected: str
) -> None:
    """The parser stops at the end of the file, a line after the last: the hint names
    the line where the list or the table began."""
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegisterUnreadable) as caught:
        store.read(path)
    assert str(caught.value) == f"{path}:{expected}"


def test_a_date_in_quotes_is_text_and_said_so_by_validation(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(HAND_EDITED.format(slip='due = "2027-02-28"'), encoding="utf-8")
    with pytest.raises(RegisterInvalid, match=r"expected a date like 2027-03-31 \(no quotes\)"):
        store.read(path)


def test_the_comments_warning_names_their_lines_before_the_file_is_rewritten(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.toml"
    text = (
        "# our plan\n"
        + MINIMAL.replace('prefix = "ASM"', 'prefix = "ASM"  # agreed at the board')
        + '\n[actions.ASM-1]\narea = "assessments"\ntitle = "Issue #12, \'#1\' priority"\n'
        + "# owner to follow\n"
    )
    path.write_text(text)
    heard: list[tuple[str, str]] = []
    with store.editing(path, warn=lambda message: heard.append((message, path.read_text()))) as (
        loaded
    ):
        loaded.register.plan.title = "Changed"
    assert heard == [
        (
            f"{path}: lines 1, 10 and 15 hold comments, which this change will drop; to keep "
            'a note, move it into a field such as notes = "..." (fields improvetrack does not '
            "know are kept)",
            text,  # said while the comments are still there
        )
    ]
    assert "#" not in path.read_text().replace("Issue #12, '#1'", "")


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a = 1 # note", [1]),
        ("# heading\na = 1\n\n# again # and again\n", [1, 4]),
        ('a = """\n# not a comment\n"""\nb = 2 # yes', [4]),
        ('# it\'s mine\n# and """ this\nb = 1 # too', [1, 2, 3]),
        ('a = "issue #12"', []),
    ],
)
def test_comment_lines(text: str, lines: list[int]) -> None:
    assert toml.comment_lines(text) == lines


def _another_writer_gets_there_first(
    monkeypatch: pytest.MonkeyPatch, path: Path, title: str
) -> None:
    """Make the next lock taken on `path` find the plan retitled, as if a writer that was
    already queued had just finished."""
    real = store.locked

    @contextmanager
    def locked(*args: Any, **kwargs: Any) -> Iterator[None]:
        text = path.read_text().replace('title = "Test plan"', f'title = "{title}"')
        store.write_atomically(path, text.encode())
        monkeypatch.setattr(store, "locked", real)
        with real(*args, **kwargs):
            yield

    monkeypatch.setattr(store, "locked", locked)


def _add(loaded: store.Loaded) -> str:
    loaded.register.actions["ASM-1"] = Action("ASM-1", "assessments", "Added")
    return "ASM-1"


def test_edit_does_the_work_before_the_lock_and_only_writes_under_it(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    runs: list[bool] = []

    def change(loaded: store.Loaded) -> str:
        runs.append(
            store._lock_of(path, LOCK_TIMEOUT).busy()
        )  # is anyone queued for the lock meanwhile?
        return _add(loaded)

    assert store.edit(path, change, warn=print) == "ASM-1"
    assert runs == [False]
    assert store.read(path).register.action("ASM-1").title == "Added"


def test_edit_makes_the_change_again_on_what_another_writer_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    _another_writer_gets_there_first(monkeypatch, path, "Retitled meanwhile")
    titles: list[str] = []

    def change(loaded: store.Loaded) -> str:
        titles.append(loaded.register.plan.title)
        return _add(loaded)

    assert store.edit(path, change, warn=print) == "ASM-1"
    assert titles == ["Test plan", "Retitled meanwhile"]  # the second run, under the lock
    register = store.read(path).register
    assert (register.plan.title, register.action("ASM-1").title) == ("Retitled meanwhile", "Added")


def test_edit_that_changes_nothing_or_fails_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text("# kept as it is\n" + MINIMAL)
    assert store.edit(path, lambda loaded: "nothing", warn=print) == "nothing"

    def fail(loaded: store.Loaded) -> None:
        _add(loaded)
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        store.edit(path, fail, warn=print)
    with pytest.raises(RegisterInvalid, match="not saved"):
        store.edit(
            path,
            lambda loaded: loaded.register.actions.update(x=Action("x", "nowhere", "t")),
            warn=print,
        )
    assert path.read_text() == "# kept as it is\n" + MINIMAL
    assert not path.with_name(".r.toml.lock").exists()  # none of them needed the lock


def test_edit_works_its_change_out_before_it_queues_when_others_are_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from improvetrack.files.lock import RegisterLock

    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    monkeypatch.setattr(RegisterLock, "busy", lambda self: True)
    held: list[bool] = []

    def change(loaded: store.Loaded) -> str:
        held.append(path.with_name(".r.toml.lock").exists())
        return _add(loaded)

    # Made outside the lock even so, to be spliced in if the others change other actions;
    # the file did not change meanwhile, so it is made once.
    assert store.edit(path, change, warn=print) == "ASM-1"
    assert held == [False]


def test_editing_parses_before_the_lock_but_never_yields_a_stale_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(MINIMAL)
    _another_writer_gets_there_first(monkeypatch, path, "Retitled meanwhile")
    with store.editing(path, warn=print) as loaded:
        assert loaded.register.plan.title == "Retitled meanwhile"
        _add(loaded)
    register = store.read(path).register
    assert (register.plan.title, register.action("ASM-1").title) == ("Retitled meanwhile", "Added")
