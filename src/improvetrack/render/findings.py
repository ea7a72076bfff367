"""A warning from `check` in words: one sentence for each code, made from the facts the
figures found (`figures.check.Finding`). The code and the key path are what scripts read;
the words are for people, and the JSON's `message` carries them too.

`WORDS` is the table: a code, and the function that words its facts, which it is called
with by name. Every code `figures.check` can give has its entry (tests/test_findings.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Literal

from improvetrack.figures.history import GapKind
from improvetrack.figures.progress import Rag
from improvetrack.model.text import counted

if TYPE_CHECKING:
    from improvetrack.figures.check import Fact, Finding

_NEXT_INSPECTION = "`improvetrack plan set --next-inspection DATE`"


def words(finding: Finding) -> str:
    """The warning in words, without its path."""
    return WORDS[finding.code](**finding.facts)


def line(finding: Finding) -> str:
    """The warning's key path and its words: "actions.ASM-1: has no owner"."""
    return f"{finding.path}: {words(finding)}"


def _slipped(*, action: str, due: date, days: int, baseline: date) -> str:
    return (
        f"{due} is {counted(days, 'day')} after the agreed {baseline}; if the board agreed "
        f"it, record that with `improvetrack rebaseline {action} --reason TEXT`"
    )


def _optimistic(*, reported: Rag, rag: Rag) -> str:
    return f"reported {reported.word}, but its dates and status give {rag.word}"


def _rag_without_reason(*, action: str, rag: str) -> str:
    return (
        f"reported {rag.upper()} with no reason; give one with "
        f"`improvetrack update {action} --rag {rag} --reason TEXT`"
    )


def _area_key_on_action(*, key: str, area: str) -> str:
    return (
        f"{key} belongs to an area, not an action; set it with "
        f"`improvetrack area update {area} --{key} TEXT`"
    )


def _history_incomplete(
    *,
    gap: GapKind | Literal["unlogged"],
    field: str | None = None,
    entry: int | None = None,
    value: Fact = None,
    unlogged: tuple[str, ...] = (),
    actions: int = 0,
) -> str:
    """The log cannot say how an action stood (a `figures.history.Gap`), or some actions
    have no log ("unlogged")."""
    if gap == "unlogged":
        named = ", ".join(unlogged[:5]) + (" …" if len(unlogged) > 5 else "")
        said = (
            f"{len(unlogged)} of {counted(actions, 'action')} "
            f"{'has' if len(unlogged) == 1 else 'have'} no log ({named}), so how they stood "
            "before today is not known; actions added with `improvetrack add` or `import` "
            "keep theirs"
        )
    elif gap == "no-log":
        said = "it has no log, so how it stood before today is not known"
    elif gap == "no-old-value":
        said = (
            f"log entry {entry} changes {field} but does not say what it was before, so how "
            "the action stood then is not known"
        )
    elif gap == "unreadable":
        said = f"its log holds a {field} it cannot read ({value!r})"
    elif gap == "unknown-area":
        said = f"log entry {entry} names an area the register does not have ({value!r})"
    elif gap == "not-last-logged":
        # A list of IDs shows as the list it was read as.
        shown = list(value) if isinstance(value, tuple) else value
        said = (
            f"its {field} is not the last one logged ({shown}): edited by hand? "
            "Changes made with improvetrack are logged"
        )
    elif gap == "unknown-field":
        said = f"its log names a field it does not have ({field!r})"
    else:
        raise ValueError(f"no words for the history gap {gap!r}")
    return f"history incomplete: {said}"


def _unknown_key(*, known: str) -> str:
    return f"unknown key (did you mean {known!r}?)"


def _no_inspection_date() -> str:
    return (
        "not set, and no plan.inspected to estimate it from, so nothing can be measured "
        f"against the inspection; set it with {_NEXT_INSPECTION}"
    )


def _inspection_passed(*, day: date) -> str:
    return f"{day} has passed; set the date of the next one with {_NEXT_INSPECTION}"


def _received_after_published(*, received: date, published: date) -> str:
    return (
        f"{received} is after plan.published ({published}); "
        "the final report is received before it is published"
    )


def _measure_no_baseline(*, measure: str) -> str:
    return f"measure {measure!r} has no baseline, so no one can tell whether it is improving"


def _measure_no_target(*, measure: str) -> str:
    return f"measure {measure!r} has no target"


def _measure_target_backwards(
    *, measure: str, target: float, baseline: float, direction: str
) -> str:
    better = "higher" if direction == "up" else "lower"
    return (
        f"measure {measure!r}: the target {target:g} is not {better} than the baseline "
        f"{baseline:g}, though {better} is better (direction = {direction!r})"
    )


def _measure_target_after_inspection(*, measure: str, target_by: date, inspection: date) -> str:
    return (
        f"measure {measure!r} is due to reach its target on {target_by}, "
        f"after the next inspection ({inspection})"
    )


def _measure_current_not_in_history(
    *,
    measure: str,
    current: float,
    updated: date | None,
    last: float | None,
    last_on: date | None,
) -> str:
    said = f"{last:g} on {last_on}" if last is not None else "no reading"
    return (
        f"measure {measure!r}: current = {current:g} (updated {updated or 'never'}) but its "
        f"history's last reading is {said}; the figures over time read the history, so "
        "record values with `improvetrack measure set`"
    )


def _empty_area(*, area: str) -> str:
    return f"has no actions yet; add one with `improvetrack add {area} TITLE`"


def _prefix_mismatch(*, area: str, prefix: str) -> str:
    return f"is in area {area!r}, whose IDs start {prefix}-"


def _completed_before_created(*, completed: date, created: date) -> str:
    return f"{completed} is before it was created ({created})"


def _late(
    *,
    due: date | None,
    inspection: date,
    projected: date | None = None,
    held_by: str | None = None,
) -> str:
    """Late by its own date, or by the date projected from what it waits for."""
    if projected is not None:
        return (
            f"projected {projected}, waiting for {held_by}, is after the next "
            f"inspection ({inspection})"
        )
    return f"{due} is after the next inspection ({inspection})"


def _said(text: str) -> Callable[[], str]:
    """The words of a warning with no facts but its path."""
    return lambda: text


# Each code's words, in the order `check` gives its warnings.
WORDS: dict[str, Callable[..., str]] = {
    "unknown-key": _unknown_key,
    "no-inspection-date": _no_inspection_date,
    "inspection-passed": _inspection_passed,
    "received-after-published": _received_after_published,
    "measure-no-baseline": _measure_no_baseline,
    "measure-no-target": _measure_no_target,
    "measure-target-backwards": _measure_target_backwards,
    "measure-target-after-inspection": _measure_target_after_inspection,
    "measure-current-not-in-history": _measure_current_not_in_history,
    "empty-area": _empty_area,
    "prefix-mismatch": _prefix_mismatch,
    "no-drop-reason": _said("is dropped but does not say why"),
    "no-completed-date": _said("is done but has no completed date"),
    "completed-before-created": _completed_before_created,
    "unowned": _said("has no owner"),
    "undated": _said("has no due date"),
    "late": _late,
    "slipped": _slipped,
    "optimistic": _optimistic,
    "rag-without-reason": _rag_without_reason,
    "area-key-on-action": _area_key_on_action,
    "history-incomplete": _history_incomplete,
    "signed-off-by-deliverer": _said(
        "the log shows the same person marking it done and signing it off"
    ),
}
