"""Preferences: one declared table of typed defaults over QSettings; window state kept apart."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from boardtool.model.terms import DECK_MODES, EXPORT_CHOICE_LABELS, PAPER_SIZES

ORGANISATION, APPLICATION = "boardtool", "boardtool"
MAX_RECENT = 8


@dataclass(frozen=True)
class Option:
    """One preference: its key, typed default, label and kind of editor."""

    key: str
    default: Any
    label: str
    kind: str = "text"  # text, path, bool, choice, int
    choices: tuple[str, ...] = ()
    hint: str = ""
    empty: str = ""  # choice: how the empty value is named in the list
    bounds: tuple[int, int] = (0, 10_000)  # int: the smallest and largest value the editor takes
    files: str = ""  # path: the file dialog's filter
    names: dict[str, str] = field(default_factory=dict)  # choice: how a value is named in the list (else itself)


OPTIONS: tuple[Option, ...] = (
    Option("user_name", "", "Your name", hint="Recorded as 'finalised by' when you finalise a plan"),
    Option("institution", "", "Institution name", hint="Used when a board does not name its institution"),
    Option("logo", "", "Institution logo", "path", hint="PNG or JPEG shown on the slides",
           files="Images (*.png *.jpg *.jpeg)"),
    Option("deck_template", "", "Deck template (.pptx)", "path", hint="Empty: boardtool's own template",
           files="PowerPoint (*.pptx)"),
    Option("letter_template", "", "Outcome letter template (.toml)", "path",
           hint="Your institution's wording for letters to referrers; empty: boardtool's own",
           files="Letter templates (*.toml)"),
    Option("meeting_day", "", "The board meets on", "choice", ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
           hint="A new board's meeting date; empty: the next working day", empty="(next working day)"),
    Option("paper", PAPER_SIZES[0], "Paper size", "choice", PAPER_SIZES, names=EXPORT_CHOICE_LABELS),
    Option("deck", DECK_MODES[0], "Deck", "choice", DECK_MODES, names=EXPORT_CHOICE_LABELS,
           hint="compact: each case's overview and discussion only, one or two slides a case"),
    Option("deidentify", False, "De-identify exports by default", "bool"),
    Option("relative_dates", False, "Show clinical dates as time from diagnosis", "bool"),
    Option("preview_delay_ms", 100, "Preview refresh delay (ms)", "int", bounds=(100, 10_000),
           hint="The pause after typing before the preview is drawn again"),
    Option("library_url", "", "Department library (database URL)",
           hint="Empty: a library file on this computer. A department: postgresql://USER@HOST/DATABASE "
                "(the password goes in ~/.pgpass, never here). BOARDTOOL_LIBRARY_URL overrides this."),
    Option("autosave_seconds", 60, "Recovery copy every (seconds)", "int", bounds=(5, 10_000),
           hint="Also written when the window loses focus; removed when you save or close cleanly"),
)
_BY_KEY = {option.key: option for option in OPTIONS}


class Preferences:
    """Reads each preference as the type of its default; stores only what differs from it."""

    def __init__(self, settings: QSettings | None = None):
        self.settings = settings or QSettings(ORGANISATION, APPLICATION)
        self._keep_private()

    def _keep_private(self) -> None:
        """Write the settings file readable by its owner only: recent boards often name patients."""
        self.settings.sync()
        path = Path(self.settings.fileName())
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                os.chmod(path, 0o600)

    def value(self, key: str) -> Any:
        option = _BY_KEY[key]  # unknown keys are a programming error: KeyError
        raw = self.settings.value(f"preferences/{key}", option.default)
        return _as_type(raw, option)

    def set(self, key: str, value: Any) -> None:
        option = _BY_KEY[key]
        value = _as_type(value, option)
        if value == option.default:
            self.settings.remove(f"preferences/{key}")
        else:
            self.settings.setValue(f"preferences/{key}", value)
        self._keep_private()

    # -- window state, kept apart from preferences ---------------------------

    def recent_files(self) -> list[str]:
        files = self.settings.value("window/recent", [])
        return [files] if isinstance(files, str) else list(files or [])

    def add_recent(self, path: str) -> None:
        files = [path, *[f for f in self.recent_files() if f != path]][:MAX_RECENT]
        self.settings.setValue("window/recent", files)
        self._keep_private()

    def asked_for_name(self) -> bool:
        """Return True once the user was asked for their name at a first start."""
        return str(self.settings.value("window/asked_name", "false")).lower() == "true"

    def set_asked_for_name(self) -> None:
        self.settings.setValue("window/asked_name", "true")

    def geometry(self):
        return self.settings.value("window/geometry")

    def set_geometry(self, data) -> None:
        self.settings.setValue("window/geometry", data)
        self._keep_private()


def _as_type(raw: Any, option: Option) -> Any:
    default = option.default
    if isinstance(default, bool):
        return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            return default
    value = "" if raw is None else str(raw)
    if option.choices and value not in option.choices:
        return default
    return value
