"""Mapping rows for the patient and the conditions: diagnosis, primary site, metastatic
sites, comorbidities."""

from __future__ import annotations

from boardtool.intake.codes import (
    CLINICAL_STATUS,
    ICD10,
    ICDO3,
    clean,
    code_in,
    codings,
    effective_date,
    ext_value,
    extensions,
    fhir_date,
    has_profile,
    text_of,
)
from boardtool.intake.context import Context, person_name
from boardtool.intake.diagnosis import coded_words, compartment_of, grade_of, match_type, morphology_code
from boardtool.intake.fhir import Resource
from boardtool.model.terms import DIAGNOSIS_STATE_LABELS, DISEASE_STATUS_LABELS, Sex, label, values

_PRIMARY_WORDS = ("malignant neoplasm", "carcinoma", "sarcoma", "lymphoma", "leukemia", "leukaemia", "melanoma",
                  "glioma", "blastoma", "ependymoma", "astrocytoma", "cancer", "neoplasm of", "tumor", "tumour")
_SECONDARY_WORDS = ("secondary", "metasta", "leptomeningeal dissemination", "drop metastas")


def patient(resource: Resource, ctx: Context) -> None:
    """Patient → name, date of birth, sex and MRN."""
    data = resource.data
    name = person_name(data)
    if name:
        ctx.propose("patient.name", name, name, resource)
    born = fhir_date(data.get("birthDate"))
    if born:
        ctx.propose("patient.birth_date", born, born.isoformat(), resource)
    if data.get("gender") in values(Sex):
        ctx.propose("patient.sex", data["gender"], data["gender"], resource)
    mrn = next((i.get("value") for i in data.get("identifier", [])
                if any(c.get("code") == "MR" for c in codings(i.get("type"))) and i.get("value")), None)
    if mrn:
        ctx.propose("patient.mrn", str(mrn), str(mrn), resource)
    elif data.get("identifier"):
        ctx.skip(resource, "identifiers", "none is typed as a medical record number (MR)")


def condition_kind(resource: Resource) -> str:
    """Return 'primary', 'secondary' or 'other' for a Condition, by profile, then by codes and words."""
    data = resource.data
    if has_profile(data, "secondary-cancer-condition", "SecondaryCancerCondition"):
        return "secondary"
    if has_profile(data, "primary-cancer-condition", "PrimaryCancerCondition") or extensions(
            data, "mcode-histology-morphology-behavior") or extensions(data, "histology-morphology-behavior"):
        return "primary"
    icd10 = code_in(data.get("code"), ICD10).upper()
    if icd10[:3] in {f"C{n}" for n in range(77, 80)}:
        return "secondary"
    if icd10.startswith("C") or icd10[:3] in {"D32", "D33", "D43"} or code_in(data.get("code"), ICDO3):
        return "primary"
    words = coded_words(data.get("code")).casefold()
    if any(w in words for w in _SECONDARY_WORDS):
        return "secondary"
    return "primary" if any(w in words for w in _PRIMARY_WORDS) else "other"


def condition(resource: Resource, ctx: Context) -> None:
    """Route a Condition to the diagnosis, a metastatic site or a comorbidity."""
    kind = condition_kind(resource)
    if _refuted(resource):
        ctx.skip(resource, text_of(resource.data.get("code")), "recorded as refuted or entered in error")
    elif kind == "primary":
        primary_cancer(resource, ctx)
    elif kind == "secondary":
        secondary_cancer(resource, ctx)
    else:
        comorbid_condition(resource, ctx)


def _refuted(resource: Resource) -> bool:
    status = code_in(resource.data.get("verificationStatus"),
                     "http://terminology.hl7.org/CodeSystem/condition-ver-status")
    return status in ("refuted", "entered-in-error")


def primary_cancer(resource: Resource, ctx: Context) -> None:
    """PrimaryCancerCondition → diagnosis (catalog type or coded text), date, primary site, status."""
    data = resource.data
    if any(p.path == "diagnosis.tumour_type" for p in ctx.record.proposals):
        ctx.skip(resource, text_of(data.get("code")), "a further primary cancer: a case holds one diagnosis")
        return
    morphology = next((ext_value(e) for e in extensions(data, "mcode-histology-morphology-behavior")
                       + extensions(data, "histology-morphology-behavior")), None)
    site_words = " ".join(text_of(s) for s in data.get("bodySite", []))
    words = " ".join((coded_words(data.get("code"), morphology), site_words))
    compartment = compartment_of(site_words) or compartment_of(coded_words(data.get("code")))
    kind = match_type(ctx.catalog, words, morphology_code(morphology, data.get("code")), compartment)
    onset = effective_date(data)
    coded = _diagnosis_text(data.get("code"), morphology)
    if kind is not None:
        ctx.propose("diagnosis.tumour_type", kind.id, kind.name, resource, when=onset,
                    note=f"recognised from: {coded}")
        if kind.compartment != "any" or compartment:
            ctx.propose("diagnosis.compartment", compartment or kind.compartment, compartment or kind.compartment,
                        resource)
    else:
        ctx.propose("diagnosis.tumour_type", coded, coded, resource, when=onset,
                    note=f"not a tumour type of this board's catalog ({ctx.catalog.name}); choose one or keep the coded text")
        if compartment:
            ctx.propose("diagnosis.compartment", compartment, compartment, resource)
    _verification(resource, ctx)
    grade = grade_of(words)
    if grade is not None:
        ctx.propose("diagnosis.grade", grade, f"grade {grade}", resource)
    if onset:
        ctx.propose("diagnosis.date", onset, onset.isoformat(), resource)
    _primary_site(resource, ctx)
    _clinical_status(resource, ctx)
    _stage_summary(resource, ctx)


