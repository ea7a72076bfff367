"""Update rounds (`plan.rounds`): each month's asking of the leads and the returns they sent,
and `plan.stale_after`, the days after which an open action with no update is stale.

A round is known by the day it was opened (one a day). It records who was asked, about
which actions, and each return collected: whose, when, from which file (its name only),
the actions it held, and a digest of its editable cells, so the same return collected
twice is known as such. Reading and writing the TOML tables is here too, so the plan's
reader and writer each call one function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from improvetrack.model.dates import EARLIEST, LATEST
from improvetrack.model.records import field, record

STALE_AFTER = 35  # days, where the plan does not say
MAX_STALE_AFTER = 3660  # ten years: more is a typo, not a setting


@record
class Asked:
    """One lead asked in a round, and the actions the pack asked about (IDs)."""

    owner: str
    actions: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@record
class Return:
    """One return collected: the lead's, the day it was collected, its file's name, the
    actions it held and the SHA-256 of its editable cells."""

    owner: str
    on: date
    file: str
    actions: list[str] = field(default_factory=list)
    digest: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@record
class Round:
    """One update round, known by the day it was opened."""

    opened: date
    due: date
    board: date | None = None
    asked: list[Asked] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def asked_of(self, owner: str) -> Asked | None:
        wanted = name_key(owner)
        return next((item for item in self.asked if name_key(item.owner) == wanted), None)

    def returns_of(self, owner: str) -> list[Return]:
        wanted = name_key(owner)
        return [item for item in self.returns if name_key(item.owner) == wanted]


_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """A name as names are compared: case-folded, runs of spaces as one, ends trimmed."""
    return _SPACES.sub(" ", name).strip().casefold()


def latest(rounds: Iterable[Round]) -> Round | None:
    """The round opened last, or None."""
    return max(rounds, key=lambda item: item.opened, default=None)


def stale_after(days: int | None) -> int:
    return STALE_AFTER if days is None else days


# --- reading and writing ---------------------------------------------------------------

Problem = Callable[[tuple[str, ...], str], None]
_ROUND_KEYS = frozenset({"opened", "due", "board", "asked", "returns"})
_ASKED_KEYS = frozenset({"owner", "actions"})
_RETURN_KEYS = frozenset({"owner", "on", "file", "actions", "digest"})
_DIGEST = re.compile(r"[0-9a-f]{64}")


def read_stale_after(value: Any, problem: Problem) -> int | None:
    """`plan.stale_after`: a whole number of days, 1 or more."""
    path = ("plan", "stale_after")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problem(path, f"expected a whole number of days like {STALE_AFTER}, got {value!r}")
        return None
    if not 1 <= value <= MAX_STALE_AFTER:
        problem(path, f"{value} is not between 1 and {MAX_STALE_AFTER} days")
        return None
    return value


def read_rounds(value: Any, problem: Problem) -> list[Round]:
    """`[[plan.rounds]]`, every problem reported with its key path; oldest first."""
    path = ("plan", "rounds")
    if value is None:
        return []
    if not isinstance(value, list):
        problem(path, "expected a list of tables ([[plan.rounds]])")
        return []
    found: list[Round] = []
    seen: set[date] = set()
    for index, item in enumerate(value):
        where = (*path, str(index))
        if not isinstance(item, Mapping):
            problem(where, "expected a table with opened and due dates")
            continue
        opened = _day(item, "opened", where, problem, required=True)
        due = _day(item, "due", where, problem, required=True)
        board = _day(item, "board", where, problem)
        asked = [
            Asked(owner, actions, _extra(table, _ASKED_KEYS))
            for number, table in _tables(item, "asked", where, problem)
            if (owner := _text(table, "owner", (*where, "asked", number), problem)) is not None
            and (actions := _ids(table, (*where, "asked", number), problem)) is not None
        ]
        returns = []
        for number, table in _tables(item, "returns", where, problem):
            at = (*where, "returns", number)
            owner = _text(table, "owner", at, problem)
            on = _day(table, "on", at, problem, required=True)
            file = _text(table, "file", at, problem)
            ids = _ids(table, at, problem)
            digest = table.get("digest", "")
            if not isinstance(digest, str) or (digest and not _DIGEST.fullmatch(digest)):
                problem((*at, "digest"), "expected the 64 hex digits of a SHA-256 digest")
                continue
            if owner is not None and on is not None and file is not None and ids is not None:
                returns.append(Return(owner, on, file, ids, digest, _extra(table, _RETURN_KEYS)))
        if opened is None or due is None:
            continue
        if opened in seen:
            problem((*where, "opened"), f"{opened}: another round was opened that day")
            continue
        if due < opened:
            problem((*where, "due"), f"{due} is before the round was opened ({opened})")
            continue
        seen.add(opened)
        found.append(Round(opened, due, board, asked, returns, _extra(item, _ROUND_KEYS)))
    return sorted(found, key=lambda item: item.opened)


def _extra(table: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in table.items() if key not in known}


def _day(
    table: Mapping[str, Any],
    key: str,
    path: tuple[str, ...],
    problem: Problem,
    *,
    required: bool = False,
) -> date | None:
    value = table.get(key)
    if value is None:
        if required:
            problem((*path, key), "missing; expected a date like 2026-11-02")
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        problem((*path, key), f"expected a date like 2026-11-02 (no quotes), got {value!r}")
        return None
    if not EARLIEST <= value <= LATEST:
        problem((*path, key), f"{value} is outside the dates a plan can use")
        return None
    return value


def _text(
    table: Mapping[str, Any], key: str, path: tuple[str, ...], problem: Problem
) -> str | None:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        problem((*path, key), "missing; expected text in quotes")
        return None
    return value


def _ids(table: Mapping[str, Any], path: tuple[str, ...], problem: Problem) -> list[str] | None:
    value = table.get("actions", [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problem((*path, "actions"), 'expected a list of action IDs like ["ASM-1"]')
        return None
    return list(value)


def _tables(
    item: Mapping[str, Any], key: str, path: tuple[str, ...], problem: Problem
) -> list[tuple[str, Mapping[str, Any]]]:
    value = item.get(key, [])
    if not isinstance(value, list):
        problem((*path, key), f"expected a list of tables ([[plan.rounds.{key}]])")
        return []
    found = []
    for number, table in enumerate(value):
        if isinstance(table, Mapping):
            found.append((str(number), table))
        else:
            problem((*path, key, str(number)), "expected a table")
    return found


def _present(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {key: value for key, value in pairs if value is not None and value != []}


def rounds_document(rounds: Iterable[Round]) -> list[dict[str, Any]]:
    """`plan.rounds` as plain data for the TOML writer, oldest first."""
    return [
        _present(
            [
                ("opened", item.opened),
                ("due", item.due),
                ("board", item.board),
                *item.extra.items(),
                (
                    "asked",
                    [
                        {"owner": a.owner, "actions": list(a.actions)} | dict(a.extra)
                        for a in item.asked
                    ],
                ),
                (
                    "returns",
                    [
                        _present(
                            [
                                ("owner", r.owner),
                                ("on", r.on),
                                ("file", r.file),
                                ("actions", list(r.actions)),
                                ("digest", r.digest or None),
                            ]
                        )
                        | dict(r.extra)
                        for r in item.returns
                    ],
                ),
            ]
        )
        for item in sorted(rounds, key=lambda item: item.opened)
    ]


# --- merging ---------------------------------------------------------------------------


def merge_rounds(base: list[Round], ours: list[Round], theirs: list[Round]) -> list[Round]:
    """Two branches' rounds as one: every round either side opened (a round is known by
    its day), each with every lead either side asked and every return either collected.
    Where both sides changed a round's dates, ours stand; rounds are records of what
    happened, so nothing either side recorded is lost and nothing is a conflict."""
    before = {item.opened: item for item in base}
    mine = {item.opened: item for item in ours}
    found: list[Round] = []
    for opened in sorted({*mine, *(item.opened for item in theirs)}):
        one = mine.get(opened)
        other = next((item for item in theirs if item.opened == opened), None)
        if one is None or other is None:
            found.append(one or other)  # type: ignore[arg-type]
            continue
        was = before.get(opened)
        taken = other if was is not None and (one.due, one.board) == (was.due, was.board) else one
        asked = list(one.asked)
        known = {name_key(item.owner): item for item in asked}
        for item in other.asked:
            held = known.get(name_key(item.owner))
            if held is None:
                asked.append(item)
        returns = list(one.returns)
        seen = {(name_key(r.owner), r.digest, r.file, r.on) for r in returns}
        returns += [r for r in other.returns if (name_key(r.owner), r.digest, r.file, r.on)
                    not in seen]  # fmt: skip
        returns.sort(key=lambda item: item.on)
        found.append(Round(opened, taken.due, taken.board, asked, returns, dict(one.extra)))
    return found
