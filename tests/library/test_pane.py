"""The library pane driven as a user: keyboard in worklists, meetings, dialogs; both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QRadioButton

import dataset
from boardtool.gui.document import BoardDocument
from boardtool.gui.library_dialogs import CompareDialog, FollowUpDialog
from boardtool.gui.main_window import MainWindow
from boardtool.gui.settings import Preferences
from boardtool.gui.tasks import wait_for_tasks
from boardtool.library.core import Library
from boardtool.library.followup import current
from boardtool.library.meetings import add_board, open_meeting, take_case
from boardtool.library.saving import save_meeting
from boardtool.library.worklists import worklist

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def messages(monkeypatch):
    said = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, title, text, *a, **k: said.append(f"{title}: {text}"))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or QMessageBox.StandardButton.Discard)
    return said


@pytest.fixture
def window(qtbot, tmp_path, library_url, messages, monkeypatch):
    monkeypatch.delenv("BOARDTOOL_LIBRARY_URL", raising=False)
    preferences = Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    preferences.set("library_url", library_url)
    preferences.set("user_name", "Dr. Window User")
    win = MainWindow(preferences, BoardDocument())
    qtbot.addWidget(win)
    win.resize(1400, 860)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.doc.undo_stack.setClean()
    if win.library_pane.library is not None:
        win.library_pane.library.close()
    wait_for_tasks(30_000)


@pytest.fixture
def other(library_url):
    """The same library as another coordinator's boardtool sees it."""
    with Library.open(library_url) as library:
        yield library


def show_pane(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_ALT)
    pane = window.library_pane
    qtbot.waitUntil(lambda: pane.isVisible() and pane.library is not None, timeout=5000)
    return pane


def choose_worklist(pane, qtbot, name: str) -> None:
    combo = pane.lists
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(list(dict.fromkeys(combo.itemData(i) for i in range(combo.count()))).index(name)):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == name


def when_modal(qtbot, handle) -> list:
    """Run ``handle(dialog)`` as soon as a modal dialog is shown; return what it raised, if anything."""
    failures = []

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        try:
            handle(dialog)
        except Exception as exc:  # reported by the test, not swallowed by Qt's event loop
            failures.append(exc)
            dialog.reject()

    QTimer.singleShot(20, poll)
    return failures


def test_a_referred_case_is_scheduled_from_the_worklist_by_keyboard(window, qtbot, other):
    add_board(other, dataset.board(None, [dataset.case(1), dataset.case(2)]), referred=True)
    pane = show_pane(window, qtbot)
    choose_worklist(pane, qtbot, "referred")
    assert pane.table.rowCount() == 2 and pane.table.item(0, 0).text() == "Test Patient 1"
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert [c.id for c in window.doc.board.cases] == ["case000002"]
    date = window.meeting.form.widget_for("date")  # a new board starts on the next meeting day
    date.setFocus()
    date.selectAll()
    qtbot.keyClicks(date, "2026-06-04")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_ALT)
    qtbot.waitUntil(lambda: pane.table.rowCount() == 1, timeout=5000)
    assert [item.case_id for item in worklist(other, "referred")] == ["case000001"]
    assert not window.isWindowModified()
    assert [pane.meetings.item(m).text() for m in range(pane.meetings.count())] == [
        "4 Jun 2026 — Neuro-oncology tumour board (1 case(s))"]


def test_open_a_meeting_edit_and_save_back(window, qtbot, other, board):
    meeting_id = add_board(other, board)
    pane = show_pane(window, qtbot)
    pane.meetings.setFocus()
    pane.meetings.setCurrentRow(0)
    qtbot.keyClick(pane.meetings, Qt.Key.Key_Return)
    assert [c.id for c in window.doc.board.cases] == [c.id for c in board.cases]
    window.cases.setCurrentRow(1)
    question = window.editor.widget_for("question")
    qtbot.keyClick(question, Qt.Key.Key_End)
    qtbot.keyClicks(question, " Typed in the window.")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_ALT)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=5000)
    stored, version, _ = take_case(other, board.cases[1].id)
    assert stored.question.endswith("Typed in the window.") and version == 2
    from boardtool.library.audit import events_for

    edit = events_for(other.engine, board.cases[1].id)[-1]
    assert (edit["action"], edit["who"]) == ("edit", "Dr. Window User") and "question" in edit["detail"]
    assert pane.earlier.text() == "No earlier recommendation in the library."  # case 2's plan is a draft
    window.cases.setCurrentRow(0)
    assert board.cases[0].plan.recommendation in pane.earlier.text()
    assert open_meeting(other, meeting_id).case_versions[board.cases[0].id] == 1


