"""The PowerPoint deck: lays out the outline on 16:9 slides (python-pptx)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from boardtool import resources
from boardtool.export.deck_media import MediaSlides
from boardtool.export.deck_parts import (
    ALIGN,
    GREY,
    NAVY,
    PT_PER_EMU,
    TEAL,
    Area,
    add_run,
    emu,
    fit_title,
    paragraph_properties,
    role_colour,
)
from boardtool.export.flow import Para, paginate, paras_for
from boardtool.export.deck_template import fresh_properties, keep_design_only
from boardtool.export.pptx_speed import speed_up
from boardtool.export.text import Run, clean, one_line, shorten, wrap
from boardtool.model.errors import ExportError
from boardtool.outline_blocks import CaseOutline, MeetingOutline, Pictures, Section, Timeline

DEFAULT_TEMPLATE = "boardtool-16x9.pptx"
TITLE_LAYOUTS = ("Title Slide", "Title", "Title Only")
CONTENT_LAYOUTS = ("Title Only", "Title and Content", "Title, Content")
FLOW_SIZES = (22.0, 20.0, 18.0, 16.0)
LABEL_LIMIT = 160  # characters of a running label (kicker, footer); the full text is on the slides
TITLE_LIMIT = 600  # characters measured for a slide title; a longer one is cut and shown in full in the body


@dataclass
class DeckOptions:
    """How the deck is made: template, font, sizes and logo."""

    template: Path | None = None
    logo: bytes | None = None
    font: str = "Calibri"
    body_size: float = 18.0
    footer_size: float = 9.0


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


class DeckWriter(MediaSlides):
    """Builds one deck from an outline."""

    def __init__(self, outline: MeetingOutline, options: DeckOptions):
        self.outline, self.options = outline, options
        self.report = DeckReport()
        self.prs = open_template(options.template)
        name = str(options.template or DEFAULT_TEMPLATE)
        self.title_layout = choose_layout(self.prs, TITLE_LAYOUTS, name)
        self.content_layout = choose_layout(self.prs, CONTENT_LAYOUTS, name)
        self.width = self.prs.slide_width * PT_PER_EMU
        self.height = self.prs.slide_height * PT_PER_EMU
        self.body = self._body_area()

    # -- geometry ------------------------------------------------------

    def _title_placeholder_area(self) -> Area:
        ph = next(p for p in self.content_layout.placeholders if p.placeholder_format.type in (1, 3) and placed(p))
        return Area(ph.left * PT_PER_EMU, ph.top * PT_PER_EMU, ph.width * PT_PER_EMU, ph.height * PT_PER_EMU)

    def _body_area(self) -> Area:
        title = self._title_placeholder_area()
        top = title.top + title.height + 18
        bottom = self.height - 40  # leave the footer band free
        return Area(title.left, top, title.width, bottom - top)

    # -- building --------------------------------------------------------

    def build(self) -> bytes:
        """Return the finished deck as bytes."""
        self._meeting_title()
        self._agenda()
        for case in self.outline.cases:
            for section in case.sections:
                self._section(case, section)
        self._footers()
        self._properties()
        self.report.slides = len(self.prs.slides)
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()

    def _new_slide(self, title: str, layout=None, kicker: str = "", notes: tuple[str, ...] = ()):
        slide = self.prs.slides.add_slide(layout or self.content_layout)
        self._set_title(slide, title)
        if kicker:
            self._kicker(slide, kicker)
        if notes:
            slide.notes_slide.notes_text_frame.text = clean("\n\n".join(notes))
        return slide

    def _set_title(self, slide, title: str) -> None:
        shape = slide.shapes.title
        if shape is None:
            return
        width, height = shape.width * PT_PER_EMU, shape.height * PT_PER_EMU
        base = 40.0 if slide.slide_layout is self.title_layout else 28.0
        size, text = fit_title(shorten(clean(title), TITLE_LIMIT), width, height, base)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.text = text
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size, run.font.name, run.font.bold = Pt(size), self.options.font, True
                run.font.color.rgb = NAVY

    def _kicker(self, slide, text: str) -> None:
        width = min(self.body.width * 0.5, 360.0)
        box = self._textbox(slide, Area(self.body.left + self.body.width - width, self.body.top - 26, width, 18))
        self._fill(box, [Para((Run(one_line(shorten(clean(text), LABEL_LIMIT), width, 11.0), True),), 11.0, "lead",
                              space_before=0)], align=PP_ALIGN.RIGHT,
                   width=width, color=TEAL)

    def _meeting_title(self) -> None:
        o = self.outline
        slide = self._new_slide(o.title, self.title_layout)
        lines = [
            " · ".join(x for x in (o.date, o.time, o.location) if x),
            f"Chair: {o.chair}" if o.chair else "",
            o.institution,
            f"{o.disease} · {o.marking}",
        ]
        paras = [Para((Run(clean(line)),), 20.0, "lead", space_before=4) for line in lines if line]
        subtitle = next((p for p in slide.placeholders if p.placeholder_format.type == 4 and placed(p)), None)
        area = (Area(subtitle.left * PT_PER_EMU, subtitle.top * PT_PER_EMU, subtitle.width * PT_PER_EMU,
                     subtitle.height * PT_PER_EMU) if subtitle is not None else self.body)
        if subtitle is not None:
            subtitle._element.getparent().remove(subtitle._element)
        for page in paginate(paras, area.width, area.height)[:1]:
            self._fill(self._textbox(slide, area), page, width=area.width, color=GREY)
        if self.options.logo:
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
        self._flow_slides("Agenda", paras, kicker=self.outline.date)

    def _section(self, case: CaseOutline, section: Section) -> None:
        kicker = f"Case {case.number} · {case.heading}"
        title = case.heading if section.id == "case" else section.title
        if section.id == "case" and case.status == "Deferred":
            title = f"{title} (deferred)"
        text_blocks = []
        for block in section.blocks:
            if isinstance(block, Timeline):
                self._timeline(title, block, kicker, section.notes)
            elif isinstance(block, Pictures):
                self._pictures(title, block, kicker, section.notes)
            else:
                text_blocks.append(block)
        lead = clean(case.summary) if section.id == "case" else ""

        def make(size: float) -> list[Para]:
            paras = [Para((Run(lead),), size + 2, "lead", space_before=0)] if lead else []
            return paras + [p for block in text_blocks for p in paras_for(block, size)]

        if text_blocks:
            self._flow_slides(title, make, kicker=kicker if section.id != "case" else f"Case {case.number}",
                              notes=section.notes)

    def _flow_slides(self, title: str, make, kicker: str = "", notes: tuple[str, ...] = ()) -> None:
        """Place paragraphs on as few slides as possible: the largest size that fits one
        slide, else the body size continued on "(cont.)" slides. ``make`` is a list of
        paragraphs, or a function of the font size that returns them."""
        area = self._title_placeholder_area()
        full_title = clean(title)
        cut = fit_title(shorten(full_title, TITLE_LIMIT), area.width, area.height, 28.0)[1] != full_title

        def paras_at(size: float) -> list[Para]:
            head = [Para((Run(full_title, True),), size, "emphasis", space_before=0)] if cut else []
            return head + (make(size) if callable(make) else list(make))

        sizes = FLOW_SIZES if callable(make) else (self.options.body_size,)
        for size in sizes:
            pages = paginate(paras_at(size), self.body.width, self.body.height)
            if len(pages) == 1:
                break
        else:
            pages = paginate(paras_at(self.options.body_size), self.body.width, self.body.height)
        for index, page in enumerate(pages):
            heading = title if index == 0 else f"{title} (cont.)"
            slide = self._new_slide(heading, kicker=kicker, notes=notes if index == 0 else ())
            self._fill(self._textbox(slide, self.body), page, width=self.body.width)

    # -- text ------------------------------------------------------------

    def _textbox(self, slide, area: Area):
        box = slide.shapes.add_textbox(emu(area.left), emu(area.top), emu(area.width), emu(area.height))
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = None
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        frame.vertical_anchor = MSO_ANCHOR.TOP
        return box

    def _fill(self, box, paras: list[Para], width: float, align=PP_ALIGN.LEFT, color: RGBColor | None = None) -> None:
        """Write the paragraphs into a text box (as DrawingML directly: python-pptx's
        per-property setters dominate export time on a week's board)."""
        body = box.text_frame._txBody
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
        o = self.outline
        centre = " · ".join(x for x in (o.title, o.date, o.marking) if x)
        total = len(self.prs.slides)
        size = self.options.footer_size
        top = self.height - 34
        for number, slide in enumerate(self.prs.slides, start=1):
            left = 36.0
            if self.options.logo:
                self._logo(slide, Area(left, top + 2, 60, 22))
                left += 66
            self._footer_text(slide, clean(o.institution), Area(left, top, 300 - left, 28), size, PP_ALIGN.LEFT)
            self._footer_text(slide, clean(centre), Area(300, top, self.width - 600, 28), size, PP_ALIGN.CENTER)
            self._footer_text(slide, f"{number} / {total}", Area(self.width - 136, top, 100, 28), size, PP_ALIGN.RIGHT)

    def _footer_text(self, slide, text: str, area: Area, size: float, align) -> None:
        if not text:
            return
        text = shorten(text, LABEL_LIMIT)
        for candidate in (size, size - 1, size - 2):
            if len(wrap([Run(text)], area.width, candidate)) * candidate * 1.2 <= area.height:
                size = candidate
                break
        box = self._textbox(slide, area)
        box.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._fill(box, [Para((Run(text),), size, space_before=0)], width=area.width, align=align, color=GREY)


def write_deck(outline: MeetingOutline, options: DeckOptions) -> tuple[bytes, DeckReport]:
    """Return the deck's bytes and a report of what was left out."""
    writer = DeckWriter(outline, options)
    return writer.build(), writer.report
