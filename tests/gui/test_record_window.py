"""The record in the window, used with the keyboard: the Plan tab's guideline, communication,
attendance for the case and deferral; Finalise with a missing specialty; amending a final
plan; and File › Export one PDF per patient."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_helpers import activate, retype, select_case, type_into_cell, untick_for_case, wait_for_checks

from boardtool.gui.amend_dialog import AmendDialog
from boardtool.gui.tasks import wait_for_tasks


def plan_tab(window):
    window.editor.setCurrentIndex(5)
    return window.editor.plan


def field(window, path: str):
    return window.editor.widget_for(path)


def choose_with_keys(qtbot, box, label: str) -> None:
    """Pick an entry of a drop-down list with the arrow keys, as a user does."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.count()):
        if box.currentText() == label:
            return
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == label


def date_marked_then_corrected(window, qtbot, path: str, wrong: str, right: str, message: str) -> None:
    """Type a date the checks refuse, see the mark after the pause, type a good one, see it go."""
    widget = field(window, path)
    retype(qtbot, widget, wrong)
    wait_for_checks(window, qtbot)
    assert message in widget.toolTip()  # the check that runs after typing
    retype(qtbot, widget, right)
    wait_for_checks(window, qtbot)
    assert message not in widget.toolTip()


def test_typing_the_record_of_a_draft_plan(window, qtbot):
    case = select_case(window, 1)
    plan_tab(window)
    activate(qtbot, window)
    choose_with_keys(qtbot, field(window, "plan.guideline"), "EANO 2018")
    retype(qtbot, field(window, "plan.dissent"), "Dr. Osei favoured chemotherapy first")
    retype(qtbot, field(window, "plan.tell_referrer.who"), "Dr. Nadia Osei by telephone")
    date_marked_then_corrected(window, qtbot, "plan.tell_referrer.due", "2026-12-01", "2026-12-04",
                               "due before the meeting")
    assert case.plan.guideline == "eano2018"
    assert case.plan.dissent == "Dr. Osei favoured chemotherapy first"
    assert case.plan.tell_referrer.who == "Dr. Nadia Osei by telephone"
    retype(qtbot, field(window, "plan.patient_preferences"), "Parents ask for the nearest proton centre")
    wait_for_checks(window, qtbot)
    assert case.plan.patient_preferences == "Parents ask for the nearest proton centre"


def test_deferral_reason_and_relist_date_are_typed(window, qtbot):
    case = select_case(window, 2)
    plan_tab(window)
    activate(qtbot, window)
    retype(qtbot, field(window, "deferral.reason"), "MRI review pending")
    date_marked_then_corrected(window, qtbot, "deferral.relist_on", "2026-11-30", "2027-01-07",
                               "listed again after this meeting")
    assert case.deferral.reason == "MRI review pending"
    assert str(case.deferral.relist_on) == "2027-01-07"


def test_attendance_for_a_case_and_finalise_with_a_missing_specialty(window, qtbot, dialogs, preferences):
    preferences.set("user_name", "Dr. Paul Lindqvist")
    case = select_case(window, 1)
    pane = plan_tab(window)
    people = pane.attendance.people
    row = untick_for_case(qtbot, window, pane, "Dr. Felix Amsel")  # the neurosurgeon left for this case
    assert case.attendance.away == ["Dr. Felix Amsel", "Dr. Ilse Varga"]  # in the order of the attendees
    assert "Not present for this case: Neurosurgery" in pane.attendance.quorum.text()
    assert pane.attendance.quorum.objectName() == "problemText"
    assert "Dr. Felix Amsel" in people.item(row).text()  # the list was rebuilt after the edit
    dialogs.reasons = [""]
    pane.finalise_button.click()  # no reason given: not final
    assert case.plan.status == "draft"
    dialogs.reasons = ["The neurosurgeon reviewed the plan before the meeting"]
    pane.finalise_button.click()
    assert case.plan.status == "final"
    assert case.attendance.exception_reason == "The neurosurgeon reviewed the plan before the meeting"
    assert not pane.boxes["Consensus"].isEnabled() and pane.amend_button.isEnabled()
    quorum = pane.attendance.quorum  # the absence is excused now: said as a fact, no longer as a problem
    assert quorum.objectName() == "hint" and not quorum.text().startswith("⚠")
    assert "Neurosurgery" in quorum.text() and "reason for the exception is below" in quorum.text()
    wait_for_checks(window, qtbot)
    assert not [p for p in window.check_now() if p.case_index == 1 and p.path.startswith("attendance")]
    window.undo_action.trigger()  # one step takes finalising and the reason back
    assert case.plan.status == "draft" and case.attendance.exception_reason == ""
    assert pane.boxes["Consensus"].isEnabled()


