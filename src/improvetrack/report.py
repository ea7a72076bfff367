"""The report: computed once from a register and an as-of date, rendered into every format.

A board's "progress and exception report" is the status of the plan plus what needs its
attention: overdue, blocked, due soon, and what changed since the last board.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from improvetrack.burnup import Burnup
from improvetrack.check import Finding, check
from improvetrack.errors import UsageError
from improvetrack.progress import (
    SOON_DAYS,
    ActionStatus,
    Status,
    compute,
    is_undated,
    is_unowned,
    status_burnup,
)
from improvetrack.records import record
from improvetrack.register import Register, as_day

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
NOTHING_DUE = f"Nothing overdue, blocked or due in the next {SOON_DAYS} days."
NOTHING_CHANGED = "No actions completed, blocked, added or moved."


def parse_conditions(text: str) -> tuple[str, ...]:
    """`--fail-on` as typed: a comma-separated list of the known conditions."""
    wanted = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = [name for name in wanted if name not in CONDITIONS]
    if unknown or not wanted:
        from improvetrack.register import suggest

        shown = ", ".join(unknown) if unknown else repr(text)
        hint = suggest(unknown[0], CONDITIONS) if unknown else ""
        raise UsageError(
            f"--fail-on: unknown condition {shown}{hint} (expected a comma-separated list of "
            f"{', '.join(CONDITIONS)})"
        )
    return tuple(dict.fromkeys(wanted))


@record
class Slip:
    """A due date moved since the last board."""

    item: ActionStatus
    old: str
    new: str


@record
class Changes:
    """What happened since a date, read from the change log."""

    since: date
    added: list[ActionStatus]
    completed: list[ActionStatus]
    blocked: list[ActionStatus]
    slipped: list[Slip]


@record
class Failure:
    """A `--fail-on` condition that holds, with the actions that make it hold."""

    condition: str
    ids: list[str]
    detail: str

    def __str__(self) -> str:
        return f"{self.condition} ({self.detail})"


@record
class Section:
    """A titled list of actions in a report, with one extra column of detail: each
    action's value in it (text or a date) in `details`, in the same order."""

    title: str
    items: list[ActionStatus]
    column: str
    details: list[object]


def section(
    title: str, items: list[ActionStatus], column: str, detail: Callable[[ActionStatus], object]
) -> Section:
    return Section(title, items, column, [detail(item) for item in items])


@record
class Report:
    """Everything a report in any format shows, worked out before it is rendered."""

    status: Status
    timeline: Burnup | None
    overdue: list[ActionStatus]
    blocked: list[ActionStatus]
    due_soon: list[ActionStatus]
    exceptions: list[Section]  # what needs the board's attention, in the order shown
    changes: Changes | None
    changed: list[Section]  # what changed since --since; nothing without it
    findings: list[Finding]
    failures: list[Failure]


def build(
    register: Register,
    as_of: date,
    *,
    since: date | None = None,
    fail_on: tuple[str, ...] = (),
    area: str | None = None,
    owner: str | None = None,
) -> Report:
    """The report on a register as of a date: one call, for the CLI and for Python."""
    if since is not None and since > as_of:
        raise UsageError(
            f"--since: {since} is after the as-of date {as_of}; nothing can have changed since"
        )
    status = compute(register, as_of, area=area, owner=owner, every_deadline=True)
    horizon = as_of + timedelta(days=SOON_DAYS)
    due_soon = sorted(
        (
            item
            for item in status.actions
            if item.action.is_open
            and item.action.status != "awaiting-sign-off"
            and item.action.due is not None
            and as_of <= item.action.due <= horizon
        ),
        key=lambda item: (item.action.due, item.action.id),
    )
    overdue = [item for item in status.actions if item.overdue]
    blocked = [item for item in status.actions if item.action.status == "blocked"]
    changes = changes_since(status, since) if since else None
    return Report(
        status=status,
        timeline=status_burnup(status),
        overdue=overdue,
        blocked=blocked,
        due_soon=due_soon,
        exceptions=[
            section("Overdue", overdue, "Status", lambda item: item.action.status),
            section("Blocked", blocked, "Blocked by", lambda item: item.action.blocked_reason),
            section(
                f"Due in the next {SOON_DAYS} days",
                due_soon,
                "Status",
                lambda item: item.action.status,
            ),
        ],
        changes=changes,
        changed=_changed(changes) if changes else [],
        findings=check(register, as_of),
        failures=failures(status, fail_on),
    )


def _changed(changes: Changes) -> list[Section]:
    moved = {slip.item.action.id: f"{slip.old} → {slip.new}" for slip in changes.slipped}
    return [
        section("Completed", changes.completed, "Completed", lambda i: i.action.completed),
        section("Newly blocked", changes.blocked, "Blocked by", lambda i: i.action.blocked_reason),
        section("Added", changes.added, "Created", lambda item: item.action.created),
        section(
            "Due date moved",
            [slip.item for slip in changes.slipped],
            "Due moved",
            lambda item: moved[item.action.id],
        ),
    ]


def changes_since(status: Status, since: date) -> Changes:
    added, completed, blocked, slipped = [], [], [], []
    for item in status.actions:
        action = item.action
        if action.created and action.created >= since:
            added.append(item)
        recent = [entry for entry in action.log if entry.at.date() >= since]
        became = {entry.new for entry in recent if entry.field == "status"}
        if action.status == "done" and "done" in became:
            completed.append(item)
        if action.status == "blocked" and "blocked" in became:
            blocked.append(item)
        moves = [entry for entry in recent if entry.field == "due"]
        was = as_day(moves[0].old) if moves else None
        if moves and was != action.due:
            shown = was.isoformat() if was else "(none)"
            slipped.append(Slip(item, shown, action.due.isoformat() if action.due else "(none)"))
    return Changes(since, added, completed, blocked, slipped)


def failures(status: Status, conditions: tuple[str, ...]) -> list[Failure]:
    found = []
    for condition in conditions:
        if condition == "behind":
            totals = status.totals
            if totals.behind:
                found.append(
                    Failure(
                        "behind",
                        [],
                        f"progress {round((totals.progress or 0) * 100)}% "
                        f"< planned {round((totals.planned or 0) * 100)}%",
                    )
                )
            continue
        ids = [item.action.id for item in status.actions if _holds(condition, item)]
        if ids:
            found.append(Failure(condition, ids, f"{len(ids)}: {', '.join(ids)}"))
    return found


def _holds(condition: str, item: ActionStatus) -> bool:
    action = item.action
    if condition == "overdue":
        return item.overdue
    if condition == "blocked":
        return action.status == "blocked"
    if condition == "late":
        return item.late
    if condition == "unowned":
        return is_unowned(action)
    if condition == "undated":
        return is_undated(action)
    if condition == "slipped":
        return item.slipped_days is not None
    if condition == "optimistic":
        return item.optimistic
    raise AssertionError(f"unknown condition {condition}")
