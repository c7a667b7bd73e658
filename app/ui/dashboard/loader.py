"""Reading the dashboard's rows off the GUI thread.

`case_rows` on 10 000 cases takes a good part of a second on a slow laptop; done
on the GUI thread it would freeze the window at every refresh. It runs as the
app's one kind of background job (`app.ui.background.OneJob`), which hands the
results back on the GUI thread, so no widget is ever touched from the worker.

The first read hands back the first screenful of cases first (read through an
index in milliseconds) with the number of cases, then the Today panel, then every
case: the DSL sees the top of the list at once, not after the whole of it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from app.errors import CasebookError
from app.services import dashboard
from app.services.dashboard import CaseRow, TodayItem
from app.services.workspace import Workspace
from app.ui.background import OneJob, Progress
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
        self._read = OneJob(self)
        self._parts: Progress[Snapshot] = Progress(self, self._first_part)
        self._generation = 0
        self._again = False
        self._first_read = True  # only the first: a refresh keeps the list shown meanwhile

    @property
    def busy(self) -> bool:
        return self._read.running

    @property
    def generation(self) -> int:
        return self._generation

    def start(self) -> None:
        if self._read.running:
            self._again = True
            return
        self._generation += 1
        generation, today = self._generation, date.today()
        head_first, self._first_read = self._first_read, False
        self._read.start(
            lambda: self._read_all(generation, today, head_first),
            self._succeeded,
            lambda error: self._failed(generation, error),
        )

    def wait(self, timeout: float = 10.0) -> None:
        """Let a running read finish (before the workspace is closed, say)."""
        job = self._read.job
        if job is not None:
            job.wait(timeout)

    def _read_all(self, generation: int, today: date, head_first: bool) -> Snapshot:
        # On the worker thread: plain values only, parts handed over as they come.
        head = read_first(self._ws, generation, today) if head_first else None
        if head is None:
            return read_snapshot(self._ws, generation, today)
        self._parts.report(head)
        items = dashboard.today_items(self._ws, today)
        self._parts.report(Snapshot(generation, today, None, items, False, head.total))
        return Snapshot(generation, today, dashboard.case_rows(self._ws, today), items)

    def _first_part(self, part: Snapshot) -> None:
        # A method, not `self.first.emit`: Qt holds a method weakly, so no cycle.
        self.first.emit(part)

    def _succeeded(self, snapshot: Snapshot) -> None:
        self.done.emit(snapshot)
        self._next()

    def _failed(self, generation: int, error: BaseException) -> None:
        if isinstance(error, CasebookError):
            text = str(error)
        else:  # the text may hold data: log its type only
            log.error("the dashboard could not be read: %s", type(error).__name__)
            text = GENERIC_READ
        self.failed.emit(generation, text)
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self.start()
