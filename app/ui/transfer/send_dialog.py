"""Send to a new school: the pack, and its passphrase shown once; then the receipt.

The pack is made off the GUI thread (the extract, then age's scrypt). The
passphrase is shown here, once, for the DSL to read to the new school by
phone; Casebook keeps it nowhere. The receipt code the new school reads back
is typed into the receipt dialog, which refuses a code that does not match.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app import printing
from app.dates import format_date
from app.errors import RecordNotFound
from app.services import transfer
from app.services.workspace import Workspace
from app.ui import changes
from app.ui.background import BusyIndicator, OneJob
from app.ui.dialog import MARGINS, Dialog
from app.ui.qt import QComboBox, QFileDialog, QHBoxLayout, QWidget
from app.ui.save_pdf import run_file_dialog, starting_path
from app.ui.widgets import (
    Message,
    add_field,
    button,
    button_row,
    line_edit,
    passphrase_label,
    plain_label,
    primary_button,
)

SEND_INTRO = (
    "Casebook makes one encrypted file (a transfer pack) of this child's part of every case "
    "they are in: their extract, a copy for the new school's software, and a cover letter. "
    "Other children appear only by their part and initials."
)
PASSPHRASE_ADVICE = (
    "Read these words to the new school's DSL by phone, never in the same email or envelope "
    "as the pack. They are shown only this once: Casebook does not keep them."
)
MAKING = "Making the transfer pack…"
RECEIPT_INTRO = (
    "When the new school opens the pack, Casebook shows them a receipt code. Type the code "
    "they read back to you: the transfer is then confirmed in the chronology."
)
NOTHING_AWAITED = "No transfer is waiting for a receipt."


def buttons_below(dialog: Dialog, row: QHBoxLayout) -> None:
    """The dialog's buttons under its scrolling column, always in view, with its margins."""
    row.setContentsMargins(MARGINS[0], 8, MARGINS[2], MARGINS[3])
    dialog.outer.addLayout(row)


