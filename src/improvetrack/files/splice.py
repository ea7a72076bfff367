"""A write spliced into a register that another writer changed since it was read.

`store.edit` works a change out before it takes the lock. If, under the lock, the file is
no longer the text the change was made on, the change used to be made again on the file
as it is then: a whole read, check, change, check and dump under the lock, most of a
second at 10,000 actions. The stable layout (`layout.pieces`) makes that unnecessary in
the usual case, two writers changing different actions: every area and every action is
a *unit* of its own lines, so a write can replace its own units in the current bytes.

A `Splice` is prepared outside the lock from the text read (T0), the data read (D0) and
the changed data (D1, already checked and cut into pieces). It is refused (the change is
made again instead) unless:

- T0 is exactly what the layout writes for D0, unit by unit, in D1's order: then T0 is
  cut into units exactly, and each unit's bytes mean the same wherever they stand (a
  unit starts with its own header and ends with every string and list closed);
- the change only changed existing units: the frame (schema, plan, the user's own
  tables) is the same text, no unit was added or removed;
- the change looked up areas and actions one by one (`Watch`); one that went through all
  of them (IDs for a new action, rebaselining every open action) is made again.

Under the lock, `Splice.apply` walks the current bytes (Tc) against T0's units, comparing
runs of units with one memory comparison each, and cuts out the units that differ. It
refuses (None: make the change again) unless:

- Tc starts with T0's frame head and ends with its frame tail, byte for byte;
- every unit the change changed or looked up is byte-identical in Tc: the change would
  come out the same, made again;
- every other unit is T0's, or a unit changed or added by the other writer that parses
  on its own to one area or action, is written exactly as the layout writes it, comes in
  the order a rewrite would put it, and reads back as the same data (so a rewrite would
  leave it as it is); no unit was removed, none is there twice;
- the register that results keeps every rule that ties one part of a register to
  another (see `_valid`), and is not over the size limit.

Then the result is the current bytes with this change's units replaced by its own: what
making the change again would have written, byte for byte, without parsing the 10,000
units no one changed.

Why the result is a valid register. Call C the units the other writers changed or
added, M those this change changed; C and M are disjoint, and nothing was removed.
Every unit not in C has the value it has in D1, which was checked whole. A rule that
holds inside one unit (types, dates, statuses, nesting) holds for D1's units and is
checked for C's by decoding them with the register's own reader. The rules between units
are: areas' prefixes and refs are distinct, an action's area exists, actions' refs are
distinct, an action's `after` names actions that exist, and no action waits for itself
through others. `_valid` decodes C's units with every area and with each action they
name in `after`, so all the rules are checked among those; areas are few, so all of
them are checked; D1 kept the rest, and:

- a ref two actions share must involve an action of C (all others are D1's): C's refs
  are looked up in an index of D1's;
- an action outside C names in `after` only actions of D1, and none was removed;
- a cycle must pass through an action of C (all others wait for what they wait for in
  D1, which has no cycle), so a search from each action of C finds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from improvetrack.files import layout
from improvetrack.files.layout import Unit
from improvetrack.files.toml import toml_reader
from improvetrack.model.decode import from_document
from improvetrack.model.encode import to_document
from improvetrack.model.prerequisites import cycle_from
from improvetrack.model.register import Register, id_sort_key

# The first line of a unit, after the blank line before it: `[areas.KEY]`, `[actions.ID]`.
_HEADER = re.compile(rb'\n\[(areas|actions)\.([A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*")\]\n')


class Watched(dict[str, Any]):
    """A register's areas or actions that note which keys a change looks up, and whether
    it went through all of them (then it may depend on any, and is made again)."""

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        super().__init__(items or {})
        self.seen: set[str] = set()
        self.everything = False

    def __getitem__(self, key: str) -> Any:
        self.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.seen.add(str(key))
        return super().__contains__(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.seen.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.seen.add(key)
        super().__delitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)

    def pop(self, key: str, *default: Any) -> Any:
        self.seen.add(key)
        return super().pop(key, *default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return super().setdefault(key, default)

    def _all(self) -> None:
        self.everything = True

    def __reduce__(self) -> tuple[Any, ...]:  # a copy is a plain dictionary
        self._all()
        return (dict, (dict(super().items()),))

    def __iter__(self) -> Iterator[str]:
        self._all()
        return super().__iter__()

    def __len__(self) -> int:
        self._all()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._all()
        return super().__eq__(other)

    __hash__ = None

    def keys(self) -> Any:
        self._all()
        return super().keys()

    def values(self) -> Any:
        self._all()
        return super().values()

    def items(self) -> Any:
        self._all()
        return super().items()

    def copy(self) -> dict[str, Any]:
        self._all()
        return dict(super().items())

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._all()
        super().update(*args, **kwargs)

    def popitem(self) -> tuple[str, Any]:
        self._all()
        return super().popitem()

    def clear(self) -> None:
        self._all()
        super().clear()

    def __reversed__(self) -> Iterator[str]:
        self._all()
        return super().__reversed__()

    def __or__(self, other: Any) -> Any:
        self._all()
        return super().__or__(other)

    def __ror__(self, other: Any) -> Any:
        self._all()
        return super().__ror__(other)

    def __ior__(self, other: Any) -> Any:
        self._all()
        return super().__ior__(other)


class Watch:
    """Notes which areas and actions a change to `register` looks up, until `stop`."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.areas = Watched(register.areas)
        self.actions = Watched(register.actions)
        register.areas, register.actions = self.areas, self.actions

    def stop(self) -> set[Unit] | None:
        """The units the change looked up, or None when it may have looked at them all;
        the register gets plain dictionaries back."""
        register = self.register
        kept = register.areas is self.areas and register.actions is self.actions
        whole = not kept or self.areas.everything or self.actions.everything
        seen = {("areas", key) for key in self.areas.seen}
        seen |= {("actions", key) for key in self.actions.seen}
        if register.areas is self.areas:
            register.areas = dict(dict.items(self.areas))
        if register.actions is self.actions:
            register.actions = dict(dict.items(self.actions))
        return None if whole else seen


