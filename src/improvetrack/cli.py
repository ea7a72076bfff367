"""The command line: parse options, call the core, hand the result to a renderer.

No `from __future__ import annotations` here: Typer evaluates every parameter's annotation
when it builds the commands, and as strings it evaluates them twice per command on every
run, which costs more than evaluating them once when this module is imported.
"""

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from improvetrack import __version__, changes, store
from improvetrack.dates import parse_date, resolve_as_of
from improvetrack.errors import ImprovetrackError, RegisterInvalid, UsageError
from improvetrack.register import Register
from improvetrack.render.safe import safe

# Options of the whole tool that people also type after the command, as in
# `improvetrack status --as-of 2026-11-27`: they are moved in front of it before parsing.
_GLOBAL_OPTIONS = ("--as-of", "--register", "-r")


class _Group(TyperGroup):
    """Reports the core's errors as one line on stderr with exit code 2, no traceback,
    and accepts the global options after the command name as well as before it."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ImprovetrackError as error:
            typer.echo(f"error: {safe(error)}", err=True)
            raise typer.Exit(2) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return list(super().parse_args(ctx, _hoist_global_options(self, ctx, list(args))))


def _hoist_global_options(group: Any, ctx: Any, args: list[str]) -> list[str]:
    """Move --as-of/--register given after the command to before it.

    A token is moved only where it is an option of its own: not after `--`, and not as
    the value of one of the command's options (`update X --note -r` keeps its note).
    """
    index, command = 0, group
    while index < len(args):  # find the (sub)command the arguments are for
        token = args[index]
        if token == "--":
            return args
        if token.startswith("-"):
            index += 2 if token in _GLOBAL_OPTIONS else 1
            continue
        found = command.get_command(ctx, token) if hasattr(command, "get_command") else None
        if found is None:
            break
        command, index = found, index + 1
        if not hasattr(command, "get_command"):
            break
    if command is group:
        return args
    takes_value = {
        name
        for param in command.params
        if getattr(param, "is_flag", True) is False and not getattr(param, "count", False)
        for name in param.opts
    }
    moved: list[str] = []
    rest: list[str] = []
    position = index
    while position < len(args):
        token = args[position]
        if token == "--":
            rest += args[position:]
            break
        if position > index and args[position - 1] in takes_value:
            rest.append(token)  # the value of the command's own option
        elif token in _GLOBAL_OPTIONS and position + 1 < len(args):
            moved += args[position : position + 2]
            position += 1
        elif token.startswith(("--as-of=", "--register=")):
            moved.append(token)
        else:
            rest.append(token)
        position += 1
    return moved + args[:index] + rest


app = typer.Typer(
    cls=_Group,
    help="Track an improvement plan from 'requires improvement' to 'good'.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
area_app = typer.Typer(help="Manage the plan's areas for improvement.", no_args_is_help=True)
app.add_typer(area_app, name="area")
plan_app = typer.Typer(help="Show or change the plan: its inspection and its dates.")
app.add_typer(plan_app, name="plan")
measure_app = typer.Typer(
    help="Manage impact measures: what should change for children, not tasks done.",
    no_args_is_help=True,
)
app.add_typer(measure_app, name="measure")


@dataclass
class Session:
    """What every command needs: where the register is and the as-of date."""

    register: Path | None
    as_of_option: str | None  # read only when a command needs it, so --help always works
    plans: list[Path]  # several registers, or a folder of them, to roll up

    @cached_property
    def _as_of(self) -> tuple[date, bool]:
        return resolve_as_of(self.as_of_option)

    @property
    def as_of(self) -> date:
        return self._as_of[0]

    @property
    def pinned(self) -> bool:
        return self._as_of[1]

    def location(self) -> store.Location:
        if self.plans:
            raise UsageError(
                "--register: this command works on one register; several registers or a "
                "folder work with status and report only"
            )
        return store.locate(self.register)

    def load(self) -> Register:
        return store.read(self.location().path).register

    def date(self, value: str | None, what: str) -> date | None:
        return None if value is None else parse_date(value, self.as_of, what=what)

    @contextmanager
    def edit(
        self, by: str | None, *, dry_run: bool = False
    ) -> Iterator[tuple[Register, changes.Stamp]]:
        stamp = changes.make_stamp(self.as_of, self.pinned, by)
        if dry_run:
            # The same changes and the same validation as a real edit, but nothing written.
            register = self.load()
            yield register, stamp
            store.dumps(register)
            return
        with store.editing(self.location().path, warn=_warn) as loaded:
            yield loaded.register, stamp


def _warn(message: str) -> None:
    typer.echo(f"warning: {safe(message)}", err=True)


def _session(ctx: typer.Context) -> Session:
    session = ctx.find_object(Session)
    assert session is not None, "the app callback always sets the session"
    return session


def _out(renderable: Any) -> None:
    from improvetrack.render.terminal import show

    show(renderable)


def _json(data: Any) -> None:
    from improvetrack.render.data import to_json

    typer.echo(to_json(data), nl=False)


def _completer(kind: str) -> Any:
    """A Typer completion callback offering values of one kind from the register."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from improvetrack.completion import candidates

        registers = ctx.find_root().params.get("register") or [None]
        found = candidates(kind, registers[0], incomplete)
        if "COMP_WORDS" in os.environ:
            # bash inserts a completion as typed: an owner's spaces must arrive escaped.
            return [(value.replace(" ", "\\ "), note) for value, note in found]
        return found

    return complete


