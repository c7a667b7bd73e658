"""Signing in, and the recovery-key route for when every password is lost.

Wrong passwords slow down (the database's Throttle, shared with the lock screen
and the command line, passed in by the app), the wait counts down on the page,
and a damaged database offers to restore the latest backup.

The key derivation and opening the database run on a worker thread, one
attempt at a time, with the controls disabled: the window never freezes. This
module is on the path to the first window, so SQLAlchemy, the services and the
backup dialogs are imported only when they are used.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import DatabaseDamaged, DatabaseFileLost, KeySlotsDamaged
from app.security.throttle import SignInWait, Throttle
from app.ui.background import BusyIndicator, OneJob, failure_text
from app.ui.qt import (
    QCloseEvent,
    QDialog,
    QLabel,
    QLineEdit,
    QObject,
    QProgressBar,
    QPushButton,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import fit_to_screen, keep_fitted
from app.ui.security import signin
from app.ui.widgets import (
    Message,
    PasswordPair,
    add_field,
    button,
    button_row,
    centred_column,
    heading,
    line_edit,
    link_button,
    plain_label,
    primary_button,
)

if TYPE_CHECKING:
    from app.services.workspace import Workspace

FORGOT = "Forgot every password? Use the recovery key"
RESTORED = "The backup has been restored. Sign in to carry on."
SIGNING_IN = "Signing in… Checking the password takes a few seconds."
SIGNING_IN_BUTTON = "Signing in…"
CHANGING = "Changing your password…"
STRONGER_TITLE = "Choose a stronger password"
STRONGER_TEXT = (
    "Your password is now too easy to guess: Casebook checks passwords more carefully "
    "than when yours was set. Please choose a stronger one before you go on."
)
CHANGED = "Your password has been changed. Use the new one from now on."
OWN_TITLE = "Choose your own password"
OWN_TEXT = (
    "The DSL set the password you signed in with. Choose your own now: only you should "
    "know it. Casebook opens once it is changed."
)
OWN_NEEDED = (
    "You need to choose your own password before you can use Casebook. "
    "Sign in again when you are ready."
)
# What has to happen after a right password, before the dashboard opens.
NOTHING, WEAK, FIRST = "", "weak", "first"
RECOVERING = "Checking the recovery key…"
TRY_AGAIN = "You can try again now."
DAMAGED = (DatabaseDamaged, DatabaseFileLost, KeySlotsDamaged)


def damaged_database_prompt(parent: QWidget, db_path: Path, message: str) -> bool:
    """The restore-the-latest-backup prompt (app.ui.security.backups), loaded when needed."""
    from app.ui.security.backups import damaged_database_prompt as prompt

    return prompt(parent, db_path, message)


class SigningInBusy(BusyIndicator):
    """The controls disabled and "Signing in…" said three ways while the key is derived:
    on the button pressed, in words under the boxes, and by a moving bar beside them."""

    def __init__(
        self, controls: tuple[QWidget, ...], label: QLabel, button: QPushButton, bar: QWidget
    ) -> None:
        super().__init__(controls, label, SIGNING_IN)
        self._button, self._bar = button, bar
        self._button_text = button.text()

    def start(self) -> None:
        if self.active:
            return
        super().start()
        self._button_text = self._button.text()
        self._button.setText(SIGNING_IN_BUTTON)
        self._bar.show()

    def stop(self) -> None:
        if not self.active:
            return
        super().stop()
        with contextlib.suppress(RuntimeError):  # the window may be gone
            self._button.setText(self._button_text)
            self._bar.hide()


def busy_bar(name: str) -> QProgressBar:
    """A bar that moves while work of unknown length runs (hidden until then)."""
    bar = QProgressBar()
    bar.setRange(0, 0)  # no percentage: it moves to show the work goes on
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.setAccessibleName(name)
    bar.hide()
    return bar


def progress_label() -> QLabel:
    """Where "Signing in…" shows while the worker runs; hidden otherwise."""
    label = plain_label("", "hint")
    label.hide()
    return label


class LoginWindow(QWidget):
    """Emits `signed_in(Workspace)`; the receiver owns the workspace from then on."""

    signed_in = Signal(object)

    def __init__(
        self, db_path: Path, username: str = "", *, throttle: Throttle | None = None
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.throttle = throttle if throttle is not None else Throttle.for_database(db_path)
        self.recovery_dialog: RecoveryDialog | None = None
        self.stronger_dialog: StrongerPasswordDialog | None = None
        self._typed = ""
        self.setWindowTitle("Sign in to Casebook")
        fit_to_screen(self, 960, 660)

        column = centred_column(self, width=480)
        column.addStretch(1)
        column.addWidget(heading("Sign in to Casebook"))
        column.addSpacing(4)
        column.addWidget(plain_label("Use the user name and password for your DSL account."))
        self.username = line_edit(max_length=64)
        self.username.setText(username)
        self.password = line_edit(password=True)
        self.username_label = add_field(column, "&User name", self.username)
        self.password_label = add_field(column, "&Password", self.password)
        column.addSpacing(8)
        self.message = Message()
        column.addWidget(self.message)
        self.countdown = WaitCountdown(self.message, self)
        self.progress = progress_label()
        column.addWidget(self.progress)
        self.busy_bar = busy_bar(SIGNING_IN_BUTTON)
        column.addWidget(self.busy_bar)
        column.addSpacing(8)
        self.sign_in = primary_button("&Sign in")
        self.forgot = link_button(FORGOT)
        column.addLayout(button_row(self.sign_in))
        column.addSpacing(12)
        column.addWidget(self.forgot)
        column.addStretch(2)
        self._attempt = OneJob(
            self,
            SigningInBusy(
                (self.username, self.password, self.sign_in, self.forgot),
                self.progress,
                self.sign_in,
                self.busy_bar,
            ),
        )

        # A plain QWidget has no default button, so Enter in either box submits.
        self.username.returnPressed.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.sign_in.clicked.connect(self.submit)
        self.forgot.clicked.connect(self.open_recovery)
        QWidget.setTabOrder(self.username, self.password)
        QWidget.setTabOrder(self.password, self.sign_in)
        QWidget.setTabOrder(self.sign_in, self.forgot)
        (self.password if username else self.username).setFocus()

    @property
    def signing_in(self) -> bool:
        """True while an attempt runs on the worker (the controls are disabled)."""
        return self._attempt.running

    def finish_pending(self) -> None:
        """Wait for a running attempt and show its answer now, without the event loop
        (for scripts such as the screenshots; the GUI never waits)."""
        self._attempt.finish()

    def submit(self) -> None:
        if self._attempt.running:
            return  # Enter pressed twice: one attempt at a time
        name, secret = self.username.text(), self.password.text()
        if not name.strip():
            self._refuse("Enter your user name.", self.username)
            return
        if not secret:
            self._refuse("Enter your password.", self.password)
            return
        self.countdown.stop()
        self.message.clear()
        self.password.clear()  # right or wrong, the password does not stay in the box
        try:
            signin.refuse_while_waiting(self.throttle, name)  # nothing is tried during a wait
        except SignInWait as wait:
            self.countdown.start(wait)
            self.password.setFocus()
            return
        db_path, throttle = self.db_path, self.throttle
        self._typed = secret  # kept until sign-in ends, for the stronger-password step
        self._attempt.start(
            lambda: sign_in(db_path, name, secret, throttle), self._signed_in, self._failed
        )

    def _signed_in(self, result: tuple[Workspace, str]) -> None:
        ws, step = result
        typed, self._typed = self._typed, ""
        if self._attempt.abandoned:
            ws.close()  # the window was closed meanwhile: nobody is there to use it
            return
        if step == NOTHING:
            self.signed_in.emit(ws)
            return
        # A password the DSL set (no way round it), or one set before the rule was
        # strengthened ("Not now" allowed): ask for a new one first.
        dialog = StrongerPasswordDialog(ws, typed, self, required=step == FIRST)
        dialog.finished_with.connect(self.signed_in.emit)
        dialog.gave_up.connect(self._own_password_needed)
        self.stronger_dialog = dialog
        dialog.open()

    def _own_password_needed(self) -> None:
        """Cancel on "Choose your own password": signed out again, back on this page."""
        self.stronger_dialog = None
        self.activateWindow()
        self._refuse(OWN_NEEDED, self.password)

    def _failed(self, error: BaseException) -> None:
        self._typed = ""
        if self._attempt.abandoned:
            return
        if isinstance(error, SignInWait):
            self.countdown.start(error)
            self.password.setFocus()
            return
        self._refuse(failure_text(error), self.password)
        # The reason stays on the page; the prompt offers the latest backup.
        if isinstance(error, DAMAGED) and damaged_database_prompt(self, self.db_path, str(error)):
            self.message.show_good(RESTORED)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.message.show_error(text)
        field.setFocus()

    def open_recovery(self) -> None:
        if self._attempt.running:
            return
        dialog = RecoveryDialog(self.db_path, self, throttle=self.throttle)
        dialog.recovered.connect(self.signed_in.emit)
        self.recovery_dialog = dialog
        dialog.open()  # window-modal without a nested event loop

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self._attempt.abandon()
        self.countdown.stop()
        if self.stronger_dialog is not None:
            self.stronger_dialog.abandon()
        super().closeEvent(event)


class WaitCountdown(QObject):
    """A throttle's wait on a page, counted down each second, then "You can try again now"."""

    def __init__(self, message: Message, parent: QObject) -> None:
        super().__init__(parent)
        self._message = message
        self._wait: SignInWait | None = None
        self._ends = 0.0
        self.clock = time.monotonic
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    @property
    def running(self) -> bool:
        return self._wait is not None

    def start(self, wait: SignInWait) -> None:
        self._wait = wait
        self._ends = self.clock() + wait.wait
        self._message.show_error(str(wait))
        self._timer.start()

    def left(self) -> float:
        return max(0.0, self._ends - self.clock())

    def tick(self) -> None:
        if self._wait is None:
            return
        left = self.left()
        if left <= 0:
            self.stop()
            self._message.show_good(TRY_AGAIN)
            return
        self._message.show_error(self._wait.saying(left))

    def stop(self) -> None:
        self._timer.stop()
        self._wait = None


