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
    meeting = data.get("meeting", {})
    meeting = dict(meeting) if isinstance(meeting, dict) else meeting
    when = meeting.pop("when", None) if isinstance(meeting, dict) else None
    if isinstance(when, str) and when:
        day, _, clock = when.partition("T")
        meeting["date"] = day
        if clock:
            meeting["start_time"] = clock
    cases = data.get("cases", [])
    if not isinstance(cases, list):
        return {**data, "meeting": meeting, "schema_version": 2}
    return {**data, "meeting": meeting, "cases": [_v1_case(case) for case in cases], "schema_version": 2}


def _v1_case(case: Any) -> Any:
    """Return one version-1 case with its discussion keyed by modality."""
    if not isinstance(case, dict):
        return case
    case = dict(case)
    entries = case.pop("discussion", [])
    if isinstance(entries, list):
        case["discussion"] = {
            entry.pop("modality"): {"discussed": True, **entry}
            for entry in (dict(e) for e in entries if isinstance(e, dict))
            if isinstance(entry.get("modality"), str)
        }
    else:
        case["discussion"] = entries
    return case


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
    try:
        while version < SCHEMA_VERSION:
            data = MIGRATIONS[version](data)
            version = data["schema_version"]
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise BoardFileError(f"cannot upgrade this board from schema {version} ({str(exc)[:120]})", file=file,
                             field="schema_version") from exc
    return data
