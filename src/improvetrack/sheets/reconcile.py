"""Reconciliation: a sheet's rows against a register, as new actions or as actions it holds.

Nothing is written unless every row can be used: `add_rows` checks every row, and every
update a row asks for, before it adds anything. A row for an action the register holds
already is not added again, and can update that action instead, so a sheet can be
imported twice and an export edited in Excel can be imported back. Every change goes
through the functions the commands use (`set_field`, `set_status`, `set_rag`,
`add_progress`, `sign_off`, `update_area`...), so each is logged as a command logs it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from improvetrack.errors import ImprovetrackError, InvalidChange, SpreadsheetError
from improvetrack.model.changes import (
    DEFAULT_TITLE,
    IMPORTED,
    Stamp,
    add_evidence,
    add_progress,
    free_ref,
    log_change,
    set_field,
    set_rag,
    set_status,
    settled_status,
    update_area,
    update_plan,
)
from improvetrack.model.records import field, record
from improvetrack.model.register import (
    ACTION_ID,
    AREA_KEY,
    Action,
    Area,
    IdIssuer,
    LogEntry,
    Register,
    derive_prefix,
    effective_baseline,
)
from improvetrack.model.signoff import sign_off
from improvetrack.model.text import counted
from improvetrack.sheets.cells import as_read, evidence_as_read
from improvetrack.sheets.readers import TICK, Progress
from improvetrack.sheets.sheet import Row, RowProblem, Sheet, SheetArea


@record
class Added:
    action: Action
    row: int
    ref: str | None  # the sheet's own reference, when it did not become the action's ID


@record
class Conflict:
    """A field the sheet says something else of, that the register changed after the
    sheet's own date: the sheet did not know of that change, so the register's value stays."""

    field: str
    kept: object  # the register's value
    said: object  # the sheet's
    changed: date  # when the register's value was set


@record
class Found:
    """A row that describes an action already in the register, so it is not added again."""

    action: Action
    row: int
    ref: str | None  # the sheet's own reference, when it is not the action's ID
    differs: tuple[str, ...]  # the fields where the sheet says something else
    changes: tuple[LogEntry, ...]  # with `update`: each change made, as it is logged
    conflicts: tuple[Conflict, ...] = ()  # with `update`: the differences left for a person


@record
class AreaFound:
    """An area of the register that the sheet names, and what it says of it differently."""

    area: Area
    differs: tuple[str, ...]
    changes: tuple[LogEntry, ...]


@record
class Imported:
    source: str
    areas: list[Area]  # the areas the import created
    actions: list[Added]  # in the sheet's order
    found: list[Found]  # rows for actions already in the register, in the sheet's order
    skipped: list[int]  # rows left out with --skip-invalid
    update: bool  # whether the sheet's differences were applied to the actions found
    areas_found: list[AreaFound] = field(default_factory=list)  # those the sheet differs on
    plan_title: str | None = None  # the title the sheet gave a plan that had none
    dated: date | None = None  # the sheet's own date, against which `update` compares


def add_rows(
    register: Register,
    sheet: Sheet,
    stamp: Stamp,
    *,
    skip_invalid: bool = False,
    update: bool = False,
    on_problem: Callable[[RowProblem], None] | None = None,
    progress: Progress | None = None,
    into: str | None = None,
) -> Imported:
    """Add a sheet's rows to the register as actions: all of them, or with `skip_invalid`
    the valid ones. Every row that cannot be used goes to `on_problem`, in row order.

    A row for an action the register already holds (see `_find_actions`) is not added
    again; with `update`, what the sheet says differently is changed on that action.
    Areas are found by ref, key or title, or created; a Ref of the PREFIX-N form becomes a
    new action's ID when it is free; with `into` (an area's key), every row is that area's.
    If any row cannot be used and not `skip_invalid`,
    this raises SpreadsheetError and leaves the register as it was.
    """
    areas = _Areas(register, into)
    found_ids = _find_actions(register, sheet.rows, areas)
    before: dict[str, Action] = {}  # each updated action as it was, to undo the import
    found, refused = _compare_found(register, sheet, found_ids, areas, stamp, update, before)
    problems = sorted([*sheet.problems, *refused], key=lambda problem: problem.number)
    if on_problem:
        for problem in problems:
            on_problem(problem)
    bad = sorted({problem.number for problem in problems})
    if bad and not skip_invalid:
        register.actions.update(before)  # nothing has been added yet
        many, usable = len(bad) != 1, len(sheet.rows) - len(refused)
        raise SpreadsheetError(
            f"{sheet.source}: {len(bad)} invalid row{'s' if many else ''} (listed above); "
            f"nothing imported. Fix {'them' if many else 'it'}, or use --skip-invalid to "
            f"import the {counted(usable, 'valid row')}"
        )
    refused_rows = {problem.number for problem in refused}
    used = [row for row in sheet.rows if row.number not in refused_rows]
    if bad and not used:
        register.actions.update(before)
        raise SpreadsheetError(
            f"{sheet.source}: no valid row: {counted(len(bad), 'invalid row')} (listed above); "
            "nothing imported"
        )
    plan_title = _title_plan(register, sheet, stamp, bool(used))
    areas_found = _compare_areas(register, sheet, used, areas, stamp, update)
    new_rows = [row for row in used if row.number not in found_ids]
    created: list[Area] = []
    homes = {row.number: areas.home(row, new_rows, created) for row in new_rows}
    issuer = register.issuer()
    kept = _kept_ids(issuer, new_rows, homes)
    added: list[Added] = []
    # Rows that keep their Ref go in first, so new IDs are numbered after them; and in the
    # order of their numbers, as an area issues IDs, whatever order the sheet has them in.
    order = {number: ACTION_ID.fullmatch(kept_id) for number, kept_id in kept.items()}
    for count, row in enumerate(sorted(new_rows, key=lambda row: _issue_order(order, row)), 1):
        area = homes[row.number]
        action_id = issuer.issue(area, kept.get(row.number))
        action = _action(register, row, area, action_id, stamp, areas.refs)
        note = _ref_note(row, action_id)
        log_change(action, stamp, f"{IMPORTED}{sheet.name} row {row.number}{_shown_ref(note)}")
        for progress_update in row.updates:
            add_progress(action, progress_update.text, progress_update.on, stamp)
        register.actions[action_id] = action
        added.append(Added(action, row.number, note))
        if progress and count % TICK == 0:
            progress(f"Adding actions from {sheet.name}", count, len(new_rows))
    register.sort_actions()
    added.sort(key=lambda item: item.row)
    return Imported(
        sheet.source, created, added, found, bad, update, areas_found, plan_title, sheet.dated
    )


def _title_plan(register: Register, sheet: Sheet, stamp: Stamp, rows: bool) -> str | None:
    """A plan with no title of its own takes the sheet's first title row."""
    title = sheet.title
    if not rows or not title or register.plan.title.strip() not in ("", DEFAULT_TITLE):
        return None
    if title == register.plan.title:
        return None
    update_plan(register, {"title": title}, stamp)
    return title


