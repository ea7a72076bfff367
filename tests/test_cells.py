"""The pieces screens are drawn from: `Hanging` lays rows out as Rich's grid would."""

from __future__ import annotations

import re
from io import StringIO

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from improvetrack.render.cells import Hanging

# Words of every kind a register holds: short, long, unbroken (a URL), wide (CJK, emoji).
words = st.one_of(
    st.sampled_from(["due", "2026-11-13", "·", "Service", "Manager,", "—", "ICB"]),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30),
    st.text(st.sampled_from("児童福祉計画📋é"), min_size=1, max_size=6),
)
texts = st.lists(words, min_size=1, max_size=25).map(" ".join)
styles = st.sampled_from(["", "bold", "dim", "bold red"])


def body(title: str, detail: str, style: str) -> Text:
    return Text.assemble(title, "\n", (detail, style))


rows = st.lists(
    st.tuples(
        st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=16),
        texts,
        texts,
        styles,
    ),
    min_size=1,
    max_size=5,
)


def drawn(renderable: RenderableType, width: int, colour: bool) -> str:
    buffer = StringIO()
    Console(
        file=buffer,
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        emoji=False,
    ).print(renderable)
    # Spaces at the end of a line, before or inside its closing escape codes, show as nothing.
    lines = buffer.getvalue().split("\n")
    return "\n".join(_END.sub(lambda end: end[0].replace(" ", ""), line) for line in lines)


_END = re.compile(r"(?: |\x1b\[[0-9;]*m)+$")  # a line's last spaces and escape codes


def grid(made: list[tuple[Text, Text]], gap: int) -> Table:
    table = Table.grid(padding=(0, gap))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for label, said in made:
        table.add_row(label, said)
    return table


@given(rows, st.integers(3, 160), st.sampled_from([1, 2]), st.booleans())
def test_hanging_rows_are_laid_out_as_a_grid_would_lay_them(
    given_rows: list[tuple[str, str, str, str]], width: int, gap: int, colour: bool
) -> None:
    made = [
        (Text(f"  {label}", style="bold"), body(title, detail, style))
        for label, title, detail, style in given_rows
    ]
    assert drawn(Hanging(made, gap), width, colour) == drawn(grid(made, gap), width, colour)


def test_a_long_title_wraps_under_itself_beside_its_label() -> None:
    made = [(Text("  ASM-4 (1.4)"), Text("Record the child's own words in every summary"))]
    assert drawn(Hanging(made), 40, colour=False).splitlines() == [
        "  ASM-4 (1.4) Record the child's own",
        "              words in every summary",
    ]


def test_no_rows_draw_nothing() -> None:
    assert drawn(Hanging([]), 80, colour=False) == ""
