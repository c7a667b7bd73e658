"""The pages of the Staff accounts dialog: the list, and a form for each task.

Each page only lays out its fields and says what is wrong with them; the
dialog (accounts_dialog) moves between pages and does the work.
"""

from __future__ import annotations

from app.errors import InvalidInput
from app.security.keyslots import normalise_username
from app.services.accounts import StaffMember
from app.ui.qt import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)
from app.ui.widgets import (
    Message,
    PasswordPair,
    add_field,
    button,
    button_row,
    heading,
    line_edit,
    plain_label,
    primary_button,
    recovery_key_label,
    strip_mnemonic,
)

DSL_INTRO = (
    "Add a deputy when someone joins the safeguarding team. If a deputy forgets their "
    "password, reset it here and tell them the new one in person. When someone leaves, "
    "remove their account: their name stays on the records they made."
)
DEPUTY_INTRO = (
    "You can change your own password here. Ask the DSL to add or remove accounts, "
    "or to reset a password someone has forgotten."
)
RECOVERY_TEXT = (
    "The recovery key opens Casebook when every password is lost. Issue a new one if the "
    "old key may have been seen, or after it was used. The old key stops working at once, "
    "and backups made from now on need the new one."
)
SHOWN_ONCE = (
    "Write this key down now and put it in the school safe. It is shown only this once; "
    "Casebook does not keep a copy you can read."
)

Problems = list[tuple[str, QLineEdit]]

OWN_PASSWORD_LABEL = "&Your own password, to confirm it is you"
OWN_PASSWORD_MISSING = "Enter your own password, to confirm it is you."


class TaskPage(QWidget):
    """A page: heading, words, fields, a message and Back plus the main button."""

    def __init__(self, title: str, action: str) -> None:
        super().__init__()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(4)
        self.title = heading(title, 1.15)
        self.column.addWidget(self.title)
        self.message = Message()
        self.back = button("&Back")
        self.go = primary_button(action)
        self.own_password: QLineEdit | None = None

    def ask_own_password(self) -> QLineEdit:
        """The signed-in DSL's own password, typed again before a change to someone else."""
        self.own_password = line_edit(password=True)
        self.column.addSpacing(4)
        add_field(self.column, OWN_PASSWORD_LABEL, self.own_password)
        return self.own_password

    def own_password_problems(self) -> Problems:
        edit = self.own_password
        return [(OWN_PASSWORD_MISSING, edit)] if edit is not None and not edit.text() else []

    def finish(self) -> None:
        self.column.addSpacing(8)
        self.column.addWidget(self.message)
        self.column.addSpacing(8)
        self.column.addLayout(button_row(self.go, left=self.back))
        self.column.addStretch(1)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.title.setAccessibleName(text)

    def refuse(self, problems: Problems) -> bool:
        if problems:
            self.message.show_error("\n".join(text for text, _ in problems))
            problems[0][1].setFocus()
            return True
        self.message.clear()
        return False


class StaffListPage(QWidget):
    """The staff list, with the DSL's buttons beside it and everyone's own below."""

    def __init__(self, is_dsl: bool) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(plain_label(DSL_INTRO if is_dsl else DEPUTY_INTRO))
        self.staff_list = QListWidget()
        self.staff_list.setMinimumHeight(150)
        self.staff_list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")  # big targets
        label = QLabel("Staff &accounts")
        label.setBuddy(self.staff_list)
        self.staff_list.setAccessibleName(strip_mnemonic(label.text()))
        column.addSpacing(8)
        column.addWidget(label)
        column.addWidget(self.staff_list, 1)
        self.message = Message()
        column.addWidget(self.message)
        self.add_button = button("Add a &deputy…")
        self.reset_button = button("&Reset their password…")
        self.remove_button = button("Re&move their account…")
        self.recovery_button = button("New recovery &key…")
        self.own_button = button("&Change my password…")
        self.close_button = primary_button("Close")
        column.addSpacing(6)
        if is_dsl:
            # Actions on the chosen person beside Add; the signed-in user's own below.
            column.addLayout(
                button_row(self.reset_button, self.remove_button, left=self.add_button)
            )
        else:
            for b in (self.add_button, self.reset_button, self.remove_button, self.recovery_button):
                b.hide()
        column.addSpacing(14)
        mine = button_row(self.close_button, left=self.own_button)
        if is_dsl:
            mine.insertWidget(1, self.recovery_button)
        column.addLayout(mine)


