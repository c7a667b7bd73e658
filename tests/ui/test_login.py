"""Signing in, the recovery route, and the window that follows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.errors import KeysDoNotMatch, KeySlotsDamaged, WrongPassword
from app.services import workspace
from app.services.workspace import Workspace
from app.storage.paths import keyslots_path
from app.ui import login as login_module
from app.ui.app import Casebook
from app.ui.first_run import FirstRunWindow
from app.ui.login import FORGOT, LoginWindow
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QLabel, QLineEdit, Qt
from tests.helpers.ui import DISPLAY_NAME, PASSWORD, SCHOOL, USERNAME, assert_accessible

NEW_PASSWORD = "Brand new lantern 99"
TRICKY = "<b>O'Brien & Zoë</b> שלום 😀"


def make_login(qtbot: QtBot, db_path: Path, username: str = "") -> LoginWindow:
    window = LoginWindow(db_path, username)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def press_enter(qtbot: QtBot, window: LoginWindow) -> None:
    """Enter in the password box, then wait for the worker's answer."""
    qtbot.keyClick(window.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.signing_in, timeout=20_000)


def collect(window: LoginWindow, opened: list[Workspace]) -> list[Workspace]:
    got: list[Workspace] = []

    def keep(ws: Workspace) -> None:
        got.append(ws)
        opened.append(ws)

    window.signed_in.connect(keep)
    return got


def test_wrong_password_changes_nothing_and_clears_the_box(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    keys = keyslots_path(db_path)
    db_before, keys_before = db_path.read_bytes(), keys.read_bytes()
    w = make_login(qtbot, db_path)
    got = collect(w, opened)

    assert QApplication.focusWidget() is w.username
    qtbot.keyClicks(w.username, USERNAME)
    qtbot.keyClicks(w.password, "not the password")
    press_enter(qtbot, w)

    assert got == []
    assert w.message.text() == str(WrongPassword())
    assert w.message.isVisible()
    assert w.password.text() == ""
    assert QApplication.focusWidget() is w.password  # ready to try again
    assert w.username.text() == USERNAME  # only the password is cleared
    assert db_path.read_bytes() == db_before
    assert keys.read_bytes() == keys_before


def test_right_password_with_enter_opens_the_main_window(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    w = make_login(qtbot, db_path)
    got = collect(w, opened)
    qtbot.keyClicks(w.username, USERNAME)
    qtbot.keyClicks(w.password, PASSWORD)
    press_enter(qtbot, w)

    assert len(got) == 1, w.message.text()
    assert got[0].account.display_name == DISPLAY_NAME
    assert w.password.text() == ""
    main = MainWindow(got[0])
    qtbot.addWidget(main)
    assert main.status_label.text() == f"Signed in as {DISPLAY_NAME} (DSL)"
    assert main.windowTitle() == f"Casebook — {SCHOOL}"
    assert main.new_incident.isEnabled()  # the incident wizard
    assert main.new_incident.shortcut().toString() == "Ctrl+N"


def test_empty_fields_are_explained(qtbot: QtBot, db_path: Path, make_db) -> None:
    make_db()
    w = make_login(qtbot, db_path)
    qtbot.mouseClick(w.sign_in, Qt.MouseButton.LeftButton)
    assert w.message.text() == "Enter your user name."
    qtbot.keyClicks(w.username, USERNAME)
    qtbot.keyClick(w.username, Qt.Key.Key_Return)
    assert w.message.text() == "Enter your password."


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """The restore prompt for a damaged database, recorded instead of shown (it is modal)."""
    seen: list[tuple[Path, str]] = []

    def prompt(_parent: object, path: Path, message: str) -> bool:
        seen.append((path, message))
        return False  # closed without restoring

    monkeypatch.setattr(login_module, "damaged_database_prompt", prompt)
    return seen


def test_damaged_key_file_is_explained_and_a_restore_offered(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], prompts: list[tuple[Path, str]]
) -> None:
    make_db()
    keys = keyslots_path(db_path)
    keys.write_bytes(b"{not json")
    w = make_login(qtbot, db_path, USERNAME)
    qtbot.keyClicks(w.password, PASSWORD)
    press_enter(qtbot, w)
    assert w.message.text() == str(KeySlotsDamaged(str(keys)))
    assert prompts == [(db_path, str(KeySlotsDamaged(str(keys))))]


def test_damaged_database_is_explained_and_a_restore_offered(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], prompts: list[tuple[Path, str]]
) -> None:
    make_db()
    data = bytearray(db_path.read_bytes())
    data[:64] = b"\xff" * 64  # the salt and first page header: no longer decryptable
    db_path.write_bytes(bytes(data))
    w = make_login(qtbot, db_path, USERNAME)
    qtbot.keyClicks(w.password, PASSWORD)
    press_enter(qtbot, w)
    # The salt no longer matches the one the key file recorded, and the key does not open
    # the file: damage to its start, or another database's key file (a kind of damage,
    # so a restore is offered just the same).
    told = str(KeysDoNotMatch(str(db_path), str(keyslots_path(db_path))))
    assert w.message.text() == told
    assert prompts == [(db_path, told)]


