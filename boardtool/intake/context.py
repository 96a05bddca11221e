"""What a mapping row sees while it reads one patient's resources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from boardtool.intake.codes import text_of
from boardtool.intake.fhir import Records, Resource
from boardtool.intake.proposals import PatientRecord, Proposal, Source
from boardtool.model.catalog import Catalog


@dataclass
class Context:
    """The records, the patient's record being filled, the board's catalog, resources used."""

    records: Records
    record: PatientRecord
    catalog: Catalog
    used: set[str] = field(default_factory=set)
    pending: dict = field(default_factory=dict)  # parts that rows join once all resources are read

    def propose(self, path: str, value: Any, display: str, *resources: Resource, note: str = "",
                when: dt.date | None = None) -> None:
        """Add a proposal citing the given resources (the first is the main source)."""
        for resource in resources[1:]:
            self.used.add(resource.label)
        self.record.propose(Proposal(path, value, display, _sources(resources), note, when))

    def skip(self, resource: Resource, what: str, reason: str) -> None:
        """Report something of a resource that does not enter the case."""
        self.record.skip(what, reason, resource.source)

    def resolve(self, reference: Any) -> Resource | None:
        """Return the resource a reference points to, remembering that it was used."""
        target = self.records.resolve(reference)
        if target is not None:
            self.used.add(target.label)
        return target

    def who(self, reference: Any) -> str:
        """Return the name of a practitioner or organisation (or the reference's display)."""
        target = self.resolve(reference)
        if target is not None:
            return person_name(target.data) or str(target.data.get("name", "") if target.type == "Organization" else "")
        return str(reference.get("display", "")) if isinstance(reference, dict) else ""

    def words(self, reference: Any) -> str:
        """Return the words of a referenced Condition or BodyStructure (the display when absent)."""
        target = self.resolve(reference)
        if target is None:
            return str(reference.get("display", "")) if isinstance(reference, dict) else ""
        data = target.data
        return str(data.get("description") or "") or text_of(data.get("code") or data.get("location"))


def _sources(resources: tuple[Resource, ...]) -> tuple[Source, ...]:
    return tuple(r.source for r in resources)


def person_name(data: dict) -> str:
    """Return 'Given Family' (or the name's text) of a Patient or Practitioner."""
    names = [n for n in data.get("name", []) if isinstance(n, dict)] if isinstance(data.get("name"), list) else []
    if not names:
        return ""
    name = next((n for n in names if n.get("use") == "official"), names[0])
    if name.get("text"):
        return str(name["text"]).strip()
    parts = [*name.get("given", []), name.get("family", "")]
    return " ".join(str(p) for p in parts if p).strip()
