"""Editable tables for lists of records (markers, sites, actions, attendees).

A table is redrawn in place: cells keep their items, and nothing written while the table
is being drawn counts as an edit. So a save that runs inside the table's own ``itemChanged``
never deletes the item that the signal is still handling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui import theme
from boardtool.gui.document import BoardDocument, Refusal, Scope, first_message
from boardtool.gui.fields import field_source, parse, select_data, show, tooltip


@dataclass(frozen=True)
class Column:
    """One column: the record field it edits, its header and its kind of value."""

    field: str
    header: str
    kind: str = "text"  # text, date, int, float, choice, bool
    choices: tuple[tuple[Any, str], ...] | Callable[[Any], list[tuple[Any, str]]] = ()
    width: int = 0
    suggestions: Callable[[Any], list[str]] | None = None  # catalog → words offered while typing


VALUE = Qt.ItemDataRole.UserRole  # the stored value of a choice cell; its text is the value's label


class _CellEditors(QStyledItemDelegate):
    """Cell editors: a list of choices for choice columns (F2 or typing opens it, Enter takes it);
    a line that offers the catalog's words for the text columns that have them."""

    def __init__(self, table: RecordTable):
        super().__init__(table.table)
        self.owner = table

    def createEditor(self, parent, option, index):
        column = self.owner.columns[index.column()]
        if column.kind == "choice":
            box = QComboBox(parent)
            for data, label in self.owner.choices(column):
                box.addItem(label, data)
            box.setAccessibleName(column.header)
            return box
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setAccessibleName(column.header)
            if column.suggestions is not None:
                completer = QCompleter(column.suggestions(self.owner.doc.catalog), editor)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                editor.setCompleter(completer)
        return editor

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, QComboBox):
            select_data(editor, index.data(VALUE))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QComboBox):
            if editor.currentData() != index.data(VALUE):
                model.setData(index, editor.currentData(), VALUE)  # the table stores it from itemChanged
            return
        super().setModelData(editor, model, index)


