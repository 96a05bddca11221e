"""Long text in any field goes through both exports: nothing fails, nothing is lost."""

from __future__ import annotations

import copy
import io
import re

import pytest
from board_fields import base_board, long_text, put
from helpers import squash
from pypdf import PdfReader

from boardtool.export import ExportRequest, export_board
from boardtool.model.board import Board
from boardtool.model.errors import CatalogError
from leaks import deck_everything


def _export(path: tuple, text: str, tmp_path) -> tuple[bytes, bytes]:
    data, images = base_board()
    put(data, path, text)
    board = Board.model_validate(copy.deepcopy(data))
    board.image_data.update(images)
    deck, pdf = tmp_path / "d.pptx", tmp_path / "s.pdf"
    export_board(board, ExportRequest(pptx=deck, pdf=pdf))
    return deck.read_bytes(), pdf.read_bytes()


def _shown(deck: bytes, pdf: bytes, word: str) -> bool:
    text = squash("".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    return word in text or word in squash("\n".join(deck_everything(deck).text))


def test_the_disease_field_is_a_catalog_name(tmp_path):
    with pytest.raises(CatalogError):
        _export(("disease",), long_text(20_000), tmp_path)


@pytest.mark.parametrize("path", [
    ("meeting", "title"), ("meeting", "chair"), ("cases", 0, "patient", "name"), ("cases", 0, "images", 0, "caption"),
    ("cases", 0, "images", 0, "label"), ("cases", 0, "plan", "actions", 0, "who"), ("cases", 0, "question"),
], ids=lambda p: ".".join(map(str, p)))
def test_100000_characters_where_layouts_broke(path, tmp_path):
    deck, pdf = _export(path, long_text(100_000), tmp_path)
    assert _shown(deck, pdf, "Wombatending")  # the end of the text is printed, not cut off
    assert re.search(rb"/Count -?\d+", pdf)  # bookmarks survived the long headings


def test_plan_panel_keeps_its_labels_and_long_values(tmp_path):
    _, pdf = _export(("cases", 0, "plan", "trial_id"), "NCT0" + long_text(5_000), tmp_path)
    text = squash("".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "Intent:curative" in text and "Clinicaltrialeligibility:Discussed—NCT0" in text
    assert "Wombatending" in text