# --- areas ---------------------------------------------------------------------------------


class _Areas:
    """The register's areas by the ways a sheet names them, kept up to date as areas are
    made, so that each row finds its area in constant time."""

    def __init__(self, register: Register, into: str | None = None) -> None:
        self.register = register
        # `import --area KEY`: every row is that area's, whatever the sheet names.
        self.into = register.areas[into] if into is not None else None
        self.by_key: dict[str, Area] = dict(register.areas)
        self.by_title: dict[str, Area] = {}
        self.by_ref: dict[str, Area] = {}
        for area in register.areas.values():
            self._index(area)
        self.prefixes = {area.id_prefix for area in register.areas.values()}
        self.made: dict[int, Area] = {}  # id(SheetArea) -> the area made for it
        self.looked_up: dict[int, Area | None] = {}  # id(SheetArea) -> the area found
        self.wanted: dict[int, str] | None = None  # id(SheetArea) -> its rows' IDs' prefix
        # The refs actions hold, so that a ref is given to one action only.
        self.refs: set[str] = {
            action.ref.casefold() for action in register.actions.values() if action.ref
        }

    def _index(self, area: Area) -> None:
        self.by_title.setdefault(area.title.casefold(), area)
        if area.ref:
            self.by_ref.setdefault(area.ref.strip().casefold(), area)

    def find(self, named: SheetArea) -> Area | None:
        if self.into is not None:
            return self.into
        made = self.made.get(id(named))
        if made is not None:
            return made
        key = id(named)
        if key not in self.looked_up:
            self.looked_up[key] = self._look_up(named)
        return self.looked_up[key]

    def _look_up(self, named: SheetArea) -> Area | None:
        if named.ref and (area := self.by_ref.get(named.ref.strip().casefold())):
            return area
        text = named.text
        area = self.by_key.get(text) or self.by_title.get(text.casefold())
        if area is not None:
            return area
        # A key made from the text names the same area only when nothing was cut or dropped
        # to make it: two long recommendations can share their first words.
        full = _full_key(text)
        return self.by_key.get(full) if full and short_key(text) == full else None

    def home(self, row: Row, rows: Sequence[Row], created: list[Area]) -> Area:
        """The area of a new row: found, or made for the sheet's area the first time."""
        named = row.area
        area = self.find(named)
        if area is not None:
            return area
        base = _new_key(named)
        key = base
        for number in range(2, 10_000):  # a cut or non-Latin title can give a key already taken
            if key not in self.by_key:
                break
            key = f"{base}-{number}"
        if self.wanted is None:
            self.wanted = {}
            for other in reversed(rows):  # the first row's ID wins
                if match := _ref_id(other.id):
                    self.wanted[id(other.area)] = match[1]
        wanted = self.wanted.get(id(named))
        prefix = self.register.free_prefix(
            wanted or _prefix_of(key, named.ref), taken=self.prefixes
        )
        ref = named.ref if named.ref and named.ref.casefold() not in self.by_ref else None
        area = Area(
            key=key,
            title=named.title or named.text,
            prefix=prefix,
            ref=ref,
            theme=named.theme,
            sponsor=named.sponsor,
        )
        self.register.areas[key] = area
        self.by_key[key] = area
        self.prefixes.add(prefix)
        self._index(area)
        self.made[id(named)] = area
        created.append(area)
        return area