class AddPage(TaskPage):
    """Add a deputy: full name, user name, a first password, and DSL or not."""

    def __init__(self) -> None:
        super().__init__("Add a deputy", "&Add the account")
        self.column.addWidget(
            plain_label(
                "Choose their user name with them, and a first password to tell them in "
                "person: Casebook asks them to choose their own when they first sign in."
            )
        )
        self.name = line_edit()
        self.username = line_edit(max_length=64)
        add_field(self.column, "&Full name", self.name)
        add_field(self.column, "&User name", self.username, "Letters, numbers, dots and dashes.")
        self.passwords = PasswordPair("&First password", "C&onfirm first password")
        self.column.addWidget(self.passwords)
        self.as_dsl = QCheckBox("&Make them a DSL too (they can manage accounts)")
        self.as_dsl.setAccessibleName(strip_mnemonic(self.as_dsl.text()))
        self.column.addSpacing(4)
        self.column.addWidget(self.as_dsl)
        self.column.addWidget(
            plain_label(
                "Only tick this when handing over to a new DSL: they can then remove "
                "the old DSL's account.",
                "hint",
            )
        )
        self.finish()
        self.username.textChanged.connect(self.passwords.set_username)
        self.name.textChanged.connect(self.passwords.set_full_name)
        self.username.returnPressed.connect(self.passwords.password.setFocus)

    def problems(self) -> Problems:
        found: Problems = []
        if not self.name.text().strip():
            found.append(("Enter the person's full name.", self.name))
        if not self.username.text().strip():
            found.append(("Choose a user name.", self.username))
        else:
            try:
                normalise_username(self.username.text(), new=True)
            except InvalidInput as problem:  # a space, say: the rule in its own words
                found.append((str(problem), self.username))
        found.extend(self.passwords.problems())
        return found

    def clear(self) -> None:
        for edit in (self.name, self.username):
            edit.clear()
        self.passwords.clear()
        self.as_dsl.setChecked(False)


class ResetPage(TaskPage):
    """Reset a deputy's password: the new one, twice."""

    def __init__(self) -> None:
        super().__init__("Reset a password", "&Set the new password")
        self.column.addWidget(
            plain_label(
                "Tell them the new password in person, not by email: Casebook asks them to "
                "choose their own when they next sign in. Their old password stops working "
                "at once."
            )
        )
        self.passwords = PasswordPair("&New password", "C&onfirm new password")
        self.column.addWidget(self.passwords)
        self.ask_own_password()
        self.finish()
        self.member: StaffMember | None = None

    def show_member(self, member: StaffMember) -> None:
        self.member = member
        self.set_title(f"Reset the password for {member.display_name}")
        self.passwords.set_username(member.username)
        self.passwords.set_full_name(member.display_name)
        self.message.clear()

    def problems(self) -> Problems:
        return [*self.passwords.problems(), *self.own_password_problems()]

    def clear(self) -> None:
        self.passwords.clear()
        if self.own_password is not None:
            self.own_password.clear()


class RemovePage(TaskPage):
    """Remove a deputy's account: what that means, then Remove."""

    def __init__(self) -> None:
        super().__init__("Remove an account", "Re&move the account")
        self.back.setText("&Cancel")  # the default: Enter never removes an account
        self.text = plain_label()
        self.column.addWidget(self.text)
        self.ask_own_password()
        self.finish()
        self.member: StaffMember | None = None

    def show_member(self, member: StaffMember) -> None:
        self.member = member
        self.set_title(f"Remove {member.display_name}'s account?")
        self.text.setText(
            f"{member.display_name} will no longer be able to sign in as {member.username}. "
            "Their name stays on every record and audit entry they made, and the account "
            "is listed as removed. This cannot be undone, but you can add them again later."
        )
        self.message.clear()
        if self.own_password is not None:
            self.own_password.clear()

    def problems(self) -> Problems:
        return self.own_password_problems()


class OwnPasswordPage(TaskPage):
    """Change my own password: the current one, then the new one twice."""

    def __init__(self) -> None:
        super().__init__("Change my password", "&Change my password")
        self.current = line_edit(password=True)
        add_field(self.column, "C&urrent password", self.current)
        self.passwords = PasswordPair("&New password", "C&onfirm new password")
        self.column.addWidget(self.passwords)
        self.finish()

    def problems(self) -> Problems:
        found: Problems = []
        if not self.current.text():
            found.append(("Enter your current password.", self.current))
        found.extend(self.passwords.problems())
        return found


class RecoveryPage(TaskPage):
    """Why and when to issue a new recovery key, then Issue."""

    def __init__(self) -> None:
        super().__init__("A new recovery key", "&Issue a new recovery key")
        self.column.addWidget(plain_label(RECOVERY_TEXT))
        self.finish()


class KeyPage(QWidget):
    """The new recovery key, shown once, and Done only once it is written down."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(heading("Your new recovery key", 1.15))
        column.addWidget(plain_label(SHOWN_ONCE))
        self.key_label = recovery_key_label("New recovery key")
        column.addSpacing(10)
        column.addWidget(self.key_label)
        column.addSpacing(10)
        self.key_tick = QCheckBox("I have &written the new key down and put it somewhere safe")
        self.key_tick.setAccessibleName(strip_mnemonic(self.key_tick.text()))
        column.addWidget(self.key_tick)
        self.key_done = primary_button("&Done")
        self.key_done.setEnabled(False)
        column.addSpacing(8)
        column.addLayout(button_row(self.key_done))
        column.addStretch(1)
        self.key_tick.toggled.connect(self.key_done.setEnabled)
