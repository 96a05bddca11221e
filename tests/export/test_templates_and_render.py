"""Institution templates, and the deck rendering in LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import deck_slides, slide_title
from pptx import Presentation

from boardtool.model.errors import ExportError


def test_default_template_has_layouts_and_no_slides():
    from boardtool import resources

    prs = Presentation(str(resources.decks_dir() / "boardtool-16x9.pptx"))
    assert len(prs.slides) == 0
    assert {"Title Slide", "Title Only"} <= {layout.name for layout in prs.slide_layouts}
    assert round(prs.slide_width / prs.slide_height, 2) == 1.78


def test_institution_template_layouts_chosen_by_name(board, export, tmp_path):
    path = tmp_path / "institution.pptx"
    prs = Presentation()  # a 4:3 template with the usual Office layout names
    prs.slides.add_slide(prs.slide_layouts[0])  # a stray slide is dropped, not kept
    prs.save(path)
    deck, _, _ = export(board, case_id="c-adult-pfb", template=path)
    slides = deck_slides(deck)
    assert slides[0].slide_layout.name == "Title Slide"
    assert {s.slide_layout.name for s in slides[1:]} == {"Title Only"}
    assert slide_title(slides[0]) == "Neuro-oncology tumour board"


def test_template_without_title_layout_is_refused_clearly(board, export, tmp_path):
    path = tmp_path / "bare.pptx"
    prs = Presentation()
    for layout in prs.slide_layouts:
        for ph in list(layout.placeholders):
            if ph.placeholder_format.type in (1, 3):
                ph._element.getparent().remove(ph._element)
    prs.save(path)
    with pytest.raises(ExportError, match="no layout with a placed title placeholder") as info:
        export(board, template=path)
    assert str(path) in str(info.value)


def test_unreadable_template_is_refused_clearly(board, export, tmp_path):
    path = tmp_path / "not.pptx"
    path.write_text("plain text")
    with pytest.raises(ExportError, match="cannot open the deck template"):
        export(board, template=path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) is not installed")
def test_every_slide_renders_in_libreoffice(board, export, tmp_path):
    deck, _, _ = export(board)
    path = tmp_path / "board.pptx"
    path.write_bytes(deck)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=300,
    )
    info = subprocess.run(["pdfinfo", str(tmp_path / "board.pdf")], check=True, capture_output=True, text=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    assert pages == len(deck_slides(deck))


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_timeline_cards_never_overlap_and_stay_on_the_slide(count):
    from boardtool.export.deck_parts import Area, card_columns as _card_columns

    body = Area(36, 100, 888, 300)
    slot = body.width / count
    centres = [body.left + slot * (i + 0.5) for i in range(count)]
    width, lefts = _card_columns(centres, body)
    for side in (0, 1):
        spans = sorted((lefts[i], lefts[i] + width) for i in range(side, count, 2))
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(body.left <= left and left + width <= body.left + body.width + 0.01 for left in lefts)
