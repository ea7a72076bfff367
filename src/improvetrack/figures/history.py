"""The plan as it stood at the end of a day, replayed from the register and its log.

Every logged change keeps its field, old and new value, so a later change can be undone:
`replay(register, day)` starts from the register as it is and undoes, newest first,
every change made after the end of `day` (an instant: entries in any offset compare as
instants). Actions created later are left out, areas too, and measures take the
readings they had then.

Where the log cannot account for a value the tool does what the SPEC says: a field the
file holds differently from the newest logged value (a hand edit), a logged old value
that is not of the field's type, an action with no log at all (an import, a v1 register
written by hand): the dates the register holds (`created`, `completed`) decide what they
can, the current value stands for the rest, and the action is named in `incomplete`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any, Literal, NamedTuple

from improvetrack.model import fields as table
from improvetrack.model.records import fields, record
from improvetrack.model.register import (
    ESCALATED,
    PROGRESS,
    RAGS,
    STATUSES,
    Action,
    Area,
    LogEntry,
    LogValue,
    Plan,
    Register,
    as_day,
    changed_after,
    end_of,
    log_value,
    logged_at,
)


@record
class DateMove:
    """A date that moved later: the one agreed (or held then), the one now, and by how
    many days."""

    old: date
    new: date
    days: int


# The fields of an action a logged change can be undone on are the table's `replayed` ones;
# how a logged old value reads is by the field's kind.
_STATUS_REASON = re.compile(r"→ [a-z-]+ \((?P<reason>.*)\)\s*$", re.DOTALL)


# Logged fields that are not the action's state: a progress update adds to its story, and
# a new ID (a merge renumbering it) is who it is, which the replay keeps as it is now.
# An escalation at a board (v3) is a note of what the board did, not a state either.
_NOT_STATE = frozenset({PROGRESS, "id", ESCALATED})


def _value(field: str, raw: LogValue | None) -> tuple[bool, Any]:
    """A logged old value as the field's value: (whether it could be read, the value)."""
    value = log_value(raw)
    known = table.by_name().get(field)
    kind = known.kind if known else None
    if kind == table.IDS:
        # Logged as the IDs in one text, "ASM-1, ASM-2"; none is an empty list.
        if value is None:
            return True, []
        return isinstance(value, str), [part.strip() for part in str(value).split(",")]
    if value is None:
        # Nothing logged: a field that may be empty was empty; a status or a title was not.
        return kind not in (table.STATUS, table.REQUIRED), None
    if kind == table.DATE:
        day = as_day(value)
        return day is not None, day
    if kind == table.STATUS:
        return value in STATUSES, value
    if kind == table.RAG:
        return value in RAGS, value
    if kind in (table.TEXT, table.REQUIRED):
        return isinstance(value, str), value
    return False, value


@record
class Replay:
    """A register as it stood at the end of `day`, and what the log could not account for."""

    day: date
    register: Register
    incomplete: list[str]  # IDs of the actions whose history the log cannot account for

    @property
    def complete(self) -> bool:  # for scripts (the README's Python section uses it)
        return not self.incomplete


def replay(register: Register, day: date) -> Replay:
    """The register as it stood at the end of `day`. On or after its newest change this
    is the register itself (not a copy), and the history is complete by definition."""
    if not changed_after(register, day):
        return Replay(day, register, [])
    until = end_of(day)
    past = copy.copy(register)
    past.plan = _plan_at(register.plan, until)
    past.areas = {}
    for key, area in register.areas.items():
        if (area_then := _area_at(area, until, day)) is not None:
            past.areas[key] = area_then
    past.actions = {}
    incomplete: list[str] = []
    for action_id, action in register.actions.items():
        then, accounted = action_at(action, until, day)
        if then is not None and then.area not in register.areas:
            # The log names an area the register never had: the action stays where it is.
            then = copy.copy(then)
            then.area, accounted = action.area, False
        if not accounted:
            incomplete.append(action_id)
        if then is None:
            continue
        if then.area not in past.areas and then.area in register.areas:
            # The log says the area came later than an action in it: keep the area.
            past.areas[then.area] = register.areas[then.area]
        past.actions[action_id] = then
    return Replay(day, past, incomplete)


