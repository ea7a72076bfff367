"""A council's improvement plan as councils lay it out, as an Excel workbook and as the CSV
file Excel saves from it: title rows, a banner over the update columns, themes spanning
the row, each recommendation on its own row with its actions beneath it (its cell merged
down in the workbook, left blank in the CSV), single-letter BRAG and BRAG words, a BRAG
cell with only a fill colour, every date and timescale form, two progress-update columns,
a key and a footer."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

TITLE = "Wirral Council \u2013 Children's Services Improvement Plan"
SUBTITLE = "Response to the Ofsted ILACS inspection, June 2026. Updated 20 November 2026"
HEADER = [
    "Ref",
    "Recommendation",
    "Action",
    "Lead officer",
    "Sponsor",
    "Target date",
    "BRAG",
    "Update Q1 2026/27",
    "Update Q2 2026/27",
    "Evidence",
]
WIDTH = len(HEADER)
HELP = "THEME 1: Children in need of help and protection"
CARE = "THEME 2: Children in care and care leavers"
AD_CSC = "Assistant Director, Children's Social Care"
AMBER_FILL = "FFC000"
GREEN_FILL = "92D050"

# (ref, recommendation, action, lead, sponsor, target, BRAG, Q1 update, Q2 update, evidence)
# A row with only a ref and a recommendation starts an area; None marks a theme row.
ROWS: list[tuple[Any, ...] | str] = [
    HELP,
    (
        "1",
        "Improve the quality and timeliness of assessments so that they reflect children's "
        "lived experience",
        None,
        None,
        AD_CSC,
    ),
    (
        "1.1",
        None,
        "Rewrite the assessment template around the child's lived experience",
        "Service Manager, Assessment",
        None,
        datetime(2025, 3, 31),
        "B",
        "New template drafted with young people",
        "Template in use for every new assessment",
        "evidence/template-v3.docx",
    ),
    (
        "1.2",
        None,
        "Train all social workers in lived-experience practice",
        "Workforce Development Manager / Principal Social Worker",
        None,
        "Q2 2025/26",
        "Amber (on track)",
        None,
        "58 of 112 social workers trained",
        None,
    ),
    (
        "1.3",
        None,
        "Audit assessments monthly with family feedback",
        "Head of Quality Assurance",
        None,
        "Monthly",
        "G",
        "First audit done in May",
        None,
        None,
    ),
    (
        "2",
        "Improve the response to homeless 16 and 17 year olds",
        None,
        None,
        "Director of Children's Services",
    ),
    (
        "2.1",
        None,
        "Agree a joint housing protocol with the district councils",
        "Head of Service, Early Help",
        None,
        "30/09/2025 (revised from 31/03/2025)",
        "Red - behind schedule",
        None,
        "Districts have not yet signed the protocol",
        None,
    ),
    (
        "2.2",
        None,
        "Offer every homeless 16 or 17 year old a joint assessment",
        "Team Manager, Front Door",
        None,
        "31.03.25",
        "",  # filled amber, with no text
        None,
        None,
        None,
    ),
    CARE,
    (
        "3",
        "Make sure personal education plans are completed on time and are of good quality",
        None,
        None,
        "Assistant Director, Education",
    ),
    (
        "3.1",
        None,
        "Complete every PEP within 10 school days of a child coming into care",
        "Virtual School Head",
        None,
        "31-Mar-2025",
        "Complete",
        None,
        None,
        None,
    ),
    (
        "3.2a",
        None,
        "Train designated teachers to write SMART PEP targets",
        "Virtual School Head",
        None,
        "End Oct 24",
        "Completed and evidenced",
        None,
        None,
        None,
    ),
    (
        "3.2b",
        None,
        "Quality-assure a sample of PEPs every term",
        "Education Quality Lead",
        None,
        "Ongoing",
        "",  # filled green, with no text
        None,
        None,
        None,
    ),
    (
        "4",
        "Help children in care understand their history and why they are in care",
        None,
        None,
        AD_CSC,
    ),
    (
        "4.1",
        None,
        "Offer life-story work to every child with a plan of permanence",
        "Head of Service, Children in Care",
        None,
        "31 March 2025",
        "Not started",
        None,
        None,
        None,
    ),
    (
        "4.2",
        None,
        "Recruit two life-story workers",
        "Head of Service, Children in Care",
        None,
        "March 2025",
        "At risk",
        None,
        "Second post being re-advertised",
        None,
    ),
    (
        "4.3",
        None,
        "Review life-story books with children and their carers",
        "Independent Reviewing Service Manager",
        None,
        "TBC",
        "Off track",
        None,
        None,
        None,
    ),
]
KEY = "Key: B = Complete, G = On track, A = At risk, R = Off track"
FOOTER = "Page 1 of 1"
# Sheet rows: 2 title rows, a blank row, the banner, the header, then ROWS, then a blank
# row, the key and the footer.
FIRST_ROW = 6
FILLS = {"2.2": AMBER_FILL, "3.2b": GREEN_FILL}


def _cells(row: tuple[Any, ...]) -> list[Any]:
    return [*row, *([None] * (WIDTH - len(row)))]


def workbook(path: Path, *, blank_formatted_rows: int = 0) -> Path:
    """The plan as an Excel workbook, with merged title, theme and recommendation cells,
    and `blank_formatted_rows` empty but formatted rows at the bottom."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, PatternFill, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "Improvement plan"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=WIDTH)
    sheet.append([SUBTITLE])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=WIDTH)
    sheet.append([])
    sheet.append([None] * 7 + ["Progress"])
    sheet.merge_cells(start_row=4, start_column=8, end_row=4, end_column=9)
    sheet.append(HEADER)
    for number, row in enumerate(ROWS, FIRST_ROW):
        if isinstance(row, str):
            sheet.append([row])
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=WIDTH)
            continue
        sheet.append(_cells(row))
        if row[0] in FILLS:
            fill = PatternFill("solid", fgColor=FILLS[row[0]])
            sheet.cell(row=number, column=7).fill = fill
    _merge_recommendations(sheet)
    sheet.append([])
    sheet.append([KEY])
    sheet.append([FOOTER])
    white = PatternFill("solid", fgColor="FFFFFF")
    thin = Border(bottom=Side(style="thin"))
    last = sheet.max_row
    for number in range(last + 1, last + 1 + blank_formatted_rows):
        for column in range(1, WIDTH + 1):
            cell = sheet.cell(row=number, column=column)
            cell.fill, cell.border = white, thin
    book.save(path)
    return path


