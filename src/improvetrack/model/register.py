"""The register: an improvement plan's areas and actions, and the rules they must keep.

No I/O here. `from_document` turns the parsed TOML into a `Register` or reports every
problem with its key path; `to_document` turns it back into plain data for tomli-w, in a
stable order, keeping keys it does not know about.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from typing import Any

from improvetrack.errors import UnknownName, UsageError
from improvetrack.model import records
from improvetrack.model.dates import EARLIEST, LATEST
from improvetrack.model.records import defaults, field, record

SCHEMA = 1

# A log entry with this field is a progress update: its text is the update (v2).
PROGRESS = "progress"
RAGS = ("blue", "green", "amber", "red")  # best first

STATUSES = ("not-started", "in-progress", "blocked", "awaiting-sign-off", "done", "dropped")
# What `report --fail-on` and `check` can fail a pipeline on.
CONDITIONS = (
    "overdue",
    "blocked",
    "unowned",
    "undated",
    "behind",
    "late",
    "slipped",
    "optimistic",
)
OPEN_STATUSES = frozenset({"not-started", "in-progress", "blocked", "awaiting-sign-off"})
# An action awaiting sign-off has been delivered, so it cannot be late any more.
LATE_STATUSES = frozenset({"not-started", "in-progress", "blocked"})

AREA_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,7}")
ACTION_ID = re.compile(r"([A-Z][A-Z0-9]{0,7})-([1-9][0-9]{0,5})")
LAST_ID = 999_999  # the highest number an action ID can have

DATE_HINT = "expected a date like 2027-03-31"
# How deep lists and tables may nest in a register. Real registers need four or five levels;
# tomli-w recurses once per level, so a far deeper value could be read but never written.
MAX_NESTING = 100


# What a log entry's `old` and `new` may hold: the field's value in its TOML type (a date
# for a date, text for text), or "(none)" for no value.
LogValue = str | date | int | float | bool


@record
class LogEntry:
    """One change, as the log keeps it. `field`, `old` and `new` say what changed, for
    machines (and for replaying the plan as it stood); `by` is who the change is in the
    name of, and `user` who ran the command, when that was someone else (`--by`)."""

    at: datetime
    by: str
    text: str
    field: str | None = None
    old: LogValue | None = None
    new: LogValue | None = None
    user: str | None = None
    extra: dict[str, Any] = records.field(default_factory=dict)  # `field` is a field here

    @property
    def is_progress(self) -> bool:
        return self.field == PROGRESS

    @property
    def written_on(self) -> date:
        """A progress update's day: the one it says it was written (`--on`), else the day
        it was logged."""
        return as_day(self.new) or self.at.date()


@record
class Action:
    """One action of the plan, as the register holds it."""

    id: str
    area: str
    title: str
    status: str = "not-started"
    owner: str | None = None
    due: date | None = None
    created: date | None = None
    completed: date | None = None
    signed_off_by: str | None = None
    measure: str | None = None
    evidence: list[str] = field(default_factory=list)
    blocked_reason: str | None = None
    dropped_reason: str | None = None
    log: list[LogEntry] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    baseline_due: date | None = None  # the due date in the agreed plan (v2)
    timescale: str | None = None  # a timescale that is not a date: "Ongoing", "TBC" (v2)
    ref: str | None = None  # the plan's own reference, "3.2" (v2)
    rag: str | None = None  # the RAG the lead reports (v2)
    rag_reason: str | None = None  # why the lead reports it (v2)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def label(self) -> str:
        """The ID with the plan's own reference beside it, as a person reads an action."""
        return f"{self.id} ({self.ref})" if self.ref else self.id

    @property
    def progress_updates(self) -> list[LogEntry]:
        """The progress updates given on this action, oldest first."""
        return [entry for entry in self.log if entry.is_progress]

    @property
    def latest_update(self) -> LogEntry | None:
        """The update written last (by the day it says it was written, then as logged)."""
        updates = list(enumerate(self.progress_updates))
        if not updates:
            return None

        def written(pair: tuple[int, LogEntry]) -> tuple[date, datetime, int]:
            index, entry = pair
            return (entry.written_on, entry.at, index)

        return max(updates, key=written)[1]


Number = int | float
DIRECTIONS = ("up", "down")


@record
class Reading:
    """One recorded value of an impact measure."""

    on: date
    value: Number
    extra: dict[str, Any] = field(default_factory=dict)


@record
class Measure:
    """An impact measure: what the inspectors will look for in people's lives, not tasks."""

    name: str
    unit: str | None = None
    baseline: Number | None = None
    target: Number | None = None
    current: Number | None = None
    direction: str = "up"  # which way is better
    updated: date | None = None
    history: list[Reading] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@record
