"""The report as one self-contained HTML page for an improvement board.

No scripts, no web fonts, nothing fetched: it opens from an email attachment or a shared
drive and prints cleanly. Every piece of register text goes through `_e` (or, in the
print header's CSS, `_css_string`).

Accessible by construction (WCAG 2.2 AA): the page is landmarks (header, main, footer),
each part a `_section` named by its heading, and every table comes from `_table`: a
caption, `scope`d column headers, the row's subject as its row header, a `data-label` on
each cell so narrow screens show the table as labelled blocks, and a focusable, labelled
region around it in case it must still scroll. A new part of the report built from these
two gets all of that without thinking about it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from improvetrack import __version__
from improvetrack.figures.burnup import Burnup
from improvetrack.figures.history import DateMove
from improvetrack.figures.progress import (
    ActionStatus,
    AreaStatus,
    Impact,
    MeasureStatus,
    Rag,
    Totals,
)
from improvetrack.figures.report import Changes, Failure, Report, Section
from improvetrack.files.rollup import Rollup
from improvetrack.model.dates import long_date, short_date
from improvetrack.model.records import record
from improvetrack.model.text import counted, safe
from improvetrack.render import sections as words
from improvetrack.render.charts import measure_chart, sentence
from improvetrack.render.charts import shown as shown_as
from improvetrack.render.options import Options
from improvetrack.render.rules import paper_sentences
from improvetrack.render.sections import NOTHING_CHANGED, NOTHING_DUE, shown
from improvetrack.render.svg import burnup_svg, measure_key, measure_svg, projects
from improvetrack.render.words import (
    DELIVERY_WORDS,
    IMPACT_WORDS,
    MOVES_KEY,
    SYMBOLS,
    TRAJECTORY_WORDS,
    Move,
    against_dates,
    area_moves,
    day_words,
    failure_detail,
    inspection_label,
    measure_move,
    moves_key,
    percent,
    screen_outlook,
    since_headline,
)


def _css() -> str:
    from importlib.resources import files

    return files("improvetrack.render").joinpath("report.css").read_text(encoding="utf-8")


def _e(value: object) -> str:
    """Register text, inert in HTML."""
    return html.escape(safe(value), quote=True)


def _note(text: str) -> str:
    """The report's own words under a heading, with a `command` in them set as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _css_string(value: object) -> str:
    """Text as a CSS string, inert inside <style>: HTML escapes mean nothing there, so
    everything but ASCII letters, digits and spaces is written as a CSS hex escape. Each
    escape ends with the one space CSS swallows after it, so a space that follows stays."""
    return (
        '"'
        + "".join(
            char if (char.isascii() and char.isalnum()) or char == " " else f"\\{ord(char):06x} "
            for char in safe(value)
        )
        + '"'
    )


def _class(css: str) -> str:
    return f' class="{css}"' if css else ""


@record
class Column:
    """A table column: its header, and the class its cells take (num, nowrap…)."""

    label: str
    css: str = ""


@record
class Row:
    """A table row: the header cell that says what the row is about (an area, an action's
    ID), then one cell for each remaining column. Cells are HTML, already escaped."""

    head: str
    cells: Sequence[str]
    css: str = ""


SHORT_TABLE = 4  # rows a table may have and still be kept on one printed page


