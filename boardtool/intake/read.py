"""FHIR bundles → one record of proposals per patient: the entry point of FHIR intake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from boardtool.intake import rows_conditions, rows_observations, rows_staging, rows_treatment
from boardtool.intake.apply import label_of
from boardtool.intake.codes import text_of
from boardtool.intake.context import Context, person_name
from boardtool.intake.fhir import SUPPORTING, IntakeError, Records, Resource, read_records, subject_of
from boardtool.intake.proposals import IntakeResult, PatientRecord, Proposal
from boardtool.model.catalog import Catalog

Row = Callable[[Resource, Context], None]
ROWS: dict[str, Row] = {
    "Patient": rows_conditions.patient,
    "Condition": rows_conditions.condition,
    "Observation": rows_observations.observation,
    "Procedure": rows_treatment.procedure,
    "MedicationRequest": rows_treatment.medication,
    "MedicationAdministration": rows_treatment.medication,
    "MedicationStatement": rows_treatment.medication,
}
FINISHERS = (rows_observations.finish_tnm, rows_observations.finish_disease_status, rows_treatment.finish_chemotherapy,
             rows_staging.finish_responses)
NOT_READ = {
    "DiagnosticReport": "a report: boardtool reads the observations it groups",
    "FamilyMemberHistory": "family history: boardtool has no field for it",
    "Encounter": "an encounter: not case content",
    "ServiceRequest": "an order: not case content",
}


def read_fhir(paths: list[Path], catalog: Catalog, now: dt.datetime | None = None) -> IntakeResult:
    """Read FHIR files and return one record of proposals per patient (raises IntakeError)."""
    records = read_records(paths, now)
    patients = records.patients()
    if not patients:
        raise IntakeError("no Patient resource: boardtool needs to know whose record this is",
                          file=", ".join(records.files))
    result = IntakeResult([], records.missing_references(), list(records.files))
    used: set[str] = set()
    for patient in patients:
        ctx = Context(records, PatientRecord(patient.label, person_name(patient.data)), catalog)
        for resource in _resources_of(records, patient):
            _map(resource, ctx)
        for finish in FINISHERS:
            finish(ctx)
        settle(ctx.record)
        used |= ctx.used
        result.records.append(ctx.record)
    _report_leftovers(records, patients, used, result.records[0])
    return result


def _resources_of(records: Records, patient: Resource) -> list[Resource]:
    return [r for r in records.resources if r is patient or (
        subject_of(r) is not None and records.resolve(subject_of(r)) is patient)]


def _map(resource: Resource, ctx: Context) -> None:
    row = ROWS.get(resource.type)
    if resource.type in SUPPORTING:
        return  # read when mapped content refers to it; reported at the end when nothing did
    if row is not None:
        try:
            row(resource, ctx)
        except (KeyError, TypeError, ValueError, AttributeError, StopIteration) as exc:  # unusual content
            ctx.skip(resource, resource.label, f"content boardtool could not read ({type(exc).__name__}: {exc})")
    else:
        reason = NOT_READ.get(resource.type, f"a {resource.type}: boardtool has no mapping for it")
        ctx.skip(resource, text_of(resource.data.get("code")) or resource.label, reason)


def _report_leftovers(records: Records, patients: list[Resource], used: set[str], first: PatientRecord) -> None:
    """Name what belongs to no patient of the bundle and was not used to name a person or volume."""
    for resource in records.resources:
        subject = subject_of(resource)
        if resource in patients or resource.label in used:
            continue
        if resource.type == "Patient":
            first.skip(resource.label, "the same patient again, in another file: read once", resource.source)
            continue
        if resource.type in SUPPORTING:
            first.skip(resource.label, f"a {resource.type} not referred to by mapped content", resource.source)
        elif subject is None:
            first.skip(resource.label, "about no patient", resource.source)
        elif records.resolve(subject) is None:
            first.skip(resource.label, f"about a patient who is not in the bundle ({subject})", resource.source)


def settle(record: PatientRecord) -> None:
    """Keep the latest of several values for one field; join identical list items."""
    kept: list[Proposal] = []
    latest: dict[str, Proposal] = {}
    for proposal in record.proposals:
        if proposal.appends:
            twin = next((k for k in kept if k.path == proposal.path and k.value == proposal.value), None)
            if twin is not None:
                twin.sources = tuple(dict.fromkeys((*twin.sources, *proposal.sources)))
                continue
            kept.append(proposal)
            continue
        before = latest.get(proposal.path)
        if before is None or _later(proposal, before):
            if before is not None:
                _superseded(record, before)
                kept.remove(before)
            latest[proposal.path] = proposal
            kept.append(proposal)
        else:
            _superseded(record, proposal)
    record.proposals = kept


def _later(new: Proposal, old: Proposal) -> bool:
    return (new.when or dt.date.min) > (old.when or dt.date.min)


def _superseded(record: PatientRecord, proposal: Proposal) -> None:
    record.skip(f"{label_of(proposal.field_path)}: {proposal.display}", "an earlier value; the latest one is proposed",
                proposal.source)
