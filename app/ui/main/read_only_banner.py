"""The read-only banner: why nothing can be saved, shown above the tabs.

A session signed in on a database whose folder cannot be written (a full disk,
a read-only medium, no permission) reads, prints and backs up to another disk,
and refuses every save with the same reason. The banner says so in plain
words, and every half minute asks the workspace whether writing is possible
again; once it is, the held audit entries are written and the banner goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.qt import QTimer, QVBoxLayout
from app.ui.widgets import plain_label

if TYPE_CHECKING:
    from app.errors import CannotWrite
    from app.ui.main_window import MainWindow
    from app.ui.qt import QLabel

BANNER_NAME = "read-only-banner"
RETRY_MS = 30_000
RESUMED = "The database can be written again: saving works as usual."


def banner_text(problem: CannotWrite) -> str:
    return (
        f"Read-only: {problem.cause.format(path=problem.path)}, so nothing can be saved. "
        "You can still read cases, print, and back up to another disk (School > Backups…); "
        "saving starts again by itself once the cause is gone."
    )


class ReadOnlyBanner:
    """The banner label and its retry timer, owned by the main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        problem = window.ws.read_only
        assert problem is not None
        self.label: QLabel = plain_label(banner_text(problem))
        self.label.setObjectName(BANNER_NAME)
        self.label.setAccessibleName(self.label.text())
        self.label.setStyleSheet(
            "background: #f47738; color: #0b0c0c; font-weight: bold; padding: 8px;"
        )
        self.timer = QTimer(self.label)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> bool:
        """Try writing again (the workspace probes the folder); True once it can."""
        ws = self.window.ws
        if ws.read_only is not None and not ws.resume_writing():
            problem = ws.read_only
            assert problem is not None
            self.label.setText(banner_text(problem))  # the cause may have changed
            self.label.setAccessibleName(self.label.text())
            return False
        self.timer.stop()
        self.label.hide()
        self.window.message.show_good(RESUMED)
        return True


def install(window: MainWindow) -> ReadOnlyBanner | None:
    """Put the banner below the training banner if the session is read-only."""
    if window.ws.read_only is None:
        return None
    banner = ReadOnlyBanner(window)
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(1, banner.label)
    return banner


__all__ = ["ReadOnlyBanner", "banner_text", "install"]
