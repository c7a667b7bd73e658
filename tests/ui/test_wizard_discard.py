"""Discarding a draft from the wizard and from the dashboard's Today panel, as a DSL would:
a reason is asked for, the warning says what goes, and Cancel changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.models import CaseStatus
from app.services import cases
from app.services.workspace import Workspace
from app.ui.dashboard.widget import DashboardWidget
from app.ui.qt import Qt
from app.ui.wizard.discard import DiscardDraftDialog
from tests.helpers.dashboard import every_case, today_items, today_list
from tests.helpers.ui import button_named, open_dialog
from tests.helpers.wizard_driver import Driver, make_wizard, type_text, ws

__all__ = ["make_wizard", "ws"]  # fixtures

REASON = "Started by mistake: this was a test."


def fill_and_discard(qtbot: QtBot, dialog: DiscardDraftDialog, reason: str) -> None:
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, reason)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_the_wizard_discards_its_draft_with_a_reason_and_cancel_changes_nothing(
    qtbot: QtBot, make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    assert not d.w.discard_button.isVisible()  # nothing typed yet: nothing to discard
    d.type("summary", "Typed into the wrong screen")
    assert d.w.autosave.flush()
    reference = d.w.reference
    assert d.w.discard_button.isVisible()
    assert d.w.discard_button.accessibleName() == "Discard this draft…"

    d.click(d.w.discard_button)
    dialog = open_dialog(d.w)
    assert isinstance(dialog, DiscardDraftDialog) and dialog.isVisible()
    assert dialog.windowTitle() == f"Discard draft {reference}?"
    assert "will be deleted and cannot be brought back" in dialog.intro.text()
    assert reference in dialog.intro.text()
    qtbot.waitUntil(dialog.reason.hasFocus, timeout=3000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and d.w.isVisible()
    assert [x.reference for x in cases.list_drafts(ws)] == [reference]
    assert "Typed into" in cases.draft_pages(ws, d.w.case_id)["incident"]["summary"]

    d.click(d.w.discard_button)
    dialog = open_dialog(d.w)
    assert isinstance(dialog, DiscardDraftDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reason given
    assert dialog.isVisible()
    assert dialog.message.text() == cases.DISCARD_REASON_MISSING
    assert cases.list_drafts(ws) != []

    gone: list[str] = []
    d.w.draft_discarded.connect(gone.append)
    kept: list[str] = []
    d.w.draft_kept.connect(kept.append)
    fill_and_discard(qtbot, dialog, REASON)
    assert gone == [reference] and kept == []
    assert not d.w.isVisible()
    assert cases.list_drafts(ws) == []
    assert cases.draft_pages(ws, d.w.case_id) == {}


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


def test_today_discards_the_chosen_draft_with_the_delete_key(
    qtbot: QtBot, ws: Workspace, dashboard: DashboardWidget
) -> None:
    assert not button_named(
        dashboard, "Discard draft…", visible=False
    ).isVisible()  # no drafts: no button
    keep = cases.create_case(ws)
    cases.save_draft_page(ws, keep.id, "incident", {"summary": "a real one"})
    mistake = cases.create_case(ws)
    cases.save_draft_page(ws, mistake.id, "incident", {"summary": "by mistake"})
    reload(qtbot, dashboard)
    assert button_named(dashboard, "Discard draft…", visible=False).isVisible()
    assert not button_named(
        dashboard, "Discard draft…", visible=False
    ).isEnabled()  # until a draft is chosen

    row = next(
        n
        for n in range(today_items(dashboard).rowCount())
        if today_items(dashboard).item(n).case_id == mistake.id
    )
    today_list(dashboard).setFocus()
    today_list(dashboard).selectRow(row)
    assert button_named(dashboard, "Discard draft…", visible=False).isEnabled()
    assert (
        button_named(dashboard, "Discard draft…", visible=False).accessibleName()
        == f"Discard draft {mistake.reference}"
    )
    qtbot.keyClick(today_list(dashboard), Qt.Key.Key_Delete)
    dialog = open_dialog(dashboard)
    assert isinstance(dialog, DiscardDraftDialog) and dialog.isVisible()
    assert mistake.reference in dialog.windowTitle()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel
    assert not dialog.isVisible()
    assert len(cases.list_drafts(ws)) == 2

    today_list(dashboard).selectRow(row)
    qtbot.mouseClick(
        button_named(dashboard, "Discard draft…", visible=False), Qt.MouseButton.LeftButton
    )
    dialog = open_dialog(dashboard)
    assert isinstance(dialog, DiscardDraftDialog)
    with qtbot.waitSignal(dashboard.loaded, timeout=20_000):
        fill_and_discard(qtbot, dialog, REASON)
    assert [x.id for x in cases.list_drafts(ws)] == [keep.id]
    assert mistake.id not in [i.case_id for i in today_items(dashboard).items]
    assert mistake.id not in [r.id for r in every_case(dashboard).rows]
    assert dashboard.message.text() == (
        f"Draft {mistake.reference} was discarded. Its pages were deleted."
    )
    assert all(r.status != CaseStatus.DISCARDED for r in every_case(dashboard).rows)
