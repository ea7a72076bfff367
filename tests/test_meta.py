"""Checks on the project as a whole: help everywhere, examples that load and check clean."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import typer

from improvetrack.cli import app
from improvetrack.files import store, toml
from tests.conftest import EXAMPLES, ROOT, SAMPLE, Invoke


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand, from the Click tree the app builds (lazily)."""
    found: list[tuple[str, ...]] = []
    context = typer.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*prefix, name))
        if hasattr(command, "list_commands"):
            found += _commands(command, (*prefix, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_the_command_list_is_complete() -> None:
    names = {" ".join(command) for command in COMMANDS}
    expected = {
        "init",
        "where",
        "area",
        "area add",
        "area list",
        "add",
        "update",
        "start",
        "done",
        "block",
        "drop",
        "sign-off",
        "list",
        "show",
        "log",
        "status",
        "merge-driver",
        "import",
        "export",
        "check",
        "report",
        "timeline",
        "measure add",
        "measure set",
        "measure list",
        "plan set",
        "plan show",
        "config",
    }
    assert expected <= names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(invoke: Invoke, command: tuple[str, ...]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    summary = result.stdout.split("\n\n")[1].strip()
    assert summary and summary[0].isupper(), result.stdout


def test_every_option_and_argument_has_help() -> None:
    def walk(command: Any, path: str) -> None:
        for param in command.params:
            if param.name in ("help", "install_completion", "show_completion"):
                continue
            assert getattr(param, "help", None), f"{path}: {param.name} has no help"
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "improvetrack")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_examples_load_and_are_in_canonical_form(example: Path) -> None:
    loaded = store.read(example)
    assert store.dumps(loaded.register) == loaded.text, "rewrite it with the tool's own writer"
    assert not toml.has_comments(loaded.text)


def test_packaged_example_is_the_one_in_examples() -> None:
    assert store.example_text() == SAMPLE.read_text(encoding="utf-8")


def test_sample_status_runs(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    shutil.copy(SAMPLE, path)
    assert invoke("-r", str(path), "status").exit_code == 0


CI_EXAMPLES = sorted((EXAMPLES / "ci").glob("*.yml"))


@pytest.mark.parametrize("example", CI_EXAMPLES, ids=lambda p: p.name)
def test_ci_examples_run_against_the_sample(
    example: Path, invoke: Invoke, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every improvetrack command in the CI examples runs, and only --fail-on may exit 1."""
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "summary.md")
    commands = [
        line.strip().removeprefix("- ").removeprefix("run: ")
        for line in example.read_text(encoding="utf-8").splitlines()
        if line.strip().removeprefix("- ").removeprefix("run: ").startswith("improvetrack ")
    ]
    assert len(commands) >= 4, commands
    for command in commands:
        words = command.split(">>")[0].split()[1:]
        result = invoke(*words)
        allowed = (0, 1) if "--fail-on" in words else (0,)
        assert result.exit_code in allowed, (command, result.output)
    assert Path("board-report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_command_table_says_what_each_command_says_of_itself() -> None:
    """`--help` lists commands from a table, so as not to import them all: keep it true."""
    from improvetrack.commands import COMMANDS as TABLE
    from improvetrack.commands import build_command

    for name, (_, summary) in TABLE.items():
        command = build_command(name)
        assert (command.help or "").strip().splitlines()[0] == summary, name


def _loaded_after(*args: str, prefixes: tuple[str, ...]) -> tuple[str, list[str]]:
    """What a run of the command line on the sample printed, and the modules it had
    loaded whose names start with one of `prefixes`, run in a process of its own."""
    import ast
    import subprocess
    import sys

    script = (
        "import sys; from improvetrack.cli import main\n"
        f"sys.argv = ['improvetrack', '-r', {str(SAMPLE)!r}, '--as-of', '2026-11-27', *{args!r}]\n"
        "try: main()\nexcept SystemExit: pass\n"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    printed, _, loaded = result.stdout.rstrip().rpartition("\n")
    return printed, ast.literal_eval(loaded)


def test_running_one_command_imports_only_its_own_module() -> None:
    _, loaded = _loaded_after("status", prefixes=("improvetrack.commands.",))
    assert loaded == [
        "improvetrack.commands.base",
        "improvetrack.commands.common",
        "improvetrack.commands.settings",
        "improvetrack.commands.views",
    ]


def test_the_status_screen_is_drawn_without_richs_table() -> None:
    """Measuring a table's every cell, with `fractions` and `decimal` imported behind it,
    was about 6 ms of a run of `status`: its lists are `render.cells.Hanging` rows."""
    printed, loaded = _loaded_after("status", prefixes=("rich.table", "fractions"))
    assert "Overdue (3)" in printed
    assert loaded == []


@pytest.mark.parametrize(
    "args", [["export", "--format", "csv"], ["report", "--format", "csv"]], ids=" ".join
)
def test_a_csv_export_loads_the_cell_codec_not_the_import(args: list[str]) -> None:
    """The spreadsheet package imports a module when one of its names is asked for."""
    _, loaded = _loaded_after(*args, prefixes=("improvetrack.sheets",))
    assert loaded == [
        "improvetrack.sheets",
        "improvetrack.sheets.cells",
        "improvetrack.sheets.columns",
        "improvetrack.sheets.export",
        "improvetrack.sheets.rows",
    ]


def test_every_name_the_spreadsheet_package_offers_is_there() -> None:
    import improvetrack.sheets as package

    for name in package.__all__:
        assert getattr(package, name) is not None, name
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_no_property_test_fails_for_taking_time() -> None:
    """A run on a loaded machine must not fail a property test on its 200 ms deadline."""
    from hypothesis import settings

    assert settings.default.deadline is None
    # Speed belongs in benchmarks/: a test that reads the clock is on its way to a timed
    # assertion. (Sleeping to pick a random moment, as the kill tests do, reads no clock.)
    clocks = [f"{name}(" for name in ("perf_counter", "monotonic", "time.time")]
    for path in (ROOT / "tests").glob("test_*.py"):
        if path.name != "test_meta.py":
            text = path.read_text(encoding="utf-8")
            assert not [c for c in clocks if c in text], f"{path.name} reads the clock"


# --- the shape of the code ---------------------------------------------------------------

SOURCE = ROOT / "src" / "improvetrack"


# Code a program writes, not a person: held to being current (tests/test_records.py), not
# to the rules for code written by hand.
WRITTEN = {"improvetrack.model.record_inits"}


def _modules() -> dict[str, Path]:
    """Each module written by hand, by name."""
    found = {
        ".".join(("improvetrack", *path.relative_to(SOURCE).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): path
        for path in SOURCE.rglob("*.py")
    }
    return {name: path for name, path in found.items() if name not in WRITTEN}


def test_every_command_body_is_short() -> None:
    """Commands parse, call the library, and hand the result over: 15 lines at most,
    not counting the docstring and the signature."""
    import ast

    long = []
    for path in (SOURCE / "commands").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            if not any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") in ("command", "callback")
                for d in node.decorator_list
            ):
                continue
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]  # the docstring
            lines = (body[-1].end_lineno or 0) - body[0].lineno + 1 if body else 0
            if lines > 15:
                long.append(f"{path.name}:{node.name} ({lines} lines)")
    assert not long, long


def test_only_the_output_seam_writes_to_stdout() -> None:
    """Every screen, line and file goes through render/output.py."""
    import re

    writes = re.compile(r"(?<![.\w])print\(|sys\.stdout\b|echo\((?![^)]*err=True)")
    # The command group itself prints --version, before any Output exists.
    allowed = {"improvetrack.render.output", "improvetrack.commands"}
    found = [
        name
        for name, path in _modules().items()
        if name not in allowed and writes.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_only_settings_and_config_read_the_config_file() -> None:
    allowed = {"improvetrack.commands.settings", "improvetrack.files.config"}
    found = [
        name
        for name, path in _modules().items()
        if name not in allowed and "config.toml" in path.read_text(encoding="utf-8")
    ]
    assert not found, found


# The layers, lowest first: a module imports only from its own layer or the ones below.
LAYERS = ("errors", "model", "figures", "files", "sheets", "render", "workflows", "commands")
TOP = ("cli", "reference", "__main__")  # the entry points, above every layer

# The imports of our own modules made inside a function, each on purpose: start-up loads
# only what the command it runs needs. Every other import between our modules is at the top
# of its module, where a reader sees it. (importer, imported): why.
LAZY: dict[tuple[str, str], str] = {
    (
        "improvetrack.cli",
        "improvetrack.commands",
    ): "the entry point: errors are caught before the command table loads",
    (
        "improvetrack.cli",
        "improvetrack.render.output",
    ): "the entry point: errors are caught before the command table loads",
    (
        "improvetrack.commands",
        "improvetrack.commands.common",
    ): "--help and --version never build a run",
    (
        "improvetrack.commands.common",
        "improvetrack.commands.completion",
    ): "what only some commands of a run need (writes, dates, figures)",
    (
        "improvetrack.commands.common",
        "improvetrack.figures.report",
    ): "what only some commands of a run need (writes, dates, figures)",
    (
        "improvetrack.commands.common",
        "improvetrack.files.cache",
    ): "what only some commands of a run need (writes, dates, figures)",
    (
        "improvetrack.commands.common",
        "improvetrack.model.changes",
    ): "what only some commands of a run need (writes, dates, figures)",
    (
        "improvetrack.commands.completion",
        "improvetrack.render.formats",
    ): "format words, only when a shell asks",
    (
        "improvetrack.commands.views",
        "improvetrack.commands.reports",
    ): "a roll-up of several plans, only for status --plans",
    (
        "improvetrack.figures.progress",
        "improvetrack.figures.burnup",
    ): "replay, burn-up and deadlines, only when a figure needs them",
    (
        "improvetrack.figures.progress",
        "improvetrack.figures.deadlines",
    ): "replay, burn-up and deadlines, only when a figure needs them",
    (
        "improvetrack.figures.progress",
        "improvetrack.figures.history",
    ): "replay, burn-up and deadlines, only when a figure needs them",
    ("improvetrack.files.atomic", "improvetrack.files.lock"): "the lock, only for a write",
    ("improvetrack.files.store", "improvetrack.model.encode"): "the encoder, only for a write",
    (
        "improvetrack.files.store",
        "improvetrack.files.layout",
    ): "the lock and the writer's layout, only for a write",
    (
        "improvetrack.files.store",
        "improvetrack.files.lock",
    ): "the lock and the writer's layout, only for a write",
    (
        "improvetrack.files.store",
        "improvetrack.files.splice",
    ): "the splice of a write into a changed file, only for a write",
    (
        "improvetrack.files.toml",
        "improvetrack.model.hints",
    ): "date hints, only for a register with a bad date",
    (
        "improvetrack.reference",
        "improvetrack.commands",
    ): "the reference page builds the command table only when it runs",
    (
        "improvetrack.render.docx",
        "improvetrack.render.pictures",
    ): "Pillow, only when a Word paper draws its charts",
    (
        "improvetrack.render.formats",
        "improvetrack.render.options",
    ): "the options record, only when a format renders",
    (
        "improvetrack.render.measure_screens",
        "improvetrack.render.charts",
    ): "the chart model, only for the views that show a measure, not for status",
    (
        "improvetrack.sheets",
        "improvetrack.sheets.layout",
    ): "the import's modules, only when a sheet is read",
    (
        "improvetrack.sheets",
        "improvetrack.sheets.readers",
    ): "the import's modules, only when a sheet is read",
    (
        "improvetrack.workflows.exports",
        "improvetrack.sheets.template",
    ): "the council's workbook is read only for export --template",
}


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return 0  # the package itself: its version
    if parts[1] in TOP:
        return len(LAYERS)
    return LAYERS.index(parts[1])


def _imports() -> dict[str, list[tuple[str, bool]]]:
    """Each module's imports of our own modules, and whether each is made in a function;
    those only for type checking (under `if TYPE_CHECKING:`) are left out: they never run."""
    import ast

    modules = _modules()
    found: dict[str, list[tuple[str, bool]]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        top = {id(node) for node in tree.body}
        found[name] = []
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                named = [f"{node.module}.{alias.name}" for alias in node.names]
                targets = [t for t in named if t in modules] or [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            found[name] += [
                (target, id(node) not in top)
                for target in targets
                if target in modules and target != name
            ]
    return found


def test_every_import_points_down() -> None:
    upward = [
        f"{name} imports {target}"
        for name, targets in _imports().items()
        for target, _ in targets
        if _layer(target) > _layer(name)
    ]
    assert not upward, upward


def test_imports_inside_functions_are_the_listed_ones() -> None:
    lazy = {
        (name, target) for name, targets in _imports().items() for target, late in targets if late
    }
    assert sorted(lazy - set(LAZY)) == [], "import it at the top, or list it in LAZY with why"
    assert sorted(set(LAZY) - lazy) == [], "no longer imported in a function: strike it"


def test_there_is_no_import_cycle() -> None:
    """Imports between the project's own modules form no cycle, counting those made inside
    a function as well as those at the top of a module."""
    graph = {name: {target for target, _ in targets} for name, targets in _imports().items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycle = [*trail[trail.index(other) :], other]
                raise AssertionError(" → ".join(cycle))
            if other not in state:
                visit(other, [*trail, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_the_package_root_is_small_and_no_module_is_long() -> None:
    root = sorted(path.name for path in SOURCE.glob("*.py"))
    assert len(root) <= 8, root
    long = {
        name: lines
        for name, path in _modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 800
    }
    assert long == {}, "split it along a seam a newcomer would see"


def test_one_field_is_spelt_out_in_few_modules() -> None:
    """A field lives in the field table: the rest of the code reads it from there. The
    identifier `timescale` (not in strings, docstrings or comments) stays in at most the
    seven modules that must name it: the model's record, its change, the command's option,
    and the sheet reading that keeps a timescale apart from a date in a due cell."""
    import tokenize

    naming = set()
    for name, path in _modules().items():
        with path.open("rb") as stream:
            tokens = tokenize.tokenize(stream.readline)
            if any(t.type == tokenize.NAME and t.string == "timescale" for t in tokens):
                naming.add(name)
    assert len(naming) <= 7, sorted(naming)


def test_a_run_leaves_what_it_made_out_of_the_last_collection() -> None:
    """With the collector off all run, Python's last collection as it exits walked every
    object the run made: most of the time to exit. `main` freezes them when it is done,
    and the output and the exit code are what they were."""
    import subprocess
    import sys

    script = (
        "import gc, sys; from improvetrack.cli import main\n"
        "given = sys.argv[1:]\n"
        f"sys.argv = ['improvetrack', '-r', {str(SAMPLE)!r}, '--as-of', '2026-11-27', *given]\n"
        "try: main()\n"
        "finally: print('frozen', gc.get_freeze_count() > 0, 'collecting', gc.isenabled())\n"
    )
    done = subprocess.run([sys.executable, "-c", script, "status"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Overdue (3)" in done.stdout
    assert done.stdout.rstrip().endswith("frozen True collecting False")
    failed = subprocess.run([sys.executable, "-c", script, "show", "NO-1"], capture_output=True)
    assert failed.returncode == 2 and b"frozen True" in failed.stdout
