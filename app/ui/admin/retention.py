"""Retention: closed cases and received files past their retention date, each waiting
for a decision.

A child protection record is kept until the youngest child's date of birth plus
25 years, then reviewed; a file received from another school until the child's
date of birth plus 25 years. Nothing is destroyed without a decision and a reason:
keeping it needs a reason and a date to look again; destroying it needs a
reason and its reference (the case's, or the received file's) typed in full.
"""

from __future__ import annotations

from datetime import date

from app.dates import format_date
from app.services import retention
from app.services.retention import RetentionLine
from app.services.workspace import Workspace
from app.ui import changes
from app.ui.background import LatestRead, failure_text
from app.ui.casefile.forms import FormDialog, read_date
from app.ui.casefile.tables import Cell, RowsModel, rows_table
from app.ui.qt import QDialog, QVBoxLayout, QWidget, Signal
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import Message, button, button_row, heading, plain_label

INTRO = (
    "Child protection records are kept until the youngest child's date of birth plus "
    f"{retention.RETAIN_YEARS} years, and so are files received from another school. "
    "These closed cases and received files have reached that date, or have no "
    "date of birth to work it out from. Each needs a decision; nothing is removed without one."
)
NONE_DUE = "No case or received file has reached its retention date. Nothing needs a decision."
READING = "Reading the records…"
NO_DATE = "No date of birth or age recorded"
NO_BIRTH_DATE = "No date of birth recorded"
CLOSED_CASE = "Closed case"
RECEIVED_FILE = "Received file"


def named(line: RetentionLine) -> str:
    """How the screen names the record: "case 2026-0003", "received file RF-3FA9C21B04D2"."""
    return f"{'received file' if line.received else 'case'} {line.reference}"


def _about(line: RetentionLine) -> str:
    # The child's name is shown here, on the DSL's own screen, to recognise the file by.
    return f"{line.label} ({line.child_name})" if line.received else ""


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class KeepDialog(FormDialog):
    def __init__(
        self, ws: Workspace, line: RetentionLine, parent: QWidget | None = None, *, today: date
    ) -> None:
        super().__init__(
            f"Keep {named(line)} for longer",
            parent,
            intro="Say why the record is still needed, and when to look at it again.",
            save_text="&Keep it",
        )
        self.ws, self.line = ws, line
        self.reason = self.add_text("&Reason for keeping it", lines=4)
        self.again = self.add_date("&Review again on", _plus_years(today, 1))
        self.finish_layout()
        self.reason.setFocus()

    def check(self) -> list[str]:
        problems = []
        if not self.reason.text().strip():
            problems.append("Give the reason for keeping it.")
        _again, problem = read_date(self.again, required=True)
        if problem:
            problems.append(problem)
        return problems

    def save(self) -> None:
        again, _ = read_date(self.again, required=True)
        assert again is not None
        line = self.line
        if line.received_id is not None:
            retention.record_keep_received(self.ws, line.received_id, self.reason.text(), again)
        else:
            assert line.case_id is not None
            retention.record_keep(self.ws, line.case_id, self.reason.text(), again)


CASE_GOES = (
    "This removes the whole record for good: it cannot be undone or restored "
    "except from an old backup. Only the reference, who decided, when and why "
    "are kept."
)
RECEIVED_GOES = (
    "This removes the file received from the other school for good: the child's history "
    "and the sending school's extract. It cannot be undone or restored except from an old "
    "backup. Only the reference, who decided, when and why are kept. A case here it was "
    "linked to is not changed."
)


class DestroyDialog(FormDialog):
    def __init__(self, ws: Workspace, line: RetentionLine, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Destroy {named(line)}",
            parent,
            intro=RECEIVED_GOES if line.received else CASE_GOES,
            save_text="&Destroy the record",
        )
        self.ws, self.line = ws, line
        self.reason = self.add_text("&Reason for destroying it", lines=4)
        self.confirm = self.add_line(
            f"&Type the {'file' if line.received else 'case'} reference to confirm",
            hint=f"Type {line.reference}.",
            max_length=32,
        )
        self.finish_layout()
        self.reason.setFocus()

    def check(self) -> list[str]:
        problems = []
        if not self.reason.text().strip():
            problems.append("Give the reason for destroying it.")
        # A received file's reference has letters: typed in small letters it still counts.
        if self.confirm.text().strip().upper() != self.line.reference.upper():
            problems.append(f"Type the reference {self.line.reference} to confirm.")
        return problems

    def save(self) -> None:
        line = self.line
        if line.received_id is not None:
            retention.destroy_received(self.ws, line.received_id, self.reason.text())
        else:
            assert line.case_id is not None
            retention.destroy(self.ws, line.case_id, self.reason.text())