@pytest.mark.parametrize("choice", ["Take theirs", "Keep mine"])
def test_a_conflicting_save_opens_compare_and_choose(window, qtbot, other, board, choice):
    meeting_id = add_board(other, board)
    pane = show_pane(window, qtbot)
    pane.open_meeting(meeting_id)
    theirs = open_meeting(other, meeting_id)
    theirs.board.cases[0].question = "Saved meanwhile by a colleague."
    save_meeting(other, theirs)
    window.cases.setCurrentRow(0)
    question = window.editor.widget_for("question")
    question.selectAll()
    qtbot.keyClicks(question, "My own question.")
    seen = {}

    def choose(dialog):
        assert isinstance(dialog, CompareDialog)
        table = dialog.findChildren(type(pane.table))[0]
        seen["rows"] = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
                        for r in range(table.rowCount())}
        ok = dialog.buttons.buttons()[0]
        seen["ok before"] = ok.isEnabled()
        (radio,) = [b for b in dialog.findChildren(QRadioButton) if b.text() == choice]
        radio.setFocus()
        qtbot.keyClick(radio, Qt.Key.Key_Space)
        seen["ok after"] = ok.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    failures = when_modal(qtbot, choose)
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_ALT)
    assert not failures, failures
    assert seen["rows"]["question"] == ("My own question.", "Saved meanwhile by a colleague.")
    assert (seen["ok before"], seen["ok after"]) == (False, True)
    stored, version, _ = take_case(other, board.cases[0].id)
    expected = "Saved meanwhile by a colleague." if choice == "Take theirs" else "My own question."
    assert stored.question == expected == window.doc.board.cases[0].question
    assert version == (2 if choice == "Take theirs" else 3)  # taking theirs leaves nothing to write
    if choice == "Take theirs":  # nothing lost: my text comes back with Undo
        window.undo_action.trigger()
        assert window.doc.board.cases[0].question == "My own question."


def test_follow_up_is_recorded_in_its_dialog(window, qtbot, other):
    add_board(other, dataset.board(dt.date.today() - dt.timedelta(days=120), [dataset.case(1, final=True)]))
    pane = show_pane(window, qtbot)
    choose_worklist(pane, qtbot, "follow-up")
    assert pane.table.rowCount() == 1 and pane.table.item(0, 4).text() == "implementation"
    steps = []

    def fill(dialog):
        assert isinstance(dialog, FollowUpDialog)
        implemented = dialog.implemented
        implemented.setFocus()
        qtbot.keyClicks(implemented, "no")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # no reason yet: refused in the dialog
        steps.append(dialog.message.text())
        reason = dialog.findChild(QLineEdit)
        qtbot.keyClicks(reason, "Patient chose another centre")
        three = dialog.responses[3]
        three.setFocus()
        qtbot.keyClicks(three, "SD")
        qtbot.keyClick(reason, Qt.Key.Key_Return)

    failures = when_modal(qtbot, fill)
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert not failures, failures
    assert "say why" in steps[0]
    with other.reading() as connection:
        state = current(connection, "case000001")
    assert (state.implemented, state.reason, state.responses[3]) == ("no", "Patient chose another centre", "SD")
    assert pane.table.rowCount() == 0


def test_a_returning_patient_starts_from_the_last_case(window, qtbot, other, board):
    add_board(other, board)
    pane = show_pane(window, qtbot)

    def type_mrn(dialog):
        line = dialog.findChild(QLineEdit)
        qtbot.keyClicks(line, board.cases[0].patient.mrn)
        qtbot.keyClick(line, Qt.Key.Key_Return)

    failures = when_modal(qtbot, type_mrn)
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL_ALT)
    assert not failures, failures
    (case,) = window.doc.board.cases
    assert case.patient == board.cases[0].patient and case.diagnosis == board.cases[0].diagnosis
    assert case.id != board.cases[0].id and case.question == ""
    assert all(image.file in window.doc.board.image_data for image in case.images) and case.images
    assert board.cases[0].plan.recommendation in pane.earlier.text()
    assert "Maren Holt" in window.cases.item(0).text()


def test_an_unusable_library_is_a_message_not_a_crash(window, qtbot, messages):
    window.preferences.set("library_url", "postgresql://board:secret@127.0.0.1/none")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_ALT)
    pane = window.library_pane
    qtbot.waitUntil(lambda: "Library not available" in pane.where.text(), timeout=5000)
    assert "pgpass" in pane.where.text() and "secret" not in pane.where.text()
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_ALT)
    assert messages and "pgpass" in messages[-1]


def test_a_deferred_case_is_relisted_on_the_open_board(window, qtbot, other):
    add_board(other, dataset.board(dt.date(2026, 5, 7), [dataset.case(1, status="deferred"), dataset.case(2)]))
    pane = show_pane(window, qtbot)
    choose_worklist(pane, qtbot, "deferred")
    assert (pane.table.rowCount(), pane.table.item(0, 3).text(), pane.table.item(0, 4).text()) == (
        1, "14 May 2026", "re-list")
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    (case,) = window.doc.board.cases
    assert (case.id, case.status) == ("case000001", "to_discuss")
    qtbot.keyClicks(window.meeting.form.widget_for("date"), "2026-05-14")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_ALT)
    qtbot.waitUntil(lambda: pane.table.rowCount() == 0, timeout=5000)
    assert [item.case_id for item in worklist(other, "this-meeting", dt.date(2026, 5, 8))] == ["case000001"]
