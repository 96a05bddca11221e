"""Mapping row for radiotherapy: a RadiotherapyCourseSummary becomes one radiotherapy event
whose treated volumes each carry dose (cGy → Gy, Gy(RBE) for protons), fractions, modality,
technique, intent and the region the dose adds up in."""

from __future__ import annotations

from typing import Any

from boardtool.intake.codes import codings, ext_value, extensions, period_of, text_of
from boardtool.intake.context import Context
from boardtool.intake.diagnosis import COMPARTMENT_WORDS
from boardtool.intake.fhir import Resource
from boardtool.model.board import RtVolume
from boardtool.model.terms import RT_TECHNIQUE_LABELS, label
from boardtool.outline_details import volume_text

# Words of the modality and technique codes → boardtool's RtModality / RtTechnique values.
# A modality boardtool does not hold (electrons, neutrons, carbon ions, brachytherapy) maps to None.
MODALITY_WORDS = (("proton", "proton"), ("photon", "photon"), ("electron", None), ("neutron", None),
                  ("carbon", None), ("brachy", None))
TECHNIQUE_WORDS = (("volumetric modulated arc", "VMAT"), ("intensity modulated", "IMRT"),
                   ("three dimensional", "3D-CRT"), ("3d conformal", "3D-CRT"), ("stereotactic radiosurgery", "SRS"),
                   ("pencil beam", "PBS"), ("stereotactic body", "other"), ("passive scatter", "other"))
INTENT_WORDS = (("curative", "curative"), ("palliative", "palliative"), ("disease control", "disease control"))


def radiotherapy(resource: Resource, ctx: Context) -> None:
    """RadiotherapyCourseSummary → one radiotherapy event with one volume per treated volume."""
    data = resource.data
    if data.get("status", "") not in ("completed", ""):
        ctx.skip(resource, "radiotherapy course", f"status '{data['status']}', not a completed treatment")
        return
    start, end = period_of(data)
    modality, technique = _course_beam(resource, ctx)
    intent = _intent(resource, ctx)
    parts = extensions(data, "mcode-radiotherapy-dose-delivered-to-volume")
    volumes, cited = [], []
    for part in parts:
        volume, body = _volume(ctx, part, modality, technique, intent)
        volumes.append(volume)
        cited += [body] if body is not None else []
    if not volumes:
        ctx.skip(resource, "radiotherapy course: dose per volume", "the course gives no treated volume with its dose")
    value = {"kind": "radiotherapy", "date": start, "end_date": end, "description": _description(modality),
             "volumes": volumes}
    shown = "; ".join(volume_text(RtVolume(**v)) for v in volumes) or "course without volumes"
    when = " – ".join(d.isoformat() for d in (start, end) if d)
    ctx.propose("history+", value, ", ".join(p for p in (shown, when) if p), resource, *cited, when=start,
                note="" if volumes else "the course gives no dose per volume")


def _description(modality: str | None) -> str:
    return f"{modality.capitalize()} radiotherapy" if modality else "Radiotherapy"


def _volume(ctx: Context, part: dict, modality: str | None, technique: str | None,
            intent: str | None) -> tuple[dict, Resource | None]:
    """Return one treated volume as the model holds it, and the BodyStructure it names (if in the bundle)."""
    values = {str(e.get("url", "")): ext_value(e) for e in part.get("extension", [])}
    reference = values.get("volume") or {}
    body = ctx.resolve(reference)
    target = ctx.words(reference) or str(reference.get("reference", "")).split("/")[-1]
    dose, unit = _dose(values.get("totalDoseDelivered") or {}, modality)
    fractions = values.get("fractionsDelivered")
    return {"target": target, "region": _region(body, target), "dose": dose, "unit": unit,
            "fractions": fractions if isinstance(fractions, int) else None, "modality": modality,
            "technique": technique, "intent": intent}, body


def _dose(quantity: dict, modality: str | None) -> tuple[float | None, str]:
    """Return a delivered dose in Gy (mCODE records cGy) and its unit (Gy(RBE) for protons)."""
    value = quantity.get("value")
    unit = "Gy(RBE)" if modality == "proton" else "Gy"
    if not isinstance(value, int | float):
        return None, unit
    written = str(quantity.get("code") or quantity.get("unit") or "cGy")
    return (round(value / 100, 2) if written.lower().startswith("cgy") else float(value)), unit


def _region(body: Resource | None, target: str) -> str:
    """Return the region a volume's dose adds up in: the one CNS compartment its words name, else the
    BodyStructure's location; '' for a volume over several regions (craniospinal axis, brain and spine)."""
    location = text_of(body.data.get("location")) if body is not None else ""
    words = f"{target} {location}".casefold()
    named = [name for name, keys in COMPARTMENT_WORDS if any(k in words for k in keys)]
    if "craniospinal" in words or len(named) > 1:
        return ""
    if named:
        return named[0].capitalize()
    return location[:1].upper() + location[1:]


def _course_beam(resource: Resource, ctx: Context) -> tuple[str | None, str | None]:
    """Return the course's modality and technique when it names one of each; report the rest."""
    pairs = []
    for pair in extensions(resource.data, "mcode-radiotherapy-modality-and-technique"):
        found = {"modality": "", "technique": ""}
        for part in pair.get("extension", []):
            name = "modality" if str(part.get("url", "")).endswith("modality") else "technique"
            found[name] = _words(ext_value(part))
        pairs.append(found)
    modalities = list(dict.fromkeys(p["modality"] for p in pairs if p["modality"]))
    techniques = list(dict.fromkeys(p["technique"] for p in pairs if p["technique"]))
    if len(pairs) > 1:
        shown = "; ".join(" with ".join(v for v in p.values() if v) for p in pairs)
        ctx.skip(resource, f"radiotherapy modality and technique: {shown}",
                 "the course names several and does not say which volume received which")
        return None, None
    modality = _modality(resource, ctx, modalities[0]) if modalities else None
    technique = _technique(resource, ctx, techniques[0]) if techniques else None
    return modality, technique


def _words(concept: Any) -> str:
    """Return a concept's words: its text, else its displays ('un-encoded' codes skipped)."""
    if isinstance(concept, dict) and concept.get("text"):
        return " ".join(str(concept["text"]).split())
    return "; ".join(text_of(c) for c in codings(concept) if c.get("code") != "UNC") or text_of(concept)


def _modality(resource: Resource, ctx: Context, words: str) -> str | None:
    found = next(((key, value) for key, value in MODALITY_WORDS if key in words.casefold()), None)
    if found is None or found[1] is None:
        ctx.skip(resource, f"radiotherapy modality: {words}", "boardtool records photon or proton radiotherapy")
        return None
    return found[1]


def _technique(resource: Resource, ctx: Context, words: str) -> str | None:
    technique = next((value for key, value in TECHNIQUE_WORDS if key in words.casefold()), None)
    if technique is None:
        ctx.skip(resource, f"radiotherapy technique: {words}", "not a technique boardtool recognises")
    elif technique == "other":
        ctx.skip(resource, f"radiotherapy technique: {words}",
                 f"recorded as '{label(RT_TECHNIQUE_LABELS, 'other')}'; boardtool has no value for it")
    return technique


def _intent(resource: Resource, ctx: Context) -> str | None:
    for extension in extensions(resource.data, "mcode-procedure-intent"):
        words = text_of(ext_value(extension))
        intent = next((value for key, value in INTENT_WORDS if key in words.casefold()), None)
        if intent is None:
            ctx.skip(resource, f"treatment intent: {words}", "boardtool records curative, disease control or palliative")
        return intent
    return None
