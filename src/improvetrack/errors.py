"""The errors a user can see: each message says what is wrong, where, and what would be right."""

from __future__ import annotations


class ImprovetrackError(Exception):
    """Base of every error the CLI reports as one line with exit code 2."""


class UsageError(ImprovetrackError):
    """A value given on the command line cannot be used."""


class RegisterNotFound(ImprovetrackError):
    """No register where one was looked for."""


class RegisterUnreadable(ImprovetrackError):
    """The register file exists but cannot be read or parsed as TOML."""


class RegisterInvalid(ImprovetrackError):
    """The register parsed, but its content breaks the rules of the format."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = len(problems) - 1
        tail = f" (and {more} more; `improvetrack check` lists them all)" if more else ""
        super().__init__(f"{problems[0]}{tail}")


class UnknownName(ImprovetrackError):
    """An action ID or area key that the register does not hold."""


class InvalidChange(ImprovetrackError):
    """A change that the register's rules do not allow."""


class RegisterLocked(ImprovetrackError):
    """Another process holds the register's lock for too long."""


class SpreadsheetError(ImprovetrackError):
    """A spreadsheet to import cannot be read, or its header or rows cannot be used."""


class NotWritable(ImprovetrackError):
    """A file the tool would write (a register, a report) may not be written."""
