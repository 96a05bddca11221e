"""Clinical details worded for the outline: staging examinations, markers, operations,
radiotherapy volumes, response and toxicity, summed doses, prompts with their sources.

Each function returns display text from model values; dates go through the case's date
formatter. Identifiers are scrubbed once, over the finished outline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from boardtool.model.board import Marker, RtVolume, StagingExam, TreatmentEvent
from boardtool.model.catalog import Catalog, Prompt
from boardtool.model.radiotherapy import RegionDose
from boardtool.model.terms import (
    EXAM_RESULT_LABELS,
    INTENT_LABELS,
    MARKER_RESULT_LABELS,
    PROCEDURE_LABELS,
    RESPONSE_LABELS,
    RT_MODALITY_LABELS,
    RT_TECHNIQUE_LABELS,
    label,
    short_label,
)

DateText = Callable[..., str]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # never the locale's
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # never the locale's


def fmt_date(day: dt.date | None) -> str:
    """Return an unambiguous date in English whatever the locale, such as '3 Dec 2026' ('' when unknown)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def fmt_month(day: dt.date) -> str:
    """Return a month in English whatever the locale, such as 'Dec 2026'."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def fmt_weekday(day: dt.date) -> str:
    """Return a date with its weekday in English whatever the locale, such as 'Thu 3 Dec 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {fmt_date(day)}"


def relative_date(day: dt.date, anchor: dt.date, label: str = "Dx") -> str:
    """Return a date as its distance from the diagnosis (or another anchor): 'Dx', 'Dx −12 d', 'Dx +14 mo'."""
    days = (day - anchor).days
    if days == 0:
        return label
    if abs(days) < 60:
        amount, unit = days, "d"
    else:
        amount, unit = round(days / 30.44), "mo"
    sign = "+" if amount > 0 else "−"
    return f"{label} {sign}{abs(amount)} {unit}"


def fmt_number(value: float | None) -> str:
    """Return a number without a needless '.0'."""
    if value is None:
        return ""
    return f"{value:g}"


def join(*parts: str, sep: str = " · ") -> str:
    """Return the non-empty parts joined by ``sep``."""
    return sep.join(p for p in parts if p)


def age_text(months: int | None) -> str:
    """Return an age as a clinician says it: '11 months', '2 years 5 months', '34 years'."""
    if months is None:
        return ""
    years, rest = divmod(months, 12)
    if years < 2:
        return f"{months} month{'s' if months != 1 else ''}"
    if years < 6 and rest:
        return f"{years} years {rest} month{'s' if rest != 1 else ''}"
    return f"{years} years"


def exam_text(name: str, exam: StagingExam, day: DateText) -> str:
    """Return one staging examination: 'Whole-spine MRI negative, 12 Nov 2026' ('' when empty)."""
    if exam.date is None and exam.result is None:
        return ""
    return join(join(name, label(EXAM_RESULT_LABELS, exam.result), sep=" "), day(exam.date), sep=", ")


def marker_text(marker: Marker, day: DateText) -> str:
    """Return one marker: 'ZFTA fusion: detected (ZFTA::RELA) — RNA sequencing, 6 Nov 2026'."""
    detail = marker.detail.strip()
    result = label(MARKER_RESULT_LABELS, marker.result)
    shown = f"{result} ({detail})" if result and detail else result or detail
    return join(f"{marker.name}: {shown}", join(marker.method, day(marker.date), sep=", "), sep=" — ")


def volume_text(volume: RtVolume) -> str:
    """Return one treated volume: 'Craniospinal axis: 36 Gy(RBE) / 20 fr, proton PBS, curative'."""
    dose = f"{fmt_number(volume.dose)} {volume.unit}" if volume.dose is not None else ""
    if dose and volume.fractions:
        dose = f"{dose} / {volume.fractions} fr"
    how = join(label(RT_MODALITY_LABELS, volume.modality),
               short_label(RT_TECHNIQUE_LABELS, volume.technique), sep=" ")
    return join(join(volume.target, dose, sep=": "), how, label(INTENT_LABELS, volume.intent), sep=", ")


def event_detail(event: TreatmentEvent, day: DateText) -> str:
    """Return the kind-specific detail of a treatment event."""
    if event.kind == "surgery":
        procedure = PROCEDURE_LABELS[event.procedure] if event.procedure not in (None, "resection") else ""
        if procedure.lower() in event.description.lower():
            procedure = ""  # the description already says it
        mri = f"post-op MRI {day(event.postop_mri)}" if event.postop_mri else ""
        return join(procedure, event.resection, mri, sep=", ")
    if event.kind == "radiotherapy":
        return "; ".join(t for t in (volume_text(v) for v in event.volumes) if t)
    if event.kind == "chemotherapy":
        return join(event.regimen, f"{event.cycles} cycles" if event.cycles else "", sep=", ")
    return ""


def response_text(event: TreatmentEvent, day: DateText) -> str:
    """Return the response in short with its criteria and date: 'PD — RANO, 21 Oct 2026'."""
    if event.response is None:
        return ""
    short = short_label(RESPONSE_LABELS, event.response)
    how = join(event.response_criteria or "", day(event.response_date) if event.response_date else "", sep=", ")
    return join(short, how, sep=" — ")


def toxicity_text(event: TreatmentEvent) -> str:
    """Return the event's CTCAE toxicities: 'CTCAE: hearing impaired G2; neutropenia G4'."""
    items = [join(t.term, f"G{t.grade}" if t.grade else "", sep=" ") for t in event.toxicities]
    items = [i for i in items if i]
    return f"CTCAE: {'; '.join(items)}" if items else ""


def dose_text(region: RegionDose, day: DateText) -> str:
    """Return a region's summed dose and its parts by course:
    '95.4 Gy + Gy(RBE) (3 Apr 2023: 54 Gy + 5.4 Gy; 20 Nov 2026: 36 Gy(RBE))'."""
    courses: dict[object, list[str]] = {}
    for when, dose, unit in region.parts:
        courses.setdefault(when, []).append(f"{fmt_number(dose)} {unit}")
    parts = "; ".join(join(day(when) if when else "", " + ".join(doses), sep=": ")
                      for when, doses in courses.items())
    total = f"{fmt_number(region.total)} {region.unit}"
    return total if len(region.parts) == 1 else f"{total} ({parts})"


def prompt_line(prompt: Prompt) -> str:
    """Return a prompt as shown on a slide or page: its text and its sources in brackets."""
    return f"{prompt.text} [{prompt.source}]" if prompt.source else prompt.text


def prompt_note(prompt: Prompt, catalog: Catalog) -> str:
    """Return a prompt as a speaker note: text, then its sources in full."""
    cited = catalog.cite(prompt.sources, full=True)
    return f"Prompt: {prompt.text}" + (f"\nSource: {cited}" if cited else "")
