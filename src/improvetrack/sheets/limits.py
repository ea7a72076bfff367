"""What a spreadsheet someone was sent may hold, checked before it is loaded.

A workbook is a zip of XML parts, and both can lie: a 12 MB file can inflate to gigabytes,
a sheet can declare `A1:XFD1048576` as its extent, and one merged range can cover the whole
grid. So before openpyxl sees a workbook, every part is inflated once through a reader that
counts what comes out (the sizes the zip declares are only a first check), and each
worksheet's XML is streamed to find its real extent (the last row and column that hold a
cell) and its merged ranges. Past a limit the import stops with one line, in seconds and in
bounded memory, and nothing is written. A damaged zip is said the same way: one line.

The limits are the same for an import, an update return and a template (see the README's
"Limits").
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.parsers import expat

from improvetrack.errors import SpreadsheetError
from improvetrack.model.records import field, record

MAX_FILE_BYTES = 50_000_000  # a workbook or a CSV file on disk
MAX_INFLATED_BYTES = 200_000_000  # every part of a workbook, inflated, in all
MAX_PARTS = 10_000  # files inside a workbook's zip
MAX_SHEETS = 100
MAX_ROWS = 100_000  # of real extent, per sheet
MAX_COLUMNS = 500  # of real extent, per sheet
MAX_MERGED = 10_000  # merged ranges per sheet
MAX_STRINGS = 2_000_000  # entries of the shared strings table

_CHUNK = 1 << 16
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_RANGE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?")
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
DAMAGED = "open it in Excel and save it again"


@record
class SheetExtent:
    """What one worksheet's XML holds: its real extent and its merged ranges, clipped."""

    part: str  # its name inside the zip, e.g. xl/worksheets/sheet1.xml
    rows: int = 0  # the last row that holds a cell (1-based; 0 for an empty sheet)
    columns: int = 0  # the last column that holds a cell
    # (first row, first column, last row, last column), 1-based, clipped to the extent
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@record
class Inspected:
    """A workbook that is within every limit: its sheets' extents, by part name."""

    sheets: dict[str, SheetExtent] = field(default_factory=dict)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def check_file_size(path: Path, size: int, what: str) -> None:
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"{path}: {size / 1e6:.1f} MB is over the {MAX_FILE_BYTES / 1e6:g} MB {what} may "
            "hold; split the plan into smaller files"
        )


def inspect_workbook(path: Path, handle: IO[bytes]) -> Inspected:
    """Check a workbook against the limits by reading every part once; raises
    SpreadsheetError, naming the file and the limit, for one that is over a limit or damaged."""
    handle.seek(0, 2)
    check_file_size(path, handle.tell(), "a workbook")
    handle.seek(0)
    _not_text(path, handle.read(4096))
    handle.seek(0)
    try:
        inspected = _inspect(path, handle)
    except SpreadsheetError:
        raise
    # zipfile and zlib report a damaged zip in many ways: a bad header, a bad CRC, a
    # compression it does not know, a part that ends early, an encrypted part.
    except (
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
        ValueError,
        UnicodeDecodeError,
        OverflowError,
    ) as exc:
        raise SpreadsheetError(
            f"{path}: not a readable Excel workbook ({type(exc).__name__}: "
            f"{str(exc)[:120] or 'damaged'}); {DAMAGED}"
        ) from None
    handle.seek(0)
    return inspected


def _not_text(path: Path, start: bytes) -> None:
    """Refuse, saying so, a file of text given an Excel name: a CSV saved as .xlsx, say,
    which zipfile would only call "not a zip file"."""
    controls = set(range(32)) - {9, 10, 13}  # text in any encoding has none but these
    if not start or start.startswith(b"PK") or any(byte in controls for byte in start):
        return
    raise SpreadsheetError(
        f"{path}: this is text, not an Excel workbook; if it is CSV, give it a .csv name "
        "and import that, or open it in Excel and save it as a workbook (.xlsx)"
    )


