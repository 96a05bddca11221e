"""Checks of the treatment history: dates, operations, radiotherapy volumes, response, toxicity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from boardtool.model.board import Board, Case, RtVolume, TreatmentEvent
from boardtool.model.catalog import Catalog
from boardtool.model.terms import MEASURED_RESPONSES, PROCEDURE_LABELS, RESECTION_PROCEDURES

Found = Iterator[tuple[str, str, str]]  # (path, area, message)

MAX_DOSE_GY = 80  # a single volume above this is a typing error, not a prescription


def check_history(case: Case, catalog: Catalog, day: dt.date | None, _board: Board) -> Found:
    """Yield the problems of each treatment event."""
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
        if event.kind == "surgery":
            yield from _surgery(event, path, area, resections)
        if event.kind == "radiotherapy":
            yield from _radiotherapy(event, path, area)
        if event.kind == "chemotherapy" and not event.regimen.strip():
            yield f"{path}.regimen", area, "name the regimen"
        if event.cycles is not None and event.cycles < 1:
            yield f"{path}.cycles", area, "cycles must be at least 1"
        yield from _response(event, path, area)
        yield from _toxicities(event, path, area)


def _surgery(event: TreatmentEvent, path: str, area: str, resections: set[str]) -> Found:
    is_resection = event.procedure is None or event.procedure in RESECTION_PROCEDURES
    if is_resection and event.resection not in resections:
        yield f"{path}.resection", area, f"choose the extent of resection ({', '.join(sorted(resections))})"
    elif not is_resection and event.resection and event.procedure != "biopsy":
        name = PROCEDURE_LABELS[event.procedure]
        yield f"{path}.resection", area, f"{name} removes no tumour: clear the extent of resection"


def _radiotherapy(event: TreatmentEvent, path: str, area: str) -> Found:
    if not event.volumes:
        yield f"{path}.volumes", area, "add the treated volumes (target, dose, fractions)"
    for j, volume in enumerate(event.volumes):
        yield from _volume(volume, f"{path}.volumes.{j}", f"{area}, volume {j + 1}")


def _volume(volume: RtVolume, path: str, area: str) -> Found:
    if not volume.target.strip():
        yield f"{path}.target", area, "name the target (e.g. tumour bed, craniospinal axis, boost)"
    if volume.dose is None or not 0 < volume.dose <= MAX_DOSE_GY:
        yield f"{path}.dose", area, f"enter the dose in {volume.unit} (above 0, at most {MAX_DOSE_GY})"
    if volume.fractions is None or volume.fractions < 1:
        yield f"{path}.fractions", area, "enter the number of fractions"
    elif volume.dose and not 0.5 <= volume.dose / volume.fractions <= 25:
        per = volume.dose / volume.fractions
        yield f"{path}.fractions", area, f"{per:.2f} {volume.unit} per fraction is implausible"
    if volume.unit == "Gy(RBE)" and volume.modality == "photon":
        yield f"{path}.unit", area, "Gy(RBE) is a proton (particle) dose; photon doses are in Gy"


def _response(event: TreatmentEvent, path: str, area: str) -> Found:
    if event.response in MEASURED_RESPONSES and event.response_criteria is None:
        yield f"{path}.response_criteria", area, f"{event.response}: name the criteria (RANO or RAPNO)"
    if event.response == "CR" and event.kind == "surgery" and event.resection == "GTR":
        yield f"{path}.response", area, "after a gross-total resection nothing is left to respond: record NED"
    if event.response_date and event.date and event.response_date < event.date:
        yield f"{path}.response_date", area, "the response is assessed before the treatment started"


def _toxicities(event: TreatmentEvent, path: str, area: str) -> Found:
    for j, toxicity in enumerate(event.toxicities):
        where = f"{path}.toxicities.{j}"
        if not toxicity.term.strip():
            yield f"{where}.term", area, "name the CTCAE term of the toxicity"
        if toxicity.grade is None or not 1 <= toxicity.grade <= 5:
            yield f"{where}.grade", area, "CTCAE grades run from 1 to 5"