def _version(value: bool) -> None:
    if value:
        typer.echo(f"improvetrack {__version__}")
        raise typer.Exit()


RegisterOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--register",
        "-r",
        help="Register file to use (default: see `improvetrack where`). status and report "
        "also take a folder, or the option more than once, to roll several plans up.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Measure as of this date instead of today (or set IMPROVETRACK_TODAY).",
        metavar="DATE",
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", help="Who makes the change (default: $IMPROVETRACK_USER, else your login)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
AreaFilter = Annotated[
    str | None,
    typer.Option("--area", "-a", help="Only this area (key).", autocompletion=_completer("area")),
]
OwnerFilter = Annotated[
    str | None,
    typer.Option(
        "--owner",
        "-o",
        help="Only actions whose owner contains this.",
        autocompletion=_completer("owner"),
    ),
]
IdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", help="Action ID, e.g. ASM-3.", autocompletion=_completer("id")),
]

DueOption = Annotated[
    str | None,
    typer.Option(
        "--due", help="Due date: YYYY-MM-DD, DD/MM/YYYY, +Nd/+Nw or -Nd/-Nw.", metavar="DATE"
    ),
]


@app.callback()
def _root(
    ctx: typer.Context,
    register: RegisterOption = None,
    as_of: AsOfOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track an improvement plan from 'requires improvement' to 'good'.

    The register is found from --register, $IMPROVETRACK_REGISTER, the nearest
    improvetrack.toml upwards, or register.toml in the user data folder.
    """
    paths = register or []
    many = len(paths) > 1 or any(path.is_dir() for path in paths)
    ctx.obj = Session(
        register=paths[0] if paths and not many else None,
        as_of_option=as_of,
        plans=paths if many else [],
    )


@app.command()
def init(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Where to create it (default: --register, $IMPROVETRACK_REGISTER, "
            "else improvetrack.toml here)."
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Start from the sample plan shipped with the tool.")
    ] = False,
    title: Annotated[str | None, typer.Option("--title", help="The plan's title.")] = None,
    next_inspection: Annotated[
        str | None,
        typer.Option("--next-inspection", help="Date of the next inspection.", metavar="DATE"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Create a new register."""
    session = _session(ctx)
    text = changes.new_register_text(
        example=store.example_text() if example else None,
        title=title,
        next_inspection=session.date(next_inspection, "--next-inspection"),
    )
    path = path or session.register or store.register_from_environment() or Path(store.LOCAL_NAME)
    store.create(path, text, force=force)
    # In the current folder the new file is found without --register.
    hint = "" if path == Path(store.LOCAL_NAME) else f"--register {safe(path)} "
    typer.echo(f"Created {safe(path)}. Next: improvetrack {hint}status")


@app.command()
def where(ctx: typer.Context) -> None:
    """Print the path of the register in use; say how it was found on stderr."""
    location = _session(ctx).location()
    typer.echo(str(location.path))
    typer.echo(f"({safe(location.how)})", err=True)


@area_app.command("add")
def area_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Short key: lowercase letters, digits, '-'.")],
    title: Annotated[str, typer.Option("--title", "-t", help="The area's title.")],
    finding: Annotated[
        str | None, typer.Option("--finding", help="What the inspectors found.")
    ] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="Who leads the area.")] = None,
    prefix: Annotated[
        str | None, typer.Option("--prefix", help="Action ID prefix (default: from the key).")
    ] = None,
) -> None:
    """Add an area for improvement."""
    with _session(ctx).edit(None) as (register, _):
        area = changes.add_area(register, key, title, finding=finding, lead=lead, prefix=prefix)
    typer.echo(
        f"Added area {area.key}; its actions will be {area.id_prefix}-1, {area.id_prefix}-2, …"
    )


