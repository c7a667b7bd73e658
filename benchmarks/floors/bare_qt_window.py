"""Floor for the start: a bare PySide6 window, shown, quitting after its first paint.

Prints `painted-at <time.time()>` as Casebook does under
CASEBOOK_EXIT_AFTER_FIRST_PAINT=1, so both are timed the same way from outside.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.painted)  # runs once this paint has finished
        return False

    def painted(self) -> None:
        print(f"painted-at {time.time()!r}", flush=True)
        QApplication.quit()


app = QApplication(sys.argv)
window = QWidget()
window.resize(480, 360)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
