"""The case file: where a case is up to, and everything done on it.

Opening one reads the whole case through `cases.load_case`, which writes the
"viewed" entry to the audit trail, off the GUI thread: the window is up at once,
saying it is reading, and shows the case when it is in. The header and each tab
(app/ui/casefile/tabs) show what was read; every change goes through a dialog
opened here and one service call, after which the window tells every open
screen (app.ui.changes).
Whenever this case changes, here or anywhere, it is read again (without a
second "viewed" entry) and every part is shown afresh.
"""

from __future__ import annotations

from datetime import date

from app.errors import CasebookError
from app.models import CaseStatus
from app.record.snapshot import CaseRecord, HistoryLine
from app.services import accounts, cases, people, transfer
from app.services.people import Appearance
from app.services.workspace import Workspace
from app.ui import changes
from app.ui.background import OneJob, failure_text
from app.ui.casefile.dialogs import (
    ActionDialog,
    AmendDialog,
    ChronologyDialog,
    CompleteActionDialog,
    DecisionDialog,
    ReviewDialog,
    StatusDialog,
)
from app.ui.casefile.forms import FormDialog
from app.ui.casefile.header import CaseHeader
from app.ui.casefile.tabs.actions import ActionsTab
from app.ui.casefile.tabs.chronology import ChronologyTab
from app.ui.casefile.tabs.decisions import DecisionsTab
from app.ui.casefile.tabs.history import HistoryTab
from app.ui.casefile.tabs.record import AmendTarget, RecordView
from app.ui.casefile.tabs.reviews import ReviewsTab
from app.ui.casefile.tabs.young_people import YoungPeopleTab
from app.ui.qt import QKeySequence, QShortcut, Qt, QTabWidget, QVBoxLayout, QWidget, Signal
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import Message

READING = "Reading the case…"
Read = tuple[CaseRecord, list[HistoryLine], dict[int, list[Appearance]], list[transfer.Transfer]]
TABS = ("Record", "Chronology", "Actions", "Reviews", "Decisions", "History", "Young people")
DEFAULT_INTERVAL = 28


