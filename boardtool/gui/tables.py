"""Editable tables for lists of records (markers, sites, history, actions, attendees)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.fields import parse, show

PROBLEM_BACKGROUND = QColor("#FDECEA")


@dataclass(frozen=True)
class Column:
    """One column: the record field it edits, its header and its kind of value."""

    field: str
    header: str
    kind: str = "text"  # text, date, int, float, choice, bool
    choices: tuple[tuple[Any, str], ...] | Callable[[Any], list[tuple[Any, str]]] = ()
    width: int = 0


class RecordTable(QWidget):
    """A titled table editing the list of records at ``path`` through the undo stack."""

    def __init__(self, doc, path: str, record_type: type, columns: list[Column], scope: Callable[[], str | None],
                 title: str, parent: QWidget | None = None, item: str = ""):
        super().__init__(parent)
        self.doc, self.path, self.record_type, self.columns, self.scope = doc, path, record_type, columns, scope
        self.table = QTableWidget(0, len(columns), self)
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels([c.header for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for index, column in enumerate(columns):
            if column.width:
                header.resizeSection(index, column.width)
        header.setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.Stretch) if len(columns) > 1 else None
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(self._item_changed)
        self.message = QLabel(self)
        self.message.setObjectName("problemText")
        self.message.setWordWrap(True)
        self.message.hide()
        add = QPushButton(f"Add {item or title.rstrip('s').lower()}", self)
        add.clicked.connect(self.add_row)
        remove = QPushButton("Remove", self)
        remove.clicked.connect(self.remove_row)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Delete), self.table, activated=self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._loading = False

    # -- model ↔ table -------------------------------------------------------

    def records(self) -> list:
        try:
            return list(self.doc.value(self.scope(), self.path) or [])
        except KeyError:
            return []

    def refresh(self) -> None:
        """Show the model's records."""
        self._loading = True
        try:
            records = self.records()
            self.table.setRowCount(len(records))
            for row, record in enumerate(records):
                for col, column in enumerate(self.columns):
                    self._set_cell(row, col, column, getattr(record, column.field))
        finally:
            self._loading = False

    def _set_cell(self, row: int, col: int, column: Column, value: Any) -> None:
        if column.kind == "choice":
            box = self.table.cellWidget(row, col)
            if not isinstance(box, QComboBox):
                box = QComboBox()
                choices = column.choices(self.doc.catalog) if callable(column.choices) else column.choices
                for data, label in choices:
                    box.addItem(label, data)
                box.setAccessibleName(column.header)
                box.currentIndexChanged.connect(lambda _i, b=box: self._combo_changed(b))
                self.table.setCellWidget(row, col, box)
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
            return
        item = QTableWidgetItem()
        if column.kind == "bool":
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        else:
            item.setText(show(column.kind, value))
        self.table.setItem(row, col, item)

    def _combo_changed(self, box: QComboBox) -> None:
        for row in range(self.table.rowCount()):
            for col in range(len(self.columns)):
                if self.table.cellWidget(row, col) is box:
                    self._commit_cell(row, col, box.currentData())
                    return

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        column = self.columns[item.column()]
        if column.kind == "bool":
            value = item.checkState() == Qt.CheckState.Checked
        else:
            try:
                value = parse(column.kind, item.text())
            except ValueError as exc:
                item.setBackground(PROBLEM_BACKGROUND)
                self._say(f"Row {item.row() + 1} › {column.header}: {exc}")
                return
            item.setBackground(QColor(0, 0, 0, 0))
        self._commit_cell(item.row(), item.column(), value)

    def _commit_cell(self, row: int, col: int, value: Any) -> None:
        records = self.records()
        if row >= len(records):
            return
        field = self.columns[col].field
        try:
            records[row] = records[row].model_copy(update={field: value})
            records[row] = self.record_type.model_validate(records[row].model_dump())
        except ValueError as exc:
            self._say(f"Row {row + 1} › {self.columns[col].header}: {exc}")
            self.refresh()
            return
        self._say("")
        self.doc.edit(self.scope(), self.path, records)

    def add_row(self) -> None:
        self.doc.edit(self.scope(), self.path, [*self.records(), self.record_type()])
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        records = self.records()
        if 0 <= row < len(records):
            del records[row]
            self.doc.edit(self.scope(), self.path, records)

    # -- problems -------------------------------------------------------------

    def _say(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def mark(self, messages: list[str]) -> None:
        """Show the problems that concern this table (or clear them)."""
        self._say("\n".join(messages))
