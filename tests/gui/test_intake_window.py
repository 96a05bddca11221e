"""File › Import from FHIR… and File › Add DICOM image…, used as a coordinator would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pydicom.data import get_testdata_file

FHIR_DATA = Path(__file__).resolve().parents[1] / "data" / "fhir"
FICTIONAL = FHIR_DATA / "fictional" / "Bundle-fictional-ependymoma.json"
JENNY = FHIR_DATA / "mcode" / "Bundle-mcode-patient-bundle-jenny-m.json"


def open_fhir_review(window, qtbot, dialogs, *paths):
    dialogs.open_paths = list(paths)
    assert window.import_fhir_action.shortcut() == QKeySequence("Ctrl+Shift+I")
    window.import_fhir_action.trigger()
    dialog = window.fhir_dialog
    qtbot.waitUntil(dialog.accept_button.isEnabled, timeout=30_000)
    return dialog


def fill_case_one(dialog, qtbot) -> None:
    """Choose, with the keyboard, to fill case 1 instead of adding a case; wait for the new review."""
    dialog.target.setFocus()
    qtbot.keyClick(dialog.target, Qt.Key.Key_Down)  # "Fill case 1 — …"
    qtbot.waitUntil(lambda: dialog.accept_button.isEnabled() and "existing" in dialog.values.topLevelItem(0).text(1),
                    timeout=30_000)


def row_named(dialog, field: str):
    return next(r for r in dialog._rows() if r.text(0) == field)


def test_review_then_import_checked_values_in_one_undo_step(window, qtbot, dialogs):
    count = len(window.doc.board.cases)
    dialog = open_fhir_review(window, qtbot, dialogs, FICTIONAL)
    mrn = row_named(dialog, "MRN")
    assert mrn.text(1) == "FX-204-118" and mrn.text(2) == "Patient/fict-ep-1"
    assert "SHA-256" in mrn.toolTip(0) and FICTIONAL.name in mrn.toolTip(0)
    dialog.values.setFocus()
    dialog.values.setCurrentItem(mrn, 0)
    qtbot.keyClick(dialog.values, Qt.Key.Key_Space)
    assert mrn.checkState(0) == Qt.CheckState.Unchecked
    skipped = [dialog.skipped.item(i).text() for i in range(dialog.skipped.count())]
    assert "Otitis media — a comorbidity recorded as resolved" in skipped
    assert len(window.doc.board.cases) == count  # nothing entered before accepting
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    case = window.doc.board.cases[-1]
    assert len(window.doc.board.cases) == count + 1
    assert case.patient.name == "Mila Fictive" and case.patient.mrn == ""
    assert case.diagnosis.tumour_type == "pfa" and len(case.history) == 5
    assert window.cases.current_case_id() == case.id
    last = window.cases.model().index(len(window.doc.board.cases) - 1, 0)
    assert window.cases.visualRect(last).height() > 0  # the list shows the new case, not only holds it
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert len(window.doc.board.cases) == count
    window.redo_action.trigger()
    assert window.doc.board.cases[-1].patient.name == "Mila Fictive"


def test_cancel_leaves_the_board_alone(window, qtbot, dialogs):
    before = [c.model_dump() for c in window.doc.board.cases]
    dialog = open_fhir_review(window, qtbot, dialogs, JENNY)
    notes = [r.text(3) for r in dialog._rows()]
    assert any("not a tumour type of this board's catalog" in n for n in notes)
    skipped = "\n".join(dialog.skipped.item(i).text() for i in range(dialog.skipped.count()))
    assert "Missing reference target (not in the file): BodyStructure/jenny-m-chest-wall-treatment-volume" in skipped
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert [c.model_dump() for c in window.doc.board.cases] == before
    assert not window.isWindowModified()


def test_filling_the_selected_case_leaves_conflicts_unchecked(window, qtbot, dialogs):
    first = window.doc.board.cases[0]
    dialog = open_fhir_review(window, qtbot, dialogs, FICTIONAL)
    fill_case_one(dialog, qtbot)
    name = row_named(dialog, "Patient name")
    assert name.checkState(0) == Qt.CheckState.Unchecked and "the case has" in name.text(3)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    case = window.doc.board.cases[0]
    assert case.patient.name == first.patient.name
    assert any(e.kind == "radiotherapy" and [v.dose for v in e.volumes] == [59.4] for e in case.history)
    assert case.provenance and not first.provenance
    window.undo_action.trigger()
    assert window.doc.board.cases[0].model_dump() == first.model_dump()


def test_invalid_fhir_is_a_message_in_the_dialog(window, qtbot, dialogs, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", "birthDate": "soon"}}]}')
    dialogs.open_paths = [broken]
    window.import_fhir_action.trigger()
    dialog = window.fhir_dialog
    qtbot.waitUntil(lambda: "Cannot import" in dialog.status.text(), timeout=30_000)
    assert "broken.json" in dialog.status.text() and "birthDate" in dialog.status.text()
    assert not dialog.accept_button.isEnabled()
    dialog.reject()


def open_viewer(window, dialogs, name: str):
    dialogs.open_paths = [Path(get_testdata_file(name))]
    window.cases.setCurrentRow(0)
    window.add_dicom_action.trigger()
    return window.dicom_viewer


def test_add_ct_slice_with_a_chosen_window(window, qtbot, dialogs):
    case_id = window.doc.board.cases[0].id
    before = len(window.doc.board.cases[0].images)
    viewer = open_viewer(window, dialogs, "CT_small.dcm")
    first = viewer.rendering.pixels.copy()
    viewer.presets.setFocus()
    qtbot.keyClick(viewer.presets, Qt.Key.Key_Down)  # soft tissue
    qtbot.waitUntil(lambda: viewer.rendering.window == "soft tissue (40/400)", timeout=5_000)
    assert (viewer.rendering.pixels != first).any()  # the preview follows the window
    qtbot.keyClicks(viewer.label, "Axial CT, soft tissue")
    qtbot.mouseClick(viewer.add_button, Qt.MouseButton.LeftButton)
    images = window.doc.board.case_by_id(case_id).images
    assert len(images) == before + 1 and images[-1].label == "Axial CT, soft tissue"
    assert window.doc.board.image_data[images[-1].file].startswith(b"\x89PNG")
    window.undo_action.trigger()
    assert len(window.doc.board.case_by_id(case_id).images) == before


def test_custom_window_typed_into_the_fields(window, qtbot, dialogs):
    viewer = open_viewer(window, dialogs, "CT_small.dcm")
    viewer.width.selectAll()
    qtbot.keyClicks(viewer.width, "1500")
    qtbot.keyClick(viewer.width, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: viewer.rendering.window == "window (40/1500)", timeout=5_000)
    assert viewer.presets.currentText() == "custom window"
    viewer.reject()


def test_ultrasound_needs_the_look_confirmed(window, qtbot, dialogs):
    viewer = open_viewer(window, dialogs, "examples_ybr_color.dcm")
    assert viewer.frame.value() == 15 and not viewer.add_button.isEnabled()
    assert "does not say whether identifiers are burned" in viewer.warning.text()
    viewer.frame.setFocus()
    qtbot.keyClick(viewer.frame, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: viewer.rendering.frame == 15, timeout=5_000)
    viewer.confirm.setFocus()
    qtbot.keyClick(viewer.confirm, Qt.Key.Key_Space)
    assert viewer.add_button.isEnabled()
    qtbot.mouseClick(viewer.add_button, Qt.MouseButton.LeftButton)
    assert window.doc.board.cases[0].images[-1].no_identifiers_confirmed


@pytest.mark.parametrize(("name", "said"), [("rtdose.dcm", "RT dose"), ("MR_truncated.dcm", "cannot be decoded")])
def test_unusable_dicom_is_a_message(window, dialogs, name, said):
    dialogs.open_paths = [Path(get_testdata_file(name))]
    window.cases.setCurrentRow(0)
    before = len(window.doc.board.cases[0].images)
    window.add_dicom_action.trigger()
    if name == "MR_truncated.dcm":  # opens; the preview says why it cannot be drawn
        viewer = window.dicom_viewer
        assert said in viewer.preview.text() and not viewer.add_button.isEnabled()
        viewer.reject()
    else:
        assert any(said in asked for asked in dialogs.asked)
    assert len(window.doc.board.cases[0].images) == before


def test_series_folder_pick_the_slice(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    folder = Path(get_testdata_file("CT_small.dcm")).parent / "dicomdirtests" / "77654033" / "CT2"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    window.cases.setCurrentRow(1)
    assert window.add_dicom_series_action.shortcut() == QKeySequence("Ctrl+Alt+M")
    window.add_dicom_series_action.trigger()
    viewer = window.dicom_viewer
    assert viewer.slice.maximum() == len(viewer.files) > 1
    start = viewer.slice.value()
    viewer.slice.setFocus()
    qtbot.keyClick(viewer.slice, Qt.Key.Key_Left)
    assert viewer.slice.value() == start - 1
    assert viewer.image.path == viewer.files[start - 2]
    assert viewer.slice.count_label.text() == f"{start - 1} of {len(viewer.files)}"
    before = len(window.doc.board.cases[1].images)
    qtbot.mouseClick(viewer.add_button, Qt.MouseButton.LeftButton)
    assert len(window.doc.board.cases[1].images) == before + 1


def test_filling_a_case_with_another_patients_file_shows_a_warning(window, qtbot, dialogs):
    first = window.doc.board.cases[0]
    dialog = open_fhir_review(window, qtbot, dialogs, JENNY)
    fill_case_one(dialog, qtbot)
    assert first.patient.name in dialog.values.topLevelItem(0).text(1)
    assert "⚠" in dialog.status.text() and f"differs from {first.patient.name}" in dialog.status.text()
    dialog.reject()
