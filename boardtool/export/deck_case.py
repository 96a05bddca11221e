"""A case on the slides: the patient badge on each of its slides, and its title slide
with who it is, the key facts at a glance and the question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

from boardtool.export import fonts
from boardtool.export.deck_parts import CARD, DRAFT_RED, NAVY, TEAL, WHITE, Area, add_filled, emus, share_width
from boardtool.export.flow import SMALLEST, Para, height_of, paginate, paras_for
from boardtool.export.text import Run, clean, shorten, wrap
from boardtool.outline_blocks import CaseOutline, Fact, Facts, Section

if TYPE_CHECKING:
    from boardtool.export.deck import DeckOptions
    from boardtool.export.pptx_private import SlideMaker

BADGE_SIZE = 20.0
TILE_PAD = 8.0
TILE_GAP = 10.0
VALUE_SIZE = 24.0
DETAIL_SIZE = 18.0


DRAFT_MARK = "DRAFT — not signed"
BADGE_LIMIT = 120  # characters of the patient badge; the full name stands on the case's title slide


class CaseSlides:
    """The patient badge and the title slide of a case; mixed into the deck writer. It uses
    the writer's title and body areas, options and slide maker, and its ``_new_slide``,
    ``_textbox``, ``_fill``, ``fill_page`` and ``_flow_slides``."""

    title_area: Area
    body: Area
    options: DeckOptions
    slides: SlideMaker

    def case_badge(self, case: CaseOutline) -> str:
        """Return the patient identifier every slide of a case carries."""
        return shorten(f"Case {case.number} · {case.identifier or case.heading}", BADGE_LIMIT)

    def badge_area(self, text: str) -> tuple[Area, float]:
        """Return where the patient identifier sits (at the title's right end) and the
        width of its text."""
        t = self.title_area
        inner = min(fonts.text_width(text, BADGE_SIZE, True) + 2, t.width * 0.42 - 24)
        lines = len(wrap([Run(text, True)], inner, BADGE_SIZE))
        if lines > 2:  # a long name takes more of the title's width rather than shrinking
            inner = t.width * 0.62 - 24
            lines = len(wrap([Run(text, True)], inner, BADGE_SIZE))
        height = min(lines * BADGE_SIZE * 1.2 + 12, t.height)
        return Area(t.left + t.width - inner - 24, t.top + (t.height - height) / 2, inner + 24, height), inner

    def _badge(self, slide, text: str) -> float:
        """Draw the patient identifier at the title's right end; return the width it takes."""
        text = clean(text)
        area, inner = self.badge_area(text)
        shape = self.slides.stamp(slide, "badge", emus(area),
                                  lambda s, *box: add_filled(s, MSO_SHAPE.ROUNDED_RECTANGLE, NAVY, *box, rounding=0.18))
        shape.name = "Patient"
        box = self._textbox(slide, Area(area.left + 12, area.top, inner, area.height))
        box.name = "Patient identifier"
        box.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._fill(box, [Para((Run(text, True),), BADGE_SIZE, space_before=0)], width=inner,
                   align=PP_ALIGN.CENTER, color=WHITE)
        return area.width + 16

    def draft_stamp(self, slide, right: float, top: float, height: float) -> float:
        """Draw the DRAFT mark in the footer band, ending at ``right``; return its width."""
        size = self.options.footer_size
        width = fonts.text_width(DRAFT_MARK, size, True) + 20
        area = Area(right - width, top, width, height)
        shape = add_filled(slide, MSO_SHAPE.ROUNDED_RECTANGLE, DRAFT_RED, *emus(area))
        shape.name = "Draft mark"
        box = self._textbox(slide, area)
        box.name = "Draft"
        box.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._fill(box, [Para((Run(DRAFT_MARK, True),), size, space_before=0)], width=area.width,
                   align=PP_ALIGN.CENTER, color=WHITE)
        return width

    def _case_title(self, case: CaseOutline, section: Section) -> None:
        title = case.title
        slide = self._new_slide(title, badge=f"Case {case.number}", notes=section.notes)
        top = self.body.top
        if case.key_facts:
            top = self._fact_tiles(slide, case.key_facts, top) + 12
        area = Area(self.body.left, top, self.body.width, self.body.top + self.body.height - top)
        paras = [p for block in section.blocks for p in self._title_paras(block)]
        pages = paginate(paras, area.width, area.height) if area.height > 60 else [[], paras]
        if pages and pages[0]:
            self.fill_page(slide, pages[0], area)
        rest = [p for page in pages[1:] for p in page]
        if rest:
            self._flow_slides(title, rest, badge=self.case_badge(case), continued=True)

    def _title_paras(self, block) -> list[Para]:
        """Return a title-slide block as paragraphs: the case's details run on as one
        paragraph at a smaller size, everything else as on any slide."""
        if isinstance(block, Facts):
            runs: list[Run] = []
            for fact in block.items:
                if runs:
                    runs.append(Run("   ·   "))
                runs += [Run(clean(fact.label) + ": ", True), Run(clean(fact.value))]
            return [Para(tuple(runs), DETAIL_SIZE, space_before=12)]
        return paras_for(block, self.options.body_size)

    def _fact_tiles(self, slide, facts: tuple[Fact, ...], top: float) -> float:
        """Draw the key facts as tiles, two in the first row and up to four in each
        further row; return the bottom of the last row."""
        rows = [facts[:2]] + [facts[i:i + 4] for i in range(2, len(facts), 4)]
        for row in rows:
            if not row:
                continue
            natural = [max(fonts.text_width(clean(f.label.upper()), SMALLEST, True),
                           fonts.text_width(clean(f.value), VALUE_SIZE, True)) + 2 * TILE_PAD + 2 for f in row]
            widths = share_width(natural, self.body.width - TILE_GAP * (len(row) - 1))
            contents = [self._tile_paras(fact) for fact in row]
            height = max(height_of(p, w - 2 * TILE_PAD) for p, w in zip(contents, widths, strict=True)) + 2 * TILE_PAD
            left = self.body.left
            for paras, width in zip(contents, widths, strict=True):
                self._tile(slide, Area(left, top, width, height), paras)
                left += width + TILE_GAP
            top += height + TILE_GAP
        return top - TILE_GAP

    def _tile_paras(self, fact: Fact) -> list[Para]:
        return [Para((Run(clean(fact.label.upper()), True),), SMALLEST, "heading", space_before=0),
                Para((Run(clean(fact.value), True),), VALUE_SIZE, "lead", space_before=2)]

    def _tile(self, slide, area: Area, paras: list[Para]) -> None:
        tile = self.slides.stamp(slide, "tile", emus(area), lambda s, *box: add_filled(s, MSO_SHAPE.RECTANGLE, CARD, *box))
        tile.name = "Key fact"
        self.slides.stamp(slide, "tile accent", emus(Area(area.left, area.top, 4, area.height)),
                          lambda s, *box: add_filled(s, MSO_SHAPE.RECTANGLE, TEAL, *box))
        inner = Area(area.left + TILE_PAD, area.top + TILE_PAD, area.width - 2 * TILE_PAD, area.height - 2 * TILE_PAD)
        self._fill(self._textbox(slide, inner), paras, width=inner.width)

