"""Defaults a coordinator expects, tried in the window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage

from boardtool.gui.app import ask_for_name
from boardtool.gui.case_defaults import board_file_name, next_meeting_day
from window_helpers import activate, retype, select_case, type_over


def test_next_meeting_day():
    friday = dt.date(2026, 11, 27)
    assert next_meeting_day(friday) == dt.date(2026, 11, 30)  # next working day: Monday
    assert next_meeting_day(friday, "Thursday") == dt.date(2026, 12, 3)
    assert next_meeting_day(dt.date(2026, 12, 3), "Thursday") == dt.date(2026, 12, 10)  # not today: next week


def test_new_board_opens_without_problems_and_its_date_is_editable(window, qtbot, preferences, dialogs):
    preferences.set("meeting_day", "Wednesday")
    window.doc.undo_stack.setClean()
    window.new_action.trigger()
    meeting = window.doc.board.meeting
    assert meeting.date is not None and meeting.date > dt.date.today() and meeting.date.weekday() == 2
    assert window.check_now() == []
    assert window.problem_count.text() == "No problems"
    date = window.meeting.form.editors["date"].widget
    assert date.text() == meeting.date.isoformat()
    retype(qtbot, date, "2027-01-13")
    assert window.doc.board.meeting.date == dt.date(2027, 1, 13)


def test_compartment_follows_the_type_and_undo_takes_both_back(window, qtbot):
    case = select_case(window, 0)
    kind = window.editor.widget_for("diagnosis.tumour_type")
    spinal = next(t for t in window.doc.catalog.tumour_types if t.compartment == "spinal")
    kind.setCurrentIndex(kind.findData(spinal.id))
    assert case.diagnosis.tumour_type == spinal.id and case.diagnosis.compartment == "spinal"
    assert window.editor.widget_for("diagnosis.compartment").currentData() == "spinal"
    window.undo_action.trigger()
    assert case.diagnosis.compartment == "posterior fossa" and case.diagnosis.tumour_type != spinal.id


def test_lansky_for_a_child_and_karnofsky_for_an_adult(window, qtbot):
    activate(qtbot, window)
    child = select_case(window, 1)
    window.doc.edit(child.id, "performance", child.performance.model_copy(update={"scale": "", "value": None}))
    score = window.editor.widget_for("performance.value")
    type_over(qtbot, score, "70")
    assert (child.performance.scale, child.performance.value) == ("lansky", 70)
    scale = window.editor.widget_for("performance.scale")
    lansky = window.doc.catalog.scale("lansky")
    assert scale.currentText() == f"Lansky (ages {lansky.min_age}–{lansky.max_age})"
    adult = select_case(window, 0)
    window.doc.edit(adult.id, "performance", adult.performance.model_copy(update={"scale": "", "value": None}))
    type_over(qtbot, score, "80")
    assert adult.performance.scale == "karnofsky"


def test_save_as_suggests_a_name_from_the_meeting(window, dialogs, monkeypatch, tmp_path):
    asked = []
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _t, suggested, _f: asked.append(suggested) or ("", ""))
    window.save_as_action.trigger()
    assert asked and asked[0].endswith("neuro-oncology-tumour-board-2026-12-03.tboard")
    assert all(case.patient.name.split()[-1].lower() not in asked[0].lower() for case in window.doc.board.cases)
    assert board_file_name("", None) == "board.tboard"
    assert board_file_name("../../etc/Board: week 49", None) == "etc-board-week-49.tboard"


def test_added_pasted_image_is_selected_and_the_same_file_twice_says_so(window, qtbot, tmp_path):
    case = select_case(window, 0)
    pane = window.editor.images
    picture = QImage(64, 48, QImage.Format.Format_RGB32)
    picture.fill(QColor("#884422"))
    path = tmp_path / "scan.png"
    picture.save(str(path))
    pane.list.setCurrentRow(0)
    pane.add_files([path])
    assert pane.list.currentRow() == len(case.images) - 1 == 2
    assert pane.form.editors["label"].widget.text() == case.images[2].label
    pane.add_files([path])
    assert len(case.images) == 3 and "already one of this case's key images" in pane.message.text()
    other = QImage(64, 48, QImage.Format.Format_RGB32)
    other.fill(QColor("#224488"))
    QGuiApplication.clipboard().setImage(other)
    pane.list.setCurrentRow(0)
    pane.paste()
    assert pane.list.currentRow() == 3 and case.images[3].label == "Pasted image"


def test_finalise_asks_who_signs_and_marks_the_case_discussed(window, dialogs, preferences):
    case = select_case(window, 2)
    assert preferences.value("user_name") == ""
    dialogs.names = [""]  # cancelled: nothing changes
    window.editor.plan.finalise()
    assert case.plan.status != "final"
    dialogs.names = ["Dr. Aino Virtanen"]
    window.editor.plan.finalise()  # neuropathology is absent for this case and no reason is given
    assert case.plan.status != "final" and dialogs.asked[-1].startswith("Finalise without every core specialty?")
    dialogs.names, dialogs.reasons = ["Dr. Aino Virtanen"], ["Diagnosis agreed in writing by neuropathology"]
    window.editor.plan.finalise()
    assert (case.plan.status, case.plan.finalised_by, case.status) == ("final", "Dr. Aino Virtanen", "discussed")
    assert case.attendance.exception_reason == "Diagnosis agreed in writing by neuropathology"
    assert preferences.value("user_name") == "Dr. Aino Virtanen"
    assert "discussed" in window.cases.item(2).text()
    window.undo_action.trigger()  # one step takes both back
    assert case.plan.status != "final" and case.status != "discussed"


def test_assemble_the_plan_from_the_discussion(window, qtbot):
    case = select_case(window, 1)  # a draft: a final plan changes only by amendment
    window.show_case_tab(5)
    button = next(b for b in window.editor.plan.findChildren(type(window.agenda.meeting_button))
                  if "Assemble" in b.text())
    button.click()
    text = case.plan.recommendation
    titles = [s.title for s in window.doc.catalog.modalities
              if case.discussion.get(s.id) and case.discussion[s.id].discussed and case.discussion[s.id].recommendation]
    assert titles and all(f"{title}:" in text for title in titles)
    assert [text.index(f"{t}:") for t in titles] == sorted(text.index(f"{t}:") for t in titles)
    assert window.editor.widget_for("plan.recommendation").toPlainText() == text
    window.undo_action.trigger()
    assert case.plan.recommendation != text


def test_first_start_asks_for_the_name_once(window, dialogs, preferences):
    dialogs.names = ["Hanna Berg"]
    ask_for_name(window, preferences)
    assert preferences.value("user_name") == "Hanna Berg"
    preferences.set("user_name", "")
    ask_for_name(window, preferences)
    assert sum("Welcome" in text for text in dialogs.asked) == 1


def test_tab_shortcuts_reach_the_case_tabs_from_the_meeting(window, qtbot):
    activate(qtbot, window)
    window.show_meeting()
    title = window.meeting.form.editors["title"].widget
    before = title.text()
    qtbot.keyClick(title, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.centre.currentWidget() is window.editor and window.editor.currentIndex() == 2
    assert title.text() == before
