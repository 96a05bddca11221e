"""Building the FHIR models before the first import: fhir.resources builds each element type
the first time content of that type is validated, so the warm-up validates small made-up
resources that use the elements clinical bundles use."""

from __future__ import annotations

import contextlib
import threading

MODELS_LOCK = threading.Lock()  # one thread at a time builds and uses fresh FHIR models

_CONCEPT = {"coding": [{"system": "http://snomed.info/sct", "code": "1", "display": "x"}], "text": "x"}
_REF = {"reference": "Patient/p", "display": "x"}
_EXT = [{"url": "http://example.org/e", "valueCodeableConcept": _CONCEPT},
        {"url": "http://example.org/n", "extension": [{"url": "v", "valueReference": _REF},
                                                    {"url": "q", "valueQuantity": {"value": 1, "unit": "cGy"}},
                                                    {"url": "u", "valueUnsignedInt": 1}]}]
_PERIOD = {"start": "2020-01-01", "end": "2020-02-01"}
SPECIMENS = (
    {"resourceType": "Patient", "id": "p", "meta": {"profile": ["http://example.org/p"]}, "extension": _EXT,
     "identifier": [{"type": _CONCEPT, "system": "urn:x", "value": "1"}], "name": [{"family": "x", "given": ["y"]}],
     "gender": "other", "birthDate": "2000-01-01", "address": [{"line": ["x"], "city": "x"}],
     "telecom": [{"system": "phone", "value": "1"}], "communication": [{"language": _CONCEPT}]},
    {"resourceType": "Condition", "id": "c", "extension": _EXT, "clinicalStatus": _CONCEPT, "code": _CONCEPT,
     "verificationStatus": _CONCEPT, "category": [_CONCEPT], "bodySite": [{**_CONCEPT, "extension": _EXT}],
     "subject": _REF, "onsetDateTime": "2020-01-01", "asserter": _REF, "evidence": [{"code": [_CONCEPT]}],
     "stage": [{"summary": _CONCEPT, "assessment": [_REF], "type": _CONCEPT}]},
    {"resourceType": "Observation", "id": "o", "status": "final", "code": _CONCEPT, "subject": _REF, "extension": _EXT,
     "category": [_CONCEPT], "effectiveDateTime": "2020-01-01T10:00:00Z", "performer": [_REF], "focus": [_REF],
     "valueQuantity": {"value": 1, "unit": "x", "system": "http://unitsofmeasure.org", "code": "x"},
     "interpretation": [_CONCEPT], "method": _CONCEPT, "hasMember": [_REF], "specimen": _REF,
     "component": [{"code": _CONCEPT, "valueCodeableConcept": _CONCEPT}, {"code": _CONCEPT, "valueString": "x"}]},
    {"resourceType": "Procedure", "id": "r", "status": "completed", "code": _CONCEPT, "subject": _REF,
     "extension": _EXT, "performedPeriod": _PERIOD, "bodySite": [{**_CONCEPT, "extension": _EXT}],
     "reasonReference": [_REF], "reasonCode": [_CONCEPT], "asserter": _REF, "category": _CONCEPT},
    {"resourceType": "MedicationRequest", "id": "m", "status": "active", "intent": "order", "subject": _REF,
     "medicationCodeableConcept": _CONCEPT, "authoredOn": "2020-01-01", "requester": _REF, "extension": _EXT,
     "reasonReference": [_REF], "category": [_CONCEPT], "note": [{"text": "x"}],
     "dosageInstruction": [{"text": "x", "route": _CONCEPT, "timing": {"repeat": {
         "boundsPeriod": _PERIOD, "frequency": 1, "period": 1, "periodUnit": "d"}},
         "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "mg"}}],
         "maxDosePerPeriod": {"numerator": {"value": 1}, "denominator": {"value": 1, "unit": "d"}}}]},
    {"resourceType": "MedicationAdministration", "id": "a", "status": "completed", "subject": _REF,
     "medicationCodeableConcept": _CONCEPT, "effectivePeriod": _PERIOD, "performer": [{"actor": _REF}],
     "reasonReference": [_REF], "note": [{"text": "x", "time": "2020-01-01"}], "category": _CONCEPT,
     "dosage": {"route": _CONCEPT, "dose": {"value": 1, "unit": "mg"}}},
    {"resourceType": "DiagnosticReport", "id": "d", "status": "final", "code": _CONCEPT, "subject": _REF,
     "result": [_REF], "issued": "2020-01-01T10:00:00Z", "conclusion": "x", "presentedForm": [{"contentType": "text/plain"}]},
    {"resourceType": "Practitioner", "id": "pr", "name": [{"family": "x", "given": ["y"], "prefix": ["Dr"]}],
     "identifier": [{"system": "urn:x", "value": "1"}]},
    {"resourceType": "Organization", "id": "og", "name": "x", "address": [{"city": "x"}]},
    {"resourceType": "BodyStructure", "id": "b", "patient": _REF, "description": "x", "location": _CONCEPT,
     "locationQualifier": [_CONCEPT], "identifier": [{"value": "1"}]},
    {"resourceType": "Specimen", "id": "s", "subject": _REF, "type": _CONCEPT, "collection": {"bodySite": _CONCEPT}},
    {"resourceType": "FamilyMemberHistory", "id": "f", "status": "completed", "patient": _REF, "relationship": _CONCEPT,
     "condition": [{"code": _CONCEPT, "onsetAge": {"value": 1, "unit": "a"}}]},
    {"resourceType": "Encounter", "id": "e", "status": "finished", "class": {"code": "AMB"}, "subject": _REF},
)


def load_fhir_models() -> None:
    """Build the FHIR models and their element types (about a second, once per process)."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    with MODELS_LOCK:
        for specimen in SPECIMENS:
            with contextlib.suppress(ValidationError):
                get_fhir_model_class(specimen["resourceType"]).model_validate(specimen)
