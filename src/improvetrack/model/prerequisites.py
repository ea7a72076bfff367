"""The actions an action waits for (its `after` list): checking the list and finding a cycle.

A cycle is named from the action it starts at, the path back to it included:
`ASM-3 → ASM-1 → ASM-3` says ASM-3 waits for ASM-1, which waits for ASM-3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from improvetrack.model.register import id_sort_key

ARROW = " → "


def cycle_from(after: Mapping[str, Sequence[str]], start: str) -> list[str] | None:
    """A path of prerequisites from `start` back to `start`, or None when there is none.

    Depth first, each action's prerequisites in the order its list holds them, so the same
    register always names the same cycle. Iterative: a chain of thousands of actions must
    not run out of stack."""
    seen: set[str] = {start}
    path = [start]
    pending = [iter(after.get(start, ()))]
    while pending:
        prerequisite = next(pending[-1], None)
        if prerequisite is None:
            pending.pop()
            path.pop()
        elif prerequisite == start:
            return [*path, start]
        elif prerequisite not in seen and prerequisite in after:
            seen.add(prerequisite)
            path.append(prerequisite)
            pending.append(iter(after[prerequisite]))
    return None


def first_cycle(after: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle named from the lowest ID that is on one, or None."""
    looped = on_cycles(after)
    return cycle_from(after, min(looped, key=id_sort_key)) if looped else None


def on_cycles(after: Mapping[str, Sequence[str]]) -> set[str]:
    """The actions that are on some cycle: those whose strongly connected component holds
    more than one (Kosaraju's two passes, without recursion, so in time linear in the
    register however long its chains)."""
    order: list[str] = []
    done: set[str] = set()
    for first in after:
        if first in done:
            continue
        done.add(first)
        stack = [(first, iter(after[first]))]
        while stack:
            key, rest = stack[-1]
            waited = next(rest, None)
            if waited is None:
                stack.pop()
                order.append(key)
            elif waited in after and waited not in done:
                done.add(waited)
                stack.append((waited, iter(after[waited])))
    needed: dict[str, list[str]] = {key: [] for key in after}
    for key, ids in after.items():
        for waited in ids:
            if waited in needed:
                needed[waited].append(key)
    looped: set[str] = set()
    placed: set[str] = set()
    for first in reversed(order):
        if first in placed:
            continue
        placed.add(first)
        component, pending = [first], [first]
        while pending:
            for other in needed[pending.pop()]:
                if other not in placed:
                    placed.add(other)
                    component.append(other)
                    pending.append(other)
        if len(component) > 1:
            looped.update(component)
    return looped


def named(path: Sequence[str]) -> str:
    return ARROW.join(path)


def problems(after: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """What is wrong with the register's `after` lists, as (action ID, message): an ID
    that names no action, the action itself, an ID listed twice, then one cycle."""
    found: list[tuple[str, str]] = []
    for action_id, ids in after.items():
        listed: set[str] = set()
        for prerequisite in ids:
            if prerequisite == action_id:
                found.append((action_id, f"{action_id} cannot wait for itself"))
            elif prerequisite not in after:
                found.append((action_id, f"no action {prerequisite!r} to wait for"))
            elif prerequisite in listed:
                found.append((action_id, f"{prerequisite} is listed twice"))
            listed.add(prerequisite)
    if not found and (cycle := first_cycle(after)):
        found.append((cycle[0], f"the actions wait for each other in a cycle: {named(cycle)}"))
    return found
