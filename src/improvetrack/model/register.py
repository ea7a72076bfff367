"""The register: an improvement plan's areas and actions, and the rules they must keep.

No I/O here. `decode.from_document` turns the parsed TOML into a `Register` or reports
every problem with its key path; `encode.to_document` turns it back into plain data for
tomli-w, in a stable order, keeping keys it does not know about. The action's fields are
listed once, in `fields.ACTION_FIELDS`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from improvetrack.errors import UnknownName, UsageError
from improvetrack.model import records
from improvetrack.model.names import closest as closest
from improvetrack.model.names import named as named
from improvetrack.model.names import suggest as suggest
from improvetrack.model.names import unknown_area as unknown_area
from improvetrack.model.names import unknown_owner as unknown_owner
from improvetrack.model.records import field, record
from improvetrack.model.rounds import Round

SCHEMA = 1

# A log entry with this field is a progress update: its text is the update (v2).
PROGRESS = "progress"
# The logged field of an escalation at a board (v3): a note of what the board did, not the
# action's state.
ESCALATED = "escalated"
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
    "pessimistic",
    "stale",
)
OPEN_STATUSES = frozenset({"not-started", "in-progress", "blocked", "awaiting-sign-off"})
# An action awaiting sign-off has been delivered, so it cannot be late any more.
LATE_STATUSES = frozenset({"not-started", "in-progress", "blocked"})

AREA_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,7}")
ACTION_ID = re.compile(r"([A-Z][A-Z0-9]{0,7})-([1-9][0-9]{0,5})")
LAST_ID = 999_999  # the highest number an action ID can have

# The plan's and an area's own fields, by kind: the model's lists, which reading, writing,
# changes and history take rather than keep their own (an action's are in `fields`).
PLAN_TEXTS = ("organisation", "inspectorate", "framework", "judgement")
PLAN_DATES = ("inspected", "received", "published", "start", "next_inspection", "action_plan_due")
AREA_TEXTS = ("finding", "lead", "ref", "theme", "sponsor")
# Keys that belong to an area: on an action they are kept as the user's own, and `check`
# says where they belong.
AREA_ONLY_KEYS = frozenset({"theme", "sponsor", "lead", "finding"})

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
    after: list[str] = field(default_factory=list)  # the IDs of the actions it waits for (v3)

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
    baseline_on: date | None = None  # when the baseline held (v3; default: its first reading)
    target_by: date | None = None  # when the target is due (v3; default: the next inspection)


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
    id: str | None = None  # a UUID, the plan's identity for calendars and packs (v3)
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
    # A school's holidays, both days included (v3): longer ones do not count as working days.
    school_holidays: list[tuple[date, date]] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)  # changes to the plan's own fields
    rounds: list[Round] = field(default_factory=list)  # update rounds, oldest first (v3)
    stale_after: int | None = None  # days with no update before an action is stale (v3)

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


# --- when the register last changed: whether a day's view of it is a replay ---------------


def end_of(day: date) -> datetime:
    """The first instant after `day`: the plan "at the end of a day" is every change
    made before it."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def logged_at(entry: LogEntry) -> datetime:
    """When a change was logged, in UTC (a time written without a zone is read as UTC)."""
    at = entry.at
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def latest_change(register: Register) -> datetime | None:
    """The instant of the register's newest logged change or dated fact, if any."""
    logs = [entry for action in register.actions.values() for entry in action.log]
    logs += [entry for area in register.areas.values() for entry in area.log]
    logs += register.plan.log
    days = [
        day for action in register.actions.values() for day in (action.created, action.completed)
    ]
    days += [
        reading.on
        for area in register.areas.values()
        for measure in area.measures
        for reading in measure.history
    ]
    # A dated fact counts from the last instant of its day: only the latest day matters.
    latest_day = max((day for day in days if day), default=None)
    found = [logged_at(entry) for entry in logs]
    if latest_day is not None:
        found.append(end_of(latest_day) - timedelta(microseconds=1))
    return max(found, default=None)


def changed_after(register: Register, day: date) -> bool:
    """Whether the register holds a change made after `day`: only then is the register
    at the end of that day anything but the register itself."""
    newest = latest_change(register)
    return newest is not None and newest >= end_of(day)
