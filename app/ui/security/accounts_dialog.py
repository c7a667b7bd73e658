"""Staff accounts: the DSL adds, resets and removes deputies and replaces the recovery key;
everyone can change their own password.

One dialog with a page per task (accounts_pages), so nothing opens on top of
anything else; the staff list is filled by accounts_staff_list and each change is
made off the GUI thread by accounts_work. A failure keeps what was typed on the
page, with the reason above the buttons.
"""

from __future__ import annotations

from typing import Any, TypeVar

from app.models import StaffRole
from app.services import accounts
from app.services.accounts import StaffMember
from app.services.workspace import Workspace
from app.ui.background import BackgroundJob
from app.ui.dialog import Dialog
from app.ui.first_run import key_for_display
from app.ui.qt import QFrame, QPushButton, QScrollArea, QStackedWidget, Qt, QWidget
from app.ui.screen_fit import fit_to_screen
from app.ui.security.accounts_pages import (
    AddPage,
    KeyPage,
    OwnPasswordPage,
    RecoveryPage,
    RemovePage,
    ResetPage,
    StaffListPage,
    TaskPage,
)
from app.ui.security.accounts_staff_list import StaffListing
from app.ui.security.accounts_work import AccountChange, focus_own_password, own_password

P = TypeVar("P", bound=TaskPage)


