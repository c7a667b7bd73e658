"""The case file: where a case is up to, and everything done on it.

Opening one reads the whole case through `cases.load_case`, which writes the
"viewed" entry to the audit trail. Every change goes through a dialog and one
service call; afterwards the case is read again (without a second "viewed"
entry) and `changed` tells the dashboard to refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from app.dates import format_date, format_datetime
from app.errors import CasebookError
from app.models import CaseStatus
from app.record import chronology
from app.record.snapshot import CaseRecord, HistoryLine
from app.reports import labels
from app.services import accounts, cases, people
from app.services.people import Appearance
from app.services.workspace import Workspace
from app.ui.casefile.dialogs import (
    ActionDialog,
    AmendDialog,
    ChronologyDialog,
    CompleteActionDialog,
    DecisionDialog,
    ReviewDialog,
    StatusDialog,
)
from app.ui.casefile.fields import (
    BLANK,
    PATHWAY_WORDS,
    STATUS_WORDS,
    field_info,
    show,
    table_title,
)
from app.ui.casefile.forms import FormDialog
from app.ui.casefile.record_view import AmendTarget, RecordView
from app.ui.casefile.tables import Cell, RowsModel, rows_table
from app.ui.qt import (
    QHBoxLayout,
    QKeySequence,
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    QPushButton,
    QShortcut,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import GENERIC_ERROR, Message, button, heading, plain_label

log = logging.getLogger(__name__)

STATUS_COLOURS = {
    CaseStatus.OPEN: ("#1d4f91", "#ffffff"),
    CaseStatus.MONITORING: ("#fff2c4", "#3d2c00"),
    CaseStatus.CLOSED: ("#e1e3e5", "#0b0c0c"),
    CaseStatus.DRAFT: ("#ffdd00", "#0b0c0c"),
}
TABS = ("Record", "Chronology", "Actions", "Reviews", "Decisions", "History", "Young people")
CLOSED_HINT = "This case is closed. Reopen it to add actions or reviews."
DEFAULT_INTERVAL = 28


def _day(value: date | None) -> str:
    return format_date(value) if value else ""


def _due_cell(due: date | None, today: date, open_: bool) -> Cell:
    if due is None:
        return Cell("No date")
    if open_ and due < today:
        return Cell(f"Overdue: {format_date(due)}", alert=True)
    if open_ and due == today:
        return Cell(f"Due today: {format_date(due)}", alert=True)
    return Cell(format_date(due))


class CaseFileWindow(QWidget):
    """One case: summary and sections, chronology, actions, reviews, decisions,
    history, young people, and its status."""

    open_case = Signal(int)  # another case, from "Other cases for this child"
    changed = Signal()  # after any write: refresh the dashboard
    print_requested = Signal(str)  # the case reference

    def __init__(
        self,
        ws: Workspace,
        case_id: int,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.case_id = case_id
        self.today = today or date.today()
        self.record: CaseRecord | None = None
        self.history: list[HistoryLine] = []
        self.appearances: dict[int, list[Appearance]] = {}
        self.setWindowTitle("Case")
        fit_to_screen(self, 1280, 700, maximise_when_short=True)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 14, 20, 14)
        outer.setSpacing(6)
        top = QHBoxLayout()
        self.title = heading("Case", 1.5)
        self.title.setWordWrap(False)
        top.addWidget(self.title)
        self.status_badge = plain_label("", wrap=False)
        self.status_badge.setAccessibleName("Status")
        top.addWidget(self.status_badge)
        top.addStretch(1)
        self.monitor_button = button("Move to &monitoring…")
        self.back_open_button = button("Move back to &open…")
        self.close_button = button("C&lose case…")  # Alt+C is the Case menu
        self.reopen_button = button("R&eopen case…")
        self.print_button = button("&Print…")
        self.print_button.setToolTip("Print the record or a child's extract (Ctrl+P)")
        for b in (
            self.monitor_button,
            self.back_open_button,
            self.close_button,
            self.reopen_button,
            self.print_button,
        ):
            top.addWidget(b)
        outer.addLayout(top)
        self.facts = plain_label("")
        self.facts.setAccessibleName("Where the case is up to")
        outer.addWidget(self.facts)
        self.attention = plain_label("", "error")
        self.attention.setAccessibleName("Needs attention")
        self.attention.hide()
        outer.addWidget(self.attention)
        self.banner = plain_label("")
        self.banner.setAccessibleName("Notes on this case")
        self.banner.setStyleSheet(
            "background: #fff7bf; border-left: 5px solid #b58800; padding: 6px 10px;"
        )
        self.banner.hide()
        outer.addWidget(self.banner)
        self.message = Message()
        outer.addWidget(self.message)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs, 1)
        self.record_view = RecordView()
        self.record_view.amend_requested.connect(self.amend)
        self.tabs.addTab(self.record_view, "Record")
        self._build_chronology()
        self._build_actions()
        self._build_reviews()
        self._build_decisions()
        self._build_history()
        self._build_people()

        self.monitor_button.clicked.connect(lambda: self.change_status(CaseStatus.MONITORING))
        self.back_open_button.clicked.connect(lambda: self.change_status(CaseStatus.OPEN))
        self.close_button.clicked.connect(lambda: self.change_status(CaseStatus.CLOSED))
        self.reopen_button.clicked.connect(lambda: self.change_status(CaseStatus.OPEN))
        self.print_button.clicked.connect(self._print)
        # Ctrl+P; a window that has its own Print (the main window's menu) turns this off.
        self.print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        self.print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_shortcut.activated.connect(self._print)
        self.dialog: FormDialog | None = None  # the one open, for tests and screenshots
        self._open_action_ids: set[int] = set()
        self.load(audit=True)

    # -- building the tabs -------------------------------------------------------------------
    def _tab(self, title: str, *buttons: QPushButton, intro: str = "") -> QVBoxLayout:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(6)
        row = QHBoxLayout()
        if intro:
            row.addWidget(plain_label(intro, "hint"), 1)
        else:
            row.addStretch(1)
        for b in buttons:
            row.addWidget(b)
        column.addLayout(row)
        self.tabs.addTab(page, title)
        return column

    def _build_chronology(self) -> None:
        self.add_entry_button = button("&Add entry…")
        column = self._tab(
            "Chronology",
            self.add_entry_button,
            intro=(
                "Everything that happened, in time order. An entry written down more than a "
                "day after it happened is marked back-dated."
            ),
        )
        self.chronology_model = RowsModel(("Happened", "Recorded", "By", "What happened"))
        self.chronology_view = rows_table(
            self.chronology_model, "Chronology", (170, 320, 150), wrap=True
        )
        column.addWidget(self.chronology_view, 1)
        self.add_entry_button.clicked.connect(self.add_chronology_entry)

    def _build_actions(self) -> None:
        self.add_action_button = button("&Add action…")
        self.complete_button = button("Mark &done…")
        column = self._tab(
            "Actions",
            self.add_action_button,
            self.complete_button,
            intro="Who is doing what, and by when. Open actions first.",
        )
        self.actions_model = RowsModel(("What needs doing", "Who", "Due", "Done"))
        self.actions_view = rows_table(self.actions_model, "Actions", (430, 200, 210), wrap=True)
        column.addWidget(self.actions_view, 1)
        self.actions_hint = plain_label(CLOSED_HINT, "hint")
        column.addWidget(self.actions_hint)
        self.add_action_button.clicked.connect(self.add_action)
        self.complete_button.clicked.connect(self.complete_action)
        self.actions_view.selectionModel().currentRowChanged.connect(self._action_selected)
        self.actions_view.activated.connect(lambda _i: self.complete_action())

    def _build_reviews(self) -> None:
        self.add_review_button = button("&Record a review…")
        column = self._tab(
            "Reviews",
            self.add_review_button,
            intro="Each review says whether the risk is still there, and sets the next date "
            "or proposes closing.",
        )
        self.reviews_model = RowsModel(("Held on", "By", "Risk still present", "Next", "Notes"))
        self.reviews_view = rows_table(
            self.reviews_model, "Reviews", (120, 150, 150, 170), wrap=True
        )
        column.addWidget(self.reviews_view, 1)
        self.reviews_hint = plain_label(CLOSED_HINT, "hint")
        column.addWidget(self.reviews_hint)
        self.add_review_button.clicked.connect(self.add_review)

    def _build_decisions(self) -> None:
        self.add_decision_button = button("&Record a decision…")
        column = self._tab(
            "Decisions",
            self.add_decision_button,
            intro="Every decision with its reason, including decisions not to act.",
        )
        self.decisions_model = RowsModel(("Decided", "About", "Decision", "Reason", "By"))
        self.decisions_view = rows_table(
            self.decisions_model, "Decisions", (150, 170, 330, 330), wrap=True
        )
        column.addWidget(self.decisions_view, 1)
        self.add_decision_button.clicked.connect(self.add_decision)

    def _build_history(self) -> None:
        column = self._tab(
            "History",
            intro="Every amendment, newest first: what it said before, what it says now, "
            "who changed it, when and why.",
        )
        self.history_model = RowsModel(("When", "Who", "What changed", "Was", "Now", "Reason"))
        self.history_view = rows_table(
            self.history_model, "History", (170, 130, 230, 200, 200), wrap=True
        )
        column.addWidget(self.history_view, 1)

    def _build_people(self) -> None:
        self.open_other_button = button("&Open that case")
        column = self._tab(
            "Young people",
            intro="Every case each young person appears in. A repeat incident is a risk factor.",
        )
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
        column.addLayout(row, 1)
        self.people_list.currentRowChanged.connect(self._person_selected)
        self.appearances_view.activated.connect(self._open_appearance)
        self.open_other_button.clicked.connect(
            lambda: self._open_appearance(self.appearances_view.currentIndex())
        )
        self.appearances_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_open_other()
        )

    # -- reading -----------------------------------------------------------------------------
    def load(self, *, audit: bool = False) -> bool:
        """Read the case (and its history) again and show it everywhere."""

        def read() -> tuple[CaseRecord, list[HistoryLine], dict[int, list[Appearance]]]:
            record = cases.load_case(self.ws, self.case_id, audit_view=audit)
            history = cases.case_history(self.ws, self.case_id)
            seen = {p.id: people.appearances(self.ws, p.id) for p in record.rows("young_people")}
            return record, history, seen

        try:
            record, history, seen = read()
        except CasebookError as exc:
            self._unreadable(str(exc))
            return False
        except Exception as exc:  # the text may hold data: log its type only
            log.error("unexpected %s reading a case", type(exc).__name__)
            self._unreadable(GENERIC_ERROR)
            return False
        self.record, self.history, self.appearances = record, history, seen
        self._show_all()
        return True

    def _unreadable(self, text: str) -> None:
        self.message.show_error(text)
        if self.record is None:
            self.tabs.setEnabled(False)
            for b in (
                self.monitor_button,
                self.back_open_button,
                self.close_button,
                self.reopen_button,
                self.print_button,
            ):
                b.hide()

    def _show_all(self) -> None:
        record = self.record
        assert record is not None
        case = record.case
        self.setWindowTitle(f"Case {case.reference} — Casebook")
        self.title.setText(f"Case {case.reference}")
        self.title.setAccessibleName(f"Case {case.reference}")
        status = case.status
        background, colour = STATUS_COLOURS[status]
        self.status_badge.setText(STATUS_WORDS[status])
        self.status_badge.setStyleSheet(
            f"background: {background}; color: {colour}; font-weight: bold;"
            " padding: 4px 12px; border-radius: 3px;"
        )
        self.monitor_button.setVisible(status == CaseStatus.OPEN)
        self.back_open_button.setVisible(status == CaseStatus.MONITORING)
        self.close_button.setVisible(status in (CaseStatus.OPEN, CaseStatus.MONITORING))
        self.reopen_button.setVisible(status == CaseStatus.CLOSED)
        closed = status == CaseStatus.CLOSED
        for b in (self.add_action_button, self.add_review_button):
            b.setEnabled(not closed)
        self.actions_hint.setVisible(closed)
        self.reviews_hint.setVisible(closed)
        facts, late = self._facts()
        self.facts.setText(facts)
        self.attention.setText(late)
        self.attention.setVisible(bool(late))
        self._show_banner()
        self.record_view.show_record(record)
        self._show_chronology()
        self._show_actions()
        self._show_reviews()
        self._show_decisions()
        self._show_history()
        self._show_people()

    def _facts(self) -> tuple[str, str]:
        """(where the case is up to, what is overdue): overdue is said in words."""
        record = self.record
        assert record is not None
        case = record.case
        parts, late_words = [], []
        opened = case.opened_at or case.created_at
        parts.append(f"Opened {format_date(opened.date())}")
        if case.status == CaseStatus.CLOSED and case.closed_at:
            parts.append(f"Closed {format_date(case.closed_at.date())}")
        elif case.next_review_on is not None:
            due = case.next_review_on
            parts.append(f"Next review {format_date(due)}")
            if due < self.today:
                late_words.append(f"The review is overdue: it was due on {format_date(due)}.")
            elif due == self.today:
                late_words.append("The review is due today.")
        elif case.status != CaseStatus.DRAFT:
            parts.append("No review date set")
        parts.append(f"Pathway: {PATHWAY_WORDS[case.pathway] if case.pathway else 'not recorded'}")
        if case.classification is not None:
            words = labels.vocab("classification", case.classification).split(":")[0]
            parts.append(f"Classification: {words}")
        open_actions = [a for a in record.rows("actions") if a.done_at is None]
        late = [a for a in open_actions if a.due_on is not None and a.due_on < self.today]
        parts.append(f"Open actions: {len(open_actions)}" if open_actions else "No open actions")
        if late:
            late_words.append(f"{len(late)} action{' is' if len(late) == 1 else 's are'} overdue.")
        return "   ·   ".join(parts), " ".join(late_words)

    def _show_banner(self) -> None:
        record = self.record
        assert record is not None
        lines = []
        reviews = record.rows("reviews")
        if (
            record.case.status != CaseStatus.CLOSED
            and reviews
            and max(reviews, key=lambda r: (r.held_on, r.id)).propose_closing
        ):
            lines.append(
                "The last review proposed closing this case. Close it when every action is done."
            )
        repeat = []
        for person in record.rows("young_people"):
            others = [a for a in self.appearances.get(person.id, []) if a.case_id != self.case_id]
            if others:
                repeat.append(
                    f"{person.name} is in {len(others)} other case{'s' if len(others) > 1 else ''}"
                )
        if repeat:
            lines.append(
                "; ".join(repeat) + ". A repeat incident is a risk factor: see Young people."
            )
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def _show_chronology(self) -> None:
        record = self.record
        assert record is not None
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
        self.chronology_model.set_rows(rows)

    def _show_actions(self) -> None:
        record = self.record
        assert record is not None
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
            rows.append((a.description, owner, _due_cell(a.due_on, self.today, is_open), done))
        self.actions_model.set_rows(rows, [a.id for a in actions])
        self._open_action_ids = {a.id for a in actions if a.done_at is None}
        self._action_selected()

    def _show_reviews(self) -> None:
        record = self.record
        assert record is not None
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
                    else _day(r.next_review_on),
                    r.notes,
                )
            )
        self.reviews_model.set_rows(rows, [r.id for r in reviews])

    def _show_decisions(self) -> None:
        record = self.record
        assert record is not None
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
        self.decisions_model.set_rows(rows, [d.id for d in decisions])

    def _row_words(self, table: str, row_id: int) -> str:
        """Which row an amendment was to, in words ('Young person: Zoë O'Brien')."""
        record = self.record
        assert record is not None
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

    def _show_history(self) -> None:
        record = self.record
        assert record is not None
        rows = []
        for h in reversed(self.history):
            try:
                info = field_info(h.table, h.field)
            except KeyError:
                was, now_ = str(h.old_value), str(h.new_value)
                what = f"{h.table}: {h.field}"
            else:
                was = show(info, h.old_value, record.staff_names) or BLANK
                now_ = show(info, h.new_value, record.staff_names) or BLANK
                what = f"{self._row_words(h.table, h.row_id)} — {info.label}"
            rows.append((format_datetime(h.changed_at), h.changed_by, what, was, now_, h.reason))
        self.history_model.set_rows(rows)

    def _show_people(self) -> None:
        record = self.record
        assert record is not None
        keep = self.people_list.currentRow()
        self.people_list.blockSignals(True)
        self.people_list.clear()
        for person in record.rows("young_people"):
            n = len(self.appearances.get(person.id, []))
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
        if not others:
            self.other_note.setText("No other case names this young person.")
        else:
            possible = sum(1 for a in others if not a.certain)
            note = f"{len(others)} other case{'s' if len(others) > 1 else ''}."
            if possible:
                note += (
                    f" {possible} of them only match by name (a date of birth is missing):"
                    " check before relying on it."
                )
            self.other_note.setText(note)
        roles = field_info("young_people", "roles")
        rows = []
        for a in found:
            this = a.case_id == self.case_id
            rows.append(
                (
                    a.reference + (" (this case)" if this else ""),
                    _day(a.opened_on),
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

    def _action_selected(self, *_: object) -> None:
        index = self.actions_view.currentIndex()
        ok = index.isValid() and self.actions_model.key(index.row()) in self._open_action_ids
        self.complete_button.setEnabled(ok)

    # -- writing -----------------------------------------------------------------------------
    def _run(self, dialog: FormDialog, then: Callable[[], None] | None = None) -> None:
        """Show a dialog; after a save, read the case again and tell the dashboard."""
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_done(dialog, then))
        dialog.open()

    def _dialog_done(self, dialog: FormDialog, then: Callable[[], None] | None) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if dialog.saved:
            self.message.clear()
            self.load()
            if then is not None:
                then()
            self.changed.emit()
        dialog.deleteLater()

    def amend(self, target: AmendTarget) -> None:
        record = self.record
        if record is None:
            return
        self._run(
            AmendDialog(
                self.ws,
                self.case_id,
                target.info,
                target.row_id,
                target.value,
                where=target.where,
                staff=record.staff_names,
                parent=self,
            )
        )

    def change_status(self, target: CaseStatus) -> None:
        record = self.record
        if record is None:
            return
        open_actions = [a.description for a in record.rows("actions") if a.done_at is None]
        self._run(
            StatusDialog(
                self.ws, self.case_id, record.case.status, target, open_actions, parent=self
            )
        )

    def add_action(self) -> None:
        try:
            staff = accounts.list_staff(self.ws)
        except CasebookError as exc:
            self.message.show_error(str(exc))
            return
        self._run(ActionDialog(self.ws, self.case_id, staff, parent=self, today=self.today))

    def complete_action(self) -> None:
        index = self.actions_view.currentIndex()
        if not index.isValid():
            return
        action_id = self.actions_model.key(index.row())
        if action_id not in self._open_action_ids:
            return
        description = self.actions_model.text(index.row(), 0)
        self._run(CompleteActionDialog(self.ws, self.case_id, action_id, description, parent=self))

    def add_review(self) -> None:
        try:
            interval = int(self.ws.settings().get("review_interval_days") or DEFAULT_INTERVAL)
        except (CasebookError, ValueError):
            interval = DEFAULT_INTERVAL
        self._run(ReviewDialog(self.ws, self.case_id, interval, parent=self, today=self.today))

    def add_chronology_entry(self) -> None:
        self._run(ChronologyDialog(self.ws, self.case_id, parent=self))

    def add_decision(self) -> None:
        self._run(DecisionDialog(self.ws, self.case_id, parent=self))

    def _print(self) -> None:
        if self.record is not None:
            self.print_requested.emit(self.record.case.reference)

    def show_tab(self, title: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(title))

    @property
    def reference(self) -> str:
        return self.record.case.reference if self.record is not None else ""


__all__ = ["TABS", "CaseFileWindow"]
