"""Every field of the board's model can be edited in the window, or is left out for a reason
written here; the clinical fields added last are typed into as a coordinator would."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Union, get_args, get_origin

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from boardtool.gui.fields import focus
from boardtool.model.board import Board, Case, Meeting, Record
from window_helpers import activate, select_case, type_into_cell, wait_for_checks

FICTIONAL = Path(__file__).resolve().parents[1] / "data" / "fhir" / "fictional" / "Bundle-fictional-ependymoma.json"
# Fields with no editor of their own, and why.
CASE_EXCLUDED = {
    "id": "the case's stable identifier, made by boardtool and never shown",
    "provenance": "where imported values came from: shown on hover over each field, never typed",
    "images.*.file": "the picture's bytes, added with Add images, Paste, drag and drop or a DICOM file",
}
BOARD_EXCLUDED = {
    "schema_version": "the file format's version, written by boardtool",
    "disease": "the catalog the board is made for, fixed when the board is created",
    "image_data": "the key images' bytes, edited as pictures in the Images tab",
    "meeting": "walked field by field below",
    "cases": "walked field by field below",
}
# Lists of records that are edited as a whole by a dialog rather than field by field.
EDITED_WHOLE = {
    "images.*.annotations": "arrows, circles and labels drawn over the picture in the annotation dialog",
    "plan.amendments": "recorded by Amend plan… with who, when, why and each change; never typed",
}


def _inner(annotation):
    """Return the type inside ``X | None``."""
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [a for a in get_args(annotation) if a is not type(None)]
        return kept[0] if len(kept) == 1 else annotation
    return annotation


def _record(annotation):
    return isinstance(annotation, type) and issubclass(annotation, Record)


def leaf_paths(model: type[Record], prefix: str = "") -> list[str]:
    """Return the path of every leaf field of a model, '*' standing for a list index or a dict key."""
    paths = []
    for name, field in model.model_fields.items():
        path = prefix + name
        kind = _inner(field.annotation)
        args = get_args(kind)
        if path in EDITED_WHOLE:
            paths.append(path)
        elif _record(kind):
            paths += leaf_paths(kind, path + ".")
        elif get_origin(kind) is list and args and _record(args[0]):
            paths += leaf_paths(args[0], path + ".*.")
        elif get_origin(kind) is dict and args and _record(args[-1]):
            paths += leaf_paths(args[-1], path + ".*.")
        else:
            paths.append(path)
    return paths


def concrete(case: Case, path: str) -> list[str]:
    """Return the real paths of a case that a generic path stands for."""
    if "*" not in path:
        return [path]
    head, _, rest = path.partition(".*")
    value = case
    for part in head.split("."):
        value = value[int(part)] if isinstance(value, list) else getattr(value, part)
    keys = list(value) if isinstance(value, dict) else range(len(value))
    return [p for key in keys for p in concrete(case, f"{head}.{key}{rest}")]


def shows_editor(window, widget) -> bool:
    if widget is None:
        return False
    focus(widget)
    QApplication.processEvents()
    return widget.isVisible() and bool(widget.accessibleName() or getattr(widget, "text", str)())


def test_every_model_field_has_an_editor_or_a_reason(window, qtbot):
    case = select_case(window, 0)
    editor = window.editor
    qtbot.mouseClick(editor.tnm.add_button, Qt.MouseButton.LeftButton)  # TNM opens with one row
    editor.history.add_event("chemotherapy")
    assert len(case.staging.tnm) == 1 and case.history[-1].kind == "chemotherapy"
    assert {k for k, v in Board.model_fields.items()} == set(BOARD_EXCLUDED)
    missing = []
    for path in leaf_paths(Case):
        if any(path == x or path.startswith(x + ".") for x in CASE_EXCLUDED):
            continue
        paths = concrete(case, path)
        assert paths, f"the test case has no {path} to look at"
        if not any(shows_editor(window, editor.editor_for(p)) for p in paths):
            missing.append(path)
    for path in leaf_paths(Meeting):
        concrete_path = path.replace("*", "0")
        if not shows_editor(window, window.meeting.editor_for(concrete_path)):
            missing.append(f"meeting.{path}")
    assert missing == []


def test_a_nested_path_never_counts_as_its_parent(window):
    select_case(window, 0)
    assert window.editor.editor_for("staging.mri_brain") is None  # a record, not a field
    assert window.editor.editor_for("staging.mri_brain.colour") is None
    assert window.editor.editor_for("history.1.volumes.0.colour") is None


def _choose(qtbot, box: QComboBox, typed: str) -> None:
    """Pick an entry of a list field by typing its first letters, as from the keyboard."""
    box.setFocus()
    qtbot.keyClicks(box, typed)


def test_diagnostic_state_and_central_review_from_the_keyboard(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 2)
    state = window.editor.widget_for("diagnosis.state")
    labels = [state.itemText(i) for i in range(state.count())]
    assert labels[0].startswith("Suspected (radiological")  # the model's label table
    _choose(qtbot, state, "Sus")
    assert case.diagnosis.state == "suspected"
    review = window.editor.widget_for("diagnosis.central_review")
    _choose(qtbot, review, "req")
    assert case.diagnosis.central_review == "requested"
    assert review.currentText() == "requested"
    window.undo_action.trigger()
    assert case.diagnosis.central_review is None and review.currentText() == "—"


def test_each_examination_reads_as_one_line_with_its_result(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 2)
    for exam, typed, result in (("mri_brain", "2026-11-02", "neg"), ("mri_spine", "3.11.2026", "eq"),
                                ("csf_cytology", "20 Nov 2026", "not")):
        date = window.editor.widget_for(f"staging.{exam}.date")
        box = window.editor.widget_for(f"staging.{exam}.result")
        assert date.parentWidget() is box.parentWidget()  # the same line of the form
        assert abs(date.mapToGlobal(date.rect().center()).y() - box.mapToGlobal(box.rect().center()).y()) <= 2
        focus(date)
        date.selectAll()
        qtbot.keyClicks(date, typed)
        qtbot.keyClick(date, Qt.Key.Key_Tab)  # on to the result of the same examination
        assert QApplication.focusWidget() is box
        qtbot.keyClicks(box, result)
    exams = case.staging
    assert (exams.mri_brain.result, exams.mri_spine.result, exams.csf_cytology.result) == ("negative", "equivocal", "not_done")
    assert str(exams.mri_spine.date) == "2026-11-03" and str(exams.csf_cytology.date) == "2026-11-20"
    assert window.editor.widget_for("staging.mri_spine.date").text() == "2026-11-03"  # shown as the board writes it


def test_tnm_is_hidden_until_added_then_typed_into(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    block = window.editor.tnm
    window.show_case_tab(1)
    assert not block.table.isVisible() and block.add_button.isVisible()
    qtbot.mouseClick(block.add_button, Qt.MouseButton.LeftButton)
    assert block.table.isVisible() and not block.add_button.isVisible()
    table = block.table.table
    headers = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    type_into_cell(qtbot, table, 0, headers.index("T"), "T2")
    type_into_cell(qtbot, table, 0, headers.index("Stage group"), "IIA")
    table.setCurrentCell(0, headers.index("Basis"))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    basis = QApplication.focusWidget()
    assert isinstance(basis, QComboBox)
    qtbot.keyClicks(basis, "Path")
    qtbot.keyClick(basis, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: case.staging.tnm[0].basis == "pathologic", timeout=3000)
    assert (case.staging.tnm[0].t, case.staging.tnm[0].group) == ("T2", "IIA")
    assert table.item(0, headers.index("Basis")).text() == "Pathologic"
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)  # removes the row
    assert case.staging.tnm == []
    assert not block.table.isVisible() and block.add_button.isVisible()


def test_examination_result_problem_lands_on_the_result(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 1)
    result = window.editor.widget_for("staging.csf_cytology.result")
    focus(result)
    qtbot.keyClick(result, Qt.Key.Key_Home)  # the first entry: no result
    assert case.staging.csf_cytology.result is None and case.staging.csf_cytology.date is not None
    wait_for_checks(window, qtbot)
    assert result.property("problem") is True and "record its result" in result.toolTip()
    assert window.editor.widget_for("staging.csf_cytology.date").property("problem") is not True
    _jump_to(window, qtbot, "staging.csf_cytology.result")
    assert QApplication.focusWidget() is result


def _jump_to(window, qtbot, path: str) -> None:
    """Open the problem list with F8 and activate the problem at ``path`` with Enter."""
    window.show_case_tab(0)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    problems = window.problem_list
    rows = [problems.item(i).data(Qt.ItemDataRole.UserRole).path for i in range(problems.count())]
    problems.setCurrentRow(rows.index(path))
    qtbot.keyClick(problems, Qt.Key.Key_Return)


def test_volume_dose_problem_lands_on_its_cell(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    history = window.editor.history
    course = next(i for i, e in enumerate(case.history) if e.kind == "radiotherapy")
    history.list.setCurrentRow(course)
    table = history.tables["volumes"].table
    dose = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())].index("Dose")
    type_into_cell(qtbot, table, 0, dose, "")
    assert case.history[course].volumes[0].dose is None
    history.list.setCurrentRow(0)  # another event is selected when the jump is asked for
    wait_for_checks(window, qtbot)
    _jump_to(window, qtbot, f"history.{course}.volumes.0.dose")
    assert history.list.currentRow() == course
    assert QApplication.focusWidget() is table
    assert (table.currentRow(), table.currentColumn()) == (0, dose)
    cell = table.item(0, dose)
    assert "enter the dose" in cell.toolTip() and cell.background().style() != Qt.BrushStyle.NoBrush
    type_into_cell(qtbot, table, 0, dose, "54")
    wait_for_checks(window, qtbot)
    assert table.item(0, dose).toolTip() == "" and table.item(0, dose).background().style() == Qt.BrushStyle.NoBrush


def test_quorum_specialties_are_typed_on_the_meeting_page(window, qtbot):
    activate(qtbot, window)
    window.show_meeting()
    field = window.meeting.editor_for("quorum_specialties")
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Neurosurgery")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClicks(field, "Neuroradiology")
    assert window.doc.board.meeting.quorum_specialties == ["Neurosurgery", "Neuroradiology"]
    assert "Quorum" in window.meeting.quorum.text()


def test_imported_values_name_their_source_on_hover(window, qtbot, dialogs):
    activate(qtbot, window)
    dialogs.open_paths = [FICTIONAL]
    window.import_fhir_action.trigger()
    dialog = window.fhir_dialog
    qtbot.waitUntil(dialog.accept_button.isEnabled, timeout=30_000)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    case = window.doc.board.cases[-1]
    assert window.cases.current_case_id() == case.id
    name = window.editor.widget_for("patient.name")
    assert "Source: Imported" in name.toolTip() and "Patient/" in name.toolTip() and "SHA-256" in name.toolTip()
    question = window.editor.widget_for("question")
    assert "Source:" not in question.toolTip()  # nothing imported it
    markers = window.editor.tables["diagnosis.markers"].table
    assert markers.rowCount() and "Source: Imported" in markers.item(0, 0).toolTip()
    # a field that holds an imported value and a problem says both, the problem first
    birth = window.editor.widget_for("patient.birth_date")
    focus(birth)
    birth.selectAll()
    qtbot.keyClicks(birth, "31.02.2019")
    tip = birth.toolTip()
    assert tip.index("was not accepted") < tip.index("Source: Imported")
    assert "<p>" in tip  # written as paragraphs, so that long lines wrap
