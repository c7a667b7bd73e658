"""Saving an encrypted copy for an agency: who it is for, then its passphrase, shown once.

The copy is an AES-256 PDF (`printing.encrypted_case_pdf`) that opens only
with a passphrase of a few plain words that Casebook makes and never keeps.
The DSL first says who the copy is for (it goes in the audit trail and the
chronology); once it is saved, the passphrase is shown once with the advice
to give it by phone, never in the same email as the file.
"""

from __future__ import annotations

from app import printing
from app.errors import InvalidInput
from app.ui.dialog import Dialog
from app.ui.qt import QWidget
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

RECIPIENT_TITLE = "Save an encrypted copy"
RECIPIENT_INTRO = (
    "Casebook saves the record as a PDF that opens only with a passphrase it makes for "
    "this copy. You will see the passphrase once, after saving: give it to the recipient "
    "by phone, never in the same email as the file."
)
RECIPIENT_HINT = (
    "A person and their agency, such as \u201cPC Khan, Thames Valley Police\u201d. "
    "It is written in the audit trail and the chronology."
)
PASSPHRASE_TITLE = "The passphrase for this copy"
PASSPHRASE_ADVICE = (
    "Give it to {recipient} by phone, never in the same email or message as the file. "
    "Casebook does not keep it: note it now if you need it until you have phoned, and "
    "destroy the note afterwards."
)


class RecipientDialog(Dialog):
    """Who the encrypted copy is for; accepted only with a name Casebook can record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(RECIPIENT_TITLE, parent, width=560, scroll=False)
        self.column.addWidget(plain_label(RECIPIENT_INTRO))
        self.column.addSpacing(8)
        self.recipient_field = line_edit(max_length=printing.MAX_RECIPIENT)
        add_field(self.column, "&Who is it for?", self.recipient_field, RECIPIENT_HINT)
        self.message = Message()
        self.column.addWidget(self.message)
        self.go_button = primary_button("&Choose where to save…")
        self.cancel_button = button("Cancel")
        self.column.addLayout(button_row(self.go_button, left=self.cancel_button))
        self.go_button.clicked.connect(self.go_on)
        self.cancel_button.clicked.connect(self.reject)
        self.recipient_field.returnPressed.connect(self.go_on)
        self.recipient = ""

    def go_on(self) -> None:
        try:
            self.recipient = printing.check_recipient(self.recipient_field.text())
        except InvalidInput as exc:
            self.message.show_error(str(exc))
            self.recipient_field.setFocus()
            return
        self.accept()


class PassphraseDialog(Dialog):
    """The passphrase, shown once, with the advice to give it by phone."""

    def __init__(self, passphrase: str, recipient: str, where: str, parent: QWidget | None) -> None:
        super().__init__(PASSPHRASE_TITLE, parent, width=620, scroll=False)
        self.column.addWidget(plain_label(f"The encrypted copy is saved to {where}."))
        self.column.addSpacing(8)
        self.column.addWidget(plain_label("It opens with this passphrase:"))
        self.passphrase_label = passphrase_label("Passphrase")
        self.passphrase_label.setText(passphrase)
        self.column.addWidget(self.passphrase_label)
        self.column.addSpacing(8)
        self.column.addWidget(plain_label(PASSPHRASE_ADVICE.format(recipient=recipient)))
        self.column.addSpacing(4)
        self.column.addWidget(
            plain_label("Saving it is recorded in the audit trail and the chronology.", "hint")
        )
        self.done_button = primary_button("I have &noted it")
        self.column.addLayout(button_row(self.done_button))
        self.done_button.clicked.connect(self.accept)
        self.passphrase_label.setFocus()

    def done(self, result: int) -> None:
        # Shown once: gone from the screen when the dialog closes, however it closes.
        self.passphrase_label.clear()
        super().done(result)


__all__ = ["PassphraseDialog", "RecipientDialog"]
