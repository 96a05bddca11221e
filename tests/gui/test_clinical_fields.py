"""The window keeps working with the clinical fields: staging dates, structured marker
results with free text beside, timing problems shown at the field as you type."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from window_helpers import activate


def _select_case(window, index):
    window.cases.setCurrentRow(index)
    return window.doc.board.cases[index]


def test_early_csf_is_marked_at_its_date_field(window, qtbot):
    child = _select_case(window, 1)
    field = window.editor.widget_for("staging.csf_cytology.date")
    field.selectAll()
    qtbot.keyClicks(field, "2026-10-29")
    assert child.staging.csf_cytology.date == dt.date(2026, 10, 29)
    qtbot.waitUntil(lambda: field.property("problem") is True, timeout=3000)
    assert "2 days after surgery" in field.toolTip()
    field.selectAll()
    qtbot.keyClicks(field, "2026-11-13")
    qtbot.waitUntil(lambda: field.property("problem") is False, timeout=3000)
    assert child.staging.csf_cytology.result == "positive"  # the result beside the date is kept


def test_marker_result_is_chosen_from_the_model_labels(window, qtbot):
    adult = _select_case(window, 0)
    table = window.editor.tables["diagnosis.markers"].table
    headers = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    column = headers.index("Result")
    assert table.item(0, column).text() == "retained"
    activate(qtbot, window)
    table.setFocus()
    table.setCurrentCell(0, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # the list of results opens
    result_box = QApplication.focusWidget()
    assert isinstance(result_box, QComboBox) and result_box.currentText() == "retained"
    qtbot.keyClicks(result_box, "lost")
    qtbot.keyClick(result_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: adult.diagnosis.markers[0].result == "lost", timeout=3000)
    assert table.item(0, column).text() == "lost"
    assert adult.diagnosis.markers[0].name == "H3 K27me3"
    detail = table.item(4, headers.index("Detail"))
    assert detail.text() == "labelling index 8%"  # free text beside the result, in its own column