def _inspect(path: Path, handle: IO[bytes]) -> Inspected:
    inspected = Inspected()
    with zipfile.ZipFile(handle) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise SpreadsheetError(
                f"{path}: the workbook holds {len(parts):,} files inside it, over the "
                f"{MAX_PARTS:,} a workbook may; {DAMAGED}"
            )
        declared = sum(part.file_size for part in parts)
        if declared > MAX_INFLATED_BYTES:
            raise _too_big(path)
        inflated = 0
        for part in parts:
            if part.compress_type not in _METHODS:
                raise SpreadsheetError(
                    f"{path}: {part.filename} is compressed in a way Excel does not use; {DAMAGED}"
                )
            with archive.open(part) as stream:
                counter = _Counting(path, stream, MAX_INFLATED_BYTES - inflated)
                if _SHEET_PART.fullmatch(part.filename):
                    extent = _sheet_extent(path, part.filename, counter)
                    inspected.sheets[part.filename] = extent
                elif part.filename == "xl/sharedStrings.xml":
                    _count(path, counter, "si", MAX_STRINGS, f"over {MAX_STRINGS:,} pieces of text")
                elif part.filename == "xl/workbook.xml":
                    _count(path, counter, "sheet", MAX_SHEETS, f"over {MAX_SHEETS} sheets")
                else:
                    for _ in counter.chunks():
                        pass
                inflated += counter.read
    return inspected


def _too_big(path: Path) -> SpreadsheetError:
    return SpreadsheetError(
        f"{path}: the workbook inflates to over {MAX_INFLATED_BYTES / 1e6:g} MB, more than a "
        "plan needs (a file built to fill memory, or one holding large pictures); save the "
        "plan's sheets alone as a new workbook"
    )


class _Counting:
    """A part's bytes as they inflate, counted: past the budget, the workbook is refused."""

    def __init__(self, path: Path, stream: IO[bytes], budget: int) -> None:
        self.path, self.stream, self.budget, self.read = path, stream, budget, 0

    def chunks(self) -> Iterator[bytes]:
        while chunk := self.stream.read(_CHUNK):
            self.read += len(chunk)
            if self.read > self.budget:
                raise _too_big(self.path)
            yield chunk


def _parse(counter: _Counting, start: object) -> None:
    """Stream a part's XML through expat, calling `start(name, attributes)` per element."""
    parser = expat.ParserCreate()
    parser.StartElementHandler = start  # type: ignore[assignment]
    try:
        for chunk in counter.chunks():
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ValueError(f"damaged XML: {exc}") from None


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _sheet_extent(path: Path, part: str, counter: _Counting) -> SheetExtent:
    extent = SheetExtent(part)
    ranges: list[tuple[int, int, int, int]] = []
    row_now = 0
    column_now = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row_now, column_now
        tag = _local(name)
        if tag == "row":
            number = attributes.get("r")
            row_now = int(number) if number and number.isdigit() else row_now + 1
            column_now = 0
        elif tag == "c":
            reference = attributes.get("r")
            found = _CELL.fullmatch(reference) if reference else None
            if found:
                column_now = column_number(found.group(1))
                row = int(found.group(2))
            else:
                column_now += 1
                row = max(row_now, 1)
            if row > extent.rows:
                extent.rows = row
                if row > MAX_ROWS:
                    raise _over(path, part, f"over {MAX_ROWS:,} rows")
            if column_now > extent.columns:
                extent.columns = column_now
                if column_now > MAX_COLUMNS:
                    raise _over(path, part, f"over {MAX_COLUMNS:,} columns")
        elif tag == "mergeCell":
            found = _RANGE.fullmatch(attributes.get("ref", ""))
            if found:
                first_row, first_column = int(found.group(2)), column_number(found.group(1))
                last_row = int(found.group(4) or first_row)
                last_column = column_number(found.group(3) or found.group(1))
                ranges.append((first_row, first_column, last_row, last_column))
                if len(ranges) > MAX_MERGED:
                    raise _over(path, part, f"over {MAX_MERGED:,} merged ranges")

    _parse(counter, start)
    # A range is clipped to the cells the sheet really has; one wholly past them is dropped.
    for first_row, first_column, last_row, last_column in ranges:
        if first_row <= extent.rows and first_column <= extent.columns:
            extent.merged.append(
                (
                    first_row,
                    first_column,
                    min(last_row, extent.rows),
                    min(last_column, extent.columns),
                )
            )
    return extent


def _over(path: Path, part: str, what: str) -> SpreadsheetError:
    sheet = part.rsplit("/", 1)[-1].removesuffix(".xml")
    return SpreadsheetError(
        f"{path}: {sheet} has {what}, more than an improvement plan's sheet may "
        f"(at most {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns and {MAX_MERGED:,} merged "
        "ranges); delete the unused rows and columns, or save the plan's sheet alone"
    )


def _count(path: Path, counter: _Counting, tag: str, limit: int, said: str) -> None:
    """Count a part's `tag` elements as they stream past; past `limit`, refuse the file."""
    count = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal count
        if _local(name) == tag:
            count += 1
            if count > limit:
                raise SpreadsheetError(
                    f"{path}: the workbook has {said}, more than a plan needs; save the "
                    "plan's sheets alone as a new workbook"
                )

    _parse(counter, start)
