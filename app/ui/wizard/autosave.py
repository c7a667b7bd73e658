"""Keep the draft saved while the DSL types, without saving on every keystroke.

A change starts two timers: a short quiet one, restarted by every keystroke,
and a deadline that is not. Whichever fires first saves every page that
changed, so a pause saves at once and steady typing is saved at least every
`max_ms`: a crash loses at most those few seconds.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from app.errors import CasebookError
from app.ui.qt import QObject, QTimer, Signal
from app.ui.widgets import GENERIC_ERROR

log = logging.getLogger(__name__)

QUIET_MS = 1_500  # after the last keystroke
MAX_MS = 4_000  # at the latest, however steady the typing (the promise is 5 s)

SavePage = Callable[[str, dict[str, Any]], None]
CollectPage = Callable[[str], dict[str, Any]]


def _fingerprint(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


class Autosave(QObject):
    saved = Signal()  # something was written; `last_saved_at` says when
    failed = Signal(str)  # a calm sentence; the pages stay marked and are tried again

    def __init__(
        self,
        save: SavePage,
        collect: CollectPage,
        *,
        already_saved: dict[str, dict[str, Any]] | None = None,
        quiet_ms: int = QUIET_MS,
        max_ms: int = MAX_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._collect = collect
        self._dirty: dict[str, None] = {}  # an ordered set: pages in the order they changed
        self._saved = {page: _fingerprint(v) for page, v in (already_saved or {}).items()}
        # Each page as it was first shown, until it is saved: closing a draft without
        # changing anything writes nothing (its "last saved" time stays what it was).
        self._as_shown: dict[str, str] = {}
        self.last_saved_at: datetime | None = None
        self.error = ""
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(quiet_ms)
        self._quiet.timeout.connect(self.flush)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(max_ms)
        self._deadline.timeout.connect(self.flush)

    def shown_as(self, pages: dict[str, dict[str, Any]]) -> None:
        """What each page shows before the DSL types: not a change, so not saved."""
        self._as_shown = {page: _fingerprint(values) for page, values in pages.items()}

    def touch(self, page: str) -> None:
        """`page` changed: save it soon."""
        self._dirty[page] = None
        self._quiet.start()
        if not self._deadline.isActive():
            self._deadline.start()

    @property
    def pending(self) -> bool:
        return bool(self._dirty)

    def is_saved(self, page: str) -> bool:
        return page in self._saved

    def flush(self) -> bool:
        """Save every changed page now. False (and `failed`) when any could not be saved."""
        self._quiet.stop()
        self._deadline.stop()
        wrote = False
        problem = ""
        for page in list(self._dirty):
            values = self._collect(page)
            fingerprint = _fingerprint(values)
            if fingerprint in (self._saved.get(page), self._as_shown.get(page)):
                self._dirty.pop(page, None)
                continue
            try:
                self._save(page, values)
            except CasebookError as exc:
                problem = str(exc)
                continue
            except Exception as exc:  # the message may hold typed text: log its type only
                log.error("autosave failed with %s", type(exc).__name__)
                problem = GENERIC_ERROR
                continue
            self._saved[page] = fingerprint
            self._as_shown.pop(page, None)  # from now on, "unchanged" means as saved
            self._dirty.pop(page, None)
            wrote = True
        if wrote:
            self.last_saved_at = datetime.now()
        if problem:
            self.error = problem
            self._deadline.start()  # try again later; what is typed stays on screen
            self.failed.emit(problem)
            return False
        self.error = ""
        if wrote:
            self.saved.emit()
        return True

    def stop(self) -> None:
        self._quiet.stop()
        self._deadline.stop()
