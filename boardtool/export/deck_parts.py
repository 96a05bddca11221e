"""Slide building blocks: colours, geometry, DrawingML paragraphs and layout arithmetic."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn as _qn
from pptx.util import Emu

from boardtool.export import palette
from boardtool.export.geometry import Area
from boardtool.export.flow import BULLET_INDENT, PANEL_INSET, Para, height_of
from boardtool.export.text import Run, wrap

NAVY = RGBColor.from_string(palette.NAVY)
TEAL = RGBColor.from_string(palette.TEAL)
INK = RGBColor.from_string(palette.INK)
GREY = RGBColor.from_string(palette.GREY)
CARD = RGBColor.from_string(palette.CARD)
PANEL = RGBColor.from_string(palette.SLIDE_PANEL)
WHITE = RGBColor.from_string(palette.WHITE)
DRAFT_RED = RGBColor.from_string(palette.DRAFT)
KIND_COLOURS = {kind: RGBColor.from_string(colour) for kind, colour in palette.KINDS.items()}
PT_PER_EMU = 1 / 12700


@lru_cache(maxsize=256)
def qn(tag: str) -> str:
    """Return a prefixed tag ('a:r') in Clark notation, remembered (python-pptx works it out anew each time)."""
    return _qn(tag)
TITLE_FLOOR = 20.0  # titles shrink to this size at most, then are shortened


def emu(points: float) -> Emu:
    """Return points as EMU, the unit python-pptx places shapes in."""
    return Emu(int(points * 12700))


def emus(area: Area) -> tuple[int, int, int, int]:
    """Return an area's left, top, width and height in EMU."""
    return emu(area.left), emu(area.top), emu(area.width), emu(area.height)


def add_filled(slide, kind, colour: RGBColor, *box: int, rounding: float | None = None):
    """Add a shape filled with one colour, without outline or shadow (a panel, a badge, a tile)."""
    shape = slide.shapes.add_shape(kind, *box)
    if rounding is not None:
        shape.adjustments[0] = rounding
    shape.fill.solid()
    shape.fill.fore_color.rgb = colour
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def replace_size(para: Para, size: float) -> Para:
    """Return the paragraph at another size, as a fresh paragraph."""
    return replace(para, size=size, continued=False)


def role_colour(role: str) -> RGBColor:
    """Return the text colour of a paragraph's role."""
    if role.startswith("kind-"):  # a treatment event's kind, in its timeline colour
        return KIND_COLOURS.get(role[5:], GREY)
    return {"heading": TEAL, "emphasis": NAVY, "lead": NAVY}.get(role, INK)


ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}


def paragraph_properties(p, para: Para, algn: str, space_before: float) -> None:
    """Add a:pPr: alignment, margins, exact line spacing, space before, and the bullet if any."""
    inset = PANEL_INSET if para.panel else 0.0
    attrs = {"algn": algn}
    if para.bullet or inset:
        bullet = BULLET_INDENT if para.bullet else 0.0
        attrs["marL"] = str(int((bullet + inset) * 12700))
        attrs["indent"] = str(-int(bullet * 12700) if para.bullet and not para.continued else 0)
    if inset:
        attrs["marR"] = str(int(inset * 12700))
    ppr = etree.SubElement(p, qn("a:pPr"), attrs)
    spacing = etree.SubElement(etree.SubElement(ppr, qn("a:lnSpc")), qn("a:spcPts"))
    spacing.set("val", str(int(para.line_height * 100)))
    before = etree.SubElement(etree.SubElement(ppr, qn("a:spcBef")), qn("a:spcPts"))
    before.set("val", str(int(space_before * 100)))
    if para.bullet and not para.continued:
        etree.SubElement(ppr, qn("a:buChar"), char="•")
    else:
        etree.SubElement(ppr, qn("a:buNone"))


def panel_spans(page: list[Para], area: Area) -> list[Area]:
    """Return the rectangles of the tinted panels behind runs of panel paragraphs."""
    spans: list[Area] = []
    top = area.top
    start = None
    for index, para in enumerate(page):
        gap = para.space_before if index else 0.0
        height = height_of([para], area.width)
        if para.panel and start is None:
            start = top + gap
        top += gap + height
        ends = index + 1 == len(page) or not page[index + 1].panel
        if para.panel and ends and start is not None:
            spans.append(Area(area.left, start - 6, area.width, top - start + 12))
            start = None
    return spans


def add_run(p, text: str, size: float, bold: bool, colour: str, font: str) -> None:
    """Add an a:r with its size, weight, colour and typeface."""
    run = etree.SubElement(p, qn("a:r"))
    rpr = etree.SubElement(run, qn("a:rPr"), lang="en-GB", sz=str(int(size * 100)), b="1" if bold else "0", dirty="0")
    etree.SubElement(etree.SubElement(rpr, qn("a:solidFill")), qn("a:srgbClr"), val=colour)
    etree.SubElement(rpr, qn("a:latin"), typeface=font)
    etree.SubElement(run, qn("a:t")).text = text


def fit_title(title: str, width: float, height: float, base: float) -> tuple[float, str]:
    """Return a font size at which the title fits its box, shortening it only as a last resort
    (the full text then also stands on the slide body)."""
    size = base
    while size >= TITLE_FLOOR:
        if len(wrap([Run(title, True)], width, size)) * size * 1.2 <= height:
            return size, title
        size -= 2
    lines = wrap([Run(title, True)], width, TITLE_FLOOR)
    keep = max(1, int(height // (TITLE_FLOOR * 1.2)))
    text = "".join(r.text for line in lines[:keep] for r in line).rstrip()
    return TITLE_FLOOR, text[:-1] + "…"


def card_columns(centres: list[float], body: Area, gap: float = 12.0, widest: float = 300.0) -> tuple[float, list[float]]:
    """Return the card width and each card's left edge: cards alternate above and below
    the axis, sit as close to their date's dot as they can, and never overlap on a side."""
    per_side = max(len(centres[0::2]), len(centres[1::2]))
    width = min(widest, (body.width - gap * (per_side - 1)) / per_side)
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


def picture_rows(count: int, most: int = 3) -> list[int]:
    """Return how many pictures each slide shows: as few slides as possible, balanced."""
    slides = -(-count // most)
    return [count // slides + (1 if i < count % slides else 0) for i in range(slides)]


def grid(body: Area, count: int, gap: float = 24.0) -> list[Area]:
    """Return ``count`` equal cells side by side across the body."""
    w = (body.width - gap * (count - 1)) / count
    return [Area(body.left + i * (w + gap), body.top, w, body.height) for i in range(count)]


def share_width(natural: list[float], total: float) -> list[float]:
    """Return widths summing to ``total``: in proportion to the natural widths when they
    fit, else the widest ones narrowed to a common cap (their text then wraps)."""
    if not natural:
        return []
    if sum(natural) <= total:
        return [w * total / sum(natural) for w in natural]
    narrow = sorted(natural)
    cap = total / len(narrow)
    for index, width in enumerate(narrow):  # the cap at which the narrower ones keep their width
        trial = (total - sum(narrow[:index])) / (len(narrow) - index)
        if width >= trial:
            cap = trial
            break
    return [min(w, cap) for w in natural]
