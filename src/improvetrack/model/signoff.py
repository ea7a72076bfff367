"""Signing an action off: someone other than its owner, and other than the name it was
delivered in, accepts the evidence; the names the log knows for each side."""

from __future__ import annotations

from improvetrack.errors import InvalidChange
from improvetrack.model.changes import Stamp, log_change, required
from improvetrack.model.names import same_name
from improvetrack.model.register import Action, Register


def sign_off(
    register: Register, action_id: str, name: str, stamp: Stamp, *, recorded: bool = False
) -> Action:
    """Accept the evidence for an action awaiting sign-off; it becomes done.

    Separation of duties is between the names recorded: the signer, `name`, may be
    neither the action's owner nor the name it was marked delivered in (names compared
    after case-folding and collapsing spaces). An officer who keeps the register for
    everyone may type both in; the log keeps `by` = the signer and `user` = who typed it.
    A sign-off `recorded` from a sheet happened elsewhere, by the name the sheet gives,
    so only the owner rule is checked then (`check` still flags a log that shows one
    name completing and signing off).
    """
    action = register.action(action_id)
    name = required(name, "--by")
    if action.status == "done":
        by = f" (signed off by {action.signed_off_by})" if action.signed_off_by else ""
        raise InvalidChange(f"{action.id} is already done{by}; nothing changed")
    if action.status != "awaiting-sign-off":
        raise InvalidChange(
            f"{action.id} is {action.status}: only an action awaiting sign-off can be signed "
            f"off; mark it delivered first with `improvetrack done {action.id}`"
        )
    signer = same_name(name)
    if action.owner and same_name(action.owner) == signer:
        raise InvalidChange(
            f"{action.id}: its owner cannot sign it off; someone else must accept the evidence"
        )
    if not recorded and signer in delivered_by(action):
        raise InvalidChange(
            f"{action.id}: {name} marked it done, so cannot sign it off too; someone else "
            "must accept the evidence"
        )
    action.status = "done"
    action.completed = stamp.today
    action.signed_off_by = name
    typed_by = stamp.user or stamp.by
    signing = Stamp(
        by=name,
        at=stamp.at,
        today=stamp.today,
        user=typed_by if same_name(typed_by) != signer else None,
    )
    log_change(
        action,
        signing,
        f"status: awaiting-sign-off → done (signed off by {name})",
        field="status",
        old="awaiting-sign-off",
        new="done",
    )
    return action


def delivered_by(action: Action) -> set[str]:
    """The names the action was marked delivered (done or awaiting sign-off) in, as names
    are compared (who typed the change in is not one of them)."""
    names: set[str] = set()
    for entry in action.log:
        if entry.field == "status" and entry.new in ("awaiting-sign-off", "done"):
            if entry.old == "awaiting-sign-off":
                continue  # that is the sign-off itself
            names.add(same_name(entry.by))
    return names


def signed_off_by(action: Action) -> set[str]:
    """The names the action was signed off in, as names are compared."""
    names: set[str] = set()
    for entry in action.log:
        if entry.field == "status" and entry.old == "awaiting-sign-off" and entry.new == "done":
            names.add(same_name(entry.by))
    if action.signed_off_by:
        names.add(same_name(action.signed_off_by))
    return names
