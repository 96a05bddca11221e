"""Mapping rows for observations: performance status, disease status, TNM, tumour markers,
genomic variants and the comorbidities list; staging examinations and responses are routed
to ``rows_staging``."""

from __future__ import annotations

import re

from boardtool.intake.codes import (
    COMORBIDITIES,
    DISEASE_STATUS,
    GENE_STUDIED,
    GENOMIC_VARIANT,
    LOINC,
    MARKER_ANSWER_CODES,
    MARKER_ANSWER_WORDS,
    MARKER_METHODS,
    MARKER_NAMES,
    PERFORMANCE,
    SNOMED,
    STATUS_ANSWERS,
    TNM,
    VARIANT_DETAIL,
    code_in,
    codings,
    effective_date,
    ext_value,
    extensions,
    has_code,
    has_profile,
    quantity_text,
    text_of,
)
from boardtool.intake import rows_staging
from boardtool.intake.context import Context
from boardtool.intake.fhir import Resource
from boardtool.model.board import Marker
from boardtool.model.terms import DISEASE_STATUS_LABELS, MARKER_RESULT_LABELS, label
from boardtool.outline_details import marker_text

DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
ECOG_ANSWERS = {"LA9622-7": 0, "LA9623-5": 1, "LA9624-3": 2, "LA9625-0": 3, "LA9626-8": 4, "LA9627-6": 5}
_AJCC = re.compile(r"^(?:american joint committee on cancer|ajcc)\s+", re.I)


def observation(resource: Resource, ctx: Context) -> None:
    """Route an Observation by its code (then its profile) to the row that maps it."""
    data = resource.data
    code = data.get("code")
    if data.get("status") in ("entered-in-error", "cancelled"):
        ctx.skip(resource, text_of(code), f"status '{data['status']}'")
        return
    for scale, wanted in PERFORMANCE.items():
        if has_code(code, wanted) or has_profile(data, f"{scale}-performance-status", f"{scale}-play-performance"):
            performance(resource, ctx, scale)
            return
    if has_code(code, DISEASE_STATUS) or has_profile(data, "cancer-disease-status"):
        disease_status(resource, ctx)
    elif any((c.get("system"), c.get("code")) in TNM for c in codings(code)):
        tnm_part(resource, ctx)
    elif has_code(code, GENOMIC_VARIANT) or has_profile(data, "genomic-variant"):
        genomic_variant(resource, ctx)
    elif has_profile(data, "tumor-marker-test") or code_in(code, LOINC) in MARKER_NAMES:
        tumour_marker(resource, ctx)
    elif has_code(code, COMORBIDITIES) or has_profile(data, "comorbidities"):
        comorbidities(resource, ctx)
    elif rows_staging.exam_of(resource):
        rows_staging.staging_exam(resource, ctx, rows_staging.exam_of(resource))
    elif rows_staging.is_response(resource):
        rows_staging.response(resource, ctx)
    else:
        ctx.skip(resource, text_of(code) or "observation", "an observation boardtool has no field for")


def performance(resource: Resource, ctx: Context, scale: str) -> None:
    """ECOG / Karnofsky / Lansky → performance status with date and the person who rated it."""
    data = resource.data
    value = data.get("valueInteger")
    if value is None and isinstance(data.get("valueQuantity"), dict):
        value = data["valueQuantity"].get("value")
    if value is None:
        value = ECOG_ANSWERS.get(code_in(data.get("valueCodeableConcept"), LOINC))
    if not isinstance(value, int | float):
        ctx.skip(resource, f"{scale} performance status", "no score in the observation")
        return
    day = effective_date(data)
    rater = next((ctx.who(p) for p in data.get("performer", []) if ctx.who(p)), "")
    shown = ", ".join(p for p in (f"{ctx.catalog.scale(scale).name if ctx.catalog.scale(scale) else scale} {value:g}",
                                  rater, day.isoformat() if day else "") if p)
    ctx.propose("performance", {"scale": scale, "value": int(value), "rated_by": rater, "date": day}, shown,
                resource, when=day)