_AREA_FIELDS = ("ref", "theme", "sponsor")


def _compare_areas(
    register: Register,
    sheet: Sheet,
    rows: Sequence[Row],
    areas: _Areas,
    stamp: Stamp,
    update: bool,
) -> list[AreaFound]:
    """The register's areas the sheet says something else of (its ref, theme, sponsor);
    with `update`, changed as `area update` would change them."""
    if areas.into is not None:
        return []  # the sheet's areas are not the ones its rows go into
    used = {id(row.area) for row in rows}
    found: list[AreaFound] = []
    for named in sheet.areas:
        area = areas.find(named) if id(named) in used else None
        if area is None:
            continue
        said = {name: getattr(named, name) for name in _AREA_FIELDS}
        differs = tuple(
            name for name, value in said.items() if value and as_read(getattr(area, name)) != value
        )
        if "ref" in differs and said["ref"] and areas.by_ref.get(said["ref"].casefold()):
            differs = tuple(name for name in differs if name != "ref")  # another area's
        if not differs:
            continue
        changes: list[LogEntry] = []
        if update:
            changes = update_area(register, area.key, {name: said[name] for name in differs}, stamp)
        found.append(AreaFound(area, differs, tuple(changes)))
    return found


# Words that say nothing of what an area is about: a key is made of the others.
_FILLER = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is"),
        *("it", "its", "of", "on", "or", "so", "that", "the", "their", "them", "they", "this"),
        *("to", "with", "within", "which", "who", "whose", "will", "we", "our", "all", "more"),
    }
)
_GENERIC = frozenset(
    {
        *("improve", "improving", "improved", "improvement", "ensure", "ensuring", "increase"),
        *("increasing", "strengthen", "strengthening", "develop", "developing", "embed"),
        *("embedding", "make", "sure", "better", "further", "continue", "quality"),
        *("timeliness", "consistency", "effectiveness", "effective", "impact", "response"),
        *("responses", "take", "takes", "taking", "account", "consider", "considering"),
    }
)
_KEY_LENGTH = 30  # a key a person types


