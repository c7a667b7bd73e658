"""The case list as Qt models: a table model over `CaseRow`s and a filtering proxy.

The table model holds the rows `dashboard.case_rows` returns and formats a row's
cells only when the view asks for them, so 10 000 cases cost nothing until they
scroll into sight. The filtered model decides which rows pass the search and the
filters once per change (the query's words expanded once, not once per row, over
each row's folded text made when it was read) and lists them by number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.dates import format_date
from app.models import CaseStatus, Pathway
from app.services.dashboard import ACTIVE, CaseRow, TodayItem, word_test
from app.ui.qt import (
    QAbstractTableModel,
    QColor,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from app.ui.widgets import ERROR_COLOUR
from app.vocabulary import NOT_RECORDED, PATHWAY_WORDS, STATUS_WORDS

Index = QModelIndex | QPersistentModelIndex

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ALERT_ROLE = Qt.ItemDataRole.UserRole + 2  # True when the cell says "overdue"


COLUMNS = (
    "Reference",
    "Young people",
    "Opened",
    "Status",
    "Pathway",
    "Next review",
    "Open actions",
)
REFERENCE, PEOPLE, OPENED, STATUS, PATHWAY, NEXT_REVIEW, ACTIONS = range(len(COLUMNS))

ALERT = QColor(ERROR_COLOUR)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def due_words(due: date | None, today: date) -> str:
    """A due date with the word that matters first, so it survives a narrow column."""
    if due is None:
        return ""
    if due < today:
        return f"Overdue: {format_date(due)}"
    if due == today:
        return f"Due today: {format_date(due)}"
    return format_date(due)


def review_text(row: CaseRow, today: date) -> str:
    if row.status not in ACTIVE:
        return ""
    if row.next_review_on is None:
        return "No date set"
    return due_words(row.next_review_on, today)


def actions_text(row: CaseRow) -> str:
    if not row.open_actions:
        return "None"
    if row.overdue_actions:
        return f"{row.open_actions} ({row.overdue_actions} overdue)"
    return str(row.open_actions)


def cells(row: CaseRow, today: date) -> tuple[str, ...]:
    return (
        row.reference,
        ", ".join(row.young_people),
        format_date(row.opened_on) if row.opened_on else "",
        STATUS_WORDS[row.status],
        PATHWAY_WORDS[row.pathway] if row.pathway else NOT_RECORDED,
        review_text(row, today),
        actions_text(row),
    )


def _sort_keys(today: date) -> dict[int, Callable[[CaseRow], Any]]:
    far = date.max
    return {
        REFERENCE: lambda r: (len(r.reference), r.reference),
        PEOPLE: lambda r: [n.casefold() for n in r.young_people],
        OPENED: lambda r: r.opened_on or far,
        STATUS: lambda r: list(CaseStatus).index(r.status),
        PATHWAY: lambda r: PATHWAY_WORDS[r.pathway] if r.pathway else "~",
        NEXT_REVIEW: lambda r: (r.status not in ACTIVE, r.next_review_on or far),
        ACTIONS: lambda r: (r.overdue_actions, r.open_actions),
    }


class CaseTableModel(QAbstractTableModel):
    """Every case, one per row, in the order the service gave (attention first)."""

    def __init__(self, rows: Sequence[CaseRow] = (), today: date | None = None) -> None:
        super().__init__()
        self._rows: list[CaseRow] = list(rows)
        self._service_order = {r.id: n for n, r in enumerate(self._rows)}
        self._today = today or date.today()
        self._cells: dict[int, tuple[str, ...]] = {}
        self._bold = _bold()

    # -- contents ----------------------------------------------------------------
    @property
    def rows(self) -> list[CaseRow]:
        return self._rows

    @property
    def today(self) -> date:
        return self._today

    def set_rows(self, rows: Sequence[CaseRow], today: date | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._service_order = {r.id: n for n, r in enumerate(self._rows)}
        self._today = today or date.today()
        self._cells.clear()
        self.endResetModel()

    def row_at(self, row: int) -> CaseRow:
        return self._rows[row]

    def _cells_of(self, row: int) -> tuple[str, ...]:
        found = self._cells.get(row)
        if found is None:
            found = self._cells[row] = cells(self._rows[row], self._today)
        return found

    def is_alert(self, row: int, column: int) -> bool:
        r = self._rows[row]
        if column == NEXT_REVIEW:
            return r.review_overdue(self._today)
        return column == ACTIONS and r.overdue_actions > 0

    # -- QAbstractTableModel -------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt name)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 (Qt name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int) -> Any:
        """What `data` answers, by row number: the filtered view asks for it directly."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells_of(row)[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            return ALERT if self.is_alert(row, column) else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self.is_alert(row, column) else None
        if role == Qt.ItemDataRole.ToolTipRole and column == PEOPLE:
            return "\n".join(self._rows[row].young_people) or None
        if role == CASE_ID_ROLE:
            return self._rows[row].id
        if role == ALERT_ROLE:
            return self.is_alert(row, column)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves: one Python sort, no per-comparison calls from Qt.

        Column -1 (the header's sort cleared) puts back the service's order:
        open and monitoring cases first, soonest review first.
        """
        if column >= len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in before]
        if column < 0:
            self._rows.sort(key=lambda r: self._service_order[r.id])
        else:
            self._rows.sort(
                key=_sort_keys(self._today)[column],
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
        self._cells.clear()
        where = {r.id: n for n, r in enumerate(self._rows)}
        after = [self.index(where[cid], i.column()) for cid, i in zip(ids, before, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()


# -- filtering ----------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilter:
    """What the DSL asked for: every part must hold for a case to show."""

    query: str = ""
    statuses: frozenset[CaseStatus] | None = None  # None: every status
    opened_from: date | None = None
    opened_to: date | None = None
    year_group: str | None = None
    pathway: Pathway | None = None

    @property
    def is_empty(self) -> bool:
        return self == CaseFilter()


def accepted_rows(rows: Sequence[CaseRow], f: CaseFilter) -> list[int] | None:
    """The positions of the rows that pass, in order, or None when nothing is filtered.

    One pass per part of the filter over plain lists, cheapest first, each over
    what the last one kept: 50 000 rows in a few milliseconds per keystroke.
    """
    if f.is_empty:
        return None
    kept: list[int] = list(range(len(rows)))
    if f.statuses is not None:
        statuses = f.statuses
        kept = [n for n in kept if rows[n].status in statuses]
    if f.pathway is not None:
        pathway = f.pathway
        kept = [n for n in kept if rows[n].pathway == pathway]
    if f.year_group:
        year = f.year_group
        kept = [n for n in kept if year in rows[n].year_groups]
    if f.opened_from is not None:
        start = f.opened_from
        kept = [n for n in kept if (o := rows[n].opened_on) is not None and o >= start]
    if f.opened_to is not None:
        end = f.opened_to
        kept = [n for n in kept if (o := rows[n].opened_on) is not None and o <= end]
    for word in f.query.split():
        test = word_test(word)
        kept = [n for n in kept if test(rows[n].search_text)]
    return kept


def accepted_ids(rows: Sequence[CaseRow], f: CaseFilter) -> set[int] | None:
    """The ids of the rows that pass, or None when nothing is filtered."""
    kept = accepted_rows(rows, f)
    return None if kept is None else {rows[n].id for n in kept}


class CaseFilterProxy(QAbstractTableModel):
    """The rows that pass the current `CaseFilter`, in the source's order.

    A flat list of source row numbers rather than a QSortFilterProxyModel: that
    asks Python about every row, one call each, at every keystroke (200 ms at
    50 000 cases); here a filter is one list comprehension and a model reset.
    """

    def __init__(self, source: CaseTableModel) -> None:
        super().__init__()
        self._source = source
        self._filter = CaseFilter()
        self._shown: list[int] | None = None  # None: every source row
        source.modelReset.connect(self._source_reset)

    @property
    def current(self) -> CaseFilter:
        return self._filter

    def set_filter(self, f: CaseFilter) -> None:
        self._filter = f
        self._source_reset()

    def replace_rows(self, rows: Sequence[CaseRow], today: date | None = None) -> None:
        """New rows for the source, the same filter on them (the source's reset resets us)."""
        self._source.set_rows(rows, today)

    def _source_reset(self) -> None:
        self.beginResetModel()
        self._shown = accepted_rows(self._source.rows, self._filter)
        self.endResetModel()

    def _source_row(self, row: int) -> int:
        return row if self._shown is None else self._shown[row]

    def row_of(self, case_id: int) -> int | None:
        """Where a case is shown, or None when it is filtered out."""
        rows = self._source.rows
        order = range(len(rows)) if self._shown is None else self._shown
        for n, source_row in enumerate(order):
            if rows[source_row].id == case_id:
                return n
        return None

    # -- QAbstractTableModel -------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt name)
        if parent.isValid():
            return 0
        return self._source.rowCount() if self._shown is None else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt name)
        return self._source.columnCount(parent)

    def headerData(  # noqa: N802 (Qt name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return self._source.headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self._source.cell(self._source_row(index.row()), index.column(), role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source's rows, filter them again, and keep the selection on its case."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self.case_id(i.row()) for i in before]
        self._source.sort(column, order)
        self._shown = accepted_rows(self._source.rows, self._filter)
        where: dict[int, int] = {}
        if before:
            rows = self._source.rows
            order_ = range(len(rows)) if self._shown is None else self._shown
            where = {rows[r].id: n for n, r in enumerate(order_)}
        after = [self.index(where[cid], i.column()) for cid, i in zip(ids, before, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def case_id(self, row: int) -> int:
        return self._source.rows[self._source_row(row)].id

    def case_row(self, row: int) -> CaseRow:
        return self._source.row_at(self._source_row(row))


# -- today ------------------------------------------------------------------------------

KIND_WORDS = {
    "review": "Review",
    "parents": "Parents or carers",
    "action": "Action",
    "draft": "Draft",
    "transfer": "Receipt awaited",
}
TODAY_COLUMNS = ("Due", "Case", "What", "Details")


class TodayModel(QAbstractTableModel):
    """What needs the DSL today, overdue first within each kind, as the service orders it."""

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._all: list[TodayItem] = []
        self._shown: list[TodayItem] = []
        self._kinds: frozenset[str] | None = None
        self._today = today or date.today()
        self._bold = _bold()

    @property
    def items(self) -> list[TodayItem]:
        return self._all

    @property
    def shown(self) -> list[TodayItem]:
        return self._shown

    def set_items(self, items: Sequence[TodayItem], today: date | None = None) -> None:
        self.beginResetModel()
        self._all = list(items)
        self._today = today or date.today()
        self._apply()
        self.endResetModel()

    def show_kinds(self, kinds: frozenset[str] | None) -> None:
        self.beginResetModel()
        self._kinds = kinds
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        kinds = self._kinds
        self._shown = [i for i in self._all if kinds is None or i.kind in kinds]

    def item(self, row: int) -> TodayItem:
        return self._shown[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt name)
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt name)
        return 0 if parent.isValid() else len(TODAY_COLUMNS)

    def headerData(  # noqa: N802 (Qt name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return TODAY_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self._shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return "To finish" if item.kind == "draft" else due_words(item.due_on, self._today)
            if column == 1:
                return item.reference
            if column == 2:
                return KIND_WORDS.get(item.kind, item.kind.capitalize())
            return item.text
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return item.text
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole) and column == 0:
            if not item.overdue:
                return None
            return ALERT if role == Qt.ItemDataRole.ForegroundRole else self._bold
        if role == CASE_ID_ROLE:
            return item.case_id
        if role == ALERT_ROLE:
            return item.overdue
        return None
