"""Two questions about backups: before a restore, and when the backup on close failed.

`restore_question` is what the restore dialog asks while the DSL is still
signed in: what the restore replaces, and where today's file is kept.
`BackupFailedDialog` is shown when the automatic backup on quitting or signing
out could not be made: back up into another folder this once, or leave without
a backup, knowing when the last good one was made. It opens with `open()` (no nested event loop)
and only says what was chosen; the window that opened it does the work.
"""

from __future__ import annotations

from pathlib import Path

from app.ui.dialog import Dialog
from app.ui.qt import QWidget, Signal
from app.ui.widgets import Message, button, button_row, plain_label, primary_button


def restore_question(made: str, aside: Path | None) -> str:
    """What the restore replaces and where today's file goes, in one sentence."""
    if aside is None:
        return f"This puts the records of {made} in place; there is no file here to set aside."
    return f"This replaces today's records with those of {made}; today's file is kept at {aside}."


RESTORE_STEPS = (
    "Casebook first checks that the backup opens with the user name and password below "
    "(as they were when it was made), then signs you out, making the usual backup on "
    "close, and restores it. Nothing is deleted."
)


CHOOSE_ANOTHER = "&Choose another folder…"
QUIT_WITHOUT = "&Quit without a backup"
SIGN_OUT_WITHOUT = "&Sign out without a backup"
BACKING_UP_THERE = "Backing up into {folder}, then checking the backup…"


class BackupFailedDialog(Dialog):
    """The backup on close failed: `choose_folder` or `quit_without_backup`.

    `signing_out`: the DSL is signing out rather than quitting, and the second
    choice says so. Esc and the title bar's close button do neither: one of the
    two is chosen.
    """

    choose_folder = Signal()
    quit_without_backup = Signal()

    def __init__(
        self,
        problem: str,
        last_good: str,
        parent: QWidget | None = None,
        *,
        signing_out: bool = False,
    ) -> None:
        super().__init__("The backup was not made", parent, width=600, scroll=False)
        self.problem = plain_label(problem)
        self.problem.setAccessibleName("Why the backup was not made")
        self.column.addWidget(self.problem)
        self.column.addSpacing(6)
        self.last_good = plain_label(
            f"{last_good} Back up into another folder (a USB stick or a share) this once, "
            f"or {'sign out' if signing_out else 'quit'} without a backup."
        )
        self.last_good.setAccessibleName("The last good backup")
        self.column.addWidget(self.last_good)
        self.message = Message()
        self.column.addWidget(self.message)
        self.column.addSpacing(12)
        self.choose = primary_button(CHOOSE_ANOTHER)
        self.quit = button(SIGN_OUT_WITHOUT if signing_out else QUIT_WITHOUT)
        self.quit.setAccessibleDescription(last_good)
        self.column.addLayout(button_row(self.choose, left=self.quit))
        self.choose.clicked.connect(self.choose_folder.emit)
        self.quit.clicked.connect(self._quit)
        self.choose.setFocus()

    def backing_up(self, folder: Path) -> None:
        """The backup into `folder` is being written: nothing to press meanwhile."""
        self.message.show_good(BACKING_UP_THERE.format(folder=folder))
        for b in (self.choose, self.quit):
            b.setEnabled(False)

    def failed(self, text: str) -> None:
        """That backup failed too: say why, and offer both again."""
        self.message.show_error(text)
        for b in (self.choose, self.quit):
            b.setEnabled(True)
        self.choose.setFocus()

    def _quit(self) -> None:
        self.accept()
        self.quit_without_backup.emit()

    def reject(self) -> None:
        """Esc: neither choice is made for the user."""


__all__ = ["RESTORE_STEPS", "BackupFailedDialog", "restore_question"]
