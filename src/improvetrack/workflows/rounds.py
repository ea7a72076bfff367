"""Workflows of an update round: ask the leads (write their packs), collect the returns,
and see who to chase. One call each, for the command line and for Python."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from improvetrack.errors import InvalidChange, SpreadsheetError, UsageError
from improvetrack.figures.deadlines import WorkingDays, count_working_days
from improvetrack.files import store
from improvetrack.files.atomic import write_atomically
from improvetrack.files.defaults import LOCK_TIMEOUT
from improvetrack.model import identity
from improvetrack.model.changes import Stamp
from improvetrack.model.records import field, record, replace
from improvetrack.model.register import Action, Register, id_sort_key
from improvetrack.model.rounds import Asked, Round, latest, name_key
from improvetrack.sheets.collect import Collected, check_values, collect
from improvetrack.sheets.packs import Pack, file_names, owned_open, pack_bytes, pack_row
from improvetrack.sheets.returns import Problems, Returned, locked_changes, read_return

DUE_IN = 10  # working days from opening a round to its returns' due date
PACKS = Path("update-packs")


@record
class Requested:
    """What `request` did: the round, the packs written, and actions nobody was asked about."""

    opened: date
    due: date
    board: date | None
    opened_now: bool
    files: list[Path]
    unowned: list[str] = field(default_factory=list)  # open actions with no owner


def request(
    path: Path,
    stamp: Stamp,
    *,
    out: Path = PACKS,
    due: date | None = None,
    board: date | None = None,
    owner: str | None = None,
    working_days: WorkingDays = count_working_days,
    warn: Callable[[str], None] = lambda line: None,
    timeout: float = LOCK_TIMEOUT,
) -> Requested:
    """Open a round on the as-of date (or reuse the one opened that day) and write a pack
    for each owner of open actions into `out`; with `owner`, write that owner's pack again
    in the latest round (a chase), opening none."""
    if due is not None and due < stamp.today:
        raise UsageError(f"--due {due} is before the round opens ({stamp.today})")
    if owner is not None and (due is not None or board is not None):
        raise UsageError(
            "--owner re-issues a pack in the latest round: --due and --board belong to a new round"
        )
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    default_due = working_days(stamp.today, DUE_IN) if due is None and owner is None else due

    def change(loaded: store.Loaded) -> tuple[Register, Round, bool]:
        register = loaded.register
        identity.give(register, stamp)
        owned = owned_open(register)
        if owner is not None:
            return (register, *_chase(register, owned, owner))
        plan = register.plan
        current = next((item for item in plan.rounds if item.opened == stamp.today), None)
        opened_now = current is None
        if current is None:
            last = latest(plan.rounds)
            if last is not None and last.opened > stamp.today:
                raise InvalidChange(
                    f"a later round was opened on {last.opened}; a round opens on the "
                    "as-of date, after every other"
                )
            current = Round(stamp.today, default_due or stamp.today, board)
            plan.rounds.append(current)
        else:
            current.due = due or current.due
            current.board = board or current.board
        asked = {name_key(item.owner): item for item in current.asked}
        for name, actions in owned.items():
            ids = [action.id for action in actions]
            held = asked.get(name_key(name))
            if held is None:
                current.asked.append(Asked(name, ids))
            elif held.actions != ids:
                held.actions = ids
        return register, current, opened_now

    register, current, opened_now = store.edit(path, change, warn=warn, timeout=timeout)
    owned = owned_open(register)
    names = file_names(current.opened, [item.owner for item in current.asked])
    chased = None if owner is None else name_key(owner)
    wanted = [item for item in current.asked if chased in (None, name_key(item.owner))]
    files = []
    out.mkdir(parents=True, exist_ok=True)
    by_key = {name_key(name): actions for name, actions in owned.items()}
    for asked in wanted:
        actions = by_key.get(name_key(asked.owner), [])
        if not actions:
            continue
        pack = Pack(
            plan_id=register.plan.id or "",
            plan_title=register.plan.title,
            opened=current.opened,
            due=current.due,
            board=current.board,
            owner=asked.owner,
            file=names[asked.owner],
            made=stamp.today,
            rows=[pack_row(register, action) for action in actions],
        )
        target = out / pack.file
        write_atomically(target, pack_bytes(pack))
        files.append(target)
    unowned = sorted(
        (a.id for a in register.actions.values() if a.is_open and not (a.owner or "").strip()),
        key=id_sort_key,
    )
    return Requested(current.opened, current.due, current.board, opened_now, files, unowned)


def _chase(register: Register, owned: dict[str, list[Action]], owner: str) -> tuple[Round, bool]:
    current = latest(register.plan.rounds)
    if current is None:
        raise InvalidChange("no update round yet: open one with `improvetrack updates request`")
    by_key = {name_key(name): name for name in owned}
    wanted = name_key(owner)
    if wanted not in by_key:
        owners = "; ".join(sorted(by_key.values())) or "none"
        raise UsageError(
            f"--owner {owner!r}: no open action has that owner (the exact name, any case); "
            f"owners of open actions: {owners}"
        )
    ids = [action.id for action in owned[by_key[wanted]]]
    asked = current.asked_of(owner)
    if asked is None:
        current.asked.append(Asked(by_key[wanted], ids))
    elif asked.actions != ids:
        asked.actions = ids
    return current, False


# --- collecting ------------------------------------------------------------------------


class ReturnsInvalid(SpreadsheetError):
    """Returns with problems: each listed, nothing written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the returns; nothing written: "
            "correct what is named above and collect again"
        )


