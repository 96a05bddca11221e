"""Catalog loading, its structure checks, and adding a disease by dropping a file in."""

from __future__ import annotations

import pytest

from boardtool.model.catalog import available_catalogs, load_catalog, read_catalog
from boardtool.model.errors import CatalogError

SMALL = """
id = "meningioma"
name = "Meningioma"
core_specialties = ["Neurosurgery", "Radiation oncology"]

[sources]
who = { short = "WHO CNS5 2021", reference = "Louis et al. 2021" }

[[sections]]
id = "overview"
kind = "overview"
title = "Case overview"

[[sections]]
id = "surgery"
kind = "modality"
title = "Surgery"
options = [{ id = "simpson-1", label = "Simpson grade I resection", source = "who" }]

[[sections]]
id = "plan"
kind = "plan"
title = "Consensus plan"

[[tumour_types]]
id = "men"
name = "Meningioma"
compartment = "any"
grades = [1, 2, 3]
source = "who"
"""


def test_ependymoma_sections_follow_the_source_document(catalog):
    assert [s.id for s in catalog.sections] == [
        "overview", "surgery", "radiation", "chemotherapy", "targeted",
        "supportive", "surveillance", "plan",
    ]
    assert [s.title for s in catalog.modalities][0] == "Surgery"
    assert all(s.options for s in catalog.modalities)
    assert all(s.description for s in catalog.sections)


def test_ependymoma_facts(catalog):
    assert catalog.tumour_type("sp-mycn").grades == ()
    assert catalog.tumour_type("mpe").grades == (2,)
    assert catalog.tumour_type("se").grades == (1,)
    assert [m.id for m in catalog.m_stages] == ["Mx", "M0", "M1", "M2", "M3", "M4"]
    assert catalog.m_stage_rank("Mx") == -1 and catalog.m_stage_rank("M0") == 0
    assert catalog.m_stage("M0").requires_negative == ("mri_brain", "mri_spine", "csf_cytology")
    assert catalog.scale("lansky").max_age == 16  # COG: Lansky up to 16 years
    assert catalog.scale("karnofsky").min_age == 17  # Karnofsky above 16
    assert {r.id for r in catalog.resections} == {"GTR", "NTR", "STR", "biopsy"}
    assert "Neuropathology" in catalog.core_specialties


def test_second_disease_by_dropping_a_file(tmp_path, monkeypatch):
    (tmp_path / "meningioma.toml").write_text(SMALL)
    monkeypatch.setenv("BOARDTOOL_CATALOG_PATH", str(tmp_path))
    assert {"ependymoma", "meningioma"} <= set(available_catalogs())
    men = load_catalog("meningioma")
    assert [s.id for s in men.modalities] == ["surgery"]
    assert men.section("surgery").option_label("simpson-1") == "Simpson grade I resection"


def test_unknown_disease_lists_what_exists():
    with pytest.raises(CatalogError, match="no catalog for 'glioma'.*ependymoma"):
        load_catalog("glioma")


@pytest.mark.parametrize(
    "broken, message",
    [
        (SMALL.replace('kind = "plan"', 'kind = "modality"'), "must start with the overview and end"),
        (SMALL.replace('kind = "modality"', 'kind = "therapy"'), "sections\\[2\\].kind"),
        (SMALL.replace("grades = [1, 2, 3]", 'grades = ["I"]'), "tumour_types\\[1\\].grades"),
        (SMALL.replace('name = "Meningioma"\ncore', "core"), "catalog.name › missing|catalog.name"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="surgery"\ntext="t"\nsource="who"\nwhen={moon="full"}\n',
         "unknown condition moon"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="surgery"\ntext="t"\nsource="who"\n'
                 'when={any_of=[{sun="up"}]}\n', "any_of\\[1\\]: unknown condition sun"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="nowhere"\ntext="t"\nsource="who"\n', "no section 'nowhere'"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="surgery"\ntext="t"\nsource="who"\nwhen={discussed="radiation"}\n',
         "prompts.x.when.discussed: unknown radiation \\(known: surgery\\)"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="surgery"\ntext="t"\nsource="who"\n'
                 'when={any_of=[{option_considered="simpson-9"}]}\n', "any_of\\[1\\].option_considered: unknown"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="surgery"\ntext="t"\nsource="who"\n'
                 'when={disease_status_in=["cured"]}\n', "disease_status_in: unknown cured"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="surgery"\ntext="t"\n', "prompts\\[1\\].source: missing"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="surgery"\ntext="t"\nsource="hearsay"\n',
         "unknown source hearsay"),
        (SMALL.replace(', source = "who" }', " }"), "sections\\[2\\].options\\[1\\].source: missing"),
        (SMALL.replace('grades = [1, 2, 3]\nsource = "who"', "grades = [1, 2, 3]"), "tumour_types\\[1\\].source"),
        ("id = [", "not valid TOML"),
    ],
)
def test_malformed_catalog_names_file_and_field(tmp_path, broken, message):
    path = tmp_path / "bad.toml"
    path.write_text(broken)
    with pytest.raises(CatalogError, match=message) as info:
        read_catalog(path)
    assert str(path) in str(info.value)


