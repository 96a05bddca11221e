"""Amending a final plan: what changed, kept beside the plan so its original text is never lost."""

from __future__ import annotations

import datetime as dt

from boardtool.model.board import Action, Amendment, ConsensusPlan, Messenger, PlanChange
from boardtool.model.terms import INTENT_LABELS, PLAN_FIELD_LABELS, label

AMENDABLE = tuple(PLAN_FIELD_LABELS)


class AmendmentRefused(ValueError):
    """An amendment that cannot be recorded, with the reason in words."""


def value_text(field: str, value: object) -> str:
    """Return a plan field's value as the record prints it ('' when empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Messenger):
        return ", ".join(x for x in (value.who, f"by {value.due.isoformat()}" if value.due else "") if x)
    if isinstance(value, list):
        return "; ".join(_action_text(a) for a in value if isinstance(a, Action) and a.what.strip())
    if field == "intent":
        return label(INTENT_LABELS, str(value))
    return str(value)


def _action_text(action: Action) -> str:
    who = f" — {action.who}" if action.who else ""
    due = f" (by {action.due.isoformat()})" if action.due else ""
    return f"{action.what}{who}{due}"


def plan_changes(before: ConsensusPlan, after: ConsensusPlan) -> list[PlanChange]:
    """Return the amendable fields whose value differs between two versions of a plan."""
    changes = []
    for field in AMENDABLE:
        old, new = getattr(before, field), getattr(after, field)
        if old == new:
            continue
        if isinstance(old, list):  # actions: only those removed and those added
            old, new = [a for a in old if a not in new], [a for a in new if a not in old]
        changes.append(PlanChange(field=field, before=value_text(field, old), after=value_text(field, new)))
    return changes


def amend(plan: ConsensusPlan, edited: ConsensusPlan, by: str, reason: str,
          at: dt.datetime | None = None) -> ConsensusPlan:
    """Return the final ``plan`` carrying the amendable values of ``edited`` and an amendment
    recording who, when, why and each change (with the text it replaced)."""
    if plan.status != "final":
        raise AmendmentRefused("only a final plan is amended; a draft is edited directly")
    if not by.strip() or not reason.strip():
        raise AmendmentRefused("an amendment records who made it and why")
    changes = plan_changes(plan, edited)
    if not changes:
        raise AmendmentRefused("nothing was changed")
    when = at or dt.datetime.now().replace(second=0, microsecond=0)
    record = Amendment(by=by.strip(), at=when, reason=reason.strip(), changes=changes)
    values = {field: getattr(edited, field) for field in AMENDABLE}
    return plan.model_copy(update={**values, "amendments": [*plan.amendments, record]}, deep=True)


def original_text(plan: ConsensusPlan, field: str) -> str:
    """Return a field's text as it was when the plan was first made final."""
    for amendment in plan.amendments:
        for change in amendment.changes:
            if change.field == field:
                return change.before
    return value_text(field, getattr(plan, field))
