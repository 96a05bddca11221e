"""Where boardtool's bundled data lives, in a source checkout and in an install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def _root() -> Path:
    """Return the folder that holds ``templates/`` and ``assets/``."""
    if (_INSTALLED / "templates").is_dir():
        return _INSTALLED
    return _CHECKOUT


def templates_dir() -> Path:
    """Return the bundled templates folder (catalogs and deck templates)."""
    return _root() / "templates"


def catalogs_dir() -> Path:
    """Return the folder of bundled disease catalogs."""
    return templates_dir() / "catalogs"


def decks_dir() -> Path:
    """Return the folder of bundled deck templates."""
    return templates_dir() / "decks"


def assets_dir() -> Path:
    """Return the bundled assets folder (fonts, samples, icons)."""
    return _root() / "assets"


def fonts_dir() -> Path:
    """Return the folder of bundled TrueType fonts."""
    return assets_dir() / "fonts"


def samples_dir() -> Path:
    """Return the folder of the bundled fictional sample boards."""
    return assets_dir() / "samples"