class Area:
    """An area for improvement and the prefix of its action IDs.

    `last_id` (the key `last_id` in the file) is the number of the last action ID issued
    in the area: 7 once ASM-7 was issued. The tool writes it whenever it issues an ID, so
    an ID is never issued twice, even after its action was deleted by hand: a new action
    taking a deleted one's ID would inherit its history when branches merge. A register
    without it (v1, or never added to since) counts from the actions present.
    """

    key: str
    title: str
    finding: str | None = None
    lead: str | None = None
    prefix: str | None = None
    measures: list[Measure] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    last_id: int | None = None
    ref: str | None = None  # the plan's own number for the area, a recommendation (v2)
    theme: str | None = None  # groups areas in status and reports (v2)
    sponsor: str | None = None  # the accountable senior officer (v2)
    log: list[LogEntry] = field(default_factory=list)  # changes to the area's own fields

    def measure(self, name: str) -> Measure:
        for measure in self.measures:
            if measure.name.casefold() == name.strip().casefold():
                return measure
        names = [measure.name for measure in self.measures]
        add = f"add one with `improvetrack measure add {self.key} NAME`"
        known = f"; its measures are: {', '.join(names)}" if names else f"; it has none yet: {add}"
        raise UnknownName(f"area {self.key!r} has no measure {name!r}{suggest(name, names)}{known}")

    @property
    def id_prefix(self) -> str:
        return self.prefix or derive_prefix(self.key)


@record
class Plan:
    """The plan itself: whose it is, the inspection it answers, and its dates."""

    title: str
    organisation: str | None = None
    inspectorate: str | None = None
    framework: str | None = None
    judgement: str | None = None
    inspected: date | None = None
    received: date | None = None
    published: date | None = None
    start: date | None = None
    next_inspection: date | None = None
    action_plan_due: date | None = None
    require_sign_off: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    boards: list[date] = field(default_factory=list)  # improvement board meetings (v2)
    # Whose lives the plan is to change, in the plan's words: "children", "residents".
    subject: str | None = None
    log: list[LogEntry] = field(default_factory=list)  # changes to the plan's own fields

    def about(self) -> list[str]:
        """Who the plan is for and what was judged: organisation, inspection, judgement."""
        inspection = " ".join(part for part in (self.inspectorate, self.framework) if part)
        return [part for part in (self.organisation, inspection, self.judgement) if part]


@record
class Register:
    """One improvement plan: its plan details, areas and actions, and any keys of the user's."""

    plan: Plan
    areas: dict[str, Area] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    schema: int = SCHEMA
    extra: dict[str, Any] = field(default_factory=dict)

    def area(self, name: str) -> Area:
        """The area with this key, or the one whose key or title this is in any case
        ("Transitions to adult services" names the area `transitions`)."""
        if name in self.areas:
            return self.areas[name]
        wanted = name.strip().casefold()
        for area in self.areas.values():
            if wanted in (area.key.casefold(), area.title.strip().casefold()):
                return area
        raise UnknownName(unknown_area(name, self.areas.values()))

    def action(self, action_id: str) -> Action:
        """The action with this ID, or the one action whose `ref` it is ("3.2")."""
        wanted = action_id.strip().upper()
        if wanted in self.actions:
            return self.actions[wanted]
        typed = action_id.strip().casefold()
        named = [a for a in self.actions.values() if a.ref and a.ref.strip().casefold() == typed]
        if len(named) == 1:
            return named[0]
        if named:
            ids = " and ".join(a.id for a in named)
            raise UnknownName(f"ref {action_id!r} names {ids}; give the action's ID instead")
        hint = suggest(wanted, self.actions) or "; `improvetrack list` shows every action's ID"
        raise UnknownName(f"no action {action_id!r}{hint}")

    def next_id(self, area: Area) -> str:
        """The ID the next action added to `area` gets: after every ID it ever issued."""
        return self.issuer().next_id(area)

    def issue_id(self, area: Area) -> str:
        """Take the next ID of `area` and remember it in the area's `last_id`, so that it
        is never issued again."""
        return self.issuer().issue(area)

    def issuer(self) -> IdIssuer:
        """Issues IDs, one or many in a row (an import)."""
        return IdIssuer(self)

    def free_prefix(self, wanted: str, taken: AbstractSet[str] | None = None) -> str:
        """`wanted`, or the first of wanted2, wanted3... no area uses (8 characters at most);
        `taken` is every area's prefix, for a caller that keeps them already."""
        if taken is None:
            taken = {area.id_prefix for area in self.areas.values()}
        for number in itertools.count(1):
            suffix = "" if number == 1 else str(number)
            candidate = wanted[: 8 - len(suffix)] + suffix
            if candidate not in taken:
                return candidate
        raise AssertionError("count() does not end")

    def sort_actions(self) -> None:
        """Put actions in natural ID order (ASM-2 before ASM-10) so the file diffs cleanly."""
        self.actions = dict(sorted(self.actions.items(), key=lambda item: id_sort_key(item[0])))


