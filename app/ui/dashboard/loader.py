"""Reading the dashboard's rows off the GUI thread.

`case_rows` on 10 000 cases takes a good part of a second on a slow laptop; done
on the GUI thread it would freeze the window at every refresh. A plain thread
runs the two service calls and hands the result back through a queued signal,
so no widget is ever touched from the worker.
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


@dataclass(frozen=True)
class Snapshot:
    generation: int
    today: date
    rows: list[CaseRow]
    items: list[TodayItem]


def read_snapshot(ws: Workspace, generation: int, today: date) -> Snapshot:
    return Snapshot(
        generation,
        today,
        dashboard.case_rows(ws, today),
        dashboard.today_items(ws, today),
    )


class Loader(QObject):
    """One read at a time; a refresh asked for meanwhile runs when it ends."""

    done = Signal(object)  # Snapshot
    failed = Signal(int, str)  # generation, a calm sentence

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self._ws = ws
        self._thread: threading.Thread | None = None
        self._generation = 0
        self._again = False
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
        self._thread = threading.Thread(
            target=self._run,
            args=(self._generation, today),
            name="casebook-dashboard",
            daemon=True,
        )
        self._thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """Let a running read finish (before the workspace is closed, say)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self, generation: int, today: date) -> None:
        try:
            snapshot = read_snapshot(self._ws, generation, today)
        except CasebookError as exc:
            self._send_failure(generation, str(exc))
        except Exception as exc:  # the text may hold data: log its type only
            log.error("the dashboard could not be read: %s", type(exc).__name__)
            self._send_failure(generation, GENERIC_READ)
        else:
            with contextlib.suppress(RuntimeError):  # the dashboard was closed meanwhile
                self.done.emit(snapshot)

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
