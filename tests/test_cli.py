"""Every command through the CLI: one success and at least one failure each."""

from __future__ import annotations

import json
import re
import tomllib
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, SAMPLE, Invoke


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _fails_cleanly(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]


# --- init and where -------------------------------------------------------------------------


def test_init_creates_an_empty_register(invoke: Invoke) -> None:
    result = invoke("init", "--title", "Care plan", "--next-inspection", "31/03/2028")
    assert result.exit_code == 0, result.output
    data = _load(Path("improvetrack.toml"))
    plan_id = data["plan"].pop("id")
    assert data["plan"] == {
        "title": "Care plan",
        "next_inspection": __import__("datetime").date(2028, 3, 31),
    }
    assert data["schema"] == 1
    # The plan's identity is a random UUID (v3), so two plans never share one.
    assert str(uuid.UUID(plan_id)) == plan_id


def test_init_example_writes_the_shipped_sample(invoke: Invoke) -> None:
    result = invoke("init", "--example", "plan.toml")
    assert result.exit_code == 0, result.output
    written = Path("plan.toml").read_bytes()
    # The sample as shipped, with the new plan's own identity after its title.
    assert re.sub(rb'\nid = "[0-9a-f-]{36}"', b"", written, count=1) == SAMPLE.read_bytes()
    assert uuid.UUID(_load(Path("plan.toml"))["plan"]["id"])


def test_init_refuses_to_replace_a_register(invoke: Invoke, sample: Path) -> None:
    before = sample.read_bytes()
    _fails_cleanly(invoke("init"), "already exists", "--force")
    assert sample.read_bytes() == before
    assert invoke("init", "--force", "--title", "New").exit_code == 0
    assert _load(sample)["plan"]["title"] == "New"


def test_init_refuses_a_bad_date(invoke: Invoke) -> None:
    _fails_cleanly(invoke("init", "--next-inspection", "soon"), "--next-inspection", "2027-03-31")
    assert not Path("improvetrack.toml").exists()


def test_init_into_a_missing_folder_fails_cleanly(invoke: Invoke) -> None:
    _fails_cleanly(invoke("init", "no/such/folder/plan.toml"), "does not exist")


def test_where_prints_the_path_and_how(invoke: Invoke, sample: Path) -> None:
    result = invoke("where")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(sample.resolve())
    assert "nearest improvetrack.toml" in result.stderr


def test_where_without_a_register_says_how_to_make_one(invoke: Invoke) -> None:
    _fails_cleanly(invoke("where"), "no register found", "improvetrack init")


# --- areas ------------------------------------------------------------------------------------


def test_area_add_and_list(invoke: Invoke, write: Callable[[str], Path]) -> None:
    path = write(MINIMAL)
    result = invoke(
        "area", "add", "care-leavers", "--title", "Care leavers", "--lead", "Head of Service"
    )
    assert result.exit_code == 0, result.output
    assert "CL-1" in result.stdout
    area = _load(path)["areas"]["care-leavers"]
    assert area.pop("log")[0]["text"] == "created"
    assert area == {"title": "Care leavers", "lead": "Head of Service", "prefix": "CL"}
    listed = json.loads(invoke("area", "list", "--json").stdout)
    assert [a["key"] for a in listed] == ["assessments", "care-leavers"]
    table = invoke("area", "list").stdout
    assert "care-leavers" in table and "Care leavers" in table


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["assessments", "--title", "Again"], "already exists"),
        (["Bad Key", "--title", "x"], "lowercase letters"),
        (["other", "--title", "x", "--prefix", "ASM"], "already used by area 'assessments'"),
        (["other", "--title", "x", "--prefix", "a b"], "capital letters"),
    ],
)
def test_area_add_refuses_bad_input(
    invoke: Invoke, write: Callable[[str], Path], args: list[str], needle: str
) -> None:
    path = write(MINIMAL)
    _fails_cleanly(invoke("area", "add", *args), needle)
    assert path.read_text() == MINIMAL


def test_area_list_without_register_fails(invoke: Invoke) -> None:
    _fails_cleanly(invoke("area", "list"), "no register found")


# --- add, update and the status shortcuts ----------------------------------------------------


