"""Layout: finding a plan's way through a sheet laid out for people, not machines.

Councils publish their plans with title rows above the header, a "THEME 1: ..." row over
each group of recommendations, each recommendation on a row of its own with its actions
beneath it (the recommendation's cell left blank or merged down), a key to the BRAG
colours and a "Page 1 of 1" footer. `lay_out` turns a `Table` of such a sheet into a
`Sheet`: the header and which column is which field, the areas and themes, one `Row` per
action, and every other row named with why it was passed over. It reads; it does not
touch a register. The header is found first (`header`); the records it makes are in `sheet`;
this module is the pass down the rows below the header.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from improvetrack.errors import ImprovetrackError
from improvetrack.model.register import ACTION_ID, STATUSES
from improvetrack.model.text import quoted
from improvetrack.sheets.cells import (
    MAX_CELL,
    SELF_EXPLAINED,
    Reading,
    evidence_items,
    one_line,
    rag_of_colour,
    read_day,
    read_due,
    read_progress,
    text_of,
    unguarded,
    words,
)
from improvetrack.sheets.columns import HEADER_SEARCH_ROWS, Columns, column_letter
from improvetrack.sheets.header import check_mapping, find_header, no_header
from improvetrack.sheets.readers import TICK, FormulaError, Progress, Table
from improvetrack.sheets.sheet import Loose, Row, RowProblem, Sheet, SheetArea, Update

# --- rows that are not actions -------------------------------------------------------------

_KEY = re.compile(
    r"(?:b?rag\s+(?:rating\s+)?key|key\s+to\b|key\s*$|key\s*[:\-\u2013]|legend\b|"
    r"b?rag\s+ratings?\s*:|b?rag\s+definitions?)",
    re.IGNORECASE,
)
# "B = Complete", "Amber - at risk": a line of a key laid out down the sheet.
_KEY_ENTRY = re.compile(
    r"(?:[bgar]|blue|green|amber|red)\s*(?:=|:|\u2013|-)\s*(?P<meaning>\S.{0,60})",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"page\s+\d+(?:\s*(?:of|/)\s*\d+)?|official(?:[\s-]+sensitive)?|"
    r"end\s+of\s+(?:the\s+)?(?:plan|document|table|sheet)|printed\b.*|version\s+[0-9.]+.*",
    re.IGNORECASE,
)
_THEME = re.compile(
    r"(?:theme|strategic\s+priority|priority|workstream|objective)\s*[0-9]*[a-z]?\s*"
    r"(?::|\.|-|\u2013|\u2014|\))\s*(?P<name>\S.*)",
    re.IGNORECASE,
)
_RECOMMENDATION = re.compile(
    r"(?:recommendation|rec\.?|area\s+for\s+improvement|afi)\s*(?P<ref>[0-9]+[a-z]?)\s*"
    r"(?::|\.|-|\u2013|\u2014|\))?\s*(?P<name>\S.*)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?P<ref>[0-9]+[a-z]?)\s*[.)]\s+(?P<name>\S.*)")
# A plan's own numbering: 1, 1.2, 3.2a, R4, A1.1, EDU-3. Short, with a digit in it.
_REF = re.compile(r"[A-Za-z]{0,6}[ .-]?[0-9]+[A-Za-z0-9.\-/]{0,10}|[A-Za-z]")

# Columns that belong to an area; the rest to an action.
_AREA_COLUMNS = frozenset({"area", "area_ref", "area_title", "theme", "sponsor", "ref", "id"})


def _is_key_entry(text: str) -> bool:
    """Whether a cell is a line of a BRAG key: a colour and what it means ("A = At risk"),
    not a recommendation lettered A ("A - Improve leadership")."""
    match = _KEY_ENTRY.fullmatch(text)
    return match is not None and read_progress(match["meaning"]).status is not None


def looks_like_ref(text: str) -> bool:
    return len(text) <= 16 and _REF.fullmatch(text) is not None


def lay_out(
    tables: Iterable[Table],
    as_of: date,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Sheet:
    """Understand the first table with a header row (a workbook's first such sheet)."""
    mapping = mapping or {}
    passed: list[Table] = []
    for table in tables:
        found = find_header(table, mapping, as_of)
        if found is None:
            passed.append(table)
            continue
        index, columns = found
        header = [text_of(cell) for cell in table.rows[index]]
        check_mapping(header, index, table.source, mapping)
        if "title" not in columns.fields:
            raise no_header([table], mapping)
        sheet = _Reader(table, index, columns, as_of, progress).read()
        sheet.notes[:0] = [
            f"sheet {other.sheet!r} passed over: no header row in its first "
            f"{HEADER_SEARCH_ROWS} rows"
            for other in passed
        ]
        return sheet
    raise no_header(passed, mapping)


# --- reading the rows ----------------------------------------------------------------------


class _Reader:
    """One pass down a sheet, keeping the theme and area the rows are under."""

    def __init__(
        self,
        table: Table,
        header_index: int,
        columns: Columns,
        as_of: date,
        progress: Progress | None,
    ) -> None:
        self.table = table
        self.header_index = header_index
        self.columns = columns
        self.at = columns.fields
        self.names = {index: name for name, index in columns.fields.items()}
        self.as_of = as_of
        self.progress = progress
        header = [text_of(cell).strip() for cell in table.rows[header_index]]
        self.header = header
        self.width = len(header)
        self.first_column = next((i for i, text in enumerate(header) if text), 0)
        self.sheet = Sheet(
            source=table.source,
            name=table.name,
            worksheet=table.sheet,
            header_row=header_index + 1,
            columns=self._described(columns),
            rows=[],
            problems=[],
            ignored=[header[column] for column in columns.ignored],
            fields=frozenset(columns.fields) | ({"progress"} if columns.updates else set()),
            notes=list(table.notes),
        )
        self.theme: str | None = None  # from the last theme row
        self.theme_cell: str | None = None  # from the theme column, filled down
        self.area: SheetArea | None = None  # the area the rows below belong to
        self.themed = False  # whether that area is a theme with no recommendation of its own
        self.areas: dict[str, SheetArea] = {}  # by the text that names them, folded
        self.in_key = False  # below a key's first row, until a blank row
        self.unnamed: set[int] = set()

    def _described(self, columns: Columns) -> list[tuple[str, str, str | None]]:
        names = {index: name for name, index in columns.fields.items()}
        updates = dict(columns.updates)
        described: list[tuple[str, str, str | None]] = []
        for index, text in enumerate(self.header):
            if not text:
                continue
            if index in updates:
                day = updates[index]
                dated = self._update_dating(day)
                named = f"progress ({dated})"
                described.append((column_letter(index), text, named))
            else:
                described.append((column_letter(index), text, names.get(index)))
        return described

    def _update_dating(self, day: date | None) -> str:
        if day is not None:
            return f"dated {day}"
        column = self.at.get("update_on")
        if column is not None:
            return f"dated by {self.header[column]}, else today"
        return "dated today"

    # --- cells ---------------------------------------------------------------------------

    def value(self, cells: Sequence[Any], name: str) -> Any:
        index = self.at.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def text(self, cell: Any) -> str:
        text = text_of(cell)
        return unguarded(text) if self.table.guarded else text.strip()

    # --- the pass ------------------------------------------------------------------------

    def read(self) -> Sheet:
        rows = self.table.rows
        self._above(rows[: self.header_index])
        total = len(rows)
        for index in range(self.header_index + 1, total):
            self._row(index, rows[index])
            if self.progress and index % TICK == 0:
                self.progress(f"Reading rows of {self.table.name}", index, total)
        unnamed = sorted(self.unnamed)
        self.sheet.ignored += [f"column {column_letter(column)} (no header)" for column in unnamed]
        self.sheet.areas = list(self.areas.values())
        return self.sheet

    def _above(self, rows: Sequence[Sequence[Any]]) -> None:
        """Rows above the header: title rows (text at the left), and banners over columns."""
        for index, cells in enumerate(rows):
            texts = {c: t for c, cell in enumerate(cells) if (t := one_line(self.text(cell)))}
            if not texts:
                continue
            first = min(texts)
            if first <= max(self.first_column, 1) and len(set(texts.values())) == 1:
                self.sheet.titles.append((index + 1, texts[first][:200]))
            else:
                self.sheet.banners.append(index + 1)

    def _row(self, index: int, cells: Sequence[Any]) -> None:
        number = index + 1
        texts: dict[int, str] = {}
        for column, cell in enumerate(cells):
            if cell is not None and cell != "":
                text = self.text(cell)
                if text:
                    texts[column] = text
        if not texts:
            self.in_key = False
            self._skip(number, "blank")
            return
        first = texts[min(texts)]
        if _FOOTER.fullmatch(first) and len(set(texts.values())) == 1:
            self._skip(number, "a footer")
            return
        if _KEY.match(first) or (_is_key_entry(first) and (self.in_key or len(texts) <= 2)):
            self.in_key = True
            self._skip(number, "a key to the ratings")
            return
        if self.in_key and "title" not in self._named(texts):
            self._skip(number, "a key to the ratings")
            return
        self.in_key = False
        self._classify(index, number, cells, texts)

    def _named(self, texts: Mapping[int, str]) -> set[str]:
        names = self.names
        return {names[column] for column in texts if column in names}

    def _classify(
        self, index: int, number: int, cells: Sequence[Any], texts: dict[int, str]
    ) -> None:
        ref_column = self.at.get("ref", self.at.get("id"))
        ref = texts.get(ref_column) if ref_column is not None else None
        if ref is not None and not looks_like_ref(ref):
            ref = None
        others = {
            column: text for column, text in texts.items() if column != ref_column or ref is None
        }
        distinct = set(others.values())
        title_column = self.at["title"]
        if len(distinct) == 1:
            (text,) = distinct
            column = min(others)
            spanning = self.table.spans.get(index, 1) >= 2
            if self._heading(number, text, ref, column, spanning, title_column):
                return
        named = self._named(texts)
        if "title" in named:
            if self._parent(index, ref, others, title_column):
                self._new_area(number, cells, texts[title_column], ref)
                return
            self._action(number, cells, texts)
            return
        if named <= _AREA_COLUMNS and "area" in named:
            self._new_area(number, cells, texts[self.at["area"]], ref)
            return
        if named - _AREA_COLUMNS or self._updates(texts):
            self._action(number, cells, texts)  # with no title: every problem it has, listed
            return
        if not named - {"ref", "id"} and ref is not None and len(texts) == 1:
            self._skip(number, f"only a ref ({ref})")
            return
        self._skip(number, "nothing in the columns an action is read from")

    def _heading(
        self,
        number: int,
        text: str,
        ref: str | None,
        column: int,
        spanning: bool,
        title_column: int,
    ) -> bool:
        """A row of one text: a theme, or a recommendation that starts an area."""
        text = one_line(text)
        if match := _THEME.fullmatch(text):
            self._new_theme(number, match["name"].strip())
            return True
        if ref is None and (
            (match := _RECOMMENDATION.fullmatch(text)) or (match := _NUMBERED.fullmatch(text))
        ):
            self._new_area(number, None, match["name"].strip(), match["ref"])
            return True
        if spanning:
            if ref is not None:
                self._new_area(number, None, text, ref)
            else:
                self._new_theme(number, text)
            return True
        if column == self.at.get("area") or (
            column != title_column and (ref is not None or column == self.first_column)
        ):
            self._new_area(number, None, text, ref)
            return True
        if column == self.at.get("theme"):
            self._new_theme(number, text)
            return True
        return False

    def _parent(
        self, index: int, ref: str | None, others: Mapping[int, str], title_column: int
    ) -> bool:
        """Whether a row of a ref and a title only, in a sheet with no area column, is a
        recommendation: the next row's ref numbers an action of it ("1" over "1.1")."""
        if ref is None or "area" in self.at or set(others) != {title_column}:
            return False
        ref_column = self.at.get("ref", self.at.get("id"))
        for cells in self.table.rows[index + 1 : index + 50]:
            if ref_column is None or ref_column >= len(cells):
                continue
            below = self.text(cells[ref_column])
            if below:
                rest = below[len(ref) :]
                return below.startswith(ref) and bool(rest) and not rest[0].isdigit()
        return False

    def _skip(self, number: int, why: str) -> None:
        self.sheet.skipped.append((number, why))

    def _new_theme(self, number: int, name: str) -> None:
        self.theme = name[:MAX_CELL]
        self.area = None  # an area of the theme above is not one of this theme's
        self.sheet.themes.append((number, self.theme))

    def _new_area(
        self, number: int, cells: Sequence[Any] | None, text: str, ref: str | None
    ) -> None:
        text = one_line(text)[:MAX_CELL]
        area = self._area(number, text, cells)
        if ref is not None and area.ref is None:
            area.ref = ref
        area.heading = True
        self.area = area
        self.themed = False

    def _area(self, number: int, text: str, cells: Sequence[Any] | None) -> SheetArea:
        """The sheet's area named by `text`, made the first time it is named."""
        folded = text.casefold()
        area = self.areas.get(folded)
        if area is None:
            area = SheetArea(number, text, theme=self.theme)
            self.areas[folded] = area
        if cells is not None:
            for name in ("area_ref", "area_title", "theme", "sponsor"):
                value = self.value(cells, name)
                said = one_line(self.text(value)) if value is not None else ""
                if name == "theme":
                    self.theme_cell = said or self.theme_cell
                    said = self.theme_cell or ""
                if not said:
                    continue
                held = getattr(area, name.removeprefix("area_"))
                if held is None or (name == "theme" and area.row == number):
                    setattr(area, name.removeprefix("area_"), said[:MAX_CELL])
                elif held != said and name == "sponsor":
                    self.sheet.loose.append(
                        Loose(number, name, f"{said!r} differs from {held!r} above; kept {held!r}")
                    )
        return area

    def _updates(self, texts: Mapping[int, str]) -> bool:
        return any(column in texts for column, _ in self.columns.updates)

    # --- an action -----------------------------------------------------------------------

    def _action(self, number: int, cells: Sequence[Any], texts: dict[int, str]) -> None:
        problems: list[RowProblem] = []
        width = self.width
        self.unnamed.update(
            column for column in texts if column >= width or not self.header[column]
        )

        def where(name: str) -> str | None:
            column = self.at.get(name)
            if self.table.sheet is None or column is None:
                return None
            return f"{self.table.sheet}!{column_letter(column)}{number}"

        def problem(name: str, message: str) -> None:
            found = RowProblem(number, name, message, where(name))
            if found not in problems:  # a cell read twice says what is wrong once
                problems.append(found)

        def text(name: str) -> str | None:
            value = self.value(cells, name)
            if value is None:
                return None
            if isinstance(value, FormulaError):
                problem(name, f"holds {value}, the error a formula left; fix the formula")
                return None
            said = self.text(value)
            if len(said) > MAX_CELL:
                problem(
                    name,
                    f"is {len(said):,} characters long, more than a spreadsheet cell holds "
                    f"({MAX_CELL:,}); shorten it",
                )
                return None
            return one_line(said) or None

        def day(name: str) -> date | None:
            value = self.value(cells, name)
            if isinstance(value, FormulaError):
                text(name)
                return None
            try:
                return read_day(value, self.as_of, name)[0]
            except ImprovetrackError as error:
                problem(name, str(error).removeprefix(f"{name}: "))
                return None

        area = self._row_area(number, cells)
        title = text("title")
        if title is None and not problems:
            formula = self.table.formula(number - 1, self.at["title"])
            if formula:
                problem(
                    "title",
                    f"holds the formula {quoted(formula, 60)} with no saved value; open the "
                    "workbook in Excel, let it calculate, save it and import it again",
                )
            else:
                problem("title", "is empty; every action needs a title")
        if area is None:
            problem(
                "area",
                "is empty; every action needs an area: fill in the area column, put the "
                "recommendation on a row above its actions, or import with --area KEY",
            )
        action_id, kept_ref = self._ids(text("id"), text("ref") if "ref" in self.at else None)
        status, rag, rag_reason = self._progress(number, cells, text, problem)
        reason = text("reason")
        # The cell the status came from: the status column's, else the BRAG column's.
        written = (text("status") if "status" in self.at else None) or text("rag") or ""
        if status == "blocked" and not reason:
            problem("status", self._needs_reason(written, "Blocked reason"))
        elif status == "dropped" and not reason:
            if words(written) in SELF_EXPLAINED:
                reason = written
            else:
                problem("status", self._needs_reason(written, "Reason"))
        due = self._due(number, cells, text, problem)
        baseline = day("baseline_due") if "baseline_due" in self.at else None
        completed = day("completed")
        updates = self._row_updates(number, cells, text, day)
        # Every cell is read before the row is judged, so that each one's problem is said.
        owner, measure, signed_off_by = text("owner"), text("measure"), text("signed_off_by")
        reported_reason = text("rag_reason")
        timescale = (text("timescale") if "timescale" in self.at else None) or due[2]
        evidence = self._evidence(cells, text)
        if problems or title is None or area is None or status is None:
            self.sheet.problems += problems
            return
        self.sheet.rows.append(
            Row(
                number=number,
                area=area,
                title=title,
                status=status,
                id=action_id,
                ref=kept_ref,
                owner=owner,
                due=due[0],
                baseline_due=baseline or due[1],
                timescale=timescale,
                rag=rag,
                rag_reason=reported_reason or rag_reason,
                measure=measure,
                evidence=evidence,
                reason=reason if status in ("blocked", "dropped") else None,
                completed=completed,
                signed_off_by=signed_off_by,
                updates=updates,
            )
        )

    def _row_area(self, number: int, cells: Sequence[Any]) -> SheetArea | None:
        value = self.value(cells, "area")
        said = one_line(self.text(value)) if value is not None else ""
        if said:
            self.area = self._area(number, said[:MAX_CELL], cells)
            self.themed = False
            return self.area
        self._theme_below(cells)
        if self.area is not None and not self.themed:
            self._area(number, self.area.text, cells)  # its sponsor, theme... from this row
            return self.area
        # Actions right under a theme, with no recommendation: the theme is their area.
        name = self.theme_cell or self.theme
        if name and (self.area is None or self.area.text.casefold() != name.casefold()):
            self.area = self._area(number, name, cells)
            self.area.theme = None
            self.themed = True
        return self.area

    def _theme_below(self, cells: Sequence[Any]) -> bool:
        value = self.value(cells, "theme")
        said = one_line(self.text(value)) if value is not None else ""
        if said:
            self.theme_cell = said
        return bool(said)

    def _ids(self, given_id: str | None, ref: str | None) -> tuple[str | None, str | None]:
        """The ID a row asks for and the plan's own ref: without an ID column, a ref that
        is an ID (ASM-3) is one."""
        if given_id is None and "id" not in self.at and ref and ACTION_ID.fullmatch(ref.upper()):
            return ref, None
        if (
            given_id is not None
            and "ref" not in self.at
            and not ACTION_ID.fullmatch(given_id.upper())
        ):
            return None, given_id  # an "ID" column of the plan's own numbering
        return given_id, ref

    def _progress(
        self,
        number: int,
        cells: Sequence[Any],
        text: Callable[[str], str | None],
        problem: Callable[[str, str], None],
    ) -> tuple[str | None, str | None, str | None]:
        """The status, the reported RAG and why, from the status and BRAG cells."""
        written = text("status") if "status" in self.at else None
        said: Reading | None = read_progress(written) if written else None
        if said is not None and said.status is None:
            problem(
                "status",
                f"unknown status {quoted(written or '', 60)}; expected one of "
                f"{', '.join(STATUSES)}, or a word such as complete, on track, not started or "
                "a RAG colour",
            )
        rated: Reading | None = None
        if "rag" in self.at:
            brag = text("rag")
            if brag:
                rated = read_progress(brag, rag_column=True)
                if rated.status is None:
                    problem(
                        "rag",
                        f"unknown RAG {quoted(brag, 60)}; expected B, G, A or R, a colour such as "
                        "Amber, or words such as on track, at risk or complete",
                    )
                    return None, None, None
            elif (colour := self._colour(number)) is not None:
                rated = Reading("done" if colour == "blue" else "in-progress", colour)
        status = said.status if said is not None else (rated.status if rated else "not-started")
        source = rated if rated is not None and rated.rag else said
        rag = source.rag if source else None
        return status, rag, source.why if source and rag else None

    def _colour(self, number: int) -> str | None:
        column = self.at["rag"]
        rgb = self.table.fill(number - 1, column)
        rag = rag_of_colour(rgb) if rgb else None
        if rag is not None:
            self.sheet.loose.append(
                Loose(number, "rag", f"an empty cell filled #{rgb} read as {rag.upper()}")
            )
        return rag

    def _needs_reason(self, written: str, column: str) -> str:
        # An export has a Reason column already: then the fix is to fill it in, not add one.
        if "reason" in self.at:
            column = self.header[self.at["reason"]]
            return f"{quoted(written, 60)} needs a reason; write it in the {column!r} column"
        return f"{quoted(written, 60)} needs a reason; add a {column!r} column"

    def _due(
        self,
        number: int,
        cells: Sequence[Any],
        text: Callable[[str], str | None],
        problem: Callable[[str, str], None],
    ) -> tuple[date | None, date | None, str | None]:
        value = self.value(cells, "due")
        if isinstance(value, FormulaError) or (isinstance(value, str) and len(value) > MAX_CELL):
            text("due")
            return None, None, None
        try:
            read = read_due(value, self.as_of)
        except ImprovetrackError as error:
            problem("due", str(error).removeprefix("due: "))
            return None, None, None
        if read.loosely:
            self.sheet.loose.append(Loose(number, "due", read.loosely))
        return read.due, read.baseline, read.timescale

    def _row_updates(
        self,
        number: int,
        cells: Sequence[Any],
        text: Callable[[str], str | None],
        day: Callable[[str], date | None],
    ) -> tuple[Update, ...]:
        if not self.columns.updates:
            return ()
        written = day("update_on") if "update_on" in self.at else None
        found = []
        for column, header_day in self.columns.updates:
            value = cells[column] if column < len(cells) else None
            if value is None:
                continue
            said = "" if isinstance(value, FormulaError) else self.text(value)
            wrong = None
            if isinstance(value, FormulaError):
                wrong = f"holds {value}, the error a formula left; fix the formula"
            elif len(said) > MAX_CELL:
                wrong = (
                    f"is {len(said):,} characters long, more than a spreadsheet cell holds "
                    f"({MAX_CELL:,}); shorten it"
                )
            if wrong:
                cell = self.table.sheet and f"{self.table.sheet}!{column_letter(column)}{number}"
                self.sheet.problems.append(
                    RowProblem(number, "progress", f"{self.header[column]!r} {wrong}", cell)
                )
                continue
            if not said:
                continue
            on = header_day or written or self.as_of
            if on > self.as_of:
                self.sheet.loose.append(
                    Loose(
                        number,
                        "progress",
                        f"update under {self.header[column]!r}, after today, dated today",
                    )
                )
                on = self.as_of
            found.append(Update(on, one_line(said)))
        return tuple(sorted(found, key=lambda update: update.on))

    def _evidence(self, cells: Sequence[Any], text: Callable[[str], str | None]) -> tuple[str, ...]:
        value = self.value(cells, "evidence")
        if value is None:
            return ()
        said = "" if isinstance(value, FormulaError) else self.text(value)
        if isinstance(value, FormulaError) or len(said) > MAX_CELL:
            text("evidence")  # says what is wrong with the cell
            return ()
        return evidence_items(said)  # a link a line: not made one line first