@area_app.command("list")
def area_list(ctx: typer.Context, json: JsonOption = False) -> None:
    """List the plan's areas."""
    areas = list(_session(ctx).load().areas.values())
    if json:
        from improvetrack.render.data import area_data

        _json([area_data(area) for area in areas])
    else:
        from improvetrack.render.terminal import areas_view

        _out(areas_view(areas))


@app.command()
def add(
    ctx: typer.Context,
    area: Annotated[
        str,
        typer.Argument(
            help="Area key, as `improvetrack area list` shows.", autocompletion=_completer("area")
        ),
    ],
    title: Annotated[str, typer.Argument(help="What will be done.")],
    owner: Annotated[
        str | None,
        typer.Option("--owner", "-o", help="Who owns it.", autocompletion=_completer("owner")),
    ] = None,
    due: DueOption = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="How success will be measured.")
    ] = None,
    by: ByOption = None,
) -> None:
    """Add an action to an area; prints its new ID."""
    session = _session(ctx)
    due_date = session.date(due, "--due")
    with session.edit(by) as (register, stamp):
        action = changes.add_action(
            register, area, title, stamp, owner=owner, due=due_date, measure=measure
        )
    typer.echo(action.id)


@app.command()
def update(
    ctx: typer.Context,
    action_id: IdArgument,
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner", help="New owner ('' for none).", autocompletion=_completer("owner")
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="New due date (as for add), or '' for none.", metavar="DATE"),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="New status, e.g. in-progress.", autocompletion=_completer("status")
        ),
    ] = None,
    measure: Annotated[str | None, typer.Option("--measure", help="New measure.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Add a note to the log.")] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="Add a link or path (repeatable).")
    ] = None,
    by: ByOption = None,
) -> None:
    """Change an action; every change is logged."""
    session = _session(ctx)
    clear_due = due is not None and not due.strip()
    when = None if clear_due else session.date(due, "--due")
    wanted = changes.Update(
        title, owner, when, status, measure, note, tuple(evidence or ()), clear_due
    )
    with session.edit(by) as (register, stamp):
        logged = changes.update_action(register, action_id, wanted, stamp)
        # The register's own spelling of the ID: what was typed may carry control characters.
        shown = register.action(action_id).id
    for entry in logged:
        typer.echo(f"{shown}: {safe(entry.text)}")
    if not logged:
        typer.echo(f"{shown}: nothing changed (it already says that)")


def _move(
    ctx: typer.Context, action_id: str, status: str, by: str | None, reason: str | None
) -> None:
    with _session(ctx).edit(by) as (register, stamp):
        action = changes.set_status(register, action_id, status, stamp, reason=reason)
    typer.echo(f"{action.id} is now {action.status}")


ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept on the action and logged).")]


@app.command()
def start(ctx: typer.Context, action_id: IdArgument, by: ByOption = None) -> None:
    """Mark an action in progress."""
    _move(ctx, action_id, "in-progress", by, None)


@app.command()
def done(
    ctx: typer.Context,
    action_id: IdArgument,
    note: Annotated[str | None, typer.Option("--note", help="A note for the log.")] = None,
    by: ByOption = None,
) -> None:
    """Mark an action done (awaiting sign-off when the plan requires it)."""
    with _session(ctx).edit(by) as (register, stamp):
        action = changes.set_status(register, action_id, "done", stamp)
        if note:
            changes.add_note(action, note, stamp)
    typer.echo(f"{action.id} is now {action.status}")


@app.command()
def block(
    ctx: typer.Context, action_id: IdArgument, reason: ReasonOption, by: ByOption = None
) -> None:
    """Mark an action blocked, saying what blocks it."""
    _move(ctx, action_id, "blocked", by, reason)