def _facts_with_sources(catalog):
    yield from ((f"section {s.id}", s.sources) for s in catalog.sections if s.description)
    yield from ((f"option {s.id}/{o.id}", o.sources) for s in catalog.sections for o in s.options)
    yield from ((f"type {t.id}", t.sources) for t in catalog.tumour_types)
    yield from ((f"stage {m.id}", m.sources) for m in catalog.m_stages)
    yield from ((f"scale {s.id}", s.sources) for s in catalog.performance_scales)
    yield from ((f"resection {r.id}", r.sources) for r in catalog.resections)
    yield from ((f"marker {m.name}", m.sources) for m in catalog.markers)
    yield from ((f"prompt {p.id}", p.sources) for p in catalog.prompts)


def test_every_fact_and_prompt_names_a_source_with_its_year(catalog):
    known = {s.id: s for s in catalog.sources}
    for what, sources in _facts_with_sources(catalog):
        assert sources, f"{what} has no source"
        for source in sources:
            assert any(ch.isdigit() for ch in known[source].short), f"{what}: '{source}' has no year"
    assert all(p.source for p in catalog.prompts)
    assert catalog.cite(("eano2018",), full=True).startswith("EANO 2018 — Rudà")


def test_catalog_agrees_with_the_domain_notes(catalog):
    """The dose ranges, options and markers that DOMAIN.md sets out are in the catalog."""
    radiation = {o.id: o.label for o in catalog.section("radiation").options}
    assert "54–59.4 Gy" in radiation["focal-rt"] and "54 Gy under 18 months" in radiation["focal-rt"]
    assert "45–50.4 Gy" in radiation["spinal-rt"] and "54 Gy below the conus" in radiation["spinal-rt"]
    assert "36 Gy" in radiation["csi"]
    options = {o.id for s in catalog.modalities for o in s.options}
    assert {"observation", "re-resection", "central-review", "audiology", "fertility", "genetic-counselling",
            "late-effects", "goals-of-care", "steroid-protection", "no-rt"} <= options
    assert "under 12 months" in catalog.section("chemotherapy").option_label("defer-rt")
    assert {"H3 K27me3", "ZFTA fusion partner", "L1CAM", "p65 (RELA) nuclear", "H3 K27M", "Ki-67", "NF2",
            "MYCN amplification", "EZHIP", "1q gain"} <= set(catalog.marker_names)
    assert "H3K27me3" not in catalog.marker_names
    prompts = {p.id: p for p in catalog.prompts}
    assert all(prompts[i].section == "overview" for i in
               ("testing-supratentorial", "testing-posterior-fossa", "testing-spinal", "central-review"))
    assert "ZFTA" in prompts["testing-supratentorial"].text and "YAP1" in prompts["testing-supratentorial"].text
    assert "H3 K27me3" in prompts["testing-posterior-fossa"].text and "1q" in prompts["testing-posterior-fossa"].text
    assert "MYCN" in prompts["testing-spinal"].text
    assert "14 days" in prompts["staging-incomplete"].text
