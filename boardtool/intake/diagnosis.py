"""Finding the board's tumour type for a coded cancer diagnosis (ICD-O-3 morphology, the
words of the diagnosis) and the CNS compartment for a body site."""

from __future__ import annotations

import re

from boardtool.intake.codes import ICDO3, code_in, codings
from boardtool.model.catalog import Catalog, TumourType

# ICD-O-3 morphology of WHO CNS5 ependymal tumours → the catalog types that carry it.
ICDO3_TYPES = {
    "9383/1": ("se",),
    "9394/1": ("mpe",),
    "9394/3": ("mpe",),
    "9391/3": ("st-nos", "pf-nos", "sp"),
    "9392/3": ("st-nos", "pf-nos", "sp-nos"),
    "9393/3": ("st-nos", "pf-nos", "sp-nos"),
    "9396/3": ("st-zfta", "st-yap1", "pfa", "pfb", "sp-mycn"),
}
# Words that single out one molecular type among several with the same morphology code.
TYPE_WORDS = {
    "st-zfta": ("zfta", "rela", "c11orf95"),
    "st-yap1": ("yap1",),
    "pfa": ("pfa", "group a"),
    "pfb": ("pfb", "group b"),
    "sp-mycn": ("mycn",),
    "mpe": ("myxopapillary",),
    "se": ("subependymoma",),
}
COMPARTMENT_WORDS = (
    ("posterior fossa", ("posterior fossa", "posterior cranial fossa", "fourth ventricle", "cerebell",
                         "brainstem", "brain stem", "pons", "medulla oblongata", "infratentorial")),
    ("spinal", ("spinal", "spine", "conus", "cauda equina", "filum terminale", "cervical cord",
                "thoracic cord", "lumbar cord", "sacral")),
    ("supratentorial", ("supratentorial", "cerebral", "cerebrum", "frontal lobe", "parietal lobe",
                        "temporal lobe", "occipital lobe", "lateral ventricle", "third ventricle",
                        "thalam", "hemisphere")),
)
_GRADE = re.compile(r"\b(?:who\s+)?grade\s*(1|2|3|4|i{1,3}|iv)\b", re.I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def compartment_of(words: str) -> str:
    """Return the CNS compartment named by a body site's words ('' when none)."""
    text = words.casefold()
    return next((name for name, keys in COMPARTMENT_WORDS if any(k in text for k in keys)), "")


def grade_of(words: str) -> int | None:
    """Return a grade written in the diagnosis ('WHO grade 3', 'grade II'), or None."""
    found = _GRADE.search(words)
    if not found:
        return None
    token = found.group(1).lower()
    return int(token) if token.isdigit() else _ROMAN[token]


def morphology_code(*concepts: object) -> str:
    """Return the first ICD-O-3 morphology code ('9391/3') among the concepts."""
    for concept in concepts:
        code = code_in(concept, ICDO3)
        if "/" in code:
            return code
    return ""


def match_type(catalog: Catalog, words: str, morphology: str, compartment: str) -> TumourType | None:
    """Return the single catalog type the code, words and compartment point to, or None."""
    text = words.casefold()
    candidates = [catalog.tumour_type(i) for i in ICDO3_TYPES.get(morphology, ())]
    candidates = [c for c in candidates if c is not None]
    if not candidates:
        named = [t for t in catalog.tumour_types if t.name.casefold() in text]
        candidates = named or [t for t in catalog.tumour_types if _family_word(catalog) in text]
    if compartment:
        candidates = [c for c in candidates if c.compartment in (compartment, "any")] or []
    worded = [c for c in candidates if any(w in text for w in TYPE_WORDS.get(c.id, ()))]
    if len(worded) == 1:
        return worded[0]
    if len(candidates) > 1 and not worded:
        plain = [c for c in candidates if c.id not in TYPE_WORDS]
        candidates = plain if len(plain) == 1 else candidates
    return candidates[0] if len(candidates) == 1 else None


def _family_word(catalog: Catalog) -> str:
    """Return the word naming the catalog's tumour family ('ependymoma'); never empty."""
    return catalog.name.casefold() or "\0"


def coded_words(*concepts: object) -> str:
    """Return every display and text of the concepts, for matching words."""
    parts: list[str] = []
    for concept in concepts:
        if isinstance(concept, dict) and concept.get("text"):
            parts.append(str(concept["text"]))
        parts += [str(c.get("display", "")) for c in codings(concept)]
    return " ".join(p for p in parts if p)