@app.command()
def drop(
    ctx: typer.Context, action_id: IdArgument, reason: ReasonOption, by: ByOption = None
) -> None:
    """Drop an action from the plan, saying why; it no longer counts towards progress."""
    _move(ctx, action_id, "dropped", by, reason)


@app.command("sign-off")
def sign_off(
    ctx: typer.Context,
    action_id: IdArgument,
    name: Annotated[str, typer.Option("--by", help="Who accepts the evidence (not the owner).")],
) -> None:
    """Accept the evidence for an action awaiting sign-off; it becomes done."""
    with _session(ctx).edit(None) as (register, stamp):
        action = changes.sign_off(register, action_id, name, stamp)
    typer.echo(f"{action.id} is now done, signed off by {safe(name)}")


@app.command("list")
def list_(
    ctx: typer.Context,
    area: AreaFilter = None,
    owner: OwnerFilter = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", "-s", help="Only this status.", autocompletion=_completer("status")
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue actions.")] = False,
    json: JsonOption = False,
) -> None:
    """List actions, filtered."""
    from improvetrack import progress

    session = _session(ctx)
    wanted = changes.parse_status(status) if status else None
    found = progress.compute(session.load(), session.as_of, area=area, owner=owner)
    items = progress.select(found.actions, status=wanted, overdue=overdue)
    if json:
        from improvetrack.render.data import action_data

        _json([action_data(item) for item in items])
    else:
        from improvetrack.render.terminal import actions_view, console

        _out(actions_view(items, console().width))


@app.command()
def show(ctx: typer.Context, action_id: IdArgument, json: JsonOption = False) -> None:
    """Show one action in full, with its history."""
    from improvetrack import progress

    session = _session(ctx)
    register = session.load()
    item = progress.assess_one(register, action_id, session.as_of)
    if json:
        from improvetrack.render.data import action_data, log_data

        _json(action_data(item) | {"log": log_data(item.action)})
    else:
        from improvetrack.render.terminal import action_view

        _out(action_view(item, register.area(item.action.area)))


