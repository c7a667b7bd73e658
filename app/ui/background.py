"""Slow work off the GUI thread, so the window never freezes: the one mechanism.

Sign-in (Argon2id), key re-wrapping, backups, restores and PDFs take from a
fraction of a second to several seconds. A window keeps a `OneJob` (one job at
a time: Enter pressed twice starts nothing) and calls `start` with the work, a
success callback and a failure callback; `start_saying` also puts "Doing it…"
on the window's message and the calm `failure_text` there if it fails. A
`BusyIndicator` disables the controls that could start the work again, shows a
wait cursor and says what is happening. `Progress` hands part-results (a first
screenful, say) to the GUI thread before the work ends. Underneath, a
`BackgroundJob` runs the work on a worker thread and reports once, on the GUI
thread. A job that writes names what it changed (`change=`): once it has
succeeded, every open screen hears of it through app.ui.changes.

The work itself must not touch widgets: it gets plain values in and gives a
plain value (or an exception) back.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from app.diagnostics.lazylog import lazy_logger
from app.errors import CasebookError
from app.ui import changes
from app.ui.qt import QApplication, QLabel, QObject, Qt, QThread, QWidget, Signal
from app.ui.widgets import GENERIC_ERROR

if TYPE_CHECKING:
    from app.services.workspace import Workspace

log = lazy_logger(__name__)

T = TypeVar("T")
# A window closing mid-job waits this long for the worker (a key derivation, say).
CLOSE_WAIT_S = 30.0


def failure_text(error: BaseException) -> str:
    """What a window says for failed work; never the text of an unexpected error.

    CasebookError messages are written to be shown. Anything else may carry
    data in its text, so only its type is logged.
    """
    if isinstance(error, CasebookError):
        return str(error)
    log.error("unexpected %s in the UI", type(error).__name__)
    return GENERIC_ERROR


# Jobs still running, so their Python wrappers live until they have reported.
_RUNNING: set[BackgroundJob[Any]] = set()


def wait_for_all_work(timeout: float = CLOSE_WAIT_S) -> None:
    """At the end of the run: let every job's work end (not report) before the process
    does, waiting `timeout` seconds at most in all.

    A worker that hands its outcome to Qt while Python is shutting down crashes the
    process (a short check started with the first window, say, when Casebook is
    closed straight away).
    """
    deadline = time.monotonic() + timeout
    for job in list(_RUNNING):
        job.wait(max(0.0, deadline - time.monotonic()))


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


class Said(Protocol):
    """Where a window says how its work is going (app.ui.widgets.Message)."""

    def show_good(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def clear(self) -> None: ...


class OneJob:
    """At most one background job at a time for a window; a close can wait for it.

    `busy` (given here or to `start`) disables the window's controls meanwhile.
    `ws`: the workspace the window's jobs write to, for a job started with a
    `change`. The job is dropped before it reports: the window keeps no reference
    cycle to it.
    """

    def __init__(
        self, owner: QObject, busy: BusyIndicator | None = None, *, ws: Workspace | None = None
    ) -> None:
        # Weakly: the window holds this, and its Python side must die with its C++ side.
        self._owner = weakref.ref(owner)
        self._busy = busy
        self._ws = ws
        self._job: BackgroundJob[Any] | None = None
        self.abandoned = False

    @property
    def running(self) -> bool:
        return self._job is not None and self._job.running

    @property
    def job(self) -> BackgroundJob[Any] | None:
        """The job running now, if any."""
        return self._job if self.running else None

    def start(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        busy: BusyIndicator | None = None,
        change: changes.Change | None = None,
    ) -> BackgroundJob[T] | None:
        """Run `work` off the GUI thread; None (and nothing run) while a job runs.

        `on_done(result)` or `on_error(exc)` runs later on the GUI thread; without
        `on_error`, a failure goes to the crash handler. After a success, `change`
        (what the work wrote) is told to every open screen, once."""
        if self.running:
            return None
        ws = self._ws
        assert change is None or ws is not None, "a job that writes needs the workspace"

        def done(result: T) -> None:
            self._job = None
            on_done(result)
            if change is not None and ws is not None:
                changes.tell(ws, change)

        def failed(error: BaseException) -> None:
            self._job = None
            if on_error is not None:
                on_error(error)

        job = BackgroundJob(
            self._owner(), work, done, failed if on_error else None, busy or self._busy
        )
        self._job = job
        job.start()
        return job

    def start_saying(
        self,
        message: Said,
        text: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        *,
        busy: BusyIndicator | None = None,
        failure: Callable[[BaseException], str] = failure_text,
        change: changes.Change | None = None,
    ) -> BackgroundJob[T] | None:
        """`start`, with `text` on `message` meanwhile, cleared on success; a failure
        is said there calmly (what was typed stays as it was)."""
        if self.running:
            return None
        message.show_good(text)

        def succeeded(result: T) -> None:
            message.clear()
            on_done(result)

        def failed(error: BaseException) -> None:
            message.show_error(failure(error))

        return self.start(work, succeeded, failed, busy=busy, change=change)

    def finish(self, timeout: float | None = CLOSE_WAIT_S) -> None:
        """Wait for a running job and report its outcome now (the window is closing,
        or a script such as the screenshots wants the answer without the event loop)."""
        job = self._job
        if job is not None and job.running:
            job.finish_now(timeout)

    def abandon(self) -> None:
        """The window is closing: let the job finish and report now, to no one."""
        if self.running:
            self.abandoned = True
            self.finish()


_Asked = tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]]


class LatestRead:
    """A read off the GUI thread where only the latest one asked for counts.

    One runs at a time. Asked again meanwhile (a refresh after a decision, another
    school year picked), the running one is let finish, its result is dropped, and
    the latest is started; only that one's result or failure is handed back.
    """

    def __init__(self, owner: QObject) -> None:
        self._job = OneJob(owner)
        self._next: _Asked | None = None

    @property
    def running(self) -> bool:
        return self._job.running

    def start(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self._job.running:
            self._next = (work, on_done, on_error)
            return

        def done(result: T) -> None:
            if not self._start_next():
                on_done(result)

        def failed(error: BaseException) -> None:
            if not self._start_next():
                on_error(error)

        self._job.start(work, done, failed)

    def _start_next(self) -> bool:
        """Start the read asked for meanwhile, if there is one."""
        asked, self._next = self._next, None
        if asked is None:
            return False
        self.start(*asked)
        return True


class Progress(QObject, Generic[T]):
    """Part-results from a worker, delivered on the GUI thread as they come.

    Made on the GUI thread; the work calls `report(value)` (a first screenful of
    rows before the rest, say). A report after its window has gone is dropped.
    """

    _part = Signal(object)

    def __init__(self, parent: QObject | None, on_part: Callable[[T], None]) -> None:
        super().__init__(parent)
        self._part.connect(on_part, Qt.ConnectionType.QueuedConnection)

    def report(self, value: T) -> None:
        with contextlib.suppress(RuntimeError):  # the window that asked has gone
            self._part.emit(value)


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
