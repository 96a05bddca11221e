"""Deck slides of pictures: the key images with their captions and annotations, and the logo."""

from __future__ import annotations

import io

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from boardtool.export import fonts, images
from boardtool.export.deck_parts import Area, emu, grid, picture_rows, replace_size
from boardtool.export.flow import SMALLEST, Para, height_of, paginate
from boardtool.export.text import Run, clean, wrap
from boardtool.outline_blocks import Mark, Picture, Pictures

MARK_COLOUR = RGBColor(0xFF, 0xD2, 0x1F)  # stands out on grey-scale scans
MARK_SHADE = RGBColor(0x00, 0x00, 0x00)  # drawn under each mark so it shows on light pictures too
MARK_WEIGHT = 3.5
SIDE_CAPTION = 0.36  # share of the width a single picture leaves to its caption


class MediaSlides:
    """Picture slides; mixed into the deck writer, whose text helpers they use."""

    def _pictures(self, title: str, block: Pictures, badge: str, notes: tuple[str, ...]) -> None:
        placeable = []
        for picture in block.items:
            try:
                placeable.append((picture, images.natural_aspect(picture.data)))
            except images.ImageRejected as exc:
                self.report.left_out.append(f"{picture.label or picture.caption or picture.name}: {exc}")
        overflow: list[Para] = []
        start = 0
        for index, count in enumerate(picture_rows(len(placeable)) if placeable else []):
            chunk = placeable[start:start + count]
            start += count
            heading = title if index == 0 else f"{title} (cont.)"
            slide = self._new_slide(heading, badge=badge, notes=notes if index == 0 else ())
            if count == 1:
                overflow += self._single_picture(slide, *chunk[0])
                continue
            for cell, (picture, aspect) in zip(grid(self.body, count), chunk, strict=True):
                overflow += self._picture_cell(slide, picture, aspect, cell)
        if overflow:
            self._flow_slides(f"{title} — captions", overflow, badge=badge)

    def _caption(self, picture: Picture, size: float) -> list[Para]:
        paras = [
            Para((Run(clean(picture.label), True),), size, "emphasis", space_before=0) if picture.label else None,
            Para((Run(clean(picture.when), True),), size, "heading", space_before=2) if picture.when else None,
            Para((Run(clean(picture.caption)),), size, space_before=4) if picture.caption else None,
        ]
        return [p for p in paras if p]

    def _single_picture(self, slide, picture: Picture, aspect: float) -> list[Para]:
        """Place one picture large on the left, its caption at body size beside it."""
        b = self.body
        caption = self._caption(picture, self.options.body_size)
        side = b.width * SIDE_CAPTION if caption else 0.0
        frame = Area(b.left, b.top, b.width - side - (24 if side else 0), b.height)
        placed = self._place_picture(slide, picture, aspect, frame)
        if placed is None or not caption:
            return []
        area = Area(placed.left + placed.width + 24, b.top, b.left + b.width - placed.left - placed.width - 24, b.height)
        pages = paginate(caption, area.width, area.height)
        self._fill(self._textbox(slide, area), pages[0], width=area.width)
        return [p for page in pages[1:] for p in page]

    def _picture_cell(self, slide, picture: Picture, aspect: float, cell: Area) -> list[Para]:
        caption = self._caption(picture, SMALLEST)
        pages = paginate(caption, cell.width, cell.height * 0.32) if caption else []
        shown = pages[0] if pages else []
        caption_h = height_of(shown, cell.width) if shown else 0.0
        frame = Area(cell.left, cell.top, cell.width, cell.height - caption_h - (10 if shown else 0))
        placed = self._place_picture(slide, picture, aspect, frame)
        if placed is None:
            return []
        if shown:
            area = Area(cell.left, placed.top + placed.height + 10, cell.width, caption_h + 2)
            self._fill(self._textbox(slide, area), shown, width=cell.width, align=PP_ALIGN.CENTER)
        rest = [p for page in pages[1:] for p in page]
        return [replace_size(p, self.options.body_size) for p in rest]

    def _place_picture(self, slide, picture: Picture, aspect: float, frame: Area) -> images.Box | None:
        """Put the picture, fitted inside ``frame``, with its annotations drawn over it."""
        placed = images.fit_inside(aspect, images.Box(frame.left, frame.top, frame.width, frame.height))
        try:
            prepared = images.prepare(picture.name, picture.data, placed.width / 72, placed.height / 72)
        except images.ImageRejected as exc:
            self.report.left_out.append(f"{picture.label or picture.caption or picture.name}: {exc}")
            return None
        group = slide.shapes.add_group_shape() if picture.marks else None
        shapes = group.shapes if group is not None else slide.shapes
        pic = shapes.add_picture(io.BytesIO(prepared.data), emu(placed.left), emu(placed.top),
                                 emu(placed.width), emu(placed.height))
        pic.name = clean(picture.label or "Key image")[:200]
        for mark in picture.marks:
            self._mark(shapes, mark, placed)
        if group is not None:
            group.name = "Annotated key image"
        return placed

    # -- annotations -------------------------------------------------------

    def _mark(self, shapes, mark: Mark, box: images.Box) -> None:
        """Draw one annotation over a placed picture (as shapes: the picture stays untouched)."""
        x1, y1 = box.left + mark.x1 * box.width, box.top + mark.y1 * box.height
        x2, y2 = box.left + mark.x2 * box.width, box.top + mark.y2 * box.height
        if mark.kind == "arrow":
            for colour, weight in ((MARK_SHADE, MARK_WEIGHT + 2.5), (MARK_COLOUR, MARK_WEIGHT)):
                line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(x1), emu(y1), emu(x2), emu(y2))
                line.line.color.rgb, line.line.width = colour, Pt(weight)
                etree.SubElement(line.line._get_or_add_ln(), qn("a:tailEnd"), type="triangle", w="med", len="med")
                line.name = "Annotation arrow"
        elif mark.kind == "circle":
            left, top = min(x1, x2), min(y1, y2)
            width, height = max(abs(x2 - x1), 4.0), max(abs(y2 - y1), 4.0)
            for colour, weight in ((MARK_SHADE, MARK_WEIGHT + 2.5), (MARK_COLOUR, MARK_WEIGHT)):
                ring = shapes.add_shape(MSO_SHAPE.OVAL, emu(left), emu(top), emu(width), emu(height))
                ring.fill.background()
                ring.line.color.rgb, ring.line.width = colour, Pt(weight)
                ring.shadow.inherit = False
                ring.name = "Annotation circle"
        elif mark.kind == "text" and mark.text.strip():
            self._mark_label(shapes, clean(mark.text.strip()), x1, y1, box)

    def _mark_label(self, shapes, text: str, x: float, y: float, box: images.Box) -> None:
        """Draw a short label at readable size, kept inside the picture."""
        width = min(fonts.text_width(text, SMALLEST, True) + 14, box.width)
        height = len(wrap([Run(text, True)], width - 12, SMALLEST)) * SMALLEST * 1.2 + 6
        left = min(max(x, box.left), box.left + box.width - width)
        top = min(max(y, box.top), box.top + box.height - height)
        back = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, emu(left), emu(top), emu(width), emu(height))
        back.fill.solid()
        back.fill.fore_color.rgb = MARK_SHADE
        back.line.fill.background()
        back.shadow.inherit = False
        back.name = "Annotation label"
        label = shapes.add_textbox(emu(left + 6), emu(top + 3), emu(width - 12), emu(height - 6))
        frame = label.text_frame
        frame.word_wrap = True
        frame.auto_size = None
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        self._fill(label, [Para((Run(text, True),), SMALLEST, space_before=0)], width=width - 12, color=MARK_COLOUR)

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
