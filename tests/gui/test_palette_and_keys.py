"""Colours follow the palette; the keyboard: Tab leaves tables, Ctrl+Z undoes the board's edit from a
text field, mnemonics are unique on every page."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QGroupBox,
    QLabel,
    QStyle,
    QStyleOptionButton,
    QStyleOptionGroupBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from window_geometry import pages
from window_helpers import activate, select_case

from boardtool.gui import theme
from boardtool.gui.app import make_app

DARK = {"Window": "#2b2b2b", "WindowText": "#e6e6e6", "Base": "#1e1e1e", "Text": "#e6e6e6",
        "Button": "#353535", "ButtonText": "#e6e6e6", "AlternateBase": "#333333"}


@pytest.fixture
def styled_app(qapp):
    """The application as boardtool starts it: its style and style sheet (put back afterwards)."""
    before_palette, before_style = qapp.palette(), qapp.style().name()
    make_app()
    yield qapp
    qapp.setPalette(before_palette)
    qapp.setStyle(before_style)


@pytest.fixture
def dark_app(styled_app):
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    styled_app.setPalette(palette)
    QApplication.processEvents()
    return styled_app


def _max_contrast(image, rect: QRect, against: QColor) -> float:
    return max(theme.contrast(QColor(image.pixel(x, y)), against)
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))


def test_dark_palette_keeps_marks_titles_and_prompts_readable(dark_app):
    assert theme.is_dark()
    colours = theme.colours()
    assert colours is theme.DARK and colours["problem_bg"] in theme.problem_sheet()  # they follow the palette
    window = QColor(DARK["Window"])
    for name in ("title", "problem_text", "ok_text", "hint"):
        assert theme.contrast(QColor(colours[name]), window) >= 4.5, name
    assert theme.contrast(QColor(colours["problem_fg"]), QColor(colours["problem_bg"])) >= 7
    assert theme.contrast(QColor(colours["prompt_fg"]), QColor(colours["prompt_bg"])) >= 7


def test_unticked_box_shows_on_a_dark_palette(dark_app, qtbot):
    box = QCheckBox("Surgery")
    qtbot.addWidget(box)
    box.show()
    QApplication.processEvents()
    image = box.grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    assert _max_contrast(image, indicator, QColor(DARK["Window"])) >= 3


@pytest.mark.parametrize("dark", [False, True])
def test_unticked_cell_shows_in_a_table(styled_app, qtbot, request, dark):
    if dark:
        request.getfixturevalue("dark_app")
    table = QTableWidget(1, 1)
    qtbot.addWidget(table)
    item = QTableWidgetItem()
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Unchecked)
    table.setItem(0, 0, item)
    table.show()
    QApplication.processEvents()
    cell = table.visualItemRect(item)
    image = table.viewport().grab().toImage()
    base = table.palette().color(QPalette.ColorRole.Base)
    assert _max_contrast(image, QRect(cell.left(), cell.top(), min(24, cell.width()), cell.height()), base) >= 2.5


def test_problem_mark_is_readable_in_the_dark_window(dark_app, qtbot, preferences, board):
    from boardtool.gui.document import BoardDocument
    from boardtool.gui.main_window import MainWindow

    win = MainWindow(preferences, BoardDocument(board))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    field = win.editor.widget_for("question")
    win.doc.edit(win.doc.board.cases[0].id, "question", "")
    win.check_now()
    assert field.property("problem") is True
    QApplication.processEvents()
    image = field.grab().toImage()
    background = QColor(image.pixel(field.width() // 2, field.height() - 6))
    assert theme.contrast(background, QColor(theme.colours()["problem_fg"])) >= 7
    win.doc.undo_stack.setClean()


def test_ctrl_z_in_a_text_field_undoes_the_boards_last_edit(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    site = window.editor.widget_for("primary_site")
    before = case.primary_site
    site.setFocus()
    qtbot.keyClick(site, Qt.Key.Key_End)
    qtbot.keyClicks(site, " (left)")
    mrn = window.editor.widget_for("patient.mrn")
    mrn.setFocus()
    qtbot.keyClick(mrn, Qt.Key.Key_End)
    qtbot.keyClicks(mrn, "-B")
    assert case.patient.mrn.endswith("-B")
    qtbot.keyClick(mrn, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # focus still in the MRN field
    assert not case.patient.mrn.endswith("-B") and mrn.text() == case.patient.mrn
    qtbot.keyClick(mrn, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert case.primary_site == before and site.text() == before
    qtbot.keyClick(mrn, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert case.primary_site == before + " (left)"
    notes = window.editor.widget_for("symptoms")
    notes.setFocus()
    qtbot.keyClicks(notes, "x")
    qtbot.keyClick(notes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert notes.toPlainText() == case.symptoms and not case.symptoms.startswith("x")


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def _page_mnemonics(page) -> list[tuple[str, str]]:
    found = []
    for widget in page.findChildren(QAbstractButton) + page.findChildren(QLabel):
        if widget.isVisibleTo(page) and _mnemonic(widget.text()):
            found.append((_mnemonic(widget.text()), widget.text()))
    return found


def test_mnemonics_are_unique_on_every_page(window):
    window.resize(1366, 768)
    always = [(_mnemonic(a.text()), a.text()) for a in window.menuBar().actions() if _mnemonic(a.text())]
    always += _page_mnemonics(window.agenda)
    always += [(_mnemonic(window.editor.tabText(i)), window.editor.tabText(i))
               for i in range(window.editor.count()) if _mnemonic(window.editor.tabText(i))]
    for index in range(len(window.doc.board.cases)):
        select_case(window, index)
        for name, page in pages(window):
            keys = always + _page_mnemonics(page)
            letters = [key for key, _text in keys]
            clashes = sorted({text for key, text in keys if letters.count(key) > 1})
            assert clashes == [], f"{name}: {clashes}"
    assert _mnemonic("&File") == "f" and "f" not in [_mnemonic(b.text()) for b in window.editor.plan.findChildren(QAbstractButton)]


def _has_colour(image, colour: QColor, rect: QRect, tolerance: int = 40) -> bool:
    """Return True when some pixel of ``rect`` is close to ``colour`` (text is anti-aliased)."""
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            pixel = QColor(image.pixel(x, y))
            if sum(abs(a - b) for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3], strict=True)) <= tolerance:
                return True
    return False


@pytest.mark.parametrize("dark", [False, True])
def test_group_titles_are_drawn_in_the_title_colour(styled_app, qtbot, request, dark):
    if dark:
        request.getfixturevalue("dark_app")
    box = QGroupBox("Staging and diagnosis")
    QVBoxLayout(box).addWidget(QLabel("inside"))
    qtbot.addWidget(box)
    box.show()
    QApplication.processEvents()
    option = QStyleOptionGroupBox()
    box.initStyleOption(option)
    title = box.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, option,
                                       QStyle.SubControl.SC_GroupBoxLabel, box)
    image = box.grab().toImage()
    assert _has_colour(image, QColor(theme.colours()["title"]), title)
    assert title.width() >= box.fontMetrics().horizontalAdvance("Staging and diagnosis")  # bold is not clipped
    box.setEnabled(False)  # a locked group (a signed plan's) looks locked: its title is greyed
    QApplication.processEvents()
    assert not _has_colour(box.grab().toImage(), QColor(theme.colours()["title"]), title)


def test_marks_and_labels_follow_a_palette_switch_in_an_open_window(styled_app, qtbot, preferences, board):
    from boardtool.gui.document import BoardDocument
    from boardtool.gui.main_window import MainWindow

    win = MainWindow(preferences, BoardDocument(board))
    qtbot.addWidget(win)
    win.show()
    field = win.editor.widget_for("question")
    win.doc.edit(win.doc.board.cases[0].id, "question", "")
    win.check_now()
    hints = [label for label in win.findChildren(QLabel) if label.objectName() == "hint"]
    prompts = [label for label in win.findChildren(QLabel) if label.objectName() == "prompt"]
    assert field.property("problem") is True and hints and prompts
    assert theme.LIGHT["problem_bg"] in field.styleSheet()
    assert hints[0].palette().color(QPalette.ColorRole.WindowText) == QColor(theme.LIGHT["hint"])
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    styled_app.setPalette(palette)
    QApplication.processEvents()
    assert theme.DARK["problem_bg"] in field.styleSheet()
    assert all(h.palette().color(QPalette.ColorRole.WindowText) == QColor(theme.DARK["hint"]) for h in hints)
    assert all(theme.DARK["prompt_bg"] in p.styleSheet() for p in prompts)
    win.doc.edit(win.doc.board.cases[0].id, "question", "What next?")
    win.check_now()
    assert field.property("problem") is False and field.styleSheet() == ""
    # The window is styled field by field: an application-wide style sheet would send every widget
    # through Qt's style sheet engine, which triples the time a large board takes to open.
    assert styled_app.styleSheet() == ""
    win.doc.undo_stack.setClean()


@pytest.mark.parametrize("dark", [False, True])
def test_every_label_with_a_role_is_drawn_in_its_colour(styled_app, qtbot, request, dark, preferences, board):
    if dark:
        request.getfixturevalue("dark_app")
    from boardtool.gui.document import BoardDocument
    from boardtool.gui.main_window import MainWindow

    win = MainWindow(preferences, BoardDocument(board))
    qtbot.addWidget(win)
    win.show()
    QApplication.processEvents()
    labels = [label for label in win.findChildren(QLabel) if label.objectName() in theme.LABEL_COLOURS]
    assert any(label.isVisible() and label.text() for label in labels)  # the quorum line, at least
    for label in labels:
        wanted = QColor(theme.colours()[theme.LABEL_COLOURS[label.objectName()]])
        assert label.palette().color(QPalette.ColorRole.WindowText) == wanted, (label.objectName(), label.text())


def test_the_mouse_wheel_scrolls_the_form_and_never_changes_a_list(styled_app, window, qtbot):
    """Scrolling a form over a drop-down list (a stage, a status) must not choose another value."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    window.resize(1366, 600)
    select_case(window, 0)
    window.show_case_tab(1)
    combo = window.editor.widget_for("disease_status")
    before = combo.currentIndex()
    stored = window.doc.board.cases[0].disease_status
    for focused in (False, True):
        if focused:
            combo.setFocus()
        for delta in (-120, 120, -120):
            centre = QPointF(combo.rect().center())
            wheel = QWheelEvent(centre, QPointF(combo.mapToGlobal(combo.rect().center())), QPoint(0, 0),
                                QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                Qt.ScrollPhase.NoScrollPhase, False)
            QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == before
    assert window.doc.board.cases[0].disease_status == stored