def test_add_prints_the_new_id_and_records_it(invoke: Invoke, write: Callable[[str], Path]) -> None:
    path = write(MINIMAL)
    first = invoke(
        "add", "assessments", "Rewrite the template", "--owner", "Team manager", "--due", "+2w"
    )
    second = invoke(
        "add", "assessments", "Audit monthly", "--due", "31/01/2027", "--measure", "80%"
    )
    assert (first.exit_code, second.exit_code) == (0, 0), first.output + second.output
    assert (first.stdout, second.stdout) == ("ASM-1\n", "ASM-2\n")
    actions = _load(path)["actions"]
    assert actions["ASM-1"]["due"].isoformat() == "2026-12-11"
    assert actions["ASM-1"]["created"].isoformat() == "2026-11-27"
    assert actions["ASM-1"]["owner"] == "Team manager"
    assert actions["ASM-2"]["measure"] == "80%"
    assert actions["ASM-2"]["log"][0]["text"] == "created"
    assert actions["ASM-2"]["log"][0]["by"] == "tester"


def test_add_to_an_unknown_area_suggests_the_closest(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL)
    _fails_cleanly(
        invoke("add", "assesments", "x"), "no area 'assesments'", "did you mean 'assessments'"
    )
    assert path.read_text() == MINIMAL


def test_add_with_a_bad_date_writes_nothing(invoke: Invoke, write: Callable[[str], Path]) -> None:
    path = write(MINIMAL)
    _fails_cleanly(invoke("add", "assessments", "x", "--due", "next week"), "--due", "2027-03-31")
    _fails_cleanly(invoke("add", "assessments", "x", "--due", "31/02/2027"), "not a real date")
    assert path.read_text() == MINIMAL


def test_update_logs_every_change(invoke: Invoke, sample: Path) -> None:
    result = invoke(
        "update",
        "asm-2",
        "--owner",
        "Team manager, Assessment 2",
        "--due",
        "2027-03-31",
        "--note",
        "moved after the December board",
        "--evidence",
        "evidence/board.pdf",
        "--by",
        "pm-office",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "ASM-2: owner: Workforce Development Manager → Team manager, Assessment 2",
        "ASM-2: due: 2027-01-31 → 2027-03-31",
        "ASM-2: evidence added: evidence/board.pdf",
        "ASM-2: note: moved after the December board",
    ]
    action = _load(sample)["actions"]["ASM-2"]
    assert action["owner"] == "Team manager, Assessment 2"
    assert action["due"].isoformat() == "2027-03-31"
    assert "evidence/board.pdf" in action["evidence"]
    new = action["log"][-4:]
    assert [entry.get("field") for entry in new] == ["owner", "due", "evidence", None]
    assert new[1]["new"].isoformat() == "2027-03-31"  # a date, as the SPEC writes it
    assert new[3]["text"] == "note: moved after the December board"
    assert {entry["by"] for entry in new} == {"pm-office"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["ASM-99", "--note", "x"], "no action 'ASM-99'"),
        (["ASM-2", "--status", "finished"], "unknown status 'finished'"),
        (["ASM-2", "--status", "blocked"], "improvetrack block ASM-2 --reason"),
        (["ASM-2", "--due", "someday"], "--due"),
        (["ASM-2", "--title", " "], "--title cannot be empty"),
    ],
)
def test_update_refuses_bad_input(
    invoke: Invoke, sample: Path, args: list[str], needle: str
) -> None:
    before = sample.read_bytes()
    _fails_cleanly(invoke("update", *args), needle)
    assert sample.read_bytes() == before


def test_status_shortcuts_move_actions_on(invoke: Invoke, sample: Path) -> None:
    assert invoke("start", "ASM-5").stdout == "ASM-5 is now in-progress\n"
    assert invoke("block", "ASM-5", "--reason", "no data").exit_code == 0
    assert _load(sample)["actions"]["ASM-5"]["blocked_reason"] == "no data"
    assert invoke("done", "ASM-5", "--note", "delivered").exit_code == 0
    action = _load(sample)["actions"]["ASM-5"]
    assert action["status"] == "done"
    assert "blocked_reason" not in action
    assert action["completed"].isoformat() == "2026-11-27"
    assert action["log"][-1]["text"] == "note: delivered"
    assert invoke("drop", "ASM-3", "--reason", "merged into ASM-2").exit_code == 0
    assert _load(sample)["actions"]["ASM-3"]["dropped_reason"] == "merged into ASM-2"


