"""`improvetrack plan …`: the plan's details and the dates it is measured by."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from improvetrack.commands.common import JsonOption, Run, group_of, run_of
from improvetrack.figures.rounds import plan_rounds
from improvetrack.model import changes, school
from improvetrack.model.changes import Stamp
from improvetrack.model.register import Register
from improvetrack.model.text import safe

if TYPE_CHECKING:
    from collections.abc import Callable


group = group_of(
    "Show or change the plan: its inspection and its dates.",
    """
    improvetrack plan show
    improvetrack plan set --next-inspection 2028-06-30
    """,
)


def _plan_date(help_text: str) -> Any:
    return typer.Option(help=help_text, metavar="DATE")


def _plan_text(help_text: str, metavar: str = "TEXT") -> Any:
    return typer.Option(help=help_text, metavar=metavar)


@group.command(
    "set",
    epilog="""
    improvetrack plan set --next-inspection 2028-06-30 --board 2027-01-28
    improvetrack plan set --inspected 2026-06-12 --received 20/07/2026
    improvetrack plan set --school-holiday 2027-07-22..2027-09-01
    improvetrack plan set --stale-after 30
    """,
)
def plan_set(
    ctx: typer.Context,
    title: Annotated[str | None, _plan_text("The plan's title.")] = None,
    organisation: Annotated[str | None, _plan_text("Who the plan belongs to.", "NAME")] = None,
    inspectorate: Annotated[str | None, _plan_text("e.g. Ofsted, CQC.", "NAME")] = None,
    framework: Annotated[str | None, _plan_text("e.g. ILACS.", "NAME")] = None,
    judgement: Annotated[str | None, _plan_text("The overall judgement.")] = None,
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
    board: Annotated[
        list[str] | None,
        typer.Option(
            "--board", help="Add an improvement board meeting (repeatable).", metavar="DATE"
        ),
    ] = None,
    subject: Annotated[
        str | None,
        _plan_text("Whose lives the plan is to change, e.g. children, residents."),
    ] = None,
    require_sign_off: Annotated[
        bool | None,
        typer.Option(
            "--require-sign-off/--no-require-sign-off",
            help="Whether done actions wait for sign-off.",
        ),
    ] = None,
    school_holiday: Annotated[
        list[str] | None,
        typer.Option(
            "--school-holiday",
            help="Add a school holiday, both days included (repeatable); one over 7 days "
            "does not count towards a school's statement of action deadline.",
            metavar="START..END",
        ),
    ] = None,
    no_school_holidays: Annotated[
        bool,
        typer.Option(
            "--no-school-holidays", help="Take out every school holiday (before any added)."
        ),
    ] = False,
    stale_after: Annotated[
        int | None,
        typer.Option(
            "--stale-after",
            help="Days with no update (or return) after which an open action is stale "
            "(default 35).",
            metavar="DAYS",
            min=1,
            max=3660,
        ),
    ] = None,
) -> None:
    """Change the plan's details; '' clears a text field.

    Dates take the forms of --due in `improvetrack add` (2028-06-30, 30/06/2028, +6w…).
    """
    run = run_of(ctx)
    texts = {"title": title, "organisation": organisation, "inspectorate": inspectorate}
    texts |= {"framework": framework, "judgement": judgement, "subject": subject}
    given = {"inspected": inspected, "received": received, "published": published}
    given |= {"start": start, "next_inspection": next_inspection}
    given["action_plan_due"] = action_plan_due
    dates = {name: run.date(value, f"--{name.replace('_', '-')}") for name, value in given.items()}
    wanted = {**texts, **dates, "require_sign_off": require_sign_off, "stale_after": stale_after}
    holidays = (school_holiday or [], no_school_holidays)
    changed = run.change(_plan_change(run, wanted, board or [], *holidays))
    run.output.line("\n".join(f"plan.{safe(line)}" for line in changed) or "nothing changed")


def _plan_change(
    run: Run, wanted: dict[str, Any], boards: list[str], holidays: list[str], clear: bool
) -> "Callable[[Register, Stamp], list[str]]":
    """The change `plan set` makes, every date it was given read first: the plan's fields,
    board meetings added, and school holidays (all taken out first with `clear`)."""

    meetings = tuple(day for value in boards if (day := run.date(value, "--board")))
    breaks = [school.parse(value, run.date) for value in holidays]

    def change(register: "Register", stamp: "Stamp") -> list[str]:
        changed = changes.update_plan(register, wanted, stamp, boards=meetings)
        return changed + changes.change_school_holidays(register.plan, stamp, breaks, clear=clear)

    return change


@group.command(
    "show",
    epilog="""
    improvetrack plan show
    improvetrack plan show --json
    """,
)
def plan_show(ctx: typer.Context, json: JsonOption = False) -> None:
    """Show the plan's details and the dates measured from them."""

    run = run_of(ctx)
    status = run.status(run.load(), every_deadline=True)
    run.output.result("plan", plan_rounds(status), json=json)
