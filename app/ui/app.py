"""Starting the GUI: first run or sign in, then the main window.

`run_gui` first opens the file a native crash is written to and names the log
file (`app.diagnostics`: no child data in either). `launch` wires what lives
for the whole run, in this order: the crash handler (first, so nothing after
it can fail without a calm dialog), one Casebook per user and database (a
second launch brings the first window forward and exits; if the first does
not answer, it says so and exits 1), then the controller, which keeps the
sign-in throttle for the life of the app and a lock (idle, Hide now) for as
long as someone is signed in.

Start-up imports only what the first window needs: SQLAlchemy, the models,
reportlab and the main window load on a background thread once that window
has painted, while the password is being typed (Python imports are
thread-safe; no widget is made there), or on first use.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.desktop.running_mutex import hold_running_mutex
from app.diagnostics import logfile, native
from app.diagnostics.lazylog import lazy_logger
from app.errors import CasebookError, DatabaseDamaged, SaveFailed
from app.long_lived import freeze_loaded
from app.security.throttle import LOCK_SCREEN, Throttle
from app.storage.paths import database_exists
from app.ui.background import BackgroundJob, OneJob, wait_for_all_work
from app.ui.fonts import register_script_fonts
from app.ui.login import RESTORED, LoginWindow
from app.ui.qt import QApplication, QEvent, QObject, Qt, QTimer, QWidget, make_namespace
from app.ui.security.crash import CrashHandler, install_crash_handler
from app.ui.security.single_instance import (
    NOT_ANSWERING,
    SingleInstance,
    bring_to_front,
    instance_key,
)
from app.ui.widgets import apply_look

if TYPE_CHECKING:
    from app.services.workspace import Workspace
    from app.ui.main_window import MainWindow
    from app.ui.security.backups import RestoreDialog
    from app.ui.security.lock import LockController

log = lazy_logger(__name__)

# What the signed-in window needs, loaded after the first paint (see `warm_up`).
WARM_UP = (
    "app.security.keyslots",
    "app.services.workspace",
    "app.models",
    "app.ui.security.lock",
    "app.ui.security.backups",
    "app.ui.main_window",
)

# Shown above the tabs when the full integrity check after sign-in finds damage.
DAMAGE_FOUND = (
    "Casebook's check found that the database file may be damaged. To keep what is "
    "already there safe, nothing more will be saved from now on. Make a note of what you "
    "were doing, then restore the latest backup (School > Backups…) or call IT."
)


class Casebook(QObject):
    """Which window is showing. Exactly one is open at a time."""

    def __init__(self, db_path: Path, *, throttle: Throttle | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.window: QWidget | None = None
        self.main_window: MainWindow | None = None  # the window, while it is the main one
        self._last_username = ""
        # The database's count of wrong passwords, on disk beside the key file and
        # shared with the lock screen and the command line: signing out and in
        # again, or a restart, does not reset it.
        self.throttle = throttle if throttle is not None else Throttle.for_database(db_path)
        self.lock: LockController | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.integrity_check: BackgroundJob[list[str]] | None = None

    def start(self) -> None:
        if database_exists(self.db_path):
            self.show_login()
        else:
            self.show_first_run()

    def show_first_run(self) -> None:
        from app.ui.first_run import FirstRunWindow  # once per installation: not imported before

        window = FirstRunWindow(self.db_path)
        window.completed.connect(self.show_login)
        self._swap(window)

    def show_login(self, username: str = "") -> LoginWindow:
        window = LoginWindow(self.db_path, username or self._last_username, throttle=self.throttle)
        window.signed_in.connect(self.show_main)
        self._swap(window)
        return window

    def show_main(self, ws: Workspace) -> MainWindow:
        from app.services import session_log
        from app.ui.main_window import MainWindow, idle_minutes
        from app.ui.security.lock import LockController, password_checker

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
        lock.throttle = self.throttle.for_user(ws.account.username, way=LOCK_SCREEN)
        self.lock = lock
        window = MainWindow(ws, lock=lock)
        lock.locked.connect(window.save_typing)
        # The audit trail: locking, unlocking, and how the session ends.
        lock.locked.connect(lambda: session_log.locked(ws, lock.reason.value))
        lock.unlocked.connect(lambda: session_log.unlocked(ws))
        session_log.leaving(ws, session_log.CLOSED)  # or signed out (app.ui.main.shutdown)
        window.signed_out.connect(self._signed_out)
        window.workspace_closed.connect(self._stop_lock)
        window.restore_requested.connect(self.restore_backup)
        self._swap(window, maximised=True)
        self.main_window = window
        QTimer.singleShot(0, window.start_daily_backup)
        self._check_integrity(window, ws)
        return window

    def _check_integrity(self, window: MainWindow, ws: Workspace) -> None:
        """The full check, off the sign-in path: on a worker once the window is up."""

        def checked(problems: list[str]) -> None:
            if problems and self.main_window is window:
                # The problems themselves are for `casebook verify`; they stay out of view.
                from app.services.workspace import STOPPED_FOR_DAMAGE

                log.warning("integrity check after sign-in: %d problem(s)", len(problems))
                ws.stop_writes(STOPPED_FOR_DAMAGE)  # what a refused save will say
                window.show_database_warning(DAMAGE_FOUND)

        def failed(error: BaseException) -> None:
            if isinstance(error, DatabaseDamaged):
                checked([str(error)])
            else:  # the check could not run (signed out meanwhile, say): nothing found
                log.warning("integrity check after sign-in did not run: %s", type(error).__name__)

        # The window's job: closing the workspace waits for it (it has its own connection).
        self.integrity_check = OneJob(window).start(ws.integrity_problems, checked, failed)

    def save_typing(self) -> None:
        """For the crash handler: save what is being typed; raise if it could not be."""
        window = self.main_window
        if window is not None and not window.save_typing():
            raise SaveFailed()

    def bring_to_front(self) -> None:
        """A second launch asked for this window (a lock panel, if locked, comes with it)."""
        if self.window is not None:
            bring_to_front(self.window)

    def restore_backup(self, chosen: object) -> None:
        """Sign out (saving the draft and the database), then restore over the sign-in page.

        `chosen`: a RestoreRequest (asked and checked while signed in: it runs at
        once), or a backup file to ask about."""
        from app.services.backup import RestoreRequest
        from app.ui.security.backups import RestoreDialog

        old = self.main_window
        if old is not None:
            old.save_typing()
            old.close_workspace()
        login = self._after_main()
        request = chosen if isinstance(chosen, RestoreRequest) else None
        dialog = RestoreDialog(
            self.db_path,
            login,
            backup_file=chosen if isinstance(chosen, Path) else None,
            request=request,
        )
        dialog.restored.connect(lambda _aside: login.message.show_good(RESTORED))
        dialog.finished.connect(dialog.deleteLater)
        self.restore_dialog = dialog
        dialog.open()  # window-modal over the sign-in page, without a nested event loop
        if request is not None:
            dialog.submit()

    def shutdown(self) -> None:
        """After the event loop: close whatever is still open (the workspace with it)."""
        if self.window is not None:
            self.window.close()
        self._stop_lock()
        check = self.integrity_check
        if check is not None:
            check.wait(10)  # its own read connection: let it end before the process does

    def _signed_out(self) -> None:
        self._after_main()

    def _after_main(self) -> LoginWindow:
        old = self.main_window
        login = self.show_login()
        if old is not None and old.closing_message:
            login.message.show_error(old.closing_message)
        return login

    def _stop_lock(self) -> None:
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.stop()
            lock.deleteLater()

    def _swap(self, new: QWidget, *, maximised: bool = False) -> None:
        # Show the new window before closing the old one, or Qt quits on "last window closed".
        old, self.window = self.window, new
        self.main_window = None
        if maximised:
            new.showMaximized()  # the dashboard and case files need the room on a laptop
        else:
            new.show()
        new.raise_()
        new.activateWindow()
        if old is not None:
            old.close()
            old.deleteLater()


class FirstPaint(QObject):
    """Calls `then()` once, as soon as `window` has finished its first paint.

    The window itself may get no paint event (its children cover it), so this
    watches the window and every widget in it, built by then. Not the whole
    application: every object an event went to (Qt's style, its windows) would
    reach Python, and PySide would make each one's enums before the paint.
    """

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        self._watched = [window, *window.findChildren(QWidget)]
        for widget in self._watched:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if self._watched and event.type() == QEvent.Type.Paint:
            watching, self._watched = self._watched, []
            for widget in watching:
                with contextlib.suppress(RuntimeError):  # deleted meanwhile
                    widget.removeEventFilter(self)
            # The rest of this paint pass runs before the timer: the window is painted then.
            QTimer.singleShot(0, self._then)
        return False


def warm_up(modules: tuple[str, ...] = WARM_UP) -> None:
    """Import what sign-in and the main window need; on a background thread."""
    make_namespace()  # first: Qt's enums (~30 ms), made here rather than at a click
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # it is imported again, on the GUI thread, when used
            log.warning("could not load %s ahead of time: %s", name, type(exc).__name__)
            return
    freeze_loaded()


class Running:
    """What lives for the whole run; `close` after the event loop ends."""

    # A plain class: dataclasses (with inspect) would cost the first window ~15 ms.
    def __init__(self, controller: Casebook, instance: SingleInstance, crash: CrashHandler) -> None:
        self.controller = controller
        self.instance = instance
        self.crash = crash
        self.warming: threading.Thread | None = None

    def after_first_paint(self) -> None:
        self.settle()
        self.start_warm_up()
        self.check_shared_folder()

    def settle(self) -> None:
        """What can wait for the first paint: collecting garbage, answering a second launch,
        the log, the icon, the script faces."""
        gc.enable()  # off while the first window was made (app.cli._open_window)
        self.instance.listen()  # a second launch is answered from now on
        register_script_fonts()  # names in Arabic, Chinese...: none on the sign-in window
        logfile.attach_if_enabled()  # records from plain loggers reach the log file too
        hold_running_mutex()  # Windows: setup waits for Casebook to close (casebook.iss)
        # The title bar and taskbar take the icon a moment later: unseen, and the
        # sign-in window does not wait for QIcon and eight PNG files.
        from app.ui.icon import app_icon

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setWindowIcon(app_icon())

    def check_shared_folder(self) -> None:
        """Shared records (Windows): say so if the folder's access list lets everyone in."""
        window = self.controller.window
        db_path = self.controller.db_path
        if window is None:
            return

        def check() -> str | None:
            from app.storage import data_location

            location = data_location.current()
            if location.db_path != db_path:
                return None  # --db or CASEBOOK_DB chose another file
            return data_location.shared_folder_problem(location)

        def show(problem: str | None) -> None:
            message = getattr(self.controller.window, "message", None)
            if problem and self.controller.window is window and message is not None:
                message.show_error(problem)

        OneJob(window).start(check, show, lambda _error: None)

    def start_warm_up(self) -> None:
        if self.warming is None:
            self.warming = threading.Thread(target=warm_up, name="casebook-warm-up", daemon=True)
            self.warming.start()

    def close(self) -> None:
        self.controller.shutdown()
        self.instance.close()
        if self.warming is not None:
            self.warming.join(30)  # never end the process half-way through an import
        wait_for_all_work()  # nor while a job's worker may still hand Qt its answer
        self.crash.uninstall()


class NotAnswering(CasebookError):
    """Another Casebook of this user has the database but did not come forward."""

    def __init__(self) -> None:
        super().__init__(NOT_ANSWERING)


def tell_not_answering() -> None:
    """Say so on the terminal (if there is one) and in a window (there may be none)."""
    from app.ui.qt import QMessageBox

    log.warning("a second launch found the first Casebook not answering")
    if sys.stderr is not None:  # the windowed build has no stderr
        print(f"casebook: {NOT_ANSWERING}", file=sys.stderr, flush=True)
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, NOT_ANSWERING)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("not-answering")
    box.exec()


