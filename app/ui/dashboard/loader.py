"""Reading the dashboard's rows off the GUI thread.

`case_rows` on 10 000 cases takes a good part of a second on a slow laptop; done
on the GUI thread it would freeze the window at every refresh. A plain thread
runs the service calls and hands the results back through queued signals, so no
widget is ever touched from the worker.

The first read hands back the first screenful of cases first (read through an
index in milliseconds) with the number of cases, then the Today panel, then every
case: the DSL sees the top of the list at once, not after the whole of it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import date

from app.errors import CasebookError
from app.services import dashboard
from app.services.dashboard import CaseRow, TodayItem
from app.services.workspace import Workspace
from app.ui.qt import QObject, Signal

log = logging.getLogger(__name__)

GENERIC_READ = (
    "Casebook could not read the list of cases. Press Refresh to try again; "
    "if it keeps happening, sign out and in again."
)


FIRST_ROWS = 100  # more than a tall screen shows


@dataclass(frozen=True)
class Snapshot:
    generation: int
    today: date
    rows: list[CaseRow] | None  # None: the rows shown stay as they are, for now
    items: list[TodayItem] | None  # None: today's items are still to come
    complete: bool = True  # False: `rows` is the head of the list, `total` long
    total: int = 0


def read_snapshot(ws: Workspace, generation: int, today: date) -> Snapshot:
    return Snapshot(
        generation,
        today,
        dashboard.case_rows(ws, today),
        dashboard.today_items(ws, today),
    )


def read_first(ws: Workspace, generation: int, today: date) -> Snapshot | None:
    """The head of the list and the number of cases, or None when the list is short."""
    rows = dashboard.first_case_rows(ws, FIRST_ROWS, today)
    if rows is None:
        return None
    return Snapshot(generation, today, rows, None, False, dashboard.count_cases(ws))


class Loader(QObject):
    """One read at a time; a refresh asked for meanwhile runs when it ends."""

    done = Signal(object)  # Snapshot
    first = Signal(object)  # Snapshot, not complete: the first screenful, before `done`
    failed = Signal(int, str)  # generation, a calm sentence

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self._ws = ws
        self._thread: threading.Thread | None = None
        self._generation = 0
        self._again = False
        self._first_read = True  # only the first: a refresh keeps the list shown meanwhile
        self.done.connect(self._finished)
        self.failed.connect(self._finished)

    @property
    def busy(self) -> bool:
        return self._thread is not None

    @property
    def generation(self) -> int:
        return self._generation

    def start(self) -> None:
        if self._thread is not None:
            self._again = True
            return
        self._generation += 1
        today = date.today()
        head_first, self._first_read = self._first_read, False
        self._thread = threading.Thread(
            target=self._run,
            args=(self._generation, today, head_first),
            name="casebook-dashboard",
            daemon=True,
        )
        self._thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """Let a running read finish (before the workspace is closed, say)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self, generation: int, today: date, head_first: bool) -> None:
        try:
            head = read_first(self._ws, generation, today) if head_first else None
            if head is not None:
                self._send_first(head)
                items = dashboard.today_items(self._ws, today)
                self._send_first(Snapshot(generation, today, None, items, False, head.total))
                snapshot = Snapshot(generation, today, dashboard.case_rows(self._ws, today), items)
            else:
                snapshot = read_snapshot(self._ws, generation, today)
        except CasebookError as exc:
            self._send_failure(generation, str(exc))
        except Exception as exc:  # the text may hold data: log its type only
            log.error("the dashboard could not be read: %s", type(exc).__name__)
            self._send_failure(generation, GENERIC_READ)
        else:
            with contextlib.suppress(RuntimeError):  # the dashboard was closed meanwhile
                self.done.emit(snapshot)

    def _send_first(self, part: Snapshot) -> None:
        with contextlib.suppress(RuntimeError):  # the dashboard was closed meanwhile
            self.first.emit(part)

    def _send_failure(self, generation: int, text: str) -> None:
        with contextlib.suppress(RuntimeError):
            self.failed.emit(generation, text)

    def _finished(self, *_: object) -> None:
        # Runs on the GUI thread (queued): the worker is over, start the next if asked.
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(1.0)
        if self._again:
            self._again = False
            self.start()
