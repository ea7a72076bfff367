"""Changes to a register: adding areas and actions, moving actions on. Each one is logged."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from improvetrack.errors import InvalidChange, UsageError
from improvetrack.model import fields, prerequisites, school
from improvetrack.model.dates import parse_date
from improvetrack.model.records import record
from improvetrack.model.register import (
    AREA_KEY,
    AREA_TEXTS,
    NONE,
    PLAN_TEXTS,
    PREFIX,
    PROGRESS,
    Action,
    Area,
    LogEntry,
    LogValue,
    Plan,
    Register,
    derive_prefix,
    effective_baseline,
    parse_rag,
    parse_status,
)


@record
class Stamp:
    """Who makes a change, and when: `by` in whose name, `user` who really ran the
    command when that was someone else (`--by` named another), else None."""

    by: str
    at: datetime
    today: date
    user: str | None = None


def make_stamp(as_of: date, pinned: bool, by: str, user: str | None = None) -> Stamp:
    """Stamp changes now, or at midnight UTC of a pinned as-of date so runs are reproducible.

    `by` is the name the change is made in; `user` the person running the command (their
    login or configured name), kept beside it when the two differ.
    """
    if pinned:
        at = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    else:
        at = datetime.now(UTC).replace(microsecond=0)
    return Stamp(by=by, at=at, today=as_of, user=user if user and user != by else None)


def _shown(value: object) -> str:
    if value is None or value == "":
        return NONE
    return value.isoformat() if isinstance(value, date) else str(value)


def _logged(value: object) -> LogValue:
    """A value as the log keeps it: a date as a date, "(none)" for no value."""
    if value is None or value == "":
        return NONE
    if isinstance(value, str | date | int | float | bool):
        return value
    return str(value)


def log_change(
    item: Action | Area | Plan,
    stamp: Stamp,
    text: str,
    *,
    field: str | None = None,
    old: object = None,
    new: object = None,
) -> LogEntry:
    """Add an entry to an action's (or an area's, or the plan's) log; return it.

    With `field`, `old` and `new` are kept too (left out when there was no value), so the
    change can be undone when the plan is replayed to an earlier date.
    """
    entry = LogEntry(
        at=stamp.at,
        by=stamp.by,
        text=text,
        field=field,
        old=None if old is None else _logged(old),
        new=None if new is None else _logged(new),
        user=stamp.user,
    )
    item.log.append(entry)
    return entry


# How the first entry of every action's log begins: the one `add` or `import` wrote.
CREATED = "created"
IMPORTED = "imported from "


def is_creation(entry: LogEntry) -> bool:
    """Whether a log entry records the action being made (by `add` or by an import)."""
    return entry.field is None and (entry.text == CREATED or entry.text.startswith(IMPORTED))


def optional_text(text: str | None) -> str | None:
    """Optional text as typed: an empty value clears the field."""
    if text is None:
        return None
    return text.strip() or None


def required(text: str, what: str) -> str:
    if not text.strip():
        raise UsageError(f"{what} cannot be empty: give it some text")
    return text.strip()


# The title `init` gives a plan when it is given none: an import may give it a better one.
DEFAULT_TITLE = "Improvement plan"


def new_register(
    *, example: Register | None, title: str | None, next_inspection: date | None
) -> Register:
    """A new register: empty, or the sample plan, with any overrides applied."""
    register = example or Register(Plan(title=""))
    register.plan.id = str(uuid.uuid4())  # random, so no two plans share an identity
    if example is None or title:
        register.plan.title = required(title or DEFAULT_TITLE, "--title")
    if next_inspection:
        register.plan.next_inspection = next_inspection
    return register


def update_plan(
    register: Register,
    values: Mapping[str, object],
    stamp: Stamp,
    *,
    boards: tuple[date, ...] = (),
) -> list[str]:
    """Set plan fields (None leaves one as it is, "" clears a text) and add board meetings;
    returns what changed, each change logged in the plan's own log."""
    plan, changed = register.plan, []
    for name, value in values.items():
        if value is None:
            continue
        if name == "title":
            value = required(str(value), "--title")
        elif name in PLAN_TEXTS or name == "subject":
            value = optional_text(str(value))
        old = getattr(plan, name)
        if value != old:
            setattr(plan, name, value)
            text = f"{name}: {_shown(old)} → {_shown(value)}"
            log_change(plan, stamp, text, field=name, old=old, new=value)
            changed.append(text)
    for board in boards:
        changed += _add_to_plan_list(plan, stamp, "boards", board, str(board), board)
    return changed


