"""Mapping rows for staging examinations (brain MRI, whole-spine MRI, CSF cytology → result and
date) and for treatment responses (response, criteria and date on the treatment assessed)."""

from __future__ import annotations

import re

from boardtool.intake.codes import LOINC, code_in, codings, effective_date, has_profile, text_of
from boardtool.intake.context import Context
from boardtool.intake.diagnosis import coded_words
from boardtool.intake.fhir import Resource
from boardtool.model.board import StagingExam
from boardtool.model.terms import EXAM_RESULT_LABELS, RESPONSE_LABELS, label
from boardtool.outline_details import exam_text

# LOINC radiology codes (the LOINC/RSNA playbook names in the comments).
MRI_BRAIN = {"24586-0", "24587-8", "24588-6", "24589-4", "24590-2", "30657-1"}  # MR Brain …
MRI_SPINE = {"36067-7", "36400-0"}  # MR Spine, MR Spine WO and W contrast IV (the whole spine)
EXAMS = {"staging.mri_brain": "Brain MRI", "staging.mri_spine": "Whole-spine MRI",
         "staging.csf_cytology": "Lumbar CSF cytology"}
_CSF = ("cerebrospinal fluid", "cerebral spinal fluid", "csf", "spinal fluid")
_NOT_LUMBAR = ("ventric", "shunt", "drain", "intraoperative", "intra-operative", "cisternal")
_PART_OF_SPINE = ("cervical", "thoracic", "lumbar", "sacral")
_DISSEMINATION = ("dissemination", "metasta", "leptomening", "drop", "staging", "spread")
_EXAM_RESULT = re.compile(r"^\s*(positive|negative|equivocal|indeterminate|not done|not performed)\b", re.I)
_EXAM_ANSWERS = {"LA6576-8": "positive", "LA6577-6": "negative"}
_RESULT_WORDS = {"positive": "positive", "negative": "negative", "equivocal": "equivocal",
                 "indeterminate": "equivocal", "not done": "not_done", "not performed": "not_done"}
RESPONSE_WORDS = (("complete response", "CR"), ("partial response", "PR"), ("stable disease", "SD"),
                  ("progressive disease", "PD"), ("progression", "PD"), ("no evidence of disease", "NED"),
                  ("not evaluable", "NE"))


def exam_of(resource: Resource) -> str:
    """Return the staging field an observation is an examination for ('' when it is none)."""
    data = resource.data
    loinc = code_in(data.get("code"), LOINC)
    words = coded_words(data.get("code")).casefold()
    if loinc in MRI_BRAIN:
        return "staging.mri_brain"
    if loinc in MRI_SPINE:
        return "staging.mri_spine"
    if "cytolog" in words and any(w in words for w in _CSF):
        return "staging.csf_cytology"
    if re.search(r"\b(mri?|magnetic resonance)\b", words):
        brain, spine = "brain" in words, "spine" in words and not any(p in words for p in _PART_OF_SPINE)
        return "staging.mri_brain" if brain and not spine else "staging.mri_spine" if spine and not brain else ""
    return ""


def staging_exam(resource: Resource, ctx: Context, path: str) -> None:
    """A brain MRI, whole-spine MRI or CSF cytology → the staging examination's result and date."""
    data = resource.data
    name = EXAMS[path]
    value = data.get("valueCodeableConcept") or {}
    words = text_of(value) or str(data.get("valueString") or "")
    about = f"{coded_words(data.get('code'))} {text_of(data.get('method'))} {words}".casefold()
    result = _exam_result(data, words)
    if result is None:
        ctx.skip(resource, f"{name}: {words or 'no result'}", "the result is not positive, negative or equivocal")
        return
    if path != "staging.csf_cytology" and result != "not_done" and not any(w in about for w in _DISSEMINATION):
        ctx.skip(resource, f"{name}: {words}", "the record does not say the examination looked for dissemination "
                 "(a positive MRI may show only the primary tumour)")
        return
    if path == "staging.csf_cytology" and any(w in about for w in _NOT_LUMBAR):
        ctx.skip(resource, f"{name}: {words}", "the CSF was not taken by lumbar puncture; staging uses lumbar CSF")
        return
    day = effective_date(data)
    note = "check that the CSF was lumbar" if path == "staging.csf_cytology" and "lumbar" not in about else ""
    shown = exam_text("", StagingExam(date=day, result=result), lambda d: d.isoformat() if d else "")
    said = f" ({words})" if words.casefold() != label(EXAM_RESULT_LABELS, result).casefold() else ""
    ctx.propose(path, {"date": day, "result": result}, shown + said, resource, when=day, note=note)


def _exam_result(data: dict, words: str) -> str | None:
    answer = next((_EXAM_ANSWERS[c.get("code")] for c in codings(data.get("valueCodeableConcept"))
                   if c.get("system") == LOINC and c.get("code") in _EXAM_ANSWERS), None)
    if answer:
        return answer
    if code_in(data.get("dataAbsentReason"), "http://terminology.hl7.org/CodeSystem/data-absent-reason") \
            == "not-performed":
        return "not_done"
    found = _EXAM_RESULT.match(words)
    return _RESULT_WORDS[found.group(1).lower()] if found else None


def is_response(resource: Resource) -> bool:
    """Return True for an observation of the response to a treatment."""
    return has_profile(resource.data, "response") or "response" in coded_words(resource.data.get("code")).casefold()


def response(resource: Resource, ctx: Context) -> None:
    """A response observation → waits for the treatment event it assesses (joined when all are read)."""
    data = resource.data
    words = coded_words(data.get("valueCodeableConcept")) or str(data.get("valueString") or "")
    value = next((code for key, code in RESPONSE_WORDS if key in words.casefold()), None)
    if value is None:
        ctx.skip(resource, f"response: {words or 'no answer'}", "not a response boardtool records "
                 f"({', '.join(RESPONSE_LABELS.values())})")
        return
    how = f"{text_of(data.get('method'))} {coded_words(data.get('code'))} {words}".upper()
    criteria = "RAPNO" if "RAPNO" in how else "RANO" if re.search(r"\bRANO\b", how) else None
    targets = [r for r in (*data.get("focus", []), *data.get("partOf", [])) if isinstance(r, dict)]
    ctx.pending.setdefault("responses", []).append((resource, value, criteria, effective_date(data), targets))


def finish_responses(ctx: Context) -> None:
    """Put each response on the treatment event proposed from the resource it names."""
    for resource, value, criteria, day, targets in ctx.pending.get("responses", []):
        labels = {t.label for t in (ctx.resolve(r) for r in targets) if t is not None}
        event = next((p for p in ctx.record.proposals if p.path == "history+" and labels & {s.label for s in p.sources}),
                     None)
        shown = f"response {label(RESPONSE_LABELS, value)}"
        if event is None:
            reason = "it names no treatment" if not targets else "the treatment it assesses is not among the mapped ones"
            ctx.skip(resource, shown, reason)
            continue
        if event.value.get("response_date") and day and event.value["response_date"] > day:
            ctx.skip(resource, shown, "an earlier response of the same treatment; the latest one is proposed")
            continue
        event.value.update(response=value, response_criteria=criteria, response_date=day)
        event.display += f"; {RESPONSE_LABELS[value].split(' (')[0]}" + "".join(
            f", {p}" for p in (criteria, day.isoformat() if day else "") if p)
        event.sources = (*event.sources, resource.source)
