"""Drafts on the dashboard's case list: their young people shown, as typed so far, and a
draft started by mistake discarded from the list (button or Delete), with a reason."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.models import CaseStatus
from app.services import cases
from app.services.workspace import Workspace
from app.ui.dashboard.widget import DashboardWidget
from app.ui.qt import Qt
from app.ui.wizard.discard import DiscardDraftDialog
from tests.helpers.dashboard import case_table, every_case, shown
from tests.helpers.ui import button_named, open_dialog, shown_texts
from tests.helpers.wizard_driver import type_text, ws

__all__ = ["ws"]  # fixtures

PEOPLE = [
    {"key": "a", "name": "Zoë O'Brien", "year_group": "Year 9", "roles": ["pictured"]},
    {"key": "b", "name": "Łukasz <b>Nowak</b>", "roles": ["received"]},
]


@pytest.fixture
def dashboard(qtbot: QtBot, ws: Workspace) -> Iterator[DashboardWidget]:
    dash = DashboardWidget(ws)
    qtbot.addWidget(dash)
    dash.resize(1366, 768)
    with qtbot.waitSignal(dash.loaded, timeout=20_000):
        dash.show()
    yield dash
    dash.wait_idle()


def reload(qtbot: QtBot, dash: DashboardWidget) -> None:
    with qtbot.waitSignal(dash.loaded, timeout=20_000):
        dash.refresh()


def choose(dash: DashboardWidget, case_id: int) -> None:
    row = shown(dash).row_of(case_id)
    assert row is not None
    case_table(dash).setFocus()
    case_table(dash).selectRow(row)


def test_a_drafts_young_people_show_in_the_case_list(
    qtbot: QtBot, ws: Workspace, dashboard: DashboardWidget
) -> None:
    draft = cases.create_case(ws)
    cases.save_draft_page(ws, draft.id, "incident", {"young_people": PEOPLE})
    empty = cases.create_case(ws)  # New incident, nothing typed yet
    reload(qtbot, dashboard)
    texts = {t[0]: t for t in shown_texts(dashboard, "Cases")}
    assert "Zoë O'Brien" in texts[draft.reference][1]
    assert "Łukasz <b>Nowak</b>" in texts[draft.reference][1]  # as typed, never markup
    assert texts[empty.reference][1] == ""
    row = next(r for r in every_case(dashboard).rows if r.id == draft.id)
    assert row.year_groups == ("Year 9",)
    # Found by name, as an open case is.
    assert "obrien" in row.search_text.replace("'", "")


def test_a_draft_started_by_mistake_is_discarded_from_the_case_list(
    qtbot: QtBot, ws: Workspace, dashboard: DashboardWidget
) -> None:
    keep = cases.create_case(ws)
    cases.save_draft_page(ws, keep.id, "incident", {"young_people": PEOPLE})
    mistake = cases.create_case(ws)
    reload(qtbot, dashboard)
    discard = button_named(dashboard, "Discard this draft…", visible=False)
    assert not discard.isVisible()  # nothing chosen yet

    choose(dashboard, mistake.id)
    assert discard.isVisible()
    assert discard.accessibleName() == f"Discard draft {mistake.reference} (case list)"
    qtbot.keyClick(case_table(dashboard), Qt.Key.Key_Delete)
    dialog = open_dialog(dashboard)
    assert isinstance(dialog, DiscardDraftDialog)
    assert mistake.reference in dialog.windowTitle()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel: nothing changes
    assert not dialog.isVisible()
    assert {d.id for d in cases.list_drafts(ws)} == {keep.id, mistake.id}

    choose(dashboard, mistake.id)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    dialog = open_dialog(dashboard)
    assert isinstance(dialog, DiscardDraftDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reason yet
    assert dialog.message.text() == cases.DISCARD_REASON_MISSING
    assert {d.id for d in cases.list_drafts(ws)} == {keep.id, mistake.id}
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, "Pressed New incident by mistake.")
    with qtbot.waitSignal(dashboard.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [d.id for d in cases.list_drafts(ws)] == [keep.id]
    assert mistake.id not in [r.id for r in every_case(dashboard).rows]
    assert dashboard.message.text() == (
        f"Draft {mistake.reference} was discarded. Its pages were deleted."
    )
    # The draft kept is still a draft, and can still be discarded from the list.
    choose(dashboard, keep.id)
    assert discard.isVisible()
    case = cases.load_case(ws, keep.id, audit_view=False).case
    assert case.status == CaseStatus.DRAFT
