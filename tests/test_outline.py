"""The outline decides what is shown: selection, order, empty fields, de-identification."""

from __future__ import annotations

import datetime as dt

import pytest

from boardtool.model.board import Board, Case
from boardtool.model.errors import ExportError
from boardtool.outline import build_outline
from boardtool.outline_blocks import Facts
from boardtool.privacy import Scrubber


def test_sections_in_document_order(board, catalog):
    outline = build_outline(board, catalog)
    child = outline.cases[1]
    assert [s.id for s in child.sections] == [
        "case", "clinical", "staging", "history", "images", "surgery", "radiation", "chemotherapy",
        "supportive", "plan",
    ]
    assert [s.part for s in child.sections][-1] == "plan"


def test_empty_case_shows_no_empty_sections(catalog):
    board = Board(cases=[Case(question="What next?")])
    case = build_outline(board, catalog).cases[0]
    assert [s.id for s in case.sections] == ["case", "plan"]
    for section in case.sections:
        for block in section.blocks:
            if isinstance(block, Facts):
                assert all(f.value for f in block.items)


def test_case_filter(board, catalog):
    outline = build_outline(board, catalog, case_id="c-child-zfta")
    assert [c.number for c in outline.cases] == [2]
    with pytest.raises(ExportError, match="no case with id 'nope'"):
        build_outline(board, catalog, case_id="nope")


def test_deidentified_case_uses_code_and_age(board, catalog):
    outline = build_outline(board, catalog, deidentify=True)
    assert [c.heading for c in outline.cases] == ["TB-2026-1", "TB-2026-2", "TB-2026-3"]
    assert outline.cases[0].lead.startswith("34 years, female")
    assert outline.marking == "De-identified"


def test_scrubber_catches_name_mrn_and_birth_date_spellings(board):
    patient = board.cases[0].patient
    scrub = Scrubber.for_patient(patient)
    text = "Maren HOLT, MRN syn-004417, born 14/05/1992 (1992-05-14, May 14, 1992); Holton stays."
    out = scrub(text)
    assert "Maren" not in out and "HOLT" not in out and "004417" not in out
    assert "1992" not in out
    assert "Holton" in out  # whole words only


def test_agenda_slots_skip_deferred(board, catalog):
    board.cases[0].status = "deferred"
    agenda = build_outline(board, catalog).agenda
    assert agenda[0].slot == "" and agenda[0].deferred
    assert agenda[1].slot == "08:00–08:20"


def test_minutes_quorum(board, catalog):
    minutes = build_outline(board, catalog).minutes
    assert minutes.missing_specialties == ("Neuropathology",)
    deferred = [r for r in minutes.records if r.outcome.startswith("Deferred")]
    assert [r.heading for r in deferred] == ["Ruth Abernathy"]
    assert [(f.label, f.value) for f in deferred[0].deferral] == [
        ("Reason", "Central neuroradiology review of the cervical MRI is pending."), ("Listed again", "17 Dec 2026")]
    assert [r.signed for r in minutes.records] == [True, False, False]
    assert [r.missing for r in minutes.records] == [("Neuropathology",), (), ("Neuropathology",)]


def test_relative_dates_count_from_diagnosis(board, catalog):
    from boardtool.outline import relative_date
    from boardtool.outline_blocks import Timeline

    assert relative_date(dt.date(2023, 3, 2), dt.date(2023, 3, 2)) == "Dx"
    assert relative_date(dt.date(2023, 2, 27), dt.date(2023, 3, 2)) == "Dx −3 d"
    assert relative_date(dt.date(2026, 10, 21), dt.date(2023, 3, 2)) == "Dx +44 mo"
    outline = build_outline(board, catalog, deidentify=True, relative_dates=True, case_id="c-adult-pfb")
    history = next(s for s in outline.cases[0].sections if s.id == "history")
    timeline = next(b for b in history.blocks if isinstance(b, Timeline))
    assert [e.when for e in timeline.events][0] == "Dx −3 d"
    assert all("2023" not in e.when for e in timeline.events)


def test_a_case_without_a_name_yet_is_not_called_case_n_twice(board, catalog):
    from boardtool.model.board import Case

    board.cases.append(Case())
    outline = build_outline(board, catalog)
    added = outline.cases[-1]
    assert added.heading == "Patient not named yet"
    assert f"Case {added.number}" not in added.title
