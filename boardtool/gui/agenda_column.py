"""The left column: the meeting at a glance (opens the meeting's editor) and the cases on the agenda."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from boardtool.gui.theme import mark_label
from boardtool.outline_details import fmt_weekday


class AgendaColumn(QWidget):
    """Meeting summary with its quorum, then the case list with Add, Duplicate and Remove."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.meeting_button = QPushButton(self)
        self.meeting_button.setAccessibleName("Meeting")
        self.meeting_button.setStyleSheet("text-align: left; padding: 6px;")
        self.meeting_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.meeting_button.clicked.connect(window.show_meeting)
        self.quorum = QLabel(self)
        self.quorum.setWordWrap(True)
        self.quorum.setAccessibleName("Quorum")
        cases_title = QLabel("<b>Cases</b> (drag to reorder)", self)
        cases_title.setBuddy(window.cases)
        buttons = QHBoxLayout()
        for action in (window.add_case_action, window.duplicate_case_action, window.remove_case_action):
            button = QPushButton(action.text().replace("&", "").replace(" case", ""), self)
            button.setToolTip(f"{action.toolTip()} ({action.shortcut().toString()})")
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.meeting_button)
        column.addWidget(self.quorum)
        column.addSpacing(6)
        column.addWidget(cases_title)
        column.addWidget(window.cases, 1)
        column.addLayout(buttons)
        window.doc.changed.connect(lambda case_id, _path: case_id is None and self.refresh())
        self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Show the meeting's title, date, place and quorum."""
        meeting = self.window_.doc.board.meeting
        when = " · ".join(x for x in (fmt_weekday(meeting.date) if meeting.date else "no date yet",
                                      meeting.start_time.strftime("%H:%M") if meeting.start_time else "") if x)
        present = sum(1 for a in meeting.attendees if a.present)
        room = max(60, self.meeting_button.width() - 20)
        title = self.meeting_button.fontMetrics().elidedText(meeting.title or "Meeting", Qt.TextElideMode.ElideRight, room)
        text = f"{title}\n{when}\n{present} of {len(meeting.attendees)} attendees present".replace("&", "&&")  # '&' typed, not a shortcut
        tip = f"{meeting.title}\nEdit the meeting: title, date, place, chair and attendees (Ctrl+0)"
        if self.meeting_button.toolTip() != tip:
            self.meeting_button.setToolTip(tip)
        if self.meeting_button.text() != text:
            self.meeting_button.setText(text)
        quorum = self.window_.meeting.quorum
        if self.quorum.text() != quorum.text():
            self.quorum.setText(quorum.text())
        mark_label(self.quorum, quorum.objectName())
        self.quorum.setAlignment(Qt.AlignmentFlag.AlignLeft)