class IdIssuer:
    """The rules of action IDs: a new ID comes after every ID ever issued in its area
    (those of actions since deleted too, by the area's `last_id`), and a wanted one must
    never have been issued. The highest number each prefix has used is counted once, not
    again for every ID, so an import of thousands of rows takes a constant time per ID."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.top: dict[str, int] = {}
        for action_id in register.actions:
            if match := ACTION_ID.fullmatch(action_id):
                self.top[match[1]] = max(self.top.get(match[1], 0), int(match[2]))

    def issued(self, action_id: str, area: Area) -> bool:
        """`Register.issued` for an ID with `area`'s prefix."""
        match = ACTION_ID.fullmatch(action_id)
        if action_id in self.register.actions or match is None:
            return action_id in self.register.actions
        return int(match[2]) <= (area.last_id or 0)

    def next_id(self, area: Area) -> str:
        prefix = area.id_prefix
        return f"{prefix}-{max(self.top.get(prefix, 0), area.last_id or 0) + 1}"

    def issue(self, area: Area, wanted: str | None = None) -> str:
        """Take the next ID of `area`, or `wanted` (an unissued ID with its prefix)."""
        prefix = area.id_prefix
        wanted = wanted or self.next_id(area)
        match = ACTION_ID.fullmatch(wanted)
        assert match and match[1] == prefix and not self.issued(wanted, area), wanted
        number = int(match[2])
        self.top[prefix] = max(self.top.get(prefix, 0), number)
        area.last_id = max(area.last_id or 0, number)
        return wanted


def parse_rag(text: str, what: str = "--rag") -> str:
    """A RAG as typed: a word or its first letter, any case (BLUE, b, Red)."""
    typed = text.strip().lower()
    found = next((rag for rag in RAGS if typed in (rag, rag[0])), None)
    if found is None:
        raise UsageError(
            f"{what}: unknown RAG {text!r}{suggest(typed, RAGS)} (expected one of "
            f"{', '.join(RAGS)}, or the first letter)"
        )
    return found


NONE = "(none)"  # how the log holds "no value" in `old` and `new`


def log_value(value: LogValue | None) -> Any:
    """A log entry's old or new value as the field's value: None for "(none)" or ""."""
    return None if value is None or value in (NONE, "") else value


def as_day(value: LogValue | None) -> date | None:
    """A logged value as a date: logs hold dates as dates, or as ISO text in v1 files."""
    value = log_value(value)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def effective_baseline(action: Action) -> date | None:
    """The due date of the plan the board agreed: `baseline_due` where it is set.

    A register written before baselines existed (v1) has none: then the due date before
    its first logged change of due is the baseline, or the first due date logged if it had
    none before, and with no change of due logged, the due date itself.
    """
    if action.baseline_due is not None:
        return action.baseline_due
    for entry in action.log:
        if entry.field == "due":
            return as_day(entry.old) or as_day(entry.new)
    return action.due


_STATUS_WORDS = {
    "not-started": "not started",
    "in-progress": "in progress",
    "awaiting-sign-off": "awaiting sign-off",
}


def status_words(status: str) -> str:
    """A status as a person writes it: "in progress", not the token "in-progress"."""
    return _STATUS_WORDS.get(status, status)


def parse_status(text: str) -> str:
    status = text.strip().lower().replace("_", "-").replace(" ", "-")
    if status not in STATUSES:
        raise UsageError(
            f"unknown status {text!r}{suggest(status, STATUSES)} "
            f"(expected one of {', '.join(STATUSES)})"
        )
    return status


def history(actions: Iterable[Action]) -> list[tuple[Action, LogEntry]]:
    """The log entries of these actions, oldest first (ties kept in ID and log order)."""
    rows = [(action, entry) for action in actions for entry in action.log]
    rows.sort(key=lambda row: (row[1].at, id_sort_key(row[0].id)))
    return rows


def restates(entry: LogEntry, before: LogEntry | None) -> bool:
    """Whether a log entry only says again what the one before it said: a RAG reason
    logged with the RAG it explains ("reported RAG: green → amber (why)"). Both stay in
    the log, for replay; a person reads it once."""
    return (
        before is not None
        and entry.field == "rag_reason"
        and before.field == "rag"
        and before.at == entry.at
        and isinstance(entry.new, str)
        and before.text.endswith(f"({entry.new})")
    )


def readable(entries: list[LogEntry]) -> list[LogEntry]:
    """One action's log entries as a person reads them: none that `restates` the one
    before it."""
    pairs = zip([None, *entries], entries, strict=False)
    return [entry for before, entry in pairs if not restates(entry, before)]


def id_sort_key(action_id: str) -> tuple[str, int]:
    match = ACTION_ID.fullmatch(action_id)
    return (match[1], int(match[2])) if match else (action_id, 0)