def action_at(action: Action, until: datetime, day: date) -> tuple[Action | None, bool]:
    """One action as it stood before `until` (None: not yet created), and whether the
    log accounted for everything it holds."""
    entries = sorted(enumerate(action.log), key=lambda pair: (logged_at(pair[1]), pair[0]))
    log = [entry for _, entry in entries]
    accounted = bool(log) and _accounts(action, log)
    born = _born(action, log)
    if born is not None and born >= until:
        return None, accounted
    if log and logged_at(log[0]) >= until:
        # Created before its first logged change (an import dates it at the plan's start):
        # how it stood in between, only the dates the register holds can say.
        accounted = False
    unlogged = not any(entry.field == "status" for entry in log)
    guessed = unlogged and action.status == "done" and action.completed and action.completed > day
    if not guessed and (not log or logged_at(log[-1]) < until):
        # Nothing about it changed after the day: it stood then as it stands now.
        return action, accounted
    then = copy.copy(action)
    # A progress update written by then is part of how it stood, though logged later
    # (`--on`, a quarter's column of an imported sheet).
    then.log = [
        entry
        for entry in log
        if logged_at(entry) < until or (entry.is_progress and entry.written_on <= day)
    ]
    then.evidence = list(action.evidence)
    later = [entry for entry in log if logged_at(entry) >= until]
    for entry in reversed(later):
        if not _undo(then, entry):
            accounted = False
    if guessed:
        # No logged status: the completion date says it was not done yet; that it was
        # in progress is a guess, and the action is named as one the log cannot explain.
        then.status, accounted = "in-progress", False
    _settle(then, log, until, day)
    return then, accounted


# Why the log cannot replay an action's past (`Gap.kind`): it has no log; an entry changes
# a field without saying what it was before; the log holds a value of a field it cannot
# read; an entry names an area the register does not have; a field is not the last value
# logged (edited by hand); the log names a field an action does not have.
GapKind = Literal[
    "no-log", "no-old-value", "unreadable", "unknown-area", "not-last-logged", "unknown-field"
]


class Gap(NamedTuple):
    """Why the log cannot replay an action's past (`kind`), and the facts that show it:
    the key below the action of the entry or field that says so ("" for the action), the
    field, the log entry's number (from 1) and the value in question, where they apply.
    `render.findings` says it in words."""

    kind: GapKind
    key: str = ""
    field: str | None = None
    entry: int | None = None
    value: LogValue | tuple[str, ...] | None = None


def unaccounted(action: Action, areas: Iterable[str] = ()) -> Gap | None:
    """Why the log cannot replay this action's past; None when it can. `areas`: the keys
    of the register's areas, which a logged change of area must name."""
    if not action.log:
        return Gap("no-log")
    known_areas = set(areas)
    newest: dict[str, LogEntry] = {}
    for index, entry in sorted(enumerate(action.log), key=lambda pair: logged_at(pair[1])):
        where = f"log.{index}"
        if entry.field is not None and entry.field not in _NOT_STATE:
            newest[entry.field] = entry
        if entry.field not in table.replayed():
            continue
        if entry.old is None and not _value(entry.field, None)[0]:
            return Gap("no-old-value", where, entry.field, index + 1)
        for said in (entry.old, entry.new):
            if not _value(entry.field, said)[0]:
                return Gap("unreadable", where, entry.field, value=said)
            if entry.field == "area" and known_areas and log_value(said) not in known_areas:
                return Gap("unknown-area", where, entry.field, index + 1, log_value(said))
    for name, entry in newest.items():
        if name in table.replayed():
            readable, value = _value(name, entry.new)
            if not readable:
                return Gap("unreadable", name, name, value=entry.new)
            if value != table.value(action, name):
                # A list of IDs is the one value that is not a single one: kept as a tuple.
                held = tuple(value) if isinstance(value, list) else value
                return Gap("not-last-logged", name, name, value=held)
        elif name != "evidence":
            return Gap("unknown-field", "", name)
    return None


