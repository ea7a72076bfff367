"""Three-way merge of registers, as git's merge driver needs it.

`merge` takes the common ancestor and the two sides of a merge and returns the merged
register, the actions it renumbered, and the conflicts it could not decide; it does no
I/O. `merge_files` is the whole of git's merge driver: it reads the three files and
writes the merge to ours.

The rules, in short: areas and actions are the union of both sides; fields (the user's own
keys too) merge one by one, taking a side's change when only that side made it; an action
ID that both sides added for different actions is kept by ours and renumbered in theirs;
logs are the union of every entry; evidence lists keep every link either side added.
Where both sides changed a field differently, the merged register holds ours' value and
the conflict is reported, so git can mark the file conflicted for a person to decide.
Where two areas end up with one ID prefix, ours' keeps it, the other gets a free one, and
only that prefix is a conflict: every other change of both sides is kept.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from improvetrack.errors import ImprovetrackError, RegisterInvalid
from improvetrack.files import store
from improvetrack.files.atomic import write_atomically
from improvetrack.files.defaults import LOCK_TIMEOUT
from improvetrack.files.toml import has_comments
from improvetrack.model import fields as table
from improvetrack.model.changes import Stamp, is_creation, log_change
from improvetrack.model.decode import from_document
from improvetrack.model.encode import to_document
from improvetrack.model.records import field, fields, is_record, record, replace
from improvetrack.model.register import (
    NONE,
    SCHEMA,
    Action,
    Area,
    LogEntry,
    LogValue,
    Measure,
    Plan,
    Reading,
    Register,
    id_sort_key,
)
from improvetrack.model.rounds import merge_rounds


class Mark(Enum):
    """Stands in for a value a side does not have, or for a whole item in a conflict."""

    ABSENT = "none"
    DELETED = "deleted"
    CHANGED = "changed"


@record
class Conflict:
    """Two changes that cannot both be kept, at a key path such as ("actions", "ASM-3", "due").

    `ours`, `theirs` and `base` are the values involved (Mark.ABSENT where a side has none,
    Mark.DELETED / Mark.CHANGED for a whole area or action).
    """

    path: tuple[str, ...]
    message: str
    ours: Any = Mark.ABSENT
    theirs: Any = Mark.ABSENT
    base: Any = Mark.ABSENT

    def __str__(self) -> str:
        return f"{'.'.join(self.path)}: {self.message}"


@record
class Renumbering:
    """An action theirs added under an ID that ours had also used for a different action."""

    old: str
    new: str


@record
class MergeResult:
    register: Register
    renumbered: list[Renumbering] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def empty_register() -> Register:
    """The base to use when there is no common ancestor (git passes an empty file then)."""
    return Register(plan=Plan(title=""))


def merge(base: Register, ours: Register, theirs: Register, stamp: Stamp) -> MergeResult:
    """Merge `ours` and `theirs`, both descended from `base`; the inputs are left unchanged.

    The result's register always passes validation. When the merged one would not, the
    result holds ours as it was, with the broken rules among the conflicts.
    """
    base, ours, theirs = (copy.deepcopy(register) for register in (base, ours, theirs))
    merger = _Merger()
    merged = Register(
        plan=merger.plan(base.plan, ours.plan, theirs.plan),
        areas=merger.items("areas", base.areas, ours.areas, theirs.areas, merger.area),
        schema=SCHEMA,
    )
    clashes = merger.actions(base, ours, theirs, merged)
    merger.restore_areas(merged, ours, theirs, [*merged.actions.values(), *clashes])
    moved = merger.prefixes(merged, base, ours, theirs)
    # Theirs' new actions in an area that had to take another prefix take it too.
    for action in sorted(merged.actions.values(), key=lambda action: id_sort_key(action.id)):
        taken = moved.get(action.area)
        if taken and action.id not in base.actions and action.id.startswith(f"{taken}-"):
            clashes.append(merged.actions.pop(action.id))
    olds = [action.id for action in clashes]
    renumbered = [merger.renumber(merged, action, stamp) for action in clashes]
    for side in (ours, theirs):
        moves = {
            old: action.id
            for old, action in zip(olds, clashes, strict=True)
            if side.actions.get(old) is action
        }
        if moves:
            _rename_prerequisites(merged, base, side, moves)
    merged.sort_actions()
    merged.extra = merger.extra((), base.extra, ours.extra, theirs.extra)

    _, problems = from_document(to_document(merged))
    if problems:
        broken = [
            Conflict(
                problem.path,
                f"the merged register would break a rule ({problem.message}); kept ours as it was",
            )
            for problem in problems
        ]
        return MergeResult(ours, [], merger.conflicts + broken)
    return MergeResult(merged, renumbered, merger.conflicts)


def merge_files(
    base: Path,
    ours: Path,
    theirs: Path,
    stamp: Stamp,
    *,
    warn: Callable[[str], None],
    timeout: float = LOCK_TIMEOUT,
) -> MergeResult:
    """Merge the registers in three files, writing the merge to `ours` (git's %O %A %B).

    `ours` is left as it was when the merge changes nothing, and when a side cannot be
    read (the error names the side: git's files have made-up names). OURS may be a live
    register that others write, so it is read, merged and written under its lock, as
    every writer does; git's OURS is a temporary file, and no lock file is left beside it.
    """
    base_side, theirs_side = _read_side(base, "BASE"), _read_side(theirs, "THEIRS")
    with store.locked(ours, timeout=timeout, tidy=True):
        sides = [base_side, _read_side(ours, "OURS"), theirs_side]
        result = merge(sides[0].register, sides[1].register, sides[2].register, stamp)
        text = store.dumps(result.register)
        if text != sides[1].text:
            if any(has_comments(side.text) for side in sides):
                warn("the register holds TOML comments, which are not kept when it is merged")
            write_atomically(ours, store.encoded(ours, text))
    return result


def _read_side(path: Path, side: str) -> store.Loaded:
    if side == "BASE" and path.is_file() and path.stat().st_size == 0:
        # git passes an empty BASE when both branches added the register.
        return store.Loaded(empty_register(), path, "", {}, [])
    try:
        return store.read(path)
    except RegisterInvalid as error:
        raise RegisterInvalid([f"{side}: {problem}" for problem in error.problems]) from None
    except ImprovetrackError as error:
        raise type(error)(f"{side}: {error}") from None


# --- how values compare and show ---------------------------------------------------------


def _same(a: object, b: object) -> bool:
    """Equal and of the same type all the way down, so 1 and true or a date and a
    date-time never pass for each other."""
    if type(a) is not type(b):
        return False
    if is_record(a):
        names = iter(fields(a))
        return all(_same(getattr(a, name), getattr(b, name)) for name in names)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _shown(value: Any) -> str:
    if value is None or value is Mark.ABSENT:
        return "none"
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=str)


def _values(ours: Any, theirs: Any, base: Any) -> str:
    was = "not in base" if base is Mark.ABSENT else f"base {_shown(base)}"
    return f"ours {_shown(ours)}, theirs {_shown(theirs)} ({was})"


def _union(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> list[str]:
    """Keys of both sides: ours' order, then the keys only theirs has, in theirs' order."""
    return [*ours, *(key for key in theirs if key not in ours)]


def _entry_key(entry: LogEntry) -> tuple[Any, ...]:
    # The offset is part of the key: the same moment written with another offset is
    # another entry in the file.
    extra = json.dumps(entry.extra, sort_keys=True, default=repr)
    moment = (entry.at, entry.at.utcoffset())
    said = (entry.by, entry.text, entry.field, entry.old, entry.new, entry.user)
    return (*moment, *said, extra)


def _without(entries: Sequence[LogEntry], taken: Sequence[LogEntry]) -> list[LogEntry]:
    """The entries not in `taken`, counting repeats: two equal entries need two matches."""
    left = Counter(_entry_key(entry) for entry in taken)
    kept = []
    for entry in entries:
        key = _entry_key(entry)
        if left[key]:
            left[key] -= 1
        else:
            kept.append(entry)
    return kept


# --- the merge itself --------------------------------------------------------------------

# Each record's fields merged one by one: all but those merged as a whole below. Taken
# from the records themselves, so a field the model gains is merged, never dropped.
_PLAN_WHOLE = frozenset({"extra", "log", "boards", "id", "rounds"})
_PLAN_FIELDS = tuple(name for name in fields(Plan) if name not in _PLAN_WHOLE)
_AREA_WHOLE = frozenset({"key", "measures", "extra", "last_id", "log"})
_AREA_FIELDS = tuple(name for name in fields(Area) if name not in _AREA_WHOLE)
_MEASURE_FIELDS = ("unit", "baseline", "target", "direction", "baseline_on", "target_by")
# current and updated follow the latest reading; merged on their own only with no readings.
_MEASURE_LATEST = ("current", "updated")
# A list field (evidence) is merged item by item, by the table's merge rule.
_BY_ITEM = frozenset(f.name for f in table.ACTION_FIELDS if f.merge == table.BY_ITEM)
_WHOLE = frozenset({"id", "log", "extra", *_BY_ITEM})
_ACTION_FIELDS = tuple(name for name in fields(Action) if name not in _WHOLE)
# Fields that change together when an action's status moves; mixing them across sides can
# give an action neither side had, such as one done and blocked at once.
_STATUS_FIELDS = tuple(f.name for f in table.ACTION_FIELDS if f.merge == table.WITH_STATUS)
_STATUS_RULES: tuple[Callable[[Action], bool], ...] = (
    lambda a: (a.status == "blocked") == bool(a.blocked_reason),
    lambda a: (a.status == "dropped") == bool(a.dropped_reason),
    lambda a: (a.status == "done") == (a.completed is not None),
    lambda a: a.signed_off_by is None or a.status == "done",
)

_Item = TypeVar("_Item", Area, Action)


class _Merger:
    """Merges field by field, collecting conflicts instead of stopping at the first."""

    def __init__(self) -> None:
        self.conflicts: list[Conflict] = []

    def pick(self, path: tuple[str, ...], base: Any, ours: Any, theirs: Any) -> Any:
        """The three-way value: a change made by one side, or the same change by both."""
        if _same(ours, theirs):
            return ours
        if _same(base, ours):
            return theirs
        if _same(base, theirs):
            return ours
        self.conflicts.append(Conflict(path, _values(ours, theirs, base), ours, theirs, base))
        return ours

    def fields(
        self,
        path: tuple[str, ...],
        base: object,
        ours: object,
        theirs: object,
        names: Sequence[str],
    ) -> dict[str, Any]:
        # With no base (both sides added it), every field starts out empty.
        return {
            name: self.pick(
                (*path, name), getattr(base, name, None), getattr(ours, name), getattr(theirs, name)
            )
            for name in names
        }

    def extra(
        self,
        path: tuple[str, ...],
        base: Mapping[str, Any],
        ours: Mapping[str, Any],
        theirs: Mapping[str, Any],
    ) -> dict[str, Any]:
        """The user's own keys, merged one by one like fields; a key one side removed goes."""
        merged = {}
        for key in _union(ours, theirs):
            value = self.pick(
                (*path, key),
                base.get(key, Mark.ABSENT),
                ours.get(key, Mark.ABSENT),
                theirs.get(key, Mark.ABSENT),
            )
            if value is not Mark.ABSENT:
                merged[key] = value
        return merged

    def plan(self, base: Plan, ours: Plan, theirs: Plan) -> Plan:
        path = ("plan",)
        plan = Plan(
            **self.fields(path, base, ours, theirs, _PLAN_FIELDS),
            extra=self.extra(path, base.extra, ours.extra, theirs.extra),
            # Board meetings either side added, less any either side took out; and every
            # change either side logged.
            boards=_dates(base.boards, ours.boards, theirs.boards),
            log=_log(base.log, ours.log, theirs.log),
            # The plan's identity is kept, never a conflict: two sides that each gave an
            # older register one keep ours.
            id=ours.id or theirs.id or base.id,
            rounds=merge_rounds(base.rounds, ours.rounds, theirs.rounds),
        )
        if plan.inspected and plan.next_inspection and plan.next_inspection <= plan.inspected:
            # Each side's dates were in order; one moved one date, the other the other.
            dates = (("plan", "inspected"), ("plan", "next_inspection"))
            if not any(conflict.path in dates for conflict in self.conflicts):
                self.conflicts.append(
                    Conflict(
                        (*path, "next_inspection"),
                        _values(ours.next_inspection, theirs.next_inspection, base.next_inspection)
                        + "; with the other side's inspected date it would not come after it; "
                        "kept ours' dates",
                        ours.next_inspection,
                        theirs.next_inspection,
                        base.next_inspection,
                    )
                )
            plan.inspected, plan.next_inspection = ours.inspected, ours.next_inspection
        return plan

    def area(self, path: tuple[str, ...], base: Area | None, ours: Area, theirs: Area) -> Area:
        return Area(
            key=ours.key,
            **self.fields(path, base, ours, theirs, _AREA_FIELDS),
            measures=self.measures(
                (*path, "measures"), base.measures if base else [], ours.measures, theirs.measures
            ),
            extra=self.extra(path, base.extra if base else {}, ours.extra, theirs.extra),
            # Every ID either side issued stays issued.
            last_id=max(ours.last_id or 0, theirs.last_id or 0) or None,
            log=_log(base.log if base else [], ours.log, theirs.log),
        )

    def prefixes(
        self, merged: Register, base: Register, ours: Register, theirs: Register
    ) -> dict[str, str]:
        """Give each area whose ID prefix an area of ours also has another one: ours' own
        prefix for the area if it has one, else the first free one (LC2 for LC). Returns
        each such area's key with the prefix it gave up.

        Each side keeps its prefixes distinct, so when two areas share one after merging,
        one of them holds it in ours, and the other took it from theirs.
        """
        held = {
            area.id_prefix: key
            for key, area in merged.areas.items()
            if key in ours.areas and ours.areas[key].id_prefix == area.id_prefix
        }
        moved: dict[str, str] = {}
        for key, area in merged.areas.items():
            prefix, mine = area.id_prefix, ours.areas.get(key)
            if held.get(prefix, key) == key:
                continue
            sides = [
                side.areas[key].prefix if key in side.areas else Mark.ABSENT
                for side in (ours, theirs, base)
            ]
            others = {other.id_prefix for name, other in merged.areas.items() if name != key}
            if mine is not None and mine.id_prefix not in others:
                area.prefix = mine.prefix
            else:
                area.prefix = merged.free_prefix(prefix)
            # The counter counted the IDs of the prefix it gave up.
            area.last_id = mine.last_id if mine is not None else None
            moved[key] = prefix
            self.conflicts.append(
                Conflict(
                    ("areas", key, "prefix"),
                    f"{prefix!r} is the prefix of ours' area {held[prefix]!r}; gave this area "
                    f"the prefix {area.id_prefix!r} ({_values(*sides)})",
                    *sides,
                )
            )
        return moved

    def measures(
        self,
        path: tuple[str, ...],
        base: list[Measure],
        ours: list[Measure],
        theirs: list[Measure],
    ) -> list[Measure]:
        """Measures matched by name: both sides' additions kept, fields merged three-way,
        readings joined by date; one deleted on a side and unchanged on the other goes."""

        def by_name(measures: list[Measure]) -> dict[str, Measure]:
            return {measure.name.casefold(): measure for measure in measures}

        old, mine, other = by_name(base), by_name(ours), by_name(theirs)
        merged: list[Measure] = []
        for name in dict.fromkeys([*mine, *other]):
            before = old.get(name)
            if name in mine and name in other:
                merged.append(self.measure((*path, name), before, mine[name], other[name]))
            else:
                kept = mine.get(name) or other[name]
                if before is None or not _same(before, kept):
                    merged.append(copy.deepcopy(kept))  # added, or changed while the other deleted
        return merged

    def measure(
        self, path: tuple[str, ...], base: Measure | None, ours: Measure, theirs: Measure
    ) -> Measure:
        readings: dict[date, Reading] = {}
        for reading in [*theirs.history, *ours.history]:  # ours last: ours wins a clash
            held = readings.get(reading.on)
            if held is not None and not _same(held.value, reading.value):
                self.conflicts.append(
                    Conflict(
                        (*path, "history", reading.on.isoformat()),
                        f"ours {reading.value!r}, theirs {held.value!r}; kept ours",
                        reading.value,
                        held.value,
                    )
                )
            readings[reading.on] = copy.deepcopy(reading)
        history = [readings[day] for day in sorted(readings)]
        merged = Measure(
            name=ours.name,
            **self.fields(path, base, ours, theirs, _MEASURE_FIELDS),
            history=history,
            extra=self.extra(path, base.extra if base else {}, ours.extra, theirs.extra),
        )
        if history:
            merged.current, merged.updated = history[-1].value, history[-1].on
        else:
            latest = self.fields(path, base, ours, theirs, _MEASURE_LATEST)
            merged.current, merged.updated = latest["current"], latest["updated"]
        return merged

    def action(
        self, path: tuple[str, ...], base: Action | None, ours: Action, theirs: Action
    ) -> Action:
        before = len(self.conflicts)
        action = Action(
            id=ours.id,
            **self.fields(path, base, ours, theirs, _ACTION_FIELDS),
            evidence=_evidence(base.evidence if base else [], ours.evidence, theirs.evidence),
            log=_log(base.log if base else [], ours.log, theirs.log),
            extra=self.extra(path, base.extra if base else {}, ours.extra, theirs.extra),
        )
        status_conflict = any(
            c.path[-1] in _STATUS_FIELDS and c.path[:-1] == path for c in self.conflicts[before:]
        )
        if status_conflict or _incoherent(action, ours, theirs):
            if not status_conflict:
                self.conflicts.append(
                    Conflict(
                        (*path, "status"),
                        f"{_values(ours.status, theirs.status, base.status if base else None)}"
                        "; with both sides' changes the status fields would not fit together; "
                        "kept ours' status fields",
                        ours.status,
                        theirs.status,
                        base.status if base else Mark.ABSENT,
                    )
                )
            for name in _STATUS_FIELDS:
                setattr(action, name, getattr(ours, name))
        return action

    def items(
        self,
        kind: str,
        base: Mapping[str, _Item],
        ours: Mapping[str, _Item],
        theirs: Mapping[str, _Item],
        merge_one: Callable[[tuple[str, ...], _Item | None, _Item, _Item], _Item],
    ) -> dict[str, _Item]:
        """Areas or actions of both sides; one deleted on one side goes if the other left it be."""
        merged = {}
        for key in _union(ours, theirs):
            item = self.item((kind, key), base.get(key), ours.get(key), theirs.get(key), merge_one)
            if item is not None:
                merged[key] = item
        return merged

    def item(
        self,
        path: tuple[str, ...],
        base: _Item | None,
        ours: _Item | None,
        theirs: _Item | None,
        merge_one: Callable[[tuple[str, ...], _Item | None, _Item, _Item], _Item],
    ) -> _Item | None:
        if ours is not None and theirs is not None:
            return merge_one(path, base, ours, theirs)
        kept = ours if ours is not None else theirs
        if kept is None or base is None:
            return kept
        if _same(_counted_as(kept, base), base):
            return None
        # Deleted on one side, changed on the other: keep the changed one, so nothing is
        # lost while a person decides (git does the same with a file).
        self.conflicts.append(
            Conflict(
                path,
                "ours deleted it, theirs changed it"
                if ours is None
                else "ours changed it, theirs deleted it",
                Mark.DELETED if ours is None else Mark.CHANGED,
                Mark.DELETED if theirs is None else Mark.CHANGED,
            )
        )
        return kept

    def actions(
        self, base: Register, ours: Register, theirs: Register, merged: Register
    ) -> list[Action]:
        """Merge the actions into `merged`; return the actions whose ID another took first.

        An ID names one action on both sides, except where a side added an action under it:
        both sides added one, or a side deleted the base's action by hand and issued its ID
        again (before registers kept `last_id`). Then each action is kept on its own, never
        merged into another's history: ours' new action keeps the ID, then the base's action
        as merged, then theirs' new one; the others are renumbered.
        """
        clashes = []
        for action_id in _union(ours.actions, theirs.actions):
            was = base.actions.get(action_id)
            mine, yours = ours.actions.get(action_id), theirs.actions.get(action_id)
            new_mine = mine if mine is not None and _another(was, mine) else None
            new_yours = yours if yours is not None and _another(was, yours) else None
            if was is None:
                holders = [new_mine, new_yours]
            else:
                old = self.item(
                    ("actions", action_id),
                    was,
                    None if new_mine else mine,
                    None if new_yours else yours,
                    self.action,
                )
                holders = [new_mine, old, new_yours]
            kept: list[Action] = []
            for action in holders:
                if action is not None and not any(_same(action, held) for held in kept):
                    kept.append(action)
            if kept:
                merged.actions[action_id] = kept[0]
                clashes += kept[1:]
        return clashes

    def restore_areas(
        self, merged: Register, ours: Register, theirs: Register, actions: Sequence[Action]
    ) -> None:
        """Bring back an area one side deleted while the other side still has actions in it."""
        for action in actions:
            if action.area in merged.areas:
                continue
            # Every action comes from a side that holds its area.
            deleted_by_ours = action.area not in ours.areas
            area = (theirs if deleted_by_ours else ours).area(action.area)
            merged.areas[area.key] = area
            mark = (Mark.DELETED, Mark.CHANGED) if deleted_by_ours else (Mark.CHANGED, Mark.DELETED)
            self.conflicts.append(
                Conflict(
                    ("areas", area.key),
                    f"{'ours' if deleted_by_ours else 'theirs'} deleted it, but {action.id} "
                    "is still in it; kept the area",
                    *mark,
                )
            )

    def renumber(self, merged: Register, action: Action, stamp: Stamp) -> Renumbering:
        old = action.id
        new = merged.issue_id(merged.area(action.area))
        action.id = new
        log_change(
            action,
            stamp,
            f"renumbered from {old} to {new} when merging",
            field="id",
            old=old,
            new=new,
        )
        merged.actions[new] = action
        return Renumbering(old, new)


def _rename_prerequisites(
    merged: Register, base: Register, side: Register, moves: dict[str, str]
) -> None:
    """A side's renumbered actions keep their place in that side's `after` lists: in the
    actions that side added, and where the merged list is the one that side wrote. The
    logged changes of those lists that the side made name the new IDs too, so the replay
    of an action's history stays complete: a renumbering is identity, not a change."""
    added = {id(action) for key, action in side.actions.items() if key not in base.actions}
    for action in merged.actions.values():
        was, mine = base.actions.get(action.id), side.actions.get(action.id)
        if id(action) in added:
            made = {_entry_key(entry) for entry in action.log}
        elif mine is not None:
            made = {_entry_key(entry) for entry in _without(mine.log, was.log if was else [])}
        else:
            continue
        for entry in action.log:
            if entry.field == "after" and _entry_key(entry) in made:
                entry.old, entry.new = _renamed(entry.old, moves), _renamed(entry.new, moves)
                entry.text = f"after: {entry.old or NONE} → {entry.new or NONE}"
        written = (
            mine is not None
            and was is not None
            and mine.after != was.after
            and action.after == mine.after
        )
        if id(action) in added or written:
            action.after = [moves.get(key, key) for key in action.after]


def _renamed(logged: LogValue | None, moves: dict[str, str]) -> LogValue | None:
    """A logged list of IDs ("ASM-1, ASM-2") with the renumbered ones' new IDs."""
    if not isinstance(logged, str) or logged == NONE:
        return logged
    return ", ".join(moves.get(key.strip(), key.strip()) for key in logged.split(","))


def _counted_as(item: _Item, base: _Item) -> _Item:
    """The item with the base's ID counter: an area a side deleted goes, even if the other
    side only issued IDs in it (the actions that hold them bring it back if they remain)."""
    if isinstance(item, Area) and isinstance(base, Area):
        return replace(item, last_id=base.last_id)
    return item


def _another(base: Action | None, side: Action) -> bool:
    """Whether a side's action under an ID is not the base's action under it: there was
    none, or the side's log starts with a creation the base's does not hold."""
    if base is None:
        return True
    if not side.log or not is_creation(side.log[0]):
        return False  # a history edited or written by hand: nothing tells them apart
    return not any(_entry_key(entry) == _entry_key(side.log[0]) for entry in base.log)


def _incoherent(merged: Action, ours: Action, theirs: Action) -> bool:
    if merged.status == "blocked" and not merged.blocked_reason:
        return True
    return any(rule(ours) and rule(theirs) and not rule(merged) for rule in _STATUS_RULES)


def _evidence(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """One side's list if only it changed the list; otherwise every link either side has."""
    if ours == base:
        return list(theirs)
    if theirs == base:
        return list(ours)
    return [*ours, *(link for link in theirs if link not in ours)]


def _dates(base: list[date], ours: list[date], theirs: list[date]) -> list[date]:
    """A set of dates merged three ways: what either side added, less what either removed."""
    removed = ({*base} - {*ours}) | ({*base} - {*theirs})
    return sorted({*ours, *theirs} - removed)


def _log(base: list[LogEntry], ours: list[LogEntry], theirs: list[LogEntry]) -> list[LogEntry]:
    """Every entry of the base and of both sides, each once, oldest first; none is lost."""
    ours_new = _without(ours, base)
    theirs_new = _without(_without(theirs, base), ours_new)
    # When only one side added entries and kept the base's, its log stays exactly as it was.
    if not theirs_new and not _without(base, ours):
        return list(ours)
    if not ours_new and not _without(base, theirs):
        return list(theirs)
    return sorted([*base, *ours_new, *theirs_new], key=lambda entry: entry.at)