def derive_prefix(key: str) -> str:
    """An ID prefix from an area key: initials of a multi-word key, else its first consonants.

    "assessments" -> "ASM", "transitions" -> "TRN", "care-leavers" -> "CL".
    """
    words = [word for word in key.split("-") if word]
    if len(words) > 1:
        letters = "".join(word[0] for word in words if word[0].isalpha())[:4]
    else:
        word = words[0] if words else "A"
        letters = word[0]
        for char in word[1:]:
            if len(letters) == 3:
                break
            if char.isalpha() and char not in "aeiou" and char != letters[-1]:
                letters += char
    letters = letters.upper()
    if not letters or not letters[0].isalpha():
        letters = "A" + letters
    return letters[:8]


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


# --- reading -----------------------------------------------------------------------------


@record
class Problem:
    """A rule the document breaks, at a key path such as ("actions", "ASM-3", "due")."""

    path: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return f"{'.'.join(self.path)}: {self.message}" if self.path else self.message


class _Reader:
    """Reads typed fields out of a TOML table, collecting problems instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str, ...], message: str) -> None:
        self.problems.append(Problem(path, message))

    def table(self, value: Any, path: tuple[str, ...]) -> Mapping[str, Any]:
        if isinstance(value, Mapping):
            return value
        self.problem(path, f"expected a table, got {_describe(value)}")
        return {}

    def text(
        self, table: Mapping[str, Any], key: str, path: tuple[str, ...], *, required: bool = False
    ) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem((*path, key), f"missing; it is required{_look_alike(table, key)}")
            return None
        if not isinstance(value, str):
            self.problem((*path, key), f"expected text in quotes, got {_describe(value)}")
            return None
        if not value.strip():
            if required:
                self.problem((*path, key), "is empty; it is required")
            return None
        return value

    def day(self, table: Mapping[str, Any], key: str, path: tuple[str, ...]) -> date | None:
        value = table.get(key)
        if value is None:
            return None
        # TOML datetimes load as datetime, which is a subclass of date: refuse them here.
        if isinstance(value, datetime) or not isinstance(value, date):
            self.problem((*path, key), f"{DATE_HINT} (no quotes), got {_describe(value)}")
            return None
        if not EARLIEST <= value <= LATEST:
            self.problem(
                (*path, key),
                f"{value} is outside the dates a plan can use ({EARLIEST} to {LATEST})",
            )
            return None
        return value

    def days(self, table: Mapping[str, Any], key: str, path: tuple[str, ...]) -> list[date]:
        value = table.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(
                (*path, key), f"expected a list of dates like [2026-10-29], got {_describe(value)}"
            )
            return []
        found = []
        for index, item in enumerate(value):
            day = self.day({key: item}, key, (*path, key, str(index)))
            if day is not None:
                found.append(day)
        return found

    def log_value(
        self, table: Mapping[str, Any], key: str, path: tuple[str, ...]
    ) -> LogValue | None:
        """A log entry's old or new value: text, a date, a number or true/false."""
        value = table.get(key)
        if value is None or isinstance(value, str | int | float | bool):
            return value
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        self.problem((*path, key), f"expected text, a date or a number, got {_describe(value)}")
        return None

    def flag(self, table: Mapping[str, Any], key: str, path: tuple[str, ...]) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problem((*path, key), f"expected true or false, got {_describe(value)}")
            return False
        return value

    def text_list(self, table: Mapping[str, Any], key: str, path: tuple[str, ...]) -> list[str]:
        value = table.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem((*path, key), f"expected a list of text, got {_describe(value)}")
            return []
        return list(value)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return type(value).__name__


_PLAN_DATES = (
    "inspected",
    "received",
    "published",
    "start",
    "next_inspection",
    "action_plan_due",
)
# The text fields of the plan, an area and an action, and an action's dates, by name: the
# model's own lists, which changes, history and merge take rather than keep their own.
PLAN_TEXTS = ("organisation", "inspectorate", "framework", "judgement")
_PLAN_KEYS = frozenset(
    {"title", *PLAN_TEXTS, *_PLAN_DATES, "require_sign_off", "boards", "subject", "log"}
)
AREA_TEXTS = ("finding", "lead", "ref", "theme", "sponsor")
_AREA_KEYS = frozenset({"title", "prefix", "last_id", "measures", "log", *AREA_TEXTS})
_MEASURE_NUMBERS = ("baseline", "target", "current")
_MEASURE_KEYS = frozenset({"name", "unit", "direction", "updated", "history", *_MEASURE_NUMBERS})
ACTION_TEXTS = (
    "owner",
    "signed_off_by",
    "measure",
    "blocked_reason",
    "dropped_reason",
    "timescale",
    "ref",
    "rag_reason",
)
ACTION_DATES = ("due", "baseline_due", "created", "completed")
_ACTION_KEYS = frozenset(
    {"area", "title", "status", "evidence", "log", "rag", *ACTION_TEXTS, *ACTION_DATES}
)
# Keys that belong to an area: on an action they are kept as the user's own, and `check`
# says where they belong.
AREA_ONLY_KEYS = frozenset({"theme", "sponsor", "lead", "finding"})
_LOG_KEYS = frozenset({"at", "by", "text", "field", "old", "new", "user"})
_READING_KEYS = frozenset({"on", "value"})
_TOP_KEYS = frozenset({"schema", "plan", "areas", "actions"})


