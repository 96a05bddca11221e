"""The audit trail: append-only events, each sealed with the hash of the one before."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from boardtool.library.tables import audit_events

GENESIS = "0" * 64
ACTIONS = ("create", "edit", "finalise", "amend", "export", "deidentified-export", "import",
           "follow-up", "defer", "unschedule")
FIELDS = ("seq", "at", "who", "host", "action", "case_id", "meeting_id", "detail", "prev_hash")


@dataclass(frozen=True)
class Actor:
    """Who acts on the library, and from which computer."""

    who: str
    host: str


@dataclass(frozen=True)
class Verdict:
    """The result of checking the chain: how many events, and the first bad one if any."""

    events: int
    head: str
    bad_seq: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.bad_seq is None


def event_hash(row: dict[str, Any]) -> str:
    """Return the SHA-256 sealing one event (its fields and the previous event's hash)."""
    canonical = json.dumps([row[name] for name in FIELDS], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(connection: Connection, actor: Actor, action: str, *, case_id: str | None = None,
           meeting_id: str | None = None, **detail: Any) -> int:
    """Add one event to the chain inside the caller's write transaction; return its number."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    last = connection.execute(select(audit_events.c.seq, audit_events.c.hash)
                              .order_by(audit_events.c.seq.desc()).limit(1)).first()
    row = {
        "seq": (last.seq + 1) if last else 1,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "who": actor.who, "host": actor.host, "action": action,
        "case_id": case_id, "meeting_id": meeting_id,
        "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        "prev_hash": last.hash if last else GENESIS,
    }
    row["hash"] = event_hash(row)
    connection.execute(audit_events.insert().values(**row))
    return row["seq"]


def verify(engine: Engine, batch: int = 2000) -> Verdict:
    """Walk the chain from the first event; return how far it holds."""
    previous, expected_seq, count = GENESIS, 1, 0
    for row in _rows(engine, batch):
        reason = _fault(row, previous, expected_seq)
        if reason:
            return Verdict(count, previous, row["seq"], reason)
        previous, expected_seq, count = row["hash"], expected_seq + 1, count + 1
    return Verdict(count, previous)


def _fault(row: dict[str, Any], previous: str, expected_seq: int) -> str:
    if row["seq"] != expected_seq:
        return f"event {expected_seq} is missing"
    if row["prev_hash"] != previous:
        return "does not follow from the event before it"
    if event_hash(row) != row["hash"]:
        return "its content was changed after it was written"
    return ""


def _rows(engine: Engine, batch: int) -> Iterator[dict[str, Any]]:
    after = 0
    with engine.connect() as connection:
        while True:
            rows = connection.execute(select(audit_events).where(audit_events.c.seq > after)
                                      .order_by(audit_events.c.seq).limit(batch)).mappings().all()
            if not rows:
                return
            yield from (dict(row) for row in rows)
            after = rows[-1]["seq"]


def events_for(engine: Engine, case_id: str) -> list[dict[str, Any]]:
    """Return a case's events, oldest first."""
    with engine.connect() as connection:
        query = select(audit_events).where(audit_events.c.case_id == case_id).order_by(audit_events.c.seq)
        return [dict(row) for row in connection.execute(query).mappings()]


def count(engine: Engine) -> int:
    """Return how many events the chain holds."""
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(audit_events)).scalar_one()
