"""Reading exports back for assertions."""

from __future__ import annotations

import io
import re
import zipfile

from pptx import Presentation
from pypdf import PdfReader


def deck_slides(data: bytes):
    return list(Presentation(io.BytesIO(data)).slides)


def slide_title(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def slide_text(slide) -> str:
    parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    return "\n".join(parts)


def deck_text(data: bytes) -> str:
    return "\n".join(slide_text(s) for s in deck_slides(data))


def deck_all_parts(data: bytes) -> str:
    """Return the text of every XML part of the deck (slides, notes, properties...)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pdf_reader(data).pages)


def pdf_bookmarks(data: bytes) -> list[tuple[int, str]]:
    """Return (level, title) of every bookmark in document order."""
    out: list[tuple[int, str]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title))

    walk(pdf_reader(data).outline, 0)
    return out


def squash(text: str) -> str:
    """Return text without any white space, for comparing across line breaks."""
    return re.sub(r"\s+", "", text)


def pdf_body_text(data: bytes) -> str:
    """Return the PDF's text without the running header (2 lines) and footer (3 lines) of each page."""
    pages = []
    for page in pdf_reader(data).pages:
        lines = (page.extract_text() or "").strip().split("\n")
        pages.append("\n".join(lines[2:-3]))
    return "\n".join(pages)


def slide_xml(data: bytes) -> dict[str, bytes]:
    """Return the XML of every slide (not notes, layouts or masters) by part name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)}


def shapes_named(slide, name: str) -> list:
    """Return the slide's shapes (inside groups too) with this name."""
    found = []

    def walk(shapes):
        for shape in shapes:
            if shape.shape_type == 6:  # a group
                walk(shape.shapes)
            if shape.name == name:
                found.append(shape)

    walk(slide.shapes)
    return found


def patient_badge(slide) -> str:
    """Return the patient identifier shown on a slide ('' when there is none)."""
    boxes = shapes_named(slide, "Patient identifier")
    return boxes[0].text_frame.text if boxes else ""