def _extra(table: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in table.items() if key not in known}


def from_document(document: Mapping[str, Any]) -> tuple[Register | None, list[Problem]]:
    """Build a register from parsed TOML, or return every rule the document breaks."""
    reader = _Reader()
    schema = document.get("schema", SCHEMA)
    if isinstance(schema, bool) or not isinstance(schema, int):
        reader.problem(("schema",), f"expected the number {SCHEMA}, got {_describe(schema)}")
    elif schema > SCHEMA:
        reader.problem(
            ("schema",), f"is {schema}: written by a newer improvetrack (this one reads {SCHEMA})"
        )
    elif schema < 1:
        reader.problem(("schema",), f"expected the number {SCHEMA}, got {schema}")

    if "plan" not in document:
        reader.problem(("plan",), "missing; a register needs a [plan] table with a title")
    plan = _read_plan(reader, reader.table(document.get("plan", {}), ("plan",)))
    areas = {
        key: _read_area(reader, key, reader.table(value, ("areas", key)))
        for key, value in reader.table(document.get("areas", {}), ("areas",)).items()
    }
    actions = {
        key: _read_action(reader, key, reader.table(value, ("actions", key)), areas)
        for key, value in reader.table(document.get("actions", {}), ("actions",)).items()
    }
    _check_prefixes(reader, areas)
    _check_refs(reader, "areas", {key: area.ref for key, area in areas.items()})
    _check_refs(reader, "actions", {key: action.ref for key, action in actions.items()})
    _check_nesting(reader, _extras(document, plan, areas, actions))
    if reader.problems:
        return None, reader.problems
    register = Register(
        plan=plan,
        areas=areas,
        actions=actions,
        schema=SCHEMA,
        extra=_extra(document, _TOP_KEYS),
    )
    return register, []


def _extras(
    document: Mapping[str, Any],
    plan: Plan,
    areas: Mapping[str, Area],
    actions: Mapping[str, Action],
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """The user's own keys anywhere in the register, with their key paths.

    Only these can nest without limit: every key the tool knows holds a value of a known
    shape, a few levels deep at most, or is refused for its type.
    """
    yield from ((("plan", key), value) for key, value in plan.extra.items())
    yield from (((key,), value) for key, value in _extra(document, _TOP_KEYS).items())
    for key, area in areas.items():
        yield from ((("areas", key, name), value) for name, value in area.extra.items())
        for number, measure in enumerate(area.measures):
            held = ("areas", key, "measures", str(number))
            yield from (((*held, name), value) for name, value in measure.extra.items())
            for reading in measure.history:
                yield from (((*held, "history", name), v) for name, v in reading.extra.items())
    for action_id, action in actions.items():
        where = ("actions", action_id)
        yield from (((*where, name), value) for name, value in action.extra.items())
        for entry in action.log:
            yield from (((*where, "log", name), value) for name, value in entry.extra.items())


def _check_nesting(reader: _Reader, values: Iterable[tuple[tuple[str, ...], Any]]) -> None:
    """Report the first value nested deeper than MAX_NESTING, at the key that holds it."""
    stack: list[tuple[Any, tuple[str, ...], int]] = [
        (value, path, len(path)) for path, value in values
    ]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_NESTING:
            reader.problem(
                path[:8], f"nested more than {MAX_NESTING} levels deep; flatten this value"
            )
            return
        if isinstance(value, Mapping):
            stack.extend((item, (*path, str(key)), depth + 1) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, path, depth + 1) for item in value)


def _read_plan(reader: _Reader, table: Mapping[str, Any]) -> Plan:
    path = ("plan",)
    plan = Plan(
        title=reader.text(table, "title", path, required=True) or "",
        require_sign_off=reader.flag(table, "require_sign_off", path),
        extra=_extra(table, _PLAN_KEYS),
    )
    for key in PLAN_TEXTS:
        setattr(plan, key, reader.text(table, key, path))
    for key in _PLAN_DATES:
        setattr(plan, key, reader.day(table, key, path))
    plan.subject = reader.text(table, "subject", path)
    plan.boards = sorted(set(reader.days(table, "boards", path)))
    plan.log = _read_log(reader, table.get("log", []), (*path, "log"))
    if plan.inspected and plan.next_inspection and plan.next_inspection <= plan.inspected:
        reader.problem(
            ("plan", "next_inspection"),
            f"{plan.next_inspection} is not after plan.inspected ({plan.inspected}); "
            "expected a later date",
        )
    return plan


