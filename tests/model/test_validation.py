"""Every clinical check: the sample passes, and each bad case is named precisely."""

from __future__ import annotations

import datetime as dt

import pytest

from boardtool.model import check_board
from boardtool.model.board import Action, Marker, ModalityDiscussion, RtVolume, Toxicity, TreatmentEvent
from boardtool.model.validation import trial_registry


def problems_of(board, catalog):
    return [str(p) for p in check_board(board, catalog)]


def test_sample_board_has_no_problems(board, catalog):
    assert problems_of(board, catalog) == []


def _lansky_for_adult(b):
    b.cases[0].performance.scale = "lansky"


def _karnofsky_value_off_scale(b):
    b.cases[0].performance.value = 85


def _question_blank(b):
    b.cases[1].question = "   "


def _grade_not_allowed(b):
    b.cases[0].diagnosis.grade = 4


def _unknown_type(b):
    b.cases[0].diagnosis.tumour_type = "glioblastoma"


def _nos_missing(b):
    b.cases[2].diagnosis.state = "integrated"
    b.cases[2].diagnosis.tumour_type = "sp-nos"


def _compartment_mismatch(b):
    b.cases[1].diagnosis.compartment = "spinal"


def _m1_without_positive_csf(b):
    b.cases[1].staging.csf_cytology.result = "negative"


def _m0_without_csf(b):
    b.cases[1].staging.m_stage = "M0"
    b.cases[1].staging.csf_cytology.date = None
    b.cases[1].staging.csf_cytology.result = None


def _m0_with_equivocal_csf(b):
    b.cases[1].staging.m_stage = "M0"
    b.cases[1].staging.csf_cytology.result = "equivocal"


def _m0_without_spine_mri(b):
    b.cases[1].staging.m_stage = "M0"
    b.cases[1].staging.csf_cytology.result = "negative"
    b.cases[1].staging.mri_spine.result = "not_done"


def _exam_dated_without_result(b):
    b.cases[0].staging.mri_brain.result = None


def _exam_result_without_date(b):
    b.cases[0].staging.csf_cytology.date = None


def _csf_two_days_after_surgery(b):
    b.cases[1].staging.csf_cytology.date = dt.date(2026, 10, 29)


def _spine_mri_five_days_after_surgery(b):
    b.cases[1].staging.mri_spine.date = dt.date(2026, 11, 1)


def _postop_mri_after_72_hours(b):
    b.cases[1].history[1].postop_mri = dt.date(2026, 11, 2)


def _postop_mri_before_surgery(b):
    b.cases[1].history[1].postop_mri = dt.date(2026, 10, 20)


def _shunt_with_extent(b):
    b.cases[1].history[0].resection = "STR"


def _cr_after_gtr(b):
    b.cases[0].history[0].response = "CR"


def _response_without_criteria(b):
    b.cases[0].history[2].response_criteria = None


def _response_before_treatment(b):
    b.cases[0].history[1].response_date = dt.date(2023, 1, 1)


def _toxicity_grade_six(b):
    b.cases[0].history[1].toxicities = [Toxicity(term="Fatigue", grade=6)]


def _toxicity_without_term(b):
    b.cases[0].history[1].toxicities = [Toxicity(grade=2)]


def _rt_without_volumes(b):
    b.cases[0].history[1].volumes = []


def _rt_volume_without_target(b):
    b.cases[0].history[1].volumes[0].target = ""


def _photon_in_gy_rbe(b):
    b.cases[0].history[1].volumes[0].unit = "Gy(RBE)"


def _suspected_with_grade(b):
    b.cases[2].diagnosis.grade = 2


def _suspected_with_nos(b):
    b.cases[2].diagnosis.nos_nec = "NOS"


def _suspected_with_markers(b):
    b.cases[2].diagnosis.markers = [Marker(name="MYCN amplification", result="not_detected")]


def _karnofsky_at_sixteen(b):
    case = b.cases[0]
    case.patient.birth_date = dt.date(2010, 6, 1)


def _m3_without_sites(b):
    b.cases[0].metastatic_sites = []


def _rt_without_dose(b):
    b.cases[0].history[1].volumes[0].dose = None


