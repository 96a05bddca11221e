"""The treatment history drawn to scale: a proportional time axis with event cards.

Dates sit on the axis in proportion to the time between them, so five weeks and three
and a half years look as different as they are. Only where a true scale would make
dates collide is a long treatment-free interval drawn shortened, as a visible break
labelled with its length; every other interval keeps one common scale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Pt

from boardtool.export import fonts
from boardtool.export.deck_parts import CARD, GREY, KIND_COLOURS, WHITE, Area, card_columns, emu, replace_size
from boardtool.export.flow import SMALLEST, Para, height_of
from boardtool.export.text import Run, clean
from boardtool.outline_blocks import Event, Timeline

EVENTS_PER_SLIDE = 4
MIN_SEPARATION = 18.0  # points between neighbouring dates before a long interval is broken
BREAK_AFTER_DAYS = 365  # only intervals longer than this are ever drawn shortened
BREAK_WIDTH = 96.0
AXIS_GAP = 34.0  # between the axis and the cards
DOT = 14.0


def interval_text(days: int) -> str:
    """Return a length of time as a clinician says it: '9 d', '5 wk', '7 mo', '3 y 5 mo'."""
    if days < 14:
        return f"{days} d"
    if days < 91:
        return f"{round(days / 7)} wk"
    months = round(days / 30.44)
    if months < 24:
        return f"{months} mo"
    years, months = divmod(months, 12)
    return f"{years} y {months} mo" if months else f"{years} y"


@dataclass(frozen=True)
class AxisBreak:
    """An interval drawn shorter than to scale: where it starts, its width, its real length."""

    left: float
    width: float
    days: int


@dataclass(frozen=True)
class TimeAxis:
    """Dates → x positions: continuous segments on one scale, separated by breaks."""

    segments: tuple[tuple[dt.date, dt.date, float, float], ...]
    breaks: tuple[AxisBreak, ...]

    def x(self, day: dt.date) -> float:
        """Return the x position of a date on the axis."""
        for first, last, x0, x1 in self.segments:
            if first <= day <= last:
                return x0 if last == first else x0 + (x1 - x0) * (day - first).days / (last - first).days
        return self.segments[-1][3] if day > self.segments[-1][1] else self.segments[0][2]


def time_axis(spans: list[tuple[dt.date, dt.date]], left: float, width: float) -> TimeAxis:
    """Return the axis for these (start, end) spans: to scale, with the longest
    treatment-free intervals broken one by one while dates would still collide."""
    points = sorted({day for span in spans for day in span})
    if len(points) == 1:
        return TimeAxis(((points[0], points[0], left + width / 2, left + width / 2),), ())
    starts = sorted({start for start, _ in spans})
    free = [(a, b) for a, b in zip(points, points[1:], strict=False)
            if not any(s <= a and b <= e for s, e in spans)]
    broken: set[tuple[dt.date, dt.date]] = set()
    while True:
        axis = _lay_out(points, broken, left, width)
        xs = [axis.x(day) for day in starts]
        if min((b - a for a, b in zip(xs, xs[1:], strict=False)), default=width) >= MIN_SEPARATION:
            return axis
        candidates = [g for g in free if g not in broken and (g[1] - g[0]).days > BREAK_AFTER_DAYS]
        if not candidates:
            return axis
        broken.add(max(candidates, key=lambda g: g[1] - g[0]))


def _lay_out(points: list[dt.date], broken: set, left: float, width: float) -> TimeAxis:
    """Return the axis with these intervals broken: a broken interval is drawn at least
    1.5 times as wide as the widest interval kept to scale, so it never looks shorter."""
    intervals = list(zip(points, points[1:], strict=False))
    kept = [(b - a).days for a, b in intervals if (a, b) not in broken]
    k = len(broken)
    scale, gap = (width / sum(kept) if sum(kept) else 0.0), 0.0
    if k:
        gap = min(BREAK_WIDTH, width / (2 * k))
        scale = (width - k * gap) / sum(kept) if sum(kept) else 0.0
        if sum(kept) and 1.5 * max(kept) * scale > gap:
            scale = width / (sum(kept) + 1.5 * k * max(kept))
            gap = 1.5 * max(kept) * scale
        if not sum(kept):
            gap = width / k
    segments, breaks = [], []
    x, start, start_x = left, points[0], left
    for a, b in intervals:
        if (a, b) in broken:
            segments.append((start, a, start_x, x))
            breaks.append(AxisBreak(x, gap, (b - a).days))
            x += gap
            start, start_x = b, x
        else:
            x += (b - a).days * scale
    segments.append((start, points[-1], start_x, x))
    return TimeAxis(tuple(segments), tuple(breaks))


class TimelineSlides:
    """Timeline slides; mixed into the deck writer, whose text helpers they use."""

    def _timeline(self, title: str, block: Timeline, badge: str, notes: tuple[str, ...]) -> None:
        dated = [e for e in block.events if e.date is not None]
        overflow: list[Para] = []
        b = self.body
        axis = None if not dated else time_axis([(e.date, max(e.end or e.date, e.date)) for e in dated], b.left + DOT, b.width - 2 * DOT)
        chunks = [dated[i:i + EVENTS_PER_SLIDE] for i in range(0, len(dated), EVENTS_PER_SLIDE)]
        for index, chunk in enumerate(chunks):
            heading = title if index == 0 else f"{title} (cont.)"
            slide = self._new_slide(heading, badge=badge, notes=notes if index == 0 else ())
            self._draw_axis(slide, axis, dated, chunk)
            overflow += self._draw_cards(slide, axis, chunk)
        for event in block.events:
            if event.date is None:
                overflow += self._event_details(event, "date not recorded")
        if overflow:
            self._flow_slides(f"{title} — details", overflow, badge=badge)

    def _draw_axis(self, slide, axis: TimeAxis, events: list[Event], shown: list[Event]) -> None:
        y = self.axis_y
        for index, (_first, _last, x0, x1) in enumerate(axis.segments):
            before = 6.0 if index else DOT  # a segment stops short of a break's marks
            after = 6.0 if index < len(axis.segments) - 1 else DOT
            self._line(slide, x0 - before, y, x1 + after, y, GREY, 2.5)
        for gap in axis.breaks:
            self._axis_break(slide, gap, y)
        for a, b in zip(events, events[1:], strict=False):
            start, end = axis.x(max(a.end or a.date, a.date)), axis.x(b.date)
            days = (b.date - max(a.end or a.date, a.date)).days
            if days > 0 and not any(g.left >= start - 1 and g.left + g.width <= end + 1 for g in axis.breaks):
                self._interval_label(slide, start, end, interval_text(days))
        for event in events:
            colour = KIND_COLOURS.get(event.kind, GREY) if event in shown else GREY
            if event.end and event.end > event.date:
                x0, x1 = axis.x(event.date), axis.x(event.end)
                bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(x0), emu(y - 5), emu(max(x1 - x0, 2)), emu(10))
                self._plain(bar, colour)
            x = axis.x(event.date)
            dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, emu(x - DOT / 2), emu(y - DOT / 2), emu(DOT), emu(DOT))
            dot.name = "Timeline date"
            self._plain(dot, colour if event in shown else WHITE, line=GREY if event not in shown else WHITE)

    @property
    def axis_y(self) -> float:
        return self.body.top + self.body.height / 2

    def _axis_break(self, slide, gap, y: float) -> None:
        """Draw a shortened interval: slanted marks at both ends, a dashed line between,
        and its real length above."""
        for x in (gap.left + 14, gap.left + gap.width - 14):
            for dx in (-4, 4):
                self._line(slide, x + dx - 4, y + 9, x + dx + 4, y - 9, GREY, 2)
        dashed = self._line(slide, gap.left + 24, y, gap.left + gap.width - 24, y, GREY, 2)
        dashed.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        self._interval_label(slide, gap.left, gap.left + gap.width, interval_text(gap.days), always=True)

    def _interval_label(self, slide, start: float, end: float, text: str, always: bool = False) -> None:
        width = fonts.text_width(text, SMALLEST, True) + 8
        if not always and end - start < width + DOT + 8:
            return  # no room between the dots: the cards carry the dates
        centre = (start + end) / 2
        area = Area(centre - width / 2, self.axis_y - AXIS_GAP + 4, width, SMALLEST * 1.2)
        box = self._textbox(slide, area)
        box.name = "Interval"
        self._fill(box, [Para((Run(text, True),), SMALLEST, space_before=0)], width=width, color=GREY,
                   align=PP_ALIGN.CENTER)

    def _line(self, slide, x0: float, y0: float, x1: float, y1: float, colour, weight: float):
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(x0), emu(y0), emu(x1), emu(y1))
        line.line.color.rgb, line.line.width = colour, Pt(weight)
        return line

    def _plain(self, shape, fill, line=None) -> None:
        shape.fill.solid()
        shape.fill.fore_color.rgb = fill
        if line is None:
            shape.line.fill.background()
        else:
            shape.line.color.rgb = line
        shape.shadow.inherit = False

    def _draw_cards(self, slide, axis: TimeAxis, events: list[Event]) -> list[Para]:
        b, y = self.body, self.axis_y
        room = b.height / 2 - AXIS_GAP
        centres = [axis.x(e.date) for e in events]
        card_w, lefts = card_columns(centres, b, widest=430.0)
        leftover: list[Para] = []
        for index, event in enumerate(events):
            colour = KIND_COLOURS.get(event.kind, GREY)
            paras, rest = self._card_text(event, card_w - 20, room - 16)
            height = height_of(paras, card_w - 20) + 16
            above = index % 2 == 0
            top = y - AXIS_GAP - height if above else y + AXIS_GAP
            left = lefts[index]
            landing = min(max(centres[index], left + 12), left + card_w - 12)
            self._line(slide, landing, top + height if above else top, centres[index], y, colour, 1.5)
            self._card(slide, Area(left, top, card_w, height), colour, paras)
            leftover += rest
        return leftover

    def _card_text(self, event: Event, width: float, room: float) -> tuple[list[Para], list[Para]]:
        """Return the card's paragraphs and, when they do not fit, the full text for a details slide."""
        head = [
            Para((Run(clean(event.when), True),), SMALLEST, "lead", space_before=0),
            Para((Run(clean(event.kind.capitalize()), True),), SMALLEST, f"kind-{event.kind}", space_before=1),
        ]
        body = [Para((Run(clean(t)),), SMALLEST, space_before=3) for t in (event.title, event.detail, event.response) if t]
        if height_of(head + body, width) <= room:
            return head + body, []
        note = [Para((Run("Details on a following slide"),), SMALLEST, space_before=3)]
        return head + note, self._event_details(event)

    def _event_details(self, event: Event, when: str = "") -> list[Para]:
        size = self.options.body_size
        heading = [Para((Run(clean(f"{event.when or when} — {event.kind}"), True),), size, space_before=12)]
        body = [Para((Run(clean(t)),), size, space_before=3) for t in (event.title, event.detail, event.response) if t]
        return heading + [replace_size(p, size) for p in body]

    def _card(self, slide, area: Area, colour, paras: list[Para]) -> None:
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, emu(area.left), emu(area.top),
                                      emu(area.width), emu(area.height))
        card.adjustments[0] = 0.06
        self._plain(card, CARD, line=colour)
        card.line.width = Pt(1.5)
        inner = Area(area.left + 10, area.top + 8, area.width - 20, area.height - 12)
        self._fill(self._textbox(slide, inner), paras, width=inner.width)