class AccountsDialog(Dialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Staff accounts", parent, width=640, scroll=False)
        self.ws = ws
        self.is_dsl = ws.account.is_dsl
        fit_to_screen(self, 660, 660)
        self.pages = QStackedWidget()
        self._holders: dict[QWidget, QScrollArea] = {}
        self.column.addWidget(self.pages, 1)
        self._build_list()
        self.add_page = self._page(AddPage())
        self.reset_page = self._page(ResetPage())
        self.remove_page = self._page(RemovePage())
        self.own_page = self._page(OwnPasswordPage())
        self.recovery_page = self._page(RecoveryPage())
        self.key_page = KeyPage()
        self._add_page(self.key_page)
        self._name_the_fields()
        # The school's name is refused as a password too (app.security.passwords).
        for pair in (self.add_passwords, self.reset_passwords, self.own_passwords):
            pair.set_school(ws.settings().get("school_name", ""))
        self._connect_the_pages()
        self._work = AccountChange(self, ws, self.close_button, self._set_default)
        self._main_buttons: dict[QWidget, QPushButton] = {
            self.list_page: self.close_button,
            self.key_page: self.key_done,
        }
        self.refresh()
        self.show_page(self.list_page)

    def _name_the_fields(self) -> None:
        # The fields by the names the rest of Casebook (and its tests) know them by.
        self.add_name, self.add_username = self.add_page.name, self.add_page.username
        self.add_passwords, self.add_as_dsl = self.add_page.passwords, self.add_page.as_dsl
        self.reset_passwords = self.reset_page.passwords
        self.remove_text = self.remove_page.text
        self.own_current, self.own_passwords = self.own_page.current, self.own_page.passwords
        self.key_label, self.key_tick = self.key_page.key_label, self.key_page.key_tick
        self.key_done = self.key_page.key_done

    def _connect_the_pages(self) -> None:
        self.add_page.go.clicked.connect(self.submit_add)
        self.reset_page.go.clicked.connect(self.submit_reset)
        self.remove_page.go.clicked.connect(self.submit_remove)
        self.own_page.go.clicked.connect(self.submit_own)
        self.recovery_page.go.clicked.connect(self.submit_recovery)
        self.key_done.clicked.connect(self._key_written)

    def _add_page(self, page: QWidget) -> None:
        # Each page scrolls rather than squashing when text scaling makes it taller.
        holder = QScrollArea()
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed Tab stop: Tab scrolls to inputs
        holder.setWidget(page)
        self._holders[page] = holder
        self.pages.addWidget(holder)

    def _page(self, page: P) -> P:
        """A task's page, with Back to the list."""
        page.back.clicked.connect(lambda: self.back_to_list())
        self._add_page(page)
        return page

    def current_page(self) -> QWidget | None:
        holder = self.pages.currentWidget()
        return holder.widget() if isinstance(holder, QScrollArea) else None

    # -- the list ----------------------------------------------------------
    def _build_list(self) -> None:
        page = self.list_page = StaffListPage(self.is_dsl)
        self.staff_list, self.list_message = page.staff_list, page.message
        self.add_button, self.reset_button = page.add_button, page.reset_button
        self.remove_button, self.recovery_button = page.remove_button, page.recovery_button
        self.own_button, self.close_button = page.own_button, page.close_button
        self._add_page(page)
        self.listing = StaffListing(self.ws, page, self.is_dsl)
        self.add_button.clicked.connect(self.open_add)
        self.reset_button.clicked.connect(self.open_reset)
        self.remove_button.clicked.connect(self.open_remove)
        self.recovery_button.clicked.connect(self.open_recovery)
        self.own_button.clicked.connect(self.open_own)
        self.close_button.clicked.connect(self.accept)

    @property
    def staff(self) -> list[StaffMember]:
        return self.listing.staff

    def refresh(self) -> None:
        self.listing.refresh()

    def selected(self) -> StaffMember | None:
        return self.listing.selected()

    def select(self, username: str) -> None:
        self.listing.select(username)

    def show_page(self, page: QWidget, focus: QWidget | None = None) -> None:
        self.pages.setCurrentWidget(self._holders[page])
        self._set_default(page)
        (focus or self.staff_list).setFocus()

    def _set_default(self, page: QWidget) -> None:
        """Enter presses this page's main button (a dialog has one default at a time);
        removing an account is the one task where Enter means Cancel."""
        if isinstance(page, RemovePage):
            main: QPushButton | None = page.back
        else:
            main = page.go if isinstance(page, TaskPage) else self._main_buttons.get(page)
        if main is not None:
            main.setDefault(True)

    def back_to_list(self, done: str = "") -> None:
        self.refresh()
        if done:
            self.list_message.show_good(done)
        else:
            self.list_message.clear()
        self.show_page(self.list_page)

    # -- add ----------------------------------------------------------------
    def open_add(self) -> None:
        self.add_page.message.clear()
        self.show_page(self.add_page, self.add_name)

    def submit_add(self) -> None:
        page = self.add_page
        if page.refuse(page.problems()):
            return
        role = StaffRole.DSL if self.add_as_dsl.isChecked() else StaffRole.DEPUTY
        ws, username, name = self.ws, self.add_username.text(), self.add_name.text()
        password = self.add_passwords.value()
        self._work.start(
            page,
            "Adding the account…",
            lambda: accounts.add_account(ws, username, name, password, role),
            self._added,
        )

    def _added(self, member: StaffMember) -> None:
        self.add_page.clear()
        self.back_to_list(f"{member.display_name} can now sign in as {member.username}.")
        self.select(member.username)

    # -- reset a deputy's password -------------------------------------------
    def open_reset(self) -> None:
        member = self.selected()
        if member is None:
            return
        self.reset_member = member
        self.reset_page.show_member(member)
        self.show_page(self.reset_page, self.reset_passwords.password)

    def submit_reset(self) -> None:
        page, member = self.reset_page, self.reset_member
        if page.refuse(page.problems()):
            return
        ws, password = self.ws, self.reset_passwords.value()
        own = own_password(page)

        def done(_: None) -> None:
            page.clear()
            self.back_to_list(
                f"{member.display_name}'s password has been reset. They will choose "
                "their own when they next sign in."
            )

        self._work.start(
            page,
            "Setting the new password…",
            lambda: accounts.reset_password(ws, member.username, password, own_password=own),
            done,
            focus=focus_own_password,
        )

    # -- remove a deputy -----------------------------------------------------
    def open_remove(self) -> None:
        member = self.selected()
        if member is None:
            return
        self.remove_member = member
        self.remove_page.show_member(member)
        self.show_page(self.remove_page, self.remove_page.own_password)

    def submit_remove(self) -> None:
        page, member, ws = self.remove_page, self.remove_member, self.ws
        if page.refuse(page.problems()):
            return
        own = own_password(page)

        def done(_: None) -> None:
            if page.own_password is not None:
                page.own_password.clear()
            self.back_to_list(f"{member.display_name}'s account has been removed.")

        self._work.start(
            page,
            "Removing the account…",
            lambda: accounts.remove_account(ws, member.username, own_password=own),
            done,
            focus=focus_own_password,
        )

    # -- change my own password ---------------------------------------------
    def open_own(self) -> None:
        self.own_passwords.set_username(self.ws.account.username)
        self.own_passwords.set_full_name(self.ws.account.display_name)
        self.own_page.message.clear()
        self.show_page(self.own_page, self.own_current)

    def submit_own(self) -> None:
        page = self.own_page
        if page.refuse(page.problems()):
            return
        ws, current, new = self.ws, self.own_current.text(), self.own_passwords.value()

        def done(_: None) -> None:
            self.own_current.clear()
            self.own_passwords.clear()
            self.back_to_list("Your password has been changed. Use the new one from now on.")

        def focus(error: BaseException, _page: TaskPage) -> QWidget | None:
            if str(error) == accounts.WRONG_CURRENT:  # back in Current password, to try again
                self.own_current.clear()
                return self.own_current
            return None

        self._work.start(
            page,
            "Changing your password…",
            lambda: accounts.change_own_password(ws, current, new),
            done,
            focus=focus,
        )

    # -- a new recovery key ---------------------------------------------------
    def open_recovery(self) -> None:
        self.recovery_page.message.clear()
        self.show_page(self.recovery_page, self.recovery_page.back)

    def submit_recovery(self) -> None:
        ws = self.ws
        self._work.start(
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
        return self._work.running

    @property
    def job(self) -> BackgroundJob[Any] | None:
        return self._work.job

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
