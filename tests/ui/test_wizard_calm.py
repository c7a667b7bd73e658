"""Calm wizard screens at a school laptop's size (1366x768 less a title bar and a taskbar):
a one-line banner, errors brought fully into view, nothing jumping under the cursor, radio
groups that behave as radio groups, Remove with Undo, and a neutral title while hidden."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.services import cases
from app.services.workspace import Workspace
from app.ui.qt import QApplication, QLabel, QPoint, QRect, Qt, QWidget
from app.ui.security.lock import LOCKED_TITLE, LockController
from app.ui.wizard.banner import HIDE_WHY_NAME, SHOW_WHY_NAME
from app.ui.wizard.editors import ChoiceEditor, GroupEditor
from app.ui.wizard.page import PageView
from tests.helpers.wizard_driver import Driver, make_wizard, ws
from tests.helpers.wizard_pages import experimental_in_school

__all__ = ["make_wizard", "ws"]  # fixtures

LAPTOP = (1366, 680)  # 768 less a taskbar; the title bar is the frame's


def saved_case(ws: Workspace, pages: dict[str, dict[str, Any]]) -> int:
    case_id = cases.create_case(ws).id
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values)
    return case_id


@pytest.fixture
def complete(make_wizard: Callable[..., Driver], ws: Workspace) -> Driver:
    d = make_wizard(saved_case(ws, experimental_in_school()))
    d.w.resize(LAPTOP[0], LAPTOP[1] - 40)
    return d


def settle(qtbot: QtBot) -> None:
    qtbot.wait(20)
    for _ in range(3):
        QApplication.processEvents()


def in_view(view: PageView, widget: QWidget) -> bool:
    """True when all of `widget` is inside the page's visible area."""
    port = view.scroller.viewport()
    at = widget.mapTo(port, QPoint(0, 0))
    return port.rect().contains(QRect(at, widget.size()))


def y_in_view(view: PageView, widget: QWidget) -> int:
    return widget.mapTo(view.scroller.viewport(), QPoint(0, 0)).y()


# -- the banner ---------------------------------------------------------------------------


def test_the_banner_is_one_line_and_opens_by_keyboard(complete: Driver) -> None:
    d = complete
    d.w.go_to(1)
    settle(d.qtbot)
    banner = d.w.banner
    assert banner.isVisible() and banner.headline.text()
    assert banner.height() <= 3 * banner.headline.sizeHint().height()
    assert not banner.reasons.isVisible() and not banner.advice.isVisible()
    # Tab reaches it first on the page; Space opens it, with the reasons and advice.
    assert banner.toggle.accessibleName() == SHOW_WHY_NAME
    banner.toggle.setFocus()
    d.qtbot.keyClick(banner.toggle, Qt.Key.Key_Space)
    assert banner.advice.isVisible() and banner.advice.text()
    assert banner.toggle.accessibleName() == HIDE_WHY_NAME
    d.qtbot.keyClick(banner.toggle, Qt.Key.Key_Space)
    assert not banner.advice.isVisible()
    # Alt+W from anywhere on the page opens and closes it too.
    d.w.activateWindow()
    d.qtbot.waitUntil(d.w.isActiveWindow)
    # A mnemonic presses its button, briefly shown down: the click comes a moment later.
    d.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    d.qtbot.waitUntil(banner.advice.isVisible)
    d.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    d.qtbot.waitUntil(lambda: not banner.advice.isVisible())


def test_when_it_says_refer_the_contacts_are_one_line_under_the_headline(
    complete: Driver,
) -> None:
    d = complete
    d.w.go_to(1)
    d.choose("q_coercion_or_capacity", "yes")
    d.qtbot.waitUntil(lambda: d.w.banner.view == "refer", timeout=2000)
    settle(d.qtbot)
    banner = d.w.banner
    assert banner.contacts.isVisible()
    line = banner.contacts.text()
    assert "Police: 101" in line and "Emergency: 999" in line and "CEOP:" in line
    lines = banner.contacts.height() // banner.contacts.fontMetrics().lineSpacing()
    assert lines <= 2
    assert banner.height() < 140  # was about 380


