"""Recovery after a crash, board locks, and no network use from the window or the exports."""

from __future__ import annotations

import socket
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from boardtool.gui.document import BoardDocument
from boardtool.gui.main_window import MainWindow
from boardtool.store import autosave, lock, save_board


@pytest.fixture
def no_network(monkeypatch):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError("network use is not allowed in this test")

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return calls


def test_export_and_window_open_no_socket(window, qtbot, dialogs, tmp_path, no_network):
    from boardtool.cli import main

    board = tmp_path / "b.tboard"
    save_board(window.doc.board, board)
    assert main(["export", str(board), "--pptx", str(tmp_path / "a.pptx"), "--pdf", str(tmp_path / "a.pdf")]) == 0
    dialogs.save_paths = [tmp_path / "w.pptx", tmp_path / "w.pdf"]
    window.export_both_action.trigger()
    qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)
    with qtbot.waitSignal(window.preview.refreshed, timeout=15_000):
        window.preview.schedule(immediately=True)
    assert (tmp_path / "w.pdf").exists()
    assert no_network == []
    assert "PySide6.QtNetwork" not in sys.modules


def test_autosave_writes_a_recovery_copy_and_clean_save_removes_it(window, qtbot, dialogs, tmp_path):
    qtbot.keyClicks(window.editor.widget_for("symptoms"), "x")
    window.recovery.write_now()
    qtbot.waitUntil(lambda: window.recovery.last_written is not None, timeout=10_000)
    assert window.recovery.last_written.exists()
    (item,) = autosave.pending()
    assert "x" in autosave.readable(item).cases[0].symptoms
    dialogs.save_paths = [tmp_path / "saved.tboard"]
    window.save_action.trigger()
    assert autosave.pending() == []


def test_crash_leftover_is_offered_and_restored(qtbot, preferences, board, dialogs, tmp_path):
    source = tmp_path / "week.tboard"
    board.cases[0].symptoms = "typed before the crash"
    autosave.write_recovery(board, source, "crashed-session")
    win = MainWindow(preferences, BoardDocument())
    qtbot.addWidget(win)
    dialogs.answers = ["Restore"]
    assert win.recovery.offer_restore()
    assert win.doc.board.cases[0].symptoms == "typed before the crash"
    assert win.doc.path == source
    assert win.isWindowModified()
    assert not any(r.source == str(source) and r.path.name.startswith("crashed") for r in autosave.pending())
    win.doc.undo_stack.setClean()


def test_discarded_leftover_is_removed(qtbot, preferences, board, dialogs):
    autosave.write_recovery(board, None, "gone")
    win = MainWindow(preferences, BoardDocument())
    qtbot.addWidget(win)
    dialogs.answers = ["Discard"]
    assert not win.recovery.offer_restore()
    assert autosave.pending() == []


def test_board_open_elsewhere_warns(window, dialogs, tmp_path):
    path = tmp_path / "shared.tboard"
    save_board(window.doc.board, path)
    lock.lock_path(path).write_text('{"host": "other-pc", "pid": 99, "user": "hb", "since": "2026-12-03 07:40"}')
    dialogs.answers = [QMessageBox.StandardButton.Cancel]
    assert not window.open_path(path, asked=True)
    assert any("open in another boardtool" in text for text in dialogs.asked)
    dialogs.answers = ["Open anyway"]
    assert window.open_path(path, asked=True)


def test_opening_a_board_takes_its_lock_and_closing_releases_it(window, tmp_path):
    path = tmp_path / "mine.tboard"
    save_board(window.doc.board, path)
    assert window.open_path(path, asked=True)
    assert lock.lock_path(path).exists()
    window.new_action.trigger()
    assert not lock.lock_path(path).exists()


def test_unexpected_error_becomes_a_message(window, dialogs, monkeypatch):
    import sys

    from boardtool.gui.app import install_error_handler

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "__excepthook__", lambda *args: None)
    install_error_handler(window)
    try:
        raise RuntimeError("simulated fault")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert any("Unexpected problem" in text and "simulated fault" in text for text in dialogs.asked)
