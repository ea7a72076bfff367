"""The plan's identity (`plan.id`): a random UUID that `init` writes, and that calendar
UIDs, update packs and returns carry so they can be told apart from another plan's.

A register made before v3 has none. A command that writes the register and needs one
gives it once (`give`, logged). A read-only one, such as a calendar written by `report`,
must not write the register, so it uses `key`: the plan's id, else one derived from the
plan's title and inspection date, the same on every machine and every run.
"""

from __future__ import annotations

import uuid

from improvetrack.model.changes import Stamp, log_change
from improvetrack.model.register import Plan, Register

# The namespace of derived identities (a UUID of our own, fixed for ever).
_DERIVED = uuid.UUID("6f1d2c3a-9b47-5e08-a1c4-2d7e0b93f5a6")


def give(register: Register, stamp: Stamp) -> str:
    """The plan's id, written once, logged, into a register that has none."""
    plan = register.plan
    if plan.id is None:
        plan.id = str(uuid.uuid4())
        log_change(plan, stamp, f"id: {plan.id} given", field="id", new=plan.id)
    return plan.id


def key(plan: Plan) -> str:
    """The plan's id, else a stable one derived from its title and inspection date."""
    if plan.id:
        return plan.id
    inspected = plan.inspected.isoformat() if plan.inspected else ""
    return str(uuid.uuid5(_DERIVED, f"{plan.title.strip()}\n{inspected}"))
