from __future__ import annotations

import pytest

from boardtool.export.deck import DeckOptions, write_deck
from boardtool.export.summary import SummaryOptions, write_summary
from boardtool.outline import build_outline


@pytest.fixture
def export(catalog):
    """Return a function board → (deck bytes, pdf bytes, outline)."""

    def run(board, deidentify=False, case_id=None, template=None, mode="full"):
        outline = build_outline(board, catalog, deidentify=deidentify, case_id=case_id)
        deck, _ = write_deck(outline, DeckOptions(template=template, mode=mode))
        pdf, _ = write_summary(outline, SummaryOptions())
        return deck, pdf, outline

    return run
