"""Ctrl+Z and Ctrl+Shift+Z undo and redo the board's edits even while a text field has the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))


def is_undo_or_redo(event) -> bool:
    """Return True for a key event that asks to undo or redo."""
    if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
        return True
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in REDO_KEYS)


class UndoKeys(QObject):
    """Keeps text fields from taking the undo keys for themselves: the window's Undo and Redo
    act on the board, whose undo history already holds every edit typed into a field."""

    def watch(self, root: QWidget) -> None:
        """Route the undo keys of every text field under ``root`` (fields added later: call again)."""
        for field in root.findChildren(QWidget):
            if isinstance(field, TEXT_FIELDS) and not field.property("undoKeysWatched"):
                field.installEventFilter(self)
                field.setProperty("undoKeysWatched", True)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and is_undo_or_redo(event):
            event.ignore()  # not the field's: the window's shortcut gets the key
            return True
        return False
