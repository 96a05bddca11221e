"""Starting the application with a board file: it is read once, refused before any window when
broken, and listed once among the recent boards, by its full path."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QApplication

import boardtool.gui.document
import boardtool.store
from boardtool.cli import main
from boardtool.gui import settings
from boardtool.gui.main_window import MainWindow
from boardtool.store import save_board


@pytest.fixture
def started(monkeypatch, preferences):
    """Run the application without its event loop; count the board files read."""
    reads = []
    for module in (boardtool.store, boardtool.gui.document):
        real = module.load_board
        monkeypatch.setattr(module, "load_board", lambda path, real=real: reads.append(path) or real(path))
    monkeypatch.setattr(settings, "Preferences", lambda: preferences)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    yield reads
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow):
            window.doc.undo_stack.setClean()
            window.close()
            window.deleteLater()


def test_a_board_given_at_start_is_read_once_and_listed_once(started, preferences, board, tmp_path, monkeypatch):
    save_board(board, tmp_path / "week49.tboard")
    monkeypatch.chdir(tmp_path)
    assert main(["week49.tboard"]) == 0  # as typed on the command line
    assert len(started) == 1
    assert preferences.recent_files() == [str((tmp_path / "week49.tboard").resolve())]
    (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert window.doc.path == (tmp_path / "week49.tboard").resolve()
    assert [c.id for c in window.doc.board.cases] == [c.id for c in board.cases]


def test_a_broken_board_is_refused_before_any_window(started, preferences, tmp_path, capsys):
    broken = tmp_path / "cut.tboard"
    broken.write_bytes(b"PK\x03\x04 cut short")
    assert main([str(broken)]) == 2
    assert "damaged or incomplete" in capsys.readouterr().err
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert preferences.recent_files() == [] and os.path.exists(broken)