class RetentionDialog(QDialog):
    open_case = Signal(int)  # look at a case before deciding
    open_received = Signal(int)  # read a received file before deciding (its id)
    changed = Signal()  # a decision was recorded

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.today = today or date.today()
        self.lines: list[RetentionLine] = []
        self.setWindowTitle("Retention")
        fit_to_screen(self, 900, 560)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 18)
        column.setSpacing(8)
        column.addWidget(heading("Records past their retention date", 1.3))
        column.addWidget(plain_label(INTRO))
        self.model = RowsModel(("Reference", "What", "Retention date", "Details"))
        self.view = rows_table(self.model, "Records past their retention date", (150, 120, 230))
        column.addWidget(self.view, 1)
        self.empty = plain_label(NONE_DUE, "good")
        column.addWidget(self.empty)
        self.progress = plain_label(READING, "hint")
        self.progress.hide()
        column.addWidget(self.progress)
        self.message = Message()
        column.addWidget(self.message)
        # With nothing due the list is hidden: the room left goes here, below the words,
        # not into gaps between them (the list, stretch 1, takes it while it shows).
        column.addStretch(0)
        self.open_button = button("&Open")
        self.open_button.setToolTip("Read the case or the received file before deciding")
        self.keep_button = button("&Keep for longer…")
        self.destroy_button = button("&Destroy…")
        self.close_button = button("Close")
        column.addLayout(
            button_row(
                self.open_button, self.keep_button, self.destroy_button, left=self.close_button
            )
        )
        self.close_button.clicked.connect(self.accept)
        self.open_button.clicked.connect(self._open)
        self.keep_button.clicked.connect(self.keep)
        self.destroy_button.clicked.connect(self.destroy_record)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.view.activated.connect(lambda _i: self._open())
        self._reading = LatestRead(self)
        self.refresh()

    @property
    def reading(self) -> bool:
        """The records are still being read."""
        return self._reading.running

    def refresh(self) -> None:
        """Read the records due again, off the GUI thread: at 50 000 cases the read
        takes about half a second, which would hold the window still."""
        self.progress.show()
        self.empty.hide()
        for b in (self.open_button, self.keep_button, self.destroy_button):
            b.setEnabled(False)  # until the list read is in: a line may have gone
        today = self.today
        self._reading.start(
            lambda: retention.due_for_review(self.ws, today), self._show_lines, self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self.message.show_error(failure_text(error))
        self._show_lines([])

    def _show_lines(self, lines: list[RetentionLine]) -> None:
        self.progress.hide()
        self.lines = lines
        rows = [
            (
                line.reference,
                RECEIVED_FILE if line.received else CLOSED_CASE,
                Cell(f"Passed on {format_date(line.retain_until)}", alert=True)
                if line.retain_until
                else Cell(NO_BIRTH_DATE if line.received else NO_DATE, note=True),
                _about(line),
            )
            for line in self.lines
        ]
        self.model.set_rows(rows, [line.reference for line in self.lines])
        self.view.setVisible(bool(self.lines))
        self.empty.setVisible(not self.lines)
        if self.lines:
            self.view.selectRow(0)
        self._enable()

    def selected(self) -> RetentionLine | None:
        index = self.view.currentIndex()
        return self.lines[index.row()] if index.isValid() else None

    def _enable(self) -> None:
        ok = self.selected() is not None
        for b in (self.open_button, self.keep_button, self.destroy_button):
            b.setEnabled(ok)

    def _open(self) -> None:
        line = self.selected()
        if line is not None and line.received_id is not None:
            self.open_received.emit(line.received_id)
        elif line is not None and line.case_id is not None:
            self.open_case.emit(line.case_id)

    def keep(self) -> None:
        line = self.selected()
        if line is not None:
            self._run(KeepDialog(self.ws, line, self, today=self.today), line, "kept")

    def destroy_record(self) -> None:
        line = self.selected()
        if line is not None:
            self._run(DestroyDialog(self.ws, line, self), line, "destroyed")

    def _run(self, dialog: FormDialog, line: RetentionLine, done: str) -> None:
        def finished(_result: int) -> None:
            if dialog.saved:
                self.refresh()
                words = named(line)
                self.message.show_good(
                    f"{words[:1].upper()}{words[1:]}: {done}. The decision is recorded."
                )
                self.changed.emit()
                changes.tell(self.ws, changes.Change(changes.What.CASES))
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