def _read_area(reader: _Reader, key: str, table: Mapping[str, Any]) -> Area:
    path = ("areas", key)
    if not AREA_KEY.fullmatch(key):
        reader.problem(path, "area keys use lowercase letters, digits and '-', like 'assessments'")
    prefix = reader.text(table, "prefix", path)
    if prefix is not None and not PREFIX.fullmatch(prefix):
        reader.problem(
            (*path, "prefix"), f"expected 1-8 capital letters or digits like 'ASM', got {prefix!r}"
        )
    last_id = table.get("last_id")
    if last_id is not None and (
        isinstance(last_id, bool) or not isinstance(last_id, int) or not 1 <= last_id <= LAST_ID
    ):
        reader.problem(
            (*path, "last_id"),
            f"expected a whole number from 1 to {LAST_ID} (the number of the last action ID "
            f"issued in this area), got {_describe(last_id)}",
        )
        last_id = None
    return Area(
        key=key,
        title=reader.text(table, "title", path, required=True) or "",
        finding=reader.text(table, "finding", path),
        lead=reader.text(table, "lead", path),
        prefix=prefix,
        measures=_read_measures(reader, table.get("measures", []), (*path, "measures")),
        extra=_extra(table, _AREA_KEYS),
        last_id=last_id,
        ref=reader.text(table, "ref", path),
        theme=reader.text(table, "theme", path),
        sponsor=reader.text(table, "sponsor", path),
        log=_read_log(reader, table.get("log", []), (*path, "log")),
    )


def _number(
    reader: _Reader, table: Mapping[str, Any], key: str, path: tuple[str, ...]
) -> Number | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        reader.problem(
            (*path, key), f"expected a number like 72.5 (no quotes), got {_describe(value)}"
        )
        return None
    # TOML reads nan and inf; no figure can be computed from them, nor written as JSON.
    if not math.isfinite(value):
        reader.problem((*path, key), f"expected a finite number like 72.5, got {value}")
        return None
    return value


def _read_measures(reader: _Reader, value: Any, path: tuple[str, ...]) -> list[Measure]:
    if not isinstance(value, list):
        reader.problem(path, f"expected a list of [[measures]] tables, got {_describe(value)}")
        return []
    measures = []
    for index, item in enumerate(value):
        where = (*path, str(index))
        table = reader.table(item, where)
        direction = table.get("direction", "up")
        if direction not in DIRECTIONS:
            reader.problem(
                (*where, "direction"),
                f"expected 'up' or 'down' (which way is better), got {_describe(direction)}",
            )
        history_value = table.get("history", [])
        history: list[Reading] = []
        if not isinstance(history_value, list):
            reader.problem(
                (*where, "history"),
                f"expected a list of {{on, value}} tables, got {_describe(history_value)}",
            )
        else:
            for number, entry in enumerate(history_value):
                at = (*where, "history", str(number))
                reading = reader.table(entry, at)
                on, amount = reader.day(reading, "on", at), _number(reader, reading, "value", at)
                if on is None or amount is None:
                    if on is None and "on" not in reading:
                        reader.problem(
                            (*at, "on"),
                            f"missing; expected a date like 2027-03-31{_look_alike(reading, 'on')}",
                        )
                    if amount is None and "value" not in reading:
                        reader.problem(
                            (*at, "value"),
                            f"missing; expected a number{_look_alike(reading, 'value')}",
                        )
                    continue
                history.append(Reading(on, amount, _extra(reading, _READING_KEYS)))
        measure = Measure(
            name=reader.text(table, "name", where, required=True) or "",
            unit=reader.text(table, "unit", where),
            direction=direction if direction in DIRECTIONS else "up",
            updated=reader.day(table, "updated", where),
            history=history,
            extra=_extra(table, _MEASURE_KEYS),
        )
        for key in _MEASURE_NUMBERS:
            setattr(measure, key, _number(reader, table, key, where))
        measures.append(measure)
    return measures


def _check_prefixes(reader: _Reader, areas: Mapping[str, Area]) -> None:
    seen: dict[str, str] = {}
    for key, area in areas.items():
        prefix = area.id_prefix
        if prefix in seen:
            reader.problem(
                ("areas", key, "prefix"),
                f"{prefix!r} is already the prefix of area {seen[prefix]!r}; set a distinct prefix",
            )
        seen.setdefault(prefix, key)


def _check_refs(reader: _Reader, table: str, refs: Mapping[str, str | None]) -> None:
    """A plan's own reference names one area, or one action: "3.2" is looked up by it."""
    seen: dict[str, str] = {}
    for key, ref in refs.items():
        if ref is None:
            continue
        folded = ref.strip().casefold()
        if folded in seen:
            reader.problem(
                (table, key, "ref"),
                f"{ref!r} is also the ref of {seen[folded]}; each ref names one "
                f"{table[:-1]}, so give one of them another",
            )
        seen.setdefault(folded, key)


