"""A small read-only table model for the case file's lists, and its view.

Chronology, actions, reviews, decisions, history and appearances are short
lists (tens of rows), so they are built as rows of `Cell`s at once. A cell that
needs attention says so in words; the colour only repeats it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.ui.dashboard.tables import configure_table
from app.ui.qt import (
    QAbstractTableModel,
    QColor,
    QFont,
    QHeaderView,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTableView,
)
from app.ui.widgets import ERROR_COLOUR

Index = QModelIndex | QPersistentModelIndex

NOTE_COLOUR = "#7a4b00"  # dark amber, 7:1 on white
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Cell:
    text: str
    alert: bool = False  # overdue, refused: red and bold
    note: bool = False  # back-dated, possible match: amber and bold


def cell(value: Cell | str) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self._headers = tuple(headers)
        self._rows: list[tuple[Cell, ...]] = []
        self._keys: list[Any] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._alert = QColor(ERROR_COLOUR)
        self._note = QColor(NOTE_COLOUR)

    def set_rows(self, rows: Sequence[Sequence[Cell | str]], keys: Sequence[Any] = ()) -> None:
        self.beginResetModel()
        self._rows = [tuple(cell(c) for c in r) for r in rows]
        self._keys = list(keys) if keys else list(range(len(rows)))
        self.endResetModel()

    def key(self, row: int) -> Any:
        return self._keys[row]

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column].text

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt name)
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 (Qt name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        c = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return c.text
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._alert if c.alert else self._note if c.note else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if (c.alert or c.note) else None
        if role == KEY_ROLE:
            return self._keys[index.row()]
        return None


def rows_table(
    model: RowsModel, name: str, widths: Sequence[int] = (), *, wrap: bool = False
) -> QTableView:
    """A read-only list; with `wrap`, long text wraps and rows grow to fit it."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    configure_table(view)
    header = view.horizontalHeader()
    for n, width in enumerate(widths):
        header.resizeSection(n, width)
    header.setStretchLastSection(True)
    if wrap:
        view.setWordWrap(True)
        rows = view.verticalHeader()
        rows.setMinimumSectionSize(32)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view
