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


_EXAMS = ("mri_brain", "mri_spine", "csf_cytology")
_MARKER_WORDS = {"detected": "detected", "positive": "detected", "not detected": "not_detected",
                 "negative": "not_detected", "retained": "retained", "lost": "lost", "failed": "failed"}
_TECHNIQUES = {"3d-crt": "3D-CRT", "imrt": "IMRT", "vmat": "VMAT", "srs": "SRS", "pbs": "PBS"}


def _v2_to_v3(data: Data) -> Data:
    """Version 3 records each staging examination's result beside its date, marker
    results as a fixed word with free text beside, radiotherapy per treated volume,
    and the kind of each operation. Values that fit no new field are kept as text."""
    if not isinstance(data.get("cases", []), list):
        return {**data, "schema_version": 3}  # validation names what is wrong
    cases = []
    for case in data.get("cases", []):
        if not isinstance(case, dict):
            cases.append(case)
            continue
        case = dict(case)
        if isinstance(case.get("staging"), dict):
            case["staging"] = _staging_v3(case["staging"])
        if isinstance(case.get("diagnosis"), dict):
            case["diagnosis"] = _diagnosis_v3(case["diagnosis"])
        if isinstance(case.get("history"), list):
            case["history"] = [_event_v3(e) if isinstance(e, dict) else e for e in case["history"]]
        cases.append(case)
    return {**data, "cases": cases, "schema_version": 3}


def _staging_v3(staging: Data) -> Data:
    staging = dict(staging)
    for exam in _EXAMS:
        if exam in staging and not isinstance(staging[exam], dict):
            staging[exam] = {"date": staging[exam], "result": None}
    return staging


def _diagnosis_v3(diagnosis: Data) -> Data:
    markers = diagnosis.get("markers")
    if not isinstance(markers, list):
        return diagnosis
    return {**diagnosis, "markers": [_marker_v3(m) if isinstance(m, dict) else m for m in markers]}


def _marker_v3(marker: Data) -> Data:
    marker = dict(marker)
    text = marker.pop("result", "")
    if not isinstance(text, str):
        return {**marker, "result": text}
    marker["result"], detail = _marker_result(" ".join(text.split()))
    if detail:
        marker["detail"] = detail
    return marker


def _marker_result(text: str) -> tuple[str | None, str]:
    """Split old free text into a result word and what remains: 'ZFTA::RELA detected'
    becomes ('detected', 'ZFTA::RELA'); text with no result word stays whole."""
    lowered = text.lower()
    for words in sorted(_MARKER_WORDS, key=len, reverse=True):
        if lowered == words:
            return _MARKER_WORDS[words], ""
        if lowered.endswith(" " + words) and not lowered.endswith(" not " + words):
            return _MARKER_WORDS[words], text[: -len(words)].strip(" ,:;-—")
    return None, text


def _event_v3(event: Data) -> Data:
    event = dict(event)
    rt = {key: event.pop(key, None) for key in ("dose_gy", "fractions", "technique", "target")}
    if event.get("kind") == "radiotherapy" or any(v not in (None, "") for v in rt.values()):
        event["volumes"] = [_volume_v3(rt)] if any(v not in (None, "") for v in rt.values()) else []
    if event.get("kind") == "surgery":
        extent = event.get("resection") or ""
        event.setdefault("procedure", "biopsy" if extent == "biopsy" else "resection" if extent else None)
        if extent == "GTR" and event.get("response") == "CR":
            event["response"] = "NED"  # nothing is left to measure after a gross-total resection
    return event


def _volume_v3(rt: Data) -> Data:
    technique_text = rt["technique"] if isinstance(rt["technique"], str) else ""
    technique = _TECHNIQUES.get(technique_text.strip().lower())
    target = rt["target"] if isinstance(rt["target"], str) else ""
    if technique_text.strip() and technique is None:
        target = " — ".join(p for p in (target, technique_text.strip()) if p)
    volume: Data = {"target": target, "dose": rt["dose_gy"], "fractions": rt["fractions"],
                    "technique": technique}
    if "proton" in technique_text.lower() or technique == "PBS":
        volume["modality"] = "proton"
    return volume


MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2, 2: _v2_to_v3}


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
