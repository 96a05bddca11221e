"""The window driven with real widgets: typing, ticking, pasting, exporting, undo, prompts."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QMessageBox

from boardtool.gui.document import BoardDocument
from boardtool.gui.fields import focus
from boardtool.gui.main_window import MainWindow
from boardtool.gui.tasks import wait_for_tasks


def _select_case(window, index):
    window.cases.setCurrentRow(index)
    return window.doc.board.cases[index]


def test_fill_a_case_by_typing(empty_window, qtbot):
    win = empty_window
    win.add_case_action.trigger()
    assert len(win.doc.board.cases) == 1
    qtbot.keyClicks(win.editor.widget_for("patient.name"), "Ada Example")
    qtbot.keyClicks(win.editor.widget_for("patient.birth_date"), "1980-02-29")
    qtbot.keyClicks(win.editor.widget_for("question"), "Adjuvant RT after GTR?")
    case = win.doc.board.cases[0]
    assert case.patient.name == "Ada Example"
    assert case.patient.birth_date == dt.date(1980, 2, 29)
    assert case.question == "Adjuvant RT after GTR?"
    assert win.isWindowModified()
    assert "Ada Example" in win.cases.item(0).text()


def test_bad_date_is_marked_at_the_field_and_not_stored(empty_window, qtbot):
    win = empty_window
    win.add_case_action.trigger()
    field = win.editor.widget_for("patient.birth_date")
    qtbot.keyClicks(field, "31.02.1980")
    assert field.property("problem") is True
    assert "YYYY-MM-DD" in field.toolTip()
    assert win.doc.board.cases[0].patient.birth_date is None
    field.clear()
    qtbot.keyClicks(field, "1980-02-01")
    assert field.property("problem") is False


def test_problems_shown_at_field_as_you_type(window, qtbot):
    _select_case(window, 0)
    question = window.editor.widget_for("question")
    question.selectAll()
    qtbot.keyClick(question, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: question.property("problem") is True, timeout=3000)
    assert "every case needs a question" in question.toolTip()
    qtbot.keyClicks(question, "Which dose?")
    qtbot.waitUntil(lambda: question.property("problem") is False, timeout=3000)


def test_tick_modality_opens_its_panel_with_prompts(window, qtbot):
    child = _select_case(window, 1)
    pane = window.editor.discussion
    row = [pane.modalities.item(i).data(Qt.ItemDataRole.UserRole) for i in range(pane.modalities.count())]
    surveillance = pane.modalities.item(row.index("surveillance"))
    assert not pane.panels["surveillance"].isVisibleTo(pane)
    surveillance.setCheckState(Qt.CheckState.Checked)
    assert child.discussion["surveillance"].discussed
    assert pane.panels["surveillance"].isVisibleTo(pane)
    assert "Late relapses" in pane.prompts_shown("surveillance")
    pane.panels["surveillance"].options["mri-schedule"].setChecked(True)
    assert child.discussion["surveillance"].options == ["mri-schedule"]
    assert "Aged 12 months or more" in pane.prompts_shown("radiation")
    assert "Source: COG ACNS0121 (2019)" in pane.panels["radiation"].prompts.toolTip()
    # prompts follow the case facts: make the child an infant, then older
    birth = window.editor.widget_for("patient.birth_date")
    birth.clear()
    qtbot.keyClicks(birth, "2026-02-01")
    assert "Under 12 months" in pane.prompts_shown("radiation")
    assert "Aged 12 months or more" not in pane.prompts_shown("radiation")
    birth.clear()
    qtbot.keyClicks(birth, "2019-01-01")
    assert "Aged 12 months or more" not in pane.prompts_shown("radiation")
    assert "Under 12 months" not in pane.prompts_shown("radiation")
    surveillance.setCheckState(Qt.CheckState.Unchecked)
    assert not child.discussion["surveillance"].discussed
    assert child.discussion["surveillance"].options == ["mri-schedule"]  # nothing lost on untick


def test_modality_panels_come_from_the_catalog(window):
    pane = window.editor.discussion
    assert list(pane.panels) == [s.id for s in window.doc.catalog.modalities]
    for section in window.doc.catalog.modalities:
        assert list(pane.panels[section.id].options) == [o.id for o in section.options]


def test_paste_image_from_clipboard(window, qtbot):
    case = _select_case(window, 0)
    before = len(case.images)
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    QGuiApplication.clipboard().setImage(image)
    window.editor.setCurrentWidget(window.editor.images)
    window.editor.images.list.setFocus()
    qtbot.keyClick(window.editor.images.list, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(case.images) == before + 1
    added = case.images[-1]
    assert window.doc.board.image_data[added.file].startswith(b"\x89PNG")
    assert window.editor.images.list.count() == before + 1
    window.doc.undo_stack.undo()
    assert len(case.images) == before


def test_edit_image_caption(window, qtbot):
    case = _select_case(window, 0)
    window.editor.images.list.setCurrentRow(1)
    caption = window.editor.images.form.editors["caption"].widget
    caption.clear()
    qtbot.keyClicks(caption, "Nodules at T6 and T11")
    assert case.images[1].caption == "Nodules at T6 and T11"


def test_undo_and_redo_drive_the_modified_mark(window, qtbot):
    case = _select_case(window, 0)
    assert not window.isWindowModified()
    field = window.editor.widget_for("primary_site")
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClicks(field, " (left)")
    assert case.primary_site.endswith("(left)")
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert case.primary_site == "Fourth ventricle, left foramen of Luschka"
    assert field.text() == case.primary_site
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert case.primary_site.endswith("(left)")
    assert window.isWindowModified()


def test_unsaved_changes_prompt(window, qtbot, dialogs, tmp_path):
    _select_case(window, 0)
    qtbot.keyClicks(window.editor.widget_for("symptoms"), " Worse at night.")
    dialogs.answers = [QMessageBox.StandardButton.Cancel]
    window.new_action.trigger()
    assert len(window.doc.board.cases) == 3  # still the same board
    assert any("not saved" in text for text in dialogs.asked)
    target = tmp_path / "saved.tboard"
    dialogs.answers = [QMessageBox.StandardButton.Save]
    dialogs.save_paths = [target]
    window.new_action.trigger()
    assert target.exists()
    assert window.doc.board.cases == []
    from boardtool.store import load_board

    assert "Worse at night." in load_board(target).cases[0].symptoms


def test_discard_drops_changes(window, qtbot, dialogs):
    qtbot.keyClicks(window.editor.widget_for("symptoms"), "x")
    dialogs.answers = [QMessageBox.StandardButton.Discard]
    window.new_action.trigger()
    assert window.doc.board.cases == []


def test_drag_to_reorder_cases(window, qtbot):
    ids = [c.id for c in window.doc.board.cases]
    model = window.cases.model()
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    qtbot.waitUntil(lambda: [c.id for c in window.doc.board.cases] == [ids[1], ids[2], ids[0]], timeout=2000)
    assert window.cases.item(2).text().startswith("● 3. Maren Holt")
    window.undo_action.trigger()
    assert [c.id for c in window.doc.board.cases] == ids


def test_add_duplicate_remove_cases(window, dialogs):
    _select_case(window, 0)
    window.duplicate_case_action.trigger()
    assert len(window.doc.board.cases) == 4
    copy = window.doc.board.cases[1]
    assert copy.patient.name == "Maren Holt" and copy.id != window.doc.board.cases[0].id
    dialogs.answers = [QMessageBox.StandardButton.Yes]
    window.remove_case_action.trigger()
    assert len(window.doc.board.cases) == 3


def test_status_change_updates_list(window):
    _select_case(window, 1)
    combo = window.editor.widget_for("status")
    combo.setCurrentIndex(combo.findData("deferred"))
    assert window.doc.board.cases[1].status == "deferred"
    assert "deferred" in window.cases.item(1).text()


def test_preview_refreshes_after_typing(window, qtbot):
    _select_case(window, 0)
    with qtbot.waitSignal(window.preview.refreshed, timeout=15_000):
        qtbot.keyClicks(window.editor.widget_for("symptoms"), " Nausea.")
    assert window.preview.view.page_count() >= 2


def test_export_both_and_read_back(window, qtbot, dialogs, tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    deck, pdf = tmp_path / "week.pptx", tmp_path / "week.pdf"
    dialogs.save_paths = [deck, pdf]
    window.export_both_action.trigger()
    qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)
    assert window.exports.last_error == ""
    assert len(Presentation(str(deck)).slides) > 10
    assert "Maren Holt" in PdfReader(str(pdf)).pages[1].extract_text()
    assert any(text.startswith("Written:") for text in dialogs.asked)


def test_export_of_a_board_with_problems_warns_first(window, qtbot, dialogs, tmp_path):
    window.doc.board.cases[0].question = ""
    target = tmp_path / "draft.pdf"
    dialogs.answers = ["Cancel"]
    dialogs.save_paths = [target]
    window.export_pdf_action.trigger()
    assert not window.exports.running and not target.exists()
    assert any("problem(s) were found" in text for text in dialogs.asked)
    dialogs.answers = ["Export anyway"]
    window.export_pdf_action.trigger()
    qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)
    assert target.exists()


def test_export_failure_is_a_clear_message(window, qtbot, dialogs, tmp_path):
    dialogs.save_paths = [tmp_path / "missing-folder" / "deck.pptx"]
    window.export_deck_action.trigger()
    qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)
    assert "cannot write" in window.exports.last_error
    assert any(text.startswith("Export failed") for text in dialogs.asked)


def test_problem_list_jumps_to_the_field(window, qtbot):
    window.doc.board.cases[1].question = ""
    window.check_now()
    window.show_problems()
    item = window.problem_list.item(0)
    assert item.text().startswith("Case 2 › Question for the board")
    window.problem_list.itemClicked.emit(item)
    assert window.cases.current_case_id() == window.doc.board.cases[1].id
    assert window.editor.currentIndex() == 0
    qtbot.waitUntil(lambda: window.focusWidget() is window.editor.widget_for("question"), timeout=2000)


def test_open_a_broken_file_says_why(window, dialogs, tmp_path):
    bad = tmp_path / "bad.tboard"
    bad.write_bytes(b"not a board")
    assert not window.open_path(bad, asked=True)
    assert any("not a zip archive" in text for text in dialogs.asked)
    assert len(window.doc.board.cases) == 3


def test_save_as_and_reopen(window, dialogs, tmp_path):
    target = tmp_path / "again.tboard"
    dialogs.save_paths = [target]
    window.save_as_action.trigger()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("again.tboard")
    assert window.open_path(target)
    assert len(window.doc.board.cases) == 3
    assert str(target) in window.preferences.recent_files()


def test_finalise_uses_the_users_name(window, preferences):
    preferences.set("user_name", "Dr. Test User")
    case = _select_case(window, 1)
    window.editor.plan.finalise()
    assert case.plan.status == "final" and case.plan.finalised_by == "Dr. Test User"
    assert case.plan.finalised_at is not None


def test_quorum_names_missing_specialties(window):
    assert "Neuropathology" in window.meeting.quorum.text()
    attendees = list(window.doc.board.meeting.attendees)
    attendees[4] = attendees[4].model_copy(update={"present": True})
    window.doc.edit(None, "attendees", attendees)
    assert "every core specialty is present" in window.meeting.quorum.text()


def test_every_action_has_a_shortcut_and_tab_labels(window):
    for action in window.actions():
        assert not action.shortcut().isEmpty(), action.text()
    shortcuts = [a.shortcut().toString() for a in window.actions()]
    assert len(shortcuts) == len(set(shortcuts))
    assert QKeySequence(QKeySequence.StandardKey.Undo).toString() in shortcuts


def test_every_control_a_user_can_reach_has_a_name(window):
    """Screen readers name every focusable control on every page: its accessible name, its text,
    or the label that is its buddy."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QTabBar, QWidget
    from window_geometry import pages

    unnamed, checked = [], 0

    def shown_pages():
        yield from pages(window)  # each page is shown while it is looked at
        yield "left column", window.agenda

    for name, page in shown_pages():
        buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
        for widget in page.findChildren(QWidget):
            if not widget.isVisibleTo(window) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            if isinstance(widget, QTabBar) or type(widget) is QScrollArea:
                continue
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            checked += 1
            if not (widget.accessibleName() or text.strip() or widget in buddies):
                unnamed.append(f"{name}: {type(widget).__name__}")
    assert unnamed == []
    assert checked > 100


