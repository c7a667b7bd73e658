"""No file Casebook writes around the edges (backups, crash logs, lock files) names a child."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.diagnostics import crashlog, logfile
from app.services import backup, cases, workspace
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui.qt import QApplication, QLineEdit, QTimer, QVBoxLayout, QWidget
from app.ui.security import (
    BackupDialog,
    LockController,
    SingleInstance,
    auto_backup_on_close,
    daily_backup_if_due,
    install_crash_handler,
    instance_key,
    password_checker,
)
from tests.helpers.ui import PASSWORD, USERNAME

CHILD = "Zoë Quixley-Marchbanks"
OTHER_CHILD = "Tobiah Wrenfield-Achebe"
NEEDLES = ("Quixley", "Wrenfield", "Marchbanks", "Achebe")


def encodings(text: str) -> list[bytes]:
    return [text.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")] + [
        text.lower().encode("utf-8"),
        text.upper().encode("utf-8"),
    ]


def scan(paths: list[Path]) -> None:
    assert paths
    for path in paths:
        data = path.read_bytes()
        for needle in (CHILD, OTHER_CHILD, *NEEDLES):
            for form in encodings(needle):
                assert form not in data, f"{path} holds a child's name"


def test_backups_crash_logs_and_lock_files_hold_no_childs_name(
    qtbot: QtBot,
    db_path: Path,
    make_db: Callable[..., str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    make_db()
    ws: Workspace = workspace.unlock(db_path, USERNAME, PASSWORD)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    crash = None
    lock = None
    instance = SingleInstance(instance_key(db_path))
    logfile.detach()
    logfile.attach(tmp_path / "app-logs")  # the log file IT reads, scanned with the rest
    try:
        case = cases.create_case(ws)
        cases.save_draft_page(
            ws, case.id, "incident", {"young_people": [{"name": CHILD}], "summary": OTHER_CHILD}
        )

        # A window with the name typed, hidden and unlocked; the lock's autosave keeps it.
        window = QWidget()
        qtbot.addWidget(window)
        name = QLineEdit()
        QVBoxLayout(window).addWidget(name)
        window.show()
        name.insert(CHILD)  # as typed (QTest can only type ASCII)

        def autosave() -> None:
            cases.save_draft_page(ws, case.id, "notes", {"typed": name.text()})

        lock = LockController(app, 5, password_checker(ws))
        lock.locked.connect(autosave)
        lock.hide_now()
        assert lock.try_unlock(PASSWORD)
        assert name.text() == CHILD
        assert cases.draft_pages(ws, case.id)["notes"] == {"typed": CHILD}

        # Backups: Back up now, on close and daily.
        usb = tmp_path / "usb-stick"
        settings_service.update(ws, {"backup_folder": str(usb)})
        dialog = BackupDialog(ws)
        qtbot.addWidget(dialog)
        dialog.backup_now.click()
        qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
        assert daily_backup_if_due(ws) is None
        assert auto_backup_on_close(ws) is None

        # An unexpected error whose message names the child.
        logs = tmp_path / "crash-logs"
        crash = install_crash_handler(app, autosave, log_folder=logs)

        def boom() -> None:
            raise ValueError(f"could not save {CHILD} and {OTHER_CHILD}")

        with qtbot.waitSignal(crash.shown, timeout=5000):
            QTimer.singleShot(0, boom)
        crashlog.write(ValueError, None)  # the default folder too (in the test's data dir)
        assert crash.dialog is not None
        dialog_text = crash.dialog.text.text() + crash.dialog.details

        # The single-instance lock file.
        assert instance.is_primary()
        lock_file = instance.lock_path  # in this user's runtime folder, never the shared temp
        assert not (Path(tempfile.gettempdir()) / f"{instance.key}.lock").exists()
        assert lock_file.exists()

        # A restore elsewhere, from the newest backup.
        newest = backup.list_backups(usb)[0]
        ws.close()
        backup.restore_backup(
            newest, tmp_path / "other" / "casebook.db", username=USERNAME, password=PASSWORD
        )
    finally:
        logfile.detach()
        if crash is not None:
            crash.uninstall()
            if crash.dialog is not None:
                crash.dialog.close()
        if lock is not None:
            lock.stop()
        ws.close()

    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.endswith(".py")]
    assert len(backup.list_backups(usb)) >= 2
    assert any(p.suffix == ".log" for p in written)
    assert (tmp_path / "app-logs" / logfile.LOG_NAME).stat().st_size > 0
    scan([*written, lock_file])
    instance.close()
    for needle in (CHILD, OTHER_CHILD, *NEEDLES):
        assert needle not in dialog_text
        assert needle not in caplog.text  # nor in anything logged
