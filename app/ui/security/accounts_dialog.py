"""Staff accounts: the DSL adds, resets and removes deputies and replaces the recovery key;
everyone can change their own password.

One dialog with a page per task, so nothing opens on top of anything else.
A failure keeps what was typed on the page, with the reason above the buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from app.models import StaffRole
from app.services import accounts
from app.services.accounts import StaffMember
from app.services.workspace import Workspace
from app.ui.background import BackgroundJob, BusyIndicator, run_in_background
from app.ui.first_run import key_for_display
from app.ui.qt import (
    QAbstractButton,
    QCheckBox,
    QColor,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.security.common import Dialog, attempt, failure_text
from app.ui.widgets import (
    Message,
    PasswordPair,
    add_field,
    button,
    button_row,
    heading,
    line_edit,
    mono_font,
    plain_label,
    primary_button,
    strip_mnemonic,
)

T = TypeVar("T")

REMOVED_COLOUR = "#505a5f"  # the hint grey: 7:1 on white
ROLE_NAMES = {StaffRole.DSL: "DSL", StaffRole.DEPUTY: "Deputy DSL"}
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


def describe(member: StaffMember) -> str:
    text = f"{member.display_name} ({member.username}): {ROLE_NAMES[member.role]}"
    return text if member.active else f"{text}, removed"


class _Page(QWidget):
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

    def finish(self) -> None:
        self.column.addSpacing(8)
        self.column.addWidget(self.message)
        self.column.addSpacing(8)
        self.column.addLayout(button_row(self.go, left=self.back))
        self.column.addStretch(1)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.title.setAccessibleName(text)

    def refuse(self, problems: list[tuple[str, QLineEdit]]) -> bool:
        if problems:
            self.message.show_error("\n".join(text for text, _ in problems))
            problems[0][1].setFocus()
            return True
        self.message.clear()
        return False


class AccountsDialog(Dialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Staff accounts", parent, width=640, scroll=False)
        self.ws = ws
        self.is_dsl = ws.account.is_dsl
        self.staff: list[StaffMember] = []
        self.job: BackgroundJob[Any] | None = None
        fit_to_screen(self, 660, 660)
        self.pages = QStackedWidget()
        self._holders: dict[QWidget, QScrollArea] = {}
        self.column.addWidget(self.pages, 1)
        self._build_list()
        self._build_add()
        self._build_reset()
        self._build_remove()
        self._build_own()
        self._build_recovery()
        self._main_buttons: dict[QWidget, QPushButton] = {
            self.list_page: self.close_button,
            self.key_page: self.key_done,
        }
        self.refresh()
        self.show_page(self.list_page)

    def _add_page(self, page: QWidget) -> None:
        # Each page scrolls rather than squashing when text scaling makes it taller.
        holder = QScrollArea()
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setWidget(page)
        self._holders[page] = holder
        self.pages.addWidget(holder)

    def current_page(self) -> QWidget | None:
        holder = self.pages.currentWidget()
        return holder.widget() if isinstance(holder, QScrollArea) else None

    # -- the list ----------------------------------------------------------
    def _build_list(self) -> None:
        page = self.list_page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(plain_label(DSL_INTRO if self.is_dsl else DEPUTY_INTRO))
        self.staff_list = QListWidget()
        self.staff_list.setMinimumHeight(150)
        self.staff_list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")  # big targets
        label = QLabel("Staff &accounts")
        label.setBuddy(self.staff_list)
        self.staff_list.setAccessibleName(strip_mnemonic(label.text()))
        column.addSpacing(8)
        column.addWidget(label)
        column.addWidget(self.staff_list, 1)
        self.list_message = Message()
        column.addWidget(self.list_message)
        self.add_button = button("&Add a deputy…")
        self.reset_button = button("&Reset their password…")
        self.remove_button = button("Re&move their account…")
        self.recovery_button = button("New recovery &key…")
        self.own_button = button("&Change my password…")
        self.close_button = primary_button("Close")
        column.addSpacing(6)
        if self.is_dsl:
            # Actions on the chosen person beside Add; the signed-in user's own below.
            column.addLayout(
                button_row(self.reset_button, self.remove_button, left=self.add_button)
            )
        else:
            for b in (self.add_button, self.reset_button, self.remove_button, self.recovery_button):
                b.hide()
        column.addSpacing(14)
        mine = button_row(self.close_button, left=self.own_button)
        if self.is_dsl:
            mine.insertWidget(1, self.recovery_button)
        column.addLayout(mine)
        self._add_page(page)
        self.staff_list.currentRowChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self.open_add)
        self.reset_button.clicked.connect(self.open_reset)
        self.remove_button.clicked.connect(self.open_remove)
        self.recovery_button.clicked.connect(self.open_recovery)
        self.own_button.clicked.connect(self.open_own)
        self.close_button.clicked.connect(self.accept)

    def refresh(self) -> None:
        ok, result = attempt(lambda: accounts.list_staff(self.ws))
        if not ok:
            self.list_message.show_error(result)
            return
        chosen = self.selected()
        self.staff = sorted(result, key=lambda m: (not m.active, m.display_name.casefold()))
        self.staff_list.clear()
        for member in self.staff:
            item = QListWidgetItem(describe(member))
            item.setData(Qt.ItemDataRole.UserRole, member.username)
            if not member.active:
                item.setForeground(QColor(REMOVED_COLOUR))
            self.staff_list.addItem(item)
        names = [m.username for m in self.staff]
        if chosen is not None and chosen.username in names:
            self.staff_list.setCurrentRow(names.index(chosen.username))
        self._selection_changed()

    def selected(self) -> StaffMember | None:
        row = self.staff_list.currentRow()
        return self.staff[row] if 0 <= row < len(self.staff) else None

    def select(self, username: str) -> None:
        names = [m.username for m in self.staff]
        self.staff_list.setCurrentRow(names.index(username))

    def _selection_changed(self, *_: object) -> None:
        member = self.selected()
        other = member is not None and member.active and member.username != self.ws.account.username
        self.reset_button.setEnabled(self.is_dsl and other)
        self.remove_button.setEnabled(self.is_dsl and other)

    def show_page(self, page: QWidget, focus: QWidget | None = None) -> None:
        self.pages.setCurrentWidget(self._holders[page])
        # Enter presses this page's main button (a dialog has one default at a time).
        main = page.go if isinstance(page, _Page) else self._main_buttons.get(page)
        if main is not None:
            main.setDefault(True)
        (focus or self.staff_list).setFocus()

    def back_to_list(self, done: str = "") -> None:
        self.refresh()
        if done:
            self.list_message.show_good(done)
        else:
            self.list_message.clear()
        self.show_page(self.list_page)

    def _page(self, title: str, action: str) -> _Page:
        page = _Page(title, action)
        page.back.clicked.connect(lambda: self.back_to_list())
        self._add_page(page)
        return page

    # -- add ----------------------------------------------------------------
    def _build_add(self) -> None:
        page = self.add_page = self._page("Add a deputy", "&Add the account")
        page.column.addWidget(
            plain_label(
                "Choose their user name with them, and a first password they will change "
                "when they first sign in (Staff accounts, Change my password)."
            )
        )
        self.add_name = line_edit()
        self.add_username = line_edit(max_length=64)
        add_field(page.column, "&Full name", self.add_name)
        add_field(
            page.column, "&User name", self.add_username, "Letters, numbers, dots and dashes."
        )
        self.add_passwords = PasswordPair("&First password", "C&onfirm first password")
        page.column.addWidget(self.add_passwords)
        self.add_as_dsl = QCheckBox("&Make them a DSL too (they can manage accounts)")
        self.add_as_dsl.setAccessibleName(strip_mnemonic(self.add_as_dsl.text()))
        page.column.addSpacing(4)
        page.column.addWidget(self.add_as_dsl)
        page.column.addWidget(
            plain_label(
                "Only tick this when handing over to a new DSL: they can then remove "
                "the old DSL's account.",
                "hint",
            )
        )
        page.finish()
        self.add_username.textChanged.connect(self.add_passwords.set_username)
        self.add_username.returnPressed.connect(self.add_passwords.password.setFocus)
        page.go.clicked.connect(self.submit_add)

    def open_add(self) -> None:
        self.add_page.message.clear()
        self.show_page(self.add_page, self.add_name)

    def submit_add(self) -> None:
        page = self.add_page
        problems: list[tuple[str, QLineEdit]] = []
        if not self.add_name.text().strip():
            problems.append(("Enter the person's full name.", self.add_name))
        if not self.add_username.text().strip():
            problems.append(("Choose a user name.", self.add_username))
        problems.extend(self.add_passwords.problems())
        if page.refuse(problems):
            return
        role = StaffRole.DSL if self.add_as_dsl.isChecked() else StaffRole.DEPUTY
        ws, username, name = self.ws, self.add_username.text(), self.add_name.text()
        password = self.add_passwords.value()
        self._in_background(
            page,
            "Adding the account…",
            lambda: accounts.add_account(ws, username, name, password, role),
            self._added,
        )

    def _added(self, member: StaffMember) -> None:
        for edit in (self.add_name, self.add_username):
            edit.clear()
        self.add_passwords.clear()
        self.add_as_dsl.setChecked(False)
        self.back_to_list(f"{member.display_name} can now sign in as {member.username}.")
        self.select(member.username)

    # -- reset a deputy's password -------------------------------------------
    def _build_reset(self) -> None:
        page = self.reset_page = self._page("Reset a password", "&Set the new password")
        page.column.addWidget(
            plain_label(
                "Tell them the new password in person, not by email, and ask them to change "
                "it when they next sign in. Their old password stops working at once."
            )
        )
        self.reset_passwords = PasswordPair("&New password", "C&onfirm new password")
        page.column.addWidget(self.reset_passwords)
        page.finish()
        page.go.clicked.connect(self.submit_reset)

    def open_reset(self) -> None:
        member = self.selected()
        if member is None:
            return
        self.reset_member = member
        self.reset_page.set_title(f"Reset the password for {member.display_name}")
        self.reset_passwords.set_username(member.username)
        self.reset_page.message.clear()
        self.show_page(self.reset_page, self.reset_passwords.password)

    def submit_reset(self) -> None:
        page, member = self.reset_page, self.reset_member
        if page.refuse(self.reset_passwords.problems()):
            return
        ws, password = self.ws, self.reset_passwords.value()

        def done(_: None) -> None:
            self.reset_passwords.clear()
            self.back_to_list(f"{member.display_name}'s password has been reset.")

        self._in_background(
            page,
            "Setting the new password…",
            lambda: accounts.reset_password(ws, member.username, password),
            done,
        )

    # -- remove a deputy -----------------------------------------------------
    def _build_remove(self) -> None:
        page = self.remove_page = self._page("Remove an account", "Re&move the account")
        self.remove_text = plain_label()
        page.column.addWidget(self.remove_text)
        page.finish()
        page.go.clicked.connect(self.submit_remove)

    def open_remove(self) -> None:
        member = self.selected()
        if member is None:
            return
        self.remove_member = member
        self.remove_page.set_title(f"Remove {member.display_name}'s account?")
        self.remove_text.setText(
            f"{member.display_name} will no longer be able to sign in as {member.username}. "
            "Their name stays on every record and audit entry they made, and the account "
            "is listed as removed. This cannot be undone, but you can add them again later."
        )
        self.remove_page.message.clear()
        self.show_page(self.remove_page, self.remove_page.back)

    def submit_remove(self) -> None:
        page, member, ws = self.remove_page, self.remove_member, self.ws
        self._in_background(
            page,
            "Removing the account…",
            lambda: accounts.remove_account(ws, member.username),
            lambda _: self.back_to_list(f"{member.display_name}'s account has been removed."),
        )

    # -- change my own password ---------------------------------------------
    def _build_own(self) -> None:
        page = self.own_page = self._page("Change my password", "&Change my password")
        self.own_current = line_edit(password=True)
        add_field(page.column, "C&urrent password", self.own_current)
        self.own_passwords = PasswordPair("&New password", "C&onfirm new password")
        page.column.addWidget(self.own_passwords)
        page.finish()
        page.go.clicked.connect(self.submit_own)

    def open_own(self) -> None:
        self.own_passwords.set_username(self.ws.account.username)
        self.own_page.message.clear()
        self.show_page(self.own_page, self.own_current)

    def submit_own(self) -> None:
        page = self.own_page
        problems: list[tuple[str, QLineEdit]] = []
        if not self.own_current.text():
            problems.append(("Enter your current password.", self.own_current))
        problems.extend(self.own_passwords.problems())
        if page.refuse(problems):
            return
        ws, current, new = self.ws, self.own_current.text(), self.own_passwords.value()

        def done(_: None) -> None:
            self.own_current.clear()
            self.own_passwords.clear()
            self.back_to_list("Your password has been changed. Use the new one from now on.")

        self._in_background(
            page,
            "Changing your password…",
            lambda: accounts.change_own_password(ws, current, new),
            done,
        )

    # -- a new recovery key ---------------------------------------------------
    def _build_recovery(self) -> None:
        page = self.recovery_page = self._page("A new recovery key", "&Issue a new recovery key")
        page.column.addWidget(plain_label(RECOVERY_TEXT))
        page.finish()
        page.go.clicked.connect(self.submit_recovery)

        shown = self.key_page = QWidget()
        column = QVBoxLayout(shown)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(heading("Your new recovery key", 1.15))
        column.addWidget(plain_label(SHOWN_ONCE))
        self.key_label = plain_label(wrap=False)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setFont(mono_font(24, bold=True))
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_label.setFrameShape(QFrame.Shape.Box)
        self.key_label.setMargin(14)
        self.key_label.setAccessibleName("New recovery key")
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
        self._add_page(shown)
        self.key_tick.toggled.connect(self.key_done.setEnabled)
        self.key_done.clicked.connect(self._key_written)

    def open_recovery(self) -> None:
        self.recovery_page.message.clear()
        self.show_page(self.recovery_page, self.recovery_page.back)

    def submit_recovery(self) -> None:
        ws = self.ws
        self._in_background(
            self.recovery_page,
            "Making the new recovery key…",
            lambda: accounts.new_recovery_key(ws),
            self._key_made,
        )

    def _key_made(self, key: str) -> None:
        self.key_label.setText(key_for_display(key))
        self.key_tick.setChecked(False)
        self.show_page(self.key_page, self.key_label)

    def _key_written(self) -> None:
        self.key_label.clear()  # gone from the screen once it is written down
        self.back_to_list("The new recovery key is in use; the old one no longer works.")

    # -- slow work ------------------------------------------------------------
    @property
    def working(self) -> bool:
        """A change to the accounts is being made (key slots are re-wrapped)."""
        return self.job is not None and self.job.running

    def _in_background(
        self, page: _Page, text: str, work: Callable[[], T], done: Callable[[T], None]
    ) -> None:
        """Run `work` off the GUI thread with the page's fields and buttons disabled.

        `work` gets only plain values read from the page beforehand; a failure keeps
        the page as it was typed, with the reason above the buttons."""
        if self.working:
            return  # one change to the key slots at a time
        page.message.show_good(text)
        controls = [
            w for w in page.findChildren(QWidget) if isinstance(w, QLineEdit | QAbstractButton)
        ]
        # Nor may the dialog close under it: the result (a new key) would be lost.
        busy = BusyIndicator([*controls, self.close_button])

        def failed(exc: BaseException) -> None:
            page.message.show_error(failure_text(exc))

        def succeeded(result: T) -> None:
            page.message.clear()
            done(result)

        self.job = run_in_background(self, work, succeeded, failed, busy=busy)

    def reject(self) -> None:
        if self.working:
            return  # let the change finish: Escape must not lose its result
        # Escape on the key page must not lose a key nobody has written down yet.
        if self.current_page() is self.key_page and not self.key_tick.isChecked():
            self.key_tick.setFocus()
            return
        super().reject()

    def buttons(self) -> list[QPushButton]:
        return self.findChildren(QPushButton)
