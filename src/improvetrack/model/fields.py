"""The action's fields, once: how each is held, written, shown, exported, merged and replayed.

Each `Field` says everything the other layers need to know about one field, so that reading
and writing the TOML, the JSON report, the spreadsheet export and import, the merge and the
replay of history take their lists from `ACTION_FIELDS` instead of keeping their own.

The JSON report and the export place worked-out values (the RAG as of a date, whether an
action is overdue) among the stored ones, so each has a layout of its own here: the keys
and columns in the order they are written. A field with a JSON key or headers that its
layout does not name comes after those it names, in the table's order.

A field the model class does not declare (one added to the table alone) is held in the
record's `extra`, under its key: `value` and `assign` read and set it either way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")

# What a field holds.
TEXT = "text"
REQUIRED = "required text"  # text that must be there (an action's area, its title)
DATE = "date"
TEXTS = "list of text"
RAG = "RAG word"
STATUS = "status"
IDS = "list of action IDs"

# How `merge` takes a field from two branches.
BY_FIELD = "by field"  # three-way, on its own
WITH_STATUS = "with the status"  # three-way, together with the status it follows from
BY_ITEM = "by item"  # a list merged item by item (evidence)


class Field(NamedTuple):
    """One field of an action.

    `name` is the model's attribute and the TOML key. `json` is the key in the JSON
    report (None: not there); `headers` the names a sheet's column for it may have, the
    export's header first (none: not a column). `replayed` says whether a logged change
    of it is undone when the plan is replayed to an earlier date; `stands_for` names the
    field its column is read as when a sheet has no column for that one.
    """

    name: str
    kind: str
    json: str | None = None
    headers: tuple[str, ...] = ()
    replayed: bool = True
    merge: str = BY_FIELD
    stands_for: str | None = None

    @property
    def header(self) -> str | None:
        return self.headers[0] if self.headers else None


# In the SPEC's order, which is the order the TOML file holds them in.
ACTION_FIELDS: tuple[Field, ...] = (
    Field(
        "area",
        REQUIRED,
        "area",
        (
            "Area",
            "Area key",
            "Area for improvement",
            "Areas for improvement",
            "Priority area",
            "Improvement area",
            "Recommendation",
            "Recommendations",
            "Ofsted recommendation",
            "Finding",
        ),
    ),
    Field(
        "title",
        REQUIRED,
        "title",
        (
            "Title",
            "Action",
            "Action title",
            "Actions",
            "Key actions",
            "Description",
            "Action description",
            "Actions to be taken",
            "Action required",
            "Actions required",
            "What we will do",
        ),
    ),
    Field(
        "owner",
        TEXT,
        "owner",
        (
            "Owner",
            "Action owner",
            "Lead",
            "Leads",
            "Action lead",
            "Lead officer",
            "Lead officers",
            "Responsible officer",
            "Responsible",
            "Responsible lead",
            "Who",
        ),
    ),
    Field(
        "status",
        STATUS,
        "status",
        ("Status", "Action status", "Progress status", "Current status", "Delivery status"),
        merge=WITH_STATUS,
    ),
    Field(
        "due",
        DATE,
        "due",
        (
            "Due",
            "Due date",
            # A revised date is the one the action is due by now; the original, the baseline.
            "Revised target date",
            "Revised due date",
            "Revised date",
            "Revised deadline",
            "Target date",
            "Target completion date",
            "Completion target",
            "Date due",
            "Deadline",
            "By when",
            "When",
            "Target",
        ),
    ),
    Field(
        "baseline_due",
        DATE,
        "baseline_due",
        (
            "Baseline due",
            "Baseline date",
            "Original target date",
            "Original due date",
            "Original deadline",
            "Original date",
        ),
    ),
    # Holds a date as often as words: without a due column, it is the due column.
    Field(
        "timescale", TEXT, "timescale", ("Timescale", "Timescales", "Frequency"), stands_for="due"
    ),
    Field(
        "ref",
        TEXT,
        "ref",
        (
            "Ref",
            "Reference",
            "Action ref",
            "Action reference",
            "Ref no",
            "Reference number",
            "Action no",
            "Action number",
            "No",
            "Number",
        ),
    ),
    # The RAG the lead reports. Not the export's own "RAG", which the tool works out: an
    # export has "Reported RAG" too, and that name comes first.
    Field(
        "rag",
        RAG,
        "reported_rag",
        (
            "Reported RAG",
            "BRAG",
            "RAG",
            "BRAG rating",
            "RAG rating",
            "BRAG status",
            "RAG status",
            "Current BRAG",
            "Current RAG",
            "Progress RAG",
        ),
    ),
    Field(
        "rag_reason",
        TEXT,
        "rag_reason",
        ("RAG reason", "Reason for RAG", "RAG rationale", "RAG commentary"),
    ),
    Field("created", DATE, "created"),
    # Not plain "Completed": in many sheets that column holds yes or no, not a date.
    Field(
        "completed",
        DATE,
        "completed",
        ("Completed on", "Date completed", "Completion date", "Actual completion date"),
        merge=WITH_STATUS,
    ),
    Field(
        "signed_off_by",
        TEXT,
        "signed_off_by",
        ("Signed off by", "Sign-off by", "Approved by"),
        merge=WITH_STATUS,
    ),
    Field(
        "measure",
        TEXT,
        "measure",
        (
            "Measure",
            "Measures",
            "Success measure",
            "Success measures",
            "Measure of success",
            "Measures of success",
            "Success criteria",
            "Impact measure",
            "Outcome measure",
            "Expected outcome",
            "How we will know",
        ),
    ),
    Field(
        "evidence",
        TEXTS,
        "evidence",
        ("Evidence", "Evidence links", "Supporting evidence", "Evidence of completion"),
        replayed=False,  # undone link by link, as it was added
        merge=BY_ITEM,
    ),
    Field("blocked_reason", TEXT, "blocked_reason", merge=WITH_STATUS),
    Field("dropped_reason", TEXT, "dropped_reason", merge=WITH_STATUS),
    # The actions this one waits for (v3). Not a column: an import numbers actions afresh.
    Field("after", IDS, "after"),
)

# The JSON report's keys for an action, in order: the table's and the worked-out ones.
ACTION_JSON = (
    "id",
    "area",
    "title",
    "owner",
    "status",
    "due",
    "rag",
    "overdue",
    "late",
    "created",
    "completed",
    "measure",
    "evidence",
    "blocked_reason",
    "dropped_reason",
    "signed_off_by",
    "ref",
    "baseline_due",
    "slipped_days",
    "timescale",
    "reported_rag",
    "rag_reason",
    "optimistic",
    "pessimistic",
    "stale",
    "last_update_on",
    "latest_update",
    "after",
    "waiting_for",
    "projected_due",
)

# The sheet's fields, in the order the import names them (`--map`, its messages): the
# table's and those of the area and the row.
SHEET_FIELDS = (
    "id",
    "ref",
    "area",
    "area_ref",
    "area_title",
    "theme",
    "sponsor",
    "title",
    "owner",
    "status",
    "rag",
    "rag_reason",
    "due",
    "baseline_due",
    "timescale",
    "measure",
    "evidence",
    "reason",
    "completed",
    "signed_off_by",
    "update_on",
)

# The export's columns, by sheet field; "rag_now" and "overdue" are worked out as of the
# export's date and read back as nothing.
EXPORT_FIELDS = (
    "id",
    "ref",
    "theme",
    "area_ref",
    "area",
    "area_title",
    "sponsor",
    "title",
    "owner",
    "status",
    "due",
    "baseline_due",
    "timescale",
    "rag_now",
    "rag",
    "rag_reason",
    "overdue",
    "progress",
    "update_on",
    "measure",
    "evidence",
    "reason",
    "completed",
    "signed_off_by",
)


_DERIVED: list[functools._lru_cache_wrapper[Any]] = []


def derived(make: Callable[..., T]) -> functools._lru_cache_wrapper[T]:
    """Work `make` out from the table once; `refresh` makes it work it out again."""
    made = functools.cache(make)
    _DERIVED.append(made)
    return made


def _after(layout: tuple[str, ...], more: list[str]) -> tuple[str, ...]:
    return (*layout, *(name for name in more if name not in layout))


@derived
def json_keys() -> tuple[str, ...]:
    """The JSON report's keys for an action, in order."""
    return _after(ACTION_JSON, [f.json for f in ACTION_FIELDS if f.json])


