"""The councils' "Outcome Q1 to Q4" view: quarter by quarter of the UK financial year (April
to March, so Q1 is April to June), each action's latest progress update and each impact
measure's latest value, from the plan's start to the as-of date."""

from __future__ import annotations

from datetime import date

from improvetrack.figures.progress import Status
from improvetrack.model.dates import month_end
from improvetrack.model.records import record
from improvetrack.model.register import Number


@record
class Quarter:
    """A quarter of the financial year that starts in April of `year`."""

    number: int  # 1 to 4
    year: int
    first: date
    last: date

    @property
    def label(self) -> str:
        """As councils write it: Q1 2026/27."""
        return f"Q{self.number} {self.year}/{(self.year + 1) % 100:02d}"


def quarter_of(day: date) -> Quarter:
    year = day.year if day.month >= 4 else day.year - 1
    number = (day.month - 4) % 12 // 3 + 1
    month = 4 + 3 * (number - 1)
    first_year = year + (month - 1) // 12
    first_month = (month - 1) % 12 + 1
    first = date(first_year, first_month, 1)
    last_month = first_month + 2
    return Quarter(number, year, first, month_end(first_year, last_month))


def quarters(start: date, end: date) -> list[Quarter]:
    """Every quarter from the one holding `start` to the one holding `end`."""
    found = [quarter_of(min(start, end))]
    while found[-1].last < end:
        found.append(quarter_of(date.fromordinal(found[-1].last.toordinal() + 1)))
    return found


@record
class QuarterRows:
    """The sheet's content: the quarters, then a row per action and per measure."""

    quarters: list[Quarter]
    actions: list[tuple[str, str, str, list[str]]]  # ID, ref, title, an update a quarter
    measures: list[tuple[str, str, list[Number | None]]]  # area, name, a value a quarter


def quarter_rows(status: Status) -> QuarterRows:
    """Each action's latest progress update and each measure's latest value in each
    quarter from the plan's start (else the as-of date) to the as-of date."""
    spans = quarters(status.start or status.as_of, status.as_of)
    actions = []
    for item in status.actions:
        action = item.action
        updates = [
            (entry.written_on, entry.at, index, entry.text)
            for index, entry in enumerate(action.progress_updates)
            if entry.written_on <= status.as_of
        ]
        cells = []
        for span in spans:
            inside = [u for u in updates if span.first <= u[0] <= span.last]
            cells.append(max(inside)[3] if inside else "")
        actions.append((action.id, action.ref or "", action.title, cells))
    measures = []
    for area in status.areas:
        for measured in area.measures:
            readings = sorted(
                (r.on, r.value) for r in measured.measure.history if r.on <= status.as_of
            )
            values: list[Number | None] = []
            for span in spans:
                held = [value for on, value in readings if span.first <= on <= span.last]
                values.append(held[-1] if held else None)
            measures.append((area.area.key, measured.measure.name, values))
    return QuarterRows(spans, actions, measures)
