"""Slide text flow: outline blocks → measured paragraphs → pages that fit their box."""

from __future__ import annotations

from dataclasses import dataclass, replace

from boardtool.export.text import Run, clean, merge, wrap
from boardtool.outline_blocks import Actions, Block, Bullets, Facts, Text

LINE_FACTOR = 1.2  # line height as a multiple of the font size
BULLET_INDENT = 18.0  # points
PANEL_INSET = 14.0  # points of tinted panel on each side of a panel paragraph's text
PANEL_GAP = 16.0  # at least this much space between a panel and the text above or below it
KEEP_WHOLE = 5  # a paragraph this short moves to the next page whole rather than split
KEEP_LIST = 4  # a list of this many lines at most stays with its heading on one page
SMALLEST = 18.0  # no slide text is smaller: readable from the back of a meeting room


@dataclass(frozen=True)
class Para:
    """A paragraph to place on a slide, or the part of one that fits there."""

    runs: tuple[Run, ...]
    size: float = 18.0
    role: str = "body"  # body, heading, emphasis, lead
    bullet: bool = False
    space_before: float = 6.0
    continued: bool = False  # this is the rest of a paragraph begun on the previous page
    panel: bool = False  # set on a tinted panel (the question, a recommendation)

    @property
    def text(self) -> str:
        """Return the paragraph's characters."""
        return "".join(r.text for r in self.runs)

    @property
    def line_height(self) -> float:
        return self.size * LINE_FACTOR


def paras_for(block: Block, size: float) -> list[Para]:
    """Return the paragraphs that show one outline block as slide text."""
    small = max(SMALLEST, size * 0.75)

    def heading(title: str, panel: bool = False) -> Para:
        return Para((Run(clean(title.upper()), True),), small, "heading", space_before=size * 0.7, panel=panel)

    if isinstance(block, Facts):
        out = [heading(block.heading)] if block.heading else []
        return out + [
            Para((Run(clean(f.label) + ": ", True), Run(clean(f.value))), size, space_before=size * 0.25)
            for f in block.items
        ]
    if isinstance(block, Text):
        role = "emphasis" if block.emphasis else "body"
        lines = clean(block.body).split("\n")
        return [heading(block.heading, block.emphasis)] + [
            Para((Run(line),), size, role, space_before=size * 0.25, panel=block.emphasis) for line in lines
        ]
    if isinstance(block, Bullets):
        return [heading(block.heading)] + [
            Para((Run(clean(item)),), size, bullet=True, space_before=size * 0.2) for item in block.items
        ]
    if isinstance(block, Actions):
        return [heading("Actions")] + [
            Para(
                tuple(r for r in (
                    Run(clean(row.what)),
                    Run(" — " + clean(row.who), True) if row.who else None,
                    Run(f" (by {row.due})") if row.due else None,
                ) if r),
                size, bullet=True, space_before=size * 0.2,
            )
            for row in block.rows
        ]
    raise TypeError(f"not a text block: {type(block).__name__}")


def _lines(para: Para, width: float) -> list[list[Run]]:
    usable = width - (BULLET_INDENT if para.bullet else 0.0) - (2 * PANEL_INSET if para.panel else 0.0)
    return wrap(list(para.runs), usable, para.size)


def clear_of_panels(paras: list[Para]) -> list[Para]:
    """Return the paragraphs with room kept between a tinted panel and the text beside it."""
    out: list[Para] = []
    for para in paras:
        if out and out[-1].panel != para.panel and para.space_before < PANEL_GAP:
            para = replace(para, space_before=PANEL_GAP)
        out.append(para)
    return out


def paginate(paras: list[Para], width: float, height: float) -> list[list[Para]]:
    """Return the paragraphs split into pages of ``height`` points; a paragraph longer
    than the room left continues on the next page, and a heading never ends a page."""
    pages: list[list[Para]] = [[]]
    used = 0.0
    queue = clear_of_panels(paras)
    known: dict[int, list] = {}  # the lines of a paragraph's rest: long text is wrapped and joined once
    while queue:
        para = queue.pop(0)
        gap = para.space_before if pages[-1] else 0.0
        cached = known.pop(id(para), None)
        lines = cached or _lines(para, width)
        whole = _with_lines(para, lines) if cached else para
        room = int((height - used - gap) // para.line_height)
        if para.role == "heading" and queue and room >= 1:
            needed = len(lines) * para.line_height + _coming_along(queue, width, known)
            if used + gap + needed > height and pages[-1]:
                room = 0
        if room >= len(lines):
            pages[-1].append(whole)
            used += gap + len(lines) * para.line_height
            continue
        if room > 0 and para.role != "heading" and not (len(lines) <= KEEP_WHOLE and pages[-1]):
            if len(lines) - room == 1 and room >= 3:
                room -= 1  # no line of a paragraph left alone at the top of the next page
            pages[-1].append(_with_lines(para, lines[:room]))
            queue.insert(0, replace(para, runs=(), continued=True, space_before=0.0))
            known[id(queue[0])] = lines[room:]
        elif not pages[-1]:  # a single line taller than the page: place it anyway
            pages[-1].append(whole)
            used = height
            continue
        else:
            queue.insert(0, para)
            known[id(para)] = lines
        pages.append([])
        used = 0.0
    return [page for page in pages if page]


def _coming_along(queue: list[Para], width: float, known: dict[int, list]) -> float:
    """Return the height that must come along with a heading onto its page: a short list under
    it whole (so that a list does not leave one item alone on a "(cont.)" slide), else its
    first paragraph (whole when short, else its first line)."""
    items = []
    for para in queue:
        if not para.bullet:
            break
        items.append((para, len(known.get(id(para)) or _lines(para, width))))
    if len(items) > 1 and sum(lines for _, lines in items) <= KEEP_LIST:
        return sum(para.space_before + lines * para.line_height for para, lines in items)
    first = queue[0]
    follow = len(known.get(id(first)) or _lines(first, width))
    follow = follow if follow <= KEEP_WHOLE else 1
    return first.space_before + follow * first.line_height


def _with_lines(para: Para, lines: list) -> Para:
    """Return the paragraph holding exactly the text of these wrapped lines."""
    return replace(para, runs=tuple(merge([run for line in lines for run in line])))


def height_of(paras: list[Para], width: float) -> float:
    """Return the height in points that the paragraphs take at this width."""
    total = 0.0
    for index, para in enumerate(paras):
        total += (para.space_before if index else 0.0) + len(_lines(para, width)) * para.line_height
    return total
