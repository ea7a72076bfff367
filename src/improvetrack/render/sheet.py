"""Text for the spreadsheet commands: what an import added, and what it could not use."""

from __future__ import annotations

from improvetrack.render.safe import safe
from improvetrack.spreadsheet import Imported, Sheet


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def sheet_notes(sheet: Sheet) -> list[str]:
    """Diagnostics for stderr: columns read as nothing, then every invalid row."""
    lines = [f"ignored columns: {', '.join(sheet.ignored)}"] if sheet.ignored else []
    lines += [str(problem) for problem in sheet.problems]
    return [safe(line) for line in lines]


def import_lines(result: Imported, *, dry_run: bool) -> list[str]:
    """One line per area and action added (or that would be), then a summary."""
    verb = "Would add" if dry_run else "Added"
    lines = [
        f"{verb} area {area.key} ({area.id_prefix}): {safe(area.title)}" for area in result.areas
    ]
    for item in result.actions:
        action = item.action
        ref = f", ref {safe(item.ref)}" if item.ref else ""
        lines.append(
            f"{verb} {action.id} (row {item.row}{ref}, {action.status}): {safe(action.title)}"
        )
    source = safe(result.source)
    if not result.actions and not result.skipped:
        return [*lines, f"Nothing to import: {source} has a header but no actions."]
    summary = f"{_count(len(result.actions), 'action')} from {source}"
    summary = f"Dry run: would import {summary}" if dry_run else f"Imported {summary}"
    if result.areas:
        summary += f" ({_count(len(result.areas), 'new area')})"
    if result.skipped:
        summary += f"; skipped {_count(len(result.skipped), 'invalid row')}"
    return [*lines, summary + ("; nothing written." if dry_run else ".")]
