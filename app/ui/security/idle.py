"""The idle lock's clock: how long since anyone used the keyboard or mouse."""

from __future__ import annotations

import time

from app.ui.qt import QObject, QTimer, Signal


class IdleTimer(QObject):
    """Emits `timed_out` (about once a second) while no use has been seen for the set minutes.

    The lock controller calls `touch` on every key press, click or mouse move.
    """

    timed_out = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last_mono = time.monotonic()
        self._last_wall = time.time()
        self._idle_ms = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self.set_minutes(minutes)

    @property
    def minutes(self) -> float:
        return self._idle_ms / 60_000

    def set_minutes(self, minutes: float) -> None:
        """Change the idle time (the setting was edited); 0 or less turns the idle lock off."""
        self._idle_ms = max(0, int(minutes * 60_000))
        self._timer.stop()
        if self._idle_ms:
            # Checked every second (or five times per period, if shorter): the lock
            # comes at most a second late, also just after the computer wakes up.
            self._timer.start(min(1_000, max(20, self._idle_ms // 5)))
        self.touch()

    def touch(self) -> None:
        self._last_mono = time.monotonic()
        self._last_wall = time.time()

    def stop(self) -> None:
        self._timer.stop()

    def _check(self) -> None:
        if not self._idle_ms:
            return
        # Wall time too: a laptop that slept with its lid shut has been idle all along.
        idle_s = max(time.monotonic() - self._last_mono, time.time() - self._last_wall)
        if idle_s * 1000 >= self._idle_ms:
            self.timed_out.emit()
