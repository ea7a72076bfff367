"""Records behave as the dataclasses they replace: defaults, fresh factories, equality, copies."""

from __future__ import annotations

import copy
import pickle

import pytest

from improvetrack.model.records import defaults, field, fields, is_record, record, replace


@record
class Thing:
    """A record for the tests."""

    name: str
    size: int = 3
    tags: list[str] = field(default_factory=list)

    def label(self) -> str:
        return f"{self.name}:{self.size}"


def test_a_record_takes_its_fields_by_position_or_name_with_defaults() -> None:
    thing = Thing("a")
    assert (thing.name, thing.size, thing.tags) == ("a", 3, [])
    assert Thing(name="b", size=4, tags=["x"]).label() == "b:4"
    with pytest.raises(TypeError):
        Thing()  # type: ignore[call-arg]


def test_each_record_gets_its_own_default_list() -> None:
    one, two = Thing("a"), Thing("b")
    one.tags.append("x")
    assert two.tags == []


def test_records_compare_by_value_and_show_their_fields() -> None:
    assert Thing("a", 1, ["x"]) == Thing("a", 1, ["x"])
    assert Thing("a") != Thing("b")
    assert Thing("a") != ("a", 3, [])
    assert repr(Thing("a")) == "Thing(name='a', size=3, tags=[])"
    with pytest.raises(TypeError):
        hash(Thing("a"))


def test_records_are_slotted_and_copy_deeply() -> None:
    thing = Thing("a", tags=["x"])
    with pytest.raises(AttributeError):
        thing.colour = "red"  # type: ignore[attr-defined]
    deep = copy.deepcopy(thing)
    deep.tags.append("y")
    assert thing.tags == ["x"] and deep == Thing("a", tags=["x", "y"])
    assert pickle.loads(pickle.dumps(thing)) == thing


def test_what_the_merge_needs_to_know_of_a_record() -> None:
    assert fields(Thing) == ("name", "size", "tags")
    assert defaults(Thing) == {"size": 3}
    assert is_record(Thing("a")) and not is_record(Thing) and not is_record("a")
    changed = replace(Thing("a"), size=9)
    assert changed == Thing("a", 9)


def test_the_written_inits_are_current() -> None:
    """Each `__init__` the package's records make is compiled ahead in record_inits.py."""
    import subprocess
    import sys

    from improvetrack.model.records import INITS

    script = (
        "import sys; from improvetrack.model.records import written_inits; "
        "sys.stdout.write(written_inits())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8"
    )
    assert result.returncode == 0, result.stderr
    assert INITS.read_text(encoding="utf-8") == result.stdout, (
        "record_inits.py is out of date: run python -m improvetrack.model.records"
    )


def test_a_record_of_the_package_takes_its_code_from_the_written_inits() -> None:
    from improvetrack.model.register import Action

    code = Action.__init__.__code__
    assert code.co_filename.endswith("record_inits.py")
    assert (code.co_name, Action.__init__.__qualname__) == ("__init__", "Action.__init__")
    action = Action(id="ASM-1", area="assessments", title="Audit")
    assert (action.status, action.after, action.log) == ("not-started", [], [])
    assert Action(id="ASM-1", area="assessments", title="Audit") == action


def test_a_record_not_written_out_is_compiled_as_before() -> None:
    assert Thing.__init__.__code__.co_filename == "<string>"
    assert Thing.__init__.__qualname__ == "Thing.__init__"
