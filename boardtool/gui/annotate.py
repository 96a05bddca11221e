"""Annotating a key image: draw arrows, circles and short labels over the picture.

The marks are kept beside the picture as fractions of its width and height; the
stored picture itself is never changed. The whole session is one undoable edit.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.imageio import read_image
from boardtool.gui.theme import mark_label
from boardtool.model.board import ANNOTATION_TEXT_MAX, ANNOTATIONS_MAX, Annotation
from boardtool.model.terms import ANNOTATION_KIND_LABELS, label

MARK_COLOUR = QColor("#FFD21F")
SHADE = QColor(0, 0, 0)
SELECTED = QColor("#38BDF8")
TOOL_TIPS = {"arrow": "Drag from the tail to the tip", "circle": "Drag across the area to ring",
             "text": "Type the label below, then click where it starts"}
SMALLEST_DRAG = 0.02  # of the picture's size: shorter drags are taken for slips


def upright_image(data: bytes) -> QImage:
    """Return the picture turned upright from its EXIF orientation, as the exports show it."""
    return read_image(data)


def fitted(size: QSize, box: QRectF) -> QRectF:
    """Return the largest rectangle of the picture's aspect centred in ``box``."""
    if size.isEmpty():
        return QRectF(box)
    scale = min(box.width() / size.width(), box.height() / size.height())
    w, h = size.width() * scale, size.height() * scale
    return QRectF(box.left() + (box.width() - w) / 2, box.top() + (box.height() - h) / 2, w, h)


def paint_marks(painter: QPainter, rect: QRectF, marks, selected: int = -1) -> None:
    """Draw annotations over a picture shown in ``rect``."""
    weight = max(1.5, min(rect.width(), rect.height()) / 120)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for index, mark in enumerate(marks):
        a = QPointF(rect.left() + mark.x1 * rect.width(), rect.top() + mark.y1 * rect.height())
        b = QPointF(rect.left() + mark.x2 * rect.width(), rect.top() + mark.y2 * rect.height())
        colours = ((SHADE, weight + 2), (SELECTED if index == selected else MARK_COLOUR, weight))
        if mark.kind == "text":
            _paint_label(painter, mark.text, a, rect, index == selected)
            continue
        for colour, width in colours:
            painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if mark.kind == "circle":
                painter.drawEllipse(QRectF(a, b).normalized())
            else:
                painter.drawLine(a, b)
                painter.setBrush(colour)
                painter.drawPolygon(_head(a, b, weight * 4 + width - weight))
    painter.restore()


def _head(a: QPointF, b: QPointF, length: float) -> QPolygonF:
    angle = math.atan2(b.y() - a.y(), b.x() - a.x())
    spread = math.radians(28)
    return QPolygonF([b] + [QPointF(b.x() - length * math.cos(angle + s), b.y() - length * math.sin(angle + s))
                            for s in (spread, -spread)])


def _paint_label(painter: QPainter, text: str, at: QPointF, rect: QRectF, selected: bool) -> None:
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(9, int(min(rect.width(), rect.height()) / 16)))
    painter.setFont(font)
    box = painter.fontMetrics().boundingRect(text).adjusted(-4, -2, 4, 2)
    left = min(max(at.x(), rect.left()), rect.right() - box.width())
    top = min(max(at.y(), rect.top()), rect.bottom() - box.height())
    back = QRectF(left, top, box.width(), box.height())
    path = QPainterPath()
    path.addRoundedRect(back, 3, 3)
    painter.fillPath(path, SHADE)
    if selected:
        painter.setPen(QPen(SELECTED, 2))
        painter.drawPath(path)
    painter.setPen(MARK_COLOUR)
    painter.drawText(back, Qt.AlignmentFlag.AlignCenter, text)


