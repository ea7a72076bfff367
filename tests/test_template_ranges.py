"""`export --template`: rows made for new actions move what points at the rows below.

A council's tracker colours its RAG column with conditional formatting, offers drop-downs,
prints a set area and names cells; the rows made above its totals row must not leave
them on the wrong rows or short of the new actions.
"""

from __future__ import annotations

import tomllib
import warnings
import zipfile
from pathlib import Path
from typing import Any

from tests import tracker
from tests.conftest import Invoke
from tests.test_own_workbook import kept, plain_tracker, register, worked_on


def _export(invoke: Invoke, template: str) -> Any:
    result = invoke("export", "--format", "xlsx", "--template", template, "--output", "out.xlsx")
    assert result.exit_code == 0, result.output
    return result


def _formats(sheet: Any) -> dict[str, list[tuple[str, list[str]]]]:
    return {
        str(found.sqref): [(rule.type, list(rule.formula)) for rule in found.rules]
        for found in sheet.conditional_formatting
    }


def _validations(sheet: Any) -> dict[str, str]:
    return {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}


def _ruled_export(invoke: Invoke) -> tuple[Any, dict[str, tuple[int, int]]]:
    from openpyxl import load_workbook

    worked_on(invoke)  # one new action, for care leavers
    tracker.tracker(Path("template.xlsx"))
    rows = tracker.add_rules(Path("template.xlsx"))
    result = _export(invoke, "template.xlsx")
    assert "(21 on their rows, 1 new)" in result.output
    assert "not in the copy" not in result.output
    return load_workbook("out.xlsx"), rows


def test_rules_and_drop_downs_grow_over_the_new_row_and_move_below_it(invoke: Invoke) -> None:
    book, rows = _ruled_export(invoke)
    last, total = rows["Care leavers"]
    assert (last, total) == (14, 15)
    sheet = book["Care leavers"]
    # The new action took row 15; the totals row is now 16.
    assert sheet["C15"].value == "=1+1 a second hub" and sheet["A16"].value == "Total actions"
    assert _formats(sheet) == {
        # Over the RAG column, ending on the last action: now over the new one too.
        "H7:H15": [
            ("cellIs", ['"RED"']),
            ("containsText", ['NOT(ISERROR(SEARCH("AMBER",H7)))']),
        ],
        # Spanning the new row: one longer; its first row, so its formula, as it was.
        "F7:F41": [("expression", ["AND(ISNUMBER($F7),$F7<TODAY())"])],
        # On the totals cell, wholly below: moved down, with the cell its formula names.
        "C16": [("expression", ["$C$16>20"])],
    }
    assert _validations(sheet) == {
        "H7:H15": '"BLUE,GREEN,AMBER,RED"',
        "C7:C41": "500",
        "B24": '"Yes,No"',
    }
    assert sheet["A24"].value == "Version 17 agreed by the board"
    merged = {str(rng) for rng in sheet.merged_cells.ranges}
    assert merged == {"A5:L5", "A17:L17"}  # the heading stays; the note under the totals moves
    assert sheet["A17"].value.startswith("Printed from the tracker")
    assert sheet.print_area == "'Care leavers'!$A$1:$L$24"
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.auto_filter.ref == "A6:L15"
    assert book.defined_names["Total_3"].attr_text == "'Care leavers'!$C$16"
    # Another sheet's formulas that count the plan's rows follow them.
    summary = book[tracker.SUMMARY]
    assert summary["B1"].value == "=COUNTIF('Care leavers'!H7:H15,\"RED\")"
    assert summary["B2"].value == "='Care leavers'!C16"


def test_a_sheet_with_no_new_action_keeps_its_ranges(invoke: Invoke) -> None:
    book, rows = _ruled_export(invoke)
    sheet = book["Children in care"]
    last, total = rows["Children in care"]
    assert set(_formats(sheet)) == {f"H7:H{last}", "F7:F40", f"C{total}"}
    assert set(_validations(sheet)) == {f"H7:H{last}", "C7:C40", f"B{total + 8}"}
    assert sheet.print_area == f"'Children in care'!$A$1:$L${total + 8}"
    assert sheet.auto_filter.ref == f"A6:L{last}"
    assert book.defined_names["Total_2"].attr_text == f"'Children in care'!$C${total}"


