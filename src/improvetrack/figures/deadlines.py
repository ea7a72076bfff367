"""Statutory deadlines after an inspection, counted in working days.

The rules are data: each says which inspection it applies to, how many working days, and
from which plan date it counts. A new rule (CQC, a focused visit) is a new row, not new code.
Working days are those of England and Wales: not a Saturday, a Sunday or a bank holiday.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from improvetrack.model.records import record
from improvetrack.model.register import Plan


@record
class DeadlineRule:
    """A deadline some working days after a plan date, for one kind of inspection."""

    inspectorate: str
    framework: str
    working_days: int
    counts_from: tuple[str, ...]  # plan date fields, the first one set is used
    what: str
    source: str


RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        inspectorate="Ofsted",
        framework="ILACS",
        working_days=70,
        counts_from=("received", "published"),
        what="written action plan due",
        source=(
            "ILACS framework; the Education and Inspections Act 2006 (Inspection of Local "
            "Authorities) Regulations 2007"
        ),
    ),
    DeadlineRule(
        inspectorate="Ofsted",
        framework="ILACS focused visit",
        working_days=20,
        counts_from=("received", "published"),
        what="draft action plan due (areas for priority action)",
        source="Ofsted's amendment to the ILACS framework, September 2018",
    ),
)


@record
class Deadline:
    due: date
    what: str
    overridden: bool  # set by plan.action_plan_due rather than computed
    counted_from: str | None = None  # the plan field it was counted from
    rule: DeadlineRule | None = None


def rule_for(plan: Plan, rules: tuple[DeadlineRule, ...] = RULES) -> DeadlineRule | None:
    def same(a: str | None, b: str) -> bool:
        return (a or "").strip().casefold() == b.casefold()

    for rule in rules:
        if same(plan.inspectorate, rule.inspectorate) and same(plan.framework, rule.framework):
            return rule
    return None


# The date some working days after a start (the day after it is day one). The bank
# holidays cost more to load than a whole status screen, so a caller may pass one that
# keeps its answers between runs (the files layer's cache does).
WorkingDays = Callable[[date, int], date]


def count_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the day after it is day one), counted
    on England's bank holidays from the `holidays` package."""
    import holidays

    # Bank holidays of the years the count can reach: 5 working days a week, plus slack.
    span = range(start.year, (start + timedelta(days=days * 7 // 5 + 60)).year + 1)
    closed = holidays.country_holidays("GB", subdiv="ENG", years=span)
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            counted += 1
    return current


def action_plan_deadline(
    plan: Plan,
    rules: tuple[DeadlineRule, ...] = RULES,
    working_days: WorkingDays = count_working_days,
) -> Deadline | None:
    """When the written action plan is due: plan.action_plan_due, else the matching rule,
    counted with `working_days`."""
    rule = rule_for(plan, rules)
    what = rule.what if rule else "written action plan due"
    if plan.action_plan_due:
        return Deadline(plan.action_plan_due, what, overridden=True, rule=rule)
    if rule is None:
        return None
    for field in rule.counts_from:
        start = getattr(plan, field)
        if start:
            due = working_days(start, rule.working_days)
            return Deadline(due, what, overridden=False, counted_from=field, rule=rule)
    return None


def may_still_be_ahead(plan: Plan, as_of: date, rules: tuple[DeadlineRule, ...] = RULES) -> bool:
    """False when the deadline has surely passed, so the screen need not load bank holidays.

    N working days never take more than N * 7/5 calendar days plus the bank holidays in
    between; a month of slack covers every run of English bank holidays.
    """
    if plan.action_plan_due:
        return plan.action_plan_due >= as_of
    rule = rule_for(plan, rules)
    if rule is None:
        return False
    starts: list[date] = [getattr(plan, name) for name in rule.counts_from if getattr(plan, name)]
    if not starts:
        return False
    latest_possible = starts[0] + timedelta(days=rule.working_days * 7 // 5 + 31)
    return latest_possible >= as_of
