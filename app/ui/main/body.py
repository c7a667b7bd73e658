"""The window's body: the training banner, the message line, the case tabs, the status bar.

Built onto the window like the menus (see app.ui.main.menus). The dashboard is
the first tab and never closes; a warning that the database may be damaged
goes below the training banner, above the tabs, and stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.qt import Qt, QTabBar, QTabWidget, QVBoxLayout, QWidget
from app.ui.widgets import Message, plain_label
from app.vocabulary import ROLE_WORDS

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

TRAINING_TEXT = "TRAINING DATA: these are practice records, not real cases."
DASHBOARD_TAB = "Dashboard"


class CaseTabs(QTabWidget):
    """The dashboard and a tab per open case; the tab bar shows once a case is open.

    Tab stops on the tab bar only while it is shown: a hidden tab bar that took
    focus would hold Tab where it was (the dashboard's Tab order would loop).
    """

    def __init__(self) -> None:
        super().__init__()
        self._bar_focus()

    def tabInserted(self, index: int) -> None:  # noqa: N802 (Qt name)
        super().tabInserted(index)
        self._bar_focus()

    def tabRemoved(self, index: int) -> None:  # noqa: N802 (Qt name)
        super().tabRemoved(index)
        self._bar_focus()

    def _bar_focus(self) -> None:
        shown = self.count() > 1 or not self.tabBarAutoHide()
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus if shown else Qt.FocusPolicy.NoFocus)


def build_body(window: MainWindow, training: bool) -> None:
    central = QWidget()
    outer = QVBoxLayout(central)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    window.training_banner = plain_label(TRAINING_TEXT)
    window.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    window.training_banner.setStyleSheet(
        "background: #ffdd00; color: #0b0c0c; font-weight: bold; padding: 6px;"
    )
    window.training_banner.setVisible(training)
    outer.addWidget(window.training_banner)

    window.message = Message()  # hidden, it takes no room at all
    window.message.setContentsMargins(16, 6, 16, 2)
    outer.addWidget(window.message)

    tabs = window.tabs = CaseTabs()
    tabs.setObjectName("case-tabs")
    tabs.setTabsClosable(True)
    tabs.setTabBarAutoHide(True)  # a tab bar only once a case is open
    tabs.addTab(window.dashboard, DASHBOARD_TAB)
    for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
        tabs.tabBar().setTabButton(0, side, None)  # the dashboard never closes
    tabs.tabCloseRequested.connect(window.close_tab)
    tabs.currentChanged.connect(window.tab_changed)
    outer.addWidget(tabs, 1)
    window.setCentralWidget(central)


def build_status_bar(window: MainWindow) -> None:
    me = window.ws.account
    window.status_label = plain_label(
        f"Signed in as {me.display_name} ({ROLE_WORDS.get(me.role, me.role.value)})",
        wrap=False,
    )
    window.status_label.setContentsMargins(8, 2, 8, 2)
    window.statusBar().addWidget(window.status_label)
    window.school_label = plain_label(window.school, wrap=False)
    window.school_label.setAccessibleName("School")
    window.school_label.setContentsMargins(8, 2, 8, 2)
    window.statusBar().addPermanentWidget(window.school_label)


def show_database_warning(window: MainWindow, text: str) -> None:
    """A lasting warning above the tabs, in plain text: the database may be damaged."""
    if window.findChild(QWidget, "database-warning") is not None:
        return  # said once is enough; it stays until the window closes
    banner = plain_label(text)
    banner.setObjectName("database-warning")
    banner.setAccessibleName(text)
    banner.setStyleSheet("background: #a4262c; color: #fff; font-weight: bold; padding: 8px;")
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(1, banner)  # below the training banner, above the tabs
    banner.show()


__all__ = ["CaseTabs", "build_body", "build_status_bar", "show_database_warning"]
