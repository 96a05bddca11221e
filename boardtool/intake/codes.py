"""Reading coded FHIR values: code systems, the codes boardtool recognises, clean display text.

Content is recognised by its LOINC, SNOMED CT, ICD-O-3 or ICD-10 codes first and by its
mCODE profile second, because the profile URLs and some codes changed between mCODE
versions (STU1 to STU4).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"
ICDO3 = ("http://terminology.hl7.org/CodeSystem/icd-o-3", "urn:oid:2.16.840.1.113883.6.43.1")
ICD10 = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
UCUM = "http://unitsofmeasure.org"
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-"

# Performance status: (scale id in the catalog, codes)
PERFORMANCE = {
    "ecog": {(LOINC, "89247-1"), (LOINC, "89262-0")},
    "karnofsky": {(LOINC, "89243-0")},
    "lansky": {(NCIT, "C38144"), (LOINC, "89245-5")},
}
DISEASE_STATUS = {(LOINC, "97509-4"), (LOINC, "88040-1")}
COMORBIDITIES = {(SNOMED, "398192003"), (LOINC, "78923-0")}
RADIOTHERAPY_COURSE = {(SNOMED, "1217123003"), (SNOMED, "108290001")}
GENOMIC_VARIANT = {(LOINC, "69548-6")}
GENE_STUDIED = {(LOINC, "48018-6")}
VARIANT_DETAIL = {(LOINC, "81252-9"), (LOINC, "48004-6"), (LOINC, "81290-9"), (LOINC, "48005-3")}

# TNM: code → (basis, part). SNOMED codes from mCODE STU2 onwards, LOINC codes from STU1.
TNM = {
    (SNOMED, "399537006"): ("clinical", "group"), (LOINC, "21908-9"): ("clinical", "group"),
    (SNOMED, "399588009"): ("pathologic", "group"), (LOINC, "21902-2"): ("pathologic", "group"),
    (SNOMED, "399504009"): ("clinical", "t"), (LOINC, "21905-5"): ("clinical", "t"),
    (SNOMED, "384625004"): ("pathologic", "t"), (LOINC, "21899-0"): ("pathologic", "t"),
    (SNOMED, "399534004"): ("clinical", "n"), (LOINC, "21906-3"): ("clinical", "n"),
    (SNOMED, "371494008"): ("pathologic", "n"), (LOINC, "21900-6"): ("pathologic", "n"),
    (SNOMED, "399387003"): ("clinical", "m"), (LOINC, "21907-1"): ("clinical", "m"),
    (SNOMED, "371497001"): ("pathologic", "m"), (LOINC, "21901-4"): ("pathologic", "m"),
}

# Tumour marker tests boardtool recognises without the mCODE profile: LOINC → short name.
MARKER_NAMES = {
    "85337-4": "ER", "16112-5": "ER", "85339-0": "PR", "16113-3": "PR", "48676-1": "HER2",
    "85319-2": "HER2", "85318-4": "HER2", "39004-7": "EGFR", "85147-7": "HER2",
    "10334-1": "CA 125", "2039-6": "CEA", "85331-7": "Ki-67", "29893-5": "Ki-67",
}
# Marker answers → boardtool's MarkerResult. Codes: SNOMED and LOINC answer lists; words: the
# answer's text when it is only that word (anything longer keeps the result empty, the words in detail).
MARKER_ANSWER_CODES = {
    (SNOMED, "10828004"): "detected", (SNOMED, "52101004"): "detected", (SNOMED, "260373001"): "detected",
    (SNOMED, "260385009"): "not_detected", (SNOMED, "2667000"): "not_detected", (SNOMED, "260415000"): "not_detected",
    (LOINC, "LA6576-8"): "detected", (LOINC, "LA9633-4"): "detected", (LOINC, "LA11882-0"): "detected",
    (LOINC, "LA6577-6"): "not_detected", (LOINC, "LA9634-2"): "not_detected", (LOINC, "LA11883-8"): "not_detected",
}
MARKER_ANSWER_WORDS = {
    "positive": "detected", "present": "detected", "detected": "detected", "amplified": "detected",
    "amplification": "detected", "fusion detected": "detected", "gain": "detected",
    "negative": "not_detected", "absent": "not_detected", "not detected": "not_detected",
    "not amplified": "not_detected", "no fusion detected": "not_detected",
    "retained": "retained", "intact": "retained", "preserved": "retained", "expressed": "retained",
    "loss": "lost", "lost": "lost", "loss of expression": "lost", "deleted": "lost",
    "failed": "failed", "test failed": "failed", "insufficient": "failed", "not evaluable": "failed",
}
MARKER_METHODS = {"immune stain": "IHC", "fish": "FISH", "sequencing": "DNA sequencing",
                  "methylation": "Methylation array", "mlpa": "MLPA"}

# CancerDiseaseStatus answers (SNOMED) → boardtool's disease status; None: no DiseaseStatus value says it.
STATUS_ANSWERS: dict[str, str | None] = {
    "271299001": "progressive",  # patient's condition worsened
    "359746009": "stable",  # patient's condition stable
    "260415000": "ned",  # not detected
    "550991000124107": "ned",  # malignant neoplasm in full remission
    "268910001": None,  # patient's condition improved: a change, not a state
    "551001000124108": None,  # partial remission: disease remains, its state is not said
    "709137006": None,  # patient condition undetermined
}
# Condition.clinicalStatus of the cancer → disease status ('remission' may be partial: not mapped).
CLINICAL_STATUS = {"recurrence": "recurrent", "relapse": "recurrent", "resolved": "ned"}

_SEMANTIC_TAG = re.compile(r"\s*\((?:disorder|finding|body structure|procedure|qualifier value|"
                           r"morphologic abnormality|observable entity|situation|regime/therapy|"
                           r"tumor staging|substance|product|attribute|cell structure)\)\s*$", re.I)


def codings(concept: Any) -> list[dict]:
    """Return the codings of a CodeableConcept (or of a single Coding)."""
    if not isinstance(concept, dict):
        return []
    if "system" in concept or "code" in concept:
        return [concept]
    return [c for c in concept.get("coding", []) if isinstance(c, dict)]


def has_code(concept: Any, wanted: set[tuple[str, str]]) -> bool:
    """Return True when the concept carries one of the (system, code) pairs."""
    return any((c.get("system"), c.get("code")) in wanted for c in codings(concept))


def code_in(concept: Any, systems: tuple[str, ...] | str) -> str:
    """Return the first code from one of these systems ('' when none)."""
    systems = (systems,) if isinstance(systems, str) else systems
    return next((c.get("code", "") for c in codings(concept) if c.get("system") in systems), "")


def clean(display: str) -> str:
    """Return a display without SNOMED's semantic tag ('Left breast structure (body structure)')."""
    return _SEMANTIC_TAG.sub("", display or "").strip()


