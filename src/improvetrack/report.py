"""The report: computed once from a register and an as-of date, rendered into every format.

A board's "progress and exception report" is the status of the plan plus what needs its
attention: overdue, blocked, due soon, and what changed since the last board.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from improvetrack.burnup import Burnup
from improvetrack.check import Finding, check
from improvetrack.dates import long_date
from improvetrack.errors import UsageError
from improvetrack.progress import (
    SOON_DAYS,
    ActionStatus,
    AreaStatus,
    Inspection,
    Rag,
    Status,
    compute,
    is_undated,
    is_unowned,
    rag_reasons,
    status_burnup,
)
from improvetrack.records import record, replace
from improvetrack.register import Register, as_day, status_words

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
    """A titled list of actions, shown the same way in every format: each action with one
    more column of detail, whose values (text, a date or a number) are in `details`."""

    key: str  # a stable name, for scripts: "overdue", "sign-off"
    title: str
    note: str  # what the board might do about these, in a sentence ("" for none)
    column: str
    items: list[ActionStatus]
    details: list[object]
    # Where these same actions are listed in full already ("Decisions for the board"), so
    # a format may name them here and not list them twice; "" when they are not.
    listed_in: str = ""


def section(
    key: str,
    title: str,
    items: list[ActionStatus],
    column: str,
    detail: Callable[[ActionStatus], object],
    note: str = "",
) -> Section:
    return Section(key, title, note, column, items, [detail(item) for item in items])


@record
class Why:
    """Why an area has its RAG: the rule in words, and the actions that make it so."""

    area: AreaStatus
    because: str
    ids: list[str]


@record
class Report:
    """Everything a report in any format shows, worked out before it is rendered: a
    summary first, what the board must decide, then the figures and the exceptions."""

    status: Status
    timeline: Burnup | None
    summary: str  # the headline in plain words, reconciling RAG, pace and forecast
    decisions: list[Section]  # sign-offs, escalations, re-plans and RAGs to challenge
    why: list[Why]  # each area's RAG explained
    overdue: list[ActionStatus]
    blocked: list[ActionStatus]
    due_soon: list[ActionStatus]
    exceptions: list[Section]  # overdue, blocked, due soon, unowned, undated
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
    to_decide = decisions(status)
    return Report(
        status=status,
        timeline=status_burnup(status),
        summary=summary(status),
        decisions=to_decide,
        why=[_why(item, as_of, status.inspection) for item in status.areas],
        overdue=overdue,
        blocked=blocked,
        due_soon=due_soon,
        exceptions=_listed_once(exceptions(status, overdue, blocked, due_soon), to_decide),
        changes=changes,
        changed=_changed(changes) if changes else [],
        findings=check(register, as_of),
        failures=failures(status, fail_on),
    )


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def summary(status: Status) -> str:
    """The plan's position in a few plain sentences, so that a RED beside a good forecast,
    or GREEN beside slipping dates, is explained rather than left to puzzle over."""
    totals = status.totals
    if totals.progress is None or totals.planned is None:
        return "No actions yet." if not totals.actions else "Every action has been dropped."
    pace = "Behind plan" if totals.behind else "On plan"
    done = f"{totals.done} of {totals.live} actions are done ({round(totals.progress * 100)}%)"
    sentences = [f"{pace}: {done}, against {round(totals.planned * 100)}% due by now."]
    trouble = []
    if totals.overdue:
        trouble.append(f"{_count(totals.overdue, 'action is', 'actions are')} overdue")
    if totals.blocked:
        trouble.append(f"{_count(totals.blocked, 'is', 'are')} blocked")
    if totals.slipped:
        trouble.append(
            f"{_count(totals.slipped, 'has', 'have')} slipped past the agreed date "
            f"({totals.slipped_days} days in all)"
        )
    if trouble:
        sentences.append(_sentence(trouble) + ".")
    forecast = status.forecast
    inspection = status.inspection
    if forecast and forecast.has_history and inspection is not None and forecast.finish:
        when = long_date(inspection.day)
        if forecast.finish <= inspection.day:
            ahead = (
                "At the recent rate the remaining actions would still be done before the "
                f"inspection ({when})"
            )
        else:
            ahead = (
                f"At the recent rate the last actions would be done after the inspection "
                f"({when}), about {long_date(forecast.finish)}"
            )
        if totals.rag is Rag.RED:
            ahead += "; the plan is RED for what is late or blocked now, not for its pace"
        sentences.append(ahead + ".")
    if totals.optimistic:
        sentences.append(
            f"{_count(totals.optimistic, 'lead reports', 'leads report')} a better RAG "
            "than the dates give."
        )
    if totals.awaiting_sign_off:
        sentences.append(
            f"{_count(totals.awaiting_sign_off, 'action waits', 'actions wait')} for sign-off."
        )
    return " ".join(sentences)


def _sentence(parts: list[str]) -> str:
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:]


def decisions(status: Status) -> list[Section]:
    """What only the board can settle: evidence to accept, blocks to escalate, revised
    dates to agree, and leads' RAGs to challenge."""
    actions = status.actions
    waiting = [item for item in actions if item.action.status == "awaiting-sign-off"]
    blocked = [item for item in actions if item.action.status == "blocked"]
    slipped = sorted(
        (item for item in actions if item.slipped_days is not None),
        key=lambda item: -(item.slipped_days or 0),
    )
    optimistic = [item for item in actions if item.optimistic]
    return [
        section(
            "sign-off",
            "Evidence to accept",
            waiting,
            "Evidence",
            lambda item: "; ".join(item.action.evidence) or "none attached",
            "Delivered and waiting for someone other than the owner to accept the evidence.",
        ),
        section(
            "escalate",
            "Blocked: to escalate",
            blocked,
            "Blocked by",
            lambda item: item.action.blocked_reason,
            "Each needs someone with the authority to remove what blocks it.",
        ),
        section(
            "replan",
            "Revised dates to agree",
            slipped,
            "Agreed → now",
            lambda item: f"{item.baseline} → {item.action.due} (+{item.slipped_days} days)",
            "Due later than the plan agreed; agreeing a revised plan resets the baseline "
            "(`improvetrack rebaseline`).",
        ),
        section(
            "challenge",
            "RAGs to challenge",
            optimistic,
            "Lead reports",
            _reported,
            "The lead reports a better RAG than the action's dates and status give.",
        ),
    ]


