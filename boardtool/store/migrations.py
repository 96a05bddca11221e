"""Bring board.json written by older boardtool versions up to the current schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from boardtool.model.board import SCHEMA_VERSION
from boardtool.model.errors import BoardFileError

Data = dict[str, Any]


def _v1_to_v2(data: Data) -> Data:
    """Version 1 kept the meeting's date and time in one 'when' value and the
    discussion as a list of discussed modalities; version 2 splits the first and
    keys the second by modality id with an explicit 'discussed' flag."""
    meeting = dict(data.get("meeting", {}))
    when = meeting.pop("when", None)
    if isinstance(when, str) and when:
        day, _, clock = when.partition("T")
        meeting["date"] = day
        if clock:
            meeting["start_time"] = clock
    cases = []
    for case in data.get("cases", []):
        case = dict(case)
        entries = case.pop("discussion", [])
        if isinstance(entries, list):
            case["discussion"] = {
                entry.pop("modality"): {"discussed": True, **entry}
                for entry in map(dict, entries)
                if isinstance(entry.get("modality"), str)
            }
        else:
            case["discussion"] = entries
        cases.append(case)
    return {**data, "meeting": meeting, "cases": cases, "schema_version": 2}


MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2}


def migrate(data: Data, file: str) -> Data:
    """Return the data at the current schema version, or refuse a newer or unknown one."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BoardFileError("missing or invalid schema version", file=file, field="schema_version")
    if version > SCHEMA_VERSION:
        raise BoardFileError(
            f"written by a newer boardtool (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}). Update boardtool to open it.",
            file=file,
            field="schema_version",
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data