def _rt_implausible_fraction(b):
    b.cases[0].history[1].volumes[0].fractions = 2


def _surgery_without_resection(b):
    b.cases[0].history[0].resection = ""


def _chemo_without_regimen(b):
    b.cases[0].history.append(TreatmentEvent(kind="chemotherapy", date=dt.date(2026, 1, 5)))


def _event_after_meeting(b):
    b.cases[0].history[0].date = dt.date(2027, 1, 1)


def _event_ends_before_start(b):
    b.cases[0].history[1].end_date = dt.date(2023, 1, 1)


def _unknown_option(b):
    b.cases[0].discussion["radiation"].options.append("laser")
    b.cases[0].discussion["radiation"] = b.cases[0].discussion["radiation"]


def _unknown_modality(b):
    b.cases[0].discussion = {**b.cases[0].discussion, "homeopathy": ModalityDiscussion(discussed=True)}


def _discussed_without_recommendation(b):
    b.cases[1].plan.recommendation = ""


def _not_concordant_without_reason(b):
    b.cases[0].plan.guideline_concordant = False


def _bad_trial_id(b):
    b.cases[0].plan.trial_id = "trial 7"


def _final_without_finaliser(b):
    b.cases[0].plan.finalised_by = ""


def _action_without_owner(b):
    b.cases[0].plan.actions = [Action(what="Book MRI")]


def _birth_after_meeting(b):
    b.cases[0].patient.birth_date = dt.date(2027, 5, 1)


def _no_patient_identity(b):
    b.cases[2].patient.name = ""
    b.cases[2].patient.mrn = ""


def _missing_image(b):
    b.image_data.clear()


def _marker_without_result(b):
    b.cases[0].diagnosis.markers = [Marker(name="EZHIP")]


def _methylation_score_out_of_range(b):
    b.cases[0].diagnosis.methylation_score = 93


def _zero_minutes(b):
    b.cases[0].minutes = 0


def _no_meeting_date(b):
    b.meeting.date = None