class _Table(QTableWidget):
    """A table that asks for the height its rows need (see RecordTable._fit_rows), not Qt's default."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumHeight() or hint.height())


ROWS_SHOWN = 6  # a longer list scrolls inside its table


class RecordTable(QWidget):
    """A titled table editing the list of records at ``path`` through the undo stack."""

    def __init__(self, doc: BoardDocument, path: str | Callable[[], str], record_type: type, columns: list[Column],
                 scope: Scope, title: str, parent: QWidget | None = None, item: str = ""):
        super().__init__(parent)
        self.doc, self.record_type, self.columns, self.scope = doc, record_type, columns, scope
        self._path = path
        self.title = title
        self.table = _Table(0, len(columns), self)
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels([c.header for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next field, arrows move between cells
        self.table.verticalHeader().setVisible(False)
        self.table.setItemDelegate(_CellEditors(self))
        self._size_columns()
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(self._item_changed)
        self.message = QLabel(self)
        theme.mark_label(self.message, "problemText")
        self.message.setWordWrap(True)
        self.message.hide()
        self.add_button = QPushButton(f"Add {item or title.rstrip('s').lower()}", self)
        self.add_button.clicked.connect(self.add_row)
        remove = QPushButton("Remove", self)
        remove.setToolTip("Remove the selected row (Ctrl+Delete)")
        remove.clicked.connect(self.remove_row)
        # only while this table has the focus: with a window-wide context the shortcuts of the
        # window's many tables are ambiguous and none of them fires
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Delete), self.table, activated=self.remove_row,
                  context=Qt.ShortcutContext.WidgetShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._loading = False
        self._floor: int | None = None  # the least height the table was given, before fitting its rows
        self._problems: dict[str, str] = {}  # cell path → the problems shown at that cell

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        for index, column in enumerate(self.columns):
            if column.kind in ("bool", "date", "choice"):
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
            elif column.width:
                header.resizeSection(index, column.width)
        header.setStretchLastSection(True)

    # -- model ↔ table -------------------------------------------------------

    @property
    def path(self) -> str:
        """Return the model path of the list this table edits (it may follow a selection)."""
        return self._path() if callable(self._path) else self._path

    def records(self) -> list:
        try:
            return list(self.doc.value(self.scope(), self.path) or [])
        except (KeyError, IndexError, AttributeError):
            return []

    def cell_path(self, row: int, col: int) -> str:
        """Return the model path that a cell edits."""
        return f"{self.path}.{row}.{self.columns[col].field}"

    def refresh(self) -> None:
        """Show the model's records, changing only the cells whose content differs."""
        if self._loading:
            return
        self._loading = True
        try:
            records = self.records()
            resized = self.table.rowCount() != len(records) or self._floor is None
            if self.table.rowCount() != len(records):
                self.table.setRowCount(len(records))
            for row, record in enumerate(records):
                for col, column in enumerate(self.columns):
                    self._set_cell(row, col, column, getattr(record, column.field))
            if resized:
                self._fit_rows()
        finally:
            self._loading = False

    def clear(self) -> None:
        """Show no rows (no record selected to edit)."""
        self.table.setRowCount(0)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Make the table tall enough to show its rows without scrolling, up to ROWS_SHOWN; it
        never gets lower than the height it was given."""
        if self._floor is None:
            self._floor = self.table.minimumHeight()
        rows = min(self.table.rowCount(), ROWS_SHOWN)
        height = sum(self.table.rowHeight(row) for row in range(rows)) or 0
        chrome = (self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
                  + self.table.horizontalScrollBar().sizeHint().height())
        self.table.setMinimumHeight(max(self._floor, height + chrome))

    def choices(self, column: Column) -> list[tuple[Any, str]]:
        """Return the (value, label) pairs offered in a choice column."""
        return list(column.choices(self.doc.catalog) if callable(column.choices) else column.choices)

    def _set_cell(self, row: int, col: int, column: Column, value: Any) -> None:
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            if column.kind == "bool":
                item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, col, item)
        path = self.cell_path(row, col)
        refusal = self.doc.refusal(self.scope(), path)
        if column.kind == "bool":
            state = Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if item.data(Qt.ItemDataRole.CheckStateRole) is None or item.checkState() != state:
                item.setCheckState(state)  # a new cell has no box at all until its state is set
        elif column.kind == "choice":
            label = dict(self.choices(column)).get(value, "" if value is None else f"{value} (not in the list)")
            if item.data(VALUE) != value or item.text() != label:
                item.setData(VALUE, value)
                item.setText(label)
        else:
            text = refusal.text if refusal else show(column.kind, value)
            if item.text() != text:
                item.setText(text)
        problem = self._problems.get(path, "")
        self._paint(item, refusal is not None or bool(problem))
        tip = tooltip(problem, self._source(path))
        if item.toolTip() != tip:
            item.setToolTip(tip)

    def _source(self, path: str) -> str:
        """Return where a cell's value was imported from ('' when it was typed, or outside a case)."""
        scope = self.scope()
        case = self.doc.board.case_by_id(scope) if scope else None
        return field_source(case, path) if case is not None else ""

    def _paint(self, item: QTableWidgetItem, problem: bool) -> None:
        brush = QBrush(theme.colour("problem_bg")) if problem else QBrush()
        fore = QBrush(theme.colour("problem_fg")) if problem else QBrush()
        if item.background() != brush:
            item.setBackground(brush)
            item.setForeground(fore)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        row, col, text = item.row(), item.column(), item.text()  # read before anything can redraw
        column = self.columns[col]
        if column.kind == "bool":
            self._commit_cell(row, col, item.checkState() == Qt.CheckState.Checked, text)
            return
        if column.kind == "choice":
            self._commit_cell(row, col, item.data(VALUE), text)
            return
        try:
            value = parse(column.kind, text)
        except ValueError as exc:
            self._refuse(row, col, text, str(exc))
            return
        self._commit_cell(row, col, value, text)

    def _commit_cell(self, row: int, col: int, value: Any, text: str) -> None:
        records = self.records()
        if row >= len(records):
            return
        field = self.columns[col].field
        try:
            record = self.record_type.model_validate({**records[row].model_dump(), field: value})
        except ValueError as exc:
            self._refuse(row, col, text, first_message(exc))
            return
        records[row] = record
        scope = self.scope()
        if self.doc.edit(scope, self.path, records):
            self.doc.accept(scope, self.cell_path(row, col))
            self.refresh()
        else:
            self._refuse(row, col, text, self.doc.last_refusal)

    def _refuse(self, row: int, col: int, text: str, why: str) -> None:
        label = f"{self.title} row {row + 1} › {self.columns[col].header}"
        self.doc.refuse(self.scope(), self.cell_path(row, col), Refusal(label, text, why))
        self.refresh()
        self._say(f"{label}: '{text}' was not accepted ({why})")

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
        if message != self.message.text():
            self.message.setText(message)
        if self.message.isVisibleTo(self) != bool(message):
            self.message.setVisible(bool(message))

    def mark(self, messages: dict[str, list[str]]) -> None:
        """Show the problems that concern this table (path → messages) under it and at their cells:
        a problem of a whole row at its first cell, one of the whole list under the table only."""
        self._say("\n".join(m for ms in messages.values() for m in ms))
        cells: dict[str, list[str]] = {}
        for path, found in messages.items():
            cell = self.cell_of(path)
            if cell is not None:
                cells.setdefault(self.cell_path(*cell), []).extend(found)
        problems = {path: "\n".join(found) for path, found in cells.items()}
        if problems != self._problems:
            self._problems = problems
            self.refresh()

    def cell_of(self, path: str) -> tuple[int, int] | None:
        """Return the (row, column) of the cell that shows a field path inside this table's list."""
        rest = path[len(self.path) + 1:].split(".") if path.startswith(self.path + ".") else []
        if not rest or not rest[0].isdigit() or int(rest[0]) >= self.table.rowCount():
            return None
        fields = [column.field for column in self.columns]
        return int(rest[0]), fields.index(rest[1]) if len(rest) > 1 and rest[1] in fields else 0

    def edits(self, path: str) -> bool:
        """Return True when a column of this table edits exactly this field ('….2.dose')."""
        rest = path[len(self.path) + 1:].split(".") if path.startswith(self.path + ".") else []
        return len(rest) == 2 and rest[0].isdigit() and rest[1] in {column.field for column in self.columns}

    def select_path(self, path: str) -> None:
        """Make the cell that shows a field path the current one (for the jump to a problem)."""
        cell = self.cell_of(path)
        if cell is not None:
            self.table.setCurrentCell(*cell)
