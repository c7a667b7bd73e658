"""Starting the GUI: first run or sign in, then the main window.

`launch` wires what lives for the whole run, in this order: the crash handler
(first, so nothing after it can fail without a calm dialog), one Casebook per
database (a second launch brings the first window forward and exits), then the
controller, which keeps the sign-in throttle for the life of the app and a lock
(idle, Hide now) for as long as someone is signed in.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from app import APP_NAME, __version__
from app.errors import SaveFailed
from app.services import workspace
from app.services.throttle import SignInThrottle
from app.services.workspace import Workspace
from app.ui.about import app_icon
from app.ui.first_run import FirstRunWindow
from app.ui.login import RESTORED, LoginWindow
from app.ui.main_window import MainWindow, idle_minutes
from app.ui.qt import QApplication, QObject, QTimer, QWidget
from app.ui.security import (
    LockController,
    RestoreDialog,
    SingleInstance,
    bring_to_front,
    install_crash_handler,
    instance_key,
    password_checker,
)
from app.ui.security.crash import CrashHandler
from app.ui.widgets import apply_look


class Casebook(QObject):
    """Which window is showing. Exactly one is open at a time."""

    def __init__(self, db_path: Path, *, throttle: SignInThrottle | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.window: QWidget | None = None
        self._last_username = ""
        # One for the life of the app: signing out and in again does not reset it.
        self.throttle = throttle or SignInThrottle()
        self.lock: LockController | None = None
        self.restore_dialog: RestoreDialog | None = None

    def start(self) -> None:
        if workspace.database_exists(self.db_path):
            self.show_login()
        else:
            self.show_first_run()

    def show_first_run(self) -> None:
        window = FirstRunWindow(self.db_path)
        window.completed.connect(self.show_login)
        self._swap(window)

    def show_login(self, username: str = "") -> LoginWindow:
        window = LoginWindow(self.db_path, username or self._last_username, throttle=self.throttle)
        window.signed_in.connect(self.show_main)
        self._swap(window)
        return window

    def show_main(self, ws: Workspace) -> MainWindow:
        self._last_username = ws.account.username
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._stop_lock()
        lock = LockController(
            app,
            idle_minutes(ws),
            password_checker(ws),
            user_label=ws.account.display_name,
            parent=self,
        )
        self.lock = lock
        window = MainWindow(ws, lock=lock)
        lock.locked.connect(window.save_typing)
        window.signed_out.connect(self._signed_out)
        window.workspace_closed.connect(self._stop_lock)
        window.restore_requested.connect(self.restore_backup)
        self._swap(window)
        QTimer.singleShot(0, window.start_daily_backup)
        return window

    def save_typing(self) -> None:
        """For the crash handler: save what is being typed; raise if it could not be."""
        window = self.window
        if isinstance(window, MainWindow) and not window.save_typing():
            raise SaveFailed()

    def bring_to_front(self) -> None:
        """A second launch asked for this window (a lock panel, if locked, comes with it)."""
        if self.window is not None:
            bring_to_front(self.window)

    def restore_backup(self, backup_file: object) -> None:
        """Sign out (saving the draft and the database), then restore over the sign-in page."""
        old = self.window
        if isinstance(old, MainWindow):
            old.save_typing()
            old.close_workspace()
        login = self._after_main(old)
        dialog = RestoreDialog(
            self.db_path, login, backup_file=backup_file if isinstance(backup_file, Path) else None
        )
        dialog.restored.connect(lambda _aside: login.message.show_good(RESTORED))
        dialog.finished.connect(dialog.deleteLater)
        self.restore_dialog = dialog
        dialog.open()  # window-modal over the sign-in page, without a nested event loop

    def shutdown(self) -> None:
        """After the event loop: close whatever is still open (the workspace with it)."""
        if self.window is not None:
            self.window.close()
        self._stop_lock()

    def _signed_out(self) -> None:
        self._after_main(self.window)

    def _after_main(self, old: QWidget | None) -> LoginWindow:
        login = self.show_login()
        if isinstance(old, MainWindow) and old.closing_message:
            login.message.show_error(old.closing_message)
        return login

    def _stop_lock(self) -> None:
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.stop()
            lock.deleteLater()

    def _swap(self, new: QWidget) -> None:
        # Show the new window before closing the old one, or Qt quits on "last window closed".
        old, self.window = self.window, new
        if isinstance(new, MainWindow):
            new.showMaximized()  # the dashboard and case files need the room on a laptop
        else:
            new.show()
        new.raise_()
        new.activateWindow()
        if old is not None:
            old.close()
            old.deleteLater()


@dataclass
class Running:
    """What lives for the whole run; `close` after the event loop ends."""

    controller: Casebook
    instance: SingleInstance
    crash: CrashHandler

    def close(self) -> None:
        self.controller.shutdown()
        self.instance.close()
        self.crash.uninstall()


def launch(app: QApplication, db_path: Path, *, log_folder: Path | None = None) -> Running | None:
    """Start Casebook on `db_path`; None when another Casebook has it (that one comes forward).

    `log_folder`: where crash logs go (tests); the per-user logs folder otherwise.
    """
    controllers: list[Casebook] = []

    def save_typing() -> None:
        for controller in controllers:
            controller.save_typing()

    crash = install_crash_handler(app, save_typing, log_folder=log_folder)
    instance = SingleInstance(instance_key(db_path))
    if not instance.is_primary():
        instance.send_show()
        crash.uninstall()
        return None
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("casebook")  # Linux: matches casebook.desktop (icon, taskbar)
    app.setWindowIcon(app_icon())
    apply_look(app)
    controller = Casebook(db_path)
    controllers.append(controller)
    instance.show_requested.connect(controller.bring_to_front)
    controller.start()
    return Running(controller, instance, crash)


# For timing the start (make bench): quit as soon as the first window is shown.
EXIT_AFTER_FIRST_WINDOW = "CASEBOOK_EXIT_AFTER_FIRST_WINDOW"


def run_gui(db_path: Path) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    running = launch(app, db_path)
    if running is None:
        return 0  # the Casebook already running has come to the front
    if os.environ.get(EXIT_AFTER_FIRST_WINDOW) == "1":
        QTimer.singleShot(0, app.quit)  # `make bench` times the start to the first window
    try:
        return app.exec()
    finally:
        running.close()


if __name__ == "__main__":
    from app.paths import default_db_path

    raise SystemExit(run_gui(default_db_path()))
