"""The bundled Unicode fonts: registration for ReportLab and metrics for measuring text."""

from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from boardtool import resources

FAMILY = "BoardSans"
CJK = "BoardCJK"
FILES = {
    FAMILY: "DejaVuSans.ttf",
    f"{FAMILY}-Bold": "DejaVuSans-Bold.ttf",
    f"{FAMILY}-Italic": "DejaVuSans-Oblique.ttf",
    f"{FAMILY}-BoldItalic": "DejaVuSans-BoldOblique.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}
CJK_WIDTH = 1000.0  # an ideograph is one em wide
UNKNOWN_WIDTH = 1000.0


_registering = threading.Lock()


@lru_cache(maxsize=1)
def register() -> None:
    """Register the bundled fonts with ReportLab once per process (from any thread)."""
    with _registering:
        _register()


def _register() -> None:
    for name, file in FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(resources.fonts_dir() / file)))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=FAMILY, bold=f"{FAMILY}-Bold", italic=f"{FAMILY}-Italic",
        boldItalic=f"{FAMILY}-BoldItalic",
    )


@lru_cache(maxsize=8)
def _face(name: str):
    register()
    return pdfmetrics.getFont(name).face


def covers(name: str, char: str) -> bool:
    """Return True when the font has a glyph for the character."""
    return ord(char) in _face(name).charToGlyph


@lru_cache(maxsize=4)
def _widths(bold: bool) -> dict[int, float]:
    return _face(f"{FAMILY}-Bold" if bold else FAMILY).charWidths


@lru_cache(maxsize=65536)
def char_width(char: str, bold: bool) -> float:
    """Return a character's advance in thousandths of an em (wide for characters the font lacks)."""
    width = _widths(bold).get(ord(char))
    if width is not None:
        return width
    if covers(CJK, char):
        return CJK_WIDTH
    return UNKNOWN_WIDTH


@lru_cache(maxsize=32768)
def _word_width(word: str, bold: bool) -> float:
    return sum(char_width(c, bold) for c in word)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width of text in points at the given size."""
    return _word_width(text, bold) * size / 1000.0
