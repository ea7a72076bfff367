"""How long improvetrack takes to start and to work on a large register, against floors.

A floor is the least any Python program can spend on the same job, so each figure reads
as "the product costs this much more than the job". Every figure is a whole process, as
a user meets it: `sys.executable` or the installed `improvetrack` script, run with
subprocess; the cases run interleaved, round after round, after warm-up rounds, and the
tables show medians. Targets are judged on wall-clock medians; the CPU column (the child's
user + system time) is steadier when other work shares the machine.

Run from the repository root after `pip install -e .`:

    python benchmarks/startup.py [--rounds N] [--scale-rounds N] [--json]

It reports and never fails on a missed target: the exit code is 0 whenever it measured,
1 only when a command under test failed (so there was nothing to measure).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

try:
    import resource
except ImportError:  # Windows: no CPU figures
    resource = None  # type: ignore[assignment]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "examples" / "children-services.toml"
AS_OF = "2026-11-27"
SINCE = "2026-09-27"  # two months back: a replay of every action, undoing later changes
SCALE_ACTIONS = 10_000
WARM_UP = 2

PARSE = "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))"
PARSE_DUMP = (
    "import sys, tomllib, tomli_w; "
    "tomli_w.dump(tomllib.load(open(sys.argv[1], 'rb')), open(sys.argv[2], 'wb'))"
)


@dataclass
class Case:
    name: str
    argv: list[str]
    before: Callable[[], None] | None = None  # untimed set-up, e.g. restore a file
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


@dataclass(frozen=True)
class Target:
    what: str
    case: str
    floor: str
    limit: float | None  # None: a comparison to report, with no goal


TARGETS = [
    Target("status ≤ 1.0x typer floor", "improvetrack status", "typer floor", 1.0),
    Target("status ≤ 1.3x argparse floor", "improvetrack status", "argparse floor", 1.3),
    Target("--help ≤ 0.8x typer floor", "improvetrack --help", "typer floor", 0.8),
    Target("report json ≤ 1.2x status", "improvetrack report json", "improvetrack status", 1.2),
    Target("report html ≤ 1.2x status", "improvetrack report html", "improvetrack status", 1.2),
    Target("10k status ≤ 0.75x parse", "improvetrack status 10k", "parse floor 10k", 0.75),
    Target(
        "10k update --note ≤ 1.1x parse+dump",
        "improvetrack update 10k",
        "parse+dump floor 10k",
        1.1,
    ),
    Target("10k list ≤ 1.0x parse", "improvetrack list 10k", "parse floor 10k", 1.0),
    Target(
        "10k report --since ≤ 1.3x report",
        "improvetrack report --since 10k",
        "improvetrack report 10k",
        1.3,
    ),
    Target("1k list vs Taskwarrior", "improvetrack list 1k", "taskwarrior list 1k", None),
]


class CommandFailed(Exception):
    pass


def environment() -> dict[str, str]:
    """The caller's environment, pinned so every run draws the same screen the same way."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IMPROVETRACK_", "PYTHON"))}
    env |= {"NO_COLOR": "1", "COLUMNS": "80", "LINES": "25", "IMPROVETRACK_USER": "benchmark"}
    return env


def improvetrack_command() -> list[str]:
    script = Path(sys.executable).parent / "improvetrack"
    if script.is_file():
        return [str(script)]
    found = shutil.which("improvetrack")
    if found is None:
        sys.exit("improvetrack is not installed here: run `pip install -e .` first")
    return [found]


