"""Who saw what: the audit trail for the DSL, newest first, with the chain checked on open.

Every view, change, print and export of a case is listed by case reference
(never a child's name), with who did it and when, in local time. The banner
says whether the hash chain is intact; if it is not, it says what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.services import accounts, audit, audit_view
from app.services.audit import AuditLine, ChainReport
from app.services.workspace import Workspace
from app.ui import changes
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
    QSortFilterProxyModel,
    Qt,
    QTableView,
    QWidget,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.security.common import attempt
from app.ui.widgets import Message, button, button_row, line_edit, plain_label, strip_mnemonic

ACTION_NAMES = {
    audit.Action.CREATED: "Created",
    audit.Action.VIEWED: "Viewed",
    audit.Action.CHANGED: "Changed",
    audit.Action.PRINTED: "Printed",
    audit.Action.EXPORTED: "Exported",
    audit.Action.SIGNED_IN: "Signed in",
    audit.Action.ACCOUNT: "Staff account",
    audit.Action.BACKUP: "Backup",
    audit.Action.RESTORED: "Restored",
    audit.Action.VERIFIED: "Checked",
}
COLUMNS = ("When", "Who", "What", "Case", "Detail")
EVERYONE = "Everyone"
ALL_ACTIONS = "Everything"
WHOLE_DATABASE = "Whole database"
INTACT = "Audit trail intact ({n} entries). Nothing has been changed, removed or added out of turn."
BROKEN = (
    "The audit trail has been altered or damaged. Keep this computer as it is and tell IT "
    "and the headteacher. What is wrong:"
)
_Index = QModelIndex | QPersistentModelIndex


def local_time(at: str) -> str:
    try:
        moment = datetime.fromisoformat(at).astimezone()
    except ValueError:
        return at
    return f"{moment:%d/%m/%Y %H:%M:%S}"


def action_name(action: str) -> str:
    return ACTION_NAMES.get(action, action.replace("-", " ").capitalize())


def chain_text(chain: ChainReport) -> str:
    if chain.sound:
        return INTACT.format(n=f"{chain.entries:,}")
    shown = chain.problems[:8]
    more = len(chain.problems) - len(shown)
    lines = [BROKEN, *(f"• {p}" for p in shown)]
    if more:
        lines.append(f"• and {more} more")
    return "\n".join(lines)


@dataclass(frozen=True)
class Row:
    when: str
    who: str
    what: str
    case: str
    detail: str
    actor: str  # the user name, for the filter


class AuditModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_lines(self, lines: list[AuditLine], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows = [
            Row(
                local_time(line.at),
                names.get(line.actor, line.actor),
                action_name(line.action),
                WHOLE_DATABASE if line.target == audit.DATABASE_TARGET else line.target,
                line.detail,
                line.actor,
            )
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
        row = self.rows[index.row()]
        return (row.when, row.who, row.what, row.case, row.detail)[index.column()]

    def headerData(  # noqa: N802 (Qt name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class AuditFilter(QSortFilterProxyModel):
    def __init__(self, model: AuditModel) -> None:
        super().__init__()
        self.audit_model = model
        self.setSourceModel(model)
        self.case_text = ""
        self.actor = ""
        self.action = ""

    def set_filter(self, case_text: str, actor: str, action: str) -> None:
        modern = hasattr(self, "beginFilterChange")  # Qt 6.9 and later
        if modern:
            self.beginFilterChange()
        self.case_text = case_text.strip().casefold()
        self.actor = actor
        self.action = action
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        row = self.audit_model.rows[source_row]
        return (
            (not self.case_text or self.case_text in row.case.casefold())
            and (not self.actor or row.actor == self.actor)
            and (not self.action or row.what == self.action)
        )


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
        for col, (text, widget) in enumerate(
            (
                ("&Case reference", self.case_filter),
                ("&Who", self.who_filter),
                ("W&hat", self.what_filter),
            )
        ):
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(widget)
            widget.setAccessibleName(strip_mnemonic(text))
            filters.addWidget(label, 0, col)
            filters.addWidget(widget, 1, col)
        self.clear_filters = button("Show &all")
        filters.addWidget(self.clear_filters, 1, 3)
        filters.setColumnStretch(0, 2)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(2, 2)
        self.column.addLayout(filters)
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
        self.refresh_button = button("Check &again")
        self.close_button = button("Close")
        column.addSpacing(6)
        column.addLayout(button_row(self.close_button, left=self.refresh_button))

        self.case_filter.textChanged.connect(self.apply_filter)
        self.who_filter.currentIndexChanged.connect(self.apply_filter)
        self.what_filter.currentIndexChanged.connect(self.apply_filter)
        self.clear_filters.clicked.connect(self.show_all)
        self.refresh_button.clicked.connect(self.load)
        self.close_button.clicked.connect(self.reject)

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
        ok, staff = attempt(lambda: accounts.list_staff(self.ws))
        names = {"recovery-key": "Recovery key"}
        if ok:
            names.update({m.username: f"{m.display_name} ({m.username})" for m in staff})
        return names

    def _fill_choices(self, names: dict[str, str]) -> None:
        who, what = self.who_filter.currentData(), self.what_filter.currentData()
        actors = sorted(
            {line.actor for line in self.lines}, key=lambda a: (names.get(a) or a).lower()
        )
        actions = sorted({action_name(line.action) for line in self.lines})
        for combo, first, values in (
            (self.who_filter, EVERYONE, [(names.get(a, a), a) for a in actors]),
            (self.what_filter, ALL_ACTIONS, [(a, a) for a in actions]),
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

    def apply_filter(self, *_: object) -> None:
        self.proxy.set_filter(
            self.case_filter.text(),
            self.who_filter.currentData() or "",
            self.what_filter.currentData() or "",
        )
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = (
            f"Showing all {total:,} entries, newest first."
            if shown == total
            else f"Showing {shown:,} of {total:,} entries, newest first."
        )
        self.count.setText(text)
        self.count.setAccessibleDescription(text)

    def show_all(self) -> None:
        self.case_filter.clear()
        self.who_filter.setCurrentIndex(0)
        self.what_filter.setCurrentIndex(0)
        self.case_filter.setFocus()
