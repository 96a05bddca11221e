"""Annotating a key image in the window: draw with the mouse, label with the keyboard,
delete, and the whole session is one undoable edit that leaves the picture untouched."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from boardtool.gui.annotate import AnnotateDialog


def _open_annotator(window, qtbot) -> AnnotateDialog:
    window.cases.setCurrentRow(0)
    window.editor.setCurrentWidget(window.editor.images)
    pane = window.editor.images
    pane.list.setCurrentRow(0)
    button = next(b for b in pane.findChildren(QPushButton) if b.text() == "A&nnotate…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = pane.annotator
    qtbot.waitExposed(dialog)
    return dialog


def _point(dialog, fx: float, fy: float) -> QPoint:
    rect = dialog.canvas.picture_rect()
    return QPoint(int(rect.left() + fx * rect.width()), int(rect.top() + fy * rect.height()))


def _tool(dialog, qtbot, text: str) -> None:
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _drag(dialog, qtbot, start, end) -> None:
    canvas = dialog.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=_point(dialog, *start))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=_point(dialog, *end))


def test_draw_label_delete_and_keep_as_one_undoable_edit(window, qtbot):
    case = window.doc.board.cases[0]
    image = case.images[0]
    original = window.doc.board.image_data[image.file]
    steps = window.doc.undo_stack.count()
    dialog = _open_annotator(window, qtbot)

    _drag(dialog, qtbot, (0.8, 0.8), (0.6, 0.6))  # arrow: tail lower right, tip at the nodule
    _tool(dialog, qtbot, "&Circle")
    _drag(dialog, qtbot, (0.5, 0.5), (0.7, 0.75))
    _tool(dialog, qtbot, "&Text label")
    qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=_point(dialog, 0.1, 0.1))
    assert "Type the label" in dialog.message.text()  # no text yet: nothing placed
    qtbot.keyClicks(dialog.text, "New nodule")
    qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=_point(dialog, 0.1, 0.1))
    assert [m.kind for m in dialog.marks] == ["arrow", "circle", "text"]

    dialog.list.setFocus()
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)  # the circle
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert [m.kind for m in dialog.marks] == ["arrow", "text"]
    assert image.annotations == []  # nothing reaches the board before OK

    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    arrow, label = case.images[0].annotations
    assert arrow.x1 > arrow.x2 and arrow.y1 > arrow.y2  # drawn from the tail to the tip
    assert abs(arrow.x2 - 0.6) < 0.02 and abs(arrow.y2 - 0.6) < 0.02
    assert label.text == "New nodule" and abs(label.x1 - 0.1) < 0.02
    assert window.doc.undo_stack.count() == steps + 1
    assert window.doc.board.image_data[image.file] == original  # the picture is never changed

    window.doc.undo_stack.undo()
    assert case.images[0].annotations == []
    window.doc.undo_stack.redo()
    assert [m.kind for m in case.images[0].annotations] == ["arrow", "text"]


def test_cancel_and_slips_change_nothing(window, qtbot):
    case = window.doc.board.cases[0]
    steps = window.doc.undo_stack.count()
    dialog = _open_annotator(window, qtbot)
    _drag(dialog, qtbot, (0.5, 0.5), (0.505, 0.5))  # a slip of the hand, not an arrow
    assert dialog.marks == [] and "further" in dialog.message.text()
    _drag(dialog, qtbot, (0.2, 0.2), (0.4, 0.4))
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo inside the dialog
    assert dialog.marks == []
    _drag(dialog, qtbot, (0.2, 0.2), (0.4, 0.4))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert case.images[0].annotations == []
    assert window.doc.undo_stack.count() == steps
