"""Who saw what: the audit trail for the DSL, newest first, with the chain checked on open.

Every view, change, print and export of a case is listed by case reference
(never a child's name), with who did it and when, in local time. The banner
says whether the hash chain is intact; if it is not, it says what is wrong.
The filters (case, who, what, and From / To days) are the service's
(`audit_view.TrailFilter`), and Print… and Save as PDF… put on paper exactly
the entries shown, with the filter; each is written to the trail itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.dates import DATE_HINT
from app.errors import InvalidInput
from app.services import audit_view
from app.services.audit import AuditLine, ChainReport
from app.services.audit_view import (
    ACTION_NAMES,
    BROKEN,
    INTACT,
    WHOLE_DATABASE,
    TrailFilter,
    action_name,
    chain_text,
    local_time,
)
from app.services.workspace import Workspace
from app.ui import changes, print_dialog
from app.ui.background import BackgroundJob, BusyIndicator, OneJob
from app.ui.dialog import Dialog
from app.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPrinter,
    QSortFilterProxyModel,
    Qt,
    QTableView,
    QWidget,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.security import audit_viewer_paper as paper
from app.ui.security.audit_viewer_paper import UNENCRYPTED_WARNING
from app.ui.security.common import attempt
from app.ui.widgets import (
    Message,
    button,
    button_row,
    line_edit,
    plain_label,
    strip_mnemonic,
)

COLUMNS = ("When", "Who", "What", "Case", "Detail")
EVERYONE = "Everyone"
ALL_ACTIONS = "Everything"
_Index = QModelIndex | QPersistentModelIndex

__all__ = [
    "ACTION_NAMES",
    "BROKEN",
    "INTACT",
    "WHOLE_DATABASE",
    "AuditViewer",
    "action_name",
    "chain_text",
    "local_time",
]


@dataclass(frozen=True)
class Row:
    shown: audit_view.TrailRow  # as the DSL reads it
    line: AuditLine  # as stored, for the filter


class AuditModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_lines(self, lines: list[AuditLine], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows = [
            Row(audit_view.row_of(line, names), line)
            for line in reversed(lines)  # newest first
        ]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        r = self.rows[index.row()].shown
        return (r.when, r.who, r.what, r.case, r.detail)[index.column()]

    def headerData(  # noqa: N802 (Qt name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class AuditFilter(QSortFilterProxyModel):
    """Shows the rows the service's filter accepts."""

    def __init__(self, model: AuditModel) -> None:
        super().__init__()
        self.audit_model = model
        self.setSourceModel(model)
        self.chosen = TrailFilter()

    def set_filter(self, chosen: TrailFilter) -> None:
        modern = hasattr(self, "beginFilterChange")  # Qt 6.9 and later
        if modern:
            self.beginFilterChange()
        self.chosen = chosen
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        return self.chosen.accepts(self.audit_model.rows[source_row].line)


