"""Checks of Chang M staging: each stage rests on the right examination results, and
examinations after surgery are timed so that they can be trusted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from boardtool.model.board import Case, StagingExam
from boardtool.model.catalog import Catalog
from boardtool.model.prompts import tumour_surgeries
from boardtool.model.terms import EXAM_RESULT_LABELS, RESECTION_PROCEDURES

Found = Iterator[tuple[str, str, str]]  # (path, area, message)

EXAM_NAMES = {"mri_brain": "brain MRI", "mri_spine": "whole-spine MRI", "csf_cytology": "lumbar CSF cytology"}
CSF_MIN_DAYS = 14  # EANO 2018: lumbar CSF at least ~14 days after surgery
SPINE_MRI_MIN_DAYS = 14  # EANO 2018: spine MRI before surgery or about 2–3 weeks after it
POSTOP_MRI_MAX_DAYS = 3  # post-operative MRI within 24–72 h of surgery


def check_staging(case: Case, catalog: Catalog, *_: object) -> Found:
    """Yield the problems of the case's staging examinations and M stage."""
    for exam in EXAM_NAMES:
        yield from _exam_recorded(exam, getattr(case.staging, exam))
    yield from _timing(case)
    stage_id = case.staging.m_stage
    if stage_id is None:
        return
    stage = catalog.m_stage(stage_id)
    if stage is None:
        yield "staging.m_stage", "M stage", f"'{stage_id}' is not a stage of this catalog"
        return
    yield from _stage_evidence(case, stage)
    if catalog.m_stage_rank(stage_id) >= 2 and not case.metastatic_sites:
        yield "metastatic_sites", "Metastatic sites", f"{stage_id} means nodular spread: list the sites"


def _exam_recorded(exam: str, record: StagingExam) -> Found:
    path, name = f"staging.{exam}", EXAM_NAMES[exam]
    if record.date is not None and record.result is None:
        yield f"{path}.result", "Staging", f"{name} is dated: record its result"
    if record.result not in (None, "not_done") and record.date is None:
        yield f"{path}.date", "Staging", f"{name} is {EXAM_RESULT_LABELS[record.result]}: enter its date"


def _stage_evidence(case: Case, stage) -> Found:
    results = {exam: getattr(case.staging, exam).result for exam in EXAM_NAMES}
    for exam in stage.requires_negative:
        if results[exam] != "negative":
            shown = EXAM_RESULT_LABELS.get(results[exam] or "", "missing")
            yield f"staging.{exam}", "M stage", (
                f"{stage.id} needs a negative {EXAM_NAMES[exam]} (it is {shown}); otherwise record Mx")
    if stage.evidence and not any(results[exam] == "positive" for exam in stage.evidence):
        names = " or ".join(EXAM_NAMES[e] for e in stage.evidence)
        yield f"staging.{stage.evidence[0]}", "M stage", f"{stage.id} rests on a positive {names}"


def _last_surgery_before(case: Case, day: dt.date) -> dt.date | None:
    earlier = [e.date for e in tumour_surgeries(case) if e.date <= day]
    return earlier[-1] if earlier else None


# (examination, fewest days after surgery, why an earlier one misleads, what to do instead)
_TIMING = (
    ("csf_cytology", CSF_MIN_DAYS, "a positive result may be surgical debris (false M1)",
     "repeat it at 14 days or later"),
    ("mri_spine", SPINE_MRI_MIN_DAYS, "post-operative blood can mimic or hide spinal seeding",
     "stage before surgery or 2–3 weeks after it"),
)


def _timing(case: Case) -> Found:
    for exam, least, risk, advice in _TIMING:
        record = getattr(case.staging, exam)
        if record.date is None or record.result == "not_done":
            continue
        surgery = _last_surgery_before(case, record.date)
        days = (record.date - surgery).days if surgery is not None else None
        if days is not None and days < least:
            yield f"staging.{exam}.date", "Staging timing", (
                f"{EXAM_NAMES[exam]} {days} days after surgery: under {least} days {risk}; {advice}")


def check_postop_mri(case: Case, *_: object) -> Found:
    """Yield a problem for each resection whose post-operative MRI is late or misdated."""
    for i, event in enumerate(case.history):
        if event.kind != "surgery" or event.postop_mri is None or event.date is None:
            continue
        if event.procedure is not None and event.procedure not in RESECTION_PROCEDURES:
            continue
        days = (event.postop_mri - event.date).days
        path, area = f"history.{i}.postop_mri", f"History event {i + 1} (surgery)"
        if days < 0:
            yield path, area, "the post-operative MRI is dated before the operation"
        elif days > POSTOP_MRI_MAX_DAYS:
            yield path, area, (
                f"post-operative MRI {days} days after surgery: beyond 72 h, healing tissue enhances "
                "and residual tumour is hard to judge")