def change_school_holidays(
    plan: Plan, stamp: Stamp, holidays: Iterable[school.Holiday], *, clear: bool = False
) -> list[str]:
    """Add a school's holidays (after taking them all out, with `clear`), each logged;
    refuses a list whose dates are out of order, overlap or lie far from the plan's."""
    changed = []
    if clear and plan.school_holidays:
        old = ", ".join(school.label(pair) for pair in plan.school_holidays)
        plan.school_holidays = []
        text = "school_holidays: cleared"
        log_change(plan, stamp, text, field="school_holidays", old=old)
        changed.append(text)
    for holiday in holidays:
        said = school.label(holiday)
        changed += _add_to_plan_list(plan, stamp, "school_holidays", holiday, said, said)
    found = school.problems(plan.school_holidays, plan.inspected, plan.next_inspection)
    if found:
        raise InvalidChange(found[0])
    return changed


def _add_to_plan_list(
    plan: Plan, stamp: Stamp, name: str, item: Any, label: str, logged: LogValue
) -> list[str]:
    """Put an item into one of the plan's sorted lists (its boards, its school holidays),
    logged as added (`logged`: the log's value for it); nothing when it is there already."""
    items = getattr(plan, name)
    if item in items:
        return []
    setattr(plan, name, sorted([*items, item]))
    text = f"{name}: {label} added"
    log_change(plan, stamp, text, field=name, new=logged)
    return [text]


AREA_FIELDS = ("title", *AREA_TEXTS)


def add_area(
    register: Register,
    key: str,
    title: str,
    stamp: Stamp | None = None,
    *,
    finding: str | None = None,
    lead: str | None = None,
    prefix: str | None = None,
    ref: str | None = None,
    theme: str | None = None,
    sponsor: str | None = None,
) -> Area:
    if not AREA_KEY.fullmatch(key):
        raise UsageError(
            f"area key {key!r}: use lowercase letters, digits and '-', like 'assessments'"
        )
    if key in register.areas:
        raise InvalidChange(
            f"area {key!r} already exists; change it with `improvetrack area update {key}`, "
            "or choose another key"
        )
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
        title=required(title, "--title"),
        finding=optional_text(finding),
        lead=optional_text(lead),
        prefix=prefix,
        ref=free_ref(register, optional_text(ref), "area"),
        theme=optional_text(theme),
        sponsor=optional_text(sponsor),
    )
    if stamp is not None:
        log_change(area, stamp, CREATED)
    register.areas[key] = area
    return area


def update_area(
    register: Register, key: str, values: Mapping[str, str | None], stamp: Stamp
) -> list[LogEntry]:
    """Change an area's own fields (None leaves one as it is, "" clears it); each change
    is logged in the area's log. Returns the entries made."""
    area = register.area(key)
    if all(value is None for value in values.values()):
        raise UsageError(
            f"area {area.key}: nothing to change; give "
            + ", ".join(f"--{name}" for name in AREA_FIELDS)
        )
    before = len(area.log)
    for name, value in values.items():
        if value is None:
            continue
        new = required(value, "--title") if name == "title" else optional_text(value)
        if name == "ref":
            new = free_ref(register, new, "area", keep=area)
        old = getattr(area, name)
        if new != old:
            setattr(area, name, new)
            text = f"{name}: {_shown(old)} → {_shown(new)}"
            log_change(area, stamp, text, field=name, old=old, new=new)
    return area.log[before:]


