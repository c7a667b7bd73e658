"""Opening the dialogs behind the School and Help menus, and what follows from them.

Each dialog is window-modal (opened without a nested event loop) and deleted
when it finishes. A dialog that cannot be made says why on the window's message
line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.ui.about import AboutDialog
from app.ui.admin import FiguresDialog, RetentionDialog, SettingsDialog
from app.ui.qt import QDialog, Qt
from app.ui.security import AccountsDialog, AuditViewer, BackupDialog
from app.ui.transfer import ImportDialog, ReceiptDialog, SendDialog, TransferredFilesDialog
from app.ui.widgets import run_safely

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

RETENTION_LOOK = (
    "Case {reference} is open for you to look at. "
    "School > Retention… takes you back to the decision."
)
RETENTION_READ = (
    "Received file {reference} is open for you to read. "
    "School > Retention… takes you back to the decision."
)

OPEN_A_CASE_FIRST = "Open the case the child is in first, then choose Send to a new school."


class SchoolDialogs:
    """The School menu's Settings, Staff accounts, Backups, Retention, Governors' figures
    and Who saw what, and Help's About."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def open(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal, without a nested event loop
        return dialog

    def _open_safely(self, make: Callable[[], QDialog]) -> QDialog | None:
        self.window.message.clear()
        dialog = run_safely(make, self.window.message)
        return self.open(dialog) if dialog is not None else None

    def open_settings(self) -> QDialog | None:
        return self._open_safely(lambda: SettingsDialog(self.window.ws, self.window))

    def open_accounts(self) -> QDialog | None:
        return self._open_safely(lambda: AccountsDialog(self.window.ws, self.window))

    def open_backups(self) -> QDialog | None:
        window = self.window

        def make() -> QDialog:
            dialog = BackupDialog(window.ws, window)
            if window.shutdown.backing_up:
                dialog.daily_backup_started()
            # Queued: the dialog finishes closing before this window signs out under it.
            dialog.restore_requested.connect(
                window.shutdown.restore_after_closing, Qt.ConnectionType.QueuedConnection
            )
            return dialog

        return self._open_safely(make)

    def open_retention(self) -> QDialog | None:
        window = self.window
        if not window.is_dsl:
            return None

        def make() -> QDialog:
            dialog = RetentionDialog(window.ws, window)
            dialog.open_case.connect(lambda case_id: self._look_before_deciding(dialog, case_id))
            dialog.open_received.connect(lambda rid: self._read_before_deciding(dialog, rid))
            return dialog

        return self._open_safely(make)

    def _look_before_deciding(self, dialog: RetentionDialog, case_id: int) -> None:
        # The dialog is modal: close it so the case can be read, and say how to come back.
        line = dialog.selected()  # the line pressed: its reference, while the case is read
        dialog.accept()
        case = self.window.open_case_file(case_id)
        if case is not None and line is not None:
            self.window.message.show_good(RETENTION_LOOK.format(reference=line.reference))

    def _read_before_deciding(self, dialog: RetentionDialog, received_id: int) -> None:
        line = dialog.selected()
        dialog.accept()
        shown = self._open_safely(
            lambda: TransferredFilesDialog(self.window.ws, self.window, show=received_id)
        )
        if shown is not None and line is not None:
            self.window.message.show_good(RETENTION_READ.format(reference=line.reference))

    def open_figures(self) -> QDialog | None:
        window = self.window

        def make() -> QDialog:
            dialog = FiguresDialog(window.ws, window)
            dialog.export_requested.connect(lambda year: window.export_figures(year, dialog))
            return dialog

        return self._open_safely(make)

    def open_audit(self) -> QDialog | None:
        window = self.window
        if not window.is_dsl:
            return None
        case = window.current_case()
        reference = case.reference if case is not None else ""
        return self._open_safely(lambda: AuditViewer(window.ws, window, reference=reference))

    def open_send_transfer(self) -> QDialog | None:
        window = self.window
        case = window.current_case()
        if case is None or case.record is None:
            window.message.show_error(OPEN_A_CASE_FIRST)
            return None
        reference = case.reference
        return self._open_safely(lambda: SendDialog(window.ws, reference, window))

    def open_receipt(self) -> QDialog | None:
        return self._open_safely(lambda: ReceiptDialog(self.window.ws, self.window))

    def open_import(self) -> QDialog | None:
        return self._open_safely(lambda: ImportDialog(self.window.ws, self.window))

    def open_transferred_files(self) -> QDialog | None:
        return self._open_safely(lambda: TransferredFilesDialog(self.window.ws, self.window))

    def open_about(self) -> QDialog:
        return self.open(AboutDialog(self.window))


__all__ = ["OPEN_A_CASE_FIRST", "RETENTION_LOOK", "RETENTION_READ", "SchoolDialogs"]
