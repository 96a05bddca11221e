"""Catalog loading, its structure checks, and adding a disease by dropping a file in."""

from __future__ import annotations

import pytest

from boardtool.model.catalog import available_catalogs, load_catalog, read_catalog
from boardtool.model.errors import CatalogError

SMALL = """
id = "meningioma"
name = "Meningioma"
core_specialties = ["Neurosurgery", "Radiation oncology"]

[[sections]]
id = "overview"
kind = "overview"
title = "Case overview"

[[sections]]
id = "surgery"
kind = "modality"
title = "Surgery"
options = [{ id = "simpson-1", label = "Simpson grade I resection" }]

[[sections]]
id = "plan"
kind = "plan"
title = "Consensus plan"

[[tumour_types]]
id = "men"
name = "Meningioma"
compartment = "any"
grades = [1, 2, 3]
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
    assert [m.id for m in catalog.m_stages] == ["M0", "M1", "M2", "M3", "M4"]
    assert catalog.scale("lansky").max_age == 15
    assert catalog.scale("karnofsky").min_age == 16
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
        (SMALL + '\n[[prompts]]\nid="x"\nsection="surgery"\ntext="t"\nwhen={moon="full"}\n', "unknown condition moon"),
        (SMALL + '\n[[prompts]]\nid="x"\nsection="nowhere"\ntext="t"\n', "no section 'nowhere'"),
        ("id = [", "not valid TOML"),
    ],
)
def test_malformed_catalog_names_file_and_field(tmp_path, broken, message):
    path = tmp_path / "bad.toml"
    path.write_text(broken)
    with pytest.raises(CatalogError, match=message) as info:
        read_catalog(path)
    assert str(path) in str(info.value)
