"""Track a public service's improvement plan from "requires improvement" to "good"."""

__version__ = "0.2.0"
