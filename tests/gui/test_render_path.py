"""One render path: Preview, Print, Print preview and Export PDF make the same document for the same
preferences, through the export entry point that the command line uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from boardtool.export import export_board
from boardtool.gui import rendering
from boardtool.gui.rendering import case_preview_request

FIXED = dt.datetime(2026, 12, 1, 7, 45)


@pytest.fixture
def prepared(window, preferences, monkeypatch):
    """A board without an institution of its own; preferences that change what is printed."""
    monkeypatch.setattr(rendering, "now", lambda: FIXED)
    window.doc.board.meeting.institution = ""
    preferences.set("institution", "Harbourside Children's Hospital")
    preferences.set("relative_dates", True)
    preferences.set("user_name", "Dr. Test User")
    return window


def _text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def _export_pdf(window, qtbot, dialogs, path):
    dialogs.answers = ["Export anyway"]
    dialogs.save_paths = [path]
    window.export_pdf_action.trigger()
    qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)
    assert window.exports.last_error == ""


def test_printed_to_pdf_equals_export_pdf(prepared, qtbot, dialogs, tmp_path, monkeypatch):
    exported, printed = tmp_path / "export.pdf", tmp_path / "printed.pdf"
    _export_pdf(prepared, qtbot, dialogs, exported)

    def print_to_file(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_to_file)
    prepared.print_action.trigger()
    qtbot.waitUntil(printed.exists, timeout=60_000)
    text = _text(printed)
    assert text == _text(exported)
    whole = "\n".join(text)
    assert "Harbourside Children's Hospital" in whole  # the institution the preferences name
    assert "Dx +" in whole or "Dx −" in whole or "before Dx" in whole  # dates shown from diagnosis


def test_print_preview_draws_every_page_of_the_summary(prepared, qtbot, dialogs, tmp_path):
    exported = tmp_path / "export.pdf"
    _export_pdf(prepared, qtbot, dialogs, exported)
    pages = len(PdfReader(str(exported)).pages)
    prepared.print_preview_action.trigger()
    qtbot.waitUntil(lambda: any(text.startswith("print preview") for text in dialogs.asked), timeout=60_000)
    assert f"print preview: {pages} page(s)" in dialogs.asked


def test_preview_shows_the_same_case_pages_as_an_export_of_that_case(prepared, qtbot, tmp_path):
    window = prepared
    case = window.doc.board.cases[1]
    window.cases.setCurrentRow(1)
    qtbot.waitUntil(lambda: window.preview.view.page_count() > 0 and not window.preview._busy, timeout=30_000)
    request = case_preview_request(window.preferences, case.id)
    assert (request.institution, request.relative_dates, request.case_id) == ("Harbourside Children's Hospital", True, case.id)
    target = tmp_path / "case.pdf"
    export_board(window.doc.board, replace(request, pdf=target))
    assert window.preview.view.page_count() == len(PdfReader(str(target)).pages)
