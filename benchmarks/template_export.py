"""How long `export --format xlsx --template FILE` takes on a plan of 1,000 actions.

Run from the repository root, after `pip install -e .`:

    python benchmarks/template_export.py                 # 1,000 actions, 3 runs
    python benchmarks/template_export.py --actions 5000 --rounds 2

The template is laid out as a council lays out its tracker: three sheets, one per theme,
each with a title block and an "Updated:" date, the theme heading merged across the sheet
above the header, a hidden column, the lead's RAG as a fill only, four quarter columns
with no year, and a totals row with a count formula and a key under the actions. The
register is that template imported, then 50 actions added in the register, so that the
export writes rows it has to make above the totals rows as well as the rows it finds.

Measured, the fastest of `--rounds` runs, wall-clock and (in brackets) CPU time:

- floor: openpyxl loading the template whole and saving it again, the least any export
  into a copy of the workbook must do;
- export: reading the register, working out its figures as of the date, and
  `sheets.template.fill_template` (the template read as an import reads it, within the
  limits, then loaded, filled and saved), written to a file.

Target: the export of 1,000 actions in under 3 seconds. It reports and does not judge:
the exit code is 0 whenever it measured.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from improvetrack.figures.progress import compute
from improvetrack.files import store
from improvetrack.model.changes import Stamp, add_action, new_register
from improvetrack.sheets.template import fill_template
from improvetrack.workflows.spreadsheets import import_sheet

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_scale import Timing, fastest

AS_OF = date(2026, 11, 27)
STAMP = Stamp(by="bench", at=datetime(2026, 11, 27, tzinfo=UTC), today=AS_OF)
THEMES = ("Help and protection", "Children in care", "Care leavers")
HEADER = ["Ref", "Old ref", "What we will do", "Who (lead)", "When", "Current status",
          "Outcome Q1", "Outcome Q2", "Outcome Q3", "Outcome Q4"]  # fmt: skip
FILLS = ("0070C0", "00B050", "FFC000", "FF0000")
ADDED = 50


def write_template(path: Path, actions: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    fills = [PatternFill("solid", fgColor="FF" + rgb) for rgb in FILLS]
    per_sheet = -(-actions // len(THEMES))
    for number, theme in enumerate(THEMES, 1):
        sheet = book.create_sheet(theme)
        sheet["A1"] = "Example County Council"
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = "Improvement Action Tracker"
        sheet["A3"] = "Updated:"
        sheet["B3"] = datetime(2026, 11, 14)
        sheet["B3"].number_format = "dd/mm/yyyy"
        sheet["A5"] = f"Theme {number}: {theme}"
        sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=len(HEADER))
        sheet.append(HEADER)
        sheet.column_dimensions["B"].hidden = True
        sheet.column_dimensions["C"].width = 48
        count = min(per_sheet, actions - per_sheet * (number - 1))
        for index in range(count):
            due = datetime(2026 + (index % 12 > 7), (4 + index % 12) % 12 + 1, 28)
            sheet.append(
                [f"{number}.{index + 1}", f"{number}.{index + 1}a",
                 f"{theme}: action {index + 1} of the plan", f"Lead {index % 40}",
                 due, None, "Started the work",
                 "Half the teams trained" if index % 3 else None, None, None]
            )  # fmt: skip
            sheet.cell(sheet.max_row, 6).fill = fills[index % len(fills)]
        last = sheet.max_row
        sheet.append(["Total actions", None, f"=COUNTA(C7:C{last})"])
        sheet.append([])
        sheet.append(["Key"])
        for rgb, meaning in zip(FILLS, ("Complete", "On track", "At risk", "Off track"),
                                strict=True):  # fmt: skip
            sheet.append([None, meaning])
            sheet.cell(sheet.max_row, 1).fill = PatternFill("solid", fgColor="FF" + rgb)
    book.save(path)


def measure(folder: Path, actions: int, rounds: int) -> tuple[Timing, Timing, int]:
    template = folder / "tracker.xlsx"
    write_template(template, actions)
    register = folder / "improvetrack.toml"
    empty = new_register(example=None, title="Bench", next_inspection=None)
    register.write_text(store.dumps(empty), encoding="utf-8")
    import_sheet(register, template, STAMP)
    loaded = store.read(register).register
    area = next(iter(loaded.areas))
    for number in range(ADDED):
        add_action(loaded, area, f"A new action {number}", STAMP, owner="New lead")
    register.write_text(store.dumps(loaded), encoding="utf-8")
    output = folder / "out.xlsx"

    def floor() -> None:
        from openpyxl import load_workbook

        book = load_workbook(template, keep_links=False)
        book.save(io.BytesIO())

    def export() -> int:
        plan = store.read(register).register
        filled = fill_template(template, compute(plan, AS_OF))
        output.write_bytes(filled.data)
        return filled.matched + filled.added

    written = export()
    return fastest(floor, rounds), fastest(export, rounds), written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=1000, help="actions in the template")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        floor, export, written = measure(Path(temporary), options.actions, options.rounds)
    print(f"Python {sys.version.split()[0]}; the fastest of {options.rounds} runs")
    print(f"template of {options.actions:,} actions in 3 sheets; {ADDED} more in the register")
    print(f"{'':<34}{'wall':>8}{'CPU':>8}")
    print(f"{'floor: openpyxl load + save':<34}{floor[0]:7.2f}s{floor[1]:7.2f}s")
    print(f"{'export --template':<34}{export[0]:7.2f}s{export[1]:7.2f}s")
    print(
        f"{written:,} actions written; export/floor {export[0] / floor[0]:.2f}x; "
        "target: under 3 s for 1,000 actions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