_MISSING = object()


def _value(document: Mapping[str, Any], unit: Unit) -> Any:
    table = document.get(unit[0])
    return table.get(unit[1], _MISSING) if isinstance(table, Mapping) else _MISSING


def _units_in(document: Mapping[str, Any]) -> int:
    return sum(
        len(table) for kind in layout.UNIT_KINDS if isinstance(table := document.get(kind), Mapping)
    )


class Splice:
    """What a write needs to splice its units into a register changed since it was read:
    the bytes it read (`read`) and the byte length of each of its units and frame pieces
    (`cut`), its own new units (`ours`), the units it looked up (`guarded`) and the
    document it made (D1)."""

    def __init__(
        self,
        read: bytes,
        cut: list[tuple[Unit | None, int]],
        ours: dict[Unit, bytes],
        guarded: set[Unit],
        document: Mapping[str, Any],
    ) -> None:
        self.raw = read
        self.read = memoryview(read)
        self.head = read[: cut[0][1]]
        self.tail = read[len(read) - cut[-1][1] :] if cut[-1][0] is None else b""
        units = [(unit, length) for unit, length in cut if unit is not None]
        self.units = [unit for unit, _ in units]
        self.known = set(self.units)
        self.offsets = [len(self.head)]
        for _, length in units:
            self.offsets.append(self.offsets[-1] + length)
        self.ours = ours
        self.mine = sorted(index for index, unit in enumerate(self.units) if unit in ours)
        self.guarded = guarded | ours.keys()
        self.document = document

    @classmethod
    def prepare(
        cls,
        read: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        cut: Sequence[tuple[Unit | None, str]],
        looked_up: set[Unit] | None,
    ) -> Splice | None:
        """A splice of the change from `before` (parsed from `read`) to `after` (cut into
        `cut` by `layout.pieces`), or None when only a rewrite will do; `looked_up` is
        what `Watch.stop` returned.

        Only the units the change looked up can have changed; any other difference shows
        when `read` is compared with the layout it must be, and only a rewrite will do."""
        if looked_up is None or not cut or cut[0][0] is not None:
            return None
        frames = [index for index, (unit, _) in enumerate(cut) if unit is None]
        if frames not in ([0], [0, len(cut) - 1]):
            return None  # a table of the frame between units: not a layout of ours
        if _units_in(before) != len(cut) - len(frames):
            return None  # a unit added or removed
        ours: set[Unit] = set()
        for unit in looked_up:
            old, new = _value(before, unit), _value(after, unit)
            if old is _MISSING or new is _MISSING:
                if old is not new:
                    return None  # added or removed: the ID was chosen with the whole register
            elif old != new:
                ours.add(unit)
        if not ours:
            return None  # the frame changed
        texts = [
            layout.unit_text(unit, _value(before, unit)) if unit in ours else text
            for unit, text in cut
        ]
        if "".join(texts) != read:
            return None  # not written in the stable layout, or changed where not looked up
        if read.isascii():  # then a character is a byte
            lengths = [(unit, len(text)) for (unit, _), text in zip(cut, texts, strict=True)]
        else:
            lengths = [
                (unit, len(text.encode("utf-8")))
                for (unit, _), text in zip(cut, texts, strict=True)
            ]
        new_units = {unit: text.encode("utf-8") for unit, text in cut if unit in ours}
        return cls(read.encode("utf-8"), lengths, new_units, looked_up, after)

    def apply(self, current: bytes, limit: int) -> bytes | None:
        """`current` with this change's units put in, or None if it must be made again."""
        walk = _Walk(self, current)
        if not walk.run() or not self._ordered(walk) or not self._valid(walk.theirs):
            return None
        chunks: list[bytes | memoryview] = []
        view, done = memoryview(current), 0
        for unit, (start, end) in walk.spans.items():
            chunks += [view[done:start], self.ours[unit]]
            done = end
        chunks.append(view[done:])
        size = sum(len(chunk) for chunk in chunks)
        return None if size > limit else b"".join(chunks)

    def _ordered(self, walk: _Walk) -> bool:
        """Whether each unit the others added stands where a rewrite would put it: areas
        before actions, actions in ID order."""
        order = walk.order
        for place, unit in enumerate(order):
            if unit is None or unit in self.known:
                continue
            before = next((u for u in reversed(order[:place]) if u is not None), None)
            after = next((u for u in order[place + 1 :] if u is not None), None)
            if unit[0] == "areas":
                if before is not None and before[0] != "areas":
                    return False
            else:
                if after is not None and (after[0] != "actions" or not _lower(unit, after)):
                    return False
                if before is not None and before[0] == "actions" and not _lower(before, unit):
                    return False
        return True

    def _valid(self, theirs: dict[Unit, Any]) -> bool:
        """Whether the register made of D1 with the other writers' units `theirs` keeps
        every rule of a register (see the module's docstring for why this is enough)."""
        document = self.document
        areas = dict(document.get("areas", {}))
        actions: dict[str, Any] = document.get("actions", {})
        changed: dict[str, Any] = {}
        for (kind, key), value in theirs.items():
            if kind == "areas":
                areas[key] = value
            else:
                changed[key] = value
        named = dict(changed)
        for value in changed.values():
            waited = value.get("after") if isinstance(value, Mapping) else None
            for other in waited if isinstance(waited, list) else ():
                if isinstance(other, str) and other not in named and other in actions:
                    named[other] = {k: v for k, v in actions[other].items() if k != "after"}
        part = {key: document[key] for key in ("schema", "plan") if key in document}
        register, problems = from_document(part | {"areas": areas, "actions": named})
        if register is None or problems:
            return False
        back = to_document(register)
        for unit, value in theirs.items():
            # Compared as text: a rewrite puts keys in the order of the rules.
            if layout.unit_text(unit, back[unit[0]][unit[1]]) != layout.unit_text(unit, value):
                return False
        for key in changed:
            ref = register.actions[key].ref
            if ref is not None and self._ref_holders(ref.strip().casefold()) - changed.keys():
                return False
        graph = _AfterLists(actions, {key: register.actions[key].after for key in changed})
        return not any(register.actions[key].after and cycle_from(graph, key) for key in changed)

    def _ref_holders(self, folded: str) -> set[str]:
        actions: Mapping[str, Any] = self.document.get("actions", {})
        return {
            key
            for key, table in actions.items()
            if isinstance(ref := table.get("ref"), str) and ref.strip().casefold() == folded
        }


