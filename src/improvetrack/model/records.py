"""Mutable record classes for the register's model: written like dataclasses, cheaper to define.

`dataclasses` writes each class's `__init__`, `__repr__` and `__eq__` as source text and
compiles all three when its module is imported; for the seven classes of the register's
model that was about a twentieth of a whole run of `improvetrack status`. A `record`
writes only its `__init__`; equality and `repr` are two functions every record shares,
which read the fields from the class. Records are slotted, so a register of ten thousand
actions takes less memory, and they are not hashable, as a dataclass with `eq` is not.

Even one `__init__` a class was a third of the time `status` spent importing its own
modules, compiling some forty of them. So each `__init__` the package's records make is
also written out, compiled ahead like any module, in `record_inits.py`: a record whose
source is there takes its code from there, and any other (a new field, a test's record)
is compiled as before. After changing a record's fields, from the repository root:

    python -m improvetrack.model.records      # writes src/improvetrack/model/record_inits.py

A stale file changes nothing but the speed, and a test fails until it is written again.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from pathlib import Path
from types import FunctionType
from typing import Any, TypeVar, dataclass_transform

from improvetrack.model.record_inits import WRITTEN

T = TypeVar("T")
C = TypeVar("C", bound=type)
R = TypeVar("R")


class _Factory:
    """A default made fresh for each record (a new list, a new dict)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is made by `default_factory` for each record, as in dataclasses."""
    return _Factory(default_factory)  # type: ignore[return-value]


def fields(cls_or_record: Any) -> tuple[str, ...]:
    """The names of a record's fields, in the order they are declared."""
    names: tuple[str, ...] = cls_or_record.__record_fields__
    return names


def defaults(cls_or_record: Any) -> dict[str, Any]:
    """Each field's plain default (not those made by a factory), by name."""
    found: dict[str, Any] = cls_or_record.__record_defaults__
    return found


def replace(item: R, **changes: Any) -> R:
    """A shallow copy of a record with some fields changed."""
    made = copy.copy(item)
    for name, value in changes.items():
        setattr(made, name, value)
    return made


def is_record(value: Any) -> bool:
    return hasattr(type(value), "__record_fields__") and not isinstance(value, type)


def _eq(self: Any, other: Any) -> Any:  # bool, or NotImplemented for another type
    if type(other) is not type(self):
        return NotImplemented
    names: tuple[str, ...] = self.__record_fields__
    return all(getattr(self, name) == getattr(other, name) for name in names)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_fields__)
    return f"{type(self).__qualname__}({shown})"


_MISSING = object()  # stands for a field given no value, whose default is made by a factory
# The source of every `__init__` the package's records made, and the fields it takes.
_MADE: dict[str, tuple[str, ...]] = {}


@dataclass_transform(field_specifiers=(field,))
def record(cls: C) -> C:
    """Make a class with annotated fields (and defaults) into a slotted record."""
    names = tuple(inspect.get_annotations(cls))
    scope: dict[str, Any] = {"_MISSING": _MISSING}
    plain: dict[str, Any] = {}
    parameters, lines, given = [], [], []  # given: the defaults, in order, as the def has them
    for name in names:
        if name not in cls.__dict__:
            parameters.append(name)
            lines.append(f"self.{name} = {name}")
            continue
        default = cls.__dict__[name]
        if isinstance(default, _Factory):
            scope[f"_make_{name}"] = default.make
            parameters.append(f"{name}=_MISSING")
            given.append(_MISSING)
            lines.append(f"self.{name} = _make_{name}() if {name} is _MISSING else {name}")
        else:
            scope[f"_default_{name}"] = plain[name] = default
            parameters.append(f"{name}=_default_{name}")
            given.append(default)
            lines.append(f"self.{name} = {name}")
    source = f"def __init__(self, {', '.join(parameters)}):\n    " + "\n    ".join(
        lines or ["pass"]
    )
    if cls.__module__.startswith("improvetrack."):
        _MADE[source] = names
    qualname = f"{cls.__qualname__}.__init__"
    written = WRITTEN.get(source)
    if written is None:
        exec(source, scope)  # one small function per class, the only code made at import
        init = scope["__init__"]
        init.__qualname__ = qualname
    else:
        code = written.__code__.replace(co_name="__init__", co_qualname=qualname)
        init = FunctionType(code, scope, "__init__", tuple(given) or None)
    body = {key: value for key, value in cls.__dict__.items() if key not in names}
    for key in ("__dict__", "__weakref__"):
        body.pop(key, None)
    body |= {
        "__slots__": names,
        "__record_fields__": names,
        "__record_defaults__": plain,
        "__init__": init,
        "__eq__": _eq,
        "__repr__": _repr,
        "__hash__": None,
    }
    made: C = type(cls)(cls.__name__, cls.__bases__, body)
    return made


INITS = Path(__file__).with_name("record_inits.py")


def written_inits() -> str:
    """`record_inits.py` as it should be: each `__init__` the package's records make, once.

    Every module of the package is imported first, so that each of its records is made.
    """
    import importlib
    import pkgutil

    package = str(Path(__file__).parents[1])
    for module in pkgutil.walk_packages([package], "improvetrack."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    sources = sorted(_MADE)
    lines = [
        '"""The `__init__` of each record class, compiled ahead: see `records`.',
        "",
        "Written by `python -m improvetrack.model.records`: do not edit. The names each uses",
        "(`_MISSING`, a field's `_make_...`) are the globals `records.record` gives it.",
        '"""',
        "",
    ]
    for number, source in enumerate(sources, 1):
        # The source, renamed, without defaults: the function gets them from its class.
        body = source.split("\n", 1)[1]
        lines += ["", f"def _init_{number}({', '.join(('self', *_MADE[source]))}):", body, ""]
    lines += ["", "WRITTEN = {"]
    for number, source in enumerate(sources, 1):
        assert '"' not in source and "'" not in source, source  # no quotes in a name
        lines.append(f'    "{repr(source)[1:-1]}": _init_{number},')
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    # Run as a script this file is a second copy of the module: the records are made by
    # the one the package imports, so it is that one that has seen them.
    from improvetrack.model import records as imported

    imported.INITS.write_text(imported.written_inits(), encoding="utf-8")
