"""The deck can be read from the back of the room: no text under 18 pt, body text at
24 pt continued rather than shrunk, the patient on every case slide, key facts up front."""

from __future__ import annotations

import re

import pytest
from helpers import deck_slides, patient_badge, slide_text, slide_title, slide_xml
from lxml import etree
from pptx import Presentation

from boardtool.export import fonts
from boardtool.model.board import Annotation

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _run_sizes(deck: bytes) -> list[tuple[str, int | None]]:
    """Return (slide, size in hundredths of a point) of every text run on every slide."""
    sizes = []
    for name, xml in slide_xml(deck).items():
        for run in etree.fromstring(xml).iter(f"{A}r"):
            props = run.find(f"{A}rPr")
            sizes.append((name, int(props.get("sz")) if props is not None and props.get("sz") else None))
    return sizes


def _crowded(board):
    """Return the sample with long texts, notes and annotations everywhere."""
    case = board.cases[0]
    case.discussion["radiation"].notes = " ".join(["Craniospinal dose constraints discussed."] * 80)
    case.plan.recommendation = "Proton craniospinal irradiation with boosts. " * 30
    case.question = "Which re-irradiation schedule is safe after 59.4 Gy focal RT? " * 6
    case.images[0].annotations = [Annotation(kind="text", x1=0.9, y1=0.9, text="Residual nodule at margin")]
    for event in case.history:
        event.description = "A long description of the event with many details to show. " * 4
    return board


@pytest.mark.parametrize("mode", ["full", "compact"])
@pytest.mark.parametrize("deidentify", [False, True])
def test_no_text_run_under_18_pt(board, export, mode, deidentify):
    deck, _, _ = export(_crowded(board), deidentify=deidentify, mode=mode)
    sizes = _run_sizes(deck)
    assert len(sizes) > 100
    missing = [name for name, size in sizes if size is None]
    assert not missing, f"runs without an explicit size on {missing[:3]}"
    small = [(name, size / 100) for name, size in sizes if size < 1800]
    assert not small, f"text under 18 pt: {small[:5]}"


def test_institution_template_keeps_18_pt_too(board, export, tmp_path):
    path = tmp_path / "office-4x3.pptx"
    Presentation().save(path)
    deck, _, _ = export(_crowded(board), case_id="c-adult-pfb", template=path)
    assert min(size for _, size in _run_sizes(deck)) >= 1800


def test_body_text_continues_at_24_pt_rather_than_shrinking(board, export):
    board.cases[0].discussion["radiation"].notes = " ".join(f"word{i:04d}" for i in range(900))
    deck, _, _ = export(board, case_id="c-adult-pfb")
    slides = [s for s in deck_slides(deck) if slide_title(s).startswith("Radiation therapy")]
    assert len(slides) >= 3
    assert [slide_title(s) for s in slides[1:]] == ["Radiation therapy (cont.)"] * (len(slides) - 1)
    runs = [r for slide in slides for shape in slide.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for r in p.runs if "word0" in r.text]
    assert "word0899" in "".join(r.text for r in runs)
    assert {r.font.size.pt for r in runs} == {24.0}


def test_short_modality_slide_uses_larger_text(board, export):
    supportive = board.case_by_id("c-adult-pfb").discussion["supportive"]
    supportive.options, supportive.notes = ["dexamethasone"], ""
    supportive.recommendation = "Taper dexamethasone over two weeks."
    deck, _, _ = export(board, case_id="c-adult-pfb")
    slide = next(s for s in deck_slides(deck) if slide_title(s) == "Supportive care")
    sizes = {r.font.size.pt for shape in slide.shapes if shape.has_text_frame and shape.name != "Patient identifier"
             and shape != slide.shapes.title for p in shape.text_frame.paragraphs for r in p.runs}
    assert 28.0 in sizes  # little text: set larger to fill the slide


def _case_slides(deck: bytes) -> dict[str, list]:
    """Return the slides of each case, keyed by the case heading of its title slide."""
    out: dict[str, list] = {}
    current = None
    for slide in deck_slides(deck):
        badge = patient_badge(slide)
        if re.fullmatch(r"Case \d+", badge):
            current = slide_title(slide).removesuffix(" (deferred)")
            out[current] = []
        if current is not None:
            out[current].append(slide)
    return out


