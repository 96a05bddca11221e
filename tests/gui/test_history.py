"""The treatment history as a form per event: the kind is chosen first and the fields follow it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from window_helpers import activate, select_case, type_into_cell, type_over, wait_for_checks


def _add(window, name: str) -> None:
    pane = window.editor.history
    button = next(b for b in pane.findChildren(QPushButton) if b.text() == f"Add {name.lower()}")
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


def _choose(qtbot, table, row: int, col: int, data) -> None:
    """Open a choice cell with F2, move to the wanted entry with the arrow keys, take it with Enter."""
    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    target = combo.findData(data)
    assert target >= 0, data
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState, timeout=3000)


def test_a_radiotherapy_course_typed_volume_by_volume(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 2)
    window.show_case_tab(2)
    pane = window.editor.history
    before = len(case.history)
    _add(window, "Radiotherapy")
    assert len(case.history) == before + 1 and case.history[-1].kind == "radiotherapy"
    assert window.focusWidget() is pane.form.editors["date"].widget  # the cursor waits in the date
    volumes = pane.tables["volumes"]
    assert volumes.isVisibleTo(pane) and not _shown(pane, "resection") and not _shown(pane, "regimen")
    qtbot.keyClicks(pane.form.editors["date"].widget, "2026-01-12")
    widget = pane.form.editors["end_date"].widget
    widget.setFocus()
    qtbot.keyClicks(widget, "2026-02-20")
    for _ in range(2):  # craniospinal axis plus a boost
        volumes.add_button.click()
    headers = [c.header for c in volumes.columns]
    for row, (target, region, dose, fractions) in enumerate((("Craniospinal axis", "", "36", "20"),
                                                             ("Tumour bed boost", "Posterior fossa", "23.4", "13"))):
        type_into_cell(qtbot, volumes.table, row, headers.index("Target"), target)
        if region:
            type_into_cell(qtbot, volumes.table, row, headers.index("Region"), region)
        type_into_cell(qtbot, volumes.table, row, headers.index("Dose"), dose)
        type_into_cell(qtbot, volumes.table, row, headers.index("Fractions"), fractions)
        _choose(qtbot, volumes.table, row, headers.index("Unit"), "Gy(RBE)")
        _choose(qtbot, volumes.table, row, headers.index("Modality"), "proton")
    event = case.history[-1]
    assert (event.date, event.end_date) == (dt.date(2026, 1, 12), dt.date(2026, 2, 20))
    assert [(v.target, v.region, v.dose, v.fractions, v.unit, v.modality) for v in event.volumes] == [
        ("Craniospinal axis", "", 36.0, 20, "Gy(RBE)", "proton"),
        ("Tumour bed boost", "Posterior fossa", 23.4, 13, "Gy(RBE)", "proton")]
    assert pane.list.currentItem().text().startswith("2026-01-12 · Radiotherapy: Craniospinal axis: 36 Gy(RBE) / 20 fr")
    wait_for_checks(window, qtbot)
    assert volumes.table.item(0, headers.index("Dose")).text() == "36"


def test_changing_the_kind_clears_the_old_kinds_fields_in_one_undo_step(window, qtbot):
    case, pane, radiotherapy = _show_radiotherapy(window, qtbot)
    assert case.history[radiotherapy].volumes
    pane.kind.setFocus()
    pane.kind.setCurrentIndex(pane.kind.findData("chemotherapy"))
    event = case.history[radiotherapy]
    assert event.kind == "chemotherapy" and event.volumes == [] and event.date is not None
    assert _shown(pane, "regimen") and not pane.tables["volumes"].isVisibleTo(pane)
    type_over(qtbot, pane.form.editors["regimen"].widget, "Carboplatin and vincristine")
    assert case.history[radiotherapy].regimen == "Carboplatin and vincristine"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert case.history[radiotherapy].kind == "radiotherapy" and case.history[radiotherapy].volumes
    assert pane.kind.currentData() == "radiotherapy" and pane.tables["volumes"].isVisibleTo(pane)


def test_a_dose_that_is_not_a_number_keeps_its_mark(window, qtbot):
    case, pane, radiotherapy = _show_radiotherapy(window, qtbot)
    volumes = pane.tables["volumes"]
    column = [c.header for c in volumes.columns].index("Dose")
    stored = case.history[radiotherapy].volumes[0].dose
    type_into_cell(qtbot, volumes.table, 0, column, "59.4x")
    wait_for_checks(window, qtbot)
    assert case.history[radiotherapy].volumes[0].dose == stored
    pane.list.setCurrentRow(0 if radiotherapy else 1)  # look at another event, then come back
    pane.list.setCurrentRow(radiotherapy)
    assert volumes.table.item(0, column).text() == "59.4x"
    assert any(r.text == "59.4x" for r in window.doc.refused.values())  # counted until it is fixed
    type_into_cell(qtbot, volumes.table, 0, column, "59.4")
    assert case.history[radiotherapy].volumes[0].dose == 59.4
    assert not any(r.text == "59.4x" for r in window.doc.refused.values())


def test_surgery_shows_procedure_and_post_operative_mri(window, qtbot):
    case, pane, _ = _show_radiotherapy(window, qtbot)
    surgery = next(i for i, e in enumerate(case.history) if e.kind == "surgery")
    pane.list.setCurrentRow(surgery)
    assert _shown(pane, "procedure") and _shown(pane, "resection") and _shown(pane, "postop_mri")
    assert not pane.tables["volumes"].isVisibleTo(pane) and pane.tables["toxicities"].isVisibleTo(pane)
    type_over(qtbot, pane.form.editors["postop_mri"].widget, "2031-01-01")
    assert case.history[surgery].postop_mri == dt.date(2031, 1, 1)


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
    from boardtool.gui.history_pane import COMMON_FIRST, COMMON_LAST, EVERY_KIND_TABLES, KIND_FIELDS
    from boardtool.model.board import TreatmentEvent

    declared = [spec.path for spec in (*COMMON_FIRST, *COMMON_LAST, *EVERY_KIND_TABLES)]
    declared += [spec.path for specs in KIND_FIELDS.values() for spec in specs]
    assert sorted(set(declared) - set(TreatmentEvent.model_fields)) == []
    assert set(KIND_FIELDS) == set(TreatmentEvent.model_fields["kind"].annotation.__args__)
