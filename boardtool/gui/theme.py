"""Colours that follow the palette: readable marks, prompts and titles on light and dark desktops."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QStyle, QStyleOptionGroupBox, QWidget

LIGHT = {
    "problem_border": "#c0392b", "problem_bg": "#fdf1ef", "problem_fg": "#1b1b1b", "problem_text": "#a93226",
    "ok_text": "#1e7d4f", "prompt_fg": "#6b4200", "prompt_bg": "#fff6e0", "prompt_border": "#e3c88e",
    "hint": "#4f5b66", "title": "#1f3a5f",
}
DARK = {
    "problem_border": "#ff7b6b", "problem_bg": "#4a2320", "problem_fg": "#f4f4f4", "problem_text": "#ff9d90",
    "ok_text": "#7fd6a4", "prompt_fg": "#ffd98a", "prompt_bg": "#3b3020", "prompt_border": "#8a6a2e",
    "hint": "#b8c2cc", "title": "#9cc3ff",
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Return True when the palette draws light text on a dark window."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < palette.color(QPalette.ColorRole.WindowText).lightness()


def colours(palette: QPalette | None = None) -> dict[str, str]:
    """Return boardtool's own colours for this palette."""
    return DARK if is_dark(palette) else LIGHT


def colour(name: str) -> QColor:
    """Return one of boardtool's colours for the application's palette."""
    return QColor(colours()[name])


LABEL_COLOURS = {"problemText": "problem_text", "okText": "ok_text", "hint": "hint"}
PROMPT = "prompt"


def problem_sheet(palette: QPalette | None = None) -> str:
    """Return the style sheet of a field that has a problem (set on that field alone)."""
    c = colours(palette)
    return (f'*[problem="true"] {{ border: 1.5px solid {c["problem_border"]}; background: {c["problem_bg"]}; '
            f'color: {c["problem_fg"]}; }}')


def prompt_sheet(palette: QPalette | None = None) -> str:
    """Return the style sheet of a prompt label: the board's question framed in a soft box."""
    c = colours(palette)
    return (f"QLabel {{ color: {c['prompt_fg']}; background: {c['prompt_bg']}; "
            f"border: 1px solid {c['prompt_border']}; padding: 6px; border-radius: 4px; }}")


def mark_problem(widget: QWidget, marked: bool) -> None:
    """Draw a field with or without the problem mark.

    The mark is a style sheet on the field alone: an application-wide sheet would make Qt style
    every widget of the window through style sheets, which made a large board's window take
    about 0.6 s longer to build and draw."""
    widget.setProperty("problem", marked)
    sheet = problem_sheet() if marked else ""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def mark_label(label: QLabel, role: str) -> None:
    """Give a label one of boardtool's roles: 'problemText', 'okText', 'hint' (a coloured text) or
    'prompt' (a framed note); the colours follow the palette."""
    if label.objectName() != role:
        label.setObjectName(role)
    _paint_label(label)


def _paint_label(label: QLabel) -> None:
    role = label.objectName()
    if role == PROMPT:
        sheet = prompt_sheet()
        if label.styleSheet() != sheet:
            label.setStyleSheet(sheet)
        return
    palette = label.palette()
    name = LABEL_COLOURS.get(role)
    wanted = QColor(colours()[name]) if name else QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    if palette.color(QPalette.ColorRole.WindowText) != wanted:
        palette.setColor(QPalette.ColorRole.WindowText, wanted)
        label.setPalette(palette)


def follow_palette() -> None:
    """Recolour every marked field and every label with a role after the palette changed
    (a desktop switching between light and dark)."""
    for widget in QApplication.allWidgets():
        if widget.property("problem") is True:
            widget.setStyleSheet(problem_sheet())
        elif isinstance(widget, QLabel) and (widget.objectName() in LABEL_COLOURS or widget.objectName() == PROMPT):
            _paint_label(widget)


def contrast(first: QColor, second: QColor) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        parts = [x / 255 for x in (c.red(), c.green(), c.blue())]
        r, g, b = ((x / 12.92) if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in parts)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class BoardStyle(QProxyStyle):
    """The platform's style, with three changes:

    - check boxes outlined in the text colour so that an unticked box shows: in lists and tables
      always (Fusion draws none there), elsewhere on a dark palette (where Fusion draws its
      outline darker than the window);
    - group box titles in bold, in the title colour of the palette (greyed when disabled);
    - the mouse wheel never changes a drop-down list's value: scrolling a form over a list
      scrolls the form, instead of silently choosing another stage or status."""

    BOXES = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        in_view = element == QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck
        if element in self.BOXES and (in_view or is_dark(option.palette)):
            outline = QColor(option.palette.color(QPalette.ColorRole.Text))
            outline.setAlphaF(0.75 if is_dark(option.palette) else 0.55)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(outline, 1.2))
            painter.setBrush(QColor(0, 0, 0, 0))
            size = min(option.rect.width(), option.rect.height(), 16) - 2
            box = QRectF(0, 0, size, size)
            box.moveCenter(QRectF(option.rect).center())
            painter.drawRoundedRect(box, 2, 2)
            painter.restore()

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        if control != QStyle.ComplexControl.CC_GroupBox or not isinstance(option, QStyleOptionGroupBox):
            super().drawComplexControl(control, option, painter, widget)
            return
        titled = QStyleOptionGroupBox(option)
        if option.state & QStyle.StateFlag.State_Enabled:
            title = QColor(colours(option.palette)["title"])
            titled.textColor = title
            titled.palette.setColor(QPalette.ColorRole.WindowText, title)
        painter.save()
        painter.setFont(_bold(painter.font()))
        super().drawComplexControl(control, titled, painter, widget)
        painter.restore()

    def styleHint(self, hint, option=None, widget=None, returnData=None) -> int:
        if hint == QStyle.StyleHint.SH_ComboBox_AllowWheelScrolling:
            return 0
        return super().styleHint(hint, option, widget, returnData)

    def subControlRect(self, control, option, sub, widget=None) -> QRect:
        rect = super().subControlRect(control, option, sub, widget)
        if (control == QStyle.ComplexControl.CC_GroupBox and sub == QStyle.SubControl.SC_GroupBoxLabel
                and isinstance(option, QStyleOptionGroupBox) and option.text):
            font = widget.font() if widget is not None else QApplication.font()
            wider = (QFontMetrics(_bold(font)).horizontalAdvance(option.text)
                     - QFontMetrics(font).horizontalAdvance(option.text))
            rect.setWidth(rect.width() + max(wider, 0) + 2)
        return rect


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold
