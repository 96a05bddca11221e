"""The accreditation report's figures, checked against a data set built for it."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

import dataset
from boardtool.library import LibraryError
from boardtool.library.followup import record
from boardtool.library.meetings import add_board
from boardtool.library.report import DEFAULT_THRESHOLDS, build_report, thresholds_from
from boardtool.library.report_files import write_csv, write_pdf

D = dt.date
JAN, FEB, MAR_END = D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 31)


@pytest.fixture
def constructed(library):
    """Three meetings in the first quarter of 2026 and two outside it, with known facts."""
    everyone = dict.fromkeys(dataset.CORE, True)
    add_board(library, dataset.board(D(2026, 1, 15), [
        dataset.case(1, m_stage="M0", concordant=True, trial=True, final=True),
        dataset.case(2, concordant=False, final=True, treated=[("surgery", D(2026, 1, 2))]),
    ], everyone))
    add_board(library, dataset.board(D(2026, 1, 29), [
        dataset.case(3, m_stage="M1", concordant=True, treated=[("surgery", D(2026, 2, 1))]),
        dataset.case(4, status="deferred", m_stage="M0", concordant=True, trial=True),
    ], {"Neurosurgery": True, "Radiation oncology": False, "Neuroradiology": True, "Neurology": True}))
    add_board(library, dataset.board(D(2026, 2, 12), [
        dataset.case(5, m_stage="M2", trial=True, final=True, treated=[("radiotherapy", None)]),
    ], {**everyone, "Neuropathology": False}))
    add_board(library, dataset.board(D(2025, 12, 20), [dataset.case(6, m_stage="M0", concordant=True)]))
    add_board(library, dataset.board(D(2026, 7, 1), [dataset.case(7, m_stage="M0", concordant=True)]))
    record(library, "case000001", implemented="yes")
    record(library, "case000002", implemented="no", reason="the patient chose treatment elsewhere")
    return library


def _shares(figures) -> dict[str, tuple[int, int]]:
    return {figure.label: (figure.count, figure.total) for figure in figures}


def test_figures_match_the_constructed_data(constructed):
    report = build_report(constructed, JAN, MAR_END)
    assert (report.meetings, report.cases_presented) == (3, 4)
    assert {f.key: (f.count, f.total) for f in report.figures} == {
        "prospective": (3, 4), "stage_documented": (3, 4), "guideline_concordant": (2, 4),
        "trial_discussed": (2, 4), "follow_up_implemented": (1, 2)}
    assert _shares(report.attendance) == {
        "Neurosurgery": (3, 3), "Radiation oncology": (2, 3), "Medical or paediatric oncology": (2, 3),
        "Neuroradiology": (3, 3), "Neuropathology": (1, 3)}
    assert report.monthly == {
        "2026-01": {"Neurosurgery": 1.0, "Radiation oncology": 0.5, "Medical or paediatric oncology": 0.5,
                    "Neuroradiology": 1.0, "Neuropathology": 0.5},
        "2026-02": {"Neurosurgery": 1.0, "Radiation oncology": 1.0, "Medical or paediatric oncology": 1.0,
                    "Neuroradiology": 1.0, "Neuropathology": 0.0}}
    verdicts = {f.key: f.meets for f in report.figures}
    assert verdicts == {"prospective": False, "stage_documented": False, "guideline_concordant": False,
                        "trial_discussed": True, "follow_up_implemented": False}


def test_thresholds_are_configurable(constructed):
    thresholds = thresholds_from(["prospective=0.75", "guideline_concordant=50%"])
    report = build_report(constructed, JAN, MAR_END, thresholds)
    verdicts = {f.key: f.meets for f in report.figures}
    assert verdicts["prospective"] is True and verdicts["guideline_concordant"] is True
    assert DEFAULT_THRESHOLDS["prospective"] == 0.8  # the defaults are untouched


@pytest.mark.parametrize("pair", ["speed=0.5", "prospective=much", "prospective=150%"])
def test_bad_thresholds_are_refused(pair):
    with pytest.raises(LibraryError):
        thresholds_from([pair])


def test_a_period_with_nothing_in_it(library, tmp_path):
    report = build_report(library, JAN, FEB)
    assert (report.meetings, report.cases_presented, report.monthly) == (0, 0, {})
    assert all(f.share is None and f.meets is None for f in report.figures)
    write_pdf(report, tmp_path / "empty.pdf")
    assert "No meetings in this period" in PdfReader(tmp_path / "empty.pdf").pages[0].extract_text()


def test_csv_and_pdf_carry_the_figures(constructed, tmp_path):
    report = build_report(constructed, JAN, MAR_END)
    write_csv(report, tmp_path / "report.csv")
    rows = list(csv.DictReader((tmp_path / "report.csv").read_text(encoding="utf-8").splitlines()))
    prospective = next(r for r in rows if r["item"] == "Presented before first treatment")
    assert (prospective["count"], prospective["total"], prospective["share"], prospective["meets"]) == ("3", "4", "0.7500", "no")
    month = next(r for r in rows if r["item"] == "2026-01 Radiation oncology")
    assert (month["total"], month["share"]) == ("2", "0.5000")
    write_pdf(report, tmp_path / "report.pdf", "Fictional University Hospital")
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    for expected in ("Tumour board activity report", "Fictional University Hospital", "3 of 4", "75%",
                     "Neuropathology", "1 of 3", "Jan 2026", "Feb 2026"):
        assert expected in text
    assert oct((tmp_path / "report.pdf").stat().st_mode & 0o777) == "0o600"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")
def test_the_report_pdf_renders(constructed, tmp_path):
    write_pdf(build_report(constructed, JAN, MAR_END), tmp_path / "report.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(tmp_path / "report.pdf"), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))
