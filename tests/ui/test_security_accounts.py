"""Staff accounts: the DSL adds, resets and removes deputies; everyone changes their own."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.errors import SaveFailed, WrongPassword, WrongRecoveryKey
from app.security.keyslots import load_keyslots
from app.services import accounts, workspace
from app.services import workspace as workspace_module
from app.services.workspace import Workspace
from app.storage.paths import keyslots_path
from app.ui.qt import QApplication, QPushButton, Qt
from app.ui.security.accounts_dialog import AccountsDialog
from app.ui.security.accounts_pages import OWN_PASSWORD_MISSING
from tests.helpers.held import held, loop_runs_while_held
from tests.helpers.ui import PASSWORD, USERNAME, assert_accessible

DEPUTY = "apatel"
DEPUTY_NAME = "Asha Patel"
DEPUTY_PASSWORD = "Lighthouse meadow 17"
NEW_PASSWORD = "Orchard pebble canyon 8"


@pytest.fixture
def dsl(db_path: Path, make_db: Callable[..., str], opened: list[Workspace]) -> Workspace:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    return ws


def make_dialog(qtbot: QtBot, ws: Workspace) -> AccountsDialog:
    dialog = AccountsDialog(ws)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def signs_in(db_path: Path, username: str, password: str) -> bool:
    try:
        ws = workspace.unlock(db_path, username, password)
    except WrongPassword:
        return False
    ws.close()
    return True


def click(qtbot: QtBot, b: QPushButton) -> None:
    assert b.isVisible() and b.isEnabled(), b.text()
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


def settle(qtbot: QtBot, d: AccountsDialog) -> None:
    """Wait for the change made in the background to be shown."""
    qtbot.waitUntil(lambda: not d.working, timeout=20_000)


def go(qtbot: QtBot, d: AccountsDialog, b: QPushButton) -> None:
    click(qtbot, b)
    settle(qtbot, d)


def test_the_dsl_adds_a_deputy_who_can_then_sign_in(
    qtbot: QtBot, dsl: Workspace, db_path: Path
) -> None:
    d = make_dialog(qtbot, dsl)
    assert [m.username for m in d.staff] == [USERNAME]
    click(qtbot, d.add_button)
    assert d.current_page() is d.add_page
    assert QApplication.focusWidget() is d.add_name
    assert_accessible(d)
    qtbot.keyClicks(d.add_name, DEPUTY_NAME)
    qtbot.keyClicks(d.add_username, DEPUTY)
    qtbot.keyClicks(d.add_passwords.password, "short")
    go(qtbot, d, d.add_page.go)
    assert "at least 10 characters" in d.add_page.message.text()
    assert d.add_name.text() == DEPUTY_NAME  # refused, and nothing typed is lost
    assert [m.username for m in accounts.list_staff(dsl)] == [USERNAME]

    d.add_passwords.password.clear()
    qtbot.keyClicks(d.add_passwords.password, DEPUTY_PASSWORD)
    qtbot.keyClicks(d.add_passwords.confirm, DEPUTY_PASSWORD)
    assert d.add_passwords.strength.text().startswith("Strength: ")
    go(qtbot, d, d.add_page.go)
    assert d.current_page() is d.list_page
    assert d.list_message.text() == f"{DEPUTY_NAME} can now sign in as {DEPUTY}."
    assert d.selected() is not None and d.selected().username == DEPUTY  # type: ignore[union-attr]
    assert d.staff_list.currentItem().text() == f"{DEPUTY_NAME} ({DEPUTY}): Deputy DSL"
    assert d.add_passwords.value() == ""  # the password does not linger in the box
    dsl.close()
    assert signs_in(db_path, DEPUTY, DEPUTY_PASSWORD)


def test_the_dsl_resets_a_deputys_forgotten_password(
    qtbot: QtBot, dsl: Workspace, db_path: Path
) -> None:
    accounts.add_account(dsl, DEPUTY, DEPUTY_NAME, DEPUTY_PASSWORD)
    d = make_dialog(qtbot, dsl)
    d.select(USERNAME)
    assert not d.reset_button.isEnabled()  # not for one's own account
    d.select(DEPUTY)
    click(qtbot, d.reset_button)
    assert d.reset_page.title.text() == f"Reset the password for {DEPUTY_NAME}"
    qtbot.keyClicks(d.reset_passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(d.reset_passwords.confirm, NEW_PASSWORD)
    qtbot.keyClick(d.reset_passwords.confirm, Qt.Key.Key_Return)
    # The DSL's own password is asked for again first.
    assert d.reset_page.message.text() == OWN_PASSWORD_MISSING
    assert QApplication.focusWidget() is d.reset_page.own_password
    qtbot.keyClicks(d.reset_page.own_password, "not my password")
    qtbot.keyClick(d.reset_page.own_password, Qt.Key.Key_Return)
    settle(qtbot, d)
    assert d.reset_page.message.text() == accounts.WRONG_OWN
    assert QApplication.focusWidget() is d.reset_page.own_password
    assert d.reset_page.own_password.text() == ""
    assert d.reset_passwords.value() == NEW_PASSWORD  # kept for another try
    qtbot.keyClicks(d.reset_page.own_password, PASSWORD)
    qtbot.keyClick(d.reset_page.own_password, Qt.Key.Key_Return)  # Enter sets it
    settle(qtbot, d)
    assert d.list_message.text() == (
        f"{DEPUTY_NAME}'s password has been reset. They will choose their own when they "
        "next sign in."
    )
    assert d.reset_page.own_password.text() == ""
    dsl.close()
    assert signs_in(db_path, DEPUTY, NEW_PASSWORD)
    assert not signs_in(db_path, DEPUTY, DEPUTY_PASSWORD)


def test_removing_a_deputy_asks_first_and_keeps_them_listed(
    qtbot: QtBot, dsl: Workspace, db_path: Path
) -> None:
    accounts.add_account(dsl, DEPUTY, DEPUTY_NAME, DEPUTY_PASSWORD)
    d = make_dialog(qtbot, dsl)
    d.select(DEPUTY)
    click(qtbot, d.remove_button)
    assert d.remove_page.title.text() == f"Remove {DEPUTY_NAME}'s account?"
    # The DSL's own password is asked for, and Cancel is the default: Enter never removes.
    assert QApplication.focusWidget() is d.remove_page.own_password
    assert d.remove_page.back.text() == "&Cancel" and d.remove_page.back.isDefault()
    assert not d.remove_page.go.isDefault()
    qtbot.keyClicks(d.remove_page.own_password, PASSWORD)
    qtbot.keyClick(d.remove_page.own_password, Qt.Key.Key_Return)
    assert d.current_page() is d.list_page
    assert {m.username: m.active for m in accounts.list_staff(dsl)}[DEPUTY]
    d.select(DEPUTY)
    click(qtbot, d.remove_button)
    assert d.remove_page.own_password.text() == ""  # not kept from the last time
    go(qtbot, d, d.remove_page.go)
    assert d.remove_page.message.text() == OWN_PASSWORD_MISSING
    qtbot.keyClicks(d.remove_page.own_password, "not my password")
    go(qtbot, d, d.remove_page.go)
    assert d.remove_page.message.text() == accounts.WRONG_OWN
    assert QApplication.focusWidget() is d.remove_page.own_password
    assert {m.username: m.active for m in accounts.list_staff(dsl)}[DEPUTY]
    qtbot.keyClicks(d.remove_page.own_password, PASSWORD)
    go(qtbot, d, d.remove_page.go)
    assert d.list_message.text() == f"{DEPUTY_NAME}'s account has been removed."
    texts = [d.staff_list.item(i).text() for i in range(d.staff_list.count())]
    assert f"{DEPUTY_NAME} ({DEPUTY}): Deputy DSL, removed" in texts
    d.select(DEPUTY)
    assert not d.reset_button.isEnabled() and not d.remove_button.isEnabled()
    dsl.close()
    assert not signs_in(db_path, DEPUTY, DEPUTY_PASSWORD)


def test_a_deputy_sees_only_change_my_password_and_can_change_it(
    qtbot: QtBot, dsl: Workspace, db_path: Path, opened: list[Workspace]
) -> None:
    accounts.add_account(dsl, DEPUTY, DEPUTY_NAME, DEPUTY_PASSWORD)
    dsl.close()
    deputy = workspace.unlock(db_path, DEPUTY, DEPUTY_PASSWORD)
    opened.append(deputy)
    d = make_dialog(qtbot, deputy)
    for hidden in (d.add_button, d.reset_button, d.remove_button, d.recovery_button):
        assert not hidden.isVisible()
    click(qtbot, d.own_button)
    qtbot.keyClicks(d.own_current, "not my password")
    qtbot.keyClicks(d.own_passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(d.own_passwords.confirm, NEW_PASSWORD)
    qtbot.keyClick(d.own_passwords.confirm, Qt.Key.Key_Return)
    settle(qtbot, d)
    # Its own words, and the focus back in Current password (emptied), not in Confirm.
    assert d.own_page.message.text() == accounts.WRONG_CURRENT
    assert "Nothing has been changed" not in d.own_page.message.text()
    assert QApplication.focusWidget() is d.own_current
    assert d.own_current.text() == ""
    assert d.own_passwords.value() == NEW_PASSWORD  # kept for another try
    qtbot.keyClicks(d.own_current, DEPUTY_PASSWORD)
    go(qtbot, d, d.own_page.go)
    assert d.list_message.text().startswith("Your password has been changed.")
    deputy.close()
    assert signs_in(db_path, DEPUTY, NEW_PASSWORD)
    assert not signs_in(db_path, DEPUTY, DEPUTY_PASSWORD)


def test_a_new_recovery_key_is_shown_once_and_replaces_the_old(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    old_key = make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    d = make_dialog(qtbot, ws)
    click(qtbot, d.recovery_button)
    go(qtbot, d, d.recovery_page.go)
    assert d.current_page() is d.key_page
    shown = d.key_label.text()
    assert len(shown.replace("\n", "-").split("-")) == 8
    assert not d.key_done.isEnabled()
    qtbot.keyClick(d, Qt.Key.Key_Escape)  # not written down yet: the dialog stays
    assert d.isVisible() and d.current_page() is d.key_page
    d.key_tick.setChecked(True)
    click(qtbot, d.key_done)
    assert d.key_label.text() == ""  # gone from the screen
    slots = load_keyslots(keyslots_path(db_path))
    assert slots.unlock_with_recovery(shown) == ws.database_key()
    with pytest.raises(WrongRecoveryKey):
        slots.unlock_with_recovery(old_key)


def test_a_failed_write_says_so_and_keeps_what_was_typed(
    qtbot: QtBot, dsl: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys_before = keyslots_path(db_path).read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workspace_module, "save_keyslots", disk_full)
    d = make_dialog(qtbot, dsl)
    click(qtbot, d.add_button)
    qtbot.keyClicks(d.add_name, DEPUTY_NAME)
    qtbot.keyClicks(d.add_username, DEPUTY)
    qtbot.keyClicks(d.add_passwords.password, DEPUTY_PASSWORD)
    qtbot.keyClicks(d.add_passwords.confirm, DEPUTY_PASSWORD)
    go(qtbot, d, d.add_page.go)
    assert d.current_page() is d.add_page
    assert d.add_page.message.text() == str(SaveFailed())
    assert (d.add_name.text(), d.add_username.text()) == (DEPUTY_NAME, DEPUTY)
    assert d.add_passwords.value() == DEPUTY_PASSWORD
    assert [m.username for m in accounts.list_staff(dsl)] == [USERNAME]
    assert keyslots_path(db_path).read_bytes() == keys_before


# -- the window never freezes ---------------------------------------------------------


def test_adding_an_account_runs_off_the_gui_thread_with_the_page_disabled(
    qtbot: QtBot, dsl: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = make_dialog(qtbot, dsl)
    click(qtbot, d.add_button)
    qtbot.keyClicks(d.add_name, DEPUTY_NAME)
    qtbot.keyClicks(d.add_username, DEPUTY)
    qtbot.keyClicks(d.add_passwords.password, DEPUTY_PASSWORD)
    qtbot.keyClicks(d.add_passwords.confirm, DEPUTY_PASSWORD)
    with held(monkeypatch, accounts, "add_account") as gate:
        click(qtbot, d.add_page.go)
        loop_runs_while_held(qtbot, gate)
        assert d.add_page.message.text() == "Adding the account…"
        for control in (d.add_page.go, d.add_page.back, d.add_name, d.add_as_dsl, d.close_button):
            assert not control.isEnabled()
        d.reject()  # Escape while it runs: the dialog stays, so the result is not lost
        assert d.isVisible()
        gate.release()
        qtbot.waitUntil(lambda: d.current_page() is d.list_page, timeout=20_000)
    assert d.list_message.text() == f"{DEPUTY_NAME} can now sign in as {DEPUTY}."
    assert d.add_page.go.isEnabled() and d.add_name.isEnabled() and d.close_button.isEnabled()
    assert QApplication.overrideCursor() is None
    dsl.close()
    assert signs_in(db_path, DEPUTY, DEPUTY_PASSWORD)


def test_a_reset_runs_off_the_gui_thread_and_its_failure_comes_back_to_the_page(
    qtbot: QtBot, dsl: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.add_account(dsl, DEPUTY, DEPUTY_NAME, DEPUTY_PASSWORD)
    d = make_dialog(qtbot, dsl)
    d.select(DEPUTY)
    click(qtbot, d.reset_button)
    qtbot.keyClicks(d.reset_passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(d.reset_passwords.confirm, NEW_PASSWORD)
    qtbot.keyClicks(d.reset_page.own_password, PASSWORD)

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workspace_module, "save_keyslots", disk_full)
    with held(monkeypatch, accounts, "reset_password") as gate:
        click(qtbot, d.reset_page.go)
        loop_runs_while_held(qtbot, gate)
        assert not d.reset_page.go.isEnabled() and not d.reset_passwords.password.isEnabled()
        gate.release()
        settle(qtbot, d)
    assert d.current_page() is d.reset_page
    assert d.reset_page.message.text() == str(SaveFailed())
    assert d.reset_passwords.value() == NEW_PASSWORD  # kept for another try
    assert d.reset_page.go.isEnabled()
    dsl.close()
    assert signs_in(db_path, DEPUTY, DEPUTY_PASSWORD)


@pytest.mark.parametrize("task", ["remove", "own", "recovery"])
def test_removing_changing_my_password_and_a_new_key_run_off_the_gui_thread(
    qtbot: QtBot,
    dsl: Workspace,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    task: str,
) -> None:
    accounts.add_account(dsl, DEPUTY, DEPUTY_NAME, DEPUTY_PASSWORD)
    d = make_dialog(qtbot, dsl)
    if task == "remove":
        d.select(DEPUTY)
        click(qtbot, d.remove_button)
        qtbot.keyClicks(d.remove_page.own_password, PASSWORD)
        page, service = d.remove_page, "remove_account"
    elif task == "own":
        click(qtbot, d.own_button)
        qtbot.keyClicks(d.own_current, PASSWORD)
        qtbot.keyClicks(d.own_passwords.password, NEW_PASSWORD)
        qtbot.keyClicks(d.own_passwords.confirm, NEW_PASSWORD)
        page, service = d.own_page, "change_own_password"
    else:
        click(qtbot, d.recovery_button)
        page, service = d.recovery_page, "new_recovery_key"
    with held(monkeypatch, accounts, service) as gate:
        click(qtbot, page.go)
        loop_runs_while_held(qtbot, gate)
        assert not page.go.isEnabled() and not page.back.isEnabled()
        assert page.message.text().endswith("…")
        gate.release()
        settle(qtbot, d)
    assert page.message.text() == ""
    if task == "recovery":
        assert d.current_page() is d.key_page
        assert len(d.key_label.text().replace("\n", "-").split("-")) == 8
        return
    assert d.current_page() is d.list_page
    dsl.close()
    if task == "remove":
        assert not signs_in(db_path, DEPUTY, DEPUTY_PASSWORD)
    else:
        assert signs_in(db_path, USERNAME, NEW_PASSWORD)
