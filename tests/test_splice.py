"""A write spliced into a register another writer changed after it was read (issue 20).

The proof is against the plain rule: whatever the other writers did meanwhile, the file a
write leaves is the one that making its change again on theirs would leave, byte for byte
(or the same error). A property test draws the other writers' changes (to other actions,
to the same one, adds, plan changes, hand edits in odd layouts and broken ones) and the
write's own; the splice must be taken for the everyday case and refused for the rest.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from improvetrack.errors import ImprovetrackError
from improvetrack.files import layout, splice, store
from improvetrack.files.toml import toml_reader
from improvetrack.model import changes
from improvetrack.model.register import Register
from tests.builders import large

STAMP = changes.make_stamp(date(2026, 11, 27), True, "tester")
BASE = store.dumps(large(24))
IDS = sorted(store.parse(BASE, "base").actions)
AREAS = ("assessments", "transitions", "education", "participation")

Change = Callable[[Register], Any]
Step = Callable[[Path], None]


def _quiet(message: str) -> None:
    """Warnings are not what these tests look at."""


def _update(action_id: str, **wanted: Any) -> Change:
    def change(register: Register) -> Any:
        return changes.apply_update(register, action_id, changes.Update(**wanted), STAMP).id

    return change


def _add(area: str, title: str) -> Change:
    return lambda register: changes.add_action(register, area, title, STAMP).id


def _plan_title(title: str) -> Change:
    return lambda register: changes.update_plan(register, {"title": title}, STAMP)


def _rebaseline(register: Register) -> Any:
    return [action.id for action in changes.rebaseline(register, [], "board agreed", STAMP)]


def _written(change: Change) -> Step:
    """Another writer making `change` with its own locked write."""

    def step(path: Path) -> None:
        with suppress(ImprovetrackError):  # refused: that writer wrote nothing
            store.edit(path, lambda loaded: change(loaded.register), warn=_quiet)

    return step


def _by_hand(edit: Callable[[str], str]) -> Step:
    """Someone editing the file in a text editor, without the lock."""

    def step(path: Path) -> None:
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return step


def _after_header(action_id: str, line: str) -> Callable[[str], str]:
    header = f"[actions.{action_id}]\n"
    return lambda text: text.replace(header, f"{header}{line}\n", 1)


def _unsorted(action_id: str) -> Callable[[str], str]:
    """Move an action's table, with its log, to the end of the file."""

    def edit(text: str) -> str:
        start = text.index(f"\n[actions.{action_id}]\n")
        end = text.find("\n[actions.", start + 1)
        end = len(text) if end == -1 else end
        return text[:start] + text[end:] + text[start:end]

    return edit


