"""Slow work off the GUI thread, so the window never freezes.

Sign-in (Argon2id), key re-wrapping, backups, restores and PDFs take from a
fraction of a second to several seconds. `run_in_background` runs such work on
a worker thread and hands the result or the error back on the GUI thread, where
the caller shows it exactly as it did when the work ran inline. A
`BusyIndicator` disables the controls that could start the work again, shows a
wait cursor and says what is happening.

The work itself must not touch widgets: it gets plain values in and gives a
plain value (or an exception) back.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from app.ui.qt import QApplication, QLabel, QObject, Qt, QThread, QWidget, Signal

T = TypeVar("T")

# Jobs still running, so their Python wrappers live until they have reported.
_RUNNING: set[BackgroundJob[Any]] = set()


class BusyIndicator:
    """Disables `controls`, shows a wait cursor and `text` in `label` while a job runs."""

    def __init__(
        self, controls: Iterable[QWidget], label: QLabel | None = None, text: str = ""
    ) -> None:
        self._controls = list(controls)
        self._label = label
        self._text = text
        self._was_enabled: list[bool] = []
        self._label_before: tuple[str, bool] | None = None
        self.active = False

    def start(self) -> None:
        if self.active:
            return
        self.active = True
        self._was_enabled = [c.isEnabled() for c in self._controls]
        for control in self._controls:
            control.setEnabled(False)
        if self._label is not None and self._text:
            self._label_before = (self._label.text(), self._label.isVisible())
            self._label.setText(self._text)
            self._label.show()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        QApplication.restoreOverrideCursor()
        for control, enabled in zip(self._controls, self._was_enabled, strict=True):
            if _alive(control):
                control.setEnabled(enabled)
        if self._label is not None and self._label_before is not None and _alive(self._label):
            text, visible = self._label_before
            self._label.setText(text)
            self._label.setVisible(visible)
        self._label_before = None


class BackgroundJob(QObject, Generic[T]):
    """One piece of work on a worker thread; reports once, on the GUI thread."""

    _outcome = Signal(object)

    def __init__(
        self,
        parent: QObject | None,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None,
        busy: BusyIndicator | None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._on_done = on_done
        self._on_error = on_error
        self._busy = busy
        self._reported = False
        self._result: tuple[bool, Any] | None = None
        # Queued: the slot runs on the thread this object lives on (the GUI thread).
        self._outcome.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._run, name="casebook-work", daemon=True)

    def start(self) -> None:
        if self._busy is not None:
            self._busy.start()
        _RUNNING.add(self)
        self._thread.start()

    @property
    def running(self) -> bool:
        return not self._reported

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has ended (not yet reported); True if it has.

        For shutdown only (closing the window must not cut a backup short); the
        GUI never waits on a job while it is running.
        """
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def finish_now(self, timeout: float | None = None) -> bool:
        """Wait for the work and report its outcome now, without the event loop."""
        if not self.wait(timeout):
            return False
        if self._result is not None:
            self._deliver(self._result)
        return True

    def _run(self) -> None:
        outcome: tuple[bool, Any]
        try:
            outcome = (True, self._work())
        except BaseException as error:  # handed to the GUI thread, never lost here
            outcome = (False, error)
        finally:
            # The work may hold a password or a record's text: let it go now.
            self._work = _spent
        self._result = outcome
        try:
            self._outcome.emit(outcome)
        except RuntimeError:
            _RUNNING.discard(self)  # the window that asked has been closed meanwhile

    def _deliver(self, outcome: tuple[bool, Any]) -> None:
        if self._reported:
            return
        self._reported = True
        _RUNNING.discard(self)
        if self._busy is not None:
            self._busy.stop()
        # The job outlives its answer (a child of its window): keep none of it, since
        # a result can be a PDF of a child's record or a new recovery key.
        ok, value = outcome
        on_done, on_error = self._on_done, self._on_error
        self._result = None
        self._on_done, self._on_error = _ignore, None
        if ok:
            on_done(value)
        elif on_error is not None:
            on_error(value)
        else:
            # Nobody expected a failure: the crash handler shows its calm dialog.
            sys.excepthook(type(value), value, value.__traceback__)


def _spent() -> Any:
    raise RuntimeError("this background job has already run")


def _ignore(_value: Any) -> None:
    return None


def run_in_background(
    parent: QObject | None,
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    busy: BusyIndicator | None = None,
) -> BackgroundJob[T]:
    """Start `work` on a worker thread; `on_done(result)` or `on_error(exc)` runs later
    on the GUI thread. Without `on_error`, an exception goes to the crash handler."""
    job = BackgroundJob(parent, work, on_done, on_error, busy)
    job.start()
    return job


def running_jobs(owner: QObject) -> list[BackgroundJob[Any]]:
    """The jobs still running that `owner` or a window or widget inside it started.

    Closing the workspace waits for these first: no job may outlive the database.
    """
    found = []
    for job in list(_RUNNING):
        try:
            parent = job.parent()
            while parent is not None and parent is not owner:
                parent = parent.parent()
        except RuntimeError:  # its window has been deleted: nobody waits for its answer
            continue
        if parent is owner and job.running:
            found.append(job)
    return found


def event_loop_running() -> bool:
    """True while an event loop runs on this thread (the app, or a modal dialog).

    Without one (after the app has quit) nothing can freeze, and a job could
    never report: slow work is then done inline.
    """
    return QThread.currentThread().loopLevel() > 0


def _alive(widget: QObject) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # its C++ object was deleted with its window
        return False
    return True