CASES = [
    (_lansky_for_adult, "Case 1 › Performance status: Lansky applies to ages 1–16; the patient is 34"),
    (_karnofsky_value_off_scale, "Case 1 › Performance status: Karnofsky runs from 0 to 100 in steps of 10"),
    (_question_blank, "Case 2 › Question for the board: every case needs a question"),
    (_grade_not_allowed, "Case 1 › CNS WHO grade: Posterior fossa group B (PFB) ependymoma takes 2 or 3, not 4"),
    (_unknown_type, "Case 1 › Diagnosis: 'glioblastoma' is not a Ependymoma type"),
    (_nos_missing, "Case 3 › NOS/NEC"),
    (_compartment_mismatch, "Case 2 › Compartment: Supratentorial ependymoma, ZFTA fusion-positive is supratentorial"),
    (_m1_without_positive_csf, "Case 2 › M stage: M1 rests on a positive lumbar CSF cytology"),
    (_m0_without_csf, "Case 2 › M stage: M0 needs a negative lumbar CSF cytology (it is missing); otherwise record Mx"),
    (_m0_with_equivocal_csf, "Case 2 › M stage: M0 needs a negative lumbar CSF cytology (it is equivocal)"),
    (_m0_without_spine_mri, "Case 2 › M stage: M0 needs a negative whole-spine MRI (it is not done)"),
    (_exam_dated_without_result, "Case 1 › Staging: brain MRI is dated: record its result"),
    (_exam_result_without_date, "Case 1 › Staging: lumbar CSF cytology is negative: enter its date"),
    (_csf_two_days_after_surgery, "Case 2 › Staging timing: lumbar CSF cytology 2 days after surgery: under 14 days a positive"),
    (_spine_mri_five_days_after_surgery, "Case 2 › Staging timing: whole-spine MRI 5 days after surgery: under 14 days post-operative"),
    (_postop_mri_after_72_hours, "Case 2 › History event 2 (surgery): post-operative MRI 6 days after surgery"),
    (_postop_mri_before_surgery, "Case 2 › History event 2 (surgery): the post-operative MRI is dated before"),
    (_shunt_with_extent, "Case 2 › History event 1 (surgery): External ventricular drain removes no tumour"),
    (_cr_after_gtr, "Case 1 › History event 1 (surgery): after a gross-total resection nothing is left"),
    (_response_without_criteria, "Case 1 › History event 3 (other): PD: name the criteria (RANO or RAPNO)"),
    (_response_before_treatment, "Case 1 › History event 2 (radiotherapy): the response is assessed before"),
    (_toxicity_grade_six, "Case 1 › History event 2 (radiotherapy): CTCAE grades run from 1 to 5"),
    (_toxicity_without_term, "Case 1 › History event 2 (radiotherapy): name the CTCAE term"),
    (_rt_without_volumes, "Case 1 › History event 2 (radiotherapy): add the treated volumes"),
    (_rt_volume_without_target, "Case 1 › History event 2 (radiotherapy), volume 1: name the target"),
    (_photon_in_gy_rbe, "Case 1 › History event 2 (radiotherapy), volume 1: Gy(RBE) is a proton"),
    (_suspected_with_grade, "Case 3 › CNS WHO grade: a suspected diagnosis has no grade"),
    (_suspected_with_nos, "Case 3 › NOS/NEC: NOS describes tested tissue"),
    (_suspected_with_markers, "Case 3 › Marker 1: marker results need tissue"),
    (_karnofsky_at_sixteen, "Case 1 › Performance status: Karnofsky applies to ages 17 and over; the patient is 16"),
    (_m3_without_sites, "Case 1 › Metastatic sites: M3 means nodular spread"),
    (_rt_without_dose, "Case 1 › History event 2 (radiotherapy), volume 1: enter the dose in Gy"),
    (_rt_implausible_fraction, "Case 1 › History event 2 (radiotherapy), volume 1: 27.00 Gy per fraction"),
    (_surgery_without_resection, "Case 1 › History event 1 (surgery): choose the extent of resection"),
    (_chemo_without_regimen, "Case 1 › History event 4 (chemotherapy): name the regimen"),
    (_event_after_meeting, "Case 1 › History event 1 (surgery): the date lies outside"),
    (_event_ends_before_start, "Case 1 › History event 2 (radiotherapy): ends before it starts"),
    (_unknown_option, "Case 1 › Radiation therapy: unknown option 'laser'"),
    (_unknown_modality, "Case 1 › Discussion: 'homeopathy' is not a modality"),
    (_discussed_without_recommendation, "Case 2 › Consensus plan: a discussed case needs the board's recommendation"),
    (_not_concordant_without_reason, "Case 1 › Guideline concordance: say why"),
    (_bad_trial_id, "Case 1 › Clinical trial: 'trial 7' is not a trial id"),
    (_final_without_finaliser, "Case 1 › Consensus plan: a final plan records who finalised it"),
    (_action_without_owner, "Case 1 › Action 1: name who is responsible"),
    (_birth_after_meeting, "Case 1 › Date of birth: is after the meeting date"),
    (_no_patient_identity, "Case 3 › Patient: enter the patient's name or MRN"),
    (_missing_image, "Case 1 › Key image 1: the picture"),
    (_marker_without_result, "Case 1 › Marker 1: name the marker and its result"),
    (_methylation_score_out_of_range, "Case 1 › Methylation score"),
    (_no_meeting_date, "Meeting › Meeting date: enter the date of the meeting"),
    (_zero_minutes, "Case 1 › Agenda slot: 0 minutes is not a slot"),
]


@pytest.mark.parametrize("spoil, expected", CASES, ids=[f.__name__.strip("_") for f, _ in CASES])
def test_each_rule_names_case_and_field(board, catalog, spoil, expected):
    spoil(board)
    found = problems_of(board, catalog)
    assert any(p.startswith(expected) for p in found), found


def test_problem_carries_path_for_jumping(board, catalog):
    board.cases[0].performance.value = 85
    (problem,) = check_board(board, catalog)
    assert (problem.case_index, problem.path) == (0, "performance.value")