def test_focus_helper_switches_tab(window):
    widget = window.editor.widget_for("plan.trial_id")
    focus(widget)
    assert window.editor.currentIndex() == 5


def test_refused_value_keeps_the_typed_text(window, qtbot):
    case = _select_case(window, 0)
    minutes = window.editor.widget_for("minutes")
    minutes.selectAll()
    qtbot.keyClick(minutes, Qt.Key.Key_Delete)
    assert minutes.text() == ""  # not snapped back while the user is typing
    assert minutes.property("problem") is True
    qtbot.keyClicks(minutes, "25")
    assert case.minutes == 25
    assert minutes.property("problem") is False


def test_reorder_and_remove_images(window):
    case = _select_case(window, 0)
    first, second = (img.file for img in case.images)
    pane = window.editor.images
    pane.list.setCurrentRow(1)
    pane.move(1, 0)
    assert [img.file for img in case.images] == [second, first]
    assert pane.list.currentRow() == 0
    pane.remove()
    assert [img.file for img in case.images] == [first]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert [img.file for img in case.images] == [first, second]


def test_adding_a_file_that_is_not_an_image_says_so(window, tmp_path):
    _select_case(window, 0)
    bogus = tmp_path / "notes.png"
    bogus.write_text("not a picture")
    window.editor.images.add_files([bogus])
    assert "not an image" in window.editor.images.message.text()
    assert len(window.doc.board.cases[0].images) == 2


def test_preview_starts_once_the_window_is_drawn(qtbot, preferences, board):
    """The preview's work (its fonts, the first page) waits for the window's first paint, so that
    opening a board shows the window first; a window that is never drawn still gets its preview."""
    shown = MainWindow(preferences, BoardDocument(board))
    qtbot.addWidget(shown)
    assert shown.preview._waiting and shown.preview.view.page_count() == 0
    with qtbot.waitSignal(shown.preview.refreshed, timeout=15_000):
        shown.show()
    assert shown.preview.view.page_count() >= 1
    unseen = MainWindow(preferences, BoardDocument(board))
    qtbot.addWidget(unseen)
    with qtbot.waitSignal(unseen.preview.refreshed, timeout=15_000):
        pass
    assert not unseen.isVisible() and unseen.preview.view.page_count() >= 1
    for win in (shown, unseen):
        win.doc.undo_stack.setClean()
    wait_for_tasks(30_000)
