"""Slide building blocks: colours, geometry, DrawingML paragraphs and layout arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu

from boardtool.export.flow import BULLET_INDENT, Para
from boardtool.export.text import Run, wrap

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


def emu(points: float) -> Emu:
    """Return points as EMU, the unit python-pptx places shapes in."""
    return Emu(int(points * 12700))


@dataclass(frozen=True)
class Area:
    """A rectangle on the slide, in points."""

    left: float
    top: float
    width: float
    height: float


def replace_size(para: Para, size: float) -> Para:
    """Return the paragraph at another size, as a fresh paragraph."""
    return replace(para, size=size, continued=False)


def role_colour(role: str) -> RGBColor:
    """Return the text colour of a paragraph's role."""
    return {"heading": TEAL, "emphasis": NAVY, "lead": NAVY}.get(role, INK)


ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}


def paragraph_properties(p, para: Para, algn: str, space_before: float) -> None:
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
    while size >= 16:
        if len(wrap([Run(title, True)], width, size)) * size * 1.2 <= height:
            return size, title
        size -= 2
    lines = wrap([Run(title, True)], width, 16.0)
    keep = max(1, int(height // (16 * 1.2)))
    text = "".join(r.text for line in lines[:keep] for r in line).rstrip()
    return 16.0, text[:-1] + "…"


def card_columns(centres: list[float], body: Area, gap: float = 12.0) -> tuple[float, list[float]]:
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


def grid(body: Area, count: int) -> list[Area]:
    columns = {1: 1, 2: 2, 3: 3, 4: 2}[count]
    rows = 1 if count <= 3 else 2
    gap = 18.0
    w = (body.width - gap * (columns - 1)) / columns
    h = (body.height - gap * (rows - 1)) / rows
    return [Area(body.left + (i % columns) * (w + gap), body.top + (i // columns) * (h + gap), w, h)
            for i in range(count)]
