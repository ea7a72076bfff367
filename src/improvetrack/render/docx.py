"""`report --format docx`: the board paper as a Word document an officer can edit.

The same sections in the same order as the HTML paper. Word's own styles (Title, then
Heading 1 and 2, no level skipped) so that the navigation pane and screen readers find
the structure; every table has a caption and a header row that repeats on each page; a
RAG is a word, coloured too; the charts are PNG pictures with alternative text, their
figures in a table beside them. Everything a person would edit is text in paragraphs and
tables. A4 portrait with 2.54 cm margins, the plan's title in the header and "Page N of
M" in the footer; the document's title and language (en-GB) set.

python-docx (and Pillow, for the pictures) are imported only when a paper is written.
Characters a Word file cannot hold (XML 1.0's: C0 controls, U+FFFE, U+FFFF, lone
surrogates) are removed from every text before it is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from improvetrack import __version__
from improvetrack.figures.history import DateMove
from improvetrack.figures.progress import ActionStatus, AreaStatus, Rag, Totals
from improvetrack.figures.report import Changes, Report, Section
from improvetrack.model.dates import long_date, short_date
from improvetrack.model.text import counted, safe
from improvetrack.render import sections as words
from improvetrack.render.charts import Chart, measure_chart, sentence
from improvetrack.render.charts import shown as shown_as
from improvetrack.render.options import Options
from improvetrack.render.rules import paper_sentences
from improvetrack.render.sections import NOTHING_CHANGED, NOTHING_DUE
from improvetrack.render.words import (
    DELIVERY_WORDS,
    IMPACT_WORDS,
    TRAJECTORY_WORDS,
    Move,
    against_dates,
    area_moves,
    day_words,
    days_phrase,
    delivery_words,
    failure_detail,
    measure_move,
    paper_outlook,
    since_headline,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell

# What XML 1.0 cannot hold: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Dark enough to read as text on white; the word is always there as well.
_COLOURS = {Rag.BLUE: "1B4F9C", Rag.GREEN: "1E7B34", Rag.AMBER: "8A5300", Rag.RED: "B3261E"}
_WIDTH_CM = 21.0 - 2 * 2.54  # the text's width on A4 between the margins
_TABLE_PT = 7.5  # a table's text, so that a row of eight columns reads on A4 portrait
_PADDING_CM = 0.1  # a cell's padding left and right, narrower than the style's 0.19 cm


def clean(value: object) -> str:
    """Register text as a Word file can hold it: what XML cannot hold removed, and what
    would hide (line breaks, controls, direction marks) made visible as for every format."""
    text = "" if value is None else str(value)
    return safe(_NOT_XML.sub("", text))


def render(report: Report, options: Options) -> bytes:
    """The board paper as the bytes of a .docx file."""
    from docx import Document as new_document

    document = new_document()
    paper = _Paper(document, report)
    paper.write()
    out = io.BytesIO()
    document.save(out)
    return _steady(out.getvalue(), report.status.as_of)


def _steady(data: bytes, as_of: date) -> bytes:
    """The same paper gives the same bytes: each part of the file stamped with the as-of
    date, not the clock."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stamped = zipfile.ZipInfo(info.filename, (as_of.year, as_of.month, as_of.day, 0, 0, 0))
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(info.filename))
    return out.getvalue()


