"""`improvetrack measure …`: impact measures, what should change in people's lives."""

from typing import Annotated

import typer

from improvetrack.commands.common import AreaFilter, JsonOption, completer, group_of, run_of
from improvetrack.model.register import Register
from improvetrack.model.text import safe

group = group_of(
    "Manage impact measures: the change in people's lives.",
    """
    improvetrack measure list
    improvetrack measure add education "PEPs rated good" --unit % --target 85
    """,
    no_args_is_help=True,
)

MeasureArea = Annotated[
    str,
    typer.Argument(
        metavar="AREA", help="Area key, or the area's title.", autocompletion=completer("area")
    ),
]
NewMeasureName = Annotated[
    str, typer.Argument(metavar="NAME", help="The measure's name (any case).")
]
MeasureName = Annotated[
    str,
    typer.Argument(
        metavar="NAME", help="The measure's name (any case).", autocompletion=completer("measure")
    ),
]


@group.command(
    "add",
    epilog="""
    improvetrack measure add education "PEPs rated good" --unit % --target 85
    improvetrack measure add assessments "Repeat referrals" --direction down
    """,
)
def measure_add(
    ctx: typer.Context,
    area: MeasureArea,
    name: NewMeasureName,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Unit, e.g. %.", metavar="UNIT")
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help="Value when the plan started.", metavar="N"),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="Value to reach by the inspection.", metavar="N"),
    ] = None,
    direction: Annotated[
        str,
        typer.Option("--direction", help="Which way is better: up or down.", metavar="up|down"),
    ] = "up",
) -> None:
    """Add an impact measure to an area."""
    from improvetrack.model import changes

    run = run_of(ctx)
    start = changes.parse_number(baseline, "--baseline") if baseline else None
    goal = changes.parse_number(target, "--target") if target else None

    def add(register: Register, _: object) -> str:
        changes.add_measure(
            register, area, name, unit=unit, baseline=start, target=goal, direction=direction
        )
        return register.area(area).key  # the area's own key: what was typed may be its title

    key = run.change(add)
    run.output.line(f"Added measure {safe(name)!r} to {key}")


@group.command(
    "set",
    epilog="""
    improvetrack measure add education "PEPs rated good" --unit % --target 85
    improvetrack measure set education "PEPs rated good" 63 --on 2026-11-01
    """,
)
def measure_set(
    ctx: typer.Context,
    area: MeasureArea,
    name: MeasureName,
    value: Annotated[str, typer.Argument(metavar="N", help="The new value, e.g. 72.5.")],
    on: Annotated[
        str | None,
        typer.Option("--on", help="Date of the reading (default: the as-of date).", metavar="DATE"),
    ] = None,
) -> None:
    """Record a new value of an impact measure; its history is kept."""
    from improvetrack.figures.progress import measure_impact
    from improvetrack.model import changes

    run = run_of(ctx)
    number, day = changes.parse_number(value), run.date(on, "--on") or run.as_of
    measure = run.change(
        lambda register, _: changes.record_measure(register, area, name, number, day, run.as_of)
    )
    run.output.line(f"{safe(measure.name)}: {number} on {day} ({measure_impact(measure).value})")


@group.command(
    "list",
    epilog="""
    improvetrack measure list
    improvetrack measure list --area education --json
    """,
)
def measure_list(ctx: typer.Context, area: AreaFilter = None, json: JsonOption = False) -> None:
    """List impact measures: baseline, current value, target, impact."""

    run = run_of(ctx)
    found = run.status(run.load(), area=area)
    run.output.result("measures", found.areas, json=json)
