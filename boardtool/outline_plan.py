"""The record of a case: its consensus plan (guideline, communication, sign-off and
amendments) and its entry in the minutes (attendance, quorum, outcome)."""

from __future__ import annotations

from boardtool.model.board import Amendment, Case, ConsensusPlan, Messenger
from boardtool.model.quorum import missing_specialties, present_for
from boardtool.model.terms import INTENT_LABELS, PLAN_FIELD_LABELS, label
from boardtool.outline_blocks import ActionRow, Actions, Bullets, CaseRecord, Fact, Facts, Section, Text
from boardtool.outline_case import CaseContext, facts
from boardtool.outline_details import join

YES_NO = {True: "Yes", False: "No", None: ""}


def is_draft(case: Case) -> bool:
    """Return True when the case waits for a decision that is not final (deferred cases wait for none)."""
    return case.status != "deferred" and case.plan.status != "final"


def plan_section(ctx: CaseContext) -> Section:
    """Return the consensus plan: recommendation, deferral, how it was decided, actions,
    communication and the amendments made after it was signed."""
    case, plan = ctx.case, ctx.case.plan
    recommendation = plan.recommendation if plan.recommendation.strip() else (
        "Deferred to a later meeting." if case.status == "deferred" else "No consensus recorded yet.")
    blocks = [
        Text("Recommendation", recommendation, emphasis=True),
        Facts(deferral_facts(ctx), "Deferred" if case.status == "deferred" else "Deferred earlier")
        if deferral_facts(ctx) else None,
        facts([
            ("Intent", label(INTENT_LABELS, plan.intent)),
            ("Guideline", _guideline(ctx)),
            ("Guideline concordant", join(YES_NO[plan.guideline_concordant], plan.non_concordance_reason
                                          if plan.guideline_concordant is False else "", sep=" — ")),
            ("Clinical trial eligibility", join("Discussed" if plan.trial_discussed else "", plan.trial_id, sep=" — ")),
            ("Status", sign_off(ctx)),
        ]),
        Actions(tuple(ActionRow(a.what, a.who, ctx.day(a.due)) for a in plan.actions if a.what.strip()))
        if any(a.what.strip() for a in plan.actions) else None,
        facts(_communication(ctx, plan), "Patient and communication"),
        Bullets("Amendments after sign-off (earlier text kept)", tuple(_amendment(ctx, a) for a in plan.amendments))
        if plan.amendments else None,
    ]
    plan_part = ctx.catalog.section("plan")
    return Section("plan", "plan", plan_part.title if plan_part else "Consensus plan",
                   tuple(b for b in blocks if b), ctx.notes_for("plan"), draft=is_draft(case))


def _guideline(ctx: CaseContext) -> str:
    known = ctx.catalog.guideline(ctx.case.plan.guideline)
    return known.title if known else ctx.case.plan.guideline


def deferral_facts(ctx: CaseContext) -> tuple[Fact, ...]:
    """Return why the case was deferred and when it is listed again (kept on a case listed again)."""
    case = ctx.case
    pairs = (("Reason", case.deferral.reason), ("Listed again", ctx.day(case.deferral.relist_on)))
    return tuple(Fact(name, value) for name, value in pairs if value.strip())


def sign_off(ctx: CaseContext) -> str:
    """Return the plan's status as signed: 'Final — Dr X, 3 Dec 2026 · Amended 1×', or 'Draft — not signed'."""
    plan = ctx.case.plan
    if ctx.case.status == "deferred":
        return "Deferred — no decision"
    if plan.status != "final":
        return "Draft — not signed"
    when = ctx.day(plan.finalised_at.date()) if plan.finalised_at else ""
    count = len(plan.amendments)
    amended = ("Amended" if count == 1 else f"Amended {count} times") if count else ""
    return join(join("Final", join(plan.finalised_by, when, sep=", "), sep=" — "), amended, sep=" · ")


def _communication(ctx: CaseContext, plan: ConsensusPlan) -> list[tuple[str, str]]:
    return [
        ("Patient informed of the referral", YES_NO[plan.patient_informed]),
        ("Patient's preferences", plan.patient_preferences),
        ("Dissenting views", plan.dissent),
        ("Tells the patient", _messenger(ctx, plan.tell_patient)),
        ("Tells the referrer", _messenger(ctx, plan.tell_referrer)),
    ]


def _messenger(ctx: CaseContext, messenger: Messenger) -> str:
    return join(messenger.who, f"by {ctx.day(messenger.due)}" if messenger.due else "", sep=", ")


def _amendment(ctx: CaseContext, amendment: Amendment) -> str:
    """Return one amendment: when, who, why, then each field as it was and as it became."""
    when = join(ctx.day(amendment.at.date()), "" if ctx.deidentify else f"{amendment.at:%H:%M}", sep=" ") \
        if amendment.at else ""
    changed = "; ".join(f"{label(PLAN_FIELD_LABELS, c.field)} was “{c.before or '—'}”, now “{c.after or '—'}”"
                        for c in amendment.changes)
    return join(join(when, amendment.by, sep=", ") + ":", amendment.reason, changed, sep=" ")


def case_record(ctx: CaseContext, heading: str) -> CaseRecord:
    """Return the case's entry in the minutes."""
    case, meeting = ctx.case, ctx.board.meeting
    present = ", ".join(join(a.name, f"({a.specialty})" if a.specialty else "", sep=" ")
                        for a in present_for(meeting, case))
    changes = join(f"Not in the room: {', '.join(case.attendance.away)}" if case.attendance.away else "",
                   f"Joined for this case: {', '.join(case.attendance.joined)}" if case.attendance.joined else "",
                   sep="; ")
    plan = case.plan
    amended = "; ".join(join(ctx.day(a.at.date()) if a.at else "", a.by, sep=", ") for a in plan.amendments)
    return CaseRecord(
        number=ctx.number, heading=heading, outcome=_outcome(ctx), present=present, changes=changes,
        missing=missing_specialties(meeting, ctx.catalog, case), exception=case.attendance.exception_reason,
        deferral=deferral_facts(ctx) if case.status == "deferred" else (), amended=f"Amended after sign-off: {amended}" if amended else "",
        signed=plan.status == "final" and case.status != "deferred", draft=is_draft(case),
    )


def _outcome(ctx: CaseContext) -> str:
    if ctx.case.plan.status != "final" and ctx.case.status != "deferred":
        return "Draft — not for signature"
    return sign_off(ctx)

