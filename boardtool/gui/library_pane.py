"""The library pane: worklists, meetings to open, save back, returning patients, follow-up."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.document import BoardDocument, ReplaceCases
from boardtool.gui.library_dialogs import KEEP_MINE, CompareDialog, FollowUpDialog
from boardtool.library.errors import ConflictError, LibraryError
from boardtool.library.names import WORKLISTS, library_url
from boardtool.model.board import Case, Meeting
from boardtool.model.errors import BoardError
from boardtool.outline_details import fmt_date

if TYPE_CHECKING:  # the database code loads when the library is first used, not at start-up
    from boardtool.library.core import Library
    from boardtool.library.meetings import Opened

COLUMNS = ("Patient", "MRN", "Meeting", "Due", "What")


class LibraryPane(QWidget):
    """The department library beside the board: what is waiting, and where the board came from."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.library: Library | None = None
        self.url = ""
        self.opened: Opened | None = None  # where the window's board came from in the library
        self.opened_doc: BoardDocument | None = None
        self.items: list = []
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.lists = QComboBox(self)
        self.lists.setAccessibleName("Worklist")
        for key, label in WORKLISTS.items():
            self.lists.addItem(label, key)
        self.lists.currentIndexChanged.connect(lambda *_: self.refresh())
        self.table = self._table()
        self.act_button = QPushButton(self)
        self.act_button.clicked.connect(self.act_on_item)
        self.meetings = QListWidget(self)
        self.meetings.setAccessibleName("Meetings in the library")
        self.meetings.itemActivated.connect(lambda item: self.open_meeting(item.data(Qt.ItemDataRole.UserRole)))
        self.earlier = QLabel(self)
        self.earlier.setWordWrap(True)
        self.earlier.setTextFormat(Qt.TextFormat.PlainText)
        self._lay_out()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS), self)
        table.setAccessibleName("Worklist cases")
        table.setHorizontalHeaderLabels(list(COLUMNS))
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.itemActivated.connect(lambda *_: self.act_on_item())
        return table

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.where)
        column.addWidget(QLabel("<b>Worklist</b>"))
        column.addWidget(self.lists)
        column.addWidget(self.table, 2)
        column.addWidget(self.act_button)
        column.addWidget(QLabel("<b>On record for this patient</b>"))
        column.addWidget(self.earlier)
        column.addWidget(QLabel("<b>Meetings</b> (Enter opens)"))
        column.addWidget(self.meetings, 1)
        buttons = QHBoxLayout()
        for text, slot, tip in (("Open meeting", self.open_selected_meeting, "Open the selected meeting (Enter)"),
                                ("Save to library", self.save_to_library, "Save the open board to the library (Ctrl+Alt+S)"),
                                ("Returning patient…", self.returning_patient,
                                 "Start a case from a patient's last one (Ctrl+Alt+R)")):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        column.addLayout(buttons)
        self.setMinimumWidth(460)

    # -- the library itself ----------------------------------------------------

    def connect_library(self) -> Library | None:
        """Return the open library (opening or re-opening it as the preferences say), or None."""
        preferences = self.window.preferences
        from boardtool.library.core import Library, default_actor

        url = library_url(preferences.value("library_url"))
        if self.library is not None and url == self.url:
            self.library.actor = default_actor(preferences.value("user_name"))  # the name may have changed
            return self.library
        if self.library is not None:
            self.library.close()
        self.library, self.url = None, url
        try:
            self.library = Library.open(url, actor=default_actor(preferences.value("user_name")))
        except BoardError as exc:
            self.where.setText(f"Library not available: {exc}")
            return None
        self.where.setText(f"Library: {self.library.described}")
        self.where.setToolTip(self.library.where)
        return self.library

    def refresh(self) -> None:
        """Read the chosen worklist and the meetings again."""
        library = self.connect_library()
        if library is None:
            return
        from boardtool.library.meetings import list_meetings
        from boardtool.library.worklists import worklist

        name = self.lists.currentData()
        try:
            self.items = worklist(library, name)
            rows = list_meetings(library)
        except LibraryError as exc:
            self.where.setText(str(exc))
            return
        self._fill_table()
        self.meetings.clear()
        for row in rows:
            day = fmt_date(row.date) if row.date else "no date"
            item = QListWidgetItem(f"{day} — {row.title} ({row.cases} case(s))", self.meetings)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
        self.act_button.setText({"this-meeting": "Open this meeting", "follow-up": "Record follow-up…"}.get(
            name, "Add to the open board"))

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            due = fmt_date(item.due) if item.due else ""
            meeting = fmt_date(item.meeting_date) if item.meeting_date else "not scheduled"
            what = item.note if item.note and item.note != "referred" else item.status.replace("_", " ")
            for column, text in enumerate((item.patient, item.mrn, meeting, due, what)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.items:
            self.table.selectRow(0)

    # -- worklist actions --------------------------------------------------------

    def act_on_item(self) -> None:
        """Do what the chosen worklist's line calls for: open, add to the board, or follow up."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            return
        item, name = self.items[row], self.lists.currentData()
        if name == "this-meeting":
            self.open_meeting(item.meeting_id)
        elif name == "follow-up":
            self.record_follow_up(item.case_id, item.patient)
        else:
            self.add_case_from_library(item.case_id)

    def add_case_from_library(self, case_id: str) -> None:
        """Put a referred or deferred case on the open board (saved to the library with it)."""
        library = self.connect_library()
        doc = self.window.doc
        if library is None or doc.board.case_by_id(case_id) is not None:
            return
        from boardtool.library.meetings import take_case

        try:
            case, version, images = take_case(library, case_id)
        except BoardError as exc:
            QMessageBox.warning(self.window, "Library", str(exc))
            return
        self._origin(doc).case_versions[case.id] = version
        if case.status == "deferred":  # re-listed: to be discussed at this meeting
            case.status = "to_discuss"
        self._add_to_board(case, images, "Add case from the library")

    def _add_to_board(self, case: Case, images: dict[str, bytes], text: str) -> None:
        doc = self.window.doc
        doc.board.image_data.update(images)
        doc.undo_stack.push(ReplaceCases(doc, [*doc.board.cases, case], text, case.id))
        self.window.statusBar().showMessage(f"{text}: {case.patient.name or case.id}", 5000)

    def record_follow_up(self, case_id: str, patient: str) -> None:
        from boardtool.library.followup import current

        library = self.connect_library()
        if library is None:
            return
        with library.reading() as connection:
            state = current(connection, case_id)
        if state is None:
            return
        if FollowUpDialog(library, case_id, state, patient, self.window).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def returning_patient(self) -> None:
        """Start a new case on the open board from a returning patient's last case."""
        from boardtool.library.returning import carry_forward, find_last_case

        library = self.connect_library()
        if library is None:
            return
        mrn, ok = QInputDialog.getText(self.window, "Returning patient", "The patient's MRN:")
        if not ok or not mrn.strip():
            return
        last = find_last_case(library, mrn=mrn)
        if last is None:
            QMessageBox.information(self.window, "Returning patient", f"No case with MRN {mrn.strip()} in the library.")
            return
        returning = carry_forward(library, last)
        self._add_to_board(returning.case, returning.image_data, "New case for a returning patient")
        self._show_earlier_list(returning.earlier)

    # -- meetings ------------------------------------------------------------------

    def open_selected_meeting(self) -> None:
        item = self.meetings.currentItem()
        if item is not None:
            self.open_meeting(item.data(Qt.ItemDataRole.UserRole))

    def open_meeting(self, meeting_id: str | None) -> bool:
        """Replace the window's board with a meeting from the library (asking to save first)."""
        library = self.connect_library()
        if library is None or meeting_id is None or not self.window.maybe_save():
            return False
        from boardtool.library.meetings import open_meeting

        try:
            opened = open_meeting(library, meeting_id)
        except BoardError as exc:
            QMessageBox.critical(self.window, "Cannot open the meeting", str(exc))
            return False
        doc = BoardDocument(opened.board)
        self.window.set_document(doc)
        self.opened, self.opened_doc = opened, doc
        self.window.statusBar().showMessage(f"Opened the meeting from the library ({library.where})", 5000)
        return True

    def _origin(self, doc: BoardDocument) -> Opened:
        from boardtool.library.meetings import Opened

        if self.opened_doc is not doc or self.opened is None:
            self.opened, self.opened_doc = Opened(None, doc.board, 0, {}), doc
        return self.opened

    def save_to_library(self) -> bool:
        """Save the window's board to the library; on a conflict, compare and let the user choose."""
        library = self.connect_library()
        if library is None:
            QMessageBox.warning(self.window, "Library", self.where.text())
            return False
        from boardtool.library.saving import save_meeting

        doc = self.window.doc
        opened = self._origin(doc)
        while True:
            try:
                saved = save_meeting(library, replace(opened, board=doc.board))
            except ConflictError as exc:
                dialog = CompareDialog(exc.conflicts, self.window)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    self.window.statusBar().showMessage("Not saved to the library", 5000)
                    return False
                self._apply_choices(doc, opened, exc.conflicts, dialog.choices())
                continue
            except BoardError as exc:
                QMessageBox.critical(self.window, "Cannot save to the library", f"{exc}\n\nYour changes are still open here.")
                return False
            break
        self.opened, self.opened_doc = saved, doc
        if doc.path is None:
            doc.undo_stack.setClean()
        self.window.statusBar().showMessage(f"Saved to {library.described}", 5000)
        self.refresh()
        return True

    def _apply_choices(self, doc: BoardDocument, opened: Opened, conflicts, choices: dict[str, str]) -> None:
        doc.undo_stack.beginMacro("Take changes saved meanwhile")
        for conflict in conflicts:
            if conflict.kind == "meeting":
                opened.meeting_version = conflict.their_version
                if choices[conflict.key] != KEEP_MINE:
                    theirs = Meeting.model_validate(conflict.theirs)
                    for name in type(theirs).model_fields:
                        doc.edit(None, name, getattr(theirs, name))
                continue
            opened.case_versions[conflict.key] = conflict.their_version
            if choices[conflict.key] != KEEP_MINE:
                theirs = Case.model_validate(conflict.theirs)
                cases = [theirs if case.id == theirs.id else case for case in doc.board.cases]
                if doc.board.case_by_id(theirs.id) is None:
                    cases.append(theirs)
                doc.undo_stack.push(ReplaceCases(doc, cases, "Take the saved case", theirs.id))
        doc.undo_stack.endMacro()

    # -- the window's current case -----------------------------------------------------

    def shown(self) -> None:
        """Bring the worklists and the current patient's record up to date when the pane appears."""
        self.refresh()
        self.show_earlier(self.window.cases.current_case_id())

    def follow(self, doc: BoardDocument) -> None:
        """Follow the window's board: forget a library origin that is not this board's."""
        if doc is not self.opened_doc:
            self.opened, self.opened_doc = None, None
        self.window.cases.case_selected.connect(self.show_earlier)
        self.show_earlier(self.window.cases.current_case_id())

    def show_earlier(self, case_id: str | None) -> None:
        """Show what the board recommended before for the selected case's patient."""
        case = self.window.doc.board.case_by_id(case_id) if case_id else None
        if case is None or not self.isVisible() or self.connect_library() is None:
            self.earlier.setText("")
            return
        from boardtool.library.returning import earlier_recommendations, find_last_case  # the database, when shown

        patient = case.patient
        try:
            last = find_last_case(self.library, patient.mrn, patient.name, patient.birth_date)
            self._show_earlier_list(earlier_recommendations(self.library, last) if last else [])
        except LibraryError as exc:
            self.earlier.setText(str(exc))

    def _show_earlier_list(self, earlier) -> None:
        lines = [f"{fmt_date(r.meeting_date or r.finalised_on)}: {r.text}" for r in earlier[:5]]
        self.earlier.setText("\n".join(lines) or "No earlier recommendation in the library.")


def install_library_pane(window) -> LibraryPane:
    """Add the library pane as a dock and a Library menu to the main window; return the pane."""
    pane = LibraryPane(window)
    dock = QDockWidget("Library", window)
    dock.setObjectName("libraryDock")
    dock.setWidget(pane)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    dock.visibilityChanged.connect(lambda visible: visible and pane.shown())
    menu = QMenu("Li&brary", window)
    bar = window.menuBar()
    last = bar.actions()[-1] if bar.actions() else None  # Help stays the last menu
    bar.insertMenu(last, menu) if last is not None else bar.addMenu(menu)
    toggle = dock.toggleViewAction()
    toggle.setText("Show &library")
    toggle.setShortcut(QKeySequence("Ctrl+Alt+L"))
    menu.addAction(toggle)
    for text, slot, keys in (("&Save to library", pane.save_to_library, "Ctrl+Alt+S"),
                             ("&Returning patient…", pane.returning_patient, "Ctrl+Alt+R"),
                             ("Re&fresh worklists", pane.refresh, "F5")):
        action = menu.addAction(text)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
    pane.dock = dock
    return pane
