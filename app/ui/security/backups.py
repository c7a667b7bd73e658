"""Backups: where they go, how many are kept, Back up now, and restoring one.

Every backup is encrypted, checked after it is written, and opens on another
computer with a staff password or the recovery key. Restoring never
overwrites: the current database is renamed aside first, and the new name is
shown so it can still be handed to IT.

When an automatic backup is due, and what its failure says, is decided in
app.services.backup_schedule; these screens only show the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from app.services import backup
from app.services.backup import BackupContents, read_backup
from app.services.backup_schedule import auto_backup_on_close, daily_backup_if_due
from app.services.workspace import Workspace
from app.ui.background import BackgroundJob, BusyIndicator, OneJob
from app.ui.dialog import Dialog
from app.ui.qt import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.security.backup_prompts import RESTORE_STEPS, restore_question
from app.ui.security.backups_writing import (
    BACKED_UP,
    BACKED_UP_UNSAVED,
    BackupWriting,
)
from app.ui.security.common import attempt, failure_text
from app.ui.widgets import (
    Message,
    add_field,
    button,
    button_row,
    heading,
    line_edit,
    plain_label,
    primary_button,
    set_role,
    strip_mnemonic,
)

BACKUP_INTRO = (
    "Casebook writes an encrypted backup to this folder when it closes and once a day. "
    "Use a USB stick or a network share, not this laptop: a backup on the same disk is "
    "lost with it. Each backup is checked after it is written, and opens on another "
    "computer with a staff password or the recovery key."
)
NO_FOLDER = "No backup folder is set, so Casebook is not making backups. Choose a folder."
DEPUTY_NOTE = "Only the DSL can change where backups go and how many are kept."
RADIO_STYLE = (  # as big a target as the app's check boxes
    "QRadioButton { min-height: 32px; } QRadioButton::indicator { width: 20px; height: 20px; }"
)
BACKUP_FILTER = "Casebook backups (*.casebook);;All files (*)"
SIGN_OUT_AND_RESTORE = "&Sign out and restore"
RESTORE_INTRO = (
    "Restoring puts a backup in place of the database. Nothing is overwritten or deleted: "
    "the current database file, damaged or not, is kept aside under a new name in the "
    "same folder, so IT can still look at it."
)


SAME_DISK = (
    "This folder is on the same disk as the database: if the laptop is lost or its disk "
    "fails, these backups go with it. Use a USB stick or a network share if you can."
)
NOT_SAVED_YET = (
    "This folder is not saved yet: automatic backups still go to {saved}. Save these "
    "settings to make it the backup folder (Casebook backs up into it first)."
)
NOT_SAVED_NONE = (
    "This folder is not saved yet, so Casebook is not making backups. Save these settings "
    "to make it the backup folder (Casebook backs up into it first)."
)


# -- words for dates and sizes -----------------------------------------------------
def when_text(moment: datetime) -> str:
    """A moment to the second: two backups in one minute must not look the same."""
    return backup.moment_text(moment)


def backup_time(path: Path) -> datetime | None:
    return backup.describe(path).made


def listed_text(path: Path, size: str) -> str:
    """One line of the list: when, why (if the name says) and how big."""
    found = backup.describe(path)
    when = when_text(found.made) if found.made else path.name
    why = f", {backup.REASONS[found.reason]}" if found.reason else ""
    return f"{when}{why}  ({size})"


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def last_backup_text(value: str) -> str:
    if not value:
        return "No automatic backup has been made yet."
    try:
        return f"Last backup: {when_text(datetime.fromisoformat(value))}, written and checked."
    except ValueError:
        return "The time of the last backup is not known."


def _folder_row(edit: QLineEdit, browse: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    row.addWidget(edit, 1)
    row.addWidget(browse)
    return row


def _labelled(column: QVBoxLayout, text: str, widget: QWidget, hint: str = "") -> QLabel:
    """add_field, for a field whose input sits in a row with its Browse… button."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setBuddy(widget)
    widget.setAccessibleName(strip_mnemonic(text))
    column.addSpacing(6)
    column.addWidget(label)
    if hint:
        column.addWidget(plain_label(hint, "hint"))
        widget.setAccessibleDescription(hint)
    return label


