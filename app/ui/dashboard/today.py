"""The Today panel: reviews and actions due or overdue, decisions to look at again, drafts.

Its buttons show one kind at a time; Discard draft (or Delete) asks to discard
the draft chosen in the list. Overdue is said in words as well as in colour.
"""

from __future__ import annotations

from datetime import date

from app.services.dashboard import TodayItem
from app.ui.dashboard.model import TodayModel
from app.ui.dashboard.tables import configure_table
from app.ui.dashboard.words import DISCARD_TIP, LOADING, NOTHING_TODAY
from app.ui.qt import (
    QEvent,
    QFrame,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QModelIndex,
    QObject,
    QPushButton,
    QResizeEvent,
    QSize,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import MIN_POINT_SIZE, button, plain_label, strip_mnemonic

# Each with its Alt+letter: none is used twice on the dashboard, the menus'
# (C, S, V, H) and the case list's (see case_list and filters) included.
TODAY_KINDS: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("A&ll", None),
    ("Revie&ws", frozenset({"review", "parents"})),
    ("Actio&ns", frozenset({"action", "transfer"})),
    ("Draf&ts", frozenset({"draft"})),
)
TODAY_TITLE = "What needs &you today"  # Alt+Y: the list under it


MARGINS = (14, 10, 14, 12)
TIGHT_MARGINS = (10, 4, 10, 4)
# Alt+Y either way: the list under it (TODAY_TITLE).
TITLE, SHORT_TITLE = TODAY_TITLE, "Due toda&y"


class FittingTitle(QLabel):
    """A heading that says "Due today" when "What needs you today" has no room.

    Its least width is the short title's, so the Today panel never sets the
    window's minimum width; a screen reader hears the whole title either way."""

    def __init__(self, text: str, short: str) -> None:
        super().__init__(text)
        self._long, self._short = text, short
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setAccessibleName(strip_mnemonic(text))

    def _width_of(self, text: str) -> int:
        margins = self.contentsMargins()
        shown = strip_mnemonic(text)
        return self.fontMetrics().horizontalAdvance(shown) + margins.left() + margins.right() + 4

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self._width_of(self._long), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self._width_of(self._short), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        fits = self.width() >= self._width_of(self._long)
        text = self._long if fits else self._short
        if self.text() != text:
            self.setText(text)