def free_ref(
    register: Register, ref: str | None, kind: str, keep: Action | Area | None = None
) -> str | None:
    """A ref no other area (or action) has: each names one, so an ID argument can be one."""
    if ref is None:
        return None
    holders: list[Action | Area] = [
        *(register.areas.values() if kind == "area" else register.actions.values())
    ]
    for holder in holders:
        if holder is not keep and holder.ref and holder.ref.casefold() == ref.casefold():
            name = holder.key if isinstance(holder, Area) else holder.id
            raise InvalidChange(f"ref {ref!r} is already {kind} {name}'s; give another")
    return ref


def add_action(
    register: Register,
    area_key: str,
    title: str,
    stamp: Stamp,
    *,
    owner: str | None = None,
    due: date | None = None,
    measure: str | None = None,
    ref: str | None = None,
    timescale: str | None = None,
    after: tuple[str, ...] = (),
) -> Action:
    """A new action in an area; its due date, if it has one, is also its baseline."""
    area = register.area(area_key)
    title = required(title, "TITLE")
    action = Action(
        id=register.issue_id(area),
        area=area.key,
        title=title,
        owner=optional_text(owner),
        due=due,
        baseline_due=due,
        created=stamp.today,
        measure=optional_text(measure),
        ref=free_ref(register, optional_text(ref), "action"),
        timescale=optional_text(timescale),
    )
    log_change(action, stamp, CREATED)
    register.actions[action.id] = action
    register.sort_actions()
    if after:
        set_after(register, action, after, (), stamp)
    return action


def set_after(
    register: Register, action: Action, add: tuple[str, ...], remove: tuple[str, ...], stamp: Stamp
) -> bool:
    """Add to and take from the actions `action` waits for; logged as one change.

    Refused, with nothing changed: an ID that names no action, the action itself, taking
    away one it does not wait for, and a cycle (named from `action`)."""
    wanted = list(action.after)
    for typed in remove:
        gone = register.action(typed).id
        if gone not in wanted:
            raise InvalidChange(f"{action.id} does not wait for {gone}; it waits for "
                                f"{', '.join(wanted) or 'nothing'}")  # fmt: skip
        wanted.remove(gone)
    for typed in add:
        prerequisite = register.action(typed).id
        if prerequisite == action.id:
            raise InvalidChange(f"{action.id} cannot wait for itself")
        if prerequisite not in wanted:
            wanted.append(prerequisite)
    graph = {key: item.after for key, item in register.actions.items()} | {action.id: wanted}
    if cycle := prerequisites.cycle_from(graph, action.id):
        raise InvalidChange(
            f"{action.id} cannot wait for {cycle[1]}: that would make a cycle, "
            f"{prerequisites.named(cycle)}"
        )
    if wanted == action.after:
        return False
    old, new = ", ".join(action.after) or None, ", ".join(wanted) or None
    action.after = wanted
    log_change(
        action, stamp, f"after: {_shown(old)} → {_shown(new)}", field="after", old=old, new=new
    )
    return True


