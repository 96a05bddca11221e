"""Dates as clinicians type them: 2026-03-05, 5.3.2026, 05/03/2026, 5 Mar 2026, 20260305.

Numbers separated by dots are always day-first (as written across Europe); with slashes or
dashes they follow the desktop's date order (day-first unless it writes the month first, as
in the United States). Years are written in full: '05/03/26' is refused rather than guessed,
since a birth date in 1926 and one in 2026 must not be confused. A date that is not on the
calendar (30 February) is refused with the reason."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
ADVICE = "type the date as YYYY-MM-DD or DD.MM.YYYY"

_ISO = re.compile(r"(\d{4})[-/.](\d{2})[-/.](\d{2})")  # two-digit parts: "2026-03-1" is still being typed
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DOTTED = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})\.?[\s-]*([A-Za-z]{3,9})\.?,?[\s-]*(\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")
_SHORT_YEAR = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2}|\d{1,2}\s*[A-Za-z]{3,9}\.?\s*\d{2}")


@lru_cache(maxsize=1)
def desktop_month_first() -> bool:
    """Return True when the desktop writes short dates month first (as in the United States)."""
    try:
        from PySide6.QtCore import QLocale
    except ImportError:  # pragma: no cover - the window always has Qt
        return False
    pattern = QLocale.system().dateFormat(QLocale.FormatType.ShortFormat).lstrip()
    return pattern[:1] == "M"


def month_number(name: str) -> int | None:
    """Return 1–12 for an English month name or its abbreviation (Sept too), or None."""
    name = name.lower().rstrip(".")
    for number, full in enumerate(MONTHS, start=1):
        if len(name) >= 3 and full.startswith(name):
            return number
    return None


def _parts(text: str, month_first: bool) -> tuple[int, int, int] | None:
    """Return (year, month, day) as written in the text, or None when it is no date form."""
    if m := _ISO.fullmatch(text) or _COMPACT.fullmatch(text):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _DOTTED.fullmatch(text):
        return int(m[3]), int(m[2]), int(m[1])
    if m := _NUMERIC.fullmatch(text):
        first, second = int(m[1]), int(m[2])
        return (int(m[3]), first, second) if month_first else (int(m[3]), second, first)
    if (m := _DAY_MONTH.fullmatch(text)) and month_number(m[2]):
        return int(m[3]), month_number(m[2]), int(m[1])
    if (m := _MONTH_DAY.fullmatch(text)) and month_number(m[1]):
        return int(m[3]), month_number(m[1]), int(m[2])
    return None


def parse_date(text: str, month_first: bool | None = None) -> dt.date:
    """Return the date a clinician typed; raise ValueError saying why it is not one."""
    text = " ".join(text.split())
    if month_first is None:
        month_first = desktop_month_first()
    parts = _parts(text, month_first)
    if parts is None:
        if _SHORT_YEAR.fullmatch(text):
            raise ValueError(f"write the year in full; {ADVICE}")
        raise ValueError(ADVICE)
    year, month, day = parts
    try:
        return dt.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise ValueError(f"there is no day {day} in {MONTHS[month - 1].capitalize()} {year}; {ADVICE}") from None
        raise ValueError(f"there is no month {month}; {ADVICE}") from None


def parse_datetime(text: str, month_first: bool | None = None) -> dt.datetime:
    """Return a date and time typed as a date (any form above) followed by HH:MM."""
    text = re.sub(r"(\d)T(\d)", r"\1 \2", " ".join(text.split()))
    day_part, _, clock = text.rpartition(" ")
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?", clock)
    if not day_part or match is None:
        raise ValueError("use YYYY-MM-DD HH:MM")
    day = parse_date(day_part, month_first)
    try:
        return dt.datetime.combine(day, dt.time(int(match[1]), int(match[2]), int(match[3] or 0)))
    except ValueError:
        raise ValueError(f"there is no time {clock}; use HH:MM") from None
