"""Cells of a tree or table that wrap long text onto more lines instead of cutting it off."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

PADDING = 8  # pixels of cell margin around the text, left and right together


class WrappingCells(QStyledItemDelegate):
    """Draws a column's text wrapped to the column's width and makes the row as tall as it needs."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        width = self.view.header().sectionSize(index.column()) if hasattr(self.view, "header") else option.rect.width()
        box = item.fontMetrics.boundingRect(QRect(0, 0, max(width - PADDING, 20), 100_000),
                                            Qt.TextFlag.TextWordWrap, item.text)
        return QSize(hint.width(), max(hint.height(), box.height() + PADDING // 2))


def wrap_columns(view, columns: tuple[int, ...]) -> None:
    """Let these columns of a tree view wrap their text, rows growing as the columns are resized."""
    view.setWordWrap(True)
    view.setUniformRowHeights(False)
    delegate = WrappingCells(view)
    for column in columns:
        view.setItemDelegateForColumn(column, delegate)
    view.header().sectionResized.connect(lambda *_: view.doItemsLayout())