def _born(action: Action, log: list[LogEntry]) -> datetime | None:
    if action.created is not None:
        return datetime.combine(action.created, time(0), tzinfo=UTC)
    return logged_at(log[0]) if log else None


def _accounts(action: Action, log: list[LogEntry]) -> bool:
    """Whether each logged field's newest value is what the action holds now: if not,
    the file was edited by hand since (or the log holds a value it cannot read)."""
    newest: dict[str, LogEntry] = {}
    for entry in log:
        if entry.field in table.replayed():
            newest[entry.field] = entry
    for name, entry in newest.items():
        readable, value = _value(name, entry.new)
        if not readable or value != table.value(action, name):
            return False
    return True


def _undo(action: Action, entry: LogEntry) -> bool:
    """Undo one logged change on `action`; False when it cannot be undone from the log."""
    name = entry.field
    if name is None or name in _NOT_STATE:
        return True  # a note, a creation, a progress update, a new ID: nothing to put back
    if name == "evidence":
        link = log_value(entry.new)
        if link in action.evidence:
            action.evidence.remove(link)
        return True
    if name in table.replayed():
        readable, value = _value(name, entry.old)
        if not readable:
            return False
        table.assign(action, name, value)
        return True
    return False  # a field the tool does not know: it cannot be put back


def _settle(action: Action, log: list[LogEntry], until: datetime, day: date) -> None:
    """The fields that follow from the status at that time: when it was completed, why
    it was blocked or dropped, who signed it off."""
    made = [entry for entry in log if entry.field == "status" and logged_at(entry) < until]
    if action.status != "done":
        action.completed = None
        action.signed_off_by = None
    elif action.completed is None or action.completed > day:
        into = [entry for entry in made if log_value(entry.new) == "done"]
        action.completed = into[-1].at.date() if into else None
    # The reason is the one the latest logged change into the status gave (blocking again
    # with a new reason is logged as blocked → blocked); without one, what the file holds.
    if action.status != "blocked":
        action.blocked_reason = None
    else:
        action.blocked_reason = _reason(made, "blocked") or action.blocked_reason or "(not known)"
    if action.status != "dropped":
        action.dropped_reason = None
    else:
        action.dropped_reason = _reason(made, "dropped") or action.dropped_reason


def _reason(made: list[LogEntry], status: str) -> str | None:
    into = [entry for entry in made if log_value(entry.new) == status]
    if not into:
        return None
    found = _STATUS_REASON.search(into[-1].text)
    return found["reason"] if found else None


def _undo_fields(item: Plan | Area, until: datetime, fields: Iterable[str]) -> None:
    known = set(fields)
    for entry in sorted(item.log, key=logged_at, reverse=True):
        if logged_at(entry) < until or entry.field not in known:
            continue
        readable, value = _plain(entry.field, entry.old)
        if readable:
            setattr(item, entry.field, value)
    item.log = [entry for entry in item.log if logged_at(entry) < until]


def _plain(name: str, raw: LogValue | None) -> tuple[bool, Any]:
    value = log_value(raw)
    if isinstance(value, date) or value is None or isinstance(value, str | bool):
        return True, value
    return False, value


# The plan's own fields a logged change can be undone on: all but its lists and extras, its
# identity (kept, as an action's ID is) and a school's holidays (facts of the school's year,
# the same whenever they were written down).
_PLAN_KEPT = ("boards", "log", "extra", "id", "school_holidays")
_PLAN_FIELDS = tuple(name for name in fields(Plan) if name not in _PLAN_KEPT)


def _plan_at(plan: Plan, until: datetime) -> Plan:
    then = copy.copy(plan)
    _undo_fields(then, until, _PLAN_FIELDS)
    added_later = {
        as_day(entry.new)
        for entry in plan.log
        if entry.field == "boards" and logged_at(entry) >= until
    }
    then.boards = [board for board in plan.boards if board not in added_later]
    return then