def text_of(concept: Any) -> str:
    """Return the words of a concept: its text, else its first display, else its code."""
    if not isinstance(concept, dict):
        return ""
    if concept.get("text"):
        return str(concept["text"]).strip()
    for coding in codings(concept):
        if coding.get("display"):
            return clean(str(coding["display"]))
    first = next(iter(codings(concept)), {})
    return str(first.get("code", ""))


def profiles(resource: dict) -> list[str]:
    """Return the resource's declared profiles, reduced to lower-case letters and digits."""
    meta = resource.get("meta") or {}
    return [re.sub(r"[^a-z0-9]", "", str(p).rsplit("/", 1)[-1].lower()) for p in meta.get("profile", [])]


def has_profile(resource: dict, *names: str) -> bool:
    """Return True when a declared profile's name contains one of ``names`` (letters and digits)."""
    wanted = [re.sub(r"[^a-z0-9]", "", n.lower()) for n in names]
    return any(w in p for p in profiles(resource) for w in wanted)


def extensions(element: Any, name: str) -> list[dict]:
    """Return the extensions whose URL ends with ``name`` (any mCODE version)."""
    if not isinstance(element, dict):
        return []
    return [e for e in element.get("extension", []) if str(e.get("url", "")).rsplit("/", 1)[-1] == name
            or str(e.get("url", "")).endswith("-" + name)]


def ext_value(extension: dict) -> Any:
    """Return the value[x] of an extension."""
    return next((v for k, v in extension.items() if k.startswith("value")), None)


def fhir_date(value: Any) -> dt.date | None:
    """Return the day of a FHIR date or dateTime ('2018', '2018-03' give the first day)."""
    if not isinstance(value, str) or len(value) < 4:
        return None
    parts = value[:10].split("-")
    try:
        year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def effective_date(resource: dict) -> dt.date | None:
    """Return when an observation, condition or procedure happened (its start for a period)."""
    for key in ("effectiveDateTime", "performedDateTime", "onsetDateTime", "authoredOn", "issued",
                "recordedDate", "occurrenceDateTime"):
        if key in resource:
            return fhir_date(resource[key])
    for key in ("effectivePeriod", "performedPeriod", "onsetPeriod"):
        period = resource.get(key)
        if isinstance(period, dict):
            return fhir_date(period.get("start")) or fhir_date(period.get("end"))
    return None


def period_of(resource: dict) -> tuple[dt.date | None, dt.date | None]:
    """Return the start and end of a procedure or administration."""
    for key in ("performedPeriod", "effectivePeriod"):
        period = resource.get(key)
        if isinstance(period, dict):
            return fhir_date(period.get("start")), fhir_date(period.get("end"))
    day = effective_date(resource)
    return day, None


def quantity_text(quantity: dict) -> str:
    """Return '47 Recurrence score' for a Quantity."""
    value = quantity.get("value")
    number = f"{value:g}" if isinstance(value, int | float) else str(value or "")
    unit = quantity.get("unit") or quantity.get("code") or ""
    return f"{number} {unit}".strip() if unit not in ("1", "{score}") else number
