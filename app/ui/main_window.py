"""The signed-in window. For now: who is signed in, where, and an empty case list."""

from __future__ import annotations

from app.models import StaffRole
from app.services.workspace import Workspace
from app.ui.qt import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QMainWindow,
    QSizePolicy,
    Qt,
    QToolBar,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import heading, plain_label

ROLE_NAMES = {StaffRole.DSL: "DSL", StaffRole.DEPUTY: "Deputy DSL"}
TRAINING_TEXT = "TRAINING DATA: these are practice records, not real cases."
EMPTY_TEXT = "Incidents you record will be listed here. Recording a new incident is coming next."
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
        self.new_incident.setEnabled(False)
        self.new_incident.setToolTip("Coming next")
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

    def sign_out(self) -> None:
        self._close_workspace()
        self.signed_out.emit()
        self.close()

    def _close_workspace(self) -> None:
        if not self._closed:
            self._closed = True
            self.ws.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self._close_workspace()
        super().closeEvent(event)
