"""What a renderer is told about where its text goes."""

from __future__ import annotations

from improvetrack.model.records import record


@record
class Options:
    width: int = 80  # columns, for formats laid out for a terminal
    colour: bool = False  # whether the text may carry terminal colour
