"""The signed-in window: the dashboard, case files in tabs, and the menus around them.

The dashboard is the first tab and never closes; each case opened from it gets
a tab of its own (one per case: opening it again shows the same tab). Drafts
are listed prominently above the tabs: after a crash or a closed wizard, the
DSL resumes from here exactly where the autosave left off.

The window owns the workspace: closing it or signing out waits for the
dashboard's read and any job still running, makes the automatic backup (off
the GUI thread, with the window disabled and saying so), then closes the
database.
Items a deputy may not use (retention decisions, the audit trail) are not
shown to a deputy at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from app import printing
from app.errors import CasebookError
from app.fileio import atomic_write
from app.models import StaffRole
from app.services.dashboard import TodayItem
from app.services.workspace import Workspace
from app.ui.about import AboutDialog
from app.ui.admin import FiguresDialog, RetentionDialog, SettingsDialog
from app.ui.background import (
    BackgroundJob,
    BusyIndicator,
    event_loop_running,
    run_in_background,
    running_jobs,
)
from app.ui.casefile import CaseFileWindow
from app.ui.dashboard import DashboardWidget
from app.ui.print_dialog import PrintRecordDialog
from app.ui.qt import (
    QAction,
    QCloseEvent,
    QDialog,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    Qt,
    QTabBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
    Signal,
    isValid,
)
from app.ui.save_pdf import ask_pdf_path
from app.ui.screen_fit import fit_to_screen
from app.ui.security import (
    AccountsDialog,
    AuditViewer,
    BackupDialog,
    LockController,
    auto_backup_on_close,
    daily_backup_if_due,
)
from app.ui.security.common import failure_text
from app.ui.widgets import Message, busy, button, link_button, plain_label, run_safely
from app.ui.wizard.wizard import IncidentWizard

log = logging.getLogger(__name__)

ROLE_NAMES = {StaffRole.DSL: "DSL", StaffRole.DEPUTY: "Deputy DSL"}
TRAINING_TEXT = "TRAINING DATA: these are practice records, not real cases."
DASHBOARD_TAB = "Dashboard"
DRAFTS_TIP = "Casebook saved it as it was typed. Resume it to carry on where it was left."
DRAFT_KEPT = "Your draft is saved. Press Resume draft, at the top, to carry on when you are ready."
NEW_INCIDENT_TIP = "Record a new incident, step by step (Ctrl+N)"
HIDE_NOW_TIP = "Cover Casebook at once, for when someone walks in (F12 or Ctrl+Shift+H)"
SETTINGS_FAILED = (
    "Casebook could not read the school's settings. Sign out and in again; "
    "if this keeps happening, ask IT to check the database."
)
RETENTION_LOOK = (
    "Case {reference} is open for you to look at. "
    "School > Retention… takes you back to the decision."
)
CLOSING_TITLE = "Casebook: the backup was not made"
CLOSING_TEXT = "Backing up and closing the database…"
EXPORTING_FIGURES = "Saving the governors' figures…"
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

    def __init__(self, ws: Workspace, lock: LockController | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.lock = lock
        self._closed = False  # closing has begun: no new backup starts
        self._db_closed = False  # the workspace is closed
        self.closing_job: BackgroundJob[str] | None = None
        self.backup_job: BackgroundJob[str | None] | None = None
        self.export_job: BackgroundJob[Path] | None = None
        self._first_load = True
        self.closing_message = ""  # the automatic backup's failure, if it failed
        self.case_files: dict[int, CaseFileWindow] = {}
        self.wizard: IncidentWizard | None = None
        self.dialog: QDialog | None = None  # the last dialog opened from a menu (for tests)
        self.print_dialog: PrintRecordDialog | None = None
        self._counts = (0, 0, 0)
        fit_to_screen(self, 1280, 660, maximise_when_short=True)
        try:
            self.school = ws.settings()["school_name"]
            training = ws.training
        except Exception:
            # The window must still open so the user can sign out; say so plainly.
            self.school, training = "", False
            self._settings_failed = True
        else:
            self._settings_failed = False
        self.is_dsl = ws.account.is_dsl

        self.dashboard = DashboardWidget(ws)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_body(training)
        self._build_status_bar()

        dash = self.dashboard
        # The menu's Find (Ctrl+F) and Refresh (F5) work in every tab: the dashboard's
        # own keys would otherwise be ambiguous with them, so they are switched off.
        dash.find_shortcut.setEnabled(False)
        # Its button keeps Alt+R, the mnemonic its F5 had replaced.
        dash.refresh_button.setShortcut(QKeySequence.mnemonic(dash.refresh_button.text()))
        dash.open_case.connect(self.open_case_file)
        dash.resume_draft.connect(self.open_wizard)
        dash.counts_changed.connect(self._counts_changed)
        dash.loaded.connect(self._dashboard_loaded)
        if lock is not None:
            lock.unlocked.connect(self._update_title)  # a title change waits for unlocking
        self._tab_changed()
        self._update_title()
        if self._settings_failed:
            self.message.show_error(SETTINGS_FAILED)

    # -- building ------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        *,
        keys: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        # Nothing new starts once closing has begun (the backup on close is being made).
        action.triggered.connect(lambda _checked=False: None if self._closed else slot())
        return action

    def _build_actions(self) -> None:
        self.new_incident = self._action(
            "&New incident", self.open_wizard, keys="Ctrl+N", tip=NEW_INCIDENT_TIP
        )
        self.new_incident.setEnabled(not self._settings_failed)
        self.find_action = self._action(
            "&Find a case…",
            self.find_case,
            keys=QKeySequence.StandardKey.Find,
            tip="Search every case by name, reference or words (Ctrl+F)",
        )
        self.print_action = self._action(
            "&Print this case…",
            self.print_current,
            keys=QKeySequence.StandardKey.Print,
            tip="Print the record in front, or one child's extract (Ctrl+P)",
        )
        self.close_tab_action = self._action(
            "Close this &tab", self.close_current_tab, keys="Ctrl+W"
        )
        self.sign_out_action = self._action(
            "Sign &out",
            self.sign_out,
            keys="Ctrl+Shift+Q",
            tip="Sign out and lock Casebook (Ctrl+Shift+Q)",
        )

        self.settings_action = self._action("&Settings…", self.open_settings)
        self.accounts_action = self._action(
            "Staff &accounts…" if self.is_dsl else "Change my &password…", self.open_accounts
        )
        self.backups_action = self._action("&Backups…", self.open_backups)
        self.retention_action = self._action("&Retention…", self.open_retention)
        self.figures_action = self._action("&Governors' figures…", self.open_figures)
        self.audit_action = self._action("&Who saw what…", self.open_audit)
        for dsl_only in (self.retention_action, self.audit_action):
            dsl_only.setVisible(self.is_dsl)
            dsl_only.setEnabled(self.is_dsl)

        # LockController owns F12 and Ctrl+Shift+H in every window: no shortcut here,
        # only the words after the tab, which a menu shows where a shortcut would be.
        self.hide_action = self._action("&Hide now\tF12", self.hide_now, tip=HIDE_NOW_TIP)
        self.hide_action.setIconText("Hide now (F12)")
        self.hide_action.setEnabled(self.lock is not None)
        self.refresh_action = self._action(
            "&Refresh", self.refresh, keys=QKeySequence.StandardKey.Refresh
        )
        self.dashboard_action = self._action("Go to the &dashboard", self.show_dashboard)
        self.about_action = self._action("&About Casebook", self.open_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.case_menu: QMenu = bar.addMenu("&Case")
        for action in (self.new_incident, self.find_action, self.print_action):
            self.case_menu.addAction(action)
        self.case_menu.addSeparator()
        self.case_menu.addAction(self.close_tab_action)
        self.case_menu.addAction(self.sign_out_action)
        self.school_menu: QMenu = bar.addMenu("&School")
        for action in (
            self.settings_action,
            self.accounts_action,
            self.backups_action,
            self.retention_action,
            self.figures_action,
            self.audit_action,
        ):
            self.school_menu.addAction(action)
        self.view_menu: QMenu = bar.addMenu("&View")
        for action in (self.hide_action, self.refresh_action, self.dashboard_action):
            self.view_menu.addAction(action)
        self.help_menu: QMenu = bar.addMenu("&Help")
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        toolbar.addAction(self.new_incident)
        # The newest draft, in the room the toolbar has: seen from every tab, at no height.
        self.drafts_panel = QFrame()
        self.drafts_panel.setObjectName("drafts")
        self.drafts_panel.setStyleSheet(
            "QFrame#drafts { background: #fff7bf; border: 2px solid #b58800; border-radius: 4px; }"
        )
        self.drafts_panel.setToolTip(DRAFTS_TIP)
        row = QHBoxLayout(self.drafts_panel)
        row.setContentsMargins(10, 2, 2, 2)
        row.setSpacing(10)
        self.drafts_text = plain_label("", wrap=False)
        self.drafts_text.setAccessibleName("Drafts to finish")
        row.addWidget(self.drafts_text)
        self.all_drafts_button = link_button("Show all")
        self.all_drafts_button.setToolTip("List every draft under What needs you today")
        self.all_drafts_button.clicked.connect(self.show_all_drafts)
        row.addWidget(self.all_drafts_button)
        self.resume_button = button("Resume &draft")  # Alt+R is the dashboard's Refresh
        self.resume_button.clicked.connect(self._resume_newest)
        row.addWidget(self.resume_button)
        self._newest_draft: int | None = None
        self.drafts_separator = toolbar.addSeparator()
        self.drafts_action = toolbar.addWidget(self.drafts_panel)
        for action in (self.drafts_separator, self.drafts_action):
            action.setVisible(False)  # a toolbar widget is shown through its action
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        if self.lock is not None:
            toolbar.addAction(self.hide_action)
        toolbar.addAction(self.sign_out_action)
        self.toolbar = toolbar

    def _build_body(self, training: bool) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.training_banner = plain_label(TRAINING_TEXT)
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setStyleSheet(
            "background: #ffdd00; color: #0b0c0c; font-weight: bold; padding: 6px;"
        )
        self.training_banner.setVisible(training)
        outer.addWidget(self.training_banner)

        self.message = Message()  # hidden, it takes no room at all
        self.message.setContentsMargins(16, 6, 16, 2)
        outer.addWidget(self.message)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("case-tabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setTabBarAutoHide(True)  # a tab bar only once a case is open
        self.tabs.addTab(self.dashboard, DASHBOARD_TAB)
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
            self.tabs.tabBar().setTabButton(0, side, None)  # the dashboard never closes
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)
        outer.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        me = self.ws.account
        self.status_label = plain_label(
            f"Signed in as {me.display_name} ({ROLE_NAMES.get(me.role, me.role.value)})",
            wrap=False,
        )
        self.status_label.setContentsMargins(8, 2, 8, 2)
        self.statusBar().addWidget(self.status_label)
        self.school_label = plain_label(self.school, wrap=False)
        self.school_label.setAccessibleName("School")
        self.school_label.setContentsMargins(8, 2, 8, 2)
        self.statusBar().addPermanentWidget(self.school_label)

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
        drafts = [i for i in self.dashboard.today_model.items if i.kind == "draft"]
        self._show_drafts(drafts)
        if self._first_load:
            self._first_load = False
            if self.resume_buttons:
                self.resume_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
            elif self.tabs.currentWidget() is self.dashboard:
                self.dashboard.search.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def resume_buttons(self) -> list[QPushButton]:
        """Resume draft, while there is a draft to resume."""
        return [self.resume_button] if self._newest_draft is not None else []

    def _show_drafts(self, drafts: list[TodayItem]) -> None:
        # The service lists drafts newest first.
        newest = drafts[0] if drafts else None
        self._newest_draft = newest.case_id if newest is not None else None
        if newest is not None:
            # "Draft last saved 24/11/2026 10:30" -> "last saved 24/11/2026 10:30"
            saved = newest.text.lower().removeprefix("draft ")
            if len(drafts) == 1:
                text = f"Draft to finish: {newest.reference}, {saved}"
            else:
                text = f"{len(drafts)} drafts to finish. Newest: {newest.reference}, {saved}"
            self.drafts_text.setText(text)
            self.resume_button.setAccessibleName(f"Resume draft {newest.reference}")
            self.resume_button.setToolTip(f"Carry on with draft {newest.reference}")
        self.all_drafts_button.setVisible(len(drafts) > 1)
        self.drafts_separator.setVisible(newest is not None)
        self.drafts_action.setVisible(newest is not None)

    def _resume_newest(self) -> None:
        if self._newest_draft is not None:
            self.open_wizard(self._newest_draft)

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
        self.dashboard.refresh()
        wizard = self.wizard
        if wizard is not None and wizard.case_id is not None:
            self.open_case_file(wizard.case_id)  # the record just made, ready to print
        self.message.show_good(f"Case {reference} is open.")

    def _draft_kept(self, _reference: str) -> None:
        self.dashboard.refresh()
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
        window.changed.connect(self.dashboard.refresh)
        window.print_requested.connect(self.print_case)
        reference = window.reference
        index = self.tabs.addTab(window, f"Case {reference}" if reference else "Case")
        self.tabs.setTabToolTip(index, "Close this tab with Ctrl+W; the case stays as it is.")
        self.case_files[case_id] = window
        self.tabs.setCurrentIndex(index)
        window.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
        return window

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if not isinstance(widget, CaseFileWindow):
            return  # the dashboard stays
        self.tabs.removeTab(index)
        self.case_files.pop(widget.case_id, None)
        widget.hide()
        widget.deleteLater()

    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def show_dashboard(self) -> None:
        self.tabs.setCurrentWidget(self.dashboard)

    def find_case(self) -> None:
        self.show_dashboard()
        self.dashboard.focus_search()

    def _tab_changed(self, *_: object) -> None:
        case = self.current_case()
        self.print_action.setEnabled(case is not None and case.record is not None)
        self.close_tab_action.setEnabled(case is not None)

    def print_current(self) -> None:
        case = self.current_case()
        if case is not None and case.reference:
            self.print_case(case.reference)

    def print_case(self, reference: str) -> PrintRecordDialog | None:
        self.message.clear()
        dialog = run_safely(lambda: PrintRecordDialog(self.ws, reference, self), self.message)
        if dialog is None:
            return None
        self.print_dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # -- the School, View and Help menus ---------------------------------------------------
    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal, without a nested event loop
        return dialog

    def _open_safely(self, make: Callable[[], QDialog]) -> QDialog | None:
        self.message.clear()
        dialog = run_safely(make, self.message)
        return self._open(dialog) if dialog is not None else None

    def open_settings(self) -> QDialog | None:
        def make() -> QDialog:
            dialog = SettingsDialog(self.ws, self)
            dialog.changed.connect(self._settings_changed)
            return dialog

        return self._open_safely(make)

    def _settings_changed(self) -> None:
        try:
            self.school = self.ws.settings()["school_name"]
        except CasebookError as exc:
            self.message.show_error(str(exc))
            return
        self.school_label.setText(self.school)
        self._update_title()
        if self.lock is not None:
            self.lock.set_idle_minutes(idle_minutes(self.ws))

    def open_accounts(self) -> QDialog | None:
        return self._open_safely(lambda: AccountsDialog(self.ws, self))

    def open_backups(self) -> QDialog | None:
        def make() -> QDialog:
            dialog = BackupDialog(self.ws, self)
            if self.backing_up:
                dialog.daily_backup_started()
            # Queued: the dialog finishes closing before this window signs out under it.
            dialog.restore_requested.connect(
                self._restore_after_closing, Qt.ConnectionType.QueuedConnection
            )
            return dialog

        return self._open_safely(make)

    def open_retention(self) -> QDialog | None:
        if not self.is_dsl:
            return None

        def make() -> QDialog:
            dialog = RetentionDialog(self.ws, self)
            dialog.open_case.connect(lambda case_id: self._look_before_deciding(dialog, case_id))
            dialog.changed.connect(self._retention_changed)
            return dialog

        return self._open_safely(make)

    def _look_before_deciding(self, dialog: RetentionDialog, case_id: int) -> None:
        # The dialog is modal: close it so the case can be read, and say how to come back.
        dialog.accept()
        case = self.open_case_file(case_id)
        if case is not None:
            self.message.show_good(RETENTION_LOOK.format(reference=case.reference))

    def _retention_changed(self) -> None:
        self.dashboard.refresh()
        for case_id, case in list(self.case_files.items()):
            if isValid(case) and not case.load():  # destroyed: its tab goes too
                self.close_tab(self.tabs.indexOf(case))
                self.case_files.pop(case_id, None)

    def open_figures(self) -> QDialog | None:
        def make() -> QDialog:
            dialog = FiguresDialog(self.ws, self)
            dialog.export_requested.connect(lambda year: self.export_figures(year, dialog))
            return dialog

        return self._open_safely(make)

    def export_figures(
        self, year: str, parent: QWidget | None = None, path: Path | None = None
    ) -> BackgroundJob[Path] | None:
        """Save the governors' figures as a PDF (counts only; no names), off the GUI thread;
        this window then says where it went, or why it could not be saved."""
        if self.export_job is not None and self.export_job.running:
            return None
        if path is None:
            path = ask_pdf_path(
                parent or self,
                "Save the governors' figures as a PDF",
                f"governors-figures-{year.replace('/', '-')}.pdf",
            )
            if path is None:
                return None
        target, ws = path, self.ws

        def write() -> Path:
            data = printing.figures_pdf(ws, year)
            try:
                atomic_write(target, data)  # binary and owner-only, as every PDF
            except OSError as exc:
                raise CasebookError(
                    f"The PDF could not be saved to {target}: check the folder and try again."
                ) from exc
            return target

        def saved(where: Path) -> None:
            self.message.show_good(f"Governors' figures for {year} saved to {where}.")

        def failed(exc: BaseException) -> None:
            self.message.show_error(failure_text(exc))

        self.message.show_good(EXPORTING_FIGURES)
        controls = parent.busy_controls() if isinstance(parent, FiguresDialog) else []
        # This window's job, not the dialog's: closing the dialog does not lose the result.
        self.export_job = run_in_background(
            self, write, saved, failed, busy=BusyIndicator(controls)
        )
        return self.export_job

    def open_audit(self) -> QDialog | None:
        if not self.is_dsl:
            return None
        case = self.current_case()
        reference = case.reference if case is not None else ""
        return self._open_safely(lambda: AuditViewer(self.ws, self, reference=reference))

    def open_about(self) -> QDialog:
        return self._open(AboutDialog(self))

    def hide_now(self) -> None:
        if self.lock is not None:
            self.lock.hide_now()

    # -- backups ---------------------------------------------------------------------------
    @property
    def backing_up(self) -> bool:
        """The daily backup is being written."""
        return self.backup_job is not None and self.backup_job.running

    def start_daily_backup(self) -> None:
        """The daily backup, off the GUI thread, when a day has passed since the last."""
        if self._closed or self.backing_up:
            return
        ws = self.ws
        self.backup_job = run_in_background(
            self, lambda: daily_backup_if_due(ws), self._daily_backup_done, self._daily_failed
        )

    def _daily_backup_done(self, problem: str | None) -> None:
        # One backup at a time: the Backups dialog's Back up now waited for this one.
        for dialog in self.findChildren(BackupDialog):
            dialog.daily_backup_ended()
        if problem and not self._closed:
            self.message.show_error(problem)

    def _daily_failed(self, exc: BaseException) -> None:
        self._daily_backup_done(failure_text(exc))

    # -- signing out and closing -----------------------------------------------------------
    @property
    def closing(self) -> bool:
        """The backup on close is being made; the window closes when it is done."""
        return self.closing_job is not None and self.closing_job.running

    def sign_out(self) -> None:
        def signed_out() -> None:
            self.signed_out.emit()
            self.close()

        self.close_workspace_then(signed_out)

    def _restore_after_closing(self, backup_file: object) -> None:
        # Restoring needs the database closed: back up and close it first, then ask.
        self.close_workspace_then(lambda: self.restore_requested.emit(backup_file))

    def close_workspace_then(self, then: Callable[[], None]) -> None:
        """Save the draft, back up if a folder is set and close the database, then `then()`.

        The backup is made off the GUI thread, after every job this window started
        has ended, with the window disabled and saying so. Without a running event
        loop (the app has quit) it is all done at once."""
        if self._db_closed:
            then()
            return
        if self.closing:
            return  # already on its way: pressing again changes nothing
        if not event_loop_running():
            self.close_workspace()
            then()
            return
        self._stop_starting_work()
        ws, dashboard = self.ws, self.dashboard
        jobs = running_jobs(self)

        def work() -> str:
            for job in jobs:
                job.wait()  # a backup, an export or a key change finishes first
            dashboard.wait_idle()  # no read may outlive the workspace
            return auto_backup_on_close(ws) or ""

        def done(problem: str) -> None:
            self.closing_message = problem
            self._close_database()
            then()

        def failed(exc: BaseException) -> None:
            done(failure_text(exc))

        self.message.show_good(CLOSING_TEXT)
        busy_ = BusyIndicator([self.tabs, self.menuBar(), self.toolbar])
        self.closing_job = run_in_background(self, work, done, failed, busy=busy_)

    def close_workspace(self) -> None:
        """close_workspace_then, at once: for callers that need the database closed now."""
        if self._db_closed:
            return
        if self.closing_job is not None and self.closing:
            self.closing_job.finish_now()  # its `then` runs too
            return
        self._stop_starting_work()
        with busy():
            for job in running_jobs(self):
                job.finish_now()
            self.dashboard.wait_idle()
            self.closing_message = auto_backup_on_close(self.ws) or ""
        self._close_database()

    def _stop_starting_work(self) -> None:
        self._closed = True
        if self.wizard is not None and isValid(self.wizard) and self.wizard.isVisible():
            self.wizard.reject()  # its draft is saved before the database closes

    def _close_database(self) -> None:
        if self._db_closed:
            return
        self._db_closed = True
        try:
            self.dashboard.wait_idle()  # a read started while the backup was made
            self.ws.close()
        finally:
            self.workspace_closed.emit()
            self.lock = None  # stopped by whoever made it

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        # Signing out and restoring close the workspace first and tell the sign-in page.
        if self._db_closed:
            super().closeEvent(event)
            return
        if event_loop_running():
            # The window stays, disabled and saying so, until the backup is made.
            event.ignore()
            self.close_workspace_then(self._close_after_backup)
            return
        running = self.closing
        self.close_workspace()
        if self.closing_message and not running:
            self.tell_closing_problem(self.closing_message)
        super().closeEvent(event)

    def _close_after_backup(self) -> None:
        if self.closing_message:
            self.tell_closing_problem(self.closing_message)
        self.close()

    def tell_closing_problem(self, text: str) -> None:
        """Casebook is closing, so the page cannot say it: a message box, in plain text."""
        box = QMessageBox(QMessageBox.Icon.Warning, CLOSING_TITLE, text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def show_database_warning(self, text: str) -> None:
        """A lasting warning above the tabs, in plain text: the database may be damaged."""
        if self.findChild(QWidget, "database-warning") is not None:
            return  # said once is enough; it stays until the window closes
        banner = plain_label(text)
        banner.setObjectName("database-warning")
        banner.setAccessibleName(text)
        banner.setStyleSheet("background: #a4262c; color: #fff; font-weight: bold; padding: 8px;")
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, banner)  # below the training banner, above the tabs
        banner.show()


__all__ = ["MainWindow", "window_title"]
