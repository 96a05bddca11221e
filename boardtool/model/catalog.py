"""Disease catalogs: the sections, types, scales and prompts of one tumour, read from TOML."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from boardtool import resources
from boardtool.model.errors import CatalogError

SECTION_KINDS = ("overview", "modality", "plan")
CONDITIONS = (
    "any_of",
    "discussed",
    "given",
    "option_considered",
    "age_below",
    "age_at_least",
    "age_months_below",
    "age_months_at_least",
    "m_stage_at_least",
    "m_stage_recorded",
    "fully_staged",
    "disease_status_in",
    "last_resection_in",
    "markers_recorded",
    "compartment_in",
    "diagnosis_state_in",
    "grade_in",
    "molecularly_typed",
    "regimen_given",
    "central_review_recorded",
    "trial_discussed",
    "on_dexamethasone",
)
CATALOG_PATH_VARIABLE = "BOARDTOOL_CATALOG_PATH"


@dataclass(frozen=True)
class Source:
    """Where a catalog fact comes from: a short name with its year, and the full reference."""

    id: str
    short: str
    reference: str


@dataclass(frozen=True)
class Option:
    """One item of a modality's checklist."""

    id: str
    label: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A section of the multidisciplinary structure (overview, a modality, or the plan)."""

    id: str
    kind: str
    title: str
    description: str
    options: tuple[Option, ...] = ()
    sources: tuple[str, ...] = ()

    def option_label(self, option_id: str) -> str:
        """Return the label of a checklist option (the id itself when unknown)."""
        return next((o.label for o in self.options if o.id == option_id), option_id)


@dataclass(frozen=True)
class TumourType:
    """A WHO CNS5 tumour type and the grades it may carry (empty: none assigned)."""

    id: str
    name: str
    compartment: str
    grades: tuple[int, ...]
    nos_nec: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class MStage:
    """A Chang M stage, the examinations that show it (positive) or rule spread out (negative)."""

    id: str
    description: str
    evidence: tuple[str, ...] = ()
    requires_negative: tuple[str, ...] = ()
    staged: bool = True
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PerformanceScale:
    """A performance-status scale, its range and the ages it applies to."""

    id: str
    name: str
    min: int
    max: int
    step: int
    min_age: int | None = None
    max_age: int | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resection:
    """An extent-of-resection category."""

    id: str
    name: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarkerKind:
    """A marker worth a structured result, and what it tells the board."""

    name: str
    note: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guideline:
    """A guideline (or protocol) a plan's concordance can refer to, with its version."""

    id: str
    name: str
    version: str
    sources: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """Return the guideline as the record names it: 'EANO guideline for ependymal tumours, 2018'."""
        return f"{self.name}, {self.version}" if self.version else self.name


@dataclass(frozen=True)
class Prompt:
    """A short reminder for the board, shown when its conditions hold for a case."""

    id: str
    section: str
    text: str
    when: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    sources: tuple[str, ...] = ()
    source: str = ""  # the sources' short names, e.g. "EANO 2018; COG ACNS0121 (2019)"


@dataclass(frozen=True)
class Catalog:
    """Everything boardtool knows about one disease."""

    id: str
    name: str
    board_title: str
    sections: tuple[Section, ...]
    tumour_types: tuple[TumourType, ...]
    m_stages: tuple[MStage, ...]
    performance_scales: tuple[PerformanceScale, ...]
    resections: tuple[Resection, ...]
    core_specialties: tuple[str, ...]
    other_specialties: tuple[str, ...] = ()
    markers: tuple[MarkerKind, ...] = ()
    marker_methods: tuple[str, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    source: str = ""  # the catalog file
    sources: tuple[Source, ...] = ()
    guidelines: tuple[Guideline, ...] = ()

    def guideline(self, guideline_id: str) -> Guideline | None:
        """Return the guideline with this id, or None."""
        return next((g for g in self.guidelines if g.id == guideline_id), None)

    @property
    def marker_names(self) -> tuple[str, ...]:
        """Return the names of the markers worth a structured result."""
        return tuple(m.name for m in self.markers)

    def cite(self, source_ids: tuple[str, ...], full: bool = False) -> str:
        """Return the named sources as text: short names, or full references with ``full``."""
        known = {s.id: s for s in self.sources}
        parts = [known[i] for i in source_ids if i in known]
        if full:
            return "; ".join(f"{s.short} — {s.reference}" if s.reference else s.short for s in parts)
        return "; ".join(s.short for s in parts)

    @property
    def modalities(self) -> tuple[Section, ...]:
        """Return the modality sections in the catalog's order."""
        return tuple(s for s in self.sections if s.kind == "modality")

    def section(self, section_id: str) -> Section | None:
        """Return the section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def tumour_type(self, type_id: str) -> TumourType | None:
        """Return the tumour type with this id, or None."""
        return next((t for t in self.tumour_types if t.id == type_id), None)

    def scale(self, scale_id: str) -> PerformanceScale | None:
        """Return the performance scale with this id, or None."""
        return next((s for s in self.performance_scales if s.id == scale_id), None)

    def m_stage_rank(self, stage: str | None) -> int:
        """Return the position of a staged M stage (M0 is 0); -1 when unknown or not staged."""
        ids = [m.id for m in self.m_stages if m.staged]
        return ids.index(stage) if stage in ids else -1

    def m_stage(self, stage: str | None) -> MStage | None:
        """Return the M stage with this id, or None."""
        return next((m for m in self.m_stages if m.id == stage), None)


def catalog_dirs() -> list[Path]:
    """Return the folders searched for catalogs: the user's extra ones first, then bundled."""
    extra = os.environ.get(CATALOG_PATH_VARIABLE, "")
    dirs = [Path(p) for p in extra.split(os.pathsep) if p]
    return [*dirs, resources.catalogs_dir()]


def available_catalogs(dirs: list[Path] | None = None) -> dict[str, Path]:
    """Return catalog id → file for every ``*.toml`` in the search folders (first wins)."""
    found: dict[str, Path] = {}
    for folder in dirs if dirs is not None else catalog_dirs():
        for path in sorted(Path(folder).glob("*.toml")):
            found.setdefault(path.stem, path)
    return found


def load_catalog(disease: str = "ependymoma", dirs: list[Path] | None = None) -> Catalog:
    """Return the catalog for ``disease``, found by file name in the search folders."""
    paths = available_catalogs(dirs)
    if disease not in paths:
        known = ", ".join(sorted(paths)) or "none"
        raise CatalogError(f"no catalog for '{disease}' (available: {known})", field="disease")
    return read_catalog(paths[disease])


@lru_cache(maxsize=16)
def _read_cached(path: str, mtime: float) -> Catalog:
    from boardtool.model.catalog_reader import load_toml, parse_catalog

    return parse_catalog(path, load_toml(path))


def read_catalog(path: Path | str) -> Catalog:
    """Read and check one catalog file."""
    path = Path(path)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog ({exc.strerror})", file=str(path)) from exc
    return _read_cached(str(path), mtime)
