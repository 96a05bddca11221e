"""Exports from the window run in a process of their own: what reaches the window when that
process reports, fails, stops unexpectedly, or cannot be started."""

from __future__ import annotations

import os
import subprocess
import sys
from copy import copy

import pytest

from boardtool.export import ExportRequest
from boardtool.export.process import ExportJob
from boardtool.gui import export_runner
from boardtool.gui.errors import log_file


def _run(qtbot, owner, job: ExportJob) -> dict:
    heard = {"progress": [], "done": None, "failed": None}
    runner = export_runner.ExportRunner(owner)
    runner.start(job, lambda *step: heard["progress"].append(step), lambda report: heard.__setitem__("done", report),
                 lambda message: heard.__setitem__("failed", message))
    qtbot.waitUntil(lambda: heard["done"] is not None or heard["failed"] is not None, timeout=120_000)
    heard["pid"] = runner.last_pid
    return heard


def _job(board, tmp_path, kind: str = "board") -> ExportJob:
    request = ExportRequest(pdf=tmp_path / "summary.pdf")
    return ExportJob(kind, board.model_dump_json(), copy(board.image_data), request)


def test_the_export_runs_in_another_process_and_reports_its_progress(window, qtbot, board, tmp_path):
    heard = _run(qtbot, window, _job(board, tmp_path))
    assert heard["failed"] is None
    assert heard["pid"] not in (None, os.getpid())
    assert heard["done"].written == [("PDF summary", tmp_path / "summary.pdf")] and heard["done"].pages > 1
    assert heard["progress"][-1][:2] == (1, 1)
    assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF")


def test_an_unexpected_error_in_the_export_is_a_message_and_a_log_entry(window, qtbot, board, tmp_path):
    heard = _run(qtbot, window, _job(board, tmp_path, kind="no such export"))
    assert heard["failed"].startswith("Unexpected problem: ValueError: unknown export kind")
    assert str(log_file()) in heard["failed"]
    assert "Traceback" in log_file().read_text(encoding="utf-8")


def test_an_export_process_that_stops_without_a_word_is_a_clear_failure(window, qtbot, board, tmp_path, monkeypatch):
    monkeypatch.setattr(export_runner, "BOOT", "import sys; print('half a line'); "
                                               "sys.stderr.write('out of memory, say'); sys.exit(3)")
    heard = _run(qtbot, window, _job(board, tmp_path))
    assert heard["failed"].startswith("The export stopped unexpectedly (exit code 3)")
    assert not (tmp_path / "summary.pdf").exists()
    logged = log_file().read_text(encoding="utf-8")
    assert "out of memory, say" in logged and "half a line" in logged


def test_where_no_process_can_be_started_the_export_runs_in_the_window(window, qtbot, board, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))
    heard = _run(qtbot, window, _job(board, tmp_path))
    assert heard["failed"] is None and heard["pid"] is None
    assert (tmp_path / "summary.pdf").exists()


def test_printed_noise_does_not_break_the_messages(window, qtbot, board, tmp_path, monkeypatch):
    monkeypatch.setattr(export_runner, "BOOT", "print('a library says hello'); " + export_runner.BOOT)
    heard = _run(qtbot, window, _job(board, tmp_path))
    assert heard["failed"] is None and (tmp_path / "summary.pdf").exists()


@pytest.mark.parametrize("call", ["socket.create_connection(('127.0.0.1', 9))", "socket.getaddrinfo('example.org', 80)",
                                  "socket.socket().bind(('127.0.0.1', 0))"])
def test_the_export_process_refuses_the_network(call):
    script = ("import socket; from boardtool.export.process import forbid_network; forbid_network()\n"
              f"try:\n    {call}\nexcept PermissionError as exc:\n    print('refused:', exc)\n")
    root = os.path.dirname(os.path.dirname(export_runner.__file__.rsplit(os.sep, 1)[0]))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": root})
    assert result.stdout.startswith("refused: boardtool's export does not use the network"), result.stderr


def test_closing_the_window_lets_a_running_export_finish(window, dialogs, tmp_path):
    deck, pdf = tmp_path / "week.pptx", tmp_path / "week.pdf"
    dialogs.save_paths = [deck, pdf]
    window.export_both_action.trigger()
    assert window.exports.running
    window.doc.undo_stack.setClean()
    asked = len(dialogs.asked)
    window.close()
    assert not window.exports.running
    assert deck.read_bytes().startswith(b"PK") and pdf.read_bytes().startswith(b"%PDF")
    assert len(dialogs.asked) == asked  # quitting: no "Export finished" box to dismiss first


def test_a_board_opened_from_its_file_is_exported_with_its_pictures(window, qtbot, dialogs, board, tmp_path):
    """A board read from its file holds references to its pictures, not their bytes: the export
    process reads them from the same file."""
    from pypdf import PdfReader

    from boardtool.store import save_board

    source = tmp_path / "week.tboard"
    save_board(board, source)
    assert window.open_path(source, asked=True)
    assert window.doc.board.image_data.referred()  # nothing read into the window
    pdf = tmp_path / "week.pdf"
    dialogs.save_paths = [pdf]
    window.export_pdf_action.trigger()
    qtbot.waitUntil(lambda: not window.exports.running, timeout=120_000)
    assert window.exports.last_error == "" and window.exports.runner.last_pid not in (None, os.getpid())
    pictures = sum(len([name for name, item in (page["/Resources"].get("/XObject") or {}).items()
                        if item.get_object()["/Subtype"] == "/Image"]) for page in PdfReader(str(pdf)).pages)
    assert pictures >= len(board.image_data)


def test_a_board_holding_many_unsaved_pictures_is_exported_in_the_window(window, qtbot, board, tmp_path, monkeypatch):
    assert board.image_data.held_size() > 0  # the sample's pictures are held in memory
    monkeypatch.setattr(export_runner, "MOST_HELD_BYTES", board.image_data.held_size() - 1)
    heard = _run(qtbot, window, _job(board, tmp_path))
    assert heard["failed"] is None and heard["pid"] is None  # not copied through a pipe
    assert (tmp_path / "summary.pdf").exists()
