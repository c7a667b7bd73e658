"""The read-only banner: why nothing can be saved, shown above the tabs.

A session on a database whose folder cannot be written (a full disk, a
read-only medium, no permission), from sign-in or since a save failed for
that, reads, prints and backs up to another disk, and refuses every save with
the same reason. The banner says so in plain words, and every half minute
asks the workspace whether writing is possible again; once it is, the held
audit entries are written and the banner goes.
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
    """The banner label and its timer, owned by the main window.

    Hidden while the session can save. A session that signs in read-only shows
    it at once; one whose disk fills up later shows it at the next tick. While
    shown, each tick asks the workspace to try writing again.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.label: QLabel = plain_label()
        self.label.setObjectName(BANNER_NAME)
        self.label.setStyleSheet(
            "background: #f47738; color: #0b0c0c; font-weight: bold; padding: 8px;"
        )
        self.label.setVisible(False)
        self.shown = False
        self.timer = QTimer(self.label)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        if window.ws.read_only is not None:
            self._show()

    def _show(self) -> None:
        problem = self.window.ws.read_only
        assert problem is not None
        self.label.setText(banner_text(problem))  # the cause may have changed
        self.label.setAccessibleName(self.label.text())
        self.label.setVisible(True)
        self.shown = True

    def check(self) -> bool:
        """True while the session can save; while read-only, try writing again first."""
        ws = self.window.ws
        if ws.read_only is None and not self.shown:
            return True
        if ws.read_only is not None and not ws.resume_writing():
            self._show()
            return False
        self.label.setVisible(False)
        self.shown = False
        self.window.message.show_good(RESUMED)
        return True


def install(window: MainWindow) -> ReadOnlyBanner:
    """Put the (hidden) banner below the training banner, above the tabs."""
    banner = ReadOnlyBanner(window)
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(1, banner.label)
    return banner


__all__ = ["ReadOnlyBanner", "banner_text", "install"]
