"""The signed-in window on small screens: a 1024x600 netbook, 1280x660, 1366x680.

The demo database is a training one (so the yellow banner takes its height too)
with a draft waiting (so the drafts strip is in the toolbar): the tightest case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.models import CaseStatus
from app.services import dashboard as dashboard_service
from app.services.workspace import Workspace
from app.ui.dashboard import DashboardWidget
from app.ui.dashboard.model import PEOPLE
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QLineEdit, Qt, QTableView, isValid
from app.ui.widgets import apply_look, strip_mnemonic
from tests.helpers.dashboard import case_table, date_box, search_box, today_list
from tests.helpers.ui import button_named, record_shown
from tests.ui.test_dashboard import demo_template, demo_ws, make_dashboard  # noqa: F401

ROW = 32


@pytest.fixture
def main_window(qtbot: QtBot, demo_ws: Workspace) -> Iterator[MainWindow]:  # noqa: F811
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app)
    window = MainWindow(demo_ws)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.dashboard.loaded, timeout=20_000):
        window.show()
    yield window
    window.dashboard.wait_idle()


def _at(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    window.showNormal()
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size().toTuple() == (width, height), timeout=5_000)
    qtbot.wait(50)


def _rows(view: object) -> float:
    assert isinstance(view, QTableView)
    return view.viewport().height() / view.verticalHeader().defaultSectionSize()


def _shows_its_hint(edit: QLineEdit) -> bool:
    return edit.width() >= edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 12


def test_the_window_fits_a_1024x600_screen(main_window: MainWindow) -> None:
    hint = main_window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 600, hint


def test_at_1024x600_five_cases_the_search_hint_and_sign_out_are_in_view(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    _at(qtbot, main_window, 1024, 600)
    dash = main_window.dashboard
    assert dash.filters_in_two_rows  # the dates wrap onto a second row
    assert _rows(case_table(dash)) >= 5
    assert _rows(today_list(dash)) >= 1  # what is due today is still seen
    assert _shows_its_hint(search_box(dash))
    for label in ("Opened from", "Opened to"):
        assert _shows_its_hint(date_box(dash, label))
    clear = button_named(dash, "Clear filters")
    assert clear.mapTo(dash, clear.rect().topRight()).x() < dash.width()
    # Nothing of the toolbar is pushed out of sight (behind its » menu).
    toolbar = main_window.toolbar
    for action in toolbar.actions():
        widget = toolbar.widgetForAction(action)
        if action.isVisible() and widget is not None:
            assert widget.isVisible(), action.text()
    # The young people's names keep a readable column.
    assert case_table(dash).columnWidth(PEOPLE) >= 150


@pytest.mark.parametrize("size", [(1280, 660), (1366, 680), (1366, 768)])
def test_today_and_the_cases_share_the_height(
    qtbot: QtBot, main_window: MainWindow, size: tuple[int, int]
) -> None:
    _at(qtbot, main_window, *size)
    dash = main_window.dashboard
    assert _rows(case_table(dash)) >= 5
    assert _rows(today_list(dash)) >= 2  # was one row at 1280x660
    assert _shows_its_hint(search_box(dash))


def test_wide_again_the_filters_take_one_row_and_today_its_full_title(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    _at(qtbot, main_window, 1024, 600)
    _at(qtbot, main_window, 1600, 900)
    dash = main_window.dashboard
    assert not dash.filters_in_two_rows
    assert strip_mnemonic(dash.today.title.text()) == "What needs you today"
    assert dash.today.title.accessibleName() == "What needs you today"
    # Room enough, the drafts strip says when the draft was last saved.
    assert "last saved" in main_window.drafts_panel.text.text()
    _at(qtbot, main_window, 1024, 600)
    assert "last saved" not in main_window.drafts_panel.text.text()
    assert "last saved" in main_window.drafts_panel.text.toolTip()
    assert strip_mnemonic(dash.today.title.text()) == "Due today"
    # Back from a wide window (one row of filters), five cases still show.
    assert _rows(case_table(dash)) >= 5
    # Back from a tall window, both lists still show whole rows only.
    for view in (today_list(dash), case_table(dash)):
        assert _rows(view) >= 1
    assert _rows(today_list(dash)) == int(_rows(today_list(dash)))


def test_a_date_that_is_not_real_says_so_and_clear_filters_clears_it(
    qtbot: QtBot,
    demo_ws: Workspace,  # noqa: F811
    make_dashboard: Callable[[Workspace], DashboardWidget],  # noqa: F811
) -> None:
    dash = make_dashboard(demo_ws)
    box = date_box(dash, "Opened from")
    qtbot.keyClicks(box, "31/02/2025")
    box.editingFinished.emit()
    assert dash.filter_message.isVisible()
    assert dash.filter_message.text() == (
        "Opened from: 31/02/2025 is not a real date. Check the day and the month."
    )
    box.clear()
    qtbot.keyClicks(box, "Feb 2025")
    box.editingFinished.emit()
    assert dash.filter_message.text() == "Opened from: enter a date as DD/MM/YYYY."
    qtbot.mouseClick(button_named(dash, "Clear filters"), Qt.MouseButton.LeftButton)
    assert not dash.filter_message.isVisible()
    assert box.text() == ""
    assert dash.current_filter().opened_from is None


def test_esc_closes_a_case_tab_as_ctrl_w_does_but_not_the_dashboard(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    dash = main_window.dashboard
    case_id = dash.shown_case_ids()[0]
    case = main_window.open_case_file(case_id)
    assert case is not None and main_window.tabs.count() == 2
    qtbot.waitUntil(case.isVisible, timeout=5_000)
    case.tabs.setFocus()
    qtbot.keyClick(case.tabs, Qt.Key.Key_Escape)
    assert main_window.tabs.count() == 1
    assert main_window.tabs.currentWidget() is dash
    assert main_window.case_files == {}
    qtbot.keyClick(search_box(dash), Qt.Key.Key_Escape)  # the dashboard stays
    assert main_window.tabs.count() == 1


def test_esc_in_a_case_s_dialog_closes_only_the_dialog(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    row = next(
        r for r in dashboard_service.case_rows(main_window.ws) if r.status == CaseStatus.OPEN
    )
    case = main_window.open_case_file(row.id)
    assert case is not None
    record_shown(qtbot, case)
    case.add_review()
    dialog = case.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    dialog.activateWindow()  # as the window manager does for a dialog that opens
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=5_000)
    assert main_window.tabs.count() == 2 and main_window.current_case() is case