def _area_at(area: Area, until: datetime, day: date) -> Area | None:
    created = [entry for entry in area.log if entry.field is None and entry.text == "created"]
    if created and logged_at(created[0]) >= until:
        return None
    then = copy.copy(area)
    _undo_fields(then, until, ("title", "finding", "lead", "ref", "theme", "sponsor"))
    then.measures = []
    for measure in area.measures:
        past = copy.copy(measure)
        past.history = [reading for reading in measure.history if reading.on <= day]
        if measure.history:
            last = past.history[-1] if past.history else None
            past.current = last.value if last else None
            past.updated = last.on if last else None
        elif measure.updated and measure.updated > day:
            past.current, past.updated = None, None
        then.measures.append(past)
    return then


# --- what a board asks: how things stood at each day ------------------------------------


@record
class Counts:
    """Counts of a plan's actions that change over time, each as (day, count) steps: the
    count from that day on, until the next step."""

    done: list[tuple[date, int]]
    planned: list[tuple[date, int]]


def step_counts(actions: Iterable[Action], until: date) -> Counts:
    """Done and planned (live, with an agreed date on or before the day) for every day up
    to `until`, as each action stood on it, replayed from the logs. Linear in the log:
    each action's changes give the days on which it starts or stops counting."""
    done: dict[date, int] = {}
    planned: dict[date, int] = {}

    def add(counts: dict[date, int], start: date, stop: date | None) -> None:
        if stop is not None and stop <= start:
            return
        counts[start] = counts.get(start, 0) + 1
        if stop is not None:
            counts[stop] = counts.get(stop, 0) - 1

    for action in actions:
        for start, stop, (status, due, baseline_due) in _states(action, until):
            if status == "done":
                add(done, start, stop)
            baseline = baseline_due if baseline_due is not None else due
            if status != "dropped" and baseline is not None:
                add(planned, max(start, baseline), stop)
    return Counts(_running(done), _running(planned))


def _running(changes: dict[date, int]) -> list[tuple[date, int]]:
    total, steps = 0, []
    for day in sorted(changes):
        if changes[day]:  # one span ending where the next begins, as it was: no step
            total += changes[day]
            steps.append((day, total))
    return steps


# What the counts need of an action at a time: its status, due date and baseline.
_State = tuple[str, date | None, date | None]
_COUNTED = ("status", "due", "baseline_due")


def _states(action: Action, until: date) -> list[tuple[date, date | None, _State]]:
    """The action's status, due date and baseline over time, as (first day, first day
    after, state) spans up to `until`; a change takes effect at the end of the day it was
    logged on. One pass over the log, newest first, undoing as `action_at` does."""
    log = sorted(action.log, key=logged_at)
    first = _born(action, log)
    # Before its created date, or its first logged change, it was not there; with neither,
    # it always was, as `action_at` takes it.
    born = first.date() if first is not None else date.min
    if born > until:
        return []
    counted = [entry for entry in log if entry.field in _COUNTED]
    # No logged status: the completion date says when it was done, as in `action_at`.
    hinted = (
        action.completed
        if action.status == "done" and not any(entry.field == "status" for entry in log)
        else None
    )
    days = {logged_at(entry).astimezone(UTC).date() for entry in counted}
    if hinted is not None:
        days.add(hinted)
    points = sorted({born, *(day for day in days if born <= day <= until)})
    status, due, baseline = action.status, action.due, action.baseline_due
    pending = len(counted)  # entries not yet undone, newest last
    found: list[_State] = []
    for point in reversed(points):
        stop = end_of(point)
        while pending and logged_at(counted[pending - 1]) >= stop:
            entry = counted[pending - 1]
            readable, value = _value(entry.field or "", entry.old)
            if readable and entry.field == "status":
                status = value
            elif readable and entry.field == "due":
                due = value
            elif readable:
                baseline = value
            pending -= 1
        hinted_then = hinted is not None and point < hinted
        found.append(("in-progress" if hinted_then else status, due, baseline))
    found.reverse()
    return [
        (point, points[index + 1] if index + 1 < len(points) else None, found[index])
        for index, point in enumerate(points)
    ]


def count_at(steps: list[tuple[date, int]], day: date) -> int:
    """The count a step list gives for `day`."""
    from bisect import bisect_right

    index = bisect_right(steps, (day, float("inf")))
    return steps[index - 1][1] if index else 0
