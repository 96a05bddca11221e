"""Date patterns for de-identification, in folded text and independent of the locale:
a patient's date of birth however it is written, and any calendar date or great age."""

from __future__ import annotations

import datetime as dt
import re

# Month names and abbreviations as people write them (folded: lower case, no accents),
# English first, then German, French, Spanish, Italian and Dutch.
MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "janner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari"),
    2: ("february", "feb", "febr", "februar", "fevrier", "fevr", "fev", "febrero", "febbraio", "februari"),
    3: ("march", "mar", "marz", "mrz", "mars", "marzo", "maart", "mrt"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "mag", "mei"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug"),
    8: ("august", "aug", "aout", "agosto", "ago", "augustus"),
    9: ("september", "sept", "sep", "septembre", "septiembre", "setiembre", "settembre", "set"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott"),
    11: ("november", "nov", "novembre", "noviembre"),
    12: ("december", "dec", "dezember", "dez", "decembre", "diciembre", "dic", "dicembre"),
}

START = r"(?<![^\W_])(?<!\d[.,])"  # not inside a word or a decimal number
END = r"(?![^\W_])(?![.,]\d)"
NUMERIC_SEP = r"(?:\s{0,2}[./\-]\s{0,2}|\s{1,2})"
NAMED_SEP = r"(?:[\s.,/\-]{0,3}|\s{1,2}(?:of|de|di)\s{1,2})"
ORDINAL = r"(?:st|nd|rd|th|er|e)?"


def _names(*names: str) -> str:
    alternatives = "|".join(sorted(set(names), key=len, reverse=True))
    return rf"(?:{alternatives})\.?(?![^\W\d_])"


def birth_date_pattern(day: dt.date) -> str:
    """Return a regular expression (folded text) for this date in any common spelling."""
    d, m, y = day.day, day.month, day.year
    dd, mm, yy = rf"0?{d}{ORDINAL}", rf"0?{m}", rf"(?:{y}|'?{y % 100:02d})"
    name, s, t = _names(*MONTH_NAMES[m]), NUMERIC_SEP, NAMED_SEP
    forms = [
        rf"{dd}{s}{mm}{s}{yy}", rf"{mm}{s}{dd}{s}{yy}", rf"{y}{s}{mm}{s}{dd}",
        rf"{dd}{t}{name}{t}{yy}", rf"{name}{t}{dd}{t}{yy}", rf"{y}{t}{name}{t}{dd}",
        rf"{y}{m:02d}{d:02d}", rf"{d:02d}{m:02d}{y}", rf"{d:02d}{m:02d}{y % 100:02d}",
    ]
    return START + "(?:" + "|".join(forms) + ")" + END


_DAY = rf"(?:0?[1-9]|[12]\d|3[01]){ORDINAL}"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_ANY_NAME = _names(*(name for names in MONTH_NAMES.values() for name in names))


def any_date_pattern() -> str:
    """Return a regular expression (folded text) for a calendar date more specific than a year."""
    s, t = NUMERIC_SEP, NAMED_SEP
    forms = [
        rf"{_DAY}{s}{_MONTH}{s}{_YEAR}", rf"{_MONTH}{s}{_DAY}{s}{_YEAR}", rf"{_YEAR}{s}{_MONTH}{s}{_DAY}",
        rf"{_DAY}(?P<sep>[./]){_MONTH}(?P=sep)\d\d",
        rf"{_DAY}{t}{_ANY_NAME}(?:{t}(?:{_YEAR}|'?\d\d))?", rf"{_ANY_NAME}{t}{_DAY}(?:{t}{_YEAR})?",
        rf"{_ANY_NAME}{t}{_YEAR}", rf"{_YEAR}{t}{_ANY_NAME}(?:{t}{_DAY})?",
    ]
    return START + "(?:" + "|".join(forms) + ")" + END


def date_mark(found: str) -> str:
    """Return what replaces a calendar date: its year alone, which Safe Harbor allows."""
    year = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", found)
    return f"[date, {year.group(1)}]" if year else "[date]"


GREAT_AGE = (r"(?<![\d.,])(?P<age>9\d|1[0-4]\d)(?=\s{0,2}-?\s{0,2}(?:years?|yrs?|y\.?o\b|jahre|ans|anos|anni|jaar)"
             r"(?![^\W\d_]))")
GREAT_AGE_MARK = "≥90"
