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


def snapshot(board):
    """Return a function that rebuilds the board as it is now, for a worker thread: the values are
    taken here at once (a plain dump, quick on the GUI thread), the board is rebuilt by the worker,
    so that later edits in the window do not reach an export under way."""
    from copy import copy

    from boardtool.model.board import Board

    data, pictures = board.model_dump(), copy(board.image_data)

    def rebuilt() -> Board:
        again = Board.model_validate(data)
        again.image_data = pictures
        return again

    return rebuilt
