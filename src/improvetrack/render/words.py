"""Figures and values in the words a report for people shows them in: "29%", "581 days
to go", "27 November 2026", "in progress". Reports for machines (JSON, CSV, JUnit) keep
ISO dates and status tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from improvetrack.figures.dependencies import Waits
from improvetrack.figures.forecast import WINDOW_DAYS, Forecast
from improvetrack.figures.impact import Trajectory
from improvetrack.figures.progress import Impact, Inspection, Rag, Status, Totals
from improvetrack.model.dates import long_date
from improvetrack.model.records import record
from improvetrack.model.register import status_words
from improvetrack.model.text import counted

if TYPE_CHECKING:
    # Only named in signatures: importing them would load the checks on every screen.
    from improvetrack.figures.report import AreaMove, Changes, Failure, MeasureMove, RagMove

__all__ = ["day_words", "days_phrase", "move_words", "percent", "status_words"]


@record
class Move:
    """A value then and now, in words, and which way it went: "improved", "worse", "same",
    "new" (there was none then) or "cleared" (there is none now). Formats add ▲ ▼ where
    symbols suit them; the words are always there."""

    then: str
    now: str
    direction: str

    def __str__(self) -> str:
        return f"{self.direction}: {self.then} → {self.now}"


# A measure's trajectory as a person reads it.
TRAJECTORY_WORDS = {
    Trajectory.MET: "met",
    Trajectory.ON_TRACK: "on track",
    Trajectory.BEHIND: "behind",
    Trajectory.NO_DATA: "no data",
}

# What each delivery RAG and each impact means, for the key under a table that shows them.
DELIVERY_WORDS = (
    (Rag.BLUE, "complete"),
    (Rag.GREEN, "on track"),
    (Rag.AMBER, "at risk"),
    (Rag.RED, "overdue or blocked"),
)
IMPACT_WORDS = (
    (Impact.ON_TARGET, "at or past the target"),
    (Impact.IMPROVING, "better than the baseline, not yet at the target"),
    (Impact.NOT_IMPROVING, "no better than the baseline"),
    (Impact.NO_DATA, "no current figure, or no baseline to compare with"),
)

# Which way a value went, for formats that suit symbols; the word is always beside it.
SYMBOLS = {"improved": "▲", "worse": "▼"}
# Said under each table that uses them: a symbol means one thing wherever it is.
MOVES_KEY = "Key: ▲ improved, ▼ worse, since then."
MEASURE_KEY = "Key: ↑ higher is better, ↓ lower is better."


def against_dates(optimistic: bool, pessimistic: bool) -> str:
    """How a lead's RAG stands against the dates' one, in words (no symbol: the arrows
    mean a move since the last board): "better than the dates", "worse than the dates"."""
    if optimistic:
        return "better than the dates"
    return "worse than the dates" if pessimistic else ""


def moves_key(details: Iterable[object]) -> str:
    """The key to the arrows, for a table that shows a move with one; "" for one without."""
    moved = any(isinstance(detail, Move) and detail.direction in SYMBOLS for detail in details)
    return MOVES_KEY if moved else ""


def delivery_words(totals: Totals) -> list[str]:
    """Done of live, progress, due by now, overdue and blocked, as a paper's table gives
    them in words, before the RAG each format shows its own way."""
    return [
        f"{totals.done}/{totals.live}",
        percent(totals.progress),
        percent(totals.planned),
        str(totals.overdue),
        str(totals.blocked),
    ]


def paper_outlook(status: Status) -> str:
    """The forecast in a sentence for a board paper, which says what is so, not what to
    type: without a start date the screens' sentence names a command."""
    if status.forecast is None:
        return _not_begun(status) or (
            "No forecast yet: the plan has no start date and no history before today."
        )
    return outlook(status.forecast)


def screen_outlook(status: Status) -> str:
    """The forecast in one line on a screen, where a plan with no history is told how to
    say when it began (a plan imported today starts today)."""
    after = status.start is not None and status.start > status.as_of
    return (_not_begun(status) if after else "") or outlook(status.forecast)


def _not_begun(status: Status) -> str:
    """Why there is no forecast when the plan starts on or after the date measured at."""
    if status.start is None or status.start < status.as_of:
        return ""
    return (
        f"No forecast yet: the plan starts on {long_date(status.start)}, so nothing can "
        "have been done by then."
    )