def test_a_ruled_template_export_imports_back_as_the_same_plan(invoke: Invoke) -> None:
    _ruled_export(invoke)
    assert invoke("-r", "copy.toml", "init").exit_code == 0
    back = invoke("-r", "copy.toml", "import", "out.xlsx")
    assert back.exit_code == 0, back.output
    copy = tomllib.loads(Path("copy.toml").read_text(encoding="utf-8"))

    assert kept(copy["actions"]) == kept(register()["actions"])
    assert sorted(copy["areas"]) == sorted(register()["areas"])
    before = Path("improvetrack.toml").read_bytes()
    again = invoke("import", "out.xlsx")
    assert again.exit_code == 0, again.output
    assert "Imported 0 actions from out.xlsx; 22 already in the register." in again.output
    assert Path("improvetrack.toml").read_bytes() == before


def _plain_tracker(path: Path) -> None:
    """A tracker with nothing under its two actions, its RAG column ruled and offered a
    drop-down over exactly those rows, and printed to the last of them."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = plain_tracker()
    sheet = book.active
    red = PatternFill("solid", bgColor="FFFF0000")
    sheet.conditional_formatting.add(
        "G4:G5", CellIsRule(operator="equal", formula=['"RED"'], fill=red)
    )
    statuses = DataValidation(type="list", formula1='"Not started,In progress,Done"')
    statuses.add("F4:F5")
    sheet.add_data_validation(statuses)
    sheet.print_area = "A1:G5"
    book.save(path)


def test_the_next_empty_row_is_ruled_and_offered_the_drop_down_too(invoke: Invoke) -> None:
    from openpyxl import load_workbook

    _plain_tracker(Path("eastshire.xlsx"))
    assert invoke("init").exit_code == 0
    assert invoke("import", "eastshire.xlsx").exit_code == 0
    area = next(iter(register()["areas"]))
    assert invoke("add", area, "Publish a leaflet", "--owner", "Cy").exit_code == 0
    _export(invoke, "eastshire.xlsx")
    sheet = load_workbook("out.xlsx")["Action plan"]
    assert sheet["C6"].value == "Publish a leaflet" and sheet.max_row == 6
    assert _formats(sheet) == {"G4:G6": [("cellIs", ['"RED"'])]}
    assert _validations(sheet) == {"F4:F6": '"Not started,In progress,Done"'}
    assert sheet.print_area == "'Action plan'!$A$1:$G$6"


def test_rules_and_drop_downs_openpyxl_cannot_keep_are_named(invoke: Invoke) -> None:
    """Excel 2010 keeps some rules and drop-downs (a list on another sheet) in extensions
    of the sheet that openpyxl drops: the export says so in the tool's words."""
    worked_on(invoke)
    tracker.tracker(Path("plain.xlsx"))
    extensions = (
        '<extLst><ext uri="{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="0"/></ext>'
        '<ext uri="{78C0D931-6437-407D-A8EE-F0AAD7539E65}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        "<x14:conditionalFormattings/></ext></extLst></worksheet>"
    )
    with (
        zipfile.ZipFile("plain.xlsx") as source,
        zipfile.ZipFile("extended.xlsx", "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", extensions.encode())
            target.writestr(item, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl's own warnings are said, not shown
        result = _export(invoke, "extended.xlsx")
        assert invoke("-r", "copy.toml", "init").exit_code == 0
        back = invoke("-r", "copy.toml", "import", "extended.xlsx")
        assert back.exit_code == 0, back.output
    said = " ".join(result.output.split())
    assert (
        "extended.xlsx: its drop-down lists of Excel 2010 and later (lists kept on another "
        "sheet) are not in the copy" in said
    ), result.output
    assert "extended.xlsx: its conditional formats of Excel 2010 and later" in said
    assert "extension is not supported" not in said
