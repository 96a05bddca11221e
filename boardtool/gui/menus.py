"""The window's actions, their shortcuts, menus and tool bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut


def _action(window, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    """Return a window action with its shortcuts and tips."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    action.setToolTip(tip or text.replace("&", "").rstrip("…"))
    action.setStatusTip(action.toolTip())
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def make_actions(window) -> None:
    """Give the window its actions (as attributes), the tab shortcuts, its menus and tool bar."""
    key = QKeySequence.StandardKey
    a = lambda *args, **kwargs: _action(window, *args, **kwargs)
    window.new_action = a("&New board", window.new_board, key.New)
    window.open_action = a("&Open…", window.open_dialog, key.Open)
    window.save_action = a("&Save", window.save, key.Save)
    window.save_as_action = a("Save &As…", window.save_as, "Ctrl+Shift+S")
    window.close_action = a("&Close board", window.close_board, "Ctrl+W")
    window.quit_action = a("&Quit", window.close, "Ctrl+Q")
    window.undo_action = a("&Undo", lambda: window.doc.undo_stack.undo(), key.Undo)
    window.redo_action = a("&Redo", lambda: window.doc.undo_stack.redo(), [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.add_case_action = a("&Add case", window.add_case, "Ctrl+Shift+N", "Add a case to the agenda")
    window.duplicate_case_action = a("&Duplicate case", window.duplicate_case, "Ctrl+D", "Duplicate the selected case")
    window.remove_case_action = a("&Remove case", window.remove_case, "Ctrl+Shift+Delete", "Remove the selected case")
    window.meeting_action = a("&Meeting…", window.show_meeting, "Ctrl+0", "Edit the meeting and its attendees")
    window.check_action = a("&Check problems", window.show_problems, "F8", "List the board's problems")
    window.export_deck_action = a("Export &deck…", lambda: window.exports.start(deck=True, pdf=False), "Ctrl+E")
    window.export_pdf_action = a("Export &PDF summary…", lambda: window.exports.start(deck=False, pdf=True), "Ctrl+Shift+E")
    window.export_both_action = a("Export &both…", lambda: window.exports.start(deck=True, pdf=True), "Ctrl+Alt+E")
    window.export_per_case_action = a("Export one PDF per pa&tient…", lambda: window.exports.start_per_case(),
                                      "Ctrl+Alt+P", tip="One PDF per case, named by case code, with its attendance "
                                                        "and sign-off lines: each files to one patient's record")
    window.export_letters_action = a("Export outcome &letters…", lambda: window.exports.start_per_case(letters=True),
                                     "Ctrl+Alt+O", tip="One letter per case to its referring clinician")
    window.compact_deck_action = a("Co&mpact deck", lambda on: window.preferences.set("deck", "compact" if on else "full"),
                                   "Ctrl+Alt+D", tip="Export each case's overview and discussion only (the Deck preference)")
    window.compact_deck_action.setCheckable(True)
    window.compact_deck_action.setChecked(window.preferences.value("deck") == "compact")
    window.print_action = a("&Print summary…", window.printing.print_dialog, key.Print)
    window.print_preview_action = a("Print pre&view…", window.printing.preview_dialog, "Ctrl+Shift+P")
    window.preferences_action = a("Pre&ferences…", window.edit_preferences, "Ctrl+,")
    window.sample_action = a("Open &sample board", window.open_sample, "Ctrl+Shift+O")
    window.about_action = a("&About boardtool", window.about, "F1")
    _make_import_actions(window, a)
    for number in range(1, 7):  # Alt+1 … Alt+6: the case editor's tabs, from anywhere in the window
        QShortcut(QKeySequence(f"Alt+{number}"), window, activated=lambda n=number: window.show_case_tab(n - 1))
    make_menus(window)


def _make_import_actions(window, a) -> None:
    def fhir() -> None:
        from boardtool.gui.import_fhir import import_fhir  # loaded when first used: the window opens sooner

        import_fhir(window)

    def dicom(folder: bool = False) -> None:
        from boardtool.gui.dicom_viewer import add_dicom_image

        add_dicom_image(window, folder=folder)

    window.import_fhir_action = a("Import from &FHIR…", fhir, "Ctrl+Shift+I",
                                  "Add cases from FHIR R4 / mCODE bundles, reviewing every value")
    window.add_dicom_action = a("Add &DICOM image…", lambda: dicom(), "Ctrl+Shift+M",
                                "Add a DICOM image's pixels to the selected case")
    window.add_dicom_series_action = a("Add DICOM image from a &series folder…",
                                       lambda: dicom(folder=True), "Ctrl+Alt+M")


def make_menus(window) -> None:
    """Put the window's actions in its menus and tool bar."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.new_action, window.open_action])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(window._fill_recent)
    file_menu.addActions([window.save_action, window.save_as_action, window.close_action])
    file_menu.addSeparator()
    file_menu.addActions([window.export_deck_action, window.export_pdf_action, window.export_both_action,
                          window.export_per_case_action, window.export_letters_action])
    file_menu.addAction(window.compact_deck_action)
    file_menu.aboutToShow.connect(lambda: window.compact_deck_action.setChecked(window.preferences.value("deck") == "compact"))
    file_menu.addSeparator()
    file_menu.addActions([window.print_preview_action, window.print_action])
    file_menu.addSeparator()
    file_menu.addActions([window.import_fhir_action, window.add_dicom_action, window.add_dicom_series_action])
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([window.undo_action, window.redo_action])
    edit_menu.addSeparator()
    edit_menu.addAction(window.preferences_action)
    case_menu = bar.addMenu("&Case")
    case_menu.addAction(window.meeting_action)
    case_menu.addSeparator()
    case_menu.addActions([window.add_case_action, window.duplicate_case_action, window.remove_case_action])
    case_menu.addSeparator()
    case_menu.addAction(window.check_action)
    view_menu = bar.addMenu("&View")
    view_menu.addAction(window.problems_dock.toggleViewAction())
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([window.sample_action, window.about_action])
    tools = window.addToolBar("Main")
    tools.setObjectName("mainToolbar")
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    tools.addActions([window.new_action, window.open_action, window.save_action])
    tools.addSeparator()
    tools.addActions([window.undo_action, window.redo_action])
    tools.addSeparator()
    tools.addActions([window.add_case_action])
    tools.addSeparator()
    tools.addActions([window.export_deck_action, window.export_pdf_action, window.print_action])