class CaseFileWindow(QWidget):
    """One case: the header, a tab per part of the record, and the dialogs that change it."""

    open_case = Signal(int)  # another case, from "Other cases for this child"
    changed = Signal()  # the case changed and has been read again
    gone = Signal(int)  # the case id: it can no longer be read after a change (destroyed)
    print_requested = Signal(str)  # the case reference
    shown = Signal()  # the case has been read and is on screen (after opening, and each read)

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
        self.sent: list[transfer.Transfer] = []
        self.setWindowTitle("Case")
        fit_to_screen(self, 1280, 700, maximise_when_short=True)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 14, 20, 14)
        outer.setSpacing(6)
        self.header = CaseHeader()
        outer.addWidget(self.header)
        self.message = Message()
        outer.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs, 1)
        self.record_view = RecordView()
        self.chronology_tab = ChronologyTab()
        self.actions_tab = ActionsTab()
        self.reviews_tab = ReviewsTab()
        self.decisions_tab = DecisionsTab()
        self.history_tab = HistoryTab()
        self.young_people_tab = YoungPeopleTab(case_id)
        pages = (
            self.record_view,
            self.chronology_tab,
            self.actions_tab,
            self.reviews_tab,
            self.decisions_tab,
            self.history_tab,
            self.young_people_tab,
        )
        for page, title in zip(pages, TABS, strict=True):
            index = self.tabs.addTab(page, title)
            # A screen reader says the tab bar by its tab's name: not the same as the
            # list on that tab ("Chronology").
            self.tabs.tabBar().setAccessibleTabName(index, f"{title} tab")
        self._connect()
        self.dialog: FormDialog | None = None  # the one open, for tests and screenshots
        self._reads = 0  # each read shown, so an older one that comes later is not
        self._first_read = OneJob(self)
        self._read_in_background()
        changes.of(ws).changed.connect(self._case_changed)

    def _connect(self) -> None:
        """Each part's requests to the dialogs here; Ctrl+P to Print."""
        self.header.status_requested.connect(self.change_status)
        self.header.print_requested.connect(self._print)
        self.record_view.amend_requested.connect(self.amend)
        self.chronology_tab.add_requested.connect(self.add_chronology_entry)
        self.actions_tab.add_requested.connect(self.add_action)
        self.actions_tab.complete_requested.connect(self.complete_action)
        self.reviews_tab.add_requested.connect(self.add_review)
        self.decisions_tab.add_requested.connect(self.add_decision)
        self.young_people_tab.open_case.connect(self.open_case)
        # Ctrl+P; a window that has its own Print (the main window's menu) turns this off.
        self.print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        self.print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_shortcut.activated.connect(self._print)

    # -- reading -----------------------------------------------------------------------------
    def _read(self, audit: bool) -> Read:
        """Everything the window shows, as plain values (this may run on a worker)."""
        record = cases.load_case(self.ws, self.case_id, audit_view=audit)
        history = cases.case_history(self.ws, self.case_id)
        seen = people.appearances_in_case(self.ws, self.case_id)
        sent = transfer.transfers(self.ws, record.case.reference)
        return record, history, seen, sent

    def _read_in_background(self) -> None:
        """The first read, with its "viewed" entry, off the GUI thread: the window
        shows at once and says it is reading, and a slow disk cannot freeze it."""
        self.header.hide_buttons()  # nothing to act on until the case is here
        self.message.show_good(READING)
        reads = self._reads

        def done(got: Read) -> None:
            if self._reads == reads:  # not read again meanwhile (after a change)
                self.message.clear()
                self._take(got)

        def failed(error: BaseException) -> None:
            if self._reads == reads:
                self._unreadable(failure_text(error))

        self._first_read.start(lambda: self._read(True), done, failed)

    def load(self, *, audit: bool = False) -> bool:
        """Read the case (and its history) again and show it everywhere."""
        try:
            got = self._read(audit)
        except Exception as exc:  # said calmly; the text of an unexpected one never
            self._unreadable(failure_text(exc))
            return False
        self._take(got)
        return True

    def _take(self, got: Read) -> None:
        self._reads += 1
        self.record, self.history, self.appearances, self.sent = got
        self._show_all(self.record)
        self.shown.emit()

    @property
    def reading(self) -> bool:
        """The case is still being read for the first time."""
        return self._first_read.running

    def _case_changed(self, change: changes.Change) -> None:
        """A case was written (this one, or another of the same young person's): read again."""
        if not change.touches_case_files:
            return
        self.message.clear()
        if self.load():
            self.changed.emit()
        elif change.what is changes.What.CASES:
            self.gone.emit(self.case_id)  # destroyed past retention: its tab goes

    def _unreadable(self, text: str) -> None:
        self.message.show_error(text)
        if self.record is None:
            self.tabs.setEnabled(False)
            self.header.hide_buttons()

    def _show_all(self, record: CaseRecord) -> None:
        self.setWindowTitle(f"Case {record.case.reference} — Casebook")
        closed = record.case.status == CaseStatus.CLOSED
        self.header.show_record(record, self.appearances, self.today, self.sent)
        self.record_view.show_record(record)
        self.chronology_tab.show_record(record)
        self.actions_tab.show_record(record, self.today, closed=closed)
        self.reviews_tab.show_record(record, closed=closed)
        self.decisions_tab.show_record(record)
        self.history_tab.show_record(record, self.history)
        self.young_people_tab.show_record(record, self.appearances)

    # -- writing -----------------------------------------------------------------------------
    def _run(self, dialog: FormDialog) -> None:
        """Show a dialog; after a save, every open screen (this one too) reads again."""
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_done(dialog))
        dialog.open()

    def _dialog_done(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if dialog.saved:
            changes.tell(self.ws, changes.Change(changes.What.CASE, self.reference))
        # The connection's closure holds the dialog: drop it first, or PySide frees it
        # (and the dialog's last reference) in the middle of the dialog's destructor.
        dialog.finished.disconnect()
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
        if self.record is None:
            return  # still being read: nothing to add to yet
        try:
            staff = accounts.list_staff(self.ws)
        except CasebookError as exc:
            self.message.show_error(str(exc))
            return
        self._run(ActionDialog(self.ws, self.case_id, staff, parent=self, today=self.today))

    def complete_action(self) -> None:
        if self.record is None:
            return  # still being read: nothing to add to yet
        chosen = self.actions_tab.selected_open_action()
        if chosen is None:
            return
        action_id, description = chosen
        self._run(CompleteActionDialog(self.ws, self.case_id, action_id, description, parent=self))

    def add_review(self) -> None:
        if self.record is None:
            return  # still being read: nothing to add to yet
        try:
            interval = int(self.ws.settings().get("review_interval_days") or DEFAULT_INTERVAL)
        except (CasebookError, ValueError):
            interval = DEFAULT_INTERVAL
        self._run(ReviewDialog(self.ws, self.case_id, interval, parent=self, today=self.today))

    def add_chronology_entry(self) -> None:
        if self.record is None:
            return  # still being read: nothing to add to yet
        self._run(ChronologyDialog(self.ws, self.case_id, parent=self))

    def add_decision(self) -> None:
        if self.record is None:
            return  # still being read: nothing to add to yet
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
