"""Typing into every table of the window with the keyboard: cells are stored, marked and kept."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from window_helpers import activate, select_case, type_into_cell, wait_for_checks


def _activate(window, qtbot):
    activate(qtbot, window)


def test_attendee_cells_take_typed_text(window, qtbot):
    _activate(window, qtbot)
    table = window.meeting.attendees
    before = len(window.doc.board.meeting.attendees)
    table.add_button.click()
    row = table.table.rowCount() - 1
    type_into_cell(qtbot, table.table, row, 0, "Dr. Ines Marlow")
    type_into_cell(qtbot, table.table, row, 3, "Fellow")
    attendees = window.doc.board.meeting.attendees
    assert len(attendees) == before + 1
    assert (attendees[-1].name, attendees[-1].role) == ("Dr. Ines Marlow", "Fellow")
    assert table.table.item(row, 0).text() == "Dr. Ines Marlow"
    # a new attendee's specialty shows exactly what is stored: nothing yet
    assert attendees[-1].specialty == "" and table.table.item(row, 1).text() == "—"
    table.table.setFocus()
    table.table.setCurrentCell(row, 1)
    qtbot.keyClick(table.table, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox) and combo.currentText() == "—"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    chosen = combo.currentData()
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.board.meeting.attendees[-1].specialty == chosen != "", timeout=3000)
    assert table.table.item(row, 1).text() == chosen
    present = table.table.item(row, 2)
    table.table.setCurrentCell(row, 2)
    qtbot.keyClick(table.table, Qt.Key.Key_Space)  # Space ticks and unticks presence
    assert window.doc.board.meeting.attendees[-1].present is (present.checkState() == Qt.CheckState.Checked) is False


def test_marker_cells_offer_catalog_names_and_mark_a_bad_date(window, qtbot):
    _activate(window, qtbot)
    case = select_case(window, 0)
    table = window.editor.tables["diagnosis.markers"]
    table.add_button.click()
    row = table.table.rowCount() - 1
    table.table.setCurrentCell(row, 0)
    qtbot.keyClick(table.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    completer = editor.completer()
    assert completer is not None
    assert set(completer.model().stringList()) == set(window.doc.catalog.marker_names)
    qtbot.keyClicks(editor, "ZFTA")
    assert completer.popup().isVisible()  # offered while typing
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)  # take the suggestion
    offered = editor.text()
    assert offered in window.doc.catalog.marker_names and "ZFTA" in offered
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.table.state() != table.table.State.EditingState, timeout=3000)
    headers = [c.header for c in table.columns]
    method, date = headers.index("Method"), headers.index("Date")
    type_into_cell(qtbot, table.table, row, method, "IHC")
    type_into_cell(qtbot, table.table, row, date, "2024-02-30")
    marker = case.diagnosis.markers[row]
    assert (marker.name, marker.method, marker.date) == (offered, "IHC", None)
    wait_for_checks(window, qtbot)
    cell = table.table.item(row, date)
    assert cell.text() == "2024-02-30" and cell.background().color().isValid()
    assert "was not accepted" in table.message.text()
    type_into_cell(qtbot, table.table, row, date, "2024-02-20")
    assert case.diagnosis.markers[row].date == dt.date(2024, 2, 20)
    wait_for_checks(window, qtbot)
    assert "was not accepted" not in table.message.text()


def test_metastatic_site_cells(window, qtbot):
    _activate(window, qtbot)
    case = select_case(window, 1)
    table = window.editor.tables["metastatic_sites"]
    before = len(case.metastatic_sites)
    table.add_button.click()
    row = table.table.rowCount() - 1
    for col, text in enumerate(("Spinal cord, T6", "2025-01-10", "MRI whole spine")):
        type_into_cell(qtbot, table.table, row, col, text)
    site = case.metastatic_sites[-1]
    assert len(case.metastatic_sites) == before + 1
    assert (site.site, site.detected, site.evidence) == ("Spinal cord, T6", dt.date(2025, 1, 10), "MRI whole spine")


def test_action_cells_and_tab_leaves_the_table(window, qtbot):
    _activate(window, qtbot)
    case = select_case(window, 1)  # a draft plan: a final one changes by amendment
    table = window.editor.plan.actions
    table.add_button.click()
    row = table.table.rowCount() - 1
    for col, text in enumerate(("Book planning MRI", "Neuroradiology", "2026-12-20")):
        type_into_cell(qtbot, table.table, row, col, text)
    action = case.plan.actions[-1]
    assert (action.what, action.who, action.due) == ("Book planning MRI", "Neuroradiology", dt.date(2026, 12, 20))
    table.table.setFocus()
    table.table.setCurrentCell(0, 0)
    qtbot.keyClick(table.table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not table.table and not table.table.isAncestorOf(focused)


def test_every_table_survives_typing_and_enter_in_each_text_cell(window, qtbot):
    """Each text cell of each table: type, Enter; no item may be used after it was deleted."""
    _activate(window, qtbot)
    select_case(window, 1)  # a draft plan: a final one changes by amendment
    tables = [window.meeting.attendees, *window.editor.tables.values()]
    for table in tables:
        if table.table.rowCount() == 0:
            table.add_button.click()
        for col, column in enumerate(table.columns):
            if column.kind in ("text", "date"):
                text = "2025-03-04" if column.kind == "date" else f"typed {column.header}"
                type_into_cell(qtbot, table.table, 0, col, text)
                assert table.table.item(0, col).text() == text, (table.title, column.header)
                stored = table.records()[0]
                expected = dt.date(2025, 3, 4) if column.kind == "date" else text
                assert getattr(stored, column.field) == expected, (table.title, column.header)
        assert all(table.table.cellWidget(0, c) is None for c in range(len(table.columns)))


def test_an_attendee_absent_when_the_board_opens_can_be_ticked_present(window, qtbot):
    _activate(window, qtbot)
    attendees = window.doc.board.meeting.attendees
    row = next(i for i, a in enumerate(attendees) if not a.present)  # the sample's absent neuropathologist
    table = window.meeting.attendees.table
    cell = table.item(row, 2)
    assert cell.data(Qt.ItemDataRole.CheckStateRole) is not None  # an empty box is drawn, not nothing
    assert cell.flags() & Qt.ItemFlag.ItemIsUserCheckable
    table.setFocus()
    table.setCurrentCell(row, 2)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # arrived late
    assert window.doc.board.meeting.attendees[row].present is True
    assert table.item(row, 2).checkState() == Qt.CheckState.Checked


def test_an_ampersand_in_the_meeting_title_is_shown_not_taken_as_a_shortcut(window, qtbot):
    from PySide6.QtGui import QKeySequence

    window.doc.edit(None, "title", "Müller & Søren")
    window.agenda.refresh()
    text = window.agenda.meeting_button.text()
    assert "Müller && Søren" in text  # drawn as one '&'
    assert QKeySequence.mnemonic(text).isEmpty()