def launch(
    app: QApplication, db_path: Path, *, log_folder: Path | None = None, warm: bool = True
) -> Running | None:
    """Start Casebook on `db_path`; None when another Casebook has it (that one comes forward).

    Raises NotAnswering when that other Casebook does not answer.

    `log_folder`: where crash logs go (tests); the per-user logs folder otherwise.
    `warm`: load the rest of the app in the background once the first window has
    painted (not when timing the start, which quits at that moment).
    """
    controllers: list[Casebook] = []

    def save_typing() -> None:
        for controller in controllers:
            controller.save_typing()

    crash = install_crash_handler(app, save_typing, log_folder=log_folder)
    instance = SingleInstance(instance_key(db_path))
    if not instance.is_primary(listen=False):
        answered = instance.send_show()
        crash.uninstall()
        if not answered:
            raise NotAnswering()
        return None
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("casebook")  # Linux: matches casebook.desktop (icon, taskbar)
    apply_look(app)
    controller = Casebook(db_path)
    controllers.append(controller)
    instance.show_requested.connect(controller.bring_to_front)
    controller.start()
    running = Running(controller, instance, crash)
    if controller.window is not None:
        FirstPaint(controller.window, running.after_first_paint if warm else running.settle)
    else:
        running.settle()
    return running


# For timing the start (make bench): print when the first window has painted, then quit.
EXIT_AFTER_FIRST_PAINT = "CASEBOOK_EXIT_AFTER_FIRST_PAINT"


def report_first_paint(app: QApplication) -> None:
    """`painted-at <time.time()>` on stdout, then quit with 0 (the start-up benchmark)."""
    sys.stdout.write(f"painted-at {time.time()!r}\n")
    sys.stdout.flush()
    app.quit()


EXIT_NOT_ANSWERING = 1


def run_gui(db_path: Path) -> int:
    native.enable()  # first: a fault in Qt from here on is written down
    logfile.enable()  # opened with the first record, or once the window has painted
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    timing = os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1"
    try:
        running = launch(app, db_path, warm=not timing)
    except NotAnswering:
        tell_not_answering()
        return EXIT_NOT_ANSWERING
    if running is None:
        return 0  # the Casebook already running has come to the front
    window = running.controller.window
    if timing and window is not None:
        FirstPaint(window, lambda: report_first_paint(app))
    try:
        return app.exec()
    finally:
        running.close()


if __name__ == "__main__":
    from app.storage.paths import default_db_path

    raise SystemExit(run_gui(default_db_path()))
