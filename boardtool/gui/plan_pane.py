"""The consensus plan: recommendation, concordance, trial, actions and sign-off."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.amend_dialog import AmendDialog
from boardtool.gui.case_attendance import CaseAttendance
from boardtool.gui.document import BoardDocument, Scope
from boardtool.gui.fields import FieldRow, FieldSpec, Form
from boardtool.gui.settings import Preferences
from boardtool.gui.tables import Column, RecordTable
from boardtool.gui.theme import mark_label
from boardtool.model.board import Action
from boardtool.model.quorum import missing_specialties
from boardtool.model.terms import INTENT_LABELS, PLAN_FIELD_LABELS, PLAN_STATUS_LABELS, label
from boardtool.outline_details import fmt_date

INTENT = ((None, "—"), *((value, text.capitalize()) for value, text in INTENT_LABELS.items()))
CONCORDANT = ((None, "—"), (True, "Yes"), (False, "No"))
PLAN_STATUS = tuple(PLAN_STATUS_LABELS.items())


def guidelines(catalog) -> list[tuple[str, str]]:
    """Return the catalog's guidelines as (id, short name with year or version) choices, '—' first;
    the exports name each in full."""
    return [("", "—")] + [(g.id, catalog.cite(g.sources) or g.title) for g in catalog.guidelines]


PLAN = [
    FieldSpec("plan.recommendation", "Recommendation", "multiline", height=90),
    FieldSpec("plan.intent", "Intent", "choice", INTENT),
    FieldSpec("plan.guideline", "Guideline", "choice", guidelines,
              hint="The guideline (and its version) that concordance refers to"),
    FieldSpec("plan.guideline_concordant", "Guideline concordant", "choice", CONCORDANT),
    FieldSpec("plan.non_concordance_reason", "Reason, if not concordant", "multiline", height=50),
    FieldSpec("plan.trial_discussed", "Trial eligibility discussed", "bool"),
    FieldSpec("plan.trial_id", "Trial id (NCT, EU CT, EudraCT or ISRCTN)"),
]
COMMUNICATION = [
    FieldSpec("plan.patient_informed", "Patient informed of the referral", "choice", CONCORDANT),
    FieldSpec("plan.patient_preferences", "Patient's preferences", "multiline", height=50),
    FieldSpec("plan.dissent", "Dissenting views", "multiline", height=50),
    FieldRow("Tells the patient", (FieldSpec("plan.tell_patient.who", "Tells the patient"),
                                   FieldSpec("plan.tell_patient.due", "Tells the patient by", "date")), ("by",)),
    FieldRow("Tells the referrer", (FieldSpec("plan.tell_referrer.who", "Tells the referrer"),
                                    FieldSpec("plan.tell_referrer.due", "Tells the referrer by", "date")), ("by",)),
]
ATTENDANCE = [
    FieldSpec("attendance.exception_reason", "Reason for the exception", "multiline", height=44,
              hint="Why the plan was made final without every core specialty present for this case"),
]
DEFERRAL = [
    FieldSpec("deferral.reason", "Why deferred", "multiline", height=44),
    FieldSpec("deferral.relist_on", "Listed again on", "date"),
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
        self.locked_note = QLabel("This plan is final and signed: <b>Amend plan…</b> (Alt+M) changes it, "
                                  "recording who, when and why, and keeping the earlier text.", self)
        self.locked_note.setWordWrap(True)
        mark_label(self.locked_note, "hint")
        layout.addWidget(self.locked_note)
        self.forms: list[Form] = []
        self.boxes: dict[str, QGroupBox] = {}
        for title, specs in (("Consensus", PLAN), ("Patient and communication", COMMUNICATION),
                             ("Attendance for this case", ATTENDANCE), ("Deferral", DEFERRAL), ("Sign-off", SIGN_OFF)):
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            if title == "Attendance for this case":
                self.attendance = CaseAttendance(doc, scope, box)
                form.addRow("Present", self.attendance)
            self.forms.append(Form(doc, specs, form, scope, box))
            layout.addWidget(box)
            self.boxes[title] = box
            if title == "Consensus":
                actions = QGroupBox("Actions", self)
                self.actions = RecordTable(doc, "plan.actions", Action, ACTION_COLUMNS, scope, "Actions", actions, item="action")
                QVBoxLayout(actions).addWidget(self.actions)
                layout.addWidget(actions)
                self.boxes["Actions"] = actions
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setAccessibleName("Amendments")
        self.boxes["Sign-off"].layout().addRow("Amendments", self.history)
        layout.addLayout(self._buttons())
        layout.addStretch(1)
        self.tables = {"plan.actions": self.actions}
        doc.changed.connect(self._changed)

    def _buttons(self) -> QHBoxLayout:
        assemble = QPushButton("Assemble from &discussion", self)
        assemble.setToolTip("Write the discussed modalities' recommendations into the consensus recommendation, "
                            "in the catalog's order, for you to edit (Ctrl+Z takes it back)")
        assemble.clicked.connect(self.assemble)
        self.finalise_button = QPushButton("Fi&nalise plan", self)
        self.finalise_button.setToolTip("Mark the plan final and the case discussed, signed with your name and the time now")
        self.finalise_button.clicked.connect(self.finalise)
        self.amend_button = QPushButton("A&mend plan…", self)
        self.amend_button.setToolTip("Change a final plan: the change is recorded with your name, the time and why, "
                                     "and the earlier text is kept")
        self.amend_button.clicked.connect(self.amend)
        self.assemble_button = assemble
        row = QHBoxLayout()
        for button in (assemble, self.finalise_button, self.amend_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

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
        case = self.doc.board.case_by_id(case_id)
        reason = self._exception_reason(case)
        if reason is None:
            return
        signer = self._signer()
        if not signer:
            return
        plan = case.plan.model_copy(update={
            "status": "final", "finalised_by": signer,
            "finalised_at": dt.datetime.now().replace(second=0, microsecond=0),
        })
        self.doc.undo_stack.beginMacro("Finalise plan")
        self.doc.edit(case_id, "attendance.exception_reason", reason)
        self.doc.edit(case_id, "plan", plan)
        self.doc.edit(case_id, "status", "discussed")
        self.doc.undo_stack.endMacro()
        day = self.doc.board.meeting.date
        if day is not None and day > dt.date.today():
            self.window().statusBar().showMessage(
                f"Finalised today, before the meeting on {fmt_date(day)}: Ctrl+Z takes it back.", 10_000)

    def _exception_reason(self, case) -> str | None:
        """Return the reason the plan may be final without every core specialty present for the
        case (asked for when missing and not yet given); None when the user gives none."""
        missing = missing_specialties(self.doc.board.meeting, self.doc.catalog, case)
        reason = case.attendance.exception_reason.strip()
        if not missing or reason:
            return case.attendance.exception_reason
        reason, ok = QInputDialog.getMultiLineText(
            self, "Finalise without every core specialty?",
            f"Not present for this case: {', '.join(missing)}.\n"
            "A final plan needs every core specialty, or the reason for the exception (it is shown in the minutes):")
        if ok and not reason.strip():
            QMessageBox.information(self, "Plan not finalised",
                                    "The plan stays a draft: without every core specialty present for this case, "
                                    "finalising needs the reason for the exception.")
        return reason.strip() if ok and reason.strip() else None

    def amend(self) -> None:
        """Change a final plan through an amendment that keeps its earlier text."""
        case_id = self.scope()
        case = self.doc.board.case_by_id(case_id) if case_id else None
        if case is None or case.plan.status != "final":
            return
        signer = self._signer()
        if not signer:
            return
        dialog = AmendDialog(case.plan, guidelines(self.doc.catalog)[1:], signer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.amended is not None:
            self.doc.edit(case_id, "plan", dialog.amended)

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

    def editor_for(self, path: str) -> QWidget | None:
        """Return the widget that edits a record field no form holds: who was present for the
        case (the checklist) and the amendments (Amend plan…); None for any other."""
        if path.startswith(("attendance.away", "attendance.joined")):
            return self.attendance.people
        if path.startswith("plan.amendments"):
            return self.amend_button
        return None

    def refresh(self) -> None:
        for form in self.forms:
            form.refresh()
        self.actions.refresh()
        self._show_record()

    def _changed(self, case_id, path: str) -> None:
        if case_id is None and path.startswith(("attendees", "quorum_specialties")) or case_id == self.scope():
            self._show_record()

    def _show_record(self) -> None:
        """Lock a final plan (it changes only by amendment), and show attendance and amendments."""
        case_id = self.scope()
        case = self.doc.board.case_by_id(case_id) if case_id else None
        final = case is not None and case.plan.status == "final"
        for title in ("Consensus", "Actions", "Patient and communication", "Attendance for this case", "Deferral",
                      "Sign-off"):
            self.boxes[title].setEnabled(not final)  # a signed record changes only by amendment
        self.finalise_button.setEnabled(not final)
        self.assemble_button.setEnabled(not final)
        self.amend_button.setEnabled(final)
        self.locked_note.setVisible(final)
        self.attendance.refresh()
        self.history.setText(_amendments_text(case.plan.amendments) if case else "")


def _amendments_text(amendments) -> str:
    """Return the amendments of a plan as lines: when, who, why, and which fields changed."""
    lines = [f"{a.at:%Y-%m-%d %H:%M} {a.by}: {a.reason} ({', '.join(label(PLAN_FIELD_LABELS, c.field) for c in a.changes)})"
             if a.at else f"{a.by}: {a.reason}" for a in amendments]
    return "\n".join(lines) or "None"
