"""The app's look: big targets and the colour of hints and errors, inside the wizard's
own style sheet as well as outside it."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle
from pytestqt.qtbot import QtBot

from app.ui.qt import QApplication, QCheckBox, QLineEdit, QPushButton, QVBoxLayout, QWidget
from app.ui.widgets import (
    ERROR_COLOUR,
    GOOD_COLOUR,
    apply_look,
    link_button,
    plain_label,
    set_role,
)
from app.ui.wizard.style import STYLE as WIZARD_STYLE

BUTTON_HEIGHT, BUTTON_PADDING = 34, 18  # px: the app's style sheet
FIELD_HEIGHT, INDICATOR, FIELD_PADDING = 32, 20, 6
HINT_COLOUR = "#505a5f"


def _shown(qtbot: QtBot, sheet: str = "") -> tuple[QWidget, QVBoxLayout]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app)
    window = QWidget()
    window.setStyleSheet(sheet)
    column = QVBoxLayout(window)
    qtbot.addWidget(window)
    return window, column


def _show(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)


def test_targets_are_big_with_or_without_a_window_style_sheet(qtbot: QtBot) -> None:
    for sheet in ("", WIZARD_STYLE):
        window, column = _shown(qtbot, sheet)
        next_button, text_box, tick = QPushButton("Next"), QLineEdit(), QCheckBox("Sent it")
        primary, wrong = QPushButton("Finish"), QLineEdit()
        primary.setProperty("role", "primary")  # the wizard draws these itself
        wrong.setProperty("invalid", "true")
        for widget in (next_button, text_box, tick, primary, wrong):
            column.addWidget(widget)
        _show(qtbot, window)
        for button in (next_button, primary):
            assert button.height() >= BUTTON_HEIGHT + 8, sheet  # padding 4 px above, below
            text = button.fontMetrics().horizontalAdvance(button.text())
            assert button.width() >= text + 2 * BUTTON_PADDING, sheet
        for box in (text_box, wrong):
            assert box.height() >= FIELD_HEIGHT, sheet
        assert tick.height() >= FIELD_HEIGHT
        indicator = tick.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, tick)
        assert indicator == INDICATOR


def test_the_text_in_a_text_box_sits_clear_of_its_frame(qtbot: QtBot) -> None:
    window, column = _shown(qtbot)
    box = QLineEdit("Zoë")
    column.addWidget(box)
    _show(qtbot, window)
    image = box.grab().toImage()
    middle = image.height() // 2
    inked = [x for x in range(image.width()) if image.pixelColor(x, middle).lightness() < 128]
    assert inked and inked[0] >= FIELD_PADDING  # not against the frame's edge


def test_hints_errors_and_good_news_show_in_their_colours_and_change_back(qtbot: QtBot) -> None:
    window, column = _shown(qtbot, WIZARD_STYLE)
    plain = plain_label("Typed as it is")
    hint = plain_label("Dashes and spaces do not matter.", "hint")
    error = plain_label("Enter the recovery key.", "error")
    for label in (plain, hint, error):
        column.addWidget(label)
    column.addWidget(link_button("Show all"))
    _show(qtbot, window)

    def colour(label: QWidget) -> str:
        return label.palette().color(label.foregroundRole()).name()

    assert colour(hint) == HINT_COLOUR
    assert colour(error) == ERROR_COLOUR and error.font().bold()
    assert colour(plain) not in (HINT_COLOUR, ERROR_COLOUR, GOOD_COLOUR) and not plain.font().bold()
    set_role(error, "good")  # a message that was an error, now good news
    assert colour(error) == GOOD_COLOUR and not error.font().bold()
    set_role(error, "")
    assert colour(error) == colour(plain) and not error.font().bold()
