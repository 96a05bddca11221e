"""The consensus plan: recommendation, concordance, trial, actions and sign-off."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QInputDialog, QPushButton, QVBoxLayout, QWidget

from boardtool.gui.settings import Preferences
from boardtool.gui.document import BoardDocument, Scope
from boardtool.gui.fields import FieldSpec, Form
from boardtool.gui.tables import Column, RecordTable
from boardtool.model.board import Action
from boardtool.model.terms import INTENT_LABELS, PLAN_STATUS_LABELS

INTENT = ((None, "—"), *((value, text.capitalize()) for value, text in INTENT_LABELS.items()))
CONCORDANT = ((None, "—"), (True, "Yes"), (False, "No"))
PLAN_STATUS = tuple(PLAN_STATUS_LABELS.items())

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


def assembled_recommendation(case, catalog) -> str:
    """Return the recommendations of the discussed modalities, in the catalog's order, one a paragraph."""
    parts = []
    for section in catalog.modalities:
        record = case.discussion.get(section.id)
        if record is not None and record.discussed and record.recommendation.strip():
            parts.append(f"{section.title}: {record.recommendation.strip()}")
    return "\n\n".join(parts)


class PlanPane(QWidget):
    """Edits the consensus plan of the current case."""

    def __init__(self, doc: BoardDocument, scope: Scope, preferences: Preferences, parent: QWidget | None = None):
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
        assemble = QPushButton("Assemble from &discussion", self)
        assemble.setToolTip("Write the discussed modalities' recommendations into the consensus recommendation, "
                            "in the catalog's order, for you to edit (Ctrl+Z takes it back)")
        assemble.clicked.connect(self.assemble)
        finalise = QPushButton("Fi&nalise plan", self)
        finalise.setToolTip("Mark the plan final and the case discussed, signed with your name and the time now")
        finalise.clicked.connect(self.finalise)
        row = QHBoxLayout()
        row.addWidget(assemble)
        row.addWidget(finalise)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.tables = {"plan.actions": self.actions}

    def assemble(self) -> None:
        """Write the discussed modalities' recommendations into the plan's recommendation."""
        case_id = self.scope()
        case = self.doc.board.case_by_id(case_id) if case_id else None
        if case is None:
            return
        text = assembled_recommendation(case, self.doc.catalog)
        if not text:
            self.window().statusBar().showMessage("No discussed modality has a recommendation yet.", 5000)
            return
        self.doc.edit(case_id, "plan.recommendation", text)
        self.forms[0].editors["plan.recommendation"].widget.setFocus()

    def finalise(self) -> None:
        """Set the plan final, signed by the user, now, and the case discussed."""
        case_id = self.scope()
        if case_id is None:
            return
        window = self.window()
        if hasattr(window, "refusals_accepted") and not window.refusals_accepted("Finalise", case_id, everything=False):
            return
        signer = self._signer()
        if not signer:
            return
        case = self.doc.board.case_by_id(case_id)
        plan = case.plan.model_copy(update={
            "status": "final", "finalised_by": signer,
            "finalised_at": dt.datetime.now().replace(second=0, microsecond=0),
        })
        self.doc.undo_stack.beginMacro("Finalise plan")
        self.doc.edit(case_id, "plan", plan)
        self.doc.edit(case_id, "status", "discussed")
        self.doc.undo_stack.endMacro()

    def _signer(self) -> str:
        """Return who signs: the name in Preferences, or the name the user gives now (then kept)."""
        name = self.preferences.value("user_name")
        if name:
            return name
        name, ok = QInputDialog.getText(self, "Who finalises this plan?",
                                        "Your name, as it should appear on the signed plan\n"
                                        "(kept in Preferences for next time):")
        name = name.strip() if ok else ""
        if name:
            self.preferences.set("user_name", name)
        return name

    def refresh(self) -> None:
        for form in self.forms:
            form.refresh()
        self.actions.refresh()
