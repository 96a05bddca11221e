"""Driving the window as a user does: keys into cells, waits for the checks after a pause."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit


def select_case(window, index):
    window.cases.setCurrentRow(index)
    return window.doc.board.cases[index]


def activate(qtbot, window) -> None:
    """Make the window the active one, so that the keyboard focus can go to its fields."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def type_into_cell(qtbot, table, row: int, col: int, text: str, clear: bool = True) -> None:
    """Open the cell's editor with F2, type, and press Enter, as a user does."""
    activate(qtbot, table.window())
    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), f"no cell editor opened at row {row + 1}, column {col + 1}"
    if clear:
        editor.selectAll()
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    completer = editor.completer()
    if completer is not None and completer.popup().isVisible():  # keep what was typed, not a suggestion
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Escape)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the view commits the editor's text on its next turn of the event loop
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState, timeout=3000)


def wait_for_checks(window, qtbot) -> None:
    """Wait until the board-wide checks that follow a pause in typing have run."""
    qtbot.waitUntil(lambda: not window.checks.timer.isActive(), timeout=3000)


def retype(qtbot, widget, text: str) -> None:
    """Select what a field holds and type something else over it."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def type_over(qtbot, widget, text: str) -> None:
    """Select what a field holds and type over it (the first key replaces the selection)."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def untick_for_case(qtbot, window, plan_pane, name: str) -> int:
    """Untick an attendee in the Plan tab's list of who was present for the case, with the
    keyboard; return the attendee's row."""
    people = plan_pane.attendance.people
    activate(qtbot, window)
    people.setFocus()
    row = next(i for i in range(people.count()) if people.item(i).text().startswith(name))
    people.setCurrentRow(row)
    qtbot.keyClick(people, Qt.Key.Key_Space)
    return row
