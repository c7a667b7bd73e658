"""The case list's search box and filters: status, pathway, year group, opened from and to.

`changed` fires on every edit; `read` turns what is chosen into a `CaseFilter`.
A mistyped date is said when the DSL leaves the box, not while typing.
"""

from __future__ import annotations

from datetime import date

from app.dates import DATE_HINT, has_date_shape, parse_date
from app.models import CaseStatus, Pathway
from app.services.dashboard import ACTIVE
from app.ui.dashboard.model import PATHWAY_WORDS, CaseFilter
from app.ui.dashboard.words import SEARCH_HINT
from app.ui.qt import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QResizeEvent,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import Message, button, line_edit, strip_mnemonic
from app.wizard import spec as wizard_spec

INPUT_HEIGHT = 34  # drop-downs as tall as the line edits beside them
# Room in a line edit around its text: its padding, frame and (search) clear button.
EDIT_PADDING = 24
CLEAR_BUTTON_ROOM = 26

STATUS_CHOICES: tuple[tuple[str, frozenset[CaseStatus] | None], ...] = (
    ("All cases", None),
    ("Open and monitoring", frozenset(ACTIVE)),
    ("Open", frozenset({CaseStatus.OPEN})),
    ("Monitoring", frozenset({CaseStatus.MONITORING})),
    ("Closed", frozenset({CaseStatus.CLOSED})),
    ("Drafts", frozenset({CaseStatus.DRAFT})),
)


def year_groups() -> list[tuple[str, str]]:
    """(stored value, label) for every year group the wizard offers."""
    return list(wizard_spec.load().vocabularies.get("year_group", {}).items())


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


