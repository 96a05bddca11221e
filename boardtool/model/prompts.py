"""Discussion prompts: which catalog reminders apply to a case's facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from boardtool.model.board import Case
from boardtool.model.catalog import Catalog, Prompt


def last_resection(case: Case) -> str:
    """Return the extent of the most recent surgery with one recorded ('' if none)."""
    surgeries = [e for e in case.history if e.kind == "surgery" and e.resection]
    surgeries.sort(key=lambda e: e.date or dt.date.min)
    return surgeries[-1].resection if surgeries else ""


def _age_below(case: Case, age: int | None, limit: Any, _: Catalog) -> bool:
    return age is not None and age < limit


def _age_at_least(case: Case, age: int | None, limit: Any, _: Catalog) -> bool:
    return age is not None and age >= limit


def _m_stage_at_least(case: Case, _age: int | None, stage: Any, catalog: Catalog) -> bool:
    rank = catalog.m_stage_rank(case.staging.m_stage)
    return rank >= 0 and rank >= catalog.m_stage_rank(stage)


_TESTS: dict[str, Callable[[Case, int | None, Any, Catalog], bool]] = {
    "discussed": lambda case, _a, section, _c: section in case.discussed_modalities(),
    "age_below": _age_below,
    "age_at_least": _age_at_least,
    "m_stage_at_least": _m_stage_at_least,
    "m_stage_recorded": lambda case, _a, want, _c: (case.staging.m_stage is not None) == want,
    "disease_status_in": lambda case, _a, allowed, _c: case.disease_status in allowed,
    "last_resection_in": lambda case, _a, allowed, _c: last_resection(case) in allowed,
    "markers_recorded": lambda case, _a, want, _c: bool(case.diagnosis.markers) == want,
}


def prompt_applies(prompt: Prompt, case: Case, catalog: Catalog, day: dt.date | None) -> bool:
    """Return True when every condition of the prompt holds for the case on ``day``."""
    age = case.age_on(day)
    return all(_TESTS[key](case, age, value, catalog) for key, value in prompt.when.items())


def prompts_for(case: Case, catalog: Catalog, day: dt.date | None) -> list[Prompt]:
    """Return the prompts that apply to the case, in catalog order."""
    return [p for p in catalog.prompts if prompt_applies(p, case, catalog, day)]
