"""Deck slides drawn from shapes: the treatment timeline and the key-image grid."""

from __future__ import annotations

import io

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Pt

from boardtool.export import images
from boardtool.export.deck_parts import CARD, GREY, KIND_COLOURS, Area, card_columns, emu, grid, replace_size
from boardtool.export.flow import Para, height_of, paginate
from boardtool.export.text import Run, clean
from boardtool.outline_blocks import Pictures, Timeline

EVENTS_PER_SLIDE = 5
IMAGES_PER_SLIDE = 4


class MediaSlides:
    """Timeline and picture slides; mixed into the deck writer, whose text helpers they use."""

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
        card_w, lefts = card_columns(centres, b)
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
            for cell, (picture, aspect) in zip(grid(self.body, len(chunk)), chunk, strict=True):
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
