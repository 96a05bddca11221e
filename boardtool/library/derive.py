"""Indexed columns derived from a case's document on save, from its stable fields only."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from typing import Any

from boardtool.model.board import Case


def patient_key(mrn: str, name: str, birth_date: dt.date | None) -> str | None:
    """Return the key that finds a patient's earlier cases: by MRN, else by name and birth date."""
    mrn = "".join(mrn.split()).upper()
    if mrn:
        basis = f"mrn:{mrn}"
    elif name.strip() and birth_date is not None:
        folded = " ".join(unicodedata.normalize("NFKC", name).lower().split())
        basis = f"name:{folded}|{birth_date.isoformat()}"
    else:
        return None
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def case_document(case: Case) -> str:
    """Return the case as canonical JSON text (the stored source of truth)."""
    return canonical_json(case.model_dump(mode="json"))


def canonical_json(data: Any) -> str:
    """Return JSON with sorted keys and no spaces, so equal data gives equal text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def case_columns(case: Case, disease: str, meeting_date: dt.date | None) -> dict[str, Any]:
    """Return the indexed columns for a case (patient key, status, plan status, dates)."""
    patient = case.patient
    return {
        "patient_key": patient_key(patient.mrn, patient.name, patient.birth_date),
        "patient_name": patient.name[:200],
        "patient_mrn": patient.mrn[:60],
        "birth_date": patient.birth_date,
        "status": case.status,
        "plan_status": case.plan.status,
        "disease": disease,
        "meeting_date": meeting_date,
    }


def plan_digest(case: Case) -> tuple[str, str]:
    """Return the consensus plan as canonical JSON and its SHA-256."""
    text = canonical_json(case.plan.model_dump(mode="json"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()
