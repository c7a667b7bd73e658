"""The signed-in window: who is signed in, where, New incident, and drafts to resume.

Drafts are listed prominently: after a crash or a closed wizard, the DSL
resumes from here exactly where the autosave left off.
"""

from __future__ import annotations

from app.models import StaffRole
from app.services import cases, queries
from app.services.cases import DraftSummary
from app.services.workspace import Workspace
from app.ui.qt import (
    QAction,
    QCloseEvent,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    Qt,
    QToolBar,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import Message, button, heading, plain_label, run_safely
from app.ui.wizard.wizard import IncidentWizard
from app.wizard.values import format_datetime

ROLE_NAMES = {StaffRole.DSL: "DSL", StaffRole.DEPUTY: "Deputy DSL"}
TRAINING_TEXT = "TRAINING DATA: these are practice records, not real cases."
EMPTY_TEXT = "Incidents you record will be listed here. Press New incident to record one."
CASES_TEXT = "The list of cases is coming next."
DRAFTS_TITLE = "Drafts to finish"
DRAFTS_TEXT = "Casebook saved these as they were typed. Resume one to carry on where it was left."
DRAFT_KEPT = "Your draft is saved; you can resume it below whenever you are ready."
NEW_INCIDENT_TIP = "Record a new incident, step by step (Ctrl+N)"
SETTINGS_FAILED = (
    "Casebook could not read the school's settings. Sign out and in again; "
    "if this keeps happening, ask IT to check the database."
)


def window_title(school_name: str) -> str:
    # Qt reads "[*]" in a title as the unsaved-changes marker; doubling shows it literally.
    school = school_name.strip().replace("[*]", "[*][*]")
    return f"Casebook — {school}" if school else "Casebook"


class MainWindow(QMainWindow):
    """Owns the workspace: closing the window or signing out closes it."""

    signed_out = Signal()

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self._closed = False
        self.resize(1280, 660)  # fits a 1366x768 screen with title and task bars
        try:
            school = ws.settings()["school_name"]
            training = ws.training
        except Exception:
            # The window must still open so the user can sign out; say so plainly.
            school, training = "", False
            self._settings_failed = True
        else:
            self._settings_failed = False
        self.setWindowTitle(window_title(school))

        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        self.new_incident = QAction("&New incident", self)
        self.new_incident.setShortcut(QKeySequence("Ctrl+N"))
        self.new_incident.setToolTip(NEW_INCIDENT_TIP)
        self.new_incident.triggered.connect(lambda: self.open_wizard())
        self.new_incident.setEnabled(not self._settings_failed)
        toolbar.addAction(self.new_incident)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.sign_out_action = QAction("Sign &out", self)
        self.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.sign_out_action.setToolTip("Sign out and lock Casebook (Ctrl+Shift+Q)")
        self.sign_out_action.triggered.connect(self.sign_out)
        toolbar.addAction(self.sign_out_action)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.training_banner = plain_label(TRAINING_TEXT)
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setStyleSheet(
            "background: #ffdd00; color: #0b0c0c; font-weight: bold; padding: 10px;"
        )
        self.training_banner.setVisible(training)
        outer.addWidget(self.training_banner)
        body = QVBoxLayout()
        body.setContentsMargins(24, 16, 24, 24)
        outer.addLayout(body, 1)
        self.school_label = heading(school or "Casebook", 1.4)
        body.addWidget(self.school_label)
        body.addSpacing(8)
        self.message = Message()
        body.addWidget(self.message)
        self.drafts_panel = QFrame()
        self.drafts_panel.setObjectName("drafts")
        self.drafts_panel.setStyleSheet(
            "QFrame#drafts { background: #fff7bf; border: 2px solid #b58800; border-radius: 4px; }"
        )
        drafts_column = QVBoxLayout(self.drafts_panel)
        drafts_column.setContentsMargins(16, 12, 16, 14)
        drafts_column.addWidget(heading(DRAFTS_TITLE, 1.2))
        drafts_column.addWidget(plain_label(DRAFTS_TEXT))
        self.drafts_box = QVBoxLayout()
        drafts_column.addLayout(self.drafts_box)
        self.drafts_panel.hide()
        body.addWidget(self.drafts_panel)
        self.resume_buttons: list[QPushButton] = []
        self.wizard: IncidentWizard | None = None
        body.addStretch(1)
        self.empty_heading = heading("No cases yet", 1.3)
        self.empty_heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.empty_heading)
        self.empty_text = plain_label(SETTINGS_FAILED if self._settings_failed else EMPTY_TEXT)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.empty_text)
        body.addStretch(2)
        self.setCentralWidget(central)

        me = ws.account
        self.status_label = plain_label(
            f"Signed in as {me.display_name} ({ROLE_NAMES.get(me.role, me.role.value)})",
            wrap=False,
        )
        self.status_label.setContentsMargins(8, 2, 8, 2)
        self.statusBar().addWidget(self.status_label)
        self.refresh()

    # -- drafts and the wizard -------------------------------------------------
    def refresh(self) -> None:
        """List the drafts to resume; the empty state only when there is nothing at all."""
        if self._settings_failed:
            return
        drafts = run_safely(lambda: cases.list_drafts(self.ws), self.message) or []
        open_cases = run_safely(lambda: len(queries.list_open_cases(self.ws)), self.message) or 0
        self._show_drafts(drafts)
        self.empty_heading.setText(
            f"{open_cases} open case{'s' if open_cases != 1 else ''}"
            if open_cases
            else "No cases yet"
        )
        self.empty_text.setText(CASES_TEXT if open_cases else EMPTY_TEXT)
        self.empty_heading.setVisible(not drafts or bool(open_cases))
        self.empty_text.setVisible(not drafts or bool(open_cases))

    def _show_drafts(self, drafts: list[DraftSummary]) -> None:
        while self.drafts_box.count():
            item = self.drafts_box.takeAt(0)
            holder = item.widget() if item is not None else None
            if holder is not None:
                holder.hide()
                holder.deleteLater()
        self.resume_buttons = []
        for n, draft in enumerate(drafts):
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 4, 0, 0)
            text = (
                f"{draft.reference}: started {format_datetime(draft.started_at)}, "
                f"last saved {format_datetime(draft.last_saved_at)}"
            )
            row.addWidget(plain_label(text), 1)
            resume = button("&Resume draft" if n == 0 else "Resume draft")
            resume.setAccessibleName(f"Resume draft {draft.reference}")
            resume.clicked.connect(lambda _=False, case_id=draft.id: self.open_wizard(case_id))
            row.addWidget(resume)
            self.resume_buttons.append(resume)
            self.drafts_box.addWidget(holder)
        self.drafts_panel.setVisible(bool(drafts))
        if self.resume_buttons:
            self.resume_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def open_wizard(self, case_id: int | None = None) -> IncidentWizard | None:
        """New incident (no id) or Resume draft; window-modal, so nobody signs out under it."""
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        self.message.clear()
        wizard = run_safely(lambda: IncidentWizard(self.ws, case_id, self), self.message)
        if wizard is None:
            self.refresh()
            return None
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        wizard.case_opened.connect(self._case_opened)
        wizard.draft_kept.connect(self._draft_kept)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _case_opened(self, reference: str) -> None:
        self.refresh()
        self.message.show_good(f"Case {reference} is open.")

    def _draft_kept(self, _reference: str) -> None:
        self.refresh()
        self.message.show_good(DRAFT_KEPT)

    def sign_out(self) -> None:
        self._close_workspace()
        self.signed_out.emit()
        self.close()

    def _close_workspace(self) -> None:
        if not self._closed:
            if self.wizard is not None and self.wizard.isVisible():
                self.wizard.reject()  # its draft is saved before the database closes
            self._closed = True
            self.ws.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self._close_workspace()
        super().closeEvent(event)
