"""Chronology: everything that happened, in time order, back-dated entries marked."""

from __future__ import annotations

from app.dates import format_datetime
from app.record import chronology
from app.record.snapshot import CaseRecord
from app.ui.casefile.tables import Cell, RowsModel, rows_table
from app.ui.casefile.tabs.page import TabPage
from app.ui.qt import Signal


class ChronologyTab(TabPage):
    add_requested = Signal()

    def __init__(self) -> None:
        super().__init__(
            "Everything that happened, in time order. An entry written down more than a "
            "day after it happened is marked back-dated."
        )
        self.add_entry_button = self.add_button("&Add entry…")
        self.model = RowsModel(("Happened", "Recorded", "By", "What happened"))
        self.view = rows_table(self.model, "Chronology", (170, 320, 150), wrap=True)
        self.column.addWidget(self.view, 1)
        self.add_entry_button.clicked.connect(self.add_requested)

    def show_record(self, record: CaseRecord) -> None:
        rows = []
        for e in chronology.timeline(record):
            recorded = format_datetime(e.recorded_at)
            rows.append(
                (
                    format_datetime(e.happened_at),
                    Cell(f"Back-dated: written {recorded}", note=True)
                    if e.backdated
                    else Cell(recorded),
                    e.recorded_by,
                    e.text,
                )
            )
        self.model.set_rows(rows)