class _Paper:
    """One paper being written: the document, the report, and the tables and figures
    numbered so far (for their captions)."""

    def __init__(self, document: Document, report: Report) -> None:
        self.document = document
        self.report = report
        self.tables = 0
        self.figures = 0
        # Found by name once: python-docx looks a name up through every style each time.
        self.styles: dict[str, Any] = {}

    def style(self, name: str) -> Any:
        if name not in self.styles:
            self.styles[name] = self.document.styles[name]
        return self.styles[name]

    # --- the frame -------------------------------------------------------------------

    def write(self) -> None:
        status = self.report.status
        plan = status.plan
        self._page(clean(plan.title))
        self._properties(clean(plan.title), status.as_of)
        self.document.add_paragraph(clean(plan.title), style=self.style("Title"))
        if about := " · ".join(clean(part) for part in plan.about()):
            self.document.add_paragraph(about)
        self.document.add_paragraph(self._when())
        self._summary()
        self._decisions()
        self._areas()
        self._measures()
        self._exceptions()
        if self.report.changes:
            self._since(self.report.changes, self.report.changed)
        self._burnup()
        self._failing()
        self.document.add_paragraph(
            f"Made by improvetrack {__version__} from the plan's register, as of "
            f"{long_date(status.as_of)}."
        )

    def _when(self) -> str:
        status = self.report.status
        inspection = status.inspection
        said = f"Progress report as of {long_date(status.as_of)}. "
        if inspection is None:
            said += "No next inspection date set."
        elif inspection.estimated:
            said += (
                f"Next inspection expected between {long_date(inspection.day)} and "
                f"{day_words(inspection.latest)} (an estimate)."
            )
        else:
            said += f"Next inspection {long_date(inspection.day)}"
            said += f" ({days_phrase(status.days_to_inspection or 0)})."
        for more in paper_sentences(status, clean):
            said += " " + re.sub(r"</?strong>", "", more)
        return said

    def _page(self, title: str) -> None:
        """A4 portrait, 2.54 cm margins, the title in the header, page numbers below."""
        from docx.enum.section import WD_ORIENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.54))
        section.header.paragraphs[0].text = title
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _field(footer, "PAGE")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")
        styles = self.document.styles
        styles["Normal"].font.size = Pt(9.5)
        styles["Title"].font.size = Pt(22)
        # Room above a heading as a committee paper has it, not a book's.
        for name, before in (("Heading 1", 14), ("Heading 2", 8), ("Heading 3", 6)):
            styles[name].paragraph_format.space_before = Pt(before)

    def _properties(self, title: str, as_of: date) -> None:
        """The document's title and language, in its properties and in its styles (the
        language a spelling checker and a screen reader go by)."""
        from datetime import datetime

        from docx.oxml.ns import qn

        core = self.document.core_properties
        core.title = title
        core.language = "en-GB"
        core.author = "improvetrack"
        core.last_modified_by = "improvetrack"
        core.comments = ""
        stamp = datetime(as_of.year, as_of.month, as_of.day)
        core.created = core.modified = stamp
        core.revision = 1
        styles = self.document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        run = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        properties = run.find(qn("w:rPr")) if run is not None else None
        if properties is not None and properties.find(qn("w:lang")) is None:
            properties.append(properties.makeelement(qn("w:lang"), {}))
        for lang in styles.iter(qn("w:lang")):
            lang.set(qn("w:val"), "en-GB")
            lang.set(qn("w:eastAsia"), "en-GB")

    # --- building blocks -------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        self.document.add_paragraph(clean(text), style=self.style(f"Heading {level}"))

    def note(self, text: str) -> None:
        self.document.add_paragraph(clean(text))

    def bullets(self, items: Iterable[tuple[str, str]]) -> None:
        """A list, each item with its lead words in bold."""
        for lead, rest in items:
            paragraph = self.document.add_paragraph(style=self.style("List Bullet"))
            paragraph.add_run(clean(lead)).bold = True
            paragraph.add_run(clean(rest))

    def table(
        self,
        caption: str,
        header: Sequence[str],
        rows: Iterable[Sequence[object]],
        widths: Sequence[float],
        width_cm: float = _WIDTH_CM,
    ) -> None:
        """A table with its caption above it and a header row that repeats on every page.
        A cell is text, a RAG (a coloured word), or a list of (text, bold) runs. WIDTHS are
        shares of WIDTH_CM; a table with narrow columns gives them in cm, adding up to it,
        each column as wide as its longest word and the padding, so that no word breaks."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Cm

        self.tables += 1
        said = self.document.add_paragraph(
            f"Table {self.tables}: {clean(caption)}", style=self.style("Caption")
        )
        said.paragraph_format.keep_with_next = True
        rows = list(rows)
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        scale = width_cm / sum(widths)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width * scale)  # the grid, which LibreOffice lays out by
        # Every cell at once: a row's own list of cells is worked out from the whole table.
        every = table._cells
        for number, row in enumerate([list(header), *rows]):
            cells = every[number * len(header) : (number + 1) * len(header)]
            for column, (cell, value) in enumerate(zip(cells, row, strict=True)):
                cell.width = Cm(widths[column] * scale)
                _fill(cell, value, bold=number == 0)
        _padding(table, _PADDING_CM)
        _repeat_header(table)

    def picture(self, chart: Chart, png: bytes, width_cm: float) -> None:
        """A chart as a picture with its text alternative, then its caption."""
        from docx.shared import Cm

        self.figures += 1
        alt = clean(f"{chart.title}: {chart.sentence}")
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(png), width=Cm(width_cm))
        for properties in run._r.xpath(".//wp:docPr"):
            properties.set("descr", alt)
            properties.set("title", clean(chart.title))
        self.document.add_paragraph(f"Figure {self.figures}: {alt}.", style=self.style("Caption"))

    # --- the sections, as the HTML paper has them -----------------------------------

    def _summary(self) -> None:
        report = self.report
        totals = report.status.totals
        self.heading("Summary", 1)
        paragraph = self.document.add_paragraph("Overall delivery ")
        _rag_run(paragraph, totals.rag)
        paragraph.add_run(". " + clean(words.summary(report)))

    def _decisions(self) -> None:
        self.heading("Decisions for the board", 1)
        if not self._sections("Decisions", self.report.decisions):
            self.note(
                "Nothing for the board to decide: no evidence to accept, blocks to "
                "escalate, revised dates to agree, or RAGs to challenge or to hear."
            )

    def _sections(self, context: str, sections: list[Section]) -> bool:
        """Each section with actions in it; whether there was any."""
        found = False
        for section in sections:
            if not section.items:
                continue
            found = True
            self.heading(f"{words.title(section)} ({len(section.items)})", 2)
            if listed := words.listed_in(section):
                ids = ", ".join(clean(item.action.label) for item in section.items)
                self.note(f"{ids}: listed under {listed} above.")
                continue
            if note := words.note(section):
                self.note(note)
            self._actions(f"{context}: {words.title(section)}", section)
        return found

    def _actions(self, caption: str, section: Section) -> None:
        header = ["ID", "Action", "Owner", "Due", "RAG", "Lead's RAG", words.column(section)]
        rows = [
            [
                item.action.label,
                _titled(item, section.show_update),
                item.action.owner or "—",
                _short(item.action.due),
                item.rag,
                _lead(item),
                _detail(detail),
            ]
            for item, detail in zip(section.items, words.cells(section), strict=True)
        ]
        # In cm: the ID, due date, RAG and lead's RAG hold their longest words ("EDU-12",
        # "20 Nov", "AMBER" in bold, "GREEN,") and the last column its longest header word
        # ("Completed"), the action's title and the owner wrap at spaces in the rest.
        self.table(caption, header, rows, [1.4, 5.0, 2.55, 1.3, 1.45, 1.7, 2.52])

    def _areas(self) -> None:
        report, status = self.report, self.report.status
        self.heading("Areas for improvement", 1)
        header = ["Area", "Done", "Progress", "Due by now", "Overdue", "Blocked", "Delivery",
                  "Impact", "Next due"]  # fmt: skip
        rows: list[list[object]] = []
        if status.themes:
            for theme in status.themes:
                name = f"Theme: {theme.name}" if theme.name else "Not in a theme"
                rows.append([[(name, True)], *_totals(theme.totals, "")])
                rows += [_area_row(item) for item in theme.areas]
        else:
            rows += [_area_row(item) for item in status.areas]
        rows.append([[("All areas", True)], *_totals(status.totals, "—")])
        # In cm: each figure's column holds its header words whole ("Overdue", "Delivery"
        # in bold) and its cells' ("improving", "31 Mar"); the area's name wraps in the rest.
        self.table("Delivery and impact by area", header, rows,
                   [4.35, 1.07, 1.61, 1.33, 1.54, 1.5, 1.52, 1.67, 1.33])  # fmt: skip
        self.note(
            "Delivery: " + "; ".join(f"{rag.word} {meaning}" for rag, meaning in DELIVERY_WORDS)
            + ". Impact, judged on each area's measures (an area shows its most worrying "
            "one): " + "; ".join(f"{impact.value}: {meaning}" for impact, meaning in IMPACT_WORDS)
            + "."
        )  # fmt: skip
        self.heading("Why each area has its RAG", 2)
        as_of = status.as_of
        self.bullets((f"{why.area.area.title}: ", words.because(why, as_of)) for why in report.why)

    def _measures(self) -> None:
        from improvetrack.render.pictures import png

        status = self.report.status
        rows, charts = [], []
        for item in status.areas:
            for measured in item.measures:
                measure, course = measured.measure, measured.course
                better = "higher" if measure.direction == "up" else "lower"
                rows.append(
                    [
                        item.area.title,
                        f"{measure.name} ({better} is better)",
                        *(shown_as(measure, v) for v in (measure.baseline, measure.current,
                                                         measure.target)),
                        shown_as(measure, course.expected if course else None),
                        TRAJECTORY_WORDS[measured.trajectory],
                        measured.impact.value,
                    ]
                )  # fmt: skip
                inspection = status.inspection
                chart = measure_chart(
                    measured, status.as_of, inspection.day if inspection else None
                )
                if chart is not None:
                    charts.append(chart)
        if not rows:
            return
        self.heading("Impact measures", 1)
        self.note(
            f"Separate from delivery: what has changed for {status.subject}, judged against "
            "each measure's baseline and target, and against the straight line between them: "
            "where it should be by now."
        )
        header = ["Area", "Measure", "Baseline", "Current", "Target", "Expected", "Trajectory",
                  "Impact"]  # fmt: skip
        # Widths in cm (they add up to the text's width): each figure's column holds its
        # header word whole in bold at the tables' size in DejaVu Serif, the widest font
        # LibreOffice falls back to for Word's Calibri, with the cells' padding narrowed
        # so that the area and measure keep the room they had and the paper its pages.
        widths = [2.6, 3.88, 1.58, 1.47, 1.26, 1.65, 1.81, 1.67]
        self.table("Impact measures by area", header, rows, widths)
        for chart in charts:
            self.heading(chart.title, 2)
            self.picture(chart, png(chart, 340, 125), 8.5)
            self.table(f"{chart.title}: readings and the expected line", chart.header,
                       chart.rows, [4, 2, 2], width_cm=9.0)  # fmt: skip

    def _exceptions(self) -> None:
        report = self.report
        self.heading("Exceptions", 1)
        found = self._sections("Exceptions", report.exceptions)
        if report.impact_behind:
            found = True
            self.heading(f"Impact behind trajectory ({len(report.impact_behind)})", 2)
            rows = [
                [
                    item.measure.name,
                    item.area.title,
                    sentence(item.measure, item.course) if item.course else "",
                ]
                for item in report.impact_behind
            ]
            self.table("Exceptions: impact behind trajectory", ["Measure", "Area",
                       "What it shows"], rows, [4, 4, 8])  # fmt: skip
        if not found:
            self.note(NOTHING_DUE)

    def _since(self, changes: Changes, changed: list[Section]) -> None:
        title = f"Since {long_date(changes.since)}"
        self.heading(title, 1)
        self.note(since_headline(changes))
        self.table(
            f"{title}: areas then and now",
            ["Area", "Progress then → now", "RAG then → now"],
            ([m.area.area.title, *map(str, area_moves(m))] for m in changes.areas),
            [6, 5, 5],
        )
        if changes.measures:
            self.table(
                f"{title}: measures then and now",
                ["Measure", "Area", "Then → now"],
                (
                    [m.measure.measure.name, m.measure.area.title, str(measure_move(m))]
                    for m in changes.measures
                ),
                [6, 5, 5],
            )
        if not self._sections(title, changed):
            self.note(NOTHING_CHANGED)

    def _burnup(self) -> None:
        from improvetrack.render.pictures import burnup_chart, png

        chart = self.report.timeline
        if chart is None or len(chart.points) < 2:
            return
        drawn = burnup_chart(chart)
        self.heading("Burn-up to the inspection", 1)
        self.picture(drawn, png(drawn, 440, 160), 12.5)
        self.note(
            "Key: " + "; ".join(series.label for series in drawn.series)
            + "; dashed down lines: " + ", ".join(m.label for m in drawn.markers) + "."
        )  # fmt: skip
        self.note(paper_outlook(self.report.status))
        self.table("Burn-up: actions planned and done by date", drawn.header, drawn.rows,
                   [3] + [2] * (len(drawn.header) - 1))  # fmt: skip

    def _failing(self) -> None:
        failures = self.report.failures
        if failures:
            self.heading("Failing checks", 1)
            self.bullets(
                (f"{failure.condition}: ", failure_detail(failure)) for failure in failures
            )


# --- cells ---------------------------------------------------------------------------

Runs = list[tuple[str, bool]]  # (text, bold)


def _fill(cell: _Cell, value: object, *, bold: bool = False) -> None:
    """A cell's text at the tables' size: a RAG as its coloured word, runs as given."""
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    if isinstance(value, Rag) or value is None:
        _rag_run(paragraph, value)
    elif isinstance(value, list):
        for text, strong in value:
            if text == "\n":
                paragraph = cell.add_paragraph()
                continue
            paragraph.add_run(clean(text)).bold = strong or bold
    elif isinstance(value, tuple):  # a RAG and words after it
        rag, words = value
        _rag_run(paragraph, rag)
        if words:
            paragraph.add_run(f", {words}")
    else:
        paragraph.add_run(clean(value)).bold = bold
    for part in cell.paragraphs:
        for run in part.runs:
            run.font.size = Pt(_TABLE_PT)


def _rag_run(paragraph: Any, rag: Rag | None) -> None:
    """A RAG as its word, bold, in its colour (the word says it without the colour)."""
    from docx.shared import RGBColor

    if rag is None:
        paragraph.add_run("—")
        return
    run = paragraph.add_run(rag.word)
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(_COLOURS[rag])


def _field(paragraph: Any, code: str) -> None:
    """A field Word works out as it lays the pages out (PAGE, NUMPAGES)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _padding(table: Table, cm: float) -> None:
    """A table's cells padded by CM left and right, instead of the style's 0.19 cm."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(Cm(cm).twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _repeat_header(table: Table) -> None:
    """The first row repeats at the top of each page the table runs on, and no row is
    split between two pages: an action's row is read whole."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for number, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        whole = OxmlElement("w:cantSplit")
        whole.set(qn("w:val"), "true")
        properties.append(whole)
        if number == 0:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            properties.append(header)


