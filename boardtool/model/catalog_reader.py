"""Reading a catalog TOML into a Catalog, naming the file and field of every mistake."""

from __future__ import annotations

import tomllib
from typing import Any

from boardtool.model.catalog import (
    CONDITIONS,
    SECTION_KINDS,
    Catalog,
    Guideline,
    MarkerKind,
    MStage,
    Option,
    PerformanceScale,
    Prompt,
    Resection,
    Section,
    Source,
    TumourType,
)
from boardtool.model.errors import CatalogError
from boardtool.model.terms import DiagnosisState, DiseaseStatus, EventKind, values


def load_toml(path: str) -> dict[str, Any]:
    """Return the raw TOML of a catalog file."""
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
        self.known_sources: dict[str, Source] = {}

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

    def sources(self, table: dict, where: str, required: bool = True) -> tuple[str, ...]:
        """Return the source ids a fact names; every fact must name at least one known source."""
        value = table.get("source", [])
        ids = (value,) if isinstance(value, str) else value
        if not isinstance(ids, list | tuple) or not all(isinstance(i, str) for i in ids):
            raise self.fail(f"{where}.source", "expected a source id or a list of them")
        if required and not ids:
            raise self.fail(f"{where}.source", "missing: name where this comes from (a key of [sources])")
        unknown = [i for i in ids if i not in self.known_sources]
        if unknown:
            raise self.fail(f"{where}.source", f"unknown source {', '.join(unknown)} (add it to [sources])")
        return tuple(ids)


def parse_catalog(path: str, raw: dict[str, Any]) -> Catalog:
    """Return the catalog described by the raw TOML of ``path``, or raise naming the field."""
    r = _Reader(path)
    sources = _sources(r, raw)
    r.known_sources = {s.id: s for s in sources}
    catalog = Catalog(
        id=r.get(raw, "id", str, "catalog"),
        name=r.get(raw, "name", str, "catalog"),
        board_title=r.get(raw, "board_title", str, "catalog", "Tumour board"),
        sections=tuple(_section(r, where, t) for where, t in r.tables(raw, "sections")),
        tumour_types=tuple(_tumour_type(r, w, t) for w, t in r.tables(raw, "tumour_types")),
        m_stages=tuple(_m_stage(r, w, t) for w, t in r.tables(raw, "m_stages")),
        performance_scales=tuple(_scale(r, w, t) for w, t in r.tables(raw, "performance_scales")),
        resections=tuple(
            Resection(r.get(t, "id", str, w), r.get(t, "name", str, w), r.sources(t, w))
            for w, t in r.tables(raw, "resections")
        ),
        core_specialties=r.strings(raw, "core_specialties", "catalog"),
        other_specialties=r.strings(raw, "other_specialties", "catalog"),
        markers=tuple(
            MarkerKind(r.get(t, "name", str, w), r.get(t, "note", str, w, ""), r.sources(t, w))
            for w, t in r.tables(raw, "markers")
        ),
        marker_methods=r.strings(raw, "marker_methods", "catalog"),
        prompts=tuple(_prompt(r, w, t) for w, t in r.tables(raw, "prompts")),
        source=path,
        sources=sources,
        guidelines=tuple(
            Guideline(r.get(t, "id", str, w), r.get(t, "name", str, w), r.get(t, "version", str, w, ""), r.sources(t, w))
            for w, t in r.tables(raw, "guidelines")
        ),
    )
    _check_structure(r, catalog)
    return catalog


def _sources(r: _Reader, raw: dict) -> tuple[Source, ...]:
    table = r.get(raw, "sources", dict, "catalog", {})
    found = []
    for key, entry in table.items():
        where = f"sources.{key}"
        if not isinstance(entry, dict):
            raise r.fail(where, "expected a table with short and reference")
        found.append(Source(key, r.get(entry, "short", str, where), r.get(entry, "reference", str, where, "")))
    return tuple(found)


