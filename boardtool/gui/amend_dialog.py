"""Amending a final plan: the plan's fields to change, and why; the change is recorded
beside the plan with who made it and when, and the earlier text is kept."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui import dates
from boardtool.gui.theme import mark_label
from boardtool.model.amendments import AmendmentRefused, amend
from boardtool.model.board import Action, ConsensusPlan, Messenger
from boardtool.model.terms import INTENT_LABELS

TEXTS = (("recommendation", "Recommendation", 90), ("non_concordance_reason", "Reason, if not concordant", 44),
         ("dissent", "Dissenting views", 44), ("patient_preferences", "Patient's preferences", 44))
INTENTS = ((None, "—"), *((value, text.capitalize()) for value, text in INTENT_LABELS.items()))
YES_NO = ((None, "—"), (True, "Yes"), (False, "No"))
MESSENGERS = (("tell_patient", "Tells the patient"), ("tell_referrer", "Tells the referrer"))
ACTION_HEADERS = ("Action", "Responsible", "Due (YYYY-MM-DD)")


class AmendDialog(QDialog):
    """Edits a copy of a final plan; on OK returns the amended plan with its amendment recorded."""

    def __init__(self, plan: ConsensusPlan, guidelines: list[tuple[str, str]], signer: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Amend the final plan")
        self.plan, self.signer, self.amended = plan, signer, None
        form = QFormLayout()
        self.reason = _text(self, "", "Why the plan is amended", 60)
        form.addRow("&Why (required)", self.reason)
        self.texts = {field: _text(self, getattr(plan, field), label, height) for field, label, height in TEXTS}
        for (_field, label, _height), edit in zip(TEXTS, self.texts.values(), strict=True):
            form.addRow(label, edit)
        self.intent = _choice(self, list(INTENTS), plan.intent, "Intent")
        self.guideline = _choice(self, [("", "—"), *guidelines], plan.guideline, "Guideline")
        self.concordant = _choice(self, list(YES_NO), plan.guideline_concordant, "Guideline concordant")
        self.trial = QLineEdit(plan.trial_id, self)
        self.actions = _actions_table(self, plan.actions)
        self.informed = _choice(self, list(YES_NO), plan.patient_informed, "Patient informed of the referral")
        for label, widget in (("Intent", self.intent), ("Guideline", self.guideline),
                              ("Guideline concordant", self.concordant), ("Trial id", self.trial),
                              ("Actions", self.actions), ("Patient informed of the referral", self.informed)):
            form.addRow(label, widget)
        self.messengers = {field: self._messenger_row(form, field, label) for field, label in MESSENGERS}
        self.error = QLabel("", self)
        mark_label(self.error, "problemText")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record amendment")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fields = QWidget(self)
        fields.setLayout(form)
        scroll = QScrollArea(self)  # on a small or scaled screen the form scrolls; the buttons stay in view
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Signed as {signer}. The plan's earlier text is kept in its amendment history.", self))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fit_screen(parent)

    def _fit_screen(self, parent: QWidget | None) -> None:
        """Open at a comfortable size, never taller or wider than the screen's free area
        (leaving room for the title bar and the task bar)."""
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(780, screen.width() - 40), min(700, screen.height() - 80))

    def _messenger_row(self, form: QFormLayout, field: str, label: str) -> tuple[QLineEdit, QLineEdit]:
        """Add who tells someone and by when as one line of the form; return its two fields."""
        messenger = getattr(self.plan, field)
        who, due = QLineEdit(messenger.who, self), QLineEdit(messenger.due.isoformat() if messenger.due else "", self)
        who.setAccessibleName(label)
        due.setAccessibleName(f"{label}: by")
        due.setPlaceholderText("by YYYY-MM-DD")
        row = QHBoxLayout()
        row.addWidget(who, 3)
        row.addWidget(due, 1)
        form.addRow(label, row)
        return who, due

    def edited(self) -> ConsensusPlan:
        """Return the plan as edited in the dialog; raise ValueError naming a due date that is not one."""
        update = {field: edit.toPlainText().strip() for field, edit in self.texts.items()}
        update.update(intent=self.intent.currentData(), guideline=self.guideline.currentData(),
                      guideline_concordant=self.concordant.currentData(), trial_id=self.trial.text().strip(),
                      actions=self._action_rows(), patient_informed=self.informed.currentData())
        for field, (who, due) in self.messengers.items():
            day = due.text().strip()
            update[field] = Messenger(who=who.text().strip(), due=dates.parse_date(day) if day else None)
        return ConsensusPlan.model_validate({**self.plan.model_dump(), **update})

    def _action_rows(self) -> list[Action]:
        rows = []
        for row in range(self.actions.rowCount()):
            what, who, due = (self.actions.item(row, col).text().strip() if self.actions.item(row, col) else ""
                              for col in range(3))
            if what or who or due:
                rows.append(Action(what=what, who=who, due=dates.parse_date(due) if due else None))
        return rows

    def accept(self) -> None:
        try:
            self.amended = amend(self.plan, self.edited(), self.signer, self.reason.toPlainText())
        except (AmendmentRefused, ValueError) as exc:
            self.error.setText(f"Not recorded: {exc}")
            return
        super().accept()


def _text(parent: QWidget, text: str, name: str, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(text, parent)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(height)
    edit.setAccessibleName(name)
    return edit


def _choice(parent: QWidget, options: list[tuple], current, name: str) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    for value, label in options:
        box.addItem(label, value)
    box.setCurrentIndex(max(0, next((i for i, (v, _) in enumerate(options) if v == current), 0)))
    return box


def _actions_table(parent: QWidget, actions: list[Action]) -> QTableWidget:
    """Return the actions as an editable table with a free row at the end for a new one."""
    table = QTableWidget(len(actions) + 1, 3, parent)
    table.setHorizontalHeaderLabels(ACTION_HEADERS)
    table.setAccessibleName("Actions")
    for row, action in enumerate(actions):
        for col, text in enumerate((action.what, action.who, action.due.isoformat() if action.due else "")):
            table.setItem(row, col, QTableWidgetItem(text))
    header = table.horizontalHeader()  # the action and who share the width; the date takes what it needs
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    rows = table.verticalHeader().defaultSectionSize() * (len(actions) + 1)
    frame = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + table.horizontalScrollBar().sizeHint().height()
    table.setMinimumHeight(min(rows + frame, 260))  # every action in view, up to six or so
    return table
