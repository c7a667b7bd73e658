"""Governors' figures: anonymised counts for one school year, with bar charts.

Only counts from `figures.figures`: no names, no references, nothing a governor
could trace to a child. The charts are drawn with QPainter (no extra library);
every bar carries its number in text, and each chart's accessible description
lists the counts, so nothing depends on colour or on seeing the bars.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.record.figures import SECTION_TITLES, Figures
from app.services import figures as figures_service
from app.services.workspace import Workspace
from app.ui.background import LatestRead, failure_text
from app.ui.casefile.forms import attach_label
from app.ui.qt import (
    QColor,
    QComboBox,
    QDialog,
    QFont,
    QFontMetrics,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPainter,
    QPaintEvent,
    QRect,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import fit_to_screen, scrolling_body
from app.ui.widgets import Message, button, button_row, heading, plain_label

BAR_COLOUR = "#1d4f91"
TEXT_COLOUR = "#0b0c0c"
BAR_HEIGHT = 24
GAP = 10
INTRO = (
    "Anonymised counts of the cases opened in one school year (September to August). "
    "No names or references appear here. Young people are counted by year group; "
    "a case with two young people counts twice there."
)
NOTHING = "No cases have been opened yet, so there are no figures to show."
COUNTING = "Counting…"


class BarChart(QWidget):
    """Horizontal bars: the label on the left, the bar, then the count in words."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.items: list[tuple[str, int]] = []
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(300)

    def set_items(self, items: Sequence[tuple[str, int]]) -> None:
        self.items = list(items)
        self.setAccessibleDescription(
            "; ".join(f"{label}: {count}" for label, count in self.items) or "None"
        )
        self.updateGeometry()
        self.update()

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        title = QFontMetrics(self._title_font()).height() + GAP
        rows = max(1, len(self.items))
        return QSize(420, title + rows * (BAR_HEIGHT + GAP) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), QColor("#ffffff"))
            metrics = QFontMetrics(self.font())
            title_font = self._title_font()
            painter.setFont(title_font)
            painter.setPen(QColor(TEXT_COLOUR))
            title_h = QFontMetrics(title_font).height()
            painter.drawText(
                QRect(0, 0, self.width(), title_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                self.title,
            )
            painter.setFont(self.font())
            top = title_h + GAP
            if not self.items:
                painter.drawText(
                    QRect(0, top, self.width(), BAR_HEIGHT),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    "None",
                )
                return
            label_w = min(
                max(metrics.horizontalAdvance(label) for label, _ in self.items) + 12,
                int(self.width() * 0.45),
            )
            biggest = max((c for _, c in self.items), default=0) or 1
            count_w = metrics.horizontalAdvance(f"{biggest:,}") + 12
            bar_room = max(10, self.width() - label_w - count_w)
            for n, (label, count) in enumerate(self.items):
                y = top + n * (BAR_HEIGHT + GAP)
                painter.setPen(QColor(TEXT_COLOUR))
                shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 12)
                painter.drawText(
                    QRect(0, y, label_w - 12, BAR_HEIGHT),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                    shown,
                )
                width = round(bar_room * count / biggest)
                if width:
                    painter.fillRect(QRect(label_w, y, width, BAR_HEIGHT), QColor(BAR_COLOUR))
                painter.drawText(
                    QRect(label_w + width + 6, y, count_w, BAR_HEIGHT),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    f"{count:,}",
                )
        finally:
            painter.end()


def chart_items(f: Figures) -> dict[str, list[tuple[str, int]]]:
    """What each chart shows: every known label, in the figures' own order."""
    return f.sections(every_label=True)


class FiguresDialog(QDialog):
    export_requested = Signal(str)  # the school year, e.g. "2025/26"

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.current: Figures | None = None
        self.setWindowTitle("Governors' figures")
        fit_to_screen(self, 1000, 680)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 18)
        outer.setSpacing(8)
        column = scrolling_body(outer)  # scrolls on a short screen; the buttons stay below
        column.setSpacing(8)
        column.addWidget(heading("Governors' figures", 1.3))
        column.addWidget(plain_label(INTRO, "hint"))
        picker = QVBoxLayout()
        self.year = QComboBox()
        self.year.setMinimumWidth(160)
        self.year.setMinimumHeight(34)
        self.year.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        attach_label(picker, "School &year", self.year)
        top = QHBoxLayout()
        top.addLayout(picker)
        top.addSpacing(32)
        self.totals = plain_label("")
        self.totals.setAccessibleName("Totals")
        big = QFont(self.totals.font())
        big.setPointSizeF(big.pointSizeF() * 1.2)
        big.setBold(True)
        self.totals.setFont(big)
        top.addWidget(self.totals, 1, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(top)
        self.message = Message()
        column.addWidget(self.message)
        self.panel = QFrame()
        self.panel.setObjectName("charts")
        self.panel.setStyleSheet(
            "QFrame#charts { background: #ffffff; border: 1px solid #c8ccd0; border-radius: 4px; }"
        )
        grid = QGridLayout(self.panel)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(36)
        grid.setVerticalSpacing(18)
        self.charts: dict[str, BarChart] = {}
        for n, title in enumerate(SECTION_TITLES):
            chart = BarChart(title)
            self.charts[title] = chart
            grid.addWidget(chart, n // 3, n % 3, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(2, 1)
        column.addWidget(self.panel, 1)
        self.export_button = button("&Export PDF…")
        self.close_button = button("Close")
        outer.addLayout(button_row(self.export_button, left=self.close_button))
        self.close_button.clicked.connect(self.accept)
        self.export_button.clicked.connect(self._export)
        self.year.currentIndexChanged.connect(self._year_changed)
        # Counted off the GUI thread: at 50 000 cases a year's figures take about a
        # second to count, which would hold the window still.
        self._reading = LatestRead(self)
        self.export_button.setEnabled(False)
        self.message.show_good(COUNTING)
        self._reading.start(self._first_count, self._years_in, self._failed)

    @property
    def reading(self) -> bool:
        """The figures are still being read and counted."""
        return self._reading.running

    def _first_count(self) -> tuple[list[str], Figures | None]:
        years = figures_service.school_years(self.ws)
        return years, figures_service.figures(self.ws, years[0]) if years else None

    def _years_in(self, found: tuple[list[str], Figures | None]) -> None:
        years, first = found
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(y, y)
        self.year.blockSignals(False)
        if first is None:
            self.panel.hide()
            self.export_button.setEnabled(False)
            self.totals.setText("")
            self.message.show_good(NOTHING)
            return
        self._show(first)

    def _failed(self, error: BaseException) -> None:
        self.message.show_error(failure_text(error))

    def _year_changed(self, _index: int) -> None:
        year = self.year.currentData()
        if not year:
            return
        self.message.show_good(COUNTING)
        self.export_button.setEnabled(False)
        ws, picked = self.ws, str(year)
        # Picked while another year is counted: only the one picked last is shown.
        self._reading.start(lambda: figures_service.figures(ws, picked), self._show, self._failed)

    def _show(self, f: Figures) -> None:
        self.current = f
        self.message.clear()
        self.export_button.setEnabled(True)
        self.totals.setText(
            f"Cases opened in {f.school_year}: {f.cases:,}      "
            f"Still open or monitoring: {f.still_open:,}"
        )
        for title, items in chart_items(f).items():
            self.charts[title].set_items(items)

    def busy_controls(self) -> list[QWidget]:
        """What is disabled while the PDF is being made: another export or another year."""
        return [self.export_button, self.year]

    def _export(self) -> None:
        year = self.year.currentData()
        if year:
            self.export_requested.emit(str(year))
