"""First run: typing through every step against a real database file."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services import workspace
from app.services.workspace import Workspace
from app.storage.paths import keyslots_path
from app.ui.first_run import FirstRunWindow, recovery_keys_match
from app.ui.fonts import MONOSPACE_FAMILY
from app.ui.qt import QFontInfo, QLineEdit, Qt
from tests.helpers.ui import assert_accessible

GOOD_PASSWORD = "Kettle lantern orbit 42"


def make_window(qtbot: QtBot, db_path: Path) -> FirstRunWindow:
    window = FirstRunWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    return window


def create(qtbot: QtBot, w: FirstRunWindow) -> None:
    """Press Create the database, then wait for the worker's answer."""
    qtbot.mouseClick(w.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.creating, timeout=20_000)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def fill_account(qtbot: QtBot, w: FirstRunWindow, password: str, confirm: str) -> None:
    type_into(qtbot, w.full_name, "Jo Smith")
    type_into(qtbot, w.username, "jsmith")
    type_into(qtbot, w.passwords.password, password)
    type_into(qtbot, w.passwords.confirm, confirm)


def test_school_name_is_required(qtbot: QtBot, db_path: Path) -> None:
    w = make_window(qtbot, db_path)
    qtbot.mouseClick(w.school_next, Qt.MouseButton.LeftButton)
    assert w.stack.currentIndex() == 0
    assert w.school_page.message.text() == "Enter the school's name."
    assert w.school_page.message.isVisible()


def test_first_run_creates_database_and_confirms_recovery_key(
    qtbot: QtBot, db_path: Path, opened: list[Workspace]
) -> None:
    w = make_window(qtbot, db_path)
    finished: list[str] = []
    w.completed.connect(finished.append)

    qtbot.keyClicks(w.school_name, "St Aidan's C of E Academy")
    qtbot.keyClick(w.school_name, Qt.Key.Key_Return)
    assert w.stack.currentIndex() == 1

    # A weak password is refused, with the reason on the page, live and on click.
    fill_account(qtbot, w, "short", "short")
    assert "Use at least 10 characters." in w.passwords.strength.text()
    assert w.passwords.strength.isVisible()
    create(qtbot, w)
    assert w.stack.currentIndex() == 1
    assert "Use at least 10 characters." in w.account_page.message.text()
    assert not db_path.exists()

    # A password containing the user name is refused too.
    fill_account(qtbot, w, "jsmith-is-my-login", "jsmith-is-my-login")
    assert "Avoid common words and your user name." in w.passwords.strength.text()
    create(qtbot, w)
    assert not db_path.exists()

    # Two different passwords are refused.
    fill_account(qtbot, w, GOOD_PASSWORD, GOOD_PASSWORD + "x")
    assert w.passwords.mismatch.text() == "The two passwords are not the same."
    create(qtbot, w)
    assert w.stack.currentIndex() == 1
    assert "The two passwords are not the same." in w.account_page.message.text()
    assert not db_path.exists()

    # A good, matching password creates the database and shows the key.
    fill_account(qtbot, w, GOOD_PASSWORD, GOOD_PASSWORD)
    assert w.passwords.problems() == []
    create(qtbot, w)
    assert w.stack.currentIndex() == 2, w.account_page.message.text()
    assert db_path.exists() and keyslots_path(db_path).exists()
    assert w.passwords.password.text() == ""  # not left in the widget
    shown_key = w.key_label.text()
    assert len([ch for ch in shown_key if ch.isalnum()]) == 32
    typed_key = shown_key.replace("\n", " ")  # as copied from paper, on one line
    assert w.key_label.textFormat() == Qt.TextFormat.PlainText
    # The font Casebook ships, whatever fonts this machine has installed.
    assert QFontInfo(w.key_label.font()).family() == MONOSPACE_FAMILY
    assert w.key_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse

    # Not past the key until the box is ticked.
    qtbot.mouseClick(w.key_next, Qt.MouseButton.LeftButton)
    assert w.stack.currentIndex() == 2
    assert "Tick the box" in w.key_page.message.text()
    w.key_tick.setChecked(True)
    qtbot.mouseClick(w.key_next, Qt.MouseButton.LeftButton)
    assert w.stack.currentIndex() == 3

    # Finish refuses a wrongly copied key.
    qtbot.keyClicks(w.key_again, typed_key[:-1] + ("A" if typed_key[-1] != "A" else "B"))
    qtbot.mouseClick(w.finish, Qt.MouseButton.LeftButton)
    assert finished == []
    assert "not the same recovery key" in w.check_page.message.text()

    # Unticking the box sends the user back to it.
    w.key_tick.setChecked(False)
    type_into(qtbot, w.key_again, typed_key)
    qtbot.mouseClick(w.finish, Qt.MouseButton.LeftButton)
    assert finished == []
    assert w.stack.currentIndex() == 2
    w.key_tick.setChecked(True)
    qtbot.mouseClick(w.key_next, Qt.MouseButton.LeftButton)

    # Retyped in lower case with spaces instead of dashes: accepted.
    type_into(qtbot, w.key_again, typed_key.replace("-", " ").lower())
    qtbot.keyClick(w.key_again, Qt.Key.Key_Return)
    assert finished == ["jsmith"]
    assert w.key_label.text() == ""  # the key is gone from the screen

    ws = workspace.unlock(db_path, "jsmith", GOOD_PASSWORD)
    opened.append(ws)
    assert ws.account.display_name == "Jo Smith"
    assert ws.settings()["school_name"] == "St Aidan's C of E Academy"
    ws.close()
    recovered = workspace.unlock_with_recovery(db_path, shown_key)
    opened.append(recovered)
    assert recovered.settings()["school_name"] == "St Aidan's C of E Academy"


