"""Spreadsheets in and out: actions imported from a CSV file, and exported as one.

Councils keep improvement plans in Excel, and CSV is what every spreadsheet saves and
opens. An import takes two steps so that nothing is written unless every row can be used:
`read_sheet` reads and checks the file without touching a register, then `add_rows` adds
its rows to one. A row for an action the register holds already is not added again, and
can update that action instead, so a sheet can be imported twice and an export edited in
Excel can be imported back. `export` goes the other way. Standard library `csv` only.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from improvetrack.changes import (
    IMPORTED,
    Stamp,
    add_evidence,
    log_change,
    set_field,
    set_status,
    settled_status,
    sign_off,
)
from improvetrack.dates import parse_date
from improvetrack.errors import ImprovetrackError, InvalidChange, SpreadsheetError, UsageError
from improvetrack.records import record
from improvetrack.register import (
    ACTION_ID,
    STATUSES,
    Action,
    Area,
    LogEntry,
    Register,
    derive_prefix,
)
from improvetrack.store import LOCK_TIMEOUT, editing, read_text
from improvetrack.text import safe

# --- columns -------------------------------------------------------------------------------

# The names councils give their columns, for each field an action can take from a sheet.
# Matching ignores case, spaces and punctuation. A field's more specific names come first:
# when a sheet has two columns for one field ("Status" and "RAG"), the earlier name wins
# and the other column is reported as ignored.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": (
        "ID",
        "Ref",
        "Reference",
        "Action ref",
        "Action ID",
        "Ref no",
        "Reference number",
        "Action no",
        "Action number",
    ),
    "area": (
        "Area",
        "Area key",
        "Area for improvement",
        "Priority area",
        "Recommendation",
        "Theme",
        "Workstream",
    ),
    "area_title": ("Area title", "Area name"),
    "title": ("Title", "Action", "Action title", "Actions", "Description", "Action description"),
    "owner": (
        "Owner",
        "Action owner",
        "Lead",
        "Action lead",
        "Lead officer",
        "Responsible officer",
        "Responsible",
    ),
    "status": (
        "Status",
        "Action status",
        "Progress status",
        "RAG status",
        "BRAG status",
        "RAG rating",
        "BRAG rating",
        "RAG",
        "BRAG",
    ),
    "due": (
        "Due",
        "Due date",
        "Target date",
        "Target completion date",
        "Deadline",
        "By when",
        "Timescale",
        "Timescales",
    ),
    "measure": (
        "Measure",
        "Measures",
        "Success measure",
        "Measure of success",
        "Success criteria",
        "Impact measure",
    ),
    "evidence": ("Evidence", "Evidence links"),
    "reason": (
        "Reason",
        "Blocked reason",
        "Reason blocked",
        "Dropped reason",
        "Reason dropped",
        "Blocker",
    ),
    # Not plain "Completed": in many sheets that column holds yes or no, not a date.
    "completed": ("Completed on", "Date completed", "Completion date", "Actual completion date"),
    "signed_off_by": ("Signed off by", "Sign-off by", "Approved by"),
}
FIELDS = tuple(HEADERS)
REQUIRED = ("title", "area")

# The columns `export` writes; each one that is not derived reads back through HEADERS.
EXPORT_HEADER = (
    "ID",
    "Area",
    "Area title",
    "Title",
    "Owner",
    "Status",
    "Due",
    "RAG",
    "Overdue",
    "Measure",
    "Evidence",
    "Reason",
    "Completed on",
    "Signed off by",
)
EXPORT_FORMATS = ("csv",)

# A header is looked for in the first rows only: sheets often have a title row or two.
HEADER_SEARCH_ROWS = 10
# Spreadsheets read a cell that starts with one of these as a formula (OWASP "CSV injection"),
# after any leading spaces. `export` writes a ' before such a cell, and the import drops it
# again; text that itself starts with ' gets one too, so that "'=x" survives the round trip.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _normal(header: str) -> str:
    return "".join(char for char in header.casefold() if char.isalnum())


_ALIASES: dict[str, tuple[str, int]] = {
    _normal(name): (field, rank)
    for field, names in HEADERS.items()
    for rank, name in enumerate(names)
}


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """`--map HEADER=field` options as {header: field}, each field checked."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, name = pair.partition("=")
        if not sep or not header.strip() or not name.strip():
            raise UsageError(f"--map {pair!r}: expected HEADER=field, like 'Lead officer=owner'")
        wanted = name.strip().lower().replace("-", "_").replace(" ", "_")
        if wanted not in HEADERS:
            raise UsageError(
                f"--map {pair!r}: unknown field {name.strip()!r}; "
                f"expected one of {', '.join(FIELDS)}"
            )
        mapping[header.strip()] = wanted
    return mapping


