"""The PowerPoint deck: lays out the outline on 16:9 slides (python-pptx)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from boardtool import resources
from boardtool.export import fonts
from boardtool.export.deck_case import CaseSlides
from boardtool.export.deck_media import MediaSlides
from boardtool.export.deck_parts import (
    ALIGN,
    GREY,
    NAVY,
    PANEL,
    PT_PER_EMU,
    Area,
    add_filled,
    add_run,
    emus,
    emu,
    fit_title,
    panel_spans,
    paragraph_properties,
    qn,
    role_colour,
)
from boardtool.export.deck_template import fresh_properties, keep_design_only
from boardtool.export.deck_timeline import TimelineSlides
from boardtool.export.flow import SMALLEST, Para, paginate, paras_for
from boardtool.export.pictures import PictureWork
from boardtool.export.pptx_private import SlideMaker, remove_shape, speed_up, text_body
from boardtool.export.text import Run, clean, shorten
from boardtool.model.errors import ExportError
from boardtool.model.terms import DECK_MODES
from boardtool.outline_blocks import CaseOutline, MeetingOutline, Pictures, Section, Timeline
from boardtool.outline_glance import compact_sections

DEFAULT_TEMPLATE = "boardtool-16x9.pptx"
TITLE_LAYOUTS = ("Title Slide", "Title", "Title Only")
CONTENT_LAYOUTS = ("Title Only", "Title and Content", "Title, Content")
FLOW_SIZES = (28.0, 24.0)  # the larger where a slide's text fits at it, else 24 continued
FOOTER_BAND = 36.0  # the footer's height at the foot of every slide
COLUMN_GAP = 32.0
LABEL_LIMIT = 160  # characters of a running label (the footer); the full text is on the slides
TITLE_LIMIT = 600  # characters measured for a slide title; a longer one is cut and shown in full in the body


@dataclass
class DeckOptions:
    """How the deck is made: template, font, sizes, logo, and full or compact."""

    template: Path | None = None
    logo: bytes | None = None
    font: str = "Calibri"
    body_size: float = 24.0
    footer_size: float = 18.0
    mode: str = "full"  # "compact": overview and discussion only, one or two slides a case


@dataclass
class DeckReport:
    """What happened while writing the deck."""

    slides: int = 0
    left_out: list[str] = field(default_factory=list)


def open_template(path: Path | None):
    """Return the template's design alone (masters, layouts, theme, slide size), checked."""
    path = path or resources.decks_dir() / DEFAULT_TEMPLATE
    try:
        prs = Presentation(str(path))
        keep_design_only(prs)
        size = (prs.slide_width, prs.slide_height)
    except Exception as exc:  # python-pptx raises several kinds for a bad file
        raise ExportError(f"cannot open the deck template ({exc})", file=str(path)) from exc
    if not all(size):
        raise ExportError("the deck template has no slide size", file=str(path))
    speed_up(prs.part.package)
    return prs


def placed(shape) -> bool:
    """Return True when a placeholder has a position and size (its own or its layout's)."""
    try:
        return all(value for value in (shape.width, shape.height)) and None not in (shape.left, shape.top)
    except (AttributeError, KeyError, ValueError):
        return False


def _has_title(layout) -> bool:
    return any(ph.placeholder_format.type in (1, 3) and placed(ph) for ph in layout.placeholders)


def choose_layout(prs, names: tuple[str, ...], file: str):
    """Return the first layout with one of ``names``, else any layout with a title placeholder."""
    layouts = list(prs.slide_layouts)
    for name in names:
        for layout in layouts:
            if layout.name.strip().lower() == name.lower() and _has_title(layout):
                return layout
    for layout in layouts:
        if _has_title(layout):
            return layout
    raise ExportError(
        "the deck template has no layout with a placed title placeholder "
        f"(looked for {', '.join(names)})", file=file,
    )


