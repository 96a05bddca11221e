"""Shared fixtures. Qt runs offscreen so the suite needs no display."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from boardtool.model import load_catalog  # noqa: E402
from boardtool.samples import sample_board  # noqa: E402


@pytest.fixture
def catalog():
    return load_catalog("ependymoma")


@pytest.fixture
def board():
    return sample_board()
