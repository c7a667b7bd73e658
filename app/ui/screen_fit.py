"""Windows that fit the screen they open on, at any Windows scaling.

A 1920x1080 laptop at 150% is 1280x720 logical pixels, and a 1366x768 one at
125% is 1093x614, less the taskbar. Every window asks for the size it would
like; it gets that or the available area less room for its frame, whichever
is smaller, and opens centred. A dialog whose body may still be taller keeps
its buttons below a scrolling body (`scrolling_body`).
"""

from __future__ import annotations

from app.ui.qt import (
    QApplication,
    QEvent,
    QFrame,
    QGuiApplication,
    QObject,
    QRect,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    set_enum,
)

# Room for a Windows title bar and borders (about 31 + 8 logical pixels at any
# scaling). Before a window is shown Qt cannot say how big its frame will be.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40


def fitted_size(available: QRect, width: int, height: int) -> tuple[int, int]:
    """The wanted client size, shrunk so the window and its frame fit `available`."""
    return (
        max(1, min(width, available.width() - FRAME_WIDTH)),
        max(1, min(height, available.height() - FRAME_HEIGHT)),
    )


def is_short(available: QRect, width: int, height: int) -> bool:
    """True when a window wanting `width` x `height` would have to shrink to fit."""
    return fitted_size(available, width, height) != (width, height)


def available_area(window: QWidget) -> QRect:
    """Where a window may go: its screen (or the primary one) less the taskbar."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(
    window: QWidget, width: int, height: int, *, maximise_when_short: bool = False
) -> None:
    """Size `window` to `width` x `height` or less, so its frame fits the screen.

    A minimum size larger than the screen is lowered. A window without a parent
    is centred on the screen (Qt centres a dialog over its parent itself).
    With `maximise_when_short`, a window that had to shrink opens maximised:
    a big working window such as the wizard uses every pixel a small screen has.
    """
    area = available_area(window)
    w, h = fitted_size(area, width, height)
    fit_w, fit_h = fitted_size(area, area.width(), area.height())
    minimum = window.minimumSize()
    if minimum.width() > fit_w or minimum.height() > fit_h:
        window.setMinimumSize(min(minimum.width(), fit_w), min(minimum.height(), fit_h))
    window.resize(w, h)
    if window.parentWidget() is None:
        x = area.x() + max(0, (area.width() - w - FRAME_WIDTH) // 2)
        y = area.y() + max(0, (area.height() - h - FRAME_HEIGHT) // 2)
        window.move(x, y)
    if maximise_when_short and (w, h) != (width, height):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def fit_height(window: QWidget) -> None:
    """As tall as its wrapped text needs at its width (within the screen): a QDialog
    does not grow by itself for a label that wraps onto more lines."""
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(window.width())
    area = available_area(window)
    needed = min(needed, area.height() - FRAME_HEIGHT)
    window.setMinimumHeight(needed)
    if window.height() < needed:
        window.resize(window.width(), needed)


def settle_layouts() -> None:
    """Lay out now what was shown or hidden (Qt would do it on its next turn), so that
    positions read next are where the DSL will see things."""
    for _ in range(6):  # a row inside a record inside a form: each level asks in turn
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)


class _Refit(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.LayoutRequest and isinstance(watched, QWidget):
            fit_height(watched)
        return False


def keep_fitted(window: QWidget) -> None:
    """`fit_height` each time the window's layout changes: a line that appears (a
    password's strength, an error) makes room for itself instead of squeezing the
    fields above it into each other, and the room goes again when it goes."""
    window.installEventFilter(_Refit(window))


def see_through_scroll_area() -> tuple[QScrollArea, QWidget]:
    """A frameless scroll area over the window's own background, and its body widget.

    The viewport is a plain widget of our own: asking Qt for its own
    (`viewport()`) costs a first window ~25 ms in PySide's first-use set-up.
    """
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # No Tab stop of its own (it has no name to say): Tab to an input scrolls to it.
    set_enum(area, "focusPolicy", "NoFocus")  # by name: see app.ui.qt
    viewport = QWidget()
    viewport.setAutoFillBackground(False)
    area.setViewport(viewport)
    body = QWidget()
    body.setAutoFillBackground(False)
    area.setWidget(body)
    return area, body


def scrolling_body(layout: QVBoxLayout) -> QVBoxLayout:
    """Add a scrolling body to `layout` and return the body's own column.

    What is added to `layout` after this stays below the body, always visible:
    the place for a dialog's buttons.
    """
    area, body = see_through_scroll_area()
    layout.addWidget(area, 1)
    column = QVBoxLayout(body)
    column.setContentsMargins(0, 0, 0, 0)
    return column
