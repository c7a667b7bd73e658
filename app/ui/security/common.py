"""What the security screens share: calm failure sentences, and the lock's marker.

Their dialogs build on the one dialog base, app.ui.dialog.Dialog.

Slow work runs through app.ui.background (OneJob); `attempt` is for the quick
reads (the staff list, the settings) that run inline with an hourglass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.diagnostics.lazylog import lazy_logger
from app.errors import CasebookError, SaveFailed
from app.ui import background
from app.ui.widgets import busy

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
    if isinstance(exc, OSError) and not isinstance(exc, CasebookError):
        log.warning("a write failed: %s", type(exc).__name__)
        return str(SaveFailed())
    return background.failure_text(exc)


def attempt(action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run one user action with an hourglass: (True, result) or (False, sentence)."""
    try:
        with busy():
            return True, action()
    except Exception as exc:
        return False, failure_text(exc)
