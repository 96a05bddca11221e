"""Mapping rows for treatment: cancer surgery, radiotherapy courses (one event per treated
volume), medications (current ones, and completed chemotherapy grouped into regimens)."""

from __future__ import annotations

import datetime as dt
import re

from boardtool.intake.codes import (
    RADIOTHERAPY_COURSE,
    SNOMED,
    codings,
    ext_value,
    extensions,
    fhir_date,
    has_code,
    has_profile,
    period_of,
    text_of,
)
from boardtool.intake.context import Context
from boardtool.intake.fhir import Resource
from boardtool.intake.rows_conditions import condition_kind

SURGICAL_CATEGORY = {(SNOMED, "387713003")}
REGIMEN_GAP = dt.timedelta(days=42)  # drugs starting within six weeks of each other form one regimen
CURRENT = ("active", "on-hold", "in-progress")
TECHNIQUES = (("volumetric modulated arc", "VMAT"), ("intensity modulated", "IMRT"), ("three dimensional", "3D-CRT"),
              ("3d conformal", "3D-CRT"), ("stereotactic radiosurgery", "SRS"), ("stereotactic body", "SBRT"),
              ("pencil beam", "PBS"), ("passive scatter", "passive scattering proton"))
MODALITIES = (("proton", "proton"), ("photon", "photon"), ("electron", "electron"), ("brachy", "brachytherapy"),
              ("neutron", "neutron"), ("carbon", "carbon ion"))


def procedure(resource: Resource, ctx: Context) -> None:
    """Route a Procedure to radiotherapy, cancer surgery, or the not-mapped list."""
    data = resource.data
    if has_code(data.get("code"), RADIOTHERAPY_COURSE) or has_profile(data, "radiotherapy-course-summary",
                                                                      "radiation-procedure"):
        radiotherapy(resource, ctx)
    elif _cancer_surgery(resource, ctx):
        surgery(resource, ctx)
    else:
        ctx.skip(resource, text_of(data.get("code")) or "procedure", "not cancer surgery or a radiotherapy course")


def _cancer_surgery(resource: Resource, ctx: Context) -> bool:
    data = resource.data
    if has_profile(data, "cancer-related-surgical-procedure") or has_code(data.get("category"), SURGICAL_CATEGORY):
        return True
    return _for_cancer(resource, ctx) and "biopsy" not in text_of(data.get("code")).casefold()


def _for_cancer(resource: Resource, ctx: Context) -> bool:
    """Return True when the resource gives a cancer condition as its reason."""
    for reference in resource.data.get("reasonReference", []):
        target = ctx.records.resolve(reference)
        if target is not None and target.type == "Condition" and condition_kind(target) != "other":
            return True
    return any(condition_kind(Resource("Condition", "", {"code": c}, resource.source)) != "other"
               for c in resource.data.get("reasonCode", []))


def _completed(resource: Resource, ctx: Context, what: str) -> bool:
    status = resource.data.get("status", "")
    if status not in ("completed", ""):
        ctx.skip(resource, what, f"status '{status}', not a completed treatment")
        return False
    return True


def surgery(resource: Resource, ctx: Context) -> None:
    """CancerRelatedSurgicalProcedure → a surgery event with date and, when stated, the extent."""
    data = resource.data
    what = text_of(data.get("code")) or "Surgery"
    if not _completed(resource, ctx, what):
        return
    start, end = period_of(data)
    sites = "; ".join(text_of(s) for s in data.get("bodySite", []))
    description = f"{what} ({sites})" if sites and sites.casefold() not in what.casefold() else what
    extent = _resection(what)
    value = {"kind": "surgery", "date": start, "end_date": end if end and end != start else None,
             "description": description, "resection": extent}
    shown = ", ".join(p for p in (description, extent, start.isoformat() if start else "") if p)
    ctx.propose("history+", value, shown, resource, when=start,
                note="" if extent else "the record does not say the extent of resection")


def _resection(words: str) -> str:
    text = words.casefold()
    for key, extent in (("gross total", "GTR"), ("near total", "NTR"), ("near-total", "NTR"), ("subtotal", "STR"),
                        ("biopsy", "biopsy")):
        if key in text:
            return extent
    return ""


