"""The library's tables at the newest schema (the migrations build the same)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

meetings = Table(
    "meetings", metadata,
    Column("id", String(32), primary_key=True),
    Column("date", Date, index=True),
    Column("title", String(200), nullable=False, default=""),
    Column("disease", String(60), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("document", Text, nullable=False),  # the Meeting record as JSON
    Column("version", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(120), nullable=False, default=""),
)

cases = Table(
    "cases", metadata,
    Column("id", String(32), primary_key=True),
    Column("meeting_id", String(32), ForeignKey("meetings.id"), index=True),
    Column("position", Integer, nullable=False, default=0),
    Column("schema_version", Integer, nullable=False),
    Column("document", Text, nullable=False),  # the Case record as JSON: the source of truth
    Column("version", Integer, nullable=False),
    Column("patient_key", String(64), index=True),
    Column("patient_name", String(200), nullable=False, default=""),
    Column("patient_mrn", String(60), nullable=False, default=""),
    Column("birth_date", Date),
    Column("status", String(20), nullable=False),
    Column("plan_status", String(20), nullable=False),
    Column("disease", String(60), nullable=False),
    Column("meeting_date", Date, index=True),
    Column("referred_on", Date, nullable=False),
    Column("relist_on", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(120), nullable=False, default=""),
    Index("ix_cases_status_relist", "status", "relist_on"),
)

attendance = Table(
    "attendance", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", String(32), ForeignKey("meetings.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False, default=""),
    Column("specialty", String(120), nullable=False, default=""),
    Column("present", Boolean, nullable=False),
)

images = Table(
    "images", metadata,
    Column("name", String(80), primary_key=True),  # <sha256>.<suffix>
    Column("data", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
)

case_images = Table(
    "case_images", metadata,
    Column("case_id", String(32), ForeignKey("cases.id"), primary_key=True),
    Column("image_name", String(80), ForeignKey("images.name"), primary_key=True),
)

audit_events = Table(
    "audit_events", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("who", String(120), nullable=False),
    Column("host", String(120), nullable=False),
    Column("action", String(40), nullable=False),
    Column("case_id", String(32), index=True),
    Column("meeting_id", String(32)),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

recommendations = Table(
    "recommendations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("plan", Text, nullable=False),  # the consensus plan as finalised, JSON
    Column("sha256", String(64), nullable=False),
    Column("finalised_by", String(120), nullable=False, default=""),
    Column("finalised_on", Date, nullable=False),
    Column("meeting_date", Date),
)

follow_ups = Table(
    "follow_ups", metadata,
    Column("recommendation_id", Integer, ForeignKey("recommendations.id"), primary_key=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False),  # copied for a quick worklist
    Column("implemented", String(10)),  # yes, partial, no; empty until recorded
    Column("reason", Text, nullable=False, default=""),
    Column("response_3m", String(20)),
    Column("response_6m", String(20)),
    Column("response_12m", String(20)),
    Column("implementation_due", Date, nullable=False),
    Column("due_3m", Date, nullable=False),
    Column("due_6m", Date, nullable=False),
    Column("due_12m", Date, nullable=False),
    Column("next_due", Date, index=True),  # the earliest item still to record; empty when done or amended
    Column("updated_at", DateTime(timezone=True)),
    Column("updated_by", String(120), nullable=False, default=""),
)
