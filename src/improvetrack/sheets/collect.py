"""Collecting a return into the register: each editable cell compared three ways.

Base is the value in the pack when it was made, returned is what the lead sent back, and
the register's value now is the third. Returned = base: nothing to do. Register = base:
the lead's value is applied. Both changed to the same value: nothing to do either. Both
changed, differently: a conflict; the register keeps its value and the conflict is listed.
`Revised due date` has the pack's `Due` as its base; `Update` and `Evidence` start blank
and only add, so they never conflict.

Changes are made through `changes`, as the command line makes them, in the lead's name
(`by`), with who collected them (`user`) and the file they came from (`source`) logged.
"""

from __future__ import annotations

from datetime import date

from improvetrack.model import changes
from improvetrack.model.changes import Stamp
from improvetrack.model.records import field, record
from improvetrack.model.register import NONE, Action, Register
from improvetrack.model.rounds import Return, Round, name_key
from improvetrack.model.text import safe
from improvetrack.sheets.returns import Problems, Returned, ReturnRow

SOURCE = "source"  # the log key naming the file a change came from


@record
class Change:
    """One change a return made (or, in a dry run, would make)."""

    action: str
    field: str
    old: str
    new: str


@record
class Conflict:
    """A cell both the lead and the register changed, differently: the register's kept."""

    action: str
    field: str
    register: str
    returned: str


@record
class Collected:
    """What collecting one return did."""

    file: str
    owner: str
    opened: date
    already: bool = False
    late_days: int = 0  # collected this many days after the round's due date
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def source(file: str, opened: date) -> str:
    return f"update return {file} (round {opened.isoformat()})"


def _shown(value: object) -> str:
    if value is None or value == "":
        return NONE
    return value.isoformat() if isinstance(value, date) else safe(value)


def check_values(returned: Returned, problems: Problems) -> None:
    """What a return asks for that the CLI would refuse, whatever the register holds: an
    amber or red RAG with no reason, a blocked status with no reason."""
    for row in returned.rows:
        base = returned.base[row.id]
        rag = row.rag or base.text("Your RAG")
        if rag in ("amber", "red") and not row.reason:
            problems.at(
                returned.path,
                row.cells["Reason for RAG"],
                f"{row.id} is {rag}: say why in Reason for RAG",
            )
        newly_blocked = row.status == "blocked" and base.text("Status") != "blocked"
        if newly_blocked and not (row.reason or row.update):
            problems.at(
                returned.path,
                row.cells["Status"],
                f"{row.id} is blocked: say what blocks it in Reason for RAG or Update",
            )


def already_collected(round_: Round, returned: Returned) -> bool:
    return any(item.digest == returned.digest for item in round_.returns_of(returned.owner))


def collect(
    register: Register,
    round_: Round,
    returned: Returned,
    stamp: Stamp,
) -> Collected:
    """Apply one return to `register` (already checked by `check_values`), record it in
    the round, and say what it did. `stamp` is in the lead's name."""
    result = Collected(returned.name, returned.owner, round_.opened)
    result.late_days = max((stamp.today - round_.due).days, 0)
    if already_collected(round_, returned):
        result.already = True
        return result
    said = source(returned.name, round_.opened)
    for row in returned.rows:
        action = register.actions.get(row.id)
        if action is None:
            result.warnings.append(
                f"{returned.name}: {row.id} is no longer in the register; its row is ignored"
            )
            continue
        before = len(action.log)
        _apply_row(register, action, row, returned, stamp, result)
        for entry in action.log[before:]:
            entry.extra[SOURCE] = said
    round_.returns.append(
        Return(
            owner=returned.owner,
            on=stamp.today,
            file=returned.name,
            actions=[row.id for row in returned.rows],
            digest=returned.digest,
        )
    )
    return result


def _three_way(base: object, returned: object, now: object) -> tuple[bool, bool]:
    """(apply, conflict) for one cell."""
    if returned in (base, now):
        return False, False
    if now == base:
        return True, False
    return False, True


def _apply_row(
    register: Register,
    action: Action,
    row: ReturnRow,
    returned: Returned,
    stamp: Stamp,
    result: Collected,
) -> None:
    base = returned.base[row.id]

    def change(name: str, old: object, new: object) -> None:
        result.changes.append(Change(action.id, name, _shown(old), _shown(new)))

    def conflict(name: str, now: object, sent: object) -> None:
        result.conflicts.append(Conflict(action.id, name, _shown(now), _shown(sent)))

    # Status: done settles as awaiting sign-off on a plan that needs sign-off.
    if row.status is not None:
        base_status = base.text("Status") or ""
        sent = changes.settled_status(register.plan, row.status)
        settled_base = changes.settled_status(register.plan, base_status)
        apply, clash = _three_way(settled_base, sent, action.status)
        if row.status == base_status:
            apply, clash = False, False
        if clash:
            conflict("status", action.status, sent)
        elif apply:
            old = action.status
            reason = (
                _blocked_reason(row, base.text("Reason for RAG")) if sent == "blocked" else None
            )
            changes.set_status(register, action.id, sent, stamp, reason=reason, reopen=True)
            change("status", old, action.status)
    # The lead's RAG and its reason, each compared on its own, then set together.
    rag, reason = action.rag, action.rag_reason
    sent_rag = row.rag or base.text("Your RAG")
    apply, clash = _three_way(base.text("Your RAG"), sent_rag, action.rag)
    if clash:
        conflict("rag", action.rag, sent_rag)
    elif apply:
        rag = sent_rag
    apply, clash = _three_way(base.text("Reason for RAG"), row.reason, action.rag_reason)
    if clash:
        conflict("rag_reason", action.rag_reason, row.reason)
    elif apply:
        reason = row.reason
    if (rag, reason) != (action.rag, action.rag_reason):
        old_rag, old_reason = action.rag, action.rag_reason
        if rag is not None:
            changes.set_rag(action, rag, reason, stamp)
        else:
            changes.set_field(action, "rag_reason", reason, stamp)
        if rag != old_rag:
            change("rag", old_rag, rag)
        if action.rag_reason != old_reason:
            change("rag_reason", old_reason, action.rag_reason)
    # A revised date has the pack's due date as its base; the baseline stays.
    if row.revised is not None:
        apply, clash = _three_way(base.day("Due"), row.revised, action.due)
        if clash:
            conflict("due", action.due, row.revised)
        elif apply:
            old_due = action.due
            changes.set_field(action, "due", row.revised, stamp)
            change("due", old_due, row.revised)
    # Update and Evidence only add.
    if row.update and not _said_already(action, row.update, returned.owner):
        changes.add_progress(action, row.update, stamp.today, stamp)
        change("progress", None, row.update)
    for link in row.evidence:
        if changes.add_evidence(action, link, stamp):
            change("evidence", None, link)


def _blocked_reason(row: ReturnRow, base_reason: str | None) -> str | None:
    """What blocks it: a reason the lead wrote now, else their update, else the reason."""
    if row.reason and row.reason != base_reason:
        return row.reason
    return row.update or row.reason


def _said_already(action: Action, text: str, owner: str) -> bool:
    """Whether this lead's latest update says exactly this (a return sent twice, changed
    elsewhere): the same update is not added again."""
    latest = action.latest_update
    return (
        latest is not None
        and latest.text.strip() == text.strip()
        and name_key(latest.by) == name_key(owner)
    )
