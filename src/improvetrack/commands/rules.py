"""`improvetrack rules`: the inspection rules the tool knows, with their sources."""

import typer

from improvetrack.commands.common import Family, JsonOption, run_of
from improvetrack.render import rules as listing

app = Family()


@app.command(
    "rules",
    epilog="""
    improvetrack rules
    improvetrack rules --json
    """,
)
def rules(ctx: typer.Context, json: JsonOption = False) -> None:
    """List the inspection rules and their sources.

    Each rule sets a deadline the tool counts, a window for the next inspection, or says
    the date is set by the notice (plan.action_plan_due). A plan matches a rule when its
    inspectorate, framework and judgement (any case) are among the rule's names.
    """

    run = run_of(ctx)
    if json:
        run.output.json(listing.rules_data())
    else:
        run.output.line("\n".join(listing.rules_lines(run.output.width)))
