"""`report --format ics`: the plan's dates as an iCalendar file (RFC 5545) that Outlook,
Google Calendar and Thunderbird import.

One all-day event for each open action with a due date, each board meeting (past ones
too), the next inspection (an estimate says so), the action plan deadline where the tool
computes one, and each update round's due date. Written by hand rather than with a
calendar library: the format needs four kinds of line, and owning the bytes is what makes
the file the same on every run and every machine (no clock, no random UID, no library
version in it), escapes every register text, and folds long lines on character
boundaries. The tests read it back with the `icalendar` package.

A UID is KIND-KEY.PLANID@improvetrack: the kind of date, the action's ID or the date, and
the plan's identity, so importing a newer file updates the events an older one made.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any, NamedTuple

from improvetrack.figures.progress import ActionStatus, Status
from improvetrack.figures.report import Report
from improvetrack.model import identity
from improvetrack.model.register import OPEN_STATUSES, Plan
from improvetrack.model.text import safe
from improvetrack.render.options import Options

PRODUCT = "-//improvetrack//Improvement plan calendar//EN"
LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded
# The order of kinds on one day: what the others are measured against first.
KINDS = ("inspection", "action-plan", "board", "round", "action")


class Event(NamedTuple):
    day: date
    kind: str  # one of KINDS: the first part of the UID
    key: str  # the action's ID or an ISO date: the second part
    summary: str
    description: str = ""


def render(report: Report, options: Options) -> bytes:
    """The calendar: UTF-8 lines ending in CRLF, folded at 75 octets."""
    status = report.status
    plan_key = identity.key(status.plan)
    stamp = f"{status.as_of:%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(safe(status.plan.title))}",
    ]
    for event in sorted(events(status), key=lambda e: (e.day, KINDS.index(e.kind), e.key)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.kind}-{event.key}.{plan_key}@improvetrack",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(event.summary)}",
            *([f"DESCRIPTION:{escape(event.description)}"] if event.description else []),
            "TRANSP:TRANSPARENT",  # a date to keep in mind, not time taken up
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) + b"\r\n" for line in lines)


def events(status: Status) -> Iterator[Event]:
    """Every date the calendar holds, in no particular order."""
    plan = status.plan
    if status.inspection is not None:
        inspection = status.inspection
        if inspection.estimated:
            window = f"Estimated window: {inspection.day} to {inspection.latest}."
            summary, about = "Next inspection (estimate)", window if inspection.latest else ""
        else:
            summary, about = "Next inspection", ""
        yield Event(inspection.day, "inspection", inspection.day.isoformat(), summary, about)
    if status.deadline is not None:
        deadline = status.deadline
        rule = deadline.rule
        if deadline.overridden:
            about = "The date set in the plan (plan.action_plan_due)."
        elif rule is not None and deadline.counted_from:
            counted = getattr(plan, deadline.counted_from)
            about = (
                f"{rule.working_days} working days from {deadline.counted_from} {counted}. "
                f"Source: {rule.source}."
            )
        else:
            about = ""
        what = deadline.what[:1].upper() + deadline.what[1:]
        yield Event(deadline.due, "action-plan", deadline.due.isoformat(), what, about)
    for board in plan.boards:
        yield Event(board, "board", board.isoformat(), "Improvement board")
    for opened, due in rounds(plan):
        summary = f"Update returns due (round opened {opened})"
        yield Event(due, "round", opened.isoformat(), summary)
    areas = {item.area.key: item.area.title for item in status.areas}
    for item in status.actions:
        if item.action.status in OPEN_STATUSES and item.action.due is not None:
            yield _action_event(item, item.action.due, areas)


def _action_event(item: ActionStatus, due: date, areas: Mapping[str, str]) -> Event:
    action = item.action
    rag = item.rag.word if item.rag else "none"
    if item.reported is not None:
        rag += f" (the lead reports {item.reported.word})"
    facts = [
        f"Owner: {safe(action.owner) if action.owner else 'none'}",
        f"Area: {safe(areas.get(action.area, action.area))}",
        f"Status: {action.status}",
        f"RAG: {rag}",
    ]
    summary = f"{action.id} due: {safe(action.title)}"
    return Event(due, "action", action.id, summary, "\n".join(facts))


def rounds(plan: Plan) -> list[tuple[date, date]]:
    """Each update round's (opened, due) dates: `plan.rounds` as the model holds it, or as
    the register's own tables where the model does not know it; a round without both
    dates is left out."""
    held: Any = getattr(plan, "rounds", None)
    if held is None:
        held = plan.extra.get("rounds")
    found = []
    for round_ in held if isinstance(held, Iterable) and not isinstance(held, str) else ():
        opened, due = (_value(round_, name) for name in ("opened", "due"))
        if isinstance(opened, date) and isinstance(due, date):
            found.append((opened, due))
    return sorted(set(found))


def _value(item: object, name: str) -> object:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped,
    and no control character left, so no register text can end a line or start a property."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(plain, escaped)
    return text


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded (CRLF and a space) so that no physical line is
    longer than 75 octets, never inside a character's bytes."""
    out, current, size = [], bytearray(), 0
    for char in line:
        encoded = char.encode("utf-8")
        if size + len(encoded) > LINE_OCTETS:
            out.append(bytes(current))
            current, size = bytearray(b" "), 1
        current += encoded
        size += len(encoded)
    out.append(bytes(current))
    return b"\r\n".join(out)