def test_every_case_slide_names_the_patient(board, export):
    deck, _, _ = export(board)
    cases = _case_slides(deck)
    assert list(cases) == ["Maren Holt", "Elio Marchetti", "Ruth Abernathy"]
    for number, (name, slides) in enumerate(cases.items(), start=1):
        assert patient_badge(slides[0]) == f"Case {number}"
        for slide in slides[1:]:
            assert patient_badge(slide) == f"Case {number} · {name}", slide_title(slide)


def test_deidentified_badge_is_case_code_age_and_sex_never_initials(board, export):
    deck, _, _ = export(board, deidentify=True)
    cases = _case_slides(deck)
    assert list(cases) == ["TB-2026-1", "TB-2026-2", "TB-2026-3"]
    badges = {patient_badge(s) for s in cases["TB-2026-2"][1:]}
    assert badges == {"Case 2 · TB-2026-2 · 2 years 5 months, male"}
    everything = "\n".join(slide_text(s) for s in deck_slides(deck))
    for initials in ("MH", "M.H.", "M. H.", "EM", "E.M.", "RA", "R.A."):
        assert not re.search(rf"(?<![\w.]){re.escape(initials)}(?![\w.])", everything), initials


def test_case_title_slide_shows_key_facts_and_question(board, export):
    deck, _, _ = export(board, case_id="c-adult-pfb")
    title = next(s for s in deck_slides(deck) if slide_title(s) == "Maren Holt")
    text = slide_text(title)
    for fact in ("WHO TYPE AND GRADE", "Posterior fossa group B (PFB) ependymoma, CNS WHO grade 2",
                 "M STAGE", "M3", "LAST RESECTION", "GTR, 27 Feb 2023", "DISEASE STATUS", "Recurrent",
                 "PERFORMANCE", "Karnofsky 80", "QUESTION FOR THE BOARD", "craniospinal re-irradiation"):
        assert fact in text
    tiles = [s for s in title.shapes if s.name == "Key fact"]
    assert len(tiles) == 6
    title_bottom = title.shapes.title.top + title.shapes.title.height
    assert all(title_bottom <= s.top and s.top + s.height <= 6_400_800 for s in tiles)  # above the footer band


def test_footer_is_18_pt_on_one_line(board, export):
    deck, _, _ = export(board)
    for slide in deck_slides(deck):
        footers = [s for s in slide.shapes if s.has_text_frame and s.top > 6_400_000 and s.text_frame.text]
        assert len(footers) == 2 + any(s.name == "Draft" for s in footers)  # the DRAFT mark of an unsigned plan
        for shape in footers:
            run = shape.text_frame.paragraphs[0].runs[0]
            assert run.font.size.pt == 18.0
            assert fonts.text_width(shape.text_frame.text, 18.0) <= shape.width / 12700 + 0.5
    last = deck_slides(deck)[-1]
    texts = [s.text_frame.text for s in last.shapes if s.has_text_frame and s.top > 6_400_000]
    assert "Confidential – patient information · Northbridge University Hospital · 3 Dec 2026" in texts


def test_text_a_little_too_long_for_one_column_takes_two_at_24_pt(board, export):
    plan = board.cases[0].plan  # the plan without its communication record: a little too long for one column
    plan.patient_preferences = plan.dissent = ""
    plan.patient_informed, plan.amendments, plan.guideline = None, [], ""
    plan.tell_patient.who = plan.tell_referrer.who = ""
    plan.tell_patient.due = plan.tell_referrer.due = None
    deck, _, _ = export(board, case_id="c-adult-pfb")
    titles = [slide_title(s) for s in deck_slides(deck)]
    assert "Consensus plan (cont.)" not in titles
    plan = deck_slides(deck)[titles.index("Consensus plan")]
    columns = sorted((s for s in plan.shapes if s.has_text_frame and "disease control" in s.text_frame.text
                      or s.has_text_frame and "Proton centre referral" in s.text_frame.text), key=lambda s: s.left)
    assert len(columns) == 2 and columns[0].left + columns[0].width < columns[1].left
    sizes = {r.font.size.pt for c in columns for p in c.text_frame.paragraphs for r in p.runs}
    assert min(sizes) >= 18.0 and 24.0 in sizes


def test_meeting_title_slide_keeps_every_line_on_a_small_template(board, export, tmp_path):
    path = tmp_path / "office-4x3.pptx"
    Presentation().save(path)
    deck, _, _ = export(board, case_id="c-adult-pfb", template=path)
    text = slide_text(deck_slides(deck)[0])
    for line in ("3 Dec 2026 · 08:00 · Room B2.14", "Chair: Dr. Paul Lindqvist", "Northbridge University Hospital",
                 "Ependymoma · Confidential – patient information"):
        assert line in text
