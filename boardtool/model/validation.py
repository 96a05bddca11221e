"""Clinical checks of a board, worded for the clinician and naming case and field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from boardtool.model.board import Board, Case, Diagnosis
from boardtool.model.catalog import Catalog
from boardtool.model.history_checks import check_history
from boardtool.model.quorum import missing_specialties, unknown_names
from boardtool.model.staging_checks import check_postop_mri, check_staging

# Trial registries a board meets: ClinicalTrials.gov, the EU CTIS (EU CT number, from 2022),
# the older EudraCT register, and ISRCTN.
TRIAL_IDS = {
    "NCT": re.compile(r"^NCT\d{8}$"),
    "EU CT": re.compile(r"^20(2[2-9]|[3-9]\d)-\d{6}-\d{2}-\d{2}$"),
    "EudraCT": re.compile(r"^20\d{2}-\d{6}-\d{2}$"),
    "ISRCTN": re.compile(r"^ISRCTN\d{8}$"),
}


def trial_registry(trial_id: str) -> str | None:
    """Return the registry whose format the trial id has (NCT, EU CT, EudraCT, ISRCTN), or None."""
    text = trial_id.strip()
    return next((name for name, pattern in TRIAL_IDS.items() if pattern.fullmatch(text)), None)


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (for jumping to the field) and what is wrong."""

    case_index: int | None  # None for the meeting
    path: str  # dotted field path inside the case or meeting, e.g. "performance.value"
    area: str  # the field as a clinician names it
    message: str

    @property
    def place(self) -> str:
        """Return 'Case N' or 'Meeting'."""
        return "Meeting" if self.case_index is None else f"Case {self.case_index + 1}"

    def __str__(self) -> str:
        return f"{self.place} › {self.area}: {self.message}"


Found = Iterator[tuple[str, str, str]]  # (path, area, message)


def check_board(board: Board, catalog: Catalog) -> list[Problem]:
    """Return every problem of the board, meeting first, then case by case."""
    problems = [Problem(None, p, a, m) for p, a, m in _meeting(board, catalog)]
    day = board.meeting.date
    for index, case in enumerate(board.cases):
        for check in _CASE_CHECKS:
            problems += [Problem(index, p, a, m) for p, a, m in check(case, catalog, day, board)]
    return problems


def _meeting(board: Board, catalog: Catalog) -> Found:
    if board.disease != catalog.id:
        yield "disease", "Disease", f"the board is for '{board.disease}', the catalog for '{catalog.id}'"
    if board.meeting.date is None:
        yield "date", "Meeting date", "enter the date of the meeting"
    ids = [case.id for case in board.cases]
    if len(set(ids)) != len(ids):
        yield "cases", "Cases", "two cases share the same id"


def _question(case: Case, *_: object) -> Found:
    if not case.question.strip():
        yield "question", "Question for the board", "every case needs a question for the board"
    if not 1 <= case.minutes <= 240:
        yield "minutes", "Agenda slot", f"{case.minutes} minutes is not a slot on an agenda (1 to 240)"


def _patient(case: Case, _c: Catalog, day: dt.date | None, _b: Board) -> Found:
    born = case.patient.birth_date
    if born and day and born > day:
        yield "patient.birth_date", "Date of birth", "is after the meeting date"
    if not (case.patient.name.strip() or case.patient.mrn.strip()):
        yield "patient.name", "Patient", "enter the patient's name or MRN"


