"""The PowerPoint deck: lays out the outline on 16:9 slides (python-pptx)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from boardtool import resources
from boardtool.export import images
from boardtool.export.pptx_speed import speed_up
from boardtool.export.flow import BULLET_INDENT, Para, height_of, paginate, paras_for
from boardtool.export.text import Run, clean, wrap
from boardtool.model.errors import ExportError
from boardtool.outline import CaseOutline, MeetingOutline, Pictures, Section, Timeline

DEFAULT_TEMPLATE = "boardtool-16x9.pptx"
TITLE_LAYOUTS = ("Title Slide", "Title", "Title Only")
CONTENT_LAYOUTS = ("Title Only", "Title and Content", "Title, Content")
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
TEAL = RGBColor(0x2A, 0x7F, 0x8E)
INK = RGBColor(0x22, 0x2B, 0x33)
GREY = RGBColor(0x5F, 0x6B, 0x76)
CARD = RGBColor(0xF3, 0xF6, 0xF9)
KIND_COLOURS = {
    "surgery": RGBColor(0x3B, 0x6E, 0xA8),
    "radiotherapy": RGBColor(0xC0, 0x6C, 0x1E),
    "chemotherapy": RGBColor(0x6A, 0x4C, 0x93),
    "other": RGBColor(0x5F, 0x6B, 0x76),
}
PT_PER_EMU = 1 / 12700
EVENTS_PER_SLIDE = 5
IMAGES_PER_SLIDE = 4
FLOW_SIZES = (22.0, 20.0, 18.0, 16.0)


def emu(points: float) -> Emu:
    return Emu(int(points * 12700))


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


@dataclass(frozen=True)
class Area:
    """A rectangle on the slide, in points."""

    left: float
    top: float
    width: float
    height: float


def open_template(path: Path | None):
    """Return the template presentation with its layouts checked (no slides kept)."""
    path = path or resources.decks_dir() / DEFAULT_TEMPLATE
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises several kinds for a bad file
        raise ExportError(f"cannot open the deck template ({exc})", file=str(path)) from exc
    _drop_slides(prs)
    speed_up(prs.part.package)
    return prs


def _drop_slides(prs) -> None:
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.get(qn("r:id")))
        id_list.remove(slide_id)


def _has_title(layout) -> bool:
    return any(ph.placeholder_format.type in (1, 3) for ph in layout.placeholders)


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
        "the deck template has no layout with a title placeholder "
        f"(looked for {', '.join(names)})", file=file,
    )


class DeckWriter:
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
        ph = next(p for p in self.content_layout.placeholders if p.placeholder_format.type in (1, 3))
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
        size, text = _fit_title(clean(title), width, height, base)
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
        self._fill(box, [Para((Run(clean(text), True),), 11.0, "lead", space_before=0)], align=PP_ALIGN.RIGHT,
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
        subtitle = next((p for p in slide.placeholders if p.placeholder_format.type == 4), None)
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
        cut = _fit_title(full_title, area.width, area.height, 28.0)[1] != full_title

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
        algn = _ALIGN.get(align, "l")
        for index, para in enumerate(paras):
            p = etree.SubElement(body, qn("a:p"))
            _paragraph_properties(p, para, algn, para.space_before if index else 0.0)
            colour = str(color or _role_colour(para.role))
            for piece in para.runs:
                _run(p, piece.text, para.size, piece.bold, colour, self.options.font)

    # -- timeline --------------------------------------------------------

    def _timeline(self, title: str, block: Timeline, kicker: str, notes: tuple[str, ...]) -> None:
        events = list(block.events)
        overflow: list[Para] = []
        chunks = [events[i:i + EVENTS_PER_SLIDE] for i in range(0, len(events), EVENTS_PER_SLIDE)]
        for index, chunk in enumerate(chunks):
            heading = title if index == 0 else f"{title} (cont.)"
            slide = self._new_slide(heading, kicker=kicker, notes=notes if index == 0 else ())
            overflow += self._draw_timeline(slide, chunk)
        if overflow:
            self._flow_slides(f"{title} — details", overflow, kicker=kicker)

    def _draw_timeline(self, slide, events) -> list[Para]:
        b = self.body
        axis_y = b.top + b.height / 2
        slot = b.width / len(events)
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(b.left), emu(axis_y),
                                          emu(b.left + b.width), emu(axis_y))
        line.line.color.rgb, line.line.width = GREY, Pt(2)
        room = b.height / 2 - 22
        centres = [b.left + slot * (index + 0.5) for index in range(len(events))]
        card_w, lefts = _card_columns(centres, b)
        leftover: list[Para] = []
        for index, event in enumerate(events):
            centre = centres[index]
            colour = KIND_COLOURS.get(event.kind, GREY)
            paras, rest = self._card_text(event, card_w - 16, room - 12)
            height = height_of(paras, card_w - 16) + 14
            above = index % 2 == 0
            top = axis_y - 22 - height if above else axis_y + 22
            left = lefts[index]
            landing = min(max(centre, left + 12), left + card_w - 12)  # where the stem meets the card
            stem = slide.shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT, emu(landing), emu(top + height if above else top),
                emu(centre), emu(axis_y))
            stem.line.color.rgb, stem.line.width = colour, Pt(1.25)
            self._card(slide, Area(left, top, card_w, height), colour, paras)
            dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, emu(centre - 8), emu(axis_y - 8), emu(16), emu(16))
            dot.fill.solid()
            dot.fill.fore_color.rgb = colour
            dot.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            leftover += rest
        return leftover

    def _card_text(self, event, width: float, room: float) -> tuple[list[Para], list[Para]]:
        """Return the card's paragraphs and, when they do not fit, the full text for a details slide."""
        head = [
            Para((Run(clean(event.when), True),), 13.0, "lead", space_before=0),
            Para((Run(clean(event.kind.capitalize()), True),), 11.0, "heading", space_before=1),
        ]
        body = [Para((Run(clean(t)),), 12.0, space_before=3) for t in (event.title, event.detail, event.response) if t]
        if height_of(head + body, width) <= room:
            return head + body, []
        note = [Para((Run("Details on the next slide"),), 11.0, space_before=3)]
        details = [Para((Run(clean(f"{event.when} — {event.kind}"), True),), self.options.body_size, space_before=10)]
        return head + note, details + [replace_size(p, self.options.body_size) for p in body]

    def _card(self, slide, area: Area, colour: RGBColor, paras: list[Para]) -> None:
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, emu(area.left), emu(area.top),
                                      emu(area.width), emu(area.height))
        card.adjustments[0] = 0.08
        card.fill.solid()
        card.fill.fore_color.rgb = CARD
        card.line.color.rgb = colour
        card.shadow.inherit = False
        inner = Area(area.left + 8, area.top + 7, area.width - 16, area.height - 10)
        self._fill(self._textbox(slide, inner), paras, width=inner.width)

    # -- pictures --------------------------------------------------------

    def _pictures(self, title: str, block: Pictures, kicker: str, notes: tuple[str, ...]) -> None:
        items = list(block.items)
        placeable = []
        for picture in items:
            try:
                placeable.append((picture, images.natural_aspect(picture.data)))
            except images.ImageRejected as exc:
                self.report.left_out.append(f"{picture.label or picture.caption or picture.name}: {exc}")
        chunks = [placeable[i:i + IMAGES_PER_SLIDE] for i in range(0, len(placeable), IMAGES_PER_SLIDE)]
        overflow: list[Para] = []
        for index, chunk in enumerate(chunks):
            heading = title if index == 0 else f"{title} (cont.)"
            slide = self._new_slide(heading, kicker=kicker, notes=notes if index == 0 else ())
            for cell, (picture, aspect) in zip(_grid(self.body, len(chunk)), chunk, strict=True):
                overflow += self._picture_cell(slide, picture, aspect, cell)
        if overflow:
            self._flow_slides(f"{title} — captions", overflow, kicker=kicker)

    def _picture_cell(self, slide, picture, aspect: float, cell: Area) -> list[Para]:
        caption = [
            Para((Run(clean(picture.label), True),), 13.0, space_before=0) if picture.label else None,
            Para((Run(clean(picture.when)),), 12.0, "heading", space_before=1) if picture.when else None,
            Para((Run(clean(picture.caption)),), 13.0, space_before=2) if picture.caption else None,
        ]
        caption = [p for p in caption if p]
        limit = cell.height * 0.4
        pages = paginate(caption, cell.width, limit) if caption else []
        shown = pages[0] if pages else []
        caption_h = height_of(shown, cell.width) if shown else 0.0
        frame = Area(cell.left, cell.top, cell.width, cell.height - caption_h - (8 if shown else 0))
        placed = images.fit_inside(aspect, images.Box(frame.left, frame.top, frame.width, frame.height))
        try:
            prepared = images.prepare(picture.name, picture.data, placed.width / 72, placed.height / 72)
        except images.ImageRejected as exc:
            self.report.left_out.append(f"{picture.label or picture.caption or picture.name}: {exc}")
            return []
        pic = slide.shapes.add_picture(io.BytesIO(prepared.data), emu(placed.left), emu(placed.top),
                                       emu(placed.width), emu(placed.height))
        pic.name = clean(picture.label or "Key image")[:200]
        if shown:
            area = Area(cell.left, frame.top + frame.height + 8, cell.width, caption_h + 2)
            self._fill(self._textbox(slide, area), shown, width=cell.width, align=PP_ALIGN.CENTER)
        rest = [p for page in pages[1:] for p in page]
        return [replace_size(p, self.options.body_size) for p in rest]

    def _logo(self, slide, area: Area) -> None:
        try:
            aspect = images.natural_aspect(self.options.logo)
            placed = images.fit_inside(aspect, images.Box(area.left, area.top, area.width, area.height))
            prepared = images.prepare("logo", self.options.logo, placed.width / 72, placed.height / 72)
        except images.ImageRejected as exc:
            self.report.left_out.append(f"institution logo: {exc}")
            self.options.logo = None
            return
        slide.shapes.add_picture(io.BytesIO(prepared.data), emu(placed.left), emu(placed.top),
                                 emu(placed.width), emu(placed.height))

    def _properties(self) -> None:
        """Set the document properties: meeting, never patient, data; nothing left from the template."""
        props = self.prs.core_properties
        o = self.outline
        props.title = clean(" – ".join(x for x in (o.title, o.date) if x))[:250]
        props.subject = clean(f"Tumour board deck – {o.disease} – {o.marking}")
        props.author = "boardtool"
        props.last_modified_by = "boardtool"
        props.keywords = ""
        props.comments = ""
        props.category = o.marking
        props.revision = 1

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
        for candidate in (size, size - 1, size - 2):
            if len(wrap([Run(text)], area.width, candidate)) * candidate * 1.2 <= area.height:
                size = candidate
                break
        box = self._textbox(slide, area)
        box.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._fill(box, [Para((Run(text),), size, space_before=0)], width=area.width, align=align, color=GREY)


