"""export/flow.py: outline blocks become paragraphs, and paragraphs become pages that fit."""

from __future__ import annotations

import pytest

from boardtool.export.flow import (
    KEEP_WHOLE,
    PANEL_GAP,
    SMALLEST,
    Para,
    clear_of_panels,
    height_of,
    paginate,
    paras_for,
)
from boardtool.export.text import Run
from boardtool.outline_blocks import ActionRow, Actions, Bullets, Fact, Facts, Pictures, Text

WIDTH, HEIGHT = 600.0, 300.0


def _body(text: str, size: float = 24.0, **kw) -> Para:
    return Para((Run(text),), size, **kw)


def _heading(text: str, size: float = 18.0) -> Para:
    return Para((Run(text, True),), size, "heading", space_before=16.0)


def _page_text(pages: list[list[Para]]) -> str:
    return "".join(p.text for page in pages for p in page)


def test_facts_show_bold_labels_under_a_heading_never_below_the_smallest_size():
    paras = paras_for(Facts((Fact("WHO type", "PFA ependymoma"), Fact("Grade", "3")), "Diagnosis"), 20.0)
    assert [p.role for p in paras] == ["heading", "body", "body"]
    assert paras[0].text == "DIAGNOSIS" and paras[0].size == SMALLEST
    assert paras[1].runs == (Run("WHO type: ", True), Run("PFA ependymoma"))


def test_emphasised_text_stands_on_a_panel_line_by_line():
    paras = paras_for(Text("Question for the board", "Re-irradiate?\nOr observe?", emphasis=True), 24.0)
    assert [p.text for p in paras] == ["QUESTION FOR THE BOARD", "Re-irradiate?", "Or observe?"]
    assert all(p.panel for p in paras) and {p.role for p in paras[1:]} == {"emphasis"}


def test_bullets_and_actions_are_bulleted_and_name_who_and_when():
    bullets = paras_for(Bullets("Prompts", ("Age under 12 months",)), 24.0)
    assert bullets[1].bullet and bullets[1].text == "Age under 12 months"
    (heading, row) = paras_for(Actions((ActionRow("Book MRI", "Dr Okafor", "2026-03-12"),)), 24.0)
    assert heading.text == "ACTIONS"
    assert row.runs == (Run("Book MRI"), Run(" — Dr Okafor", True), Run(" (by 2026-03-12)")) and row.bullet


def test_a_block_that_is_not_text_is_refused():
    with pytest.raises(TypeError, match="Pictures"):
        paras_for(Pictures(()), 24.0)


def test_a_panel_keeps_its_distance_from_the_text_beside_it():
    paras = clear_of_panels([_body("a"), _body("b", panel=True), _body("c", panel=True), _body("d")])
    assert [p.space_before for p in paras] == [6.0, PANEL_GAP, 6.0, PANEL_GAP]


def test_long_text_continues_on_the_next_page_and_every_page_fits():
    long = _body("The board recommends focal re-irradiation of the spinal deposit. " * 30)
    pages = paginate([_heading("Recommendation"), long, _body("End.")], WIDTH, HEIGHT)
    assert len(pages) > 1
    assert _page_text(pages) == "Recommendation" + long.text + "End."
    assert all(height_of(page, WIDTH) <= HEIGHT for page in pages)
    assert pages[1][0].continued and not pages[0][1].continued


def test_a_heading_never_ends_a_page():
    filler = _body("Line of history. " * 24)
    rows = int(HEIGHT // filler.line_height)
    paras = [_body("x", 24.0)] * (rows - 2) + [_heading("Plan"), _body("Two lines " * 12)]
    pages = paginate(paras, WIDTH, HEIGHT)
    assert all(page[-1].role != "heading" for page in pages)
    assert [p.text for p in pages[1]][0] == "Plan"


def test_a_short_paragraph_moves_to_the_next_page_whole():
    one_line = _body("x", space_before=0.0)
    rows = int(HEIGHT // one_line.line_height)
    short = _body("Three short lines of text to keep together " * 3)
    assert 1 < height_of([short], WIDTH) / short.line_height <= KEEP_WHOLE
    pages = paginate([one_line] * (rows - 1) + [short], WIDTH, HEIGHT)
    assert pages[-1] == [short] and not any(p.continued for page in pages for p in page)


def test_a_line_taller_than_the_page_is_placed_anyway():
    tall = _body("Huge", size=400.0)
    assert paginate([tall, _body("after")], WIDTH, HEIGHT) == [[tall], [_body("after")]]


def test_a_split_paragraph_never_leaves_one_line_alone_on_the_next_page():
    one_line = _body("x", space_before=0.0)
    rows = int(HEIGHT // one_line.line_height)
    seven = next(para for para in (_body("planning MRI " * n) for n in range(1, 300))
                 if round(height_of([para], WIDTH) / para.line_height) == 7)
    assert KEEP_WHOLE < 7  # long enough to be split rather than moved whole
    pages = paginate([one_line] * (rows - 6) + [seven], WIDTH, HEIGHT)  # room for 6 of its 7 lines
    assert _page_text(pages) == "x" * (rows - 6) + seven.text
    rest = pages[-1][0]
    assert rest.continued and round(height_of([rest], WIDTH) / rest.line_height) == 2


def test_a_short_list_stays_with_its_heading_rather_than_leave_an_item_alone():
    one_line = _body("x", space_before=0.0)
    rows = int(HEIGHT // one_line.line_height)
    sites = [_body(f"Spinal leptomeninges T{n}", bullet=True, space_before=0.0) for n in (6, 11, 12)]
    heading = _heading("Metastatic sites")
    # room for the heading and two of the three sites on the first page
    filler = [one_line] * (rows - 3)
    pages = paginate(filler + [heading] + sites, WIDTH, HEIGHT)
    assert pages[-1] == [heading, *sites]  # the list moved whole, with its heading
    long_list = [_body(f"site {n}", bullet=True, space_before=0.0) for n in range(8)]
    pages = paginate(filler + [heading] + long_list, WIDTH, HEIGHT)
    assert heading in pages[0]  # a long list may still begin on the page of its heading