# -- the backup settings and Back up now -------------------------------------------
class BackupDialog(Dialog):
    """`restore_requested(RestoreRequest)`: the DSL chose a backup, was told what it
    replaces and typed a password it opens with (checked); the caller closes the
    workspace (restoring needs the database closed) and restores it with RestoreDialog."""

    restore_requested = Signal(object)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Backups", parent, width=660)
        fit_to_screen(self, 680, 690)
        self.ws = ws
        self.is_dsl = ws.account.is_dsl
        self._work = OneJob(self, ws=ws)  # one backup at a time
        self.writing = BackupWriting(self, self._work)  # Back up now and Save these settings
        self.restore_question: RestoreDialog | None = None
        self.column.addWidget(plain_label(BACKUP_INTRO))
        self._build_settings(self.column)
        self._build_status(self.column)
        self._build_list(self.column)

        self.choose.clicked.connect(self.choose_folder)
        self.save.clicked.connect(lambda: self.save_settings(choose_again=True))
        self.create_folder.clicked.connect(self.make_folder)
        self.backup_now.clicked.connect(self.start_backup)
        self.backups.currentRowChanged.connect(self._chosen)
        self.restore.clicked.connect(self._restore_chosen)
        self.close_button.clicked.connect(self.reject)
        self.folder.editingFinished.connect(self.refresh_list)
        self.load()

    def _build_settings(self, column: QVBoxLayout) -> None:
        """The folder and how many to keep; read-only for a deputy."""
        self.folder = line_edit(max_length=500)
        self.choose = button("C&hoose…")
        _labelled(column, "Backup &folder", self.folder)
        column.addLayout(_folder_row(self.folder, self.choose))
        self.disk_warning = plain_label(SAME_DISK, "error")
        self.disk_warning.setAccessibleName("Backup folder warning")
        self.disk_warning.hide()
        column.addWidget(self.disk_warning)
        self.keep = line_edit(max_length=3)
        self.keep.setMaximumWidth(120)
        add_field(column, "Backups to &keep", self.keep, "The oldest go when there are more.")
        self.save = button("&Save these settings")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save)
        save_row.addStretch(1)
        column.addSpacing(6)
        column.addLayout(save_row)
        if not self.is_dsl:
            self.folder.setReadOnly(True)
            self.keep.setReadOnly(True)
            self.choose.hide()
            self.save.hide()
            column.addWidget(plain_label(DEPUTY_NOTE, "hint"))

    def _build_status(self, column: QVBoxLayout) -> None:
        column.addSpacing(10)
        self.status = plain_label()
        self.status.setAccessibleName("Backup status")
        column.addWidget(self.status)
        self.message = Message()
        column.addWidget(self.message)
        self.create_folder = button("Cr&eate this folder")
        self.create_folder.hide()
        self.backup_now = primary_button("&Back up now")
        column.addSpacing(6)
        column.addLayout(button_row(self.backup_now, left=self.create_folder))

    def _build_list(self, column: QVBoxLayout) -> None:
        """The backups in the folder, with Restore (the DSL's) and Close below them."""
        self.backups = QListWidget()
        self.backups.setMinimumHeight(140)
        # The list takes the room left, never more: Restore and Close stay in view at 1366x768.
        self.backups.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.backups.setStyleSheet("QListWidget::item { padding: 6px 4px; }")  # big targets
        self.list_label = _labelled(column, "Backups in this folder, &newest first", self.backups)
        column.addWidget(self.backups, 1)
        self.restore = button("&Restore the chosen backup…")
        self.restore.setEnabled(False)
        self.close_button = button("Close")
        # Below the scrolling body, so Restore and Close are always in view.
        bottom = button_row(self.close_button, left=self.restore)
        bottom.setContentsMargins(24, 8, 24, 16)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.addLayout(bottom)
        if not self.is_dsl:
            self.restore.hide()

    def load(self) -> None:
        ok, values = attempt(self.ws.settings)
        if not ok:
            self.message.show_error(values)
            return
        self.folder.setText(values["backup_folder"])
        self.keep.setText(values["backups_to_keep"] or "10")
        self.last_backup = values["last_backup_at"]
        self.refresh_list()

    def chosen_folder(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def refresh_list(self) -> None:
        folder = self.chosen_folder()
        self.backups.clear()
        self.found: list[Path] = []
        if folder is None:
            self.create_folder.hide()
            self.disk_warning.hide()
            self._status(NO_FOLDER, "error")
            return
        ok, found = attempt(lambda: backup.list_backups(folder))
        self.found = found if ok else []
        for path in self.found:
            try:
                size = size_text(path.stat().st_size)
            except OSError:
                size = "size unknown"
            item = QListWidgetItem(listed_text(path, size))
            item.setToolTip(str(path))
            self.backups.addItem(item)
        refused = self._refused_folder(folder) if folder.is_dir() else None
        missing = not folder.exists()
        # The DSL may make a new folder on a drive that is there; never on its own.
        can_create = self.is_dsl and missing and folder.is_absolute() and folder.parent.is_dir()
        self.create_folder.setVisible(can_create)
        role = "error"
        if missing:
            text = (
                f"The folder {folder} does not exist. Plug in the USB stick or connect to the "
                "share, or choose another folder"
                + (", or use Create this folder." if can_create else ".")
            )
        elif not folder.is_dir():
            text = f"{folder} is a file, not a folder: choose a folder for the backups."
        elif refused:
            text = refused
        else:
            role = ""
            text = (
                last_backup_text(self.last_backup)
                if self.found
                else "There are no backups in this folder yet. Use Back up now."
            )
            unsaved = self._unsaved_folder_text(folder)
            if unsaved:
                text = f"{text}\n{unsaved}"
        self._status(text, role)
        self.disk_warning.setVisible(
            not missing and folder.is_absolute() and backup.on_the_database_disk(self.ws, folder)
        )
        if not self.found and self.message.text() in (BACKED_UP, BACKED_UP_UNSAVED):
            # It was about another folder (this one has no backup): it would mislead.
            self.message.clear()
        self._chosen()

    def _unsaved_folder_text(self, folder: Path) -> str:
        """Said under the status while the folder typed is not the saved one."""
        ok, values = attempt(self.ws.settings)
        if not ok or not self.is_dsl or values["backup_folder"] == str(folder):
            return ""
        saved = values["backup_folder"]
        return NOT_SAVED_YET.format(saved=saved) if saved else NOT_SAVED_NONE

    def make_folder(self) -> None:
        """Create this folder: the DSL asked for it (a new folder on a stick that is there)."""
        folder = self.chosen_folder()
        if folder is None:
            return
        ok, problem = attempt(lambda: backup.create_folder(self.ws, folder))
        if not ok:
            self.message.show_error(problem)
            return
        self.message.show_good(f"The folder {folder} was made.")
        self.refresh_list()
        self.backup_now.setFocus()

    def _refused_folder(self, folder: Path) -> str | None:
        """What backing up would say, when `folder` is the saved one on another stick."""
        ok, values = attempt(self.ws.settings)
        if not ok or values["backup_folder"] != str(folder):
            return None
        ok, problem = attempt(lambda: backup.saved_folder_problem(self.ws))
        return problem if ok else None

    def _status(self, text: str, role: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)
        set_role(self.status, role)

    def _chosen(self, *_: object) -> None:
        self.restore.setEnabled(0 <= self.backups.currentRow() < len(self.found))

    def choose_folder(self) -> None:
        start = self.folder.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Choose the backup folder", start)
        if chosen:
            self.folder.setText(chosen)
            self.refresh_list()

    @property
    def working(self) -> bool:
        """A backup is being written and checked."""
        return self._work.running

    @property
    def job(self) -> BackgroundJob[Any] | None:
        return self._work.job

    @property
    def daily_running(self) -> bool:
        """The daily backup is being written meanwhile."""
        return self.writing.daily_running

    def save_settings(self, choose_again: bool = False) -> bool:
        """Save these settings (see BackupWriting.save_settings)."""
        return self.writing.save_settings(choose_again)

    def start_backup(self) -> None:
        """Back up now, into the folder typed."""
        self.writing.start_backup()

    def daily_backup_started(self) -> None:
        """The daily backup is being written: Back up now waits for it (one at a time)."""
        self.writing.daily_backup_started()

    def daily_backup_ended(self) -> None:
        self.writing.daily_backup_ended()

    def _restore_chosen(self) -> None:
        """Ask first: what the restore replaces, and where today's file is kept."""
        row = self.backups.currentRow()
        if not 0 <= row < len(self.found):
            return
        chosen = self.found[row]
        made = backup_time(chosen)
        ok, aside = attempt(lambda: backup.expected_aside(self.ws.path))
        words = restore_question(when_text(made) if made else chosen.name, aside if ok else None)
        question = RestoreDialog(
            self.ws.path,
            self,
            chosen,
            question=f"{words} {RESTORE_STEPS}",
            username=self.ws.account.username,
        )
        question.confirmed.connect(self._restore_confirmed)
        question.rejected.connect(self.backups.setFocus)
        question.finished.connect(question.deleteLater)
        self.restore_question = question
        question.open()

    def _restore_confirmed(self, request: backup.RestoreRequest) -> None:
        self.restore_requested.emit(request)
        self.accept()

    def reject(self) -> None:
        if self.working:
            self.message.show_error("Wait for the backup to finish; it takes a few seconds.")
            return
        super().reject()


# -- restoring ----------------------------------------------------------------------
class RestoreDialog(Dialog):
    """Restore a backup file in place of the database at `db_path` (which must be closed).

    `restored(Path | None)` carries where the previous database was kept aside.

    Asked while signed in (`question`: what the restore replaces, and where today's
    file goes), it only checks that the backup opens with what was typed, then
    emits `confirmed(RestoreRequest)`: the window signs out and the restore runs
    with `request` over the sign-in page. Cancel, or a wrong password, leaves the
    DSL signed in where they were.
    """

    restored = Signal(object)
    confirmed = Signal(object)

    def __init__(
        self,
        db_path: Path,
        parent: QWidget | None = None,
        backup_file: Path | None = None,
        *,
        question: str = "",
        username: str = "",
        request: backup.RestoreRequest | None = None,
    ) -> None:
        super().__init__("Restore a backup", parent, width=620)
        self.asking = bool(question)
        fit_to_screen(self, 660, 620)
        self.setStyleSheet(RADIO_STYLE)
        self.db_path = db_path
        self.kept_aside: Path | None = None
        self.used_recovery_key = False
        self._work = OneJob(self)  # one restore at a time
        self._reading = OneJob(self)  # the chosen file, checked off the GUI thread
        self.describing: BackgroundJob[BackupContents] | None = None
        self.stack = QStackedWidget()
        self.question = plain_label(question)
        self.question.setAccessibleName("What restoring does")
        self.question.setVisible(self.asking)
        self.column.addWidget(self.question)
        self.column.addWidget(self.stack, 1)
        self.stack.addWidget(self._build_form(db_path))
        self.stack.addWidget(self._build_done())

        self.browse.clicked.connect(self.choose_file)
        self.file.editingFinished.connect(self.describe_file)
        self.with_key.toggled.connect(self._mode)
        self.restore_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.recovery_key.returnPressed.connect(self.submit)
        self.cancel.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        if self.asking:
            self.restore_button.setText(SIGN_OUT_AND_RESTORE)
            self.restore_button.setAccessibleName(strip_mnemonic(SIGN_OUT_AND_RESTORE))
            self.username.setText(username)
        if request is not None:  # asked and checked while signed in: fill in what was typed
            backup_file = request.backup
            self.with_key.setChecked(request.recovery_key is not None)
            self.recovery_key.setText(request.recovery_key or "")
            self.username.setText(request.username)
            self.password.setText(request.password)
        if backup_file is not None:
            self.file.setText(str(backup_file))
            self.describe_file()
            (self.password if username else self.username).setFocus()
        else:
            self.file.setFocus()

    def _build_form(self, db_path: Path) -> QWidget:
        """The first page: which file, and a staff password or the recovery key."""
        form = QWidget()
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(plain_label(RESTORE_INTRO))
        column.addWidget(plain_label(f"Database: {db_path}", "hint"))
        self.file = line_edit(max_length=1000)
        self.browse = button("&Browse…")
        _labelled(
            column,
            "Backup &file",
            self.file,
            "A file called casebook-backup-… .casebook, on the USB stick or share.",
        )
        column.addLayout(_folder_row(self.file, self.browse))
        self.about_file = plain_label(role="hint")
        self.about_file.hide()
        column.addWidget(self.about_file)

        column.addSpacing(8)
        column.addWidget(plain_label("Open the backup with"))
        self.with_password = QRadioButton("A staff &user name and password")
        self.with_key = QRadioButton("The recovery &key")
        for radio in (self.with_password, self.with_key):
            radio.setAccessibleName(strip_mnemonic(radio.text()))
            column.addWidget(radio)
        self.with_password.setChecked(True)
        self._build_credentials(column)
        column.addSpacing(8)
        self.message = Message()
        column.addWidget(self.message)
        column.addSpacing(8)
        self.restore_button = primary_button("&Restore this backup")
        self.cancel = button("Cancel")
        column.addLayout(button_row(self.restore_button, left=self.cancel))
        column.addStretch(1)
        return form

    def _build_credentials(self, column: QVBoxLayout) -> None:
        """A user name and password, or the recovery key (shown by the radio chosen)."""
        self.password_box = QWidget()
        box = QVBoxLayout(self.password_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self.username = line_edit(max_length=64)
        self.password = line_edit(password=True)
        add_field(box, "User &name", self.username)
        add_field(box, "&Password", self.password, "As it was when the backup was made.")
        self.key_box = QWidget()
        box = QVBoxLayout(self.key_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self.recovery_key = line_edit(max_length=80)
        add_field(
            box,
            "Recovery &key",
            self.recovery_key,
            "The key from the school safe. Dashes, spaces and capital letters do not matter.",
        )
        column.addWidget(self.password_box)
        column.addWidget(self.key_box)
        self.key_box.hide()

    def _build_done(self) -> QWidget:
        """The second page: restored, where the old database went, and how to sign in."""
        done = QWidget()
        column = QVBoxLayout(done)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(heading("The backup has been restored", 1.15))
        self.done_text = plain_label()
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.done_text)
        self.done_button = primary_button("&Done")
        column.addSpacing(8)
        column.addLayout(button_row(self.done_button))
        column.addStretch(1)
        return done

    def _mode(self, with_key: bool) -> None:
        self.key_box.setVisible(with_key)
        self.password_box.setVisible(not with_key)
        (self.recovery_key if with_key else self.username).setFocus()

    def choose_file(self) -> None:
        current = self.file.text().strip()
        start = str(Path(current).parent) if current else str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose a Casebook backup", start, BACKUP_FILTER
        )
        if chosen:
            self.file.setText(chosen)
            self.describe_file()

    def describe_file(self) -> None:
        """Say whether the chosen file is a complete backup, and when it was made.

        Reading and checking a large backup takes a while, so it happens off the
        GUI thread; only the answer for the file still chosen is shown."""
        text = self.file.text().strip()
        if not text:
            self.about_file.hide()
            return
        self._about("Checking the file…", "")
        if self._reading.running:
            return  # the file chosen now is checked when that check has ended

        def shown(contents: BackupContents) -> None:
            if self.file.text().strip() != text:
                self.describe_file()  # another file was chosen meanwhile: check that one
                return
            made = str(contents.manifest.get("created_at") or "")
            try:
                line = f"Made {when_text(datetime.fromisoformat(made))}. The file is complete."
            except ValueError:
                line = "The file is a complete Casebook backup."
            self._about(line, "good")

        def refused(exc: BaseException) -> None:
            if self.file.text().strip() == text:
                self._about(failure_text(exc), "error")
            else:
                self.describe_file()

        self.describing = self._reading.start(lambda: read_backup(Path(text)), shown, refused)

    def _about(self, text: str, role: str) -> None:
        self.about_file.setText(text)
        set_role(self.about_file, role)
        self.about_file.show()

    @property
    def working(self) -> bool:
        """A restore is moving files and checking the backup."""
        return self._work.running

    @property
    def job(self) -> BackgroundJob[Any] | None:
        return self._work.job

    def submit(self) -> None:
        if self.working:
            return
        problems: list[tuple[str, QLineEdit]] = []
        if not self.file.text().strip():
            problems.append(("Choose the backup file.", self.file))
        use_key = self.with_key.isChecked()
        if use_key:
            if not self.recovery_key.text().strip():
                problems.append(("Enter the recovery key.", self.recovery_key))
        else:
            if not self.username.text().strip():
                problems.append(("Enter a user name.", self.username))
            if not self.password.text():
                problems.append(("Enter the password.", self.password))
        if problems:
            self.message.show_error("\n".join(text for text, _ in problems))
            problems[0][1].setFocus()
            return
        source, target = Path(self.file.text().strip()), self.db_path
        if use_key:
            request = backup.RestoreRequest(source, recovery_key=self.recovery_key.text())
        else:
            request = backup.RestoreRequest(source, self.username.text(), self.password.text())
        self.used_recovery_key = use_key
        if self.asking:  # signed in: check it opens, then sign out to restore
            self.message.show_good("Checking the backup opens with that…")
            action: Callable[[], Any] = lambda: backup.check_opens(request)  # noqa: E731
            done: Callable[[Any], None] = lambda _contents: self._checked(request)  # noqa: E731
        else:
            self.message.show_good("Restoring and checking the backup…")
            action = lambda: backup.restore_request(request, target)  # noqa: E731
            done = self._done
        controls: list[QWidget] = [
            self.restore_button,
            self.cancel,
            self.browse,
            self.file,
            self.with_password,
            self.with_key,
            self.username,
            self.password,
            self.recovery_key,
        ]
        busy = BusyIndicator(controls)
        self._work.start(action, done, self._failed, busy=busy)

    def _checked(self, request: backup.RestoreRequest) -> None:
        self.password.clear()
        self.recovery_key.clear()
        self.accept()
        self.confirmed.emit(request)

    def _failed(self, exc: BaseException) -> None:
        self.password.clear()
        self.message.show_error(failure_text(exc))
        (self.recovery_key if self.used_recovery_key else self.password).setFocus()

    def _done(self, kept_aside: Path | None) -> None:
        self.password.clear()
        self.recovery_key.clear()
        self.kept_aside = kept_aside
        lines = []
        if self.kept_aside is not None:
            lines.append(
                f"The database that was there before was kept, renamed, at:\n{self.kept_aside}"
            )
        else:
            lines.append("There was no database here before, so nothing was set aside.")
        if self.used_recovery_key:
            lines.append(
                "Sign in with your password. If nobody knows a password, use "
                "'Forgot every password? Use the recovery key' on the sign-in screen "
                "to set a new DSL password."
            )
        else:
            lines.append("Sign in as usual.")
        self.done_text.setText("\n\n".join(lines))
        self.stack.setCurrentIndex(1)
        self.done_button.setDefault(True)
        self.done_button.setFocus()
        self.restored.emit(self.kept_aside)

    def reject(self) -> None:
        if self.working:
            return  # a restore is moving files: let it finish
        super().reject()


# -- a damaged database at sign-in ---------------------------------------------------
class DamagedDatabaseDialog(Dialog):
    def __init__(self, db_path: Path, message: str, parent: QWidget | None = None) -> None:
        super().__init__("Casebook cannot open the database", parent, width=620)
        self.db_path = db_path
        self.restored = False
        self.restore_dialog: RestoreDialog | None = None
        self.column.addWidget(plain_label(message))
        self.column.addSpacing(6)
        self.column.addWidget(
            plain_label(
                "Casebook has not changed the file and will not overwrite it. Restoring the "
                "latest backup keeps this file aside under a new name, so IT can still look "
                "at it. The latest backup is on the USB stick or share chosen for backups."
            )
        )
        self.column.addSpacing(10)
        self.restore_button = primary_button("&Restore the latest backup…")
        self.close_button = button("Close")
        self.column.addLayout(button_row(self.restore_button, left=self.close_button))
        self.column.addStretch(1)
        self.restore_button.clicked.connect(self.open_restore)
        self.close_button.clicked.connect(self.reject)
        self.restore_button.setFocus()

    def open_restore(self) -> None:
        dialog = RestoreDialog(self.db_path, self)
        dialog.restored.connect(self._restored)
        dialog.accepted.connect(self._finish)
        self.restore_dialog = dialog
        dialog.open()

    def _restored(self, _aside: object) -> None:
        self.restored = True

    def _finish(self) -> None:
        if self.restored:
            self.accept()


def damaged_database_prompt(parent: QWidget | None, db_path: Path, message: str) -> bool:
    """Say the database is damaged and offer a restore. True when a backup was restored."""
    dialog = DamagedDatabaseDialog(db_path, message, parent)
    dialog.exec()
    restored = dialog.restored
    dialog.deleteLater()
    return restored


# The automatic backups are app.ui.security's names too (see its __init__).
__all__ = [
    "BackupDialog",
    "DamagedDatabaseDialog",
    "RestoreDialog",
    "auto_backup_on_close",
    "daily_backup_if_due",
    "damaged_database_prompt",
]
