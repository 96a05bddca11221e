"""The preferences dialog, generated from the declared table of options."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from boardtool.gui.settings import OPTIONS, Option, Preferences


class PreferencesDialog(QDialog):
    """Edits every preference; OK stores them, Cancel leaves them as they were."""

    def __init__(self, preferences: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.preferences = preferences
        self.readers = {}
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
        for key, read in self.readers.items():
            self.preferences.set(key, read())
        super().accept()
