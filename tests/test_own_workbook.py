"""A council's workbook in, and back out in its own shape: `import --area`, the plan's
history before the import day, the plain export's print set-up and the template export."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tests import tracker
from tests.conftest import Invoke


def register() -> dict[str, Any]:
    return tomllib.loads(Path("improvetrack.toml").read_text(encoding="utf-8"))


# --- import --area -------------------------------------------------------------------------


def test_import_area_puts_every_row_of_every_sheet_in_one_area(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    added = invoke("area", "add", "plan", "--title", "The whole plan", "--prefix", "IP")
    assert added.exit_code == 0, added.output
    tracker.tracker(Path("tracker.xlsx"))
    result = invoke("import", "tracker.xlsx", "--area", "The whole plan")
    assert result.exit_code == 0, result.output
    data = register()
    assert list(data["areas"]) == ["plan"]
    assert len(data["actions"]) == tracker.TOTAL
    assert {action["area"] for action in data["actions"].values()} == {"plan"}
    assert sorted(data["actions"]) == sorted(f"IP-{n}" for n in range(1, tracker.TOTAL + 1))
    # Imported again into the same area, every row is found: nothing is added twice.
    again = invoke("import", "tracker.xlsx", "--area", "plan")
    assert again.exit_code == 0, again.output
    assert len(register()["actions"]) == tracker.TOTAL


def test_import_area_takes_a_sheet_with_no_area_at_all(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    assert invoke("area", "add", "front", "--title", "Front door").exit_code == 0
    Path("plain.csv").write_text(
        "Action,Owner,Due\nTriage every contact,Ann,2027-01-31\nAudit,Bo,\n", "utf-8"
    )
    refused = invoke("import", "plain.csv")
    assert refused.exit_code == 2 and "every action needs an area" in refused.output
    result = invoke("import", "plain.csv", "--area", "front")
    assert result.exit_code == 0, result.output
    actions = register()["actions"].values()
    assert [(a["area"], a["title"]) for a in actions] == [
        ("front", "Triage every contact"),
        ("front", "Audit"),
    ]


def test_import_area_that_does_not_exist_is_refused(invoke: Invoke) -> None:
    assert invoke("init").exit_code == 0
    assert invoke("area", "add", "front", "--title", "Front door").exit_code == 0
    tracker.tracker(Path("tracker.xlsx"))
    before = Path("improvetrack.toml").read_bytes()
    result = invoke("import", "tracker.xlsx", "--area", "frnt")
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("error: --area frnt: no area 'frnt'"), last
    assert "front" in last and "Traceback" not in result.output
    assert Path("improvetrack.toml").read_bytes() == before
