"""Deck slides of pictures: the key images with their captions and annotations, and the logo."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Pt

from boardtool.export import fonts, images, palette
from boardtool.export.deck_parts import emu, grid, picture_rows, replace_size
from boardtool.export.geometry import Area, fit_inside
from boardtool.export.pptx_private import add_arrow_head
from boardtool.export.flow import SMALLEST, Para, height_of, paginate
from boardtool.export.text import Run, clean, wrap
from boardtool.model.images import HeldImage, content_name
from boardtool.outline_blocks import Mark, Picture, Pictures

if TYPE_CHECKING:
    from boardtool.export.deck import DeckOptions, DeckReport
    from boardtool.export.pictures import PictureWork
    from boardtool.export.pptx_private import SlideMaker

MARK_COLOUR = RGBColor.from_string(palette.MARK)
MARK_SHADE = RGBColor.from_string(palette.MARK_SHADE)
MARK_WEIGHT = 3.5
SIDE_CAPTION = 0.36  # share of the width a single picture leaves to its caption


@dataclass(frozen=True)
class Slot:
    """Where one picture goes on its slide, and the caption that goes with it."""

    picture: Picture
    placed: Area  # the picture, fitted inside its frame
    caption: list[Para]  # the caption text that fits beside a single picture, or under one of a row
    caption_area: Area | None
    rest: list[Para]  # caption text that continues on a captions slide
    align: PP_ALIGN = PP_ALIGN.LEFT


class MediaSlides:
    """Picture slides; mixed into the deck writer. It uses the writer's body area, options,
    report, logo and picture work, and its ``_new_slide``, ``_textbox``, ``_fill`` and ``_flow_slides``."""

    body: Area
    logo: bytes | None  # the options' logo, until it proves unreadable
    options: DeckOptions
    report: DeckReport
    pictures: PictureWork
    slides: SlideMaker
    _new_slide: Callable[..., Any]
    _textbox: Callable[..., Any]
    _fill: Callable[..., None]
    _flow_slides: Callable[..., None]

    def want_block(self, block: Pictures) -> None:
        """Tell the picture work the sizes this block's pictures will be placed at."""
        for slots in self._picture_slides(block, report=False):
            for slot in slots:
                self.pictures.want(slot.picture.name, slot.placed.width / 72, slot.placed.height / 72)

    def _pictures(self, title: str, block: Pictures, badge: str, notes: tuple[str, ...]) -> None:
        overflow: list[Para] = []
        for index, slots in enumerate(self._picture_slides(block, report=True)):
            heading = title if index == 0 else f"{title} (cont.)"
            slide = self._new_slide(heading, badge=badge, notes=notes if index == 0 else ())
            for slot in slots:
                overflow += self._place_slot(slide, slot)
        if overflow:
            self._flow_slides(f"{title} — captions", overflow, badge=badge)

    def _picture_slides(self, block: Pictures, report: bool) -> list[list[Slot]]:
        """Return the pictures that can be placed, slide by slide, each in its place."""
        placeable = []
        for picture in block.items:
            try:
                placeable.append((picture, self.pictures.aspect(picture.name, picture.source)))
            except images.ImageRejected as exc:
                if report:
                    self.report.left_out.append(images.left_out(picture, exc))
        slides, start = [], 0
        for count in picture_rows(len(placeable)) if placeable else []:
            chunk, start = placeable[start:start + count], start + count
            if count == 1:
                slides.append([self._single_slot(*chunk[0])])
            else:
                slides.append([self._cell_slot(p, aspect, cell)
                               for cell, (p, aspect) in zip(grid(self.body, count), chunk, strict=True)])
        return slides

    def _caption(self, picture: Picture, size: float) -> list[Para]:
        paras = [
            Para((Run(clean(picture.label), True),), size, "emphasis", space_before=0) if picture.label else None,
            Para((Run(clean(picture.when), True),), size, "heading", space_before=2) if picture.when else None,
            Para((Run(clean(picture.caption)),), size, space_before=4) if picture.caption else None,
        ]
        return [p for p in paras if p]

    def _single_slot(self, picture: Picture, aspect: float) -> Slot:
        """One picture large on the left, its caption at body size beside it."""
        b = self.body
        caption = self._caption(picture, self.options.body_size)
        side = b.width * SIDE_CAPTION if caption else 0.0
        placed = fit_inside(aspect, Area(b.left, b.top, b.width - side - (24 if side else 0), b.height))
        if not caption:
            return Slot(picture, placed, [], None, [])
        left = placed.left + placed.width + 24
        area = Area(left, b.top, b.left + b.width - left, b.height)
        pages = paginate(caption, area.width, area.height)
        return Slot(picture, placed, pages[0], area, [p for page in pages[1:] for p in page])

    def _cell_slot(self, picture: Picture, aspect: float, cell: Area) -> Slot:
        """One of a row of pictures, the start of its caption under it at the smallest size."""
        caption = self._caption(picture, SMALLEST)
        pages = paginate(caption, cell.width, cell.height * 0.32) if caption else []
        shown = pages[0] if pages else []
        caption_h = height_of(shown, cell.width) if shown else 0.0
        placed = fit_inside(aspect, Area(cell.left, cell.top, cell.width, cell.height - caption_h - (10 if shown else 0)))
        area = Area(cell.left, placed.top + placed.height + 10, cell.width, caption_h + 2) if shown else None
        rest = [replace_size(p, self.options.body_size) for page in pages[1:] for p in page]
        return Slot(picture, placed, shown, area, rest, PP_ALIGN.CENTER)

    def _place_slot(self, slide, slot: Slot) -> list[Para]:
        """Place the picture and its caption; return caption text left for a captions slide."""
        if not self._place_picture(slide, slot.picture, slot.placed):
            return []
        if slot.caption and slot.caption_area is not None:
            area = slot.caption_area
            self._fill(self._textbox(slide, area), slot.caption, width=area.width, align=slot.align)
        return slot.rest

    def _place_picture(self, slide, picture: Picture, placed: Area) -> bool:
        """Put the picture in its place, with its annotations drawn over it; False if it cannot be."""
        try:
            prepared = self.pictures.take(picture.name, picture.source, placed.width / 72, placed.height / 72)
        except images.ImageRejected as exc:
            self.report.left_out.append(images.left_out(picture, exc))
            return False
        group = slide.shapes.add_group_shape() if picture.marks else None
        shapes = group.shapes if group is not None else slide.shapes
        pic = shapes.add_picture(io.BytesIO(prepared.data), emu(placed.left), emu(placed.top),
                                 emu(placed.width), emu(placed.height))
        pic.name = clean(picture.label or "Key image")[:200]
        for mark in picture.marks:
            self._mark(shapes, mark, placed)
        if group is not None:
            group.name = "Annotated key image"
        return True

    # -- annotations -------------------------------------------------------

    def _mark(self, shapes, mark: Mark, box: Area) -> None:
        """Draw one annotation over a placed picture (as shapes: the picture stays untouched)."""
        x1, y1 = box.left + mark.x1 * box.width, box.top + mark.y1 * box.height
        x2, y2 = box.left + mark.x2 * box.width, box.top + mark.y2 * box.height
        if mark.kind == "arrow":
            for colour, weight in ((MARK_SHADE, MARK_WEIGHT + 2.5), (MARK_COLOUR, MARK_WEIGHT)):
                line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(x1), emu(y1), emu(x2), emu(y2))
                line.line.color.rgb, line.line.width = colour, Pt(weight)
                add_arrow_head(line)
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

    def _mark_label(self, shapes, text: str, x: float, y: float, box: Area) -> None:
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
        """Place the institution's logo inside ``area``; one that cannot be read is reported
        once and left off every slide."""
        if not self.logo:
            return
        name = content_name(self.logo)  # by content: another logo is another picture
        try:
            placed = fit_inside(self.pictures.aspect(name, HeldImage(self.logo)), area)
            prepared = self.pictures.take(name, HeldImage(self.logo), placed.width / 72, placed.height / 72)
        except images.ImageRejected as exc:
            self.report.left_out.append(f"institution logo: {exc}")
            self.logo = None
            return
        slide.shapes.add_picture(io.BytesIO(prepared.data), emu(placed.left), emu(placed.top),
                                 emu(placed.width), emu(placed.height))
