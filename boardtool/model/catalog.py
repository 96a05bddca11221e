"""Disease catalogs: the sections, types, scales and prompts of one tumour, read from TOML."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from boardtool import resources
from boardtool.model.errors import CatalogError

SECTION_KINDS = ("overview", "modality", "plan")
CONDITIONS = (
    "discussed",
    "age_below",
    "age_at_least",
    "m_stage_at_least",
    "m_stage_recorded",
    "disease_status_in",
    "last_resection_in",
    "markers_recorded",
)
CATALOG_PATH_VARIABLE = "BOARDTOOL_CATALOG_PATH"


@dataclass(frozen=True)
class Option:
    """One item of a modality's checklist."""

    id: str
    label: str


@dataclass(frozen=True)
class Section:
    """A section of the multidisciplinary structure (overview, a modality, or the plan)."""

    id: str
    kind: str
    title: str
    description: str
    options: tuple[Option, ...] = ()

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


@dataclass(frozen=True)
class MStage:
    """A Chang M stage and the examinations that show it."""

    id: str
    description: str
    evidence: tuple[str, ...] = ()


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


@dataclass(frozen=True)
class Resection:
    """An extent-of-resection category."""

    id: str
    name: str


@dataclass(frozen=True)
class Prompt:
    """A short reminder for the board, shown when its conditions hold for a case."""

    id: str
    section: str
    text: str
    when: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


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
    marker_names: tuple[str, ...] = ()
    marker_methods: tuple[str, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    source: str = ""

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
        """Return the position of an M stage (M0 is 0); -1 when unknown."""
        ids = [m.id for m in self.m_stages]
        return ids.index(stage) if stage in ids else -1


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
    return _parse(path, _load_toml(path))


def read_catalog(path: Path | str) -> Catalog:
    """Read and check one catalog file."""
    path = Path(path)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog ({exc.strerror})", file=str(path)) from exc
    return _read_cached(str(path), mtime)


def _load_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"not valid TOML ({exc})", file=path) from exc
    except OSError as exc:
        raise CatalogError(f"cannot read the catalog ({exc.strerror})", file=path) from exc


class _Reader:
    """Reads typed values out of the raw TOML, naming the field when one is wrong."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, where: str, message: str) -> CatalogError:
        return CatalogError(message, file=self.path, field=where)

    def get(self, table: dict, key: str, kind: type, where: str, default: Any = ...) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail(f"{where}.{key}", "missing")
            return default
        value = table[key]
        if kind is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(f"{where}.{key}", f"expected {kind.__name__}, found {value!r}")
        return value

    def tables(self, raw: dict, key: str) -> list[tuple[str, dict]]:
        items = self.get(raw, key, list, "catalog", [])
        if not all(isinstance(item, dict) for item in items):
            raise self.fail(key, "expected a list of tables")
        return [(f"{key}[{i + 1}]", item) for i, item in enumerate(items)]

    def strings(self, table: dict, key: str, where: str) -> tuple[str, ...]:
        items = self.get(table, key, list, where, [])
        if not all(isinstance(item, str) for item in items):
            raise self.fail(f"{where}.{key}", "expected a list of text")
        return tuple(items)


def _parse(path: str, raw: dict[str, Any]) -> Catalog:
    r = _Reader(path)
    sections = tuple(_section(r, where, t) for where, t in r.tables(raw, "sections"))
    catalog = Catalog(
        id=r.get(raw, "id", str, "catalog"),
        name=r.get(raw, "name", str, "catalog"),
        board_title=r.get(raw, "board_title", str, "catalog", "Tumour board"),
        sections=sections,
        tumour_types=tuple(_tumour_type(r, w, t) for w, t in r.tables(raw, "tumour_types")),
        m_stages=tuple(
            MStage(
                r.get(t, "id", str, w),
                r.get(t, "description", str, w),
                r.strings(t, "evidence", w),
            )
            for w, t in r.tables(raw, "m_stages")
        ),
        performance_scales=tuple(_scale(r, w, t) for w, t in r.tables(raw, "performance_scales")),
        resections=tuple(
            Resection(r.get(t, "id", str, w), r.get(t, "name", str, w))
            for w, t in r.tables(raw, "resections")
        ),
        core_specialties=r.strings(raw, "core_specialties", "catalog"),
        other_specialties=r.strings(raw, "other_specialties", "catalog"),
        marker_names=r.strings(raw, "marker_names", "catalog"),
        marker_methods=r.strings(raw, "marker_methods", "catalog"),
        prompts=tuple(_prompt(r, w, t) for w, t in r.tables(raw, "prompts")),
        source=path,
    )
    _check_structure(r, catalog)
    return catalog


def _section(r: _Reader, where: str, t: dict) -> Section:
    kind = r.get(t, "kind", str, where)
    if kind not in SECTION_KINDS:
        raise r.fail(f"{where}.kind", f"'{kind}' is not one of {', '.join(SECTION_KINDS)}")
    options = tuple(
        Option(r.get(o, "id", str, f"{where}.options"), r.get(o, "label", str, f"{where}.options"))
        for o in r.get(t, "options", list, where, [])
    )
    return Section(
        id=r.get(t, "id", str, where),
        kind=kind,
        title=r.get(t, "title", str, where),
        description=" ".join(r.get(t, "description", str, where, "").split()),
        options=options,
    )


def _tumour_type(r: _Reader, where: str, t: dict) -> TumourType:
    grades = r.get(t, "grades", list, where, [])
    if not all(isinstance(g, int) and 1 <= g <= 4 for g in grades):
        raise r.fail(f"{where}.grades", "grades are whole numbers from 1 to 4")
    return TumourType(
        id=r.get(t, "id", str, where),
        name=r.get(t, "name", str, where),
        compartment=r.get(t, "compartment", str, where),
        grades=tuple(grades),
        nos_nec=r.get(t, "nos_nec", bool, where, False),
    )


def _scale(r: _Reader, where: str, t: dict) -> PerformanceScale:
    return PerformanceScale(
        id=r.get(t, "id", str, where),
        name=r.get(t, "name", str, where),
        min=r.get(t, "min", int, where),
        max=r.get(t, "max", int, where),
        step=r.get(t, "step", int, where, 1),
        min_age=r.get(t, "min_age", int, where, None),
        max_age=r.get(t, "max_age", int, where, None),
    )


def _prompt(r: _Reader, where: str, t: dict) -> Prompt:
    when = r.get(t, "when", dict, where, {})
    unknown = sorted(set(when) - set(CONDITIONS))
    if unknown:
        raise r.fail(f"{where}.when", f"unknown condition {', '.join(unknown)}")
    return Prompt(
        id=r.get(t, "id", str, where),
        section=r.get(t, "section", str, where),
        text=r.get(t, "text", str, where),
        when=dict(when),
    )


def _check_structure(r: _Reader, catalog: Catalog) -> None:
    kinds = [s.kind for s in catalog.sections]
    if not kinds or kinds[0] != "overview" or kinds[-1] != "plan" or kinds.count("plan") != 1:
        raise r.fail("sections", "must start with the overview and end with the single plan")
    ids = [s.id for s in catalog.sections]
    if len(set(ids)) != len(ids):
        raise r.fail("sections", "section ids must be unique")
    for prompt in catalog.prompts:
        if prompt.section not in ids:
            raise r.fail(f"prompts.{prompt.id}.section", f"no section '{prompt.section}'")
    if not catalog.core_specialties:
        raise r.fail("core_specialties", "name at least one core specialty")
