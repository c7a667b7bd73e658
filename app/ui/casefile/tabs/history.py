"""History: every amendment, newest first, with what it said before and why it changed."""

from __future__ import annotations

from app.dates import format_datetime
from app.record.snapshot import CaseRecord, HistoryLine
from app.ui.casefile.fields import BLANK, field_info, show, table_title
from app.ui.casefile.tables import RowsModel, rows_table
from app.ui.casefile.tabs.page import TabPage


def row_words(record: CaseRecord, table: str, row_id: int) -> str:
    """Which row an amendment was to, in words ('Young person: Zoë O'Brien')."""
    title = table_title(table)
    if table == "cases":
        return title
    for row in record.rows(table):
        if row.id == row_id:
            name = getattr(row, "name", None)
            if name:
                return f"{title}: {name}"
            person = getattr(row, "young_person_id", None)
            if person is not None:
                for p in record.rows("young_people"):
                    if p.id == person:
                        return f"{title}: {p.name}"
            return title
    return title


class HistoryTab(TabPage):
    def __init__(self) -> None:
        super().__init__(
            "Every amendment, newest first: what it said before, what it says now, "
            "who changed it, when and why.",
        )
        self.model = RowsModel(("When", "Who", "What changed", "Was", "Now", "Reason"))
        self.view = rows_table(self.model, "History", (170, 130, 230, 200, 200), wrap=True)
        self.column.addWidget(self.view, 1)

    def show_record(self, record: CaseRecord, history: list[HistoryLine]) -> None:
        rows = []
        for h in reversed(history):
            try:
                info = field_info(h.table, h.field)
            except KeyError:
                was, now_ = str(h.old_value), str(h.new_value)
                what = f"{h.table}: {h.field}"
            else:
                was = show(info, h.old_value, record.staff_names) or BLANK
                now_ = show(info, h.new_value, record.staff_names) or BLANK
                what = f"{row_words(record, h.table, h.row_id)} — {info.label}"
            rows.append((format_datetime(h.changed_at), h.changed_by, what, was, now_, h.reason))
        self.model.set_rows(rows)
