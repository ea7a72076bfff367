"""A sheet as the import understood it: the records `layout` makes of a sheet.

A `Sheet` holds the header and which column is which field, the areas and themes, one
`Row` per action, the rows that could not be used (`RowProblem`), the values read more
loosely than they were written (`Loose`) and every other row, named with why it was
passed over. `reconcile` takes it from here; the template export writes into it.
"""

from __future__ import annotations

from datetime import date

from improvetrack.model.records import field, record


@record
class SheetArea:
    """An area as the sheet names it: by a recommendation's row, or in an area column."""

    row: int  # the sheet row that first names it
    text: str  # as the sheet writes it: an area's key or title, or a recommendation
    ref: str | None = None
    title: str | None = None  # from an "Area title" column
    theme: str | None = None
    sponsor: str | None = None
    heading: bool = False  # named by a row of its own (a recommendation), not a column


@record
class Update:
    """A progress update in a row: its text, and the day it was written."""

    on: date
    text: str


@record
class Row:
    """One action of a sheet, read into an action's fields."""

    number: int  # as a spreadsheet shows it: the first line is row 1
    area: SheetArea
    title: str
    status: str
    id: str | None = None  # an action ID the row gives (ASM-3)
    ref: str | None = None  # the plan's own numbering (1.2, 3.2a)
    owner: str | None = None
    due: date | None = None
    baseline_due: date | None = None
    timescale: str | None = None
    rag: str | None = None
    rag_reason: str | None = None
    measure: str | None = None
    evidence: tuple[str, ...] = ()
    reason: str | None = None
    completed: date | None = None
    signed_off_by: str | None = None
    updates: tuple[Update, ...] = ()


@record
class RowProblem:
    number: int
    field: str
    message: str
    where: str | None = None  # a workbook's cell, as Excel names it: Plan!F7

    def __str__(self) -> str:
        return f"{self.where or f'row {self.number}'}: {self.field}: {self.message}"


@record
class Loose:
    """A value read more loosely than it was written: a timescale kept as text, a month
    read as its last day, a RAG read from a cell's colour."""

    number: int
    field: str
    note: str


@record
class Sheet:
    """A sheet read and understood: its layout, its good rows, its bad rows, what it left out."""

    source: str  # the path as given, for messages
    name: str  # the file name, for the log
    worksheet: str | None  # the workbook's sheet it came from
    header_row: int
    columns: list[tuple[str, str, str | None]]  # (letter, header, field or None)
    rows: list[Row]
    problems: list[RowProblem]
    ignored: list[str]  # columns read as nothing, as "RAG" or "column J (no header)"
    fields: frozenset[str]  # the fields it has a column for: an update leaves the others alone
    titles: list[tuple[int, str]] = field(default_factory=list)  # rows above the header
    banners: list[int] = field(default_factory=list)  # rows over columns, above the header
    areas: list[SheetArea] = field(default_factory=list)  # in the sheet's order
    themes: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why), in order
    loose: list[Loose] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sheets passed over, columns not read
    dated: date | None = None  # the sheet's own date ("Updated:", "as at"), if it gives one

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({problem.number for problem in self.problems})

    @property
    def title(self) -> str | None:
        """The plan's title, as the sheet's first title row gives it."""
        return self.titles[0][1] if self.titles else None
