"""Floor for opening a window of many widgets: as many plain ones, made at once.

A 1366x768 window with a scroll area holding LABELS labels, BUTTONS buttons and
INPUTS line edits in a grid, made in one turn of the event loop (as a click
would) and painted, with the same heartbeat as probes/casefile.py and
probes/wizard_open.py: the longest gap is what making that many widgets costs
with nothing of Casebook's in the way.

    bare_record.py LABELS BUTTONS [INPUTS]    # JSON: block_ms, painted_ms
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run by path: find its sibling
from benchmarks.floors.paint import Heartbeat, open_from_the_loop  # noqa: E402


def main(labels: int, buttons: int, inputs: int = 0) -> dict[str, float]:
    _app = QApplication([sys.argv[0]])  # kept: the application lives as long as the run
    heart = Heartbeat()

    def make() -> QWidget:
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
        for n in range(inputs):
            grid.addWidget(QLineEdit(f"Fictional value {n}"), n, 3)
        area.setWidget(page)
        return window

    heart.start()
    _window, stamp, start = open_from_the_loop(make)
    painted = stamp.wait()
    return {"block_ms": heart.stop(), "painted_ms": (painted - start) * 1e3}


if __name__ == "__main__":
    print(json.dumps(main(*(int(a) for a in sys.argv[1:4]))))