class SendDialog(Dialog):
    """Send to a new school: which child, which school, where to write the pack."""

    def __init__(self, ws: Workspace, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(f"Send a child's file to a new school: case {reference}", parent)
        self.ws = ws
        self.reference = reference
        self.column.addWidget(plain_label(SEND_INTRO))
        self.child_box = QComboBox()
        for child in printing.children(ws, reference):
            sent = transfer.transferred(ws, child.id)
            shown = child.name
            if sent is not None:  # the child is marked as transferred
                shown += f" (file sent to {sent.to_school} on {format_date(sent.sent_at.date())})"
            self.child_box.addItem(shown, child.id)
        add_field(self.column, "&Young person", self.child_box)
        self.school_edit = line_edit(max_length=transfer.MAX_SCHOOL_NAME)
        add_field(self.column, "&New school", self.school_edit, "The school the child is joining")
        self.path_edit = line_edit(max_length=4096)
        self.path_edit.setText(str(starting_path(f"casebook-transfer-{reference}.age")))
        add_field(
            self.column,
            "&Save the pack as",
            self.path_edit,
            "Its name holds no child's name; send it by USB stick or secure email",
        )
        self.choose_button = button("C&hoose…")
        self.column.addLayout(button_row(self.choose_button))
        self.choose_button.clicked.connect(self._choose)
        self.message = Message()
        self.column.addWidget(self.message)
        self.passphrase_label = passphrase_label("Passphrase")
        self.passphrase_label.hide()
        self.column.addWidget(self.passphrase_label)
        self.advice_label = plain_label(PASSPHRASE_ADVICE)
        self.advice_label.hide()
        self.column.addWidget(self.advice_label)
        self.column.addStretch(1)
        self.make_button = primary_button("&Make the pack")
        self.close_button = button("&Close")
        buttons_below(self, button_row(self.make_button, self.close_button))
        self.make_button.clicked.connect(self._make)
        self.close_button.clicked.connect(self.reject)
        controls = [self.child_box, self.school_edit, self.path_edit, self.choose_button]
        self.job = OneJob(
            self, BusyIndicator([*controls, self.make_button, self.close_button]), ws=ws
        )

    def _choose(self) -> None:
        dialog = QFileDialog(self, "Save the transfer pack", self.path_edit.text())
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("Transfer packs (*.age)")
        chosen = run_file_dialog(dialog)
        if chosen:
            self.path_edit.setText(chosen)

    def _make(self) -> None:
        child_id = self.child_box.currentData()
        if child_id is None:
            self.message.show_error("This case has no young person to send a file for.")
            return
        school, out = self.school_edit.text(), Path(self.path_edit.text().strip()).expanduser()
        if not self.path_edit.text().strip():
            self.message.show_error("Choose where to save the pack.")
            return
        ws, reference = self.ws, self.reference
        self.job.start_saying(
            self.message,
            MAKING,
            lambda: printing.transfer_pack(ws, reference, int(child_id), school, out),
            self._made,
            change=changes.Change(changes.What.CASE, reference),
        )

    def _made(self, made: printing.TransferPack) -> None:
        sent = made.sent
        self.passphrase_label.setText(made.passphrase)
        self.passphrase_label.show()
        self.advice_label.show()
        self.message.show_good(
            f"The pack is saved as {made.path}. Send it to {sent.to_school}; a receipt is "
            f"awaited by {format_date(sent.receipt_due_on)} (5 school days)."
        )
        for control in (self.child_box, self.school_edit, self.path_edit, self.choose_button):
            control.setEnabled(False)
        self.make_button.hide()  # one pack per opening: the passphrase is not shown again
        self.close_button.setDefault(True)
        self.passphrase_label.setFocus()


class ReceiptDialog(Dialog):
    """Record the receipt code the new school read back."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Record a transfer receipt", parent)
        self.ws = ws
        self.column.addWidget(plain_label(RECEIPT_INTRO))
        self.transfer_box = QComboBox()
        for t in transfer.awaiting_receipt(ws):
            names = {c.id: c.name for c in _children(ws, t.reference)}
            name = names.get(t.young_person_id, f"young person #{t.young_person_id}")
            late = "overdue since" if t.overdue(date.today()) else "due by"
            self.transfer_box.addItem(
                f"{name}, case {t.reference}, to {t.to_school} ({late} "
                f"{format_date(t.receipt_due_on)})",
                (t.reference, t.young_person_id),
            )
        add_field(self.column, "&Transfer", self.transfer_box)
        self.code_edit = line_edit(max_length=32)
        self.code_edit.setPlaceholderText("K7QF-2MXA-9PHD")
        add_field(self.column, "Receipt &code", self.code_edit, "As the new school read it out")
        self.message = Message()
        self.column.addWidget(self.message)
        self.column.addStretch(1)
        self.record_button = primary_button("&Record receipt")
        self.close_button = button("&Close")
        buttons_below(self, button_row(self.record_button, self.close_button))
        self.record_button.clicked.connect(self._record)
        self.close_button.clicked.connect(self.reject)
        if self.transfer_box.count() == 0:
            self.message.show_good(NOTHING_AWAITED)
            for control in (self.transfer_box, self.code_edit, self.record_button):
                control.setEnabled(False)
        self.job = OneJob(
            self,
            BusyIndicator([self.transfer_box, self.code_edit, self.record_button]),
            ws=ws,
        )

    def _record(self) -> None:
        chosen = self.transfer_box.currentData()
        if chosen is None:
            return
        reference, child_id = chosen
        code, ws = self.code_edit.text(), self.ws
        self.job.start_saying(
            self.message,
            "Checking the code…",
            lambda: transfer.confirm_receipt(ws, reference, child_id, code),
            self._recorded,
            change=changes.Change(changes.What.CASE, reference),
        )

    def _recorded(self, done: transfer.Transfer) -> None:
        self.message.show_good(
            f"Receipt recorded: {done.to_school} has the file (case {done.reference})."
        )
        index = self.transfer_box.currentIndex()
        self.transfer_box.removeItem(index)
        self.code_edit.clear()
        if self.transfer_box.count() == 0:
            for control in (self.transfer_box, self.code_edit, self.record_button):
                control.setEnabled(False)


def _children(ws: Workspace, reference: str) -> list[printing.Child]:
    try:
        return printing.children(ws, reference)
    except RecordNotFound:  # the case was destroyed under the retention rules: no name
        return []
