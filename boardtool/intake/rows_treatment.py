"""Mapping rows for treatment: cancer surgery and CSF diversion (with the kind of procedure),
medications (current ones, and completed chemotherapy grouped into regimens); radiotherapy
courses are routed to ``rows_radiotherapy``."""

from __future__ import annotations

import datetime as dt
import re

from boardtool.intake.codes import (
    RADIOTHERAPY_COURSE,
    SNOMED,
    fhir_date,
    has_code,
    has_profile,
    period_of,
    text_of,
)
from boardtool.intake.context import Context
from boardtool.intake.fhir import Resource
from boardtool.intake.rows_conditions import condition_kind
from boardtool.intake.rows_radiotherapy import radiotherapy
from boardtool.model.terms import PROCEDURE_LABELS

SURGICAL_CATEGORY = {(SNOMED, "387713003")}
REGIMEN_GAP = dt.timedelta(days=42)  # drugs starting within six weeks of each other form one regimen
CURRENT = ("active", "on-hold", "in-progress")
# Words of a procedure → boardtool's Procedure value, first match wins (ETV before a drain).
PROCEDURE_WORDS = (("second look", "second_look"), ("second-look", "second_look"), ("biopsy", "biopsy"),
                   ("third ventriculostomy", "etv"), ("ventricular drain", "drain"), ("external ventriculostomy", "drain"),
                   ("shunt", "shunt"), ("resection", "resection"), ("excision", "resection"), ("debulking", "resection"),
                   ("ectomy", "resection"))
CSF_DIVERSION = ("etv", "drain", "shunt")


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
    return _for_cancer(resource, ctx) or procedure_kind(text_of(data.get("code"))) in CSF_DIVERSION


def procedure_kind(words: str) -> str | None:
    """Return the Procedure value the words of a procedure name (None when they name none)."""
    text = words.casefold()
    return next((kind for key, kind in PROCEDURE_WORDS if key in text), None)


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
    """CancerRelatedSurgicalProcedure → a surgery event: date, kind of procedure and, when stated, the extent."""
    data = resource.data
    what = text_of(data.get("code")) or "Surgery"
    if not _completed(resource, ctx, what):
        return
    start, end = period_of(data)
    sites = "; ".join(text_of(s) for s in data.get("bodySite", []))
    description = f"{what} ({sites})" if sites and sites.casefold() not in what.casefold() else what
    kind = procedure_kind(what) or "other"
    extent = _resection(what) if kind in ("resection", "second_look") else ""
    value = {"kind": "surgery", "date": start, "end_date": end if end and end != start else None,
             "description": description, "procedure": kind, "resection": extent}
    named = PROCEDURE_LABELS[kind] if PROCEDURE_LABELS[kind].casefold() not in description.casefold() else ""
    shown = ", ".join(p for p in (named, description, extent, start.isoformat() if start else "") if p)
    notes = ["the record does not say the extent of resection" if kind in ("resection", "second_look") and not extent
             else "", "the record does not say which kind of procedure" if kind == "other" else ""]
    ctx.propose("history+", value, shown, resource, when=start, note="; ".join(n for n in notes if n))


def _resection(words: str) -> str:
    text = words.casefold()
    for key, extent in (("gross total", "GTR"), ("gross-total", "GTR"), ("near total", "NTR"), ("near-total", "NTR"),
                        ("subtotal", "STR")):
        if key in text:
            return extent
    return ""


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
