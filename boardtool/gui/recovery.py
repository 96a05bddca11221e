"""Autosave to a recovery copy, the offer to restore after a crash, and board locks."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from boardtool.gui.tasks import run_task
from boardtool.store import autosave, lock


class RecoveryController(QObject):
    """Keeps a recovery copy of unsaved work and the lock of the open board file."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = f"{os.getpid()}-{int(time.time())}"
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.write_now)
        self.restart()
        self.last_written: Path | None = None
        QGuiApplication.instance().applicationStateChanged.connect(self._state_changed)

    def restart(self) -> None:
        self.timer.start(max(5, int(self.window.preferences.value("autosave_seconds"))) * 1000)

    def _state_changed(self, state) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.write_now()

    def write_now(self) -> None:
        """Write a recovery copy in the background when the board has unsaved changes."""
        doc = self.window.doc
        if doc is None or doc.undo_stack.isClean():
            return
        board, source, session = doc.board.model_copy(deep=True), doc.path, self.session
        run_task(self.window, lambda: autosave.write_recovery(board, source, session), self._written,
                 lambda message: self.window.statusBar().showMessage(f"Recovery copy not written: {message}", 6000))

    def _written(self, path: Path) -> None:
        self.last_written = path

    def forget(self, source: Path | None) -> None:
        """Remove the recovery copy of a board that was saved or closed cleanly."""
        autosave.remove_recovery(source, self.session)
        if source is not None:
            autosave.remove_recovery(None, self.session)

    def offer_restore(self) -> bool:
        """Offer each recovery copy left by a crash; return True when one was restored."""
        from boardtool.gui.document import BoardDocument

        for item in autosave.pending():
            board = autosave.readable(item)
            if board is None:
                item.discard()
                continue
            where = item.source or "a board that was never saved"
            box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved work?",
                              f"boardtool was not closed cleanly. Unsaved work on {where} "
                              f"(copy from {item.saved_at}) can be restored.",
                              QMessageBox.StandardButton.NoButton, self.window)
            restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
            box.exec()
            if box.clickedButton() is restore:
                doc = BoardDocument(board, Path(item.source) if item.source else None)
                self.window.set_document(doc)
                doc.undo_stack.resetClean()  # restored work is unsaved work
                self.window.setWindowModified(True)
                item.discard()
                self.write_now()
                return True
            item.discard()
        return False

    # -- locks -----------------------------------------------------------

    def may_open(self, path: Path) -> bool:
        """Warn when another running boardtool has the board open; True to go ahead."""
        owner = lock.other_owner(path)
        if owner is None:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "Board already open",
                          f"{path.name} is open in another boardtool: {owner.describe()}.\n\n"
                          "Changes saved there and here would overwrite each other.",
                          QMessageBox.StandardButton.NoButton, self.window)
        go = box.addButton("Open anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def hold(self, path: Path | None) -> None:
        if path is not None:
            lock.acquire(path)

    def let_go(self, path: Path | None) -> None:
        if path is not None:
            lock.release(path)