def _diagnosis(case: Case, catalog: Catalog, *_: object) -> Found:
    dx = case.diagnosis
    if not dx.tumour_type:
        yield "diagnosis.tumour_type", "Diagnosis", "choose the WHO CNS5 tumour type"
        return
    kind = catalog.tumour_type(dx.tumour_type)
    if kind is None:
        yield "diagnosis.tumour_type", "Diagnosis", f"'{dx.tumour_type}' is not a {catalog.name} type"
        return
    if dx.state == "suspected":
        yield from _suspected(dx)
        return
    if dx.grade is not None and dx.grade not in kind.grades:
        allowed = " or ".join(map(str, kind.grades)) or "no grade (none assigned yet)"
        yield "diagnosis.grade", "CNS WHO grade", f"{kind.name} takes {allowed}, not {dx.grade}"
    if kind.nos_nec and not dx.nos_nec:
        yield "diagnosis.nos_nec", "NOS/NEC", f"{kind.name}: say NOS (not tested) or NEC (fits no type)"
    if not kind.nos_nec and dx.nos_nec:
        yield "diagnosis.nos_nec", "NOS/NEC", f"{kind.name} is a defined type; clear {dx.nos_nec}"
    if dx.compartment and kind.compartment != "any" and dx.compartment != kind.compartment:
        yield (
            "diagnosis.compartment",
            "Compartment",
            f"{kind.name} is {kind.compartment}, not {dx.compartment}",
        )
    if dx.methylation_score is not None and not 0 <= dx.methylation_score <= 1:
        yield "diagnosis.methylation_score", "Methylation score", "is a calibrated score from 0 to 1"
    yield from _markers(dx)


def _markers(dx: Diagnosis) -> Found:
    for i, marker in enumerate(dx.markers):
        if not marker.name.strip() or (marker.result is None and not marker.detail.strip()):
            yield f"diagnosis.markers.{i}", f"Marker {i + 1}", "name the marker and its result"


def _suspected(dx: Diagnosis) -> Found:
    if dx.grade is not None:
        yield "diagnosis.grade", "CNS WHO grade", "a suspected diagnosis has no grade until tissue is examined"
    if dx.nos_nec:
        yield "diagnosis.nos_nec", "NOS/NEC", f"{dx.nos_nec} describes tested tissue; a suspected diagnosis has none"
    for i, _marker in enumerate(dx.markers):
        yield f"diagnosis.markers.{i}", f"Marker {i + 1}", "marker results need tissue: the diagnosis is only suspected"


def _performance(case: Case, catalog: Catalog, day: dt.date | None, _b: Board) -> Found:
    perf = case.performance
    if not perf.scale and perf.value is None:
        return
    scale = catalog.scale(perf.scale)
    if scale is None:
        yield "performance.scale", "Performance status", f"choose a scale (not '{perf.scale}')"
        return
    if perf.value is None:
        yield "performance.value", "Performance status", f"enter the {scale.name} score"
    elif not scale.min <= perf.value <= scale.max or (perf.value - scale.min) % scale.step:
        yield (
            "performance.value",
            "Performance status",
            f"{scale.name} runs from {scale.min} to {scale.max} in steps of {scale.step}; "
            f"{perf.value} is not on it",
        )
    age = case.age_on(perf.date or day)
    if age is not None and not _age_fits(scale.min_age, scale.max_age, age):
        yield "performance.scale", "Performance status", (
            f"{scale.name} applies to {_age_range(scale.min_age, scale.max_age)}; "
            f"the patient is {age}"
        )


def _age_fits(low: int | None, high: int | None, age: int) -> bool:
    return (low is None or age >= low) and (high is None or age <= high)


def _age_range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"ages {low}–{high}"
    return f"ages {low} and over" if low is not None else f"ages up to {high}"


def _images(case: Case, _c: Catalog, _d: dt.date | None, board: Board) -> Found:
    for i, image in enumerate(case.images):
        if image.file not in board.image_data:
            yield f"images.{i}", f"Key image {i + 1}", f"the picture '{image.file}' is missing"


def _discussion(case: Case, catalog: Catalog, *_: object) -> Found:
    for key, item in case.discussion.items():
        section = catalog.section(key)
        if section is None or section.kind != "modality":
            yield f"discussion.{key}", "Discussion", f"'{key}' is not a modality of this catalog"
            continue
        known = {o.id for o in section.options}
        for option in item.options:
            if option not in known:
                yield f"discussion.{key}.options", section.title, f"unknown option '{option}'"
    if case.status == "discussed" and not case.plan.recommendation.strip():
        yield "plan.recommendation", "Consensus plan", "a discussed case needs the board's recommendation"


