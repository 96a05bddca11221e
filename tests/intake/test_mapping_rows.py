"""Each mapping row: what a resource proposes for the case, and what stays out with its reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from intake_data import FICTIONAL, JENNY, resource

from boardtool.intake.apply import apply_outcomes, review
from boardtool.intake.read import read_fhir
from boardtool.model.board import Board, Case
from boardtool.model.validation import check_board

D = dt.date


def record_of(paths, catalog):
    return read_fhir(list(paths), catalog).records[0]


def proposals(record, path):
    return [p for p in record.proposals if p.path == path]


def value(record, path):
    (proposal,) = proposals(record, path)
    return proposal.value


def imported_case(paths, catalog) -> tuple[Case, list]:
    record = record_of(paths, catalog)
    outcomes = review(Case(), record)
    return apply_outcomes(Case(), outcomes), outcomes


@pytest.fixture(scope="module")
def jenny(catalog_module):
    return record_of([JENNY], catalog_module)


@pytest.fixture(scope="module")
def mila(catalog_module):
    return record_of([FICTIONAL], catalog_module)


@pytest.fixture(scope="module")
def catalog_module():
    from boardtool.model import load_catalog

    return load_catalog("ependymoma")


def test_patient_row(jenny):
    assert value(jenny, "patient.name") == "Jenny M"
    assert value(jenny, "patient.birth_date") == D(1965, 1, 1)
    assert value(jenny, "patient.sex") == "female"
    assert value(jenny, "patient.mrn") == "MRN1234"


def test_diagnosis_outside_the_catalog_keeps_coded_text_and_is_a_problem(jenny, catalog_module):
    (dx,) = proposals(jenny, "diagnosis.tumour_type")
    assert dx.value == "Primary malignant neoplasm of female left breast — Infiltrating duct carcinoma"
    assert "not a tumour type of this board's catalog" in dx.note
    case = apply_outcomes(Case(), review(Case(), jenny))
    assert case.diagnosis.tumour_type == dx.value
    problems = [str(p) for p in check_board(Board(cases=[case]), catalog_module)]
    assert any("Diagnosis" in p and "is not a Ependymoma type" in p for p in problems)
    assert value(jenny, "diagnosis.date") == D(2018, 3, 16)


def test_diagnosis_in_the_catalog_by_icdo3_code_and_words(mila):
    assert value(mila, "diagnosis.tumour_type") == "pfa"
    assert value(mila, "diagnosis.compartment") == "posterior fossa"
    assert value(mila, "diagnosis.grade") == 3
    assert value(mila, "diagnosis.date") == D(2024, 2, 10)
    assert value(mila, "primary_site") == "Structure of fourth ventricle"


@pytest.mark.parametrize(("morphology", "site", "words", "expected"), [
    ("9383/1", "Structure of lateral ventricle", "Subependymoma", "se"),
    ("9394/1", "Conus medullaris", "Myxopapillary ependymoma", "mpe"),
    ("9396/3", "Frontal lobe", "Ependymoma, ZFTA fusion-positive", "st-zfta"),
    ("9396/3", "Thoracic spinal cord", "Ependymoma, MYCN amplified", "sp-mycn"),
    ("9391/3", "Fourth ventricle", "Ependymoma", "pf-nos"),
    ("9396/3", "Fourth ventricle", "Ependymoma", None),  # PFA or PFB: the record does not say
])
def test_catalog_type_from_morphology_site_and_words(morphology, site, words, expected, catalog_module):
    from boardtool.intake.diagnosis import compartment_of, match_type

    kind = match_type(catalog_module, words, morphology, compartment_of(site))
    assert (kind.id if kind else None) == expected


def test_primary_site_with_laterality(make_bundle, catalog_module):
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json",
                                    "Condition-primary-cancer-condition-nsclc.json")], catalog_module)
    assert value(record, "primary_site") == "Lung structure, left"


def test_clinical_status_recurrence_and_the_latest_status_wins(mila):
    assert value(mila, "disease_status") == "progressive"  # the disease-status observation is later
    assert any("Disease status: Recurrent" in n.what and "earlier" in n.reason for n in mila.not_mapped)


def status_observation(answer: str, display: str, day: str) -> dict:
    return {"resourceType": "Observation", "id": f"status-{answer}", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "97509-4"}]},
            "subject": {"reference": "Patient/cancer-patient-john-anyperson"}, "effectiveDateTime": day,
            "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": answer,
                                                 "display": display}]}}


@pytest.mark.parametrize(("answer", "display", "expected"), [
    ("271299001", "Patient's condition worsened (finding)", "progressive"),
    ("359746009", "Patient's condition stable (finding)", "stable"),
    ("260415000", "Not detected (qualifier value)", "ned"),
    ("550991000124107", "Malignant neoplasm in full remission (disorder)", "ned"),
])
def test_disease_status_answers_onto_the_model(answer, display, expected, make_bundle, catalog_module):
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json",
                                    status_observation(answer, display, "2019-04-01"))], catalog_module)
    case, _ = imported_case([make_bundle("Patient-cancer-patient-john-anyperson.json",
                                         status_observation(answer, display, "2019-04-01"), name="b.json")],
                            catalog_module)
    assert value(record, "disease_status") == expected and case.disease_status == expected


@pytest.mark.parametrize(("answer", "display"), [("268910001", "Patient's condition improved (finding)"),
                                                 ("709137006", "Patient condition undetermined (finding)"),
                                                 ("551001000124108", "Malignant neoplasm in partial remission")])
def test_disease_status_the_model_cannot_hold_is_not_mapped(answer, display, make_bundle, catalog_module):
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json",
                                    status_observation(answer, display, "2019-04-01"))], catalog_module)
    assert proposals(record, "disease_status") == []
    (skipped,) = [n for n in record.not_mapped if n.what.startswith("disease status")]
    assert "Stable disease" in skipped.reason and "No evidence of disease (NED)" in skipped.reason


def test_a_later_status_the_model_cannot_hold_withdraws_the_earlier_one(jenny, make_bundle, catalog_module):
    assert proposals(jenny, "disease_status") == []  # 'improved' (Nov 2018) is later than anything mapped
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json",
                                    status_observation("271299001", "worsened", "2019-01-01"),
                                    status_observation("268910001", "improved", "2019-04-01"))], catalog_module)
    assert proposals(record, "disease_status") == []
    assert any(n.what.startswith("Disease status: Progressive") and "later status ('improved'" in n.reason
               for n in record.not_mapped)


@pytest.mark.parametrize(("clinical", "expected"), [("recurrence", "recurrent"), ("relapse", "recurrent"),
                                                    ("resolved", "ned"), ("remission", None), ("active", None)])
def test_clinical_status_of_the_cancer(clinical, expected, make_bundle, catalog_module):
    condition = resource("Condition-primary-cancer-condition-nsclc.json")
    condition["clinicalStatus"]["coding"][0]["code"] = clinical
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json", condition)], catalog_module)
    if expected is None:
        assert proposals(record, "disease_status") == []
        assert any(n.what == f"clinical status '{clinical}'" and "Stable disease" in n.reason for n in record.not_mapped)
    else:
        assert value(record, "disease_status") == expected


def test_secondary_cancer_becomes_a_metastatic_site(make_bundle, catalog_module):
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json",
                                    "Condition-secondary-cancer-condition-brain-mets.json")], catalog_module)
    assert value(record, "metastatic_sites+") == {"site": "brain", "detected": D(2019, 5, 1), "evidence": ""}


def test_metastatic_site_with_body_site_and_evidence(mila):
    assert value(mila, "metastatic_sites+") == {"site": "Spinal leptomeninges, T10–L1", "detected": D(2025, 9, 1),
                                                "evidence": "MRI whole spine"}


def test_comorbid_conditions_active_in_resolved_out(mila):
    assert value(mila, "comorbidities+") == "Hydrocephalus"
    assert any(n.what == "Otitis media" and "resolved" in n.reason for n in mila.not_mapped)


def test_comorbidities_observation_follows_its_references(make_bundle, catalog_module):
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json", "Condition-john-anyperson-chf.json",
                                    "Observation-cancer-related-comorbidities-john-anyperson.json")], catalog_module)
    (comorbidity,) = proposals(record, "comorbidities+")  # the condition and the list name it once
    assert "heart failure" in comorbidity.value.lower()
    assert {s.resource_type for s in comorbidity.sources} == {"Condition", "Observation"}
    assert any("Obesity" in n.what and n.reason == "recorded as absent" for n in record.not_mapped)


def test_comorbidity_whose_condition_is_missing_is_reported(jenny):
    assert any("us-core-condition-depression-jenny-m" in n.what and "not in the bundle" in n.reason
               for n in jenny.not_mapped)


@pytest.mark.parametrize(("files", "scale", "score", "rater", "day"), [
    (("Patient-cancer-patient-john-anyperson.json", "Observation-karnofsky-performance-status-normal-activity.json",
      "Practitioner-us-core-practitioner-kyle-anydoc.json"), "karnofsky", 90, "Kyle Anydoc", D(2019, 4, 1)),
    (("Patient-cancer-patient-brian-l.json", "Observation-lansky-performance-status-brian-l.json"),
     "lansky", 80, "", D(2024, 1, 12)),
])
def test_performance_rows(files, scale, score, rater, day, make_bundle, catalog_module):
    record = record_of([make_bundle(*files)], catalog_module)
    assert value(record, "performance") == {"scale": scale, "value": score, "rated_by": rater, "date": day}


def test_ecog_and_the_latest_of_several(jenny, mila):
    assert value(jenny, "performance") == {"scale": "ecog", "value": 0, "rated_by": "Owen Oncologist",
                                           "date": D(2018, 4, 12)}
    assert value(mila, "performance")["value"] == 70  # 2025 beats 2024
    assert any("Lansky 90" in n.what and "earlier" in n.reason for n in mila.not_mapped)


def test_tnm_clinical_from_the_bundle(jenny):
    (tnm,) = proposals(jenny, "staging.tnm+")
    assert tnm.value == {"basis": "clinical", "t": "cT3", "n": "cN0", "m": "cM0", "group": "IIB",
                         "system": "AJCC 8th edition", "date": D(2018, 3, 16)}
    assert tnm.source.resource_id == "tnm-clinical-stage-group-jenny-m"  # the stage group is cited first
    assert len(tnm.sources) == 4


def test_tnm_pathologic_from_separate_observations(make_bundle, catalog_module):
    items = [resource(n) for n in ("Observation-tnm-pathologic-stage-group-jenny-m.json",
                                   "Observation-tnm-pathologic-primary-tumor-category-jenny-m.json",
                                   "Observation-tnm-pathologic-regional-nodes-category-jenny-m.json",
                                   "Observation-tnm-pathologic-distant-metastases-category-jenny-m.json")]
    patient = {"resourceType": "Patient", "id": "cancer-patient-jenny-m"}
    record = record_of([make_bundle(patient, *items, name="p.json")], catalog_module)
    (tnm,) = proposals(record, "staging.tnm+")
    assert tnm.value["basis"] == "pathologic" and tnm.value["t"].startswith("pT") and tnm.value["group"] == "IIB"


def test_tumour_markers(jenny, mila):
    markers = {m.value["name"]: m.value for m in proposals(jenny, "diagnosis.markers+")}
    assert markers["ER"] == {"name": "ER", "result": "detected", "detail": "Positive", "method": "IHC",
                             "date": D(2018, 3, 10)}
    assert markers["PR"]["result"] == "not_detected" and markers["PR"]["detail"] == "Negative"
    oncotype = next(m for m in proposals(jenny, "diagnosis.markers+") if m.value["name"].startswith("Oncotype"))
    assert oncotype.value["result"] is None and oncotype.value["detail"] == "47 Recurrence score (High)"
    assert "choose a result" in oncotype.note
    mila_markers = {m.value["name"]: m for m in proposals(mila, "diagnosis.markers+")}
    h3 = mila_markers["H3K27me3"]
    assert (h3.value["result"], h3.value["detail"], h3.value["method"]) == ("lost", "Loss", "IHC")
    assert h3.display == "H3K27me3: lost (Loss) — IHC, 2024-02-20"  # worded as the deck words it
    assert mila_markers["1q gain"].value["result"] == "detected"
    assert mila_markers["1q gain"].value["method"] == "Methylation array"


@pytest.mark.parametrize(("answer", "expected", "detail"), [
    ({"valueString": "Retained"}, "retained", ""),
    ({"valueString": "intact"}, "retained", "intact"),
    ({"valueCodeableConcept": {"text": "Lost"}}, "lost", ""),  # the wording only repeats the result
    ({"valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "260385009",
                                           "display": "Negative (qualifier value)"}]}}, "not_detected", "Negative"),
    ({"dataAbsentReason": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                                       "code": "error", "display": "Error"}]}}, "failed", "Error"),
    ({"valueString": "Weak partial staining"}, None, "Weak partial staining"),
])
def test_marker_result_onto_the_model(answer, expected, detail, make_bundle, catalog_module):
    marker = {"resourceType": "Observation", "id": "ini1", "status": "final",
              "meta": {"profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-marker-test"]},
              "code": {"text": "INI1 (SMARCB1)"}, "subject": {"reference": "Patient/p1"},
              "effectiveDateTime": "2024-02-20", "method": {"text": "Immune stain"}, **answer}
    record = record_of([make_bundle({"resourceType": "Patient", "id": "p1"}, marker)], catalog_module)
    found = value(record, "diagnosis.markers+")
    assert (found["result"], found["detail"]) == (expected, detail)
    case, _ = imported_case([make_bundle({"resourceType": "Patient", "id": "p1"}, marker, name="b.json")],
                            catalog_module)
    assert case.diagnosis.markers[0].result == expected


def test_genomic_variants(jenny, make_bundle, catalog_module):
    palb2 = next(m.value for m in proposals(jenny, "diagnosis.markers+") if m.value["name"] == "PALB2")
    assert palb2["result"] == "detected"
    assert palb2["detail"].startswith("Present, NM_024675.3(PALB2):c.3549C>A") and "somatic" in palb2["detail"]
    assert palb2["method"] == "DNA sequencing"
    fusion = resource("Observation-gx-genomic-variant-fusion-met-alk.json")
    patient = {"resourceType": "Patient", "id": "gx-cancer-patient-adam-anyperson"}
    record = record_of([make_bundle(patient, fusion)], catalog_module)
    assert value(record, "diagnosis.markers+")["name"] == "MET::ALK"
    assert value(record, "diagnosis.markers+")["result"] == "detected"


def test_surgery_rows(jenny, mila):
    surgeries = [p.value for p in proposals(jenny, "history+") if p.value["kind"] == "surgery"]
    assert {"kind": "surgery", "date": D(2018, 4, 1), "end_date": None, "procedure": "resection",
            "description": "Excision of part of breast (Left breast structure)", "resection": ""} in surgeries
    biopsy = next(e for e in surgeries if e["procedure"] == "biopsy")  # done for the cancer: part of its history
    assert biopsy["description"].startswith("Biopsy of breast") and biopsy["resection"] == ""
    mila_surgery = {p.value["procedure"]: p for p in proposals(mila, "history+") if p.value["kind"] == "surgery"}
    assert mila_surgery["resection"].value["resection"] == "GTR"
    drain = mila_surgery["drain"]  # a CSF diversion needs no cancer reason to count
    assert drain.value["description"] == "External ventricular drain" and drain.display.startswith("External ventricular")


@pytest.mark.parametrize(("words", "kind", "extent"), [
    ("Second-look resection of residual tumour, near-total", "second_look", "NTR"),
    ("Stereotactic biopsy of brainstem lesion", "biopsy", ""),
    ("Endoscopic third ventriculostomy", "etv", ""),
    ("Ventriculoperitoneal shunt insertion", "shunt", ""),
    ("Subtotal resection of spinal cord tumour", "resection", "STR"),
    ("Craniotomy", "other", ""),
])
def test_surgery_procedure_kind(words, kind, extent, make_bundle, catalog_module):
    surgery = {"resourceType": "Procedure", "id": "op", "status": "completed", "code": {"text": words},
               "category": {"coding": [{"system": "http://snomed.info/sct", "code": "387713003"}]},
               "subject": {"reference": "Patient/p1"}, "performedDateTime": "2024-02-14"}
    bundle = make_bundle({"resourceType": "Patient", "id": "p1"}, surgery)
    (event,) = proposals(record_of([bundle], catalog_module), "history+")
    assert (event.value["procedure"], event.value["resection"]) == (kind, extent)
    assert ("which kind of procedure" in event.note) == (kind == "other")
    case, _ = imported_case([bundle], catalog_module)
    assert case.history[0].procedure == kind


def rt_events(record):
    return [p for p in proposals(record, "history+") if p.value["kind"] == "radiotherapy"]


def test_radiotherapy_one_event_per_course_with_a_volume_each(jenny, catalog_module):
    (course,) = rt_events(jenny)
    assert course.value["date"] == D(2018, 8, 15) and course.value["end_date"] == D(2018, 10, 25)
    volumes = course.value["volumes"]
    assert [(v["target"], v["dose"], v["unit"], v["fractions"]) for v in volumes] == [
        ("jenny-m-chest-wall-treatment-volume", 60.0, "Gy", 30),  # the volume is not in the bundle
        ("jenny-m-chest-wall-lymph-nodes-treatment-volume", 50.0, "Gy", 25)]
    assert {v["intent"] for v in volumes} == {"curative"}
    # photons with VMAT and electrons with 3D-CRT: the course does not say which volume had which
    assert {(v["modality"], v["technique"]) for v in volumes} == {(None, None)}
    assert any("the course names several" in n.reason and "Volumetric Modulated Arc" in n.what
               for n in jenny.not_mapped)
    case, _ = imported_case([JENNY], catalog_module)
    (event,) = [e for e in case.history if e.kind == "radiotherapy"]
    assert [(v.dose, v.fractions) for v in event.volumes] == [(60.0, 30), (50.0, 25)]


def test_radiotherapy_volume_named_by_its_body_structure(make_bundle, catalog_module):
    course = next(e["resource"] for e in json.loads(JENNY.read_text())["entry"]
                  if e["resource"]["id"] == "radiotherapy-treatment-summary-chest-wall-jenny-m")
    patient = {"resourceType": "Patient", "id": "cancer-patient-jenny-m"}
    record = record_of([make_bundle(patient, course, "BodyStructure-jenny-m-chest-wall-treatment-volume.json")],
                       catalog_module)
    (event,) = rt_events(record)
    first = event.value["volumes"][0]
    assert (first["target"], first["region"]) == ("Chest Wall", "Chest wall structure")  # region from its location
    assert {s.label for s in event.sources} == {"Procedure/radiotherapy-treatment-summary-chest-wall-jenny-m",
                                                 "BodyStructure/jenny-m-chest-wall-treatment-volume"}


def test_proton_course_dose_in_gray_rbe(mila, catalog_module):
    (rt,) = rt_events(mila)
    assert rt.value["description"] == "Proton radiotherapy"
    assert rt.value["volumes"] == [{"target": "Posterior fossa tumour bed", "region": "Posterior fossa", "dose": 59.4,
                                    "unit": "Gy(RBE)", "fractions": 33, "modality": "proton", "technique": "PBS",
                                    "intent": "curative"}]
    assert rt.display.startswith("Posterior fossa tumour bed: 59.4 Gy(RBE) / 33 fr, proton PBS, curative")
    case, _ = imported_case([FICTIONAL], catalog_module)
    from boardtool.model.radiotherapy import cumulative_doses

    (region,) = cumulative_doses(case)  # the region lets the board sum doses before re-irradiation
    assert (region.region, region.total, region.unit) == ("Posterior fossa", 59.4, "Gy(RBE)")


def rt_course(modality: str, technique: str, intent: str = "Curative - procedure intent", dose=5400) -> dict:
    mcode = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-"
    return {"resourceType": "Procedure", "id": "rt", "status": "completed",
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "1217123003"}]},
            "subject": {"reference": "Patient/p1"}, "performedPeriod": {"start": "2025-01-06", "end": "2025-02-14"},
            "extension": [
                {"url": mcode + "procedure-intent", "valueCodeableConcept": {"text": intent}},
                {"url": mcode + "radiotherapy-modality-and-technique", "extension": [
                    {"url": mcode + "radiotherapy-modality", "valueCodeableConcept": {"text": modality}},
                    {"url": mcode + "radiotherapy-technique", "valueCodeableConcept": {"text": technique}}]},
                {"url": mcode + "radiotherapy-dose-delivered-to-volume", "extension": [
                    {"url": "volume", "valueReference": {"reference": "BodyStructure/csi"}},
                    {"url": "totalDoseDelivered", "valueQuantity": {"value": dose, "code": "cGy"}},
                    {"url": "fractionsDelivered", "valueUnsignedInt": 30}]},
                {"url": mcode + "radiotherapy-dose-delivered-to-volume", "extension": [
                    {"url": "volume", "valueReference": {"reference": "BodyStructure/boost"}},
                    {"url": "totalDoseDelivered", "valueQuantity": {"value": 1800, "code": "cGy"}},
                    {"url": "fractionsDelivered", "valueUnsignedInt": 10}]}]}


@pytest.mark.parametrize(("modality", "technique", "intent", "expected"), [
    ("External beam radiation therapy using photons", "Intensity modulated radiation therapy", "Palliative",
     ("photon", "IMRT", "palliative", "Gy")),
    ("Teleradiotherapy protons", "Pencil beam scanning", "Curative", ("proton", "PBS", "curative", "Gy(RBE)")),
    ("Teleradiotherapy protons", "Passive scattering", "Curative", ("proton", "other", "curative", "Gy(RBE)")),
    ("Teleradiotherapy using electrons", "Three dimensional conformal", "Supportive", (None, "3D-CRT", None, "Gy")),
])
def test_radiotherapy_modality_technique_intent_onto_the_model(modality, technique, intent, expected, make_bundle,
                                                               catalog_module):
    bundle = make_bundle({"resourceType": "Patient", "id": "p1"}, rt_course(modality, technique, intent),
                         {"resourceType": "BodyStructure", "id": "csi", "description": "Craniospinal axis",
                          "patient": {"reference": "Patient/p1"}},
                         {"resourceType": "BodyStructure", "id": "boost", "description": "Posterior fossa boost",
                          "patient": {"reference": "Patient/p1"}})
    record = record_of([bundle], catalog_module)
    (event,) = rt_events(record)
    csi, boost = event.value["volumes"]
    assert (csi["modality"], csi["technique"], csi["intent"], csi["unit"]) == expected
    assert (csi["target"], csi["dose"], boost["target"], boost["dose"]) == ("Craniospinal axis", 54.0,
                                                                           "Posterior fossa boost", 18.0)
    assert (csi["region"], boost["region"]) == ("", "Posterior fossa")  # the axis is no single region
    left = {n.what: n.reason for n in record.not_mapped}
    if expected[0] is None:
        assert "photon or proton" in left[f"radiotherapy modality: {modality}"]
        assert "curative, disease control or palliative" in left[f"treatment intent: {intent}"]
    if expected[1] == "other":
        assert "other technique" in left[f"radiotherapy technique: {technique}"]
    case, _ = imported_case([bundle], catalog_module)
    assert [v.dose for v in case.history[0].volumes] == [54.0, 18.0]


def test_chemotherapy_grouped_by_regimen_and_dates(mila):
    chemo = [p for p in proposals(mila, "history+") if p.value["kind"] == "chemotherapy"]
    assert [(c.value["regimen"], c.value["date"], c.value["end_date"]) for c in chemo] == [
        ("carboplatin + vincristine", D(2025, 10, 6), D(2025, 11, 3)),
        ("cyclophosphamide", D(2026, 3, 2), None),
    ]
    given = [s for s in chemo[0].sources if s.resource_type == "MedicationAdministration"]
    assert len(given) == 5  # every administration of the regimen is cited


def test_response_goes_onto_the_treatment_it_assesses(mila, catalog_module):
    chemo = next(p for p in proposals(mila, "history+") if p.value.get("regimen") == "carboplatin + vincristine")
    assert (chemo.value["response"], chemo.value["response_criteria"], chemo.value["response_date"]) == (
        "PD", "RAPNO", D(2026, 2, 10))
    assert "Observation/fict-ep-response" in {s.label for s in chemo.sources}
    assert chemo.display.endswith("; PD, RAPNO, 2026-02-10")
    case, _ = imported_case([FICTIONAL], catalog_module)
    event = next(e for e in case.history if e.regimen == "carboplatin + vincristine")
    assert (event.response, event.response_criteria) == ("PD", "RAPNO")


def response_observation(words: str, method: str, *focus: str) -> dict:
    return {"resourceType": "Observation", "id": "resp", "status": "final", "code": {"text": "Response to treatment"},
            "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2025-05-02", "valueCodeableConcept": {"text": words},
            "focus": [{"reference": f} for f in focus], **({"method": {"text": method}} if method else {})}


@pytest.mark.parametrize(("words", "method", "focus", "expected"), [
    ("Partial response", "RANO 2.0", ("Procedure/rt",), ("PR", "RANO", D(2025, 5, 2))),
    ("Stable disease", "", ("Procedure/rt",), ("SD", None, D(2025, 5, 2))),
    ("Stable disease", "RANO", (), None),  # names no treatment: not guessed
    ("Minor response", "RANO", ("Procedure/rt",), None),
])
def test_response_rows(words, method, focus, expected, make_bundle, catalog_module):
    bundle = make_bundle({"resourceType": "Patient", "id": "p1"}, rt_course("photons", "IMRT"),
                         response_observation(words, method, *focus))
    record = record_of([bundle], catalog_module)
    (event,) = rt_events(record)
    found = (event.value.get("response"), event.value.get("response_criteria"), event.value.get("response_date"))
    assert found == (expected or (None, None, None))
    if expected is None:
        assert any(n.source and n.source.resource_id == "resp" for n in record.not_mapped)


def exam(code: dict, words: str, day: str = "2025-09-01", **more) -> dict:
    return {"resourceType": "Observation", "id": f"exam-{day}-{len(words)}", "status": "final", "code": code,
            "subject": {"reference": "Patient/p1"}, "effectiveDateTime": day,
            "valueCodeableConcept": {"text": words}, **more}


def loinc(code: str, display: str) -> dict:
    return {"coding": [{"system": "http://loinc.org", "code": code, "display": display}]}


def test_staging_examinations_from_the_bundle(mila, catalog_module):
    assert value(mila, "staging.mri_brain") == {"date": D(2025, 9, 1), "result": "negative"}
    assert value(mila, "staging.mri_spine") == {"date": D(2025, 9, 1), "result": "positive"}
    assert value(mila, "staging.csf_cytology") == {"date": D(2025, 9, 5), "result": "negative"}
    case, _ = imported_case([FICTIONAL], catalog_module)
    assert (case.staging.mri_spine.result, case.staging.csf_cytology.date) == ("positive", D(2025, 9, 5))
    assert case.staging.m_stage is None  # the M stage stays the board's call


@pytest.mark.parametrize(("observation", "path", "expected", "left"), [
    (exam(loinc("24590-2", "MR Brain"), "Negative for metastatic disease"), "staging.mri_brain", "negative", ""),
    (exam(loinc("36067-7", "MR Spine"), "Equivocal for drop metastases"), "staging.mri_spine", "equivocal", ""),
    (exam({"text": "MRI whole spine"}, "Indeterminate for leptomeningeal spread"), "staging.mri_spine",
     "equivocal", ""),
    (exam({"text": "CSF cytology"}, "Positive"), "staging.csf_cytology", "positive", ""),
    (exam(loinc("24590-2", "MR Brain"), "Positive"), "staging.mri_brain", None, "looked for dissemination"),
    (exam(loinc("24590-2", "MR Brain"), "Stable appearance of the resection cavity"), "staging.mri_brain", None,
     "not positive, negative or equivocal"),
    (exam({"text": "MRI lumbar spine"}, "Negative for dissemination"), "staging.mri_spine", None,
     "an observation boardtool has no field for"),  # part of the spine: not the staging examination
    (exam({"text": "Cytology of ventricular CSF (EVD)"}, "Negative"), "staging.csf_cytology", None,
     "lumbar puncture"),
])
def test_staging_examination_rows(observation, path, expected, left, make_bundle, catalog_module):
    record = record_of([make_bundle({"resourceType": "Patient", "id": "p1"}, observation)], catalog_module)
    if expected is None:
        assert proposals(record, path) == []
        assert any(left in n.reason for n in record.not_mapped), record.not_mapped
    else:
        assert value(record, path) == {"date": D(2025, 9, 1), "result": expected}


def test_stopped_request_is_a_past_treatment(make_bundle, catalog_module):
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json",
                                    "MedicationRequest-cancer-related-medication-request-cisplatin-stopped.json")],
                       catalog_module)
    assert value(record, "history+")["regimen"] == "cisplatin"


def test_current_medications_and_dexamethasone(jenny, mila):
    current = [p.value for p in proposals(jenny, "medications+")]
    assert "anastrozole — 1mg orally once daily" in current
    assert "doxorubicin (60 mg/m² IV)" in current  # the dosage text already names the drug
    assert value(mila, "dexamethasone_mg_per_day") == 4.0
    assert "levetiracetam — 250 mg by mouth twice daily" in [p.value for p in proposals(mila, "medications+")]


def test_what_has_no_mapping_is_reported_with_a_reason(jenny):
    reasons = {n.what: n.reason for n in jenny.not_mapped}
    assert reasons["FamilyMemberHistory/family-member-history-aunt-jenny-m"].startswith("family history")
    assert "an observation boardtool has no field for" in reasons["Tobacco smoking status"]
    assert "Specimen" in reasons["Specimen/human-specimen-left-breast-jenny-m"]


def test_every_entry_is_accounted_for(jenny):
    cited = {s.label for p in jenny.proposals for s in p.sources}
    reported = {n.source.label for n in jenny.not_mapped if n.source}
    uncited = {r for r in (f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in
                           json.loads(JENNY.read_text())["entry"]) if r not in cited | reported}
    assert uncited <= {"Practitioner/us-core-practitioner-owen-oncologist"}  # named the ECOG rater


@pytest.mark.parametrize("status", ["provisional", "differential"])
def test_provisional_diagnosis_is_proposed_as_suspected(status, make_bundle, catalog_module):
    condition = resource("Condition-primary-cancer-condition-nsclc.json")
    condition["verificationStatus"]["coding"][0]["code"] = status
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json", condition)], catalog_module)
    (dx,) = proposals(record, "diagnosis.tumour_type")
    assert f"the record calls this diagnosis {status}" in dx.note
    (state,) = proposals(record, "diagnosis.state")
    assert state.value == "suspected" and state.display.startswith("Suspected (radiological, no tissue yet)")
    outcome = next(o for o in review(Case(), record) if o.proposal.path == "diagnosis.state")
    assert outcome.status == "new"  # a new case's 'integrated' is only the default
    case = apply_outcomes(Case(), review(Case(), record))
    assert case.diagnosis.state == "suspected"


def test_suspected_state_does_not_silently_replace_a_filled_in_diagnosis(make_bundle, catalog_module):
    condition = resource("Condition-primary-cancer-condition-nsclc.json")
    condition["verificationStatus"]["coding"][0]["code"] = "provisional"
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json", condition)], catalog_module)
    typed = Case()
    typed.diagnosis.tumour_type = "pfa"
    outcome = next(o for o in review(typed, record) if o.proposal.path == "diagnosis.state")
    assert outcome.status == "conflict"


def test_confirmed_diagnosis_proposes_no_state(mila):
    assert proposals(mila, "diagnosis.state") == []


def test_radiotherapy_modality_and_technique_given_as_text(make_bundle, catalog_module):
    patient = {"resourceType": "Patient", "id": "cancer-patient-jenny-m"}
    record = record_of([make_bundle(patient, "Procedure-radiotherapy-treatment-summary-other-with-text.json")],
                       catalog_module)
    (event,) = rt_events(record)
    assert event.value["description"] == "Radiotherapy"  # neutrons and electrons: no photon or proton to record
    (left,) = [n for n in record.not_mapped if "modality and technique" in n.what]
    assert "Boron neutron capture therapy" in left.what and "my version" in left.what  # the record's own text


def test_more_mcode_examples(make_bundle, catalog_module):
    record = record_of([make_bundle(
        "Patient-cancer-patient-john-anyperson.json", "Condition-primary-cancer-condition-nsclc.json",
        "Condition-john-anyperson-hd.json", "Observation-cancer-disease-status-improved.json",
        "Observation-ecog-performance-status-fully-active.json", "Observation-tumor-marker-test-egf.json",
        "Procedure-cancer-related-surgical-procedure-lobectomy.json")], catalog_module)
    assert value(record, "performance")["value"] == 0
    assert value(record, "diagnosis.markers+") == {"name": "EGFR", "result": "detected", "detail": "Positive",
                                                   "method": "", "date": D(2019, 4, 1)}
    assert value(record, "history+")["description"] == "Partial lobectomy of lung (Structure of lobe of lung)"
    assert value(record, "history+")["procedure"] == "resection"
    assert proposals(record, "disease_status") == []  # 'improved': reported, not proposed
    assert any(n.what == "Disorder of cardiovascular system" and "resolved" in n.reason for n in record.not_mapped)


def test_administrations_of_one_day_form_one_regimen(make_bundle, catalog_module):
    patient = {"resourceType": "Patient", "id": "cancer-patient-jenny-m"}
    record = record_of([make_bundle(patient, "Condition-primary-cancer-condition-nsclc.json",
                                    "MedicationAdministration-cancer-related-medication-admin-doxorubicin-jenny-m.json",
                                    "MedicationAdministration-cancer-related-medication-admin-paclitaxel-jenny-m.json")],
                       catalog_module)
    assert value(record, "history+")["regimen"] == "doxorubicin + paclitaxel"


@pytest.mark.parametrize(("product", "drug"), [
    ("cisplatin 1 MG/ML Injectable Solution", "cisplatin"),
    ("10 ML doxorubicin hydrochloride 2 MG/ML Injection", "doxorubicin"),
    ("PACLitaxel", "paclitaxel"),
    ("vincristine sulfate 1 MG/ML", "vincristine"),
])
def test_drug_of_a_product_name(product, drug):
    from boardtool.intake.rows_treatment import _ingredient

    assert _ingredient(product) == drug
