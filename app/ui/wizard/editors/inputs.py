"""The boxes typed into, and the clickable text beside a tick box.

Nothing typed is ever read as markup, and no input takes a dropped or pasted
picture: Casebook never stores an image.
"""

from __future__ import annotations

from app.ui.qt import (
    QAbstractButton,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QLabel,
    QLineEdit,
    QMimeData,
    QMouseEvent,
    QPlainTextEdit,
    QResizeEvent,
    QSizePolicy,
    Qt,
    QTextOption,
)

LINE_MAX = 1_000  # a name, a reference, a place: longer is a paste gone wrong
TEXT_MIN_LINES = 3
TEXT_MAX_LINES = 14  # then the box scrolls inside the page


def refuses(mime: QMimeData) -> bool:
    """Pictures, files and links are never taken in; plain text is."""
    return mime.hasImage() or mime.hasUrls() or not mime.hasText()


class LineInput(QLineEdit):
    """A single line. No drop target: nothing can be dragged in."""

    def __init__(self) -> None:
        super().__init__()
        self.setMaxLength(LINE_MAX)
        self.setAcceptDrops(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()


class TextInput(QPlainTextEdit):
    """Several lines that wrap and grow with what is typed, up to a limit.

    Tab moves on (it never types a tab), Enter is a new line, and a paste keeps
    only the plain text: an image on the clipboard is refused.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._lines = 0
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        lines = max(TEXT_MIN_LINES, min(TEXT_MAX_LINES, int(self.document().size().height())))
        if lines == self._lines:
            return
        self._lines = lines
        margins = self.contentsMargins()
        height = (
            lines * self.fontMetrics().lineSpacing()
            + 2 * self.document().documentMargin()
            + margins.top()
            + margins.bottom()
            + 4
        )
        self.setFixedHeight(int(height))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit()

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt name)
        return not refuses(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt name)
        if not refuses(source):
            self.insertPlainText(source.text())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()


class ClickLabel(QLabel):
    """The wrapping text beside a tick box: clicking it ticks the box, as a box's own text would."""

    def __init__(self, target: QAbstractButton) -> None:
        super().__init__()
        self._target = target
        self.setWordWrap(True)
        self.setBuddy(target)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if self._target.isEnabled():
            self._target.setFocus(Qt.FocusReason.MouseFocusReason)
            self._target.click()
