"""Folded text for matching identifiers: case, accents, ligatures, dashes and apostrophes
compared loosely, with a map back to the original characters."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = {
    "ß": "ss", "ẞ": "ss", "ı": "i", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ħ": "h",
    "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ŋ": "n", "Ŋ": "n", "ſ": "s",
}
DASHES = "-‐‑‒–—―−⁃﹘﹣－"
APOSTROPHES = "'’‘‛ʼʻʹ`´′＇"


@functools.lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """Return one character folded: lower case, no accents, one dash, one apostrophe ('' for a mark)."""
    if char in _LETTERS:
        return _LETTERS[char]
    try:
        decomposed = unicodedata.normalize("NFKD", char.casefold())
    except (ValueError, TypeError):  # never expected; folding must not stop a scrub
        decomposed = char
    out = []
    for piece in decomposed:
        if unicodedata.combining(piece):
            continue
        if piece in DASHES:
            piece = "-"
        elif piece in APOSTROPHES:
            piece = "'"
        out.append(_LETTERS.get(piece, piece))
    return "".join(out)


def fold(text: str) -> str:
    """Return the text folded for matching."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(map(fold_char, text))


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, where it came from in the original."""

    text: str
    origin: tuple[int, ...] | None  # None: one folded character per original character
    length: int  # of the original text

    @classmethod
    def of(cls, text: str) -> Folded:
        """Return the folded form of ``text`` with its map back to the original."""
        if text.isascii():
            return cls(fold(text), None, len(text))
        pieces, origin = [], []
        for index, char in enumerate(text):
            piece = fold_char(char)
            pieces.append(piece)
            origin.extend([index] * len(piece))
        return cls("".join(pieces), tuple(origin), len(text))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original characters behind folded ``[start, end)``: whole characters,
        and any marks that follow them."""
        if self.origin is None:
            return start, end
        size = len(self.origin)
        first = self.origin[start] if start < size else self.length
        if end <= start:
            return first, first
        last = self.origin[end - 1]
        while end < size and self.origin[end] == last:
            end += 1  # a match ending inside one character's folding takes the whole character
        return first, (self.origin[end] if end < size else self.length)
