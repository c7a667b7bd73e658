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
    QEvent,
    QKeySequence,
    QObject,
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
SHORT_HEIGHT = 560  # px: a dashboard this short (a laptop at 125% or 150%) drops repeats
TIGHT_HEIGHT = 480  # px: shorter still (1024x600): Today's list without its header row
MARGINS = (16, 12, 16, 12)
TIGHT_MARGINS = (12, 4, 12, 4)
CASES_FIRST_ROWS = 5  # the case list keeps this many rows before Today takes a second
TODAY_MOST_ROWS = 4  # Today grows to this many rows, while the case list keeps its own


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
        outer.setContentsMargins(*MARGINS)
        self._outer = outer
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
        split.installEventFilter(self)  # its new height is shared between the lists
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
        self.cases.discard_asked.connect(self._discard_from_list)
        self.discard_dialog: DiscardDraftDialog | None = None
        self.today.today_model.modelReset.connect(self._share_height)
        self.today.today_model.layoutChanged.connect(self._share_height)
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
            self._share_height()  # the list may have appeared, or have fewer rows
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
        draft = self.today.selected_draft()
        if draft is None:
            return None
        return self._ask_discard(draft.case_id, draft.reference, self.today_view)

    def _discard_from_list(self, case_id: int, reference: str) -> None:
        """Discard draft, or Delete, on a draft chosen in the case list."""
        self.discard_dialog = self._ask_discard(case_id, reference, self.cases.table)

    def _ask_discard(self, case_id: int, reference: str, back_to: QWidget) -> DiscardDraftDialog:
        from app.ui.wizard.discard import DiscardDraftDialog

        return DiscardDraftDialog.ask(
            self.ws,
            case_id,
            reference,
            self,
            discarded=lambda: self.show_discarded(reference),
            cancelled=lambda: back_to.setFocus(Qt.FocusReason.OtherFocusReason),
        )

    def show_discarded(self, reference: str) -> None:
        """A draft was discarded (here or in the wizard); the lists have heard of it."""
        from app.ui.wizard.discard import DISCARDED

        self.message.show_good(DISCARDED.format(reference=reference))
        self.draft_discarded.emit(reference)

    # -- fitting a small screen (1024x600, 1366x768 at 125%, 1920x1080 at 150%) ---------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        height = self.height()
        # On a short window the Today counts stay on their buttons ("Reviews (11)"),
        # and the line repeating them gives its room to the case list.
        self.today_summary.setVisible(height >= SHORT_HEIGHT)
        # Shorter, the margins tighten; shorter still, Today's list loses its header row.
        short = height < SHORT_HEIGHT
        margins = TIGHT_MARGINS if short else MARGINS
        self._outer.setContentsMargins(*margins)
        self.today.set_tight(short, header=height >= TIGHT_HEIGHT)
        self.cases.set_tight(short)
        self.cases.filters.fit_width(self.width() - margins[0] - margins[2])
        # The layout gave the splitter its new height before this ran (see eventFilter,
        # for a splitter resized otherwise): share it again with the parts as they are now.
        self._outer.activate()
        self._share_height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            self._share_height()
        return super().eventFilter(watched, event)

    def _share_height(self) -> None:
        """Whole rows for both lists: the case list first, then Today, then the case list.

        The case list keeps CASES_FIRST_ROWS rows (or all the room there is, Today
        keeping one row), Today then grows to TODAY_MOST_ROWS or as many items as
        it shows, and the case list takes the rest. A splitter the DSL moved stays.
        """
        if self._split_moved_by_hand:
            return
        # Its new height, before its children have been given theirs.
        total = max(1, self.splitter.height() - self.splitter.handleWidth())
        row = self.today_view.verticalHeader().defaultSectionSize()
        today_least = self.today.minimumSizeHint().height()
        if self.today_view.isHidden():  # nothing due: the panel says so in a line
            today = today_least
        else:
            cases_least = self.cases.height_for_rows(CASES_FIRST_ROWS)
            spare_rows = max(0, (total - today_least - cases_least) // row)
            wanted = min(TODAY_MOST_ROWS, max(1, self.today_model_rows())) - 1
            today = today_least + min(spare_rows, wanted) * row
        today = max(today_least, min(today, total - 1))
        self.splitter.setSizes([today, max(total - today, 1)])

    def today_model_rows(self) -> int:
        return self.today.today_model.rowCount()

    def _split_moved(self, _pos: int, _index: int) -> None:
        self._split_moved_by_hand = True


__all__ = ["COLUMNS", "LOADING", "DashboardWidget", "configure_table"]
