"""Deck and summary follow the outline: order, selection, and agreement with each other."""

from __future__ import annotations

from helpers import deck_slides, pdf_bookmarks, slide_title

MODALITY_TITLES = {
    "surgery": "Surgery",
    "radiation": "Radiation therapy",
    "chemotherapy": "Chemotherapy",
    "targeted": "Targeted therapy and immunotherapy",
    "supportive": "Supportive care",
    "surveillance": "Surveillance imaging",
}


def _titles(deck):
    return [slide_title(s).removesuffix(" (cont.)").removesuffix(" — details") for s in deck_slides(deck)]


def _dedupe(items):
    out = []
    for item in items:
        if not out or out[-1] != item:
            out.append(item)
    return out


def test_deck_section_order_for_first_case(board, export):
    deck, _, _ = export(board, case_id="c-adult-pfb")
    assert _dedupe(_titles(deck)) == [
        "Neuro-oncology tumour board", "Agenda", "Maren Holt", "Clinical status",
        "Diagnosis, disease extent and staging", "Treatment history", "Key images",
        "Surgery", "Radiation therapy", "Targeted therapy and immunotherapy", "Supportive care",
        "Surveillance imaging", "Consensus plan",
    ]


def test_pdf_bookmarks_per_case_and_section(board, export):
    _, pdf, _ = export(board)
    marks = pdf_bookmarks(pdf)
    top = [title for level, title in marks if level == 0]
    assert top == ["Neuro-oncology tumour board", "Case 1 — Maren Holt", "Case 2 — Elio Marchetti",
                   "Case 3 — Ruth Abernathy (deferred)", "Meeting minutes"]
    case2 = marks[marks.index((0, "Case 2 — Elio Marchetti")) + 1: marks.index((0, "Case 3 — Ruth Abernathy (deferred)"))]
    assert [t for _, t in case2] == [
        "Patient and question", "Clinical status", "Diagnosis, disease extent and staging",
        "Treatment history", "Key images", "Surgery", "Radiation therapy", "Chemotherapy",
        "Supportive care", "Consensus plan",
    ]


def test_undiscussed_modalities_absent_and_both_outputs_agree(board, export):
    case = board.cases[0]
    case.discussion["supportive"].discussed = False
    deck, pdf, outline = export(board, case_id=case.id)
    shown = [MODALITY_TITLES[m] for m in outline.cases[0].modality_ids]
    assert shown == ["Surgery", "Radiation therapy", "Targeted therapy and immunotherapy", "Surveillance imaging"]
    deck_modalities = [t for t in _dedupe(_titles(deck)) if t in MODALITY_TITLES.values()]
    pdf_modalities = [t for level, t in pdf_bookmarks(pdf) if t in MODALITY_TITLES.values()]
    assert deck_modalities == pdf_modalities == shown
    assert "Supportive care" not in _titles(deck)


def test_modalities_follow_catalog_order_not_entry_order(board, export):
    case = board.cases[1]
    case.discussion = dict(reversed(list(case.discussion.items())))
    deck, pdf, _ = export(board, case_id=case.id)
    pdf_modalities = [t for _, t in pdf_bookmarks(pdf) if t in MODALITY_TITLES.values()]
    assert pdf_modalities == ["Surgery", "Radiation therapy", "Chemotherapy", "Supportive care"]
    assert [t for t in _dedupe(_titles(deck)) if t in MODALITY_TITLES.values()] == pdf_modalities


def test_agenda_marks_deferred_case(board, export):
    deck, pdf, _ = export(board)
    agenda = next(s for s in deck_slides(deck) if slide_title(s) == "Agenda")
    text = "\n".join(sh.text_frame.text for sh in agenda.shapes if sh.has_text_frame)
    assert "Ruth Abernathy" in text and "DEFERRED" in text
    assert "08:00–08:15" in text


def test_empty_fields_never_print_none(board, export):
    deck, pdf, _ = export(board)
    from helpers import deck_text, pdf_text

    for text in (deck_text(deck), pdf_text(pdf)):
        assert "None" not in text
        assert "N/A" not in text


def test_speaker_notes_carry_prompts_with_their_sources(board, export):
    deck, _, _ = export(board, case_id="c-child-zfta")
    radiation = next(s for s in deck_slides(deck) if slide_title(s) == "Radiation therapy")
    notes = radiation.notes_slide.notes_text_frame.text
    assert "Aged 12 months or more" in notes
    assert "Source: COG ACNS0121 (2019) — Merchant TE et al." in notes
    assert "craniospinal" in notes
    assert "Under 12 months" not in notes  # no deferral prompt at 29 months


def test_prompts_not_addressed_are_listed_in_the_overview_of_both_exports(board, export):
    from helpers import deck_text, pdf_text

    deck, pdf, _ = export(board, case_id="c-deferred-spinal")
    for text in (deck_text(deck), pdf_text(pdf)):
        flat = " ".join(text.split())
        assert "prompts not addressed in the discussion" in flat.lower()
        assert "NF2 features" in flat and "[EANO 2018; NF2-SWN criteria 2022]" in flat
        assert "Clinical-trial eligibility not yet discussed" in flat
