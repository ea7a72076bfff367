"""The inspection rules for `improvetrack rules`, and the lines that say which apply to a
plan: as data for JSON and as plain lines for a terminal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from improvetrack.figures.progress import Status
from improvetrack.figures.rules import TABLE, Rule, missing, windows
from improvetrack.model.dates import long_date
from improvetrack.model.text import safe

# The window the estimated next inspection is the earliest date of (said beside it).
ESTIMATED_WINDOW = "ilacs-requires-improvement-window"

WHAT = {"deadline": "a deadline", "window": "a window", "notice": "set by the notice"}


def rule_data(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "inspectorate": list(rule.inspectorates),
        "framework": list(rule.frameworks),
        "judgement": list(rule.judgements),
        "sets": rule.sets,
        "what": rule.what,
        "days": rule.days,
        "kind": rule.kind,
        "counted_from": list(rule.counted_from),
        "either_side_of_months": rule.either_side or None,
        "source": rule.source,
        "source_verified": rule.verified,
    }


def rules_data() -> list[dict[str, Any]]:
    return [rule_data(rule) for rule in TABLE]


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(names) if names else "any"


def rules_lines(width: int = 80) -> list[str]:
    """Each rule as a short block of lines, then a note on the sources, wrapped to `width`
    (a rule's own lines indented under its name)."""
    lines = []
    for rule in TABLE:
        if rule.days is None:
            counted = "the date the notice gives (plan.action_plan_due)"
        else:
            start = " or ".join(rule.counted_from) or "1 April"
            counted = f"{rule.days} {rule.kind}, from {start}"
            if rule.either_side:
                counted = (
                    f"{rule.days} months either side of {rule.either_side} months after {start}"
                )
        lines += _wrapped(f"{rule.id}: {WHAT[rule.sets]}, {rule.what}", width, "", "    ")
        for line in (
            f"inspectorate {_names(rule.inspectorates)}; framework {_names(rule.frameworks)}; "
            f"judgement {_names(rule.judgements)}",
            counted,
            f"source: {rule.source} ({'read' if rule.verified else 'not read'})",
        ):
            lines += _wrapped(line, width, "  ", "    ")
    lines += _wrapped(
        "The sources are cited as the specification names them, or from general knowledge "
        "where it names none; their own text was not read for this table "
        "(source_verified: false): check a date that matters against the source.",
        width,
        "",
        "",
    )
    return lines


def _wrapped(line: str, width: int, first: str, rest: str) -> list[str]:
    import textwrap

    return textwrap.wrap(
        line, max(width, 40), initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def plan_lines(status: Status) -> list[tuple[str, str]]:
    """What the rules say about this plan, for `plan show`: each window as a window, and
    the plain word where no rule gives the action plan a deadline."""
    found = []
    if holidays := status.plan.school_holidays:
        found.append(("School holidays", ", ".join(f"{a} to {b}" for a, b in holidays)))
    if deadline := status.deadline:
        when = "set in the plan" if deadline.overridden else "worked out"
        found.append((deadline.what.capitalize(), f"{deadline.due} ({when})"))
    found += [
        ("Expected window", f"{w.start} to {w.end}: {w.rule.what} ({w.rule.id})")
        for w in windows(status.plan, status.as_of)
    ]
    if (named := missing(status.plan)) is not None:
        found.append(("Action plan", safe(no_rule(named))))
    return found


def no_rule(named: str) -> str:
    """Said plainly when the plan names an inspection with no deadline the tool can count
    and no date of its own: "no rule for CQC: set plan.action_plan_due from the notice"."""
    return f"no rule for {named}: set plan.action_plan_due from the notice"


def paper_sentences(status: Status, escape: Callable[[str], str]) -> list[str]:
    """For a board paper's header, as HTML (`escape` makes text safe for it): the action
    plan deadline still ahead, and each expected window that the next inspection's own
    sentence does not already give, worded as a window, never as a deadline."""
    found = []
    if deadline := status.deadline_ahead:
        found.append(
            f"{escape(deadline.what.capitalize())} <strong>{long_date(deadline.due)}</strong>."
        )
    for what, start, end in paper_windows(status):
        found.append(
            f"{escape(what)}: a window, between <strong>{long_date(start)}</strong> and "
            f"<strong>{long_date(end)}</strong>."
        )
    return found


def paper_windows(status: Status) -> list[tuple[str, date, date]]:
    """The expected windows a paper gives, each as what it is for and its two dates; not
    the one the next inspection's own estimate already gives."""
    estimated = status.inspection is not None and status.inspection.estimated
    return [
        (window.rule.what.capitalize(), window.start, window.end)
        for window in windows(status.plan, status.as_of)
        if not (estimated and window.rule.id == ESTIMATED_WINDOW)
    ]
