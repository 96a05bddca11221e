"""The PDF summary: lays out the outline as a printable, bookmarked document (ReportLab)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    Image,
    LayoutError,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from boardtool.export import fonts, images, palette
from boardtool.export.geometry import Area, fit_inside
from boardtool.export.marks import draw_marks
from boardtool.export.pictures import PictureWork
from boardtool.export.summary_record import DRAFT_RED, RecordPages, draw_draft_mark, mark_page_end
from boardtool.export.text import chunks, clean, pdf_markup, shorten
from boardtool.model.errors import ExportError
from boardtool.outline_blocks import (
    Actions,
    Block,
    Bullets,
    CaseOutline,
    Facts,
    MeetingOutline,
    Pictures,
    Section,
    Text,
    Timeline,
)

PAPERS = {"a4": A4, "letter": LETTER}
NAVY, TEAL, GREY, RULE, PANEL = (colors.HexColor("#" + c) for c in (
    palette.NAVY, palette.TEAL, palette.GREY, palette.RULE, palette.PAGE_PANEL))
MARGIN = 18 * mm
LABEL_LIMIT = 200  # characters of a running header or a bookmark; the full text is in the body
CELL_LIMIT = 2000  # characters kept in a table cell; the rest follows the table
THUMB_BOX = Area(0, 0, 80 * mm, 60 * mm)  # a key image's thumbnail fits inside


@dataclass
class SummaryOptions:
    """How the summary is made."""

    paper: str = "a4"
    meeting_pages: bool = True  # the cover with the agenda, and the minutes at the end
    per_case: bool = False  # one case's file: the meeting's facts, the case, its record and sign-off
    generated: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))


@dataclass
class SummaryReport:
    """What happened while writing the summary."""

    pages: int = 0
    left_out: list[str] = field(default_factory=list)


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.FAMILY, fontSize=9.5, leading=13, textColor=colors.black,
                          bulletFontName=fonts.FAMILY)
    bold = f"{fonts.FAMILY}-Bold"
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=20, leading=25, textColor=NAVY, spaceAfter=4),
        "h1": ParagraphStyle("h1", base, fontName=bold, fontSize=15, leading=19, textColor=NAVY, spaceBefore=6, spaceAfter=2),
        "h2": ParagraphStyle("h2", base, fontName=bold, fontSize=11.5, leading=15, textColor=TEAL,
                             spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "label": ParagraphStyle("label", base, fontName=bold, fontSize=8, leading=11, textColor=GREY, spaceBefore=5, keepWithNext=1),
        "lead": ParagraphStyle("lead", base, fontSize=10.5, leading=14, textColor=GREY, spaceAfter=4),
        "recommend": ParagraphStyle("recommend", base, fontName=bold, fontSize=10, leading=14, textColor=NAVY),
        "cell": ParagraphStyle("cell", base, fontSize=8.8, leading=11.5),
        "cellhead": ParagraphStyle("cellhead", base, fontName=bold, fontSize=8.5, leading=11, textColor=colors.white),
        "bullet": ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2, spaceBefore=1),
        "question": ParagraphStyle("question", base, fontSize=10.5, leading=14.5, textColor=NAVY, backColor=PANEL,
                                   borderColor=TEAL, borderWidth=0.8, borderPadding=6, spaceBefore=8, spaceAfter=8),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9.5, textColor=GREY),
        "caption": ParagraphStyle("caption", base, fontSize=8, leading=10.5, textColor=GREY),
        "draft": ParagraphStyle("draft", base, fontName=bold, textColor=DRAFT_RED, spaceBefore=6),
    }


class Heading(Paragraph):
    """A heading that also becomes a PDF bookmark; a very long one may continue on the next page."""

    bookmark, level, key = "", 0, ""

    def __init__(self, text: str, style: ParagraphStyle, bookmark: str = "", level: int = 0, key: str = "", **kwargs):
        super().__init__(text if text is None or "frags" in kwargs else pdf_markup(text), style, **kwargs)
        self.bookmark, self.level, self.key = shorten(clean(bookmark), LABEL_LIMIT), level, key

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for index, part in enumerate(parts):  # the bookmark goes with the first part only
            part.bookmark, part.level, part.key = (self.bookmark, self.level, self.key) if index == 0 else ("", 0, "")
        return parts


class Thumbnail(Image):
    """A key-image thumbnail that lets go of its decoded pixels once drawn: ReportLab
    keeps them for every image until the document is finished."""

    marks: tuple = ()  # annotations drawn over the picture

    def drawOn(self, canvas, x, y, _sW=0):
        super().drawOn(canvas, x, y, _sW)
        if self.marks:
            draw_marks(canvas, self.marks, x, y, self.drawWidth, self.drawHeight)
        reader = getattr(self, "_img", None)
        if reader is not None and getattr(reader, "_data", None) is not None:
            reader._data = None
            reader._image = None


class _Document(BaseDocTemplate):
    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, Heading) and flowable.bookmark:
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.bookmark, flowable.key, level=flowable.level, closed=False)


def _numbered_canvas(marking: str, generated: str, drafts: set[int]):
    class NumberedCanvas(Canvas):
        """Holds pages until the end so each footer can say 'Page X of Y'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.setFont(fonts.FAMILY, 7.5)
            self.setFillColor(GREY)
            self.drawString(MARGIN, 10 * mm, marking)
            self.drawCentredString(width / 2, 10 * mm, f"Page {self._pageNumber} of {total}")
            self.drawRightString(width - MARGIN, 10 * mm, f"Generated {generated}")
            if self._pageNumber in drafts:
                draw_draft_mark(self, width, self._pagesize[1])

    return NumberedCanvas


