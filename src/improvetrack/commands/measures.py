"""`improvetrack measure …`: impact measures, what should change in people's lives."""

from typing import Annotated

import typer

from improvetrack.commands.common import AreaFilter, JsonOption, completer, group_of, run_of
from improvetrack.figures.progress import measure_impact
from improvetrack.model import measures
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


TargetBy = Annotated[
    str | None,
    typer.Option(
        "--target-by", help="When the target is due (default: the next inspection).", metavar="DATE"
    ),
]
BaselineOn = Annotated[
    str | None,
    typer.Option(
        "--baseline-on",
        help="When the baseline held (default: the first reading, else the plan's start).",
        metavar="DATE",
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
    target_by: TargetBy = None,
    baseline_on: BaselineOn = None,
) -> None:
    """Add an impact measure to an area."""

    run = run_of(ctx)
    start = measures.parse_number(baseline, "--baseline") if baseline else None
    goal = measures.parse_number(target, "--target") if target else None
    dates = {"baseline_on": run.date(baseline_on, "--baseline-on")}
    dates["target_by"] = run.date(target_by, "--target-by")

    def add(register: Register, _: object) -> str:
        figures = {"unit": unit, "baseline": start, "target": goal, "direction": direction}
        measures.add_measure(register, area, name, **figures, **dates)  # type: ignore[arg-type]
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

    run = run_of(ctx)
    number, day = measures.parse_number(value), run.date(on, "--on") or run.as_of
    measure = run.change(
        lambda register, _: measures.record_measure(register, area, name, number, day, run.as_of)
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


@group.command(
    "update",
    epilog="""
    improvetrack measure add education "PEPs rated good" --unit % --target 85
    improvetrack measure update education "PEPs rated good" --target-by 2027-03-31
    """,
)
def measure_update(
    ctx: typer.Context,
    area: MeasureArea,
    name: MeasureName,
    target_by: TargetBy = None,
    baseline_on: BaselineOn = None,
    target: Annotated[
        str | None, typer.Option("--target", help="The value to reach.", metavar="N")
    ] = None,
) -> None:
    """Change a measure's target, or its target and baseline dates."""

    run = run_of(ctx)
    goal = measures.parse_number(target, "--target") if target else None
    by, since = run.date(target_by, "--target-by"), run.date(baseline_on, "--baseline-on")
    measure = run.change(
        lambda register, _: measures.update_measure(
            register, area, name, target=goal, baseline_on=since, target_by=by
        )
    )
    run.output.line(f"Updated measure {safe(measure.name)!r}")


@group.command(
    "show",
    epilog="""
    improvetrack measure add education "PEPs rated good" --unit % --target 85
    improvetrack measure show education "PEPs rated good"
    """,
)
def measure_show(
    ctx: typer.Context, area: MeasureArea, name: MeasureName, json: JsonOption = False
) -> None:
    """Show one measure over time: its readings and a chart."""
    run = run_of(ctx)
    register = run.load()
    key, wanted = register.area(area).key, register.area(area).measure(name).name
    found = run.status(register, area=key)
    item = next(m for a in found.areas for m in a.measures if m.measure.name == wanted)
    run.output.result("measure", item, json=json)
