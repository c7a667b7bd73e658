"""One "what changed" notification: a change made on one screen shows on every open one.

The screens here are made on their own, with nothing wired between them: only
app.ui.changes tells the dashboard, or another case file, what a case file wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from app.models import CaseStatus
from app.services.workspace import Workspace
from app.ui.casefile import CaseFileWindow
from app.ui.dashboard import DashboardWidget
from app.ui.dashboard.model import STATUS
from app.ui.qt import QPlainTextEdit, Qt, QWidget
from tests.helpers.ui import button_named, field, open_dialog, record_shown, shown_texts
from tests.ui import test_dashboard as shared
from tests.ui.test_casefile import first_case, same_child_in_two_cases

demo_template = shared.demo_template
demo_ws = shared.demo_ws
make_dashboard = shared.make_dashboard


def status_in(window: QWidget, table: str, reference: str, column: int) -> str:
    """The status the table `table` shows for case `reference`."""
    for row in shown_texts(window, table):
        if row[0] == reference:
            return row[column]
    raise AssertionError(f"{reference} is not in {table}")


def status_on_the_dashboard(dash: DashboardWidget, reference: str) -> str:
    return status_in(dash, "Cases", reference, STATUS)


def status_in_every_case(window: CaseFileWindow, reference: str) -> str:
    """On the Young people tab, among the other cases for this child."""
    return status_in(window, "Other cases for this child", reference, 2)


def move_to_monitoring(qtbot: QtBot, window: CaseFileWindow, then: Any) -> None:
    """Move the case to monitoring as the DSL does, and wait for `then`."""
    button_named(window, "Move to monitoring…").click()
    dialog = open_dialog(window)
    qtbot.keyClicks(field(dialog, "Reason for the change", QPlainTextEdit), "Support in place")
    with qtbot.waitSignal(then, timeout=20_000):
        qtbot.mouseClick(button_named(dialog, "Change status"), Qt.MouseButton.LeftButton)


def test_a_status_changed_in_a_case_file_shows_on_the_dashboard_without_being_told(
    qtbot: QtBot, demo_ws: Workspace, make_dashboard: Callable[[Workspace], DashboardWidget]
) -> None:
    row = first_case(demo_ws, CaseStatus.OPEN)
    dash = make_dashboard(demo_ws)
    assert status_on_the_dashboard(dash, row.reference) == "Open"
    window = CaseFileWindow(demo_ws, row.id)
    qtbot.addWidget(window)
    window.show()
    record_shown(qtbot, window)

    move_to_monitoring(qtbot, window, dash.loaded)  # nobody calls dash.refresh()
    assert status_on_the_dashboard(dash, row.reference) == "Monitoring"
    dash.wait_idle()


def test_a_status_changed_in_one_case_file_shows_in_another_for_the_same_child(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    here, there, _child = same_child_in_two_cases(demo_ws)
    windows = []
    for case_id in (here.id, there.id):
        window = CaseFileWindow(demo_ws, case_id)
        qtbot.addWidget(window)
        window.show()
        record_shown(qtbot, window)
        windows.append(window)
    looking, changing = windows
    looking.show_tab("Young people")
    assert status_in_every_case(looking, there.reference) == "Open"

    move_to_monitoring(qtbot, changing, looking.changed)  # nobody calls looking.load()
    assert status_in_every_case(looking, there.reference) == "Monitoring"
