"""What the security screens share: one dialog base and calm failure sentences.

Slow work runs through app.ui.background (OneJob); `attempt` is for the quick
reads (the staff list, the settings) that run inline with an hourglass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.diagnostics.lazylog import lazy_logger
from app.errors import CasebookError, SaveFailed
from app.ui import background
from app.ui.qt import QDialog, QFrame, QScrollArea, Qt, QVBoxLayout, QWidget
from app.ui.widgets import busy, heading

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
