"""The agenda's cases: add, duplicate, remove, drag to reorder, and their status."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from boardtool.gui.document import BoardDocument
from boardtool.model.terms import CASE_STATUS_LABELS, CASE_STATUS_MARKS



class CaseList(QListWidget):
    """One row per case in agenda order; dragging a row reorders the agenda."""

    case_selected = Signal(object)  # case id or None

    def __init__(self, doc: BoardDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.setAccessibleName("Cases on the agenda")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)
        self.model().rowsMoved.connect(self._rows_moved)
        self.currentItemChanged.connect(lambda item, _old: self.case_selected.emit(self._id(item)))
        doc.cases_changed.connect(self._cases_changed)
        doc.changed.connect(self._changed)

    @staticmethod
    def _id(item: QListWidgetItem | None) -> str | None:
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def current_case_id(self) -> str | None:
        return self._id(self.currentItem())

    def refresh(self, select: str | None = None) -> None:
        keep = select or self.current_case_id()
        self.blockSignals(True)  # not the model's: the view must hear of the new rows to show them
        self.clear()
        for number, case in enumerate(self.doc.board.cases, start=1):
            item = QListWidgetItem(self._label(number, case), self)
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            item.setToolTip(case.question)
        ids = [c.id for c in self.doc.board.cases]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        self.setCurrentRow(row)
        self.blockSignals(False)
        self.case_selected.emit(self.current_case_id())  # once, whether or not the row changed

    @staticmethod
    def _label(number: int, case) -> str:
        name = case.patient.name or case.patient.mrn or "New case"
        status = CASE_STATUS_LABELS[case.status].lower()
        return f"{CASE_STATUS_MARKS[case.status]} {number}. {name}\n    {status} · {case.minutes} min"

    def _cases_changed(self, select) -> None:
        self.refresh(select)

    def _changed(self, case_id, path: str) -> None:
        if case_id is None or path.split(".")[0] not in ("patient", "status", "minutes", "question"):
            return
        for row in range(self.count()):
            item = self.item(row)
            if self._id(item) == case_id:
                case = self.doc.board.case_by_id(case_id)
                item.setText(self._label(row + 1, case))
                item.setToolTip(case.question)

    def _rows_moved(self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex, row: int) -> None:
        target = row - 1 if row > start else row
        # let the drop finish before the list is rebuilt from the reordered board
        QTimer.singleShot(0, lambda: self.doc.move_case(start, target))