class SummaryWriter(RecordPages):
    """Builds the PDF summary from an outline."""

    def __init__(self, outline: MeetingOutline, options: SummaryOptions, pictures: PictureWork | None = None):
        self.outline, self.options = outline, options
        self.pictures = pictures or PictureWork()
        self.zone = {"on": False, "all": outline.draft, "pages": set()}  # the pages that show a draft
        self.styles = _styles()
        self.report = SummaryReport()
        self.pagesize = PAPERS[options.paper]
        self.width = self.pagesize[0] - 2 * MARGIN

    def heading(self, text: str, style: str, level: int, key: str) -> Heading | list:
        """Return a bookmarked heading; a very long one continues in plain paragraphs of its style."""
        first, *rest = chunks(text)
        head = Heading(first, self.styles[style], text, level, key)
        return [head, *(Paragraph(pdf_markup(piece), self.styles[style]) for piece in rest)] if rest else head

    @staticmethod
    def after_table(table: Table, rows: list[list]) -> list:
        """Return the table followed by the rest of any of its cells too long to stay in it."""
        cells = _flat([cell for row in rows for cell in row])
        return [table, *(rest for cell in cells for rest in getattr(cell, "rest", ()))]

    def p(self, text: str, style: str = "body", bullet: bool = False, cell: bool = False) -> Paragraph | list[Paragraph]:
        """Return text as a paragraph; long text as several, which lay out in linear time.
        A table cell keeps the beginning of a very long text; the rest follows the table."""
        if (cell or style in ("cell", "caption")) and len(text) > CELL_LIMIT:
            first, *rest = chunks(text, CELL_LIMIT)
            kept = Paragraph(pdf_markup(f"{first} … (continued below)"), self.styles[style])
            kept.rest = _flat([self.p("… " + "".join(rest))])  # placed after the table by after_table
            return kept
        pieces = [Paragraph(pdf_markup(piece), self.styles[style], bulletText="•" if bullet and not index else None)
                  for index, piece in enumerate(chunks(text))]
        return pieces[0] if len(pieces) == 1 else pieces

    def build(self) -> bytes:
        out = io.BytesIO()
        o = self.outline
        doc = _Document(
            out, pagesize=self.pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + 8 * mm, bottomMargin=MARGIN,
            title=shorten(clean(f"{o.title} – {o.date}".strip(" –")), LABEL_LIMIT),
            author=shorten(clean(o.author), LABEL_LIMIT) or "boardtool",
            subject=shorten(clean(f"Tumour board summary – {o.disease} – {o.marking}"), LABEL_LIMIT), creator="boardtool",
        )
        frame = Frame(MARGIN, MARGIN, self.width, self.pagesize[1] - 2 * MARGIN - 8 * mm, id="body")
        doc.addPageTemplates([PageTemplate("page", [frame], onPage=self._header, onPageEnd=mark_page_end(self.zone))])
        generated = self.options.generated.strftime("%Y-%m-%d %H:%M")
        rl_config.useA85 = 0  # binary streams: smaller than ASCII85, and no pure-Python encoding pass
        try:
            doc.build(self._story(), canvasmaker=_numbered_canvas(o.marking, generated, self.zone["pages"]))
        except LayoutError as exc:
            raise ExportError(f"the PDF summary could not be laid out ({str(exc)[:200]})") from exc
        self.report.pages = doc.page
        return out.getvalue()

    def _header(self, canvas, _doc) -> None:
        o = self.outline
        width, height = self.pagesize
        y = height - MARGIN + 2 * mm
        canvas.saveState()
        canvas.setFont(f"{fonts.FAMILY}-Bold", 8.5)
        canvas.setFillColor(NAVY)
        half = (width - 2 * MARGIN) / 2 - 6
        canvas.drawString(MARGIN, y, _fitting(_plain(o.institution), f"{fonts.FAMILY}-Bold", 8.5, half))
        canvas.setFont(fonts.FAMILY, 8.5)
        canvas.setFillColor(GREY)
        canvas.drawRightString(width - MARGIN, y, _fitting(_plain(" · ".join(x for x in (o.title, o.date) if x)),
                                                           fonts.FAMILY, 8.5, half))
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, y - 2.5 * mm, width - MARGIN, y - 2.5 * mm)
        canvas.restoreState()

    # -- story -----------------------------------------------------------

    def _story(self) -> list:
        if self.options.per_case:
            return _flat(self._per_case())
        story = self._meeting() if self.options.meeting_pages else []
        for case in self.outline.cases:
            story += [PageBreak(), *self._case(case)] if story else self._case(case)
        if self.options.meeting_pages:
            story += [PageBreak(), *self.minutes_pages()]
        return _flat(story)

    def _per_case(self) -> list:
        """Return one case's file: the meeting, the case, and its record with the signature lines."""
        o = self.outline
        story = [self.heading(o.title, "title", 0, "meeting"), self._facts_table(self._meeting_facts())]
        for case, record in zip(o.cases, o.minutes.records, strict=True):
            start, end = self.draft_zone(case)
            story += [start, *self._case(case), end, start, *self.case_record(record, "Minutes of this case"), end]
        return story

    def _meeting_facts(self) -> list[tuple[str, str]]:
        o = self.outline
        facts = [("Date", " · ".join(x for x in (o.date, o.time) if x)), ("Location", o.location),
                 ("Chair", o.chair), ("Contact", o.contact), ("Disease", o.disease), ("Marking", o.marking)]
        return [(k, v) for k, v in facts if v]

    def _meeting(self) -> list:
        o = self.outline
        rows = [[self.p(str(a.number), "cell"), self.p(a.heading, "cell"), self.p(a.presenter, "cell"),
                 self.p(a.slot, "cell"), self.p(a.status, "cell")] for a in o.agenda]
        return [
            self.heading(o.title, "title", 0, "meeting"),
            self._facts_table(self._meeting_facts()),
            *([self.p("DRAFT — the board had open problems when this was exported.", "draft")] if o.draft else []),
            Heading("Agenda", self.styles["h2"], "Agenda", 1, "agenda"),
            self._grid(["#", "Case", "Presenter", "Time", "Status"], rows, [8 * mm, 0.3, 0.34, 24 * mm, 22 * mm]),
        ]

    def _case(self, case: CaseOutline) -> list:
        key = f"case-{case.number}"
        start, end = self.draft_zone(case)
        story: list = [start, self.heading(f"Case {case.number} — {case.title}", "h1", 0, key)]
        if case.lead:
            story.append(self.p(case.lead, "lead"))
        for section in case.sections:
            story += self._section(section, f"{key}-{section.id}")
        return [*story, end]

    def _section(self, section: Section, key: str) -> list:
        heading = self.heading(section.title, "h2", 1, key)
        if section.part == "plan":
            return [CondPageBreak(40 * mm), heading, self._panel(section.blocks)]
        flow: list = []
        for block in section.blocks:
            flow += self._block(block)
        return [CondPageBreak(30 * mm), heading, *flow]

    def _block(self, block: Block) -> list:
        if isinstance(block, Facts):
            return ([self.p(block.heading.upper(), "label")] if block.heading else []) + [
                self._facts_table([(f.label, f.value) for f in block.items])]
        if isinstance(block, Text):
            if block.emphasis:
                return [self.p(block.heading.upper(), "label"), self.p(block.body, "question")]
            return [self.p(block.heading.upper(), "label"), self.p(block.body)]
        if isinstance(block, Bullets):
            return [self.p(block.heading.upper(), "label")] + [self.p(item, "bullet", bullet=True) for item in block.items]
        if isinstance(block, Timeline):
            rows = [[self.p(e.when, "cell"), self.p(e.kind.capitalize(), "cell"), self.p(e.title, "cell"),
                     self.p(e.detail, "cell"), self.p(e.response, "cell")] for e in block.events]
            return [self._grid(["Date", "Type", "Event", "Details", "Response"], rows,
                               [32 * mm, 28 * mm, 0.4, 0.6, 28 * mm])]
        if isinstance(block, Pictures):
            return self._thumbnails(block)
        if isinstance(block, Actions):
            rows = [[self.p(r.what, "cell"), self.p(r.who, "cell"), self.p(r.due, "cell")] for r in block.rows]
            return [self.p("ACTIONS", "label"), self._grid(["Action", "Responsible", "Due"], rows, [0.55, 0.45, 26 * mm])]
        raise TypeError(f"unknown block {type(block).__name__}")

    # -- pieces ----------------------------------------------------------

    def _widths(self, spec: list) -> list[float]:
        fixed = sum(w for w in spec if w > 1)
        share = self.width - fixed
        return [w if w > 1 else share * w for w in spec]

    def _facts_table(self, pairs: list[tuple[str, str]]) -> list:
        rows = [[self.p(label, "cell"), self.p(value, "cell")] for label, value in pairs]
        table = Table(rows, colWidths=self._widths([42 * mm, 1.0]), splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (0, -1), f"{fonts.FAMILY}-Bold"),
            ("TEXTCOLOR", (0, 0), (0, -1), GREY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]))
        return self.after_table(table, rows)

    def _grid(self, headers: list[str], rows: list[list], spec: list) -> list:
        head = [Paragraph(pdf_markup(h), self.styles["cellhead"]) for h in headers]
        table = Table([head, *rows], colWidths=self._widths(spec), repeatRows=1, splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PANEL]),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return self.after_table(table, rows)

    def _panel(self, blocks: tuple[Block, ...]) -> Table:
        """Return the consensus plan in a boxed panel that may continue on the next page."""
        rows: list[list] = []
        for block in blocks:
            if isinstance(block, Text):
                rows += [[self.p(block.heading.upper(), "label")], [self.p(block.body, "recommend" if block.emphasis else "body")]]
            elif isinstance(block, Facts):
                rows += [[self.p(block.heading.upper(), "label")]] if block.heading else []
                rows += [[self._labelled(f"<b>{pdf_markup(f.label)}:</b> ", f.value, "")] for f in block.items]
            elif isinstance(block, Actions):
                rows.append([self.p("ACTIONS", "label")])
                rows += [[self._action(r)] for r in block.rows]
            else:
                rows += [[flowable] for flowable in self._block(block)]
        rows = [[flowable] for row in rows for flowable in _flat(row)]  # long text: a row per piece, split cheaply
        table = Table(rows, colWidths=[self.width], splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 1.2, TEAL),
            ("BACKGROUND", (0, 0), (-1, -1), PANEL),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 9),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table

    def _labelled(self, before: str, text: str, after: str, style: str = "body") -> list[Paragraph]:
        """Return markup around user text as paragraphs; long text continues in further ones."""
        pieces = chunks(text)
        marked = [pdf_markup(piece) for piece in pieces]
        marked[0] = before + marked[0]
        marked[-1] = marked[-1] + after
        return [Paragraph(m, self.styles[style], bulletText="•" if style == "bullet" and not i else None)
                for i, m in enumerate(marked)]

    def _action(self, row) -> list[Paragraph]:
        """Return one agreed action as a bullet: what, who in bold, and when it is due."""
        due = f" (by {pdf_markup(row.due)})" if row.due else ""
        if len(row.what) + len(row.who) <= CELL_LIMIT:
            return self._labelled("", row.what, f" — <b>{pdf_markup(row.who)}</b>{due}", "bullet")
        who = [Paragraph(f"<b>{pdf_markup(piece)}</b>", self.styles["body"]) for piece in chunks(row.who)]
        return [*self._labelled("", row.what, " —", "bullet"), *who, *([self.p(due.strip())] if due else [])]

    def want_pictures(self) -> None:
        """Tell the picture work every thumbnail this summary places, at its placed size, in order."""
        for case in self.outline.cases:
            for block in (b for section in case.sections for b in section.blocks if isinstance(b, Pictures)):
                for picture in block.items:
                    try:
                        box = fit_inside(self.pictures.aspect(picture.name, picture.source), THUMB_BOX)
                    except images.ImageRejected:
                        continue  # reported when the thumbnails are laid out
                    self.pictures.want(picture.name, box.width / 72, box.height / 72)

    def _thumbnails(self, block: Pictures) -> list:
        cells = []
        for picture in block.items:
            try:
                box = fit_inside(self.pictures.aspect(picture.name, picture.source), THUMB_BOX)
                prepared = self.pictures.take(picture.name, picture.source, box.width / 72, box.height / 72)
            except images.ImageRejected as exc:
                self.report.left_out.append(images.left_out(picture, exc))
                continue
            caption = " — ".join(x for x in (picture.label, picture.when) if x)
            thumbnail = Thumbnail(io.BytesIO(prepared.data), width=box.width, height=box.height)
            thumbnail.marks = picture.marks
            cells.append([
                thumbnail,
                self.p(caption, "caption"),
                self.p(picture.caption, "caption"),
            ])
        if not cells:
            return []
        rows = [cells[i:i + 2] + [""] * (2 - len(cells[i:i + 2])) for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[self.width / 2] * 2, hAlign="LEFT", splitInRow=1)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "LEFT")]))
        return self.after_table(table, rows)


def _flat(items: list) -> list:
    """Return the flowables with nested lists (long text in pieces) laid out in order."""
    out: list = []
    for item in items:
        out += _flat(item) if isinstance(item, list) else [item]
    return out


def _plain(text: str) -> str:
    """Return text for drawString: characters the main font lacks become their code point."""
    return "".join(c if fonts.covers(fonts.FAMILY, c) else " " if c.isspace() else f"[U+{ord(c):04X}]"
                   for c in shorten(clean(text), LABEL_LIMIT))


def _fitting(text: str, font: str, size: float, width: float) -> str:
    """Return a running label cut with an ellipsis to fit ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while text and stringWidth(text, font, size) > width:
        text = shorten(text, max(1, int(len(text) * 0.9)))
    return text


def write_summary(outline: MeetingOutline, options: SummaryOptions, pictures: PictureWork | None = None,
                  ) -> tuple[bytes, SummaryReport]:
    """Return the PDF's bytes and a report of what was left out."""
    writer = SummaryWriter(outline, options, pictures)
    return writer.build(), writer.report
