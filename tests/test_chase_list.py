"""`updates status` fits the terminal: a lead's long name wraps under its own column
instead of running off the right edge, on a screen and into a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.packs import OPENED

LONG = (
    "Assistant Director for Children in Care, Care Leavers, Fostering, Adoption and "
    "Residential Services (interim)"
)


@pytest.fixture
def asked(invoke: Invoke, sample: Path) -> None:
    """A round opened on the sample, one of whose leads has a very long name."""
    assert invoke("update", "ASM-3", "--owner", LONG).exit_code == 0
    result = invoke("updates", "request", "--as-of", OPENED)
    assert result.exit_code == 0, result.output


def _chase(invoke: Invoke) -> list[str]:
    result = invoke("updates", "status", "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


@pytest.mark.usefixtures("asked")
@pytest.mark.parametrize("columns", [80, 60, 40])
def test_no_line_runs_past_the_width(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = _chase(invoke)
    assert max(len(line) for line in lines) <= columns, "\n".join(lines)
    # Every lead is still there, whole, in the order asked: the words of the chase list
    # read back the same as the one-line-per-lead form.
    words = " ".join(lines).split()
    assert " ".join(LONG.split()) in " ".join(words)
    assert "Head of Service, Children with Disabilities and Transitions" in " ".join(words)


@pytest.mark.usefixtures("asked")
def test_a_long_name_wraps_under_the_owner_column_at_80(invoke: Invoke) -> None:
    lines = _chase(invoke)
    first = next(n for n, line in enumerate(lines) if "Assistant Director" in line)
    assert lines[first].split()[:4] == ["not", "returned,", "4", "days"]
    column = lines[first].index("Assistant")
    following = lines[first + 1 : first + 4]
    assert all(line[:column].strip() == "" for line in following), "\n".join(following)
    assert " ".join(line.strip() for line in [lines[first][column:], *following]) == LONG
    # Short names stay on one line, as before.
    assert "  not returned, 4 days past due   1 action  Participation Manager" in lines


@pytest.mark.usefixtures("asked")
def test_a_narrow_screen_puts_the_name_above_its_figures(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    lines = _chase(invoke)
    at = lines.index("  Participation Manager (1 action)")
    assert lines[at + 1] == "    not returned, 4 days past due"
