"""The board's problems: the clinical checks plus every value typed but not taken, at the
fields, in the F8 list and counted in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QListWidget, QListWidgetItem

from boardtool.gui.document import BoardDocument
from boardtool.gui.fields import focus
from boardtool.model.validation import Problem, check_board

CHECK_DELAY_MS = 250


def refused_problems(doc: BoardDocument) -> list[Problem]:
    """Return a problem for each field that shows a value the board did not take."""
    index = {case.id: number for number, case in enumerate(doc.board.cases)}
    problems = []
    for (case_id, path), refusal in doc.refused.items():
        if case_id is not None and case_id not in index:
            continue
        problems.append(Problem(index.get(case_id), path, refusal.label,
                                f"'{refusal.text}' was not accepted ({refusal.message}); the board keeps the previous value"))
    return sorted(problems, key=lambda p: (-1 if p.case_index is None else p.case_index, p.path))


class ProblemsController(QObject):
    """Runs the checks a moment after each edit and shows their results."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.problems: list[Problem] = []
        self.list = QListWidget(window)
        self.list.setAccessibleName("Problems")
        self.list.itemActivated.connect(self.jump)
        self.list.itemClicked.connect(self.jump)
        self.dock = QDockWidget("Problems", window)
        self.dock.setObjectName("problemsDock")
        self.dock.setWidget(self.list)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()  # shown with F8
        self.count = QLabel(window)
        self.count.setAccessibleName("Problem count")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check_now)

    def watch(self, doc: BoardDocument) -> None:
        """Check this document a moment after each of its edits."""
        later = lambda *_: self.timer.start(CHECK_DELAY_MS)
        doc.changed.connect(later)
        doc.cases_changed.connect(later)
        doc.refusals_changed.connect(later)

    def check_now(self) -> list[Problem]:
        """Run the checks and show their results at the fields, in the list and the status bar."""
        doc = self.window.doc
        refused = refused_problems(doc)
        self.problems = refused + check_board(doc.board, doc.catalog)
        self.list.clear()
        for problem in self.problems:
            item = QListWidgetItem(str(problem), self.list)
            item.setData(Qt.ItemDataRole.UserRole, problem)
        count, kept = len(self.problems), len(refused)
        text = "No problems" if not count else f"{count} problem(s) — F8 to list"
        if kept:
            text += f" · {kept} value(s) not accepted"
        self.count.setText(text)
        self.show_at_fields()
        return self.problems

    def show_at_fields(self) -> None:
        """Mark the fields of the shown case and of the meeting."""
        window = self.window
        case_id = window.cases.current_case_id()
        index = next((i for i, c in enumerate(window.doc.board.cases) if c.id == case_id), None)
        window.editor.show_problems([p for p in self.problems if index is not None and p.case_index == index])
        window.meeting.show_problems([p for p in self.problems if p.case_index is None])

    def show_list(self) -> None:
        """Check, then show the list with the first problem selected."""
        self.check_now()
        self.dock.show()
        self.list.setFocus()
        if self.list.count():
            self.list.setCurrentRow(0)

    def jump(self, item: QListWidgetItem) -> None:
        """Bring the field of a problem into view and give it the focus."""
        problem = item.data(Qt.ItemDataRole.UserRole)
        window = self.window
        if problem.case_index is None:
            widget = window.meeting.widget_for(problem.path)
        else:
            window.cases.setCurrentRow(problem.case_index)
            widget = window.editor.widget_for(problem.path)
        if widget is not None:
            focus(widget)
