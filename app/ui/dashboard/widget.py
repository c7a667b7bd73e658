"""The dashboard: what needs the DSL today, and every case, searchable and filtered.

Two answers on one screen, one above the other: the Today panel (`today`) and
the case list (`case_list`, with its `filters`). The rows are read off the GUI
thread (`loader.Loader`) and shown through a table model and a filtering proxy,
so 10 000 cases stay smooth. This widget reads, lays out, and asks to discard.
It reads again whenever a case or a draft changes anywhere (app.ui.changes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.workspace import Workspace
from app.ui import changes
from app.ui.dashboard.case_list import CaseList
from app.ui.dashboard.loader import Loader, Snapshot
from app.ui.dashboard.model import COLUMNS, CaseFilter
from app.ui.dashboard.tables import configure_table
from app.ui.dashboard.today import TodayPanel
from app.ui.dashboard.words import LOADING
from app.ui.qt import (
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

if TYPE_CHECKING:  # imported when used: the case file's forms import this module
    from app.ui.wizard.discard import DiscardDraftDialog

TODAY_PREFERRED_HEIGHT = 230  # px: the Today panel's share of a tall window
FILTERS_ONE_ROW_WIDTH = 1000  # px: narrower than this, the date filters take a second row
SHORT_HEIGHT = 520  # px: a dashboard this short (a laptop at 125% or 150%) drops repeats


class DashboardWidget(QWidget):
    """The first screen after sign-in. Place it in the main window."""

    open_case = Signal(int)
    resume_draft = Signal(int)
    loaded = Signal()  # new rows (every case) and today's items are on screen
    head_shown = Signal()  # the first read's first screenful is on screen, the rest to come
    counts_changed = Signal(int, int, int)  # reviews, actions, drafts (see today_counts)
    draft_discarded = Signal(str)  # its reference

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._applied = 0
        self._counts = (0, 0, 0)
        self._loader = Loader(ws)
        self._loader.done.connect(self._apply)
        self._loader.first.connect(self._apply)
        self._loader.failed.connect(self._failed)
        # Start reading at once: the worker's query overlaps building the widgets,
        # and its result is only delivered (queued) once the event loop runs.
        self._loader.start()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        self.today = TodayPanel()
        self.cases = CaseList()
        split.addWidget(self.today)
        split.addWidget(self.cases)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([TODAY_PREFERRED_HEIGHT, 470])
        outer.addWidget(split)
        self.splitter = split
        self._split_moved_by_hand = False
        split.splitterMoved.connect(self._split_moved)
        self._name_the_parts()
        self._connect_the_parts()

        # Ctrl+F; a window that has its own Find (the main window's menu) turns this off.
        self.find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_shortcut.activated.connect(self.focus_search)
        changes.of(ws).changed.connect(self._something_changed)

    def _name_the_parts(self) -> None:
        """What this widget itself uses of its parts."""
        today, cases = self.today, self.cases
        self.kind_buttons = today.kind_buttons
        self.today_summary, self.today_view = today.today_summary, today.today_view
        self.empty_label, self.message = cases.empty_label, cases.message
        self.search = cases.filters.search
        self.filter_message = cases.filters.filter_message

    def _connect_the_parts(self) -> None:
        for part in (self.today, self.cases):
            part.open_case.connect(self.open_case)
            part.resume_draft.connect(self.resume_draft)
        self.today.discard_asked.connect(self.discard_selected_draft)
        self.cases.refresh_asked.connect(self.refresh)

    # -- public ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the cases and today's items again (after any change to a case)."""
        self.message.clear()
        self._loader.start()

    def _something_changed(self, change: changes.Change) -> None:
        if change.touches_cases:
            self.refresh()

    def is_loading(self) -> bool:
        return self._loader.busy

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait for a read in progress: call before closing the workspace."""
        self._loader.wait(timeout)

    def today_counts(self) -> tuple[int, int, int]:
        """(reviews, actions, drafts) due or overdue today.

        Reviews include decisions not to tell parents or carers that are due to be
        looked at again: both are a look back at the case.
        """
        return self._counts

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_filters(self) -> None:
        self.cases.filters.clear()

    def current_filter(self) -> CaseFilter:
        return self.cases.current_filter()

    def shown_case_ids(self) -> list[int]:
        return self.cases.shown_case_ids()

    def open_selected(self) -> None:
        """Enter: open the selected case (or the only one found)."""
        self.cases.open_selected()

    @property
    def filters_in_two_rows(self) -> bool:
        return self.cases.filters.filters_in_two_rows

    # -- loading -------------------------------------------------------------------------
    def _apply(self, snapshot: Snapshot) -> None:
        if snapshot.generation < self._applied or (
            snapshot.generation == self._applied and self.cases.complete
        ):
            return
        self._applied = snapshot.generation
        self.cases.complete = snapshot.complete
        if snapshot.rows is not None:
            total = snapshot.total if not snapshot.complete else len(snapshot.rows)
            self.cases.show_rows(snapshot.rows, snapshot.today, total)
        if snapshot.items is not None:
            self._counts = self.today.show_items(snapshot.items, snapshot.today)
            self.counts_changed.emit(*self._counts)
        self.cases.update_count()
        if snapshot.complete:
            self.loaded.emit()
        elif snapshot.rows is not None:
            self.head_shown.emit()

    def _failed(self, _generation: int, text: str) -> None:
        self.message.show_error(text)
        if not self._applied:
            self.today_summary.setText("")
        elif not self.cases.complete:  # only the first screenful came: never claim the rest
            self.cases.show_only_first()

    # -- discarding a draft -------------------------------------------------------------
    def discard_selected_draft(self) -> DiscardDraftDialog | None:
        """Ask for the reason to discard the draft chosen in Today; Cancel changes nothing."""
        from app.ui.wizard.discard import DiscardDraftDialog

        draft = self.today.selected_draft()
        if draft is None:
            return None
        reference = draft.reference
        return DiscardDraftDialog.ask(
            self.ws,
            draft.case_id,
            reference,
            self,
            discarded=lambda: self.show_discarded(reference),
            cancelled=lambda: self.today_view.setFocus(Qt.FocusReason.OtherFocusReason),
        )

    def show_discarded(self, reference: str) -> None:
        """A draft was discarded (here or in the wizard); the lists have heard of it."""
        from app.ui.wizard.discard import DISCARDED

        self.message.show_good(DISCARDED.format(reference=reference))
        self.draft_discarded.emit(reference)

    # -- fitting a small screen (1366x768 at 125%, 1920x1080 at 150%) ----------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        # On a short window the Today counts stay on their buttons ("Reviews (11)"),
        # and the line repeating them gives its room to the case list.
        self.today_summary.setVisible(self.height() >= SHORT_HEIGHT)
        two_rows = self.width() < FILTERS_ONE_ROW_WIDTH
        if two_rows != self.filters_in_two_rows:
            self.cases.filters.arrange(two_rows=two_rows)
        if not self._split_moved_by_hand:
            # The case list gets the room: Today keeps at most a third of the height,
            # a quarter on a short window (the splitter gives back its minimum).
            total = sum(self.splitter.sizes()) or self.height()
            share = total // 4 if self.height() < SHORT_HEIGHT else total // 3
            today = min(TODAY_PREFERRED_HEIGHT, max(share, 1))
            self.splitter.setSizes([today, max(total - today, 1)])

    def _split_moved(self, _pos: int, _index: int) -> None:
        self._split_moved_by_hand = True


__all__ = ["COLUMNS", "LOADING", "DashboardWidget", "configure_table"]
