"""Every clinical check: the sample passes, and each bad case is named precisely."""

from __future__ import annotations

import datetime as dt

import pytest

from boardtool.model import check_board
from boardtool.model.board import Action, Marker, ModalityDiscussion, TreatmentEvent


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
    b.cases[2].diagnosis.nos_nec = ""


def _compartment_mismatch(b):
    b.cases[1].diagnosis.compartment = "spinal"


def _m1_without_csf(b):
    b.cases[1].staging.csf_cytology = None


def _m3_without_sites(b):
    b.cases[0].metastatic_sites = []


def _rt_without_dose(b):
    b.cases[0].history[1].dose_gy = None


def _rt_implausible_fraction(b):
    b.cases[0].history[1].fractions = 2


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
    (_lansky_for_adult, "Case 1 › Performance status: Lansky applies to ages 1–15; the patient is 34"),
    (_karnofsky_value_off_scale, "Case 1 › Performance status: Karnofsky runs from 0 to 100 in steps of 10"),
    (_question_blank, "Case 2 › Question for the board: every case needs a question"),
    (_grade_not_allowed, "Case 1 › CNS WHO grade: Posterior fossa group B (PFB) ependymoma takes 2 or 3, not 4"),
    (_unknown_type, "Case 1 › Diagnosis: 'glioblastoma' is not a Ependymoma type"),
    (_nos_missing, "Case 3 › NOS/NEC"),
    (_compartment_mismatch, "Case 2 › Compartment: Supratentorial ependymoma, ZFTA fusion-positive is supratentorial"),
    (_m1_without_csf, "Case 2 › M stage: M1 rests on CSF cytology: enter its date"),
    (_m3_without_sites, "Case 1 › Metastatic sites: M3 means nodular spread"),
    (_rt_without_dose, "Case 1 › History event 2 (radiotherapy): enter the total dose in Gy"),
    (_rt_implausible_fraction, "Case 1 › History event 2 (radiotherapy): 29.70 Gy per fraction is implausible"),
    (_surgery_without_resection, "Case 1 › History event 1 (surgery): choose the extent of resection"),
    (_chemo_without_regimen, "Case 1 › History event 4 (chemotherapy): name the regimen"),
    (_event_after_meeting, "Case 1 › History event 1 (surgery): the date lies outside"),
    (_event_ends_before_start, "Case 1 › History event 2 (radiotherapy): ends before it starts"),
    (_unknown_option, "Case 1 › Radiation therapy: unknown option 'laser'"),
    (_unknown_modality, "Case 1 › Discussion: 'homeopathy' is not a modality"),
    (_discussed_without_recommendation, "Case 2 › Consensus plan: a discussed case needs the board's recommendation"),
    (_not_concordant_without_reason, "Case 1 › Guideline concordance: say why"),
    (_bad_trial_id, "Case 1 › Clinical trial: 'trial 7' is not an NCT number"),
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
    dx.tumour_type, dx.nos_nec, dx.grade = "sp-mycn", "", None
    assert problems_of(board, catalog) == []
    dx.grade = 2
    assert any("no grade (none assigned yet)" in p for p in problems_of(board, catalog))


def test_age_derived_at_meeting_date(board):
    child = board.cases[1]
    assert child.age_on(board.meeting.date) == 2
    assert child.age_on(dt.date(2026, 6, 29)) == 1
    assert child.age_on(dt.date(2026, 6, 30)) == 2
    assert child.age_on(None) is None
