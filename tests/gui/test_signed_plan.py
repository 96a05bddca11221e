"""A signed plan in the window: who was present and the deferral are locked with the plan;
finalising without the exception's reason says why nothing happened; the communication lines
give the name its room; the amendment form fits a laptop screen and a 1.5 scale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QPushButton
from test_record_window import plan_tab
from window_helpers import activate, select_case, untick_for_case

from boardtool.gui.amend_dialog import AmendDialog


def test_who_was_present_and_the_deferral_are_locked_on_a_final_plan(window, qtbot):
    case = select_case(window, 0)
    assert case.plan.status == "final"
    pane = plan_tab(window)
    away = list(case.attendance.away)
    for title in ("Attendance for this case", "Deferral", "Consensus", "Sign-off"):
        assert not pane.boxes[title].isEnabled(), title
    people = pane.attendance.people
    activate(qtbot, window)
    people.setFocus()
    people.setCurrentRow(0)
    qtbot.keyClick(people, Qt.Key.Key_Space)
    assert case.attendance.away == away  # nothing changed without an amendment
    assert not window.doc.undo_stack.canUndo()


def test_finalise_with_an_empty_reason_says_the_plan_stays_a_draft(window, qtbot, dialogs, preferences, monkeypatch):
    preferences.set("user_name", "Dr. Paul Lindqvist")
    case = select_case(window, 1)
    pane = plan_tab(window)
    untick_for_case(qtbot, window, pane, "Dr. Felix Amsel")  # the neurosurgeon left for this case
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("   ", True))  # OK, nothing typed
    pane.finalise_button.click()
    assert case.plan.status == "draft"
    assert any(text.startswith("Plan not finalised") for text in dialogs.asked)


def test_the_name_of_who_tells_the_patient_has_more_room_than_its_date(window, qtbot):
    window.resize(1366, 768)
    select_case(window, 1)
    plan_tab(window)
    qtbot.wait(50)
    who = window.editor.widget_for("plan.tell_patient.who")
    due = window.editor.widget_for("plan.tell_patient.due")
    assert who.width() > 2 * due.width()
    assert due.width() >= due.fontMetrics().horizontalAdvance("2026-12-31")


def test_the_amendment_form_fits_the_screen_and_keeps_its_buttons_in_view(window, qtbot):
    case = select_case(window, 0)
    dialog = AmendDialog(case.plan, [], "Dr. Paul Lindqvist", window)
    qtbot.addWidget(dialog)
    screen = window.screen().availableGeometry()
    dialog.show()
    qtbot.wait(50)
    assert dialog.height() <= screen.height() - 40 and dialog.width() <= screen.width()
    record = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Record amendment")
    assert record.isVisible() and record.geometry().bottom() < dialog.height()
    actions = dialog.actions
    assert actions.horizontalHeader().sectionSize(2) >= actions.fontMetrics().horizontalAdvance("Due (YYYY-MM-DD)")
    assert not actions.verticalScrollBar().isVisible()  # every action and the free row are in view
    assert not actions.horizontalScrollBar().isVisible()  # and every column, the due date's last
    assert actions.columnViewportPosition(2) + actions.columnWidth(2) <= actions.viewport().width()
