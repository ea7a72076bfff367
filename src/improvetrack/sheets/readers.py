"""Readers: a CSV file or an Excel workbook as one neutral `Table` of cell values.

The layout is not the readers' business: they give every row as it is, and what a
workbook says beyond its values that the layout needs: which rows hold a text merged
across columns (a theme spanning the row), and the fill colour of an empty cell (a BRAG
cell coloured in). A merged range reads as the value of its top-left cell in every cell
it covers, so a recommendation merged down over its actions is in each of their rows,
as it would be had someone filled it in by hand.
"""

from __future__ import annotations

import csv
import io
import itertools
import stat
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from improvetrack.errors import SpreadsheetError
from improvetrack.files.store import read_text
from improvetrack.model.records import field, record
from improvetrack.sheets.limits import SheetExtent, check_file_size, inspect_workbook

# A sheet wider than this is not an improvement plan: a stray cell far to the right
# would otherwise make every row thousands of cells long.
MAX_COLUMNS = 200
# How many rows to read between two calls of a progress callback.
TICK = 1000
# The file formats an import reads, by their first bytes.
_ZIP = b"PK\x03\x04"
_COMPOUND = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel, or an encrypted new one
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
SAVE_AS = "open it in Excel and save it as an Excel Workbook (.xlsx), or as CSV UTF-8"
# Excel's error values, which a formula that failed leaves as its saved value. A cell
# that holds one as text is no action's data either.
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"}
)

Progress = Callable[[str, int, int], None]
# What openpyxl raises where its parsers meet a damaged workbook (with its own
# InvalidFileException and the XML parser's ParseError, imported where it is loaded).
DAMAGE: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    UnicodeDecodeError,
    SyntaxError,  # lxml's XMLSyntaxError, when lxml is there (python-docx brings it)
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OverflowError,
    EOFError,
    OSError,
)


def no_progress(what: str, done: int, total: int) -> None:
    return None


class FormulaError(str):
    """The saved value of a formula that failed ("#REF!"): text that is not data."""

    __slots__ = ()


@record
class Table:
    """One sheet's cells, row by row, as a reader found them."""

    source: str  # the path as given, for messages
    name: str  # the file name, for the log: a log should not hold a machine's folders
    sheet: str | None  # the worksheet's name, for a workbook
    rows: list[list[Any]]  # str, int, float, bool, datetime, date, time, None...
    # CSV only: cells may carry the guard an export writes before text that looks like a
    # formula; a workbook holds text as text.
    guarded: bool = False
    spans: dict[int, int] = field(default_factory=dict)  # row -> widest merge across it
    fill: Callable[[int, int], str | None] = lambda row, column: None  # RGB of an empty cell
    # The formula in a cell that came out empty: one with no saved value, as a workbook
    # written by a program and never opened in Excel has. Looked up only for messages.
    formula: Callable[[int, int], str | None] = lambda row, column: None
    notes: list[str] = field(default_factory=list)  # what the reader left out, and why
    hidden: bool = False  # a workbook's sheet that Excel does not show


def read_tables(
    path: Path, sheet: str | None = None, progress: Progress = no_progress
) -> Iterator[Table]:
    """The tables of a file: one for a CSV file, each worksheet of a workbook (or only the
    one named `sheet`) in order. Raises SpreadsheetError for a file it cannot read."""
    try:
        # A FIFO or a device would hang the read, or never end: only a file is opened.
        if not stat.S_ISREG(path.stat().st_mode):
            raise SpreadsheetError(f"{path}: not a regular file; import a CSV or Excel file")
        with path.open("rb") as handle:
            start = handle.read(8)
    except FileNotFoundError:
        raise SpreadsheetError(f"{path}: no such file") from None
    except OSError as exc:
        raise SpreadsheetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if start.startswith(_COMPOUND):
        raise SpreadsheetError(_compound_message(path))
    if start.startswith(_ZIP) or path.suffix.lower() in XLSX_SUFFIXES:
        yield from _workbook_tables(path, sheet, progress)
        return
    if path.suffix.lower() == ".ods":
        raise SpreadsheetError(f"{path}: an OpenDocument spreadsheet is not read; {SAVE_AS}")
    if sheet is not None:
        raise SpreadsheetError(f"--sheet {sheet}: {path} is a CSV file, which has one sheet")
    yield csv_table(path)


def _compound_message(path: Path) -> str:
    data = path.read_bytes()
    if _ENCRYPTED in data:
        return (
            f"{path}: the workbook is protected with a password, so it cannot be read; "
            "in Excel use File > Info > Protect Workbook > Encrypt with Password, clear the "
            "password, save, and import that file"
        )
    return f"{path}: an old Excel workbook (.xls) is not read; {SAVE_AS}"


# --- CSV -----------------------------------------------------------------------------------


def csv_table(path: Path) -> Table:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SpreadsheetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    check_file_size(path, size, "a CSV file")
    text = read_text(
        path,
        missing=SpreadsheetError(f"{path}: no such file"),
        unreadable=SpreadsheetError,
        what="a CSV file",
        save_hint="in Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and import "
        "that file",
    )
    return csv_text_table(text, str(path), path.name)