def test_tricky_names_show_exactly_as_typed(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db(display_name=TRICKY, school_name=TRICKY)
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.show()
    assert main.school_label.text() == TRICKY
    assert main.school_label.textFormat() == Qt.TextFormat.PlainText
    assert main.status_label.text() == f"Signed in as {TRICKY} (DSL)"
    assert main.status_label.textFormat() == Qt.TextFormat.PlainText
    assert main.windowTitle() == f"Casebook — {TRICKY}"


def test_main_window_closes_the_workspace(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    closed: list[bool] = []
    original = ws.close
    ws.close = lambda: (closed.append(True), original())  # type: ignore[method-assign]
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.show()
    assert not main.training_banner.isVisible()  # a real school database
    main.close()
    assert closed == [True]


def test_training_database_shows_the_banner(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    from app.services import settings as settings_service

    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    with ws.write() as s:
        settings_service.write(s, "training", "1")
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.show()
    assert main.training_banner.isVisible()
    assert "TRAINING DATA" in main.training_banner.text()


def test_recovery_dialog_resets_the_password(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    key = make_db()
    w = make_login(qtbot, db_path)
    got = collect(w, opened)
    assert w.forgot.text() == FORGOT
    qtbot.mouseClick(w.forgot, Qt.MouseButton.LeftButton)
    dialog = w.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    assert_accessible(dialog)

    # A wrong key: explained in the dialog, nothing signed in.
    qtbot.keyClicks(dialog.key, "AAAA-" * 7 + "AAAA")
    qtbot.keyClicks(dialog.username, USERNAME)
    qtbot.keyClicks(dialog.passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(dialog.passwords.confirm, NEW_PASSWORD)
    qtbot.mouseClick(dialog.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    assert "recovery key does not open this database" in dialog.message.text()
    assert got == []

    # A weak new password is refused before the key is tried.
    dialog.key.clear()
    qtbot.keyClicks(dialog.key, key.lower())
    dialog.passwords.clear()
    qtbot.keyClicks(dialog.passwords.password, "weak")
    qtbot.keyClicks(dialog.passwords.confirm, "weak")
    qtbot.mouseClick(dialog.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    assert "Use at least 10 characters." in dialog.message.text()
    assert got == []

    dialog.passwords.clear()
    qtbot.keyClicks(dialog.passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(dialog.passwords.confirm, NEW_PASSWORD)
    qtbot.keyClick(dialog.passwords.confirm, Qt.Key.Key_Return)  # Enter: the default button
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    assert len(got) == 1, dialog.message.text()
    assert got[0].account.username == USERNAME
    assert not dialog.isVisible()
    got[0].close()

    with pytest.raises(WrongPassword):
        workspace.unlock(db_path, USERNAME, PASSWORD)
    again = workspace.unlock(db_path, USERNAME, NEW_PASSWORD)
    opened.append(again)
    assert again.account.display_name == DISPLAY_NAME


def test_recovery_for_unknown_user_leaves_nothing_open(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    key = make_db()
    keys_before = keyslots_path(db_path).read_bytes()
    w = make_login(qtbot, db_path)
    got = collect(w, opened)
    w.open_recovery()
    dialog = w.recovery_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.key, key)
    qtbot.keyClicks(dialog.username, "nobody")
    qtbot.keyClicks(dialog.passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(dialog.passwords.confirm, NEW_PASSWORD)
    qtbot.mouseClick(dialog.reset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    assert dialog.message.text() == "The recovery key can only reset an active DSL account."
    assert got == []
    assert keyslots_path(db_path).read_bytes() == keys_before


def test_login_inputs_are_labelled(qtbot: QtBot, db_path: Path, make_db) -> None:
    make_db()
    w = make_login(qtbot, db_path)
    assert_accessible(w)
    assert w.password.echoMode() == QLineEdit.EchoMode.Password
    assert w.sign_in.isDefault()


def test_whole_journey_first_run_to_sign_out(qtbot: QtBot, db_path: Path) -> None:
    app = Casebook(db_path)
    app.start()
    first = app.window
    assert isinstance(first, FirstRunWindow)
    qtbot.addWidget(first)
    qtbot.keyClicks(first.school_name, SCHOOL)
    qtbot.keyClick(first.school_name, Qt.Key.Key_Return)
    qtbot.keyClicks(first.full_name, DISPLAY_NAME)
    qtbot.keyClicks(first.username, USERNAME)
    qtbot.keyClicks(first.passwords.password, PASSWORD)
    qtbot.keyClicks(first.passwords.confirm, PASSWORD)
    qtbot.keyClick(first.passwords.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not first.creating, timeout=20_000)
    key = first.key_label.text().replace("\n", "-")
    first.key_tick.setChecked(True)
    qtbot.mouseClick(first.key_next, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(first.key_again, key)
    qtbot.mouseClick(first.finish, Qt.MouseButton.LeftButton)

    login = app.window
    assert isinstance(login, LoginWindow)
    qtbot.addWidget(login)
    assert not first.isVisible()
    assert login.username.text() == USERNAME  # pre-filled after first run
    qtbot.keyClicks(login.password, PASSWORD)
    press_enter(qtbot, login)

    main = app.window
    assert isinstance(main, MainWindow), login.message.text()
    qtbot.addWidget(main)
    assert main.status_label.text() == f"Signed in as {DISPLAY_NAME} (DSL)"
    main.sign_out_action.trigger()
    assert isinstance(app.window, LoginWindow)
    qtbot.addWidget(app.window)
    assert main.ws.engine.pool.checkedout() == 0


def test_recovery_dialog_makes_room_for_the_strength_line_and_messages(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = login_module.RecoveryDialog(tmp_path / "casebook.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    layout = dialog.layout()
    assert layout is not None
    dialog.resize(dialog.width(), layout.totalHeightForWidth(dialog.width()))  # just fits

    def every_line_shows() -> bool:
        labels = [w for w in dialog.findChildren(QLabel) if w.isVisible() and w.wordWrap()]
        return all(w.height() >= w.heightForWidth(w.width()) for w in labels)

    qtbot.waitUntil(every_line_shows)
    before = dialog.height()
    qtbot.keyClicks(dialog.passwords.password, "weak")
    assert dialog.passwords.strength.isVisible()
    qtbot.waitUntil(lambda: dialog.height() > before)
    qtbot.waitUntil(every_line_shows)
    dialog.message.show_error("The recovery key does not open this database. " * 3)
    qtbot.waitUntil(every_line_shows)