def set_field(action: Action, name: str, value: object, stamp: Stamp) -> bool:
    """Change one plain field (title, owner, due, measure...); log it if it really changed.

    A change of due leaves the baseline as it was: it is set the first time the action
    gets a due date (and, for a register from before baselines, kept as it was then).
    """
    old = fields.value(action, name)
    if value == old:
        return False
    first_baseline = None
    if name == "due" and action.baseline_due is None:
        inferred = effective_baseline(action)
        if inferred is not None:
            # Not logged: it is what the plan's figures took as the baseline already.
            action.baseline_due = inferred
        elif isinstance(value, date):
            first_baseline = value  # the first date it gets is the agreed one: a change
    fields.assign(action, name, value)
    log_change(
        action, stamp, f"{name}: {_shown(old)} → {_shown(value)}", field=name, old=old, new=value
    )
    if first_baseline is not None:
        action.baseline_due = first_baseline
        log_change(
            action,
            stamp,
            f"baselined: {_shown(None)} → {first_baseline} (its first due date)",
            field="baseline_due",
            new=first_baseline,
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
    reason = optional_text(reason)
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


def set_rag(action: Action, rag: str, reason: str | None, stamp: Stamp) -> list[LogEntry]:
    """Record the RAG the lead reports, and why (needed for amber and red)."""
    rag, reason = parse_rag(rag), optional_text(reason)
    if rag in ("amber", "red") and not reason:
        raise UsageError(
            f"{action.id}: say why it is {rag} with `improvetrack update {action.id} --rag "
            f"{rag} --reason TEXT`"
        )
    made: list[LogEntry] = []
    if rag != action.rag:
        because = f" ({reason})" if reason else ""
        text = f"reported RAG: {_shown(action.rag)} → {rag}{because}"
        made.append(log_change(action, stamp, text, field="rag", old=action.rag, new=rag))
        action.rag = rag
    if reason != action.rag_reason:
        text = f"RAG reason: {reason or NONE}"
        made.append(
            log_change(action, stamp, text, field="rag_reason", old=action.rag_reason, new=reason)
        )
        action.rag_reason = reason
    return made


def add_progress(action: Action, text: str, on: date, stamp: Stamp) -> LogEntry:
    """Record a progress update, written on `on` (the as-of date unless said otherwise)."""
    if on > stamp.today:
        raise UsageError(
            f"--on: {on} is after today ({stamp.today}); an update is of the past, so give a "
            f"date on or before {stamp.today}"
        )
    update = required(text, "--progress")
    return log_change(action, stamp, update, field=PROGRESS, new=on)


def rebaseline(
    register: Register, action_ids: list[str], reason: str, stamp: Stamp
) -> list[Action]:
    """The board agreed a revised plan: each named (or every open) action's baseline
    becomes its due date. Returns the actions whose baseline moved."""
    if not reason.strip():
        raise UsageError(
            "say what the board agreed with `improvetrack rebaseline [ID...] --reason TEXT`"
        )
    reason = reason.strip()
    named = [register.action(action_id) for action_id in action_ids]
    chosen = named or [action for action in register.actions.values() if action.is_open]
    if not chosen:
        raise InvalidChange("no open actions to rebaseline; every action is done or dropped")
    closed = [action.id for action in named if not action.is_open]
    if closed:
        raise InvalidChange(
            f"{', '.join(closed)}: done or dropped; only an open action's plan can be revised "
            f"(reopen one with `improvetrack update {closed[0]} --status in-progress`)"
        )
    moved = []
    for action in chosen:
        old = effective_baseline(action)
        if action.due is None or action.due == old:
            continue
        text = f"rebaselined: {_shown(old)} → {action.due} ({reason})"
        log_change(action, stamp, text, field="baseline_due", old=old, new=action.due)
        action.baseline_due = action.due
        moved.append(action)
    return moved


def attach(
    action: Action,
    stamp: Stamp,
    *,
    note: str | None = None,
    evidence: list[str] | tuple[str, ...] = (),
) -> None:
    """The note and evidence that go in with a completion or a sign-off."""
    for link in evidence:
        add_evidence(action, link, stamp)
    if note:
        add_note(action, note, stamp)


def add_note(action: Action, text: str, stamp: Stamp) -> None:
    log_change(action, stamp, f"note: {required(text, '--note')}")


def add_evidence(action: Action, link: str, stamp: Stamp) -> bool:
    link = required(link, "--evidence")
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
    ref: str | None = None
    timescale: str | None = None
    rag: str | None = None
    reason: str | None = None  # why the lead reports that RAG
    progress: str | None = None
    on: date | None = None  # when the progress update was written
    due_from: date | None = None  # the as-of date a relative --due (+6w) counted from
    after: tuple[str, ...] = ()  # actions it waits for from now (v3)
    not_after: tuple[str, ...] = ()  # actions it no longer waits for
    completed: date | None = None  # the day a done action was completed, corrected


@record
class Updated:
    """What `apply_update` did: the action's ID, the log entries it made, and warnings."""

    id: str
    logged: list[LogEntry]
    warnings: list[str]


def apply_update(register: Register, action_id: str, update: Update, stamp: Stamp) -> Updated:
    """`update_action`, saying also when a relative due date moves the date earlier."""
    action = register.action(action_id)
    old = action.due
    logged = update_action(register, action_id, update, stamp)
    warnings = []
    if update.due_from and update.due and old and update.due < old:
        # "+6w" meant as six more weeks would take weeks off the plan without a word.
        warnings.append(
            f"{action.id}: moves the due date earlier, from {old} to {update.due}; relative "
            f"dates count from today ({update.due_from}), not from the due date"
        )
    return Updated(action.id, logged, warnings)


def counted_from(text: str | None, as_of: date) -> date | None:
    """The as-of date a typed date counts from (+6w, -2d), or None for a date that names
    its day (2027-03-31) or for no date."""
    if text is None or not text.strip():
        return None
    day = parse_date(text, as_of, what="--due")
    try:  # whatever its form, a date counted from the as-of date moves with it
        moved = parse_date(text, as_of - timedelta(days=1), what="--due")
    except UsageError:  # a day earlier takes it out of the calendar: it moved
        return as_of
    return as_of if moved != day else None


def update_action(
    register: Register, action_id: str, update: Update, stamp: Stamp
) -> list[LogEntry]:
    """Apply an update to an action; returns the log entries it made (none: nothing changed)."""
    action = register.action(action_id)
    if update == Update():
        raise UsageError(
            f"{action.id}: nothing to change; give --title, --owner, --due, --status, "
            "--rag, --progress, --ref, --timescale, --measure, --note, --evidence, --after "
            "or --not-after"
        )
    if update.reason is not None and update.rag is None:
        raise UsageError(
            f"{action.id}: --reason goes with --rag, the RAG the lead reports: "
            f"`improvetrack update {action.id} --rag amber --reason TEXT`"
        )
    if update.on is not None and update.progress is None:
        raise UsageError(
            f"{action.id}: --on goes with --progress, the day it was written: "
            f"`improvetrack update {action.id} --progress TEXT --on DATE`"
        )
    before = len(action.log)
    if update.title is not None:
        set_field(action, "title", required(update.title, "--title"), stamp)
    if update.owner is not None:
        set_field(action, "owner", optional_text(update.owner), stamp)
    if update.due is not None or update.clear_due:
        set_field(action, "due", update.due, stamp)
    if update.measure is not None:
        set_field(action, "measure", optional_text(update.measure), stamp)
    if update.ref is not None:
        set_field(
            action, "ref", free_ref(register, optional_text(update.ref), "action", action), stamp
        )
    if update.timescale is not None:
        set_field(action, "timescale", optional_text(update.timescale), stamp)
    if update.rag is not None:
        set_rag(action, update.rag, update.reason, stamp)
    if update.progress is not None:
        add_progress(action, update.progress, update.on or stamp.today, stamp)
    if update.completed is not None:
        _correct_completion(action, update.completed, stamp)
    for link in update.evidence:
        add_evidence(action, link, stamp)
    if update.after or update.not_after:
        set_after(register, action, update.after, update.not_after, stamp)
    # The status it would settle in (done on a sign-off plan waits): already there, no move.
    wanted = None if update.status is None else parse_status(update.status)
    if wanted is not None and settled_status(register.plan, wanted) != action.status:
        set_status(register, action.id, wanted, stamp, reopen=True)
    if update.note is not None:
        add_note(action, update.note, stamp)
    return action.log[before:]


def _correct_completion(action: Action, day: date, stamp: Stamp) -> None:
    if action.status != "done":
        raise UsageError(
            f"{action.id}: --completed corrects the day a done action was completed; it is "
            f"{action.status}: `improvetrack done {action.id}` first"
        )
    if day > stamp.today:
        raise UsageError(f"{action.id}: --completed {day} is after today ({stamp.today})")
    set_field(action, "completed", day, stamp)
