"""The dashboard: what needs the DSL today, and every case, searchable and filtered.

Two answers on one screen: the Today panel (reviews and actions due or overdue,
decisions to look at again, drafts to resume) and the case list. Overdue is said
in words as well as in colour. The rows are read off the GUI thread
(`loader.Loader`) and shown through a table model and a filtering proxy, so
10 000 cases stay smooth.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.dates import DATE_HINT, parse_date
from app.models import CaseStatus, Pathway
from app.services.dashboard import ACTIVE, TodayItem
from app.services.workspace import Workspace
from app.ui.dashboard.loader import Loader, Snapshot
from app.ui.dashboard.model import (
    ACTIONS,
    COLUMNS,
    NEXT_REVIEW,
    OPENED,
    PATHWAY,
    PATHWAY_WORDS,
    PEOPLE,
    REFERENCE,
    STATUS,
    CaseFilter,
    CaseFilterProxy,
    CaseTableModel,
    TodayModel,
)
from app.ui.qt import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QEvent,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPushButton,
    QResizeEvent,
    QShortcut,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import Message, button, heading, line_edit, plain_label, strip_mnemonic
from app.wizard import spec as wizard_spec

if TYPE_CHECKING:  # imported when used: the case file's forms import this module
    from app.ui.wizard.discard import DiscardDraftDialog

SEARCH_HINT = "A name, a reference or any words. Sexting, nudes and semi-nudes find the same."
LOADING = "Reading the cases…"
NOTHING_TODAY = (
    "Nothing needs you today: no reviews or actions are due, and there are no drafts to finish."
)
NO_MATCH = "No case matches. Try fewer words, or press Clear filters."
TODAY_PREFERRED_HEIGHT = 230  # px: the Today panel's share of a tall window
FILTERS_ONE_ROW_WIDTH = 1000  # px: narrower than this, the date filters take a second row
FILTERS_TWO_ROWS_MIN_WIDTH = 620  # px: what the filters need on two rows
SHORT_HEIGHT = 520  # px: a dashboard this short (a laptop at 125% or 150%) drops repeats
NO_CASES = "No cases yet. Incidents you record will be listed here."
DISCARD_TIP = "Started a case by mistake? Choose its draft in the list, then discard it (Delete)"

STATUS_CHOICES: tuple[tuple[str, frozenset[CaseStatus] | None], ...] = (
    ("All cases", None),
    ("Open and monitoring", frozenset(ACTIVE)),
    ("Open", frozenset({CaseStatus.OPEN})),
    ("Monitoring", frozenset({CaseStatus.MONITORING})),
    ("Closed", frozenset({CaseStatus.CLOSED})),
    ("Drafts", frozenset({CaseStatus.DRAFT})),
)
TODAY_KINDS: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("All", None),
    ("Reviews", frozenset({"review", "parents"})),
    ("Actions", frozenset({"action"})),
    ("Drafts", frozenset({"draft"})),
)
COLUMN_WIDTHS = {
    REFERENCE: 110,
    OPENED: 110,
    STATUS: 120,
    PATHWAY: 200,
    NEXT_REVIEW: 210,
    ACTIONS: 140,
}
ROW_HEIGHT = 32
INPUT_HEIGHT = 34  # drop-downs as tall as the line edits beside them


def year_groups() -> list[tuple[str, str]]:
    """(stored value, label) for every year group the wizard offers."""
    return list(wizard_spec.load().vocabularies.get("year_group", {}).items())


def configure_table(view: QTableView) -> None:
    """A read-only list: whole rows, one at a time, Tab moves on, fixed row height."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(ROW_HEIGHT)
    columns = view.horizontalHeader()
    columns.setHighlightSections(False)
    columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    columns.setMinimumSectionSize(60)