# -- errors brought fully into view --------------------------------------------------------


def test_next_scrolls_the_whole_message_into_view_and_focuses_the_field(
    complete: Driver,
) -> None:
    d = complete
    d.w.go_to(1)  # the initial review: its last question is far below the fold
    edit = d.editor("decision_reason").edit  # type: ignore[attr-defined]
    edit.clear()
    view = d.w.pages[1]
    view.to_top()
    d.click(d.w.next_button)
    assert d.page_id == "initial_review"
    row = view.form.rows["decision_reason"]
    assert row.errors.isVisible() and row.errors.text() == "This is required."
    settle(d.qtbot)
    assert QApplication.focusWidget() is edit
    assert in_view(view, row.errors), "the message is below the fold"
    assert in_view(view, edit)


# -- nothing jumps under the cursor ----------------------------------------------------------


def test_a_choice_that_changes_the_page_keeps_the_focused_option_still(
    complete: Driver,
) -> None:
    d = complete
    d.w.go_to(1)
    view = d.w.pages[1]
    editor = d.editor("q_immediate_risk")
    assert isinstance(editor, ChoiceEditor)
    yes = dict(editor.buttons)["yes"]
    yes.setFocus()
    view.scroll_to_question(yes)
    settle(d.qtbot)
    before = y_in_view(view, yes)
    d.qtbot.keyClick(yes, Qt.Key.Key_Space)  # reveals a note box and turns the banner red
    d.qtbot.waitUntil(lambda: d.w.banner.view == "refer", timeout=2000)
    settle(d.qtbot)
    assert not view.form.rows["q_immediate_risk_note"].isHidden()
    assert y_in_view(view, yes) == before
    # The question revealed comes below the choice.
    note = view.form.rows["q_immediate_risk_note"]
    assert y_in_view(view, note) > before


# -- radio groups ------------------------------------------------------------------------------


def test_an_arrow_on_an_unanswered_choice_chooses_where_it_moves(
    make_wizard: Callable[..., Driver],
) -> None:
    d = make_wizard()
    editor = d.editor("adults_involved")
    assert isinstance(editor, ChoiceEditor)
    buttons = dict(editor.buttons)
    first = editor.buttons[0][1]
    first.setFocus()
    assert editor.value() == ""
    d.qtbot.keyClick(first, Qt.Key.Key_Right)
    focused = QApplication.focusWidget()
    assert focused is not first and focused in buttons.values()
    assert focused.isChecked()  # type: ignore[union-attr]
    assert d.values()["adults_involved"] == editor.value() != ""


# -- Remove, with Undo --------------------------------------------------------------------------


def test_remove_offers_undo_which_puts_the_record_back_as_it_was(complete: Driver) -> None:
    d = complete
    d.w.go_to(0)
    group = d.editor("young_people")
    assert isinstance(group, GroupEditor)
    before = d.values()["young_people"]
    first = group.items[0]
    d.click(first.remove)
    assert len(group.items) == 1
    assert group.undo_bar.isVisible()
    assert group.undo_text.text() == "Young person 1: Zoë O'Brien removed."
    assert QApplication.focusWidget() is group.undo_button
    assert group.undo_button.accessibleName() == "Undo removing Young person 1: Zoë O'Brien"
    d.qtbot.keyClick(group.undo_button, Qt.Key.Key_Space)
    assert d.values()["young_people"] == before  # same order, same keys, same answers
    assert not group.undo_bar.isVisible()
    assert QApplication.focusWidget() is group.items[0].remove


def test_undo_goes_with_the_next_add(complete: Driver) -> None:
    d = complete
    d.w.go_to(0)
    group = d.editor("young_people")
    assert isinstance(group, GroupEditor)
    d.click(group.items[1].remove)
    assert group.undo_bar.isVisible()
    d.click(group.add_button)
    assert not group.undo_bar.isVisible() and len(group.items) == 2


