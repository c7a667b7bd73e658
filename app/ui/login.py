"""Signing in, and the recovery-key route for when every password is lost.

Wrong passwords slow down (one SignInThrottle for the life of the app, passed in
by the app), and a damaged database offers to restore the latest backup.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import DatabaseDamaged, DatabaseFileLost, KeySlotsDamaged
from app.services import accounts, workspace
from app.services.throttle import SignInThrottle
from app.services.workspace import Workspace
from app.ui.qt import QDialog, QLineEdit, QVBoxLayout, QWidget, Signal
from app.ui.security import damaged_database_prompt, throttled_unlock
from app.ui.widgets import (
    Message,
    PasswordPair,
    add_field,
    button,
    button_row,
    centred_column,
    heading,
    line_edit,
    link_button,
    plain_label,
    primary_button,
    run_safely,
)

FORGOT = "Forgot every password? Use the recovery key"
RESTORED = "The backup has been restored. Sign in to carry on."


class LoginWindow(QWidget):
    """Emits `signed_in(Workspace)`; the receiver owns the workspace from then on."""

    signed_in = Signal(object)

    def __init__(
        self, db_path: Path, username: str = "", *, throttle: SignInThrottle | None = None
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.throttle = throttle or SignInThrottle()
        self.recovery_dialog: RecoveryDialog | None = None
        self.setWindowTitle("Sign in to Casebook")
        self.resize(960, 660)  # fits a 1366x768 screen with title and task bars

        column = centred_column(self, width=480)
        column.addStretch(1)
        column.addWidget(heading("Sign in to Casebook"))
        column.addSpacing(4)
        column.addWidget(plain_label("Use the user name and password for your DSL account."))
        self.username = line_edit(max_length=64)
        self.username.setText(username)
        self.password = line_edit(password=True)
        self.username_label = add_field(column, "&User name", self.username)
        self.password_label = add_field(column, "&Password", self.password)
        column.addSpacing(8)
        self.message = Message()
        column.addWidget(self.message)
        column.addSpacing(8)
        self.sign_in = primary_button("&Sign in")
        self.forgot = link_button(FORGOT)
        column.addLayout(button_row(self.sign_in))
        column.addSpacing(12)
        column.addWidget(self.forgot)
        column.addStretch(2)

        # A plain QWidget has no default button, so Enter in either box submits.
        self.username.returnPressed.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.sign_in.clicked.connect(self.submit)
        self.forgot.clicked.connect(self.open_recovery)
        QWidget.setTabOrder(self.username, self.password)
        QWidget.setTabOrder(self.password, self.sign_in)
        QWidget.setTabOrder(self.sign_in, self.forgot)
        (self.password if username else self.username).setFocus()

    def submit(self) -> None:
        name, secret = self.username.text(), self.password.text()
        if not name.strip():
            self._refuse("Enter your user name.", self.username)
            return
        if not secret:
            self._refuse("Enter your password.", self.password)
            return
        self.message.clear()
        damaged: list[str] = []

        def attempt() -> Workspace:
            try:
                return throttled_unlock(self.throttle, self.db_path, name, secret)
            except (DatabaseDamaged, DatabaseFileLost, KeySlotsDamaged) as exc:
                damaged.append(str(exc))
                raise

        ws = run_safely(attempt, self.message)
        self.password.clear()  # right or wrong, the password does not stay in the box
        if ws is None:
            self.password.setFocus()
            # The reason stays on the page; the prompt offers the latest backup.
            if damaged and damaged_database_prompt(self, self.db_path, damaged[0]):
                self.message.show_good(RESTORED)
            return
        self.signed_in.emit(ws)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.message.show_error(text)
        field.setFocus()

    def open_recovery(self) -> None:
        dialog = RecoveryDialog(self.db_path, self)
        dialog.recovered.connect(self.signed_in.emit)
        self.recovery_dialog = dialog
        dialog.open()  # window-modal without a nested event loop


class RecoveryDialog(QDialog):
    """Recovery key + DSL user name + new password: resets it and signs in."""

    recovered = Signal(object)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.setWindowTitle("Use the recovery key")
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(4)
        column.addWidget(heading("Use the recovery key", 1.3))
        column.addWidget(
            plain_label(
                "The recovery key from the school safe opens Casebook so you can set a "
                "new password for a DSL account. Put the key back in the safe afterwards: "
                "it still works."
            )
        )
        self.key = line_edit(max_length=80)
        self.username = line_edit(max_length=64)
        self.key_label = add_field(
            column, "&Recovery key", self.key, "Dashes, spaces and capital letters do not matter."
        )
        self.username_label = add_field(column, "DSL &user name", self.username)
        self.passwords = PasswordPair("&New password", "C&onfirm new password")
        column.addWidget(self.passwords)
        self.username.textChanged.connect(self.passwords.set_username)
        column.addSpacing(8)
        self.message = Message()
        column.addWidget(self.message)
        column.addSpacing(8)
        self.reset = primary_button("&Set new password and sign in")
        self.cancel = button("Cancel")
        column.addLayout(button_row(self.reset, left=self.cancel))
        self.reset.clicked.connect(self.submit)
        self.cancel.clicked.connect(self.reject)
        self.key.setFocus()

    def submit(self) -> None:
        found: list[tuple[str, QLineEdit]] = []
        if not self.key.text().strip():
            found.append(("Enter the recovery key.", self.key))
        if not self.username.text().strip():
            found.append(("Enter the DSL user name.", self.username))
        found.extend(self.passwords.problems())
        if found:
            self.message.show_error("\n".join(text for text, _ in found))
            found[0][1].setFocus()
            return
        self.message.clear()
        ws = run_safely(self._recover, self.message)
        if ws is None:
            return
        self.passwords.clear()
        self.key.clear()
        self.accept()
        self.recovered.emit(ws)

    def _recover(self) -> Workspace:
        ws = workspace.unlock_with_recovery(self.db_path, self.key.text())
        try:
            accounts.reset_with_recovery(ws, self.username.text(), self.passwords.value())
        except BaseException:
            ws.close()  # nobody is signed in: don't leave the database open
            raise
        return ws
