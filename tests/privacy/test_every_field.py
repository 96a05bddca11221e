"""Every string field of the board, taken from its JSON Schema, is scrubbed from every part
of a de-identified deck and PDF: identifiers of every patient, in several spellings, inside
20,000 characters of text (so every field also shows it takes long text)."""

from __future__ import annotations

import copy

import pytest
from board_fields import FIELDS, KEY, base_board, long_text, put
from leaks import deck_everything, found, pdf_everything

from boardtool.export import ExportRequest, export_board
from boardtool.model.board import Board
from boardtool.model.errors import BoardError

SENTINEL = "Quokkasentinel"
# Identifiers of both patients of the test board, as people write them.
PAYLOAD = (f"{SENTINEL} Elio Marchetti (MRN SYN 118802, born 30.06.2024; June 30th, 2024), "
           "Marchetti, E. Marchetti; Maren HOLT, SYN–004417, 14 May 1992, 1992/5/14, Holt's ") + long_text(20_000)
NEEDLES = ["Elio", "Marchetti", "Maren", "Holt", "118802", "004417", "SYN004417", "SYN-004417", "SYN 118802",
           "30.06.2024", "June 30th", "June 30", "14 May 1992", "1992/5/14", "1992-05-14", "2024-06-30"]
# Fields that never reach an export by design (an id, a file name, a catalog key, an
# attendee's role, where an imported value came from) and the patient's identity, which is
# never shown when de-identified.
HIDDEN = {("cases", 0, "id"), ("cases", 0, "images", 0, "file"), ("cases", 0, "discussion", KEY), ("disease",),
          ("cases", 0, "performance", "scale"), ("meeting", "attendees", 0, "role"),
          *(("cases", 0, "patient", name) for name in ("name", "mrn", "also_known_as")),
          *(path for path in FIELDS if path[:2] == ("cases", 0) and path[2:3] == ("provenance",))}


def test_the_schema_walk_finds_the_fields_people_type_into():
    assert len(FIELDS) >= 40
    for path in [("meeting", "title"), ("meeting", "attendees", 0, "name"), ("cases", 0, "patient", "also_known_as"),
                 ("cases", 0, "plan", "actions", 0, "who"), ("cases", 0, "discussion", "surgery", "options", 0)]:
        assert path in FIELDS


@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_identifiers_in_any_field_leave_no_trace(path, tmp_path):
    data, images = base_board()
    put(data, path, PAYLOAD)
    board = Board.model_validate(copy.deepcopy(data))
    board.image_data.update(images)
    deck, pdf = tmp_path / "d.pptx", tmp_path / "s.pdf"
    try:
        export_board(board, ExportRequest(pptx=deck, pdf=pdf, deidentify=True))
    except BoardError:
        assert path in HIDDEN and not deck.exists() and not pdf.exists()
        return
    deck_text, pdf_text = deck_everything(deck.read_bytes()), pdf_everything(pdf.read_bytes())
    assert found(NEEDLES, deck_text) == []
    assert found(NEEDLES, pdf_text) == []
    if path not in HIDDEN:
        assert SENTINEL in deck_text or SENTINEL in pdf_text, f"{path} never reaches the exports"