class DeckWriter(CaseSlides, TimelineSlides, MediaSlides):
    """Builds one deck from an outline."""

    def __init__(self, outline: MeetingOutline, options: DeckOptions, pictures: PictureWork | None = None):
        if options.mode not in DECK_MODES:
            raise ExportError(f"the deck must be full or compact, not '{options.mode}'", field="deck")
        self.outline, self.options = outline, options
        self.report = DeckReport()
        self.pictures = pictures or PictureWork()
        self.logo = options.logo
        self.prs = open_template(options.template)
        self.slides = SlideMaker(self.prs)
        self._title_boxes: dict[int, tuple[int, int, int, int]] = {}
        name = str(options.template or DEFAULT_TEMPLATE)
        self.title_layout = choose_layout(self.prs, TITLE_LAYOUTS, name)
        self.content_layout = choose_layout(self.prs, CONTENT_LAYOUTS, name)
        self.width = self.prs.slide_width * PT_PER_EMU
        self.height = self.prs.slide_height * PT_PER_EMU
        self.title_area = self._title_placeholder_area()
        self.body = self._body_area()
        self.drafts: set[int] = set()  # indexes of the slides marked DRAFT

    # -- geometry ------------------------------------------------------

    def _title_placeholder_area(self) -> Area:
        ph = next(p for p in self.content_layout.placeholders if p.placeholder_format.type in (1, 3) and placed(p))
        return Area(ph.left * PT_PER_EMU, ph.top * PT_PER_EMU, ph.width * PT_PER_EMU, ph.height * PT_PER_EMU)

    def _body_area(self) -> Area:
        title = self.title_area
        top = title.top + title.height + 16
        bottom = self.height - FOOTER_BAND - 10  # the footer band stays free
        return Area(title.left, top, title.width, bottom - top)

    # -- building --------------------------------------------------------

    def sections(self, case: CaseOutline) -> tuple[Section, ...]:
        """Return the sections of a case this deck shows."""
        return compact_sections(case) if self.options.mode == "compact" else case.sections

    def want_pictures(self) -> None:
        """Tell the picture work every key image this deck places, at its placed size, in order."""
        for case in self.outline.cases:
            for block in (b for section in self.sections(case) for b in section.blocks):
                if isinstance(block, Pictures):
                    self.want_block(block)

    def build(self) -> bytes:
        """Return the finished deck as bytes."""
        self._meeting_title()
        self._agenda()
        for case in self.outline.cases:
            for section in self.sections(case):
                first = len(self.prs.slides)
                if section.part == "case":
                    self._case_title(case, section)
                else:
                    self._section(case, section)
                if section.draft:
                    self.drafts.update(range(first, len(self.prs.slides)))
        if self.outline.draft:
            self.drafts.update(range(len(self.prs.slides)))
        self._footers()
        self._properties()
        self.report.slides = len(self.prs.slides)
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()

    def _new_slide(self, title: str, layout=None, badge: str = "", notes: tuple[str, ...] = ()):
        layout = layout or self.content_layout
        slide, title_shape = self.slides.new_slide(layout)
        room = self._badge(slide, badge) if badge else 0.0
        self._set_title(title_shape, layout, title, room)
        if notes:
            self.slides.add_notes(slide, clean("\n\n".join(notes)))
        return slide

    def _title_box(self, layout) -> tuple[int, int, int, int]:
        """Return the left, top, width and height (EMU) of a layout's title, worked out once."""
        if id(layout) not in self._title_boxes:
            ph = next(p for p in layout.placeholders if p.placeholder_format.type in (1, 3))
            self._title_boxes[id(layout)] = (ph.left, ph.top, ph.width, ph.height)
        return self._title_boxes[id(layout)]

    def _set_title(self, shape, layout, title: str, room: float = 0.0) -> None:
        if shape is None:
            return
        left, top, width, height = self._title_box(layout)
        if room:  # leave the title's right end to the patient badge
            width -= emu(room)
            shape.left, shape.top, shape.width, shape.height = left, top, width, height
        width, height = width * PT_PER_EMU, height * PT_PER_EMU
        base = 40.0 if layout is self.title_layout else 28.0
        size, text = fit_title(shorten(clean(title), TITLE_LIMIT), width, height, base)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.text = text
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size, run.font.name, run.font.bold = Pt(size), self.options.font, True
                run.font.color.rgb = NAVY

    def _meeting_title(self) -> None:
        o = self.outline
        slide = self._new_slide(o.title, self.title_layout)
        lines = [
            " · ".join(x for x in (o.date, o.time, o.location) if x),
            f"Chair: {o.chair}" if o.chair else "",
            o.institution,
            f"{o.disease} · {o.marking}",
        ]
        lines = [clean(line) for line in lines if line]
        subtitle = next((p for p in slide.placeholders if p.placeholder_format.type == 4 and placed(p)), None)
        area = self.body
        if subtitle is not None:  # from the subtitle's top down to the footer band
            top = subtitle.top * PT_PER_EMU
            area = Area(subtitle.left * PT_PER_EMU, top, subtitle.width * PT_PER_EMU,
                        self.height - FOOTER_BAND - 10 - top)
            remove_shape(slide, subtitle)
        for size in (self.options.body_size, 20.0, SMALLEST):  # never leave a line out
            paras = [Para((Run(line),), size, "lead", space_before=6) for line in lines]
            if len(paginate(paras, area.width, area.height)) == 1:
                break
        self._fill(self._textbox(slide, area), paras, width=area.width, color=GREY)
        if self.logo:
            self._logo(slide, Area(self.width - 190, 40, 150, 80))

    def _agenda(self) -> None:
        paras = []
        for item in self.outline.agenda:
            runs = [Run(f"{item.number}.  ", True), Run(clean(item.heading), True)]
            if item.presenter:
                runs.append(Run(" — " + clean(item.presenter)))
            if item.slot:
                runs.append(Run(f"  ({item.slot})"))
            if item.deferred:
                runs.append(Run("  · DEFERRED", True))
            paras.append(Para(tuple(runs), self.options.body_size, space_before=10))
        self._flow_slides("Agenda", paras)

    def _section(self, case: CaseOutline, section: Section) -> None:
        badge = self.case_badge(case)
        text_blocks = []
        for block in section.blocks:
            if isinstance(block, Timeline):
                self._timeline(section.title, block, badge, section.notes)
            elif isinstance(block, Pictures):
                self._pictures(section.title, block, badge, section.notes)
            else:
                text_blocks.append(block)
        if text_blocks:
            self._flow_slides(section.title, lambda size: [p for b in text_blocks for p in paras_for(b, size)],
                              badge=badge, notes=section.notes)

    def _flow_slides(self, title: str, make, badge: str = "", notes: tuple[str, ...] = (),
                     continued: bool = False) -> None:
        """Place paragraphs on as few slides as possible: the largest size that fits one
        slide, else the body size continued on "(cont.)" slides. ``make`` is a list of
        paragraphs, or a function of the font size that returns them."""
        full_title = clean(title)
        width = self.title_area.width - (self.badge_area(clean(badge))[0].width + 16 if badge else 0.0)
        cut = fit_title(shorten(full_title, TITLE_LIMIT), width, self.title_area.height, 28.0)[1] != full_title

        def paras_at(size: float) -> list[Para]:
            head = [Para((Run(full_title, True),), size, "emphasis", space_before=0)] if cut else []
            return head + (make(size) if callable(make) else list(make))

        sizes = FLOW_SIZES if callable(make) else (self.options.body_size,)
        for size in sizes:
            pages = paginate(paras_at(size), self.body.width, self.body.height)
            if len(pages) == 1:
                break
        else:
            columns = paginate(paras_at(self.options.body_size), self.column_width, self.body.height)
            if len(columns) == 2 and not continued:  # two columns keep it on one slide
                self._two_columns(title, columns, badge, notes)
                return
            pages = paginate(paras_at(self.options.body_size), self.body.width, self.body.height)
        for index, page in enumerate(pages):
            heading = title if index == 0 and not continued else f"{title} (cont.)"
            slide = self._new_slide(heading, badge=badge, notes=notes if index == 0 else ())
            self.fill_page(slide, page, self.body)

    def _two_columns(self, title: str, columns: list[list[Para]], badge: str, notes: tuple[str, ...]) -> None:
        slide = self._new_slide(title, badge=badge, notes=notes)
        for index, column in enumerate(columns):
            left = self.body.left + index * (self.column_width + COLUMN_GAP)
            self.fill_page(slide, column, Area(left, self.body.top, self.column_width, self.body.height))

    @property
    def column_width(self) -> float:
        """Return the width of one of two text columns."""
        return (self.body.width - COLUMN_GAP) / 2

    # -- text ------------------------------------------------------------

    def _textbox(self, slide, area: Area):
        return self.slides.stamp(slide, "text box", emus(area), _new_textbox)

    def fill_page(self, slide, page: list[Para], area: Area, color: RGBColor | None = None) -> None:
        """Place one page of paragraphs in ``area``, with tinted panels behind panel paragraphs."""
        for span in panel_spans(page, area):
            self.slides.stamp(slide, "panel", emus(span),
                              lambda s, *box: add_filled(s, MSO_SHAPE.ROUNDED_RECTANGLE, PANEL, *box, rounding=0.06))
        self._fill(self._textbox(slide, area), page, width=area.width, color=color)

    def _fill(self, box, paras: list[Para], width: float, align=PP_ALIGN.LEFT, color: RGBColor | None = None) -> None:
        """Write the paragraphs into a text box (as DrawingML directly: python-pptx's
        per-property setters dominate export time on a week's board)."""
        body = text_body(box)
        for old in body.findall(qn("a:p")):
            body.remove(old)
        algn = ALIGN.get(align, "l")
        for index, para in enumerate(paras):
            p = etree.SubElement(body, qn("a:p"))
            paragraph_properties(p, para, algn, para.space_before if index else 0.0)
            colour = str(color or role_colour(para.role))
            for piece in para.runs:
                add_run(p, piece.text, para.size, piece.bold, colour, self.options.font)

    def _properties(self) -> None:
        """Set the document properties: meeting, never patient, data; nothing left from the template."""
        o = self.outline
        fresh_properties(self.prs, clean(" – ".join(x for x in (o.title, o.date) if x))[:250],
                         clean(f"Tumour board deck – {o.disease} – {o.marking}")[:250], o.marking)

    # -- footers ---------------------------------------------------------

    def _footers(self) -> None:
        """Write the footer band of every slide: marking, institution and date as far as
        they fit on one line at the footer size (never smaller), and the slide number."""
        o = self.outline
        total = len(self.prs.slides)
        size = self.options.footer_size
        top = self.height - FOOTER_BAND
        for number, slide in enumerate(self.prs.slides, start=1):
            left = self.body.left
            if self.logo:
                self._logo(slide, Area(left, top + 4, 60, FOOTER_BAND - 8))
                left += 70
            count = f"{number} / {total}"
            count_w = fonts.text_width(count, size) + 4
            right = self.body.left + self.body.width
            room = right - count_w - 24 - left
            if number - 1 in self.drafts:
                room -= self.draft_stamp(slide, right - count_w - 16, top + 4, FOOTER_BAND - 8) + 16
            pieces = [clean(x) for x in (o.marking, o.institution, o.date) if x]
            while len(pieces) > 1 and fonts.text_width(" · ".join(pieces), size) > room:
                pieces.pop()
            self._footer_text(slide, " · ".join(pieces), Area(left, top, room, FOOTER_BAND), size, PP_ALIGN.LEFT)
            self._footer_text(slide, count, Area(right - count_w, top, count_w, FOOTER_BAND), size, PP_ALIGN.RIGHT)

    def _footer_text(self, slide, text: str, area: Area, size: float, align) -> None:
        if not text:
            return
        text = shorten(text, LABEL_LIMIT)
        box = self._textbox(slide, area)
        box.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        box.text_frame.word_wrap = False
        self._fill(box, [Para((Run(text),), size, space_before=0)], width=area.width, align=align, color=GREY)


def _new_textbox(slide, *box: int):
    """Add a text box: wrapping, not auto-fitted, no margins, text from the top."""
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = None
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.TOP
    return shape


def write_deck(outline: MeetingOutline, options: DeckOptions, pictures: PictureWork | None = None,
               ) -> tuple[bytes, DeckReport]:
    """Return the deck's bytes and a report of what was left out."""
    writer = DeckWriter(outline, options, pictures)
    return writer.build(), writer.report