def _table(
    caption: str, columns: Sequence[Column], rows: Iterable[Row], *, stack: bool = True
) -> str:
    """Any table of the report.

    The caption names the table and the region around it, so it must be unique on the
    page (a section's heading is not: prefix its context). With `stack`, a narrow screen
    shows each row as a block of labelled lines instead of columns.
    """
    label = _e(caption)
    first, *rest = columns
    header = "".join(
        f'<th scope="col"{_class(column.css)}>{_e(column.label)}</th>' for column in columns
    )
    rows = list(rows)
    body = "".join(
        f'<tr{_class(row.css)}><th scope="row"{_class(first.css)}>{row.head}</th>'
        + "".join(
            f'<td{_class(column.css)} data-label="{_e(column.label)}">{cell}</td>'
            for column, cell in zip(rest, row.cells, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    # A short table prints whole, never its header alone at the foot of a page.
    short = " short" if len(rows) <= SHORT_TABLE else ""
    return (
        f'<div class="scroll{short}" role="region" aria-label="{label}" tabindex="0">'
        f"<table{_class('stack' if stack else '')}><caption>{label}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"


def _section(title: str, body: Iterable[str], *, level: int = 2) -> str:
    """A part of the report under its heading. A top-level part is a landmark named by
    its heading, so a screen reader can list and jump to it; its title must be unique."""
    inner = "\n".join(part for part in body if part)
    if level == 2:
        key = _slug(title)
        return (
            f'<section aria-labelledby="{key}"><h2 id="{key}">{_e(title)}</h2>\n{inner}\n</section>'
        )
    return f"<section><h{level}>{_e(title)}</h{level}>\n{inner}\n</section>"


def _keep(*parts: str) -> str:
    """Parts that print together: a table and the key that explains it."""
    return '<div class="keep">' + "".join(parts) + "</div>"


def _rag(value: Rag | None) -> str:
    if value is None:
        return '<span class="rag none">—</span>'
    return f'<span class="rag {value.value}">{value.word}</span>'


def _bar(totals: Totals) -> str:
    """Done against planned. Behind plan shows in the fill's pattern as well as its colour,
    and in the words a screen reader hears."""
    done = round((totals.progress or 0) * 100, 1)
    behind = " behind" if totals.behind else ""
    marker = ""
    if totals.planned:
        planned = round(totals.planned * 100, 1)
        marker = f'<span class="planned" style="left:{planned}%"></span>'
    pace = ""
    if totals.progress is not None and totals.planned is not None:
        pace = ": behind plan" if totals.behind else ": on plan"
    return (
        f'<span class="bar" role="img" aria-label="{percent(totals.progress)} done, '
        f'{percent(totals.planned)} planned by now{pace}">'
        f'<span class="done{behind}" style="width:{done}%"></span>{marker}</span>'
        f'<span class="pct">{percent(totals.progress)}</span>'
    )


def _day(value: date | None) -> str:
    """A date in words that does not break across lines: in full (27 November 2026) in a
    sentence, shortened (27 Nov 2026) in a table's column, with the full date for a
    screen reader and a mouse."""
    if value is None:
        return "—"
    return (
        f'<time datetime="{value.isoformat()}" title="{long_date(value)}" '
        f'class="nowrap">{short_date(value)}</time>'
    )


_AREA_COLUMNS = (
    Column("Area", "area"),
    Column("Done", "num"),
    Column("Progress", "nowrap"),
    Column("Due by now", "num"),
    Column("Overdue", "num"),
    Column("Blocked", "num"),
    Column("Delivery"),
    Column("Impact", "impact-cell"),
    Column("Next due", "nowrap"),
)


def _area_row(item: AreaStatus) -> Row:
    area = item.area
    title = (f'<span class="ref">{_e(area.ref)}</span> ' if area.ref else "") + _e(area.title)
    people = [f"Lead: {_e(area.lead)}" if area.lead else ""]
    people.append(f"Sponsor: {_e(area.sponsor)}" if area.sponsor else "")
    said = " · ".join(part for part in people if part)
    return Row(
        title + (f'<div class="why">{said}</div>' if said else ""),
        [*_delivery_cells(item.totals), _impact(item.impact), _day(item.totals.next_due)],
    )


def _area_rows(report: Report) -> list[Row]:
    """Each area, under its theme's own row when the plan has themes, then the plan."""
    status = report.status
    rows: list[Row] = []
    if status.themes:
        for theme in status.themes:
            name = f"Theme: {_e(theme.name)}" if theme.name else "Not in a theme"
            cells = [*_delivery_cells(theme.totals), "", _day(theme.totals.next_due)]
            rows.append(Row(f"<strong>{name}</strong>", cells, "theme"))
            rows += [_area_row(item) for item in theme.areas]
    else:
        rows += [_area_row(item) for item in status.areas]
    totals = status.totals
    rows.append(Row("All areas", [*_delivery_cells(totals), "", _day(totals.next_due)], "total"))
    return rows


def _why(report: Report) -> str:
    """Each area's RAG and the rule that gave it, in words."""
    items = "".join(
        f"<li><strong>{_e(why.area.area.title)}</strong>: "
        f"{_e(words.because(why, report.status.as_of))}</li>"
        for why in report.why
    )
    return _section("Why each area has its RAG", [f'<ul class="why-rag">{items}</ul>'], level=3)


def _action_table(caption: str, section: Section) -> str:
    """A section's actions: ID and ref, what, who, when, both RAGs, the section's own
    column, and the latest progress update."""
    # Sentences (reasons, updates) may wrap; IDs, dates and RAG words read badly broken.
    columns = (
        Column("ID", "nowrap"),
        Column("Action"),
        Column("Owner"),
        Column("Due"),
        Column("RAG"),
        Column("Lead's RAG"),
        Column(words.column(section)),
    )
    if section.show_update:
        update: Callable[[ActionStatus], str] = _update
    else:
        update = _no_update
    details = words.cells(section)
    rows = (
        Row(
            f"<strong>{_e(item.action.id)}</strong>"
            + (f'<div class="ref">{_e(item.action.ref)}</div>' if item.action.ref else ""),
            [
                _e(item.action.title) + update(item),
                _e(item.action.owner or "—"),
                _day(item.action.due),
                _rag(item.rag),
                _lead(item),
                _value(detail),
            ],
        )
        for item, detail in zip(section.items, details, strict=True)
    )
    said = words.note(section)
    note = f'<p class="note">{_note(said)}</p>' if said else ""
    key = moves_key(details)
    return note + _table(caption, columns, rows) + (f'<p class="note">{key}</p>' if key else "")


def _lead(item: ActionStatus) -> str:
    """The lead's RAG, and how it stands against the dates' one."""
    said = against_dates(item.optimistic, item.pessimistic)
    return _rag(item.reported) + (f" <strong>{said}</strong>" if said else "")


def _value(detail: object) -> str:
    if isinstance(detail, date):
        return _day(detail)
    if isinstance(detail, Move):
        return _move(detail)
    if isinstance(detail, DateMove):  # short dates, as the table's others are
        return (
            f'<span class="moved">{_day(detail.old)} → {_day(detail.new)} '
            f'<span class="nowrap">(+{counted(detail.days, "day")})</span></span>'
        )
    return _e(shown(detail))


def _move(move: Move) -> str:
    """A value then → now with the word for which way it went, and an arrow for the eye
    that a screen reader skips (the word says it)."""
    mark = SYMBOLS.get(move.direction)
    arrow = f'<span class="move {move.direction}" aria-hidden="true">{mark}</span> ' if mark else ""
    values = f'<span class="nowrap">{_e(move.then)} → {_e(move.now)}</span>'
    return f"{arrow}{_e(move.direction)}: {values}"


def _no_update(item: ActionStatus) -> str:
    return ""


def _update(item: ActionStatus) -> str:
    """The latest progress update, under the action's title."""
    latest = item.action.latest_update
    if latest is None:
        return ""
    on = latest.written_on
    said = f'<span class="said">Latest update, {_day(on)}:</span>'
    return f'<div class="update">{said} {_e(latest.text)}</div>'


def _sections(context: str, sections: list[Section]) -> list[str]:
    """Each non-empty list of actions as a titled table; `context` tells tables with the
    same title in different parts of the page apart."""
    return [
        _section(
            f"{words.title(section)} ({len(section.items)})",
            [
                _listed(section)
                if section.listed
                else _action_table(f"{context}: {words.title(section)}", section)
            ],
            level=3,
        )
        for section in sections
        if section.items
    ]


def _listed(section: Section) -> str:
    """A section whose actions the page lists in full already: named, not listed again."""
    ids = ", ".join(_e(item.action.label) for item in section.items)
    return f'<p class="note">{ids}: listed under {_e(words.listed_in(section))} above.</p>'


def _decisions(report: Report) -> list[str]:
    found = _sections("Decisions", report.decisions)
    empty = (
        '<p class="empty">Nothing for the board to decide: no evidence to accept, blocks '
        "to escalate, revised dates to agree, or RAGs to challenge or to hear.</p>"
    )
    return [_section("Decisions for the board", found or [empty])]


def _exceptions(report: Report) -> list[str]:
    found = [*_sections("Exceptions", report.exceptions), *_impact_behind(report)]
    parts = [_section("Exceptions", found or [f'<p class="empty">{NOTHING_DUE}</p>'])]
    if report.changes:
        parts.append(_since(report.changes, report.changed))
    return parts


def _impact_behind(report: Report) -> list[str]:
    """Measures below the line from their baseline to their target."""
    if not report.impact_behind:
        return []
    rows = (
        Row(
            _e(item.measure.name),
            [_e(item.area.title), _e(sentence(item.measure, item.course) if item.course else "")],
        )
        for item in report.impact_behind
    )
    columns = (Column("Measure"), Column("Area"), Column("What it shows"))
    title = f"Impact behind trajectory ({len(report.impact_behind)})"
    return [
        _section(title, [_table("Exceptions: impact behind trajectory", columns, rows)], level=3)
    ]


def _since(changes: Changes, changed: list[Section]) -> str:
    """What changed since --since: the headline, each area and measure then → now, then
    each kind of change to actions."""
    title = f"Since {long_date(changes.since)}"
    areas = _table(
        f"{title}: areas then and now",
        (Column("Area"), Column("Progress then → now"), Column("RAG then → now")),
        (
            Row(_e(move.area.area.title), [_move(said) for said in area_moves(move)])
            for move in changes.areas
        ),
    )
    measures = _table(
        f"{title}: measures then and now",
        (Column("Measure"), Column("Area"), Column("Then → now")),
        (
            Row(
                _e(move.measure.measure.name),
                [_e(move.measure.area.title), _move(measure_move(move))],
            )
            for move in changes.measures
        ),
    )
    body = [
        f'<p class="headline">{_e(since_headline(changes))}</p>',
        areas,
        f'<p class="note">{MOVES_KEY}</p>',
        measures if changes.measures else "",
        f'<p class="note">{MOVES_KEY}</p>' if changes.measures else "",
        *(_sections(title, changed) or [f'<p class="empty">{NOTHING_CHANGED}</p>']),
    ]
    return _section(title, body)


def _key(kind: str, text: str) -> str:
    return f'<span class="item"><span class="key {kind}"></span>{text}</span>'


def _burnup_table(chart: Burnup) -> str:
    """The chart's series as numbers, for whoever cannot see or read the drawing."""
    projected = projects(chart)
    columns = [Column("Date", "nowrap"), Column("Planned", "num"), Column("Done", "num")]
    if projected:
        columns.append(Column("Projected", "num"))
    rows = []
    for point in chart.points:
        cells = [str(point.planned), "—" if point.done is None else str(point.done)]
        if projected:
            cells.append("—" if point.projected is None else f"about {point.projected:.0f}")
        rows.append(Row(str(point.day), cells, "today" if point.day == chart.as_of else ""))
    return (
        "<details><summary>The burn-up as a table</summary>"
        + _table("Burn-up: actions planned and done by date", columns, rows, stack=False)
        + "</details>"
    )


def _timeline_section(report: Report) -> list[str]:
    chart = report.timeline
    if chart is None or len(chart.points) < 2:
        return []
    keys = [
        _key("line planned", "planned: actions due by each date"),
        _key("line done", "done: actions completed by each date"),
    ]
    if projects(chart):
        keys.append(_key("line projected", "projected at the recent rate"))
    # The drawing keeps a size its labels can be read at, and scrolls inside its own
    # region on a screen narrower than that.
    figure = (
        '<figure class="burnup">'
        '<div class="scroll chart-frame" role="region" aria-label="Burn-up chart" tabindex="0">'
        f"{burnup_svg(chart)}</div>"
        f'<figcaption class="legend chart-key">{"".join(keys)}</figcaption></figure>'
        '<p class="why narrow">Scroll the chart sideways to see all of it; '
        "the table below gives its figures.</p>"
    )
    return [
        _section(
            "Burn-up to the inspection",
            [
                figure,
                _burnup_table(chart),
                # The summary says it already; on paper the chart needs the room.
                f'<p class="why screen-only">{_e(screen_outlook(report.status))}</p>',
            ],
        )
    ]


_MEASURE_COLUMNS = (
    Column("Area"),
    Column("Measure"),
    Column("Baseline", "num"),
    Column("Current", "num"),
    Column("Target", "num"),
    Column("Expected", "num"),
    Column("Trajectory", "nowrap"),
    Column("Impact", "nowrap"),
)


def _measures_section(report: Report) -> list[str]:
    rows: list[Row] = []
    figures: list[str] = []
    for item in report.status.areas:
        for measured in item.measures:
            measure = measured.measure
            course = measured.course
            better = "higher" if measure.direction == "up" else "lower"
            rows.append(
                Row(
                    _e(item.area.title),
                    [
                        f'{_e(measure.name)} <span class="why">({better} is better)</span>',
                        *(
                            _e(shown_as(measure, value))
                            for value in (measure.baseline, measure.current, measure.target)
                        ),
                        _e(shown_as(measure, course.expected if course else None)),
                        _trajectory(measured),
                        _impact(measured.impact),
                    ],
                )
            )
            figures.append(_measure_figure(report, measured, len(figures) + 1))
    if not rows:
        return []
    return [
        _section(
            "Impact measures",
            [
                '<p class="why">Separate from delivery: what has changed for '
                f"{_e(report.status.subject)}, judged against each measure's baseline and "
                "target, and against the straight line between them: where it should be by "
                "now.</p>",
                _table("Impact measures by area", _MEASURE_COLUMNS, rows),
                f'<div class="measure-charts">{"".join(figures)}</div>',
            ],
        )
    ]


def _trajectory(item: MeasureStatus) -> str:
    word = TRAJECTORY_WORDS[item.trajectory]
    return f'<span class="trajectory {item.trajectory.value}">{word}</span>'


def _measure_figure(report: Report, item: MeasureStatus, number: int) -> str:
    """One measure as a small line chart, the sentence that says what it shows, and its
    values as a table."""
    inspection = report.status.inspection
    chart = measure_chart(item, report.status.as_of, inspection.day if inspection else None)
    if chart is None:
        return ""
    said = f"{chart.title}: {chart.sentence}"
    keys = "".join(_key(f"line m-{key}", _e(label)) for key, label in measure_key(chart))
    table = _table(
        f"{chart.title}: readings and the expected line ({number})",
        tuple(Column(name, "nowrap" if i == 0 else "num") for i, name in enumerate(chart.header)),
        (Row(_e(row[0]), [_e(cell) for cell in row[1:]]) for row in chart.rows),
    )
    return _section(
        chart.title,
        [
            f'<figure class="measure">{measure_svg(chart, said)}'
            f"<figcaption><p>{_e(chart.sentence)}.</p>"
            f'<p class="legend chart-key">{keys}</p></figcaption></figure>',
            f"<details><summary>The readings as a table</summary>{table}</details>",
        ],
        level=3,
    )


def _impact(impact: Impact) -> str:
    return f'<span class="impact {impact.name.lower()}">{impact.value}</span>'


_DELIVERY = DELIVERY_WORDS
_IMPACT_MEANING = IMPACT_WORDS


# Between a key's items on one line; a narrow screen puts each item on a line of its own.
_SEP = '<span class="sep"> · </span>'


def _bar_key() -> str:
    """What the progress bars and delivery badges mean, for one plan or several."""
    bars = (
        _key("fill on-plan", "done, on plan")
        + _key("fill behind", "done, behind plan (striped)")
        + _key("marker", "where the plan should be by now")
    )
    delivery = _SEP.join(
        f'<span class="item">{_rag(rag)} {meaning}</span>' for rag, meaning in _DELIVERY
    )
    return f'<p class="legend">Progress: {bars}</p><p class="legend">Delivery: {delivery}</p>'


def _impact_key() -> str:
    meanings = _SEP.join(
        f'<span class="item">{_impact(impact)}: {meaning}</span>'
        for impact, meaning in _IMPACT_MEANING
    )
    return (
        f'<p class="legend">Impact, judged on each area\'s measures below (an area shows '
        f"its most worrying one): {meanings}</p>"
    )


def _cards(report: Report) -> str:
    status, totals = report.status, report.status.totals
    days = status.days_to_inspection
    cards = [
        (
            percent(totals.progress),
            f"done ({totals.done} of {counted(totals.live, 'action')})",
            False,
        ),
        (percent(totals.planned), "due by now", False),
        (str(totals.overdue), "overdue", totals.overdue > 0),
        (str(totals.blocked), "blocked", totals.blocked > 0),
        (str(totals.slipped), "slipped past the agreed date", totals.slipped > 0),
        # Work finished and waiting for a lead to agree it: not bad news, so never red.
        (str(totals.awaiting_sign_off), "awaiting sign-off", False),
        ("—" if days is None else str(days), "days to inspection", False),
    ]
    body = "".join(
        f'<div class="card{" alert" if alert else ""}"><span class="n">{number}</span>'
        f'<span class="l">{label}</span></div>'
        for number, label, alert in cards
    )
    return f'<div class="cards">{body}</div>'


def _failing(failures: Sequence[Failure]) -> list[str]:
    if not failures:
        return []
    items = "".join(
        f'<li><span class="fail">{failure.condition}</span>: {_e(failure_detail(failure))}</li>'
        for failure in failures
    )
    return [_section("Failing checks", [f"<ul>{items}</ul>"])]


def _page(title: str, running: tuple[str, str], header: str, main: list[str], footer: str) -> str:
    """The frame every HTML report shares: head, landmarks, and the printed pages'
    running header (what the paper is, and its date; the CSS numbers the pages)."""
    left, right = running
    page_css = (
        f"@page {{ @top-left {{ content: {_css_string(left)}; }} "
        f"@top-right {{ content: {_css_string(right)}; }} }}"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>\n{_css()}{page_css}\n</style></head><body>",
        f"<header>{header}</header>",
        "<main>",
        *main,
        "</main>",
        f"<footer><p>{footer}</p></footer></body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def render(report: Report, options: Options) -> str:
    status = report.status
    plan, totals, inspection = status.plan, status.totals, status.inspection
    about = " · ".join(_e(part) for part in plan.about())
    as_of = long_date(status.as_of)
    if inspection is None:
        when = "No next inspection date set."
    elif inspection.estimated:
        when = (
            f"Next inspection expected between <strong>{long_date(inspection.day)}</strong> "
            f"and <strong>{day_words(inspection.latest)}</strong> (an estimate)."
        )
    else:
        when = f"Next inspection <strong>{long_date(inspection.day)}</strong>."
    when += "".join(f" {sentence}" for sentence in paper_sentences(status, _e))
    header = (
        f"<h1>{_e(plan.title)}</h1>"
        + (f'<p class="meta">{about}</p>' if about else "")
        + f'<p class="meta">Progress report as of <strong>{as_of}</strong>. {when}</p>'
    )
    summary = _section(
        "Summary",
        [
            f'<p class="lead">Overall delivery {_rag(totals.rag)} {_e(words.summary(report))}</p>',
            _cards(report),
        ],
    )
    areas = _section(
        "Areas for improvement",
        [
            _keep(
                _table("Delivery and impact by area", _AREA_COLUMNS, _area_rows(report)),
                _bar_key(),
                _impact_key(),
            ),
            _why(report),
        ],
    )
    return _page(
        f"{_e(plan.title)}: progress report as of {as_of}",
        (plan.title, f"Progress report as of {as_of}"),
        header,
        [
            summary,
            *_decisions(report),
            areas,
            *_measures_section(report),
            *_exceptions(report),
            *_timeline_section(report),
            *_failing(report.failures),
        ],
        f"Made by improvetrack {__version__} from the plan's register, as of {as_of}.",
    )


_PLAN_COLUMNS = (
    Column("Plan", "area"),
    Column("Next inspection", "nowrap"),
    Column("Days", "num"),
    Column("Done", "num"),
    Column("Progress", "nowrap"),
    Column("Planned", "num"),
    Column("Overdue", "num"),
    Column("Blocked", "num"),
    Column("Delivery"),
)


def render_rollup(rollup: Rollup, options: Options) -> str:
    """Several plans on one page: a row each, and totals across them."""
    rows = []
    for plan in rollup.plans:
        status, totals = plan.status, plan.status.totals
        inspection = status.inspection
        organisation = status.plan.organisation
        # Without an organisation, the register's file tells plans apart: shown as a file.
        subtitle = (
            f'<div class="why">{_e(organisation)}</div>'
            if organisation
            else f'<div class="file">{_e(plan.label)}</div>'
        )
        rows.append(
            Row(
                _e(status.plan.title) + subtitle,
                [
                    inspection_label(inspection),
                    str(status.days_to_inspection) if inspection else "—",
                    *_delivery_cells(totals),
                ],
            )
        )
    rows.append(Row("All plans", ["", "", *_delivery_cells(rollup.totals)], "total"))
    title = rollup.title
    table = _section(
        "Plans",
        [_keep(_table("Delivery by plan", _PLAN_COLUMNS, rows), _bar_key())],
    )
    return _page(
        f"{title}: as of {rollup.as_of}",
        (title, f"As of {rollup.as_of}"),
        f'<h1>{title}</h1><p class="meta">As of <strong>{rollup.as_of}</strong>.</p>',
        [table, *_failing(rollup.failures)],
        f"Made by improvetrack {__version__} as of {rollup.as_of}.",
    )


def _delivery_cells(totals: Totals) -> list[str]:
    return [
        f"{totals.done}/{totals.live}",
        _bar(totals),
        percent(totals.planned),
        str(totals.overdue),
        str(totals.blocked),
        _rag(totals.rag),
    ]
