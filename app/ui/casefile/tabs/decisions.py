"""Decisions: every decision with its reason, including decisions not to act."""

from __future__ import annotations

from app.dates import format_datetime
from app.record.snapshot import CaseRecord
from app.reports import labels
from app.ui.casefile.tables import RowsModel, rows_table
from app.ui.casefile.tabs.page import TabPage
from app.ui.qt import Signal


class DecisionsTab(TabPage):
    add_requested = Signal()

    def __init__(self) -> None:
        super().__init__("Every decision with its reason, including decisions not to act.")
        self.add_decision_button = self.add_button("&Record a decision…")
        self.model = RowsModel(("Decided", "About", "Decision", "Reason", "By"))
        self.view = rows_table(self.model, "Decisions", (150, 170, 330, 330), wrap=True)
        self.column.addWidget(self.view, 1)
        self.add_decision_button.clicked.connect(self.add_requested)

    def show_record(self, record: CaseRecord) -> None:
        staff = record.staff_names
        decisions = sorted(record.rows("decisions"), key=lambda d: (d.decided_at, d.id))
        rows = [
            (
                format_datetime(d.decided_at),
                labels.DECISION_KINDS.get(d.kind, str(d.kind)),
                d.decision,
                d.reason,
                staff.get(d.decided_by_id, ""),
            )
            for d in decisions
        ]
        self.model.set_rows(rows, [d.id for d in decisions])
