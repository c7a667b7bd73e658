"""Import a transferred file, and the files transferred in, read-only.

The pack is read and decrypted off the GUI thread, every part checked against
its hash, before anything is shown; the receipt code is then shown to read
back to the sending school, and the DSL chooses whether the child is a young
person already in a case here or new to this school. A refused pack is said in
one calm sentence and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.dates import format_date, format_datetime
from app.errors import CasebookError
from app.services import transfer
from app.services.workspace import Workspace
from app.transfer import pack
from app.ui import changes, print_dialog
from app.ui.background import BackgroundJob, BusyIndicator, OneJob
from app.ui.dialog import Dialog
from app.ui.qt import QComboBox, QFileDialog, QListWidget, QPlainTextEdit, QPrinter, QWidget
from app.ui.save_pdf import ask_pdf_path, run_file_dialog
from app.ui.transfer.send_dialog import buttons_below
from app.ui.widgets import (
    Message,
    add_field,
    button,
    button_row,
    line_edit,
    passphrase_label,
    plain_label,
    primary_button,
    run_safely,
)
from app.vocabulary import CLASSIFICATION_WORDS, PATHWAY_WORDS, STATUS_WORDS

IMPORT_INTRO = (
    "Open the transfer pack a child's previous school sent you, with the passphrase they gave "
    "you by phone. Casebook checks every part of it, shows the receipt code to read back to "
    "them, and keeps the child's history here as a read-only record."
)
OPENING = "Opening and checking the pack…"
NEW_PERSON = "A young person new to this school"
READ_BACK = "Read this receipt code back to {school} by phone:"
NO_FILES = "No file has been transferred in yet."
PREPARING = "Preparing the transferred file…"
SAVING = "Saving the transferred file…"


@dataclass(frozen=True)
class _Read:
    opened: pack.Opened
    candidates: list[transfer.Candidate]


def _open(ws: Workspace, path: Path, passphrase: str) -> _Read:
    from app.security.passphrase import normalise

    try:
        if path.is_dir() or path.stat().st_size > pack.MAX_PACK_BYTES:
            raise pack.NotAPack()
        data = path.read_bytes()
    except OSError:
        raise CasebookError(
            f"Casebook could not read {path}. Nothing was changed: check the file is there "
            "and try again."
        ) from None
    opened = pack.open_pack(data, normalise(passphrase))
    transfer.check_importable(ws, opened)
    child = opened.child().get("child") or {}
    dob = _day(child.get("date_of_birth"))
    return _Read(opened, transfer.candidates(ws, str(child.get("name", "")), dob))


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


class ImportDialog(Dialog):
    """School > Import a transferred file…"""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Import a transferred file", parent)
        self.ws = ws
        self.read: _Read | None = None
        self.column.addWidget(plain_label(IMPORT_INTRO))
        self.path_edit = line_edit(max_length=4096)
        add_field(self.column, "Transfer &pack", self.path_edit, "The .age file you were sent")
        self.choose_button = button("C&hoose…")
        self.column.addLayout(button_row(self.choose_button))
        self.choose_button.clicked.connect(self._choose)
        self.passphrase_edit = line_edit(password=True)
        add_field(
            self.column, "Pa&ssphrase", self.passphrase_edit, "The words the school gave by phone"
        )
        self.open_button = primary_button("&Open the pack")
        self.column.addLayout(button_row(self.open_button))
        self.message = Message()
        self.column.addWidget(self.message)
        self.summary_label = plain_label()
        self.summary_label.setAccessibleName("What the pack holds")
        self.summary_label.hide()
        self.column.addWidget(self.summary_label)
        self.read_back_label = plain_label()
        self.read_back_label.hide()
        self.column.addWidget(self.read_back_label)
        self.code_label = passphrase_label("Receipt code")
        self.code_label.hide()
        self.column.addWidget(self.code_label)
        self.link_box = QComboBox()
        self.link_caption = add_field(
            self.column,
            "&Keep it as",
            self.link_box,
            "Link it to the young person already in a case here, or keep it on its own",
        )
        self.link_box.hide()
        self.link_caption.hide()
        self.column.addStretch(1)
        self.import_button = primary_button("&Import")
        self.import_button.setEnabled(False)
        self.close_button = button("&Close")
        buttons_below(self, button_row(self.import_button, self.close_button))
        self.open_button.clicked.connect(self._open)
        self.import_button.clicked.connect(self._import)
        self.close_button.clicked.connect(self.reject)
        self.job = OneJob(
            self,
            BusyIndicator(
                [
                    self.path_edit,
                    self.choose_button,
                    self.passphrase_edit,
                    self.open_button,
                    self.import_button,
                    self.close_button,
                ]
            ),
            ws=ws,
        )

    def _choose(self) -> None:
        dialog = QFileDialog(self, "Choose the transfer pack", str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter("Transfer packs (*.age);;All files (*)")
        chosen = run_file_dialog(dialog)
        if chosen:
            self.path_edit.setText(chosen)

    def _open(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.message.show_error("Choose the transfer pack to open.")
            return
        if not self.passphrase_edit.text().strip():
            self.message.show_error("Type the passphrase the sending school gave you.")
            return
        ws, path, phrase = self.ws, Path(text).expanduser(), self.passphrase_edit.text()
        self.job.start_saying(self.message, OPENING, lambda: _open(ws, path, phrase), self._opened)

    def _opened(self, read: _Read) -> None:
        self.read = read
        opened = read.opened
        part = opened.child()
        child = part.get("child") or {}
        born = _day(child.get("date_of_birth"))
        cases = [str(c.get("reference", "")) for c in part.get("cases", [])]
        lines = [
            f"From: {opened.from_school}",
            f"Young person: {child.get('name', '')}"
            + (f", born {format_date(born)}" if born else ""),
            f"Cases: {len(cases)} ({', '.join(cases)})",
            "Every part of the pack matched its hash.",
        ]
        self.summary_label.setText("\n".join(lines))
        self.summary_label.show()
        self.read_back_label.setText(READ_BACK.format(school=opened.from_school))
        self.read_back_label.show()
        self.code_label.setText(opened.receipt_code)
        self.code_label.show()
        self.link_box.clear()
        self.link_box.addItem(NEW_PERSON, None)
        for c in read.candidates:
            how = "same date of birth" if c.certain else "date of birth not known here"
            self.link_box.addItem(f"{c.name}, in case {c.reference} ({how})", c.young_person_id)
        if any(c.certain for c in read.candidates):
            self.link_box.setCurrentIndex(1)
        self.link_box.show()
        self.link_caption.show()
        self.import_button.setEnabled(True)
        self.import_button.setFocus()

    def _import(self) -> None:
        if self.read is None:
            return
        opened, link, ws = self.read.opened, self.link_box.currentData(), self.ws
        self.job.start_saying(
            self.message,
            "Importing…",
            lambda: transfer.import_pack(ws, opened, link_to=link),
            self._imported,
            change=changes.Change(changes.What.CASES),
        )

    def _imported(self, done: transfer.Imported) -> None:
        where = f"linked to case {done.linked_reference}" if done.linked_reference else "on its own"
        self.message.show_good(
            f"Imported, read-only, {where}: School, Transferred files shows it. Remember to "
            f"read the receipt code back to {done.from_school}."
        )
        self.import_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.link_box.setEnabled(False)
        self.read = None
        self.close_button.setDefault(True)


def describe_part(kept: transfer.TransferredIn) -> str:
    """A transferred-in file as plain text: the child, then each case and its chronology."""
    part = kept.part
    school = kept.from_school
    child = part.get("child") or {}
    born = _day(child.get("date_of_birth"))
    out = [
        f"TRANSFERRED IN from {school}, read-only",
        f"Young person: {kept.child_name}" + (f", born {format_date(born)}" if born else ""),
        f"Sent {_sent_on(kept.sent_at)}; imported {format_datetime(kept.imported_at)} "
        f"by {kept.imported_by}; receipt code {kept.receipt_code}",
    ]
    if kept.linked_case_reference:
        out.append(f"Linked to case {kept.linked_case_reference} here")
    if kept.training:
        out.insert(0, "TRAINING DATA")
    for case in part.get("cases", []):
        record = case.get("case") or {}
        out += ["", f"Case {case.get('reference', '')} at {school}"]
        for key, label, vocabulary in (
            ("status", "Status", STATUS_WORDS),
            ("came_to_light_at", "Came to light", {}),
            ("summary", "Summary", {}),
            ("classification", "Classification", CLASSIFICATION_WORDS),
            ("pathway", "Pathway", PATHWAY_WORDS),
            ("closing_summary", "Closing summary", {}),
        ):
            value = record.get(key)
            if value:
                out.append(f"  {label}: {vocabulary.get(value, _shown(value))}")
        roles = ", ".join((case.get("this_child") or {}).get("roles") or [])
        if roles:
            out.append(f"  This child's part: {roles}")
        for other in case.get("other_young_people", []):
            out.append(f"  Also involved: {other.get('initials')} ({', '.join(other['roles'])})")
        sections = case.get("sections") or {}
        for row in sections.get("decisions", []):
            out.append(f"  Decision: {row.get('decision')} (reason: {row.get('reason')})")
        chronology = sections.get("chronology", [])
        if chronology:
            out.append("  Chronology:")
        for row in chronology:
            out.append(f"    {school} · {_shown(row.get('happened_at'))} · {row.get('entry')}")
    return "\n".join(out) + "\n"


def _sent_on(utc: str) -> str:
    day = _day(utc)
    return format_date(day) if day else utc


def _shown(value: Any) -> str:
    if isinstance(value, str) and len(value) >= 16 and value[4] == "-" and "T" in value:
        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


class TransferredFilesDialog(Dialog):
    """School > Transferred files…: every file transferred in, read-only, and the sending
    school's extract saved as a PDF or printed, as it came, through the record's own
    save and print paths (their warnings, the audit trail)."""

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, show: int | None = None
    ) -> None:
        """`show`: the id of the file to show first (the retention review's), or the first."""
        super().__init__("Transferred files", parent, width=760, scroll=False)
        self.ws = ws
        self.kept = transfer.transferred_in(ws)
        self.list = QListWidget()
        self.list.setAccessibleName("Files transferred in")
        for k in self.kept:
            self.list.addItem(f"{k.child_name}, from {k.from_school} (sent {_sent_on(k.sent_at)})")
        self.column.addWidget(self.list)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("The transferred file")
        self.column.addWidget(self.text, 1)
        self.message = Message()
        self.column.addWidget(self.message)
        self.save_button = button("&Save as PDF…")
        self.save_button.setToolTip("Save the sending school's extract as it came (not encrypted)")
        self.print_button = button("&Print…")
        self.print_button.setToolTip("Print the sending school's extract as it came")
        self.close_button = button("&Close")
        self.column.addLayout(button_row(self.save_button, self.print_button, self.close_button))
        self.close_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_file)
        self.job = OneJob(
            self,
            BusyIndicator([self.list, self.save_button, self.print_button, self.close_button]),
            ws=ws,
        )
        self.printed_pages: int | None = None
        self.list.currentRowChanged.connect(self._show)
        if self.kept:
            ids = [k.id for k in self.kept]
            self.list.setCurrentRow(ids.index(show) if show in ids else 0)
        else:
            self.text.setPlainText(NO_FILES)
            self.save_button.setEnabled(False)
            self.print_button.setEnabled(False)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.kept):
            kept = self.kept[row]
            transfer.viewed(self.ws, kept.id)  # written to the audit trail, as a case read is
            self.text.setPlainText(describe_part(kept))

    def _current(self) -> transfer.TransferredIn | None:
        row = self.list.currentRow()
        return self.kept[row] if 0 <= row < len(self.kept) else None

    # Test seams, as the audit viewer's.
    def choose_printer(self, printer: QPrinter) -> bool:
        return print_dialog.choose_printer(printer, self, "Print the transferred file")

    def confirm_unencrypted(self, printer: str = "") -> bool:
        return print_dialog.confirm_unencrypted(self, printer)

    def save_pdf(self) -> BackgroundJob[Path] | None:
        """Warn that the file is not encrypted, ask where, then save the extract as it came."""
        kept = self._current()
        if kept is None or self.job.running or not self.confirm_unencrypted():
            return None
        self.message.clear()
        path = ask_pdf_path(
            self,
            "Save the transferred file as a PDF (not encrypted)",
            f"transferred-file-{kept.id}.pdf",  # no names in file names
        )
        if path is None:
            return None
        ws, chosen = self.ws, kept.id

        def saved(where: Path) -> None:
            self.message.show_good(
                f"Saved to {where}. It is not encrypted: delete it when you no longer need it."
            )

        return self.job.start_saying(
            self.message,
            SAVING,
            lambda: print_dialog.write_pdf(
                path, lambda: transfer.transferred_in_pdf(ws, chosen, "exported")
            ),
            saved,
            change=changes.Change(changes.What.AUDIT),
        )

    def print_file(self) -> BackgroundJob[bytes] | None:
        """Print the extract as it came; a printer that writes a file is warned of, and
        logged as an export."""
        kept = self._current()
        if kept is None or self.job.running:
            return None
        self.message.clear()
        printer = print_dialog.a4_printer()
        printer.setDocName("Casebook transferred file")  # the print queue shows this: no name
        if not self.choose_printer(printer):
            return None
        purpose = print_dialog.output_purpose(printer)
        if purpose == "exported" and not self.confirm_unencrypted(
            print_dialog.printer_name(printer)
        ):
            self.message.show_good(print_dialog.NOT_PRINTED)
            return None
        self.printed_pages = None
        ws, chosen = self.ws, kept.id

        def paint(data: bytes) -> None:
            pages = run_safely(lambda: print_dialog.paint_pdf(data, printer), self.message)
            self.printed_pages = pages
            if pages is not None:
                kept_file = (
                    " It saved a file that is not encrypted: delete it when you no longer need it."
                    if purpose == "exported"
                    else ""
                )
                self.message.show_good(f"Sent {pages} page(s) to the printer." + kept_file)

        return self.job.start_saying(
            self.message,
            PREPARING,
            lambda: transfer.transferred_in_pdf(ws, chosen, purpose),
            paint,
            change=changes.Change(changes.What.AUDIT),
        )

    def reject(self) -> None:
        if self.job.running:
            return  # the PDF is being made: closing now would lose what it says
        super().reject()
