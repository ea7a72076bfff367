"""Reading a register: parsed TOML into a `Register`, or every rule it breaks, with its
key path; and the unknown keys that look like a misspelt known key."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from improvetrack.model import fields, prerequisites, rounds, school
from improvetrack.model.dates import EARLIEST, LATEST
from improvetrack.model.fields import DATE, IDS, TEXT, TEXTS, action_keys, assign, value
from improvetrack.model.names import suggest
from improvetrack.model.records import defaults, record
from improvetrack.model.register import (
    ACTION_ID,
    AREA_KEY,
    AREA_TEXTS,
    DATE_HINT,
    DIRECTIONS,
    LAST_ID,
    MAX_NESTING,
    PLAN_DATES,
    PLAN_TEXTS,
    PREFIX,
    RAGS,
    SCHEMA,
    STATUSES,
    Action,
    Area,
    LogEntry,
    LogValue,
    Measure,
    Number,
    Plan,
    Reading,
    Register,
)

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


_PLAN_KEYS = frozenset(
    {"title", *PLAN_TEXTS, *PLAN_DATES, "require_sign_off", "boards", "subject", "log"}
    | {"id", "school_holidays", "rounds", "stale_after"}
)
_AREA_KEYS = frozenset({"title", "prefix", "last_id", "measures", "log", *AREA_TEXTS})
_MEASURE_NUMBERS = ("baseline", "target", "current")
_MEASURE_DATES = ("updated", "baseline_on", "target_by")
_MEASURE_KEYS = frozenset(
    {"name", "unit", "direction", "history", *_MEASURE_DATES, *_MEASURE_NUMBERS}
)
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
    for action_id, message in prerequisites.problems({k: a.after for k, a in actions.items()}):
        reader.problem(("actions", action_id, "after"), message)
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
    for key in PLAN_DATES:
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
    plan.id = _plan_id(reader, table)
    plan.school_holidays = _school_holidays(reader, table)
    for problem in school.problems(plan.school_holidays, plan.inspected, plan.next_inspection):
        reader.problem(("plan", "school_holidays"), problem)
    plan.rounds = rounds.read_rounds(table.get("rounds"), reader.problem)
    plan.stale_after = rounds.read_stale_after(table.get("stale_after"), reader.problem)
    return plan


def _plan_id(reader: _Reader, table: Mapping[str, Any]) -> str | None:
    """The plan's identity: a UUID, kept as written (it ends up in calendar UIDs)."""
    value = reader.text(table, "id", ("plan",))
    if value is None:
        return None
    try:
        uuid.UUID(value)
    except ValueError:
        reader.problem(
            ("plan", "id"),
            f"{value!r} is not a UUID; expected one like 1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        )
        return None
    return value


def _school_holidays(reader: _Reader, table: Mapping[str, Any]) -> list[tuple[date, date]]:
    """`school_holidays = [[start, end], …]`, each pair of dates both days included."""
    value = table.get("school_holidays")
    path = ("plan", "school_holidays")
    if value is None:
        return []
    if not isinstance(value, list):
        reader.problem(path, f"{_HOLIDAYS_HINT}, got {_describe(value)}")
        return []
    found = []
    for index, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            reader.problem((*path, str(index)), f"{_HOLIDAYS_HINT}, got {_describe(pair)}")
            continue
        start = reader.day({"start": pair[0]}, "start", (*path, str(index)))
        end = reader.day({"end": pair[1]}, "end", (*path, str(index)))
        if start and end:
            found.append((start, end))
    return found


_HOLIDAYS_HINT = "expected a list of [start, end] date pairs like [[2027-07-21, 2027-09-01]]"


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
            baseline_on=reader.day(table, "baseline_on", where),
            target_by=reader.day(table, "target_by", where),
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
        log=_read_log(reader, table.get("log", []), (*path, "log")),
        extra=_extra(table, action_keys()),
    )
    for field in fields.ACTION_FIELDS:
        if field.kind == TEXT:
            assign(action, field.name, reader.text(table, field.name, path))
        elif field.kind == DATE:
            assign(action, field.name, reader.day(table, field.name, path))
        elif field.kind in (TEXTS, IDS):
            assign(action, field.name, reader.text_list(table, field.name, path))
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
            look(("actions", action_id), action, action_keys())
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
    held = value(item, name)
    return held not in (None, "", [], {}) and held != defaults(item).get(name)


def _look_alike(table: Mapping[str, Any], key: str) -> str:
    """For a missing key's message: which key of the table may be a misspelling of it."""
    for name in table:
        if name != key and _close_key(name, frozenset({key})):
            return f" (is {name!r} meant to be {key!r}?)"
    return ""
