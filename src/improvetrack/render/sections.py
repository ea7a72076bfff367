"""The report's words: its summary, why each area has its RAG, and each section's title,
note, column header and cells. The report itself holds numbers, dates, codes and
records; every format that shows it to people takes its wording from here, so the
wording is one and JSON keys that carry prose are composed the same way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from improvetrack.figures.history import DateMove
from improvetrack.figures.progress import SOON_DAYS, ActionStatus, Rag, Status, projected_later
from improvetrack.model.dates import long_date
from improvetrack.model.records import record
from improvetrack.model.register import status_words
from improvetrack.model.text import counted
from improvetrack.render.words import Move, held_up_words, incomplete_words, move_words, rag_move

if TYPE_CHECKING:
    # Only named in signatures: JSON for the status screen reads the words here too, and
    # importing them would load the report and its checks for it.
    from improvetrack.figures.decided import PaperRow
    from improvetrack.figures.dependencies import Waits
    from improvetrack.figures.detail import Update
    from improvetrack.figures.report import LeadSays, RagMove, Report, Section, Why
    from improvetrack.figures.rounds import RoundStatus

NOTHING_DUE = f"Nothing overdue, blocked or due in the next {SOON_DAYS} days."
NOTHING_CHANGED = "No actions completed, blocked, added or moved."
# Where a section's actions are listed in full already, when its `listed` is set.
LISTED_IN = "Decisions for the board"


def _same(value: Any) -> object:
    return value


def _evidence(value: Any) -> object:
    return "; ".join(value) or "none attached"


def _status(value: Any) -> object:
    return status_words(value)


def _lead_says(value: Any) -> object:
    said: LeadSays = value
    reported = said.reported.word if said.reported else "—"
    computed = said.computed.word if said.computed else "—"
    because = f": {said.reason}" if said.reason else ""
    return f"{reported} (the dates give {computed}){because}"


def _held(value: Any) -> object:
    waits: Waits | None = value
    if waits is None or waits.held_by is None:
        return ""
    if waits.undated is not None:
        return f"{waits.undated}, which has no date"
    return f"{waits.held_by}, due later: projected {waits.projected}"


def _moved(value: Any) -> object:
    move: RagMove = value
    return rag_move(move)


# What a board decided on an action, in a paper's words.
DECIDED = {
    "accepted": "evidence accepted: signed off by the board",
    "agreed": "revised date agreed: the baseline is now the due date",
    "escalated": "escalated",
}


def _decided(value: Any) -> object:
    row: PaperRow = value
    words = "; ".join(DECIDED[kind] for kind in row.kinds) or "noted"
    note = f": {row.note}" if row.note is not None else ""
    return f"{words} (board of {long_date(row.board)}){note}"


def _update(value: Any) -> object:
    update: Update = value
    return f"{long_date(update.on)}: {update.text}"


@record
class Words:
    """A section's words: its title ("{days}" for the number of days it names), the
    header of its own column, what the board might do about it, and how a cell of its
    column reads (dates, numbers and moves stay as they are, for each format to draw)."""

    title: str
    column: str
    note: str = ""
    cell: Callable[[Any], object] = _same


SECTIONS: dict[str, Words] = {
    # What the board decides.
    "sign-off": Words(
        "Evidence to accept",
        "Evidence",
        "Delivered and waiting for someone other than the owner to accept the evidence.",
        _evidence,
    ),
    "escalate": Words(
        "Blocked: to escalate",
        "Blocked by",
        "Each needs someone with the authority to remove what blocks it.",
    ),
    "replan": Words(
        "Revised dates to agree",
        "Agreed → now",
        "Due later than the plan agreed: the board agrees each revised date, which "
        "becomes the plan's baseline, or asks how the agreed date will still be met.",
    ),
    "challenge": Words(
        "RAGs to challenge",
        "Lead reports",
        "The lead reports a better RAG than the action's dates and status give.",
        _lead_says,
    ),
    "hear": Words(
        "RAGs to hear",
        "Lead reports",
        "The lead reports a worse RAG than the action's dates and status give: what "
        "do they know that the dates do not?",
        _lead_says,
    ),
    # The exceptions.
    "overdue": Words("Overdue", "Days overdue"),
    "blocked": Words("Blocked", "Blocked by"),
    "due-soon": Words("Due in the next {days} days", "Status", cell=_status),
    "held-up": Words(
        "Held up by what they wait for",
        "Waits for",
        "Each waits for an action due later than itself, or with no date.",
        _held,
    ),
    "stale": Words(
        "No update for over {days} days",
        "Last update",
        "Neither a progress update nor an update return has come in for these.",
    ),
    "unowned": Words(
        "No owner", "Status", "No one answers for these yet: give each an owner.", _status
    ),
    "undated": Words(
        "No due date", "Timescale", "Without a date these cannot be counted against the plan."
    ),
    # What changed since a date.
    "decided": Words("Decided at the board", "Decision", cell=_decided),
    "rag-moves": Words("RAG moves", "RAG then → now", cell=_moved),
    "reported-moves": Words("Reported RAG moves", "Lead's RAG then → now", cell=_moved),
    "completed": Words("Completed", "Completed"),
    "added": Words("Added", "Created"),
    "dropped": Words("Dropped", "Why"),
    "newly-blocked": Words("Newly blocked", "Blocked by"),
    "unblocked": Words("Unblocked", "Status now", cell=_status),
    "slipped": Words("Due date moved later", "Due then → now"),
    "updates": Words("Progress updates given", "Update", cell=_update),
}


def title(section: Section) -> str:
    return SECTIONS[section.key].title.format(days=section.days)


def note(section: Section) -> str:
    """What the board might do about these, in a sentence ("" for none)."""
    return SECTIONS[section.key].note


def column(section: Section) -> str:
    return SECTIONS[section.key].column


def listed_in(section: Section) -> str:
    """Where these same actions are listed in full already; "" where they are not."""
    return LISTED_IN if section.listed else ""


def cells(section: Section) -> list[object]:
    """The section's own column, each value in words or as a date, number or move for
    the format to draw its own way."""
    cell = SECTIONS[section.key].cell
    return [cell(detail) for detail in section.details]


def because(why: Why, as_of: date) -> str:
    """The rule that gives an area its RAG, in words, and the actions behind it."""
    rag = why.area.totals.rag
    if rag is None:
        return "No live actions."
    if rag is Rag.BLUE:
        return "BLUE: every action is done."
    if rag is Rag.GREEN:
        return "GREEN: every open action is on track."
    said = [f"{item.action.label} ({', '.join(reason_words(item, as_of))})" for item in why.behind]
    return f"{rag.word} because of {counted(len(why.behind), 'action')}: {'; '.join(said)}."


def reason_words(item: ActionStatus, as_of: date) -> list[str]:
    """Why an action has its computed RAG, in words: every rule that applies to it (the
    codes are the status's `reasons`)."""
    action = item.action
    overdue = (as_of - action.due).days if action.due is not None else 0
    words = {
        "done": "done",
        "dropped": "dropped",
        "awaiting-sign-off": "awaiting sign-off",
        "blocked": "blocked",
        "overdue": f"{counted(overdue, 'day')} overdue",
        "slipped": f"slipped {counted(item.slipped_days or 0, 'day')}",
        "held-up": held_up_words(item.waits),
        "late": f"{'projected' if projected_later(item) else 'due'} after the inspection",
        "starts-soon": f"due within {SOON_DAYS} days and not started",
        "no-owner": "no owner",
        "no-date": "no due date",
    }
    return [words[code] for code in item.reasons]


def summary(report: Report) -> str:
    """The headline in plain words, reconciling RAG, pace and forecast, and how many leads
    have returned in the latest round."""
    return status_summary(report.status) + _returned(report.round)


def status_summary(status: Status) -> str:
    """The plan's position in a few plain sentences, so that a RED beside a good forecast,
    or GREEN beside slipping dates, is explained rather than left to puzzle over."""
    totals = status.totals
    if totals.progress is None or totals.planned is None:
        return "No actions yet." if not totals.actions else "Every action has been dropped."
    pace = "Behind plan" if totals.behind else "On plan"
    verb = "is" if 1 in (totals.done, totals.live) else "are"  # "0 of 1 action is done"
    done = f"{totals.done} of {counted(totals.live, 'action')} {verb} done"
    done += f" ({round(totals.progress * 100)}%)"
    sentences = [f"{pace}: {done}, against {round(totals.planned * 100)}% due by now."]
    trouble = []
    if totals.overdue:
        trouble.append(f"{counted(totals.overdue, 'action is', 'actions are')} overdue")
    if totals.blocked:
        trouble.append(f"{counted(totals.blocked, 'is', 'are')} blocked")
    if totals.slipped:
        trouble.append(
            f"{counted(totals.slipped, 'has', 'have')} slipped past the agreed date "
            f"({counted(totals.slipped_days, 'day')} in all)"
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
            f"{counted(totals.optimistic, 'lead reports', 'leads report')} a better RAG "
            "than the dates give."
        )
    if totals.pessimistic:
        sentences.append(
            f"{counted(totals.pessimistic, 'lead reports', 'leads report')} a worse RAG "
            "than the dates give."
        )
    if totals.awaiting_sign_off:
        sentences.append(
            f"{counted(totals.awaiting_sign_off, 'action waits', 'actions wait')} for sign-off."
        )
    if status.incomplete:
        sentences.append(incomplete_words(status.incomplete) + ".")
    return " ".join(sentences)


def _sentence(parts: list[str]) -> str:
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[0].upper() + text[1:]


def _returned(status: RoundStatus | None) -> str:
    """The paper's words on the latest round: how many leads have returned (with a
    leading space), or nothing with no round."""
    if status is None or not status.leads:
        return ""
    asked = len(status.leads)
    noun = "lead" if asked == 1 else "leads"
    return (
        f" {status.returned} of {asked} {noun} returned their update for the round due "
        f"{long_date(status.due)}."
    )


def shown(value: object) -> str:
    """A value of a report's table for a person: dates in words, moves with their arrow,
    nothing as a dash. (Register text in it must still be made inert by the format's own
    escaping.)"""
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, Move):
        return move_words(value)
    if isinstance(value, DateMove):
        return date_move_words(value)
    return str(value)


def date_move_words(move: DateMove) -> str:
    """ "31 January 2027 → 31 March 2027 (+59 days)"."""
    return f"{long_date(move.old)} → {long_date(move.new)} (+{counted(move.days, 'day')})"