def disease_status(resource: Resource, ctx: Context) -> None:
    """CancerDiseaseStatus → disease status (NED, stable, progressive); an answer boardtool has
    no value for is reported and keeps earlier statuses from being proposed as the latest."""
    data = resource.data
    answer = code_in(data.get("valueCodeableConcept"), SNOMED)
    status = STATUS_ANSWERS.get(answer)
    words = text_of(data.get("valueCodeableConcept")) or "no answer"
    day = effective_date(data)
    if status is None:
        known = "" if answer in STATUS_ANSWERS else "an answer boardtool does not recognise; "
        ctx.skip(resource, f"disease status '{words}'", f"{known}boardtool's disease status is one of "
                 f"{', '.join(DISEASE_STATUS_LABELS.values())} (a response belongs to the treatment it follows)")
        ctx.pending.setdefault("unheld statuses", []).append((day, words))
        return
    shown = f"{label(DISEASE_STATUS_LABELS, status)} ({words}, {day.isoformat() if day else 'no date'})"
    ctx.propose("disease_status", status, shown, resource, when=day)


def finish_disease_status(ctx: Context) -> None:
    """Withdraw disease statuses older than a later one boardtool cannot hold: the older one is no longer true."""
    unheld = [(day, words) for day, words in ctx.pending.get("unheld statuses", []) if day]
    if not unheld:
        return
    latest, words = max(unheld)
    for proposal in [p for p in ctx.record.proposals if p.path == "disease_status"]:
        if proposal.when is not None and proposal.when < latest:
            ctx.record.proposals.remove(proposal)
            ctx.record.skip(f"Disease status: {proposal.display}", f"the record's later status ('{words}', "
                            f"{latest.isoformat()}) has no boardtool value", proposal.source)


def tnm_part(resource: Resource, ctx: Context) -> None:
    """A TNM category or stage group; the parts of one basis are joined into one classification."""
    data = resource.data
    basis, part = next(TNM[(c.get("system"), c.get("code"))] for c in codings(data.get("code"))
                       if (c.get("system"), c.get("code")) in TNM)
    value = _tnm_value(data.get("valueCodeableConcept"), part)
    if not value:
        ctx.skip(resource, f"TNM {basis} {part}", "no value in the observation")
        return
    entry = ctx.pending.setdefault(("tnm", basis), {"parts": {}, "resources": [], "system": "", "date": None})
    entry["parts"][part] = value
    entry["resources"].append(resource)
    entry["system"] = entry["system"] or _staging_system(data.get("method"))
    if part == "group" or entry["date"] is None:
        entry["date"] = effective_date(data) or entry["date"]


def _tnm_value(concept: object, part: str) -> str:
    code = next((c.get("code", "") for c in codings(concept) if c.get("system") != SNOMED), "")
    words = _AJCC.sub("", text_of(concept)).strip()
    value = words or code
    if part == "group":
        value = re.sub(r"^stage\s+", "", value, flags=re.I)
    return value


def _staging_system(method: object) -> str:
    words = text_of(method)
    edition = re.search(r"(\d+)(?:st|nd|rd|th) edition", words, re.I)
    if re.search(r"american joint|ajcc", words, re.I):
        return f"AJCC {edition.group(1)}th edition" if edition else "AJCC"
    if re.search(r"\buicc\b|union for international cancer control", words, re.I):
        return f"UICC {edition.group(1)}th edition" if edition else "UICC"
    return words


def finish_tnm(ctx: Context) -> None:
    """Propose one TNM classification per basis (clinical, pathologic) from the collected parts."""
    for key, entry in sorted(ctx.pending.items(), key=lambda item: str(item[0])):
        if not (isinstance(key, tuple) and key[0] == "tnm"):
            continue
        basis = key[1]
        parts = entry["parts"]
        value = {"basis": basis, "t": parts.get("t", ""), "n": parts.get("n", ""), "m": parts.get("m", ""),
                 "group": parts.get("group", ""), "system": entry["system"], "date": entry["date"]}
        categories = " ".join(parts[p] for p in ("t", "n", "m") if p in parts)
        shown = ", ".join(p for p in (f"{basis}: {categories}".strip(), f"stage {parts['group']}" if "group" in parts else "",
                                      entry["system"]) if p and p != f"{basis}:")
        group_first = sorted(entry["resources"], key=lambda r: not has_code(r.data.get("code"), {
            k for k, v in TNM.items() if v[1] == "group"}))
        ctx.propose("staging.tnm+", value, shown, *group_first, when=entry["date"])


