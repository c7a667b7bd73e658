"""Render the security screens to PNG, headless: `python -m tools.screenshots.security OUTDIR`.

The lock screens are window-sized (1366x768, or the screen at 150%); each dialog
is shown at its own size, which must fit the screen. Uses a throwaway database in a
temporary folder (cheap key derivation) with fictional data only.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from tools.screenshots import shots

# Before Qt starts: no display needed. Before any key is made: a cheap KDF for
# the throwaway database only (the cost is stored in its key file).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["CASEBOOK_KDF"] = "fast"

from app.services import accounts, backup, cases, workspace  # noqa: E402
from app.services import settings as settings_service  # noqa: E402
from app.services.audit import ChainReport  # noqa: E402
from app.services.workspace import Workspace  # noqa: E402
from app.ui.qt import (  # noqa: E402
    QApplication,
    QEvent,
    QMainWindow,
    QPlainTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from app.ui.security.accounts_dialog import AccountsDialog  # noqa: E402
from app.ui.security.audit_viewer import AuditViewer, chain_text  # noqa: E402
from app.ui.security.backups import (  # noqa: E402
    BackupDialog,
    DamagedDatabaseDialog,
    RestoreDialog,
)
from app.ui.security.crash import CrashDialog  # noqa: E402
from app.ui.security.lock import LockController, LockReason  # noqa: E402
from app.ui.widgets import add_field, heading, line_edit  # noqa: E402

SIZE = (1366, 768)
SCHOOL = "St Aidan's C of E Academy"
USERNAME = "jsmith"
PASSWORD = "Kettle lantern orbit 42"
FULL_NAME = "Jo Smith"
DEPUTY = ("apatel", "Asha Patel", "Lighthouse meadow 17")
FICTIONAL_NOTE = "Fictional note typed before locking: nothing here may show while locked."


def _settle() -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):  # let layouts settle before grabbing
        app.processEvents()


def _save(widget: QWidget, out: Path, name: str, *, size: tuple[int, int] | None = None) -> Path:
    if size is not None:
        shots.size_window(widget, *size)
    widget.show()
    _settle()
    area = widget.screen().availableGeometry()
    if widget.width() > area.width() or widget.height() > area.height():
        raise RuntimeError(f"{name} is {widget.width()}x{widget.height()}: too big for the screen")
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _stand_in_window() -> tuple[QMainWindow, QPlainTextEdit]:
    """A window with a record on screen, to show that the lock hides all of it."""
    window = QMainWindow()
    window.setWindowTitle(f"Casebook — {SCHOOL}")
    bar = QToolBar("Main")
    bar.addAction("New incident")
    bar.addAction("Cases")
    window.addToolBar(bar)
    body = QWidget()
    column = QVBoxLayout(body)
    column.addWidget(heading("Case 2026-0007 (fictional)"))
    name = line_edit()
    name.setText("Fictional Pupil")
    add_field(column, "Young person", name)
    notes = QPlainTextEdit()
    notes.setPlainText(FICTIONAL_NOTE)
    add_field(column, "What happened", notes)
    window.setCentralWidget(body)
    return window, notes


def _database(tmp: Path) -> tuple[Path, Workspace]:
    db = tmp / "school" / "casebook.db"
    ws, _key = workspace.create_database(db, USERNAME, PASSWORD, FULL_NAME, SCHOOL)
    accounts.add_account(ws, DEPUTY[0], DEPUTY[1], DEPUTY[2])
    accounts.add_account(ws, "mbrown", "Mark Brown", "Orchard pebble canyon 8")
    accounts.remove_account(ws, "mbrown")
    for _ in range(3):
        case = cases.create_case(ws)
        cases.save_draft_page(ws, case.id, "incident", {"summary": "fictional"})
    return db, ws


def _render_lock(app: QApplication, out: Path) -> list[Path]:
    made: list[Path] = []
    window, notes = _stand_in_window()
    shots.size_window(window, *SIZE)
    window.show()
    notes.setFocus()
    _settle()
    made.append(_save(window, out, "security_0_before_locking"))
    lock = LockController(app, 5, lambda pw: pw == PASSWORD, user_label=FULL_NAME)
    lock.lock(LockReason.IDLE)
    made.append(_save(window, out, "security_1_lock_screen"))
    for _ in range(3):
        lock.try_unlock("not the password")
    made.append(_save(window, out, "security_1_lock_screen_wrong_passwords"))
    lock.throttle.succeeded()
    lock.try_unlock(PASSWORD)
    lock.hide_now()
    made.append(_save(window, out, "security_2_hidden_screen"))
    lock.try_unlock(PASSWORD)
    lock.stop()
    window.close()
    return made


def _render_accounts(ws: Workspace, out: Path) -> list[Path]:
    made: list[Path] = []
    dialog = AccountsDialog(ws)
    dialog.select(DEPUTY[0])
    made.append(_save(dialog, out, "security_3_accounts"))
    dialog.open_add()
    dialog.add_name.setText("Sam Okafor")
    dialog.add_username.setText("sokafor")
    dialog.add_passwords.password.setText("short")
    dialog.submit_add()
    made.append(_save(dialog, out, "security_3_accounts_add_weak_password"))
    dialog.back_to_list()
    dialog.select(DEPUTY[0])
    dialog.open_remove()
    made.append(_save(dialog, out, "security_3_accounts_remove_confirm"))
    dialog.back_to_list()
    dialog.open_recovery()
    dialog.submit_recovery()
    if dialog.job is not None:
        dialog.job.finish_now()  # made off the GUI thread: show its result now
    made.append(_save(dialog, out, "security_3_accounts_new_recovery_key"))
    dialog.key_tick.setChecked(True)
    dialog.key_done.click()
    dialog.close()
    return made


def _render_backups(ws: Workspace, usb: Path, out: Path) -> tuple[list[Path], Path]:
    """The backups dialog over four backups; also the newest backup, for the restore."""
    settings_service.update(ws, {"backup_folder": str(usb), "backups_to_keep": "10"})
    start = datetime.now().replace(microsecond=0) - timedelta(days=3, hours=2)
    for day in range(3):
        moment = start + timedelta(days=day, minutes=day * 7)
        backup.backup_to_folder(ws, now=moment, reason=backup.DAILY_REASON)
    backup.backup_to_folder(ws, reason=backup.BY_HAND)
    backups = BackupDialog(ws)
    made = [_save(backups, out, "security_4_backups")]
    backups.close()
    return made, backup.list_backups(usb)[0]


def _render_restore(db: Path, latest: Path, out: Path) -> list[Path]:
    """The restore and damaged-database dialogs, with the database closed."""
    made: list[Path] = []
    restore = RestoreDialog(db, backup_file=latest)
    restore.username.setText(USERNAME)
    if restore.describing is not None:
        restore.describing.finish_now()  # the file is checked off the GUI thread
    made.append(_save(restore, out, "security_5_restore"))
    restore.close()

    damaged = DamagedDatabaseDialog(
        db,
        "The password is right but the database file at "
        f"{db} is damaged. Do not delete it: restore the latest backup.",
    )
    made.append(_save(damaged, out, "security_5_damaged_database"))
    damaged.close()
    return made


def _render_audit(ws: Workspace, out: Path) -> list[Path]:
    made: list[Path] = []
    viewer = AuditViewer(ws)
    made.append(_save(viewer, out, "security_6_audit_viewer"))
    viewer.banner.show_error(
        chain_text(
            ChainReport(
                42,
                [
                    "audit entry 17 has been changed",
                    "the newest audit entries have been removed or replaced",
                ],
            )
        )
    )
    made.append(_save(viewer, out, "security_6_audit_viewer_broken_chain"))
    viewer.close()
    return made


def _render_crash(tmp: Path, out: Path) -> list[Path]:
    crash = CrashDialog(
        tmp / "logs" / "crash-20261103-160512-123456.log",
        "Casebook crash report (contains no case data)\n",
        True,
    )
    made = [_save(crash, out, "security_7_crash_dialog")]
    crash.close()
    return made


def render_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp_text:
        tmp = Path(tmp_text)
        made += _render_lock(app, out)
        db, ws = _database(tmp)
        try:
            made += _render_accounts(ws, out)
            backups, latest = _render_backups(ws, tmp / "usb-stick", out)
            made += backups
        finally:
            ws.close()
        made += _render_restore(db, latest, out)
        ws = workspace.unlock(db, USERNAME, PASSWORD)
        try:
            made += _render_audit(ws, out)
        finally:
            ws.close()
        made += _render_crash(tmp, out)
    _dispose()
    return made


def _dispose() -> None:
    # Delete every window while the QApplication still exists: left to the
    # interpreter's exit, a widget kept alive by a connected lambda would be
    # deleted after it, and crash.
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def main(argv: list[str]) -> int:
    return shots.run("tools.screenshots.security", render_all, argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