def test_shortcuts_refuse_what_makes_no_sense(invoke: Invoke, sample: Path) -> None:
    before = sample.read_bytes()
    _fails_cleanly(invoke("start", "ASM-1"), "ASM-1 is done; to reopen it, use")
    _fails_cleanly(invoke("block", "UND-4", "--reason", "x"), "UND-4 is dropped; to reopen it")
    _fails_cleanly(invoke("update", "ASM-1"), "nothing to change")
    _fails_cleanly(invoke("done", "ASM-1"), "already done")
    _fails_cleanly(invoke("start", "XYZ-1"), "no action 'XYZ-1'")
    _fails_cleanly(invoke("block", "ASM-2", "--reason", " "), "say why")
    result = invoke("drop", "ASM-2")
    assert result.exit_code == 2 and "--reason" in result.output
    assert sample.read_bytes() == before


def test_sign_off_completes_an_action_awaiting_it(invoke: Invoke, sample: Path) -> None:
    result = invoke("sign-off", "EDU-4", "--by", "Director of Children's Services")
    assert result.exit_code == 0, result.output
    action = _load(sample)["actions"]["EDU-4"]
    assert action["status"] == "done"
    assert action["signed_off_by"] == "Director of Children's Services"
    assert action["log"][-1]["text"].endswith("(signed off by Director of Children's Services)")


def test_a_done_actions_reported_rag_is_shown_as_history(invoke: Invoke, sample: Path) -> None:
    assert invoke("update", "EDU-4", "--rag", "green").exit_code == 0
    before = " ".join(invoke("show", "EDU-4").stdout.split())
    # Delivered, it waits for its evidence: a lead's GREEN is no RAG to challenge (v3).
    assert "Reported GREEN" in before and "better than the dates give" not in before
    assert invoke("sign-off", "EDU-4", "--by", "Director of Children's Services").exit_code == 0
    after = " ".join(invoke("show", "EDU-4").stdout.split())
    assert "RAG BLUE from the dates and status" in after
    assert "Reported GREEN (the lead's last report, before it was done)" in after


def test_sign_off_refuses_the_owner_and_actions_not_awaiting_it(
    invoke: Invoke, sample: Path
) -> None:
    before = sample.read_bytes()
    owner = _load(sample)["actions"]["EDU-4"]["owner"]
    _fails_cleanly(invoke("sign-off", "EDU-4", "--by", owner.upper()), "owner cannot sign it off")
    _fails_cleanly(
        invoke("sign-off", "ASM-2", "--by", "Director"), "only an action awaiting sign-off"
    )
    _fails_cleanly(invoke("sign-off", "ASM-1", "--by", "Director"), "ASM-1 is already done")
    assert sample.read_bytes() == before


