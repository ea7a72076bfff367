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
    register always names the same cycle."""
    seen: set[str] = set()
    path = [start]

    def walk(current: str) -> bool:
        for prerequisite in after.get(current, ()):
            if prerequisite == start:
                path.append(start)
                return True
            if prerequisite in seen or prerequisite not in after:
                continue
            seen.add(prerequisite)
            path.append(prerequisite)
            if walk(prerequisite):
                return True
            path.pop()
        return False

    return path if walk(start) else None


def first_cycle(after: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle named from the lowest ID that is on one, or None."""
    for action_id in sorted(after, key=id_sort_key):
        found = cycle_from(after, action_id)
        if found:
            return found
    return None


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
