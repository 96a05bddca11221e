"""One pass over a finished outline: every string in it goes through the same function,
so a field added to the outline later is covered without anyone remembering it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from boardtool.model.board import Board
from boardtool.privacy.scrubber import Scrubber

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def is_structure(field: dataclasses.Field) -> bool:
    """Return True for a field that names structure and is never shown as text."""
    return bool(field.metadata.get("structure"))


def text_filter(board: Board, deidentify: bool) -> Callable[[str], str]:
    """Return what every outgoing string goes through: lone surrogates (which no file can
    carry) replaced, and, when de-identifying, every patient's identifiers of the board."""
    scrub = Scrubber.for_patients((case.patient for case in board.cases), safe_harbor=True) if deidentify else None

    def outgoing(text: str) -> str:
        text = _LONE_SURROGATE.sub("\ufffd", text)
        return scrub(text) if scrub is not None else text

    return outgoing


SURROGATE_EPOCH = dt.date(5000, 1, 1)


def date_shift(reference: dt.date) -> Callable[[dt.date], dt.date | None]:
    """Return what a de-identified outline keeps of a calendar date: a stand-in date at the same
    distance from a fixed epoch as the real one from ``reference``. Intervals (a timeline's
    proportions) survive; the calendar place does not, and stand-ins are never printed."""

    def shifted(day: dt.date) -> dt.date | None:
        if isinstance(day, dt.datetime):
            day = day.date()
        try:
            return SURROGATE_EPOCH + (day - reference)
        except OverflowError:
            return None

    return shifted


def apply_to_strings(value: Any, change: Callable[[str], str],
                     dates: Callable[[dt.date], dt.date | None] | None = None) -> Any:
    """Return ``value`` (dataclasses, tuples, lists, dicts) with ``change`` applied to every string
    in it, and ``dates`` (when given) to every calendar date, so no real date can be printed later."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dt.date):
        return dates(value) if dates is not None else value
    again = functools.partial(apply_to_strings, change=change, dates=dates)
    if isinstance(value, tuple):
        return tuple(map(again, value))
    if isinstance(value, list):
        return list(map(again, value))
    if isinstance(value, dict):
        return {again(k): again(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {f.name: again(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init and not is_structure(f)}
        return dataclasses.replace(value, **updates)
    return value