def _verification(resource: Resource, ctx: Context) -> None:
    """A provisional or differential diagnosis is proposed as suspected (no tissue diagnosis yet)."""
    status = code_in(resource.data.get("verificationStatus"),
                     "http://terminology.hl7.org/CodeSystem/condition-ver-status")
    if status in ("provisional", "differential", "unconfirmed"):
        shown = f"{label(DIAGNOSIS_STATE_LABELS, 'suspected')} — the record calls it {status}"
        ctx.propose("diagnosis.state", "suspected", shown, resource)
        for proposal in ctx.record.proposals:
            if proposal.path == "diagnosis.tumour_type":
                proposal.note = "; ".join(p for p in (proposal.note, f"the record calls this diagnosis {status}") if p)


def _diagnosis_text(code: object, morphology: object) -> str:
    words = text_of(code)
    histology = text_of(morphology)
    if histology and histology.casefold() not in words.casefold():
        return f"{words} — {histology}" if words else histology
    return words


def _primary_site(resource: Resource, ctx: Context) -> None:
    sites = []
    for site in resource.data.get("bodySite", []):
        side = next((text_of(ext_value(e)) for e in extensions(site, "mcode-laterality-qualifier")
                     + extensions(site, "laterality-qualifier")), "")
        words = text_of(site)
        if side and side.split()[0].casefold() not in words.casefold():
            words = f"{words}, {side.split()[0].lower()}"
        sites.append(words)
    if sites:
        text = "; ".join(sites)
        ctx.propose("primary_site", text, text, resource)


def _clinical_status(resource: Resource, ctx: Context) -> None:
    status = code_in(resource.data.get("clinicalStatus"), "http://terminology.hl7.org/CodeSystem/condition-clinical")
    if status in CLINICAL_STATUS:
        value = CLINICAL_STATUS[status]
        ctx.propose("disease_status", value, f"{label(DISEASE_STATUS_LABELS, value)} (clinical status '{status}')",
                    resource, when=effective_date(resource.data))
    elif status:
        ctx.skip(resource, f"clinical status '{status}'", "does not say which of boardtool's disease states "
                 f"({', '.join(DISEASE_STATUS_LABELS.values())}) applies")


def _stage_summary(resource: Resource, ctx: Context) -> None:
    for stage in resource.data.get("stage", []):
        summary = text_of(stage.get("summary"))
        if summary:
            ctx.skip(resource, f"stage summary '{summary}'",
                     "the stage is taken from the TNM observations, which say clinical or pathologic")


def secondary_cancer(resource: Resource, ctx: Context) -> None:
    """SecondaryCancerCondition → a metastatic site with the date it was found."""
    data = resource.data
    site = "; ".join(text_of(s) for s in data.get("bodySite", [])) or _site_from_code(text_of(data.get("code")))
    evidence = "; ".join(text_of(code) for item in data.get("evidence", []) for code in item.get("code", []))
    detected = effective_date(data)
    value = {"site": site, "detected": detected, "evidence": evidence}
    shown = ", ".join(p for p in (site, evidence, detected.isoformat() if detected else "") if p)
    ctx.propose("metastatic_sites+", value, shown, resource, when=detected)


def _site_from_code(words: str) -> str:
    for lead in ("secondary malignant neoplasm of ", "metastasis to ", "metastatic malignant neoplasm to "):
        if words.casefold().startswith(lead):
            return words[len(lead):].strip()
    return words


def comorbid_condition(resource: Resource, ctx: Context) -> None:
    """A condition that is not the cancer → a comorbidity (while active)."""
    data = resource.data
    words = clean(text_of(data.get("code")))
    status = code_in(data.get("clinicalStatus"), "http://terminology.hl7.org/CodeSystem/condition-clinical")
    if status in ("inactive", "resolved", "remission"):
        ctx.skip(resource, words, f"a comorbidity recorded as {status}")
        return
    ctx.propose("comorbidities+", words, words, resource, when=effective_date(data))