@record
class Collection:
    """What `collect` did (or, in a dry run, would do) with every return."""

    returns: list[Collected]
    warnings: list[str]
    dry_run: bool

    @property
    def conflicts(self) -> int:
        return sum(len(item.conflicts) for item in self.returns)


def collect_returns(
    path: Path,
    files: Sequence[Path],
    stamp: Stamp,
    *,
    dry_run: bool = False,
    warn: Callable[[str], None] = lambda line: None,
    problems: Callable[[str], None] = lambda line: None,
    timeout: float = LOCK_TIMEOUT,
) -> Collection:
    """Read every return, check them all, then apply them in one atomic write.

    Any problem in any return raises ReturnsInvalid (every problem listed) and writes
    nothing; so does a return of another register or of an earlier round. `problems`
    hears each problem first, one line each."""
    if not files:
        raise UsageError("name the returns to collect: `improvetrack updates collect FILE...`")
    register = store.read(path).register
    found = Problems()
    read: list[Returned] = []
    for file in files:
        try:
            returned = read_return(file, stamp.today, found)
        except SpreadsheetError as error:  # unreadable, damaged or past a limit: one line
            found.lines.append(str(error))
            continue
        if returned is None:
            continue
        _check_pack(register, returned, found)
        check_values(returned, found)
        read.append(returned)
    if found.lines:
        for line in found.lines:
            problems(line)
        raise ReturnsInvalid(found.lines)
    with store.editing(path, warn, timeout=timeout, dry_run=dry_run) as loaded:
        now = loaded.register
        current = latest(now.plan.rounds)
        if current is None or any(r.opened != current.opened for r in read):
            raise SpreadsheetError("the register's rounds changed while collecting; collect again")
        done = []
        for returned in read:
            # In the lead's name, with who collected it beside.
            lead = replace(stamp, by=returned.owner, user=stamp.by)
            done.append(collect(now, current, returned, lead))
    # What a return asked for that was ignored, told once: not again when it is collected again.
    warnings = [
        line
        for returned, item in zip(read, done, strict=True)
        if not item.already
        for line in (*returned.warnings, *locked_changes(returned))
    ]
    return Collection(done, warnings, dry_run)


def _check_pack(register: Register, returned: Returned, problems: Problems) -> None:
    plan = register.plan
    if plan.id is None or returned.plan_id != plan.id:
        problems.file(
            returned.path,
            f"an update pack of another register (plan {returned.plan_id}), not of this one "
            f"(plan {plan.id or 'with no id yet'}); collect it into the register it came from",
        )
        return
    current = latest(plan.rounds)
    if current is None:
        problems.file(returned.path, "this register has no update round to collect it into")
    elif returned.opened < current.opened:
        problems.file(
            returned.path,
            f"round {returned.opened} is closed; ask for the {current.opened} pack",
        )
    elif returned.opened != current.opened:
        problems.file(
            returned.path,
            f"round {returned.opened} is not a round of this register (its latest is "
            f"{current.opened})",
        )
