"""The board's string fields, enumerated from its JSON Schema, and a small board to put text into them."""

from __future__ import annotations

from boardtool.model.board import Board
from boardtool.samples import sample_board
from boardtool.store.boardfile import board_to_data

KEY = "<key>"  # a place in a path that stands for a dictionary key
EVENT_KINDS = {"resection": "surgery", "technique": "radiotherapy", "target": "radiotherapy", "region": "radiotherapy",
               "regimen": "chemotherapy"}
LIMITS: dict[tuple, int] = {}  # fields with a maximum length, by path
# What a new list item needs besides the field under test for that field to be shown or valid.
SEEDS = {"volumes": {"dose": 54.0}, "annotations": {"kind": "text"}, "provenance": {"path": "question"}}


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
            if "maxLength" in node:
                LIMITS[path] = node["maxLength"]
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


def base_board() -> dict:
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


def put(data: dict, path: tuple, value: str) -> None:
    node, previous = data, None
    for step, following in zip(path, path[1:], strict=False):
        if isinstance(step, int):
            while len(node) <= step:
                node.append(dict(SEEDS.get(previous, {})) if not isinstance(following, int) else [])
        elif following == KEY:
            node.setdefault(step, {})[value] = {"discussed": True, "notes": "n"}
            return
        else:
            node.setdefault(step, [] if isinstance(following, int) else {})
        node = node[step]
        previous = step
        if step == "history":
            node[0]["kind"] = EVENT_KINDS.get(path[-1], node[0]["kind"])
    if isinstance(path[-1], int):
        node.extend([""] * (path[-1] + 1 - len(node)))
    node[path[-1]] = value[: LIMITS.get(path, len(value))]


def long_text(length: int) -> str:
    """Return clinical-looking prose of ``length`` characters with an unbroken 3,000-character
    run inside and a distinctive last word."""
    sentence = ("MRI shows a 14 mm enhancing nodule at the left cerebellopontine angle; "
                "CSF cytology negative, dexamethasone tapered to 2 mg/day. ")
    body = (sentence * (length // len(sentence) + 1))[: length - 3_100]
    return body + " " + "x" * 3_000 + " Wombatending"[: length - len(body) - 3_001]
