"""The mapping layer: checks proposals against the case model as it is today and applies the
accepted ones, remembering each value's source in the case's provenance."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from boardtool.intake.proposals import NotMapped, PatientRecord, Proposal
from boardtool.model.board import Case, ProvenanceEntry

Status = Literal["new", "same", "conflict", "no field", "invalid"]
# What the import review says beside each outcome it lists; the others are listed as not mapped.
REVIEW_NOTES: dict[str, str] = {"new": "", "conflict": "replaces the case's value", "same": "already in the case"}
LABELS = {
    "patient.name": "Patient name", "patient.birth_date": "Date of birth", "patient.sex": "Sex",
    "patient.mrn": "MRN", "diagnosis.tumour_type": "Diagnosis", "diagnosis.compartment": "Compartment",
    "diagnosis.grade": "CNS WHO grade", "diagnosis.date": "Date of diagnosis", "primary_site": "Primary site",
    "disease_status": "Disease status", "performance": "Performance status", "metastatic_sites": "Metastatic site",
    "diagnosis.markers": "Marker", "staging.tnm": "TNM", "history": "Treatment history",
    "medications": "Current medication", "comorbidities": "Comorbidity",
    "dexamethasone_mg_per_day": "Dexamethasone (mg/day)", "diagnosis.state": "Diagnostic state",
    "staging.mri_brain": "Brain MRI", "staging.mri_spine": "Whole-spine MRI",
    "staging.csf_cytology": "Lumbar CSF cytology",
}


@dataclass
class Outcome:
    """A proposal judged against the case: new, already there, in conflict, or without a place."""

    proposal: Proposal
    status: Status
    value: Any = None  # the proposal's value as the model holds it
    current: Any = None
    reason: str = ""
    left_out: tuple[str, ...] = ()  # parts of the value the model has no field for yet

    @property
    def label(self) -> str:
        """Return the field as a clinician names it."""
        return label_of(self.proposal.field_path)

    @property
    def applicable(self) -> bool:
        """Return True when accepting the proposal changes the case."""
        return self.status in ("new", "conflict")


def label_of(path: str) -> str:
    """Return the clinician's name of a field path."""
    return LABELS.get(path, path.split(".")[-1].replace("_", " ").capitalize())


def review(case: Case, record: PatientRecord) -> list[Outcome]:
    """Return how each of the record's proposals fits the case."""
    return [judge(case, proposal) for proposal in record.proposals]


def judge(case: Case, proposal: Proposal) -> Outcome:
    """Return whether a proposal has a field in the model, is valid there and differs from the case."""
    annotation = _annotation(Case, proposal.field_path.split("."))
    if annotation is None:
        return Outcome(proposal, "no field", reason=f"boardtool has no field for {label_of(proposal.field_path)} yet")
    if proposal.appends:
        if get_origin(annotation) is not list:
            return Outcome(proposal, "no field", reason=f"{label_of(proposal.field_path)} is not a list")
        annotation = get_args(annotation)[0]
    value, left_out = _fit(annotation, proposal.value)
    try:
        checked = TypeAdapter(annotation).validate_python(value)
    except ValidationError as exc:
        return Outcome(proposal, "invalid", reason=_invalid_reason(proposal, exc))
    current = _current(case, proposal.field_path)
    if proposal.appends:
        status: Status = "same" if checked in current else "new"
    elif _empty(current) or current == checked or _untouched(case, proposal.field_path):
        status = "same" if current == checked else "new"
    else:
        status = "conflict"
    reason = f"the case has {_shown(current)}" if status == "conflict" else ""
    return Outcome(proposal, status, checked, current, reason, left_out)