class AuditViewer(Dialog):
    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, reference: str = ""
    ) -> None:
        super().__init__("Who saw what: the audit trail", parent, width=980, scroll=False)
        self.ws = ws
        fit_to_screen(self, 1180, 640)
        self.setStyleSheet("QComboBox { min-height: 32px; padding: 0 6px; }")  # as line edits
        self.lines: list[AuditLine] = []
        self.chain: ChainReport | None = None
        self.days: tuple[date | None, date | None] = (None, None)  # the last good From / To
        self.dates_wrong = False  # what is typed in From / To is not the range in use
        self.printed_pages: int | None = None  # how many the last print sent
        self._build_banner()
        self._build_filters()
        self._build_table()
        self._build_buttons()
        self.case_filter.setText(reference)
        self.load()
        self.case_filter.setFocus()
        # Every write is audited: while this is open, anything written shows here too.
        changes.of(ws).changed.connect(self._something_changed)

    def _something_changed(self, _change: changes.Change) -> None:
        self.load()

    def _build_banner(self) -> None:
        column = self.column
        column.addWidget(
            plain_label(
                "Every time someone viewed, changed, printed or exported a case, with who "
                "and when. Cases are shown by reference only. The trail is checked each "
                "time this opens: an entry changed, removed or added out of turn shows here."
            )
        )
        column.addSpacing(6)
        self.banner = Message()
        self.banner.setAccessibleName("Audit trail check")
        column.addWidget(self.banner)
        column.addSpacing(6)

    def _build_filters(self) -> None:
        filters = QGridLayout()
        filters.setHorizontalSpacing(12)
        filters.setVerticalSpacing(2)
        self.case_filter = line_edit(max_length=40)
        self.case_filter.setPlaceholderText("for example 2026-0012")
        self.who_filter = QComboBox()
        self.what_filter = QComboBox()
        self.from_filter = line_edit(max_length=10)
        self.to_filter = line_edit(max_length=10)
        for edit in (self.from_filter, self.to_filter):
            edit.setPlaceholderText(DATE_HINT)
            edit.setAccessibleDescription(f"A date as {DATE_HINT}; leave it empty for no limit")
            edit.setMaximumWidth(140)
        for col, (text, widget) in enumerate(
            (
                ("&Case reference", self.case_filter),
                ("&Who", self.who_filter),
                ("W&hat", self.what_filter),
                ("&From", self.from_filter),
                ("&To", self.to_filter),
            )
        ):
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(widget)
            widget.setAccessibleName(strip_mnemonic(text))
            filters.addWidget(label, 0, col)
            filters.addWidget(widget, 1, col)
        self.clear_filters = button("Show &all")
        filters.addWidget(self.clear_filters, 1, 5)
        filters.setColumnStretch(0, 2)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(2, 2)
        self.column.addLayout(filters)
        self.filter_message = Message()
        self.column.addWidget(self.filter_message)
        self.column.addSpacing(6)

    def _build_table(self) -> None:
        column = self.column
        self.model = AuditModel(self)
        self.proxy = AuditFilter(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Audit entries")
        self.table.setTabKeyNavigation(False)  # Tab moves on (it was trapped); arrows move within
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((170, 200, 120, 150)):
            self.table.setColumnWidth(col, width)
        column.addWidget(self.table, 1)
        self.count = plain_label(role="hint")
        self.count.setAccessibleName("How many entries are shown")
        column.addWidget(self.count)

    def _build_buttons(self) -> None:
        column = self.column
        self.refresh_button = button("Check a&gain")
        self.print_button = button("&Print…")
        self.save_button = button("&Save as PDF…")
        self.close_button = button("Close")
        column.addSpacing(6)
        self.message = Message()
        column.addWidget(self.message)
        column.addLayout(
            button_row(
                self.save_button, self.print_button, self.close_button, left=self.refresh_button
            )
        )

        self.case_filter.textChanged.connect(self.apply_filter)
        self.who_filter.currentIndexChanged.connect(self.apply_filter)
        self.what_filter.currentIndexChanged.connect(self.apply_filter)
        for edit in (self.from_filter, self.to_filter):
            edit.textChanged.connect(self.apply_filter)
            edit.editingFinished.connect(self._dates_finished)
        self.clear_filters.clicked.connect(self.show_all)
        self.refresh_button.clicked.connect(self.load)
        self.print_button.clicked.connect(self.print_trail)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        controls: list[QWidget] = [
            self.print_button,
            self.save_button,
            self.refresh_button,
            self.close_button,
        ]
        self._work = OneJob(self, BusyIndicator(controls), ws=self.ws)

    def load(self) -> None:
        ok, result = attempt(lambda: audit_view.audit_trail(self.ws))
        if not ok:
            self.banner.show_error(result)
            self.model.set_lines([], {})
            self._fill_choices({})
            self.apply_filter()
            return
        self.lines, self.chain = result
        names = self._names()
        self.model.set_lines(self.lines, names)
        self._fill_choices(names)
        if self.chain.sound:
            self.banner.show_good(chain_text(self.chain))
        else:
            self.banner.show_error(chain_text(self.chain))
        self.apply_filter()

    def _names(self) -> dict[str, str]:
        ok, names = attempt(lambda: audit_view.staff_names(self.ws))
        return names if ok else {"recovery-key": audit_view.RECOVERY_KEY}

    def _fill_choices(self, names: dict[str, str]) -> None:
        who, what = self.who_filter.currentData(), self.what_filter.currentData()
        actors = sorted(
            {line.actor for line in self.lines}, key=lambda a: (names.get(a) or a).lower()
        )
        actions = sorted({line.action for line in self.lines}, key=action_name)
        for combo, first, values in (
            (self.who_filter, EVERYONE, [(names.get(a, a), a) for a in actors]),
            (self.what_filter, ALL_ACTIONS, [(action_name(a), a) for a in actions]),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, "")
            for text, data in values:
                combo.addItem(text, data)
            combo.blockSignals(False)
        for combo, keep in ((self.who_filter, who), (self.what_filter, what)):
            index = combo.findData(keep) if keep else 0
            combo.setCurrentIndex(max(index, 0))

    # -- the filter ---------------------------------------------------------------------
    def read_filter(self, final: bool = False) -> TrailFilter:
        """The filter as chosen now. A From / To that is not (yet) a good date keeps the
        last good range; once `final` (the DSL left the field, or prints) it raises
        InvalidInput, which says what is wrong."""
        try:
            self.days = audit_view.date_range(self.from_filter.text(), self.to_filter.text())
            self.dates_wrong = False
        except InvalidInput:
            self.dates_wrong = True
            if final:
                raise
        start, end = self.days
        return TrailFilter(
            case_text=self.case_filter.text(),
            actor=self.who_filter.currentData() or "",
            action=self.what_filter.currentData() or "",
            start=start,
            end=end,
        )

    def apply_filter(self, *_: object) -> None:
        self.proxy.set_filter(self.read_filter())
        if not self.dates_wrong:
            self.filter_message.clear()  # the dates typed are the ones in use
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = (
            f"Showing all {total:,} entries, newest first."
            if shown == total
            else f"Showing {shown:,} of {total:,} entries, newest first."
        )
        self.count.setText(text)
        self.count.setAccessibleDescription(text)

    def _dates_finished(self) -> None:
        try:
            self.read_filter(final=True)
        except InvalidInput as exc:
            self.filter_message.show_error(str(exc))
        else:
            self.filter_message.clear()

    def show_all(self) -> None:
        for edit in (self.case_filter, self.from_filter, self.to_filter):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        for combo in (self.who_filter, self.what_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filter_message.clear()
        self.apply_filter()
        self.case_filter.setFocus()

    # -- print and save -----------------------------------------------------------------
    @property
    def working(self) -> bool:
        """The trail is being made into a PDF, printed or saved."""
        return self._work.running

    @property
    def job(self) -> BackgroundJob[Any] | None:
        return self._work.job

    def choose_printer(self, printer: QPrinter) -> bool:
        """The system's print dialog; True if the DSL pressed Print (a test seam)."""
        return print_dialog.choose_printer(printer, self, "Print the audit trail")

    def confirm_unencrypted(self, printer: str = "") -> bool:
        """The warning before saving, or printing to a printer that writes a file."""
        return print_dialog.confirm_unencrypted(self, printer, UNENCRYPTED_WARNING)

    def print_trail(self) -> BackgroundJob[bytes] | None:
        """Print the entries shown, with the filter (audit_viewer_paper.print_trail)."""
        return paper.print_trail(self, self._work)

    def default_file_name(self) -> str:
        return paper.default_file_name()

    def save_pdf(self) -> BackgroundJob[Path] | None:
        return paper.save_pdf(self)

    def save_to(self, path: Path, chosen: TrailFilter) -> BackgroundJob[Path] | None:
        """Make, log and write the PDF off the GUI thread; then say where it went."""
        return paper.save_to(self, self._work, path, chosen)

    def reject(self) -> None:
        if self.working:
            return  # the PDF is being made: closing now would lose what it says
        super().reject()
