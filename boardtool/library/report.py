"""The accreditation report: what the cancer committee asks of a tumour board, over a period."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from boardtool.library.core import Library
from boardtool.library.errors import LibraryError
from boardtool.library.tables import attendance, cases, follow_ups, meetings, recommendations
from boardtool.model.catalog import load_catalog
from boardtool.model.errors import CatalogError
from boardtool.model.terms import TREATMENT_KINDS

# Shares a programme is expected to reach; each can be set per report (--threshold KEY=SHARE).
DEFAULT_THRESHOLDS = {
    "prospective": 0.8,
    "attendance": 0.8,
    "stage_documented": 0.9,
    "guideline_concordant": 0.9,
    "trial_discussed": 0.1,
    "follow_up_implemented": 0.8,
}
LABELS = {
    "prospective": "Presented before first treatment",
    "stage_documented": "Stage documented",
    "guideline_concordant": "Plan concordant with a guideline",
    "trial_discussed": "Clinical trial discussed",
    "follow_up_implemented": "Recommendation implemented (of follow-ups recorded)",
}


@dataclass(frozen=True)
class Figure:
    """One measure: how many of how many, and whether it reaches its threshold."""

    key: str
    label: str
    count: int
    total: int
    threshold: float | None

    @property
    def share(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def meets(self) -> bool | None:
        if self.threshold is None or self.share is None:
            return None
        return self.share >= self.threshold


@dataclass
class Report:
    """The figures for one period: cases, measures, attendance overall and per month."""

    start: dt.date
    end: dt.date
    meetings: int
    cases_presented: int
    figures: list[Figure]
    attendance: list[Figure]
    specialties: list[str]
    monthly: dict[str, dict[str, float]] = field(default_factory=dict)  # "YYYY-MM" → specialty → share
    meetings_per_month: dict[str, int] = field(default_factory=dict)


def thresholds_from(pairs: list[str]) -> dict[str, float]:
    """Return the thresholds with ``KEY=SHARE`` overrides (share 0-1, or a percentage)."""
    chosen = dict(DEFAULT_THRESHOLDS)
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key.strip() not in chosen:
            raise LibraryError(f"unknown threshold; use one of {', '.join(chosen)}", field=key.strip() or pair)
        try:
            share = float(value.strip().rstrip("%"))
        except ValueError:
            raise LibraryError("a threshold is a share such as 0.8 or 80%", field=pair) from None
        share = share / 100 if value.strip().endswith("%") or share > 1 else share
        if not 0 <= share <= 1:
            raise LibraryError("a threshold lies between 0 and 100%", field=pair)
        chosen[key.strip()] = share
    return chosen


def build_report(library: Library, start: dt.date, end: dt.date, thresholds: dict[str, float] | None = None) -> Report:
    """Return the report for meetings dated from ``start`` to ``end`` inclusive."""
    if end < start:
        raise LibraryError("the period ends before it starts", field="--to")
    limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    with library.reading() as connection:
        meeting_rows = connection.execute(select(meetings.c.id, meetings.c.date, meetings.c.disease)
                                          .where(meetings.c.date >= start, meetings.c.date <= end)).all()
        ids = [row.id for row in meeting_rows]
        present = connection.execute(select(attendance.c.meeting_id, attendance.c.specialty)
                                     .where(attendance.c.meeting_id.in_(ids), attendance.c.present)).all()
        documents = connection.execute(select(cases.c.id, cases.c.document, cases.c.meeting_date)
                                       .where(cases.c.meeting_id.in_(ids), cases.c.status == "discussed")).all()
        implemented = connection.execute(
            select(follow_ups.c.implemented).join(recommendations, recommendations.c.id == follow_ups.c.recommendation_id)
            .join(cases, cases.c.id == recommendations.c.case_id)
            .where(cases.c.meeting_id.in_(ids), cases.c.status == "discussed", follow_ups.c.implemented.is_not(None))
        ).scalars().all()
    specialties = _core_specialties({row.disease for row in meeting_rows})
    report = Report(start, end, len(meeting_rows), len(documents), _case_figures(documents, implemented, limits),
                    [], specialties)
    _attendance(report, meeting_rows, present, limits["attendance"])
    return report


def _core_specialties(diseases: set[str]) -> list[str]:
    names: list[str] = []
    for disease in sorted(diseases) or ["ependymoma"]:
        try:
            names += [name for name in load_catalog(disease).core_specialties if name not in names]
        except CatalogError:
            continue
    return names


def _case_figures(documents, implemented: list[str], limits: dict[str, float]) -> list[Figure]:
    counts = dict.fromkeys(("prospective", "stage_documented", "guideline_concordant", "trial_discussed"), 0)
    for row in documents:
        case = json.loads(row.document)
        plan = case.get("plan") or {}
        counts["prospective"] += _prospective(case, row.meeting_date)
        counts["stage_documented"] += bool((case.get("staging") or {}).get("m_stage"))
        counts["guideline_concordant"] += plan.get("guideline_concordant") is True
        counts["trial_discussed"] += plan.get("trial_discussed") is True
    total = len(documents)
    figures = [Figure(key, LABELS[key], count, total, limits[key]) for key, count in counts.items()]
    figures.append(Figure("follow_up_implemented", LABELS["follow_up_implemented"],
                          sum(value == "yes" for value in implemented), len(implemented), limits["follow_up_implemented"]))
    return figures


def _prospective(case: dict, meeting_date: dt.date | None) -> bool:
    """Presented before the first treatment: no dated treatment before the meeting."""
    if meeting_date is None:
        return False
    for event in case.get("history") or []:
        when = event.get("date")
        if event.get("kind") in TREATMENT_KINDS and when and dt.date.fromisoformat(when) < meeting_date:
            return False
    return True


def _attendance(report: Report, meeting_rows, present, threshold: float) -> None:
    wanted = {name.strip().casefold(): name for name in report.specialties}
    seen: dict[str, set[str]] = defaultdict(set)  # meeting id → core specialties present
    for meeting_id, specialty in present:
        name = wanted.get(specialty.strip().casefold())
        if name:
            seen[meeting_id].add(name)
    by_month: dict[str, list[str]] = defaultdict(list)
    for row in meeting_rows:
        by_month[row.date.strftime("%Y-%m")].append(row.id)
    for name in report.specialties:
        count = sum(name in seen[row.id] for row in meeting_rows)
        report.attendance.append(Figure(f"attendance:{name}", name, count, len(meeting_rows), threshold))
    for month in sorted(by_month):
        ids = by_month[month]
        report.meetings_per_month[month] = len(ids)
        report.monthly[month] = {name: sum(name in seen[i] for i in ids) / len(ids) for name in report.specialties}
