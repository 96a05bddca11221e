"""Every use of python-pptx's internals, in one place (tested with python-pptx 1.0.2; the
version is bounded in pyproject.toml).

python-pptx names each new part by walking every part already in the package, looks for an
identical picture the same way, relates each new slide by scanning the presentation's
relationships, numbers slides and shapes by searching the whole XML, and clones a layout's
placeholders (and a notes page's) through XPath queries: a deck grows quadratically slower
with its length. What is here does the same work once and copies it, with the same result.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.shapes.autoshape import Shape
from pptx.shapes.placeholder import SlidePlaceholder
from pptx.shapes.shapetree import BaseShapeFactory, SlideShapes
from pptx.text.text import TextFrame

TITLE_TYPES = ("title", "ctrTitle")
FIRST_SLIDE_ID = 256


def speed_up(package) -> None:
    """Give this package's part naming and picture lookup a memory."""
    taken = {str(part.partname) for part in package.iter_parts()}
    next_number: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        number = next_number.get(template, 1)
        while template % number in taken:
            number += 1
        name = template % number
        taken.add(name)
        next_number[template] = number + 1
        return PackURI(name)

    package.next_partname = next_partname
    package.next_image_partname = lambda ext: next_partname(f"/ppt/media/image%d.{ext}")

    pictures = package._image_parts
    known = {part.sha1: part for part in pictures if hasattr(part, "sha1")}

    def get_or_add_image_part(image_file) -> ImagePart:
        image = Image.from_file(image_file)
        part = known.get(image.sha1)
        if part is None:
            part = known[image.sha1] = ImagePart.new(package, image)
        return part

    pictures.get_or_add_image_part = get_or_add_image_part


# ---------------------------------------------------------------- template


def presentation_element(prs):
    """Return the presentation's p:presentation element."""
    return prs.part._element


def drop_package_relationships(package, keep: str) -> None:
    """Remove the package's relationships (core, app and custom properties, thumbnail) but ``keep``."""
    for r_id, rel in list(package._rels.items()):
        if rel.reltype != keep:
            package._rels.pop(r_id)


# ---------------------------------------------------------------- shapes and text


def text_body(shape):
    """Return the shape's a:txBody element (its text, written directly)."""
    return shape.text_frame._txBody


def remove_shape(slide, shape) -> None:
    """Take a shape off its slide; the next shape added takes the number it leaves free."""
    shape._element.getparent().remove(shape._element)
    slide.shapes.turbo_add_enabled = True  # counts again from the highest number left


def add_arrow_head(connector) -> None:
    """End a connector line in a triangle."""
    etree.SubElement(connector.line._get_or_add_ln(), qn("a:tailEnd"), type="triangle", w="med", len="med")


class _NewShapes(SlideShapes):
    """A slide's shapes when boardtool adds them: numbered by a counter (python-pptx's own
    "turbo" mode), and wrapped without testing each for being a placeholder (none is)."""

    def _shape_factory(self, shape_elm):
        return BaseShapeFactory(shape_elm, self)


# ---------------------------------------------------------------- slides and notes


@dataclass
class _Layout:
    """A layout's placeholders as cloned onto a new slide, ready to copy; where the title is."""

    elements: list
    title_index: int | None


class SlideMaker:
    """Adds slides (and notes pages) to one presentation, each layout's clone worked out once."""

    def __init__(self, prs):
        self.prs = prs
        self._layouts: dict[int, _Layout] = {}
        self._last_id = max([FIRST_SLIDE_ID - 1, *(int(s.get("id")) for s in prs.slides._sldIdLst)])
        self._notes: tuple | None = None  # (notes master part, placeholder elements, body index)
        self._stamps: dict = {}  # shapes made once by python-pptx, copied since, by what they are

    def new_slide(self, layout):
        """Return a new slide on ``layout`` with its placeholders, and its title placeholder (or None)."""
        presentation = self.prs.part
        package = presentation.package
        slide_part = SlidePart.new(package.next_partname("/ppt/slides/slide%d.xml"), package, layout.part)
        r_id = presentation.rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        known = self._layouts.get(id(layout))
        if known is None:
            slide.shapes.clone_layout_placeholders(layout)
            known = self._layouts[id(layout)] = _layout_of(slide)
        else:
            tree = slide.shapes._spTree
            for element in known.elements:
                tree.append(copy.deepcopy(element))
        self._last_id += 1
        self.prs.slides._sldIdLst._add_sldId(id=self._last_id, rId=r_id)
        shapes = _NewShapes(slide.shapes._spTree, slide)
        shapes.turbo_add_enabled = True
        slide.__dict__["shapes"] = shapes  # python-pptx keeps lazy properties in the instance
        tree = shapes._spTree
        title = None
        if known.title_index is not None:
            title = SlidePlaceholder(tree[len(tree) - len(known.elements) + known.title_index], shapes)
        return slide, title

    def stamp(self, slide, key, box: tuple[int, int, int, int], make):
        """Return a shape such as ``make(slide, left, top, width, height)`` adds: made so the
        first time for ``key``, then copied, numbered, named and placed as python-pptx would."""
        known = self._stamps.get(key)
        if known is None:
            shape = make(slide, *box)
            self._stamps[key] = (copy.deepcopy(shape._element), shape.name.rpartition(" ")[0])
            return shape
        element, base = known
        shapes = slide.shapes
        number = shapes._next_shape_id
        element = copy.deepcopy(element)
        c_nv_pr = element.find(f"./*/{qn('p:cNvPr')}")
        c_nv_pr.set("id", str(number))
        c_nv_pr.set("name", f"{base} {number - 1}")
        element.x, element.y, element.cx, element.cy = box
        shapes._spTree.insert_element_before(element, "p:extLst")
        return BaseShapeFactory(element, shapes)

    def add_notes(self, slide, text: str) -> None:
        """Give the slide a notes page holding ``text``."""
        slide_part = slide.part
        if self._notes is None:
            notes = slide.notes_slide  # the first made by python-pptx itself, then copied
            tree = notes.shapes._spTree
            elements = [copy.deepcopy(e) for e in tree.iterchildren() if e.tag != qn("p:nvGrpSpPr")
                        and e.tag != qn("p:grpSpPr")]
            body = next(i for i, e in enumerate(elements) if _ph_type(e) == "body")
            self._notes = (self.prs.part.notes_master_part, elements, body)
            TextFrame(_body_of(tree, len(elements), body), notes).text = text
            return
        master, elements, body = self._notes
        notes_part = NotesSlidePart._add_notes_slide_part(slide_part.package, slide_part, master)
        tree = notes_part._element.cSld.spTree
        for element in elements:
            tree.append(copy.deepcopy(element))
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        TextFrame(_body_of(tree, len(elements), body), notes_part.notes_slide).text = text


def _body_of(tree, count: int, index: int):
    return tree[len(tree) - count + index].get_or_add_txBody()


def _ph_type(element) -> str | None:
    ph = element.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
    return None if ph is None else ph.get("type", "obj")


def _layout_of(slide) -> _Layout:
    tree = slide.shapes._spTree
    elements = [e for e in tree.iterchildren() if e.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr"))]
    title = next((i for i, e in enumerate(elements) if _ph_type(e) in TITLE_TYPES), None)
    return _Layout([copy.deepcopy(e) for e in elements], title)


__all__ = ["Shape", "SlideMaker", "add_arrow_head", "drop_package_relationships", "presentation_element",
           "remove_shape", "speed_up", "text_body"]
