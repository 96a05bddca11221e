"""Never show a value that is not stored: a refused value keeps its mark, counts as a problem,
and Save, Export and Finalise warn about it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from window_helpers import activate, retype, select_case, type_over, wait_for_checks


def test_refused_date_keeps_its_mark_after_editing_another_field(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    born = case.patient.birth_date
    birth = window.editor.widget_for("patient.birth_date")
    type_over(qtbot, birth, "2020-02-30")
    wait_for_checks(window, qtbot)
    assert birth.property("problem") is True
    retype(qtbot, window.editor.widget_for("patient.mrn"), "MRN-0042")
    wait_for_checks(window, qtbot)
    assert case.patient.mrn == "MRN-0042"
    assert case.patient.birth_date == born  # the board keeps the stored date …
    assert birth.text() == "2020-02-30"  # … and the field says plainly that it was not taken
    assert birth.property("problem") is True and "was not accepted" in birth.toolTip()
    assert "No problems" not in window.problem_count.text()
    assert "1 value(s) not accepted" in window.problem_count.text()
    window.show_problems()
    listed = [window.problem_list.item(i).text() for i in range(window.problem_list.count())]
    assert any("Date of birth" in text and "2020-02-30" in text for text in listed)
    retype(qtbot, birth, "2020-02-03")
    wait_for_checks(window, qtbot)
    assert case.patient.birth_date == dt.date(2020, 2, 3)
    assert birth.property("problem") is False
    assert "not accepted" not in window.problem_count.text()


def test_refused_value_survives_switching_cases_and_undo_shows_the_stored_value(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    birth = window.editor.widget_for("patient.birth_date")
    type_over(qtbot, birth, "1990-13-01")
    wait_for_checks(window, qtbot)
    select_case(window, 1)
    assert birth.text() == window.doc.board.cases[1].patient.birth_date.isoformat()
    assert birth.property("problem") is not True
    select_case(window, 0)
    assert birth.text() == "1990-13-01" and birth.property("problem") is True
    primary = window.editor.widget_for("primary_site")
    retype(qtbot, primary, "Posterior fossa")
    assert birth.text() == "1990-13-01"
    type_over(qtbot, birth, "1990-12-01")
    assert case.patient.birth_date == dt.date(1990, 12, 1)
    window.undo_action.trigger()  # back to the date stored before
    assert birth.text() == case.patient.birth_date.isoformat() != "1990-12-01"
    assert birth.property("problem") is False


def test_meeting_time_and_minutes(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    start = window.meeting.form.editors["start_time"].widget
    retype(qtbot, start, "7:30")
    assert window.doc.board.meeting.start_time == dt.time(7, 30)  # as typed on a clock
    type_over(qtbot, start, "25:10")
    wait_for_checks(window, qtbot)
    retype(qtbot, window.meeting.form.editors["chair"].widget, "Dr. Oda Brenner")
    wait_for_checks(window, qtbot)
    assert window.doc.board.meeting.start_time == dt.time(7, 30)
    assert start.text() == "25:10" and start.property("problem") is True
    minutes = window.editor.widget_for("minutes")
    retype(qtbot, minutes, "500")
    wait_for_checks(window, qtbot)
    assert case.minutes == 500 and minutes.text() == "500"  # stored as shown, and flagged
    assert minutes.property("problem") is True and "not a slot" in minutes.toolTip()


def test_save_export_and_finalise_warn_about_values_not_accepted(window, qtbot, dialogs, tmp_path):
    activate(qtbot, window)
    case = select_case(window, 0)
    type_over(qtbot, window.editor.widget_for("patient.birth_date"), "31/02/2019")  # no such day
    dialogs.answers = [QMessageBox.StandardButton.Cancel]
    dialogs.save_paths = [tmp_path / "kept.tboard"]
    window.save_action.trigger()
    assert not (tmp_path / "kept.tboard").exists()
    assert any("hold a value that was not accepted" in text and "31/02/2019" in text for text in dialogs.asked)
    dialogs.answers = ["Save anyway"]
    window.save_action.trigger()
    assert (tmp_path / "kept.tboard").exists()
    dialogs.asked.clear()
    dialogs.answers = ["Cancel"]
    window.export_pdf_action.trigger()
    assert any("was not accepted" in text and "export shows the previous value" in text for text in dialogs.asked)
    dialogs.asked.clear()
    window.preferences.set("user_name", "Dr. Test User")
    window.doc.edit(case.id, "plan.status", "draft")
    dialogs.answers = [QMessageBox.StandardButton.Cancel]
    window.editor.plan.finalise()
    assert case.plan.status == "draft"
    assert any("Finalise anyway?" in text and "31/02/2019" in text for text in dialogs.asked)


def test_combo_boxes_show_exactly_the_stored_value(window, qtbot):
    case = select_case(window, 0)
    window.doc.edit(case.id, "performance.scale", "whoqol")  # as a board from elsewhere may hold
    scale = window.editor.widget_for("performance.scale")
    assert scale.currentData() == "whoqol" and "not in the list" in scale.currentText()
    window.doc.edit(case.id, "performance.scale", "")
    assert scale.currentText() == "—"
    assert all("not in the list" not in scale.itemText(i) for i in range(scale.count()))
