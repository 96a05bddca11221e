"""Reading FHIR files: validation, patients, references; every refusal names file and resource."""

from __future__ import annotations

import json

import pytest
from intake_data import FICTIONAL, JENNY, resource

from boardtool.cli import main
from boardtool.intake.board_import import plan_fhir_import
from boardtool.intake.fhir import IntakeError, read_records
from boardtool.intake.read import read_fhir
from boardtool.samples import write_sample
from boardtool.store import load_board


def test_jenny_bundle_validates_and_indexes_every_entry():
    records = read_records([JENNY])
    assert len(records.resources) == 40
    assert records.resolve({"reference": "Patient/cancer-patient-jenny-m"}).type == "Patient"
    assert records.resolve("http://example.org/fhir/Patient/cancer-patient-jenny-m").id == "cancer-patient-jenny-m"
    assert records.resolve({"reference": "Patient/nobody"}) is None


def test_sources_carry_file_hash_resource_and_time():
    import hashlib

    source = read_records([JENNY]).resources[0].source
    assert source.file_sha256 == hashlib.sha256(JENNY.read_bytes()).hexdigest()
    assert (source.resource_type, source.resource_id) == ("Patient", "cancer-patient-jenny-m")
    assert source.file_name == JENNY.name and source.imported_at is not None


def test_invalid_fhir_names_file_and_resource(tmp_path):
    data = json.loads(JENNY.read_text())
    data["entry"][8]["resource"]["effectiveDateTime"] = "yesterday"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(IntakeError) as caught:
        read_records([bad])
    message = str(caught.value)
    assert "bad.json" in message and "DiagnosticReport/genomics-report-jenny-m" in message and "effectiveDateTime" in message


def test_unknown_resource_type_is_refused(make_bundle):
    path = make_bundle("Patient-cancer-patient-brian-l.json", {"resourceType": "Spaceship", "id": "x"})
    with pytest.raises(IntakeError, match="'Spaceship' is not a FHIR R4 resource type"):
        read_records([path])


def test_broken_json_and_non_fhir_are_refused(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"resourceType": "Bundle",')
    with pytest.raises(IntakeError, match="broken JSON at line 1"):
        read_records([broken])
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(IntakeError, match="no resourceType"):
        read_records([other])


def test_bundle_without_patient_is_refused(make_bundle, catalog):
    path = make_bundle("Observation-karnofsky-performance-status-normal-activity.json")
    with pytest.raises(IntakeError, match="no Patient resource"):
        read_fhir([path], catalog)


def test_missing_reference_targets_are_listed(catalog):
    result = read_fhir([JENNY], catalog)
    missing = "\n".join(result.missing_references)
    assert "BodyStructure/jenny-m-chest-wall-treatment-volume" in missing
    assert "Condition/us-core-condition-depression-jenny-m (referenced by Observation/cancer-related-comorbidities-jenny-m)" in missing


def test_two_patients_for_one_case_is_refused(make_bundle, board, catalog):
    path = make_bundle("Patient-cancer-patient-brian-l.json", "Patient-cancer-patient-john-anyperson.json")
    with pytest.raises(IntakeError) as caught:
        plan_fhir_import(board, catalog, [path], case="1")
    assert "Patient/cancer-patient-brian-l" in str(caught.value) and "Patient/cancer-patient-john-anyperson" in str(caught.value)


def test_two_patients_become_two_cases(make_bundle, board, catalog):
    path = make_bundle("Patient-cancer-patient-brian-l.json", "Patient-cancer-patient-john-anyperson.json",
                       "Condition-primary-cancer-condition-nsclc.json")
    plan = plan_fhir_import(board, catalog, [path])
    assert [c.number for c in plan.cases] == [len(board.cases) + 1, len(board.cases) + 2]
    john = plan.cases[1]
    assert any(o.proposal.path == "diagnosis.tumour_type" for o in john.outcomes)
    assert not any(o.proposal.path == "diagnosis.tumour_type" for o in plan.cases[0].outcomes)


def test_resource_about_someone_else_is_reported(make_bundle, catalog):
    path = make_bundle("Patient-cancer-patient-brian-l.json", "Observation-karnofsky-performance-status-normal-activity.json")
    record = read_fhir([path], catalog).records[0]
    assert any("not in the bundle (Patient/cancer-patient-john-anyperson)" in n.reason for n in record.not_mapped)
    assert not any(p.path == "performance" for p in record.proposals)


def test_cli_refusals_exit_2_and_leave_the_board_untouched(tmp_path, make_bundle, capsys):
    board_path = tmp_path / "b.tboard"
    write_sample(board_path)
    before = board_path.read_bytes()
    nobody = make_bundle("Observation-karnofsky-performance-status-normal-activity.json")
    assert main(["import", "fhir", str(board_path), str(nobody)]) == 2
    assert "no Patient resource" in capsys.readouterr().err
    two = make_bundle("Patient-cancer-patient-brian-l.json", "Patient-cancer-patient-john-anyperson.json", name="two.json")
    assert main(["import", "fhir", str(board_path), str(two), "--case", "2"]) == 2
    assert "2 patients" in capsys.readouterr().err
    assert main(["import", "fhir", str(board_path), str(FICTIONAL), "--case", "9"]) == 2
    assert "no case 9" in capsys.readouterr().err
    assert board_path.read_bytes() == before
    assert len(load_board(board_path).cases) == 3


def test_single_resource_file_is_read_too(tmp_path, catalog):
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(resource("Patient-cancer-patient-brian-l.json")))
    record = read_fhir([path], catalog).records[0]
    assert record.patient_id == "Patient/cancer-patient-brian-l"


def test_warm_up_resources_are_valid_fhir():
    from fhir.resources.R4B import get_fhir_model_class

    from boardtool.intake.fhir_warmup import SPECIMENS, load_fhir_models

    for specimen in SPECIMENS:  # a library update that rejects them would make the warm-up useless
        get_fhir_model_class(specimen["resourceType"]).model_validate(specimen)
    load_fhir_models()


def test_the_same_patient_in_two_files_is_one_case(make_bundle, catalog):
    first = make_bundle("Patient-cancer-patient-john-anyperson.json", "Condition-primary-cancer-condition-nsclc.json",
                        name="first.json")
    second = make_bundle("Patient-cancer-patient-john-anyperson.json",
                         "Observation-karnofsky-performance-status-normal-activity.json", name="second.json")
    result = read_fhir([first, second], catalog)
    (record,) = result.records
    assert {p.path for p in record.proposals} >= {"diagnosis.tumour_type", "performance"}
    assert any("the same patient again" in n.reason for n in record.not_mapped)


def test_resources_without_ids_are_followed_by_their_full_urls(tmp_path, catalog):
    patient = {"resourceType": "Patient", "name": [{"family": "Example", "given": ["Uma"]}]}
    condition = resource("Condition-secondary-cancer-condition-brain-mets.json")
    del condition["id"]
    condition["subject"] = {"reference": "urn:uuid:9f1c7a52-0000-4000-8000-000000000001"}
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:9f1c7a52-0000-4000-8000-000000000001", "resource": patient},
        {"fullUrl": "urn:uuid:9f1c7a52-0000-4000-8000-000000000002", "resource": condition}]}
    path = tmp_path / "uuids.json"
    path.write_text(json.dumps(bundle))
    (record,) = read_fhir([path], catalog).records
    assert record.name == "Uma Example"
    assert [p.value["site"] for p in record.proposals if p.path == "metastatic_sites+"] == ["brain"]


def test_hostile_json_is_a_message(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"resourceType": "Bundle", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(IntakeError, match="nested too deeply"):
        read_records([deep])
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"resourceType": "Patient", "name": [{"family": "Müller"}]}'.encode("latin-1"))
    with pytest.raises(IntakeError, match="not UTF-8"):
        read_records([latin])
