"""Backups from the UI: the folder, Back up now, automatic backups, restoring, damaged files."""

from __future__ import annotations

import errno
import gc
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.errors import DatabaseDamaged, InvalidInput, WrongPassword
from app.services import accounts, backup, cases, workspace
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.storage import backup_folder
from app.storage.paths import keyslots_path
from app.ui.qt import QAbstractButton, QApplication, Qt, QTimer, QWidget
from app.ui.security import backups as backups_ui
from app.ui.security import backups_writing
from app.ui.security.backups import (
    BackupDialog,
    DamagedDatabaseDialog,
    RestoreDialog,
    auto_backup_on_close,
    daily_backup_if_due,
    damaged_database_prompt,
)
from tests.helpers.held import held, loop_runs_while_held
from tests.helpers.ui import PASSWORD, USERNAME, assert_accessible


@pytest.fixture
def dsl(db_path: Path, make_db: Callable[..., str], opened: list[Workspace]) -> Workspace:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    return ws


def shown(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()


def click(qtbot: QtBot, b: QAbstractButton) -> None:
    assert b.isVisible() and b.isEnabled(), b.text()
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


def back_up_now(qtbot: QtBot, d: BackupDialog) -> None:
    click(qtbot, d.backup_now)
    qtbot.waitUntil(lambda: not d.working, timeout=20_000)


def save_now(qtbot: QtBot, d: BackupDialog) -> None:
    """Save these settings; a new folder is backed up into first, off the GUI thread."""
    click(qtbot, d.save)
    qtbot.waitUntil(lambda: not d.working, timeout=20_000)


def restore_now(qtbot: QtBot, d: RestoreDialog) -> None:
    click(qtbot, d.restore_button)
    qtbot.waitUntil(lambda: not d.working, timeout=20_000)


def described(qtbot: QtBot, d: RestoreDialog) -> str:
    """What the dialog says about the chosen file, once it has been read."""
    qtbot.waitUntil(lambda: d.about_file.text() != "Checking the file…", timeout=20_000)
    return d.about_file.text()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_dsl_chooses_a_folder_and_backs_up_now(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    d = BackupDialog(dsl)
    shown(qtbot, d)
    assert_accessible(d)
    assert "not making backups" in d.status.text()
    assert d.keep.text() == "10"
    qtbot.keyClicks(d.folder, str(usb))
    d.keep.clear()
    qtbot.keyClicks(d.keep, "3")
    save_now(qtbot, d)  # a backup into the new folder first, then it is saved
    assert d.message.text() == backups_writing.SAVED
    assert dsl.settings()["backup_folder"] == str(usb)
    assert dsl.settings()["backups_to_keep"] == "3"
    # The folder now carries Casebook's marker, so the stick is known by it, not its letter.
    assert backup_folder.read_marker(usb) == dsl.settings()["backup_folder_id"] != ""
    written = backup.list_backups(usb)
    assert len(written) == 1 and d.backups.count() == 1
    assert backup.read_backup(written[0]).keys.database_id == dsl.keyslots().database_id
    assert d.status.text().startswith("Last backup: ")
    assert ", by hand  (" in d.backups.item(0).text()  # why it was made, to the second
    assert d.backups.item(0).text().endswith("KB)")
    back_up_now(qtbot, d)  # again at once: a second file, not "already exists"
    assert d.message.text() == "The backup was written and checked."
    assert len(backup.list_backups(usb)) == 2 and d.backups.count() == 2


def test_the_list_shows_only_the_newest_kept_and_a_backup_can_be_chosen_to_restore(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    settings_service.update(dsl, {"backup_folder": str(usb), "backups_to_keep": "2"})
    start = datetime(2026, 11, 1, 16, 0)
    for day in range(4):
        backup.backup_to_folder(dsl, now=start + timedelta(days=day))
    d = BackupDialog(dsl)
    shown(qtbot, d)
    assert [d.backups.item(i).text().split("  ")[0] for i in range(d.backups.count())] == [
        "4 November 2026 at 16:00:00",
        "3 November 2026 at 16:00:00",
    ]
    assert not d.restore.isEnabled()
    d.backups.setCurrentRow(1)
    click(qtbot, d.restore)  # asks first
    question = d.restore_question
    assert question is not None
    qtbot.waitExposed(question)
    assert question.username.text() == USERNAME  # who is signed in, to start with
    qtbot.keyClicks(question.password, PASSWORD)
    with qtbot.waitSignal(d.restore_requested, timeout=20_000) as chosen:
        click(qtbot, question.restore_button)
    request = chosen.args[0]
    assert isinstance(request, backup.RestoreRequest)
    assert request.backup == usb / "casebook-backup-20261103-160000.casebook"
    assert (request.username, request.password) == (USERNAME, PASSWORD)
    assert PASSWORD not in repr(request)


def test_a_backup_that_cannot_be_written_says_so_and_keeps_the_settings_typed(
    qtbot: QtBot, dsl: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = cases.create_case(dsl)
    cases.save_draft_page(dsl, case.id, "incident", {"summary": "kept"})
    usb = tmp_path / "usb"

    def read_only(ws: Workspace, out: Path, reason: str = "") -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(backup, "make_backup", read_only)
    usb.mkdir()
    d = BackupDialog(dsl)
    shown(qtbot, d)
    qtbot.keyClicks(d.folder, str(usb))
    back_up_now(qtbot, d)
    assert "could not be written" in d.message.text()
    assert "database itself is unchanged" in d.message.text()
    assert d.folder.text() == str(usb)
    assert d.backup_now.isEnabled()  # ready to try again
    assert backup.list_backups(usb) == []
    assert cases.draft_pages(dsl, case.id) == {"incident": {"summary": "kept"}}


def test_another_stick_under_the_saved_letter_is_refused_until_chosen_again(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    usb = tmp_path / "E"
    settings_service.update(dsl, {"backup_folder": str(usb)})
    backup.backup_to_folder(dsl)
    usb.rename(tmp_path / "our stick, in the safe")
    usb.mkdir()  # another stick now has the letter, with a folder of the same name
    d = BackupDialog(dsl)
    shown(qtbot, d)
    assert "drive letter may now belong to another USB stick" in d.status.text()
    back_up_now(qtbot, d)
    assert d.message.text().startswith(f"{usb} is not the backup folder Casebook was given")
    assert list(usb.iterdir()) == []  # nothing was written to the stranger's stick
    # The DSL means this stick: Save (the folder unchanged) backs up into it, then makes
    # it the backup folder.
    save_now(qtbot, d)
    assert d.message.text() == backups_writing.SAVED
    assert "drive letter" not in d.status.text()
    assert len(backup.list_backups(usb)) == 1
    back_up_now(qtbot, d)
    assert d.message.text() == "The backup was written and checked."
    assert len(backup.list_backups(usb)) == 2


def test_a_folder_beside_the_database_or_a_bad_number_is_refused(
    qtbot: QtBot, dsl: Workspace, db_path: Path
) -> None:
    d = BackupDialog(dsl)
    shown(qtbot, d)
    qtbot.keyClicks(d.folder, str(db_path.parent / "backups"))
    click(qtbot, d.save)
    assert "away from the database" in d.message.text()
    assert dsl.settings()["backup_folder"] == ""
    d.folder.clear()
    qtbot.keyClicks(d.folder, str(db_path.parent.parent / "usb"))
    d.keep.clear()
    qtbot.keyClicks(d.keep, "0")
    click(qtbot, d.save)
    assert d.message.text() == "Automatic backups to keep: enter a whole number from 1 to 100."
    assert d.keep.text() == "0" and dsl.settings()["backup_folder"] == ""


def test_a_deputy_can_back_up_but_not_move_the_backups(
    qtbot: QtBot, dsl: Workspace, db_path: Path, tmp_path: Path, opened: list[Workspace]
) -> None:
    usb = tmp_path / "usb"
    settings_service.update(dsl, {"backup_folder": str(usb)})
    accounts.add_account(dsl, "apatel", "Asha Patel", "Lighthouse meadow 17")
    dsl.close()
    deputy = workspace.unlock(db_path, "apatel", "Lighthouse meadow 17")
    opened.append(deputy)
    d = BackupDialog(deputy)
    shown(qtbot, d)
    assert d.folder.isReadOnly() and d.keep.isReadOnly()
    assert not d.save.isVisible() and not d.choose.isVisible() and not d.restore.isVisible()
    back_up_now(qtbot, d)
    assert len(backup.list_backups(usb)) == 1


def test_automatic_backups_on_close_and_daily(dsl: Workspace, tmp_path: Path) -> None:
    assert auto_backup_on_close(dsl) is None  # no folder chosen: nothing to do, no error
    usb = tmp_path / "usb"
    settings_service.update(dsl, {"backup_folder": str(usb)})
    assert daily_backup_if_due(dsl) is None  # never backed up: due
    assert len(backup.list_backups(usb)) == 1
    assert daily_backup_if_due(dsl) is None  # not due again today
    assert len(backup.list_backups(usb)) == 1
    # The USB stick was pulled out and something else now has its name.
    usb.rename(tmp_path / "usb-away")
    usb.write_text("not a folder")
    message = auto_backup_on_close(dsl)
    assert message is not None and "is not there" in message
    assert "nothing was written anywhere else" in message
    assert usb.read_text() == "not a folder"


def _backup_of(ws: Workspace, folder: Path) -> Path:
    return backup.backup_to_folder(ws, folder, create=True)


def test_restore_on_another_computer_with_a_password(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    reference = cases.create_case(dsl).reference
    made = _backup_of(dsl, tmp_path / "usb")
    elsewhere = tmp_path / "new-laptop" / "casebook.db"
    d = RestoreDialog(elsewhere)
    shown(qtbot, d)
    assert_accessible(d)
    qtbot.keyClicks(d.file, str(made))
    d.describe_file()
    assert described(qtbot, d).endswith("The file is complete.")
    qtbot.keyClicks(d.username, USERNAME)
    qtbot.keyClicks(d.password, "not the password")
    restore_now(qtbot, d)
    assert d.message.text() == str(WrongPassword())
    assert not elsewhere.exists()
    qtbot.keyClicks(d.password, PASSWORD)
    with qtbot.waitSignal(d.restored, timeout=20_000) as done:
        qtbot.keyClick(d.password, Qt.Key.Key_Return)
    assert done.args == [None]
    assert "nothing was set aside" in d.done_text.text()
    click(qtbot, d.done_button)
    restored = workspace.unlock(elsewhere, USERNAME, PASSWORD)
    try:
        assert [c.reference for c in cases.list_drafts(restored)] == [reference]
    finally:
        restored.close()


def test_restore_with_the_recovery_key(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], tmp_path: Path
) -> None:
    key = make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    made = _backup_of(ws, tmp_path / "usb")
    ws.close()
    elsewhere = tmp_path / "new-laptop" / "casebook.db"
    d = RestoreDialog(elsewhere, backup_file=made)
    shown(qtbot, d)
    click(qtbot, d.with_key)
    assert d.key_box.isVisible() and not d.password_box.isVisible()
    assert QApplication.focusWidget() is d.recovery_key
    qtbot.keyClicks(d.recovery_key, key.lower().replace("-", " "))
    with qtbot.waitSignal(d.restored, timeout=20_000):
        click(qtbot, d.restore_button)
    assert "recovery key" in d.done_text.text()
    workspace.unlock(elsewhere, USERNAME, PASSWORD).close()


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_damaged_database_is_never_overwritten_and_the_backup_restores(
    qtbot: QtBot, dsl: Workspace, db_path: Path, tmp_path: Path, damage: str
) -> None:
    reference = cases.create_case(dsl).reference
    made = _backup_of(dsl, tmp_path / "usb")
    dsl.close()
    data = db_path.read_bytes()
    # Cut short (a full disk, a pulled plug) or scribbled over at the start.
    damaged = data[: len(data) // 2] if damage == "truncated" else b"\xff" * 64 + data[64:]
    db_path.write_bytes(damaged)
    keys = keyslots_path(db_path).read_bytes()
    with pytest.raises(DatabaseDamaged) as refused:
        workspace.unlock(db_path, USERNAME, PASSWORD)
    message = str(refused.value)
    del refused
    gc.collect()

    prompt = DamagedDatabaseDialog(db_path, message)
    shown(qtbot, prompt)
    click(qtbot, prompt.close_button)
    assert not prompt.restored
    assert db_path.read_bytes() == damaged  # closing changes nothing

    prompt = DamagedDatabaseDialog(db_path, message)
    shown(qtbot, prompt)
    click(qtbot, prompt.restore_button)
    d = prompt.restore_dialog
    assert d is not None
    qtbot.waitExposed(d)
    qtbot.keyClicks(d.file, str(made))
    qtbot.keyClicks(d.username, USERNAME)
    qtbot.keyClicks(d.password, PASSWORD)
    with qtbot.waitSignal(d.restored, timeout=20_000) as done:
        click(qtbot, d.restore_button)
    aside = done.args[0]
    assert isinstance(aside, Path) and aside.parent == db_path.parent
    assert aside.read_bytes() == damaged  # kept byte for byte, under a new name
    assert keyslots_path(aside).read_bytes() == keys
    assert str(aside) in d.done_text.text()
    click(qtbot, d.done_button)
    assert prompt.restored and not prompt.isVisible()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    try:
        assert [c.reference for c in cases.list_drafts(ws)] == [reference]
    finally:
        ws.close()


def test_the_prompt_function_returns_false_when_closed(qtbot: QtBot, db_path: Path) -> None:
    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, DamagedDatabaseDialog)
        dialog.close_button.click()

    QTimer.singleShot(100, close_it)
    assert damaged_database_prompt(None, db_path, "The database file is damaged.") is False


def test_restoring_refuses_a_file_that_is_not_a_backup(
    qtbot: QtBot, dsl: Workspace, db_path: Path, tmp_path: Path
) -> None:
    dsl.close()
    before = files(db_path.parent)
    fake = tmp_path / "usb" / "casebook-backup-20261101-160000.casebook"
    fake.parent.mkdir()
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    d = RestoreDialog(db_path, backup_file=fake)
    shown(qtbot, d)
    assert "not a complete Casebook backup" in described(qtbot, d)
    qtbot.keyClicks(d.username, USERNAME)
    qtbot.keyClicks(d.password, PASSWORD)
    restore_now(qtbot, d)
    assert "nothing was restored" in d.message.text()
    assert files(db_path.parent) == before


def test_restore_refuses_while_the_database_is_open(
    qtbot: QtBot, dsl: Workspace, db_path: Path, tmp_path: Path
) -> None:
    made = _backup_of(dsl, tmp_path / "usb")
    before = db_path.read_bytes()
    d = RestoreDialog(db_path, backup_file=made)
    shown(qtbot, d)
    qtbot.keyClicks(d.username, USERNAME)
    qtbot.keyClicks(d.password, PASSWORD)
    restore_now(qtbot, d)
    assert "already has this database open" in d.message.text()
    assert db_path.read_bytes() == before


def test_backups_to_keep_must_be_a_number_in_range(dsl: Workspace) -> None:
    with pytest.raises(InvalidInput):
        settings_service.update(dsl, {"backups_to_keep": "many"})


# -- the window never freezes ---------------------------------------------------------


def test_back_up_now_runs_off_the_gui_thread_with_the_controls_disabled(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    settings_service.update(dsl, {"backup_folder": str(usb)})
    d = BackupDialog(dsl)
    shown(qtbot, d)
    with held(monkeypatch, backup, "make_backup") as gate:
        click(qtbot, d.backup_now)
        loop_runs_while_held(qtbot, gate)
        assert d.status.text() == "Backing up, then checking the backup…"
        for control in (d.backup_now, d.save, d.choose, d.folder, d.keep):
            assert not control.isEnabled()
        d.reject()  # Close while it runs: the dialog stays and says why
        assert d.isVisible() and "Wait for the backup" in d.message.text()
        gate.release()
        qtbot.waitUntil(lambda: not d.working, timeout=20_000)
    assert d.message.text() == "The backup was written and checked."
    assert d.backup_now.isEnabled() and d.folder.isEnabled()
    assert len(backup.list_backups(usb)) == 1 and d.backups.count() == 1


def test_a_restore_runs_off_the_gui_thread_and_a_wrong_password_comes_back(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _backup_of(dsl, tmp_path / "usb")
    elsewhere = tmp_path / "new-laptop" / "casebook.db"
    d = RestoreDialog(elsewhere, backup_file=made)
    shown(qtbot, d)
    described(qtbot, d)
    qtbot.keyClicks(d.username, USERNAME)
    qtbot.keyClicks(d.password, "not the password")
    with held(monkeypatch, backup, "restore_backup") as gate:
        click(qtbot, d.restore_button)
        loop_runs_while_held(qtbot, gate)
        assert d.message.text() == "Restoring and checking the backup…"
        for control in (d.restore_button, d.cancel, d.browse, d.file, d.password, d.with_key):
            assert not control.isEnabled()
        d.reject()  # files are moving: Cancel and Escape wait
        assert d.isVisible()
        gate.release()
        qtbot.waitUntil(lambda: not d.working, timeout=20_000)
    assert d.message.text() == str(WrongPassword())
    assert d.restore_button.isEnabled() and d.password.isEnabled() and d.password.text() == ""
    assert not elsewhere.exists()
    with held(monkeypatch, backup, "restore_backup") as gate:
        qtbot.keyClicks(d.password, PASSWORD)
        click(qtbot, d.restore_button)
        loop_runs_while_held(qtbot, gate)
        gate.release()
        qtbot.waitUntil(lambda: d.stack.currentIndex() == 1, timeout=20_000)
    assert "nothing was set aside" in d.done_text.text()
    workspace.unlock(elsewhere, USERNAME, PASSWORD).close()


def test_a_chosen_backup_file_is_read_and_checked_off_the_gui_thread(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _backup_of(dsl, tmp_path / "usb")
    d = RestoreDialog(tmp_path / "new-laptop" / "casebook.db")
    shown(qtbot, d)
    with held(monkeypatch, backups_ui, "read_backup") as gate:
        qtbot.keyClicks(d.file, str(made))
        d.describe_file()
        assert gate.entered.wait(10)
        assert d.about_file.text() == "Checking the file…" and d.about_file.isVisible()
        gate.release()
        assert described(qtbot, d).endswith("The file is complete.")


# -- issue 14: the saved folder, missing folders, the list, asking before a restore ----


def saved_stick(ws: Workspace, tmp_path: Path) -> Path:
    """A working USB folder, saved (with its marker) and backed up into once."""
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    backup.save_backup_folder(ws, usb, "10")
    return usb


def test_a_failed_back_up_now_leaves_the_saved_folder_unchanged(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    usb = saved_stick(dsl, tmp_path)
    saved = dsl.settings()
    before = files(usb)
    d = BackupDialog(dsl)
    shown(qtbot, d)
    d.folder.clear()
    qtbot.keyClicks(d.folder, "/proc")  # there, but nothing can be written to it
    back_up_now(qtbot, d)
    assert d.message.text() == (
        "The backup could not be written to /proc: check the USB stick or share is plugged "
        "in and has space. The database itself is unchanged."
    )
    assert "not saved yet: automatic backups still go to" in d.status.text()
    assert dsl.settings() == saved and files(usb) == before
    # Save refuses it too, and says the folder in use stays.
    save_now(qtbot, d)
    assert d.message.text().endswith("The backup folder was not changed.")
    assert dsl.settings() == saved and files(usb) == before
    # The automatic backups still go to the stick that works.
    assert auto_backup_on_close(dsl) is None
    assert len(backup.list_backups(usb)) == 2
    assert backup.list_backups(usb)[0].name.endswith("-on-close.casebook")


def test_back_up_now_into_a_typed_folder_does_not_save_it(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    usb = saved_stick(dsl, tmp_path)
    saved = dsl.settings()["backup_folder"]
    other = tmp_path / "other stick"
    other.mkdir()
    d = BackupDialog(dsl)
    shown(qtbot, d)
    d.folder.clear()
    qtbot.keyClicks(d.folder, str(other))
    back_up_now(qtbot, d)
    assert d.message.text() == backups_ui.BACKED_UP_UNSAVED
    assert len(backup.list_backups(other)) == 1 and d.backups.count() == 1
    assert dsl.settings()["backup_folder"] == saved == str(usb)


def test_a_missing_folder_is_refused_unless_the_dsl_creates_it(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    mount = tmp_path / "media" / "usb"  # the stick's mount point, with no stick in it
    mount.mkdir(parents=True)
    folder = mount / "Casebook backups"
    d = BackupDialog(dsl)
    shown(qtbot, d)
    qtbot.keyClicks(d.folder, str(folder))
    d.refresh_list()
    assert d.status.text().startswith(f"The folder {folder} does not exist.")
    assert d.create_folder.isVisible()
    back_up_now(qtbot, d)
    assert d.message.text().startswith(f"The folder {folder} does not exist, so nothing")
    save_now(qtbot, d)
    assert "does not exist" in d.message.text()
    assert d.message.text().endswith("The backup folder was not changed.")
    assert not folder.exists() and dsl.settings()["backup_folder"] == ""
    # Asked for: the folder is made, then saving backs up into it.
    click(qtbot, d.create_folder)
    assert folder.is_dir() and not d.create_folder.isVisible()
    save_now(qtbot, d)
    assert d.message.text() == backups_writing.SAVED
    assert dsl.settings()["backup_folder"] == str(folder)
    # A drive that is not there at all cannot have a folder made on it.
    d.folder.clear()
    qtbot.keyClicks(d.folder, str(tmp_path / "E" / "Casebook backups"))
    d.refresh_list()
    assert "does not exist" in d.status.text() and not d.create_folder.isVisible()


def test_a_folder_on_the_databases_own_disk_is_warned_about(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    laptop = tmp_path / "backups on the laptop"
    laptop.mkdir()
    d = BackupDialog(dsl)
    shown(qtbot, d)
    qtbot.keyClicks(d.folder, str(laptop))
    d.refresh_list()
    assert d.disk_warning.isVisible() and d.disk_warning.text() == backups_ui.SAME_DISK
    other_disk = Path("/dev/shm")
    if other_disk.is_dir() and os.stat(other_disk).st_dev != os.stat(tmp_path).st_dev:
        d.folder.clear()
        qtbot.keyClicks(d.folder, str(other_disk))
        d.refresh_list()
        assert not d.disk_warning.isVisible()


def test_the_list_shows_seconds_and_why_each_backup_was_made(
    qtbot: QtBot, dsl: Workspace, tmp_path: Path
) -> None:
    usb = saved_stick(dsl, tmp_path)
    for old in backup.list_backups(usb):
        old.unlink()
    minute = datetime(2026, 11, 3, 16, 0)
    backup.backup_to_folder(dsl, now=minute.replace(second=5), reason=backup.DAILY_REASON)
    backup.backup_to_folder(dsl, now=minute.replace(second=41), reason=backup.ON_CLOSE)
    backup.backup_to_folder(dsl, now=minute.replace(second=52), reason=backup.BY_HAND)
    backup.backup_to_folder(dsl, now=minute.replace(minute=0) - timedelta(days=1))  # older
    d = BackupDialog(dsl)
    shown(qtbot, d)
    shown_texts = [d.backups.item(i).text().split("  ")[0] for i in range(d.backups.count())]
    assert shown_texts == [
        "3 November 2026 at 16:00:52, by hand",
        "3 November 2026 at 16:00:41, on close",
        "3 November 2026 at 16:00:05, daily",
        "2 November 2026 at 16:00:00",  # named before backups said why: still listed
    ]


def test_a_restore_asks_first_and_cancel_changes_nothing(
    qtbot: QtBot, dsl: Workspace, db_path: Path, tmp_path: Path
) -> None:
    usb = saved_stick(dsl, tmp_path)
    made = backup.list_backups(usb)[0]
    moment = backup.describe(made).made
    assert moment is not None
    d = BackupDialog(dsl)
    shown(qtbot, d)
    requested: list[object] = []
    d.restore_requested.connect(requested.append)
    d.backups.setCurrentRow(0)
    click(qtbot, d.restore)
    question = d.restore_question
    assert question is not None
    qtbot.waitExposed(question)
    assert_accessible(question)
    assert question.restore_button.accessibleName() == "Sign out and restore"
    text = question.question.text()
    assert text.startswith(
        f"This replaces today's records with those of {backups_ui.when_text(moment)}; "
        f"today's file is kept at {db_path}.replaced-"
    )
    assert question.question.isVisible()
    before = files(db_path.parent)
    # A wrong password is said there, still signed in, and nothing is asked for.
    qtbot.keyClicks(question.password, "not the password")
    click(qtbot, question.restore_button)
    qtbot.waitUntil(lambda: not question.working, timeout=20_000)
    assert question.message.text() == str(WrongPassword())
    assert question.isVisible() and requested == []
    qtbot.keyClick(question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not question.isVisible())
    assert requested == [] and d.isVisible()
    assert dsl.settings()["backup_folder"] == str(usb)  # still signed in: the database is open
    click(qtbot, d.restore)
    question = d.restore_question
    assert question is not None
    qtbot.waitExposed(question)
    click(qtbot, question.cancel)
    assert requested == [] and d.isVisible()
    assert files(db_path.parent).keys() == before.keys()
