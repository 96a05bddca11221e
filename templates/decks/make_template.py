"""Build boardtool's default 16:9 deck template (layouts only, no slides).

Run from the repository root: ``python templates/decks/make_template.py``.
The template carries geometry, colours and the title style; the deck adds the
institution's name, logo and footer text at export time.
"""

from __future__ import annotations

import copy
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

HERE = Path(__file__).resolve().parent
OUT = HERE / "boardtool-16x9.pptx"
KEEP = ("Title Slide", "Title Only", "Blank")
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
TEAL = RGBColor(0x2A, 0x7F, 0x8E)
MIST = RGBColor(0xEE, 0xF2, 0xF6)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)


def drop_unused_layouts(prs) -> None:
    master = prs.slide_master
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    for layout_id in list(id_list):
        layout = master.part.related_part(layout_id.get(qn("r:id")))
        if layout.slide_layout.name not in KEEP:
            master.part.drop_rel(layout_id.get(qn("r:id")))
            id_list.remove(layout_id)


def rect(scratch, left, top, width, height, color, name):
    """Return the XML of a filled, borderless rectangle (drawn on a scratch slide)."""
    shape = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()
    shape.shadow.inherit = False
    return copy.deepcopy(shape._element)


def add_behind(shapes, element) -> None:
    """Insert a decoration as the first drawn shape, behind the placeholders."""
    tree = shapes._spTree
    tree.insert(2, element)  # after nvGrpSpPr and grpSpPr


def place(shape, left, top, width, height) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def style_title(text_style, size, color) -> None:
    level = text_style.find(qn("a:lvl1pPr"))
    level.set("algn", "l")
    run = level.find(qn("a:defRPr"))
    run.set("sz", str(size * 100))
    run.set("b", "1")
    for child in list(run):
        if child.tag == qn("a:solidFill"):
            run.remove(child)
    fill = run.makeelement(qn("a:solidFill"), {})
    fill.append(fill.makeelement(qn("a:srgbClr"), {"val": str(color)}))
    run.insert(0, fill)


def build() -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    drop_unused_layouts(prs)
    scratch = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    master = prs.slide_master

    for ph in master.placeholders:
        scale = WIDTH / Inches(10)
        ph.left, ph.width = Emu(int(ph.left * scale)), Emu(int(ph.width * scale))
    title = next(ph for ph in master.placeholders if ph.placeholder_format.type == 1)
    place(title, Inches(0.5), Inches(0.28), Inches(12.33), Inches(0.9))
    style_title(master._element.find(qn("p:txStyles")).find(qn("p:titleStyle")), 28, NAVY)
    add_behind(master.shapes, rect(scratch, 0, 0, WIDTH, Inches(0.12), NAVY, "Top band"))
    add_behind(master.shapes, rect(scratch, Inches(0.5), Inches(1.22), Inches(1.4), Inches(0.05), TEAL, "Title rule"))
    add_behind(master.shapes, rect(scratch, 0, Inches(7.0), WIDTH, Inches(0.5), MIST, "Footer band"))

    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            kind = ph.placeholder_format.type
            if layout.name == "Title Only" and kind == 1:
                place(ph, Inches(0.5), Inches(0.28), Inches(12.33), Inches(0.9))
            elif layout.name == "Title Slide" and kind == 3:
                place(ph, Inches(0.9), Inches(2.0), Inches(11.5), Inches(1.6))
                ph.text_frame.paragraphs[0].font.size = Pt(40)
            elif layout.name == "Title Slide" and kind == 4:
                place(ph, Inches(0.9), Inches(3.7), Inches(11.5), Inches(1.6))
        if layout.name == "Title Slide":
            layout._element.set("showMasterSp", "0")
            add_behind(layout.shapes, rect(scratch, 0, 0, Inches(0.45), HEIGHT, NAVY, "Side band"))
            add_behind(layout.shapes, rect(scratch, Inches(0.9), Inches(3.55), Inches(2.0), Inches(0.06), TEAL, "Title rule"))
    prs.save(OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    build()
