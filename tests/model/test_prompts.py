"""Discussion prompts follow the case facts and current evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from boardtool.model.board import (
    Case,
    Diagnosis,
    Marker,
    ModalityDiscussion,
    Patient,
    RtVolume,
    Staging,
    StagingExam,
    TreatmentEvent,
)
from boardtool.model.prompts import last_resection, prompts_for, unaddressed

MEETING = dt.date(2026, 12, 3)
DEFERRAL = {"rt-infant", "chemo-defer-rt"}


def ids(case, catalog, day=MEETING):
    return [p.id for p in prompts_for(case, catalog, day)]


def child(months: int, **discussed: list[str]) -> Case:
    """A child aged ``months`` at the meeting with the given modalities discussed."""
    count = MEETING.year * 12 + MEETING.month - 1 - months
    born = dt.date(count // 12, count % 12 + 1, 1)
    case = Case(patient=Patient(name="A", birth_date=born),
                diagnosis=Diagnosis(tumour_type="pfa", compartment="posterior fossa", grade=2),
                discussion={k: ModalityDiscussion(discussed=True, options=v) for k, v in discussed.items()})
    assert case.age_months_on(MEETING) == months
    return case


def test_age_in_months_separates_an_infant_from_a_toddler():
    assert child(11).age_months_on(MEETING) == 11
    assert child(35).age_months_on(MEETING) == 35
    assert child(11).age_on(MEETING) == child(23).age_on(MEETING) - 1 == 0


def test_fourteen_month_old_with_focal_rt_gets_late_effects_and_no_deferral(catalog):
    found = ids(child(14, radiation=["focal-rt"]), catalog)
    assert "rt-late-effects" in found
    assert "rt-from-12-months" in found
    assert not DEFERRAL & set(found)


def test_eleven_month_old_may_bridge_with_chemotherapy(catalog):
    found = ids(child(11, radiation=[], chemotherapy=["vec"]), catalog)
    assert {"rt-infant", "chemo-defer-rt"} <= set(found)
    assert "rt-from-12-months" not in found


@pytest.mark.parametrize("months", [12, 29, 35])
def test_no_deferral_prompt_from_twelve_months(catalog, months):
    found = ids(child(months, radiation=[], chemotherapy=["vec"]), catalog)
    assert not DEFERRAL & set(found)


def test_deferring_rt_past_twelve_months_is_questioned(catalog):
    assert "defer-rt-over-12-months" in ids(child(29, chemotherapy=["defer-rt"]), catalog)
    assert "defer-rt-over-12-months" not in ids(child(10, chemotherapy=["defer-rt"]), catalog)


def test_late_effects_fire_for_focal_rt_at_m0_and_for_rt_given(catalog):
    case = Case(patient=Patient(birth_date=dt.date(1990, 1, 1)), staging=Staging(m_stage="M0"))
    assert "rt-late-effects" not in ids(case, catalog)
    case.discussion = {"radiation": ModalityDiscussion(discussed=True, options=["focal-rt"])}
    assert "rt-late-effects" in ids(case, catalog)
    case.discussion = {}
    case.history = [TreatmentEvent(kind="radiotherapy", date=dt.date(2020, 1, 1),
                                   volumes=[RtVolume(target="Tumour bed", dose=59.4, fractions=33)])]
    assert "rt-late-effects" in ids(case, catalog)
    text = next(p.text for p in catalog.prompts if p.id == "rt-late-effects")
    assert all(word in text for word in ("hearing", "cisplatin", "growth", "thyroid", "neurocognitive"))


def test_m_stage_drives_csi_reminder_and_mx_asks_for_staging(board, catalog):
    case = board.cases[0]
    assert "csi-disseminated" in ids(case, catalog)
    case.staging.m_stage = "M0"
    assert "csi-disseminated" not in ids(case, catalog)
    assert "staging-incomplete" not in ids(case, catalog)
    for stage in (None, "Mx"):
        case.staging.m_stage = stage
        assert "staging-incomplete" in ids(case, catalog)
        assert "csi-disseminated" not in ids(case, catalog)


@pytest.mark.parametrize("tumour, compartment, prompt, words", [
    ("st-nos", "supratentorial", "testing-supratentorial", ("ZFTA", "YAP1")),
    ("pf-nos", "posterior fossa", "testing-posterior-fossa", ("H3 K27me3", "EZHIP", "1q")),
    ("sp-nos", "spinal", "testing-spinal", ("MYCN",)),
])
def test_diagnostic_testing_is_worded_by_compartment_in_the_overview(catalog, tumour, compartment, prompt, words):
    case = Case(diagnosis=Diagnosis(state="histological", tumour_type=tumour, compartment=compartment))
    found = prompts_for(case, catalog, MEETING)
    testing = [p for p in found if p.id.startswith("testing-")]
    assert [p.id for p in testing] == [prompt]
    assert testing[0].section == "overview"
    assert all(word in testing[0].text for word in words)
    assert "central-review" not in [p.id for p in found]  # disease status unknown: not a new diagnosis
    case.disease_status = "new"
    assert "central-review" in ids(case, catalog)
    case.diagnosis.central_review = "requested"
    assert "central-review" not in ids(case, catalog)


def test_no_testing_prompt_once_typed_or_with_a_methylation_class(catalog):
    case = Case(diagnosis=Diagnosis(tumour_type="pf-nos", compartment="posterior fossa", nos_nec="NOS"))
    assert "testing-posterior-fossa" in ids(case, catalog)
    case.diagnosis.methylation_class = "EPN_PFA"
    assert "testing-posterior-fossa" not in ids(case, catalog)
    case.diagnosis = Diagnosis(tumour_type="pfa", compartment="posterior fossa",
                               markers=[Marker(name="H3 K27me3", result="lost")])
    assert "testing-posterior-fossa" not in ids(case, catalog)


def test_suspected_diagnosis_asks_for_tissue_not_for_markers(catalog):
    case = Case(diagnosis=Diagnosis(state="suspected", tumour_type="sp", compartment="spinal"))
    found = ids(case, catalog)
    assert "suspected-diagnosis" in found
    assert not [i for i in found if i.startswith("testing-")]
    assert "nf2-spinal" in found


def test_spinal_dose_prompt_only_for_spinal_tumours(catalog):
    case = child(300, radiation=["spinal-rt"])
    assert "spinal-dose" not in ids(case, catalog)
    case.diagnosis = Diagnosis(tumour_type="sp", compartment="spinal", grade=2)
    assert "spinal-dose" in ids(case, catalog)


def test_observation_after_gross_total_resection_of_low_grade_spinal_tumours(catalog):
    case = Case(diagnosis=Diagnosis(tumour_type="mpe", compartment="spinal", grade=2),
                history=[TreatmentEvent(kind="surgery", date=dt.date(2026, 1, 1), resection="GTR")])
    assert "observation-after-gtr" in ids(case, catalog)
    case.diagnosis = Diagnosis(tumour_type="sp", compartment="spinal", grade=3)
    assert "observation-after-gtr" not in ids(case, catalog)
    case.diagnosis = Diagnosis(tumour_type="se", compartment="posterior fossa", grade=1)
    assert "observation-after-gtr" in ids(case, catalog)


def test_trial_prompt_for_every_case_until_discussed(board, catalog):
    case = board.cases[1]
    assert case.disease_status == "residual"
    case.plan.trial_discussed = False
    assert "trial-eligibility" in ids(case, catalog)
    case.plan.trial_discussed = True
    assert "trial-eligibility" not in ids(case, catalog)


def test_audiology_with_platinum_and_fertility_with_csi(catalog):
    case = child(120, chemotherapy=["vec"])
    assert "audiology-platinum" not in ids(case, catalog)
    assert "fertility" in ids(case, catalog)  # cyclophosphamide is an alkylator
    case.discussion["chemotherapy"].options = ["platinum"]
    assert "audiology-platinum" in ids(case, catalog)
    case = child(120, radiation=["csi"])
    assert "fertility" in ids(case, catalog)
    case = child(120)
    case.history = [TreatmentEvent(kind="chemotherapy", date=dt.date(2026, 1, 1), regimen="Cisplatin, etoposide")]
    assert "audiology-platinum" in ids(case, catalog)


def test_untick_keeps_options_but_they_no_longer_count(catalog):
    case = child(120, chemotherapy=["platinum"])
    case.discussion["chemotherapy"].discussed = False
    assert "audiology-platinum" not in ids(case, catalog)


def test_prompts_of_undiscussed_modalities_are_unaddressed(board, catalog):
    case = board.cases[1]
    assert unaddressed(case, catalog, prompts_for(case, catalog, MEETING)) == []
    case.discussion["radiation"].discussed = False
    case.plan.trial_discussed = False
    open_ids = [p.id for p in unaddressed(case, catalog, prompts_for(case, catalog, MEETING))]
    assert "csi-disseminated" in open_ids  # radiation prompt, radiation not discussed
    assert "trial-eligibility" in open_ids  # plan prompts are always listed
    assert "residual-second-look" not in open_ids  # surgery was discussed


def test_latest_resection_counts(board, catalog):
    case = board.cases[0]
    assert last_resection(case) == "GTR"
    case.history = [*case.history, TreatmentEvent(kind="surgery", date=dt.date(2026, 11, 1), resection="STR")]
    assert last_resection(case) == "STR"
    assert "residual-second-look" in ids(case, catalog)


def test_recurrence_prompts_profiling(board, catalog):
    case = board.cases[1]
    assert "profiling-recurrence" not in ids(case, catalog)
    case.disease_status = "progressive"
    assert "profiling-recurrence" in ids(case, catalog)


def test_surveillance_prompt_on_discussion(board, catalog):
    case = board.cases[1]
    assert "surveillance-late" not in ids(case, catalog)
    case.discussion = {**case.discussion, "surveillance": ModalityDiscussion(discussed=True)}
    assert "surveillance-late" in ids(case, catalog)


def test_sample_child_follows_current_practice(board, catalog):
    """The sample toddler is not steered to chemotherapy in place of radiotherapy."""
    child_case = board.cases[1]
    assert child_case.age_months_on(MEETING) == 29
    assert "defer-rt" not in [o for d in child_case.discussion.values() for o in d.options]
    assert not DEFERRAL & set(ids(child_case, catalog))
    assert "rt-late-effects" in ids(child_case, catalog)
    assert child_case.staging.csf_cytology == StagingExam(date=dt.date(2026, 11, 13), result="positive")
