"""Looking at the window's geometry as a user sees it: what does not fit where it is drawn."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidget,
    QWidget,
)

SLACK = 2  # pixels of rounding


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", lambda: "")() if not isinstance(widget, QComboBox) else widget.currentText()
    return f"{type(widget).__name__} '{widget.accessibleName() or text}'"


def _own_size_problem(widget: QWidget) -> str | None:
    """Return why a label or editor does not fit its own rectangle, or None."""
    size, hint = widget.size(), widget.sizeHint()
    if isinstance(widget, QLabel):
        if not widget.text() or widget.pixmap() and not widget.pixmap().isNull():
            return None
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            return f"needs {needed} px of height, has {size.height()}" if needed > size.height() + SLACK else None
    elif isinstance(widget, QComboBox):
        needed = widget.fontMetrics().horizontalAdvance(widget.currentText()) + 30
        return f"'{widget.currentText()}' needs {needed} px, has {size.width()}" if needed > size.width() + SLACK else None
    elif isinstance(widget, QLineEdit):
        hint = widget.minimumSizeHint()
    elif not isinstance(widget, QAbstractButton):
        return None
    if hint.width() > size.width() + SLACK or hint.height() > size.height() + SLACK:
        return f"size hint {hint.width()}×{hint.height()} in {size.width()}×{size.height()}"
    return None


def _edge_problem(widget: QWidget) -> str | None:
    """Return how far a widget runs past the right edge of the scroll area it is in, or None."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is None or parent.horizontalScrollBar().isVisible() or not parent.viewport().isAncestorOf(widget):
        return None
    viewport = parent.viewport()
    right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
    return f"runs {right - viewport.width()} px past the right edge" if right > viewport.width() + SLACK else None


def _table_problems(table: QTableWidget) -> list[str]:
    header = table.horizontalHeader()
    problems = []
    for col in range(table.columnCount()):
        text = table.horizontalHeaderItem(col).text()
        needed = header.fontMetrics().horizontalAdvance(text) + 8
        if header.sectionSize(col) + SLACK < needed or header.isSectionHidden(col):
            problems.append(f"header '{text}' needs {needed} px, has {header.sectionSize(col)}")
    if header.length() > table.viewport().width() + SLACK and not table.horizontalScrollBar().isVisible():
        problems.append(f"{header.length()} px of columns in {table.viewport().width()} px, no scroll bar")
    return problems


def misfits(root: QWidget) -> list[str]:
    """Return every visible label, button, editor and table under ``root`` that is clipped."""
    QApplication.processEvents()
    found = []
    for widget in root.findChildren(QWidget):
        if not _shown(widget):
            continue
        for problem in (_own_size_problem(widget), _edge_problem(widget)):
            if problem:
                found.append(f"{_name(widget)}: {problem}")
        if isinstance(widget, QTableWidget):
            found += [f"table '{widget.accessibleName()}': {p}" for p in _table_problems(widget)]
    return found


def pages(window):
    """Yield (name, page) for the meeting page and each tab of the case editor, each shown in turn."""
    window.show_meeting()
    yield "meeting", window.centre.currentWidget()
    for index in range(window.editor.count()):
        window.show_case_tab(index)
        yield window.editor.tabText(index), window.editor.currentWidget()
