"""A council's own improvement tracker, laid out the way councils publish theirs, not the
way this tool exports: one sheet per theme, a title block with a real "Updated:" date, the
theme heading merged across the sheet above the header, a hidden column of the last
version's refs, the lead's RAG as a fill colour only under "Current status" (blue is
complete), quarterly "Outcome" columns with no year, a blank row in the middle, a totals
row with a count formula (and one whose value Excel saved), and a key to the colours."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

COUNCIL = "Northshire County Council"
VERSION = "Improvement Action Tracker v17"
UPDATED = date(2026, 11, 14)
HEADER = [
    "NOS ref",
    "v16 ref",
    "What we will do",
    "Who (lead)",
    "How",
    "When",
    "Success measures",
    "Current status",
    "Outcome Q1",
    "Outcome Q2",
    "Outcome Q3",
    "Outcome Q4",
]
WIDTHS = (9, 28, 20, 12, 22, 14, 24, 24, 24, 24)  # of columns A, D…L (C is wider)
FILLS = {"blue": "0070C0", "green": "00B050", "amber": "FFC000", "red": "FF0000"}
THEMES = {
    "Help and protection": "Theme 1: Children who need help and protection",
    "Children in care": "Theme 2: Children in care",
    "Care leavers": "Theme 3: Care leavers",
}
LEADS = ("Head of Service, Assessment", "Principal Social Worker", "Head of Corporate Parenting")
RAGS = ("blue", "green", "amber", "red", "green", "blue", "amber")
# Seven actions a sheet: ref, what, when (a date, or words), RAG.
ACTIONS: dict[str, list[tuple[str, str, Any, str]]] = {}
for number, sheet in enumerate(THEMES, 1):
    ACTIONS[sheet] = [
        (
            f"{number}.{index}",
            f"{sheet}: action {index} of the plan",
            datetime(2026, 4 + index, 28) if index != 4 else "March 2027",
            RAGS[index - 1],
        )
        for index in range(1, 8)
    ]
TOTAL = sum(len(rows) for rows in ACTIONS.values())
# Which quarters have text: Q1 and Q2 for all, Q3 for the first action of each sheet.
BLANK_AFTER = 4  # a blank row after the fourth action


def tracker(path: Path, *, cached_total: bool = False) -> Path:
    """Write the tracker; with `cached_total`, the first sheet's totals row holds the
    value Excel saved for its formula (as a workbook saved by Excel does)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    width = len(HEADER)
    for number, (name, theme) in enumerate(THEMES.items(), 1):
        sheet = book.create_sheet(name)
        sheet["A1"] = COUNCIL
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = VERSION
        sheet["A3"] = "Updated:"
        # Beside "Updated:" as Excel shows it: column B is hidden.
        sheet["C3"] = datetime(UPDATED.year, UPDATED.month, UPDATED.day)
        sheet["C3"].number_format = "dd/mm/yyyy"
        sheet["A5"] = theme
        sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=width)
        sheet["A5"].font = Font(bold=True)
        for column, text in enumerate(HEADER, 1):
            sheet.cell(6, column, text).font = Font(bold=True)
        sheet.column_dimensions["B"].hidden = True
        sheet.column_dimensions["C"].width = 48
        for letter, wide in zip("ADEFGHIJKL", WIDTHS, strict=True):
            sheet.column_dimensions[letter].width = wide
        row = 7
        for index, (ref, what, when, rag) in enumerate(ACTIONS[name], 1):
            lead = LEADS[(index + number) % len(LEADS)]
            values = [ref, f"{number}.{index}a", what, lead, "Training and audit", when,
                      "Audits graded good", None, "Started the work",
                      "Half the teams trained" if index != 3 else None,
                      "All teams trained" if index == 1 else None, None]  # fmt: skip
            for column, value in enumerate(values, 1):
                cell = sheet.cell(row, column, value)
                if isinstance(value, datetime):
                    cell.number_format = "dd/mm/yyyy"
            sheet.cell(row, 8).fill = PatternFill("solid", fgColor="FF" + FILLS[rag])
            row += 1
            if index == BLANK_AFTER:
                row += 1  # a blank row in the middle
        last = row - 1
        sheet.cell(row, 1, "Total actions")
        sheet.cell(row, 3, 7 if cached_total and number == 1 else f"=COUNTA(C7:C{last})")
        row += 2
        sheet.cell(row, 1, "Key")
        for offset, (colour, meaning) in enumerate(
            (("blue", "Complete"), ("green", "On track"), ("amber", "At risk"),
             ("red", "Off track")), 1,
        ):  # fmt: skip
            sheet.cell(row + offset, 1).fill = PatternFill("solid", fgColor="FF" + FILLS[colour])
            sheet.cell(row + offset, 2, meaning)
    book.save(path)
    return path