def radiotherapy(resource: Resource, ctx: Context) -> None:
    """RadiotherapyCourseSummary → one radiotherapy event per treated volume (cGy → Gy)."""
    data = resource.data
    if not _completed(resource, ctx, "radiotherapy course"):
        return
    start, end = period_of(data)
    modalities, techniques = _modality_technique(data)
    intent = next((text_of(ext_value(e)).split(" - ")[0] for e in extensions(data, "mcode-procedure-intent")), "")
    volumes = extensions(data, "mcode-radiotherapy-dose-delivered-to-volume")
    base = {"kind": "radiotherapy", "date": start, "end_date": end, "technique": ", ".join(techniques),
            "modality": ", ".join(modalities), "intent": intent.lower()}
    proton = any("proton" in m for m in modalities)
    if not volumes:
        sessions = next((ext_value(e) for e in extensions(data, "mcode-radiotherapy-sessions")), None)
        value = {**base, "description": "Radiotherapy course", "fractions": sessions}
        ctx.propose("history+", value, f"radiotherapy course, {start or ''} (no dose per volume recorded)",
                    resource, when=start, note="the course gives no dose per volume")
        return
    for volume in volumes:
        _volume_event(resource, ctx, base, volume, proton)


def _volume_event(resource: Resource, ctx: Context, base: dict, volume: dict, proton: bool) -> None:
    parts = {str(e.get("url", "")): ext_value(e) for e in volume.get("extension", [])}
    target = ctx.words(parts.get("volume")) or str((parts.get("volume") or {}).get("reference", "")).split("/")[-1]
    dose = parts.get("totalDoseDelivered") or {}
    gray = _gray(dose)
    fractions = parts.get("fractionsDelivered")
    unit = "Gy(RBE)" if proton else "Gy"
    kind = f"{base['modality'].split(',')[0].capitalize()} radiotherapy" if base["modality"] else "Radiotherapy"
    value = {**base, "description": kind, "target": target,
             "dose_gy": gray, "fractions": fractions, "dose_unit": unit}
    dose_text = f"{gray:g} {unit}" if gray is not None else "dose not given"
    shown = ", ".join(p for p in (target, dose_text, f"{fractions} fr" if fractions else "", base["technique"],
                                  base["date"].isoformat() if base["date"] else "") if p)
    ctx.propose("history+", value, shown, resource, *([ctx.resolve(parts["volume"])] if
                ctx.records.resolve(parts.get("volume")) else []), when=base["date"])


def _gray(dose: dict) -> float | None:
    """Return a dose Quantity in Gy (mCODE records cGy)."""
    value = dose.get("value")
    if not isinstance(value, int | float):
        return None
    unit = str(dose.get("code") or dose.get("unit") or "cGy")
    return round(value / 100, 2) if unit.lower().startswith("cgy") else float(value)


def _modality_technique(data: dict) -> tuple[list[str], list[str]]:
    modalities, techniques = [], []
    for pair in extensions(data, "mcode-radiotherapy-modality-and-technique"):
        for part in pair.get("extension", []):
            words = " ".join(text_of(ext_value(part)).split()) + " " + " ".join(
                c.get("display", "") for c in codings(ext_value(part)))
            name = str(part.get("url", "")).rsplit("/", 1)[-1]
            table, found = (MODALITIES, modalities) if name.endswith("modality") else (TECHNIQUES, techniques)
            short = next((s for key, s in table if key in words.casefold()), text_of(ext_value(part)))
            if short and short not in found:
                found.append(short)
    return modalities, techniques


# ------------------------------------------------------------------ medications


