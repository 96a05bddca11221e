"""Recommendations frozen with their SHA-256, their follow-up, re-list dates, append-only audit.

Cases already final in the library get their recommendation frozen and a follow-up row.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A migration must do the same thing forever, so it carries its own copies of the due-date
# and digest rules instead of importing boardtool's (which may change later).
IMPLEMENTATION_DAYS = 30
SEALED = "audit events are append-only"


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("relist_on", sa.Date))
        batch.create_index("ix_cases_status_relist", ["status", "relist_on"])
    recommendations = op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(32), sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("finalised_by", sa.String(120), nullable=False),
        sa.Column("finalised_on", sa.Date, nullable=False),
        sa.Column("meeting_date", sa.Date),
    )
    follow_ups = op.create_table(
        "follow_ups",
        sa.Column("recommendation_id", sa.Integer, sa.ForeignKey("recommendations.id"), primary_key=True),
        sa.Column("case_id", sa.String(32), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("implemented", sa.String(10)),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("response_3m", sa.String(20)),
        sa.Column("response_6m", sa.String(20)),
        sa.Column("response_12m", sa.String(20)),
        sa.Column("implementation_due", sa.Date, nullable=False),
        sa.Column("due_3m", sa.Date, nullable=False),
        sa.Column("due_6m", sa.Date, nullable=False),
        sa.Column("due_12m", sa.Date, nullable=False),
        sa.Column("next_due", sa.Date, index=True),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.Column("updated_by", sa.String(120), nullable=False),
    )
    _freeze_final_plans(recommendations, follow_ups)
    _seal_audit_events()


def _freeze_final_plans(recommendations: sa.Table, follow_ups: sa.Table) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, document, meeting_date, updated_at FROM cases WHERE plan_status = 'final'")).all()
    for case_id, document, meeting_date, updated_at in rows:
        plan = json.loads(document).get("plan") or {}
        finalised = _day(plan.get("finalised_at")) or _day(meeting_date) or _day(updated_at) or dt.date.today()
        canonical = json.dumps(plan, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        result = bind.execute(recommendations.insert().values(
            case_id=case_id, text=plan.get("recommendation") or "", plan=canonical,
            sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            finalised_by=plan.get("finalised_by") or "", finalised_on=finalised, meeting_date=_day(meeting_date)))
        bind.execute(follow_ups.insert().values(
            recommendation_id=result.inserted_primary_key[0], case_id=case_id, reason="", updated_by="",
            implementation_due=finalised + dt.timedelta(days=IMPLEMENTATION_DAYS),
            next_due=finalised + dt.timedelta(days=IMPLEMENTATION_DAYS),
            due_3m=_months_later(finalised, 3), due_6m=_months_later(finalised, 6), due_12m=_months_later(finalised, 12)))


def _day(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _months_later(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _seal_audit_events() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""CREATE FUNCTION boardtool_audit_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{SEALED}'; END $$""")
        op.execute("CREATE TRIGGER audit_events_sealed BEFORE UPDATE OR DELETE ON audit_events "
                   "FOR EACH ROW EXECUTE FUNCTION boardtool_audit_sealed()")
        op.execute("CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
                   "FOR EACH STATEMENT EXECUTE FUNCTION boardtool_audit_sealed()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                       f"BEGIN SELECT RAISE(ABORT, '{SEALED}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER audit_events_sealed ON audit_events")
        op.execute("DROP FUNCTION boardtool_audit_sealed()")
    else:
        op.execute("DROP TRIGGER audit_events_no_update")
        op.execute("DROP TRIGGER audit_events_no_delete")
    op.drop_table("follow_ups")
    op.drop_table("recommendations")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_status_relist")
        batch.drop_column("relist_on")