def test_mycn_type_accepts_an_empty_grade(board, catalog):
    dx = board.cases[2].diagnosis
    dx.state, dx.tumour_type, dx.nos_nec, dx.grade = "integrated", "sp-mycn", "", None
    assert problems_of(board, catalog) == []
    dx.grade = 2
    assert any("no grade (none assigned yet)" in p for p in problems_of(board, catalog))


def test_age_derived_at_meeting_date(board):
    child = board.cases[1]
    assert child.age_on(board.meeting.date) == 2
    assert child.age_on(dt.date(2026, 6, 29)) == 1
    assert child.age_on(dt.date(2026, 6, 30)) == 2
    assert child.age_on(None) is None


def test_lansky_up_to_sixteen(board, catalog):
    case = board.cases[0]
    case.patient.birth_date = dt.date(2010, 6, 1)  # 16 at the meeting
    case.performance.scale = "lansky"
    assert problems_of(board, catalog) == []


def test_mx_and_staging_before_surgery_need_nothing_more(board, catalog):
    case = board.cases[1]
    case.staging.m_stage = "Mx"
    case.staging.csf_cytology.result = "not_done"
    case.staging.csf_cytology.date = None
    assert problems_of(board, catalog) == []


def test_timing_counts_from_the_last_operation_on_the_tumour(board, catalog):
    """A drain placed before the resection does not restart the clock; a second look does."""
    case = board.cases[1]
    assert case.history[0].procedure == "drain"
    assert problems_of(board, catalog) == []  # CSF 17 days after the craniotomy
    case.history.append(TreatmentEvent(kind="surgery", procedure="second_look", date=dt.date(2026, 11, 10),
                                       resection="GTR"))
    assert any("lumbar CSF cytology 3 days after surgery" in p for p in problems_of(board, catalog))


def test_procedures_that_are_not_resections_need_no_extent(board, catalog):
    case = board.cases[1]
    for procedure in ("shunt", "etv", "drain", "biopsy"):
        case.history = [TreatmentEvent(kind="surgery", procedure=procedure, date=dt.date(2026, 10, 25))]
        assert not [p for p in problems_of(board, catalog) if "History" in p], procedure


def test_old_surgery_without_procedure_is_a_resection(board, catalog):
    board.cases[0].history[0].procedure = None
    board.cases[0].history[0].resection = ""
    assert any("choose the extent of resection" in p for p in problems_of(board, catalog))


def test_ki67_takes_a_figure_instead_of_a_result_word(board, catalog):
    board.cases[0].diagnosis.markers = [Marker(name="Ki-67", detail="12%")]
    assert problems_of(board, catalog) == []


def test_rt_course_holds_csi_and_boosts(board, catalog):
    board.cases[0].history.append(TreatmentEvent(
        kind="radiotherapy", date=dt.date(2026, 11, 20), volumes=[
            RtVolume(target="Craniospinal axis", dose=36, unit="Gy(RBE)", fractions=20, modality="proton",
                     technique="PBS", intent="disease control"),
            RtVolume(target="Boost T6 nodule", dose=9, unit="Gy(RBE)", fractions=5, modality="proton"),
        ]))
    assert problems_of(board, catalog) == []


@pytest.mark.parametrize("trial_id, registry", [
    ("NCT00000000", "NCT"), (" NCT12345678 ", "NCT"), ("2023-500123-45-00", "EU CT"),
    ("2022-500014-26-00", "EU CT"), ("2015-001234-56", "EudraCT"), ("ISRCTN12345678", "ISRCTN"),
    ("2021-500123-45-00", None), ("NCT1234567", None), ("ISRCTN1234", None), ("NCT 12345678", None),
])
def test_trial_registries(trial_id, registry):
    assert trial_registry(trial_id) == registry


def test_marker_results_are_structured():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Marker(name="EZHIP", result="positive-ish")
    assert Marker(name="ZFTA fusion partner", result="detected", detail="RELA").detail == "RELA"


def test_ned_stable_and_not_evaluable_need_no_criteria(board, catalog):
    case = board.cases[0]
    case.disease_status = "ned"
    case.disease_status = "stable"
    case.history[2].response, case.history[2].response_criteria = "NE", None
    case.history[1].response_criteria = None  # NED after GTR and RT: nothing measured
    assert problems_of(board, catalog) == []
