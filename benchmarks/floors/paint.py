"""Waiting for a window to be painted, for the Qt probes and floors alike.

Any paint of a widget in the window, once armed, means the window's paint pass
has started; a zero timer set then runs once that pass has finished (Qt paints
all of a window's dirty widgets in one pass), so the stamp is "painted". Plain
PySide6 only: the floors beside it use it too.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QWidget


class PaintStamp(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self._window = window
        self._armed = False
        self._loop = QEventLoop()
        self.at = 0.0
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def arm(self) -> None:
        """From now on, the next paint of the window counts."""
        self._armed = True
        self.at = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if (
            self._armed
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._armed = False
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        self.at = time.perf_counter()
        self._loop.quit()

    def wait(self, timeout_s: float = 60.0) -> float:
        """Run the event loop until the armed paint has finished; its perf_counter time."""
        if not self.at:
            QTimer.singleShot(int(timeout_s * 1000), self._loop.quit)
            self._loop.exec()
        if not self.at:
            raise RuntimeError("the window was not painted")
        return self.at


class Heartbeat(QObject):
    """The longest the event loop went without turning, while it runs.

    A 1 ms timer notes each time it fires; a gap between two notes is time the
    loop spent on one thing (a handler, a layout, a paint) and so a moment the
    window could not answer a click or a key.
    """

    def __init__(self) -> None:
        super().__init__()
        self._beats: list[float] = []
        self._timer = QTimer(self)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        self._beats.append(time.perf_counter())

    def start(self) -> None:
        self._beats = [time.perf_counter()]
        self._timer.start()

    def stop(self) -> float:
        """The longest gap since `start`, in ms, up to now."""
        self._timer.stop()
        beats = [*self._beats, time.perf_counter()]
        return max(b - a for a, b in zip(beats, beats[1:], strict=False)) * 1e3


def open_from_the_loop(make: Callable[[], QWidget]) -> tuple[QWidget, PaintStamp, float]:
    """Make and show a window from a turn of the event loop, as a click would: the
    window, a stamp armed for its first paint, and when `make` was called."""
    app = QCoreApplication.instance()
    assert app is not None
    made: list[tuple[QWidget, PaintStamp, float]] = []

    def open_it() -> None:
        start = time.perf_counter()
        window = make()
        stamp = PaintStamp(window)
        stamp.arm()
        made.append((window, stamp, start))
        window.show()

    QTimer.singleShot(0, open_it)
    deadline = time.perf_counter() + 60
    while not made and time.perf_counter() < deadline:
        app.processEvents()
    if not made:
        raise RuntimeError("the window was not made")
    return made[0]
