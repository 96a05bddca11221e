"""The meeting: title, date, chair, attendees with their presence, and the quorum."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from boardtool.gui.case_attendance import show_status
from boardtool.gui.document import BoardDocument
from boardtool.gui.fields import FieldSpec, Form
from boardtool.gui.tables import Column, RecordTable
from boardtool.model.board import Attendee
from boardtool.model.quorum import missing_specialties

MEETING = [
    FieldSpec("title", "Meeting"),
    FieldSpec("institution", "Institution"),
    FieldSpec("date", "Date", "date"),
    FieldSpec("start_time", "Start time", "time"),
    FieldSpec("location", "Location or video link"),
    FieldSpec("chair", "Chair"),
    FieldSpec("coordinator", "Coordinator"),
    FieldSpec("contact", "Contact for referrers", hint="Printed on outcome letters: the board office's telephone or e-mail"),
    FieldSpec("quorum_specialties", "Quorum needs", "lines", height=64,
              hint="One specialty a line, written as the attendees' Specialty column names it; "
                   "empty: the catalog's core specialties"),
]


def specialties(catalog):
    return [("", "—")] + [(s, s) for s in (*catalog.core_specialties, *catalog.other_specialties)] + [("Other", "Other")]


ATTENDEE_COLUMNS = [Column("name", "Name", width=190), Column("specialty", "Specialty", "choice", specialties),
                    Column("present", "Present", "bool"), Column("role", "Role")]


class MeetingPanel(QWidget):
    """Edits the meeting and shows which core specialties are missing for quorum."""

    def __init__(self, doc: BoardDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox("Meeting", self)
        self.form = Form(doc, MEETING, QFormLayout(box), lambda: None, box)
        layout.addWidget(box)
        people = QGroupBox("Attendees", self)
        people_layout = QVBoxLayout(people)
        self.attendees = RecordTable(doc, "attendees", Attendee, ATTENDEE_COLUMNS, lambda: None, "Attendees", people,
                                      item="attendee")
        people_layout.addWidget(self.attendees)
        self.quorum = QLabel(people)
        self.quorum.setWordWrap(True)
        self.quorum.setAccessibleName("Quorum")
        people_layout.addWidget(self.quorum)
        layout.addWidget(people, 1)
        doc.changed.connect(self._changed)
        self.refresh()

    def _changed(self, case_id, path: str) -> None:
        if case_id is None:
            self.form.refresh(path)
            if path.startswith("attendees"):
                self.attendees.refresh()
            self._show_quorum()

    def refresh(self) -> None:
        self.form.refresh()
        self.attendees.refresh()
        self._show_quorum()

    def missing_specialties(self) -> list[str]:
        """Return the required specialties nobody present at the meeting speaks for."""
        return list(missing_specialties(self.doc.board.meeting, self.doc.catalog))

    def _show_quorum(self) -> None:
        missing = self.missing_specialties()
        text = ("⚠ No quorum yet — missing: " + ", ".join(missing) + ". Attendance for each case is on its Plan tab.") \
            if missing else "✓ Quorum: every core specialty is present"
        show_status(self.quorum, text, problem=bool(missing))

    # -- problems -------------------------------------------------------------

    def show_problems(self, problems) -> None:
        """Mark the meeting's fields and the attendees table with their problems."""
        by_path: dict[str, list[str]] = {}
        for problem in problems:
            by_path.setdefault(problem.path, []).append(f"{problem.area}: {problem.message}")
        for path, editor in self.form.editors.items():
            editor.mark("\n".join(by_path.get(path, [])) or None)
        self.attendees.mark({p: ms for p, ms in by_path.items() if p == "attendees" or p.startswith("attendees.")})

    def editor_for(self, path: str):
        """Return the widget that edits exactly this meeting field, or None."""
        if self.attendees.edits(path):
            return self.attendees.table
        editor = self.form.editor_for(path)
        return editor.widget if editor is not None else None

    def widget_for(self, path: str):
        """Return the widget that edits a meeting field."""
        if path == "attendees" or path.startswith("attendees."):
            return self.attendees.table
        return self.form.widget_for(path)
