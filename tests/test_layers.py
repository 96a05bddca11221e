"""The parts depend on each other in one direction only, as docs/ARCHITECTURE.md describes:
Qt only in the window, a model that knows no other part, an outline that knows no medium."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "boardtool"


def _imports(part: str) -> dict[str, set[str]]:
    """Return, per module file of a part, the top-level names it imports (function-level imports included)."""
    files = sorted(PACKAGE.glob(f"{part}/**/*.py")) if (PACKAGE / part).is_dir() else sorted(PACKAGE.glob(f"{part}*.py"))
    assert files, part
    found = {}
    for path in files:
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def _reaching(part: str, prefixes: tuple[str, ...]) -> list[str]:
    return [f"{module}: {name}" for module, names in _imports(part).items() for name in sorted(names)
            if name.startswith(prefixes)]


def test_qt_is_imported_only_by_the_window():
    for part in ("model", "store", "outline", "privacy", "export", "intake", "library"):
        assert _reaching(part, ("PySide6", "shiboken6", "boardtool.gui")) == [], part


def test_the_model_knows_no_other_part():
    others = tuple(f"boardtool.{p}" for p in ("store", "outline", "privacy", "export", "intake", "library", "gui", "cli"))
    assert _reaching("model", others) == []


def test_the_outline_and_the_privacy_pass_know_no_medium_and_no_file():
    media = ("pptx", "reportlab", "boardtool.export", "boardtool.store", "boardtool.intake", "boardtool.library")
    assert _reaching("outline", media) == []
    assert _reaching("privacy", media) == []


def test_the_store_reads_and_writes_boards_without_the_parts_built_on_it():
    above = tuple(f"boardtool.{p}" for p in ("outline", "privacy", "export", "intake", "library", "gui", "cli"))
    assert _reaching("store", above) == []