def test_create_error_is_shown_on_the_page(qtbot: QtBot, db_path: Path, make_db) -> None:
    make_db()  # someone else created it meanwhile
    before = db_path.read_bytes()
    w = make_window(qtbot, db_path)
    type_into(qtbot, w.school_name, "School")
    qtbot.mouseClick(w.school_next, Qt.MouseButton.LeftButton)
    fill_account(qtbot, w, GOOD_PASSWORD, GOOD_PASSWORD)
    create(qtbot, w)
    assert w.stack.currentIndex() == 1
    assert "already exists" in w.account_page.message.text()
    assert db_path.read_bytes() == before


def test_unexpected_error_shows_the_generic_sentence(qtbot: QtBot, tmp_path: Path) -> None:
    # A database path under a regular file cannot be created: an OSError, not ours.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    w = make_window(qtbot, blocker / "casebook.db")
    type_into(qtbot, w.school_name, "School")
    qtbot.mouseClick(w.school_next, Qt.MouseButton.LeftButton)
    fill_account(qtbot, w, GOOD_PASSWORD, GOOD_PASSWORD)
    create(qtbot, w)
    assert w.account_page.message.text() == "Something went wrong; nothing was saved."
    assert w.stack.currentIndex() == 1


def test_recovery_keys_match_ignores_dashes_spaces_and_case() -> None:
    key = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    assert recovery_keys_match("abcd efgh ijkl mnop qrst uvwx yz23 4567", key)
    assert recovery_keys_match(key.replace("-", ""), key)
    assert not recovery_keys_match(key[:-1] + "2", key)
    assert not recovery_keys_match("", key)


def test_first_run_inputs_are_labelled(qtbot: QtBot, db_path: Path) -> None:
    w = make_window(qtbot, db_path)
    assert_accessible(w)
    assert w.passwords.password.echoMode() == QLineEdit.EchoMode.Password
    assert w.passwords.confirm.echoMode() == QLineEdit.EchoMode.Password


def test_first_run_asks_for_the_mash_contact_and_saves_it(
    qtbot: QtBot, db_path: Path, opened: list[Workspace]
) -> None:
    w = make_window(qtbot, db_path)
    assert w.mash_contact.accessibleName() == (
        "Your local MASH (children's social care) contact (optional)"
    )
    qtbot.keyClicks(w.school_name, "St Aidan's C of E Academy")
    qtbot.keyClicks(w.mash_contact, "MASH: 0300 123 4567, mash@example.gov.uk")
    qtbot.keyClick(w.mash_contact, Qt.Key.Key_Return)
    assert w.stack.currentIndex() == 1
    fill_account(qtbot, w, GOOD_PASSWORD, GOOD_PASSWORD)
    create(qtbot, w)
    assert w.stack.currentIndex() == 2, w.account_page.message.text()
    ws = workspace.unlock(db_path, "jsmith", GOOD_PASSWORD)
    opened.append(ws)
    assert ws.settings()["mash_contact"] == "MASH: 0300 123 4567, mash@example.gov.uk"


def test_the_mash_contact_may_be_left_for_later(
    qtbot: QtBot, db_path: Path, opened: list[Workspace]
) -> None:
    w = make_window(qtbot, db_path)
    qtbot.keyClicks(w.school_name, "St Aidan's C of E Academy")
    qtbot.mouseClick(w.school_next, Qt.MouseButton.LeftButton)
    assert w.stack.currentIndex() == 1
    fill_account(qtbot, w, GOOD_PASSWORD, GOOD_PASSWORD)
    create(qtbot, w)
    assert w.stack.currentIndex() == 2
    ws = workspace.unlock(db_path, "jsmith", GOOD_PASSWORD)
    opened.append(ws)
    assert ws.settings()["mash_contact"] == ""


def test_a_password_problem_goes_from_the_page_once_it_is_fixed(
    qtbot: QtBot, db_path: Path
) -> None:
    w = make_window(qtbot, db_path)
    qtbot.keyClicks(w.school_name, "St Aidan's C of E Academy")
    qtbot.keyClick(w.school_name, Qt.Key.Key_Return)
    type_into(qtbot, w.full_name, "Jo Smith")
    type_into(qtbot, w.passwords.password, "short")
    create(qtbot, w)
    message = w.account_page.message
    assert message.text() == "Enter a user name.\nUse at least 10 characters."
    # Fixing the password takes its line away at once; the user name's stays.
    type_into(qtbot, w.passwords.password, GOOD_PASSWORD)
    assert message.text() == "Enter a user name."
    type_into(qtbot, w.username, "jsmith")
    assert message.text() == "" and not message.isVisible()
    # A problem not yet asked about is not shown while typing: Create lists it.
    assert not db_path.exists()
    create(qtbot, w)
    assert message.text() == "The two passwords are not the same."
