"""Text for the spreadsheet commands: what an import added, found or changed, and what it
could not use."""

from __future__ import annotations

from improvetrack.spreadsheet import Imported, RowProblem, Sheet
from improvetrack.text import safe


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def sheet_notes(sheet: Sheet) -> list[str]:
    """Diagnostics for stderr about the sheet itself: columns read as nothing."""
    return [safe(f"ignored columns: {', '.join(sheet.ignored)}")] if sheet.ignored else []


def problem_line(problem: RowProblem) -> str:
    """A row the import cannot use, for stderr: `row 7: status: what is wrong`."""
    return safe(problem)


def _row(number: int, ref: str | None) -> str:
    return f"row {number}, ref {safe(ref)}" if ref else f"row {number}"


def import_lines(result: Imported, *, dry_run: bool) -> list[str]:
    """The areas added, then a line per row in the sheet's order (each action added or
    found, or each change made to one found), then a summary."""
    verb = "Would add" if dry_run else "Added"
    lines = [
        f"{verb} area {area.key} ({area.id_prefix}): {safe(area.title)}" for area in result.areas
    ]
    rows: list[tuple[int, list[str]]] = []
    for added in result.actions:
        action = added.action
        where = f"{action.id} ({_row(added.row, added.ref)}, {action.status})"
        line = f"{verb} {where}: {safe(action.title)}"
        rows.append((added.row, [line]))
    changed = "Would update" if dry_run else "Updated"
    for found in result.found:
        where = f"{found.action.id} ({_row(found.row, found.ref)}"
        if found.changes:
            rows.append((found.row, [f"{changed} {where}): {safe(e.text)}" for e in found.changes]))
            continue
        differs = f", the sheet differs: {', '.join(found.differs)}" if found.differs else ""
        line = f"Already in the register: {where}{differs}): {safe(found.action.title)}"
        rows.append((found.row, [line]))
    for _, row_lines in sorted(rows, key=lambda item: item[0]):
        lines += row_lines
    source = safe(result.source)
    if not result.actions and not result.found and not result.skipped:
        return [*lines, f"Nothing to import: {source} has a header but no actions."]
    summary = f"{_count(len(result.actions), 'action')} from {source}"
    summary = f"Dry run: would import {summary}" if dry_run else f"Imported {summary}"
    if result.areas:
        summary += f" ({_count(len(result.areas), 'new area')})"
    if result.found:
        summary += f"; {len(result.found)} already in the register"
        summary += _found_summary(result, dry_run=dry_run)
    if result.skipped:
        summary += f"; skipped {_count(len(result.skipped), 'invalid row')}"
    return [*lines, summary + ("; nothing written." if dry_run else ".")]


def _found_summary(result: Imported, *, dry_run: bool) -> str:
    if result.update:
        updated = [found for found in result.found if found.changes]
        if not updated:
            return ""
        made = sum(len(found.changes) for found in updated)
        verb = "would update" if dry_run else "updated"
        return f", {verb} {len(updated)} ({_count(made, 'change')})"
    differ = sum(1 for found in result.found if found.differs)
    if not differ:
        return ""
    # Someone who edited an export and imported it expected an update: say how to get one.
    them = "it" if differ == 1 else "them"
    return f" ({differ} with changes in the sheet: import with --update to apply {them})"
