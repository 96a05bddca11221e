"""The case's title slide: who it is, the key facts at a glance, and the question."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE

from boardtool.export import fonts
from boardtool.export.deck_parts import CARD, TEAL, Area, emu, share_width
from boardtool.export.flow import SMALLEST, Para, height_of, paginate, paras_for
from boardtool.export.text import Run, clean
from boardtool.outline_blocks import CaseOutline, Fact, Facts, Section

TILE_PAD = 8.0
TILE_GAP = 10.0
VALUE_SIZE = 24.0
DETAIL_SIZE = 18.0


class CaseSlides:
    """The title slide of a case; mixed into the deck writer, whose helpers it uses."""

    def _case_title(self, case: CaseOutline, section: Section) -> None:
        title = case.heading + (" (deferred)" if case.status == "Deferred" else "")
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
        tile = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(area.left), emu(area.top),
                                      emu(area.width), emu(area.height))
        tile.name = "Key fact"
        tile.fill.solid()
        tile.fill.fore_color.rgb = CARD
        tile.line.fill.background()
        tile.shadow.inherit = False
        accent = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(area.left), emu(area.top), emu(4), emu(area.height))
        accent.fill.solid()
        accent.fill.fore_color.rgb = TEAL
        accent.line.fill.background()
        accent.shadow.inherit = False
        inner = Area(area.left + TILE_PAD, area.top + TILE_PAD, area.width - 2 * TILE_PAD, area.height - 2 * TILE_PAD)
        self._fill(self._textbox(slide, inner), paras, width=inner.width)
