"""The case at a glance: the key facts a case's title slide shows, and the short
outline of a case for the compact deck (overview + discussion)."""

from __future__ import annotations

from collections.abc import Callable

from boardtool.model.board import Case
from boardtool.model.catalog import Catalog
from boardtool.model.terms import DISEASE_STATUS_LABELS, label
from boardtool.outline_blocks import Actions, CaseOutline, Fact, Facts, Section, Text


def key_facts(case: Case, catalog: Catalog, *, patient: str, who_type: str, day: Callable) -> tuple[Fact, ...]:
    """Return the case at a glance: patient, WHO type and grade, M stage, last resection,
    disease status and performance score (each left out when not recorded)."""
    pairs = [
        ("Patient", patient),
        ("WHO type and grade", who_type),
        ("M stage", case.staging.m_stage or ""),
        ("Last resection", _last_resection(case, day)),
        ("Disease status", label(DISEASE_STATUS_LABELS, case.disease_status)),
        ("Performance", _performance(case, catalog)),
    ]
    return tuple(Fact(label, value) for label, value in pairs if value)


def _last_resection(case: Case, day: Callable) -> str:
    operations = [e for e in case.history if e.kind == "surgery" and e.resection.strip()]
    if not operations:
        return ""
    dated = [e for e in operations if e.date is not None]
    last = max(dated, key=lambda e: e.date) if dated else operations[-1]
    when = day(last.date)
    return f"{last.resection.strip()}, {when}" if when else last.resection.strip()


def _performance(case: Case, catalog: Catalog) -> str:
    perf = case.performance
    scale = catalog.scale(perf.scale)
    if scale is None or perf.value is None:
        return ""
    return f"{scale.name} {perf.value}"


def compact_sections(case: CaseOutline) -> tuple[Section, ...]:
    """Return a case as two parts for a crowded board: its overview (key facts and the
    question) and the discussion (modalities discussed, consensus recommendation, actions)."""
    overview = next((s for s in case.sections if s.part == "case"), None)
    plan = next((s for s in case.sections if s.part == "plan"), None)
    modalities = [s.title for s in case.sections if s.part == "modality"]
    blocks: list = []
    if modalities:
        blocks.append(Facts((Fact("Modalities discussed", ", ".join(modalities)),)))
    if plan is not None:
        blocks += [b for b in plan.blocks if isinstance(b, (Text, Actions))]
    notes = tuple(n for s in case.sections if s.part not in ("case", "overview") for n in s.notes)
    parts = [overview] if overview is not None else []
    if blocks:
        draft = plan is not None and plan.draft
        parts.append(Section("discussion", "plan", "Discussion and plan", tuple(blocks), notes, draft=draft))
    return tuple(parts)
