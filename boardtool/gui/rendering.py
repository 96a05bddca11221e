"""The one place where the preferences become a render request: Preview, Print, Print preview
and Export all ask for the document through it, and through the command line's export entry point."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from boardtool.export import ExportRequest


def now() -> dt.datetime:
    """Return the time printed on a summary (to the minute)."""
    return dt.datetime.now().replace(second=0, microsecond=0)


def render_request(preferences, **where) -> ExportRequest:
    """Return the render request that the preferences ask for; ``where`` sets targets or a case."""
    value = preferences.value
    request = ExportRequest(
        deidentify=bool(value("deidentify")),
        relative_dates=bool(value("relative_dates")),
        paper=value("paper"),
        deck=value("deck"),
        template=Path(value("deck_template")) if value("deck_template") else None,
        logo=Path(value("logo")) if value("logo") else None,
        author=value("user_name"),
        institution=value("institution"),
        generated=now(),
    )
    return replace(request, **where)


def case_preview_request(preferences, case_id: str) -> ExportRequest:
    """Return the request for the live preview: one case, without the agenda and minutes."""
    return render_request(preferences, case_id=case_id, meeting_pages=False)