# What councils add to such a tracker in Excel: a rule colouring the RAG column (by cell
# value and by "contains"), one over the dates reaching below the table, one on the totals
# cell; drop-downs over the RAG column, a length check reaching below the table and a
# sign-off drop-down under the key; a note merged under the totals, a print area, print
# titles, an autofilter over the table, a named totals cell, and a summary sheet.
SUMMARY = "Summary"


def add_rules(path: Path) -> dict[str, tuple[int, int]]:
    """The tracker at `path` with a council's rules and drop-downs; returns each theme
    sheet's (last action's row, totals row)."""
    from openpyxl import load_workbook
    from openpyxl.formatting.rule import CellIsRule, FormulaRule, Rule
    from openpyxl.styles import PatternFill
    from openpyxl.styles.differential import DifferentialStyle
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    red = PatternFill("solid", bgColor="FFFF0000")
    book = load_workbook(path)
    rows: dict[str, tuple[int, int]] = {}
    for number, name in enumerate(THEMES, 1):
        sheet = book[name]
        total = next(
            r for r in range(7, sheet.max_row + 1) if sheet.cell(r, 1).value == "Total actions"
        )
        last = total - 1
        rows[name] = (last, total)
        width = len(HEADER)
        rag = f"H7:H{last}"
        sheet.conditional_formatting.add(
            rag, CellIsRule(operator="equal", formula=['"RED"'], fill=red)
        )
        amber = Rule(
            type="containsText",
            operator="containsText",
            text="AMBER",
            dxf=DifferentialStyle(fill=PatternFill("solid", bgColor="FFFFC000")),
        )
        amber.formula = ['NOT(ISERROR(SEARCH("AMBER",H7)))']
        sheet.conditional_formatting.add(rag, amber)
        sheet.conditional_formatting.add(
            "F7:F40", FormulaRule(formula=["AND(ISNUMBER($F7),$F7<TODAY())"], fill=red)
        )
        sheet.conditional_formatting.add(
            f"C{total}", FormulaRule(formula=[f"$C${total}>20"], fill=red)
        )
        ratings = DataValidation(type="list", formula1='"BLUE,GREEN,AMBER,RED"', allow_blank=True)
        ratings.add(rag)
        short = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="500")
        short.add("C7:C40")
        sign_off = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True)
        sign_off.add(f"B{total + 8}")
        for validation in (ratings, short, sign_off):
            sheet.add_data_validation(validation)
        sheet.cell(total + 1, 1, "Printed from the tracker: ratings as at the Updated date")
        sheet.merge_cells(start_row=total + 1, start_column=1, end_row=total + 1, end_column=width)
        sheet.cell(total + 8, 1, "Version 17 agreed by the board")
        sheet.print_area = f"A1:L{total + 8}"
        sheet.print_title_rows = "6:6"
        sheet.auto_filter.ref = f"A6:L{last}"
        book.defined_names[f"Total_{number}"] = DefinedName(
            f"Total_{number}", attr_text=f"'{name}'!$C${total}"
        )
    summary = book.create_sheet(SUMMARY)
    summary["A1"] = "Red ratings in care leavers"
    last, total = rows["Care leavers"]
    summary["B1"] = f"=COUNTIF('Care leavers'!H7:H{last},\"RED\")"
    summary["A2"] = "Actions for care leavers"
    summary["B2"] = f"='Care leavers'!C{total}"
    book.save(path)
    return rows
