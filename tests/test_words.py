"""The report holds figures and codes; its words are made in render/: every section the
figures build has its words, a failure's detail reads the same for a plan and a roll-up,
and an empty plan's next steps are said on the status screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from improvetrack.figures import report
from improvetrack.figures.report import Failure
from improvetrack.files import store
from improvetrack.model.records import fields
from improvetrack.render import sections
from improvetrack.render.words import failure_detail, failure_words
from tests.conftest import SAMPLE, Invoke

AS_OF = date(2026, 11, 27)


def test_every_section_the_report_builds_has_its_words() -> None:
    register = store.read(SAMPLE).register
    built = report.build(register, AS_OF, since=date(2026, 10, 1))
    found = [*built.decisions, *built.exceptions, *built.changed]
    assert {section.key for section in found} == set(sections.SECTIONS)
    for section in found:
        assert sections.title(section) and "{" not in sections.title(section)
        assert len(sections.cells(section)) == len(section.items)
    titles = {section.key: sections.title(section) for section in found}
    assert titles["due-soon"] == "Due in the next 14 days"
    assert titles["stale"] == "No update for over 35 days"


def test_the_report_holds_no_prose() -> None:
    """What a format shows in words is not on the report's records: it is composed."""
    for name in ("summary", "title", "note", "column", "listed_in", "because", "headline"):
        for kind in (report.Report, report.Section, report.Why, report.Changes):
            assert name not in fields(kind), (kind.__name__, name)


def test_a_failure_reads_by_what_it_holds() -> None:
    behind = Failure("behind", [], 0.29, 0.4)
    assert failure_detail(behind) == "progress 29% < planned 40%"
    assert failure_words(behind) == "behind (progress 29% < planned 40%)"
    # A roll-up names the plans behind, not their figures.
    rolled = Failure("behind", ["a.toml:(plan)"])
    assert failure_detail(rolled) == "1: a.toml:(plan)"
    assert failure_detail(Failure("overdue", ["ASM-1", "ASM-2"])) == "2: ASM-1, ASM-2"


def test_an_empty_plan_says_what_to_run_next(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    assert invoke("-r", str(path), "init").exit_code == 0
    result = invoke("-r", str(path), "status")
    assert result.exit_code == 0, result.output
    assert "Next steps" in result.stdout
    assert "improvetrack area add KEY --title TITLE" in result.stdout
    assert invoke("-r", str(path), "area", "add", "asm", "--title", "Assessments").exit_code == 0
    result = invoke("-r", str(path), "status")
    assert "add the actions that will fix an area (asm)" in result.stdout
    assert "area add KEY" not in result.stdout


def test_a_date_before_the_plan_began_has_no_forecast_and_says_why(invoke: Invoke) -> None:
    """Measured before the plan's start, there is nothing to forecast from: the papers
    say when the plan starts, not that it has no start date (it has one)."""
    said = "No forecast yet: the plan starts on 3 August 2026, so nothing can have been done"
    for fmt in ("text", "markdown", "html"):
        result = invoke("-r", str(SAMPLE), "--as-of", "2026-01-01", "report", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert said in " ".join(result.stdout.split()), fmt
        assert "no start date" not in result.stdout