def _literal_title(action_id: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        start = text.index(f"[actions.{action_id}]\n")
        # Its title as written, in either quotes: the same edit may come twice.
        title = text.index("\ntitle = ", start) + 1
        end = text.index("\n", title)
        return text[:title] + "title = 'Retitled by hand'" + text[end:]

    return edit


def _before_actions(text: str) -> Callable[[str], str]:
    return lambda register: register.replace("\n[actions.", text + "\n[actions.", 1)


FAKE_HEADER = 'notes = """\n\n[actions.ASM-99]\ntitle = "not a table"\n"""'


def _raced(path: Path, ours: Change, meanwhile: list[Step]) -> tuple[Any, bool]:
    """Make `ours` while `meanwhile` lands between its read and its lock: the result or
    the error, and whether the change was made a second time."""
    first, again = [True], [False]
    redo = store._change_under_lock

    def change(loaded: store.Loaded) -> Any:
        if first[0]:
            first[0] = False
            for step in meanwhile:
                step(path)
        return ours(loaded.register)

    def made_again(*args: Any) -> Any:
        again[0] = True
        return redo(*args)

    store._change_under_lock = made_again
    try:
        return store.edit(path, change, warn=_quiet), again[0]
    except ImprovetrackError as error:
        return _said(error, path), again[0]
    finally:
        store._change_under_lock = redo


def _said(error: ImprovetrackError, path: Path) -> str:
    return f"{type(error).__name__}: {error}".replace(str(path), "FILE")


def _one_after_another(path: Path, ours: Change, meanwhile: list[Step]) -> Any:
    for step in meanwhile:
        step(path)
    try:
        return store.edit(path, lambda loaded: ours(loaded.register), warn=_quiet)
    except ImprovetrackError as error:
        return _said(error, path)


def _check_as_if_made_again(
    tmp_path: Path, ours: Change, meanwhile: list[Step], base: str = BASE
) -> tuple[bool, Any]:
    """The raced write leaves what the same writers one after another leave; returns
    whether it was spliced (not made again), and what it returned or the error."""
    assert _changes_something(base, ours)
    raced, alone = tmp_path / "raced.toml", tmp_path / "alone.toml"
    raced.write_text(base, encoding="utf-8")
    alone.write_text(base, encoding="utf-8")
    outcome, again = _raced(raced, ours, meanwhile)
    assert outcome == _one_after_another(alone, ours, meanwhile)
    assert raced.read_bytes() == alone.read_bytes()
    if not isinstance(outcome, str):  # written: whole, valid, in the stable layout
        text = raced.read_text(encoding="utf-8")
        assert store.dumps(store.parse(text, "raced")) == text
    return not again, outcome


def _changes_something(base: str, ours: Change) -> bool:
    """Whether `ours` changes `base`: one refused, or one that changes nothing, is done
    before any lock is asked for, whatever the others do."""
    register = store.parse(base, "base")
    try:
        ours(register)
    except ImprovetrackError:
        return False
    return store.dumps(register) != base


def test_pieces_join_to_the_layout() -> None:
    document = toml_reader().loads(BASE)
    document["custom"] = {"kept": [1, 2], "deeper": {"x": "y"}}
    document["actions"]["ASM-1"]["mine"] = {"a": 1}
    document["notes"] = "top-level text"
    cut = layout.pieces(document)
    assert "".join(text for _, text in cut) == layout.dumps(document)
    assert [unit for unit, _ in cut][1:5] == [("areas", key) for key in AREAS]
    assert cut[0][0] is None and cut[-1][0] is None  # the frame: before and after
    assert sum(unit is not None for unit, _ in cut) == len(AREAS) + len(IDS)


def test_writers_changing_different_actions_are_spliced_not_redone(tmp_path: Path) -> None:
    meanwhile = [_written(_update(IDS[3], note="theirs")), _written(_add("education", "New"))]
    assert _check_as_if_made_again(tmp_path, _update(IDS[9], note="ours"), meanwhile)[0]
    register = store.read(tmp_path / "raced.toml").register
    assert register.action(IDS[9]).log[-1].text == "note: ours"
    assert register.action(IDS[3]).log[-1].text == "note: theirs"
    assert register.action("EDC-7").title == "New"


def test_two_writers_on_the_same_action_both_land(tmp_path: Path) -> None:
    meanwhile = [_written(_update(IDS[0], note="first"))]
    assert not _check_as_if_made_again(tmp_path, _update(IDS[0], note="second"), meanwhile)[0]
    log = store.read(tmp_path / "raced.toml").register.action(IDS[0]).log
    assert [entry.text for entry in log[-2:]] == ["note: first", "note: second"]


@pytest.mark.parametrize(
    "meanwhile",
    [
        [_written(_plan_title("Retitled"))],
        [_by_hand(lambda text: "# a note\n" + text)],
        [_by_hand(lambda text: text + '\n[custom]\nkept = "yes"\n')],
        [_by_hand(_literal_title(IDS[4]))],
        [_by_hand(_after_header(IDS[4], FAKE_HEADER))],
        [_by_hand(_unsorted(IDS[4]))],
        [_by_hand(_after_header(IDS[4], 'after = ["ASM-2"]'))],  # out of the rules' order
        [_by_hand(_before_actions('\n[areas.c]\ntitle = """C\n[actions.ASM-1]\n"""\n'))],
    ],
    ids=[
        "plan",
        "comment",
        "own table",
        "odd string",
        "fake header",
        "unsorted",
        "key order",
        "header in a string",
    ],
)
def test_what_a_splice_cannot_be_sure_of_is_made_again(
    tmp_path: Path, meanwhile: list[Step]
) -> None:
    spliced, outcome = _check_as_if_made_again(tmp_path, _update(IDS[10], note="ours"), meanwhile)
    assert not spliced and outcome == IDS[10]


@pytest.mark.parametrize(
    "edit",
    [
        # Two actions made to wait for each other, each edit valid on its own.
        lambda text: _after_header(IDS[5], f'after = ["{IDS[6]}"]')(
            _after_header(IDS[6], f'after = ["{IDS[5]}"]')(text)
        ),
        _after_header(IDS[5], 'ref = "1.1"'),  # with another action's ref, below
        _after_header(IDS[5], 'after = ["ASM-404"]'),
        _after_header(IDS[5], 'area = "nowhere"'),
        _after_header(IDS[5], "status = 42"),
    ],
    ids=["cycle", "same ref", "no such action", "no such area", "bad status"],
)
def test_a_hand_edit_that_breaks_the_register_is_refused_as_a_rewrite_refuses_it(
    tmp_path: Path, edit: Callable[[str], str]
) -> None:
    base = _after_header(IDS[20], 'ref = "1.1"')(BASE)
    base = store.dumps(store.parse(base, "base"))
    meanwhile = [_by_hand(edit)]
    spliced, outcome = _check_as_if_made_again(
        tmp_path, _update(IDS[10], note="ours"), meanwhile, base
    )
    assert not spliced and outcome.startswith(
        ("RegisterInvalid: FILE:", "RegisterUnreadable: FILE:")
    )


def test_an_area_added_by_hand_is_spliced_as_a_rewrite_keeps_it(tmp_path: Path) -> None:
    added = _before_actions('\n[areas.new-area]\ntitle = "New area"\nprefix = "NEW"\n')
    spliced, outcome = _check_as_if_made_again(
        tmp_path, _update(IDS[10], note="ours"), [_by_hand(added)]
    )
    assert spliced and outcome == IDS[10]
    assert store.read(tmp_path / "raced.toml").register.areas["new-area"].title == "New area"


@pytest.mark.parametrize(
    "text",
    [
        '\n[actions."\\q"]\ntitle = "an escape TOML does not have"\n',
        '\n[areas."new área"]\ntitle = "New area"\nprefix = "NEW"\n',  # not a key of ours
        '\n[areas."a"]\ntitle = "A"\nprefix = "ASM"\n',  # another area's prefix
        "\n[areas.b]\ntitle = 3\n",
    ],
    ids=["bad escape", "quoted key", "same prefix", "bad title"],
)
def test_a_broken_unit_added_by_hand_is_refused_as_a_rewrite_refuses_it(
    tmp_path: Path, text: str
) -> None:
    spliced, outcome = _check_as_if_made_again(
        tmp_path, _update(IDS[10], note="ours"), [_by_hand(_before_actions(text))]
    )
    assert not spliced and outcome.startswith("Register")


def test_a_change_that_looks_at_every_action_is_made_again(tmp_path: Path) -> None:
    base = _base(tmp_path)
    _written(_update(IDS[5], due=date(2027, 4, 1)))(base)
    meanwhile = [_written(_update(IDS[2], due=date(2027, 5, 1)))]
    spliced, outcome = _check_as_if_made_again(tmp_path, _rebaseline, meanwhile, base.read_text())
    assert not spliced and outcome == [IDS[2], IDS[5]]


def test_a_splice_over_the_size_limit_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(BASE, encoding="utf-8")
    long_note = "x" * 2000
    # Room for our note alone and for theirs alone, not for both.
    monkeypatch.setattr(store, "MAX_REGISTER_BYTES", len(BASE.encode()) + 2100)
    theirs = [_written(_update(IDS[1], note=long_note))]
    outcome, _ = _raced(path, _update(IDS[7], note=long_note), theirs)
    assert outcome.startswith("NotWritable: ") and "nothing written" in outcome
    assert (
        store.read(path).register.action(IDS[1]).log[-1].text == f"note: {long_note}"
    )  # theirs only


def test_a_splice_is_refused_when_it_would_be_over_the_limit(tmp_path: Path) -> None:
    loaded = store.read(_base(tmp_path))
    watch = splice.Watch(loaded.register)
    _update(IDS[7], note="ours")(loaded.register)
    looked_up = watch.stop()
    document = store._changed(loaded)
    assert document is not None
    made = splice.Splice.prepare(
        loaded.text, loaded.document, document, store.pieces_of(document), looked_up
    )
    assert made is not None
    _written(_update(IDS[1], note="theirs"))(loaded.path)
    current = loaded.path.read_bytes()
    spliced = made.apply(current, store.MAX_REGISTER_BYTES)
    assert spliced is not None and len(spliced) > len(current)
    assert made.apply(current, len(spliced) - 1) is None
    assert made.apply(current, len(spliced)) == spliced


def _base(tmp_path: Path) -> Path:
    path = tmp_path / "base.toml"
    path.write_text(BASE, encoding="utf-8")
    return path


def test_the_watch_notes_what_a_change_looks_up() -> None:
    register = store.parse(BASE, "base")
    watch = splice.Watch(register)
    changes.apply_update(register, IDS[1], changes.Update(note="n"), STAMP)
    assert watch.stop() == {("actions", IDS[1])}
    assert type(register.actions) is dict
    watch = splice.Watch(register)
    changes.add_action(register, "assessments", "Numbered after every ID", STAMP)
    assert watch.stop() is None  # the next ID is worked out from every action
    watch = splice.Watch(register)
    held = copy.deepcopy(register.actions)
    assert type(held) is dict and held == register.actions
    assert watch.stop() is None  # a copy looks at every action


# --- the property: any interleaving gives what one writer after another gives -------------

action_ids = st.sampled_from(IDS)
words = st.sampled_from(["review", "audit", "Ünïcode \u2013 note", 'quote " and \\ back', "a\nb"])

ours_changes = st.one_of(
    st.builds(lambda i, w: _update(i, note=w), action_ids, words),
    st.builds(lambda i, w: _update(i, owner=w.replace("\n", " ")), action_ids, words),
    st.builds(lambda i: _update(i, status="in-progress"), action_ids),
    st.builds(lambda i, d: _update(i, due=date(2027, 1, d)), action_ids, st.integers(1, 28)),
)
hand_edits = st.one_of(
    st.builds(lambda i: _after_header(i, FAKE_HEADER), action_ids),
    st.builds(_literal_title, action_ids),
    st.builds(_unsorted, action_ids),
    st.builds(lambda i, j: _after_header(i, f'after = ["{j}"]'), action_ids, action_ids),
    st.builds(lambda i: _after_header(i, 'ref = "7.7"'), action_ids),
    st.just(lambda text: text + "\n[custom]\nx = 1\n"),
)
their_steps = st.one_of(
    st.builds(_written, ours_changes),
    st.builds(lambda i, j: _written(_update(i, after=(j,))), action_ids, action_ids),
    st.builds(lambda i, r: _written(_update(i, ref=r)), action_ids, st.sampled_from("123")),
    st.builds(lambda a, w: _written(_add(a, w)), st.sampled_from(AREAS), words),
    st.builds(lambda w: _written(_plan_title(w.replace("\n", " "))), words),
    st.builds(_by_hand, hand_edits),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ours=ours_changes, meanwhile=st.lists(their_steps, max_size=4))
def test_a_raced_write_leaves_what_one_writer_after_another_leaves(
    tmp_path: Path, ours: Change, meanwhile: list[Step]
) -> None:
    assume(_changes_something(BASE, ours))
    spliced, _ = _check_as_if_made_again(tmp_path, ours, meanwhile)
    event(
        "spliced" if spliced and meanwhile else "made again" if meanwhile else "alone"
    )  # see --hypothesis-show-statistics
