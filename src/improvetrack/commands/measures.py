"""`improvetrack measure …`: impact measures, what should change in people's lives."""

from typing import Annotated

import typer

from improvetrack.commands.common import AreaFilter, JsonOption, completer, group_of, run_of
from improvetrack.text import safe

group = group_of(
    "Manage impact measures: what should change in people's lives, not tasks done.",
    no_args_is_help=True,
)

MeasureArea = Annotated[str, typer.Argument(help="Area key.", autocompletion=completer("area"))]
NewMeasureName = Annotated[str, typer.Argument(help="The measure's name (any case).")]
MeasureName = Annotated[
    str,
    typer.Argument(help="The measure's name (any case).", autocompletion=completer("measure")),
]


@group.command("add")
def measure_add(
    ctx: typer.Context,
    area: MeasureArea,
    name: NewMeasureName,
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
    from improvetrack import changes

    run = run_of(ctx)
    start = changes.parse_number(baseline, "--baseline") if baseline else None
    goal = changes.parse_number(target, "--target") if target else None
    run.change(
        lambda register, _: changes.add_measure(
            register, area, name, unit=unit, baseline=start, target=goal, direction=direction
        )
    )
    run.output.line(f"Added measure {safe(name)!r} to {area}")


@group.command("set")
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
    from improvetrack import changes
    from improvetrack.progress import measure_impact

    run = run_of(ctx)
    number, day = changes.parse_number(value), run.date(on, "--on") or run.as_of
    measure = run.change(
        lambda register, _: changes.record_measure(register, area, name, number, day, run.as_of)
    )
    run.output.line(f"{safe(measure.name)}: {number} on {day} ({measure_impact(measure).value})")


@group.command("list")
def measure_list(ctx: typer.Context, area: AreaFilter = None, json: JsonOption = False) -> None:
    """List impact measures with baseline, current value, target and impact."""
    from improvetrack import progress

    run = run_of(ctx)
    found = progress.compute(run.load(), run.as_of, area=area)
    run.output.result("measures", found.areas, json=json)
