"""Names a person may have mistyped: the suggestion for a close one, and messages that list
the names there are."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in signatures
    from improvetrack.model.register import Action, Area


def same_name(name: str) -> str:
    """A person's name as names are compared: case-folded, runs of spaces as one."""
    return " ".join(name.split()).casefold()


def suggest(name: str, known: Iterable[str], aliases: Mapping[str, str] | None = None) -> str:
    """`; did you mean 'X'?` for the known name closest to `name`, or "" when none is.
    `aliases` maps other names to compare with (an area's title) to the one to suggest."""
    found = closest(name, {**{known_name: known_name for known_name in known}, **(aliases or {})})
    return f"; did you mean {found!r}?" if found else ""


def closest(name: str, candidates: Mapping[str, str]) -> str | None:
    """The suggestion for the candidate that `name` most looks like, in any case: a close
    spelling (difflib), else the one candidate that holds what was typed."""
    import difflib  # only an error needs it

    folded: dict[str, str] = {}
    for text, suggestion in candidates.items():
        folded.setdefault(text.strip().casefold(), suggestion)
    typed = name.strip().casefold()
    close = difflib.get_close_matches(typed, list(folded), n=1, cutoff=0.6)
    if close:
        return folded[close[0]]
    holding = {
        suggestion for text, suggestion in folded.items() if len(typed) >= 3 and typed in text
    }
    return holding.pop() if len(holding) == 1 else None


def named(names: list[str], command: str, limit: int = 12) -> str:
    """Names for a one-line message: all of them, or the first few and where the rest are."""
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more (`{command}`)"


def unknown_area(name: str, areas: Iterable[Area]) -> str:
    """Why `name` names no area, and what would: a close key or title, and the keys."""
    areas = list(areas)
    if not areas:
        return (
            f"no area {name!r}: the plan has no areas yet; add one with "
            "`improvetrack area add KEY --title TITLE`"
        )
    hint = suggest(name, [area.key for area in areas], {area.title: area.key for area in areas})
    keys = named([area.key for area in areas], "improvetrack area list")
    return f"no area {name!r}{hint}{' The' if hint else '; the'} areas are: {keys}"


def unknown_owner(owner: str, actions: Iterable[Action]) -> str:
    """Why an owner filter matches no action, and what would: a close name, the owners."""
    actions = list(actions)
    owners = sorted({action.owner for action in actions if action.owner}, key=str.casefold)
    said = f"no actions owned by {owner!r}"
    if not actions:
        return f"{said}: the plan has no actions yet; add one with `improvetrack add AREA TITLE`"
    if not owners:
        return (
            f"{said}: no action has an owner yet; give one with "
            "`improvetrack update ID --owner NAME`"
        )
    # An owner filter matches part of a name, so a slip is compared with parts of names too.
    words = len(owner.split())
    parts = {
        " ".join(name.split()[start : start + words]).strip(","): name
        for name in owners
        for start in range(len(name.split()) - words + 1)
    }
    found = closest(owner, {**{name: name for name in owners}, **{part: part for part in parts}})
    hint = f"; did you mean {found!r}?" if found else ""
    # Quoted: an owner's name may hold a comma ("Head of Service, Assessment").
    listed = named([repr(name) for name in owners], "improvetrack list", limit=8)
    return f"{said}{hint}{' The' if hint else '; the'} owners are: {listed}"
