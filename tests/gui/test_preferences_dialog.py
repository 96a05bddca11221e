"""The preferences dialog is built from the declared options alone: editors, ranges, lists and file filters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit, QPushButton, QSpinBox

from boardtool.gui.preferences_dialog import PreferencesDialog
from boardtool.gui.settings import OPTIONS


def _editor(dialog, label: str, kind):
    return next(w for w in dialog.findChildren(kind) if w.accessibleName() == label)


def test_each_option_takes_its_editor_from_the_table(qtbot, preferences):
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    for option in (o for o in OPTIONS if o.kind == "int"):
        spin = _editor(dialog, option.label, QSpinBox)
        assert (spin.minimum(), spin.maximum()) == option.bounds and spin.value() == preferences.value(option.key)
    day = _editor(dialog, "The board meets on", QComboBox)
    assert day.itemText(0) == "(next working day)" and day.itemData(0) == ""
    assert [day.itemText(i) for i in range(1, day.count())] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def test_typed_values_are_stored_on_ok_and_bounded(qtbot, preferences):
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    name = _editor(dialog, "Your name", QLineEdit)
    qtbot.keyClicks(name, "Dr A. Lindqvist")
    autosave = _editor(dialog, "Recovery copy every (seconds)", QSpinBox)
    autosave.selectAll()
    qtbot.keyClicks(autosave, "2")  # below the table's smallest value: not taken
    autosave.interpretText()
    assert autosave.value() == 60
    autosave.lineEdit().selectAll()
    qtbot.keyClicks(autosave, "30")
    qtbot.keyClick(autosave, Qt.Key.Key_Return)  # Return is the dialog's OK
    assert preferences.value("user_name") == "Dr A. Lindqvist"
    assert preferences.value("autosave_seconds") == 30


def test_browse_offers_the_files_the_option_names(qtbot, preferences, monkeypatch, tmp_path):
    asked = []
    chosen = tmp_path / "own.pptx"

    def choose(_parent, title, _start, pattern):
        asked.append((title, pattern))
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    for button in dialog.findChildren(QPushButton):
        if button.text() == "Browse…":
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == [("Institution logo", "Images (*.png *.jpg *.jpeg)"),
                     ("Deck template (.pptx)", "PowerPoint (*.pptx)"),
                     ("Outcome letter template (.toml)", "Letter templates (*.toml)")]
    assert _editor(dialog, "Deck template (.pptx)", QLineEdit).text() == str(chosen)


def test_paper_and_deck_choices_are_named_as_people_say_them(qtbot, preferences):
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    paper = _editor(dialog, "Paper size", QComboBox)
    assert [(paper.itemText(i), paper.itemData(i)) for i in range(paper.count())] == [("A4", "a4"), ("US Letter", "letter")]
    deck = _editor(dialog, "Deck", QComboBox)
    assert [deck.itemData(i) for i in range(deck.count())] == ["full", "compact"]
    assert deck.itemText(1).startswith("Compact")


def test_a_missing_file_or_an_unreadable_library_address_is_said_before_it_is_stored(qtbot, preferences, dialogs,
                                                                                     tmp_path):
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    logo = _editor(dialog, "Institution logo", QLineEdit)
    library = _editor(dialog, "Department library (database URL)", QLineEdit)
    qtbot.keyClicks(logo, str(tmp_path / "no-logo.png"))
    qtbot.keyClicks(library, "notaurl")
    qtbot.keyClick(library, Qt.Key.Key_Return)  # OK
    assert dialog.isVisible() and dialog.result() == 0
    (said,) = [text for text in dialogs.asked if text.startswith("Preferences not saved")]
    assert f"Institution logo: there is no file {tmp_path / 'no-logo.png'}" in said
    assert "Department library (database URL): not a database address" in said
    assert logo.property("problem") is True and library.property("problem") is True
    assert preferences.value("logo") == "" and preferences.value("library_url") == ""
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    logo.clear()
    qtbot.keyClicks(logo, str(tmp_path / "logo.png"))
    library.clear()
    qtbot.keyClick(library, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert preferences.value("logo") == str(tmp_path / "logo.png") and preferences.value("library_url") == ""
