"""export/text.py: cleaning, shortening, PDF markup, measured wrapping, merging and chunking."""

from __future__ import annotations

import pytest

from boardtool.export import fonts
from boardtool.export.text import REPLACEMENT, Run, chunks, clean, merge, one_line, pdf_markup, shorten, wrap


def test_clean_unifies_line_breaks_and_replaces_what_xml_cannot_carry():
    assert clean("a\r\nb\rc\td") == "a\nb\nc\td"
    assert clean("x\x00y\x1fz\ufffe") == f"x{REPLACEMENT}y{REPLACEMENT}z{REPLACEMENT}"
    assert clean("≥ 54 Gy, µ, Ελένη") == "≥ 54 Gy, µ, Ελένη"


def test_shorten_keeps_short_text_and_cuts_long_text_to_its_limit():
    assert shorten("Case 2", 10) == "Case 2"
    cut = shorten("Posterior fossa ependymoma, group A", 12)
    assert len(cut) <= 12 and cut.endswith("…") and cut.startswith("Posterior")


def test_one_line_fits_its_width():
    label = "Craniospinal irradiation with a boost to the posterior fossa and the spinal deposits"
    assert one_line("Surgery", 300, 18) == "Surgery"
    short = one_line(label, 300, 18)
    assert short.endswith("…") and len(short) < len(label)
    assert len(wrap([Run(short, True)], 300, 18)) == 1


def test_pdf_markup_escapes_user_text_and_names_what_no_font_draws():
    assert pdf_markup("dose <54 Gy & more>") == "dose &lt;54 Gy &amp; more&gt;"
    assert pdf_markup("first\nsecond") == "first<br/>second"
    assert pdf_markup("gene 🧬") == "gene [U+1F9EC]"
    assert pdf_markup("a\x00b") == f"a{REPLACEMENT}b"


def test_pdf_markup_sets_ideographs_in_the_fallback_font():
    text = "患者 rechts"
    if not fonts.covers(fonts.CJK, "患"):
        pytest.fail("the bundled CJK font does not cover a common ideograph")
    assert pdf_markup(text).startswith(f'<font name="{fonts.CJK}">患者</font>')
    assert pdf_markup(text).endswith(" rechts")


def test_wrap_keeps_every_character_and_each_line_within_its_width():
    runs = [Run("Question: ", True), Run("Is re-irradiation of the spinal deposits safe after 54 Gy " * 4)]
    lines = wrap(runs, 400, 24)
    assert len(lines) > 2
    assert "".join(r.text for line in lines for r in line) == "".join(r.text for r in runs)
    for line in lines:
        width = sum(fonts.text_width(r.text, 24, r.bold) for r in line[:-1])
        width += fonts.text_width(line[-1].text.rstrip(), 24, line[-1].bold)
        assert width <= 400
    assert lines[0][0] == Run("Question: ", True)


def test_wrap_breaks_a_word_longer_than_the_line():
    word = "NCT" + "0123456789" * 8
    lines = wrap([Run(word)], 200, 18)
    assert len(lines) > 1 and "".join(r.text for line in lines for r in line) == word
    assert all(fonts.text_width(r.text, 18) <= 200 for line in lines for r in line)
    assert wrap([], 200, 18) == [[]]


def test_merge_joins_neighbours_of_one_style_and_drops_empty_runs():
    runs = [Run("Dose: ", True), Run("", False), Run("54 ", False), Run("Gy", False), Run(" (RBE)", True)]
    assert merge(runs) == [Run("Dose: ", True), Run("54 Gy", False), Run(" (RBE)", True)]


def test_chunks_give_back_the_text_cut_between_words_where_there_are_any():
    text = ("The board discussed re-irradiation. " * 200) + "x" * 4000
    pieces = chunks(text, 1500)
    assert "".join(pieces) == text
    assert all(len(p) <= 1500 for p in pieces)
    assert pieces[0].endswith(" ") and pieces[1].split()[0] in ("The", "board", "discussed", "re-irradiation.")
    assert pieces[-2] == "x" * 1500  # no space to cut at: cut at the size
    assert chunks("short") == ["short"]
