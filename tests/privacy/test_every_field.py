"""Every string field of the board, taken from its JSON Schema, is scrubbed from every part
of a de-identified deck and PDF: identifiers of every patient, in several spellings."""

from __future__ import annotations

import copy

import pytest
from leaks import deck_everything, found, pdf_everything

from boardtool.export import ExportRequest, export_board
from boardtool.model.board import Board
from boardtool.model.errors import BoardError
from boardtool.samples import sample_board
from boardtool.store.boardfile import board_to_data

KEY = "<key>"
SENTINEL = "Quokkasentinel"
# Identifiers of both patients of the test board, as people write them.
PAYLOAD = (f"{SENTINEL} Elio Marchetti (MRN SYN 118802, born 30.06.2024; June 30th, 2024), "
           "Marchetti, E. Marchetti; Maren HOLT, SYN–004417, 14 May 1992, 1992/5/14, Holt's")
NEEDLES = ["Elio", "Marchetti", "Maren", "Holt", "118802", "004417", "SYN004417", "SYN-004417", "SYN 118802",
           "30.06.2024", "June 30th", "June 30", "14 May 1992", "1992/5/14", "1992-05-14", "2024-06-30"]
# Fields that never reach an export by design (an id, a file name, a catalog key, an
# attendee's role) and the patient's identity, which is never shown when de-identified.
HIDDEN = {("cases", 0, "id"), ("cases", 0, "images", 0, "file"), ("cases", 0, "discussion", KEY), ("disease",),
          ("cases", 0, "performance", "scale"), ("meeting", "attendees", 0, "role"),
          *(("cases", 0, "patient", name) for name in ("name", "mrn", "also_known_as"))}
EVENT_KINDS = {"resection": "surgery", "technique": "radiotherapy", "target": "radiotherapy", "regimen": "chemotherapy"}


def string_fields(schema: dict) -> list[tuple]:
    """Return the path of every free-text string field in a JSON Schema (dict keys as KEY)."""
    defs, paths = schema.get("$defs", {}), []

    def walk(node: dict, path: tuple) -> None:
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        for option in node.get("anyOf", []):
            walk(option, path)
        kind = node.get("type")
        if kind == "string" and not {"enum", "format", "const"} & set(node):
            paths.append(path)
        elif kind == "array":
            walk(node["items"], (*path, 0))
        elif kind == "object":
            for name, sub in node.get("properties", {}).items():
                walk(sub, (*path, name))
            if isinstance(node.get("additionalProperties"), dict):
                paths.append((*path, KEY))
                walk(node["additionalProperties"], (*path, "surgery"))

    walk(schema, ())
    return paths


FIELDS = string_fields(Board.model_json_schema())


def test_the_schema_walk_finds_the_fields_people_type_into():
    assert len(FIELDS) >= 40
    for path in [("meeting", "title"), ("meeting", "attendees", 0, "name"), ("cases", 0, "patient", "also_known_as"),
                 ("cases", 0, "plan", "actions", 0, "who"), ("cases", 0, "discussion", "surgery", "options", 0)]:
        assert path in FIELDS


def _base() -> dict:
    """Return a two-case board: one full case, and a second patient named only."""
    board = sample_board()
    board.cases = [board.cases[1], board.cases[0].model_copy(update={"history": [], "images": []})]
    data = board_to_data(board)
    for case in data["cases"]:
        for image in case["images"]:
            image["no_identifiers_confirmed"] = True
        plan = case["plan"]
        plan.update(status="final", guideline_concordant=False, finalised_at="2026-12-03T10:00:00")
        case["discussion"]["surgery"] = {"discussed": True, "options": ["gtr"], "notes": "n", "recommendation": "r"}
    data["cases"][0]["performance"].update(scale="lansky", value=70)
    return data, board.image_data


def _put(data: dict, path: tuple, value: str) -> None:
    node = data
    for step, following in zip(path, path[1:], strict=False):
        if isinstance(step, int):
            while len(node) <= step:
                node.append({} if not isinstance(following, int) else [])
        elif following == KEY:
            node.setdefault(step, {})[value] = {"discussed": True, "notes": "n"}
            return
        else:
            node.setdefault(step, [] if isinstance(following, int) else {})
        node = node[step]
        if step == "history":
            node[0]["kind"] = EVENT_KINDS.get(path[-1], node[0]["kind"])
    if isinstance(path[-1], int):
        node.extend([""] * (path[-1] + 1 - len(node)))
    node[path[-1]] = value


@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_identifiers_in_any_field_leave_no_trace(path, tmp_path):
    data, images = _base()
    _put(data, path, PAYLOAD)
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
