"""Importing FHIR records into a board: which case each patient goes to, what changes, and
the report printed by the command and shown by the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from boardtool.intake.apply import Outcome, apply_outcomes, not_mapped, review
from boardtool.intake.fhir import IntakeError
from boardtool.intake.proposals import IntakeResult, NotMapped, PatientRecord
from boardtool.model.board import Board, Case
from boardtool.model.catalog import Catalog


IDENTITY = ("patient.name", "patient.birth_date", "patient.mrn")  # what tells one patient from another


@dataclass
class CaseImport:
    """One patient's record going into one case (an existing one, or a new one)."""

    record: PatientRecord
    case: Case
    number: int  # the case's position on the agenda, from 1
    is_new: bool
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def not_mapped(self) -> list[NotMapped]:
        """Return everything of this record that does not enter the case, with reasons."""
        return [*self.record.not_mapped, *not_mapped(self.outcomes)]

    @property
    def identity_differs(self) -> list[str]:
        """Return what identifies the file's patient and differs from the existing case's patient
        (name, date of birth, MRN): a sign the file may be another patient's."""
        if self.is_new:
            return []
        return [o.label for o in self.outcomes if o.status == "conflict" and o.proposal.field_path in IDENTITY]

    def identity_warning(self) -> str:
        """Return the warning for a file whose patient may not be the case's ('' when none)."""
        differs = self.identity_differs
        if not differs:
            return ""
        who = self.case.patient.name or f"case {self.number}"
        return (f"The file's patient differs from {who} (case {self.number}) in: {', '.join(differs)}. "
                "Check that this is the same person before importing.")


@dataclass
class FhirImport:
    """A planned import: one CaseImport per patient, and the missing reference targets."""

    cases: list[CaseImport]
    missing_references: list[str]
    files: list[str]


def find_case(board: Board, token: str) -> int:
    """Return the index of the case named by its agenda number (from 1) or its id."""
    if token.isdigit() and 1 <= int(token) <= len(board.cases):
        return int(token) - 1
    for index, case in enumerate(board.cases):
        if case.id == token:
            return index
    raise IntakeError(f"no case {token} (the board has {len(board.cases)} case(s); give a number or a case id)",
                      field="--case")


def plan_fhir_import(board: Board, catalog: Catalog, paths: list[Path], case: str | None = None,
                     now: dt.datetime | None = None) -> FhirImport:
    """Read the files and return which case each patient fills and how each value fits."""
    from boardtool.intake.read import read_fhir

    result: IntakeResult = read_fhir(paths, catalog, now)
    if case is not None and len(result.records) > 1:
        names = ", ".join(r.patient_id for r in result.records)
        raise IntakeError(f"{len(result.records)} patients ({names}) for one case; import them without --case "
                          "or one bundle per patient", field="--case")
    plans = []
    for offset, record in enumerate(result.records):
        if case is not None:
            index = find_case(board, case)
            target, number, is_new = board.cases[index], index + 1, False
        else:
            target, number, is_new = Case(), len(board.cases) + offset + 1, True
        plans.append(CaseImport(record, target, number, is_new, review(target, record)))
    return FhirImport(plans, result.missing_references, result.files)


def cases_after(board: Board, plan: FhirImport, accepted: dict[int, set[int]] | None = None,
                replace: bool = False) -> list[Case]:
    """Return the board's cases with the accepted outcomes applied (by default the new values, and
    with ``replace`` also those that replace a value of the case).

    ``accepted`` maps a CaseImport's position in the plan to the positions of its accepted outcomes.
    """
    cases = list(board.cases)
    for position, item in enumerate(plan.cases):
        chosen = [o for i, o in enumerate(item.outcomes) if accepted is None or i in accepted.get(position, set())]
        if accepted is None:
            chosen = [o for o in chosen if o.status == "new" or (replace and o.status == "conflict")]
        updated = apply_outcomes(item.case, chosen)
        if item.is_new:
            cases.append(updated)
        else:
            cases[item.number - 1] = updated
    return cases


def report_lines(plan: FhirImport, applied_conflicts: bool = False) -> list[str]:
    """Return the import report: per case what was mapped, kept, not mapped; missing references."""
    lines: list[str] = []
    for item in plan.cases:
        who = item.record.name or item.record.patient_id
        lines.append(f"Case {item.number} — {who} ({'new case' if item.is_new else 'existing case'})")
        if item.identity_warning():
            lines.append(f"  warning: {item.identity_warning()}")
        groups = (
            ("mapped", [o for o in item.outcomes if o.status == "new" or (applied_conflicts and o.status == "conflict")]),
            ("kept the case's own value", [] if applied_conflicts else [o for o in item.outcomes if o.status == "conflict"]),
            ("already in the case", [o for o in item.outcomes if o.status == "same"]),
        )
        for title, outcomes in groups:
            if outcomes:
                lines.append(f"  {title} ({len(outcomes)}):")
                lines += [f"    {o.label}: {o.proposal.display}  ← {o.proposal.source.label}"
                          + (f"  [{o.reason}]" if o.reason else "") for o in outcomes]
        attention = [o for o in item.outcomes if o.proposal.note and o.status != "invalid"]
        if attention:
            lines.append(f"  check ({len(attention)}):")
            lines += [f"    {o.label}: {o.proposal.note}" for o in attention]
        skipped = item.not_mapped
        if skipped:
            lines.append(f"  not mapped ({len(skipped)}):")
            lines += [f"    {n.what} — {n.reason}" + (f"  ← {n.source.label}" if n.source else "") for n in skipped]
    if plan.missing_references:
        lines.append(f"Missing reference targets ({len(plan.missing_references)}), not in the file(s):")
        lines += [f"  {ref}" for ref in plan.missing_references]
    return lines


def import_fhir_file(board_path: Path, bundles: list[Path], case: str | None = None, replace: bool = False) -> list[str]:
    """Import FHIR bundles into the board file at ``board_path`` and save it; return the report lines."""
    from boardtool.model.catalog import load_catalog

    def fill(board: Board) -> list[str]:
        plan = plan_fhir_import(board, load_catalog(board.disease), bundles, case)
        board.cases = cases_after(board, plan, replace=replace)
        return report_lines(plan, applied_conflicts=replace)

    return change_board_file(board_path, fill)


def change_board_file(path: Path, change: Callable[[Board], list[str]]) -> list[str]:
    """Read the board file, let ``change`` edit the board, save it; return its lines and where it was saved.

    Nothing is written when reading or changing fails."""
    from boardtool.store import load_board, save_board

    board = load_board(path)
    lines = change(board)
    save_board(board, path)
    return [*lines, f"saved {path}"]
