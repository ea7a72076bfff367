"""Pin everything a test could pick up from the machine: the date, the user, the width,
colour, and where registers and user folders are looked for."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from improvetrack.cli import app
from tests import browser as chromium

# Property tests here read and write files and run the command line: on a machine shared
# with other work one example can take seconds, which says nothing about the code. Speed
# is measured by the benchmarks, so no test fails for taking time.
settings.register_profile("improvetrack", deadline=None)
settings.load_profile("improvetrack")

TODAY = "2026-11-27"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLE = EXAMPLES / "children-services.toml"


@pytest.fixture(autouse=True, scope="session")
def source_tree_untouched() -> Iterator[None]:
    """Tests must never write into the source tree: the examples are checked after the run."""
    watched = [*sorted(EXAMPLES.rglob("*")), ROOT / "src" / "improvetrack" / "example.toml"]
    before = {path: path.read_bytes() for path in watched if path.is_file()}
    yield
    changed = [str(path) for path, data in before.items() if path.read_bytes() != data]
    assert not changed, f"tests changed files in the source tree: {changed}"


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("IMPROVETRACK_TODAY", TODAY)
    monkeypatch.setenv("IMPROVETRACK_USER", "tester")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("IMPROVETRACK_CACHE", raising=False)
    monkeypatch.setenv("IMPROVETRACK_LOCK_TIMEOUT", "5")
    monkeypatch.delenv("IMPROVETRACK_REGISTER", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    runner = CliRunner()

    def run(*args: str, input: str | None = None, user: str | None = None) -> Result:
        """Run the CLI; `user` runs it as someone other than the tests' usual user."""
        env = {"IMPROVETRACK_USER": user} if user else None
        return runner.invoke(
            app, list(args), input=input, env=env, catch_exceptions=False, prog_name="improvetrack"
        )

    return run


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample register, as improvetrack.toml in the working folder."""
    path = tmp_path / "work" / "improvetrack.toml"
    shutil.copy(SAMPLE, path)
    return path


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str], Path]:
    """Write register text to improvetrack.toml in the working folder."""

    def make(text: str) -> Path:
        path = tmp_path / "work" / "improvetrack.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return make


MINIMAL = """\
schema = 1

[plan]
title = "Test plan"
next_inspection = 2028-06-30

[areas.assessments]
title = "Assessments"
prefix = "ASM"
"""


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[chromium.Browser]:
    """One headless Chromium for every browser test. Without one the tests skip, except in
    CI (CI=true), where a missing browser is a failure: CI must really have looked."""
    reason = chromium.missing()
    if reason is not None:
        if chromium.in_ci():
            pytest.fail(f"CI=true, so the browser tests must run, but there is {reason}")
        pytest.skip(f"browser tests: {reason}")
    running = chromium.Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield running
    running.close()
