"""Actions: who is doing what, and by when; open ones first, overdue ones in words."""

from __future__ import annotations

from datetime import date

from app.dates import format_date
from app.record.snapshot import CaseRecord
from app.ui.casefile.tables import Cell, RowsModel, rows_table
from app.ui.casefile.tabs.page import CLOSED_HINT, TabPage
from app.ui.qt import Signal
from app.ui.widgets import plain_label


def due_cell(due: date | None, today: date, open_: bool) -> Cell:
    if due is None:
        return Cell("No date")
    if open_ and due < today:
        return Cell(f"Overdue: {format_date(due)}", alert=True)
    if open_ and due == today:
        return Cell(f"Due today: {format_date(due)}", alert=True)
    return Cell(format_date(due))


class ActionsTab(TabPage):
    add_requested = Signal()
    complete_requested = Signal()  # Mark done, or Enter on an open action

    def __init__(self) -> None:
        super().__init__("Who is doing what, and by when. Open actions first.")
        self.add_action_button = self.add_button("&Add action…")
        self.complete_button = self.add_button("Mar&k done…")  # Alt+D: Resume draft (toolbar)
        self.model = RowsModel(("What needs doing", "Who", "Due", "Done"))
        self.view = rows_table(self.model, "Actions", (430, 200, 210), wrap=True)
        self.column.addWidget(self.view, 1)
        self.hint = plain_label(CLOSED_HINT, "hint")
        self.column.addWidget(self.hint)
        self.open_ids: set[int] = set()
        self.add_action_button.clicked.connect(self.add_requested)
        self.complete_button.clicked.connect(self.complete_requested)
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        self.view.activated.connect(lambda _i: self.complete_requested.emit())

    def show_record(self, record: CaseRecord, today: date, *, closed: bool) -> None:
        self.add_action_button.setEnabled(not closed)
        self.hint.setVisible(closed)
        staff = record.staff_names
        actions = sorted(
            record.rows("actions"),
            key=lambda a: (a.done_at is not None, a.due_on or date.max, a.id),
        )
        rows = []
        for a in actions:
            owner = (staff.get(a.owner_id) if a.owner_id else None) or a.owner_name or "No one yet"
            is_open = a.done_at is None
            done = (
                Cell("Not done yet")
                if is_open
                else Cell(f"Done {format_date(a.done_at.date())}: {a.done_note or ''}".strip())
            )
            rows.append((a.description, owner, due_cell(a.due_on, today, is_open), done))
        self.model.set_rows(rows, [a.id for a in actions])
        self.open_ids = {a.id for a in actions if a.done_at is None}
        self._selected()

    def selected_open_action(self) -> tuple[int, str] | None:
        """(id, what needs doing) of the chosen action, when it is still open."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        action_id = self.model.key(index.row())
        if action_id not in self.open_ids:
            return None
        return action_id, self.model.text(index.row(), 0)

    def _selected(self, *_: object) -> None:
        self.complete_button.setEnabled(self.selected_open_action() is not None)
