"""Opening a draft and closing it with Esc, having changed nothing, leaves it as it was."""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot

from app.services import cases
from app.services.workspace import Workspace
from app.ui.qt import Qt
from app.ui.wizard.wizard import IncidentWizard
from tests.helpers.wizard_pages import experimental_in_school
from tests.ui.test_dashboard import demo_template, demo_ws  # noqa: F401


def _saved_at(ws: Workspace, case_id: int) -> object:
    [draft] = [d for d in cases.list_drafts(ws) if d.id == case_id]
    return draft.last_saved_at


@pytest.mark.parametrize("pages", [1, 2, 99])  # one page typed, two, every page
def test_esc_on_a_draft_with_nothing_changed_keeps_its_last_saved_time(
    qtbot: QtBot,
    demo_ws: Workspace,  # noqa: F811
    pages: int,
) -> None:
    case_id = cases.create_case(demo_ws).id
    for page, values in list(experimental_in_school().items())[:pages]:
        cases.save_draft_page(demo_ws, case_id, page, values)
    before = _saved_at(demo_ws, case_id)
    time.sleep(1.1)  # a save now would show as a later time
    wizard = IncidentWizard(demo_ws, case_id)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5_000)
    assert _saved_at(demo_ws, case_id) == before
