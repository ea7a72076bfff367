"""The pieces every terminal screen is drawn from: styled cells, lines of figures in fixed
columns, labels with text that wraps beside them, and a screen laid out as text for a pipe.

Nothing here imports Rich's `Table`, and neither does the status screen, which is drawn
from these pieces alone: measuring a table's every cell was a tenth of a run of `status`.
Every cell is a `Text` built from `safe(...)`, never a markup string, so `[bold]` or an
escape sequence in a register stays as literal characters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from improvetrack.figures.impact import Trajectory
from improvetrack.figures.progress import Impact, Rag, Totals
from improvetrack.model.text import safe
from improvetrack.render.words import TRAJECTORY_WORDS, percent

RAG_STYLES = {
    Rag.BLUE: "bold blue",
    Rag.GREEN: "bold green",
    Rag.AMBER: "bold yellow",
    Rag.RED: "bold red",
}
BAR_WIDTH = 10
WIDE = 110  # from this width on, tables show the lead and owner columns
INDENT = "  "


def text(value: object, style: str = "") -> Text:
    return Text(safe(value), style=style)


def rag_text(rag: Rag | None) -> Text:
    return Text(rag.word, style=RAG_STYLES[rag]) if rag else Text("—", style="dim")


def day(value: date | None) -> Text:
    return Text(value.isoformat()) if value else Text("—", style="dim")


def bar(progress: float | None, planned: float | None, width: int = BAR_WIDTH) -> Text:
    """A progress bar with a marker where the plan should be by now."""
    done = round((progress or 0.0) * width)
    # Nothing due yet means no marker: one at the very start would only hide a done cell.
    mark = min(round(planned * width), width - 1) if planned else None
    behind = (progress or 0.0) < (planned or 0.0)
    cells = Text()
    for index in range(width):
        if index == mark:
            cells.append("┃", style="bold magenta")
        elif index < done:
            cells.append("█", style="red" if behind else "green")
        else:
            cells.append("░", style="dim")
    cells.append(f" {percent(progress):>4}")
    return cells


def count_cell(value: int, style: str) -> Text:
    return Text(str(value), style=style if value else "dim")


# (header, width, justify) of the delivery figures an area or a plan shows.
DELIVERY: list[tuple[str, int, str]] = [
    ("Done", 9, "right"),  # room for 2457/9999
    ("Progress", 15, "left"),
    ("Overdue", 7, "right"),
    ("Blocked", 7, "right"),
    ("Delivery", 8, "left"),
]


def delivery(totals: Totals) -> list[Text]:
    """The cells of `DELIVERY` for some totals."""
    return [
        Text(f"{totals.done}/{totals.live}"),
        bar(totals.progress, totals.planned),
        count_cell(totals.overdue, "bold red"),
        count_cell(totals.blocked, "bold red"),
        rag_text(totals.rag),
    ]


def column_widths(spec: list[tuple[str, int, str]], rows: list[list[Text]]) -> list[int]:
    """Each column's width: its usual one, or wider where a figure needs it (never cut)."""
    return [
        max([width, *(row[column].cell_len for row in rows)])
        for column, (_, width, _) in enumerate(spec)
    ]


def fixed_line(cells: list[Text], spec: list[tuple[str, int, str]], widths: list[int]) -> Text:
    line = Text(INDENT)
    for number, (cell, (_, _, justify), width) in enumerate(zip(cells, spec, widths, strict=True)):
        cell = cell.copy()
        cell.align(justify, width)  # type: ignore[arg-type]
        line.append_text(cell)
        if number < len(spec) - 1:
            line.append(" ")
    return line


def to_text(renderable: RenderableType, *, width: int, colour: bool) -> str:
    """Render to a string, for a file or a pipe: colour only when asked for."""
    from io import StringIO

    buffer = StringIO()
    Console(
        file=buffer,
        width=width,
        highlight=False,
        emoji=False,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
    ).print(renderable)
    return _without_trailing_spaces(buffer.getvalue())


def _without_trailing_spaces(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


IMPACT_STYLES = {
    Impact.ON_TARGET: "bold green",
    Impact.IMPROVING: "cyan",  # moving the right way: not the yellow of AMBER
    Impact.NOT_IMPROVING: "bold red",
    Impact.NO_DATA: "dim",
}
TRAJECTORY_STYLES = {
    Trajectory.MET: "bold green",
    Trajectory.ON_TRACK: "green",
    Trajectory.BEHIND: "bold red",
    Trajectory.NO_DATA: "dim",
}


def impact_text(impact: Impact) -> Text:
    return Text(impact.value, style=IMPACT_STYLES[impact])


def trajectory_text(trajectory: Trajectory) -> Text:
    return Text(TRAJECTORY_WORDS[trajectory], style=TRAJECTORY_STYLES[trajectory])


class Hanging:
    """Rows of a label and text that wraps beside it, under itself: an action's ID, then
    its title and a line of detail.

    Laid out exactly as a two-column `Table.grid(padding=(0, gap))` with the labels'
    column `no_wrap` would be, but for the spaces a table pads each line with (a test holds
    the two equal, from 3 columns wide), without
    measuring every cell of a table: the labels' column is as wide as the widest label,
    and the text has the rest of the line, or less if it is all shorter.
    """

    def __init__(self, rows: Sequence[tuple[Text, Text]], gap: int = 1) -> None:
        self.rows = rows
        self.gap = gap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        if not self.rows:
            return
        room = options.max_width
        label_width = min(max(label.cell_len for label, _ in self.rows) + self.gap, room)
        longest = max(cell_len for _, said in self.rows for cell_len in _line_lengths(said))
        said_width = max(min(longest or 1, room - label_width), 0)  # 0: only labels fit
        blank = " " * label_width
        gap = " " * min(self.gap, label_width)
        for label, said in self.rows:
            labels = label.wrap(
                console, max(label_width - self.gap, 0), justify="left", overflow="ellipsis",
                no_wrap=True,
            )  # fmt: skip
            # Not padded to the column's width, as a table's cell is: on a terminal, the
            # spaces would come along with a copied line.
            lines = said.wrap(console, said_width, justify="default", overflow="ellipsis")
            for number, line in enumerate(lines if said_width else [Text()]):
                drawn = Text()
                if number == 0:
                    drawn.append_text(labels[0])
                    drawn.append(gap)
                else:
                    drawn.append(blank)
                line.rstrip()  # nor with the space a line was wrapped at
                drawn.append_text(line)  # a line's own style becomes a span, as in a table
                yield from drawn.render(console)
                yield Segment.line()


def _line_lengths(said: Text) -> Iterator[int]:
    for line in said.plain.splitlines() or [""]:
        yield cell_len(line)
