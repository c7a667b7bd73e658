"""Unlocking: the password typed on a lock panel, checked with the sign-in throttle.

Wrong passwords slow down, as at sign-in: the app hands the lock the signed-in
user's count in the database's Throttle, so the lock screen, the sign-in window
and the command line share one count. The wait counts down on the panels. The
password is checked (a key derivation, a good part of a second) off the GUI
thread, with the panels' field and button disabled meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.errors import CasebookError, WrongPassword
from app.security.throttle import SignInThrottle, SignInWait, in_words
from app.services.workspace import Workspace
from app.ui.background import BusyIndicator, OneJob, event_loop_running
from app.ui.qt import QObject, QTimer, QWidget
from app.ui.widgets import GENERIC_ERROR, busy

if TYPE_CHECKING:
    from app.ui.security.lock import LockController

log = logging.getLogger("app.ui.security.lock")

WRONG_PASSWORD = "That password is not right. Casebook is still locked."
TRY_AGAIN = "You can try your password again now."


def wait_text(wait: float) -> str:
    """The throttle's wait in words (its own message also points to the recovery key,
    which is no way out of the lock)."""
    return f"Several wrong passwords in a row. Wait {in_words(wait)} before trying again."


def password_checker(ws: Workspace) -> Callable[[str], bool]:
    """`unlock_check` for the signed-in user: their own key slot, read from memory."""
    username = ws.account.username

    def check(password: str) -> bool:
        try:
            ws.keyslots().unlock_with_password(username, password)
        except WrongPassword:
            return False
        return True

    return check


class Unlocker(QObject):
    """Checks a panel's password for `lock`, then unlocks it or says on the panels why not."""

    def __init__(self, lock: LockController, check: Callable[[str], bool]) -> None:
        super().__init__(lock)
        self._lock = lock
        self._check = check
        self.throttle = SignInThrottle()
        self._checking = OneJob(lock)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self.retry_allowed)
        self._countdown = QTimer(self)  # the wait on the panels, each second
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self.count_down)
        self._countdown_prefix = ""

    @property
    def checking(self) -> bool:
        """A password from a panel is being checked off the GUI thread."""
        return self._checking.running

    def submit(self, password: str) -> None:
        """A panel's Unlock: check the password off the GUI thread, then unlock or say why not.

        Without a running event loop there is nothing to freeze: try_unlock, at once."""
        if not event_loop_running():
            self.try_unlock(password)
            return
        if not self._lock.is_locked or self.checking:
            return
        refusal = self._refusal(password) or self._begin()
        if refusal:
            self.tell(refusal)
            return
        controls: list[QWidget] = []
        for overlay in self._lock.overlays():
            controls += [overlay.password, overlay.unlock_button]
        check = self._check
        self._checking.start(
            lambda: bool(check(password)),
            self._checked,
            self._check_failed,
            busy=BusyIndicator(controls),
        )

    def _checked(self, right: bool) -> None:
        if self._lock.is_locked and not self._after_check(right):
            self._focus_panels()

    def _check_failed(self, exc: BaseException) -> None:
        if not self._lock.is_locked:
            return
        if isinstance(exc, CasebookError):
            self._after_check(False)
            self._focus_panels()
            return
        self._unexpected(exc)
        self._focus_panels()

    def _unexpected(self, exc: BaseException) -> None:
        """The check itself failed (not a wrong password): not counted as a guess."""
        log.error("unexpected %s while checking the password", type(exc).__name__)
        self.throttle.cancel()
        self.tell(GENERIC_ERROR)

    def _begin(self) -> str:
        """Count the try about to be checked ('' when it may go ahead)."""
        try:
            self.throttle.begin()
        except SignInWait as wait:
            self._wait_on_panels(wait.wait, "")
            return wait_text(wait.wait)
        return ""

    def _refusal(self, password: str) -> str:
        """Why a password is not even checked yet ('' when it may be)."""
        if self.throttle.wait_seconds() > 0:
            return wait_text(self.throttle.wait_seconds())
        if not password:
            return "Enter your password."
        return ""

    def _focus_panels(self) -> None:
        for overlay in self._lock.overlays():
            overlay.take_focus()  # the field was disabled while the password was checked

    def try_unlock(self, password: str) -> bool:
        """Check the password (with the throttle) at once; unlock when it is right."""
        if not self._lock.is_locked:
            return True
        refusal = self._refusal(password) or self._begin()
        if refusal:
            self.tell(refusal)
            return False
        try:
            with busy():
                right = bool(self._check(password))
        except CasebookError:
            right = False
        except Exception as exc:
            self._unexpected(exc)
            return False
        return self._after_check(right)

    def _after_check(self, right: bool) -> bool:
        if right:
            self.throttle.succeeded()
            self._lock.unlock()
            return True
        self.throttle.failed()
        wait = self.throttle.wait_seconds()
        self.tell(f"{WRONG_PASSWORD} {wait_text(wait)}" if wait else WRONG_PASSWORD)
        if wait:
            self._wait_on_panels(wait, f"{WRONG_PASSWORD} ")
        return False

    def _wait_on_panels(self, wait: float, prefix: str) -> None:
        for overlay in self._lock.overlays():
            overlay.unlock_button.setEnabled(False)
        self._retry_timer.start(int(wait * 1000) + 50)
        self._countdown_prefix = prefix
        self._countdown.start()

    def count_down(self) -> None:
        """Each second of a wait: the panels say how long is left."""
        wait = self.throttle.wait_seconds()
        if wait <= 0 or not self._lock.is_locked:
            self._countdown.stop()
            return
        self.tell(f"{self._countdown_prefix}{wait_text(wait)}")

    def retry_allowed(self) -> None:
        """The throttle's wait is over (or not yet: look again when it should be)."""
        if self.throttle.wait_seconds() > 0:
            self._retry_timer.start(int(self.throttle.wait_seconds() * 1000) + 50)
            return
        self._countdown.stop()
        for overlay in self._lock.overlays():
            overlay.unlock_button.setEnabled(True)
        if self._lock.is_locked:
            self.tell(TRY_AGAIN, good=True)

    def stop_waiting(self) -> None:
        self._retry_timer.stop()
        self._countdown.stop()

    def tell(self, text: str, *, good: bool = False) -> None:
        for overlay in self._lock.overlays():
            if good:
                overlay.message.show_good(text)
            else:
                overlay.message.show_error(text)
