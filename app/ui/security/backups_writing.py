"""Back up now, saving a new backup folder (only after a backup into it is checked),
and waiting while the daily backup is being written; for the Backups dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.services import backup
from app.services import settings as settings_service
from app.services.backup_schedule import backup_now
from app.services.workspace import Workspace
from app.ui import changes as told
from app.ui.background import BusyIndicator, OneJob
from app.ui.security.common import attempt, failure_text

if TYPE_CHECKING:
    from pathlib import Path

    from app.ui.security.backups import BackupDialog

LOGGED = told.Change(told.What.AUDIT)  # a backup made is written to the audit trail
SAVED = "Saved. The backup was written into this folder and checked; Casebook backs up here now."
BACKED_UP = "The backup was written and checked."
BACKED_UP_UNSAVED = (
    "The backup was written into this folder and checked. The folder is not saved: "
    "press Save these settings to back up here from now on."
)
SAVE_FAILED = " The backup folder was not changed."


class BackupWriting:
    """What Back up now and Save these settings do in `dialog`, one backup at a time (`work`)."""

    def __init__(self, dialog: BackupDialog, work: OneJob) -> None:
        self.dialog = dialog
        self.work = work
        self.daily_running = False  # the daily backup is being written meanwhile

    def _changes(self) -> dict[str, str]:
        folder = self.dialog.chosen_folder()
        wanted = {
            "backup_folder": str(folder) if folder else "",
            "backups_to_keep": self.dialog.keep.text().strip(),
        }
        current = self.dialog.ws.settings()
        return {k: v for k, v in wanted.items() if current[k] != v}

    def _check_folder(self) -> str | None:
        folder = self.dialog.chosen_folder()
        return None if folder is None else backup.folder_problem(self.dialog.ws, folder)

    def _refuse_folder(self, problem: str) -> None:
        self.dialog.message.show_error(problem)
        self.dialog.folder.setFocus()

    def save_settings(self, choose_again: bool = False) -> bool:
        """Save what was typed. A new folder (or, with `choose_again`, the Save button,
        the saved folder chosen again on another stick) is saved only after a backup
        into it has been written and checked, off the GUI thread. False when nothing
        was saved or the backup has only started."""
        if self.dialog.working or self.daily_running:
            return False
        problem = self._check_folder()
        if problem:
            self._refuse_folder(problem)
            return False
        ok, changes = attempt(self._changes)
        if not ok:
            self.dialog.message.show_error(changes)  # the typed folder and number stay as they are
            return False
        folder = self.dialog.chosen_folder()
        again = choose_again and folder is not None and bool(self.dialog._refused_folder(folder))
        if "backup_folder" in changes or again:
            keep = {"backups_to_keep": self.dialog.keep.text().strip()}
            ok, problem = attempt(lambda: settings_service.check(keep))
            if not ok:  # said before anything is written
                self.dialog.message.show_error(problem)
                self.dialog.keep.setFocus()
                return False
            self._start(
                lambda ws: backup.save_backup_folder(ws, folder, self.dialog.keep.text()),
                self._saved,
                self._save_failed,
                "Backing up into this folder, then checking the backup, before saving it…",
            )
            return False
        if changes:
            ok, problem = attempt(lambda: settings_service.update(self.dialog.ws, changes))
            if not ok:
                self.dialog.message.show_error(problem)
                return False
            told.tell(self.dialog.ws, told.Change(told.What.SETTINGS))
        self.dialog.message.show_good("Saved.")
        self.dialog.refresh_list()
        return True

    def _saved(self, written: Path | None) -> None:
        told.tell(self.dialog.ws, told.Change(told.What.SETTINGS))
        self._after_backup()
        self.dialog.message.show_good(
            SAVED if written else "Saved. Casebook is not making backups."
        )

    def _save_failed(self, exc: BaseException) -> None:
        self.dialog.message.show_error(failure_text(exc) + SAVE_FAILED)
        self.dialog.refresh_list()

    def daily_backup_started(self) -> None:
        """The daily backup is being written: Back up now waits for it (one at a time)."""
        self.daily_running = True
        self.dialog.backup_now.setEnabled(False)
        self.dialog._status("The daily backup is being written; Back up now is ready after it.", "")

    def daily_backup_ended(self) -> None:
        if not self.daily_running:
            return
        self.daily_running = False
        self.dialog.backup_now.setEnabled(True)
        ok, values = attempt(self.dialog.ws.settings)
        if ok:
            self.dialog.last_backup = values["last_backup_at"]
        self.dialog.refresh_list()

    def start_backup(self) -> None:
        """Back up now, into the folder typed. A folder typed but not saved is used this
        once and stays unsaved: only Save these settings changes where backups go."""
        if self.dialog.working or self.daily_running:
            return
        folder = self.dialog.chosen_folder()
        if folder is None:
            self._refuse_folder(
                "Choose a folder for backups first (a USB stick or a network share)."
            )
            return
        ok, values = attempt(self.dialog.ws.settings)
        if not ok:
            self.dialog.message.show_error(values)
            return
        typed = folder if self.dialog.is_dsl and values["backup_folder"] != str(folder) else None
        if typed is not None:
            problem = self._check_folder()
            if problem:
                self._refuse_folder(problem)
                return
        self._start(
            lambda ws: backup_now(ws, typed),
            lambda _written: self._backed_up(typed is not None),
            self._backup_failed,
            "Backing up, then checking the backup…",
        )

    def _start(
        self,
        work: Callable[[Workspace], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        status: str,
    ) -> None:
        self.dialog.message.clear()
        self.dialog._status(status, "")
        # Nothing that changes the folder or starts another backup or a restore meanwhile.
        controls = [
            self.dialog.backup_now,
            self.dialog.save,
            self.dialog.choose,
            self.dialog.folder,
            self.dialog.keep,
            self.dialog.restore,
            self.dialog.create_folder,
        ]
        busy = BusyIndicator(controls)
        ws = self.dialog.ws
        self.work.start(lambda: work(ws), done, failed, busy=busy, change=LOGGED)

    def _after_backup(self) -> None:
        ok, values = attempt(self.dialog.ws.settings)
        if ok:
            self.dialog.last_backup = values["last_backup_at"]
        self.dialog.refresh_list()

    def _backed_up(self, unsaved: bool) -> None:
        self._after_backup()
        self.dialog.message.show_good(BACKED_UP_UNSAVED if unsaved else BACKED_UP)

    def _backup_failed(self, exc: BaseException) -> None:
        self.dialog.message.show_error(failure_text(exc))
        self.dialog.refresh_list()