@app.command()
def log(
    ctx: typer.Context,
    action_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="Only this action's history.", autocompletion=_completer("id")
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Show the change history, oldest first."""
    register = _session(ctx).load()
    actions = [register.action(action_id)] if action_id else list(register.actions.values())
    if json:
        from improvetrack.render.data import history_data

        _json(history_data(actions))
    else:
        from improvetrack.render.terminal import log_view

        _out(log_view(actions))


@app.command()
def status(
    ctx: typer.Context, area: AreaFilter = None, owner: OwnerFilter = None, json: JsonOption = False
) -> None:
    """Show progress per area against the next inspection."""
    from improvetrack import progress

    session = _session(ctx)
    if session.plans:
        _roll_up(session, "json" if json else "text", None, (), area or owner)
        return
    register = session.load()
    found = progress.compute(register, session.as_of, area=area, owner=owner, every_deadline=json)
    if json:
        from improvetrack.render.data import status_data

        _json(status_data(found))
    else:
        from improvetrack.render.terminal import console, status_view

        _out(status_view(found, console().width))


def _merge_side(path: Path, side: str) -> store.Loaded:
    """Read one side of a merge, naming the side in errors: git's files have made-up names."""
    from improvetrack.merge import empty_register

    if side == "BASE" and path.is_file() and path.stat().st_size == 0:
        # git passes an empty BASE when both branches added the register.
        return store.Loaded(empty_register(), path, "", {})
    try:
        return store.read(path)
    except RegisterInvalid as error:
        raise RegisterInvalid([f"{side}: {problem}" for problem in error.problems]) from None
    except ImprovetrackError as error:
        raise type(error)(f"{side}: {error}") from None


@app.command("merge-driver")
def merge_driver(
    ctx: typer.Context,
    base: Annotated[
        Path, typer.Argument(metavar="BASE", help="The common ancestor's register (git's %O).")
    ],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="Our register (git's %A); the merge goes here.")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their register (git's %B).")],
    by: ByOption = None,
) -> None:
    """Merge two versions of a register for git, renumbering clashing action IDs.

    Writes the merge to OURS and exits 0. When both sides changed something differently,
    lists each conflict on stderr, writes the merge with ours' value for each, and exits 1.
    On an error (a side unreadable or invalid) it exits 2 and leaves OURS untouched.
    """
    from improvetrack.merge import merge

    session = _session(ctx)
    stamp = changes.make_stamp(session.as_of, session.pinned, by)
    base_side, theirs_side = _merge_side(base, "BASE"), _merge_side(theirs, "THEIRS")
    # OURS may be a live register that others write: read it, merge and write it under its
    # lock, as every writer does. Git's OURS is a temporary file: leave no lock file there.
    with store.locked(ours, tidy=True):
        sides = [base_side, _merge_side(ours, "OURS"), theirs_side]
        result = merge(sides[0].register, sides[1].register, sides[2].register, stamp)
        text = store.dumps(result.register)
        if text != sides[1].text:
            if any(store.has_comments(side.text) for side in sides):
                _warn("the register holds TOML comments, which are not kept when it is merged")
            store.write_atomically(ours, text.encode("utf-8"))
    for renumbering in result.renumbered:
        typer.echo(f"renumbered theirs' {renumbering.old} to {renumbering.new}")
    for conflict in result.conflicts:
        typer.echo(f"conflict: {safe(conflict)}", err=True)
    if result.conflicts:
        raise typer.Exit(1)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE.csv", help="The spreadsheet, saved as CSV UTF-8.")
    ],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="HEADER=FIELD",
            help="Read the column HEADER as FIELD, e.g. 'Lead officer=owner' (repeatable). "
            "Fields: id, area, area_title, title, owner, status, due, measure, evidence, "
            "reason, completed, signed_off_by.",
        ),
    ] = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Change actions already in the register to what the sheet says (each "
            "change logged), instead of only saying they are there.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show what would be added and updated; write nothing."),
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Import the valid rows and skip the invalid ones."),
    ] = False,
    by: ByOption = None,
) -> None:
    """Add actions from a spreadsheet saved as CSV; any invalid row stops the import.

    Rows for actions already in the register (by ID, or by title within the area) are not
    added again: importing twice, or importing an export back, adds nothing.
    """
    from improvetrack import spreadsheet
    from improvetrack.render.sheet import import_lines, problem_line, sheet_notes

    session = _session(ctx)
    wanted = spreadsheet.parse_mapping(mapping or ())
    sheet = spreadsheet.read_sheet(file, session.as_of, wanted)
    for line in sheet_notes(sheet):
        typer.echo(line, err=True)
    # With no rows to add, leave the file alone: a rewrite would only reformat it.
    with session.edit(by, dry_run=dry_run or not sheet.rows) as (register, stamp):
        result = spreadsheet.add_rows(
            register,
            sheet,
            stamp,
            skip_invalid=skip_invalid,
            update=update,
            on_problem=lambda problem: typer.echo(problem_line(problem), err=True),
        )
    typer.echo("\n".join(import_lines(result, dry_run=dry_run)))


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="File format: csv.", metavar="FORMAT")
    ] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file (default: stdout).")
    ] = None,
) -> None:
    """Write every action as a spreadsheet row (CSV UTF-8, opens in Excel)."""
    from improvetrack import spreadsheet

    session = _session(ctx)
    path = session.location().path
    register = store.read(path).register
    data = spreadsheet.export(register, session.as_of, fmt)
    if output is None:
        typer.echo(data, nl=False)
        return
    store.write_output(output, data, register=path)
    typer.echo(f"Wrote {len(register.actions)} actions to {safe(output)}")


