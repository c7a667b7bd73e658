"""The case list: its heading and count, the filters, the table and what it says when empty.

Rows come from the dashboard's loader (`show_rows`); the filters narrow them at
once, keeping the case chosen while it is still shown.
"""

from __future__ import annotations

from datetime import date

from app.models import CaseStatus
from app.services.dashboard import CaseRow
from app.ui.dashboard.filters import CaseFilters
from app.ui.dashboard.model import (
    ACTIONS,
    COLUMNS,
    NEXT_REVIEW,
    OPENED,
    PATHWAY,
    PEOPLE,
    REFERENCE,
    STATUS,
    CaseFilter,
    CaseFilterProxy,
    CaseTableModel,
)
from app.ui.dashboard.tables import configure_table
from app.ui.dashboard.words import LOADING, NO_CASES, NO_MATCH
from app.ui.qt import (
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QKeySequence,
    QModelIndex,
    QObject,
    QResizeEvent,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import Message, button, heading, plain_label

LEAST_ROWS = 3  # the case list never shows fewer whole rows than this
TOP_MARGIN, TIGHT_TOP_MARGIN = 10, 2

COLUMN_WIDTHS = {
    REFERENCE: 110,
    OPENED: 110,
    STATUS: 120,
    PATHWAY: 200,
    NEXT_REVIEW: 210,
    ACTIONS: 140,
}

# On a narrow window (1024x600) the same columns a little tighter, so the young
# people's names, in the column that stretches, keep room to be read.
NARROW_COLUMN_WIDTHS = {
    REFERENCE: 100,
    OPENED: 100,
    STATUS: 110,
    PATHWAY: 165,
    NEXT_REVIEW: 185,
    ACTIONS: 135,
}
NARROW_TABLE = 1150  # px: a table narrower than this takes the narrow widths
DISCARD_TEXT = "&Discard this draft…"  # Alt+D: free on the dashboard (see today.TODAY_KINDS)


class CaseList(QWidget):
    """Every case, searchable and filtered; a draft opens in the wizard, a case in its file."""

    open_case = Signal(int)
    resume_draft = Signal(int)
    refresh_asked = Signal()  # Refresh (F5)
    discard_asked = Signal(int, str)  # a draft chosen in the list: its id and reference

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.complete = False  # every case is in the model, not only the first screenful
        self.total = 0
        column = QVBoxLayout(self)
        column.setContentsMargins(0, TOP_MARGIN, 0, 0)
        self._column = column
        column.setSpacing(6)
        column.addLayout(self._build_heading())
        self.filters = CaseFilters()
        column.addWidget(self.filters)
        self.model = CaseTableModel()
        self.proxy = CaseFilterProxy(self.model)
        self.table = QTableView()
        self._build_table()
        column.addWidget(self.table, 1)
        self.empty_label = plain_label("")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        column.addWidget(self.empty_label)
        self.message = Message()
        column.addWidget(self.message)

        self.filters.search.installEventFilter(self)  # Down moves into the list (eventFilter)
        self.filters.changed.connect(self._filters_changed)
        self.filters.search.returnPressed.connect(self.open_selected)

    def _build_heading(self) -> QHBoxLayout:
        top = QHBoxLayout()
        # Alt+A: the list (its buddy). See today.TODAY_KINDS for the dashboard's letters.
        cases_title = heading("C&ases", 1.3)
        cases_title.setAccessibleName("Cases")
        cases_title.setWordWrap(False)
        self.title = cases_title
        top.addWidget(cases_title)
        top.addSpacing(16)
        self.count_label = plain_label("", wrap=False)
        self.count_label.setAccessibleName("Cases shown")
        top.addWidget(self.count_label)
        top.addStretch(1)
        # Shown while a draft is chosen in the list: one started by mistake can go.
        self.discard_button = button(DISCARD_TEXT)
        self.discard_button.hide()
        self.discard_button.clicked.connect(self.discard_selected)
        top.addWidget(self.discard_button)
        self.refresh_button = button("&Refresh")
        self.refresh_button.setToolTip("Read the cases again (F5)")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.refresh_asked)
        top.addWidget(self.refresh_button)
        return top

    def _build_table(self) -> None:
        self.table.setAccessibleName("Cases")
        self.title.setBuddy(self.table)
        self.table.setModel(self.proxy)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        self._narrow_columns = False
        self._size_columns(COLUMN_WIDTHS)
        header.setSectionResizeMode(PEOPLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorClearable(True)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._case_activated)
        self.table.doubleClicked.connect(self._case_activated)
        self.table.selectionModel().currentChanged.connect(self._update_discard)
        self.table.selectionModel().selectionChanged.connect(self._update_discard)
        self.proxy.modelReset.connect(self._update_discard)
        self.proxy.layoutChanged.connect(self._update_discard)
        self.table.installEventFilter(self)  # Delete on a draft asks to discard it
        self.table.setMinimumHeight(self._table_height(LEAST_ROWS))

    def _table_height(self, rows: int) -> int:
        table = self.table
        return (
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
        )

    # -- fitting a short or narrow window ------------------------------------------------
    def _size_columns(self, widths: dict[int, int]) -> None:
        header = self.table.horizontalHeader()
        for col, width in widths.items():
            header.resizeSection(col, width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        narrow = self.width() < NARROW_TABLE
        if narrow != self._narrow_columns:  # only on crossing, so widths set by hand stay
            self._narrow_columns = narrow
            self._size_columns(NARROW_COLUMN_WIDTHS if narrow else COLUMN_WIDTHS)

    def height_for_rows(self, rows: int) -> int:
        """The height this list needs to show `rows` whole rows of cases."""
        extra = max(0, self._table_height(rows) - self.table.minimumHeight())
        return self.minimumSizeHint().height() + extra

    def set_tight(self, tight: bool) -> None:
        """Less room above the heading on a very short window."""
        self._column.setContentsMargins(0, TIGHT_TOP_MARGIN if tight else TOP_MARGIN, 0, 0)

    # -- showing a read --------------------------------------------------------------
    def show_rows(self, rows: list[CaseRow], today: date, total: int) -> None:
        """New rows, in the same sort, the chosen case still chosen."""
        self.total = total
        selected = self.selected_case()
        self.proxy.replace_rows(rows, today)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() in range(len(COLUMNS)):  # new rows, same sort
            self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if selected is not None:
            self.select_case(selected)

    def update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if not self.complete:  # the first screenful: say so, and never "no match" yet
            self.count_label.setText(
                f"{self.total:,} cases; reading the rest…"
                if self.proxy.current.is_empty
                else LOADING
            )
            self.empty_label.setText(LOADING)
        elif total == 0:
            self.count_label.setText("")
            self.empty_label.setText(NO_CASES)
        elif shown == total:
            self.count_label.setText(f"{total:,} case{'s' if total != 1 else ''}")
        else:
            self.count_label.setText(f"Showing {shown:,} of {total:,} cases")
            self.empty_label.setText(NO_MATCH)
        self.empty_label.setVisible(shown == 0)

    def show_only_first(self) -> None:
        """The rest of the list could not be read: never claim it."""
        first = self.model.rowCount()
        self.count_label.setText(f"Showing the first {first:,} of {self.total:,} cases")

    def _filters_changed(self) -> None:
        f, _problems = self.filters.read()
        if f != self.proxy.current:
            selected = self.selected_case()
            self.proxy.set_filter(f)
            if selected is not None:  # the filter's reset forgets it: keep it if still shown
                self.select_case(selected)
            self.update_count()

    # -- the case chosen ------------------------------------------------------------------
    def current_filter(self) -> CaseFilter:
        return self.proxy.current

    def shown_case_ids(self) -> list[int]:
        return [self.proxy.case_id(r) for r in range(self.proxy.rowCount())]

    def selected_case(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.case_id(index.row()) if index.isValid() else None

    def select_case(self, case_id: int) -> None:
        row = self.proxy.row_of(case_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.proxy.index(row, 0))

    def open_selected(self) -> None:
        """Enter: open the selected case (or the only one found)."""
        index = self.table.currentIndex()
        if not index.isValid() and self.proxy.rowCount() == 1:
            index = self.proxy.index(0, 0)
        if index.isValid():
            self._case_activated(index)

    def selected_draft(self) -> CaseRow | None:
        """The draft chosen in the list, if the row chosen is one."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        row = self.proxy.case_row(index.row())
        return row if row.status == CaseStatus.DRAFT else None

    def _update_discard(self, *_args: object) -> None:
        draft = self.selected_draft()
        self.discard_button.setVisible(draft is not None)
        if draft is not None:
            self.discard_button.setAccessibleName(f"Discard draft {draft.reference} (case list)")
            self.discard_button.setToolTip(f"Discard draft {draft.reference} (Delete)")

    def discard_selected(self) -> None:
        draft = self.selected_draft()
        if draft is not None:
            self.discard_asked.emit(draft.id, draft.reference)

    def _case_activated(self, index: QModelIndex) -> None:
        row = self.proxy.case_row(index.row())
        if row.status == CaseStatus.DRAFT:
            self.resume_draft.emit(row.id)
        else:
            self.open_case.emit(row.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        # Down arrow in the search box moves into the results, as in a browser.
        if watched is self.filters.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.proxy.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        # Delete on a draft in the list asks to discard it (the dialog asks for a reason).
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.selected_draft() is not None
        ):
            self.discard_selected()
            return True
        return super().eventFilter(watched, event)
