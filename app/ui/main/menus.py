"""The main window's actions, its menus (Case, School, View, Help) and its toolbar.

Built onto the window, as Qt Designer's setupUi does: each action is an
attribute of the window (`window.new_incident`, `window.print_action`, ...),
declared in MainWindow. Items a deputy may not use (retention decisions, the
audit trail) are not shown to a deputy at all.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from app.ui.main import print_export
from app.ui.qt import QAction, QKeySequence, QSizePolicy, Qt, QToolBar, QWidget

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

NEW_INCIDENT_TIP = "Record a new incident, step by step (Ctrl+N)"
HIDE_NOW_TIP = "Cover Casebook at once, for when someone walks in (F12 or Ctrl+Shift+H)"


def make_action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    *,
    keys: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    # Nothing new starts once closing has begun (the backup on close is being made).
    action.triggered.connect(lambda _checked=False: None if window.shutdown.started else slot())
    return action


def build_actions(window: MainWindow) -> None:
    w, act, school = window, make_action, window.school_dialogs
    w.new_incident = act(w, "&New incident", w.open_wizard, keys="Ctrl+N", tip=NEW_INCIDENT_TIP)
    w.new_incident.setEnabled(not w.settings_failed)
    w.find_action = act(
        w,
        "&Find a case…",
        w.find_case,
        keys=QKeySequence.StandardKey.Find,
        tip="Search every case by name, reference or words (Ctrl+F)",
    )
    w.print_action = act(
        w,
        "&Print this case…",
        partial(print_export.print_current, w),
        keys=QKeySequence.StandardKey.Print,
        tip="Print the record in front, or one child's extract (Ctrl+P)",
    )
    w.close_tab_action = act(w, "Close this &tab", w.close_current_tab, keys="Ctrl+W")
    w.sign_out_action = act(
        w,
        "Sign &out",
        w.shutdown.sign_out,
        keys="Ctrl+Shift+Q",
        tip="Sign out and lock Casebook (Ctrl+Shift+Q)",
    )

    w.settings_action = act(w, "&Settings…", school.open_settings)
    w.accounts_action = act(
        w, "Staff &accounts…" if w.is_dsl else "Change my &password…", school.open_accounts
    )
    w.backups_action = act(w, "&Backups…", school.open_backups)
    w.retention_action = act(w, "&Retention…", school.open_retention)
    w.figures_action = act(w, "&Governors' figures…", school.open_figures)
    w.audit_action = act(w, "&Who saw what…", school.open_audit)
    w.send_transfer_action = act(
        w,
        "Send to a ne&w school…",
        school.open_send_transfer,
        tip="Send one child's file from the case in front to their new school, encrypted",
    )
    w.transfer_receipt_action = act(w, "Record a transfer r&eceipt…", school.open_receipt)
    w.import_transfer_action = act(w, "&Import a transferred file…", school.open_import)
    w.transferred_files_action = act(w, "&Transferred files…", school.open_transferred_files)
    for dsl_only in (w.retention_action, w.audit_action):
        dsl_only.setVisible(w.is_dsl)
        dsl_only.setEnabled(w.is_dsl)

    # LockController owns F12 and Ctrl+Shift+H in every window: no shortcut here,
    # only the words after the tab, which a menu shows where a shortcut would be.
    w.hide_action = act(w, "&Hide now\tF12", w.hide_now, tip=HIDE_NOW_TIP)
    w.hide_action.setIconText("Hide now (F12)")
    w.hide_action.setEnabled(w.lock is not None)
    w.refresh_action = act(w, "&Refresh", w.refresh, keys=QKeySequence.StandardKey.Refresh)
    w.dashboard_action = act(w, "Go to the &dashboard", w.show_dashboard)
    w.about_action = act(w, "&About Casebook", school.open_about)


def build_menus(window: MainWindow) -> None:
    w, bar = window, window.menuBar()
    w.case_menu = bar.addMenu("&Case")
    for action in (
        w.new_incident,
        w.find_action,
        w.print_action,
        w.send_transfer_action,
        w.transfer_receipt_action,
    ):
        w.case_menu.addAction(action)
    w.case_menu.addSeparator()
    w.case_menu.addAction(w.close_tab_action)
    w.case_menu.addAction(w.sign_out_action)
    w.school_menu = bar.addMenu("&School")
    for action in (
        w.settings_action,
        w.accounts_action,
        w.backups_action,
        w.retention_action,
        w.figures_action,
        w.audit_action,
        w.import_transfer_action,
        w.transferred_files_action,
    ):
        w.school_menu.addAction(action)
    w.view_menu = bar.addMenu("&View")
    for action in (w.hide_action, w.refresh_action, w.dashboard_action):
        w.view_menu.addAction(action)
    w.help_menu = bar.addMenu("&Help")
    w.help_menu.addAction(w.about_action)


def build_toolbar(window: MainWindow) -> None:
    """New incident, the drafts strip, then Hide now and Sign out at the far end."""
    toolbar = QToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.addToolBar(toolbar)
    toolbar.addAction(window.new_incident)
    window.drafts_panel.place_in(toolbar)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    if window.lock is not None:
        toolbar.addAction(window.hide_action)
    toolbar.addAction(window.sign_out_action)
    # A toolbar's buttons take no focus by default: Tab would never reach them.
    # Tab only, so a click leaves the focus where the DSL was typing.
    for action in (window.new_incident, window.hide_action, window.sign_out_action):
        face = toolbar.widgetForAction(action)
        if face is not None:
            face.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    window.toolbar = toolbar


__all__ = ["HIDE_NOW_TIP", "NEW_INCIDENT_TIP", "build_actions", "build_menus", "build_toolbar"]