def _read_action(
    reader: _Reader, action_id: str, table: Mapping[str, Any], areas: Mapping[str, Area]
) -> Action:
    path = ("actions", action_id)
    if not ACTION_ID.fullmatch(action_id):
        reader.problem(path, "action IDs look like PREFIX-N, e.g. 'ASM-3'")
    area = reader.text(table, "area", path, required=True) or ""
    if area and area not in areas:
        reader.problem((*path, "area"), f"no area {area!r}{suggest(area, areas)}")
    status = table.get("status", "not-started")
    if status not in STATUSES:
        reader.problem(
            (*path, "status"), f"unknown status {status!r}; expected one of {', '.join(STATUSES)}"
        )
    action = Action(
        id=action_id,
        area=area,
        title=reader.text(table, "title", path, required=True) or "",
        status=status if isinstance(status, str) else "not-started",
        evidence=reader.text_list(table, "evidence", path),
        log=_read_log(reader, table.get("log", []), (*path, "log")),
        extra=_extra(table, _ACTION_KEYS),
    )
    for key in ACTION_TEXTS:
        setattr(action, key, reader.text(table, key, path))
    for key in ACTION_DATES:
        setattr(action, key, reader.day(table, key, path))
    if status == "blocked" and not action.blocked_reason:
        reader.problem(
            (*path, "blocked_reason"), "required while the status is blocked; say what blocks it"
        )
    rag = table.get("rag")
    if rag is not None:
        if isinstance(rag, str) and rag.strip().lower() in RAGS:
            action.rag = rag.strip().lower()
        else:
            reader.problem(
                (*path, "rag"),
                f"expected one of {', '.join(RAGS)} (the RAG the lead reports), "
                f"got {_describe(rag)}",
            )
    return action


def _read_log(reader: _Reader, value: Any, path: tuple[str, ...]) -> list[LogEntry]:
    if not isinstance(value, list):
        reader.problem(path, f"expected a list of entries, got {_describe(value)}")
        return []
    entries = []
    for index, item in enumerate(value):
        entry_path = (*path, str(index))
        table = reader.table(item, entry_path)
        at = table.get("at")
        if not isinstance(at, datetime) or at.tzinfo is None:
            reader.problem(
                (*entry_path, "at"),
                f"expected a date-time with an offset like 2026-08-10T09:30:00Z, "
                f"got {_describe(at) if at is not None else 'nothing'}"
                + ("" if at is not None else _look_alike(table, "at")),
            )
            continue
        entries.append(
            LogEntry(
                at=at,
                by=reader.text(table, "by", entry_path) or "",
                text=reader.text(table, "text", entry_path) or "",
                field=reader.text(table, "field", entry_path),
                old=reader.log_value(table, "old", entry_path),
                new=reader.log_value(table, "new", entry_path),
                user=reader.text(table, "user", entry_path),
                extra=_extra(table, _LOG_KEYS),
            )
        )
    return entries


# --- keys that look misspelt ---------------------------------------------------------------

# How close an unknown key must be to a known one to be taken for a typo of it: difflib's
# ratio (onwer/owner 0.8, next_inspecton 0.97; budget/due 0.44), or one letter added,
# dropped, changed or swapped, which short keys need (leed/lead is 0.75).
TYPO_CUTOFF = 0.8


@record
class KeyTypo:
    """An unknown key, at its key path, that looks like a misspelling of a known key."""

    path: tuple[str, ...]
    known: str

    def __str__(self) -> str:
        table = ".".join(self.path[:-1])
        where = f" in {table}" if table else ""
        return f"unknown key {self.path[-1]!r}{where} (did you mean {self.known!r}?)"


def key_typos(register: Register) -> list[KeyTypo]:
    """The register's unknown keys that look like a misspelt known key, in file order.

    Unknown keys are kept on purpose, as a user's own columns, so only a key close to a
    known key that its table does not hold counts: `onwer` beside no `owner`, but not
    `owners` beside an `owner`, nor `budget`, `notes`, or `owner_email` (a known key and
    more is a column of its own).
    """
    typos: list[KeyTypo] = []

    def look(path: tuple[str, ...], item: Any, known: frozenset[str]) -> None:
        for key in item.extra:
            alike = _close_key(key, known)
            if alike and not _holds(item, alike):
                typos.append(KeyTypo((*path, key), alike))

    look((), register, _TOP_KEYS)
    look(("plan",), register.plan, _PLAN_KEYS)
    for key, area in register.areas.items():
        look(("areas", key), area, _AREA_KEYS)
        for index, measure in enumerate(area.measures):
            where = ("areas", key, "measures", str(index))
            look(where, measure, _MEASURE_KEYS)
            for number, reading in enumerate(measure.history):
                look((*where, "history", str(number)), reading, _READING_KEYS)
    for action_id, action in register.actions.items():
        if action.extra:
            look(("actions", action_id), action, _ACTION_KEYS)
        for index, entry in enumerate(action.log):
            if entry.extra:
                look(("actions", action_id, "log", str(index)), entry, _LOG_KEYS)
    return typos