def _lower(first: Unit, second: Unit) -> bool:
    return id_sort_key(first[1]) < id_sort_key(second[1])


class _AfterLists(Mapping[str, Sequence[str]]):
    """The `after` list of each action of a document, read when asked for; `changed`
    gives those of the actions other writers changed or added."""

    def __init__(self, actions: Mapping[str, Any], changed: Mapping[str, Sequence[str]]) -> None:
        self.actions = actions
        self.changed = changed

    def __getitem__(self, key: str) -> Sequence[str]:
        if key in self.changed:
            return self.changed[key]
        after: Sequence[str] = self.actions[key].get("after", ())
        return after

    def __contains__(self, key: object) -> bool:
        return key in self.changed or key in self.actions

    def __iter__(self) -> Iterator[str]:
        yield from self.actions
        yield from (key for key in self.changed if key not in self.actions)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Walk:
    """The current bytes, cut into T0's units and the units other writers changed."""

    def __init__(self, splice: Splice, current: bytes) -> None:
        self.splice = splice
        self.current = current
        self.end = len(current) - len(splice.tail)
        self.spans: dict[Unit, tuple[int, int]] = {}  # our units, where they stand now
        self.theirs: dict[Unit, Any] = {}  # the others' units, as parsed
        self.order: list[Unit | None] = [None]  # the units in order, runs by their ends

    def run(self) -> bool:
        splice, current = self.splice, self.current
        if (
            self.end < len(splice.head)
            or not current.startswith(splice.head)
            or not current.endswith(splice.tail)
        ):
            return False
        index, place, count = 0, len(splice.head), len(splice.units)
        while True:
            reach = self._same_run(index, place)
            end = place + splice.offsets[reach] - splice.offsets[index]
            if end != self.end and not _HEADER.match(current, end):
                if reach == index:
                    return False
                reach -= 1  # the last unit of the run goes on in the current file
                end = place + splice.offsets[reach] - splice.offsets[index]
            self._keep(index, reach, place)
            index, place = reach, end
            if place == self.end:
                return index == count
            unit, text = self._unit_at(place)
            if unit is None or unit in self.theirs:
                return False
            if index < count and unit == splice.units[index]:
                if unit in splice.guarded:
                    return False  # changed by another writer, or looked up by this one
                index += 1
            elif unit in splice.known or unit in splice.guarded:
                return False  # removed or moved; or an ID this change looked for
            value = self._parse(unit, text)
            if value is _MISSING:
                return False
            self.theirs[unit] = value
            self.order.append(unit)
            place += len(text)

    def _same_run(self, index: int, place: int) -> int:
        """The end of the longest run of T0's units from `index` the current bytes hold at
        `place`: one comparison for each doubling of it, then for each halving."""
        splice, offsets, count = self.splice, self.splice.offsets, len(self.splice.units)
        shift = place - offsets[index]

        def holds(start: int, stop: int) -> bool:
            if offsets[stop] + shift > self.end:
                return False
            return self.current.startswith(
                splice.read[offsets[start] : offsets[stop]], offsets[start] + shift
            )

        good, step, bad = index, 1, None
        while good < count:
            probe = min(count, good + step)
            if not holds(good, probe):
                bad = probe
                break
            good, step = probe, step * 2
        while bad is not None and bad - good > 1:
            middle = (good + bad) // 2
            if holds(good, middle):
                good = middle
            else:
                bad = middle
        return good

    def _keep(self, start: int, stop: int, place: int) -> None:
        """Units `start` to `stop` of T0 stand unchanged from `place`."""
        if stop == start:
            return
        splice = self.splice
        shift = place - splice.offsets[start]
        for index in splice.mine:
            if start <= index < stop:
                self.spans[splice.units[index]] = (
                    splice.offsets[index] + shift,
                    splice.offsets[index + 1] + shift,
                )
        self.order += [splice.units[start], splice.units[stop - 1]]

    def _unit_at(self, place: int) -> tuple[Unit | None, bytes]:
        """The unit whose header is at `place`, and its bytes up to the next unit's."""
        current = self.current
        header = _HEADER.match(current, place)
        if header is None:
            return None, b""
        kind, key = header[1].decode(), header[2].decode("utf-8", "replace")
        if key.startswith('"'):
            try:
                key = toml_reader().loads(f"key = {key}")["key"]
            except ValueError:  # an escape TOML does not have
                return None, b""
        end = current.find(b"\n[", place + 1)
        while end != -1 and end < self.end and not _HEADER.match(current, end):
            end = current.find(b"\n[", end + 1)
        if end == -1 or end > self.end:
            end = self.end
        return (kind, key), current[place:end]

    def _parse(self, unit: Unit, text: bytes) -> Any:
        """The unit's data, if `text` is the layout of that one unit and nothing else."""
        reader = toml_reader()
        try:
            decoded = text.decode("utf-8")
            document = reader.loads(decoded)
        except (ValueError, RecursionError):  # not UTF-8, not TOML, nested too deep
            return _MISSING
        kind, key = unit
        tables = document.get(kind)
        if len(document) != 1 or not isinstance(tables, dict) or list(tables) != [key]:
            return _MISSING
        value = tables[key]
        if not isinstance(value, dict) or layout.unit_text(unit, value) != decoded:
            return _MISSING
        return value