def test_amending_a_final_plan_keeps_the_original(window, qtbot, monkeypatch, preferences):
    preferences.set("user_name", "Dr. Paul Lindqvist")
    case = select_case(window, 0)
    original = case.plan.recommendation
    pane = plan_tab(window)
    assert not field(window, "plan.recommendation").isEnabled()  # a final plan is not edited in place

    def fill_in(dialog):
        dialog.show()
        qtbot.keyClicks(dialog.reason, "Patient declined craniospinal irradiation")
        text = dialog.texts["recommendation"]
        text.setFocus()
        text.selectAll()
        qtbot.keyClicks(text, "Focal proton boosts to the spinal nodules only.")
        type_into_cell(qtbot, dialog.actions, len(case.plan.actions), 0, "Palliative care referral")
        type_into_cell(qtbot, dialog.actions, len(case.plan.actions), 1, "Dr. Ilse Varga")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(AmendDialog, "exec", fill_in)
    pane.amend_button.click()
    assert case.plan.recommendation == "Focal proton boosts to the spinal nodules only."
    latest = case.plan.amendments[-1]
    assert latest.by == "Dr. Paul Lindqvist" and latest.reason == "Patient declined craniospinal irradiation"
    changed = {c.field: c for c in latest.changes}
    assert changed["recommendation"].before == original
    assert changed["actions"].after == "Palliative care referral — Dr. Ilse Varga"
    assert "Patient declined craniospinal irradiation" in pane.history.text()
    assert case.plan.status == "final"


def test_an_amendment_without_a_reason_is_not_recorded(window, qtbot, monkeypatch, preferences):
    preferences.set("user_name", "Dr. Paul Lindqvist")
    case = select_case(window, 0)
    before = case.plan.model_copy(deep=True)
    seen = []

    def no_reason(dialog):
        dialog.show()
        dialog.texts["recommendation"].setPlainText("Something else")
        dialog.accept()
        seen.append(dialog.error.text())
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(AmendDialog, "exec", no_reason)
    plan_tab(window).amend_button.click()
    assert seen == ["Not recorded: an amendment records who made it and why"]
    assert case.plan == before


@pytest.mark.parametrize("letters", [False, True])
def test_export_one_pdf_per_patient_from_the_file_menu(window, qtbot, dialogs, tmp_path, letters):
    dialogs.folders = [tmp_path / "out"]
    action = window.export_letters_action if letters else window.export_per_case_action
    assert action.shortcut().toString() in ("Ctrl+Alt+P", "Ctrl+Alt+O")
    action.trigger()
    assert wait_for_tasks(30_000)
    qtbot.waitUntil(lambda: not window.exports.running, timeout=10_000)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    suffix = "-letter.pdf" if letters else ".pdf"
    assert names == [f"TB-2026-{n}{suffix}" for n in (1, 2, 3)]
    first = " ".join(page.extract_text() for page in PdfReader(tmp_path / "out" / f"TB-2026-1{suffix}").pages)
    assert "Maren Holt" in first and "Elio" not in first
    assert any("Export finished" in a or "Written" in a for a in dialogs.asked)
    assert QApplication.activeModalWidget() is None
