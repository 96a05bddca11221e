"""Colours that follow the palette: readable marks, prompts and titles on light and dark desktops."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle

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


def style_sheet(palette: QPalette | None = None) -> str:
    """Return the application's style sheet for this palette."""
    c = colours(palette)
    return f"""
*[problem="true"] {{ border: 1.5px solid {c['problem_border']}; background: {c['problem_bg']}; color: {c['problem_fg']}; }}
QLabel#problemText {{ color: {c['problem_text']}; }}
QLabel#okText {{ color: {c['ok_text']}; }}
QLabel#prompt {{ color: {c['prompt_fg']}; background: {c['prompt_bg']}; border: 1px solid {c['prompt_border']};
                padding: 6px; border-radius: 4px; }}
QLabel#hint {{ color: {c['hint']}; }}
QGroupBox {{ font-weight: bold; margin-top: 10px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 6px; padding: 0 3px; color: {c['title']}; }}
"""


def contrast(first: QColor, second: QColor) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        parts = [x / 255 for x in (c.red(), c.green(), c.blue())]
        r, g, b = ((x / 12.92) if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in parts)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class ReadableChecks(QProxyStyle):
    """The platform's style, with check boxes outlined in the text colour so that an unticked box
    shows: in lists and tables always (Fusion draws none there), elsewhere on a dark palette
    (where Fusion draws its outline darker than the window)."""

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
