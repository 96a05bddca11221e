"""A whole bundle end to end: import → board file → export → the deck shows the mapped values;
provenance kept in the board and never in a de-identified export; conflicts and re-imports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from intake_data import FICTIONAL, JENNY, deck_text

from boardtool.cli import main
from boardtool.export import ExportRequest, export_board
from boardtool.intake.apply import judge, review
from boardtool.intake.board_import import cases_after, plan_fhir_import
from boardtool.intake.proposals import Proposal, Source
from boardtool.model.board import Case
from boardtool.samples import write_sample
from boardtool.store import load_board


def imported_board(tmp_path, *bundles, extra=()):
    path = tmp_path / "board.tboard"
    write_sample(path)
    assert main(["import", "fhir", str(path), *map(str, bundles), *extra]) == 0
    return path


def test_fictional_ependymoma_bundle_reaches_the_deck(tmp_path, capsys):
    path = imported_board(tmp_path, FICTIONAL)
    out = capsys.readouterr().out
    assert "Case 4 — Mila Fictive (new case)" in out and "mapped (26)" in out and "not mapped (4)" in out
    board = load_board(path)
    case = board.cases[3]
    assert case.diagnosis.tumour_type == "pfa" and case.performance.value == 70
    (rt,) = [e for e in case.history if e.kind == "radiotherapy"]
    assert [(v.target, v.region, v.dose, v.unit, v.fractions, v.modality, v.technique, v.intent)
            for v in rt.volumes] == [("Posterior fossa tumour bed", "Posterior fossa", 59.4, "Gy(RBE)", 33, "proton",
                                      "PBS", "curative")]
    assert (case.disease_status, case.staging.mri_spine.result, case.staging.csf_cytology.result) == (
        "progressive", "positive", "negative")
    assert [(m.name, m.result) for m in case.diagnosis.markers] == [("H3K27me3", "lost"), ("1q gain", "detected")]
    assert [e.procedure for e in case.history if e.kind == "surgery"] == ["resection", "drain"]
    deck = tmp_path / "deck.pptx"
    assert main(["export", str(path), "--case", case.id, "--pptx", str(deck)]) == 0
    text = deck_text(deck.read_bytes())
    for shown in ("Mila Fictive", "Posterior fossa group A (PFA) ependymoma, CNS WHO grade 3", "Lansky 70",
                  "Ada Quill", "H3K27me3: lost (Loss) — IHC", "1q gain: detected (Present)",
                  "Spinal leptomeninges, T10–L1", "Hydrocephalus",
                  "Posterior fossa tumour bed: 59.4 Gy(RBE) / 33 fr, proton PBS, curative", "carboplatin + vincristine",
                  "PD — RAPNO, 10 Feb 2026", "Gross total resection of posterior fossa tumour",
                  "External ventricular drain", "Disease status: Progressive", "Whole-spine MRI positive, 1 Sep 2025",
                  "4 mg/day", "FX-204-118"):
        assert shown in " ".join(text.split()), shown


def test_mcode_jenny_bundle_reaches_the_deck_with_tnm(tmp_path):
    path = imported_board(tmp_path, JENNY)
    case = load_board(path).cases[3]
    deck = tmp_path / "deck.pptx"
    assert main(["export", str(path), "--case", case.id, "--pptx", str(deck)]) == 0
    text = deck_text(deck.read_bytes())
    for shown in ("Jenny M", "Primary malignant neoplasm of female left breast", "TNM (clinical)",
                  "cT3 cN0 cM0, stage IIB — AJCC 8th edition", "ECOG 0", "ER: detected (Positive) — IHC",
                  "jenny-m-chest-wall-treatment-volume: 60 Gy / 30 fr, curative", "Excision of part of breast",
                  "Biopsy of breast"):
        assert shown in " ".join(text.split()), shown


def test_provenance_is_kept_in_the_board_file(tmp_path):
    path = imported_board(tmp_path, FICTIONAL)
    case = load_board(path).cases[3]
    digest = hashlib.sha256(FICTIONAL.read_bytes()).hexdigest()
    by_path = {entry.path: entry for entry in case.provenance}
    assert by_path["patient.name"].resource_id == "fict-ep-1" and by_path["patient.name"].file_sha256 == digest
    rt_index = next(i for i, e in enumerate(case.history) if e.kind == "radiotherapy")
    rt_sources = {(e.resource_type, e.resource_id) for e in case.provenance if e.path == f"history.{rt_index}"}
    assert rt_sources == {("Procedure", "fict-ep-rt"), ("BodyStructure", "fict-ep-tumour-bed")}
    assert by_path["performance"].resource_id == "fict-ep-lansky-2025"
    assert all(isinstance(e.imported_at, dt.datetime) for e in case.provenance)


def test_provenance_never_reaches_a_deidentified_export(tmp_path):
    path = imported_board(tmp_path, FICTIONAL)
    board = load_board(path)
    case = board.cases[3]
    report = export_board(board, ExportRequest(pptx=tmp_path / "d.pptx", pdf=tmp_path / "d.pdf", case_id=case.id,
                                               deidentify=True))
    assert report is not None
    import zipfile

    with zipfile.ZipFile(tmp_path / "d.pptx") as deck:
        everything = "\n".join(deck.read(n).decode("utf-8", "replace") for n in deck.namelist() if n.endswith(".xml"))
    pdf = (tmp_path / "d.pdf").read_bytes()
    digest = hashlib.sha256(FICTIONAL.read_bytes()).hexdigest()
    for secret in ("fict-ep-1", digest, digest[:16], "FX-204-118", "Mila", "Fictive", FICTIONAL.name):
        assert secret not in everything, secret
        assert secret.encode() not in pdf, secret
    assert "Posterior fossa group A" in everything  # the clinical content is still there


def test_filling_a_case_keeps_its_own_values_and_reports_them(tmp_path, capsys):
    path = tmp_path / "board.tboard"
    write_sample(path)
    before = load_board(path).cases[0]
    assert main(["import", "fhir", str(path), str(FICTIONAL), "--case", "1"]) == 0
    out = capsys.readouterr().out
    after = load_board(path).cases[0]
    assert after.patient.name == before.patient.name  # conflicting value kept
    assert "kept the case's own value" in out and f"the case has '{before.patient.name}'" in out
    assert any(m.name == "H3K27me3" and m.result == "lost" and m.detail == "Loss" for m in after.diagnosis.markers)


def test_importing_twice_adds_nothing_the_second_time(tmp_path, board, catalog):
    plan = plan_fhir_import(board, catalog, [FICTIONAL])
    board.cases = cases_after(board, plan)
    again = plan_fhir_import(board, catalog, [FICTIONAL], case=str(len(board.cases)))
    statuses = {o.status for o in again.cases[0].outcomes}
    assert statuses == {"same"}
    assert cases_after(board, again)[-1].history == board.cases[-1].history


def test_chosen_outcomes_only(board, catalog):
    plan = plan_fhir_import(board, catalog, [FICTIONAL])
    names = [o.proposal.path for o in plan.cases[0].outcomes]
    keep = {names.index("patient.name"), names.index("diagnosis.tumour_type")}
    case = cases_after(board, plan, {0: keep})[-1]
    assert case.patient.name == "Mila Fictive" and case.diagnosis.tumour_type == "pfa"
    assert case.history == [] and case.performance.value is None
    assert {p.path for p in case.provenance} == {"patient.name", "diagnosis.tumour_type"}


def test_a_proposal_for_a_field_the_model_lacks_is_not_mapped():
    source = Source("0" * 64, "x.json", "Observation", "csf-1", dt.datetime(2026, 1, 1))
    outcome = judge(Case(), Proposal("staging.pet+", {"exam": "FET PET", "result": "negative"},
                                     "FET PET negative", (source,)))
    assert outcome.status == "no field" and "no field" in outcome.reason
    assert judge(Case(), Proposal("staging.m_stage", "M9", "M9", (source,))).status == "invalid"


def test_import_report_lists_missing_references(tmp_path, capsys):
    imported_board(tmp_path, JENNY)
    out = capsys.readouterr().out
    assert "Missing reference targets (14)" in out
    assert "BodyStructure/jenny-m-chest-wall-treatment-volume" in out


def test_json_board_keeps_provenance_too(tmp_path, catalog):
    path = tmp_path / "board.json"
    write_sample(path)
    assert main(["import", "fhir", str(path), str(FICTIONAL)]) == 0
    data = json.loads(path.read_text())
    assert any(e["resource_id"] == "fict-ep-primary" for e in data["cases"][3]["provenance"])
    assert review(load_board(path).cases[3], plan_fhir_import(load_board(path), catalog, [FICTIONAL]).cases[0].record)


def test_provenance_text_for_a_field(board, catalog):
    from boardtool.intake.apply import provenance_of

    plan = plan_fhir_import(board, catalog, [FICTIONAL])
    case = cases_after(board, plan)[-1]
    text = provenance_of(case, "performance")
    assert "Observation/fict-ep-lansky-2025" in text and "SHA-256" in text
    assert "Procedure/fict-ep-rt" in provenance_of(case, "history")
    assert provenance_of(case, "question") == ""


def test_tnm_is_shown_only_when_present(board, catalog):
    from boardtool.model.board import TnmStage
    from boardtool.outline import build_outline

    def staging_facts(b):
        section = next(s for s in build_outline(b, catalog).cases[0].sections if s.id == "staging")
        return {f.label: f.value for f in section.blocks[0].items}

    assert not any(label.startswith("TNM") for label in staging_facts(board))
    board.cases[0].staging.tnm = [TnmStage(basis="pathologic", t="pT2", n="pN0", m="cM0", group="IIA",
                                           system="AJCC 8th edition", date=dt.date(2026, 5, 4))]
    assert staging_facts(board)["TNM (pathologic)"] == "pT2 pN0 cM0, stage IIA — AJCC 8th edition, 4 May 2026"


def test_replace_lets_the_record_win_and_says_so(tmp_path, capsys):
    path = tmp_path / "board.tboard"
    write_sample(path)
    old_name = load_board(path).cases[0].patient.name
    assert main(["import", "fhir", str(path), str(FICTIONAL), "--case", "1", "--replace"]) == 0
    out = capsys.readouterr().out
    assert load_board(path).cases[0].patient.name == "Mila Fictive"
    assert f"Patient name: Mila Fictive  ← Patient/fict-ep-1  [the case has '{old_name}']" in out


def test_a_board_file_is_left_untouched_when_the_change_fails(tmp_path):
    import pytest

    from boardtool.intake.board_import import change_board_file
    from boardtool.samples import sample_board
    from boardtool.store import save_board

    path = tmp_path / "week49.tboard"
    save_board(sample_board(), path)
    before = path.read_bytes()

    def fail(board):
        board.cases = []
        raise ValueError("no such case")

    with pytest.raises(ValueError):
        change_board_file(path, fail)
    assert path.read_bytes() == before
    cases = len(sample_board().cases)
    assert change_board_file(path, lambda board: [f"{len(board.cases)} cases"]) == [f"{cases} cases", f"saved {path}"]


def test_filling_a_case_with_another_patients_file_warns_naming_what_differs(tmp_path, capsys):
    path = tmp_path / "board.tboard"
    write_sample(path)
    before = load_board(path).cases[0]
    assert main(["import", "fhir", str(path), str(JENNY), "--case", "1"]) == 0
    out = capsys.readouterr().out
    warning = next(line for line in out.splitlines() if "warning:" in line)
    assert f"differs from {before.patient.name} (case 1)" in warning
    assert "Patient name" in warning and "Date of birth" in warning


def test_a_new_case_or_the_same_patient_gives_no_identity_warning(board, catalog):
    plan = plan_fhir_import(board, catalog, [FICTIONAL])
    assert plan.cases[0].is_new and plan.cases[0].identity_warning() == ""
    same = board.cases[0].model_copy(deep=True)
    filled = plan_fhir_import(board.model_copy(update={"cases": [Case(patient=same.patient)]}), catalog, [JENNY], "1")
    assert filled.cases[0].identity_differs  # the sample's first patient is not Jenny M
