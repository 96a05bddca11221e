"""A template gives its design only: last week's deck used as a template brings none of its
slides, custom shows, thumbnail, titles or properties along."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from leaks import deck_everything, found
from helpers import slide_title
from pptx import Presentation

from boardtool.model.errors import ExportError

OLD = "Maren Holt"


def _last_weeks_deck(path) -> None:
    """Write a deck with three slides naming a patient, a custom show keeping one of them,
    a thumbnail, extended properties listing slide titles, custom properties and old core properties."""
    prs = Presentation()
    for number in range(3):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"{OLD} slide {number + 1}"
        slide.notes_slide.notes_text_frame.text = f"notes about {OLD}"
    prs.core_properties.author = "Dr Old Author"
    prs.core_properties.title = f"Board with {OLD}"
    prs.core_properties.created = dt.datetime(2020, 1, 1)
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "ppt/presentation.xml":
                rel = re.search(rb'<p:sldId id="(\d+)" r:id="(rId\d+)"', data).group(2)
                data = data.replace(
                    b"<p:defaultTextStyle>",
                    b'<p:custShowLst><p:custShow name="' + OLD.encode() + b'" id="0"><p:sldLst><p:sld r:id="'
                    + rel + b'"/></p:sldLst></p:custShow></p:custShowLst><p:defaultTextStyle>', 1)
            if item.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>'))
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
            if item.filename == "docProps/app.xml":
                data = data.replace(b"</Properties>", b"<TitlesOfParts>" + OLD.encode() + b"</TitlesOfParts></Properties>")
            if item.filename == "docProps/thumbnail.jpeg":
                data += OLD.encode()
            target.writestr(item, data)
        target.writestr("docProps/custom.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/'
            'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'docPropsVTypes"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Patient">'
            f"<vt:lpwstr>{OLD}</vt:lpwstr></property></Properties>"))


def _sections(deck: bytes) -> list[str]:
    titles = [slide_title(s).removesuffix(" (cont.)") for s in Presentation(io.BytesIO(deck)).slides]
    return [t for i, t in enumerate(titles) if i == 0 or titles[i - 1] != t]


def test_last_weeks_deck_gives_its_design_only(board, export, tmp_path):
    template = tmp_path / "last-week.pptx"
    _last_weeks_deck(template)
    assert len(Presentation(str(template)).slides) == 3
    board.cases = board.cases[1:]  # this week's board does not include the old patient
    plain, _, _ = export(board, case_id="c-child-zfta")
    deck, _, _ = export(board, case_id="c-child-zfta", template=template)
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        names = archive.namelist()
        presentation = archive.read("ppt/presentation.xml").decode()
    assert len(names) == len(set(names))
    assert not [n for n in names if "thumbnail" in n or "custom.xml" in n or n == "docProps/app.xml"]
    assert "custShow" not in presentation
    # the same slides as without the template (its own slides are not kept); a smaller 4:3
    # slide may continue a section on more "(cont.)" slides
    assert _sections(deck) == _sections(plain)
    assert found(["Maren", "Holt", "Old Author"], deck_everything(deck)) == []
    props = Presentation(io.BytesIO(deck)).core_properties
    assert props.author == "boardtool" and props.created.year >= 2026
    assert abs((props.created - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds()) < 600


def test_template_without_slide_size_is_refused(board, export, tmp_path):
    path = tmp_path / "no-size.pptx"
    buffer = io.BytesIO()
    Presentation().save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "ppt/presentation.xml":
                data = re.sub(rb"<p:sldSz[^>]*/>", b"", data)
            target.writestr(item, data)
    with pytest.raises(ExportError, match="no slide size"):
        export(board, template=path)


def test_template_whose_placeholders_have_no_position_is_refused(board, export, tmp_path):
    path = tmp_path / "unplaced.pptx"
    prs = Presentation()
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for ph in owner.placeholders:
            xfrm = ph._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
            if xfrm is not None:
                ph._element.spPr.remove(xfrm)
    prs.save(path)
    with pytest.raises(ExportError, match="placed title placeholder"):
        export(board, template=path)
