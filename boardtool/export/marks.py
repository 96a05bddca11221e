"""Annotations over a key image in the PDF summary, drawn as vectors on the page."""

from __future__ import annotations

import math

from reportlab.lib import colors

from boardtool.export import fonts, palette
from boardtool.outline_blocks import Mark

MARK_COLOUR = colors.HexColor("#" + palette.MARK)
SHADE = colors.HexColor("#" + palette.MARK_SHADE)


def arrow_head(x1: float, y1: float, x2: float, y2: float, length: float) -> list[tuple[float, float]]:
    """Return the three corners of an arrowhead pointing at x2,y2 along the line from x1,y1."""
    angle = math.atan2(y2 - y1, x2 - x1)
    spread = math.radians(28)
    return [(x2, y2)] + [(x2 - length * math.cos(angle + s), y2 - length * math.sin(angle + s))
                         for s in (spread, -spread)]


def draw_marks(canvas, marks: tuple[Mark, ...], x: float, y: float, width: float, height: float) -> None:
    """Draw annotations over a picture whose lower-left corner is at x,y on the page."""
    def at(fx: float, fy: float) -> tuple[float, float]:
        return x + fx * width, y + (1 - fy) * height  # marks count from the top, the page from the bottom

    weight = max(1.2, min(width, height) / 90)
    canvas.saveState()
    canvas.setLineCap(1)
    for mark in marks:
        (x1, y1), (x2, y2) = at(mark.x1, mark.y1), at(mark.x2, mark.y2)
        for colour, extra in ((SHADE, 1.4), (MARK_COLOUR, 0.0)):
            canvas.setStrokeColor(colour)
            canvas.setFillColor(colour)
            canvas.setLineWidth(weight + extra)
            if mark.kind == "arrow":
                canvas.line(x1, y1, x2, y2)
                path = canvas.beginPath()
                head = arrow_head(x1, y1, x2, y2, weight * 4 + extra)
                path.moveTo(*head[0])
                for point in head[1:]:
                    path.lineTo(*point)
                path.close()
                canvas.drawPath(path, stroke=1, fill=1)
            elif mark.kind == "circle":
                canvas.ellipse(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2), stroke=1, fill=0)
        if mark.kind == "text" and mark.text.strip():
            _label(canvas, mark.text.strip(), x1, y1, x, y, width, height)
    canvas.restoreState()


def _label(canvas, text: str, lx: float, ly: float, x: float, y: float, width: float, height: float) -> None:
    text = "".join(c if fonts.covers(fonts.FAMILY, c) else f"[U+{ord(c):04X}]" for c in text)
    size = max(7.0, min(max(width, height) / 22, 11.0))
    face = f"{fonts.FAMILY}-Bold"
    text_w = min(canvas.stringWidth(text, face, size) + 4, width)
    left = min(max(lx, x), x + width - text_w)
    top = min(max(ly, y + size + 3), y + height)
    canvas.setFillColor(SHADE)
    canvas.roundRect(left, top - size - 3, text_w, size + 3, 1.5, stroke=0, fill=1)
    canvas.setFillColor(MARK_COLOUR)
    canvas.setFont(face, size)
    canvas.drawString(left + 2, top - size, text)
