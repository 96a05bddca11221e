"""The enumerated values of a board and the label shown for each, side by side.

Each ``Literal`` below is followed by its label table; adding a value means adding it to
both here and nowhere else. ``tests/model/test_terms.py`` checks that they agree.
"""

from __future__ import annotations

from typing import Literal, get_args

CaseStatus = Literal["to_discuss", "discussed", "deferred"]
CASE_STATUS_LABELS: dict[str, str] = {"to_discuss": "To discuss", "discussed": "Discussed", "deferred": "Deferred"}
CASE_STATUS_MARKS: dict[str, str] = {"to_discuss": "○", "discussed": "●", "deferred": "⊘"}  # the agenda list's marks

Sex = Literal["unknown", "female", "male", "other"]
SEX_LABELS: dict[str, str] = {"unknown": "Unknown", "female": "Female", "male": "Male", "other": "Other"}

DiseaseStatus = Literal["new", "residual", "ned", "stable", "recurrent", "progressive"]
DISEASE_STATUS_LABELS: dict[str, str] = {
    "new": "New diagnosis",
    "residual": "Residual disease",
    "ned": "No evidence of disease (NED)",
    "stable": "Stable disease",
    "recurrent": "Recurrent",
    "progressive": "Progressive",
}

MStage = Literal["Mx", "M0", "M1", "M2", "M3", "M4"]
M_STAGE_LABELS: dict[str, str] = {
    "Mx": "Mx (not fully staged)",
    "M0": "M0",
    "M1": "M1",
    "M2": "M2",
    "M3": "M3",
    "M4": "M4",
}

ExamResult = Literal["positive", "negative", "equivocal", "not_done"]
EXAM_RESULT_LABELS: dict[str, str] = {
    "positive": "positive",
    "negative": "negative",
    "equivocal": "equivocal",
    "not_done": "not done",
}

DiagnosisState = Literal["suspected", "histological", "integrated"]
DIAGNOSIS_STATE_LABELS: dict[str, str] = {
    "suspected": "Suspected (radiological, no tissue yet)",
    "histological": "Histological (molecular results pending)",
    "integrated": "Integrated (WHO CNS5)",
}

NosNec = Literal["", "NOS", "NEC"]
NOS_NEC_LABELS: dict[str, str] = {
    "": "—",
    "NOS": "NOS (molecular testing not done or failed)",
    "NEC": "NEC (tested, fits no defined type)",
}

CentralReview = Literal["requested", "done", "not_possible"]
CENTRAL_REVIEW_LABELS: dict[str, str] = {
    "requested": "requested",
    "done": "done",
    "not_possible": "not possible",
}

MarkerResult = Literal["detected", "not_detected", "retained", "lost", "failed"]
MARKER_RESULT_LABELS: dict[str, str] = {
    "detected": "detected",
    "not_detected": "not detected",
    "retained": "retained",
    "lost": "lost",
    "failed": "test failed",
}

EventKind = Literal["surgery", "radiotherapy", "chemotherapy", "other"]
EVENT_KIND_LABELS: dict[str, str] = {
    "surgery": "Surgery",
    "radiotherapy": "Radiotherapy",
    "chemotherapy": "Chemotherapy",
    "other": "Other",
}
TREATMENT_KINDS = ("surgery", "radiotherapy", "chemotherapy")  # the kinds that treat the tumour

Procedure = Literal["resection", "second_look", "biopsy", "shunt", "etv", "drain", "other"]
PROCEDURE_LABELS: dict[str, str] = {
    "resection": "Resection",
    "second_look": "Second-look resection",
    "biopsy": "Biopsy",
    "shunt": "CSF shunt",
    "etv": "Endoscopic third ventriculostomy (ETV)",
    "drain": "External ventricular drain",
    "other": "Other procedure",
}
RESECTION_PROCEDURES = ("resection", "second_look")

Response = Literal["CR", "PR", "SD", "PD", "NED", "NE"]
RESPONSE_LABELS: dict[str, str] = {
    "CR": "CR (complete response)",
    "PR": "PR (partial response)",
    "SD": "SD (stable disease)",
    "PD": "PD (progression)",
    "NED": "NED (no evidence of disease)",
    "NE": "Not evaluable",
}
MEASURED_RESPONSES = ("CR", "PR", "SD", "PD")

ResponseCriteria = Literal["RANO", "RAPNO"]
RESPONSE_CRITERIA_LABELS: dict[str, str] = {"RANO": "RANO", "RAPNO": "RAPNO"}

DoseUnit = Literal["Gy", "Gy(RBE)"]
DOSE_UNIT_LABELS: dict[str, str] = {"Gy": "Gy", "Gy(RBE)": "Gy(RBE)"}

RtModality = Literal["photon", "proton"]
RT_MODALITY_LABELS: dict[str, str] = {"photon": "photon", "proton": "proton"}

RtTechnique = Literal["3D-CRT", "IMRT", "VMAT", "SRS", "PBS", "other"]
RT_TECHNIQUE_LABELS: dict[str, str] = {
    "3D-CRT": "3D-CRT",
    "IMRT": "IMRT",
    "VMAT": "VMAT",
    "SRS": "SRS",
    "PBS": "PBS (pencil-beam scanning)",
    "other": "other technique",
}

Intent = Literal["curative", "disease control", "palliative"]
INTENT_LABELS: dict[str, str] = {
    "curative": "curative",
    "disease control": "disease control",
    "palliative": "palliative",
}

PlanStatus = Literal["draft", "final"]
PLAN_STATUS_LABELS: dict[str, str] = {"draft": "Draft", "final": "Final"}

# The plan fields an amendment may change, each with the name the record gives it.
PLAN_FIELD_LABELS: dict[str, str] = {
    "recommendation": "Recommendation",
    "intent": "Intent",
    "guideline": "Guideline",
    "guideline_concordant": "Guideline concordant",
    "non_concordance_reason": "Reason for departing from the guideline",
    "trial_discussed": "Trial eligibility discussed",
    "trial_id": "Clinical trial",
    "actions": "Actions",
    "patient_informed": "Patient informed of the referral",
    "patient_preferences": "Patient's preferences",
    "dissent": "Dissenting views",
    "tell_patient": "Tells the patient",
    "tell_referrer": "Tells the referrer",
}

# Every enumerated type with its label table, for checks and for choice lists.
TnmBasis = Literal["", "clinical", "pathologic"]
TNM_BASIS_LABELS: dict[str, str] = {"": "—", "clinical": "Clinical", "pathologic": "Pathologic"}

AnnotationKind = Literal["arrow", "circle", "text"]
ANNOTATION_KIND_LABELS: dict[str, str] = {"arrow": "Arrow", "circle": "Circle", "text": "Text label"}

LABELS: dict[object, dict[str, str]] = {
    CaseStatus: CASE_STATUS_LABELS,
    Sex: SEX_LABELS,
    DiseaseStatus: DISEASE_STATUS_LABELS,
    MStage: M_STAGE_LABELS,
    ExamResult: EXAM_RESULT_LABELS,
    DiagnosisState: DIAGNOSIS_STATE_LABELS,
    NosNec: NOS_NEC_LABELS,
    CentralReview: CENTRAL_REVIEW_LABELS,
    MarkerResult: MARKER_RESULT_LABELS,
    EventKind: EVENT_KIND_LABELS,
    Procedure: PROCEDURE_LABELS,
    Response: RESPONSE_LABELS,
    ResponseCriteria: RESPONSE_CRITERIA_LABELS,
    DoseUnit: DOSE_UNIT_LABELS,
    RtModality: RT_MODALITY_LABELS,
    RtTechnique: RT_TECHNIQUE_LABELS,
    Intent: INTENT_LABELS,
    PlanStatus: PLAN_STATUS_LABELS,
    AnnotationKind: ANNOTATION_KIND_LABELS,
    TnmBasis: TNM_BASIS_LABELS,
}

# What an export can be asked for: the summary's paper and the deck's kind.
PAPER_SIZES = ("a4", "letter")
DECK_MODES = ("full", "compact")  # compact: each case's overview and discussion only
EXPORT_CHOICE_LABELS: dict[str, str] = {
    "a4": "A4", "letter": "US Letter",
    "full": "Full: every section of every case", "compact": "Compact: overview and discussion, one or two slides a case",
}


def label(table: dict[str, str], value: str | None) -> str:
    """Return the display label of an enumerated value ('' for None, the value when unknown)."""
    if value is None:
        return ""
    return table.get(value, value)


def short_label(table: dict[str, str], value: str | None) -> str:
    """Return the short display of an enumerated value: the code itself where its label spells
    the code out in brackets ('PR (partial response)' gives 'PR'), else the label."""
    full = label(table, value)
    return value if value and full.startswith(f"{value} (") else full


def choices(table: dict[str, str]) -> list[tuple[str, str]]:
    """Return (value, label) pairs of a label table, in the table's order."""
    return list(table.items())


def values(literal: object) -> tuple[str, ...]:
    """Return the values a Literal type allows."""
    return tuple(get_args(literal))
