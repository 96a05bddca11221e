"""De-identified outlines follow Safe Harbor: no date more specific than the year, ages over
89 grouped; dates print in English whatever the locale."""

from __future__ import annotations

import datetime as dt
import locale
import re
import subprocess
from pathlib import Path

import pytest

from boardtool.model.board import Board, Case, Diagnosis, Patient, TreatmentEvent
from boardtool.outline import build_outline, fmt_date
from boardtool.outline_blocks import Timeline
from boardtool.privacy.outline_pass import apply_to_strings

CALENDAR_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|\d{4}-\d\d-\d\d|\d{1,2}\.\d{1,2}\.\d{2,4}")


def _all_strings(outline) -> list[str]:
    found: list[str] = []
    apply_to_strings(outline, lambda text: found.append(text) or text)
    return found


def test_deidentified_outline_has_no_calendar_date(board, catalog):
    board.cases[0].clinical_summary += " MRI on 14 March 2026 and 2026-03-14 showed progression."
    strings = _all_strings(build_outline(board, catalog, deidentify=True))
    assert [s for s in strings if CALENDAR_DATE.search(s)] == []
    assert "Dx" in " ".join(strings)  # dates shown as time from diagnosis


def test_deidentified_outline_carries_no_real_date(board, catalog):
    found: list = []

    def walk(value):
        if isinstance(value, dt.date):
            found.append(value)
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(build_outline(board, catalog))
    real = set(found)
    assert real  # the identified outline keeps them (the timeline's dates)
    found.clear()
    walk(build_outline(board, catalog, deidentify=True))
    # only stand-ins remain: far from any real date, at the same distances from each other
    assert found and not real & set(found) and min(found).year > 4000
    assert max(found) - min(found) <= max(real) - min(real)


def test_meeting_is_the_anchor_without_a_diagnosis_date(catalog):
    board = Board(cases=[Case(history=[TreatmentEvent(kind="surgery", date=dt.date(2026, 9, 1))])])
    board.meeting.date = dt.date(2026, 12, 3)
    outline = build_outline(board, catalog, deidentify=True)
    history = next(s for s in outline.cases[0].sections if s.id == "history")
    timeline = next(b for b in history.blocks if isinstance(b, Timeline))
    assert timeline.events[0].when == "Meeting −3 mo"
    assert outline.date == "2026" and outline.cases[0].heading == "TB-2026-1"


def test_year_only_without_any_anchor(catalog):
    board = Board(cases=[Case(history=[TreatmentEvent(kind="surgery", date=dt.date(2026, 9, 1))])])
    history = next(s for s in build_outline(board, catalog, deidentify=True).cases[0].sections if s.id == "history")
    assert history.blocks[0].events[0].when == "2026"


@pytest.mark.parametrize("born, shown", [(dt.date(1930, 1, 1), "90 or older"), (dt.date(1937, 1, 1), "89 years")])
def test_ages_over_89_are_grouped(catalog, born, shown):
    board = Board(cases=[Case(patient=Patient(birth_date=born), diagnosis=Diagnosis(date=dt.date(2026, 1, 1)))])
    board.meeting.date = dt.date(2026, 12, 3)
    assert build_outline(board, catalog, deidentify=True).cases[0].lead.startswith(shown)
    assert "90 or older" not in build_outline(board, catalog).cases[0].lead


def test_duplicated_case_keeps_no_earlier_patient(board, catalog):
    copy = board.cases[0].model_copy(deep=True, update={"id": "copy"})
    copy.patient = Patient(name="Jonas Weber", mrn="SYN-555123")
    board.cases.append(copy)  # the copy's texts still name Maren Holt
    strings = " ".join(_all_strings(build_outline(board, catalog, deidentify=True)))
    assert "Maren" not in strings and "Holt" not in strings and "Jonas" not in strings


def test_dates_are_english_under_any_locale(tmp_path, monkeypatch):
    """Run with a German LC_TIME when the system can build one; the dates stay English."""
    if subprocess.run(["localedef", "--help"], capture_output=True).returncode != 0:
        pytest.skip("localedef is not available to build a German locale")
    folder = tmp_path / "locales"
    folder.mkdir()
    made = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", str(folder / "de_DE.UTF-8")],
                          capture_output=True)
    if not (folder / "de_DE.UTF-8").exists():
        pytest.skip(f"no German locale could be built ({made.stderr[:80]!r})")
    monkeypatch.setenv("LOCPATH", str(folder))
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
        assert dt.date(2026, 12, 3).strftime("%b") != "Dec"  # the locale really is German
        assert fmt_date(dt.date(2026, 12, 3)) == "3 Dec 2026"
    finally:
        locale.setlocale(locale.LC_TIME, before)


def test_no_locale_dependent_date_format_in_the_code():
    """Month and weekday names from strftime follow the locale; output must never use them."""
    root = Path(__file__).resolve().parents[2] / "boardtool"
    offenders = [f"{path.name}: {line.strip()}" for path in root.rglob("*.py")
                 for line in path.read_text(encoding="utf-8").splitlines()
                 if re.search(r"%[bBaAcxXp]", line) and ("strftime" in line or "format" in line or ":%" in line)]
    assert offenders == []
