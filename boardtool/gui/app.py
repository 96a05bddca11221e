"""Starting the desktop application."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

STYLE = """
*[problem="true"] { border: 1.5px solid #c0392b; background: #fdf1ef; }
QLabel#problemText { color: #a93226; }
QLabel#okText { color: #1e7d4f; }
QLabel#prompt { color: #7a4b00; background: #fff6e0; border: 1px solid #f0d9a8; padding: 6px; border-radius: 4px; }
QLabel#hint { color: #5f6b76; }
QGroupBox { font-weight: bold; margin-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 3px; color: #1f3a5f; }
"""


def make_app(argv: list[str] | None = None):
    """Return the QApplication (created once) with boardtool's name and style."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("boardtool")
    app.setOrganizationName("boardtool")
    app.setApplicationDisplayName("boardtool")
    app.setStyleSheet(STYLE)
    return app


def install_error_handler(window) -> None:
    """Turn an unexpected error in the window into a message, after saving a recovery copy;
    the details go to standard error for whoever supports the workstation."""

    def handle(kind, error, trace) -> None:
        sys.__excepthook__(kind, error, trace)
        if issubclass(kind, KeyboardInterrupt):
            return
        from PySide6.QtWidgets import QMessageBox

        with contextlib.suppress(Exception):  # the message matters more than the copy here
            window.recovery.write_now()
        QMessageBox.critical(
            window, "Unexpected problem",
            f"boardtool ran into an unexpected problem ({kind.__name__}: {error}).\n\n"
            "Your work is still open; a recovery copy is being written. Save your board, "
            "and report the problem with the text printed on the console.")

    sys.excepthook = handle


def run_app(board: Path | None = None) -> int:
    """Open the window (with a board file when given) and run until it closes."""
    app = make_app()
    from boardtool.gui.main_window import MainWindow
    from boardtool.gui.settings import Preferences

    preferences = Preferences()
    window = MainWindow(preferences)
    install_error_handler(window)
    window.show()
    if window.recovery.offer_restore():
        return app.exec()
    if board is not None and window.open_path(Path(board), asked=True):
        preferences.add_recent(str(Path(board).resolve()))
    return app.exec()
