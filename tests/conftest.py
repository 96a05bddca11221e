"""Shared fixtures. Qt runs offscreen so the suite needs no display."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from boardtool.model import load_catalog
from boardtool.samples import sample_board


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Keep recovery copies of every test in its own folder, never in the user's."""
    folder = tmp_path / "boardtool-data"
    monkeypatch.setenv("BOARDTOOL_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def catalog():
    return load_catalog("ependymoma")


@pytest.fixture
def board():
    return sample_board()