def _merge_recommendations(sheet: Any) -> None:
    """Merge each recommendation's cell down over the rows of its actions."""
    number = FIRST_ROW
    start = None
    for row in [*ROWS, "end"]:
        if isinstance(row, str) or row[2] is None:
            if start is not None and number - 1 > start:
                sheet.merge_cells(start_row=start, start_column=2, end_row=number - 1, end_column=2)
            start = None if isinstance(row, str) else number
        number += 1


def rows_as_saved() -> list[list[str]]:
    """The rows as Excel saves the workbook as CSV: a merged cell's text in its first
    cell only, dates as Excel shows them (dd/mm/yyyy)."""
    saved: list[list[str]] = [
        [TITLE, *[""] * (WIDTH - 1)],
        [SUBTITLE, *[""] * (WIDTH - 1)],
        [""] * WIDTH,
        ["", "", "", "", "", "", "", "Progress", "", ""],
        list(HEADER),
    ]
    for row in ROWS:
        if isinstance(row, str):
            saved.append([row, *[""] * (WIDTH - 1)])
            continue
        cells = _cells(row)
        saved.append(
            [
                value.strftime("%d/%m/%Y") if isinstance(value, datetime) else value or ""
                for value in cells
            ]
        )
    saved += [[""] * WIDTH, [KEY, *[""] * (WIDTH - 1)], [FOOTER, *[""] * (WIDTH - 1)]]
    return saved


def csv_file(path: Path) -> Path:
    """The plan as Excel saves it as 'CSV UTF-8': merged cells blank below their first."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows_as_saved())
    return path