@app.command("check")
def check_(
    ctx: typer.Context,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when there are warnings, not only errors.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Validate the register and warn about unowned, undated or late actions.

    Quiet when all is well. Exit 2 when the register is invalid (every problem listed),
    1 with --strict when there are warnings, else 0.
    """
    from improvetrack import check

    session = _session(ctx)
    result = check.run(session.location().path, session.as_of)
    from improvetrack.render import checks

    if json:
        _json(checks.result_data(result))
    else:
        checks.print_result(result)
    if result.errors:
        raise typer.Exit(2)
    if result.findings and strict:
        raise typer.Exit(1)


FormatOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", help="text, markdown, json, csv, junit or html.", metavar="FORMAT"
    ),
]


@app.command()
def report(
    ctx: typer.Context,
    format_: FormatOption = "text",
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file (atomically), not stdout.")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 if any holds: overdue, blocked, unowned, undated, behind, late.",
            metavar="CONDITIONS",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Also list what changed since this date.", metavar="DATE"),
    ] = None,
    area: AreaFilter = None,
    owner: OwnerFilter = None,
) -> None:
    """Write a progress and exception report for a board or a CI job."""
    from improvetrack import report as reports
    from improvetrack.render import formats

    session = _session(ctx)
    name = formats.check_format(format_)
    conditions = reports.parse_conditions(fail_on) if fail_on is not None else ()
    if session.plans:
        _roll_up(session, name, output, conditions, area or owner or since)
        return
    path = session.location().path
    built = reports.build(
        store.read(path).register,
        session.as_of,
        since=session.date(since, "--since"),
        fail_on=conditions,
        area=area,
        owner=owner,
    )
    _publish(
        lambda width, colour: formats.render(built, name, width=width, colour=colour),
        output,
        [path],
        built.failures,
    )


def _roll_up(
    session: Session, name: str, output: Path | None, conditions: tuple[str, ...], narrowed: Any
) -> None:
    """status or report on several plans: one row each, totals, and --fail-on across all."""
    from improvetrack.render import formats
    from improvetrack.rollup import compute_rollup

    if narrowed:
        raise UsageError("--area, --owner and --since work on one register, not a roll-up")
    rollup = compute_rollup(session.plans, session.as_of, conditions)
    for path in rollup.skipped:
        _warn(f"{path}: not a register (it has no [plan] table); left out")
    protect = [plan.path for plan in rollup.plans]
    _publish(
        lambda width, colour: formats.render_rollup(rollup, name, width=width, colour=colour),
        output,
        protect,
        rollup.failures,
    )


def _publish(render: Any, output: Path | None, registers: list[Path], failures: list[Any]) -> None:
    """A report to its file (never over a register it came from) or to stdout; then exit 1
    with a one-line summary when a --fail-on condition holds."""
    if output is not None:
        store.write_output(output, render(80, False).encode("utf-8"), register=registers)
    else:
        from improvetrack.render.terminal import console

        screen = console()
        typer.echo(render(screen.width, screen.is_terminal and not screen.no_color), nl=False)
    if failures:
        typer.echo(f"failing on: {'; '.join(str(f) for f in failures)}", err=True)
        raise typer.Exit(1)


def _plan_date(help_text: str) -> Any:
    return typer.Option(help=help_text, metavar="DATE")


@plan_app.command("set")
def plan_set(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option(help="The plan's title.")] = None,
    organisation: Annotated[str | None, typer.Option(help="Who the plan belongs to.")] = None,
    inspectorate: Annotated[str | None, typer.Option(help="e.g. Ofsted, CQC.")] = None,
    framework: Annotated[str | None, typer.Option(help="e.g. ILACS.")] = None,
    judgement: Annotated[str | None, typer.Option(help="The overall judgement.")] = None,
    inspected: Annotated[str | None, _plan_date("When the inspection was.")] = None,
    received: Annotated[str | None, _plan_date("When the final report was received.")] = None,
    published: Annotated[str | None, _plan_date("When the report was published.")] = None,
    start: Annotated[str | None, _plan_date("When the plan started.")] = None,
    next_inspection: Annotated[
        str | None, _plan_date("The date everything is measured against.")
    ] = None,
    action_plan_due: Annotated[
        str | None, _plan_date("Overrides the computed action-plan deadline.")
    ] = None,
    require_sign_off: Annotated[
        bool | None,
        typer.Option(
            "--require-sign-off/--no-require-sign-off",
            help="Whether done actions wait for sign-off.",
        ),
    ] = None,
) -> None:
    """Change the plan's details; '' clears a text field."""
    session = _session(ctx)
    texts = {"title": title, "organisation": organisation, "inspectorate": inspectorate}
    texts |= {"framework": framework, "judgement": judgement}
    given = {"inspected": inspected, "received": received, "published": published}
    given |= {"start": start, "next_inspection": next_inspection}
    given |= {"action_plan_due": action_plan_due}
    dates = {
        name: session.date(value, f"--{name.replace('_', '-')}") for name, value in given.items()
    }
    with session.edit(None) as (register, _):
        changed = changes.update_plan(
            register, {**texts, **dates, "require_sign_off": require_sign_off}
        )
    typer.echo("\n".join(f"plan.{safe(line)}" for line in changed) or "nothing changed")


@plan_app.command("show")
def plan_show(ctx: typer.Context, json: JsonOption = False) -> None:
    """Show the plan's details and the dates measured from them."""
    from improvetrack import progress

    session = _session(ctx)
    found = progress.compute(session.load(), session.as_of, every_deadline=True)
    if json:
        from improvetrack.render.data import status_data

        _json(status_data(found)["plan"])
    else:
        from improvetrack.render.terminal import plan_view

        _out(plan_view(found))


MeasureArea = Annotated[str, typer.Argument(help="Area key.", autocompletion=_completer("area"))]
MeasureName = Annotated[str, typer.Argument(help="The measure's name (any case).")]


@measure_app.command("add")
def measure_add(
    ctx: typer.Context,
    area: MeasureArea,
    name: MeasureName,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit, e.g. %.")] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Value when the plan started.")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="Value to reach by the inspection.")
    ] = None,
    direction: Annotated[
        str, typer.Option("--direction", help="Which way is better: up or down.")
    ] = "up",
) -> None:
    """Add an impact measure to an area."""
    start = changes.parse_number(baseline, "--baseline") if baseline else None
    goal = changes.parse_number(target, "--target") if target else None
    with _session(ctx).edit(None) as (register, _):
        changes.add_measure(
            register, area, name, unit=unit, baseline=start, target=goal, direction=direction
        )
    typer.echo(f"Added measure {safe(name)!r} to {area}")


