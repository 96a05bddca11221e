"""Follow-up of each frozen recommendation: implemented or not, and response at 3, 6, 12 months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from boardtool.library import audit
from boardtool.library.errors import LibraryError
from boardtool.library.names import IMPLEMENTED, MILESTONES, RESPONSES
from boardtool.library.tables import follow_ups, recommendations

IMPLEMENTATION_DAYS = 30
EARLIER_WORDS = {"not evaluable": "NE"}  # how libraries written by earlier versions spelt a response


def months_later(day: dt.date, months: int) -> dt.date:
    """Return the same day ``months`` later (the month's last day when it is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def create(connection: Connection, recommendation_id: int, case_id: str, finalised: dt.date) -> None:
    """Open the follow-up of a newly frozen recommendation with its due dates."""
    due = finalised + dt.timedelta(days=IMPLEMENTATION_DAYS)
    connection.execute(insert(follow_ups).values(
        recommendation_id=recommendation_id, case_id=case_id, reason="", updated_by="", implementation_due=due, next_due=due,
        **{f"due_{m}m": months_later(finalised, m) for m in MILESTONES}))


def close_earlier(connection: Connection, case_id: str) -> None:
    """Take an amended recommendation's earlier versions off the follow-up worklist."""
    connection.execute(update(follow_ups).where(follow_ups.c.case_id == case_id).values(next_due=None))


def missing(row) -> list[tuple[dt.date, str]]:
    """Return (due date, what) for each follow-up item not yet recorded."""
    items = [(row["implementation_due"], "implementation")] if row["implemented"] is None else []
    return items + [(row[f"due_{m}m"], f"response at {m} months") for m in MILESTONES if row[f"response_{m}m"] is None]


@dataclass
class FollowUp:
    """What is recorded so far for a case's current recommendation."""

    recommendation_id: int
    recommendation: str
    sha256: str
    finalised_on: dt.date
    implemented: str | None
    reason: str
    responses: dict[int, str | None]
    dues: dict[str, dt.date]


def current(connection: Connection, case_id: str) -> FollowUp | None:
    """Return the follow-up of the case's latest frozen recommendation, or None."""
    row = connection.execute(
        select(recommendations, follow_ups).join(follow_ups, follow_ups.c.recommendation_id == recommendations.c.id)
        .where(recommendations.c.case_id == case_id).order_by(recommendations.c.id.desc()).limit(1)).mappings().first()
    if row is None:
        return None
    return FollowUp(
        recommendation_id=row["id"], recommendation=row["text"], sha256=row["sha256"],
        finalised_on=row["finalised_on"], implemented=row["implemented"], reason=row["reason"],
        responses={m: EARLIER_WORDS.get(row[f"response_{m}m"], row[f"response_{m}m"]) for m in MILESTONES},
        dues={"implementation": row["implementation_due"], **{f"{m} months": row[f"due_{m}m"] for m in MILESTONES}},
    )


def record(library, case_id: str, *, implemented: str | None = None, reason: str | None = None,
           responses: dict[int, str] | None = None) -> FollowUp:
    """Record implementation and/or responses for the case's current recommendation."""
    responses = responses or {}
    _check(implemented, reason, responses)
    with library.writing() as connection:
        existing = current(connection, case_id)
        if existing is None:
            raise LibraryError("has no final recommendation to follow up", field=f"case {case_id}")
        values = {f"response_{m}m": value for m, value in responses.items()}
        if implemented is not None:
            values.update(implemented=implemented, reason=(reason or "").strip())
            if implemented != "yes" and not values["reason"]:
                raise LibraryError("say why the recommendation was not (fully) implemented", field="reason")
        values.update(updated_at=dt.datetime.now(dt.UTC), updated_by=library.actor.who)
        which = follow_ups.c.recommendation_id == existing.recommendation_id
        connection.execute(update(follow_ups).where(which).values(**values))
        row = connection.execute(select(follow_ups).where(which)).mappings().one()
        connection.execute(update(follow_ups).where(which).values(next_due=min(missing(row), default=(None,))[0]))
        audit.append(connection, library.actor, "follow-up", case_id=case_id,
                     implemented=implemented, responses={str(m): v for m, v in responses.items()})
        return current(connection, case_id)


def _check(implemented: str | None, reason: str | None, responses: dict[int, str]) -> None:
    if implemented is not None and implemented not in IMPLEMENTED:
        raise LibraryError(f"implemented must be one of {', '.join(IMPLEMENTED)}", field="implemented")
    for months, value in responses.items():
        if months not in MILESTONES:
            raise LibraryError("responses are recorded at 3, 6 and 12 months", field=f"response at {months} months")
        if value not in RESPONSES:
            raise LibraryError(f"response must be one of {', '.join(RESPONSES)}", field=f"response at {months} months")
