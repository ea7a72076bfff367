"""Everything that turns computed results into text for people or programs.

This is the only package that creates Rich consoles or formats reports; it never changes
a register. Register text is data: every renderer passes it through `safe`.
"""
