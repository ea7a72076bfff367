"""Rows put into a council's worksheet, and everything that points at its rows moved with them.

openpyxl's `insert_rows` moves cells only. A council's tracker points at its rows from
many other places: merged cells, row heights, formulas (on its own sheet and on a summary
sheet), the conditional formatting that colours its RAG column, the data validations that
give its status column a drop-down list, its print area and print titles, an autofilter,
a table and named ranges. `insert_rows` moves them all as Excel does: a range that spans
the insertion point grows to cover the new rows; one wholly below it moves down.

`stretch` then makes what ended on the last action's row end on the last new one: a
totals row counts the new actions, and they are coloured, offered the drop-downs and
printed as the rows above them are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from copy import copy
from typing import Any

_CELL_REF = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)")
_ROW_REF = re.compile(r"^(\$?)([0-9]+)$")

# How a reference's rows move: a cell's row, and a range's first and last rows.
Row = Callable[[int], int]
Span = Callable[[int, int], tuple[int, int]]


def insert_rows(sheet: Any, at: int, count: int) -> None:
    """`count` rows before row `at`, and everything that points at rows from `at` on moved
    down with the cells."""
    from openpyxl.worksheet.cell_range import CellRange

    moved = [CellRange(str(rng)) for rng in sheet.merged_cells.ranges if rng.max_row >= at]
    for rng in moved:
        sheet.unmerge_cells(str(rng))
    heights = {
        number: copy(dimension)
        for number, dimension in sheet.row_dimensions.items()
        if number >= at
    }
    sheet.insert_rows(at, count)
    for number in sorted(heights, reverse=True):
        del sheet.row_dimensions[number]
    for number, dimension in heights.items():
        dimension.index = number + count
        sheet.row_dimensions[number + count] = dimension
    for rng in moved:
        if rng.min_row >= at:
            rng.shift(row_shift=count)
        else:
            rng.expand(down=count)
        sheet.merge_cells(rng.coord)

    def row(number: int) -> int:
        return number + count if number >= at else number

    def span(first: int, last: int) -> tuple[int, int]:
        return row(first), row(last)

    _rewrite(sheet, row, span)
    _move_areas(sheet, span, row)
    _move_names(sheet, row, span)
    _print_titles(sheet, span)


def stretch(sheet: Any, last: int, new_last: int, below: int) -> None:
    """What ends at row `last` (the last action's) made to end at `new_last`: ranges in
    this sheet's formulas from row `below` on (a totals row) and in other sheets' formulas
    and named ranges, when they start above it; conditional formatting, drop-downs, the
    print area, an autofilter and a table, when they reach it at all."""
    if new_last == last:
        return

    def same(number: int) -> int:
        return number

    def span(first: int, end: int) -> tuple[int, int]:
        return (first, new_last) if end == last and first < last else (first, end)

    def area(first: int, end: int) -> tuple[int, int]:
        return (first, new_last) if end == last else (first, end)

    _rewrite(sheet, same, span, since=below)
    _move_areas(sheet, area, None)
    _move_names(sheet, same, span)


# --- formulas ------------------------------------------------------------------------------


def _formula_cells(sheet: Any) -> Iterable[Any]:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" and isinstance(cell.value, str):
                yield cell


def _rewrite(sheet: Any, row: Row, span: Span, since: int = 1) -> None:
    """The references to this sheet's rows in every formula of the workbook, moved: in its
    own formulas from row `since` on, and in the other sheets' formulas that name it."""
    for other in sheet.parent.worksheets:
        own = other is sheet
        for cell in _formula_cells(other):
            if own and cell.row < since:
                continue
            moved = moved_formula(cell.value, sheet.title, own, row, span)
            if moved is not None:
                cell.value = moved


def moved_formula(formula: str, title: str, own: bool, row: Row, span: Span) -> str | None:
    """`formula` ("=SUM(C7:C14)") with its references to sheet `title` moved, or None when
    none moves; references without a sheet are its own when `own`."""
    from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

    try:
        tokens = Tokenizer(formula)
    except TokenizerError:
        return None  # a formula it cannot read is left as it is
    changed = False
    for token in tokens.items:
        if token.type != Token.OPERAND or token.subtype != Token.RANGE:
            continue
        sheet, cells = _split(token.value)
        if "[" in token.value or (sheet is None and not own):
            continue  # another workbook's, a table's, or another sheet's
        if sheet is not None and sheet.casefold() != title.casefold():
            continue
        new = _moved_ref(cells, row, span)
        if new != cells:
            token.value, changed = token.value[: len(token.value) - len(cells)] + new, True
    return tokens.render() if changed else None


def _moved_text(
    formula: str | None, title: str, row: Row, span: Span, *, own: bool = True
) -> str | None:
    """A formula kept without its "=" (a rule's, a drop-down's list, a name's), moved;
    else None."""
    if not formula:
        return None
    moved = moved_formula(f"={formula}", title, own, row, span)
    return moved[1:] if moved is not None else None


def _split(ref: str) -> tuple[str | None, str]:
    """A reference's sheet (unquoted; None when it names none) and its cells."""
    if "!" not in ref:
        return None, ref
    sheet, _, cells = ref.rpartition("!")
    if len(sheet) >= 2 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cells


def _moved_ref(ref: str, row: Row, span: Span) -> str:
    """One reference ("C7", "$C$7:C17", "7:17") with its rows moved."""
    parts = ref.split(":")
    if len(parts) == 2:
        rows = [_row_of(part) for part in parts]
        if rows[0] is None or rows[1] is None:
            return ref
        first, last = span(rows[0], rows[1])
        return f"{_with_row(parts[0], first)}:{_with_row(parts[1], last)}"
    number = _row_of(ref)
    return ref if number is None else _with_row(ref, row(number))


def _moved_area(ref: str, span: Span) -> str:
    """One range a format or a drop-down covers ("H7:H14", "C15"), its rows moved: a cell
    that grows becomes a range."""
    parts = ref.split(":")
    rows = [_row_of(part) for part in parts]
    if len(parts) > 2 or rows[0] is None or rows[-1] is None:
        return ref  # whole columns ("C:C") cover the new rows already
    first, last = span(rows[0], rows[-1])
    start, end = _with_row(parts[0], first), _with_row(parts[-1], last)
    return start if start == end else f"{start}:{end}"


def _row_of(part: str) -> int | None:
    match = _CELL_REF.fullmatch(part) or _ROW_REF.fullmatch(part)
    if match is None:
        return None
    return int(match.groups()[-1])


def _with_row(part: str, number: int) -> str:
    match = _CELL_REF.fullmatch(part)
    if match:
        return f"{match[1]}{match[2]}{match[3]}{number}"
    match = _ROW_REF.fullmatch(part)
    return f"{match[1]}{number}" if match else part


# --- what covers rows ----------------------------------------------------------------------


def _areas(sqref: Any, span: Span) -> str:
    return " ".join(_moved_area(part, span) for part in str(sqref).split())


def _move_areas(sheet: Any, span: Span, row: Row | None) -> None:
    """Conditional formatting, data validations, the print area, the autofilter and
    tables, their ranges moved by `span`; the formulas of rules and validations by `row`
    (None: their first row stays, so their relative references hold)."""
    from openpyxl.formatting.formatting import ConditionalFormatting, ConditionalFormattingList

    title = sheet.title
    formats = ConditionalFormattingList()
    for found in sheet.conditional_formatting:
        rules = list(found.rules)
        for rule in rules:
            said = [_moved_text(text, title, row, span) for text in rule.formula] if row else []
            if any(said):
                rule.formula = [new or old for new, old in zip(said, rule.formula, strict=True)]
        moved = ConditionalFormatting(sqref=_areas(found.sqref, span), pivot=found.pivot)
        for rule in rules:
            formats.add(moved, rule)
    formats.max_priority = max(formats.max_priority, sheet.conditional_formatting.max_priority)
    sheet.conditional_formatting = formats
    for validation in sheet.data_validations.dataValidation:
        validation.sqref = _areas(validation.sqref, span)
        if row is not None:
            for name in ("formula1", "formula2"):
                moved_text = _moved_text(getattr(validation, name), title, row, span)
                if moved_text is not None:
                    setattr(validation, name, moved_text)
    printed = sheet.print_area
    if printed:
        sheet.print_area = [_moved_area(_split(part)[1], span) for part in printed.split(",")]
    if sheet.auto_filter.ref:
        sheet.auto_filter.ref = _moved_area(sheet.auto_filter.ref, span)
    for table in sheet.tables.values():
        table.ref = _moved_area(table.ref, span)
        if table.autoFilter is not None and table.autoFilter.ref:
            table.autoFilter.ref = _moved_area(table.autoFilter.ref, span)


def _move_names(sheet: Any, row: Row, span: Span) -> None:
    """Named ranges of the workbook and of each sheet that point at this sheet's rows."""
    book = sheet.parent
    scopes = [book.defined_names, *(other.defined_names for other in book.worksheets)]
    for names in scopes:
        for name in names.values():
            # A name's references to cells always name their sheet.
            moved = _moved_text(name.attr_text, sheet.title, row, span, own=False)
            if moved is not None:
                name.attr_text = moved


def _print_titles(sheet: Any, span: Span) -> None:
    """Rows printed at the top of every page, when they are below the new rows."""
    titles = sheet.print_title_rows
    if titles:
        moved = _moved_ref(titles, lambda number: number, span)
        if moved != titles:
            sheet.print_title_rows = moved.replace("$", "")
