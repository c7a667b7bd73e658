"""Adding a deputy: a user name with a space is refused on the page, in the rule's words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.security.keyslots import USERNAME_RULE
from app.services import accounts, workspace
from app.services.workspace import Workspace
from app.ui.qt import QApplication, Qt
from app.ui.security.accounts_dialog import AccountsDialog
from tests.helpers.ui import PASSWORD, USERNAME

FIRST = "Lighthouse meadow 17"


def test_a_user_name_with_a_space_is_refused_and_the_field_keeps_it(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    d = AccountsDialog(ws)
    qtbot.addWidget(d)
    with qtbot.waitActive(d):
        d.show()
        d.activateWindow()
    qtbot.mouseClick(d.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(d.add_name, "Sian Owen")
    qtbot.keyClicks(d.add_username, "sian o")
    qtbot.keyClicks(d.add_passwords.password, FIRST)
    qtbot.keyClicks(d.add_passwords.confirm, FIRST)
    qtbot.keyClick(d.add_passwords.confirm, Qt.Key.Key_Return)
    assert d.add_page.message.text() == USERNAME_RULE
    assert QApplication.focusWidget() is d.add_username
    assert d.add_username.text() == "sian o"
    assert [m.username for m in accounts.list_staff(ws)] == [USERNAME]

    d.add_username.clear()
    qtbot.keyClicks(d.add_username, "s.owen")
    qtbot.keyClick(d.add_passwords.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not d.working, timeout=20_000)
    assert d.list_message.text() == "Sian Owen can now sign in as s.owen."