def medication(resource: Resource, ctx: Context) -> None:
    """MedicationRequest / MedicationAdministration → a current medication or a chemotherapy exposure."""
    data = resource.data
    name = _drug_name(data, ctx)
    status = data.get("status", "")
    if status in CURRENT:
        dosage = next((d.get("text", "") for d in data.get("dosageInstruction", []) if d.get("text")), "")
        line = dosage if dosage.casefold().startswith(name.casefold()) else " — ".join(p for p in (name, dosage) if p)
        ctx.propose("medications+", line, line, resource, when=fhir_date(data.get("authoredOn")))
        _dexamethasone(resource, ctx, name)
    elif status in ("completed", "stopped"):
        if not (_for_cancer(resource, ctx) or has_profile(data, "cancer-related-medication")):
            ctx.skip(resource, name, "a past medication not recorded as cancer treatment")
            return
        start, end = _medication_period(data)
        ctx.pending.setdefault("exposures", []).append((_ingredient(name), start, end or start, resource))
    else:
        ctx.skip(resource, name, f"status '{status}'")


def _drug_name(data: dict, ctx: Context) -> str:
    if data.get("medicationCodeableConcept"):
        return text_of(data["medicationCodeableConcept"])
    target = ctx.resolve(data.get("medicationReference"))
    if target is not None:
        return text_of(target.data.get("code"))
    return str((data.get("medicationReference") or {}).get("display", "")) or "medication"


_AMOUNT = re.compile(r"^\s*[\d.,]+\s*(?:ml|mg|g|mcg|µg|ug|units?)\b\s*", re.I)
_SALT = re.compile(r"\s+(?:hydrochloride|hcl|sulfate|sulphate|citrate|sodium|phosphate|mesylate|acetate|tartrate)\b.*$",
                   re.I)


def _ingredient(name: str) -> str:
    """Return the drug of a product name in lower case ('10 ML doxorubicin hydrochloride 2 MG/ML …' → 'doxorubicin')."""
    drug = re.split(r"\s+\d", _AMOUNT.sub("", name), maxsplit=1)[0]
    return _SALT.sub("", drug).strip().lower()


def _medication_period(data: dict) -> tuple[dt.date | None, dt.date | None]:
    if data.get("resourceType") == "MedicationAdministration":
        return period_of(data)
    bounds = next((d.get("timing", {}).get("repeat", {}).get("boundsPeriod") for d in data.get("dosageInstruction", [])
                   if d.get("timing", {}).get("repeat", {}).get("boundsPeriod")), None) or {}
    return fhir_date(bounds.get("start")) or fhir_date(data.get("authoredOn")), fhir_date(bounds.get("end"))


def _dexamethasone(resource: Resource, ctx: Context, name: str) -> None:
    if "dexamethasone" not in name.casefold():
        return
    for dosage in resource.data.get("dosageInstruction", []):
        dose = next((d.get("doseQuantity") for d in dosage.get("doseAndRate", []) if d.get("doseQuantity")), None)
        repeat = dosage.get("timing", {}).get("repeat", {})
        if not dose or str(dose.get("code") or dose.get("unit")) != "mg" or repeat.get("periodUnit") != "d":
            continue
        per_day = dose["value"] * repeat.get("frequency", 1) / repeat.get("period", 1)
        ctx.propose("dexamethasone_mg_per_day", float(per_day), f"{per_day:g} mg/day", resource)
        return


def finish_chemotherapy(ctx: Context) -> None:
    """Group completed cancer drugs into regimens: drugs starting within six weeks form one event."""
    exposures = sorted(ctx.pending.get("exposures", []), key=lambda e: (e[1] or dt.date.max, e[0]))
    groups: list[list[tuple]] = []
    for exposure in exposures:
        if groups and exposure[1] and groups[-1][-1][1] and exposure[1] - _end(groups[-1]) <= REGIMEN_GAP:
            groups[-1].append(exposure)
        else:
            groups.append([exposure])
    for group in groups:
        drugs = list(dict.fromkeys(e[0] for e in group))
        start = min((e[1] for e in group if e[1]), default=None)
        end = max((e[2] for e in group if e[2]), default=None)
        regimen = " + ".join(drugs)
        value = {"kind": "chemotherapy", "date": start, "end_date": end if end != start else None, "regimen": regimen}
        when = f"{start} – {end}" if end and end != start else str(start or "no date")
        ctx.propose("history+", value, f"{regimen}, {when}", *[e[3] for e in group], when=start)


def _end(group: list[tuple]) -> dt.date:
    return max(e[2] or e[1] for e in group if e[1])
