"""Moving to another case never leaves the previous patient's details on screen: a case with no
key images or no treatment history shows empty, disabled details, not those last shown."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _go_to_case(window, qtbot, index: int) -> None:
    window.cases.setFocus()
    while window.cases.currentRow() != index:
        key = Qt.Key.Key_Down if window.cases.currentRow() < index else Qt.Key.Key_Up
        qtbot.keyClick(window.cases, key)


def _from_a_case_with(window, qtbot, what: str, pane) -> int:
    """Show the tab of ``pane`` for a case that has ``what``; return the index of one that has none."""
    cases = window.doc.board.cases
    _go_to_case(window, qtbot, next(i for i, c in enumerate(cases) if getattr(c, what)))
    window.editor.setCurrentWidget(pane)
    return next(i for i, c in enumerate(cases) if not getattr(c, what))


def test_a_case_without_images_shows_no_image_details_of_the_case_before(window, qtbot):
    pane = window.editor.images
    without = _from_a_case_with(window, qtbot, "images", pane)
    with_images = window.cases.currentRow()
    cases = window.doc.board.cases
    label = pane.form.editors["label"].widget
    assert label.text() == cases[with_images].images[0].label != ""
    _go_to_case(window, qtbot, without)
    assert pane.list.count() == 0 and not pane.details.isEnabled()
    assert label.text() == ""
    assert pane.form.editors["caption"].widget.toPlainText() == ""
    assert not pane.form.editors["no_identifiers_confirmed"].widget.isChecked()


def test_a_case_without_history_shows_no_event_of_the_case_before(window, qtbot):
    pane = window.editor.history
    without = _from_a_case_with(window, qtbot, "history", pane)
    shown = {path: editor.text() for path, editor in pane.form.editors.items()}
    assert any(shown.values())
    _go_to_case(window, qtbot, without)
    assert not pane.details.isEnabled()
    assert {p: e.text() for p, e in pane.form.editors.items() if e.text() not in ("", "—", "no")} == {}
    assert all(table.table.rowCount() == 0 for table in pane.tables.values())


def test_a_table_shows_its_rows_without_scrolling(window, qtbot):
    cases = window.doc.board.cases
    index, case = max(enumerate(cases), key=lambda pair: len(pair[1].diagnosis.markers))
    assert len(case.diagnosis.markers) >= 4
    _go_to_case(window, qtbot, index)
    window.editor.setCurrentIndex(1)  # Diagnosis
    qtbot.wait(50)
    markers = window.editor.tables["diagnosis.markers"].table
    assert markers.rowCount() == len(case.diagnosis.markers)
    assert not markers.verticalScrollBar().isVisible()
    assert markers.viewport().height() >= sum(markers.rowHeight(r) for r in range(markers.rowCount()))


def test_another_case_is_shown_from_the_top_of_the_tab(window, qtbot):
    window.resize(1366, 768)
    _go_to_case(window, qtbot, 0)
    window.editor.setCurrentIndex(1)  # Diagnosis: taller than the window
    qtbot.wait(50)
    area = window.editor.currentWidget()
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    _go_to_case(window, qtbot, 1)
    assert window.editor.currentWidget() is area and bar.value() == 0