@record
class Columns:
    """Which column holds each field (0-based), and the headers read as nothing."""

    fields: dict[str, int]
    ignored: list[int]


def match_columns(header: Sequence[str], mapping: Mapping[str, str] | None = None) -> Columns:
    """Read a header row: recognised names, overridden by --map, the rest reported."""
    mapped = {_normal(name): field for name, field in (mapping or {}).items()}
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
    ignored: list[int] = []
    for index, text in enumerate(header):
        name = _normal(text)
        if not name:
            continue
        if name in mapped:
            field, rank = mapped[name], -1
        elif name in _ALIASES:
            field, rank = _ALIASES[name]
        else:
            ignored.append(index)
            continue
        held = best.get(field)
        if held is None or rank < held[0]:
            if held is not None:
                ignored.append(held[1])
            best[field] = (rank, index)
        else:
            ignored.append(index)
    return Columns({field: index for field, (_, index) in best.items()}, sorted(ignored))


def column_letter(index: int) -> str:
    """A 0-based column index as a spreadsheet names it: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- statuses ------------------------------------------------------------------------------

# Words spreadsheets use for progress, normalised by `_words`. RAG colours are accepted but
# say little: the tool derives RED and AMBER itself from the due date, owner and status, so
# every colour except BLUE (complete) means the action is under way.
_STATUS_WORDS: dict[str, str] = {
    **{status.replace("-", " "): status for status in STATUSES},
    "not yet started": "not-started",
    "to do": "not-started",
    "todo": "not-started",
    "planned": "not-started",
    "started": "in-progress",
    "ongoing": "in-progress",
    "underway": "in-progress",
    "under way": "in-progress",
    "in hand": "in-progress",
    "on track": "in-progress",
    "on target": "in-progress",
    "off track": "in-progress",
    "at risk": "in-progress",
    "delayed": "in-progress",
    "behind": "in-progress",
    "behind schedule": "in-progress",
    "on hold": "blocked",
    "awaiting signoff": "awaiting-sign-off",
    "for sign off": "awaiting-sign-off",
    "ready for sign off": "awaiting-sign-off",
    "awaiting approval": "awaiting-sign-off",
    "complete": "done",
    "completed": "done",
    "closed": "done",
    "achieved": "done",
    "finished": "done",
    "withdrawn": "dropped",
    "cancelled": "dropped",
    "canceled": "dropped",
    "closed not required": "dropped",
    "not required": "dropped",
    "no longer required": "dropped",
    "superseded": "dropped",
}
_COLOURS: dict[str, str] = {
    "blue": "done",
    "green": "in-progress",
    "amber": "in-progress",
    "red": "in-progress",
}
# Statuses that say why an action was dropped, so the cell itself can be the reason.
_SELF_EXPLAINED = frozenset({"closed not required", "not required", "no longer required"})
# A spaced hyphen, en dash or em dash, or punctuation, separates "Blue - complete".
_PART_BREAK = re.compile("\\s+[-\u2013\u2014]\\s+|[/(),:;|]")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


def status_of(text: str) -> str | None:
    """The register status a spreadsheet's status cell means, or None if it is unclear.

    Empty means not started. "Blue - complete" or "Amber (on track)" are read part by part;
    a status word beats a colour, and words that disagree make the cell unclear.
    """
    whole = _words(text)
    if not whole:
        return "not-started"
    if whole in _STATUS_WORDS or whole in _COLOURS:
        return _STATUS_WORDS.get(whole) or _COLOURS[whole]
    parts = [_words(part) for part in _PART_BREAK.split(text)]
    said = {_STATUS_WORDS[part] for part in parts if part in _STATUS_WORDS}
    colours = {_COLOURS[part] for part in parts if part in _COLOURS}
    found = said or colours
    return found.pop() if len(found) == 1 else None


# --- reading a sheet -----------------------------------------------------------------------


@record
class Row:
    """One valid row of a sheet, read into an action's fields."""

    number: int  # as a spreadsheet shows it: the first line is row 1
    ref: str | None
    area: str
    area_title: str | None
    title: str
    status: str
    owner: str | None = None
    due: date | None = None
    measure: str | None = None
    evidence: tuple[str, ...] = ()
    reason: str | None = None
    completed: date | None = None
    signed_off_by: str | None = None


