"""Files a user is sent: a workbook or a CSV may be broken, or built to hurt.

Each is refused with one line and exit 2, in bounded time and memory, with nothing written.
The bombs are built here, at test time, from repeated compressed blocks: none is committed.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from improvetrack.errors import SpreadsheetError
from improvetrack.sheets import limits
from improvetrack.sheets.readers import read_tables
from tests.conftest import MINIMAL, Invoke

PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Types xmlns="{PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{SPREADSHEET}.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{OFFICE}">'
    "<sheets>{sheets}</sheets></workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Area</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Action</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Owner</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>Due</t></is></c></row>'
)
ACTION_ROW = (
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Assessments</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>Rewrite the template</t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>Team manager</t></is></c>'
    '<c r="D2" t="inlineStr"><is><t>31/01/2027</t></is></c></row>'
)


def workbook(path: Path, sheet: str | list[bytes], *, sheets: int = 1) -> Path:
    """A workbook written part by part; `sheet` is the first sheet's XML, or chunks of it
    streamed into the zip one after another (so a bomb never sits in memory whole)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        names = "".join(
            f'<sheet name="Plan {n}" sheetId="{n + 1}" r:id="rId{n + 1}"/>' for n in range(sheets)
        )
        archive.writestr("xl/workbook.xml", WORKBOOK.format(sheets=names))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            for chunk in [sheet.encode()] if isinstance(sheet, str) else sheet:
                stream.write(chunk)
    return path


def sheet_xml(rows: str, after: str = "") -> str:
    return f"{SHEET_START}<sheetData>{HEADER_ROW}{ACTION_ROW}{rows}</sheetData>{after}</worksheet>"


def refused(path: Path) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        list(read_tables(path))
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


def test_a_plain_built_workbook_reads(tmp_path: Path) -> None:
    """The builder makes a workbook the reader takes: the refusals below are the limits'."""
    (table,) = read_tables(workbook(tmp_path / "plan.xlsx", sheet_xml("")))
    assert table.rows[1] == ["Assessments", "Rewrite the template", "Team manager", "31/01/2027"]


def test_a_zip_bomb_is_refused_by_what_it_inflates_to(tmp_path: Path) -> None:
    block = b"<!--" + b" " * (1 << 20) + b"-->"  # a megabyte that deflates to a kilobyte
    chunks = [sheet_xml("").encode()[: len(SHEET_START)], *[block] * 205, b"</worksheet>"]
    path = workbook(tmp_path / "bomb.xlsx", chunks)
    assert path.stat().st_size < 1_000_000
    assert "inflates to over 200 MB" in refused(path)


def test_a_bomb_whose_zip_understates_its_size_is_refused(tmp_path: Path) -> None:
    """The sizes a zip declares are a first check only: one that says less than it holds
    is stopped by what really comes out."""
    block = b"<!--" + b" " * (1 << 20) + b"-->"
    path = workbook(tmp_path / "liar.xlsx", [SHEET_START.encode(), *[block] * 30, b"</worksheet>"])
    data = bytearray(path.read_bytes())
    # Rewrite the sheet's declared size, in its local header and the central directory.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        true_size = info.file_size
    for offset in range(len(data) - 4):
        if int.from_bytes(data[offset : offset + 4], "little") == true_size:
            data[offset : offset + 4] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    message = refused(path)
    assert "not a readable Excel workbook" in message or "inflates" in message


def test_a_sheet_padded_with_space_is_read_in_bounded_time(tmp_path: Path) -> None:
    padding = [b" " * (1 << 20)] * 150  # 150 MB of nothing, under the 200 MB limit
    chunks = [SHEET_START.encode(), b"<sheetData>", *padding, b"</sheetData></worksheet>"]
    (table,) = read_tables(workbook(tmp_path / "padded.xlsx", chunks))
    assert table.rows == []


def test_one_merged_range_over_the_whole_grid_is_clipped_to_the_cells_there_are(
    tmp_path: Path,
) -> None:
    merged = '<mergeCells count="1"><mergeCell ref="G1:XFD1048576"/></mergeCells>'
    (table,) = read_tables(workbook(tmp_path / "merged.xlsx", sheet_xml("", merged)))
    assert len(table.rows) == 2 and all(len(row) == 4 for row in table.rows)


def test_thousands_of_merged_ranges_are_read_quickly_and_too_many_refused(
    tmp_path: Path,
) -> None:
    many = "".join(f'<mergeCell ref="E{n}:XFD{n + 1}"/>' for n in range(1, 3001))
    (table,) = read_tables(
        workbook(tmp_path / "many.xlsx", sheet_xml("", f"<mergeCells>{many}</mergeCells>"))
    )
    assert len(table.rows) == 2
    over = "".join(f'<mergeCell ref="A{n}:B{n}"/>' for n in range(1, 10_002))
    path = workbook(tmp_path / "over.xlsx", sheet_xml("", f"<mergeCells>{over}</mergeCells>"))
    assert "over 10,000 merged ranges" in refused(path)


