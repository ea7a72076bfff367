"""Figures of update rounds: who was asked and who has returned (the chase list), and
which open actions are stale (no update, and no return that held them, for too long)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from improvetrack.model.records import field, record
from improvetrack.model.register import Action, Plan
from improvetrack.model.rounds import Round, latest, name_key, stale_after

if TYPE_CHECKING:
    from improvetrack.figures.progress import Status


@record
class Lead:
    """One lead asked in a round: how many actions, and when they returned (if they did)."""

    owner: str
    actions: int
    returned_on: date | None
    files: list[str] = field(default_factory=list)
    days_late: int = 0  # not returned, this many days after the due date (0: not late)


@record
class RoundStatus:
    """The latest round as of a date: its dates and each lead asked."""

    opened: date
    due: date
    board: date | None
    leads: list[Lead]

    @property
    def returned(self) -> int:
        return sum(1 for lead in self.leads if lead.returned_on is not None)


def round_status(plan: Plan, as_of: date) -> RoundStatus | None:
    """The latest round opened on or before `as_of`, and who has returned by then."""
    current = latest(item for item in plan.rounds if item.opened <= as_of)
    if current is None:
        return None
    return RoundStatus(current.opened, current.due, current.board, _leads(current, as_of))


def _leads(current: Round, as_of: date) -> list[Lead]:
    leads = []
    for asked in current.asked:
        returns = [item for item in current.returns_of(asked.owner) if item.on <= as_of]
        first = min((item.on for item in returns), default=None)
        late = 0 if first is not None else max((as_of - current.due).days, 0)
        leads.append(Lead(asked.owner, len(asked.actions), first, [r.file for r in returns], late))
    return leads


class PlanRounds(NamedTuple):
    """The plan's figures with what `plan show` says of update rounds: the days with no
    update before an open action is stale, and the latest round (None before the first)."""

    status: Status
    stale_after: int
    stale_after_set: bool  # the plan sets it, rather than taking the default
    current: RoundStatus | None


def plan_rounds(status: Status) -> PlanRounds:
    plan = status.plan
    days = plan.stale_after
    return PlanRounds(status, stale_after(days), days is not None, round_status(plan, status.as_of))


def returned_this_round(plan: Plan, as_of: date) -> tuple[int, int] | None:
    """(leads returned, leads asked) in the latest round, or None with no round."""
    status = round_status(plan, as_of)
    return None if status is None else (status.returned, len(status.leads))


# --- staleness -------------------------------------------------------------------------


def returns_on(plan: Plan, as_of: date) -> dict[str, date]:
    """Each action's latest return on or before `as_of`: a return counts as an update
    even where it changed nothing."""
    found: dict[str, date] = {}
    for item in plan.rounds:
        for returned in item.returns:
            if returned.on > as_of:
                continue
            for action_id in returned.actions:
                if found.get(action_id, date.min) < returned.on:
                    found[action_id] = returned.on
    return found


def last_update_on(action: Action, returned: date | None, as_of: date) -> date | None:
    """The day of an action's latest progress update (its own date) or return, on or before
    `as_of`; else its created date."""
    updates = [entry.written_on for entry in action.progress_updates]
    days = [day for day in (*updates, returned) if day is not None and day <= as_of]
    if days:
        return max(days)
    return action.created


def is_stale(action: Action, last: date | None, days: int | None, as_of: date) -> bool:
    """An open action not awaiting sign-off whose last update is more than `days` (the
    plan's `stale_after`, default 35) before `as_of`."""
    if not action.is_open or action.status == "awaiting-sign-off" or last is None:
        return False
    return (as_of - last).days > stale_after(days)


def same_owner(one: str | None, other: str | None) -> bool:
    return one is not None and other is not None and name_key(one) == name_key(other)
