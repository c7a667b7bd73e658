"""The signed-in window: the dashboard, case files in tabs, and the parts around them.

The dashboard is the first tab and never closes; each case opened from it gets
a tab of its own (one per case: opening it again shows the same tab). This
module is the window itself and composes its parts, each in app/ui/main/:

- `body`: the training banner, the message line, the tabs and the status bar;
- `menus`: the actions, the Case, School, View and Help menus, and the toolbar;
- `drafts_strip`: the newest draft to finish, in the toolbar, with Resume draft;
- `school_dialogs`: the dialogs behind the School and Help menus;
- `print_export`: Print this case…, and saving the governors' figures as a PDF;
- `shutdown`: the daily backup, and signing out or closing, which backs up
  and then closes the database (the window owns the workspace).

No part refreshes another by hand: after a write, the screen that made it says
what changed (app.ui.changes) and every open screen reads again.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from app.errors import CasebookError
from app.services.workspace import Workspace
from app.ui import changes
from app.ui.background import BackgroundJob, OneJob
from app.ui.casefile import CaseFileWindow
from app.ui.dashboard import DashboardWidget
from app.ui.main import body, menus, print_export, read_only_banner
from app.ui.main.drafts_strip import DraftsStrip
from app.ui.main.school_dialogs import SchoolDialogs
from app.ui.main.shutdown import CloseAndBackUp
from app.ui.qt import (
    QAction,
    QApplication,
    QCloseEvent,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QResizeEvent,
    QShortcut,
    Qt,
    QTabWidget,
    QToolBar,
    QWidget,
    Signal,
    isValid,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.security import LockController
from app.ui.widgets import Message, run_safely
from app.ui.wizard.wizard import IncidentWizard

log = logging.getLogger(__name__)

# A new incident is typed to be kept: while nothing can be saved, say so before
# the DSL starts typing, rather than after.
NO_NEW_INCIDENT_READ_ONLY = (
    "A new incident cannot be started while nothing can be saved (the orange banner "
    "says why). Note what you know on paper for now, and type it in once saving works again."
)
DRAFT_KEPT = "Your draft is saved. Press Resume draft, at the top, to carry on when you are ready."
SETTINGS_FAILED = (
    "Casebook could not read the school's settings. Sign out and in again; "
    "if this keeps happening, ask IT to check the database."
)
CLOSING_TITLE = "Casebook: the backup was not made"
NARROW_WIDTH = 1200  # px: narrower than this, the drafts strip leaves out when it was saved
DEFAULT_IDLE_MINUTES = 5


def due_words(reviews: int, actions: int) -> str:
    """'3 reviews, 2 actions due'; '' when nothing is due."""
    parts = []
    if reviews:
        parts.append(f"{reviews} review{'s' if reviews != 1 else ''}")
    if actions:
        parts.append(f"{actions} action{'s' if actions != 1 else ''}")
    return f"{', '.join(parts)} due" if parts else ""


def window_title(school_name: str, reviews: int = 0, actions: int = 0) -> str:
    # Qt reads "[*]" in a title as the unsaved-changes marker; doubling shows it literally.
    school = school_name.strip().replace("[*]", "[*][*]")
    title = f"Casebook — {school}" if school else "Casebook"
    due = due_words(reviews, actions)
    return f"{title} — {due}" if due else title


def idle_minutes(ws: Workspace) -> int:
    """The idle-lock setting, or the default when it cannot be read."""
    try:
        return int(ws.settings()["idle_lock_minutes"] or DEFAULT_IDLE_MINUTES)
    except (CasebookError, ValueError, KeyError):
        return DEFAULT_IDLE_MINUTES


class MainWindow(QMainWindow):
    """Owns the workspace: closing the window or signing out closes it."""

    signed_out = Signal()
    workspace_closed = Signal()  # the database is closed: stop the lock
    restore_requested = Signal(object)  # a backup file (Path) the DSL chose to restore

    # Made by app.ui.main.menus (build_actions, build_menus, build_toolbar).
    new_incident: QAction
    find_action: QAction
    print_action: QAction
    close_tab_action: QAction
    sign_out_action: QAction
    settings_action: QAction
    accounts_action: QAction
    backups_action: QAction
    retention_action: QAction
    figures_action: QAction
    audit_action: QAction
    send_transfer_action: QAction
    transfer_receipt_action: QAction
    import_transfer_action: QAction
    transferred_files_action: QAction
    hide_action: QAction
    refresh_action: QAction
    dashboard_action: QAction
    about_action: QAction
    case_menu: QMenu
    school_menu: QMenu
    view_menu: QMenu
    help_menu: QMenu
    toolbar: QToolBar
    # Made by app.ui.main.body (build_body, build_status_bar).
    training_banner: QLabel
    message: Message
    tabs: QTabWidget
    status_label: QLabel
    school_label: QLabel

    def __init__(self, ws: Workspace, lock: LockController | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.lock = lock
        self.shutdown = CloseAndBackUp(self)
        self.school_dialogs = SchoolDialogs(self)
        self.exporting = OneJob(self, ws=ws)  # the governors' figures, one PDF at a time
        self.export_job: BackgroundJob[Path] | None = None
        self._first_load = True
        self.case_files: dict[int, CaseFileWindow] = {}
        self.wizard: IncidentWizard | None = None
        self._counts = (0, 0, 0)
        fit_to_screen(self, 1280, 660, maximise_when_short=True)
        try:
            self.school = ws.settings()["school_name"]
            training = ws.training
        except Exception:
            # The window must still open so the user can sign out; say so plainly.
            self.school, training = "", False
            self.settings_failed = True
        else:
            self.settings_failed = False
        self.is_dsl = ws.account.is_dsl

        self.dashboard = DashboardWidget(ws)
        self.drafts_panel = DraftsStrip()
        self.drafts_panel.resume_draft.connect(self.open_wizard)
        self.drafts_panel.show_all.connect(self.show_all_drafts)
        menus.build_actions(self)
        menus.build_menus(self)
        menus.build_toolbar(self)
        body.build_body(self, training)
        body.build_status_bar(self)
        self.read_only_banner = read_only_banner.install(self)  # a disk that takes no writes

        dash = self.dashboard
        # The menu's Find (Ctrl+F) and Refresh (F5) work in every tab: the dashboard's
        # own keys would otherwise be ambiguous with them, so they are switched off.
        dash.find_shortcut.setEnabled(False)
        # Its button keeps Alt+R, the mnemonic its F5 had replaced.
        refresh = dash.cases.refresh_button
        refresh.setShortcut(QKeySequence.mnemonic(refresh.text()))
        dash.open_case.connect(self.open_case_file)
        dash.resume_draft.connect(self.open_wizard)
        dash.counts_changed.connect(self._counts_changed)
        dash.loaded.connect(self._dashboard_loaded)
        if lock is not None:
            lock.unlocked.connect(self._update_title)  # a title change waits for unlocking
        self.tab_changed()
        self._update_title()
        if self.settings_failed:
            self.message.show_error(SETTINGS_FAILED)
        changes.of(ws).changed.connect(self._something_changed)

    # -- the title, the counts and the drafts ----------------------------------------------
    def _counts_changed(self, reviews: int, actions: int, drafts: int) -> None:
        self._counts = (reviews, actions, drafts)
        self._update_title()

    def _update_title(self) -> None:
        if self.lock is not None and self.lock.is_locked:
            return  # the taskbar shows only "Casebook" while locked; set it on unlocking
        reviews, actions, _drafts = self._counts
        self.setWindowTitle(window_title(self.school, reviews, actions))

    def _dashboard_loaded(self) -> None:
        drafts = [i for i in self.dashboard.today.today_model.items if i.kind == "draft"]
        self.drafts_panel.show_drafts(drafts)
        if self._first_load:
            self._first_load = False
            if self.resume_buttons:
                self.resume_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
            elif self.tabs.currentWidget() is self.dashboard:
                self.dashboard.search.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def resume_buttons(self) -> list[QPushButton]:
        """Resume draft, while there is a draft to resume."""
        strip = self.drafts_panel
        return [strip.resume_button] if strip.newest is not None else []

    def show_all_drafts(self) -> None:
        """Every draft, under What needs you today."""
        self.show_dashboard()
        self.dashboard.kind_buttons[-1].click()  # "Drafts"

    def refresh(self) -> None:
        """Read the dashboard again, and the case in front if there is one (F5)."""
        case = self.current_case()
        if case is not None:
            case.load()
        self.dashboard.refresh()

    # -- the wizard ------------------------------------------------------------------------
    def open_wizard(self, case_id: int | None = None) -> IncidentWizard | None:
        """New incident (no id) or Resume draft; window-modal, so nobody signs out under it."""
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        self.message.clear()
        if case_id is None and not self.read_only_banner.check():
            self.message.show_error(NO_NEW_INCIDENT_READ_ONLY)
            return None
        wizard = run_safely(lambda: IncidentWizard(self.ws, case_id, self), self.message)
        if wizard is None:
            self.dashboard.refresh()
            return None
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        wizard.case_opened.connect(self._case_opened)
        wizard.draft_kept.connect(self._draft_kept)
        wizard.draft_discarded.connect(self.dashboard.show_discarded)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _case_opened(self, reference: str) -> None:
        wizard = self.wizard
        if wizard is not None and wizard.case_id is not None:
            self.open_case_file(wizard.case_id)  # the record just made, ready to print
        self.message.show_good(f"Case {reference} is open.")

    def _draft_kept(self, _reference: str) -> None:
        self.message.show_good(DRAFT_KEPT)

    def save_typing(self) -> bool:
        """Save what is being typed in the wizard now (locking, or an unexpected error).

        False when it could not be saved (it is still on screen)."""
        wizard = self.wizard
        if wizard is not None and isValid(wizard) and wizard.isVisible():
            return bool(wizard.autosave.flush())
        return True

    # -- case files ------------------------------------------------------------------------
    def current_case(self) -> CaseFileWindow | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, CaseFileWindow) else None

    def open_case_file(self, case_id: int) -> CaseFileWindow | None:
        """Show the case in its tab, opening one if it is not open yet."""
        existing = self.case_files.get(case_id)
        if existing is not None and isValid(existing):
            self.tabs.setCurrentWidget(existing)
            return existing
        self.message.clear()
        window = run_safely(lambda: CaseFileWindow(self.ws, case_id), self.message)
        if window is None:
            return None
        window.print_shortcut.setEnabled(False)  # the Case menu's Print… owns Ctrl+P
        window.open_case.connect(self.open_case_file)
        window.gone.connect(self._case_gone)
        window.print_requested.connect(partial(print_export.print_case, self))
        index = self.tabs.addTab(window, "Case")
        window.shown.connect(lambda: self._case_read(window))
        self.tabs.setTabToolTip(
            index, "Close this tab with Esc or Ctrl+W; the case stays as it is."
        )
        # Esc closes the tab, as Ctrl+W does. A dialog is a window of its own, so an
        # Esc pressed in a dialog closes the dialog and never reaches this.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(lambda: self._escape_pressed(window))
        self.case_files[case_id] = window
        self.tabs.setCurrentIndex(index)
        window.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
        return window

    def _case_read(self, window: CaseFileWindow) -> None:
        """A case file has its case (read off the GUI thread): its tab says which, and
        Print and Send work for it."""
        index = self.tabs.indexOf(window)
        if index >= 0 and window.reference:
            self.tabs.setTabText(index, f"Case {window.reference}")
        self.tab_changed()

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if not isinstance(widget, CaseFileWindow):
            return  # the dashboard stays
        self.tabs.removeTab(index)
        self.case_files.pop(widget.case_id, None)
        widget.hide()
        widget.deleteLater()

    def _escape_pressed(self, window: CaseFileWindow) -> None:
        """Esc in a case's tab closes it, but never while one of its dialogs is open."""
        if QApplication.activeModalWidget() is None:
            self.close_tab(self.tabs.indexOf(window))

    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def show_dashboard(self) -> None:
        self.tabs.setCurrentWidget(self.dashboard)

    def find_case(self) -> None:
        self.show_dashboard()
        self.dashboard.focus_search()

    def tab_changed(self, *_: object) -> None:
        case = self.current_case()
        self.print_action.setEnabled(case is not None and case.record is not None)
        self.send_transfer_action.setEnabled(case is not None and case.record is not None)
        self.close_tab_action.setEnabled(case is not None)

    # -- the parts' doings that the app asks of the window -----------------------------------
    def export_figures(
        self, year: str, parent: QWidget | None = None, path: Path | None = None
    ) -> BackgroundJob[Path] | None:
        return print_export.export_figures(self, year, parent, path)

    def hide_now(self) -> None:
        if self.lock is not None:
            self.lock.hide_now()

    @property
    def closing_message(self) -> str:
        """The automatic backup's failure, if it failed."""
        return self.shutdown.closing_message

    def start_daily_backup(self) -> None:
        self.shutdown.start_daily_backup()

    def close_workspace(self) -> None:
        self.shutdown.close_workspace()

    # -- what changes here when something is written -------------------------------------
    def _something_changed(self, change: changes.Change) -> None:
        if change.what is changes.What.SETTINGS:
            self.settings_changed()

    def settings_changed(self) -> None:
        try:
            self.school = self.ws.settings()["school_name"]
        except CasebookError as exc:
            self.message.show_error(str(exc))
            return
        self.school_label.setText(self.school)
        self._update_title()
        if self.lock is not None:
            self.lock.set_idle_minutes(idle_minutes(self.ws))

    def _case_gone(self, case_id: int) -> None:
        """A case destroyed past retention: its tab goes too."""
        case = self.case_files.pop(case_id, None)
        if case is not None and isValid(case):
            self.close_tab(self.tabs.indexOf(case))

    # -- fitting a small screen -------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        narrow = self.width() < NARROW_WIDTH
        if narrow != self.drafts_panel.short:
            self.drafts_panel.set_short(narrow)

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if self.shutdown.close_event(event):
            super().closeEvent(event)

    def tell_closing_problem(self, text: str) -> None:
        """Casebook is closing, so the page cannot say it: a message box, in plain text."""
        box = QMessageBox(QMessageBox.Icon.Warning, CLOSING_TITLE, text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def show_database_warning(self, text: str) -> None:
        body.show_database_warning(self, text)


__all__ = ["DRAFT_KEPT", "MainWindow", "idle_minutes", "window_title"]
