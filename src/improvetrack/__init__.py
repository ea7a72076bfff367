"""Track a public service's improvement plan from "requires improvement" to "good"."""

__version__ = "0.1.0"
