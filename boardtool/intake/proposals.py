"""The intermediate result of reading a clinical record: proposed case values, each with
its source, and what could not be mapped, each with its reason.

A proposal names its target by a dotted field path of the case. A path ending in ``+``
adds an item to a list ('history+', 'diagnosis.markers+'); any other path sets one value.
Proposals are independent of what the case model holds today: the mapping layer
(``apply.py``) checks each against the model and turns those without a place into
"not mapped" entries, so a new mapping row needs no change here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """Where a value came from: the file's hash and name, the resource and the import time."""

    file_sha256: str
    file_name: str
    resource_type: str
    resource_id: str
    imported_at: dt.datetime

    @property
    def label(self) -> str:
        """Return 'Observation/ecog-1' for showing beside a value."""
        return f"{self.resource_type}/{self.resource_id}"


@dataclass
class Proposal:
    """One value proposed for a case field, with the resource(s) it came from."""

    path: str
    value: Any
    display: str
    sources: tuple[Source, ...]
    note: str = ""  # a warning the user should read before accepting (e.g. not in the catalog)
    when: dt.date | None = None  # the clinical date, for choosing the latest of several

    @property
    def appends(self) -> bool:
        """Return True when the proposal adds an item to a list."""
        return self.path.endswith("+")

    @property
    def field_path(self) -> str:
        """Return the path without the list marker."""
        return self.path.rstrip("+")

    @property
    def source(self) -> Source:
        """Return the main source."""
        return self.sources[0]


@dataclass(frozen=True)
class NotMapped:
    """Something the record holds that does not enter the case, and why."""

    what: str
    reason: str
    source: Source | None = None


@dataclass
class PatientRecord:
    """Everything read about one patient: proposals, what was not mapped, problems."""

    patient_id: str
    name: str
    proposals: list[Proposal] = field(default_factory=list)
    not_mapped: list[NotMapped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def propose(self, proposal: Proposal) -> None:
        self.proposals.append(proposal)

    def skip(self, what: str, reason: str, source: Source | None = None) -> None:
        self.not_mapped.append(NotMapped(what, reason, source))


@dataclass
class IntakeResult:
    """What reading one or more bundles produced: one record per patient, and missing references."""

    records: list[PatientRecord]
    missing_references: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
