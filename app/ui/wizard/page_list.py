"""The list of pages down the left: where the DSL is, how far they got, what needs attention."""

from __future__ import annotations

from collections.abc import Callable

from app.ui.qt import QListWidget, QListWidgetItem, Qt, Signal

MARKS = {"done": "✓  ", "attention": "!  "}
SPOKEN = {"done": "done", "attention": "needs attention"}


class PageList(QListWidget):
    """Emits `chosen(index)` when the DSL picks a page already reached; others cannot be chosen."""

    chosen = Signal(int)

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles
        self.current = 0
        self.furthest = 0
        self._guard = False  # the row is being set from here, not chosen
        self.setObjectName("pages")
        self.setAccessibleName("Pages")
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setFixedWidth(240)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for title in titles:
            self.addItem(QListWidgetItem(title))
        self.currentRowChanged.connect(self._moved)

    def _moved(self, row: int) -> None:
        if self._guard or row < 0:
            return
        if row > self.furthest:
            self._guard = True
            self.setCurrentRow(self.current)
            self._guard = False
            return
        self.chosen.emit(row)

    def show_progress(
        self, current: int, furthest: int, needs_attention: Callable[[int], bool]
    ) -> None:
        """Pages reached are marked done or needing attention; pages beyond are greyed out."""
        self.current, self.furthest = current, furthest
        self._guard = True
        for i, title in enumerate(self.titles):
            item = self.item(i)
            reached = i <= furthest
            state = ""
            if reached and i != current:
                state = "attention" if needs_attention(i) else "done"
            item.setText(f"{MARKS.get(state, '    ')}{i + 1}. {title}")
            spoken = SPOKEN.get(state, "")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{i + 1}. {title}" + (f", {spoken}" if spoken else ""),
            )
            flags = item.flags()
            if reached:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
        self.setCurrentRow(current)
        self._guard = False
