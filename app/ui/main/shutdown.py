"""Signing out and closing: the automatic backups, then the database closes.

The window owns the workspace. Closing it or signing out waits for the
dashboard's read and any job still running, makes the automatic backup (off
the GUI thread, with the window disabled and saying so), then closes the
database. When the backup is due and what a failure says is the service's
(app.services.backup_schedule); here is only when it runs and who is told.

When the backup on quitting or signing out fails, the database stays open and
the user chooses: back up into another folder this once, or leave without a
backup (told when the last good one was made).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.services import session_log
from app.services.backup_schedule import (
    auto_backup_on_close,
    backup_on_close_into,
    daily_backup_if_due,
    last_good_backup_text,
)
from app.ui.background import BusyIndicator, OneJob, event_loop_running, running_jobs
from app.ui.changes import Change, What
from app.ui.qt import QCloseEvent, QFileDialog, isValid
from app.ui.security import BackupDialog
from app.ui.security.backup_prompts import BackupFailedDialog
from app.ui.security.common import failure_text
from app.ui.widgets import busy

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

CLOSING_TEXT = "Backing up and closing the database…"
LOGGED = Change(What.AUDIT)  # a backup made is written to the audit trail


class CloseAndBackUp:
    """The daily backup while signed in, and the backup on close before the database closes."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.started = False  # closing has begun: no new backup or action starts
        self.db_closed = False  # the workspace is closed
        self.daily = OneJob(window, ws=window.ws)  # the daily backup
        self.backing_up_on_close = OneJob(window)  # the backup on close, then closing
        self.closing_message = ""  # the automatic backup's failure, if it failed
        self.asking: BackupFailedDialog | None = None  # quitting waits for the user's choice

    # -- the daily backup ------------------------------------------------------------------
    @property
    def backing_up(self) -> bool:
        """The daily backup is being written."""
        return self.daily.running

    def start_daily_backup(self) -> None:
        """The daily backup, off the GUI thread, when a day has passed since the last."""
        if self.started or self.backing_up:
            return
        ws = self.window.ws
        self.daily.start(
            lambda: daily_backup_if_due(ws), self._daily_done, self._daily_failed, change=LOGGED
        )

    def _daily_done(self, problem: str | None) -> None:
        # One backup at a time: the Backups dialog's Back up now waited for this one.
        for dialog in self.window.findChildren(BackupDialog):
            dialog.daily_backup_ended()
        if problem and not self.started:
            self.window.message.show_error(problem)

    def _daily_failed(self, exc: BaseException) -> None:
        self._daily_done(failure_text(exc))

    # -- closing ---------------------------------------------------------------------------
    @property
    def closing(self) -> bool:
        """The backup on close is being made; the window closes when it is done."""
        return self.backing_up_on_close.running

    def sign_out(self) -> None:
        window = self.window
        session_log.leaving(window.ws, session_log.SIGNED_OUT)  # for the audit trail

        def signed_out() -> None:
            window.signed_out.emit()
            window.close()

        self.close_workspace_then(signed_out, quitting=True, signing_out=True)

    def restore_after_closing(self, backup_file: object) -> None:
        # Restoring needs the database closed: back up and close it first, then ask.
        session_log.leaving(self.window.ws, session_log.TO_RESTORE)
        self.close_workspace_then(lambda: self.window.restore_requested.emit(backup_file))

    def close_workspace_then(
        self, then: Callable[[], None], *, quitting: bool = False, signing_out: bool = False
    ) -> None:
        """Save the draft, back up if a folder is set and close the database, then `then()`.

        The backup is made off the GUI thread, after every job the window started
        has ended, with the window disabled and saying so. Without a running event
        loop (the app has quit) it is all done at once. `quitting`: if the backup
        fails, ask (BackupFailedDialog) before the database closes; `signing_out`
        says the user is signing out rather than quitting."""
        if self.db_closed:
            then()
            return
        if self.closing or self.asking is not None:
            return  # already on its way: pressing again changes nothing
        if not event_loop_running():
            self.close_workspace()
            then()
            return
        self._stop_starting_work()
        window = self.window
        ws, dashboard = window.ws, window.dashboard
        jobs = running_jobs(window)

        def work() -> str:
            for job in jobs:
                job.wait()  # a backup, an export or a key change finishes first
            dashboard.wait_idle()  # no read may outlive the workspace
            return auto_backup_on_close(ws) or ""

        def done(problem: str) -> None:
            self.closing_message = problem
            if problem and quitting:
                self._ask_about_the_backup(problem, then, signing_out=signing_out)
                return
            self._close_database()
            then()

        def failed(exc: BaseException) -> None:
            done(failure_text(exc))

        window.message.show_good(CLOSING_TEXT)
        busy_ = BusyIndicator([window.tabs, window.menuBar(), window.toolbar])
        self.backing_up_on_close.start(work, done, failed, busy=busy_)

    # -- the backup on quitting failed: another folder, or quit without one ----------------
    def _ask_about_the_backup(
        self, problem: str, then: Callable[[], None], *, signing_out: bool
    ) -> None:
        window = self.window
        dialog = BackupFailedDialog(
            problem, last_good_backup_text(window.ws), window, signing_out=signing_out
        )
        dialog.choose_folder.connect(lambda: self._another_folder(dialog, then))
        dialog.quit_without_backup.connect(lambda: self._quit_without_backup(then))
        dialog.finished.connect(dialog.deleteLater)
        self.asking = dialog
        dialog.open()

    def _another_folder(self, dialog: BackupFailedDialog, then: Callable[[], None]) -> None:
        """Back up this once into a folder the user chooses (not saved), then quit."""
        chosen = QFileDialog.getExistingDirectory(
            dialog, "Choose a folder for this backup", str(Path.home())
        )
        if chosen:
            self.back_up_into(Path(chosen), then)

    def back_up_into(self, folder: Path, then: Callable[[], None]) -> None:
        """The backup on quitting, into `folder`, off the GUI thread; quit when it is made."""
        dialog = self.asking
        if dialog is None or self.closing:
            return
        ws = self.window.ws

        def done(_written: object) -> None:
            self.closing_message = ""
            self._finish_asking()
            self._close_database()
            then()

        def failed(exc: BaseException) -> None:
            if self.asking is not None:
                self.asking.failed(failure_text(exc))

        dialog.backing_up(folder)
        self.backing_up_on_close.start(lambda: backup_on_close_into(ws, folder), done, failed)

    def _quit_without_backup(self, then: Callable[[], None]) -> None:
        self.closing_message = ""  # the user has read it and chosen
        self._finish_asking()
        self._close_database()
        then()

    def _finish_asking(self) -> None:
        dialog, self.asking = self.asking, None
        if dialog is not None and isValid(dialog) and dialog.isVisible():
            dialog.accept()

    def close_workspace(self) -> None:
        """close_workspace_then, at once: for callers that need the database closed now."""
        if self.db_closed:
            return
        if self.asking is not None:  # closing now is quitting without a backup
            if self.closing:
                self.backing_up_on_close.finish(timeout=None)
            self._finish_asking()
            self._close_database()
            return
        if self.closing:
            self.backing_up_on_close.finish(timeout=None)  # its `then` runs too
            return
        self._stop_starting_work()
        with busy():
            for job in running_jobs(self.window):
                job.finish_now()
            self.window.dashboard.wait_idle()
            self.closing_message = auto_backup_on_close(self.window.ws) or ""
        self._close_database()

    def _stop_starting_work(self) -> None:
        self.started = True
        wizard = self.window.wizard
        if wizard is not None and isValid(wizard) and wizard.isVisible():
            wizard.reject()  # its draft is saved before the database closes

    def _close_database(self) -> None:
        if self.db_closed:
            return
        self.db_closed = True
        window = self.window
        try:
            window.dashboard.wait_idle()  # a read started while the backup was made
            window.ws.close()
        finally:
            window.workspace_closed.emit()
            window.lock = None  # stopped by whoever made it

    def close_event(self, event: QCloseEvent) -> bool:
        """The window's closeEvent: True when the window may close now."""
        if self.db_closed:
            return True  # signing out and restoring closed the workspace first
        if event_loop_running():
            # The window stays, disabled and saying so, until the backup is made.
            event.ignore()
            self.close_workspace_then(self._close_after_backup, quitting=True)
            return False
        running = self.closing
        self.close_workspace()
        if self.closing_message and not running:
            self.window.tell_closing_problem(self.closing_message)
        return True

    def _close_after_backup(self) -> None:
        if self.closing_message:
            self.window.tell_closing_problem(self.closing_message)
        self.window.close()


__all__ = ["CLOSING_TEXT", "CloseAndBackUp"]