class AnnotationCanvas(QWidget):
    """The picture with its marks; drawing with the mouse adds a mark of the chosen kind."""

    drawn = Signal(object)  # a new Annotation
    refused = Signal(str)  # why a click made no mark

    def __init__(self, image: QImage, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = image
        self.marks: list[Annotation] = []
        self.selected = -1
        self.tool = "arrow"
        self.label_text = lambda: ""
        self._start: QPointF | None = None
        self._end: QPointF | None = None
        self.setMinimumSize(420, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Picture to annotate")

    def picture_rect(self) -> QRectF:
        """Return where the picture is drawn in the widget."""
        return fitted(self.image.size(), QRectF(self.rect()).adjusted(6, 6, -6, -6))

    def fraction(self, point: QPointF) -> tuple[float, float]:
        """Return a widget point as fractions of the picture, kept on the picture."""
        r = self.picture_rect()
        return (min(max((point.x() - r.left()) / r.width(), 0.0), 1.0),
                min(max((point.y() - r.top()) / r.height(), 0.0), 1.0))

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(40, 40, 40))
        rect = self.picture_rect()
        painter.drawImage(rect, self.image)
        shown = list(self.marks)
        if self._start is not None and self._end is not None and self.tool != "text":
            (x1, y1), (x2, y2) = self.fraction(self._start), self.fraction(self._end)
            shown.append(Annotation(kind=self.tool, x1=x1, y1=y1, x2=x2, y2=y2))
        paint_marks(painter, rect, shown, self.selected)
        painter.end()

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.tool == "text":
            text = self.label_text().strip()
            if not text:
                self.refused.emit("Type the label's text first, then click where it goes.")
                return
            x, y = self.fraction(event.position())
            self.drawn.emit(Annotation(kind="text", x1=x, y1=y, x2=x, y2=y, text=text))
            return
        self._start = self._end = event.position()

    def mouseMoveEvent(self, event) -> None:
        if self._start is not None:
            self._end = event.position()
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self._start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        (x1, y1), (x2, y2) = self.fraction(self._start), self.fraction(event.position())
        self._start = self._end = None
        self.update()
        if max(abs(x2 - x1), abs(y2 - y1)) < SMALLEST_DRAG:
            self.refused.emit("Drag a little further: from the tail to the tip, or across the area.")
            return
        self.drawn.emit(Annotation(kind=self.tool, x1=x1, y1=y1, x2=x2, y2=y2))


class AnnotateDialog(QDialog):
    """Edits the marks of one key image; ``marks`` holds the result once accepted."""

    def __init__(self, data: bytes, marks: list[Annotation], title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Annotate — {title}")
        self.marks = [m.model_copy() for m in marks]
        self._history: list[list[Annotation]] = []
        self.canvas = AnnotationCanvas(upright_image(data), self)
        self.canvas.marks = self.marks
        self.canvas.drawn.connect(self._add)
        self.canvas.refused.connect(self._say)
        self.text = QLineEdit(self)
        self.text.setMaxLength(ANNOTATION_TEXT_MAX)
        self.text.setPlaceholderText("Label text, e.g. residual tumour")
        self.text.setAccessibleName("Label text")
        self.canvas.label_text = self.text.text
        self.list = QListWidget(self)
        self.list.setAccessibleName("Marks")
        self.list.currentRowChanged.connect(self._select)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.tools = QButtonGroup(self)
        self._layout()
        self._show(-1)
        self.resize(980, 680)

    def _layout(self) -> None:
        tools = QHBoxLayout()
        for kind, tip in TOOL_TIPS.items():
            button = QPushButton("&" + ANNOTATION_KIND_LABELS[kind], self)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setChecked(kind == "arrow")
            button.clicked.connect(lambda _=False, k=kind: self.set_tool(k))
            self.tools.addButton(button)
            tools.addWidget(button)
        label = QLabel("&Label:", self)
        label.setBuddy(self.text)
        tools.addWidget(label)
        tools.addWidget(self.text, 1)
        side = QVBoxLayout()
        side.addWidget(QLabel("Marks", self))
        side.addWidget(self.list, 1)
        for text, slot in (("&Delete", self.delete_selected), ("&Undo", self.undo), ("Remove a&ll", self.clear)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            side.addWidget(button)
        body = QHBoxLayout()
        body.addWidget(self.canvas, 1)
        body.addLayout(side)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel("Marks are kept beside the picture and drawn over it in the deck and the PDF; "
                      "the picture itself is not changed.", self)
        mark_label(hint, "hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def keyPressEvent(self, event) -> None:
        """Delete removes the selected mark, Ctrl+Z takes back the last step; Esc cancels."""
        if event.matches(QKeySequence.StandardKey.Delete) or (
                event.key() == Qt.Key.Key_Backspace and self.list.hasFocus()):
            self.delete_selected()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        else:
            super().keyPressEvent(event)

    def set_tool(self, kind: str) -> None:
        """Choose what the next drawing makes: arrow, circle or text."""
        self.canvas.tool = kind
        for button, tool in zip(self.tools.buttons(), TOOL_TIPS, strict=True):
            button.setChecked(tool == kind)
        if kind == "text":
            self.text.setFocus()

    def _add(self, mark: Annotation) -> None:
        if len(self.marks) >= ANNOTATIONS_MAX:
            self._say(f"A key image takes at most {ANNOTATIONS_MAX} marks.")
            return
        self._remember()
        self.marks.append(mark)
        self._show(len(self.marks) - 1)

    def delete_selected(self) -> None:
        """Remove the mark selected in the list."""
        row = self.list.currentRow()
        if 0 <= row < len(self.marks):
            self._remember()
            del self.marks[row]
            self._show(min(row, len(self.marks) - 1))

    def clear(self) -> None:
        if self.marks:
            self._remember()
            self.marks.clear()
            self._show(-1)

    def undo(self) -> None:
        """Go back one step within this dialog."""
        if self._history:
            self.marks[:] = self._history.pop()
            self._show(len(self.marks) - 1)

    def _remember(self) -> None:
        self._history.append(list(self.marks))
        self._say("")

    def _show(self, select: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for mark in self.marks:
            self.list.addItem(f"Text: {mark.text}" if mark.kind == "text" else label(ANNOTATION_KIND_LABELS, mark.kind))
        self.list.setCurrentRow(select)
        self.list.blockSignals(False)
        self._select(select)

    def _select(self, row: int) -> None:
        self.canvas.selected = row
        self.canvas.update()

    def _say(self, text: str) -> None:
        self.message.setText(text)
