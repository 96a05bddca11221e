"""Reading FHIR R4 bundles: every resource validated (fhir.resources, R4B models), indexed by
reference, grouped by patient; missing reference targets listed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardtool.intake.fhir_warmup import MODELS_LOCK
from boardtool.intake.proposals import Source
from boardtool.model.errors import BoardError

MAX_BUNDLE_BYTES = 64 * 1024 * 1024
SUPPORTING = {"Practitioner", "PractitionerRole", "Organization", "BodyStructure", "Specimen", "Location",
              "Medication", "Device"}


class IntakeError(BoardError):
    """A clinical record cannot be read or does not fit the request."""


@dataclass
class Resource:
    """One resource of a bundle with the source it is cited by."""

    type: str
    id: str
    data: dict
    source: Source
    full_url: str = ""

    @property
    def label(self) -> str:
        """Return 'Type/id' (the entry's full URL for a resource without an id)."""
        return f"{self.type}/{self.id}" if self.id else (self.full_url or f"{self.type}/(no id)")


@dataclass
class Records:
    """The resources of one or more bundle files, indexed for following references."""

    resources: list[Resource] = field(default_factory=list)
    index: dict[str, Resource] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def add(self, resource: Resource) -> None:
        self.resources.append(resource)
        self.index.setdefault(resource.label, resource)
        if resource.full_url:
            self.index.setdefault(resource.full_url, resource)

    def resolve(self, reference: Any) -> Resource | None:
        """Return the resource a Reference (or reference string) points to, or None."""
        ref = reference.get("reference") if isinstance(reference, dict) else reference
        if not isinstance(ref, str) or not ref:
            return None
        if ref in self.index:
            return self.index[ref]
        tail = "/".join(ref.split("/_history")[0].rstrip("/").split("/")[-2:])
        return self.index.get(tail)

    def patients(self) -> list[Resource]:
        """Return the Patient resources in reading order, each patient once (files may repeat one)."""
        return [r for r in self.resources if r.type == "Patient" and (
            self.index.get(r.label) is r or not (r.id or r.full_url))]

    def missing_references(self) -> list[str]:
        """Return 'target (referenced by Type/id)' for every reference with no target here."""
        missing: dict[str, list[str]] = {}
        for resource in self.resources:
            for ref in _references(resource.data):
                if not ref.startswith("#") and self.resolve(ref) is None:
                    missing.setdefault(ref, []).append(resource.label)
        return [f"{ref} (referenced by {', '.join(sorted(set(by)))})" for ref, by in missing.items()]


def read_records(paths: list[Path], now: dt.datetime | None = None) -> Records:
    """Read and validate bundle (or single-resource) files; raise IntakeError naming file and resource."""
    now = now or dt.datetime.now().replace(microsecond=0)
    records = Records()
    for path in paths:
        raw = _read_bytes(Path(path))
        digest = hashlib.sha256(raw).hexdigest()
        data = _parse(raw, Path(path))
        records.files.append(str(path))
        for full_url, resource in _entries(data, str(path)):
            with MODELS_LOCK:  # waits for a warm-up still building the models in another thread
                _validate(resource, str(path))
            kind, rid = resource["resourceType"], str(resource.get("id", ""))
            records.add(Resource(kind, rid, resource, Source(digest, Path(path).name, kind, rid, now), full_url))
    return records


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise IntakeError("larger than boardtool reads (64 MB)", file=str(path))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise IntakeError("no such file", file=str(path)) from exc
    except IsADirectoryError as exc:
        raise IntakeError("is a folder, not a FHIR file", file=str(path)) from exc
    except OSError as exc:
        raise IntakeError(f"cannot read ({exc.strerror or exc})", file=str(path)) from exc


def _parse(raw: bytes, path: Path) -> dict:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise IntakeError("not UTF-8 text, so not FHIR JSON", file=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise IntakeError(f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=str(path)) from exc
    except RecursionError as exc:
        raise IntakeError("JSON nested too deeply to be a FHIR resource", file=str(path)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise IntakeError("not a FHIR resource (no resourceType)", file=str(path))
    return data


def _entries(data: dict, file: str) -> Iterator[tuple[str, dict]]:
    if data["resourceType"] != "Bundle":
        yield "", data
        return
    entries = data.get("entry", [])
    if not isinstance(entries, list):
        raise IntakeError("Bundle.entry must be a list", file=file)
    for number, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            raise IntakeError("entry has no resource with a resourceType", file=file, field=f"entry {number}")
        if resource["resourceType"] == "Bundle":
            yield from _entries(resource, file)
        else:
            yield str(entry.get("fullUrl", "")), resource


def _validate(resource: dict, file: str) -> None:
    """Validate one resource against the FHIR R4 definition (fhir.resources' R4B models)."""
    from fhir.resources.R4B import get_fhir_model_class  # imported late: it is slow to load
    from pydantic import ValidationError

    kind = resource["resourceType"]
    label = f"{kind}/{resource.get('id', '(no id)')}"
    try:
        model = get_fhir_model_class(kind)
    except (KeyError, ValueError) as exc:
        raise IntakeError(f"'{kind}' is not a FHIR R4 resource type", file=file, field=label) from exc
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise IntakeError(f"invalid FHIR: {where}: {first['msg']}{more}", file=file, field=label) from exc
    except (ValueError, TypeError) as exc:
        raise IntakeError(f"invalid FHIR: {exc}", file=file, field=label) from exc


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            elif key != "contained":
                yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def subject_of(resource: Resource) -> str | None:
    """Return the reference string of the patient a resource is about (None when not about one)."""
    for key in ("subject", "patient"):
        ref = resource.data.get(key)
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
            return ref["reference"]
    return None
