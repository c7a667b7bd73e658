"""Reviews: whether the risk is still there, and the next date or a proposal to close."""

from __future__ import annotations

from app.dates import format_date
from app.record.snapshot import CaseRecord
from app.ui.casefile.fields import field_info, show
from app.ui.casefile.forms import date_text
from app.ui.casefile.tables import Cell, RowsModel, rows_table
from app.ui.casefile.tabs.page import CLOSED_HINT, TabPage
from app.ui.qt import Signal
from app.ui.widgets import plain_label


class ReviewsTab(TabPage):
    add_requested = Signal()

    def __init__(self) -> None:
        super().__init__(
            "Each review says whether the risk is still there, and sets the next date "
            "or proposes closing."
        )
        self.add_review_button = self.add_button("&Record a review…")
        self.model = RowsModel(("Held on", "By", "Risk still present", "Next", "Notes"))
        self.view = rows_table(self.model, "Reviews", (120, 150, 150, 170), wrap=True)
        self.column.addWidget(self.view, 1)
        self.hint = plain_label(CLOSED_HINT, "hint")
        self.column.addWidget(self.hint)
        self.add_review_button.clicked.connect(self.add_requested)

    def show_record(self, record: CaseRecord, *, closed: bool) -> None:
        self.add_review_button.setEnabled(not closed)
        self.hint.setVisible(closed)
        staff = record.staff_names
        reviews = sorted(record.rows("reviews"), key=lambda r: (r.held_on, r.id), reverse=True)
        risk = field_info("reviews", "risk_still_present")
        rows = []
        for r in reviews:
            rows.append(
                (
                    format_date(r.held_on),
                    staff.get(r.reviewed_by_id, ""),
                    show(risk, r.risk_still_present) or "Not answered",
                    Cell("Proposed closing", note=True)
                    if r.propose_closing
                    else date_text(r.next_review_on),
                    r.notes,
                )
            )
        self.model.set_rows(rows, [r.id for r in reviews])