def _plan(case: Case, catalog: Catalog, day: dt.date | None, _b: Board) -> Found:
    plan = case.plan
    yield from _guideline(case, catalog)
    yield from _communication(case, day)
    if plan.guideline_concordant is False and not plan.non_concordance_reason.strip():
        yield "plan.non_concordance_reason", "Guideline concordance", "say why the plan departs from the guideline"
    if plan.trial_id.strip() and trial_registry(plan.trial_id) is None:
        yield "plan.trial_id", "Clinical trial", (
            f"'{plan.trial_id}' is not a trial id: NCT and 8 digits, an EU CT number (2023-500001-23-00), "
            "a EudraCT number (2015-001234-56) or ISRCTN and 8 digits")
    if plan.status == "final":
        if not plan.recommendation.strip():
            yield "plan.recommendation", "Consensus plan", "a final plan needs a recommendation"
        if not plan.finalised_by.strip() or plan.finalised_at is None:
            yield "plan.finalised_by", "Consensus plan", "a final plan records who finalised it and when"
    for i, action in enumerate(plan.actions):
        if action.what.strip() and not action.who.strip():
            yield f"plan.actions.{i}", f"Action {i + 1}", "name who is responsible"
    for i, amendment in enumerate(plan.amendments):
        if not amendment.by.strip() or not amendment.reason.strip() or amendment.at is None:
            yield f"plan.amendments.{i}", f"Amendment {i + 1}", "an amendment records who made it, when and why"


def _guideline(case: Case, catalog: Catalog) -> Found:
    plan = case.plan
    if plan.guideline and catalog.guideline(plan.guideline) is None:
        yield "plan.guideline", "Guideline", f"'{plan.guideline}' is not a guideline of the {catalog.name} catalog"
    if plan.guideline_concordant is not None and not plan.guideline:
        yield "plan.guideline", "Guideline", "name the guideline that concordance refers to"


def _communication(case: Case, day: dt.date | None) -> Found:
    plan = case.plan
    for field, whom in (("tell_patient", "the patient"), ("tell_referrer", "the referrer")):
        messenger = getattr(plan, field)
        if plan.status == "final" and not messenger.who.strip():
            yield f"plan.{field}.who", "Communication", f"a final plan names who tells {whom} the outcome"
        if messenger.due and day and messenger.due < day:
            yield f"plan.{field}.due", "Communication", f"telling {whom} is due before the meeting"


def _attendance(case: Case, catalog: Catalog, _d: dt.date | None, board: Board) -> Found:
    for field, index, name in unknown_names(board.meeting, case):
        where = "present at the meeting" if field == "away" else "absent from the meeting"
        yield f"attendance.{field}.{index}", "Attendance", f"'{name}' is no attendee {where}"
    missing = missing_specialties(board.meeting, catalog, case)
    if case.plan.status == "final" and missing and not case.attendance.exception_reason.strip():
        yield "attendance.exception_reason", "Attendance", (
            f"a final plan needs every core specialty present for the case (missing: {', '.join(missing)}), "
            "or the reason for the exception")


def _deferral(case: Case, _c: Catalog, day: dt.date | None, _b: Board) -> Found:
    if case.status != "deferred":
        return
    if not case.deferral.reason.strip():
        yield "deferral.reason", "Deferral", "say why the case was deferred"
    if case.deferral.relist_on is None:
        yield "deferral.relist_on", "Deferral", "give the date the case is listed again"
    elif day and case.deferral.relist_on <= day:
        yield "deferral.relist_on", "Deferral", "the case is listed again after this meeting"
    if case.plan.status == "final":
        yield "plan.status", "Consensus plan", "a deferred case has no final plan"


_CASE_CHECKS = (
    _question,
    _patient,
    _diagnosis,
    check_staging,
    _performance,
    check_history,
    check_postop_mri,
    _images,
    _discussion,
    _plan,
    _attendance,
    _deferral,
)
