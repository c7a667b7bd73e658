"""A deputy given a first password by the DSL chooses their own before the dashboard,
with no "Not now"; and failed sign-ins in the window reach the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.errors import WrongPassword
from app.services import accounts, audit, workspace
from app.services.workspace import Workspace
from app.ui.login import OWN_NEEDED, OWN_TITLE, LoginWindow, StrongerPasswordDialog
from app.ui.qt import QPushButton, Qt
from tests.helpers.ui import PASSWORD, USERNAME, assert_accessible, button_named

DEPUTY, DEPUTY_NAME, FIRST = "apatel", "Asha Patel", "Lighthouse meadow 17"
OWN = "Orchard pebble canyon 8"


@pytest.fixture
def first_db(db_path: Path, make_db: Callable[..., str]) -> Path:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    try:
        accounts.add_account(ws, DEPUTY, DEPUTY_NAME, FIRST)
    finally:
        ws.close()
    return db_path


def make_login(qtbot: QtBot, db_path: Path, username: str = DEPUTY) -> LoginWindow:
    window = LoginWindow(db_path, username)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def try_password(qtbot: QtBot, w: LoginWindow, password: str) -> None:
    w.password.clear()
    qtbot.keyClicks(w.password, password)
    qtbot.keyClick(w.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not w.signing_in, timeout=20_000)


def first_step(
    qtbot: QtBot, db_path: Path, got: list[Workspace]
) -> tuple[LoginWindow, StrongerPasswordDialog]:
    w = make_login(qtbot, db_path)
    w.signed_in.connect(got.append)
    try_password(qtbot, w, FIRST)
    dialog = w.stronger_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return w, dialog


def test_a_deputy_chooses_their_own_password_before_the_dashboard(
    qtbot: QtBot, first_db: Path, opened: list[Workspace]
) -> None:
    got: list[Workspace] = []
    _w, dialog = first_step(qtbot, first_db, got)
    assert dialog.windowTitle() == OWN_TITLE
    assert_accessible(dialog)
    texts = [b.text().replace("&", "") for b in dialog.findChildren(QPushButton)]
    assert "Not now" not in texts and "Cancel" in texts  # no way past it
    assert got == []
    # Their first password again is not a password of their own.
    qtbot.keyClicks(dialog.passwords.password, FIRST)
    qtbot.keyClicks(dialog.passwords.confirm, FIRST)
    qtbot.keyClick(dialog.passwords.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    assert dialog.message.text() == accounts.SAME_PASSWORD
    assert got == [] and dialog.isVisible()

    dialog.passwords.clear()
    qtbot.keyClicks(dialog.passwords.password, OWN)
    qtbot.keyClicks(dialog.passwords.confirm, OWN)
    qtbot.keyClick(dialog.passwords.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(got), timeout=20_000)
    opened.extend(got)
    assert not accounts.must_change_password(got[0])
    got[0].close()
    opened.clear()
    with pytest.raises(WrongPassword):
        workspace.unlock(first_db, DEPUTY, FIRST)
    # Next time, straight in.
    again: list[Workspace] = []
    w2 = make_login(qtbot, first_db)
    w2.signed_in.connect(again.append)
    try_password(qtbot, w2, OWN)
    opened.extend(again)
    assert len(again) == 1 and w2.stronger_dialog is None


@pytest.mark.parametrize("how", ["cancel", "escape"])
def test_cancel_signs_them_out_again_and_the_dashboard_stays_shut(
    qtbot: QtBot, first_db: Path, opened: list[Workspace], how: str
) -> None:
    got: list[Workspace] = []
    w, dialog = first_step(qtbot, first_db, got)
    if how == "cancel":
        qtbot.mouseClick(button_named(dialog, "Cancel"), Qt.MouseButton.LeftButton)
    else:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert got == []
    assert not dialog.isVisible()
    assert w.message.text() == OWN_NEEDED
    assert w.focusWidget() is w.password  # ready to sign in again
    # The workspace was closed: the database opens again at once, still to be changed.
    ws = workspace.unlock(first_db, DEPUTY, FIRST)
    opened.append(ws)
    assert accounts.must_change_password(ws)


def test_a_wrong_password_in_the_window_is_in_the_trail_after_the_next_sign_in(
    qtbot: QtBot, first_db: Path, opened: list[Workspace]
) -> None:
    w = make_login(qtbot, first_db, USERNAME)
    got: list[Workspace] = []
    w.signed_in.connect(got.append)
    try_password(qtbot, w, "not my password at all")
    assert w.message.text() == str(WrongPassword())
    assert "Nothing has been changed" not in w.message.text()
    try_password(qtbot, w, PASSWORD)
    qtbot.waitUntil(lambda: bool(got), timeout=20_000)
    opened.extend(got)
    with got[0].read() as s:
        failed = [e.detail for e in audit.entries_for(s) if e.action == audit.Action.FAILED_SIGN_IN]
    assert len(failed) == 1
    assert failed[0].startswith(f"failed sign-in as {USERNAME} at the sign-in window: ")