def _annotation(model: type[BaseModel], parts: list[str]) -> Any:
    info = model.model_fields.get(parts[0])
    if info is None:
        return None
    annotation = info.annotation
    if len(parts) == 1:
        return annotation
    return _annotation(annotation, parts[1:]) if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _fit(annotation: Any, value: Any) -> tuple[Any, tuple[str, ...]]:
    """Return the value without the keys its model lacks, and the keys left out."""
    if not (isinstance(value, dict) and isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return value, ()
    known = annotation.model_fields
    kept = {k: v for k, v in value.items() if k in known}
    left = tuple(f"{k.replace('_', ' ')}: {v}" for k, v in value.items() if k not in known and v not in (None, ""))
    return kept, left


def _invalid_reason(proposal: Proposal, exc: ValidationError) -> str:
    error = exc.errors()[0]
    if error.get("type") == "literal_error":
        return (f"'{proposal.value}' is not a value boardtool records for {label_of(proposal.field_path)} "
                f"({error['msg'].removeprefix('Input should be ')})")
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"does not fit {label_of(proposal.field_path)}{' › ' + where if where else ''}: {error['msg']}"


def _current(case: Case, path: str) -> Any:
    value: Any = case
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _empty(value: Any) -> bool:
    if isinstance(value, BaseModel):
        return value == type(value)()
    return value in (None, "", [], "unknown")


def _untouched(case: Case, path: str) -> bool:
    """Return True when a field and the record holding it still have their defaults (a diagnosis
    nobody has filled in yet is 'integrated' only by default)."""
    *parents, last = path.split(".")
    if not parents:
        return False
    owner = _current(case, ".".join(parents))
    return isinstance(owner, BaseModel) and owner == type(owner)()


def _shown(value: Any) -> str:
    if isinstance(value, BaseModel):
        parts = [str(v) for v in value.model_dump().values() if v not in (None, "", [])]
        return "'" + ", ".join(parts) + "'"
    return f"'{value}'"


def apply_outcomes(case: Case, outcomes: list[Outcome]) -> Case:
    """Return a copy of the case with the accepted outcomes applied and their sources recorded."""
    result = case.model_copy(deep=True)
    for outcome in outcomes:
        if not outcome.applicable:
            continue
        path = outcome.proposal.field_path
        *parents, last = path.split(".")
        owner: Any = result
        for part in parents:
            owner = getattr(owner, part)
        if outcome.proposal.appends:
            items = list(getattr(owner, last))
            items.append(copy.deepcopy(outcome.value))
            setattr(owner, last, items)
            path = f"{path}.{len(items) - 1}"
        else:
            setattr(owner, last, copy.deepcopy(outcome.value))
        result.provenance = [*result.provenance, *_provenance(outcome.proposal, path)]
    return result


def _provenance(proposal: Proposal, path: str) -> list[ProvenanceEntry]:
    return [ProvenanceEntry(path=path, display=proposal.display, file_sha256=s.file_sha256,
                            resource_type=s.resource_type, resource_id=s.resource_id, imported_at=s.imported_at)
            for s in proposal.sources]


def not_mapped(outcomes: list[Outcome]) -> list[NotMapped]:
    """Return what the model cannot hold: proposals without a field or value, parts left out."""
    items = [NotMapped(f"{o.label}: {o.proposal.display}", o.reason, o.proposal.source)
             for o in outcomes if o.status in ("no field", "invalid")]
    for outcome in outcomes:
        if outcome.status in ("no field", "invalid"):
            continue
        items += [NotMapped(f"{outcome.label} › {part}", f"boardtool has no field for this part of "
                            f"{outcome.label.lower()} yet", outcome.proposal.source) for part in outcome.left_out]
    return list(dict.fromkeys(items))


def provenance_of(case: Case, path: str) -> str:
    """Return where a field's imported value came from, for a tooltip ('' when it was typed)."""
    entries = [e for e in case.provenance if e.path == path or e.path.startswith(path + ".")]
    return "\n".join(f"Imported {e.imported_at:%Y-%m-%d %H:%M} from {e.resource_type}/{e.resource_id} "
                     f"(file SHA-256 {e.file_sha256[:12]}…)" if e.imported_at else f"From {e.resource_type}/{e.resource_id}"
                     for e in entries)
