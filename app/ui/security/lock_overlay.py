"""The lock panel: an opaque "Casebook is locked" cover over one window.

Nothing of the window shows through, Tab stays on the panel, and the title
bar's close button waits for the password. The controller (lock) puts one over
every window and takes them away; unlocking checks what is typed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.qt import (
    QApplication,
    QColor,
    QEvent,
    QHBoxLayout,
    QObject,
    QPainter,
    QPaintEvent,
    QPalette,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.security.common import SAFE_WHEN_LOCKED
from app.ui.widgets import (
    Message,
    add_field,
    button_row,
    heading,
    line_edit,
    plain_label,
    primary_button,
)

if TYPE_CHECKING:
    from app.ui.security.lock import LockController

LOCKED_HEADING = "Casebook is locked"
KEPT_TEXT = "Everything you were doing is kept just as it was, including anything you typed."
BACKGROUND = "#f3f2f1"  # an opaque light grey: nothing of the window shows through

_E = QEvent.Type


class LockOverlay(QWidget):
    """The opaque panel over one window: heading, why, password, Unlock."""

    def __init__(self, controller: LockController, window: QWidget, why: str) -> None:
        super().__init__(window)
        self.controller = controller
        self.setObjectName("casebook-lock-overlay")
        palette = self.palette()  # the panel and everything on it: one opaque colour
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        self.setAccessibleName(LOCKED_HEADING)
        # A centred column, without a scroll area: nothing but the panel paints a background.
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        inner = QWidget()
        inner.setMaximumWidth(440)
        outer.addWidget(inner, 100)
        outer.addStretch(1)
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addStretch(1)
        column.addWidget(heading(LOCKED_HEADING))
        column.addSpacing(4)
        self.why = plain_label(why)
        column.addWidget(self.why)
        if controller.user_label:
            column.addWidget(plain_label(f"Signed in as {controller.user_label}."))
        column.addWidget(plain_label(KEPT_TEXT, "hint"))
        self.password = line_edit(password=True)
        self.password_label = add_field(column, "&Password", self.password)
        column.addSpacing(6)
        self.message = Message()
        column.addWidget(self.message)
        column.addSpacing(6)
        self.unlock_button = primary_button("&Unlock")
        column.addLayout(button_row(self.unlock_button))
        column.addStretch(2)
        self.password.returnPressed.connect(self.submit)
        self.unlock_button.clicked.connect(self.submit)
        window.installEventFilter(self)
        self.setGeometry(window.rect())

    def submit(self) -> None:
        self.controller.submit(self.password.text())
        if isValid(self.password):  # unlocking deletes the panel
            self.password.clear()

    def take_focus(self) -> None:
        if not self.controller.is_locked or self.isHidden():
            return  # a late call, after unlocking: the focus is back where it was
        # As if another window had been switched to: a line edit keeps its
        # selection, and nothing select-alls when the focus comes back.
        self.password.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        painter.end()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt names)
        # Tab stays on the panel: it never walks into the hidden window below.
        order: list[QWidget] = [self.password, self.unlock_button]
        focused = QApplication.focusWidget()
        index = order.index(focused) if focused in order else -1
        order[(index + (1 if next else -1)) % len(order)].setFocus(
            Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        )
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        window = self.parentWidget()
        if watched is window and window is not None:
            if kind == _E.Resize:
                self.setGeometry(window.rect())
            elif kind == _E.ChildAdded:
                # A widget added to the window while locked must not appear above the panel.
                QTimer.singleShot(0, self, self.raise_)
            elif kind == _E.Close and event.spontaneous() and self.controller.is_locked:
                event.ignore()  # the title bar's close button waits for the password
                return True
        return False


def on_panel(widget: QWidget) -> bool:
    """On a lock panel, or in a window that holds nothing about a case (the crash dialog:
    modal, it must stay usable or nothing could be unlocked)."""
    window = widget.window()
    if window is not None and window.property(SAFE_WHEN_LOCKED) is True:
        return True
    current: QWidget | None = widget
    while current is not None:
        if isinstance(current, LockOverlay):
            return True
        current = current.parentWidget()
    return False