def tumour_marker(resource: Resource, ctx: Context) -> None:
    """TumorMarkerTest → a marker: name, structured result with the record's wording, method, date."""
    data = resource.data
    loinc = code_in(data.get("code"), LOINC)
    name = MARKER_NAMES.get(loinc) or text_of(data.get("code")).split(" [")[0]
    result, words = _result(data)
    if not words:
        ctx.skip(resource, name, "no result in the observation")
        return
    _propose_marker(resource, ctx, {"name": name, "result": result, "detail": words, "method": _method(data),
                                    "date": effective_date(data)})


def _propose_marker(resource: Resource, ctx: Context, value: dict) -> None:
    """Propose a marker, shown as the deck words it; a wording that only repeats the result is not kept twice."""
    if value["result"] and value["detail"].casefold() == label(MARKER_RESULT_LABELS, value["result"]).casefold():
        value["detail"] = ""
    shown = marker_text(Marker(**value), lambda d: d.isoformat() if d else "")
    note = "" if value["result"] else "the record's wording is kept; choose a result if one applies"
    ctx.propose("diagnosis.markers+", value, shown, resource, when=value["date"], note=note)


def _result(data: dict) -> tuple[str | None, str]:
    """Return the structured result (None when the record's answer is not one) and the record's wording."""
    concept = data.get("valueCodeableConcept")
    if concept:
        words = text_of(concept)
        result = next((MARKER_ANSWER_CODES[k] for k in ((c.get("system"), c.get("code")) for c in codings(concept))
                       if k in MARKER_ANSWER_CODES), None) or MARKER_ANSWER_WORDS.get(words.casefold())
    elif isinstance(data.get("valueQuantity"), dict):
        words, result = quantity_text(data["valueQuantity"]), None
    else:
        words = str(data.get("valueString") or data.get("valueInteger") or "")
        result = MARKER_ANSWER_WORDS.get(words.strip().casefold())
    if not words and code_in(data.get("dataAbsentReason"), DATA_ABSENT) == "error":
        return "failed", text_of(data["dataAbsentReason"])
    flags = ", ".join(text_of(i) for i in data.get("interpretation", []) if text_of(i))
    words = f"{words} ({flags})" if words and flags and flags.casefold() not in words.casefold() else words
    return result, words


def _method(data: dict) -> str:
    words = (text_of(data.get("method")) + " " + text_of(data.get("code"))).casefold()
    return next((name for key, name in MARKER_METHODS.items() if key in words), text_of(data.get("method")))


def genomic_variant(resource: Resource, ctx: Context) -> None:
    """GenomicVariant → a marker named by the gene: detected / not detected, the variant in detail."""
    data = resource.data
    genes, detail, origin = [], [], ""
    for component in data.get("component", []):
        code = component.get("code")
        value = text_of(component.get("valueCodeableConcept")) or str(component.get("valueString") or "")
        if has_code(code, GENE_STUDIED):
            genes.append(value)
        elif has_code(code, VARIANT_DETAIL) and value and len(detail) < 1:
            detail.append(value)
        elif code_in(code, LOINC) == "48002-0":
            origin = value.lower()
    result, present = _result(data)
    words = ", ".join(p for p in (present or "variant", *detail, origin) if p)
    name = "::".join(genes) or text_of(data.get("code"))
    _propose_marker(resource, ctx, {"name": name, "result": result, "detail": words,
                                    "method": _method(data) or "DNA sequencing", "date": effective_date(data)})


def comorbidities(resource: Resource, ctx: Context) -> None:
    """Comorbidities observation → each condition it names as present; absent ones reported."""
    data = resource.data
    for extension in extensions(resource.data, "mcode-related-condition") + extensions(data, "comorbid-condition-present"):
        value = ext_value(extension)
        words = ctx.words(value) if isinstance(value, dict) and "reference" in value else text_of(value)
        target = ctx.resolve(value) if isinstance(value, dict) and "reference" in value else None
        if not words:
            ref = value.get("reference", "") if isinstance(value, dict) else ""
            ctx.skip(resource, f"comorbidity {ref}", "the condition it points to is not in the bundle")
            continue
        ctx.propose("comorbidities+", words, words, resource, *([target] if target else []))
    for extension in extensions(data, "mcode-related-condition-absent") + extensions(data, "comorbid-condition-absent"):
        ctx.skip(resource, f"comorbidity '{text_of(ext_value(extension))}'", "recorded as absent")
