"""First run: the school, the first DSL account, and the recovery key, shown once.

Four short steps on one window. Problems are shown on the page next to the
button, never in a pop-up, and the buttons stay enabled so a keyboard or
screen-reader user can always find out why a step cannot finish yet.

Creating the database (Argon2id, then the tables) runs on a worker thread with
the step's controls disabled; SQLAlchemy is imported there, not before the
window is painted.
"""

from __future__ import annotations

from pathlib import Path

from app import validation
from app.errors import InvalidInput, WrongRecoveryKey
from app.ui.background import BusyIndicator, OneJob, failure_text
from app.ui.login import progress_label
from app.ui.qt import (
    QCheckBox,
    QCloseEvent,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import (
    Message,
    PasswordPair,
    add_field,
    button,
    button_row,
    centred_column,
    heading,
    line_edit,
    mono_font,
    plain_label,
    primary_button,
    recovery_key_label,
    strip_mnemonic,
)

STEPS = 4
KEY_WARNING = (
    "Write this recovery key down and keep it in the school safe. "
    "It opens Casebook if every password is lost. It will not be shown again."
)
KEY_TICK = "I have &written down the recovery key and stored it safely"
CREATING = "Creating the database…"
MASH_LABEL = "Your local &MASH (children's social care) contact (optional)"
MASH_HINT = (
    "The Multi-Agency Safeguarding Hub's phone number and email, shown beside every "
    "case. You can add or change it later in School settings."
)


def key_for_display(key: str) -> str:
    """Two lines of four groups: big enough to copy by hand without losing one's place."""
    groups = key.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "\n" + "-".join(groups[half:])


def create_database(
    db_path: Path,
    username: str,
    password: str,
    full_name: str,
    school_name: str,
    mash_contact: str = "",
) -> str:
    """The new database with its first DSL account, closed again; its recovery key.
    The MASH contact, if given, is saved in School settings (the wizard shows it).

    Runs on a worker thread; signing in is the login screen's job.
    """
    from app.services import settings, workspace

    ws, recovery_key = workspace.create_database(
        db_path, username, password, full_name, school_name
    )
    try:
        if mash_contact.strip():
            settings.update(ws, {"mash_contact": mash_contact.strip()})
    finally:
        ws.close()
    return recovery_key


def mash_problem(text: str) -> str:
    """Why the MASH contact typed cannot be saved ("" when it can, or is left blank)."""
    try:
        validation.text(text.strip(), "The MASH contact", max_length=500)  # as School settings
    except InvalidInput as exc:
        return str(exc)
    return ""


def recovery_keys_match(typed: str, shown: str) -> bool:
    """Same key, ignoring dashes, spaces and case (and the 0/O, 1/I, 8/B slips the
    unlock code forgives too)."""
    from app.security.keyslots import (
        parse_recovery_key,  # cryptography: not needed before the window
    )

    try:
        return parse_recovery_key(typed) == parse_recovery_key(shown)
    except WrongRecoveryKey:
        return False


class _Step(QWidget):
    """One page: step counter, heading, intro, its fields, an on-page message, buttons."""

    def __init__(self, number: int, title: str, intro: str) -> None:
        super().__init__()
        column = centred_column(self)
        # A fixed top margin, not a stretch, so the heading stays put between steps.
        column.addSpacing(40)
        column.addWidget(plain_label(f"Step {number} of {STEPS}", "hint"))
        column.addWidget(heading(title))
        column.addSpacing(4)
        column.addWidget(plain_label(intro))
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        column.addLayout(self.body)
        column.addSpacing(12)
        self.message = Message()
        column.addWidget(self.message)
        column.addSpacing(8)
        self.buttons = QVBoxLayout()
        column.addLayout(self.buttons)
        column.addStretch(1)


class FirstRunWindow(QWidget):
    """Emits `completed(username)` once the database exists and the key is confirmed."""

    completed = Signal(str)

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self._recovery_key = ""  # held only until the user has confirmed it
        self._created = False
        self._done = False
        self._close_warned = False
        self.setWindowTitle("Set up Casebook")
        fit_to_screen(self, 960, 660)

        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self._build_school()
        self._build_account()
        self._build_key()
        self._build_check()
        self.show_step(0)

    # -- building ---------------------------------------------------------
    def _build_school(self) -> None:
        page = _Step(
            1,
            "Set up Casebook",
            "Casebook keeps your safeguarding records on this computer, encrypted. "
            "These steps create the database and your account as Designated "
            "Safeguarding Lead. They take about five minutes, and you will need "
            "paper and a pen at the end.",
        )
        self.school_name = line_edit()
        self.school_label = add_field(
            page.body,
            "&School name",
            self.school_name,
            "As it should appear on printed records.",
        )
        self.mash_contact = line_edit()
        self.mash_label = add_field(
            page.body,
            MASH_LABEL,
            self.mash_contact,
            MASH_HINT,
        )
        self.mash_contact.returnPressed.connect(self._school_done)
        self.school_next = primary_button("&Continue")
        self.school_next.clicked.connect(self._school_done)
        page.buttons.addLayout(button_row(self.school_next))
        self.school_name.returnPressed.connect(self._school_done)
        self.school_page = page
        self.stack.addWidget(page)

    def _build_account(self) -> None:
        page = _Step(
            2,
            "Your account",
            "You will be the Designated Safeguarding Lead (DSL) for this database. "
            "You can add deputies once you have signed in.",
        )
        self.full_name = line_edit()
        self.username = line_edit(max_length=64)
        self.full_name_label = add_field(
            page.body, "&Full name", self.full_name, "Shown on every record you write."
        )
        self.username_label = add_field(
            page.body,
            "&User name",
            self.username,
            "What you type to sign in, for example jsmith.",
        )
        self.passwords = PasswordPair()
        page.body.addWidget(self.passwords)
        self.username.textChanged.connect(self.passwords.set_username)
        self.full_name.textChanged.connect(self.passwords.set_full_name)
        self.school_name.textChanged.connect(self.passwords.set_school)
        self.account_back = button("&Back")
        self.create_button = primary_button("&Create the database")
        self.account_back.clicked.connect(self._back_to_school)
        self.create_button.clicked.connect(self._create)
        # Enter in any box tries to create, so problems are listed at once.
        for edit in (self.full_name, self.username, self.passwords.password):
            edit.returnPressed.connect(self._create)
        self.passwords.confirm.returnPressed.connect(self._create)
        # A problem listed on the page goes as soon as it is fixed (new ones wait for Create).
        self._listed: list[str] = []
        for edit in (self.full_name, self.username, self.passwords.password):
            edit.textChanged.connect(self._recheck_account)
        self.passwords.confirm.textChanged.connect(self._recheck_account)
        page.buttons.addLayout(button_row(self.create_button, left=self.account_back))
        self.create_progress = progress_label()
        page.buttons.addWidget(self.create_progress)
        busy = BusyIndicator(
            (
                self.full_name,
                self.username,
                self.passwords.password,
                self.passwords.confirm,
                self.account_back,
                self.create_button,
            ),
            self.create_progress,
            CREATING,
        )
        self._creating = OneJob(self, busy)
        self.account_page = page
        self.stack.addWidget(page)

    def _build_key(self) -> None:
        page = _Step(3, "Your recovery key", KEY_WARNING)
        self.key_label = recovery_key_label("Recovery key")
        page.body.addSpacing(12)
        page.body.addWidget(self.key_label)
        page.body.addSpacing(4)
        page.body.addWidget(
            plain_label(
                "Letters and the digits 2 to 7 only; the dashes are there to help you copy it.",
                "hint",
            )
        )
        page.body.addSpacing(8)
        self.key_tick = QCheckBox(KEY_TICK)
        self.key_tick.setAccessibleName(strip_mnemonic(KEY_TICK))
        page.body.addWidget(self.key_tick)
        self.key_next = primary_button("&Continue")
        self.key_next.clicked.connect(self._key_done)
        page.buttons.addLayout(button_row(self.key_next))
        self.key_page = page
        self.stack.addWidget(page)

    def _build_check(self) -> None:
        page = _Step(
            4,
            "Check the recovery key",
            "Type the recovery key from your paper copy. This checks it was written "
            "down correctly. Dashes, spaces and capital letters do not matter.",
        )
        self.key_again = line_edit(max_length=80)
        self.key_again.setFont(mono_font(14))
        self.key_again_label = add_field(page.body, "&Recovery key", self.key_again)
        self.check_back = button("&Back")
        self.finish = primary_button("&Finish")
        self.check_back.clicked.connect(self._back_to_key)
        self.finish.clicked.connect(self._finish)
        self.key_again.returnPressed.connect(self._finish)
        page.buttons.addLayout(button_row(self.finish, left=self.check_back))
        self.check_page = page
        self.stack.addWidget(page)

    # -- moving between steps ---------------------------------------------
    def show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        for page in (self.school_page, self.account_page, self.key_page, self.check_page):
            page.message.clear()
        first: QWidget = [self.school_name, self.full_name, self.key_label, self.key_again][index]
        first.setFocus()

    # Bound methods, not lambdas capturing self: PySide warns when such a window is deleted.
    def _back_to_school(self) -> None:
        self.show_step(0)

    def _back_to_key(self) -> None:
        self.show_step(2)

    def _school_done(self) -> None:
        if not self.school_name.text().strip():
            self._problem(self.school_page, "Enter the school's name.", self.school_name)
            return
        problem = mash_problem(self.mash_contact.text())
        if problem:
            self._problem(self.school_page, problem, self.mash_contact)
            return
        self.show_step(1)

    def _account_problems(self) -> list[tuple[str, QLineEdit]]:
        found: list[tuple[str, QLineEdit]] = []
        if not self.full_name.text().strip():
            found.append(("Enter your full name.", self.full_name))
        if not self.username.text().strip():
            found.append(("Enter a user name.", self.username))
        found.extend(self.passwords.problems())
        return found

    @property
    def creating(self) -> bool:
        """True while the database is being created on the worker."""
        return self._creating.running

    def finish_pending(self) -> None:
        """Wait for the database to be created and show the next step now, without the
        event loop (for scripts such as the screenshots; the GUI never waits)."""
        self._creating.finish()

    def _create(self) -> None:
        if self._created or self.creating:
            return  # Enter pressed twice: one database, made once
        problems = self._account_problems()
        if problems:
            self._listed = [text for text, _ in problems]
            self._problem(self.account_page, "\n".join(self._listed), problems[0][1])
            return
        self._listed = []
        self.account_page.message.clear()
        db_path, username, password = self.db_path, self.username.text(), self.passwords.value()
        full_name, school = self.full_name.text(), self.school_name.text()
        mash = self.mash_contact.text()
        self._creating.start(
            lambda: create_database(db_path, username, password, full_name, school, mash),
            self._database_created,
            self._create_failed,
        )

    def _recheck_account(self, *_: object) -> None:
        if not self._listed:
            return
        now = {text for text, _ in self._account_problems()}
        still = [text for text in self._listed if text in now]
        if still == self._listed:
            return
        self._listed = still
        if still:
            self.account_page.message.show_error("\n".join(still))
        else:
            self.account_page.message.clear()

    def _database_created(self, recovery_key: str) -> None:
        self._created = True
        self._recovery_key = recovery_key
        self.passwords.clear()  # no copy of the password left in a widget
        self.key_label.setText(key_for_display(recovery_key))
        self.show_step(2)

    def _create_failed(self, error: BaseException) -> None:
        self.account_page.message.show_error(failure_text(error))
        self.create_button.setFocus()

    def _key_done(self) -> None:
        if not self.key_tick.isChecked():
            self._problem(
                self.key_page,
                "Tick the box once the recovery key is written down and stored safely.",
                self.key_tick,
            )
            return
        self.show_step(3)

    def _finish(self) -> None:
        if not self.key_tick.isChecked():
            self.show_step(2)
            self._key_done()
            return
        if not recovery_keys_match(self.key_again.text(), self._recovery_key):
            self._problem(
                self.check_page,
                "That is not the same recovery key. Check your paper copy; "
                "use Back to see the key again.",
                self.key_again,
            )
            return
        self._done = True
        self._recovery_key = ""
        self.key_label.clear()
        self.key_again.clear()
        self.completed.emit(self.username.text().strip())

    def _problem(self, page: _Step, text: str, field: QWidget) -> None:
        page.message.show_error(text)
        field.setFocus()

    # -- closing ----------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        # Half a database must not be left behind: let it finish (the key then shows).
        self._creating.finish()
        # Leaving after the database exists but before the key is confirmed loses
        # the only sight of the key: warn once on the page, then let them go.
        if self._created and not self._done and not self._close_warned:
            self._close_warned = True
            page = self.stack.currentWidget()
            assert isinstance(page, _Step)
            page.message.show_error(
                "The recovery key will not be shown again. Write it down and finish "
                "these steps, or close the window again to leave without it."
            )
            event.ignore()
            return
        self._recovery_key = ""
        super().closeEvent(event)