def test_alt_u_undoes_a_removal_from_the_keyboard(complete: Driver) -> None:
    d = complete
    d.w.go_to(0)
    group = d.editor("young_people")
    assert isinstance(group, GroupEditor)
    before = d.values()["young_people"]
    d.w.activateWindow()
    d.qtbot.waitUntil(d.w.isActiveWindow)
    d.click(group.items[0].remove)
    group.add_button.setFocus()  # the DSL has moved on, then thinks better of it
    d.qtbot.keyClick(group.add_button, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    d.qtbot.waitUntil(lambda: not group.undo_bar.isVisible())
    assert d.values()["young_people"] == before


# -- the title while hidden -------------------------------------------------------------------


@pytest.fixture
def lock(qtbot: QtBot) -> Iterator[LockController]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    made = LockController(app, 5, lambda password: password == "open")
    yield made
    made.stop()


def test_hide_now_leaves_no_case_in_the_title_even_when_the_draft_is_first_saved(
    make_wizard: Callable[..., Driver], lock: LockController
) -> None:
    d = make_wizard()
    lock.locked.connect(lambda: d.w.autosave.flush())  # as the app does: save the typing
    d.type("summary", "Started typing")
    assert d.w.case_id is None  # not saved yet
    lock.hide_now()
    assert d.w.case_id is not None  # saved while hidden
    assert d.w.windowTitle() == LOCKED_TITLE
    assert lock.try_unlock("open")
    assert d.w.windowTitle() == f"New incident {d.w.reference} — Casebook"


# -- dates and times ------------------------------------------------------------------------


def test_today_fills_the_date_only_and_waits_for_the_time(
    make_wizard: Callable[..., Driver],
) -> None:
    d = make_wizard()
    editor = d.editor("came_to_light_at")
    button = editor.now  # type: ignore[attr-defined]
    assert button is not None and button.text() == "Today"
    assert button.accessibleName() == "Today: When did it come to light?"
    d.click(button)
    edit = editor.edit  # type: ignore[attr-defined]
    today = date.today().strftime("%d/%m/%Y")
    assert edit.text().strip() == today  # no time of typing filled in for the DSL
    assert QApplication.focusWidget() is edit
    assert edit.cursorPosition() == len(edit.text())
    d.qtbot.keyClicks(edit, "07:45")
    assert d.values()["came_to_light_at"].strip() == f"{today} 07:45"
    hints = [label.text() for label in d.w.pages[0].findChildren(QLabel)]
    assert any("leave out the time if it is not known" in h for h in hints)


# -- a school laptop's screen ---------------------------------------------------------------


def test_every_page_fits_1366_by_680_with_its_buttons_in_view(complete: Driver) -> None:
    d = complete
    width, height = LAPTOP[0] - 16, LAPTOP[1] - 40  # less the window's frame and title bar
    d.w.resize(width, height)
    for index in range(len(d.w.pages)):
        d.w.go_to(index)
        settle(d.qtbot)
        assert (d.w.width(), d.w.height()) == (width, height), "the wizard will not shrink"
        window = d.w.rect()
        buttons = [d.w.close_button, d.w.guidance_button, d.w.back_button]
        buttons.append(d.w.finish_button if index == len(d.w.pages) - 1 else d.w.next_button)
        for button in buttons:
            assert button.isVisible(), button.text()
            place = QRect(button.mapTo(d.w, QPoint(0, 0)), button.size())
            assert window.contains(place), f"page {index + 1}: {button.text()} is cut off"
            assert button.width() >= button.sizeHint().width() - 1, button.text()
        # With the banner on one line the questions keep most of the page.
        view = d.w.pages[index]
        assert view.scroller.viewport().height() >= height - 120
        if index >= 1:
            assert d.w.banner.height() <= 0.25 * view.scroller.viewport().height()
