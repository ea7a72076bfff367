"""Mutable record classes for the register's model: written like dataclasses, cheaper to define.

`dataclasses` writes each class's `__init__`, `__repr__` and `__eq__` as source text and
compiles all three when its module is imported; for the seven classes of the register's
model that was about a twentieth of a whole run of `improvetrack status`. A `record`
compiles only its `__init__`; equality and `repr` are two functions every record shares,
which read the fields from the class. Records are slotted, so a register of ten thousand
actions takes less memory, and they are not hashable, as a dataclass with `eq` is not.

The results computed from a register never change once made, and are `NamedTuple`s.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

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


@dataclass_transform(field_specifiers=(field,))
def record(cls: C) -> C:
    """Make a class with annotated fields (and defaults) into a slotted record."""
    names = tuple(inspect.get_annotations(cls))
    scope: dict[str, Any] = {"_MISSING": _MISSING}
    plain: dict[str, Any] = {}
    parameters, lines = [], []
    for name in names:
        if name not in cls.__dict__:
            parameters.append(name)
            lines.append(f"self.{name} = {name}")
            continue
        default = cls.__dict__[name]
        if isinstance(default, _Factory):
            scope[f"_make_{name}"] = default.make
            parameters.append(f"{name}=_MISSING")
            lines.append(f"self.{name} = _make_{name}() if {name} is _MISSING else {name}")
        else:
            scope[f"_default_{name}"] = plain[name] = default
            parameters.append(f"{name}=_default_{name}")
            lines.append(f"self.{name} = {name}")
    source = f"def __init__(self, {', '.join(parameters)}):\n    " + "\n    ".join(
        lines or ["pass"]
    )
    exec(source, scope)  # one small function per class, the only code made at import
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
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