def _section(r: _Reader, where: str, t: dict) -> Section:
    kind = r.get(t, "kind", str, where)
    if kind not in SECTION_KINDS:
        raise r.fail(f"{where}.kind", f"'{kind}' is not one of {', '.join(SECTION_KINDS)}")
    options = []
    for i, o in enumerate(r.get(t, "options", list, where, [])):
        at = f"{where}.options[{i + 1}]"
        if not isinstance(o, dict):
            raise r.fail(at, "expected a table with id, label and source")
        options.append(Option(r.get(o, "id", str, at), r.get(o, "label", str, at), r.sources(o, at)))
    description = " ".join(r.get(t, "description", str, where, "").split())
    return Section(
        id=r.get(t, "id", str, where),
        kind=kind,
        title=r.get(t, "title", str, where),
        description=description,
        options=tuple(options),
        sources=r.sources(t, where, required=bool(description)),
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
        sources=r.sources(t, where),
    )


def _m_stage(r: _Reader, where: str, t: dict) -> MStage:
    exams = {"mri_brain", "mri_spine", "csf_cytology"}
    evidence, negative = r.strings(t, "evidence", where), r.strings(t, "requires_negative", where)
    for key, names in (("evidence", evidence), ("requires_negative", negative)):
        if set(names) - exams:
            raise r.fail(f"{where}.{key}", f"examinations are {', '.join(sorted(exams))}")
    return MStage(
        id=r.get(t, "id", str, where),
        description=r.get(t, "description", str, where),
        evidence=evidence,
        requires_negative=negative,
        staged=r.get(t, "staged", bool, where, True),
        sources=r.sources(t, where),
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
        sources=r.sources(t, where),
    )


def _conditions(r: _Reader, where: str, when: dict) -> dict[str, Any]:
    unknown = sorted(set(when) - set(CONDITIONS))
    if unknown:
        raise r.fail(where, f"unknown condition {', '.join(unknown)}")
    alternatives = when.get("any_of", [])
    if not isinstance(alternatives, list) or not all(isinstance(a, dict) for a in alternatives):
        raise r.fail(f"{where}.any_of", "expected a list of condition tables")
    for i, alternative in enumerate(alternatives):
        _conditions(r, f"{where}.any_of[{i + 1}]", alternative)
    return dict(when)


def _prompt(r: _Reader, where: str, t: dict) -> Prompt:
    sources = r.sources(t, where)
    return Prompt(
        id=r.get(t, "id", str, where),
        section=r.get(t, "section", str, where),
        text=r.get(t, "text", str, where),
        when=_conditions(r, f"{where}.when", r.get(t, "when", dict, where, {})),
        sources=sources,
        source="; ".join(r.known_sources[i].short for i in sources),
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
    prompt_ids = [p.id for p in catalog.prompts]
    if len(set(prompt_ids)) != len(prompt_ids):
        raise r.fail("prompts", "prompt ids must be unique")
    guideline_ids = [g.id for g in catalog.guidelines]
    if len(set(guideline_ids)) != len(guideline_ids):
        raise r.fail("guidelines", "guideline ids must be unique")
    known = _condition_values(catalog)
    for prompt in catalog.prompts:
        _check_values(r, f"prompts.{prompt.id}.when", prompt.when, known)
    if not catalog.core_specialties:
        raise r.fail("core_specialties", "name at least one core specialty")


def _condition_values(catalog: Catalog) -> dict[str, set]:
    """Return, per condition that names things, the names this catalog and the model know."""
    options = {o.id for s in catalog.modalities for o in s.options}
    compartments = {t.compartment for t in catalog.tumour_types}
    return {
        "discussed": {s.id for s in catalog.modalities},
        "given": set(values(EventKind)),
        "option_considered": options,
        "m_stage_at_least": {m.id for m in catalog.m_stages if m.staged},
        "last_resection_in": {r.id for r in catalog.resections},
        "compartment_in": compartments,
        "diagnosis_state_in": set(values(DiagnosisState)),
        "disease_status_in": set(values(DiseaseStatus)),
    }


def _check_values(r: _Reader, where: str, when: dict[str, Any], known: dict[str, set]) -> None:
    """Refuse a condition naming a modality, option, stage or status that does not exist."""
    for key, value in when.items():
        if key == "any_of":
            for i, alternative in enumerate(value):
                _check_values(r, f"{where}.any_of[{i + 1}]", alternative, known)
        elif key in known:
            names = value if isinstance(value, list) else [value]
            unknown = [str(n) for n in names if n not in known[key]]
            if unknown:
                raise r.fail(f"{where}.{key}", f"unknown {', '.join(unknown)} (known: {', '.join(sorted(known[key]))})")
