"""The preferences dialog, generated from the declared table of options."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from boardtool.gui.settings import OPTIONS, Option, Preferences
from boardtool.gui.theme import mark_problem

OPTIONS_BY_KEY = {option.key: option for option in OPTIONS}


class PreferencesDialog(QDialog):
    """Edits every preference; OK stores them, Cancel leaves them as they were."""

    def __init__(self, preferences: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.preferences = preferences
        self.readers = {}
        self.lines: dict[str, QLineEdit] = {}  # the text fields, by preference, to mark a problem at
        form = QFormLayout(self)
        for option in OPTIONS:
            widget, read = self._editor(option, preferences.value(option.key))
            widget.setToolTip(option.hint)
            form.addRow(option.label, widget)
            self.readers[option.key] = read
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def _editor(self, option: Option, value):
        if option.kind == "bool":
            box = QCheckBox(self)
            box.setChecked(bool(value))
            box.setAccessibleName(option.label)
            return box, box.isChecked
        if option.kind == "choice":
            combo = QComboBox(self)
            for choice in option.choices:
                combo.addItem(choice and option.names.get(choice, choice) or option.empty, choice)
            combo.setCurrentIndex(max(0, combo.findData(str(value))))
            combo.setAccessibleName(option.label)
            return combo, combo.currentData
        if option.kind == "int":
            spin = QSpinBox(self)
            spin.setRange(*option.bounds)
            spin.setValue(int(value))
            spin.setAccessibleName(option.label)
            return spin, spin.value
        line = QLineEdit(str(value), self)
        line.setAccessibleName(option.label)
        self.lines[option.key] = line
        if option.kind != "path":
            return line, line.text
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(line, 1)
        browse = QPushButton("Browse…", row)
        browse.clicked.connect(lambda: self._browse(line, option))
        layout.addWidget(browse)
        return row, line.text

    def _browse(self, line: QLineEdit, option: Option) -> None:
        path, _ = QFileDialog.getOpenFileName(self, option.label, line.text(), option.files)
        if path:
            line.setText(path)

    def accept(self) -> None:
        problems = self.problems()
        for key, line in self.lines.items():
            mark_problem(line, key in problems)
            line.setToolTip(problems.get(key, OPTIONS_BY_KEY[key].hint))
        if problems:
            listed = "\n".join(f"• {OPTIONS_BY_KEY[key].label}: {text}" for key, text in problems.items())
            QMessageBox.warning(self, "Preferences not saved",
                                f"{listed}\n\nCorrect the marked field(s), or empty them, and press OK again.")
            self.lines[next(iter(problems))].setFocus()
            return
        for key, read in self.readers.items():
            self.preferences.set(key, read())
        super().accept()

    def problems(self) -> dict[str, str]:
        """Return what is wrong with the typed files and library address, by preference."""
        found = {}
        for key, line in self.lines.items():
            text = line.text().strip()
            option = OPTIONS_BY_KEY[key]
            if not text:
                continue
            if option.kind == "path" and not Path(text).expanduser().is_file():
                found[key] = f"there is no file {text}"
            elif key == "library_url":
                from boardtool.library.engine import checked_url
                from boardtool.library.errors import LibraryError

                try:
                    checked_url(text)
                except LibraryError as exc:
                    found[key] = exc.detail
        return found