class TodayPanel(QFrame):
    """What needs the DSL today; `show_items` puts a new read on screen."""

    open_case = Signal(int)
    resume_draft = Signal(int)
    discard_asked = Signal()  # Discard draft, or Delete on a draft in the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today")
        self.setStyleSheet(
            "QFrame#today { background: #f3f7fc; border: 1px solid #b1c4dd; border-radius: 4px; }"
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(*MARGINS)
        column.setSpacing(6)
        self._column = column
        top = self._build_heading()
        column.addLayout(top)
        self.today_summary = plain_label(LOADING)
        self.today_summary.setAccessibleName("Today")
        column.addWidget(self.today_summary)
        self._build_list()
        column.addWidget(self.today_view, 1)
        self.today_view.selectionModel().currentRowChanged.connect(self._today_moved)
        self.today_model.modelReset.connect(self._today_moved)
        self.today_view.installEventFilter(self)  # Delete discards a draft (eventFilter)

    def _build_heading(self) -> QHBoxLayout:
        """The title and one button for each kind of item, All first."""
        top = QHBoxLayout()
        title = FittingTitle(TITLE, SHORT_TITLE)
        font = title.font()
        font.setPointSizeF(max(font.pointSizeF(), MIN_POINT_SIZE) * 1.3)  # as heading(…, 1.3)
        font.setBold(True)
        title.setFont(font)
        self.title = title
        top.addWidget(title, 1)
        top.addStretch(1)
        # In the heading's row, so a short window gives no height to it; made here, in
        # reading order, so Tab reaches it before the buttons to its right.
        self.discard_button = button("D&iscard draft…")
        self.discard_button.setToolTip(DISCARD_TIP)
        self.discard_button.clicked.connect(self.discard_asked)
        self.discard_button.hide()  # while there is no draft to finish
        top.addWidget(self.discard_button)
        top.addSpacing(12)
        # One kind at a time, but each button its own Tab stop: in a QButtonGroup,
        # Tab reaches only the checked one (the others by arrow keys alone).
        self.kind_buttons: list[QPushButton] = []
        for n, (text, _kinds) in enumerate(TODAY_KINDS):
            b = button(text)
            b.setCheckable(True)
            b.setChecked(n == 0)
            b.clicked.connect(lambda _checked=False, n=n: self._show_kind(n))
            self.kind_buttons.append(b)
            top.addWidget(b)
        return top

    def _build_list(self) -> None:
        self.today_model = TodayModel()
        self.today_view = QTableView()
        self.today_view.setAccessibleName(strip_mnemonic(TODAY_TITLE))
        self.title.setBuddy(self.today_view)
        self.today_view.setModel(self.today_model)
        configure_table(self.today_view)
        # A short window may give Today a single row, but always one whole row.
        self.today_view.setMinimumHeight(self._least_list_height())
        header = self.today_view.horizontalHeader()
        header.resizeSection(0, 230)
        header.resizeSection(1, 110)
        header.resizeSection(2, 160)
        header.setStretchLastSection(True)
        self.today_view.activated.connect(self._today_activated)
        self.today_view.doubleClicked.connect(self._today_activated)

    def set_tight(self, tight: bool, *, header: bool = True) -> None:
        """A short window: tighter margins; a very short one (1024x600): the list without
        its header row (each row says what it is: "Overdue: 16/11/2026", "2026-0008")."""
        self._column.setContentsMargins(*(TIGHT_MARGINS if tight else MARGINS))
        self._column.setSpacing(4 if tight else 6)
        columns = self.today_view.horizontalHeader()
        if columns.isHidden() == header:
            columns.setVisible(header)
            self.today_view.setMinimumHeight(self._least_list_height())

    def _least_list_height(self) -> int:
        """One whole row, under the header when it shows."""
        view = self.today_view
        header = view.horizontalHeader()
        return (
            (0 if header.isHidden() else header.sizeHint().height())
            + view.verticalHeader().defaultSectionSize()
            + 2 * view.frameWidth()
        )

    # -- showing a read --------------------------------------------------------------
    def show_items(self, items: list[TodayItem], today: date) -> tuple[int, int, int]:
        """Show today's items; returns (reviews, actions, drafts), as the buttons count them."""
        self.today_model.set_items(items, today)
        items = self.today_model.items
        reviews = [i for i in items if i.kind in ("review", "parents")]
        actions = [i for i in items if i.kind in ("action", "transfer")]
        drafts = [i for i in items if i.kind == "draft"]
        counts = (len(reviews), len(actions), len(drafts))
        for b, (text, _kinds), n in zip(
            self.kind_buttons, TODAY_KINDS, (len(items), *counts), strict=True
        ):
            b.setText(f"{text} ({n:,})")
            b.setAccessibleName(f"{strip_mnemonic(text)}: {n}")
        if not items:
            self.today_summary.setText(NOTHING_TODAY)
        else:
            self.today_summary.setText(
                "   ".join(
                    (
                        _kind_sentence("Reviews", reviews),
                        _kind_sentence("Actions", [i for i in actions if i.kind == "action"]),
                        *_receipts_sentence([i for i in actions if i.kind == "transfer"]),
                        _drafts_sentence(len(drafts)),
                    )
                )
            )
        self.today_view.setVisible(bool(items))
        return counts

    def _show_kind(self, n: int) -> None:
        for m, b in enumerate(self.kind_buttons):
            b.setChecked(m == n)  # the one pressed stays pressed, pressed again too
        self.today_model.show_kinds(TODAY_KINDS[n][1])

    def _today_activated(self, index: QModelIndex) -> None:
        item = self.today_model.item(index.row())
        if item.kind == "draft":
            self.resume_draft.emit(item.case_id)
        else:
            self.open_case.emit(item.case_id)

    # -- the draft chosen, to discard --------------------------------------------------
    def selected_draft(self) -> TodayItem | None:
        index = self.today_view.currentIndex()
        if not index.isValid() or index.row() >= self.today_model.rowCount():
            return None
        item = self.today_model.item(index.row())
        return item if item.kind == "draft" else None

    def _today_moved(self, *_: object) -> None:
        drafts = any(i.kind == "draft" for i in self.today_model.shown)
        self.discard_button.setVisible(drafts)
        draft = self.selected_draft()
        self.discard_button.setEnabled(draft is not None)
        self.discard_button.setAccessibleName(
            f"Discard draft {draft.reference}" if draft is not None else "Discard draft"
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        # Delete on a draft in Today asks to discard it (the dialog asks for a reason).
        if (
            watched is self.today_view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.selected_draft() is not None
        ):
            self.discard_asked.emit()
            return True
        return super().eventFilter(watched, event)


def _kind_sentence(title: str, items: list[TodayItem]) -> str:
    late = sum(1 for i in items if i.overdue)
    due = len(items) - late
    if not items:
        return f"{title}: none due."
    parts = ([f"{late:,} overdue"] if late else []) + ([f"{due:,} due today"] if due else [])
    return f"{title}: {', '.join(parts)}."


def _receipts_sentence(items: list[TodayItem]) -> list[str]:
    """Files sent to a new school whose receipt is awaited; said only when there are some."""
    if not items:
        return []
    late = sum(1 for i in items if i.overdue)
    return [f"Receipts awaited: {len(items):,}" + (f", {late:,} overdue." if late else ".")]


def _drafts_sentence(n: int) -> str:
    return f"Drafts to finish: {n:,}." if n else "No drafts to finish."