def sign_in(
    db_path: Path, username: str, password: str, throttle: Throttle
) -> tuple[Workspace, str]:
    """Sign in (throttled) on a worker thread; and what must come before the dashboard:
    FIRST (the password was set by the DSL), WEAK (too easy to guess now) or NOTHING."""
    ws = signin.unlock(db_path, username, password, throttle)
    try:
        from app.services.accounts import must_change_password
        from app.services.password_rule import weak_at_sign_in

        if must_change_password(ws):
            return ws, FIRST
        return ws, WEAK if weak_at_sign_in(ws, password) else NOTHING
    except BaseException:
        ws.close()
        raise


class StrongerPasswordDialog(QDialog):
    """After signing in with a password the rule now refuses: a new one, twice.

    Emits `finished_with(Workspace)` once it is changed, or on "Not now" (asked
    again at the next sign-in); the main window opens then.

    `required`: the password was set by the DSL (a first password, a reset), so
    there is no "Not now": Cancel (or Escape) closes the database again and emits
    `gave_up()`, and the dashboard stays shut until the person chooses their own.
    """

    finished_with = Signal(object)
    gave_up = Signal()

    def __init__(
        self,
        ws: Workspace,
        current: str,
        parent: QWidget | None = None,
        *,
        required: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self._current = current
        self._done = False
        self._abandoned = False
        self.required = required
        title = OWN_TITLE if required else STRONGER_TITLE
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(4)
        column.addWidget(heading(title, 1.3))
        column.addWidget(plain_label(OWN_TEXT if required else STRONGER_TEXT))
        self.passwords = PasswordPair("&New password", "C&onfirm new password")
        self.passwords.set_username(ws.account.username)
        self.passwords.set_full_name(ws.account.display_name)
        self.passwords.set_school(ws.settings().get("school_name", ""))
        column.addWidget(self.passwords)
        column.addSpacing(8)
        self.message = Message()
        column.addWidget(self.message)
        self.progress = progress_label()
        column.addWidget(self.progress)
        column.addSpacing(8)
        self.change = primary_button("&Change my password")
        self.later = button("Cancel" if required else "&Not now")
        column.addLayout(button_row(self.change, left=self.later))
        controls = (self.passwords.password, self.passwords.confirm, self.change, self.later)
        self._work = OneJob(self, BusyIndicator(controls, self.progress, CHANGING))
        self.change.clicked.connect(self.submit)
        self.later.clicked.connect(self.reject)
        self.passwords.confirm.returnPressed.connect(self.submit)
        self.passwords.password.setFocus()
        keep_fitted(self)  # the strength line and messages come and go

    @property
    def working(self) -> bool:
        return self._work.running

    def submit(self) -> None:
        if self._work.running:
            return
        found = self.passwords.problems()
        if found:
            self.message.show_error("\n".join(text for text, _ in found))
            found[0][1].setFocus()
            return
        self.message.clear()
        ws, current, new = self.ws, self._current, self.passwords.value()

        def change() -> None:
            from app.services import accounts

            accounts.change_own_password(ws, current, new)

        self._work.start(change, self._changed, self._failed)

    def _changed(self, _: None) -> None:
        self.passwords.clear()
        if self._abandoned:
            self.ws.close()
            return
        self._finish()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if self._abandoned:
            self.ws.close()
            return
        self.message.show_error(failure_text(error))
        self.passwords.password.setFocus()

    def abandon(self) -> None:
        """The sign-in window is closing with this step unanswered: nobody will use the
        workspace, so it is closed (once a change in progress has finished)."""
        if self._done or self._abandoned:
            return
        self._abandoned = True
        self._current = ""
        self.passwords.clear()
        if not self._work.running:
            self.ws.close()

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            self._current = ""
            self.finished_with.emit(self.ws)

    def reject(self) -> None:
        if self._work.running:
            return  # Escape while the password is being changed: wait for the answer
        self.passwords.clear()
        super().reject()
        if not self.required:
            self._finish()
            return
        # No way past a password the DSL set: signed out again, nothing opened.
        if not self._done and not self._abandoned:
            self._abandoned = True
            self._current = ""
            self.ws.close()
            self.gave_up.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if self._work.running:
            event.ignore()
            return
        super().closeEvent(event)


def recover(
    db_path: Path,
    key_text: str,
    username: str,
    password: str,
    throttle: Throttle | None = None,
) -> Workspace:
    """Open with the recovery key and set a DSL's new password; on a worker thread.

    With `throttle`, wrong recovery keys slow down as wrong passwords do."""
    from app.services import accounts, workspace

    if throttle is None:
        ws = workspace.unlock_with_recovery(db_path, key_text)
    else:
        with throttle.for_recovery_key().attempt():
            ws = workspace.unlock_with_recovery(db_path, key_text)
    try:
        accounts.reset_with_recovery(ws, username, password)
    except BaseException:
        ws.close()  # nobody is signed in: don't leave the database open
        raise
    return ws


class RecoveryDialog(QDialog):
    """Recovery key + DSL user name + new password: resets it and signs in."""

    recovered = Signal(object)

    def __init__(
        self, db_path: Path, parent: QWidget | None = None, *, throttle: Throttle | None = None
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.throttle = throttle if throttle is not None else Throttle.for_database(db_path)
        self.setWindowTitle("Use the recovery key")
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(4)
        column.addWidget(heading("Use the recovery key", 1.3))
        column.addWidget(
            plain_label(
                "The recovery key from the school safe opens Casebook so you can set a "
                "new password for a DSL account. Put the key back in the safe afterwards: "
                "it still works."
            )
        )
        self.key = line_edit(max_length=80)
        self.username = line_edit(max_length=64)
        self.key_label = add_field(
            column, "&Recovery key", self.key, "Dashes, spaces and capital letters do not matter."
        )
        self.username_label = add_field(column, "DSL &user name", self.username)
        self.passwords = PasswordPair("&New password", "C&onfirm new password")
        column.addWidget(self.passwords)
        self.username.textChanged.connect(self.passwords.set_username)
        column.addSpacing(8)
        self.message = Message()
        column.addWidget(self.message)
        self.countdown = WaitCountdown(self.message, self)
        self.progress = progress_label()
        column.addWidget(self.progress)
        column.addSpacing(8)
        self.reset = primary_button("&Set new password and sign in")
        self.cancel = button("Cancel")
        column.addLayout(button_row(self.reset, left=self.cancel))
        controls = (
            self.key,
            self.username,
            self.passwords.password,
            self.passwords.confirm,
            self.reset,
            self.cancel,
        )
        self._attempt = OneJob(self, BusyIndicator(controls, self.progress, RECOVERING))
        self.reset.clicked.connect(self.submit)
        self.cancel.clicked.connect(self.reject)
        self.key.setFocus()
        keep_fitted(self)  # the strength line and messages come and go

    @property
    def working(self) -> bool:
        return self._attempt.running

    def submit(self) -> None:
        if self._attempt.running:
            return
        found: list[tuple[str, QLineEdit]] = []
        if not self.key.text().strip():
            found.append(("Enter the recovery key.", self.key))
        if not self.username.text().strip():
            found.append(("Enter the DSL user name.", self.username))
        found.extend(self.passwords.problems())
        if found:
            self.message.show_error("\n".join(text for text, _ in found))
            found[0][1].setFocus()
            return
        self.countdown.stop()
        self.message.clear()
        door = self.throttle.for_recovery_key()
        try:
            door.refuse_while_waiting()  # nothing is tried during a wait
        except SignInWait as wait:
            self.countdown.start(wait)
            return
        db_path, key_text, throttle = self.db_path, self.key.text(), self.throttle
        username, password = self.username.text(), self.passwords.value()
        self._attempt.start(
            lambda: recover(db_path, key_text, username, password, throttle),
            self._recovered,
            self._failed,
        )

    def _recovered(self, ws: Workspace) -> None:
        if self._attempt.abandoned:
            ws.close()
            return
        self.passwords.clear()
        self.key.clear()
        self.accept()
        self.recovered.emit(ws)

    def _failed(self, error: BaseException) -> None:
        if self._attempt.abandoned:
            return
        if isinstance(error, SignInWait):
            self.countdown.start(error)
        else:
            self.message.show_error(failure_text(error))
        self.key.setFocus()

    def reject(self) -> None:
        if self._attempt.running:
            return  # Escape while the key is being checked: wait for the answer
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self._attempt.abandon()
        self.countdown.stop()
        super().closeEvent(event)
