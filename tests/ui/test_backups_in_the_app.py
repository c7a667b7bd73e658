"""Backups in the whole app: a failed backup on leaving, and restoring from School > Backups.

The real Casebook controller on a copy of the training database: the choice
offered when the backup on quitting fails, a cancelled restore that leaves the
DSL signed in where they were, and a restore recorded in the restored trail.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.errors import WrongPassword
from app.services import audit, backup, cases, workspace
from app.services.backup_schedule import last_good_backup_text
from app.ui.app import Casebook
from app.ui.login import LoginWindow
from app.ui.main import shutdown as close_and_back_up
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, Qt, QTimer
from app.ui.security import BackupDialog, RestoreDialog
from app.ui.security.backup_prompts import BackupFailedDialog
from tests.helpers.ui import open_dialog
from tests.ui import test_app_wiring as wiring
from tests.ui.test_app_wiring import DEMO_PASSWORD, DEMO_USER, set_backup_folder, sign_in, track

# The whole-app fixtures: a copy of the training database, the controller, closing.
demo_template = wiring.demo_template
demo_db = wiring.demo_db
controllers = wiring.controllers
start = wiring.start
_close_tracked = wiring._close_tracked

FAILED = (
    "The backup folder /media/usb/backups is not there. Plug in the USB stick (or connect "
    "the share) it is on and try again; nothing was written anywhere else."
)


def signed_in_with_a_backup(
    qtbot: QtBot, demo_db: Path, folder: Path, start: Callable[[Path], Casebook]
) -> tuple[Casebook, MainWindow]:
    """Signed in, the daily backup made into `folder`."""
    set_backup_folder(demo_db, folder)
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    qtbot.waitUntil(lambda: len(backup.list_backups(folder)) == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not main.shutdown.backing_up)
    return controller, main


def the_question(qtbot: QtBot, main: MainWindow) -> BackupFailedDialog:
    qtbot.waitUntil(lambda: main.shutdown.asking is not None, timeout=20_000)
    dialog = main.shutdown.asking
    assert isinstance(dialog, BackupFailedDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_a_failed_backup_on_quitting_offers_another_folder(
    qtbot: QtBot,
    demo_db: Path,
    tmp_path: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb-stick"
    _controller, main = signed_in_with_a_backup(qtbot, demo_db, usb, start)
    last = last_good_backup_text(main.ws)
    assert last.startswith("The last good backup was made on ")
    monkeypatch.setattr(close_and_back_up, "auto_backup_on_close", lambda _ws: FAILED)
    told: list[str] = []
    monkeypatch.setattr(MainWindow, "tell_closing_problem", lambda _self, text: told.append(text))
    QTimer.singleShot(0, main.close)  # the title bar's close button
    dialog = the_question(qtbot, main)
    assert dialog.problem.text() == FAILED
    assert dialog.last_good.text().startswith(last)
    assert dialog.choose.text() == "&Choose another folder…" and dialog.choose.isDefault()
    assert dialog.quit.text() == "&Quit without a backup"
    assert main.isVisible()
    cases.list_drafts(main.ws)  # the database is still open while the user chooses
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # neither choice is made for the user
    assert dialog.isVisible() and main.isVisible()
    # Another folder, chosen in the folder dialog: backed up into this once, then quit.
    other = tmp_path / "another stick"
    other.mkdir()
    monkeypatch.setattr(
        close_and_back_up.QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(other)
    )
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=20_000)
    written = backup.list_backups(other)
    assert len(written) == 1 and written[0].name.endswith("-on-close.casebook")
    assert told == []  # said and chosen: no second message as the window goes
    ws = workspace.unlock(demo_db, DEMO_USER, DEMO_PASSWORD)  # closed and unlocked
    try:
        assert ws.settings()["backup_folder"] == str(usb)  # the saved folder stays
    finally:
        ws.close()


def test_quitting_without_a_backup_closes_and_a_failed_other_folder_asks_again(
    qtbot: QtBot,
    demo_db: Path,
    tmp_path: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb-stick"
    _controller, main = signed_in_with_a_backup(qtbot, demo_db, usb, start)
    monkeypatch.setattr(close_and_back_up, "auto_backup_on_close", lambda _ws: FAILED)
    told: list[str] = []
    monkeypatch.setattr(MainWindow, "tell_closing_problem", lambda _self, text: told.append(text))
    QTimer.singleShot(0, main.close)
    dialog = the_question(qtbot, main)
    # A folder nothing can be written to: said in the same dialog, both choices again.
    monkeypatch.setattr(
        close_and_back_up.QFileDialog, "getExistingDirectory", lambda *_a, **_k: "/proc"
    )
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("The backup could not be"))
    assert dialog.isVisible() and dialog.choose.isEnabled() and dialog.quit.isEnabled()
    # The folder dialog cancelled: nothing happens, the question stays.
    monkeypatch.setattr(close_and_back_up.QFileDialog, "getExistingDirectory", lambda *_a, **_k: "")
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and main.isVisible()
    qtbot.mouseClick(dialog.quit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=20_000)
    assert told == [] and len(backup.list_backups(usb)) == 1
    workspace.unlock(demo_db, DEMO_USER, DEMO_PASSWORD).close()  # closed and unlocked


def test_a_failed_backup_on_signing_out_asks_too_and_signs_out_when_chosen(
    qtbot: QtBot,
    demo_db: Path,
    tmp_path: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb-stick"
    controller, main = signed_in_with_a_backup(qtbot, demo_db, usb, start)
    monkeypatch.setattr(close_and_back_up, "auto_backup_on_close", lambda _ws: FAILED)
    QTimer.singleShot(0, main.sign_out_action.trigger)  # Case > Sign out
    dialog = the_question(qtbot, main)
    assert dialog.problem.text() == FAILED
    assert dialog.quit.text() == "&Sign out without a backup"
    assert dialog.last_good.text().endswith("or sign out without a backup.")
    assert controller.window is main and main.isVisible()  # still signed in while asked
    # Another folder this once: written there, then the sign-in page, saying nothing more.
    other = tmp_path / "another stick"
    other.mkdir()
    monkeypatch.setattr(
        close_and_back_up.QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(other)
    )
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, LoginWindow), timeout=20_000)
    login = controller.window
    assert isinstance(login, LoginWindow)
    wiring.track(login)
    assert len(backup.list_backups(other)) == 1 and login.message.text() == ""

    # Signing out without a backup, the second time: straight to the sign-in page.
    main = sign_in(qtbot, controller)
    QTimer.singleShot(0, main.sign_out_action.trigger)
    dialog = the_question(qtbot, main)
    qtbot.mouseClick(dialog.quit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, LoginWindow), timeout=20_000)
    wiring.track(controller.window)
    assert len(backup.list_backups(other)) == 1 and len(backup.list_backups(usb)) == 1
    workspace.unlock(demo_db, DEMO_USER, DEMO_PASSWORD).close()  # closed and unlocked


def test_a_cancelled_restore_leaves_the_dsl_signed_in_where_they_were(
    qtbot: QtBot, demo_db: Path, tmp_path: Path, start: Callable[[Path], Casebook]
) -> None:
    usb = tmp_path / "usb-stick"
    controller, main = signed_in_with_a_backup(qtbot, demo_db, usb, start)
    made = backup.list_backups(usb)[0]
    moment = backup.describe(made).made
    assert moment is not None
    main.backups_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, BackupDialog)
    dialog.backups.setCurrentRow(0)
    qtbot.mouseClick(dialog.restore, Qt.MouseButton.LeftButton)
    question = dialog.restore_question
    assert question is not None
    qtbot.waitExposed(question)
    assert question.question.text().startswith(
        f"This replaces today's records with those of {backup.moment_text(moment)}; "
        f"today's file is kept at {demo_db}.replaced-"
    )
    # A wrong password is said in the dialog, still signed in; then Cancel.
    qtbot.keyClicks(question.password, "not the password")
    qtbot.mouseClick(question.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not question.working, timeout=20_000)
    assert question.message.text() == str(WrongPassword())
    assert controller.window is main and question.isVisible()
    qtbot.mouseClick(question.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not question.isVisible())
    qtbot.wait(50)  # a queued sign-out would have run by now
    assert controller.window is main and main.isVisible() and controller.lock is not None
    assert dialog.isVisible()  # the same screen: the Backups dialog, over the dashboard
    assert not main.shutdown.started and not main.shutdown.db_closed
    cases.list_drafts(main.ws)  # still signed in: the database is open
    assert len(backup.list_backups(usb)) == 1  # no backup on close was made


def test_a_confirmed_restore_is_recorded_in_the_restored_trail(
    qtbot: QtBot, demo_db: Path, tmp_path: Path, start: Callable[[Path], Casebook]
) -> None:
    usb = tmp_path / "usb-stick"
    controller, main = signed_in_with_a_backup(qtbot, demo_db, usb, start)
    made = backup.list_backups(usb)[0]
    main.backups_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, BackupDialog)
    dialog.backups.setCurrentRow(0)
    qtbot.mouseClick(dialog.restore, Qt.MouseButton.LeftButton)
    question = dialog.restore_question
    assert question is not None
    qtbot.waitExposed(question)
    qtbot.keyClicks(question.password, DEMO_PASSWORD)
    qtbot.mouseClick(question.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, LoginWindow), timeout=20_000)
    login = controller.window
    assert isinstance(login, LoginWindow)
    track(login)
    restore = controller.restore_dialog
    assert isinstance(restore, RestoreDialog) and restore.file.text() == str(made)
    qtbot.waitUntil(lambda: restore.stack.currentIndex() == 1, timeout=20_000)
    aside = restore.kept_aside
    assert restore.password.text() == ""  # nothing typed is kept once it has run
    assert isinstance(aside, Path) and aside.exists()
    restore.done_button.click()
    QApplication.processEvents()
    ws = workspace.unlock(demo_db, DEMO_USER, DEMO_PASSWORD)
    try:
        with ws.read() as s:
            restored = [e for e in audit.entries_for(s) if e.action == audit.Action.RESTORED]
    finally:
        ws.close()
    contents = backup.read_backup(made)
    assert restored[-1].actor == DEMO_USER
    assert restored[-1].detail.startswith(
        f"restored the backup of {backup.made_text(contents.manifest['created_at'])}; "
        "the records of "
    )
    assert restored[-1].detail.endswith(f" were set aside at {aside}")
