"""What actions wait for: who is waiting, projected due dates, the longest chain.

Pure functions of (register, as-of date), the SPEC's "Dependencies" and the Dates rules of
"v3: the exact rules":

- an action is **waiting** while it is open and one of its prerequisites (its `after`
  list) is open: a done or dropped prerequisite holds nothing up;
- its **projected due** is the later of its own due date and each open prerequisite's
  projected due, where a prerequisite that is overdue projects to the as-of date (it can
  be done today at the earliest); a prerequisite with no projected date (none of its own,
  or one it waits for has none) leaves the dependant with none too, and holds it up;
- it is **held up** when a prerequisite's projected due is later than its own due date,
  or when a prerequisite has no date;
- the **longest chain** is the one whose last projected due is latest.
"""

from __future__ import annotations

from datetime import date

from improvetrack.model.prerequisites import ARROW as ARROW
from improvetrack.model.records import record
from improvetrack.model.register import LATE_STATUSES, Action, Register, id_sort_key


@record
class Waits:
    """One action's place among the actions it waits for and those that wait for it."""

    waiting_for: tuple[str, ...]  # its open prerequisites, in the order its list names them
    needed_by: tuple[str, ...]  # the actions whose list names it, in ID order
    projected: date | None  # its projected due date: None when it, or one before it, has none
    held_by: str | None = None  # the prerequisite that holds it up: due later, or with no date
    undated: str | None = None  # the action with no date that holds it up, where one does

    @property
    def waiting(self) -> bool:
        return bool(self.waiting_for)

    @property
    def held_up(self) -> bool:
        return self.held_by is not None


@record
class Chain:
    """Actions each waiting for the one before it, and the projected due of the last."""

    ids: tuple[str, ...]
    ends: date


def uses_dependencies(register: Register) -> bool:
    """Whether any action waits for another: a plan that does not shows nothing of this."""
    return any(action.after for action in register.actions.values())


def _overdue(action: Action, as_of: date) -> bool:
    return action.status in LATE_STATUSES and action.due is not None and action.due < as_of


def waits(register: Register, as_of: date) -> dict[str, Waits]:
    """Each action's waits, by ID."""
    actions = register.actions
    needed: dict[str, list[str]] = {key: [] for key in actions}
    for key, action in actions.items():
        for prerequisite in action.after:
            if prerequisite in needed:
                needed[prerequisite].append(key)
    found: dict[str, Waits] = {}

    def open_before(action: Action) -> list[Action]:
        named = (actions.get(key) for key in action.after)
        return [item for item in named if item is not None and item.is_open]

    def gives(prerequisite: Action) -> date | None:
        """The date a prerequisite lets its dependants start from: its projected due, or
        the as-of date for one that is overdue."""
        projected = found[prerequisite.id].projected
        if projected is not None and _overdue(prerequisite, as_of):
            return max(projected, as_of)
        return projected

    def assess(action: Action) -> Waits:
        """One action's waits, once those of its open prerequisites are known."""
        before = [item for item in open_before(action) if item.id in found]
        if not action.is_open:
            before = []
        dates = {item.id: gives(item) for item in before}
        undated = next((key for key, day in dates.items() if day is None), None)
        held_by, root = None, None
        if undated is not None:
            held_by = undated
            root = found[undated].undated or undated
            projected = None
        elif action.due is None:
            projected = None
        else:
            latest = max(dates.items(), key=lambda pair: pair[1] or date.min, default=None)
            projected = action.due
            if latest is not None and latest[1] is not None and latest[1] > action.due:
                held_by, projected = latest[0], latest[1]
        return Waits(
            waiting_for=tuple(item.id for item in before),
            needed_by=tuple(sorted(needed[action.id], key=id_sort_key)),
            projected=projected,
            held_by=held_by,
            undated=root,
        )

    # Prerequisites first, depth first without recursion: a chain of thousands of actions
    # must not run out of stack. One on the way already (a cycle, which validation
    # refuses) is left out rather than looped over.
    on_the_way: set[str] = set()
    for first in actions.values():
        if first.id in found:
            continue
        stack = [(first, iter(open_before(first)))]
        on_the_way.add(first.id)
        while stack:
            action, rest = stack[-1]
            waited = next(rest, None)
            if waited is None:
                stack.pop()
                on_the_way.discard(action.id)
                found[action.id] = assess(action)
            elif waited.id not in found and waited.id not in on_the_way:
                on_the_way.add(waited.id)
                stack.append((waited, iter(open_before(waited))))
    return found


def longest_chain(register: Register, found: dict[str, Waits]) -> Chain | None:
    """The chain of open actions whose last projected due is latest (the longer one where
    two end on the same day, then the lower ID); None when no open action waits for another
    with a date. Walked back from its last action through the prerequisite with the latest
    projected due each time."""

    def critical(key: str) -> str | None:
        before = found[key].waiting_for
        return max(before, key=lambda k: found[k].projected or date.min) if before else None

    # `found` holds prerequisites before what waits for them, so each length is known
    # when it is needed.
    length: dict[str, int] = {}
    for key in found:
        previous = critical(key)
        length[key] = 1 + (length.get(previous, 0) if previous else 0)
    ends = [
        key
        for key, item in found.items()
        if item.waiting and item.projected is not None and register.actions[key].is_open
    ]
    if not ends:
        return None
    best = max(sorted(ends, key=id_sort_key), key=lambda key: (found[key].projected, length[key]))
    path, walked = [best], {best}
    while (previous := critical(path[-1])) is not None and previous not in walked:
        path.append(previous)
        walked.add(previous)
    projected = found[best].projected
    assert projected is not None
    return Chain(tuple(reversed(path)), projected)
