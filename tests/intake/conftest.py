"""Shared intake fixtures: bundles assembled from single vendored example resources."""

from __future__ import annotations

import json

import pytest
from intake_data import resource


@pytest.fixture
def make_bundle(tmp_path):
    """Write a collection bundle of the given resources (file names or dicts); return its path."""
    def make(*items, name="bundle.json"):
        entries = [{"resource": resource(i) if isinstance(i, str) else i} for i in items]
        path = tmp_path / name
        path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}))
        return path
    return make
