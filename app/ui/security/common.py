"""What the security screens share: one dialog base, calm failure sentences, background work."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from app.errors import CasebookError, SaveFailed
from app.lazylog import lazy_logger
from app.ui.qt import QDialog, QFrame, QObject, QScrollArea, Qt, QVBoxLayout, QWidget, Signal
from app.ui.widgets import GENERIC_ERROR, busy, heading

log = lazy_logger(__name__)

# A window with this property set to True holds nothing about a case, so the
# lock leaves it uncovered (the crash dialog: modal, it must stay usable).
SAFE_WHEN_LOCKED = "casebookSafeWhenLocked"


def failure_text(exc: BaseException) -> str:
    """The sentence a user sees for a failed action; never the text of an unexpected error.

    CasebookError messages are written to be shown. An OSError here is a failed
    write (a full disk, a read-only folder, a pulled-out USB stick): say so
    calmly. Anything else may quote data, so only its type is logged.
    """
    if isinstance(exc, CasebookError):
        return str(exc)
    if isinstance(exc, OSError):
        log.warning("a write failed: %s", type(exc).__name__)
        return str(SaveFailed())
    log.error("unexpected %s in a security screen", type(exc).__name__)
    return GENERIC_ERROR


def attempt(action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run one user action with an hourglass: (True, result) or (False, sentence)."""
    try:
        with busy():
            return True, action()
    except Exception as exc:
        return False, failure_text(exc)


class Dialog(QDialog):
    """The base for these screens: title, modality, margins and a heading, set once."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        *,
        width: int = 600,
        scroll: bool = True,
    ) -> None:
        """`scroll`: the body scrolls rather than squashing when text scaling makes it
        taller than the window (off for a dialog whose own list or pages scroll)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # No "?" button in the title bar: there is no context help to show.
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setMinimumWidth(width)
        if scroll:
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            body = QWidget()
            area.setWidget(body)
            outer.addWidget(area)
            self.column = QVBoxLayout(body)
        else:
            self.column = QVBoxLayout(self)
        self.column.setContentsMargins(24, 20, 24, 20)
        self.column.setSpacing(4)
        self.title_label = heading(title, 1.3)
        self.column.addWidget(self.title_label)


class _Relay(QObject):
    """Carries a worker thread's outcome back to the GUI thread (a queued signal)."""

    done = Signal(bool, object)


class Background(QObject):
    """Run one slow service call off the GUI thread; the callback runs on the GUI thread.

    The worker touches no widget: it calls the service and hands back the
    result, or the calm sentence for its failure.
    """

    finished = Signal(bool, object)  # (succeeded, result or sentence)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, action: Callable[[], Any]) -> None:
        if self._thread is not None:
            raise RuntimeError("one background action at a time")

        def work() -> None:
            try:
                result: Any = action()
            except Exception as exc:
                self._relay.done.emit(False, failure_text(exc))
            else:
                self._relay.done.emit(True, result)

        self._thread = threading.Thread(target=work, name="casebook-background", daemon=True)
        self._thread.start()

    def wait(self, timeout: float = 60.0) -> None:
        """Let a running action finish (before the workspace it uses is closed)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _done(self, ok: bool, result: object) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        self.finished.emit(ok, result)
