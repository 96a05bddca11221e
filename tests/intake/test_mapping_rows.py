"""Each mapping row: what a resource proposes for the case, and what stays out with its reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from intake_data import FICTIONAL, JENNY, resource

from boardtool.intake.apply import apply_outcomes, not_mapped, review
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
    assert any("Disease status: recurrent" in n.what and "earlier" in n.reason for n in mila.not_mapped)


def test_disease_status_boardtool_cannot_hold_yet_is_not_mapped(jenny):
    outcome = next(o for o in review(Case(), jenny) if o.proposal.path == "disease_status")
    assert outcome.status == "invalid"
    assert "'improved' is not a value boardtool records for Disease status" in outcome.reason


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
    assert markers["ER"] == {"name": "ER", "result": "Positive", "method": "IHC", "date": D(2018, 3, 10)}
    assert markers["Oncotype DX Breast Recurrence Score Assay"]["result"] == "47 Recurrence score (High)"
    mila_markers = {m.value["name"]: m.value for m in proposals(mila, "diagnosis.markers+")}
    assert mila_markers["H3K27me3"]["result"] == "Loss" and mila_markers["H3K27me3"]["method"] == "IHC"
    assert mila_markers["1q gain"]["method"] == "Methylation array"


def test_genomic_variants(jenny, make_bundle, catalog_module):
    palb2 = next(m.value for m in proposals(jenny, "diagnosis.markers+") if m.value["name"] == "PALB2")
    assert palb2["result"].startswith("Present, NM_024675.3(PALB2):c.3549C>A") and "somatic" in palb2["result"]
    assert palb2["method"] == "DNA sequencing"
    fusion = resource("Observation-gx-genomic-variant-fusion-met-alk.json")
    patient = {"resourceType": "Patient", "id": "gx-cancer-patient-adam-anyperson"}
    record = record_of([make_bundle(patient, fusion)], catalog_module)
    assert value(record, "diagnosis.markers+")["name"] == "MET::ALK"


def test_surgery_rows(jenny, mila, make_bundle, catalog_module):
    surgery = next(p.value for p in proposals(jenny, "history+") if p.value["kind"] == "surgery")
    assert surgery == {"kind": "surgery", "date": D(2018, 4, 1), "end_date": None,
                       "description": "Excision of part of breast (Left breast structure)", "resection": ""}
    resection = next(p.value for p in proposals(mila, "history+") if p.value["kind"] == "surgery")
    assert resection["resection"] == "GTR"
    assert any(n.what == "External ventricular drain" for n in mila.not_mapped)
    biopsy = next(n for n in jenny.not_mapped if n.what == "Biopsy of breast using ultrasonographic guidance")
    assert biopsy.reason == "not cancer surgery or a radiotherapy course"


def test_radiotherapy_one_event_per_volume_in_gray(jenny, catalog_module):
    events = [p.value for p in proposals(jenny, "history+") if p.value["kind"] == "radiotherapy"]
    assert [(e["dose_gy"], e["fractions"]) for e in events] == [(60.0, 30), (50.0, 25)]
    assert events[0]["target"] == "jenny-m-chest-wall-treatment-volume"  # the volume is not in the bundle
    assert events[0]["technique"] == "VMAT, 3D-CRT" and events[0]["date"] == D(2018, 8, 15)
    assert events[0]["end_date"] == D(2018, 10, 25)
    case, outcomes = imported_case([JENNY], catalog_module)
    rt = [e for e in case.history if e.kind == "radiotherapy"]
    assert [e.dose_gy for e in rt] == [60.0, 50.0]
    left = "\n".join(n.what for n in not_mapped(outcomes))
    assert "modality: photon, electron" in left and "intent: curative" in left


def test_radiotherapy_volume_named_by_its_body_structure(make_bundle, catalog_module):
    course = next(e["resource"] for e in json.loads(JENNY.read_text())["entry"]
                  if e["resource"]["id"] == "radiotherapy-treatment-summary-chest-wall-jenny-m")
    patient = {"resourceType": "Patient", "id": "cancer-patient-jenny-m"}
    record = record_of([make_bundle(patient, course, "BodyStructure-jenny-m-chest-wall-treatment-volume.json")],
                       catalog_module)
    targets = [p.value["target"] for p in proposals(record, "history+")]
    assert targets[0] == "Chest Wall"


def test_proton_course_dose_in_gray_rbe(mila):
    (rt,) = [p for p in proposals(mila, "history+") if p.value["kind"] == "radiotherapy"]
    assert rt.value["dose_gy"] == 59.4 and rt.value["fractions"] == 33
    assert rt.value["modality"] == "proton" and rt.value["dose_unit"] == "Gy(RBE)"
    assert rt.value["technique"] == "PBS" and rt.value["target"] == "Posterior fossa tumour bed"
    assert rt.value["description"] == "Proton radiotherapy"


def test_chemotherapy_grouped_by_regimen_and_dates(mila):
    chemo = [p for p in proposals(mila, "history+") if p.value["kind"] == "chemotherapy"]
    assert [(c.value["regimen"], c.value["date"], c.value["end_date"]) for c in chemo] == [
        ("carboplatin + vincristine", D(2025, 10, 6), D(2025, 11, 3)),
        ("cyclophosphamide", D(2026, 3, 2), None),
    ]
    assert len(chemo[0].sources) == 5  # every administration of the regimen is cited


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


def test_provisional_diagnosis_is_flagged_and_waits_for_a_suspected_state(make_bundle, catalog_module):
    condition = resource("Condition-primary-cancer-condition-nsclc.json")
    condition["verificationStatus"]["coding"][0]["code"] = "provisional"
    record = record_of([make_bundle("Patient-cancer-patient-john-anyperson.json", condition)], catalog_module)
    (dx,) = proposals(record, "diagnosis.tumour_type")
    assert "the record calls this diagnosis provisional" in dx.note
    outcome = next(o for o in review(Case(), record) if o.proposal.path == "diagnosis.suspected")
    assert outcome.status == "no field" and "Suspected diagnosis" in outcome.reason


def test_radiotherapy_modality_and_technique_given_as_text(make_bundle, catalog_module):
    patient = {"resourceType": "Patient", "id": "cancer-patient-jenny-m"}
    record = record_of([make_bundle(patient, "Procedure-radiotherapy-treatment-summary-other-with-text.json")],
                       catalog_module)
    first = proposals(record, "history+")[0].value
    assert first["technique"] == "VMAT, 3D-CRT"  # the second technique is only written as text
    assert first["modality"] == "neutron, electron" and first["description"] == "Neutron radiotherapy"


def test_more_mcode_examples(make_bundle, catalog_module):
    record = record_of([make_bundle(
        "Patient-cancer-patient-john-anyperson.json", "Condition-primary-cancer-condition-nsclc.json",
        "Condition-john-anyperson-hd.json", "Observation-cancer-disease-status-improved.json",
        "Observation-ecog-performance-status-fully-active.json", "Observation-tumor-marker-test-egf.json",
        "Procedure-cancer-related-surgical-procedure-lobectomy.json")], catalog_module)
    assert value(record, "performance")["value"] == 0
    assert value(record, "diagnosis.markers+") == {"name": "EGFR", "result": "Positive", "method": "",
                                                   "date": D(2019, 4, 1)}
    assert value(record, "history+")["description"] == "Partial lobectomy of lung (Structure of lobe of lung)"
    assert value(record, "disease_status") == "improved"  # proposed; the model cannot hold it yet
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
