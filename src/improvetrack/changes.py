"""Changes to a register: adding areas and actions, moving actions on. Each one is logged."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from improvetrack.errors import InvalidChange, UsageError
from improvetrack.records import record
from improvetrack.register import (
    AREA_KEY,
    DIRECTIONS,
    PREFIX,
    Action,
    Area,
    LogEntry,
    Measure,
    Plan,
    Reading,
    Register,
    derive_prefix,
    parse_status,
)


@record
class Stamp:
    """Who makes a change, and when."""

    by: str
    at: datetime
    today: date


def make_stamp(as_of: date, pinned: bool, by: str) -> Stamp:
    """Stamp changes now, or at midnight UTC of a pinned as-of date so runs are reproducible."""
    if pinned:
        at = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    else:
        at = datetime.now(UTC).replace(microsecond=0)
    return Stamp(by=by, at=at, today=as_of)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    return value.isoformat() if isinstance(value, date) else str(value)


def log_change(
    action: Action,
    stamp: Stamp,
    text: str,
    *,
    field: str | None = None,
    old: object = None,
    new: object = None,
) -> None:
    action.log.append(
        LogEntry(
            at=stamp.at,
            by=stamp.by,
            text=text,
            field=field,
            old=None if old is None else _shown(old),
            new=None if new is None else _shown(new),
        )
    )


# How the first entry of every action's log begins: the one `add` or `import` wrote.
CREATED = "created"
IMPORTED = "imported from "


def is_creation(entry: LogEntry) -> bool:
    """Whether a log entry records the action being made (by `add` or by an import)."""
    return entry.field is None and (entry.text == CREATED or entry.text.startswith(IMPORTED))


def _clean(text: str | None) -> str | None:
    """Optional text as typed: an empty value clears the field."""
    if text is None:
        return None
    return text.strip() or None


def _required(text: str, what: str) -> str:
    if not text.strip():
        raise UsageError(f"{what} cannot be empty")
    return text.strip()


def new_register_text(
    *, example: str | None, title: str | None, next_inspection: date | None
) -> str:
    """The text of a new register: empty, or the sample plan, with any overrides applied."""
    from improvetrack.store import dumps, parse

    register = parse(example, "the sample plan") if example else Register(Plan(title=""))
    if example is None or title:
        register.plan.title = _required(title or "Improvement plan", "--title")
    if next_inspection:
        register.plan.next_inspection = next_inspection
    return dumps(register)


PLAN_TEXTS = ("title", "organisation", "inspectorate", "framework", "judgement")


def update_plan(register: Register, values: Mapping[str, object]) -> list[str]:
    """Set plan fields (None leaves one as it is, "" clears a text); returns what changed."""
    plan, changed = register.plan, []
    for name, value in values.items():
        if value is None:
            continue
        if name == "title":
            value = _required(str(value), "--title")
        elif name in PLAN_TEXTS:
            value = _clean(str(value))
        old = getattr(plan, name)
        if value != old:
            setattr(plan, name, value)
            changed.append(f"{name}: {_shown(old)} → {_shown(value)}")
    return changed


def add_area(
    register: Register,
    key: str,
    title: str,
    *,
    finding: str | None = None,
    lead: str | None = None,
    prefix: str | None = None,
) -> Area:
    if not AREA_KEY.fullmatch(key):
        raise UsageError(
            f"area key {key!r}: use lowercase letters, digits and '-', like 'assessments'"
        )
    if key in register.areas:
        raise InvalidChange(f"area {key!r} already exists")
    prefix = prefix.strip().upper() if prefix else derive_prefix(key)
    if not PREFIX.fullmatch(prefix):
        raise UsageError(
            f"--prefix: expected 1-8 capital letters or digits like 'ASM', got {prefix!r}"
        )
    taken = {area.id_prefix: area.key for area in register.areas.values()}
    if prefix in taken:
        raise InvalidChange(
            f"prefix {prefix!r} is already used by area {taken[prefix]!r}; choose one with --prefix"
        )
    area = Area(
        key=key,
        title=_required(title, "--title"),
        finding=_clean(finding),
        lead=_clean(lead),
        prefix=prefix,
    )
    register.areas[key] = area
    return area


def add_action(
    register: Register,
    area_key: str,
    title: str,
    stamp: Stamp,
    *,
    owner: str | None = None,
    due: date | None = None,
    measure: str | None = None,
) -> Action:
    area = register.area(area_key)
    title = _required(title, "TITLE")
    action = Action(
        id=register.issue_id(area),
        area=area.key,
        title=title,
        owner=_clean(owner),
        due=due,
        created=stamp.today,
        measure=_clean(measure),
    )
    log_change(action, stamp, CREATED)
    register.actions[action.id] = action
    register.sort_actions()
    return action


def set_field(action: Action, name: str, value: object, stamp: Stamp) -> bool:
    """Change one plain field (title, owner, due, measure); log it if it really changed."""
    old = getattr(action, name)
    if value == old:
        return False
    setattr(action, name, value)
    log_change(
        action, stamp, f"{name}: {_shown(old)} → {_shown(value)}", field=name, old=old, new=value
    )
    return True


def settled_status(plan: Plan, status: str) -> str:
    """The status an action moved to `status` takes: on a plan that requires sign-off,
    done waits for someone to accept the evidence."""
    return "awaiting-sign-off" if status == "done" and plan.require_sign_off else status


def set_status(
    register: Register,
    action_id: str,
    status: str,
    stamp: Stamp,
    *,
    reason: str | None = None,
    reopen: bool = False,
) -> Action:
    """Move an action to a new status, keeping the fields each status needs in step.

    `done` becomes `awaiting-sign-off` when the plan requires sign-off. Raises
    InvalidChange when the action already has that status (and no new reason), and when
    a done or dropped action would be reopened without `reopen`: the shortcuts must not
    undo a completion by a slip of the finger.
    """
    action = register.action(action_id)
    status = parse_status(status)
    reason = _clean(reason)
    status = settled_status(register.plan, status)
    if status in ("blocked", "dropped") and not reason:
        verb = "block" if status == "blocked" else "drop"
        raise UsageError(
            f"{action.id}: say why with `improvetrack {verb} {action.id} --reason TEXT`"
        )
    old = action.status
    if status == old:
        held = action.blocked_reason if status == "blocked" else action.dropped_reason
        if not reason or reason == held:
            raise InvalidChange(f"{action.id} is already {status}; nothing changed")
    elif old in ("done", "dropped") and not reopen:
        raise InvalidChange(
            f"{action.id} is {old}; to reopen it, use "
            f"`improvetrack update {action.id} --status {status}`"
        )
    if old == "blocked":
        action.blocked_reason = None
    if old == "dropped":
        action.dropped_reason = None
    if old == "done":
        action.completed = None
        action.signed_off_by = None
    action.status = status
    if status == "blocked":
        action.blocked_reason = reason
    elif status == "dropped":
        action.dropped_reason = reason
    elif status == "done":
        action.completed = stamp.today
    because = f" ({reason})" if reason else ""
    log_change(
        action, stamp, f"status: {old} → {status}{because}", field="status", old=old, new=status
    )
    return action


def sign_off(register: Register, action_id: str, name: str, stamp: Stamp) -> Action:
    """Accept the evidence for an action awaiting sign-off; it becomes done."""
    action = register.action(action_id)
    name = _required(name, "--by")
    if action.status == "done":
        by = f" (signed off by {action.signed_off_by})" if action.signed_off_by else ""
        raise InvalidChange(f"{action.id} is already done{by}; nothing changed")
    if action.status != "awaiting-sign-off":
        raise InvalidChange(
            f"{action.id} is {action.status}: only an action awaiting sign-off can be signed "
            f"off; mark it delivered first with `improvetrack done {action.id}`"
        )
    if action.owner and action.owner.casefold() == name.casefold():
        raise InvalidChange(
            f"{action.id}: its owner cannot sign it off; someone else must accept the evidence"
        )
    action.status = "done"
    action.completed = stamp.today
    action.signed_off_by = name
    log_change(
        action,
        stamp,
        f"status: awaiting-sign-off → done (signed off by {name})",
        field="status",
        old="awaiting-sign-off",
        new="done",
    )
    return action


def add_note(action: Action, text: str, stamp: Stamp) -> None:
    log_change(action, stamp, f"note: {_required(text, '--note')}")


def add_evidence(action: Action, link: str, stamp: Stamp) -> bool:
    link = _required(link, "--evidence")
    if link in action.evidence:
        return False
    action.evidence.append(link)
    log_change(action, stamp, f"evidence added: {link}", field="evidence", new=link)
    return True


@record
class Update:
    """What `update` was asked to change; None leaves a field as it is."""

    title: str | None = None
    owner: str | None = None
    due: date | None = None
    status: str | None = None
    measure: str | None = None
    note: str | None = None
    evidence: tuple[str, ...] = ()
    clear_due: bool = False  # `--due ''`: the action has no due date any more


def update_action(
    register: Register, action_id: str, update: Update, stamp: Stamp
) -> list[LogEntry]:
    """Apply an update to an action; returns the log entries it made (none: nothing changed)."""
    action = register.action(action_id)
    if update == Update():
        raise UsageError(
            f"{action.id}: nothing to change; give --title, --owner, --due, --status, "
            "--measure, --note or --evidence"
        )
    before = len(action.log)
    if update.title is not None:
        set_field(action, "title", _required(update.title, "--title"), stamp)
    if update.owner is not None:
        set_field(action, "owner", _clean(update.owner), stamp)
    if update.due is not None or update.clear_due:
        set_field(action, "due", update.due, stamp)
    if update.measure is not None:
        set_field(action, "measure", _clean(update.measure), stamp)
    for link in update.evidence:
        add_evidence(action, link, stamp)
    if update.status is not None and parse_status(update.status) != action.status:
        set_status(register, action.id, update.status, stamp, reopen=True)
    if update.note is not None:
        add_note(action, update.note, stamp)
    return action.log[before:]


# A comma separates thousands only: 1,204 or 12,345,678.5, the first group without a
# leading zero. Any other comma is refused, never dropped: "1,5" read as 15 would record a
# tenth of a measure as ten times its value.
_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"([-+]?)([0-9]*),([0-9]+)")


def parse_number(text: str, what: str = "VALUE") -> int | float:
    """A measure's value as typed: 72, 72.5, 72.5% or 1,204 (a comma between thousands).

    A decimal comma (1,5) is refused with the number it would be with a decimal point.
    """
    cleaned = text.strip().rstrip("%").strip()
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            raise UsageError(_comma_hint(text, cleaned, what))
        cleaned = cleaned.replace(",", "")
    if "_" in cleaned:  # Python reads 1_5 as 15; a person never means that
        raise UsageError(f"{what}: expected a number like 72.5, got {text!r}")
    try:
        # Whole numbers are read exactly: through a float, 12345678901234567890 would change.
        whole = int(cleaned)
    except ValueError:
        whole = None
    if whole is not None and _TOML_INTEGERS[0] <= whole <= _TOML_INTEGERS[1]:
        return whole
    try:
        number = float(cleaned)
    except ValueError:
        raise UsageError(f"{what}: expected a number like 72.5, got {text!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise UsageError(f"{what}: expected a finite number, got {text!r}")
    # TOML integers are 64-bit: a bigger one ("1e20") stays a float so the file stays TOML.
    fits = _TOML_INTEGERS[0] <= number <= _TOML_INTEGERS[1]
    return int(number) if number.is_integer() and "." not in cleaned and fits else number


def _comma_hint(text: str, cleaned: str, what: str) -> str:
    if decimal := _DECIMAL_COMMA.fullmatch(cleaned):
        sign, whole, fraction = decimal.groups()
        return (
            f"{what}: expected a number with a decimal point, got {text!r}; use a decimal "
            f"point: {sign}{whole or '0'}.{fraction} (a comma only separates thousands)"
        )
    return (
        f"{what}: expected a number like 72.5, with commas only between thousands, "
        f"as in 1,204; got {text!r}"
    )


_TOML_INTEGERS = (-(2**63), 2**63 - 1)


def add_measure(
    register: Register,
    area_key: str,
    name: str,
    *,
    unit: str | None = None,
    baseline: int | float | None = None,
    target: int | float | None = None,
    direction: str = "up",
) -> Measure:
    area = register.area(area_key)
    name = _required(name, "NAME")
    if any(measure.name.casefold() == name.casefold() for measure in area.measures):
        raise InvalidChange(f"area {area.key!r} already has a measure {name!r}")
    if direction not in DIRECTIONS:
        raise UsageError(
            f"--direction: expected 'up' or 'down' (which way is better), got {direction!r}"
        )
    measure = Measure(
        name=name, unit=_clean(unit), baseline=baseline, target=target, direction=direction
    )
    area.measures.append(measure)
    return measure


def record_measure(
    register: Register, area_key: str, name: str, value: int | float, on: date, as_of: date
) -> Measure:
    """Record a new value of a measure, keeping its history; the latest reading is current."""
    if on > as_of:
        raise UsageError(f"--on: {on} is after today ({as_of}); a reading is of the past")
    measure = register.area(area_key).measure(name)
    readings = [reading for reading in measure.history if reading.on != on]
    readings.append(Reading(on, value))
    readings.sort(key=lambda reading: reading.on)
    measure.history = readings
    measure.current, measure.updated = readings[-1].value, readings[-1].on
    return measure