def replace_size(para: Para, size: float) -> Para:
    """Return the paragraph at another size, as a fresh paragraph."""
    return replace(para, size=size, continued=False)


def _role_colour(role: str) -> RGBColor:
    return {"heading": TEAL, "emphasis": NAVY, "lead": NAVY}.get(role, INK)


_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}


def _paragraph_properties(p, para: Para, algn: str, space_before: float) -> None:
    """Add a:pPr: alignment, exact line spacing, space before, and the bullet if any."""
    attrs = {"algn": algn}
    if para.bullet:
        attrs["marL"] = str(int(BULLET_INDENT * 12700))
        attrs["indent"] = str(-int(BULLET_INDENT * 12700) if not para.continued else 0)
    ppr = etree.SubElement(p, qn("a:pPr"), attrs)
    spacing = etree.SubElement(etree.SubElement(ppr, qn("a:lnSpc")), qn("a:spcPts"))
    spacing.set("val", str(int(para.line_height * 100)))
    before = etree.SubElement(etree.SubElement(ppr, qn("a:spcBef")), qn("a:spcPts"))
    before.set("val", str(int(space_before * 100)))
    if para.bullet and not para.continued:
        etree.SubElement(ppr, qn("a:buChar"), char="•")
    elif para.bullet:
        etree.SubElement(ppr, qn("a:buNone"))


