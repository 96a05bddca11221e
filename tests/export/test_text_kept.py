"""Every character the user typed reaches both outputs; hostile text is escaped."""

from __future__ import annotations

import pytest
from helpers import deck_slides, deck_text, pdf_body_text, pdf_text, slide_text, slide_title, squash

from pptx.oxml.ns import qn

from boardtool.export import fonts
from boardtool.export.flow import height_of, Para
from boardtool.export.text import Run, clean, pdf_markup, wrap

HOSTILE = 'Dose <b>≥ 54 Gy</b> & "µg" \'quoted\' α-β-γ 山田太郎 Zoë Ångström </para> &amp; <br/>'


def test_hostile_text_kept_in_both(board, export):
    board.cases[0].discussion["radiation"].notes = HOSTILE
    board.cases[0].question = "Is <i>CSI</i> & boost ≥ 36 Gy right for 山田?"
    deck, pdf, _ = export(board, case_id="c-adult-pfb")
    for text in (deck_text(deck), pdf_text(pdf)):
        assert squash(HOSTILE) in squash(text)
        assert squash("Is <i>CSI</i> & boost ≥ 36 Gy right for 山田?") in squash(text)


def test_emoji_gets_visible_fallback_in_pdf_and_stays_in_deck(board, export):
    board.cases[0].discussion["radiation"].notes = "Patient prefers 🙂 outpatient care"
    deck, pdf, _ = export(board, case_id="c-adult-pfb")
    assert "🙂" in deck_text(deck)
    assert "[U+1F642]" in pdf_text(pdf)


def test_long_note_continues_over_slides_with_nothing_lost(board, export):
    words = [f"word{i:05d}" for i in range(2000)]
    note = " ".join(words)  # about 20,000 characters
    assert len(note) >= 19_999
    board.cases[0].discussion["radiation"].notes = note
    deck, pdf, _ = export(board, case_id="c-adult-pfb")
    slides = [s for s in deck_slides(deck) if slide_title(s).startswith("Radiation therapy")]
    assert len(slides) >= 3
    assert slide_title(slides[1]) == "Radiation therapy (cont.)"
    bodies = [sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame and "word0" in sh.text_frame.text]
    assert squash(note) in squash("".join(bodies))
    assert squash(note) in squash(pdf_body_text(pdf))


def test_unbroken_string_wraps_and_is_kept(board, export):
    blob = "X" * 5000
    board.cases[0].discussion["radiation"].notes = blob
    deck, pdf, _ = export(board, case_id="c-adult-pfb")
    slides = [s for s in deck_slides(deck) if slide_title(s).startswith("Radiation therapy")]
    assert squash("".join(slide_text(s) for s in slides)).count("X") == 5000
    assert squash(pdf_text(pdf)).count("X") >= 5000


def _as_laid_out(paragraph) -> Para:
    """Return a slide paragraph as the deck measured it: size, spacing, bullet, panel inset."""
    ppr = paragraph._p.pPr
    bullet = ppr is not None and ppr.find(qn("a:buChar")) is not None
    continued = ppr is not None and ppr.get("marL") is not None and not ppr.get("marR") and not bullet
    return Para(tuple(Run(r.text, bool(r.font.bold)) for r in paragraph.runs),
                paragraph.runs[0].font.size.pt if paragraph.runs else 18,
                space_before=paragraph.space_before.pt if paragraph.space_before else 0.0,
                bullet=bullet or continued, panel=ppr is not None and ppr.get("marR") is not None)


def test_no_text_box_overflows(board, export):
    board.cases[0].discussion["radiation"].notes = " ".join(["overflow-check"] * 2500)
    board.cases[0].plan.recommendation = "Long plan. " * 400
    deck, _, _ = export(board)
    checked = 0
    for slide in deck_slides(deck):
        for shape in slide.shapes:
            if not shape.has_text_frame or shape == slide.shapes.title or not shape.text_frame.text:
                continue
            paras = [_as_laid_out(p) for p in shape.text_frame.paragraphs]
            assert height_of(paras, shape.width / 12700) <= shape.height / 12700 + 1, slide_title(slide)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("width", [40.0, 120.0, 400.0])
def test_wrap_keeps_every_character(width):
    text = "Lorem ipsum  dolor\tsit amet, " + "y" * 300 + " 山田太郎 ≥ µ end "
    lines = wrap([Run(text)], width, 12)
    assert "".join(r.text for line in lines for r in line) == text
    for line in lines:
        visible = "".join(r.text for r in line).rstrip()
        assert fonts.text_width(visible, 12) <= width + 0.01 or len(visible) == 1


def test_markup_escapes_and_falls_back():
    markup = pdf_markup("a < b & c > d 中 🧬\nnext")
    assert "&lt;" in markup and "&amp;" in markup and "&gt;" in markup
    assert 'name="BoardCJK">中' in markup
    assert "[U+1F9EC]" in markup and "<br/>" in markup


def test_control_characters_replaced_not_dropped():
    assert clean("a\x00b\x07c\r\nd") == "a\ufffdb\ufffdc\nd"