class CaseFilters(QWidget):
    """The filters' row and, below, what is wrong with a date.

    On a window too narrow for one row with the search box's hint and the dates
    in full, the dates and Clear filters take a second row, labelled beside them
    so the row costs no more height than its inputs."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self._filter_grid = grid
        self._filter_cells = self._build_inputs(grid)
        self._second_row = QHBoxLayout()
        self._second_row.setContentsMargins(0, 0, 0, 0)
        self._second_row.setSpacing(8)
        self.filters_in_two_rows = False
        self.arrange(two_rows=False)
        inputs = self._inputs = QWidget()
        rows = QVBoxLayout(inputs)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(6)
        rows.addLayout(grid)
        rows.addLayout(self._second_row)
        grid.setContentsMargins(0, 0, 0, 0)
        # The one-row layout must not set the window's minimum width: narrower
        # than `one_row_width` the dates move to a second row, which needs less.
        inputs.setMinimumWidth(self.two_rows_width())
        column.addWidget(inputs)
        self.filter_message = Message()
        column.addWidget(self.filter_message)

        self.search.textChanged.connect(self.changed)
        for combo in (self.status_filter, self.pathway_filter, self.year_filter):
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.opened_from, self.opened_to):
            edit.textChanged.connect(self.changed)
            edit.editingFinished.connect(self._dates_finished)
        self.clear_button.clicked.connect(self.clear)

    def _build_inputs(self, grid: QGridLayout) -> list[tuple[QLabel, QWidget]]:
        """Each input under its label, left to right; returns the (label, input) cells."""
        self.search = line_edit(max_length=200)
        self.search.setPlaceholderText("Name, reference or words")
        self.search.setToolTip(SEARCH_HINT + " (Ctrl+F)")
        self.search.setAccessibleDescription(SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        # Room for its hint in full ("N..." tells nobody what to type), and at least 200 px.
        hint_width = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        self.search.setMinimumWidth(max(200, hint_width + EDIT_PADDING + CLEAR_BUTTON_ROOM))
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
            self.pathway_filter.addItem(PATHWAY_WORDS[p], p.value)  # a code: see read
        cells.append((labelled(grid, 2, "&Pathway", self.pathway_filter), self.pathway_filter))
        self.year_filter = QComboBox()
        self.year_filter.addItem("Any year group", None)
        for value, text in year_groups():
            self.year_filter.addItem(text, value)
        cells.append((labelled(grid, 3, "Year &group", self.year_filter), self.year_filter))
        self.opened_from = line_edit(max_length=10)
        self.opened_to = line_edit(max_length=10)
        for edit in (self.opened_from, self.opened_to):
            edit.setPlaceholderText(DATE_HINT)
            edit.setAccessibleDescription(f"A date as {DATE_HINT}")
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(DATE_HINT) + EDIT_PADDING)
            edit.setMaximumWidth(max(140, edit.minimumWidth()))
        cells.append((labelled(grid, 4, "Opened fro&m", self.opened_from), self.opened_from))
        cells.append((labelled(grid, 5, "Opened t&o", self.opened_to), self.opened_to))
        self.clear_button = button("Clear &filters")  # Alt+C is the Case menu
        for combo in (self.status_filter, self.pathway_filter, self.year_filter):
            # Narrower than their longest choice, so the filters keep to one row on a
            # 1366x768 screen at 125%; the open list still shows every choice in full.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(11)
        return cells

    # -- reading ------------------------------------------------------------------------
    def read(self, final: bool = False) -> tuple[CaseFilter, list[str]]:
        """The filter chosen, and what is wrong with its dates (only once `final`)."""
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

    def _date_value(self, edit: QLineEdit, final: bool) -> tuple[date | None, str]:
        text = edit.text().strip()
        if not text:
            return None, ""
        try:
            return parse_date(text), ""
        except ValueError:
            if not final:
                return None, ""
            name = edit.accessibleName()
            if has_date_shape(text):  # 31/02/2025: the right shape, but no such day
                return None, f"{name}: {text} is not a real date. Check the day and the month."
            return None, f"{name}: enter a date as {DATE_HINT}."

    def _dates_finished(self) -> None:
        _f, problems = self.read(final=True)
        if problems:
            self.filter_message.show_error("\n".join(problems))
        else:
            self.filter_message.clear()

    def clear(self) -> None:
        """Clear filters: every case again, one `changed` for the lot."""
        for widget in (self.status_filter, self.pathway_filter, self.year_filter):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        for edit in (self.search, self.opened_from, self.opened_to):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.filter_message.clear()  # no date left to be wrong
        self.changed.emit()

    # -- fitting a narrow window ----------------------------------------------------------
    def _cell_width(self, label: QLabel, widget: QWidget) -> int:
        return max(
            label.minimumSizeHint().width(),
            widget.minimumWidth(),
            widget.minimumSizeHint().width(),
        )

    def one_row_width(self) -> int:
        """The width every filter needs on one row, the hint and dates in full."""
        cells = [self._cell_width(label, widget) for label, widget in self._filter_cells]
        spacing = self._filter_grid.horizontalSpacing() * len(cells)
        return sum(cells) + spacing + self.clear_button.sizeHint().width()

    def two_rows_width(self) -> int:
        """The width the filters need with the dates and Clear filters on a second row."""
        first = [self._cell_width(label, widget) for label, widget in self._filter_cells[:4]]
        second = sum(
            label.minimumSizeHint().width() + self._cell_width(label, widget) + 16
            for label, widget in self._filter_cells[4:]
        )
        spacing = self._filter_grid.horizontalSpacing() * (len(first) - 1)
        return max(sum(first) + spacing, second + self.clear_button.sizeHint().width())

    def fit_width(self, width: int) -> None:
        """One row when `width` holds it, else two."""
        two_rows = width < self.one_row_width()
        if two_rows != self.filters_in_two_rows:
            self.arrange(two_rows=two_rows)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.fit_width(self.width())

    def arrange(self, *, two_rows: bool) -> None:
        """Filters in one row on a wide window; dates and Clear on a second row when narrow."""
        grid, second = self._filter_grid, self._second_row
        for label, widget in self._filter_cells:
            for layout in (grid, second):
                layout.removeWidget(label)
                layout.removeWidget(widget)
        for layout in (grid, second):
            layout.removeWidget(self.clear_button)
        while second.count():  # the spacing and stretch of a previous second row
            second.takeAt(0)
        for n, (label, widget) in enumerate(self._filter_cells):
            if two_rows and n >= 4:
                second.addWidget(label)
                second.addWidget(widget)
                second.addSpacing(8)
            else:
                grid.addWidget(label, 0, n)
                grid.addWidget(widget, 1, n)
        if two_rows:
            second.addStretch(1)
            second.addWidget(self.clear_button)
        else:
            grid.addWidget(self.clear_button, 1, len(self._filter_cells))
        columns = 4 if two_rows else len(self._filter_cells) + 1
        for n in range(len(self._filter_cells) + 1):
            stretch = 0 if n >= columns else (3 if n == 0 else (1 if n <= 3 else 0))
            grid.setColumnStretch(n, stretch)
        self.filters_in_two_rows = two_rows
        if hasattr(self, "_inputs"):  # built: the lists' heights are worked out at once
            # A box layout keeps its sub-layouts' sizes until told: tell it.
            rows = self._inputs.layout()
            if rows is not None:
                rows.invalidate()
            self._inputs.updateGeometry()
            self.updateGeometry()
