"""Discussion prompts: which catalog reminders apply to a case's facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from boardtool.model.board import Case, TreatmentEvent
from boardtool.model.catalog import Catalog, Prompt
from boardtool.model.terms import RESECTION_PROCEDURES


@dataclass(frozen=True)
class CaseFacts:
    """What the conditions look at: the case, the catalog and the ages on the meeting day."""

    case: Case
    catalog: Catalog
    years: int | None
    months: int | None


def last_resection(case: Case) -> str:
    """Return the extent of the most recent surgery with one recorded ('' if none)."""
    surgeries = [e for e in case.history if e.kind == "surgery" and e.resection]
    surgeries.sort(key=lambda e: e.date or dt.date.min)
    return surgeries[-1].resection if surgeries else ""


def tumour_surgeries(case: Case) -> list[TreatmentEvent]:
    """Return the dated operations on the tumour itself (not drains, shunts or ETV), oldest first."""
    kept = [e for e in case.history if e.kind == "surgery" and e.date is not None
            and (e.procedure is None or e.procedure in (*RESECTION_PROCEDURES, "biopsy"))]
    return sorted(kept, key=lambda e: e.date)


def compartments(case: Case, catalog: Catalog) -> set[str]:
    """Return the compartments the case's tumour is recorded in (its own and its type's)."""
    kind = catalog.tumour_type(case.diagnosis.tumour_type)
    return {c for c in (case.diagnosis.compartment, kind.compartment if kind else "") if c}


def molecularly_typed(case: Case, catalog: Catalog) -> bool:
    """Return True when the diagnosis is a defined molecular type, NEC, or has a methylation class."""
    dx = case.diagnosis
    kind = catalog.tumour_type(dx.tumour_type)
    if dx.methylation_class.strip() or dx.nos_nec == "NEC":
        return True
    return kind is not None and not kind.nos_nec and dx.state != "suspected"


def _considered(case: Case, option: str) -> bool:
    return any(item.discussed and option in item.options for item in case.discussion.values())


def _regimen_given(case: Case, words: list[str]) -> bool:
    regimens = [e.regimen.lower() for e in case.history if e.kind == "chemotherapy"]
    return any(word.lower() in regimen for word in words for regimen in regimens)


def _m_stage_at_least(f: CaseFacts, stage: Any) -> bool:
    rank = f.catalog.m_stage_rank(f.case.staging.m_stage)
    return rank >= 0 and rank >= f.catalog.m_stage_rank(stage)


def _below(value: int | None, limit: Any) -> bool:
    return value is not None and value < limit


def _at_least(value: int | None, limit: Any) -> bool:
    return value is not None and value >= limit


_TESTS: dict[str, Callable[[CaseFacts, Any], bool]] = {
    "any_of": lambda f, alternatives: any(_holds(f, when) for when in alternatives),
    "discussed": lambda f, section: section in f.case.discussed_modalities(),
    "given": lambda f, kind: any(e.kind == kind for e in f.case.history),
    "option_considered": lambda f, option: _considered(f.case, option),
    "age_below": lambda f, limit: _below(f.years, limit),
    "age_at_least": lambda f, limit: _at_least(f.years, limit),
    "age_months_below": lambda f, limit: _below(f.months, limit),
    "age_months_at_least": lambda f, limit: _at_least(f.months, limit),
    "m_stage_at_least": _m_stage_at_least,
    "m_stage_recorded": lambda f, want: (f.case.staging.m_stage is not None) == want,
    "fully_staged": lambda f, want: (f.catalog.m_stage_rank(f.case.staging.m_stage) >= 0) == want,
    "disease_status_in": lambda f, allowed: f.case.disease_status in allowed,
    "last_resection_in": lambda f, allowed: last_resection(f.case) in allowed,
    "markers_recorded": lambda f, want: bool(f.case.diagnosis.markers) == want,
    "compartment_in": lambda f, allowed: bool(compartments(f.case, f.catalog) & set(allowed)),
    "diagnosis_state_in": lambda f, allowed: f.case.diagnosis.state in allowed,
    "grade_in": lambda f, allowed: f.case.diagnosis.grade in allowed,
    "molecularly_typed": lambda f, want: molecularly_typed(f.case, f.catalog) == want,
    "central_review_recorded": lambda f, want: (f.case.diagnosis.central_review is not None) == want,
    "regimen_given": lambda f, words: _regimen_given(f.case, words),
    "trial_discussed": lambda f, want: f.case.plan.trial_discussed == want,
    "on_dexamethasone": lambda f, want: bool(f.case.dexamethasone_mg_per_day) == want,
}


def _holds(facts: CaseFacts, when: dict[str, Any]) -> bool:
    return all(_TESTS[key](facts, value) for key, value in when.items())


def prompt_applies(prompt: Prompt, case: Case, catalog: Catalog, day: dt.date | None) -> bool:
    """Return True when every condition of the prompt holds for the case on ``day``."""
    facts = CaseFacts(case, catalog, case.age_on(day), case.age_months_on(day))
    return _holds(facts, prompt.when)


def prompts_for(case: Case, catalog: Catalog, day: dt.date | None) -> list[Prompt]:
    """Return the prompts that apply to the case, in catalog order."""
    return [p for p in catalog.prompts if prompt_applies(p, case, catalog, day)]


def unaddressed(case: Case, catalog: Catalog, prompts: list[Prompt]) -> list[Prompt]:
    """Return the prompts no discussed modality answers: overview and plan prompts, and
    those of modalities the board did not discuss."""
    discussed = set(case.discussed_modalities())
    kept = []
    for prompt in prompts:
        section = catalog.section(prompt.section)
        if section is None or section.kind != "modality" or prompt.section not in discussed:
            kept.append(prompt)
    return kept