@derived
def sheet_fields() -> tuple[str, ...]:
    """The sheet's fields, in order."""
    return _after(SHEET_FIELDS, [f.name for f in ACTION_FIELDS if f.headers])


@derived
def export_fields() -> tuple[str, ...]:
    """The export's columns, by sheet field, in order."""
    return _after(EXPORT_FIELDS, [f.name for f in ACTION_FIELDS if f.headers])


@derived
def by_name() -> dict[str, Field]:
    return {f.name: f for f in ACTION_FIELDS}


@derived
def of_kind(*kinds: str) -> tuple[str, ...]:
    """The names of the fields of these kinds, in the table's order."""
    return tuple(f.name for f in ACTION_FIELDS if f.kind in kinds)


@derived
def in_place_of(name: str) -> tuple[str, ...]:
    """The fields that stand for another when it is not set: a timescale for a due date."""
    return tuple(f.name for f in ACTION_FIELDS if f.stands_for == name)


@derived
def action_keys() -> frozenset[str]:
    """The keys an action's TOML table may hold that are not the user's own."""
    return frozenset({"log", *(f.name for f in ACTION_FIELDS)})


@derived
def replayed() -> frozenset[str]:
    """The fields a logged change of is undone when the plan is replayed."""
    return frozenset(f.name for f in ACTION_FIELDS if f.replayed)


def refresh() -> None:
    """Forget what was worked out from the table, after the table was changed (a test)."""
    for made in _DERIVED:
        made.cache_clear()


def value(item: Any, name: str) -> Any:
    """A field's value: the record's attribute, or its key in `extra` for a field the
    record's class does not declare."""
    try:
        return getattr(item, name)
    except AttributeError:
        return item.extra.get(name)


def assign(item: Any, name: str, new: Any) -> None:
    """Set a field, where `value` reads it. `extra` is replaced, not changed in place: a
    shallow copy of the record (a replay's) must not change the original's."""
    try:
        setattr(item, name, new)
    except AttributeError:
        kept = {key: held for key, held in item.extra.items() if key != name}
        item.extra = kept if new is None or new == [] else {**kept, name: new}