def _run(p, text: str, size: float, bold: bool, colour: str, font: str) -> None:
    """Add an a:r with its size, weight, colour and typeface."""
    run = etree.SubElement(p, qn("a:r"))
    rpr = etree.SubElement(run, qn("a:rPr"), lang="en-GB", sz=str(int(size * 100)), b="1" if bold else "0", dirty="0")
    etree.SubElement(etree.SubElement(rpr, qn("a:solidFill")), qn("a:srgbClr"), val=colour)
    etree.SubElement(rpr, qn("a:latin"), typeface=font)
    etree.SubElement(run, qn("a:t")).text = text


def _fit_title(title: str, width: float, height: float, base: float) -> tuple[float, str]:
    """Return a font size at which the title fits its box, shortening it only as a last resort
    (the full text then also stands on the slide body)."""
    size = base
    while size >= 16:
        if len(wrap([Run(title, True)], width, size)) * size * 1.2 <= height:
            return size, title
        size -= 2
    lines = wrap([Run(title, True)], width, 16.0)
    keep = max(1, int(height // (16 * 1.2)))
    text = "".join(r.text for line in lines[:keep] for r in line).rstrip()
    return 16.0, text[:-1] + "…"


def _card_columns(centres: list[float], body: Area, gap: float = 12.0) -> tuple[float, list[float]]:
    """Return the card width and each card's left edge: cards alternate above and below
    the axis, sit as close to their date's dot as they can, and never overlap on a side."""
    per_side = max(len(centres[0::2]), len(centres[1::2]))
    width = min(300.0, (body.width - gap * (per_side - 1)) / per_side)
    lefts = [0.0] * len(centres)
    for side in (0, 1):
        indexes = list(range(side, len(centres), 2))
        if not indexes:
            continue
        wanted = [min(max(centres[i] - width / 2, body.left), body.left + body.width - width) for i in indexes]
        for k in range(1, len(wanted)):  # push right past the previous card
            wanted[k] = max(wanted[k], wanted[k - 1] + width + gap)
        wanted[-1] = min(wanted[-1], body.left + body.width - width)
        for k in range(len(wanted) - 2, -1, -1):  # then back left within the slide
            wanted[k] = min(wanted[k], wanted[k + 1] - width - gap)
        for i, left in zip(indexes, wanted, strict=True):
            lefts[i] = max(left, body.left)
    return width, lefts


def _grid(body: Area, count: int) -> list[Area]:
    columns = {1: 1, 2: 2, 3: 3, 4: 2}[count]
    rows = 1 if count <= 3 else 2
    gap = 18.0
    w = (body.width - gap * (columns - 1)) / columns
    h = (body.height - gap * (rows - 1)) / rows
    return [Area(body.left + (i % columns) * (w + gap), body.top + (i // columns) * (h + gap), w, h)
            for i in range(count)]


def write_deck(outline: MeetingOutline, options: DeckOptions) -> tuple[bytes, DeckReport]:
    """Return the deck's bytes and a report of what was left out."""
    writer = DeckWriter(outline, options)
    return writer.build(), writer.report
