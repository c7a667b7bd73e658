"""Locking Casebook: after idle minutes, when the computer is put away, and at once with Hide now.

Hide now (Ctrl+Shift+H or F12, from any Casebook window, even while typing)
covers every window with an opaque "Casebook is locked" panel in the same
instant: for when a pupil walks in. Nothing is closed, minimised or destroyed
underneath, so unlocking returns to exactly where the user was, with the same
window in front, the same field focused and everything typed still in place.

While locked, no key, click, shortcut or drop reaches anything but the panel,
a window opened meanwhile (a message, say) is covered as it appears, and the
title bar and taskbar show only "Casebook". Wrong passwords slow down, as at
sign-in (SignInThrottle). The password is checked (a key derivation, a good
part of a second) off the GUI thread, with the panel's field and button
disabled meanwhile.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.errors import CasebookError, WrongPassword
from app.services.workspace import Workspace
from app.throttle import SignInThrottle
from app.ui.background import (
    BackgroundJob,
    BusyIndicator,
    event_loop_running,
    run_in_background,
)
from app.ui.qt import (
    QApplication,
    QColor,
    QEvent,
    QHBoxLayout,
    QKeyEvent,
    QObject,
    QPainter,
    QPaintEvent,
    QPalette,
    Qt,
    QTimer,
    QToolTip,
    QVBoxLayout,
    QWidget,
    Signal,
    isValid,
)
from app.ui.security.common import SAFE_WHEN_LOCKED
from app.ui.widgets import (
    GENERIC_ERROR,
    Message,
    add_field,
    busy,
    button_row,
    heading,
    line_edit,
    plain_label,
    primary_button,
)

log = logging.getLogger(__name__)

HIDE_NOW_KEYS = ("Ctrl+Shift+H", "F12")
HIDE_NOW_TEXT = "Hide now"
LOCKED_TITLE = "Casebook"
LOCKED_HEADING = "Casebook is locked"
KEPT_TEXT = "Everything you were doing is kept just as it was, including anything you typed."
WRONG_PASSWORD = "That password is not right. Casebook is still locked."
TRY_AGAIN = "You can try your password again now."
BACKGROUND = "#f3f2f1"  # an opaque light grey: nothing of the window shows through

_E = QEvent.Type
# Any of these means someone is using the computer.
ACTIVITY = frozenset(
    {
        _E.KeyPress,
        _E.MouseButtonPress,
        _E.MouseMove,
        _E.Wheel,
        _E.TouchBegin,
        _E.TabletPress,
    }
)
# While locked, none of these may reach anything but the lock panel.
BLOCKED = frozenset(
    {
        _E.KeyPress,
        _E.KeyRelease,
        _E.ShortcutOverride,
        _E.InputMethod,
        _E.MouseButtonPress,
        _E.MouseButtonRelease,
        _E.MouseButtonDblClick,
        _E.MouseMove,
        _E.Wheel,
        _E.ContextMenu,
        _E.ToolTip,
        _E.WhatsThis,
        _E.DragEnter,
        _E.DragMove,
        _E.Drop,
        _E.TouchBegin,
        _E.TouchUpdate,
        _E.TouchEnd,
        _E.TabletPress,
        _E.TabletMove,
        _E.TabletRelease,
    }
)
UNCOVERED_TYPES = frozenset(
    {Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.Desktop, Qt.WindowType.SplashScreen}
)
_IGNORED_MODIFIERS = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.GroupSwitchModifier


class LockReason(enum.Enum):
    HIDDEN = "hidden"  # Hide now
    IDLE = "idle"  # no keyboard or mouse use for the set minutes
    AWAY = "away"  # the session was locked, or the computer suspended


def _minutes(n: float) -> str:
    whole = max(1, round(n))
    return "1 minute" if whole == 1 else f"{whole} minutes"


def reason_text(reason: LockReason, idle_minutes: float) -> str:
    if reason is LockReason.HIDDEN:
        return "Hidden with Hide now (F12 or Ctrl+Shift+H)."
    if reason is LockReason.IDLE:
        return f"Locked after {_minutes(idle_minutes)} without use."
    return "Locked because the computer was locked or put to sleep."


def wait_text(wait: float) -> str:
    """The throttle's wait in words (its own message also points to the recovery key,
    which is no way out of the lock)."""
    seconds = int(wait + 0.999)
    when = f"{seconds} seconds" if seconds < 120 else f"{(seconds + 59) // 60} minutes"
    return f"Several wrong passwords in a row. Wait {when} before trying again."


def _combo(key: int, modifiers: int) -> tuple[int, int]:
    return key, modifiers & ~int(_IGNORED_MODIFIERS.value)


def _hide_combos() -> frozenset[tuple[int, int]]:
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    return frozenset(
        {
            _combo(Qt.Key.Key_H.value, ctrl_shift.value),  # HIDE_NOW_KEYS[0]
            _combo(Qt.Key.Key_F12.value, Qt.KeyboardModifier.NoModifier.value),  # [1]
        }
    )


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


class LockOverlay(QWidget):
    """The opaque panel over one window: heading, why, password, Unlock."""

    def __init__(self, controller: LockController, window: QWidget, why: str) -> None:
        super().__init__(window)
        self.controller = controller
        self.setObjectName("casebook-lock-overlay")
        palette = self.palette()  # the panel and everything on it: one opaque colour
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        self.setAccessibleName(LOCKED_HEADING)
        # A centred column, without a scroll area: nothing but the panel paints a background.
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        inner = QWidget()
        inner.setMaximumWidth(440)
        outer.addWidget(inner, 100)
        outer.addStretch(1)
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addStretch(1)
        column.addWidget(heading(LOCKED_HEADING))
        column.addSpacing(4)
        self.why = plain_label(why)
        column.addWidget(self.why)
        if controller.user_label:
            column.addWidget(plain_label(f"Signed in as {controller.user_label}."))
        column.addWidget(plain_label(KEPT_TEXT, "hint"))
        self.password = line_edit(password=True)
        self.password_label = add_field(column, "&Password", self.password)
        column.addSpacing(6)
        self.message = Message()
        column.addWidget(self.message)
        column.addSpacing(6)
        self.unlock_button = primary_button("&Unlock")
        column.addLayout(button_row(self.unlock_button))
        column.addStretch(2)
        self.password.returnPressed.connect(self.submit)
        self.unlock_button.clicked.connect(self.submit)
        window.installEventFilter(self)
        self.setGeometry(window.rect())

    def submit(self) -> None:
        self.controller.submit(self.password.text())
        if isValid(self.password):  # unlocking deletes the panel
            self.password.clear()

    def take_focus(self) -> None:
        if not self.controller.is_locked or self.isHidden():
            return  # a late call, after unlocking: the focus is back where it was
        # As if another window had been switched to: a line edit keeps its
        # selection, and nothing select-alls when the focus comes back.
        self.password.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        painter.end()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt names)
        # Tab stays on the panel: it never walks into the hidden window below.
        order: list[QWidget] = [self.password, self.unlock_button]
        focused = QApplication.focusWidget()
        index = order.index(focused) if focused in order else -1
        order[(index + (1 if next else -1)) % len(order)].setFocus(
            Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        )
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        window = self.parentWidget()
        if watched is window and window is not None:
            if kind == _E.Resize:
                self.setGeometry(window.rect())
            elif kind == _E.ChildAdded:
                # A widget added to the window while locked must not appear above the panel.
                QTimer.singleShot(0, self, self.raise_)
            elif kind == _E.Close and event.spontaneous() and self.controller.is_locked:
                event.ignore()  # the title bar's close button waits for the password
                return True
        return False


@dataclass
class _Cover:
    window: QWidget
    overlay: LockOverlay
    focus: QWidget | None
    title: str


class LockController(QObject):
    """Application-wide locking. Connect `locked` to an autosave; it fires after the cover."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        app: QApplication,
        idle_minutes: float,
        unlock_check: Callable[[str], bool],
        *,
        user_label: str = "",
        parent: QObject | None = None,
    ) -> None:
        """`unlock_check(password)` is truthy when the password is right; raising
        a CasebookError (WrongPassword, say) also counts as wrong."""
        super().__init__(parent)
        self._stopped = False
        self._app = app
        self._check = unlock_check
        self.user_label = user_label
        self.throttle = SignInThrottle()
        self._covers: list[_Cover] = []
        self._locked = False
        self._reason = LockReason.HIDDEN
        self._active_before: QWidget | None = None
        self._checking: BackgroundJob[bool] | None = None
        self._hide_combos = _hide_combos()
        self._last_mono = time.monotonic()
        self._last_wall = time.time()
        self._idle_ms = 0
        self._idle_timer = QTimer(self)
        self._idle_timer.timeout.connect(self._check_idle)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._retry_allowed)
        self.set_idle_minutes(idle_minutes)
        app.installEventFilter(self)
        app.applicationStateChanged.connect(self._state_changed)

    # -- state -------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def reason(self) -> LockReason:
        return self._reason

    @property
    def idle_minutes(self) -> float:
        return self._idle_ms / 60_000

    def set_idle_minutes(self, minutes: float) -> None:
        """Change the idle time (the setting was edited); 0 or less turns the idle lock off."""
        self._idle_ms = max(0, int(minutes * 60_000))
        self._idle_timer.stop()
        if self._idle_ms:
            # Checked every second (or five times per period, if shorter): the lock
            # comes at most a second late, also just after the computer wakes up.
            self._idle_timer.start(min(1_000, max(20, self._idle_ms // 5)))
        self._touch()

    def overlays(self) -> list[LockOverlay]:
        return [c.overlay for c in self._covers if isValid(c.overlay)]

    # -- locking -----------------------------------------------------------
    def hide_now(self) -> None:
        """Cover every window at once (Ctrl+Shift+H or F12)."""
        self.lock(LockReason.HIDDEN)

    def lock(self, reason: LockReason = LockReason.HIDDEN) -> None:
        if self._locked or self._stopped:
            return
        self._locked = True
        self._reason = reason
        for _ in range(10):  # an open menu or drop-down list (a submenu has a parent menu)
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        QToolTip.hideText()
        active = QApplication.activeModalWidget() or QApplication.activeWindow()
        self._active_before = active
        for window in QApplication.topLevelWidgets():
            if self._coverable(window):
                self._cover(window)
        # Paint now, before anything else runs (the autosave connected to `locked`).
        for cover in self._covers:
            cover.overlay.repaint()
        self.locked.emit()

    def _coverable(self, window: QWidget) -> bool:
        return (
            isValid(window)
            and window.isWindow()
            and window.isVisible()
            and window.windowType() not in UNCOVERED_TYPES
            and not isinstance(window, LockOverlay)
            and window.property(SAFE_WHEN_LOCKED) is not True
            and not any(c.window is window for c in self._covers)
        )

    def _cover(self, window: QWidget) -> None:
        overlay = LockOverlay(self, window, reason_text(self._reason, self.idle_minutes))
        cover = _Cover(window, overlay, window.focusWidget(), window.windowTitle())
        overlay.show()
        overlay.raise_()
        window.setWindowTitle(LOCKED_TITLE)  # the taskbar shows no school or case
        overlay.take_focus()
        self._covers.append(cover)

    @property
    def checking(self) -> bool:
        """A password from a panel is being checked off the GUI thread."""
        return self._checking is not None and self._checking.running

    def submit(self, password: str) -> None:
        """A panel's Unlock: check the password off the GUI thread, then unlock or say why not.

        Without a running event loop there is nothing to freeze: try_unlock, at once."""
        if not event_loop_running():
            self.try_unlock(password)
            return
        if not self._locked or self.checking:
            return
        refusal = self._refusal(password)
        if refusal:
            self._tell(refusal)
            return
        controls: list[QWidget] = []
        for overlay in self.overlays():
            controls += [overlay.password, overlay.unlock_button]
        check = self._check
        self._checking = run_in_background(
            self,
            lambda: bool(check(password)),
            self._checked,
            self._check_failed,
            busy=BusyIndicator(controls),
        )

    def _checked(self, right: bool) -> None:
        if self._locked and not self._after_check(right):
            self._focus_panels()

    def _check_failed(self, exc: BaseException) -> None:
        if not self._locked:
            return
        if isinstance(exc, CasebookError):
            self._after_check(False)
            self._focus_panels()
            return
        log.error("unexpected %s while checking the password", type(exc).__name__)
        self._tell(GENERIC_ERROR)
        self._focus_panels()

    def _refusal(self, password: str) -> str:
        """Why a password is not even checked yet ('' when it may be)."""
        if self.throttle.wait_seconds() > 0:
            return wait_text(self.throttle.wait_seconds())
        if not password:
            return "Enter your password."
        return ""

    def _focus_panels(self) -> None:
        for overlay in self.overlays():
            overlay.take_focus()  # the field was disabled while the password was checked

    def try_unlock(self, password: str) -> bool:
        """Check the password (with the throttle) at once; unlock when it is right."""
        if not self._locked:
            return True
        refusal = self._refusal(password)
        if refusal:
            self._tell(refusal)
            return False
        try:
            with busy():
                right = bool(self._check(password))
        except CasebookError:
            right = False
        except Exception as exc:
            log.error("unexpected %s while checking the password", type(exc).__name__)
            self._tell(GENERIC_ERROR)
            return False
        return self._after_check(right)

    def _after_check(self, right: bool) -> bool:
        if right:
            self.throttle.succeeded()
            self.unlock()
            return True
        self.throttle.failed()
        wait = self.throttle.wait_seconds()
        self._tell(f"{WRONG_PASSWORD} {wait_text(wait)}" if wait else WRONG_PASSWORD)
        if wait:
            for overlay in self.overlays():
                overlay.unlock_button.setEnabled(False)
            self._retry_timer.start(int(wait * 1000) + 50)
        return False

    def _retry_allowed(self) -> None:
        if self.throttle.wait_seconds() > 0:
            self._retry_timer.start(int(self.throttle.wait_seconds() * 1000) + 50)
            return
        for overlay in self.overlays():
            overlay.unlock_button.setEnabled(True)
        if self._locked:
            self._tell(TRY_AGAIN, good=True)

    def _tell(self, text: str, *, good: bool = False) -> None:
        for overlay in self.overlays():
            if good:
                overlay.message.show_good(text)
            else:
                overlay.message.show_error(text)

    def unlock(self) -> None:
        """Take the panels away and put the focus back where it was."""
        if not self._locked:
            return
        covers, self._covers = self._covers, []
        self._locked = False
        # Focus first, while the panels still hold it: hiding a panel with the
        # focus inside would move it on as if Tab had been pressed.
        for cover in covers:
            if not isValid(cover.window):
                continue
            focus = cover.focus
            if focus is not None and isValid(focus) and focus.window() is cover.window:
                focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
            elif isValid(cover.overlay):
                cover.overlay.password.clearFocus()
        for cover in covers:
            if isValid(cover.window):
                cover.window.setWindowTitle(cover.title)
            if isValid(cover.overlay):
                cover.overlay.hide()
                cover.overlay.deleteLater()
        self._retry_timer.stop()
        self._touch()
        before = self._active_before
        self._active_before = None
        if before is not None and isValid(before) and before.isVisible():
            before.raise_()
            before.activateWindow()
        self.unlocked.emit()

    def stop(self) -> None:
        """Stop watching (signing out, quitting): panels go without an `unlocked` signal."""
        if self._stopped:
            return
        self._stopped = True
        self._idle_timer.stop()
        self._retry_timer.stop()
        self._app.removeEventFilter(self)
        self._app.applicationStateChanged.disconnect(self._state_changed)
        for cover in self._covers:
            if isValid(cover.window):
                cover.window.setWindowTitle(cover.title)
            if isValid(cover.overlay):
                cover.overlay.hide()
                cover.overlay.deleteLater()
        self._covers = []
        self._locked = False

    # -- watching ----------------------------------------------------------
    def _touch(self) -> None:
        self._last_mono = time.monotonic()
        self._last_wall = time.time()

    def _check_idle(self) -> None:
        if self._locked or not self._idle_ms:
            return
        # Wall time too: a laptop that slept with its lid shut has been idle all along.
        idle_s = max(time.monotonic() - self._last_mono, time.time() - self._last_wall)
        if idle_s * 1000 >= self._idle_ms:
            self.lock(LockReason.IDLE)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state in (
            Qt.ApplicationState.ApplicationSuspended,
            Qt.ApplicationState.ApplicationHidden,
        ):
            self.lock(LockReason.AWAY)

    def is_hide_key(self, event: QKeyEvent) -> bool:
        combo = _combo(event.key(), event.modifiers().value)
        return combo in self._hide_combos

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind in ACTIVITY:
            self._touch()
        if (
            kind in (_E.KeyPress, _E.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and self.is_hide_key(event)
        ):
            self.hide_now()
            event.accept()
            return True
        if not self._locked:
            return False
        if kind == _E.Shortcut:
            return True  # no menu shortcut runs behind the panel
        if kind == _E.Show and isinstance(watched, QWidget) and self._coverable(watched):
            self._cover(watched)  # a window opened while locked (a message, say)
            return False
        if kind in BLOCKED and isinstance(watched, QWidget) and not _on_panel(watched):
            return True
        if kind == _E.FocusIn and isinstance(watched, QWidget) and not _on_panel(watched):
            # Something moved the focus behind a panel: bring it back to the password.
            for cover in self._covers:
                if cover.window is watched.window() and isValid(cover.overlay):
                    QTimer.singleShot(0, cover.overlay, cover.overlay.take_focus)
        return False


def _on_panel(widget: QWidget) -> bool:
    """On a lock panel, or in a window that holds nothing about a case (the crash dialog:
    modal, it must stay usable or nothing could be unlocked)."""
    window = widget.window()
    if window is not None and window.property(SAFE_WHEN_LOCKED) is True:
        return True
    current: QWidget | None = widget
    while current is not None:
        if isinstance(current, LockOverlay):
            return True
        current = current.parentWidget()
    return False
