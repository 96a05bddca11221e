"""Clinical checks of a board, worded for the clinician and naming case and field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from boardtool.model.board import Board, Case, TreatmentEvent
from boardtool.model.catalog import Catalog

TRIAL_ID = re.compile(r"^NCT\d{8}$")


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
    for i, marker in enumerate(dx.markers):
        if not marker.name.strip() or not marker.result.strip():
            yield f"diagnosis.markers.{i}", f"Marker {i + 1}", "name the marker and its result"


def _staging(case: Case, catalog: Catalog, *_: object) -> Found:
    stage = case.staging.m_stage
    if stage is None:
        return
    known = {m.id: m for m in catalog.m_stages}
    if stage not in known:
        yield "staging.m_stage", "M stage", f"'{stage}' is not a stage of this catalog"
        return
    names = {"mri_brain": "MRI brain", "mri_spine": "MRI spine", "csf_cytology": "CSF cytology"}
    for exam in known[stage].evidence:
        if getattr(case.staging, exam) is None:
            yield f"staging.{exam}", "M stage", f"{stage} rests on {names[exam]}: enter its date"
    if stage != "M0" and not case.metastatic_sites and stage != "M1":
        yield "metastatic_sites", "Metastatic sites", f"{stage} means nodular spread: list the sites"


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


def _history(case: Case, catalog: Catalog, day: dt.date | None, _b: Board) -> Found:
    resections = {r.id for r in catalog.resections}
    born = case.patient.birth_date
    for i, event in enumerate(case.history):
        path, area = f"history.{i}", f"History event {i + 1} ({event.kind})"
        if event.date is None:
            yield f"{path}.date", area, "enter the date"
        elif (day and event.date > day) or (born and event.date < born):
            yield f"{path}.date", area, "the date lies outside the patient's life up to the meeting"
        if event.end_date and event.date and event.end_date < event.date:
            yield f"{path}.end_date", area, "ends before it starts"
        yield from _event_details(event, path, area, resections)


def _event_details(event: TreatmentEvent, path: str, area: str, resections: set[str]) -> Found:
    if event.kind == "surgery" and event.resection not in resections:
        yield f"{path}.resection", area, f"choose the extent of resection ({', '.join(sorted(resections))})"
    if event.kind == "radiotherapy":
        if event.dose_gy is None or not 0 < event.dose_gy <= 80:
            yield f"{path}.dose_gy", area, "enter the total dose in Gy (above 0, at most 80)"
        if event.fractions is None or event.fractions < 1:
            yield f"{path}.fractions", area, "enter the number of fractions"
        elif event.dose_gy and not 0.5 <= event.dose_gy / event.fractions <= 25:
            per = event.dose_gy / event.fractions
            yield f"{path}.fractions", area, f"{per:.2f} Gy per fraction is implausible"
    if event.kind == "chemotherapy" and not event.regimen.strip():
        yield f"{path}.regimen", area, "name the regimen"
    if event.cycles is not None and event.cycles < 1:
        yield f"{path}.cycles", area, "cycles must be at least 1"


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


def _plan(case: Case, *_: object) -> Found:
    plan = case.plan
    if plan.guideline_concordant is False and not plan.non_concordance_reason.strip():
        yield "plan.non_concordance_reason", "Guideline concordance", "say why the plan departs from the guideline"
    if plan.trial_id and not TRIAL_ID.match(plan.trial_id.strip()):
        yield "plan.trial_id", "Clinical trial", f"'{plan.trial_id}' is not an NCT number (NCT and 8 digits)"
    if plan.status == "final":
        if not plan.recommendation.strip():
            yield "plan.recommendation", "Consensus plan", "a final plan needs a recommendation"
        if not plan.finalised_by.strip() or plan.finalised_at is None:
            yield "plan.finalised_by", "Consensus plan", "a final plan records who finalised it and when"
    for i, action in enumerate(plan.actions):
        if action.what.strip() and not action.who.strip():
            yield f"plan.actions.{i}", f"Action {i + 1}", "name who is responsible"


_CASE_CHECKS = (
    _question,
    _patient,
    _diagnosis,
    _staging,
    _performance,
    _history,
    _images,
    _discussion,
    _plan,
)
