"""Kept so code written against the old path still imports: `improvetrack.text` is the home."""

from improvetrack.text import safe as safe
