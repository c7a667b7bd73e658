"""Locking Casebook: after idle minutes, when the computer is put away, and at once with Hide now.

Hide now (Ctrl+Shift+H or F12, from any Casebook window, even while typing)
covers every window with an opaque "Casebook is locked" panel in the same
instant: for when a pupil walks in. Nothing is closed, minimised or destroyed
underneath, so unlocking returns to exactly where the user was, with the same
window in front, the same field focused and everything typed still in place.

While locked, no key, click, shortcut or drop reaches anything but the panel,
a window opened meanwhile (a message, say) is covered as it appears, and the
title bar and taskbar show only "Casebook". Wrong passwords slow down, as at
sign-in (SignInThrottle).

The parts: this controller (covering and uncovering, watching every event),
the panel (lock_overlay), the idle clock (idle) and the password check
(unlocking).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from app.security.throttle import SignInThrottle
from app.ui.qt import (
    QApplication,
    QEvent,
    QKeyEvent,
    QObject,
    Qt,
    QTimer,
    QToolTip,
    QWidget,
    Signal,
    isValid,
)
from app.ui.security.common import SAFE_WHEN_LOCKED
from app.ui.security.idle import IdleTimer
from app.ui.security.lock_overlay import BACKGROUND, LOCKED_HEADING, LockOverlay, on_panel
from app.ui.security.unlocking import (
    TRY_AGAIN,
    WRONG_PASSWORD,
    Unlocker,
    password_checker,
    wait_text,
)

HIDE_NOW_KEYS = ("Ctrl+Shift+H", "F12")
HIDE_NOW_TEXT = "Hide now"
LOCKED_TITLE = "Casebook"

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
        self.user_label = user_label
        self._covers: list[_Cover] = []
        self._locked = False
        self._reason = LockReason.HIDDEN
        self._active_before: QWidget | None = None
        self._hide_combos = _hide_combos()
        self._unlocker = Unlocker(self, unlock_check)
        self._idle = IdleTimer(idle_minutes, self)
        self._idle.timed_out.connect(self._idle_timed_out)
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
        return self._idle.minutes

    def set_idle_minutes(self, minutes: float) -> None:
        """Change the idle time (the setting was edited); 0 or less turns the idle lock off."""
        self._idle.set_minutes(minutes)

    @property
    def throttle(self) -> SignInThrottle:
        """Wrong passwords on the panels slow down, as at sign-in."""
        return self._unlocker.throttle

    @throttle.setter
    def throttle(self, throttle: SignInThrottle) -> None:
        self._unlocker.throttle = throttle

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

    # -- unlocking (unlocking.Unlocker) ------------------------------------
    @property
    def checking(self) -> bool:
        """A password from a panel is being checked off the GUI thread."""
        return self._unlocker.checking

    def submit(self, password: str) -> None:
        """A panel's Unlock: check the password off the GUI thread, then unlock or say why not."""
        self._unlocker.submit(password)

    def try_unlock(self, password: str) -> bool:
        """Check the password (with the throttle) at once; unlock when it is right."""
        return self._unlocker.try_unlock(password)

    def _retry_allowed(self) -> None:
        self._unlocker.retry_allowed()

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
        self._unlocker.stop_waiting()
        self._idle.touch()
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
        self._idle.stop()
        self._unlocker.stop_waiting()
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
    def _idle_timed_out(self) -> None:
        if not self._locked:
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
            self._idle.touch()
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
        if kind in BLOCKED and isinstance(watched, QWidget) and not on_panel(watched):
            return True
        if kind == _E.FocusIn and isinstance(watched, QWidget) and not on_panel(watched):
            # Something moved the focus behind a panel: bring it back to the password.
            for cover in self._covers:
                if cover.window is watched.window() and isValid(cover.overlay):
                    QTimer.singleShot(0, cover.overlay, cover.overlay.take_focus)
        return False


__all__ = [
    "BACKGROUND",
    "HIDE_NOW_KEYS",
    "HIDE_NOW_TEXT",
    "LOCKED_HEADING",
    "LOCKED_TITLE",
    "TRY_AGAIN",
    "WRONG_PASSWORD",
    "LockController",
    "LockOverlay",
    "LockReason",
    "password_checker",
    "reason_text",
    "wait_text",
]
