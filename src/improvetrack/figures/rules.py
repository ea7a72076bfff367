"""The inspection rules as data: which deadlines and windows follow an inspection, by
inspectorate, framework and judgement, each with its source.

A rule sets one of three things:
- a **deadline** the tool counts (ILACS, a school in special measures);
- an expected **window** for the next inspection, shown as a window, never measured
  against (except that the ILACS window's earliest date is the estimated next inspection);
- nothing the tool can count: the date is **set by the notice** (CQC, JTAI, children's
  homes' requirements, early years actions), and the plan records it as
  `plan.action_plan_due`.

A plan matches a rule when its inspectorate, framework and judgement, case-folded, are
each exactly one of the rule's names (a rule with no names for one takes any). The
sources are cited as this project's specification names them (ILACS, schools), else from
general knowledge; their own text was not read for this table, so every rule says
`verified = False`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

from improvetrack.model.dates import add_months
from improvetrack.model.records import record
from improvetrack.model.register import Plan

Sets = Literal["deadline", "window", "notice"]
# How the days are counted: England and Wales working days; those days less a school's
# holidays of more than a week; calendar months; inspections in each inspection year.
Kind = Literal["working days", "school working days", "months", "per inspection year"]

SCHOOLS = ("schools", "school", "eif")
CHILDRENS_HOMES = ("children's homes", "childrens homes", "children's home", "sccif")
EARLY_YEARS = ("early years", "eyif", "early years inspection framework")
REQUIRES_IMPROVEMENT = ("requires improvement", "requires improvement to be good")


@record
class Rule:
    id: str
    inspectorates: tuple[str, ...]
    frameworks: tuple[str, ...]  # empty: any framework
    judgements: tuple[str, ...]  # empty: any judgement
    sets: Sets
    what: str
    source: str
    days: int | None = None  # with `kind`; None when the notice sets the date
    kind: Kind | None = None
    counted_from: tuple[str, ...] = ()  # plan date fields, the first one set is used
    # A window is `days` months either side of this many months (ILACS: 36 months, 6 either
    # side); with 0 it is "within `days` months" of the counted-from date.
    either_side: int = 0
    verified: bool = False  # whether the source's own text was read for this table

    def matches(self, plan: Plan) -> bool:
        def among(value: str | None, names: tuple[str, ...]) -> bool:
            return not names or " ".join((value or "").split()).casefold() in names

        return (
            among(plan.inspectorate, self.inspectorates)
            and among(plan.framework, self.frameworks)
            and among(plan.judgement, self.judgements)
        )


TABLE: tuple[Rule, ...] = (
    Rule(
        id="ilacs-statement-of-action",
        inspectorates=("ofsted",),
        frameworks=("ilacs",),
        judgements=(),
        sets="deadline",
        what="written action plan due",
        days=70,
        kind="working days",
        counted_from=("received", "published"),
        source=(
            "the Education and Inspections Act 2006 s.137 and SI 2007/462 (the Inspection "
            "of Local Authorities Regulations 2007), restated in the ILACS framework"
        ),
    ),
    Rule(
        id="ilacs-focused-visit",
        inspectorates=("ofsted",),
        frameworks=("ilacs focused visit",),
        judgements=(),
        sets="deadline",
        what="draft action plan due (areas for priority action)",
        days=20,
        kind="working days",
        counted_from=("received", "published"),
        source="Ofsted's amendment to the ILACS framework, September 2018",
    ),
    Rule(
        id="school-statement-of-action",
        inspectorates=("ofsted",),
        frameworks=SCHOOLS,
        judgements=("special measures", "serious weaknesses"),
        sets="deadline",
        what="statement of action due",
        days=10,
        kind="school working days",
        counted_from=("received", "published"),
        source="SI 2005/2038 reg 2 (school holidays of more than a week do not count)",
    ),
    Rule(
        id="ilacs-requires-improvement-window",
        inspectorates=("ofsted",),
        frameworks=("ilacs",),
        judgements=REQUIRES_IMPROVEMENT,
        sets="window",
        what="next standard inspection expected",
        days=6,
        kind="months",
        counted_from=("inspected",),
        either_side=36,
        source="the ILACS framework: about three years after the last, six months either side",
    ),
    Rule(
        id="school-requires-improvement-window",
        inspectorates=("ofsted",),
        frameworks=SCHOOLS,
        judgements=REQUIRES_IMPROVEMENT,
        sets="window",
        what="next inspection expected",
        days=30,
        kind="months",
        counted_from=("published", "inspected"),
        source="the school inspection handbook: usually within 30 months of publication",
    ),
    Rule(
        id="early-years-inadequate-window",
        inspectorates=("ofsted",),
        frameworks=EARLY_YEARS,
        judgements=("inadequate",),
        sets="window",
        what="next inspection expected",
        days=6,
        kind="months",
        counted_from=("inspected",),
        source="the early years inspection handbook: within 6 months of the inspection",
    ),
    Rule(
        id="childrens-homes-window",
        inspectorates=("ofsted",),
        frameworks=CHILDRENS_HOMES,
        judgements=("requires improvement", "requires improvement to be good", "inadequate"),
        sets="window",
        what="at least two inspections expected in this inspection year",
        days=2,
        kind="per inspection year",
        source="the SCCIF children's homes handbook: inspection years run 1 April to 31 March",
    ),
    Rule(
        id="cqc-notices",
        inspectorates=("cqc", "care quality commission"),
        frameworks=(),
        judgements=(),
        sets="notice",
        what="action set by a warning notice or requirement notice",
        source="the Health and Social Care Act 2008: the notice gives the date",
    ),
    Rule(
        id="jtai-letter",
        inspectorates=("ofsted", "cqc", "hmicfrs", "hmi probation", "jtai"),
        frameworks=("jtai", "joint targeted area inspection"),
        judgements=(),
        sets="notice",
        what="written statement of action set by the JTAI letter",
        source="the JTAI framework: the findings letter gives the date",
    ),
    Rule(
        id="childrens-homes-requirements",
        inspectorates=("ofsted",),
        frameworks=CHILDRENS_HOMES,
        judgements=(),
        sets="notice",
        what="requirements set in the inspection report",
        source="the Children's Homes (England) Regulations 2015: each requirement gives its date",
    ),
    Rule(
        id="early-years-actions",
        inspectorates=("ofsted",),
        frameworks=EARLY_YEARS,
        judgements=(),
        sets="notice",
        what="actions set in the inspection report",
        source="the early years inspection handbook: each action gives its date",
    ),
)


def matching(plan: Plan, sets: Sets, table: Iterable[Rule] = TABLE) -> list[Rule]:
    """The rules of this kind for the plan's inspectorate, framework and judgement."""
    return [rule for rule in table if rule.sets == sets and rule.matches(plan)]


