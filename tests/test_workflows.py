"""The library's workflows give what the command line gives: one call each, for a script
that reports, exports or rolls up without going through the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from improvetrack.errors import UsageError
from improvetrack.workflows import exports, reports
from tests import tracker
from tests.conftest import SAMPLE, TODAY, Invoke

AS_OF = date.fromisoformat(TODAY)


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "text"])
def test_a_report_is_the_same_paper_the_command_writes(
    invoke: Invoke, sample: Path, fmt: str
) -> None:
    paper = reports.report(sample, AS_OF, format=fmt, since="last-board")
    assert (
        invoke("report", "--format", fmt, "--since", "last-board", "--output", "cli").exit_code == 0
    )
    assert paper.content == Path("cli").read_text(encoding="utf-8")
    assert paper.report.changes is not None and paper.report.changes.board
    assert paper.failures == []


def test_a_report_says_which_conditions_hold(sample: Path) -> None:
    paper = reports.report(sample, AS_OF, format="json", fail_on="overdue,behind")
    held = {failure.condition: failure.ids for failure in paper.failures}
    data = json.loads(str(paper.content))
    assert set(held) == {"overdue", "behind"}
    assert held["overdue"] == [item["id"] for item in data["actions"] if item["overdue"]]
    assert held["overdue"] == ["ASM-4", "TRN-2", "UND-3"]
    assert [failure["condition"] for failure in data["failures"]] == ["overdue", "behind"]
    # Names work as well as the text `--fail-on` takes.
    again = reports.report(sample, AS_OF, format="json", fail_on=["overdue", "behind"])
    assert again.failures == paper.failures


def test_a_report_refuses_what_the_command_refuses(sample: Path) -> None:
    with pytest.raises(UsageError, match="unknown condition"):
        reports.report(sample, AS_OF, fail_on="overdew")
    with pytest.raises(UsageError, match="--format"):
        reports.report(sample, AS_OF, format="pdf")


def test_a_roll_up_is_the_one_the_command_shows(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    (folder / "second").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "children.toml")
    shutil.copy(SAMPLE, folder / "second" / "improvetrack.toml")
    (folder / "settings.toml").write_text('colour = "never"\n', encoding="utf-8")
    rolled = reports.roll_up([folder], AS_OF, format="json", fail_on="overdue")
    result = invoke("-r", str(folder), "report", "--format", "json", "--fail-on", "overdue")
    assert result.exit_code == 1  # the sample has overdue actions, in both copies
    assert json.loads(str(rolled.content)) == json.loads(result.stdout)
    assert [plan.label for plan in rolled.rollup.plans] == [
        "children.toml",
        "second/improvetrack.toml",
    ]
    assert rolled.skipped == [folder / "settings.toml"]
    assert [failure.condition for failure in rolled.failures] == ["overdue"]


def test_an_export_is_the_file_the_command_writes(invoke: Invoke, sample: Path) -> None:
    exported = exports.export_sheet(sample, AS_OF, format="csv")
    assert invoke("export", "--output", "cli.csv").exit_code == 0
    assert exported.content == Path("cli.csv").read_bytes()
    assert exported.actions == 18 and exported.warnings == []


def test_an_export_into_the_councils_workbook(invoke: Invoke) -> None:
    from openpyxl import load_workbook

    assert invoke("init").exit_code == 0
    tracker.tracker(Path("tracker.xlsx"))
    assert invoke("import", "tracker.xlsx").exit_code == 0
    tracker.tracker(Path("template.xlsx"))
    ticked: list[tuple[str, int, int]] = []
    exported = exports.export_sheet(
        Path("improvetrack.toml"),
        AS_OF,
        format="xlsx",
        template=Path("template.xlsx"),
        progress=lambda what, done, total: ticked.append((what, done, total)),
    )
    assert (exported.matched, exported.added) == (tracker.TOTAL, 0)
    assert ticked, "reading the template says how far it has got"
    Path("out.xlsx").write_bytes(exported.content if isinstance(exported.content, bytes) else b"")
    assert load_workbook("out.xlsx").sheetnames == load_workbook("template.xlsx").sheetnames
    with pytest.raises(UsageError, match="use --format xlsx"):
        exports.export_sheet(
            Path("improvetrack.toml"), AS_OF, format="csv", template=Path("template.xlsx")
        )
