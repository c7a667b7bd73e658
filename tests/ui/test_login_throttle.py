"""The sign-in window's wait: shared with the command line and the lock, counted down,
surviving a restart; and the stronger-password step for an account whose password
the rule now refuses."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.errors import WrongPassword
from app.security.throttle import FREE_TRIES, Throttle
from app.services import workspace
from app.services.workspace import Workspace
from app.storage.paths import keyslots_path
from app.ui.app import Casebook
from app.ui.login import STRONGER_TITLE, TRY_AGAIN, LoginWindow, StrongerPasswordDialog
from app.ui.main_window import MainWindow
from app.ui.qt import Qt
from tests.helpers.cli import casebook
from tests.helpers.ui import PASSWORD, USERNAME, assert_accessible

WEAK = "Password2024!"
STRONG = "orbit walnut meadow trumpet"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def make_login(qtbot: QtBot, db_path: Path, throttle: Throttle | None = None) -> LoginWindow:
    window = LoginWindow(db_path, USERNAME, throttle=throttle)
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


def hashes(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_the_window_counts_the_wait_down_then_says_try_again(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    clock = Clock()
    w = make_login(qtbot, db_path, Throttle.for_database(db_path, clock=clock))
    got: list[Workspace] = []
    w.signed_in.connect(got.append)
    w.signed_in.connect(opened.append)
    before = hashes(db_path, keyslots_path(db_path))
    for _ in range(FREE_TRIES):
        try_password(qtbot, w, "not the password at all")
    assert w.message.text().startswith(str(WrongPassword()))
    assert "Wait 5 seconds before trying again" in w.message.text()

    ticks = [0.0]
    w.countdown.clock = lambda: w.countdown._ends - 5 + ticks[0]
    ticks[0] = 2
    w.countdown.tick()
    assert "Wait 3 seconds before trying again" in w.message.text()
    ticks[0] = 4.5
    w.countdown.tick()
    assert "Wait 1 second before trying again" in w.message.text()
    ticks[0] = 5
    clock.now += 5
    w.countdown.tick()
    assert w.message.text() == TRY_AGAIN
    assert not w.countdown.running
    assert hashes(db_path, keyslots_path(db_path)) == before  # only the count was written

    try_password(qtbot, w, PASSWORD)
    assert len(got) == 1, w.message.text()


def test_wrong_passwords_from_the_command_line_make_the_window_wait(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], tmp_path: Path
) -> None:
    """Another process's guesses count here, as a new window's (a restart's) do."""
    make_db()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the password at all\n", encoding="utf-8")
    for _ in range(FREE_TRIES):
        result = casebook("cases", "--db", db_path, "--user", USERNAME, "--password-file", wrong)
        assert "do not match" in result.stderr
    w = make_login(qtbot, db_path)  # a new window reads the count from the file
    qtbot.keyClicks(w.password, PASSWORD)
    qtbot.keyClick(w.password, Qt.Key.Key_Return)
    assert not w.signing_in  # refused on the spot: nothing tried
    assert "Several wrong passwords in a row. Wait" in w.message.text()
    assert w.countdown.running


def test_a_restarted_window_still_waits(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    first = make_login(qtbot, db_path)
    for _ in range(FREE_TRIES):
        try_password(qtbot, first, "not the password at all")
    first.close()
    again = make_login(qtbot, db_path, Throttle.for_database(db_path))  # as after a restart
    qtbot.keyClicks(again.password, PASSWORD)
    qtbot.keyClick(again.password, Qt.Key.Key_Return)
    assert not again.signing_in
    assert "Wait" in again.message.text()


def test_the_lock_screen_adds_to_the_same_count(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    controller = Casebook(db_path)
    controller.start()
    login = controller.window
    assert isinstance(login, LoginWindow)
    qtbot.addWidget(login)
    login.username.setText(USERNAME)
    qtbot.keyClicks(login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=20_000)
    main = controller.window
    assert isinstance(main, MainWindow)
    qtbot.addWidget(main)
    lock = controller.lock
    assert lock is not None
    assert lock.throttle.record is controller.throttle
    try:
        lock.hide_now()
        for _ in range(FREE_TRIES):
            assert not lock.try_unlock("not the password at all")
        assert controller.throttle.wait_for(USERNAME) > 0
        # A second window (or process) on this database sees the wait too.
        assert Throttle.for_database(db_path).wait_for(USERNAME) > 0

        # The panels count the wait down too.
        clock = Clock()
        lock.throttle = Throttle.for_database(db_path, clock=clock).for_user(USERNAME)
        lock.throttle.succeeded()
        for _ in range(FREE_TRIES):
            assert not lock.try_unlock("not the password at all")
        panel = lock.overlays()[0]
        assert "Wait 5 seconds before trying again" in panel.message.text()
        assert not panel.unlock_button.isEnabled()
        clock.now += 2
        lock._unlocker.count_down()
        assert "Wait 3 seconds before trying again" in panel.message.text()
        clock.now += 3
        lock._retry_allowed()
        assert panel.unlock_button.isEnabled()
        assert lock.try_unlock(PASSWORD)
        assert controller.throttle.wait_for(USERNAME) == 0  # the right one reset it
    finally:
        lock.stop()
        main.close()


def test_wrong_recovery_keys_wait_too(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str]
) -> None:
    key = make_db()
    w = make_login(qtbot, db_path)
    w.open_recovery()
    dialog = w.recovery_dialog
    assert dialog is not None
    wrong = ("BBBB" if key.startswith("AAAA") else "AAAA") + key[4:]
    qtbot.keyClicks(dialog.username, USERNAME)
    qtbot.keyClicks(dialog.passwords.password, STRONG)
    qtbot.keyClicks(dialog.passwords.confirm, STRONG)
    for _ in range(FREE_TRIES):
        dialog.key.clear()
        qtbot.keyClicks(dialog.key, wrong)
        qtbot.mouseClick(dialog.reset, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    assert "Several wrong recovery keys in a row. Wait 5 seconds" in dialog.message.text()
    dialog.key.clear()
    qtbot.keyClicks(dialog.key, key)  # even the right key waits, untried
    qtbot.mouseClick(dialog.reset, Qt.MouseButton.LeftButton)
    assert not dialog.working
    assert "Several wrong recovery keys in a row" in dialog.message.text()
    assert Throttle.for_database(db_path).wait_for(USERNAME) == 0  # passwords not slowed


# -- a password the rule now refuses ------------------------------------------------------


@pytest.fixture
def weak_db(db_path: Path, make_db: Callable[..., str]) -> Path:
    """The account's password was set before the rule was strengthened."""
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    try:
        with ws.write() as session:
            ws.change_keyslots(session, lambda k: k.add_password(USERNAME, WEAK, ws.database_key()))
    finally:
        ws.close()
    return db_path


def sign_in_weak(
    qtbot: QtBot, db_path: Path, got: list[Workspace]
) -> tuple[LoginWindow, StrongerPasswordDialog]:
    w = make_login(qtbot, db_path)
    w.signed_in.connect(got.append)
    try_password(qtbot, w, WEAK)
    dialog = w.stronger_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return w, dialog


def test_a_weak_password_is_changed_before_the_main_window(
    qtbot: QtBot, weak_db: Path, opened: list[Workspace]
) -> None:
    got: list[Workspace] = []
    w, dialog = sign_in_weak(qtbot, weak_db, got)
    assert dialog.windowTitle() == STRONGER_TITLE
    assert_accessible(dialog)
    assert got == []  # not before a stronger password is chosen (or "Not now")

    qtbot.keyClicks(dialog.passwords.password, "Welcome123!")
    assert "most common passwords" in dialog.passwords.strength.text()  # the live hint
    qtbot.keyClicks(dialog.passwords.confirm, "Welcome123!")
    qtbot.mouseClick(dialog.change, Qt.MouseButton.LeftButton)
    assert "most common passwords" in dialog.message.text()
    assert got == []

    dialog.passwords.clear()
    qtbot.keyClicks(dialog.passwords.password, STRONG)
    qtbot.keyClicks(dialog.passwords.confirm, STRONG)
    qtbot.keyClick(dialog.passwords.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(got), timeout=20_000)
    opened.extend(got)
    assert not dialog.isVisible()
    assert dialog.passwords.value() == ""
    got[0].close()
    opened.clear()
    with pytest.raises(WrongPassword):
        workspace.unlock(weak_db, USERNAME, WEAK)
    opened.append(workspace.unlock(weak_db, USERNAME, STRONG))


def test_not_now_carries_on_and_asks_again_next_time(
    qtbot: QtBot, weak_db: Path, opened: list[Workspace]
) -> None:
    got: list[Workspace] = []
    _w, dialog = sign_in_weak(qtbot, weak_db, got)
    qtbot.mouseClick(dialog.later, Qt.MouseButton.LeftButton)
    assert len(got) == 1
    got[0].close()
    # Still the old password: the next sign-in asks again.
    again: list[Workspace] = []
    _w2, dialog2 = sign_in_weak(qtbot, weak_db, again)
    assert dialog2.isVisible()
    dialog2.reject()
    opened.extend(again)
    assert len(again) == 1


def test_a_strong_password_goes_straight_on(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    got: list[Workspace] = []
    w = make_login(qtbot, db_path)
    w.signed_in.connect(got.append)
    try_password(qtbot, w, PASSWORD)
    opened.extend(got)
    assert len(got) == 1 and w.stronger_dialog is None


def test_closing_the_window_at_the_step_leaves_nothing_open(
    qtbot: QtBot, weak_db: Path, opened: list[Workspace]
) -> None:
    got: list[Workspace] = []
    w, dialog = sign_in_weak(qtbot, weak_db, got)
    w.close()
    assert got == []
    # The workspace was closed: the database opens again at once (no "already open").
    opened.append(workspace.unlock(weak_db, USERNAME, WEAK))
