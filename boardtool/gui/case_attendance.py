"""Who was in the room for the current case: the meeting's attendees as a checklist (ticked
when present for the case; by default as at the meeting) and the case's quorum."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from boardtool.gui.theme import mark_label
from boardtool.model.quorum import missing_specialties, present_for


class CaseAttendance(QWidget):
    """Ticks who was present for one case and shows whether every core specialty was."""

    def __init__(self, doc, scope, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.scope = doc, scope
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.people = QListWidget(self)
        self.people.setAccessibleName("Present for this case")
        self.people.setToolTip("Tick who was in the room for this case (Space ticks the selected name); "
                               "by default everyone present at the meeting")
        self.people.setMaximumHeight(150)
        self.people.itemChanged.connect(self._ticked)
        layout.addWidget(self.people)
        self.quorum = QLabel(self)
        self.quorum.setWordWrap(True)
        self.quorum.setAccessibleName("Quorum for this case")
        layout.addWidget(self.quorum)

    def refresh(self) -> None:
        """Show the meeting's attendees ticked as present for the case, and its quorum."""
        case = self._case()
        meeting = self.doc.board.meeting
        self.people.blockSignals(True)  # never react to our own rebuilding
        self.people.clear()
        if case is not None:
            present = {id(a) for a in present_for(meeting, case)}
            for person in meeting.attendees:
                text = " — ".join(x for x in (person.name, person.specialty) if x) or "(unnamed attendee)"
                if not person.present:  # ticked: joined for this case only (by phone, for instance)
                    text += " (joined for this case only)" if id(person) in present else " (absent from the meeting)"
                item = QListWidgetItem(text, self.people)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if id(person) in present else Qt.CheckState.Unchecked)
        self.people.blockSignals(False)
        self._show_quorum(case)

    def _case(self):
        case_id = self.scope()
        return self.doc.board.case_by_id(case_id) if case_id else None

    def _ticked(self, _item) -> None:
        case = self._case()
        if case is None:
            return
        away, joined = [], []
        for row, person in enumerate(self.doc.board.meeting.attendees):
            ticked = self.people.item(row).checkState() == Qt.CheckState.Checked
            if person.present and not ticked:
                away.append(person.name)
            elif not person.present and ticked:
                joined.append(person.name)
        attendance = case.attendance.model_copy(update={"away": away, "joined": joined})
        self.doc.edit(case.id, "attendance", attendance)

    def _show_quorum(self, case) -> None:
        if case is None:
            self.quorum.setText("")
            return
        missing = missing_specialties(self.doc.board.meeting, self.doc.catalog, case)
        excused = bool(case.attendance.exception_reason.strip())
        if not missing:
            text = "✓ Every core specialty was present for this case"
        elif excused:  # a fact, no longer a problem: said in the hint colour
            self.quorum.setText("Not present for this case: " + ", ".join(missing) +
                                "; the reason for the exception is below.")
            mark_label(self.quorum, "hint")
            return
        else:
            text = ("⚠ Not present for this case: " + ", ".join(missing) +
                    ". A final plan needs them, or the reason for the exception below.")
        show_status(self.quorum, text, problem=bool(missing))


def show_status(label: QLabel, text: str, problem: bool) -> None:
    """Show a quorum line in the problem or the ok colour, restyling only when it changes."""
    if text != label.text():
        label.setText(text)
    mark_label(label, "problemText" if problem else "okText")

