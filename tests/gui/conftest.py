"""GUI fixtures: isolated settings, no blocking dialog, every worker awaited."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox

from boardtool.gui.document import BoardDocument
from boardtool.gui.main_window import MainWindow
from boardtool.gui.settings import Preferences
from boardtool.gui.tasks import wait_for_tasks


@dataclass
class Dialogs:
    """What the patched dialogs answer, and what they were asked."""

    answers: list = field(default_factory=list)  # QMessageBox answers or button texts, in order
    default: object = QMessageBox.StandardButton.Cancel
    save_paths: list = field(default_factory=list)
    open_paths: list = field(default_factory=list)
    asked: list = field(default_factory=list)
    names: list = field(default_factory=list)  # what QInputDialog.getText answers, in order ('' = Cancel)
    reasons: list = field(default_factory=list)  # what QInputDialog.getMultiLineText answers ('' = Cancel)
    folders: list = field(default_factory=list)  # what QFileDialog.getExistingDirectory answers

    def answer(self):
        return self.answers.pop(0) if self.answers else self.default


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    # windows closed by earlier tests are only marked for deletion; delete them now, so that
    # each test starts with its own widgets only (a style change otherwise repolishes them all)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    d = Dialogs()

    def box_exec(box):
        d.asked.append(box.text())
        answer = d.answer()
        if isinstance(answer, str):
            for button in box.buttons():
                if button.text() == answer:
                    button.click()
            return 0
        return answer

    def static(kind):
        def ask(parent, title, text, *args, **kwargs):
            d.asked.append(f"{title}: {text}")
            return d.answer() if kind == "question" else QMessageBox.StandardButton.Ok
        return ask

    monkeypatch.setattr(QMessageBox, "exec", box_exec)
    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, static(kind))
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: d.asked.append("about"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(d.save_paths.pop(0)), "") if d.save_paths else ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(d.open_paths.pop(0)), "") if d.open_paths else ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in d.open_paths], ""))
    def get_text(parent, title, label, *args, **kwargs):
        d.asked.append(f"{title}: {label}")
        name = d.names.pop(0) if d.names else ""
        return name, bool(name)

    monkeypatch.setattr(QInputDialog, "getText", get_text)

    def get_reason(parent, title, label, *args, **kwargs):
        d.asked.append(f"{title}: {label}")
        reason = d.reasons.pop(0) if d.reasons else ""
        return reason, bool(reason)

    monkeypatch.setattr(QInputDialog, "getMultiLineText", get_reason)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(d.folders.pop(0)) if d.folders else "")
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    def preview_exec(dialog):
        view = dialog.findChild(QPrintPreviewWidget)
        view.updatePreview()  # draws every page through paintRequested, as the open dialog would
        d.asked.append(f"print preview: {view.pageCount()} page(s)")
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", preview_exec)
    yield d
    assert wait_for_tasks(30_000), "a background task did not finish"


@pytest.fixture
def preferences(tmp_path):
    prefs = Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    prefs.set("preview_delay_ms", 150)
    return prefs


@pytest.fixture
def window(qtbot, preferences, board):
    win = MainWindow(preferences, BoardDocument(board))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.doc.undo_stack.setClean()  # no unsaved-changes prompt at teardown
    wait_for_tasks(30_000)


@pytest.fixture
def empty_window(qtbot, preferences):
    win = MainWindow(preferences, BoardDocument())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.doc.undo_stack.setClean()
    wait_for_tasks(30_000)
