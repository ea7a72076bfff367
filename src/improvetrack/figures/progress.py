"""Every derived figure: progress, planned, overdue, RAG, days to inspection.

Pure functions of (register, as-of date); the rules are the SPEC's "Derived figures".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from improvetrack.errors import UnknownName
from improvetrack.figures.dependencies import (
    Chain,
    Waits,
    longest_chain,
    uses_dependencies,
    waits,
)
from improvetrack.figures.forecast import Forecast, forecast, plan_start
from improvetrack.figures.impact import Course, Trajectory, course
from improvetrack.figures.impact import worst as worst_course
from improvetrack.figures.rounds import is_stale, last_update_on, returns_on
from improvetrack.model.dates import add_months as add_months
from improvetrack.model.records import field, record
from improvetrack.model.register import (
    LATE_STATUSES,
    OPEN_STATUSES,
    STATUSES,
    Action,
    Area,
    Measure,
    Plan,
    Register,
    changed_after,
    effective_baseline,
    unknown_owner,
)

if TYPE_CHECKING:
    from improvetrack.figures.burnup import Burnup

    # Loaded only when a deadline may still matter: its rules are tables of dates.
    from improvetrack.figures.deadlines import Deadline, WorkingDays

SOON_DAYS = 14
# The next standard inspection after "requires improvement to be good" comes about three
# years after the last one, within six months either side.
WINDOW_FROM_MONTHS = 30
WINDOW_TO_MONTHS = 42


class Rag(StrEnum):
    BLUE = "blue"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def word(self) -> str:
        return self.value.upper()


_SEVERITY = {Rag.BLUE: 0, Rag.GREEN: 1, Rag.AMBER: 2, Rag.RED: 3}


def worst(rags: Iterable[Rag]) -> Rag | None:
    return max(rags, key=_SEVERITY.__getitem__, default=None)


def direction(then: Rag | None, now: Rag | None) -> str:
    """Which way a RAG went: improved (towards BLUE), worse (towards RED), the same, new
    (none then) or cleared (none now: dropped, or the lead's RAG withdrawn)."""
    if then == now:
        return "same"
    if then is None:
        return "new"
    if now is None:
        return "cleared"
    return "improved" if _SEVERITY[now] < _SEVERITY[then] else "worse"


@record
class Inspection:
    """The date everything is measured against, and whether it is only an estimate."""

    day: date
    estimated: bool = False
    latest: date | None = None  # the end of the estimated window


def next_inspection(plan: Plan) -> Inspection | None:
    if plan.next_inspection:
        return Inspection(plan.next_inspection)
    if plan.inspected:
        return Inspection(
            add_months(plan.inspected, WINDOW_FROM_MONTHS),
            estimated=True,
            latest=add_months(plan.inspected, WINDOW_TO_MONTHS),
        )
    return None


def plan_subject(plan: Plan) -> str:
    """Whose lives the plan is to change, in words a sentence can use: the plan's own
    `subject`, else what its inspection implies (a children's services inspection is
    about children), else "people"."""
    if plan.subject:
        return plan.subject
    said = " ".join(part for part in (plan.framework, plan.inspectorate, plan.title) if part)
    words = said.casefold()
    if "ilacs" in words or "children" in words:
        return "children"
    if "school" in words or "pupil" in words:
        return "pupils"
    return "people"


def is_overdue(action: Action, as_of: date) -> bool:
    return action.status in LATE_STATUSES and action.due is not None and action.due < as_of


def is_unowned(action: Action) -> bool:
    """Open with nobody to answer for it: a finished action's missing owner is no risk."""
    return action.is_open and not action.owner


def is_undated(action: Action) -> bool:
    return action.is_open and action.due is None


def slipped_days(action: Action) -> int | None:
    """How many days an open action's due date has moved past its baseline; None when it
    has not (a date brought forward is not a slip)."""
    baseline = effective_baseline(action)
    if not action.is_open or action.due is None or baseline is None or action.due <= baseline:
        return None
    return (action.due - baseline).days


def is_late(action: Action, inspection: Inspection | None, waits: Waits | None = None) -> bool:
    """Open, and due (or, waiting for others, projected) after the inspection it is meant
    to be done for."""
    if not action.is_open or inspection is None:
        return False
    projected = waits.projected if waits else None
    return any(day is not None and day > inspection.day for day in (action.due, projected))


def is_held_up(action: Action, waits: Waits | None) -> bool:
    """Open, and waiting for an action projected due later than it, or with no date."""
    return action.is_open and waits is not None and waits.held_up


def is_due_soon(action: Action, as_of: date) -> bool:
    """Due within SOON_DAYS days: from the as-of date itself (day 0, not yet overdue) to
    SOON_DAYS days on, both ends in."""
    return action.due is not None and 0 <= (action.due - as_of).days <= SOON_DAYS


def starts_soon(action: Action, as_of: date) -> bool:
    """Due soon and not started yet."""
    return action.status == "not-started" and is_due_soon(action, as_of)


@record
class Rule:
    """One of the SPEC's RAG rules: a code for scripts, the RAG it gives, the statuses it
    can apply to at all, and when it applies to an action of one of them, given the as-of
    date and the plan's next inspection."""

    code: str
    rag: Rag | None
    statuses: frozenset[str]
    # The action, the as-of date, the next inspection, and the action's place among those
    # it waits for (its `Waits`; None in a plan where no action waits for another).
    applies: Callable[[Action, date, Inspection | None, Waits | None], bool]


def _always(
    action: Action, as_of: date, inspection: Inspection | None, waits: Waits | None
) -> bool:
    return True


# The RAG rules in the SPEC's order: an action's computed RAG is the first that applies
# (GREEN when none does), and its reasons are every one that applies, in this order.
RULES: tuple[Rule, ...] = (
    Rule("done", Rag.BLUE, frozenset({"done"}), _always),
    Rule("dropped", None, frozenset({"dropped"}), _always),
    Rule("awaiting-sign-off", Rag.AMBER, frozenset({"awaiting-sign-off"}), _always),
    Rule("blocked", Rag.RED, frozenset({"blocked"}), _always),
    Rule("overdue", Rag.RED, LATE_STATUSES, lambda action, as_of, *_: is_overdue(action, as_of)),
    Rule("slipped", Rag.AMBER, OPEN_STATUSES, lambda action, *_: slipped_days(action) is not None),
    Rule(
        "held-up",
        Rag.AMBER,
        OPEN_STATUSES,
        lambda action, as_of, inspection, waits: is_held_up(action, waits),
    ),
    Rule(
        "late",
        Rag.AMBER,
        OPEN_STATUSES,
        lambda action, as_of, inspection, waits: is_late(action, inspection, waits),
    ),
    Rule(
        "starts-soon",
        Rag.AMBER,
        frozenset({"not-started"}),
        lambda action, as_of, *_: starts_soon(action, as_of),
    ),
    Rule("no-owner", Rag.AMBER, OPEN_STATUSES, lambda action, *_: is_unowned(action)),
    Rule("no-date", Rag.AMBER, OPEN_STATUSES, lambda action, *_: is_undated(action)),
)
ON_TRACK = Rag.GREEN  # the RAG of an action no rule applies to

# For each status, the rules that can apply to an action of it, in the SPEC's order: a
# done action is not asked whether it is overdue, nor an open one whether it is done.
_RULES_FOR: dict[str, tuple[Rule, ...]] = {
    status: tuple(rule for rule in RULES if status in rule.statuses) for status in STATUSES
}


def verdict(
    action: Action, as_of: date, inspection: Inspection | None, waits: Waits | None = None
) -> tuple[Rag | None, tuple[str, ...]]:
    """An action's computed RAG and the codes of every rule that applies, from one pass
    over the rules its status can meet."""
    applying = [
        rule for rule in _RULES_FOR[action.status] if rule.applies(action, as_of, inspection, waits)
    ]
    return (applying[0].rag if applying else ON_TRACK), tuple(rule.code for rule in applying)


def action_rag(
    action: Action, as_of: date, inspection: Inspection | None, waits: Waits | None = None
) -> Rag | None:
    """The SPEC's RAG rules, the first that applies."""
    return verdict(action, as_of, inspection, waits)[0]


def projected_later(item: ActionStatus) -> bool:
    """Whether what it waits for projects it later than its own due date."""
    projected = item.waits.projected if item.waits else None
    return projected is not None and projected != item.action.due


def reported_rag(action: Action) -> Rag | None:
    return Rag(action.rag) if action.rag else None


def is_optimistic(action: Action, computed: Rag | None) -> bool:
    """An open action whose lead reports a better RAG than its dates give (BLUE on an
    action not done is better than anything the dates give)."""
    reported = reported_rag(action)
    if reported is None or computed is None or not _compared(action):
        return False
    return reported is Rag.BLUE or _SEVERITY[reported] < _SEVERITY[computed]


def is_pessimistic(action: Action, computed: Rag | None) -> bool:
    """An open action whose lead reports a worse RAG than its dates give: the lead may
    know what the dates do not (v3)."""
    reported = reported_rag(action)
    if reported is None or computed is None or not _compared(action):
        return False
    return _SEVERITY[reported] > _SEVERITY[computed]


def _compared(action: Action) -> bool:
    """Whether a lead's RAG is set against the dates' at all: for an open action, but not
    one awaiting sign-off, which is delivered and waits for its evidence to be accepted."""
    return action.is_open and action.status != "awaiting-sign-off"


class Impact(StrEnum):
    """How an impact measure stands: a separate key from delivery RAG, on purpose."""

    ON_TARGET = "on target"
    IMPROVING = "improving"
    NOT_IMPROVING = "not improving"
    NO_DATA = "no data"


# An area's impact is its most worrying measure's.
_IMPACT_CONCERN = {
    Impact.ON_TARGET: 0,
    Impact.IMPROVING: 1,
    Impact.NO_DATA: 2,
    Impact.NOT_IMPROVING: 3,
}


def measure_impact(measure: Measure) -> Impact:
    current, sign = measure.current, 1 if measure.direction == "up" else -1
    if current is None:
        return Impact.NO_DATA
    if measure.target is not None and sign * (current - measure.target) >= 0:
        return Impact.ON_TARGET
    if measure.baseline is None:
        return Impact.NO_DATA
    return Impact.IMPROVING if sign * (current - measure.baseline) > 0 else Impact.NOT_IMPROVING


@record
class MeasureStatus:
    """An impact measure and how it stands."""

    area: Area
    measure: Measure
    impact: Impact
    course: Course | None = None  # over time, as of the date (v3)

    @property
    def trajectory(self) -> Trajectory:
        return self.course.trajectory if self.course else Trajectory.NO_DATA


def measure_statuses(
    areas: Iterable[Area],
    as_of: date | None = None,
    start: date | None = None,
    inspection: date | None = None,
) -> list[MeasureStatus]:
    """Each measure and how it stands; with `as_of`, its course over time too."""
    return [
        MeasureStatus(
            area,
            measure,
            measure_impact(measure),
            None if as_of is None else course(measure, as_of, start, inspection),
        )
        for area in areas
        for measure in area.measures
    ]


def area_impact(area: Area) -> Impact:
    impacts = [measure_impact(measure) for measure in area.measures]
    return max(impacts, key=_IMPACT_CONCERN.__getitem__, default=Impact.NO_DATA)


@record
class ActionStatus:
    """One action's figures as of a date: the computed RAG beside the reported one."""

    action: Action
    rag: Rag | None  # computed from dates and status
    overdue: bool
    late: bool
    baseline: date | None = None  # the agreed due date
    slipped_days: int | None = None
    reported: Rag | None = None  # what the lead reports
    optimistic: bool = False
    pessimistic: bool = False  # reported worse than the dates give (v3)
    reasons: tuple[str, ...] = ()  # the code of every RAG rule that applies, in order
    due_soon: bool = False  # can still be late, and due within SOON_DAYS days
    # What it waits for and its projected due (v3); None in a plan where no action waits.
    waits: Waits | None = None
    stale: bool = False  # open, and no update or return for over plan.stale_after days (v3)
    last_update_on: date | None = None  # its latest update's or return's day, else created


@record
class Totals:
    actions: int  # every action, dropped ones included
    dropped: int
    done: int
    open: int
    overdue: int
    blocked: int
    awaiting_sign_off: int
    unowned: int  # open actions with no owner
    undated: int  # open actions with no due date
    late: int  # open actions due after the next inspection
    due_by_now: int  # live actions whose agreed (baseline) due date is by the as-of date
    progress: float | None  # None when there is nothing live to measure
    planned: float | None
    rag: Rag | None
    next_due: date | None
    slipped: int = 0  # open actions due later than the plan agreed
    slipped_days: int = 0  # the days they slipped, added up
    optimistic: int = 0  # open actions reported better than their dates give
    stale: int = 0  # open actions with no update for over plan.stale_after days (v3)
    pessimistic: int = 0  # open actions reported worse than their dates give (v3)

    @property
    def live(self) -> int:
        return self.actions - self.dropped

    @property
    def behind(self) -> bool:
        return (self.progress or 0.0) < (self.planned or 0.0)


def totals(statuses: list[ActionStatus], as_of: date) -> Totals:
    actions = [status.action for status in statuses]
    live = [action for action in actions if action.status != "dropped"]
    open_ = [status for status in statuses if status.action.is_open]
    done = sum(action.status == "done" for action in live)
    baselines = [status.baseline for status in statuses if status.action.status != "dropped"]
    due_by_now = sum(baseline is not None and baseline <= as_of for baseline in baselines)
    if open_:
        rag = worst(status.rag for status in open_ if status.rag)
    else:
        rag = Rag.BLUE if live else None
    return Totals(
        actions=len(actions),
        dropped=len(actions) - len(live),
        done=done,
        open=len(open_),
        overdue=sum(status.overdue for status in statuses),
        blocked=sum(status.action.status == "blocked" for status in statuses),
        awaiting_sign_off=sum(s.action.status == "awaiting-sign-off" for s in statuses),
        unowned=sum(is_unowned(status.action) for status in open_),
        undated=sum(is_undated(status.action) for status in open_),
        late=sum(status.late for status in statuses),
        due_by_now=due_by_now,
        progress=done / len(live) if live else None,
        planned=due_by_now / len(live) if live else None,
        rag=rag,
        # The next date something falls due; what is already late is counted as overdue.
        next_due=min(
            (s.action.due for s in open_ if s.action.due and s.action.due >= as_of), default=None
        ),
        slipped=sum(status.slipped_days is not None for status in open_),
        slipped_days=sum(status.slipped_days or 0 for status in open_),
        optimistic=sum(status.optimistic for status in open_),
        stale=sum(status.stale for status in open_),
        pessimistic=sum(status.pessimistic for status in open_),
    )


@record
class AreaStatus:
    area: Area
    totals: Totals
    actions: list[ActionStatus]
    impact: Impact
    measures: list[MeasureStatus]
    forecast: Forecast | None
    trajectory: Trajectory = Trajectory.NO_DATA  # its most worrying measure's (v3)


@record
class ThemeStatus:
    """A theme and its areas, with their totals: `name` None for areas with no theme."""

    name: str | None
    areas: list[AreaStatus]
    totals: Totals


def themes(areas: list[AreaStatus], as_of: date) -> list[ThemeStatus]:
    """Areas grouped by theme, in the order the themes first come; none when no area has
    one, so a plan without themes reads as before."""
    if not any(item.area.theme for item in areas):
        return []
    grouped: dict[str | None, list[AreaStatus]] = {}
    for item in areas:
        grouped.setdefault(item.area.theme, []).append(item)
    return [
        ThemeStatus(name, members, totals([status for m in members for status in m.actions], as_of))
        for name, members in grouped.items()
    ]


def to_start(register: Register) -> tuple[str, ...] | None:
    """A plan with no actions yet: the keys of its areas (none when it has no areas
    either), for the screens to say what to run next; None once it has actions."""
    return None if register.actions else tuple(register.areas)


@record
class Status:
    as_of: date
    plan: Plan
    inspection: Inspection | None
    totals: Totals
    areas: list[AreaStatus]
    actions: list[ActionStatus]
    forecast: Forecast | None
    start: date | None
    deadline: Deadline | None  # the action-plan deadline, when known (see `compute`)
    themes: list[ThemeStatus]  # the areas by theme; empty when no area has a theme
    subject: str  # whose lives the plan is to change: "children", "people"
    # Actions whose history the log cannot account for, when the date is in the past.
    incomplete: list[str] = field(default_factory=list)
    # A plan with no actions yet: its area keys, for what to run next (see `to_start`).
    starting: tuple[str, ...] | None = None
    # The actions that need attention, from their assessments: in register order, and
    # those due soon by due date.
    overdue: list[ActionStatus] = field(default_factory=list)
    blocked: list[ActionStatus] = field(default_factory=list)
    due_soon: list[ActionStatus] = field(default_factory=list)
    held_up: list[ActionStatus] = field(default_factory=list)  # held up by what they wait for
    stale: list[ActionStatus] = field(default_factory=list)  # no update for too long (v3)
    chain: Chain | None = None  # the longest chain of actions waiting for one another

    @property
    def history_complete(self) -> bool:
        return not self.incomplete

    @property
    def deadline_ahead(self) -> Deadline | None:
        return self.deadline if self.deadline and self.deadline.due >= self.as_of else None

    @property
    def days_to_inspection(self) -> int | None:
        return (self.inspection.day - self.as_of).days if self.inspection else None


def assess(
    action: Action,
    as_of: date,
    inspection: Inspection | None,
    waits: Waits | None = None,
    *,
    stale_after: int | None = None,
    returned: date | None = None,
) -> ActionStatus:
    """One action's figures as of a date: the one place an action is assessed, so every
    view, check and report reads the same RAG, reasons and flags. `waits` is the action's
    place among those it waits for (`plan_waits`); `returned` the day of the latest update
    return that held it, and `stale_after` the plan's days before it is stale."""
    rag, reasons = verdict(action, as_of, inspection, waits)
    last = last_update_on(action, returned, as_of)
    return ActionStatus(
        action=action,
        rag=rag,
        overdue="overdue" in reasons,
        late="late" in reasons,
        baseline=effective_baseline(action),
        slipped_days=slipped_days(action),
        reported=reported_rag(action),
        optimistic=is_optimistic(action, rag),
        pessimistic=is_pessimistic(action, rag),
        reasons=reasons,
        due_soon=action.status in LATE_STATUSES and is_due_soon(action, as_of),
        waits=waits,
        stale=is_stale(action, last, stale_after, as_of),
        last_update_on=last,
    )


def plan_waits(register: Register, as_of: date) -> dict[str, Waits] | None:
    """Every action's waits, or None for a plan where no action waits for another."""
    return waits(register, as_of) if uses_dependencies(register) else None


def owner_matches(action: Action, owner: str) -> bool:
    return owner.casefold() in (action.owner or "").casefold()


def compute(
    register: Register,
    as_of: date,
    *,
    area: str | None = None,
    owner: str | None = None,
    every_deadline: bool = False,
    working_days: WorkingDays | None = None,
) -> Status:
    """The status of the plan, or of one area or one owner's actions, as of a date.

    The action-plan deadline needs the bank holiday calendar; unless `every_deadline`, it
    is worked out only when it may still be ahead, which is all a screen shows. It is
    counted with `working_days` (default: counted afresh from the bank holidays; a caller
    may pass one that keeps its answers, as the files layer's cache does).
    """
    # Names as the register holds them now: an area's title may have changed since then.
    key = register.area(area).key if area else None
    if owner is not None and not any(owner_matches(a, owner) for a in register.actions.values()):
        raise UnknownName(unknown_owner(owner, register.actions.values()))
    steps = to_start(register)  # from the plan now: it may have been empty then
    # A plan that uses dependencies now shows them at every date, waiting or not then.
    depends = uses_dependencies(register)
    incomplete: list[str] = []
    if changed_after(register, as_of):  # the plan as it stood then: a replay of its log
        from improvetrack.figures.history import replay

        past = replay(register, as_of)
        register, incomplete = past.register, past.incomplete
    inspection = next_inspection(register.plan)
    areas = [register.area(key)] if key else list(register.areas.values())
    by_area: dict[str, list[ActionStatus]] = {a.key: [] for a in areas}
    found = waits(register, as_of) if depends else None
    returned, stale_after = returns_on(register.plan, as_of), register.plan.stale_after
    for action in register.actions.values():
        if action.area in by_area and (owner is None or owner_matches(action, owner)):
            held = found[action.id] if found else None
            last = returned.get(action.id)
            item = assess(action, as_of, inspection, held, stale_after=stale_after, returned=last)
            by_area[action.area].append(item)
    if owner is not None:
        # One person's view: the areas where they own something, not a table of zeros.
        areas = [a for a in areas if by_area[a.key]]
    everything = [status for statuses in by_area.values() for status in statuses]
    start = plan_start(register)
    until = inspection.day if inspection else None

    def ahead(items: list[ActionStatus]) -> Forecast | None:
        return forecast((item.action for item in items), as_of, start, until)

    forecasts = {a.key: ahead(by_area[a.key]) for a in areas}
    measures = {a.key: measure_statuses([a], as_of, start, until) for a in areas}
    overall = ahead(everything)
    area_statuses = [
        AreaStatus(
            area=a,
            totals=totals(by_area[a.key], as_of),
            actions=by_area[a.key],
            impact=area_impact(a),
            measures=measures[a.key],
            forecast=forecasts[a.key],
            trajectory=worst_course(m.trajectory for m in measures[a.key]),
        )
        for a in areas
    ]
    return Status(
        as_of=as_of,
        plan=register.plan,
        inspection=inspection,
        totals=totals(everything, as_of),
        areas=area_statuses,
        actions=everything,
        forecast=overall,
        start=start,
        deadline=_deadline(register.plan, as_of, every_deadline, working_days),
        themes=themes(area_statuses, as_of),
        subject=plan_subject(register.plan),
        incomplete=incomplete,
        starting=steps,
        overdue=[item for item in everything if item.overdue],
        blocked=[item for item in everything if item.action.status == "blocked"],
        due_soon=sorted(
            (item for item in everything if item.due_soon),
            key=lambda item: (item.action.due, item.action.id),
        ),
        held_up=[item for item in everything if "held-up" in item.reasons],
        stale=[item for item in everything if item.stale],
        chain=longest_chain(register, found) if found else None,
    )


def _deadline(
    plan: Plan, as_of: date, every: bool, working_days: WorkingDays | None
) -> Deadline | None:
    """The action-plan deadline: always with `every`, else only when it may be ahead."""
    from improvetrack.figures.deadlines import (
        action_plan_deadline,
        count_working_days,
        may_still_be_ahead,
    )

    if not every and not may_still_be_ahead(plan, as_of):
        return None
    return action_plan_deadline(plan, working_days=working_days or count_working_days)


def select(
    items: list[ActionStatus],
    *,
    status: str | None = None,
    overdue: bool = False,
    slipped: bool = False,
    optimistic: bool = False,
    waiting: bool = False,
    stale: bool = False,
    pessimistic: bool = False,
) -> list[ActionStatus]:
    """The actions that pass every filter given."""
    return [
        item
        for item in items
        if (status is None or item.action.status == status)
        and (not waiting or (item.waits is not None and item.waits.waiting))
        and (item.overdue or not overdue)
        and (item.slipped_days is not None or not slipped)
        and (item.optimistic or not optimistic)
        and (item.stale or not stale)
        and (item.pessimistic or not pessimistic)
    ]


def status_burnup(status: Status) -> Burnup | None:
    """The burn-up of the actions in a status: None when the plan has no start date."""
    from improvetrack.figures.burnup import burnup

    until = status.inspection.day if status.inspection else None
    actions = [item.action for item in status.actions]
    return burnup(actions, status.as_of, status.start, until, status.forecast)


def timeline(
    register: Register,
    as_of: date,
    *,
    area: str | None = None,
    working_days: WorkingDays | None = None,
) -> Burnup | None:
    """The burn-up of the plan, or of one area."""
    return status_burnup(compute(register, as_of, area=area, working_days=working_days))