def outlook(result: Forecast | None) -> str:
    """The forecast in one line, for every renderer."""
    if result is None:
        return (
            "No forecast yet: the plan has no history before today "
            "(`improvetrack plan set --start DATE` says when it began)."
        )
    weeks = round(result.window_days / 7)
    span = counted(weeks, "week")
    span = f"the last {span}" if result.window_days >= WINDOW_DAYS else span
    if result.live == 0:
        return "No forecast: no actions count towards progress yet."
    if result.remaining == 0:
        return "Every action is done."
    if not result.has_history:
        return f"No forecast: no actions were completed in {span}."
    rate = f"{result.per_week:.1f} a week over {span}"
    finish = result.finish
    when = long_date(finish) if finish else ""
    tail = f"all done by about {when}" if finish else "not all done before the year 10000"
    if result.done_by_inspection is not None and result.inspection is not None:
        head = (
            f"At this rate ({rate}) {result.done_by_inspection} of "
            f"{counted(result.live, 'action')} will be done by the inspection"
        )
        if finish and finish > result.inspection:
            return f"{head}; the last around {when}, after it."
        return f"{head}; {tail}."
    return f"At this rate ({rate}), {tail}."


def incomplete_words(ids: list[str]) -> str:
    """What the figures rest on when the log cannot account for some actions' history."""
    named = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
    return (
        f"History incomplete for {counted(len(ids), 'action')} ({named}): the log cannot "
        "say how they stood then, so their figures use what the register holds now"
    )


def held_up_words(waits: Waits | None) -> str:
    """Why an action is held up: the prerequisite due later, or the one with no date."""
    if waits is None or waits.held_by is None:
        return "held up"
    if waits.undated is not None:
        return f"held up: depends on {waits.undated}, which has no date"
    return f"held up: depends on {waits.held_by}, due later"


def inspection_label(inspection: Inspection | None) -> str:
    """A roll-up's column: "2027-03-31", "2027-05-27 (estimate)", "—" with none."""
    if inspection is None:
        return "—"
    return f"{inspection.day} (estimate)" if inspection.estimated else str(inspection.day)


def days_phrase(days: int) -> str:
    return f"{counted(days, 'day')} to go" if days >= 0 else f"{counted(-days, 'day')} ago"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def move_words(move: Move) -> str:
    """ "▼ worse: GREEN → RED", "same: 40% → 40%"."""
    mark = SYMBOLS.get(move.direction)
    return f"{mark} {move}" if mark else str(move)


def day_words(value: date | None) -> str:
    return long_date(value) if value else "—"


def rag_word(rag: Rag | None) -> str:
    return rag.word if rag else "none"


def rag_move(move: RagMove) -> Move:
    """An action's RAG then → now: "worse: GREEN → RED"."""
    return Move(rag_word(move.then), rag_word(move.now), move.direction)


def area_moves(move: AreaMove) -> tuple[Move, Move]:
    """An area's progress and RAG then → now: "improved: 18% → 29%", "same: RED → RED"."""
    was, now = move.then, move.area.totals
    progress = Move(percent(was.progress) if was else "none", percent(now.progress), move.progress)
    return progress, Move(rag_word(was.rag if was else None), rag_word(now.rag), move.rag)


def measure_move(move: MeasureMove) -> Move:
    """A measure's value then → now, in its unit: "improved: 12.5% → 10%"."""
    measure = move.measure.measure
    unit = measure.unit or ""

    def said(value: float | None) -> str:
        return f"{value:g}{unit}" if value is not None else "none"

    return Move(said(move.then), said(measure.current), move.direction)


def since_headline(changes: Changes) -> str:
    """ "Was 18% done with 0 overdue at the board on 2 October 2026; now 29% done with 3
    overdue." """

    def said(status: Status) -> str:
        totals = status.totals
        return f"{round((totals.progress or 0) * 100)}% done with {totals.overdue} overdue"

    day = long_date(changes.since)
    when = f"at the board on {day}" if changes.board else f"on {day}"
    return f"Was {said(changes.then)} {when}; now {said(changes.now)}."


def failure_detail(failure: Failure) -> str:
    """What makes a `--fail-on` condition hold: "progress 29% < planned 40%", "3: ASM-1, …"."""
    if not failure.ids:  # a plan behind, with its figures (a roll-up names the plans)
        progress, planned = failure.progress or 0, failure.planned or 0
        return f"progress {round(progress * 100)}% < planned {round(planned * 100)}%"
    return f"{len(failure.ids)}: {', '.join(failure.ids)}"


def failure_words(failure: Failure) -> str:
    """ "overdue (3: ASM-1, ASM-2, ASM-4)"."""
    return f"{failure.condition} ({failure_detail(failure)})"
