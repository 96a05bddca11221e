"""The consensus plan: recommendation, concordance, trial, actions and sign-off."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from boardtool.gui.fields import FieldSpec, Form
from boardtool.gui.tables import Column, RecordTable
from boardtool.model.board import Action

INTENT = ((None, "—"), ("curative", "Curative"), ("disease control", "Disease control"), ("palliative", "Palliative"))
CONCORDANT = ((None, "—"), (True, "Yes"), (False, "No"))
PLAN_STATUS = (("draft", "Draft"), ("final", "Final"))

PLAN = [
    FieldSpec("plan.recommendation", "Recommendation", "multiline", height=90),
    FieldSpec("plan.intent", "Intent", "choice", INTENT),
    FieldSpec("plan.guideline_concordant", "Guideline concordant", "choice", CONCORDANT),
    FieldSpec("plan.non_concordance_reason", "Reason, if not concordant", "multiline", height=50),
    FieldSpec("plan.trial_discussed", "Trial eligibility discussed", "bool"),
    FieldSpec("plan.trial_id", "Trial id (NCT, EU CT, EudraCT or ISRCTN)"),
]
SIGN_OFF = [
    FieldSpec("plan.status", "Status", "choice", PLAN_STATUS),
    FieldSpec("plan.finalised_by", "Finalised by"),
    FieldSpec("plan.finalised_at", "Finalised at", "datetime"),
]
ACTION_COLUMNS = [Column("what", "Action", width=260), Column("who", "Responsible", width=200),
                  Column("due", "Due", "date")]


class PlanPane(QWidget):
    """Edits the consensus plan of the current case."""

    def __init__(self, doc, scope, preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.scope, self.preferences = doc, scope, preferences
        layout = QVBoxLayout(self)
        self.forms: list[Form] = []
        for title, specs in (("Consensus", PLAN), ("Sign-off", SIGN_OFF)):
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            self.forms.append(Form(doc, specs, form, scope, box))
            layout.addWidget(box)
            if title == "Consensus":
                actions = QGroupBox("Actions", self)
                self.actions = RecordTable(doc, "plan.actions", Action, ACTION_COLUMNS, scope, "Actions", actions, item="action")
                QVBoxLayout(actions).addWidget(self.actions)
                layout.addWidget(actions)
        finalise = QPushButton("&Finalise plan", self)
        finalise.setToolTip("Mark the plan final, signed with your name (Preferences) and the time now")
        finalise.clicked.connect(self.finalise)
        row = QHBoxLayout()
        row.addWidget(finalise)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.tables = {"plan.actions": self.actions}

    def finalise(self) -> None:
        """Set the plan final, by the user named in the preferences, now."""
        case_id = self.scope()
        if case_id is None:
            return
        case = self.doc.board.case_by_id(case_id)
        plan = case.plan.model_copy(update={
            "status": "final",
            "finalised_by": self.preferences.value("user_name") or case.plan.finalised_by,
            "finalised_at": dt.datetime.now().replace(second=0, microsecond=0),
        })
        self.doc.edit(case_id, "plan", plan)

    def refresh(self) -> None:
        for form in self.forms:
            form.refresh()
        self.actions.refresh()