def csv_text_table(text: str, source: str, name: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[Any]] = []
    starts = last = 1  # the line the row being read starts on, and the last row's
    try:
        for row in reader:
            rows.append(row)
            last, starts = starts, reader.line_num + 1
    except csv.Error as exc:
        raise SpreadsheetError(
            f"{source}:{reader.line_num}: not readable as CSV ({exc}); save it again as CSV UTF-8"
        ) from None
    if rows and _never_closed(text, last):
        raise SpreadsheetError(
            f"{source}:{last}: a quoted field starts here and is never closed; "
            'add the closing quote ("), or save the file again as CSV UTF-8'
        )
    return Table(source, name, None, rows, guarded=True)


def _never_closed(text: str, line: int) -> bool:
    """Whether the CSV ends inside a quoted field that starts on `line`: a lenient reader
    takes the rest of the file as that one field, so the rows after it would be lost."""
    # Lines as the reader counts them: a CSV file's \n, \r or \r\n, nothing else.
    rest = "".join(itertools.islice(io.StringIO(text, newline=""), line - 1, None))
    try:
        for _ in csv.reader(io.StringIO(rest, newline=""), strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


# --- Excel ---------------------------------------------------------------------------------


def _workbook_tables(path: Path, sheet: str | None, progress: Progress) -> Iterator[Table]:
    with path.open("rb") as handle:
        inspected = inspect_workbook(path, handle)
        _refuse_opendocument(path, handle)
        progress(f"Reading {path.name}", 0, 0)
        book = _load(path, handle)
        try:
            names = book.sheetnames
            if sheet is not None and sheet not in names:
                raise SpreadsheetError(
                    f"--sheet {sheet}: {path} has no such sheet; its sheets are {', '.join(names)}"
                )
            theme = _theme_colours(book)
            for worksheet in book.worksheets:
                if sheet is None or worksheet.title == sheet:
                    part = str(getattr(worksheet, "_worksheet_path", "")).lstrip("/")
                    extent = inspected.sheets.get(part, SheetExtent(part))
                    try:
                        with warnings.catch_warnings():
                            # As on opening it: the sheet's rows are parsed as they stream.
                            warnings.simplefilter("ignore")
                            table = _worksheet_table(path, worksheet, extent, theme, progress)
                    except _damage() as exc:
                        raise SpreadsheetError(
                            f"{path}: sheet {worksheet.title!r} is damaged "
                            f"({type(exc).__name__}: {str(exc)[:120] or 'damaged'}); open the "
                            "workbook in Excel and save it again"
                        ) from None
                    yield table
        finally:
            book.close()


def _is_error(value: object) -> bool:
    return isinstance(value, str) and value in EXCEL_ERRORS


def _has_error(values: list[Any]) -> bool:
    try:
        return not EXCEL_ERRORS.isdisjoint(values)  # one pass in C, for most rows
    except TypeError:  # a value that cannot be hashed is no error value
        return any(_is_error(value) for value in values)


def _refuse_opendocument(path: Path, handle: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(handle) as archive:
            if "mimetype" in archive.namelist():
                kind = archive.read("mimetype")[:80]
                if kind.startswith(b"application/vnd.oasis.opendocument"):
                    raise SpreadsheetError(
                        f"{path}: an OpenDocument spreadsheet is not read; {SAVE_AS}"
                    )
    except zipfile.BadZipFile:
        pass  # the workbook reader says what is wrong with it
    handle.seek(0)


def _load(path: Path, handle: IO[bytes]) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns of what it does not keep (data validation, conditional
            # formatting extensions); none of it is data the import reads.
            warnings.simplefilter("ignore")
            # data_only: a formula's saved value, never its text. keep_links=False: an
            # external link is never followed, only the value Excel saved is read.
            # read_only: the sheets are streamed, row by row, never held as a grid of cells.
            return load_workbook(
                handle, read_only=True, data_only=True, keep_links=False, rich_text=False
            )
    except _damage() as exc:
        raise SpreadsheetError(
            f"{path}: not a readable Excel workbook ({type(exc).__name__}: "
            f"{str(exc)[:120] or 'damaged'}); open it in Excel and save it again"
        ) from None


def _damage() -> tuple[type[Exception], ...]:
    """What openpyxl's parsers raise where they meet the damage in a workbook: on opening
    it, and as its sheets are streamed (a style or a string a cell points to that is not
    there)."""
    from xml.etree.ElementTree import ParseError

    from openpyxl.utils.exceptions import InvalidFileException

    return (*DAMAGE, InvalidFileException, ParseError)


def _worksheet_table(
    path: Path, worksheet: Any, extent: SheetExtent, theme: list[str], progress: Progress
) -> Table:
    """One worksheet's cells, streamed row by row up to its real extent (never the extent a
    sheet declares, which may be the whole grid), with its merged ranges, clipped to that
    extent, read as their top-left cell's value."""
    notes: list[str] = []
    width = extent.columns
    if width > MAX_COLUMNS:
        notes.append(f"columns after {MAX_COLUMNS} not read ({worksheet.title} has {width})")
        width = MAX_COLUMNS
    total = extent.rows
    rows: list[list[Any]] = []
    styles: dict[tuple[int, int], Any] = {}  # the fill of each styled cell, looked up later
    what = f"Reading {path.name}, sheet {worksheet.title}"
    if total and width:
        cells_by_row = worksheet.iter_rows(max_row=total, max_col=width)
        for number, cells in enumerate(cells_by_row, 1):
            values = [getattr(cell, "value", None) for cell in cells]
            values += [None] * (width - len(values))
            for column, cell in enumerate(cells):
                if getattr(cell, "has_style", False):
                    styles[(number - 1, column)] = cell.fill
            if _has_error(values):
                values = [FormulaError(v) if _is_error(v) else v for v in values]
            rows.append(values)
            if number % TICK == 0:
                progress(what, number, total)
    spans: dict[int, int] = {}
    merged_to: dict[tuple[int, int], tuple[int, int]] = {}
    for first_row, first_column, last_row, last_column in extent.merged:
        top, left = first_row - 1, first_column - 1
        if top >= len(rows) or left >= width:
            continue
        value = rows[top][left]
        for row in range(top, min(last_row, len(rows))):
            for column in range(left, min(last_column, width)):
                rows[row][column] = value
                merged_to[(row, column)] = (top, left)
            if last_column > first_column:
                spans[row] = max(spans.get(row, 0), last_column - first_column + 1)

    def fill(row: int, column: int) -> str | None:
        found = styles.get(merged_to.get((row, column), (row, column)))
        return None if found is None else _fill_colour(found, theme)

    formulas: dict[tuple[int, int], str] | None = None

    def formula(row: int, column: int) -> str | None:
        nonlocal formulas
        if formulas is None:
            formulas = _formulas(path, worksheet.title, total, width)
        return formulas.get((row, column))

    return Table(
        str(path),
        path.name,
        worksheet.title,
        rows,
        spans=spans,
        fill=fill,
        formula=formula,
        notes=notes,
        hidden=getattr(worksheet, "sheet_state", "visible") != "visible",
    )


def _formulas(path: Path, title: str, rows: int, columns: int) -> dict[tuple[int, int], str]:
    """The formulas of one worksheet, by (row, column) from 0: a second, streaming read of
    the workbook, made only to say why a cell came out empty."""
    from openpyxl import load_workbook

    found: dict[tuple[int, int], str] = {}
    with path.open("rb") as handle:
        book = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
        for row in book[title].iter_rows(max_row=max(rows, 1), max_col=max(columns, 1)):
            for cell in row:
                if getattr(cell, "data_type", None) == "f" and cell.value is not None:
                    text = getattr(cell.value, "text", cell.value)
                    found[(cell.row - 1, cell.column - 1)] = str(text)
        book.close()
    return found


def _fill_colour(fill: Any, theme: list[str]) -> str | None:
    """The RGB of a solid fill, theme and indexed colours worked out."""
    if getattr(fill, "fill_type", None) != "solid":
        return None
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return str(colour.rgb)[-6:]
    if colour.type == "indexed" and isinstance(colour.indexed, int):
        from openpyxl.styles.colors import COLOR_INDEX

        if 0 <= colour.indexed < len(COLOR_INDEX):
            return str(COLOR_INDEX[colour.indexed])[-6:]
        return None
    if colour.type == "theme" and isinstance(colour.theme, int) and colour.theme < len(theme):
        return _tinted(theme[colour.theme], float(colour.tint or 0))
    return None


# Excel numbers theme colours light 1, dark 1, light 2, dark 2, then the six accents; the
# theme file lists dark 1, light 1, dark 2, light 2. Office's own theme, for a workbook
# that has none.
_OFFICE = ["FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5", "FFC000"]
_OFFICE += ["5B9BD5", "70AD47", "0563C1", "954F72"]
_SCHEME = (
    *("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5"),
    *("accent6", "hlink", "folHlink"),
)


def _theme_colours(book: Any) -> list[str]:
    import xml.etree.ElementTree as ElementTree

    data = getattr(book, "loaded_theme", None)
    if not data:
        return _OFFICE
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return _OFFICE
    found: dict[str, str] = {}
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in _SCHEME and len(element):
            colour = element[0]
            found[name] = colour.get("lastClr") or colour.get("val") or ""
    if not all(len(found.get(name, "")) == 6 for name in _SCHEME):
        return _OFFICE
    order = ("lt1", "dk1", "lt2", "dk2", *_SCHEME[4:])
    return [found[name] for name in order]


def _tinted(rgb: str, tint: float) -> str:
    """A theme colour lightened (tint > 0) or darkened (tint < 0), as Excel does it."""
    import colorsys

    red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "".join(f"{round(part * 255):02X}" for part in (red, green, blue))
