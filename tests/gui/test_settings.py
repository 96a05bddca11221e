"""Preferences: one declared table of typed defaults; only changed values are stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from boardtool.gui.settings import OPTIONS, Preferences


def test_defaults_are_typed_and_only_changes_are_stored(tmp_path):
    path = tmp_path / "p.ini"
    prefs = Preferences(QSettings(str(path), QSettings.Format.IniFormat))
    for option in OPTIONS:
        assert prefs.value(option.key) == option.default
        assert type(prefs.value(option.key)) is type(option.default)
    prefs.set("paper", "letter")
    prefs.set("deidentify", True)
    prefs.set("user_name", "")  # the default: not stored
    prefs.settings.sync()
    again = Preferences(QSettings(str(path), QSettings.Format.IniFormat))
    assert again.value("paper") == "letter" and again.value("deidentify") is True
    assert set(again.settings.allKeys()) == {"preferences/paper", "preferences/deidentify"}


def test_bad_stored_values_fall_back_to_the_default(tmp_path):
    settings = QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat)
    settings.setValue("preferences/paper", "A3")
    settings.setValue("preferences/preview_delay_ms", "soon")
    prefs = Preferences(settings)
    assert prefs.value("paper") == "a4"
    assert prefs.value("preview_delay_ms") == 100


def test_unknown_preference_is_refused(tmp_path):
    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    with pytest.raises(KeyError):
        prefs.value("colour_scheme")
    with pytest.raises(KeyError):
        prefs.set("colour_scheme", "dark")


def test_recent_files_are_kept_apart_and_bounded(tmp_path):
    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    for number in range(12):
        prefs.add_recent(f"/boards/{number}.tboard")
    prefs.add_recent("/boards/3.tboard")
    recent = prefs.recent_files()
    assert recent[0] == "/boards/3.tboard" and len(recent) == 8 and len(set(recent)) == 8


def test_settings_file_is_owner_only(tmp_path):
    import os
    import stat

    path = tmp_path / "p.ini"
    path.write_text("")
    os.chmod(path, 0o644)
    prefs = Preferences(QSettings(str(path), QSettings.Format.IniFormat))
    prefs.add_recent("/boards/Maren Holt week 49.tboard")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
