"""The library's fixed vocabularies and where it lives by default (cheap to import: no database code)."""

from __future__ import annotations

import os
from pathlib import Path

from boardtool.model.terms import Response, values

URL_VARIABLE = "BOARDTOOL_LIBRARY_URL"
DATA_VARIABLE = "BOARDTOOL_DATA_DIR"
LIBRARY_FILE = "library.sqlite"

WORKLISTS = {
    "referred": "Referred, not yet scheduled",
    "this-meeting": "This meeting",
    "deferred": "Deferred (with re-list date)",
    "follow-up": "Follow-up due",
}
IMPLEMENTED = ("yes", "partial", "no")
RESPONSES = values(Response)  # a follow-up response is the board's response vocabulary
MILESTONES = (3, 6, 12)


def data_dir() -> Path:
    """Return boardtool's data folder ($BOARDTOOL_DATA_DIR, or $XDG_DATA_HOME/boardtool)."""
    own = os.environ.get(DATA_VARIABLE)
    if own:
        return Path(own)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "boardtool"


def default_url() -> str:
    """Return the URL of the one-workstation library: a SQLite file in the data folder."""
    return f"sqlite:///{data_dir() / LIBRARY_FILE}"


def library_url(preference: str = "") -> str:
    """Return the library URL in force: the environment, then the preference, then the default."""
    return os.environ.get(URL_VARIABLE, "").strip() or preference.strip() or default_url()