def missing(plan: Plan, table: Iterable[Rule] = TABLE) -> str | None:
    """The inspection the plan names ("CQC", "Ofsted ILACS") when no rule gives it a
    deadline the tool can count and the plan has no date of its own; else None."""
    rules = list(table)
    if plan.action_plan_due or not plan.inspectorate or matching(plan, "deadline", rules):
        return None
    return " ".join(part for part in (plan.inspectorate, plan.framework) if part)


@record
class Window:
    rule: Rule
    start: date
    end: date


def windows(plan: Plan, as_of: date, table: Iterable[Rule] = TABLE) -> list[Window]:
    """The expected windows of the plan's next inspections, each from its rule."""
    found = []
    for rule in matching(plan, "window", table):
        if rule.kind == "per inspection year":
            first = date(as_of.year if as_of.month >= 4 else as_of.year - 1, 4, 1)
            found.append(Window(rule, first, date(first.year + 1, 3, 31)))
            continue
        dates = (getattr(plan, name) for name in rule.counted_from)
        start = next((day for day in dates if day), None)
        if start is None or rule.days is None:
            continue
        if rule.either_side:
            middle = rule.either_side
            opens, closes = (
                add_months(start, middle - rule.days),
                add_months(start, middle + rule.days),
            )
        else:
            opens, closes = start, add_months(start, rule.days)
        found.append(Window(rule, opens, closes))
    return found


def long_holidays(
    holidays: Iterable[tuple[date, date]], closed: set[date] | frozenset[date]
) -> set[date]:
    """The days of a school's holidays longer than a week, which do not count as working
    days: each holiday stretched over the weekends and bank holidays that touch it, and
    counted in calendar days, both ends included."""
    out: set[date] = set()
    one = timedelta(days=1)

    def shut(day: date) -> bool:
        return day.weekday() >= 5 or day in closed

    for start, end in holidays:
        while shut(start - one):
            start -= one
        while shut(end + one):
            end += one
        if (end - start).days + 1 > 7:
            out.update(start + one * n for n in range((end - start).days + 1))
    return out
