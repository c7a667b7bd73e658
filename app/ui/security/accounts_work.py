"""A change to the staff accounts, made off the GUI thread with its page held still."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from app.services import accounts
from app.services.workspace import Workspace
from app.ui.background import BackgroundJob, BusyIndicator, OneJob
from app.ui.changes import Change, What
from app.ui.qt import QAbstractButton, QLineEdit, QWidget
from app.ui.security.accounts_pages import TaskPage
from app.ui.security.common import failure_text

T = TypeVar("T")
ACCOUNTS = Change(What.ACCOUNTS)  # what every change made here tells the open screens
Focus = Callable[[BaseException, TaskPage], QWidget | None]


def own_password(page: TaskPage) -> str:
    return page.own_password.text() if page.own_password is not None else ""


def focus_own_password(error: BaseException, page: TaskPage) -> QWidget | None:
    """After a wrong own password: back in that box, emptied for another try."""
    if str(error) == accounts.WRONG_OWN and page.own_password is not None:
        page.own_password.clear()
        return page.own_password
    return None


class AccountChange:
    """One change to the key slots at a time; nor may the dialog close under it."""

    def __init__(
        self,
        dialog: QWidget,
        ws: Workspace,
        close_button: QWidget,
        set_default: Callable[[QWidget], None],
    ) -> None:
        self._work = OneJob(dialog, ws=ws)
        self._close_button, self._set_default = close_button, set_default

    @property
    def running(self) -> bool:
        return self._work.running

    @property
    def job(self) -> BackgroundJob[Any] | None:
        return self._work.job

    def start(
        self,
        page: TaskPage,
        text: str,
        work: Callable[[], T],
        done: Callable[[T], None],
        *,
        focus: Focus | None = None,
    ) -> None:
        """Run `work` off the GUI thread with the page's fields and buttons disabled.

        `work` gets only plain values read from the page beforehand; a failure keeps
        the page as it was typed, with the reason above the buttons, and the focus
        where `focus` says (the field to put right), if it names one."""
        controls = [
            w for w in page.findChildren(QWidget) if isinstance(w, QLineEdit | QAbstractButton)
        ]
        # Nor may the dialog close under it: the result (a new key) would be lost.
        busy = BusyIndicator([*controls, self._close_button])

        def failure(error: BaseException) -> str:
            self._set_default(page)  # disabling the buttons meanwhile took it away
            field = focus(error, page) if focus is not None else None
            if field is not None:
                field.setFocus()
            return failure_text(error)

        self._work.start_saying(
            page.message, text, work, done, busy=busy, failure=failure, change=ACCOUNTS
        )