@record
class RowProblem:
    number: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.number}: {self.field}: {self.message}"


@record
class Sheet:
    """A read and checked spreadsheet: its good rows, its bad rows, what it left out."""

    source: str  # the path as given, for messages
    name: str  # the file name, for the log: a log should not hold a machine's folders
    header_row: int
    rows: list[Row]
    problems: list[RowProblem]
    ignored: list[str]  # columns read as nothing, as "RAG" or "column J (no header)"
    fields: frozenset[str]  # the fields it has a column for: an update leaves the others alone

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({problem.number for problem in self.problems})


def read_sheet(path: Path, as_of: date, mapping: Mapping[str, str] | None = None) -> Sheet:
    """Read and check a CSV file; raises SpreadsheetError if it cannot be read at all."""
    text = read_text(
        path,
        missing=SpreadsheetError(f"{path}: no such file"),
        unreadable=SpreadsheetError,
        what="a CSV file",
        save_hint="in Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and import "
        "that file",
    )
    return parse_sheet(text, str(path), as_of, mapping, name=path.name)


def parse_sheet(
    text: str,
    source: str,
    as_of: date,
    mapping: Mapping[str, str] | None = None,
    *,
    name: str | None = None,
) -> Sheet:
    """Read and check CSV text; `source` names it in messages."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = list(reader)
    except csv.Error as exc:
        raise SpreadsheetError(
            f"{source}:{reader.line_num}: not readable as CSV ({exc}); save it again as CSV UTF-8"
        ) from None
    header_index = _find_header(records, source, mapping or {})
    header = records[header_index]
    columns = match_columns(header, mapping)
    reason = columns.fields.get("reason")
    reason_header = header[reason].strip() if reason is not None else None
    rows: list[Row] = []
    problems: list[RowProblem] = []
    unnamed: set[int] = set()
    for index in range(header_index + 1, len(records)):
        record = records[index]
        if not any(cell.strip() for cell in record):
            continue
        unnamed.update(
            column
            for column, cell in enumerate(record)
            if cell.strip() and (column >= len(header) or not _normal(header[column]))
        )
        row, found = _read_row(index + 1, record, columns, as_of, reason_header)
        problems += found
        if row is not None:
            rows.append(row)
    ignored = [header[column].strip() for column in columns.ignored]
    ignored += [f"column {column_letter(column)} (no header)" for column in sorted(unnamed)]
    return Sheet(
        source, name or source, header_index + 1, rows, problems, ignored, frozenset(columns.fields)
    )


def _find_header(records: list[list[str]], source: str, mapping: Mapping[str, str]) -> int:
    """The index of the header row: the first that names a title and an area column."""
    filled = [index for index, record in enumerate(records) if any(c.strip() for c in record)]
    if not filled:
        raise SpreadsheetError(
            f"{source}: is empty; expected a header row such as "
            f"{', '.join(EXPORT_HEADER[:7])}, then one row per action"
        )
    for index in filled[:HEADER_SEARCH_ROWS]:
        columns = match_columns(records[index], mapping)
        if all(field in columns.fields for field in REQUIRED):
            _check_mapping(records[index], index, source, mapping)
            return index
    first = filled[0]
    _check_mapping(records[first], first, source, mapping)
    columns = match_columns(records[first], mapping)
    missing = next(field for field in REQUIRED if field not in columns.fields)
    cells = [cell.strip() for cell in records[first] if cell.strip()]
    examples = ", ".join(HEADERS[missing][:3])
    separator = next((sep for sep in (";", "\t") if len(cells) == 1 and sep in cells[0]), None)
    if separator:
        # Excel in some European locales saves "CSV" with semicolons between columns.
        raise SpreadsheetError(
            f"{source}: row {first + 1} has one column holding {separator!r} separators; "
            "expected columns separated by commas: save it as 'CSV UTF-8 (Comma delimited)'"
        )
    raise SpreadsheetError(
        f"{source}: row {first + 1} has no column for the action's {missing} "
        f"(found {', '.join(map(repr, cells))}); expected a header such as {examples}, "
        f"or name the column with --map HEADER={missing}"
    )


def _check_mapping(
    header: Sequence[str], index: int, source: str, mapping: Mapping[str, str]
) -> None:
    present = {_normal(cell) for cell in header}
    for name, field in mapping.items():
        if _normal(name) not in present:
            found = ", ".join(repr(cell.strip()) for cell in header if cell.strip())
            raise UsageError(
                f"--map {name}={field}: {source} has no column {name!r} "
                f"in its header (row {index + 1}: {found})"
            )


_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_EVIDENCE_BREAKS = re.compile(r"[;\r\n]+")
# Excel saves a date cell formatted with a time as "31/03/2027 00:00", and other tools
# write "2027-03-31T00:00:00"; a due date has no time of day, so the time is dropped.
_TIME_OF_DAY = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def _cell(record: Sequence[str], columns: Columns, field: str) -> str:
    index = columns.fields.get(field)
    if index is None or index >= len(record):
        return ""
    return _unguarded(record[index])


def _unguarded(text: str) -> str:
    """A cell's text as the import reads it: trimmed, and without `export`'s guard against
    formulas ("'=x" was written for the text "=x", "' =x" for " =x")."""
    value = text.strip()
    if len(value) > 1 and value[0] == "'" and _needs_guard(value[1:]):
        value = value[1:].strip()
    return value


def _needs_guard(text: str) -> bool:
    return text.startswith("'") or text.lstrip().startswith(FORMULA_STARTS)


def _one_line(value: str) -> str:
    return _LINE_BREAKS.sub(" ", value)


def _evidence_items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in _EVIDENCE_BREAKS.split(text) if item.strip())


def _as_read(value: str | None) -> str | None:
    """Register text as an export of it reads back: what a sheet that agrees would hold."""
    return _one_line(_unguarded(cell(value))) or None


def _evidence_as_read(evidence: Sequence[str]) -> tuple[str, ...]:
    return _evidence_items(_unguarded(cell(evidence_cell(evidence))))


def _read_row(
    number: int, record: Sequence[str], columns: Columns, as_of: date, reason_header: str | None
) -> tuple[Row | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def text(field: str) -> str | None:
        return _one_line(_cell(record, columns, field)) or None

    def day(field: str) -> date | None:
        value = _TIME_OF_DAY.sub("", _cell(record, columns, field))
        if not value:
            return None
        try:
            return parse_date(value, as_of, what=field)
        except ImprovetrackError as error:
            # parse_date's messages start with the field name already.
            problems.append(RowProblem(number, field, str(error).removeprefix(f"{field}: ")))
            return None

    title, area = text("title"), text("area")
    if title is None:
        problems.append(RowProblem(number, "title", "is empty; every action needs a title"))
    if area is None:
        problems.append(RowProblem(number, "area", "is empty; every action needs an area"))
    written = _one_line(_cell(record, columns, "status"))
    status = status_of(written)
    reason = text("reason")

    def needs_reason(column: str) -> RowProblem:
        # An export has a Reason column already: then the fix is to fill it in, not add one.
        fix = f"write it in the {reason_header!r} column" if reason_header else None
        return RowProblem(
            number, "status", f"{written!r} needs a reason; {fix or f'add a {column!r} column'}"
        )

    if status is None:
        problems.append(
            RowProblem(
                number,
                "status",
                f"unknown status {written!r}; expected one of {', '.join(STATUSES)}, "
                "or a word such as complete, on track, not started or a RAG colour",
            )
        )
    elif status == "blocked" and not reason:
        problems.append(needs_reason("Blocked reason"))
    elif status == "dropped" and not reason:
        if _words(written) in _SELF_EXPLAINED:
            reason = written
        else:
            problems.append(needs_reason("Reason"))
    due, completed = day("due"), day("completed")
    if problems or title is None or area is None or status is None:
        return None, problems
    return (
        Row(
            number=number,
            ref=text("id"),
            area=area,
            area_title=text("area_title"),
            title=title,
            status=status,
            owner=text("owner"),
            due=due,
            measure=text("measure"),
            evidence=_evidence_items(_cell(record, columns, "evidence")),
            reason=reason if status in ("blocked", "dropped") else None,
            completed=completed,
            signed_off_by=text("signed_off_by"),
        ),
        [],
    )


# --- adding a sheet's rows to a register ---------------------------------------------------


@record
class Added:
    action: Action
    row: int
    ref: str | None  # the sheet's own reference, when it did not become the action's ID


@record
class Found:
    """A row that describes an action already in the register, so it is not added again."""

    action: Action
    row: int
    ref: str | None  # the sheet's own reference, when it is not the action's ID
    differs: tuple[str, ...]  # the fields where the sheet says something else
    changes: tuple[LogEntry, ...]  # with `update`: each change made, as it is logged


@record
class Imported:
    source: str
    areas: list[Area]  # the areas the import created
    actions: list[Added]  # in the sheet's order
    found: list[Found]  # rows for actions already in the register, in the sheet's order
    skipped: list[int]  # rows left out with --skip-invalid
    update: bool  # whether the sheet's differences were applied to the actions found


def add_rows(
    register: Register,
    sheet: Sheet,
    stamp: Stamp,
    *,
    skip_invalid: bool = False,
    update: bool = False,
    on_problem: Callable[[RowProblem], None] | None = None,
) -> Imported:
    """Add a sheet's rows to the register as actions: all of them, or with `skip_invalid`
    the valid ones. Every row that cannot be used goes to `on_problem`, in row order.

    A row for an action the register already holds (see `_find_actions`) is not added
    again; with `update`, what the sheet says differently is changed on that action by
    the functions every command uses, so each change is logged as the command logs it.
    Areas are found by key or title, or created; a Ref of the PREFIX-N form becomes a new
    action's ID when it is free. If any row cannot be used and not `skip_invalid`, this
    raises SpreadsheetError and leaves the register as it was.
    """
    found_ids = _find_actions(register, sheet.rows)
    before: dict[str, Action] = {}  # each updated action as it was, to undo the import
    found, refused = _compare_found(register, sheet, found_ids, stamp, update, before)
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
            f"import the {usable} valid row{'' if usable == 1 else 's'}"
        )
    new_rows = [row for row in sheet.rows if row.number not in found_ids]
    created: list[Area] = []
    areas = {row.number: _area_for(register, row, new_rows, created) for row in new_rows}
    kept = _kept_ids(register, new_rows, areas)
    added: list[Added] = []
    # Rows that keep their Ref go in first, so new IDs are numbered after them.
    for row in sorted(new_rows, key=lambda row: row.number not in kept):
        area = areas[row.number]
        action_id = register.issue_id(area, kept.get(row.number))
        action = _action(register, row, area, action_id, stamp)
        note = _ref_note(row, action_id)
        log_change(action, stamp, f"{IMPORTED}{sheet.name} row {row.number}{_shown_ref(note)}")
        register.actions[action_id] = action
        added.append(Added(action, row.number, note))
    register.sort_actions()
    added.sort(key=lambda item: item.row)
    return Imported(sheet.source, created, added, found, bad, update)


def import_sheet(
    register: Path,
    sheet_path: Path,
    stamp: Stamp,
    *,
    mapping: Mapping[str, str] | None = None,
    update: bool = False,
    dry_run: bool = False,
    skip_invalid: bool = False,
    notify: Callable[[str], None] = lambda line: None,
    warn: Callable[[str], None] = lambda line: None,
    timeout: float = LOCK_TIMEOUT,
) -> Imported:
    """Import a spreadsheet into the register at `register`: the whole workflow.

    `notify` hears each note about the sheet (columns left out) and each row it cannot
    use, in row order, before anything is written; `warn` what `store.editing` warns of.
    """
    sheet = read_sheet(sheet_path, stamp.today, mapping)
    if sheet.ignored:
        notify(f"ignored columns: {', '.join(sheet.ignored)}")
    # With no rows to add, leave the file alone: a rewrite would only reformat it.
    quiet = dry_run or not sheet.rows
    with editing(register, warn, timeout=timeout, dry_run=quiet) as loaded:
        return add_rows(
            loaded.register,
            sheet,
            stamp,
            skip_invalid=skip_invalid,
            update=update,
            on_problem=lambda problem: notify(str(problem)),
        )


def _compare_found(
    register: Register,
    sheet: Sheet,
    found_ids: Mapping[int, str],
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
        differs = _differences(register, action, row, sheet.fields)
        logged = len(action.log)
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
                problem = _update(register, action, row, differs, sheet.fields, stamp)
                if problem:
                    register.actions[action.id] = copy.deepcopy(snapshot)
            if problem:
                refused.append(problem)
                continue
        first_row.setdefault(action.id, row.number)
        changes = tuple(action.log[logged:])
        found.append(Found(action, row.number, _ref_note(row, action.id), differs, changes))
    return found, refused


def _ref_note(row: Row, action_id: str) -> str | None:
    """The row's own reference, when it is something other than the action's ID."""
    return row.ref if row.ref and row.ref.strip().upper() != action_id else None


def _shown_ref(ref: str | None) -> str:
    return f" (ref {ref})" if ref else ""


def _find_actions(register: Register, rows: Sequence[Row]) -> dict[int, str]:
    """The rows that describe actions the register holds: {row number: action ID}.

    A ref that is an action's ID (any case) finds that action. Any other row finds an
    action in its area with the same title (any case, trimmed) that no other row has
    found: a sheet that lists a title twice in an area has two actions, and an import
    of it made two, so a second import finds both. A row whose PREFIX-N ref is nobody's
    ID is matched by title too: its action may have been given another ID when the
    sheet was first imported (a ref with another area's prefix, or one that was taken).
    """
    found: dict[int, str] = {}
    for row in rows:
        match = _ref_id(row.ref)
        if match and match[0] in register.actions:
            found[row.number] = match[0]
    claimed = set(found.values())
    titles: dict[tuple[str, str], list[str]] | None = None
    for row in rows:
        area = None if row.number in found else _find_area(register, row.area)
        if area is None:
            continue
        if titles is None:
            titles = {}
            for action in register.actions.values():
                key = (action.area, _title_key(action.title))
                titles.setdefault(key, []).append(action.id)
        for action_id in titles.get((area.key, _title_key(row.title)), ()):
            if action_id not in claimed:
                found[row.number] = action_id
                claimed.add(action_id)
                break
    return found


def _title_key(title: str) -> str:
    return (_as_read(title) or "").casefold()


# The fields an update can change, in the order `improvetrack update` changes them.
_PLAIN = ("title", "owner", "due", "measure")


def _differences(
    register: Register, action: Action, row: Row, fields: frozenset[str]
) -> tuple[str, ...]:
    """The fields where a row says something else than its action, among the columns the
    sheet has: a sheet with no Owner column says nothing about owners. Text is compared
    as an export would write it, so an export imported back differs nowhere."""
    differs = []
    area = _find_area(register, row.area)
    if area is None or area.key != action.area:
        differs.append("area")
    for name in _PLAIN:
        if name in fields and getattr(row, name) != _held(getattr(action, name)):
            differs.append(name)
    if "evidence" in fields and _new_evidence(action, row):
        differs.append("evidence")
    if "status" in fields and _status_differs(register, action, row, fields):
        differs.append("status")
    return tuple(differs)


def _held(value: object) -> object:
    return _as_read(value) if isinstance(value, str) else value


def _new_evidence(action: Action, row: Row) -> list[str]:
    held = {*action.evidence, *_evidence_as_read(action.evidence)}
    return [link for link in row.evidence if link not in held]


def _signer(row: Row, fields: frozenset[str]) -> str | None:
    """Who the sheet says signed a done action off, if it says."""
    return row.signed_off_by if "signed_off_by" in fields and row.status == "done" else None


def _status_differs(register: Register, action: Action, row: Row, fields: frozenset[str]) -> bool:
    if row.status == action.status:
        if row.status == "blocked":
            return row.reason != _as_read(action.blocked_reason)
        if row.status == "dropped":
            return row.reason != _as_read(action.dropped_reason)
        return False
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
    fields: frozenset[str],
    stamp: Stamp,
) -> RowProblem | None:
    """Change an action to what its row says, or say why the row cannot change it; the
    changes made before that are the caller's to undo."""
    name = differs[0]
    try:
        for name in differs:
            if name == "area":
                raise InvalidChange(
                    f"{action.id} is in area {action.area!r}, not {row.area!r}; an import does "
                    "not move actions between areas"
                )
            if name == "evidence":
                for link in _new_evidence(action, row):
                    add_evidence(action, link, stamp)
            elif name == "status":
                _move(register, action, row, _signer(row, fields), stamp)
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


def _action(register: Register, row: Row, area: Area, action_id: str, stamp: Stamp) -> Action:
    # On a plan that requires sign-off, done with nobody named as signing off is awaiting it.
    status = row.status if row.signed_off_by else settled_status(register.plan, row.status)
    done = status == "done"
    return Action(
        id=action_id,
        area=area.key,
        title=row.title,
        status=status,
        owner=row.owner,
        due=row.due,
        created=stamp.today,
        completed=row.completed if done else None,
        signed_off_by=row.signed_off_by if done else None,
        measure=row.measure,
        evidence=list(row.evidence),
        blocked_reason=row.reason if status == "blocked" else None,
        dropped_reason=row.reason if status == "dropped" else None,
    )


def area_key(text: str) -> str:
    """An area key from a sheet's area text: "Children's transitions" -> "childrens-transitions"."""
    slug = _full_key(text)
    if len(slug) > 40:
        # A recommendation's full sentence makes a long key; cut it at a word.
        slug = slug[:41].rsplit("-", 1)[0]
    return slug or "area"


def _find_area(register: Register, text: str) -> Area | None:
    for area in register.areas.values():
        if area.key == text or area.title.casefold() == text.casefold():
            return area
    # A key made from the text names the same area only when nothing was cut or dropped
    # to make it: two long recommendations can share their first 40 characters.
    if area_key(text) == _full_key(text):
        return register.areas.get(area_key(text))
    return None


def _full_key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", re.sub("['\u2019]", "", plain.lower())).strip("-")


def _area_for(register: Register, row: Row, rows: list[Row], created: list[Area]) -> Area:
    area = _find_area(register, row.area)
    if area is not None:
        return area
    key = base = area_key(row.area)
    for number in range(2, 1000):  # a cut or non-Latin title can give a key already taken
        if key not in register.areas:
            break
        key = f"{base}-{number}"
    refs = (_ref_id(other.ref) for other in rows if other.area == row.area)
    wanted = next((match[1] for match in refs if match), None)
    area = Area(
        key=key,
        title=row.area_title or row.area,
        prefix=register.free_prefix(wanted or derive_prefix(base)),
    )
    register.areas[key] = area
    created.append(area)
    return area


def _ref_id(ref: str | None) -> re.Match[str] | None:
    return ACTION_ID.fullmatch(ref.strip().upper()) if ref else None


def _kept_ids(register: Register, rows: list[Row], areas: Mapping[int, Area]) -> dict[int, str]:
    """The rows whose Ref can be their ID: PREFIX-N with their area's prefix, and never
    issued (an ID whose action was deleted stays retired)."""
    kept: dict[int, str] = {}
    claimed: set[str] = set()
    for row in rows:
        match = _ref_id(row.ref)
        if (
            match
            and match[1] == areas[row.number].id_prefix
            and not register.issued(match[0])
            and match[0] not in claimed
        ):
            kept[row.number] = match[0]
            claimed.add(match[0])
    return kept


# --- the cell codec, shared by import and export ----------------------------------------


def evidence_cell(evidence: Sequence[str]) -> str:
    """An action's evidence as one cell: the import splits it at the `; ` again."""
    return "; ".join(safe(link) for link in evidence)


def cell(value: object) -> str:
    """Register text as an inert spreadsheet cell: one line, no control characters, and
    a leading ' on anything a spreadsheet would run as a formula (the import drops it)."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else safe(value)
    return "'" + text if _needs_guard(text) else text
