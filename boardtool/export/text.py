"""Text for the exports: cleaning, escaping with font fallback, and measured wrapping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from boardtool.export import fonts

REPLACEMENT = "\ufffd"
# Characters XML 1.0 cannot carry (C0 controls other than tab and newline, lone
# surrogates, U+FFFE/U+FFFF); both PowerPoint and PDF text are XML-like underneath.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TOKENS = re.compile(r"\S+\s*|\s+")


def clean(text: str) -> str:
    """Return text safe for XML: line breaks unified, unusable control characters replaced."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub(REPLACEMENT, text)


def shorten(text: str, limit: int) -> str:
    """Return text cut to ``limit`` characters with an ellipsis: for running labels (footers,
    headers, kickers, bookmarks) whose full text stands elsewhere in the document."""
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def one_line(text: str, width: float, size: float, bold: bool = True) -> str:
    """Return a label shortened with an ellipsis until it fits one line of ``width`` points."""
    while len(text) > 1 and len(wrap([Run(text, bold)], width, size)) > 1:
        text = shorten(text, max(1, int(len(text) * 0.85)))
    return text


def pdf_markup(text: str) -> str:
    """Return user text as ReportLab paragraph markup: escaped, CJK in the fallback font,
    and characters neither font has shown as their code point, e.g. [U+1F600]."""
    out: list[str] = []
    run: list[str] = []
    in_cjk = False

    def flush() -> None:
        if run:
            chunk = escape("".join(run))
            out.append(f'<font name="{fonts.CJK}">{chunk}</font>' if in_cjk else chunk)
            run.clear()

    for char in clean(text):
        if char == "\n":
            flush()
            out.append("<br/>")
            continue
        if char.isspace() and not fonts.covers(fonts.FAMILY, char):
            cjk, piece = False, " "  # a tab or an unusual space prints as a space
        elif fonts.covers(fonts.FAMILY, char):
            cjk, piece = False, char
        elif fonts.covers(fonts.CJK, char):
            cjk, piece = True, char
        else:
            cjk, piece = False, f"[U+{ord(char):04X}]"
        if cjk != in_cjk:
            flush()
            in_cjk = cjk
        run.append(piece)
    flush()
    return "".join(out)


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph in one style."""

    text: str
    bold: bool = False


def split_tokens(runs: list[Run]) -> list[Run]:
    """Return the runs cut into words, each keeping its trailing spaces."""
    return [Run(token, run.bold) for run in runs for token in _TOKENS.findall(run.text)]


def wrap(runs: list[Run], width: float, size: float) -> list[list[Run]]:
    """Return the lines that the runs occupy in ``width`` points; joining them gives
    back every character. Words too long for a line are broken between characters."""
    lines: list[list[Run]] = [[]]
    used = 0.0
    for token in split_tokens(runs):
        visible = fonts.text_width(token.text.rstrip(), size, token.bold)
        if used and used + visible > width:
            lines.append([])
            used = 0.0
        if visible > width:
            for piece in _break_word(token, width, size):
                if lines[-1]:
                    lines.append([])
                lines[-1].append(piece)
            used = fonts.text_width(lines[-1][-1].text, size, token.bold)
            continue
        lines[-1].append(token)
        used += fonts.text_width(token.text, size, token.bold)
    return [line for line in lines if line] or [[]]


def _break_word(token: Run, width: float, size: float) -> list[Run]:
    pieces, current, used = [], "", 0.0
    for char in token.text:
        w = fonts.char_width(char, token.bold) * size / 1000.0
        if current and used + w > width and not char.isspace():
            pieces.append(Run(current, token.bold))
            current, used = "", 0.0
        current += char
        used += w
    if current:
        pieces.append(Run(current, token.bold))
    return pieces


def merge(runs: list[Run]) -> list[Run]:
    """Return runs with neighbours of the same style joined."""
    groups: list[tuple[bool, list[str]]] = []
    for run in runs:
        if groups and groups[-1][0] == run.bold:
            groups[-1][1].append(run.text)
        elif run.text:
            groups.append((run.bold, [run.text]))
    return [Run("".join(texts), bold) for bold, texts in groups]


def chunks(text: str, size: int = 1500) -> list[str]:
    """Return long text cut into pieces of about ``size`` characters, at a line end, a
    sentence end or a space where there is one, so that a page layout need not measure
    100,000 characters at once; joining them gives back the text."""
    pieces = []
    while len(text) > size:
        window = text[size // 2:size]
        cut = max(window.rfind("\n"), window.rfind(". "), window.rfind(" "))
        at = size // 2 + cut + 1 if cut >= 0 else size
        pieces.append(text[:at])
        text = text[at:]
    return [*pieces, text]