def _close_key(key: str, known: frozenset[str]) -> str | None:
    import difflib  # only a register with keys of its own needs it

    typed = key.casefold().replace("-", "_").replace(" ", "_")
    if any(typed.startswith(f"{name}_") for name in known):
        return None
    for name in sorted(known):
        if typed == name or (min(len(typed), len(name)) >= 3 and _one_edit(typed, name)):
            return name
    close = difflib.get_close_matches(typed, sorted(known), n=1, cutoff=TYPO_CUTOFF)
    return close[0] if close else None


def _one_edit(a: str, b: str) -> bool:
    """Whether one letter added, dropped or changed, or two neighbours swapped, turn a into b."""
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and (a[diffs[0]], a[diffs[1]]) == (b[diffs[1]], b[diffs[0]])
        )
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _holds(item: Any, name: str) -> bool:
    """Whether a model object certainly read `name` from its table (a value that is not
    what an absent key gives)."""
    value = getattr(item, name, None)
    return value not in (None, "", [], {}) and value != defaults(item).get(name)


def _look_alike(table: Mapping[str, Any], key: str) -> str:
    """For a missing key's message: which key of the table may be a misspelling of it."""
    for name in table:
        if name != key and _close_key(name, frozenset({key})):
            return f" (is {name!r} meant to be {key!r}?)"
    return ""


# --- writing -----------------------------------------------------------------------------


def _present(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {key: value for key, value in pairs if value is not None and value != []}


def to_document(register: Register) -> dict[str, Any]:
    """Plain data for tomli-w: known keys in the SPEC's order, then the user's own keys."""
    plan = register.plan
    document: dict[str, Any] = {"schema": register.schema}
    document["plan"] = _present(
        [
            ("title", plan.title),
            *((key, getattr(plan, key)) for key in PLAN_TEXTS),
            ("subject", plan.subject),
            *((key, getattr(plan, key)) for key in _PLAN_DATES),
            ("boards", list(plan.boards)),
            ("require_sign_off", True if plan.require_sign_off else None),
        ]
    ) | dict(plan.extra)
    if plan.log:
        document["plan"]["log"] = [_log_document(entry) for entry in plan.log]
    document["areas"] = {
        key: _present(
            [
                ("title", area.title),
                ("finding", area.finding),
                ("lead", area.lead),
                ("prefix", area.prefix),
                ("ref", area.ref),
                ("theme", area.theme),
                ("sponsor", area.sponsor),
                ("last_id", area.last_id),
                ("measures", [_measure_document(measure) for measure in area.measures]),
            ]
        )
        | dict(area.extra)
        | ({"log": [_log_document(entry) for entry in area.log]} if area.log else {})
        for key, area in register.areas.items()
    }
    document["actions"] = {
        action_id: _action_document(action)
        for action_id, action in sorted(register.actions.items(), key=lambda i: id_sort_key(i[0]))
    }
    # Empty tables are left out, so a register written by hand without them is not
    # rewritten by a command that changes nothing.
    for key in ("areas", "actions"):
        if not document[key]:
            del document[key]
    document.update(register.extra)
    return document


def _action_document(action: Action) -> dict[str, Any]:
    return _present(
        [
            ("area", action.area),
            ("title", action.title),
            ("owner", action.owner),
            ("status", action.status),
            ("due", action.due),
            ("baseline_due", action.baseline_due),
            ("timescale", action.timescale),
            ("ref", action.ref),
            ("rag", action.rag),
            ("rag_reason", action.rag_reason),
            ("created", action.created),
            ("completed", action.completed),
            ("signed_off_by", action.signed_off_by),
            ("measure", action.measure),
            ("evidence", list(action.evidence)),
            ("blocked_reason", action.blocked_reason),
            ("dropped_reason", action.dropped_reason),
            (
                "log",
                [_log_document(entry) for entry in action.log],
            ),
        ]
    ) | dict(action.extra)


def _measure_document(measure: Measure) -> dict[str, Any]:
    return _present(
        [
            ("name", measure.name),
            ("unit", measure.unit),
            ("direction", measure.direction),
            ("baseline", measure.baseline),
            ("target", measure.target),
            ("current", measure.current),
            ("updated", measure.updated),
            (
                "history",
                [{"on": r.on, "value": r.value} | dict(r.extra) for r in measure.history],
            ),
        ]
    ) | dict(measure.extra)


def _log_document(entry: LogEntry) -> dict[str, Any]:
    return _present(
        [
            ("at", entry.at),
            ("by", entry.by),
            ("text", entry.text),
            ("field", entry.field),
            ("old", entry.old),
            ("new", entry.new),
            ("user", entry.user),
        ]
    ) | dict(entry.extra)
