"""Statutory deadlines after an inspection, counted in working days.

The rules are data, in the one table of inspection rules (`figures/rules.py`): each says
which inspections it applies to, how many working days, and from which plan date it
counts. A new rule is a new row there, not new code.
Working days are those of England and Wales: not a Saturday, a Sunday or a bank holiday.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from improvetrack.figures.rules import TABLE, Rule, long_holidays
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
    id: str = ""
    # The table's rule, whose names a plan is matched against; None: match the two above.
    rule: Rule | None = None
    school: bool = False  # a school's holidays of more than a week do not count


def _from_table(rule: Rule) -> DeadlineRule:
    assert rule.days is not None, rule.id
    return DeadlineRule(
        inspectorate=rule.inspectorates[0],
        framework=rule.frameworks[0] if rule.frameworks else "",
        working_days=rule.days,
        counts_from=rule.counted_from,
        what=rule.what,
        source=rule.source,
        id=rule.id,
        rule=rule,
        school=rule.kind == "school working days",
    )


# The deadlines the tool counts, from the one table of inspection rules.
RULES: tuple[DeadlineRule, ...] = tuple(
    _from_table(rule) for rule in TABLE if rule.sets == "deadline"
)


@record
class Deadline:
    due: date
    what: str
    overridden: bool  # set by plan.action_plan_due rather than computed
    counted_from: str | None = None  # the plan field it was counted from
    rule: DeadlineRule | None = None


def rule_for(plan: Plan, rules: tuple[DeadlineRule, ...] = RULES) -> DeadlineRule | None:
    """The deadline rule for the plan's inspectorate, framework and judgement."""

    def same(a: str | None, b: str) -> bool:
        return (a or "").strip().casefold() == b.casefold()

    for rule in rules:
        if rule.rule is not None:
            if rule.rule.matches(plan):
                return rule
        elif same(plan.inspectorate, rule.inspectorate) and same(plan.framework, rule.framework):
            return rule
    return None


# The date some working days after a start (the day after it is day one). The bank
# holidays cost more to load than a whole status screen, so a caller may pass one that
# keeps its answers between runs (the files layer's cache does).
WorkingDays = Callable[[date, int], date]


def count_working_days(
    start: date, days: int, school_holidays: Iterable[tuple[date, date]] = ()
) -> date:
    """The date `days` working days after `start` (the day after it is day one), counted
    on England's bank holidays from the `holidays` package; a school's holidays of more
    than a week (see `rules.long_holidays`) do not count either."""
    import holidays

    breaks = list(school_holidays)
    # The years the count can reach: 5 working days a week, the holidays, and slack.
    longest = sum((end - begin).days + 10 for begin, end in breaks)
    span = range(start.year - 1, (start + timedelta(days=days * 7 // 5 + 60 + longest)).year + 2)
    closed = set(holidays.country_holidays("GB", subdiv="ENG", years=span))
    closed |= long_holidays(breaks, frozenset(closed))
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
        if start and rule.school:
            due = count_working_days(start, rule.working_days, plan.school_holidays)
            return Deadline(due, what, overridden=False, counted_from=field, rule=rule)
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
    holidays = sum((end - begin).days + 5 for begin, end in plan.school_holidays)
    latest_possible = starts[0] + timedelta(
        days=rule.working_days * 7 // 5 + 31 + (holidays if rule.school else 0)
    )
    return latest_possible >= as_of