@measure_app.command("set")
def measure_set(
    ctx: typer.Context,
    area: MeasureArea,
    name: MeasureName,
    value: Annotated[str, typer.Argument(help="The new value, e.g. 72.5.")],
    on: Annotated[
        str | None,
        typer.Option("--on", help="Date of the reading (default: the as-of date).", metavar="DATE"),
    ] = None,
) -> None:
    """Record a new value of an impact measure; its history is kept."""
    session = _session(ctx)
    number, day = changes.parse_number(value), session.date(on, "--on") or session.as_of
    with session.edit(None) as (register, _):
        measure = changes.record_measure(register, area, name, number, day, session.as_of)
    from improvetrack.progress import measure_impact

    typer.echo(f"{safe(measure.name)}: {number} on {day} ({measure_impact(measure).value})")


@measure_app.command("list")
def measure_list(ctx: typer.Context, area: AreaFilter = None, json: JsonOption = False) -> None:
    """List impact measures with baseline, current value, target and impact."""
    register = _session(ctx).load()
    areas = [register.area(area)] if area else list(register.areas.values())
    if json:
        from improvetrack.render.data import measure_data

        _json({a.key: [measure_data(m) for m in a.measures] for a in areas})
    else:
        from improvetrack.render.terminal import measures_view

        _out(measures_view(areas))


@app.command()
def timeline(ctx: typer.Context, area: AreaFilter = None, json: JsonOption = False) -> None:
    """Show completed against planned actions, month by month, up to the next inspection."""
    from improvetrack import progress

    session = _session(ctx)
    chart = progress.timeline(session.load(), session.as_of, area=area)
    if json:
        from improvetrack.render.data import burnup_data

        _json(burnup_data(chart))
    else:
        from improvetrack.render.terminal import console, timeline_view

        _out(timeline_view(chart, console().width))


@app.command("config")
def config_(ctx: typer.Context, json: JsonOption = False) -> None:
    """Show the effective settings and where each came from.

    Flags beat environment variables, which beat the config file, which beats defaults.
    """
    from improvetrack import config

    session = _session(ctx)
    source = "--as-of or $IMPROVETRACK_TODAY" if session.pinned else "today"
    settings = config.effective(session.register, session.as_of.isoformat(), source)
    if json:
        _json({item.name: {"value": item.value, "source": item.source} for item in settings})
    else:
        from improvetrack.render.terminal import settings_view

        _out(settings_view(settings))


def main() -> None:
    # One run is short and makes next to no reference cycles, but a large register is
    # millions of objects that the cycle collector would otherwise walk again and again
    # while they are built: about a tenth of the time of `status` on 10,000 actions.
    gc.disable()
    app(prog_name="improvetrack")