def labelled(grid: QGridLayout, column: int, text: str, widget: QWidget, span: int = 1) -> QLabel:
    """A label above its input; the label is its buddy and its accessible name."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setBuddy(widget)
    widget.setAccessibleName(strip_mnemonic(text))
    widget.setMinimumHeight(INPUT_HEIGHT)
    grid.addWidget(label, 0, column, 1, span)
    grid.addWidget(widget, 1, column, 1, span)
    return label


class DashboardWidget(QWidget):
    """The first screen after sign-in. Place it in the main window."""

    open_case = Signal(int)
    resume_draft = Signal(int)
    loaded = Signal()  # new rows (every case) and today's items are on screen
    head_shown = Signal()  # the first read's first screenful is on screen, the rest to come
    counts_changed = Signal(int, int, int)  # reviews, actions, drafts (see today_counts)
    draft_discarded = Signal(str)  # its reference

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._applied = 0
        self._complete = False  # every case is in the model, not only the first screenful
        self._total = 0
        self._counts = (0, 0, 0)
        self._loader = Loader(ws)
        self._loader.done.connect(self._apply)
        self._loader.first.connect(self._apply)
        self._loader.failed.connect(self._failed)
        # Start reading at once: the worker's query overlaps building the widgets,
        # and its result is only delivered (queued) once the event loop runs.
        self._loader.start()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_today())
        split.addWidget(self._build_cases())
        self.today_view.installEventFilter(self)  # Delete discards a draft (eventFilter)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([TODAY_PREFERRED_HEIGHT, 470])
        outer.addWidget(split)
        self.splitter = split
        self._split_moved_by_hand = False
        split.splitterMoved.connect(self._split_moved)

        # Ctrl+F; a window that has its own Find (the main window's menu) turns this off.
        self.find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_shortcut.activated.connect(self.focus_search)

    # -- building ---------------------------------------------------------------------
    def _build_today(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("today")
        panel.setStyleSheet(
            "QFrame#today { background: #f3f7fc; border: 1px solid #b1c4dd; border-radius: 4px; }"
        )
        column = QVBoxLayout(panel)
        column.setContentsMargins(14, 10, 14, 12)
        column.setSpacing(6)
        top = QHBoxLayout()
        title = heading("What needs you today", 1.3)
        title.setWordWrap(False)
        top.addWidget(title)
        top.addStretch(1)
        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        self.kind_buttons: list[QPushButton] = []
        for n, (text, _kinds) in enumerate(TODAY_KINDS):
            b = button(text)
            b.setCheckable(True)
            b.setChecked(n == 0)
            self.kind_group.addButton(b, n)
            self.kind_buttons.append(b)
            top.addWidget(b)
        self.kind_group.idClicked.connect(self._show_kind)
        column.addLayout(top)
        self.today_summary = plain_label(LOADING)
        self.today_summary.setAccessibleName("Today")
        column.addWidget(self.today_summary)
        self.today_model = TodayModel()
        self.today_view = QTableView()
        self.today_view.setAccessibleName("What needs you today")
        self.today_view.setModel(self.today_model)
        configure_table(self.today_view)
        # A short window may give Today a single row, but always one whole row.
        self.today_view.setMinimumHeight(
            self.today_view.horizontalHeader().sizeHint().height()
            + self.today_view.verticalHeader().defaultSectionSize()
            + 2 * self.today_view.frameWidth()
        )
        header = self.today_view.horizontalHeader()
        header.resizeSection(0, 230)
        header.resizeSection(1, 110)
        header.resizeSection(2, 160)
        header.setStretchLastSection(True)
        self.today_view.activated.connect(self._today_activated)
        self.today_view.doubleClicked.connect(self._today_activated)
        column.addWidget(self.today_view, 1)
        self.discard_button = button("D&iscard draft…")
        self.discard_button.setToolTip(DISCARD_TIP)
        self.discard_button.clicked.connect(self.discard_selected_draft)
        self.discard_button.hide()  # while there is no draft to finish
        self.discard_dialog: DiscardDraftDialog | None = None
        # In the heading's row, so a short window gives no height to it.
        top.insertWidget(2, self.discard_button)
        top.insertSpacing(3, 12)
        self.today_view.selectionModel().currentRowChanged.connect(self._today_moved)
        self.today_model.modelReset.connect(self._today_moved)
        return panel

    def _build_cases(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(6)
        top = QHBoxLayout()
        cases_title = heading("Cases", 1.3)
        cases_title.setWordWrap(False)
        top.addWidget(cases_title)
        top.addSpacing(16)
        self.count_label = plain_label("", wrap=False)
        self.count_label.setAccessibleName("Cases shown")
        top.addWidget(self.count_label)
        top.addStretch(1)
        self.refresh_button = button("&Refresh")
        self.refresh_button.setToolTip("Read the cases again (F5)")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        column.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.search = line_edit(max_length=200)
        self.search.setPlaceholderText("Name, reference or words")
        self.search.setToolTip(SEARCH_HINT + " (Ctrl+F)")
        self.search.setAccessibleDescription(SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.search.setMinimumWidth(200)  # room to see what is typed, even at 150%
        # Alt+S is the School menu, so Search takes Alt+E.
        cells: list[tuple[QLabel, QWidget]] = [
            (labelled(grid, 0, "S&earch", self.search), self.search)
        ]
        self.status_filter = QComboBox()
        for text, statuses in STATUS_CHOICES:
            self.status_filter.addItem(text, statuses)
        cells.append((labelled(grid, 1, "Stat&us", self.status_filter), self.status_filter))
        self.pathway_filter = QComboBox()
        self.pathway_filter.addItem("Any pathway", None)
        for p in Pathway:
            self.pathway_filter.addItem(PATHWAY_WORDS[p], p.value)  # a code: see _read_filter
        cells.append((labelled(grid, 2, "&Pathway", self.pathway_filter), self.pathway_filter))
        self.year_filter = QComboBox()
        self.year_filter.addItem("Any year group", None)
        for value, text in year_groups():
            self.year_filter.addItem(text, value)
        cells.append((labelled(grid, 3, "&Year group", self.year_filter), self.year_filter))
        self.opened_from = line_edit(max_length=10)
        self.opened_to = line_edit(max_length=10)
        for edit in (self.opened_from, self.opened_to):
            edit.setPlaceholderText(DATE_HINT)
            edit.setAccessibleDescription(f"A date as {DATE_HINT}")
            edit.setMaximumWidth(140)
        cells.append((labelled(grid, 4, "Opened &from", self.opened_from), self.opened_from))
        cells.append((labelled(grid, 5, "Opened &to", self.opened_to), self.opened_to))
        self.clear_button = button("C&lear filters")  # Alt+C is the Case menu
        for combo in (self.status_filter, self.pathway_filter, self.year_filter):
            # Narrower than their longest choice, so the filters keep to one row on a
            # 1366x768 screen at 125%; the open list still shows every choice in full.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(11)
        self._filter_grid = grid
        self._filter_cells = cells
        self.filters_in_two_rows = False
        self._arrange_filters(two_rows=False)
        filters = QWidget()
        filters.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        # The one-row layout must not set the window's minimum width: below
        # FILTERS_ONE_ROW_WIDTH the dates move to a second row, which needs less.
        filters.setMinimumWidth(FILTERS_TWO_ROWS_MIN_WIDTH)
        column.addWidget(filters)
        self.filter_message = Message()
        column.addWidget(self.filter_message)

        self.model = CaseTableModel()
        self.proxy = CaseFilterProxy(self.model)
        self.table = QTableView()
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.proxy)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        for col, width in COLUMN_WIDTHS.items():
            header.resizeSection(col, width)
        header.setSectionResizeMode(PEOPLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorClearable(True)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._case_activated)
        self.table.doubleClicked.connect(self._case_activated)
        column.addWidget(self.table, 1)
        self.empty_label = plain_label("")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        column.addWidget(self.empty_label)
        self.message = Message()
        column.addWidget(self.message)

        self.search.textChanged.connect(self._filters_changed)
        self.search.returnPressed.connect(self.open_selected)
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.pathway_filter.currentIndexChanged.connect(self._filters_changed)
        self.year_filter.currentIndexChanged.connect(self._filters_changed)
        self.opened_from.textChanged.connect(self._filters_changed)
        self.opened_to.textChanged.connect(self._filters_changed)
        self.opened_from.editingFinished.connect(self._dates_finished)
        self.opened_to.editingFinished.connect(self._dates_finished)
        self.clear_button.clicked.connect(self.clear_filters)
        return panel

    # -- public ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the cases and today's items again (after any change to a case)."""
        self.message.clear()
        self._loader.start()

    def is_loading(self) -> bool:
        return self._loader.busy

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait for a read in progress: call before closing the workspace."""
        self._loader.wait(timeout)

    def today_counts(self) -> tuple[int, int, int]:
        """(reviews, actions, drafts) due or overdue today.

        Reviews include decisions not to tell parents or carers that are due to be
        looked at again: both are a look back at the case.
        """
        return self._counts

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_filters(self) -> None:
        for widget in (self.status_filter, self.pathway_filter, self.year_filter):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        for edit in (self.search, self.opened_from, self.opened_to):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self._filters_changed()

    def current_filter(self) -> CaseFilter:
        return self.proxy.current

    def shown_case_ids(self) -> list[int]:
        return [self.proxy.case_id(r) for r in range(self.proxy.rowCount())]

    def open_selected(self) -> None:
        """Enter: open the selected case (or the only one found)."""
        index = self.table.currentIndex()
        if not index.isValid() and self.proxy.rowCount() == 1:
            index = self.proxy.index(0, 0)
        if index.isValid():
            self._case_activated(index)

    # -- loading -------------------------------------------------------------------------
    def _apply(self, snapshot: Snapshot) -> None:
        if snapshot.generation < self._applied or (
            snapshot.generation == self._applied and self._complete
        ):
            return
        self._applied = snapshot.generation
        self._complete = snapshot.complete
        if snapshot.rows is not None:
            self._total = snapshot.total if not snapshot.complete else len(snapshot.rows)
            selected = self._selected_case()
            self.proxy.replace_rows(snapshot.rows, snapshot.today)
            header = self.table.horizontalHeader()
            if header.sortIndicatorSection() in range(len(COLUMNS)):  # new rows, same sort
                self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
            if selected is not None:
                self._select_case(selected)
        if snapshot.items is not None:
            self.today_model.set_items(snapshot.items, snapshot.today)
            self._update_today(snapshot.today)
        self._update_count()
        if snapshot.complete:
            self.loaded.emit()
        elif snapshot.rows is not None:
            self.head_shown.emit()

    def _failed(self, _generation: int, text: str) -> None:
        self.message.show_error(text)
        if not self._applied:
            self.today_summary.setText("")
        elif not self._complete:  # only the first screenful came: never claim the rest
            first = self.model.rowCount()
            self.count_label.setText(f"Showing the first {first:,} of {self._total:,} cases")

    def _update_today(self, today: date) -> None:
        items = self.today_model.items
        reviews = [i for i in items if i.kind in ("review", "parents")]
        actions = [i for i in items if i.kind == "action"]
        drafts = [i for i in items if i.kind == "draft"]
        self._counts = (len(reviews), len(actions), len(drafts))
        for b, n in zip(self.kind_buttons, (len(items), *self._counts), strict=True):
            name = strip_mnemonic(b.text()).split(" (")[0]
            b.setText(f"{name} ({n:,})")
            b.setAccessibleName(f"{name}: {n}")
        if not items:
            self.today_summary.setText(NOTHING_TODAY)
        else:
            self.today_summary.setText(
                "   ".join(
                    (
                        _kind_sentence("Reviews", reviews),
                        _kind_sentence("Actions", actions),
                        _drafts_sentence(len(drafts)),
                    )
                )
            )
        self.today_view.setVisible(bool(items))
        self.counts_changed.emit(*self._counts)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if not self._complete:  # the first screenful: say so, and never "no match" yet
            self.count_label.setText(
                f"{self._total:,} cases; reading the rest…"
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

    # -- filters ---------------------------------------------------------------------------
    def _date_value(self, edit: QLineEdit, final: bool) -> tuple[date | None, str]:
        text = edit.text().strip()
        if not text:
            return None, ""
        try:
            return parse_date(text), ""
        except ValueError:
            name = edit.accessibleName()
            return None, (f"{name}: enter a date as {DATE_HINT}." if final else "")

    def _read_filter(self, final: bool = False) -> tuple[CaseFilter, list[str]]:
        start, bad_start = self._date_value(self.opened_from, final)
        end, bad_end = self._date_value(self.opened_to, final)
        problems = [p for p in (bad_start, bad_end) if p]
        return (
            CaseFilter(
                query=self.search.text(),
                statuses=self.status_filter.currentData(),
                opened_from=start,
                opened_to=end,
                year_group=self.year_filter.currentData(),
                pathway=Pathway(code) if (code := self.pathway_filter.currentData()) else None,
            ),
            problems,
        )

    def _filters_changed(self, *_: object) -> None:
        f, _problems = self._read_filter()
        if f != self.proxy.current:
            selected = self._selected_case()
            self.proxy.set_filter(f)
            if selected is not None:  # the filter's reset forgets it: keep it if still shown
                self._select_case(selected)
            self._update_count()

    def _dates_finished(self) -> None:
        _f, problems = self._read_filter(final=True)
        if problems:
            self.filter_message.show_error("\n".join(problems))
        else:
            self.filter_message.clear()

    # -- opening ------------------------------------------------------------------------
    def _case_activated(self, index: QModelIndex) -> None:
        row = self.proxy.case_row(index.row())
        if row.status == CaseStatus.DRAFT:
            self.resume_draft.emit(row.id)
        else:
            self.open_case.emit(row.id)

    def _today_activated(self, index: QModelIndex) -> None:
        item = self.today_model.item(index.row())
        if item.kind == "draft":
            self.resume_draft.emit(item.case_id)
        else:
            self.open_case.emit(item.case_id)

    def _show_kind(self, n: int) -> None:
        self.today_model.show_kinds(TODAY_KINDS[n][1])

    # -- discarding a draft -------------------------------------------------------------
    def _selected_draft(self) -> TodayItem | None:
        index = self.today_view.currentIndex()
        if not index.isValid() or index.row() >= self.today_model.rowCount():
            return None
        item = self.today_model.item(index.row())
        return item if item.kind == "draft" else None

    def _today_moved(self, *_: object) -> None:
        drafts = any(i.kind == "draft" for i in self.today_model.shown)
        self.discard_button.setVisible(drafts)
        draft = self._selected_draft()
        self.discard_button.setEnabled(draft is not None)
        self.discard_button.setAccessibleName(
            f"Discard draft {draft.reference}" if draft is not None else "Discard draft"
        )

    def discard_selected_draft(self) -> DiscardDraftDialog | None:
        """Ask for the reason to discard the draft chosen in Today; Cancel changes nothing."""
        from app.ui.wizard.discard import DiscardDraftDialog

        draft = self._selected_draft()
        if draft is None:
            return None
        dialog = DiscardDraftDialog(self.ws, draft.case_id, draft.reference, self)
        dialog.accepted.connect(lambda ref=draft.reference: self.show_discarded(ref))
        dialog.rejected.connect(lambda: self.today_view.setFocus(Qt.FocusReason.OtherFocusReason))
        self.discard_dialog = dialog
        dialog.open()
        return dialog

    def show_discarded(self, reference: str) -> None:
        """A draft was discarded (here or in the wizard): it leaves the lists."""
        from app.ui.wizard.discard import DISCARDED

        self.refresh()
        self.message.show_good(DISCARDED.format(reference=reference))
        self.draft_discarded.emit(reference)

    def _selected_case(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.case_id(index.row()) if index.isValid() else None

    def _select_case(self, case_id: int) -> None:
        row = self.proxy.row_of(case_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.proxy.index(row, 0))

    # -- fitting a small screen (1366x768 at 125%, 1920x1080 at 150%) ----------------
    def _arrange_filters(self, *, two_rows: bool) -> None:
        """Filters in one row on a wide window; dates and Clear on a second row when narrow."""
        grid = self._filter_grid
        for label, widget in self._filter_cells:
            grid.removeWidget(label)
            grid.removeWidget(widget)
        grid.removeWidget(self.clear_button)
        for n, (label, widget) in enumerate(self._filter_cells):
            row, col = (2, n - 4) if two_rows and n >= 4 else (0, n)
            grid.addWidget(label, row, col)
            grid.addWidget(widget, row + 1, col)
        if two_rows:
            grid.addWidget(self.clear_button, 3, 2)
        else:
            grid.addWidget(self.clear_button, 1, len(self._filter_cells))
        for n in range(len(self._filter_cells) + 1):
            grid.setColumnStretch(n, 3 if n == 0 else (1 if n <= 3 else 0))
        self.filters_in_two_rows = two_rows

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        # On a short window the Today counts stay on their buttons ("Reviews (11)"),
        # and the line repeating them gives its room to the case list.
        self.today_summary.setVisible(self.height() >= SHORT_HEIGHT)
        two_rows = self.width() < FILTERS_ONE_ROW_WIDTH
        if two_rows != self.filters_in_two_rows:
            self._arrange_filters(two_rows=two_rows)
        if not self._split_moved_by_hand:
            # The case list gets the room: Today keeps at most a third of the height,
            # a quarter on a short window (the splitter gives back its minimum).
            total = sum(self.splitter.sizes()) or self.height()
            share = total // 4 if self.height() < SHORT_HEIGHT else total // 3
            today = min(TODAY_PREFERRED_HEIGHT, max(share, 1))
            self.splitter.setSizes([today, max(total - today, 1)])

    def _split_moved(self, _pos: int, _index: int) -> None:
        self._split_moved_by_hand = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        # Delete on a draft in Today asks to discard it (the dialog asks for a reason).
        if (
            watched is self.today_view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self._selected_draft() is not None
        ):
            self.discard_selected_draft()
            return True
        # Down arrow in the search box moves into the results, as in a browser.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.proxy.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)


def _kind_sentence(title: str, items: list[TodayItem]) -> str:
    late = sum(1 for i in items if i.overdue)
    due = len(items) - late
    if not items:
        return f"{title}: none due."
    parts = ([f"{late:,} overdue"] if late else []) + ([f"{due:,} due today"] if due else [])
    return f"{title}: {', '.join(parts)}."


def _drafts_sentence(n: int) -> str:
    return f"Drafts to finish: {n:,}." if n else "No drafts to finish."


__all__ = ["COLUMNS", "DashboardWidget"]