def _titled(item: ActionStatus, update: bool) -> Runs:
    """The action's title, and under it its latest progress update."""
    runs: Runs = [(item.action.title, False)]
    latest = item.action.latest_update
    if update and latest is not None:
        runs += [("\n", False), (f"Latest update, {long_date(latest.written_on)}: ", True),
                 (latest.text, False)]  # fmt: skip
    return runs


def _lead(item: ActionStatus) -> tuple[Rag | None, str]:
    return item.reported, against_dates(item.optimistic, item.pessimistic)


def _short(day: date | None) -> str:
    """A date in a table's column: 27 Nov 2026."""
    return short_date(day) if day else "—"


def _detail(detail: object) -> object:
    if detail is None or detail == "":
        return "—"
    if isinstance(detail, date):
        return _short(detail)
    if isinstance(detail, DateMove):
        return f"{_short(detail.old)} → {_short(detail.new)} (+{counted(detail.days, 'day')})"
    if isinstance(detail, Move):
        return str(detail)
    return detail


def _totals(totals: Totals, impact: str) -> list[object]:
    return [*delivery_words(totals), totals.rag, impact, _short(totals.next_due)]


def _area_row(item: AreaStatus) -> list[object]:
    area = item.area
    name: Runs = [(f"{area.ref} {area.title}" if area.ref else area.title, True)]
    people = [f"lead {area.lead}" if area.lead else "", f"sponsor {area.sponsor}"
              if area.sponsor else ""]  # fmt: skip
    if said := " · ".join(part for part in people if part):
        name += [("\n", False), (said, False)]
    return [name, *_totals(item.totals, item.impact.value)]
