"""Floor for opening a case file: as many plain labels and buttons, made at once.

A 1366x768 window with a scroll area holding LABELS labels and BUTTONS buttons
in a grid, made in one turn of the event loop (as a double-click would) and
painted, with the same heartbeat as probes/casefile.py: the longest gap is what
making that many widgets costs with nothing of Casebook's in the way.

    bare_record.py LABELS BUTTONS    # JSON: block_ms, painted_ms
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run by path: find its sibling
from benchmarks.floors.paint import Heartbeat, PaintStamp  # noqa: E402


def main(labels: int, buttons: int) -> dict[str, float]:
    app = QApplication([sys.argv[0]])
    heart = Heartbeat()
    made: dict[str, object] = {}

    def open_it() -> None:
        made["start"] = time.perf_counter()
        window = QWidget()
        window.resize(1366, 768)
        area = QScrollArea()
        area.setWidgetResizable(True)
        QVBoxLayout(window).addWidget(area)
        page = QWidget()
        grid = QGridLayout(page)
        for n in range(labels):
            grid.addWidget(QLabel(f"Fictional answer {n} for timing only"), n // 2, n % 2)
        for n in range(buttons):
            grid.addWidget(QPushButton("Amend"), n, 2)
        area.setWidget(page)
        stamp = PaintStamp(window)
        stamp.arm()
        made["window"], made["stamp"] = window, stamp
        window.show()

    heart.start()
    QTimer.singleShot(0, open_it)
    while "stamp" not in made:
        app.processEvents()
    stamp = made["stamp"]
    assert isinstance(stamp, PaintStamp)
    painted = stamp.wait()
    block = heart.stop()
    return {"block_ms": block, "painted_ms": (painted - float(made["start"])) * 1e3}  # type: ignore[arg-type]


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