def test_done_waits_for_sign_off_when_the_plan_requires_it(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(
        MINIMAL.replace('title = "Test plan"', 'title = "Test plan"\nrequire_sign_off = true')
    )
    invoke("add", "assessments", "Audit", "--owner", "Team manager")
    assert invoke("done", "ASM-1").stdout == "ASM-1 is now awaiting-sign-off\n"
    signed = invoke("sign-off", "ASM-1", "--by", "Head of Service", user="head-of-service")
    assert signed.exit_code == 0, signed.output
    assert _load(path)["actions"]["ASM-1"]["status"] == "done"


def test_update_to_done_of_an_action_awaiting_sign_off_is_no_move_and_keeps_the_note(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    """`--status done` on a plan that requires sign-off means awaiting sign-off: for an
    action already there it changes nothing, and the rest of the update is made."""
    path = write(
        MINIMAL.replace('title = "Test plan"', 'title = "Test plan"\nrequire_sign_off = true')
    )
    invoke("add", "assessments", "Audit", "--owner", "Team manager")
    invoke("done", "ASM-1")
    result = invoke("update", "ASM-1", "--status", "done", "--note", "Evidence sent to the Head")
    assert (result.exit_code, result.stdout) == (0, "ASM-1: note: Evidence sent to the Head\n")
    action = _load(path)["actions"]["ASM-1"]
    assert action["status"] == "awaiting-sign-off"
    assert action["log"][-1]["text"] == "note: Evidence sent to the Head"


# --- reading commands ------------------------------------------------------------------------


def test_list_filters(invoke: Invoke, sample: Path) -> None:
    overdue = json.loads(invoke("list", "--overdue", "--json").stdout)
    assert sorted(a["id"] for a in overdue) == ["ASM-4", "TRN-2", "UND-3"]
    blocked = json.loads(invoke("list", "--status", "blocked", "--json").stdout)
    assert [a["id"] for a in blocked] == ["TRN-2"]
    area = json.loads(invoke("list", "--area", "education", "--json").stdout)
    assert [a["id"] for a in area] == ["EDU-1", "EDU-2", "EDU-3", "EDU-4", "EDU-5"]
    owned = json.loads(invoke("list", "--owner", "virtual school", "--json").stdout)
    assert owned and all("virtual school" in a["owner"].lower() for a in owned)
    table = invoke("list", "--area", "assessments").stdout
    for action_id in ("ASM-1", "ASM-2", "ASM-3", "ASM-4", "ASM-5"):
        assert action_id in table


def test_list_refuses_unknown_filters(invoke: Invoke, sample: Path) -> None:
    _fails_cleanly(invoke("list", "--status", "late"), "unknown status 'late'")
    _fails_cleanly(invoke("list", "--area", "educaton"), "did you mean 'education'")


def test_show_gives_one_action_in_full(invoke: Invoke, sample: Path) -> None:
    result = invoke("show", "trn-2")
    assert result.exit_code == 0, result.output
    for needle in ("TRN-2", "blocked", "RED", "History", "created"):
        assert needle in result.stdout
    data = json.loads(invoke("show", "TRN-2", "--json").stdout)
    assert data["rag"] == "red" and data["overdue"] is True
    assert data["log"][0]["text"] == "created"


def test_show_unknown_id_suggests(invoke: Invoke, sample: Path) -> None:
    _fails_cleanly(invoke("show", "TRN-22"), "no action 'TRN-22'")


def test_log_lists_history_oldest_first(invoke: Invoke, sample: Path) -> None:
    invoke("start", "ASM-5")
    entries = json.loads(invoke("log", "--json").stdout)
    stamps = [entry["at"] for entry in entries]
    assert stamps == sorted(stamps)
    assert entries[-1]["id"] == "ASM-5" and entries[-1]["new"] == "in-progress"
    one = invoke("log", "ASM-5")
    flat = " ".join(one.stdout.split())  # the change text may wrap at 80 columns
    assert one.exit_code == 0 and "status: not-started → in-progress" in flat
    assert "TRN-" not in one.stdout


LONG_BY = "Head of Service, Children with Disabilities and Transitions"
NOTE = "the joint protocol with adult services was agreed at the transitions panel today"


@pytest.mark.parametrize("command", [["log"], ["log", "ASM-1"], ["show", "ASM-1"]])
def test_a_long_name_in_the_log_never_hides_the_change_at_80_columns(
    invoke: Invoke,
    write: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    write(MINIMAL)
    invoke("add", "assessments", "Joint protocol")
    monkeypatch.setenv("IMPROVETRACK_USER", LONG_BY)
    assert invoke("update", "ASM-1", "--note", NOTE).exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")

    result = invoke(*command)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80 and "…" not in result.stdout
    # Each column folds onto more lines; read down the screen, every word is there in order.
    start = next(i for i, line in enumerate(lines) if "Head of" in line)
    row = lines[start : start + 6]
    by_column = row[0].index("Head of")
    text_column = row[0].index("note:")
    by = " ".join(line[by_column:text_column].strip() for line in row).split()
    text = " ".join(line[text_column:].strip() for line in row).split()
    assert " ".join(by).startswith(LONG_BY)
    assert " ".join(text).startswith(f"note: {NOTE}")
    assert row[0].startswith("2026-11-27 00:00  ASM-1  ")


def test_log_unknown_id_fails(invoke: Invoke, sample: Path) -> None:
    _fails_cleanly(invoke("log", "NOPE-1"), "no action 'NOPE-1'")


def test_status_screen_fits_80_columns(invoke: Invoke, sample: Path) -> None:
    result = invoke("status")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    text = result.stdout
    for needle in (
        "Children's services improvement plan",
        "requires improvement to be good",
        "Next inspection 2028-06-30: 581 days to go",
        "5 of 17 actions done (29%)",
        "behind plan",
        "RED",
        "AMBER",
        "Overdue (3)",
        "Blocked (1)",
        "█",
        "┃",
    ):
        assert needle in text, needle
    assert "\x1b" not in text  # NO_COLOR and not a terminal


def test_status_json_for_scripts(invoke: Invoke, sample: Path) -> None:
    data = json.loads(invoke("status", "--json").stdout)
    assert data["plan"]["days_to_inspection"] == 581
    assert data["totals"]["done"] == 5 and data["totals"]["overdue"] == 3
    assert [area["key"] for area in data["areas"]] == [
        "assessments",
        "transitions",
        "education",
        "understanding",
    ]
    only = json.loads(invoke("status", "--area", "education", "--json").stdout)
    assert [area["key"] for area in only["areas"]] == ["education"]


def test_status_on_an_invalid_register_names_file_line_and_key(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL + '\n[actions.ASM-1]\narea = "assessments"\ntitle = "x"\ndue = "soon"\n')
    _fails_cleanly(invoke("status"), f"{path.resolve()}:14:", "actions.ASM-1.due", "2027-03-31")


def test_as_of_option_is_checked(invoke: Invoke, sample: Path) -> None:
    _fails_cleanly(invoke("--as-of", "tomorrow", "status"), "--as-of")
    result = invoke("--as-of", "2026-10-01", "status", "--json")
    assert json.loads(result.stdout)["totals"]["overdue"] == 0


def test_register_option_and_environment(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("--register", str(SAMPLE), "status").exit_code == 0
    monkeypatch.setenv("IMPROVETRACK_REGISTER", str(SAMPLE))
    result = invoke("where")
    assert result.stdout.strip() == str(SAMPLE)
    assert "IMPROVETRACK_REGISTER" in result.stderr
    _fails_cleanly(
        invoke("--register", "missing.toml", "status"), "missing.toml", "improvetrack init"
    )


def test_version(invoke: Invoke) -> None:
    from improvetrack import __version__

    assert invoke("--version").stdout == f"improvetrack {__version__}\n"


def test_drive_a_whole_plan_from_the_cli(invoke: Invoke) -> None:
    """A new register made and driven entirely from the CLI, every change in the log."""
    steps = [
        ["init", "--title", "Care home plan", "--next-inspection", "2027-09-30"],
        ["area", "add", "medicines", "--title", "Medicines", "--prefix", "MED"],
        ["add", "medicines", "Weekly audit", "--owner", "Deputy manager", "--due", "+2w"],
        ["add", "medicines", "Train staff", "--due", "2027-01-31"],
        ["add", "medicines", "Replace the fridge"],
        ["start", "MED-1"],
        ["block", "MED-2", "--reason", "trainer not booked"],
        ["update", "MED-2", "--owner", "Trainer", "--due", "+6w", "--note", "rebooked"],
        ["update", "MED-1", "--status", "awaiting-sign-off"],
        ["sign-off", "MED-1", "--by", "Registered manager"],
        ["drop", "MED-3", "--reason", "replaced under warranty"],
        ["done", "MED-2"],
    ]
    for step in steps:
        # Whoever marked an action done may not sign it off: the manager signs in person.
        result = invoke(*step, user="manager" if step[0] == "sign-off" else None)
        assert result.exit_code == 0, (step, result.output)
    texts = [entry["text"] for entry in json.loads(invoke("log", "--json").stdout)]
    assert texts.count("created") == 3
    for needle in (
        "status: not-started → in-progress",
        "status: not-started → blocked (trainer not booked)",
        "owner: (none) → Trainer",
        "due: 2027-01-31 → 2027-01-08",
        "note: rebooked",
        "status: in-progress → awaiting-sign-off",
        "status: awaiting-sign-off → done (signed off by Registered manager)",
        "status: not-started → dropped (replaced under warranty)",
        "status: blocked → done",
    ):
        assert needle in texts, needle


def test_same_commands_give_byte_identical_registers(invoke: Invoke, tmp_path: Path) -> None:
    outputs = []
    for name in ("a.toml", "b.toml"):
        path = str(tmp_path / name)
        for step in (
            ["init", path, "--title", "Plan"],
            ["-r", path, "area", "add", "safety", "--title", "Safety"],
            ["-r", path, "add", "safety", "Check", "--due", "+1w"],
            ["-r", path, "start", "SFT-1"],
            ["-r", path, "update", "SFT-1", "--note", "going well"],
        ):
            assert invoke(*step).exit_code == 0
        outputs.append((tmp_path / name).read_bytes())
    # Each plan is given its own random identity; everything else is the same bytes.
    identity = re.compile(rb'\nid = "[0-9a-f-]{36}"')
    assert identity.search(outputs[0]) and identity.search(outputs[1])
    assert outputs[0] != outputs[1]
    assert identity.sub(b"", outputs[0]) == identity.sub(b"", outputs[1])


def test_status_of_a_large_plan_keeps_figures_whole_and_lists_short(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    actions = "".join(
        f'\n[actions.ASM-{n}]\narea = "assessments"\ntitle = "Action {n}"\nowner = "o"\n'
        f'due = 2026-{1 + n % 10:02d}-01\nstatus = "{"done" if n <= 1200 else "in-progress"}"\n'
        for n in range(1, 2458)
    )
    write(MINIMAL + actions)
    screen = invoke("status").stdout
    assert "1200/2457" in screen  # not cut to "1200/"
    overdue = 2457 - 1200  # every open action is due in 2026 before November
    assert f"Overdue ({overdue})" in screen
    assert f"… and {overdue - 10} more: improvetrack list --overdue" in screen
    assert screen.count("due 2026-") == 10
    assert max(len(line) for line in screen.splitlines()) <= 80


def test_global_options_also_work_after_the_command(invoke: Invoke, sample: Path) -> None:
    before = json.loads(invoke("status", "--json", "--as-of", "2026-10-01").stdout)
    assert before["as_of"] == "2026-10-01"
    assert json.loads(invoke("status", "--as-of=2026-10-02", "--json").stdout)["as_of"] == (
        "2026-10-02"
    )
    other = sample.with_name("other.toml")
    other.write_bytes(sample.read_bytes())
    assert invoke("update", "ASM-2", "--note", "-r", "-r", str(other)).exit_code == 0
    # "-r" after --note is the note; the second is the option
    assert _load(other)["actions"]["ASM-2"]["log"][-1]["text"] == "note: -r"
    assert _load(sample)["actions"]["ASM-2"]["log"][-1]["text"] != "note: -r"
    assert invoke("area", "list", "--json", "-r", str(other)).exit_code == 0
    assert invoke("add", "assessments", "--", "--as-of").stdout == "ASM-6\n"
    assert _load(sample)["actions"]["ASM-6"]["title"] == "--as-of"


def test_update_reopens_a_done_action_on_purpose(invoke: Invoke, sample: Path) -> None:
    result = invoke("update", "ASM-1", "--status", "in-progress", "--note", "evidence rejected")
    assert result.stdout.splitlines() == [
        "ASM-1: status: done → in-progress",
        "ASM-1: note: evidence rejected",
    ]
    action = _load(sample)["actions"]["ASM-1"]
    assert action["status"] == "in-progress"
    assert "completed" not in action and "signed_off_by" not in action
    assert invoke("update", "ASM-2", "--status", "in-progress").stdout == (
        "ASM-2: nothing changed (it already says that)\n"
    )


def test_plan_set_and_show(invoke: Invoke, write: Callable[[str], Path]) -> None:
    path = write(MINIMAL)
    result = invoke(
        "plan",
        "set",
        "--organisation",
        "Example Council",
        "--inspectorate",
        "Ofsted",
        "--framework",
        "ILACS",
        "--inspected",
        "2026-06-12",
        "--received",
        "20/11/2026",
        "--start",
        "+0d",
        "--require-sign-off",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "plan.organisation: (none) → Example Council"
    plan = _load(path)["plan"]
    assert plan["received"].isoformat() == "2026-11-20" and plan["require_sign_off"] is True
    shown = json.loads(invoke("plan", "show", "--json").stdout)
    assert shown["action_plan"]["due"] == "2027-03-03"
    assert "Written action plan due  2027-03-03 (worked out)" in invoke("plan", "show").stdout
    assert invoke("plan", "set", "--organisation", "").stdout.startswith(
        "plan.organisation: Example Council → (none)"
    )
    assert invoke("plan", "set", "--start", "+0d").stdout == "nothing changed\n"


def test_plan_set_refuses_what_breaks_the_rules(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    path = write(MINIMAL.replace("next_inspection = 2028-06-30", "inspected = 2026-06-12"))
    before = path.read_bytes()
    _fails_cleanly(invoke("plan", "set", "--next-inspection", "2026-01-01"), "is not after")
    _fails_cleanly(invoke("plan", "set", "--title", ""), "--title cannot be empty")
    _fails_cleanly(invoke("plan", "set", "--start", "soon"), "--start")
    assert path.read_bytes() == before


def test_status_for_one_owner_shows_only_their_areas(invoke: Invoke, sample: Path) -> None:
    data = json.loads(invoke("status", "--owner", "participation", "--json").stdout)
    assert [area["key"] for area in data["areas"]] == ["understanding"]
    assert all("Participation" in a["owner"] for a in data["actions"])


def test_piped_output_has_no_trailing_spaces(invoke: Invoke, sample: Path) -> None:
    for command in (["status"], ["list"], ["show", "ASM-4"], ["log"], ["area", "list"]):
        output = invoke(*command).stdout
        assert output and not any(line.endswith(" ") for line in output.splitlines()), command


def test_figures_are_never_cut_and_joined_scripts_survive(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    actions = "".join(
        f'\n[actions.ASM-{n}]\narea = "assessments"\ntitle = "t"\nowner = "o"\n'
        f'due = 2027-06-01\nstatus = "{"done" if n <= 1500 else "in-progress"}"\n'
        for n in range(1, 10001)
    )
    write(MINIMAL.replace('title = "Assessments"', 'title = "می‌خواهم 👨‍👩‍👧"') + actions)
    screen = invoke("status").stdout
    assert "1500/10000" in screen
    assert "می‌خواهم 👨‍👩‍👧" in screen  # the joiners are part of the text, not controls


def test_init_follows_register_option_and_refuses_a_folder(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("-r", "plan.toml", "init", "--title", "P").exit_code == 0
    assert Path("plan.toml").is_file() and not Path("improvetrack.toml").exists()
    monkeypatch.setenv("IMPROVETRACK_REGISTER", "env.toml")
    assert invoke("init", "--title", "E").exit_code == 0 and Path("env.toml").is_file()
    folder = tmp_path / "folder"
    folder.mkdir()
    _fails_cleanly(invoke("init", str(folder), "--force"), "is a folder")
    assert list(tmp_path.glob(".folder*")) == []


def test_help_works_with_a_bad_today(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPROVETRACK_TODAY", "garbage")
    assert invoke("status", "--help").exit_code == 0
    _fails_cleanly(invoke("where"), "no register found")  # where needs no date
    _fails_cleanly(invoke("-r", str(SAMPLE), "status"), "IMPROVETRACK_TODAY")


def test_markdown_escapes_register_text_at_the_start_of_a_line(
    invoke: Invoke, write: Callable[[str], Path]
) -> None:
    write(MINIMAL.replace('title = "Test plan"', 'title = "Test plan"\norganisation = "# Pwned"'))
    text = invoke("report", "-f", "markdown").stdout
    assert "\n\\# Pwned\n" in text and "\n# Pwned" not in text


def test_update_can_clear_a_due_date(invoke: Invoke, sample: Path) -> None:
    assert invoke("update", "ASM-2", "--due", "").stdout == "ASM-2: due: 2027-01-31 → (none)\n"
    assert "due" not in _load(sample)["actions"]["ASM-2"]
