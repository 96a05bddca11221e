"""Returning patients: a new case starts from the patient's last one in the library."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from boardtool.library.core import Library
from boardtool.library.derive import patient_key
from boardtool.library.meetings import take_case
from boardtool.library.tables import cases, recommendations
from boardtool.model.board import Case, new_case_id

# What a returning patient's new case carries over; everything else (the question, the
# discussion, the plan, the presenter) starts afresh for the new meeting.
CARRIED = ("patient", "referring_clinician", "clinical_summary", "diagnosis", "disease_status", "primary_site",
           "metastatic_sites", "staging", "performance", "comorbidities", "medications",
           "dexamethasone_mg_per_day", "history", "images")


@dataclass(frozen=True)
class EarlierRecommendation:
    """A recommendation the board made for this patient before."""

    meeting_date: dt.date | None
    finalised_on: dt.date
    text: str


@dataclass
class ReturningPatient:
    """A new case carried forward from the last one, its images and what was recommended before."""

    case: Case
    image_data: dict[str, bytes]
    previous_case_id: str
    earlier: list[EarlierRecommendation]


def find_last_case(library: Library, mrn: str = "", name: str = "", birth_date: dt.date | None = None) -> str | None:
    """Return the id of the patient's most recent case: found by MRN, else by name and birth date."""
    newest = (cases.c.meeting_date.desc().nulls_last(), cases.c.referred_on.desc(), cases.c.updated_at.desc())
    with library.reading() as connection:
        key = patient_key(mrn, "", None)
        if key is not None:
            return connection.execute(select(cases.c.id).where(cases.c.patient_key == key).order_by(*newest)
                                      .limit(1)).scalar()
        if not name.strip() or birth_date is None:
            return None
        wanted = same_name_key(name)
        rows = connection.execute(select(cases.c.id, cases.c.patient_name).where(cases.c.birth_date == birth_date)
                                  .order_by(*newest)).all()
    return next((row.id for row in rows if same_name_key(row.patient_name) == wanted), None)


def same_name_key(name: str) -> str:
    """Return a name folded for comparison (case, spacing and Unicode forms ignored)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def carry_forward(library: Library, previous_case_id: str) -> ReturningPatient:
    """Return a new case for the same patient, starting from ``previous_case_id``."""
    previous, _version, image_data = take_case(library, previous_case_id)
    kept = {name: getattr(previous, name) for name in CARRIED if name in type(previous).model_fields}
    case = Case.model_validate({**{k: _copy(v) for k, v in kept.items()}, "id": new_case_id()})
    used = {image.file for image in case.images}
    return ReturningPatient(case, {k: v for k, v in image_data.items() if k in used}, previous_case_id,
                            earlier_recommendations(library, previous_case_id))


def _copy(value):
    return value.model_copy(deep=True) if hasattr(value, "model_copy") else \
        [_copy(v) for v in value] if isinstance(value, list) else value


def earlier_recommendations(library: Library, case_id: str) -> list[EarlierRecommendation]:
    """Return the frozen recommendations for the patient of ``case_id``, newest first."""
    with library.reading() as connection:
        key = connection.execute(select(cases.c.patient_key).where(cases.c.id == case_id)).scalar()
        same_patient = select(cases.c.id).where(cases.c.patient_key == key)
        ids = [case_id] if key is None else list(connection.execute(same_patient).scalars())
        rows = connection.execute(select(recommendations.c.meeting_date, recommendations.c.finalised_on,
                                         recommendations.c.text).where(recommendations.c.case_id.in_(ids))
                                  .order_by(recommendations.c.finalised_on.desc(), recommendations.c.id.desc())).all()
    return [EarlierRecommendation(*row) for row in rows]
