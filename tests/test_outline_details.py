"""The outline shows the clinical details a board needs: staging results, markers, RT per
volume with summed doses, response with criteria, toxicity, unaddressed prompts, sources."""

from __future__ import annotations

import datetime as dt

from boardtool.model.board import Case, Diagnosis, Patient
from boardtool.outline import build_outline
from boardtool.outline_blocks import Bullets, Facts, Timeline
from boardtool.outline_details import age_text


def section(outline_case, section_id):
    return next(s for s in outline_case.sections if s.id == section_id)


def facts(sec) -> dict[str, str]:
    return {f.label: f.value for b in sec.blocks if isinstance(b, Facts) for f in b.items}


def bullets(sec, heading) -> tuple[str, ...]:
    return next(b.items for b in sec.blocks if isinstance(b, Bullets) and b.heading == heading)


def test_age_in_months_for_young_children():
    assert [age_text(m) for m in (None, 1, 11, 23, 29, 36, 71, 414)] == [
        "", "1 month", "11 months", "23 months", "2 years 5 months", "3 years", "5 years 11 months", "34 years"]


def test_child_summary_and_staging_results(board, catalog):
    child = build_outline(board, catalog, case_id="c-child-zfta").cases[0]
    assert child.lead.startswith("2 years 5 months, male")
    staging = facts(section(child, "staging"))
    assert staging["Staging examinations"] == (
        "Brain MRI negative, 24 Oct 2026; Whole-spine MRI negative, 24 Oct 2026; Lumbar CSF positive, 13 Nov 2026")
    assert staging["Central neuropathology review"] == "requested"
    assert staging["Disease status"] == "Residual disease"
    markers = bullets(section(child, "staging"), "Molecular markers")
    assert markers[0] == "ZFTA fusion: detected (ZFTA::RELA) — RNA sequencing, 6 Nov 2026"
    assert "Ki-67: labelling index 25% — IHC, 29 Oct 2026" in markers


def test_history_shows_procedure_volumes_response_and_summed_dose(board, catalog):
    adult = build_outline(board, catalog, case_id="c-adult-pfb").cases[0]
    history = section(adult, "history")
    events = next(b for b in history.blocks if isinstance(b, Timeline)).events
    surgery, rt, recurrence = events
    assert surgery.detail == "GTR, post-op MRI 28 Feb 2023"
    assert surgery.response == "NED — RANO, 28 Feb 2023"
    assert rt.detail == ("Tumour bed + 5 mm: 54 Gy / 30 fr, photon IMRT, curative; Boost to the former tumour "
                         "attachment: 5.4 Gy / 3 fr, photon IMRT, curative; CTCAE: Fatigue G1; Alopecia G1")
    assert recurrence.response == "PD — RANO, 21 Oct 2026"
    summed = next(b for b in history.blocks if isinstance(b, Facts))
    assert summed.heading.startswith("Cumulative prescribed RT dose by region")
    assert [(f.label, f.value) for f in summed.items] == [
        ("Posterior fossa", "59.4 Gy (3 Apr 2023: 54 Gy + 5.4 Gy)")]


def test_re_irradiation_dose_by_course(board, catalog):
    from boardtool.model.board import RtVolume, TreatmentEvent

    board.cases[0].history.append(TreatmentEvent(kind="radiotherapy", date=dt.date(2026, 12, 14), volumes=[
        RtVolume(target="Craniospinal axis", region="Posterior fossa", dose=36, unit="Gy(RBE)", fractions=20,
                 modality="proton", technique="PBS")]))
    history = section(build_outline(board, catalog, case_id="c-adult-pfb").cases[0], "history")
    summed = next(b for b in history.blocks if isinstance(b, Facts))
    assert summed.items[0].value == "95.4 Gy + Gy(RBE) (3 Apr 2023: 54 Gy + 5.4 Gy; 14 Dec 2026: 36 Gy(RBE))"
    events = next(b for b in history.blocks if isinstance(b, Timeline)).events
    assert events[-1].detail == "Craniospinal axis: 36 Gy(RBE) / 20 fr, proton PBS"


def test_non_resection_procedure_is_named(board, catalog):
    child = build_outline(board, catalog, case_id="c-child-zfta").cases[0]
    events = next(b for b in section(child, "history").blocks if isinstance(b, Timeline)).events
    assert events[0].detail == ""  # the description already names the drain
    board.cases[1].history[0].description = "Bedside procedure"
    events = next(b for b in section(build_outline(board, catalog, case_id="c-child-zfta").cases[0],
                                     "history").blocks if isinstance(b, Timeline)).events
    assert events[0].detail == "External ventricular drain"


def test_suspected_diagnosis_and_mx_in_the_overview(board, catalog):
    spinal = build_outline(board, catalog, case_id="c-deferred-spinal").cases[0]
    assert spinal.lead.endswith("Spinal ependymoma (suspected)")
    staging = facts(section(spinal, "staging"))
    assert staging["Diagnosis state"] == "Suspected (radiological, no tissue yet)"
    assert staging["Chang M stage"] == "Mx — Not fully staged"
    assert staging["Staging examinations"].endswith("Lumbar CSF not done")


def test_unaddressed_prompts_listed_with_sources_in_the_case_overview(board, catalog):
    spinal = build_outline(board, catalog, case_id="c-deferred-spinal").cases[0]
    listed = bullets(section(spinal, "case"), "Prompts not addressed in the discussion")
    assert any(item.startswith("Diagnosis suspected on imaging only") and item.endswith("[WHO CNS5 2021; EANO 2018]")
               for item in listed)
    assert any("Clinical-trial eligibility" in item for item in listed)
    child = build_outline(board, catalog, case_id="c-child-zfta").cases[0]
    assert not [b for b in section(child, "case").blocks if isinstance(b, Bullets)]  # everything addressed


def test_speaker_notes_carry_full_sources(board, catalog):
    child = build_outline(board, catalog, case_id="c-child-zfta").cases[0]
    notes = section(child, "supportive").notes
    late = next(n for n in notes if "late-effects follow-up" in n)
    assert "\nSource: COG LTFU Guidelines v6.0 (2023) — Children's Oncology Group" in late


def test_new_free_text_fields_are_scrubbed_when_deidentified(board, catalog):
    adult = board.cases[0]
    adult.diagnosis.markers[0].detail = "reviewed for Maren Holt"
    adult.history[1].volumes[0].target = "Holt tumour bed"
    adult.history[1].volumes[0].region = "Holt region"
    adult.history[1].toxicities[0].term = "Fatigue (Maren)"
    out = build_outline(board, catalog, deidentify=True, case_id=adult.id).cases[0]
    text = repr(out.sections)
    assert "Holt" not in text and "Maren" not in text


def test_empty_case_still_shows_no_empty_blocks(catalog):
    from boardtool.model.board import Board

    board = Board(cases=[Case(question="What next?", patient=Patient(name="X"), diagnosis=Diagnosis())])
    case = build_outline(board, catalog).cases[0]
    assert [s.id for s in case.sections] == ["case", "plan"]


def test_before_the_meeting_the_prompts_are_points_for_the_discussion(board, catalog):
    case = board.cases[1]
    case.status, case.discussion = "to_discuss", {}
    overview = section(build_outline(board, catalog, case_id=case.id).cases[0], "case")
    points = bullets(overview, "Points for the discussion")
    assert not any("late-effects follow-up" in p for p in points)  # no RT discussed or given yet
    assert any(p.startswith("M1 or higher") for p in points)
    assert any(p.startswith("Measurable residual") for p in points)
