"""Text for the spreadsheet commands: what an import understood of a sheet, what it added,
found or changed, and what it could not use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from improvetrack.model.text import counted, quoted, safe
from improvetrack.sheets import EXPORT_COLUMNS

if TYPE_CHECKING:
    from improvetrack.render.output import Output
    from improvetrack.sheets import Conflict, Imported, RowProblem, Sheet

# How many runs of row numbers a line lists before it says how many more there are.
RUNS_SHOWN = 8
# How many lines of values read loosely a summary lists, each a value and its rows.
LOOSE_SHOWN = 20


def _quoted(text: str, limit: int = 70) -> str:
    return quoted(safe(text), limit)


def row_runs(numbers: Iterable[int]) -> str:
    """Row numbers as a person reads them: "row 3", "rows 3, 7-9 and 14 more"."""
    ordered = sorted(set(numbers))
    runs: list[tuple[int, int]] = []
    for number in ordered:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    shown = [f"{first}" if first == last else f"{first}-{last}" for first, last in runs]
    more = sum(last - first + 1 for first, last in runs[RUNS_SHOWN:])
    text = ", ".join(shown[:RUNS_SHOWN]) + (f" and {more} more" if more else "")
    return f"{'row' if len(ordered) == 1 else 'rows'} {text}"


def sheet_notes(sheet: Sheet) -> list[str]:
    """What the import understood of the sheet, for stderr, before anything is written:
    where it read, the title rows, the header and which column became which field, the
    themes and areas, the rows it passed over and why, and the values it read loosely."""
    lines = [safe(note) for note in sheet.notes]
    if sheet.worksheet is not None:
        lines.append(f"sheet {_quoted(sheet.worksheet)} of {safe(sheet.name)}")
    if sheet.titles:
        shown = ", ".join(f"{number} {_quoted(text)}" for number, text in sheet.titles)
        lines.append(f"title rows: {shown}")
    if sheet.banners:
        lines.append(f"banner {row_runs(sheet.banners)} above the header: ignored")
    fields = [(header, field) for _, header, field in sheet.columns if field]
    if [header for header, _ in fields] == [h for h, f in EXPORT_COLUMNS if f]:
        mapped = "the columns `improvetrack export` writes"
    else:
        mapped = ", ".join(f"{safe(header)[:40]} \u2192 {field}" for header, field in fields)
    lines.append(f"header row {sheet.header_row}: {mapped}")
    if sheet.ignored:
        lines.append(safe(f"ignored columns: {', '.join(sheet.ignored)}"))
    if sheet.themes:
        shown = _some(f"row {number} {_quoted(name, 50)}" for number, name in sheet.themes)
        lines.append(f"themes: {shown}")
    # Areas from an area column speak for themselves; those from rows of their own are
    # what the import made of the sheet's layout.
    named = [area for area in sheet.areas if area.heading]
    if named:
        shown = _some(
            f"row {area.row}" + (f" ({safe(area.ref)})" if area.ref else "") for area in named
        )
        lines.append(f"recommendations: {len(named)}, on {shown}")
    if sheet.skipped:
        reasons: dict[str, list[int]] = {}
        for number, why in sheet.skipped:
            reasons.setdefault(why, []).append(number)
        shown = "; ".join(f"{row_runs(rows)} ({safe(why)})" for why, rows in reasons.items())
        lines.append(f"skipped {shown}")
    notes: dict[tuple[str, str], list[int]] = {}
    for loose in sheet.loose:
        notes.setdefault((loose.field, loose.note), []).append(loose.number)
    listed = list(notes.items())
    for (field, note), rows in listed[:LOOSE_SHOWN]:
        lines.append(safe(f"read loosely: {row_runs(rows)}: {field}: {note}"))
    if len(listed) > LOOSE_SHOWN:
        rest = [number for _, rows in listed[LOOSE_SHOWN:] for number in rows]
        lines.append(f"read loosely: {row_runs(rest)}: {len(listed) - LOOSE_SHOWN} more values")
    return lines


def _some(items: Iterable[str]) -> str:
    """The first few of a long list, and how many more there are."""
    listed = list(items)
    more = len(listed) - RUNS_SHOWN
    return ", ".join(listed[:RUNS_SHOWN]) + (f" and {more} more" if more > 0 else "")


def problem_line(problem: RowProblem) -> str:
    """A row the import cannot use, for stderr: `row 7: status: what is wrong`."""
    return safe(problem)


def _row(number: int, ref: str | None) -> str:
    return f"row {number}, ref {safe(ref)}" if ref else f"row {number}"


def import_lines(result: Imported, *, dry_run: bool) -> list[str]:
    """The plan's title and the areas added, then a line per row in the sheet's order
    (each action added or found, or each change made to one found), then a summary."""
    verb = "Would add" if dry_run else "Added"
    lines = []
    if result.plan_title:
        set_title = "Would set" if dry_run else "Set"
        lines.append(f"{set_title} the plan's title: {safe(result.plan_title)}")
    for area in result.areas:
        ref = f", ref {safe(area.ref)}" if area.ref else ""
        lines.append(f"{verb} area {area.key} ({area.id_prefix}{ref}): {safe(area.title)}")
    changed = "Would update" if dry_run else "Updated"
    for found_area in result.areas_found:
        key = found_area.area.key
        if found_area.changes:
            lines += [f"{changed} area {key}: {safe(e.text)}" for e in found_area.changes]
        else:
            differs = ", ".join(found_area.differs)
            lines.append(f"Area {key} is in the register; the sheet differs: {differs}")
    rows: list[tuple[int, list[str]]] = []
    for added in result.actions:
        action = added.action
        where = f"{action.id} ({_row(added.row, added.ref)}, {action.status})"
        line = f"{verb} {where}: {safe(action.title)}"
        rows.append((added.row, [line]))
    for found in result.found:
        where = f"{found.action.id} ({_row(found.row, found.ref)}"
        kept = [_conflict_line(where, conflict) for conflict in found.conflicts]
        if found.changes or kept:
            made = [f"{changed} {where}): {safe(e.text)}" for e in found.changes]
            rows.append((found.row, [*made, *kept]))
            continue
        differs = f", the sheet differs: {', '.join(found.differs)}" if found.differs else ""
        line = f"Already in the register: {where}{differs}): {safe(found.action.title)}"
        rows.append((found.row, [line]))
    for _, row_lines in sorted(rows, key=lambda item: item[0]):
        lines += row_lines
    source = safe(result.source)
    if not result.actions and not result.found and not result.skipped:
        return [*lines, f"Nothing to import: {source} has a header but no actions."]
    summary = f"{counted(len(result.actions), 'action')} from {source}"
    summary = f"Dry run: would import {summary}" if dry_run else f"Imported {summary}"
    if result.areas:
        summary += f" ({counted(len(result.areas), 'new area')})"
    if result.found:
        summary += f"; {len(result.found)} already in the register"
        summary += _found_summary(result, dry_run=dry_run)
    if result.skipped:
        summary += f"; skipped {counted(len(result.skipped), 'invalid row')}"
    conflicts = sum(len(found.conflicts) for found in result.found)
    if conflicts:
        summary += (
            f"; {counted(conflicts, 'conflict')} left for a person: the register's value kept"
        )
    return [*lines, summary + ("; nothing written." if dry_run else ".")]


def _conflict_line(where: str, conflict: Conflict) -> str:
    kept, said = _said(conflict.kept, conflict.field), _said(conflict.said, conflict.field)
    return (
        f"Conflict {where}): {conflict.field}: the register changed it to {kept} on "
        f"{conflict.changed.isoformat()}, after the sheet was made; kept, not the sheet's {said}"
    )


def _said(value: object, field: str) -> str:
    if value is None or value == "":
        return "nothing"
    if isinstance(value, date):
        return value.isoformat()
    text = safe(str(value))
    return repr(text.upper() if field == "rag" else text)


def _found_summary(result: Imported, *, dry_run: bool) -> str:
    if result.update:
        updated = [found for found in result.found if found.changes]
        if not updated:
            return ""
        made = sum(len(found.changes) for found in updated)
        verb = "would update" if dry_run else "updated"
        return f", {verb} {len(updated)} ({counted(made, 'change')})"
    differ = sum(1 for found in result.found if found.differs)
    if not differ:
        return ""
    # Someone who edited an export and imported it expected an update: say how to get one.
    them = "it" if differ == 1 else "them"
    return f" ({differ} with changes in the sheet: import with --update to apply {them})"


def telling(output: Output) -> dict[str, Callable[..., None]]:
    """How an import tells the person running it what it made of the sheet (on stderr,
    before any row is refused), each row it refused, and any warning."""
    return {
        "on_sheet": lambda read: output.note(*sheet_notes(read)),
        "on_problem": lambda problem: output.note(problem_line(problem)),
        "warn": output.warn,
    }


def template_done(matched: int, added: int, template: Path, output: Path | None) -> str:
    """What `export --template` says it wrote."""
    return (
        f"Wrote {counted(matched + added, 'action')} into a copy of {safe(template.name)} "
        f"({matched} on their rows, {added} new) to {safe(output)}"
    )
