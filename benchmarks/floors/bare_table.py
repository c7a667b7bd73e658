"""Floor for the dashboard: a bare QTableView over the same rows, then typed into.

The same cases in one SQL query (reference, young people, opened, status,
pathway, next review, open actions: the dashboard's seven columns) on a raw
sqlcipher3 connection opened beforehand, a minimal table model and a
QLineEdit above the table; each key keeps the rows whose text contains what is
typed (one lower-cased string per row, made once) and resets the model with
them. Timed as probes/dashboard.py times the dashboard.

    bare_table.py DB < key-hex    # JSON: show_ms, rows, keystroke_ms
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import sqlcipher3
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run by path: find its sibling
from benchmarks.floors.paint import PaintStamp  # noqa: E402

ROWS = """
SELECT c.reference,
       (SELECT group_concat(y.name, ', ') FROM young_people y WHERE y.case_id = c.id),
       c.opened_at, c.status, c.pathway, c.next_review_on,
       (SELECT count(*) FROM actions a WHERE a.case_id = c.id AND a.done_at IS NULL)
FROM cases c ORDER BY c.status, c.next_review_on, c.reference
"""
TYPED = ["n", "o", "w", "a", "k", *["\b"] * 5]
Index = QModelIndex | QPersistentModelIndex


class Rows(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 7

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


def main(db: str, key: str) -> dict[str, object]:
    app = QApplication([sys.argv[0]])
    conn = sqlcipher3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()

    start = time.perf_counter()
    window = QWidget()
    search = QLineEdit()
    model = Rows()
    table = QTableView()
    table.setModel(model)
    column = QVBoxLayout(window)
    column.addWidget(search)
    column.addWidget(table)
    stamp = PaintStamp(window)
    every = [tuple("" if v is None else str(v) for v in r) for r in conn.execute(ROWS)]
    model.set_rows(every)
    haystacks = [" ".join(r).lower() for r in every]

    def filter_rows(text: str) -> None:
        wanted = text.lower()
        model.set_rows([r for r, h in zip(every, haystacks, strict=True) if wanted in h])

    search.textChanged.connect(filter_rows)
    stamp.arm()
    window.resize(1366, 768)
    window.show()
    shown = stamp.wait()
    search.setFocus()
    keystrokes = []
    for key in TYPED:
        stamp.arm()
        t = time.perf_counter()
        if key == "\b":
            QTest.keyClick(search, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(search, key)
        keystrokes.append((stamp.wait() - t) * 1e3)
    conn.close()
    app.quit()
    return {"show_ms": (shown - start) * 1e3, "rows": len(every), "keystroke_ms": keystrokes}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.stdin.readline().strip())))