def _reported(item: ActionStatus) -> str:
    reported = item.reported.word if item.reported else "—"
    computed = item.rag.word if item.rag else "—"
    because = f": {item.action.rag_reason}" if item.action.rag_reason else ""
    return f"{reported} (the dates give {computed}){because}"


def exceptions(
    status: Status,
    overdue: list[ActionStatus],
    blocked: list[ActionStatus],
    due_soon: list[ActionStatus],
) -> list[Section]:
    """What needs the board's attention, in the order every format shows it."""
    as_of = status.as_of
    unowned = [item for item in status.actions if is_unowned(item.action)]
    undated = [item for item in status.actions if is_undated(item.action)]
    return [
        section(
            "overdue",
            "Overdue",
            overdue,
            "Days overdue",
            lambda item: (as_of - item.action.due).days if item.action.due else None,
        ),
        section("blocked", "Blocked", blocked, "Blocked by", lambda i: i.action.blocked_reason),
        section(
            "due-soon",
            f"Due in the next {SOON_DAYS} days",
            due_soon,
            "Status",
            lambda item: status_words(item.action.status),
        ),
        section(
            "unowned",
            "No owner",
            unowned,
            "Status",
            lambda item: status_words(item.action.status),
            "No one answers for these yet: give each an owner.",
        ),
        section(
            "undated",
            "No due date",
            undated,
            "Timescale",
            lambda i: i.action.timescale,
            "Without a date these cannot be counted against the plan.",
        ),
    ]


def _listed_once(sections: list[Section], before: list[Section]) -> list[Section]:
    """Mark an exception whose actions a decision lists already, each one of them."""
    shown = {item.action.id for section in before for item in section.items}
    return [
        replace(section, listed_in="Decisions for the board")
        if section.items and all(item.action.id in shown for item in section.items)
        else section
        for section in sections
    ]


def _why(item: AreaStatus, as_of: date, inspection: Inspection | None) -> Why:
    """The rule that gives an area its RAG, and the actions behind it."""
    rag = item.totals.rag
    if rag is None:
        return Why(item, "No live actions.", [])
    if rag is Rag.BLUE:
        return Why(item, "BLUE: every action is done.", [])
    behind = [status for status in item.actions if status.action.is_open and status.rag is rag]
    if rag is Rag.GREEN:
        return Why(item, "GREEN: every open action is on track.", [])
    said = [
        f"{status.action.label} ({', '.join(rag_reasons(status, as_of, inspection))})"
        for status in behind
    ]
    return Why(
        item,
        f"{rag.word} because of {_count(len(behind), 'action')}: {'; '.join(said)}.",
        [status.action.id for status in behind],
    )


def _changed(changes: Changes) -> list[Section]:
    moved = {slip.item.action.id: f"{slip.old} → {slip.new}" for slip in changes.slipped}
    return [
        section(
            "completed", "Completed", changes.completed, "Completed", lambda i: i.action.completed
        ),
        section(
            "newly-blocked",
            "Newly blocked",
            changes.blocked,
            "Blocked by",
            lambda i: i.action.blocked_reason,
        ),
        section("added", "Added", changes.added, "Created", lambda item: item.action.created),
        section(
            "due-moved",
            "Due date moved",
            [slip.item for slip in changes.slipped],
            "Due moved",
            lambda item: moved[item.action.id],
        ),
    ]


def _completed(item: ActionStatus) -> object:
    return item.action.completed


def _blocker(item: ActionStatus) -> object:
    return item.action.blocked_reason


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
