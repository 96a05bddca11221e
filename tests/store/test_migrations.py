"""Boards written before staging results, per-volume radiotherapy and structured markers open."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from boardtool.model import check_board
from boardtool.model.board import SCHEMA_VERSION, StagingExam
from boardtool.store import load_board, save_board
from boardtool.store.migrations import migrate

OLD = Path(__file__).parent / "data" / "board-v2.json"  # the sample as schema 2 wrote it


def test_schema_two_board_opens_with_its_values_moved(catalog):
    board = load_board(OLD)
    assert board.schema_version == SCHEMA_VERSION == 3
    adult, child = board.cases[0], board.cases[1]
    assert adult.staging.mri_spine == StagingExam(date=dt.date(2026, 10, 21), result=None)
    rt = adult.history[1]
    assert [(v.target, v.dose, v.fractions, v.technique) for v in rt.volumes] == [
        ("Resection cavity + 5 mm", 59.4, 33, "IMRT")]
    surgery = adult.history[0]
    assert (surgery.procedure, surgery.resection, surgery.response) == ("resection", "GTR", "NED")
    assert rt.response == "CR"  # only the surgical CR is known to mean NED
    zfta = child.diagnosis.markers[0]
    assert (zfta.result, zfta.detail) == ("detected", "ZFTA::RELA")
    assert child.diagnosis.markers[1].result == "not_detected"
    # old boards now ask for what they never recorded: results of staging examinations
    problems = [str(p) for p in check_board(board, catalog)]
    assert any("brain MRI is dated: record its result" in p for p in problems)


def test_migrated_board_round_trips(tmp_path):
    board = load_board(OLD)
    path = tmp_path / "again.tboard"
    save_board(board, path)
    assert load_board(path) == board


def test_text_that_fits_no_new_field_is_kept():
    data = {"schema_version": 2, "cases": [{
        "diagnosis": {"markers": [{"name": "Ki-67", "result": "about 20%"}]},
        "history": [{"kind": "radiotherapy", "dose_gy": 54, "fractions": 30, "technique": "Tomotherapy",
                     "target": "Tumour bed"},
                    {"kind": "radiotherapy", "technique": "proton"},
                    {"kind": "surgery", "resection": "biopsy"}],
    }]}
    case = migrate(data, "old.json")["cases"][0]
    assert case["diagnosis"]["markers"][0] == {"name": "Ki-67", "result": None, "detail": "about 20%"}
    assert case["history"][0]["volumes"] == [
        {"target": "Tumour bed — Tomotherapy", "dose": 54, "fractions": 30, "technique": None}]
    assert case["history"][1]["volumes"][0]["modality"] == "proton"
    assert case["history"][2]["procedure"] == "biopsy"


def test_the_fixture_really_is_schema_two():
    assert json.loads(OLD.read_text())["schema_version"] == 2