@pytest.mark.parametrize(
    ("cell", "said"),
    [("A100001", "over 100,000 rows"), ("SG1", "over 500 columns")],
)
def test_a_sheet_past_the_real_extent_limits_is_refused(
    tmp_path: Path, cell: str, said: str
) -> None:
    row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    stray = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row>'
    assert said in refused(workbook(tmp_path / "far.xlsx", sheet_xml(stray)))


def test_a_declared_extent_of_the_whole_grid_is_not_believed(tmp_path: Path) -> None:
    lying = sheet_xml("").replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    (table,) = read_tables(workbook(tmp_path / "dimension.xlsx", lying))
    assert len(table.rows) == 2 and len(table.rows[0]) == 4


def test_too_many_sheets_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "sheets.xlsx", sheet_xml(""), sheets=101)
    assert "over 100 sheets" in refused(path)


def _valid_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Area", "Action", "Owner", "Due", "RAG"])
    for number in range(1, 6):
        sheet.append(["Assessments", f"Action {number}", "Team manager", "31/01/2027", "G"])
    sheet.merge_cells("A2:A6")
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_every_damaged_workbook_is_one_line(tmp_path: Path) -> None:
    """200 random byte mutations and a truncation every 97 bytes of a valid workbook: each
    reads, or is refused with one line; none ends in another exception."""
    original = _valid_workbook()
    rng = random.Random(20261207)
    damaged = []
    for _ in range(200):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        damaged.append(bytes(data))
    damaged += [original[:cut] for cut in range(0, len(original), 97)]
    # A zip whose parts say they were made by a zip version Python does not read.
    versioned = bytearray(original)
    versioned[4:6] = (120).to_bytes(2, "little")
    damaged.append(bytes(versioned))
    outcomes = {"read": 0, "refused": 0}
    path = tmp_path / "damaged.xlsx"
    for data in damaged:
        path.write_bytes(data)
        try:
            list(read_tables(path))
            outcomes["read"] += 1
        except SpreadsheetError as error:
            assert "\n" not in str(error)
            outcomes["refused"] += 1
    assert outcomes["refused"] > 100, outcomes


def test_an_unclosed_quote_in_a_csv_names_its_row(
    invoke: Invoke, write: object, tmp_path: Path
) -> None:
    register = write(MINIMAL)  # type: ignore[operator]
    before = register.read_bytes()
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Area,Action,Owner,Due\n"
        "1.1,Assessments,Audit,Owner A,31/01/2027\n"
        '1.2,Assessments,"Rewrite the template,Owner B,28/02/2027\n'
        "1.3,Assessments,Train staff,Owner C,31/03/2027\n",
        encoding="utf-8",
    )
    result = invoke("import", str(path))
    assert result.exit_code == 2, result.output
    assert f"{path}:3: a quoted field starts here and is never closed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert register.read_bytes() == before


def test_a_quoted_field_over_several_lines_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text('Area,Action\nAssessments,"Two\nlines"\n', encoding="utf-8")
    (table,) = read_tables(path)
    assert table.rows[1] == ["Assessments", "Two\nlines"]


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: nothing is written to disk
    assert "over the 50 MB a CSV file may hold" in refused(path)


def test_a_fifo_is_not_read_as_a_csv(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.csv"
    import os

    os.mkfifo(fifo)
    assert "not a regular file" in refused(fifo)


def test_a_bomb_is_refused_within_a_memory_limit(tmp_path: Path) -> None:
    """As a process limited to 1 GB of address space: a full load of this workbook, merged
    over the grid and inflating past the limit, would need many times that."""
    block = b"<!--" + b" " * (1 << 20) + b"-->"
    merged = b'<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    chunks = [SHEET_START.encode(), b"<sheetData>", *[block] * 100, b"</sheetData>", merged]
    merged_bomb = workbook(tmp_path / "merged-bomb.xlsx", [*chunks, b"</worksheet>"])
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from pathlib import Path\n"
        "from improvetrack.errors import SpreadsheetError\n"
        "from improvetrack.sheets.readers import read_tables\n"
        "tables = list(read_tables(Path(sys.argv[1])))\n"
        "print(len(tables), len(tables[0].rows))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(merged_bomb)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "0"]


def test_a_cell_with_a_style_the_workbook_does_not_have_is_one_line(tmp_path: Path) -> None:
    """Found by the fuzz campaign: the damage only shows as the sheet is streamed."""
    row = '<row r="3"><c r="A3" s="99" t="inlineStr"><is><t>Assessments</t></is></c></row>'
    message = refused(workbook(tmp_path / "styled.xlsx", sheet_xml(row)))
    assert "sheet 'Plan 0' is damaged (IndexError" in message


def test_a_sheet_that_is_not_xml_is_one_line_with_either_parser(tmp_path: Path) -> None:
    """Found by the fuzz campaign once lxml was installed (python-docx brings it): openpyxl
    then parses with lxml, which raises its own XMLSyntaxError."""
    source = workbook(tmp_path / "plain.xlsx", sheet_xml(""))
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for name in original.namelist():
            copy.writestr(name, original.read(name))
        copy.writestr("docProps/core.xml", "<<cp:coreProperties/>")
    assert "broken.xlsx" in refused(broken)
