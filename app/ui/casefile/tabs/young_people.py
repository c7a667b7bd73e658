"""Young people: every case each young person appears in (a repeat is a risk factor)."""

from __future__ import annotations

from app.record.snapshot import CaseRecord
from app.services.people import Appearance
from app.ui.casefile.fields import STATUS_WORDS, field_info, show
from app.ui.casefile.forms import date_text
from app.ui.casefile.tables import Cell, RowsModel, rows_table
from app.ui.casefile.tabs.page import TabPage
from app.ui.qt import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    Qt,
    QVBoxLayout,
    Signal,
)
from app.ui.widgets import button, heading, plain_label


class YoungPeopleTab(TabPage):
    """The young people on the left; every case the chosen one is in, on the right."""

    open_case = Signal(int)  # another case, from "Other cases for this child"

    def __init__(self, case_id: int) -> None:
        super().__init__(
            "Every case each young person appears in. A repeat incident is a risk factor."
        )
        self.case_id = case_id
        self.record: CaseRecord | None = None
        self.appearances: dict[int, list[Appearance]] = {}
        self.open_other_button = button("Open &that case")  # Alt+O: Move back to open
        row = QHBoxLayout()
        self.people_list = QListWidget()
        self.people_list.setAccessibleName("Young people in this case")
        self.people_list.setMaximumWidth(330)
        self.people_list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        row.addWidget(self.people_list)
        right = QVBoxLayout()
        self.other_title = heading("Other cases for this child", 1.15)
        right.addWidget(self.other_title)
        self.other_note = plain_label("", "hint")
        right.addWidget(self.other_note)
        self.appearances_model = RowsModel(("Case", "Opened", "Status", "Their part", "Match"))
        self.appearances_view = rows_table(
            self.appearances_model, "Other cases for this child", (200, 110, 120, 360), wrap=True
        )
        right.addWidget(self.appearances_view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_other_button)
        right.addLayout(buttons)
        row.addLayout(right, 1)
        self.column.addLayout(row, 1)
        self.people_list.currentRowChanged.connect(self._person_selected)
        self.appearances_view.activated.connect(self._open_appearance)
        self.open_other_button.clicked.connect(
            lambda: self._open_appearance(self.appearances_view.currentIndex())
        )
        self.appearances_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_open_other()
        )

    def show_record(self, record: CaseRecord, appearances: dict[int, list[Appearance]]) -> None:
        self.record, self.appearances = record, appearances
        keep = self.people_list.currentRow()
        self.people_list.blockSignals(True)
        self.people_list.clear()
        for person in record.rows("young_people"):
            n = len(appearances.get(person.id, []))
            extra = f"in {n} cases" if n > 1 else "only in this case"
            year = f", {person.year_group}" if person.year_group else ""
            item = QListWidgetItem(f"{person.name}{year}\n{extra}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.people_list.addItem(item)
        self.people_list.blockSignals(False)
        if self.people_list.count():
            self.people_list.setCurrentRow(max(0, min(keep, self.people_list.count() - 1)))
            self._person_selected(self.people_list.currentRow())
        else:
            self.other_title.setText("No young people are recorded")
            self.appearances_model.set_rows([])
            self._update_open_other()

    def _person_selected(self, row: int) -> None:
        record = self.record
        if record is None or row < 0:
            return
        person = record.rows("young_people")[row]
        found = self.appearances.get(person.id, [])
        self.other_title.setText(f"Every case for {person.name}")
        self.other_title.setAccessibleName(f"Every case for {person.name}")
        others = [a for a in found if a.case_id != self.case_id]
        self.other_note.setText(self._note(others))
        roles = field_info("young_people", "roles")
        rows = []
        for a in found:
            this = a.case_id == self.case_id
            rows.append(
                (
                    a.reference + (" (this case)" if this else ""),
                    date_text(a.opened_on),
                    STATUS_WORDS.get(a.status, str(a.status)),
                    show(roles, list(a.roles)),
                    Cell("Same name and date of birth")
                    if a.certain
                    else Cell("Possible: name only", note=True),
                )
            )
        self.appearances_model.set_rows(rows, [a.case_id for a in found])
        for n, a in enumerate(found):
            if a.case_id != self.case_id:
                self.appearances_view.selectRow(n)
                break
        self._update_open_other()

    @staticmethod
    def _note(others: list[Appearance]) -> str:
        if not others:
            return "No other case names this young person."
        possible = sum(1 for a in others if not a.certain)
        note = f"{len(others)} other case{'s' if len(others) > 1 else ''}."
        if possible:
            note += (
                f" {possible} of them only match by name (a date of birth is missing):"
                " check before relying on it."
            )
        return note

    def _update_open_other(self) -> None:
        index = self.appearances_view.currentIndex()
        ok = index.isValid() and self.appearances_model.key(index.row()) != self.case_id
        self.open_other_button.setEnabled(ok)

    def _open_appearance(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        case_id = self.appearances_model.key(index.row())
        if case_id != self.case_id:
            self.open_case.emit(int(case_id))
