"""The treatment history as a form per event: the kind is chosen first and the fields follow it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from window_helpers import activate, select_case, type_over, wait_for_checks


def _add(window, name: str) -> None:
    pane = window.editor.history
    button = next(b for b in pane.findChildren(QPushButton) if b.text() == name)
    button.click()


def _shown(pane, path: str) -> bool:
    return pane.form.editors[path].widget.isVisibleTo(pane)


def _show_radiotherapy(window, qtbot):
    """Show the history of the first sample case with its radiotherapy course selected."""
    activate(qtbot, window)
    case = select_case(window, 0)
    window.show_case_tab(2)
    pane = window.editor.history
    radiotherapy = next(i for i, e in enumerate(case.history) if e.kind == "radiotherapy")
    pane.list.setCurrentRow(radiotherapy)
    return case, pane, radiotherapy


def test_a_radiotherapy_course_typed_in_its_own_fields(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 2)
    window.show_case_tab(2)
    pane = window.editor.history
    before = len(case.history)
    _add(window, "Radiotherapy")
    assert len(case.history) == before + 1 and case.history[-1].kind == "radiotherapy"
    assert window.focusWidget() is pane.form.editors["date"].widget  # the cursor waits in the date
    assert _shown(pane, "dose_gy") and _shown(pane, "target") and not _shown(pane, "resection")
    assert not _shown(pane, "regimen")
    qtbot.keyClicks(pane.form.editors["date"].widget, "2026-01-12")
    for path, text in (("end_date", "2026-02-20"), ("dose_gy", "54"), ("fractions", "30"),
                       ("technique", "IMRT"), ("target", "Tumour bed")):
        widget = pane.form.editors[path].widget
        widget.setFocus()
        qtbot.keyClicks(widget, text)
    event = case.history[-1]
    assert (event.date, event.end_date, event.dose_gy, event.fractions, event.technique, event.target) == (
        dt.date(2026, 1, 12), dt.date(2026, 2, 20), 54.0, 30, "IMRT", "Tumour bed")
    assert pane.list.currentItem().text() == "2026-01-12 · Radiotherapy: 54 Gy / 30 fr, Tumour bed"
    wait_for_checks(window, qtbot)
    assert pane.form.editors["dose_gy"].widget.property("problem") is not True


def test_changing_the_kind_clears_the_old_kinds_fields_in_one_undo_step(window, qtbot):
    case, pane, radiotherapy = _show_radiotherapy(window, qtbot)
    assert case.history[radiotherapy].dose_gy is not None
    pane.kind.setFocus()
    pane.kind.setCurrentIndex(pane.kind.findData("chemotherapy"))
    event = case.history[radiotherapy]
    assert event.kind == "chemotherapy" and event.dose_gy is None and event.target == "" and event.date is not None
    assert _shown(pane, "regimen") and not _shown(pane, "dose_gy")
    type_over(qtbot, pane.form.editors["regimen"].widget, "Carboplatin and vincristine")
    assert case.history[radiotherapy].regimen == "Carboplatin and vincristine"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert case.history[radiotherapy].kind == "radiotherapy" and case.history[radiotherapy].dose_gy is not None
    assert pane.kind.currentData() == "radiotherapy" and _shown(pane, "dose_gy")


def test_a_dose_that_is_not_a_number_keeps_its_mark(window, qtbot):
    case, pane, radiotherapy = _show_radiotherapy(window, qtbot)
    dose = pane.form.editors["dose_gy"].widget
    stored = case.history[radiotherapy].dose_gy
    type_over(qtbot, dose, "59.4x")
    wait_for_checks(window, qtbot)
    pane.list.setCurrentRow(0 if radiotherapy else 1)  # look at another event, then come back
    pane.list.setCurrentRow(radiotherapy)
    assert dose.text() == "59.4x" and dose.property("problem") is True
    assert case.history[radiotherapy].dose_gy == stored
    dose.setFocus()
    qtbot.keyClick(dose, Qt.Key.Key_End)
    qtbot.keyClick(dose, Qt.Key.Key_Backspace)
    assert case.history[radiotherapy].dose_gy == 59.4 and dose.property("problem") is False


def test_problems_of_another_event_are_listed_under_the_events(window, qtbot):
    case = select_case(window, 0)
    window.show_case_tab(2)
    pane = window.editor.history
    _add(window, "Chemotherapy")  # no date, no regimen: two problems
    pane.list.setCurrentRow(0)
    window.check_now()
    assert f"History event {len(case.history)}" in pane.message.text()
    assert pane.message.isVisibleTo(pane)


def test_every_declared_field_is_a_field_of_the_event():
    from boardtool.gui.history_pane import COMMON_FIRST, COMMON_LAST, KIND_FIELDS
    from boardtool.model.board import TreatmentEvent

    declared = [spec.path for spec in (*COMMON_FIRST, *COMMON_LAST)]
    declared += [spec.path for specs in KIND_FIELDS.values() for spec in specs]
    assert sorted(set(declared) - set(TreatmentEvent.model_fields)) == []
    assert set(KIND_FIELDS) == set(TreatmentEvent.model_fields["kind"].annotation.__args__)