def _children_cpu() -> float:
    if resource is None:
        return math.nan
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(case: Case, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of the case."""
    if case.before is not None:
        case.before()
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(case.argv, cwd=ROOT, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        raise CommandFailed(
            f"{case.name} exited {done.returncode}: {' '.join(case.argv)}\n"
            + done.stderr.decode(errors="replace")
        )
    return elapsed, cpu


def measure(cases: list[Case], rounds: int, warm_up: int, env: dict[str, str]) -> None:
    """Run the cases side by side; each round starts one case later, to spread any drift."""
    for number in range(warm_up + rounds):
        shift = number % len(cases)
        for case in cases[shift:] + cases[:shift]:
            elapsed, cpu = run_once(case, env)
            if number >= warm_up:
                case.times.append(elapsed)
                case.cpu.append(cpu)


# --- a large register, made with the project's own model and writer -----------------------

AREAS = [
    ("assessments", "ASM", "Social work assessments"),
    ("transitions", "TRN", "Transitions to adult services"),
    ("education", "EDU", "Education of children in care"),
    ("understanding", "UND", "Helping children understand their situation"),
    ("care-leavers", "CL", "Support for care leavers"),
    ("placements", "PLC", "Sufficiency and stability of placements"),
    ("workforce", "WF", "Recruiting and keeping social workers"),
    ("supervision", "SUP", "Management oversight and supervision"),
    ("front-door", "FD", "Decisions at the front door"),
    ("quality", "QA", "Quality assurance and audit"),
]
OWNERS = [
    "Head of Service, Assessment and Intervention",
    "Service Manager, Assessment and Intervention",
    "Virtual School Headteacher",
    "Participation Manager",
    "Principal Social Worker",
    "Head of Service, Children in Care",
    "Practice Lead",
    "Workforce Development Manager",
    "Team Manager, MASH",
    "Quality Assurance Manager",
]
VERBS = ["Review", "Agree", "Audit", "Train staff on", "Publish", "Embed", "Test", "Track"]
OBJECTS = [
    "the child's own words in every assessment summary",
    "a joint protocol with adult social care and health partners",
    "personal education plans for every child in care",
    "supervision records against the practice standards",
    "the threshold document with the safeguarding partnership",
    "placement stability reports at each monthly board",
    "later-life letters written for the child to read",
    "return home interviews within 72 hours",
]
STATUS_MIX = [
    ("not-started", 30),
    ("in-progress", 30),
    ("done", 25),
    ("blocked", 5),
    ("awaiting-sign-off", 3),
    ("dropped", 7),
]


def write_register(path: Path, count: int) -> Path:
    """A register of `count` actions at `path`: the sample for its own 18, else one made
    by `scale_register_text`."""
    if count == 18:
        shutil.copyfile(SAMPLE, path)
    else:
        path.write_text(scale_register_text(count), encoding="utf-8")
    return path


def scale_register_text(count: int, seed: int = 2026) -> str:
    """A register of `count` actions over ten areas, with the field mix of a real plan."""
    from improvetrack.files import store
    from improvetrack.model.register import Action, Area, LogEntry, Measure, Plan, Reading, Register

    rng = random.Random(seed)
    as_of = date.fromisoformat(AS_OF)
    start = as_of - timedelta(days=420)
    register = Register(
        Plan(
            title="Benchmark improvement plan",
            organisation="Example Borough Council",
            inspectorate="Ofsted",
            framework="ILACS",
            judgement="requires improvement to be good",
            inspected=start - timedelta(days=60),
            published=start,
            start=start,
            next_inspection=as_of + timedelta(days=580),
        )
    )
    for key, prefix, title in AREAS:
        readings = [Reading(start + timedelta(days=90 * n), 40 + 5 * n) for n in range(3)]
        register.areas[key] = Area(
            key=key,
            title=title,
            finding=f"Inspectors found that {title.lower()} is not consistently good enough.",
            lead=rng.choice(OWNERS),
            prefix=prefix,
            measures=[
                Measure(
                    name=f"{title}: audits graded good",
                    unit="%",
                    baseline=40,
                    target=80,
                    current=readings[-1].value,
                    updated=readings[-1].on,
                    history=readings,
                )
            ],
        )
    statuses, weights = zip(*STATUS_MIX, strict=True)
    numbers = dict.fromkeys(register.areas, 0)
    for index in range(count):
        key, prefix, _ = AREAS[index % len(AREAS)]
        numbers[key] += 1
        created = start + timedelta(days=rng.randrange(300))
        status = rng.choices(statuses, weights)[0]
        at = datetime.combine(created, clock(9, 30), tzinfo=UTC)
        action = Action(
            id=f"{prefix}-{numbers[key]}",
            area=key,
            title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
            status=status,
            owner=rng.choice(OWNERS) if rng.random() < 0.9 else None,
            due=created + timedelta(days=rng.randrange(14, 400)) if rng.random() < 0.85 else None,
            created=created,
            measure="Monthly audit of a sample of ten cases" if rng.random() < 0.4 else None,
            evidence=[
                f"https://intranet.example/plan/{index}/{n}"
                for n in range(rng.choice((0, 0, 1, 2)))
            ],
            log=[LogEntry(at, rng.choice(OWNERS), "created")],
        )
        if status == "done":
            action.completed = min(created + timedelta(days=rng.randrange(7, 200)), as_of)
            action.signed_off_by = "Director of Children's Services" if rng.random() < 0.5 else None
        elif status == "blocked":
            action.blocked_reason = "Waiting for the health partners to agree the funding"
        elif status == "dropped":
            action.dropped_reason = "Replaced by a wider action in the same area"
        if status != "not-started":
            action.log.append(
                LogEntry(
                    at + timedelta(days=3),
                    action.owner or "Practice Lead",
                    f"status: not-started → {status}",
                    field="status",
                    old="not-started",
                    new=status,
                )
            )
        if rng.random() < 0.3:
            action.log.append(LogEntry(at + timedelta(days=5), "Practice Lead", "note: on track"))
        elif action.due is not None and rng.random() < 0.3:
            # A due date moved later: what a replay undoes for `report --since`.
            agreed = action.due - timedelta(days=rng.randrange(7, 60))
            action.baseline_due = agreed
            action.log.append(
                LogEntry(
                    at + timedelta(days=6),
                    action.owner or "Practice Lead",
                    f"due: {agreed} → {action.due}",
                    field="due",
                    old=agreed,
                    new=action.due,
                )
            )
        register.actions[action.id] = action
    register.sort_actions()
    return store.dumps(register)


# --- reporting ----------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds * 1000:.1f} ms"


def table(title: str, cases: list[Case], floor: Case) -> list[str]:
    lines = [
        title,
        f"  {'':<24} {'median':>10} {'min':>10} {'CPU':>10}   ratio to {floor.name}",
    ]
    for case in cases:
        ratio = case.median / floor.median
        lines.append(
            f"  {case.name:<24} {ms(case.median):>10} {ms(min(case.times)):>10} "
            f"{ms(statistics.median(case.cpu)):>10}   {ratio:.2f}x"
        )
    return lines


def target_results(cases: dict[str, Case]) -> list[dict[str, Any]]:
    results = []
    for target in TARGETS:
        if target.case not in cases or target.floor not in cases:
            continue  # a comparison with a program that is not installed
        case, floor = cases[target.case].median, cases[target.floor].median
        limit = target.limit
        results.append(
            {
                "target": target.what,
                "ratio": round(case / floor, 3),
                "limit": limit,
                "met": None if limit is None else case <= limit * floor,
                "over_ms": 0.0 if limit is None else round(max(case - limit * floor, 0) * 1000, 1),
            }
        )
    return results


def taskwarrior_cases(folder: Path, tool: list[str]) -> list[Case]:
    """`list` on 1,000 actions beside Taskwarrior's `task list` on 1,000 tasks, when the
    `task` command is installed (Debian: taskwarrior): a mature list tool, for scale."""
    task = shutil.which("task")
    register = folder / "1k" / "improvetrack.toml"
    register.parent.mkdir()
    register.write_text(scale_register_text(1000), encoding="utf-8")
    cases = [
        Case("improvetrack list 1k", [*tool, "--register", str(register), "--as-of", AS_OF, "list"])
    ]
    if task is None:
        return cases
    data, rc = folder / "task-data", folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\ncolor=off\n", encoding="utf-8")
    rng = random.Random(2026)
    tasks = [
        {
            "uuid": f"{index:08x}-0000-4000-8000-000000000000",
            "description": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
            "status": "pending",
            "entry": "20260101T090000Z",
            "project": rng.choice(AREAS)[0],
            "due": f"2027{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}T000000Z",
        }
        for index in range(1000)
    ]
    (folder / "tasks.json").write_text(json.dumps(tasks), encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc)}
    subprocess.run(
        [task, "import", str(folder / "tasks.json")], env=env, capture_output=True, check=True
    )
    return [*cases, Case("taskwarrior list 1k", ["env", f"TASKRC={rc}", task, "list"])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the start-up cases")
    parser.add_argument(
        "--scale-rounds", type=int, default=5, help="rounds of the 10,000-action cases"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    if options.rounds < 1 or options.scale_rounds < 1:
        parser.error("rounds must be at least 1")

    env = environment()
    python, tool = sys.executable, improvetrack_command()
    sample = ["--register", str(SAMPLE), "--as-of", AS_OF]
    startup = [
        Case("python -c pass", [python, "-c", "pass"]),
        Case("argparse floor", [python, str(HERE / "floor_argparse.py"), *sample]),
        Case("typer floor", [python, str(HERE / "floor_typer.py"), *sample]),
        Case("improvetrack status", [*tool, *sample, "status"]),
        Case("improvetrack --help", [*tool, "--help"]),
        Case("improvetrack report json", [*tool, *sample, "report", "--format", "json"]),
        Case("improvetrack report html", [*tool, *sample, "report", "--format", "html"]),
    ]

    with tempfile.TemporaryDirectory(prefix="improvetrack-bench-") as folder:
        big = Path(folder) / "improvetrack.toml"
        text = scale_register_text(SCALE_ACTIONS).encode("utf-8")
        big.write_bytes(text)
        (Path(folder) / "add").mkdir()
        edited = Path(folder) / "add" / "improvetrack.toml"

        def fresh_copy() -> None:
            edited.write_bytes(text)

        on_big = ["--register", str(big), "--as-of", AS_OF]
        scale = [
            Case("parse floor 10k", [python, "-c", PARSE, str(big)]),
            Case(
                "parse+dump floor 10k", [python, "-c", PARSE_DUMP, str(big), f"{folder}/out.toml"]
            ),
            Case("improvetrack status 10k", [*tool, *on_big, "status"]),
            Case("improvetrack list 10k", [*tool, *on_big, "list"]),
            Case("improvetrack report 10k", [*tool, *on_big, "report", "--format", "json"]),
            Case(
                "improvetrack report --since 10k",
                [*tool, *on_big, "report", "--format", "json", "--since", SINCE],
            ),
            Case(
                "improvetrack update 10k",
                [
                    *tool,
                    "--register",
                    str(edited),
                    "--as-of",
                    AS_OF,
                    "update",
                    "QA-10",
                    "--note",
                    "Checked at the monthly board",
                ],
                before=fresh_copy,
            ),
            Case(
                "improvetrack add 10k",
                [
                    *tool,
                    "--register",
                    str(edited),
                    "--as-of",
                    AS_OF,
                    "add",
                    "quality",
                    "New action",
                ],
                before=fresh_copy,
            ),
        ]
        compared = taskwarrior_cases(Path(folder), tool)
        try:
            measure(startup, options.rounds, WARM_UP, env)
            measure(scale, options.scale_rounds, 1, env)
            measure(compared, options.rounds, WARM_UP, env)
        except CommandFailed as error:
            print(f"error: {error}", file=sys.stderr)
            return 1

    cases = {case.name: case for case in startup + scale + compared}
    targets = target_results(cases)
    about = {
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "cores": os.cpu_count(),
        "rounds": options.rounds,
        "scale_rounds": options.scale_rounds,
        "scale_actions": SCALE_ACTIONS,
        "scale_bytes": len(text),
    }
    if options.json:
        figures = {
            name: {
                "median_ms": round(case.median * 1000, 2),
                "min_ms": round(min(case.times) * 1000, 2),
                "cpu_median_ms": round(statistics.median(case.cpu) * 1000, 2),
                "runs_ms": [round(t * 1000, 2) for t in case.times],
            }
            for name, case in cases.items()
        }
        print(json.dumps({"about": about, "cases": figures, "targets": targets}, indent=2))
        return 0

    print(
        f"improvetrack benchmarks · Python {about['python']} · {about['platform']} · "
        f"{about['cores']} cores"
    )
    print()
    lines = table(
        f"Start-up: the sample register, {options.rounds} rounds", startup, cases["argparse floor"]
    )
    lines += [""]
    lines += table(
        f"Scale: {SCALE_ACTIONS:,} actions in {len(AREAS)} areas ({len(text) / 1e6:.1f} MB), "
        f"{options.scale_rounds} rounds",
        scale,
        cases["parse floor 10k"],
    )
    lines += [""]
    lines += table(f"For comparison: 1,000 items, {options.rounds} rounds", compared, compared[-1])
    lines += ["", "Targets"]
    for result in targets:
        if result["met"] is None:
            verdict = "(for comparison)"
        else:
            verdict = "PASS" if result["met"] else f"MISS by {result['over_ms']:.1f} ms"
        lines.append(f"  {result['target']:<30} {result['ratio']:>6.2f}x   {verdict}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
