"""Dialogs of the library pane: compare and choose after a conflicting save; record follow-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.theme import mark_label
from boardtool.library.errors import Conflict, LibraryError
from boardtool.library.names import IMPLEMENTED, MILESTONES, RESPONSES
from boardtool.outline_details import fmt_date

if TYPE_CHECKING:
    from boardtool.library.followup import FollowUp

MAX_ROWS = 200
KEEP_MINE, TAKE_THEIRS = "mine", "theirs"


def differences(mine: Any, theirs: Any, path: str = "") -> list[tuple[str, str, str]]:
    """Return (field, mine, theirs) for every leaf value that differs, as readable text."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        rows = []
        for key in sorted(set(mine) | set(theirs), key=str):
            rows += differences(mine.get(key), theirs.get(key), f"{path}.{key}" if path else str(key))
        return rows
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        rows = []
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            rows += differences(a, b, f"{path} {index + 1}")
        return rows
    return [] if mine == theirs else [(path.replace("_", " "), _text(mine), _text(theirs))]


def _text(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "(empty)"
    if isinstance(value, list):
        return f"{len(value)} item(s)"
    return str(value)


class CompareDialog(QDialog):
    """Shows what you changed beside what was saved meanwhile; asks, per record, which to keep."""

    def __init__(self, conflicts: list[Conflict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Changed by someone else")
        self.conflicts = conflicts
        self.groups: dict[str, QButtonGroup] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("While you worked, someone else saved these records. Nothing has been saved yet.\n"
                                "For each one, keep your version (theirs is replaced) or take theirs (yours can "
                                "be brought back with Undo)."))
        for conflict in conflicts:
            layout.addWidget(self._group(conflict))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save with these choices")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.resize(860, self.sizeHint().height())

    def _group(self, conflict: Conflict) -> QGroupBox:
        who = f" — saved by {conflict.changed_by}" if conflict.changed_by else ""
        who += f" at {conflict.changed_at[:16]}" if conflict.changed_at else ""
        box = QGroupBox(f"{'Meeting' if conflict.kind == 'meeting' else 'Case'}: {conflict.label}{who}".replace("&", "&&"))
        column = QVBoxLayout(box)
        rows = differences(conflict.mine, conflict.theirs)[:MAX_ROWS]
        table = QTableWidget(len(rows), 3, box)
        table.setAccessibleName(f"Differences for {conflict.label}")
        table.setHorizontalHeaderLabels(["Field", "Yours", "Saved meanwhile"])
        for row, values in enumerate(rows):
            for column_no, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                table.setItem(row, column_no, cell)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        header.setSectionResizeMode(2, header.ResizeMode.Stretch)
        shown = table.verticalHeader().defaultSectionSize() * min(len(rows), 8)
        table.setMaximumHeight(header.sizeHint().height() + shown + 2 * table.frameWidth() + 4)
        column.addWidget(table)
        choice = QHBoxLayout()
        group = QButtonGroup(box)
        for text, key in (("Keep mine", KEEP_MINE), ("Take theirs", TAKE_THEIRS)):
            button = QRadioButton(text, box)
            button.setObjectName(f"{key}:{conflict.key}")
            group.addButton(button)
            choice.addWidget(button)
        group.buttonToggled.connect(lambda *_: self._update_ok())
        choice.addStretch(1)
        column.addLayout(choice)
        self.groups[conflict.key] = group
        return box

    def _update_ok(self) -> None:
        chosen = all(group.checkedButton() is not None for group in self.groups.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(chosen)

    def choices(self) -> dict[str, str]:
        """Return, per conflicting record, 'mine' or 'theirs'."""
        return {key: group.checkedButton().objectName().split(":")[0]
                for key, group in self.groups.items() if group.checkedButton() is not None}


class FollowUpDialog(QDialog):
    """Records whether a recommendation was implemented and the response at 3, 6 and 12 months."""

    def __init__(self, library, case_id: str, state: FollowUp, patient: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.library, self.case_id = library, case_id
        self.setWindowTitle(f"Follow-up — {patient}")
        form = QFormLayout(self)
        text = QLabel(state.recommendation or "(no text)")
        text.setWordWrap(True)
        form.addRow("Recommendation", text)
        self.implemented = QComboBox(self)
        self.implemented.addItems(["(not recorded)", *IMPLEMENTED])
        self.implemented.setCurrentText(state.implemented or "(not recorded)")
        self.implemented.setAccessibleName("Implemented")
        form.addRow(f"&Implemented (due {fmt_date(state.dues['implementation'])})", self.implemented)
        self.reason = QLineEdit(state.reason, self)
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("why not, or only partly")
        form.addRow("&Reason", self.reason)
        self.responses: dict[int, QComboBox] = {}
        for months in MILESTONES:
            combo = QComboBox(self)
            combo.addItems(["–", *RESPONSES])
            combo.setCurrentText(state.responses[months] or "–")
            combo.setAccessibleName(f"Response at {months} months")
            form.addRow(f"Response at &{months} months (due {fmt_date(state.dues[f'{months} months'])})", combo)
            self.responses[months] = combo
        self.message = QLabel(self)
        mark_label(self.message, "problemText")
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        from boardtool.library.followup import record

        implemented = self.implemented.currentText()
        responses = {m: combo.currentText() for m, combo in self.responses.items() if combo.currentText() != "–"}
        try:
            record(self.library, self.case_id, implemented=None if implemented.startswith("(") else implemented,
                   reason=self.reason.text(), responses=responses)
        except LibraryError as exc:
            self.message.setText(str(exc))
            return
        super().accept()