def _full_key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", re.sub("['\u2019]", "", plain.lower())).strip("-")


def short_key(text: str) -> str:
    """A key a person can type, from an area's text: the whole of a short title
    ("social-work-assessments"), else the first words that say what it is about:
    "Improve the response to homeless 16 and 17 year olds" -> "homeless-16-17"."""
    full = _full_key(text)
    if len(full) <= _KEY_LENGTH:
        return full or "area"
    words = [word for word in full.split("-") if word not in _FILLER | _GENERIC]
    key = ""
    for word in words or full.split("-"):
        longer = f"{key}-{word}" if key else word
        if key and len(longer) > _KEY_LENGTH:
            break
        key = longer
        if key.count("-") == 2:
            break
    return key[:40].strip("-") or "area"


area_key = short_key  # the name the v1 import gave it


def _new_key(named: SheetArea) -> str:
    """A new area's key: the sheet's own if it gives one (an export's "Area" column), else
    from the plan's ref ("r1" for recommendation 1), else from its words."""
    if AREA_KEY.fullmatch(named.text) and len(named.text) <= 40 and named.title:
        return named.text
    if named.ref:
        slug = _full_key(named.ref)
        if slug:
            return slug if slug[0].isalpha() else f"r{slug}"
    return short_key(named.text)


def _prefix_of(key: str, ref: str | None) -> str:
    """A new area's ID prefix: "R1" for a key made from a ref, else as `area add` makes it."""
    if ref and key in (_full_key(ref), f"r{_full_key(ref)}"):
        letters = re.sub(r"[^A-Z0-9]", "", key.upper())
        if letters and letters[0].isalpha():
            return letters[:8]
    return derive_prefix(key)


# --- finding the actions a sheet describes -------------------------------------------------


def _ref_id(ref: str | None) -> re.Match[str] | None:
    return ACTION_ID.fullmatch(ref.strip().upper()) if ref else None


def _ref_note(row: Row, action_id: str) -> str | None:
    """The row's own reference, for a person to tell the row by: its ref, unless the row
    named the action by its ID (an export's row), or an ID it asked for and did not get."""
    if row.id and row.id.strip().upper() == action_id:
        return None
    return row.ref or row.id


def _shown_ref(ref: str | None) -> str:
    return f" (ref {ref})" if ref else ""


def _title_key(title: str) -> str:
    return (as_read(title) or "").casefold()


def _find_actions(register: Register, rows: Sequence[Row], areas: _Areas) -> dict[int, str]:
    """The rows that describe actions the register holds: {row number: action ID}.

    A row's ID (any case) finds that action. Otherwise its ref finds the one action with
    that ref in its area, and otherwise the row finds an action in its area with the same
    title (any case, trimmed) that no other row has found: a sheet that lists a title
    twice in an area has two actions, and an import of it made two, so a second import
    finds both. A row whose PREFIX-N ID is nobody's is matched as any other: its action
    may have been given another ID when the sheet was first imported.
    """
    found: dict[int, str] = {}
    for row in rows:
        match = _ref_id(row.id)
        if match and match[0] in register.actions:
            found[row.number] = match[0]
    claimed = set(found.values())
    titles: dict[tuple[str, str], list[str]] | None = None
    refs: dict[tuple[str, str], str] | None = None
    for row in rows:
        area = None if row.number in found else areas.find(row.area)
        if area is None:
            continue
        if titles is None or refs is None:
            titles, refs = {}, {}
            for action in register.actions.values():
                titles.setdefault((action.area, _title_key(action.title)), []).append(action.id)
                if action.ref:
                    refs[(action.area, action.ref.strip().casefold())] = action.id
        if row.ref:
            by_ref = refs.get((area.key, row.ref.strip().casefold()))
            if by_ref is not None and by_ref not in claimed:
                found[row.number] = by_ref
                claimed.add(by_ref)
                continue
        for action_id in titles.get((area.key, _title_key(row.title)), ()):
            if action_id not in claimed:
                found[row.number] = action_id
                claimed.add(action_id)
                break
    return found


def _issue_order(kept: Mapping[int, re.Match[str] | None], row: Row) -> tuple[int, str, int]:
    match = kept.get(row.number)
    return (0, match[1], int(match[2])) if match else (1, "", 0)


def _kept_ids(issuer: IdIssuer, rows: list[Row], areas: Mapping[int, Area]) -> dict[int, str]:
    """The rows whose ID can be their action's: PREFIX-N with their area's prefix, and
    never issued (an ID whose action was deleted stays retired)."""
    kept: dict[int, str] = {}
    claimed: set[str] = set()
    for row in rows:
        match = _ref_id(row.id)
        area = areas[row.number]
        if (
            match
            and match[1] == area.id_prefix
            and not issuer.issued(match[0], area)
            and match[0] not in claimed
        ):
            kept[row.number] = match[0]
            claimed.add(match[0])
    return kept


# --- comparing and updating ----------------------------------------------------------------


def _compare_found(
    register: Register,
    sheet: Sheet,
    found_ids: Mapping[int, str],
    areas: _Areas,
    stamp: Stamp,
    update: bool,
    before: dict[str, Action],
) -> tuple[list[Found], list[RowProblem]]:
    """Compare each row with the action it found and, with `update`, change the action.

    A row that cannot change its action leaves it as it was and is refused. `before`
    collects each changed action as it was, so that the caller can undo the whole import.
    """
    found: list[Found] = []
    refused: list[RowProblem] = []
    first_row: dict[str, int] = {}  # the row that found each action
    for row in sheet.rows:
        if row.number not in found_ids:
            continue
        action = register.actions[found_ids[row.number]]
        differs = _differences(register, action, row, sheet, areas)
        logged = len(action.log)
        conflicts = _conflicts(action, row, differs, sheet.dated) if update else ()
        if conflicts:
            clashing = {conflict.field for conflict in conflicts}
            differs = tuple(name for name in differs if name not in clashing)
        if update and differs:
            if action.id in first_row:
                problem: RowProblem | None = RowProblem(
                    row.number,
                    "id",
                    f"{action.id} is on row {first_row[action.id]} too; "
                    "a sheet can change an action from one row only",
                )
            else:
                snapshot = copy.deepcopy(action)
                before.setdefault(action.id, snapshot)
                problem = _update(register, action, row, differs, sheet, stamp)
                if problem:
                    register.actions[action.id] = copy.deepcopy(snapshot)
            if problem:
                refused.append(problem)
                continue
        first_row.setdefault(action.id, row.number)
        changes = tuple(action.log[logged:])
        note = _ref_note(row, action.id)
        found.append(Found(action, row.number, note, differs, changes, conflicts))
    return found, refused


# The log fields that set each field a sheet can differ on, where they are not its name.
_SET_BY = {
    "rag": ("rag", "rag_reason"),
    "status": ("status", "signed_off_by", "blocked_reason", "dropped_reason", "completed"),
}
# A sheet only adds updates and evidence, and never moves an action: no conflict there.
_ADDITIVE = frozenset({"progress", "evidence", "area"})


def _conflicts(
    action: Action, row: Row, differs: tuple[str, ...], dated: date | None
) -> tuple[Conflict, ...]:
    """The differences the sheet cannot have known of: the register changed that field
    after the sheet's own date (a sheet with no date of its own is compared with nothing)."""
    if dated is None:
        return ()
    conflicts = []
    for name in differs:
        if name in _ADDITIVE:
            continue
        fields = _SET_BY.get(name, (name,))
        changed = [
            entry.at.date()
            for entry in action.log
            if entry.field in fields and entry.at.date() > dated
        ]
        if changed:
            kept, said = _value_of(action, name), _value_of(row, name)
            conflicts.append(Conflict(name, kept, said, max(changed)))
    return tuple(conflicts)


def _value_of(item: Action | Row, name: str) -> object:
    if name == "baseline_due" and isinstance(item, Action):
        return effective_baseline(item)
    return getattr(item, name)


# The fields an update can change, in the order `improvetrack update` changes them.
_PLAIN = ("title", "owner", "due", "measure", "ref", "timescale")


def _differences(
    register: Register, action: Action, row: Row, sheet: Sheet, areas: _Areas
) -> tuple[str, ...]:
    """The fields where a row says something else than its action, among the columns the
    sheet has: a sheet with no Owner column says nothing about owners. Text is compared
    as an export would write it, so an export imported back differs nowhere."""
    fields = sheet.fields
    differs = []
    area = areas.find(row.area)
    if area is None or area.key != action.area:
        differs.append("area")
    for name in _PLAIN:
        said = getattr(row, name)
        if name == "timescale":
            # A due cell that held a date says nothing of a timescale; one that held
            # "Ongoing" does, as a Timescale column does.
            stated = "timescale" in fields or said is not None
        elif name == "ref":
            stated = said is not None and not _ref_id(said)  # a blank ref keeps the action's
        else:
            stated = name in fields
        if stated and said != _held(getattr(action, name)):
            differs.append(name)
    if row.baseline_due is not None and row.baseline_due != effective_baseline(action):
        differs.append("baseline_due")
    if row.rag is not None and (
        row.rag != action.rag or (row.rag_reason and row.rag_reason != _held(action.rag_reason))
    ):
        differs.append("rag")
    if "evidence" in fields and _new_evidence(action, row):
        differs.append("evidence")
    if _new_updates(action, row):
        differs.append("progress")
    if ("status" in fields or "rag" in fields) and _status_differs(register, action, row, fields):
        differs.append("status")
    return tuple(differs)


def _held(value: object) -> object:
    return as_read(value) if isinstance(value, str) else value


def _new_evidence(action: Action, row: Row) -> list[str]:
    held = {*action.evidence, *evidence_as_read(action.evidence)}
    return [link for link in row.evidence if link not in held]


def _new_updates(action: Action, row: Row) -> list[tuple[str, object]]:
    if not row.updates:
        return []
    held = {as_read(entry.text) for entry in action.progress_updates}
    return [(update.text, update.on) for update in row.updates if update.text not in held]


def _signer(row: Row, fields: frozenset[str]) -> str | None:
    """Who the sheet says signed a done action off, if it says."""
    return row.signed_off_by if "signed_off_by" in fields and row.status == "done" else None


def _status_differs(register: Register, action: Action, row: Row, fields: frozenset[str]) -> bool:
    if row.status == action.status:
        if row.status == "blocked":
            return row.reason != as_read(action.blocked_reason)
        if row.status == "dropped":
            return row.reason != as_read(action.dropped_reason)
        return False
    if "status" not in fields and row.status == "not-started" and not row.rag:
        return False  # an empty BRAG cell says nothing of the status
    if _signer(row, fields):
        return True
    # "Done" for an action awaiting sign-off says what the register says, on a plan that
    # requires sign-off: as for a new row, done without a signer is awaiting sign-off.
    return settled_status(register.plan, row.status) != action.status


def _update(
    register: Register,
    action: Action,
    row: Row,
    differs: tuple[str, ...],
    sheet: Sheet,
    stamp: Stamp,
) -> RowProblem | None:
    """Change an action to what its row says, or say why the row cannot change it; the
    changes made before that are the caller's to undo."""
    name = differs[0]
    try:
        for name in differs:
            if name == "area":
                raise InvalidChange(
                    f"{action.id} is in area {action.area!r}, not {row.area.text!r}; an import "
                    "does not move actions between areas"
                )
            if name == "evidence":
                for link in _new_evidence(action, row):
                    add_evidence(action, link, stamp)
            elif name == "status":
                _move(register, action, row, _signer(row, sheet.fields), stamp)
            elif name == "rag":
                set_rag(action, row.rag or "", row.rag_reason, stamp)
            elif name == "progress":
                for update in row.updates:
                    if (update.text, update.on) in _new_updates(action, row):
                        add_progress(action, update.text, update.on, stamp)
            elif name == "ref":
                set_field(action, name, free_ref(register, row.ref, "action", action), stamp)
            else:
                set_field(action, name, getattr(row, name), stamp)
    except ImprovetrackError as error:
        return RowProblem(row.number, name, str(error))
    return None


def _move(register: Register, action: Action, row: Row, signer: str | None, stamp: Stamp) -> None:
    """Move an action to its row's status as `improvetrack` commands would: a done row
    with a signer is signed off, through awaiting-sign-off as `sign-off` needs."""
    if signer and action.status != "done":
        if action.status != "awaiting-sign-off":
            set_status(register, action.id, "awaiting-sign-off", stamp)
        sign_off(register, action.id, signer, stamp, recorded=True)
    else:
        set_status(register, action.id, row.status, stamp, reason=row.reason)


def _action(
    register: Register, row: Row, area: Area, action_id: str, stamp: Stamp, refs: set[str]
) -> Action:
    # On a plan that requires sign-off, done with nobody named as signing off is awaiting it.
    status = row.status if row.signed_off_by else settled_status(register.plan, row.status)
    done = status == "done"
    ref = row.ref
    if ref is not None:
        # A ref names one action: a second row with the same ref keeps it in the log only.
        ref = None if ref.casefold() in refs else ref
        if ref is not None:
            refs.add(ref.casefold())
    return Action(
        id=action_id,
        area=area.key,
        title=row.title,
        status=status,
        owner=row.owner,
        due=row.due,
        baseline_due=row.baseline_due or row.due,
        timescale=row.timescale,
        ref=ref,
        rag=row.rag,
        rag_reason=row.rag_reason if row.rag else None,
        # A sheet gives no created date: the action was in the plan from its start.
        created=min(register.plan.start or register.plan.published or stamp.today, stamp.today),
        completed=row.completed if done else None,
        signed_off_by=row.signed_off_by if done else None,
        measure=row.measure,
        evidence=list(row.evidence),
        blocked_reason=row.reason if status == "blocked" else None,
        dropped_reason=row.reason if status == "dropped" else None,
    )
