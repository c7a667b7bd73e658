"""The redaction preview: what a child's extract replaces and leaves out, checked first.

Before an extract is printed, previewed or saved, the DSL sees each other
child's name, first name, surname or nickname the extract replaces (where,
as typed, and how it is printed instead), each passage about another child's
own circumstances it leaves out, and any word that stays because it is also
this child's own name. They can mark further words to redact (a pet name, a
team, a street), or mark a listed word to keep as typed (an adult who shares a
child's surname, "PC Khan"; a name that is also a word, "Will"), and check
again; the extract is made with those words. Another child's full name is
always replaced: the preview says so if it was marked to keep. The
list is made off the GUI thread (`printing.redaction_preview`, which logs it
as a view of the case).
"""

from __future__ import annotations

from collections import Counter

from app import printing
from app.services.redaction import RedactionLog, marked_words
from app.services.workspace import Workspace
from app.ui.background import BackgroundJob, BusyIndicator, OneJob
from app.ui.casefile.tables import RowsModel, rows_table
from app.ui.changes import Change, What
from app.ui.dialog import Dialog
from app.ui.qt import QLabel, QPlainTextEdit, QWidget
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import (
    Message,
    add_field,
    button,
    button_row,
    heading,
    plain_label,
    primary_button,
)

TITLE = "Check the redactions"
INTRO = (
    "This extract is for one young person's own file. Below is every place another "
    "young person's name, first name, surname or nickname is replaced by their part and "
    "initials, and every passage about their own circumstances that is left out. If "
    "anything else could tell a reader who they are (a nickname not recorded, a team, a "
    "street), type it below and check again."
)
CHECKING = "Checking the extract…"
NO_REPLACEMENTS = "No other young person's name was found in what was typed."
NOTHING_LEFT_OUT = "No passage is left out."
CHECK_AGAIN_FIRST = (
    "You changed the words to redact or keep: the list now shows them. Check it, then go on."
)
REPLACEMENTS = "Replacements"
LEFT_OUT = "Passages left out"
EXTRA = "&Also redact"
EXTRA_HINT = "One word or phrase a line, or separated by commas. Each is printed as [redacted]."
KEEP = "&Keep as typed"
KEEP_HINT = (
    "A listed word that is not a young person here (PC Khan; \u201cwill\u201d as a word): "
    "it is printed as typed. A young person's full name is always replaced."
)
KEEP_SELECTED = "Keep the &selected word"
SELECT_FIRST = "Choose a word in the list of replacements first, then keep it."
KEPT_AS_TYPED = "As typed: you chose to keep it"
ALREADY_KEPT = "That word is already kept as typed: check again to see the list."
KEPT_ADDED = "Added to the words kept as typed. Check again to see the list."
NOT_FOUND = (
    "Not found in what the extract prints, so nothing was redacted for: {words}. "
    "Check the spelling against the record."
)
KEEP_UNUSED = "No replaced word is {words}, so keeping it changes nothing."
NOT_FULL_NAME = (
    "A young person's full name is always replaced, so it cannot be kept: {words}. "
    "Take it out of the words kept as typed."
)


class RedactionPreviewDialog(Dialog):
    """Shows an extract's redactions; accepted with the words the DSL marked."""

    def __init__(
        self,
        ws: Workspace,
        reference: str,
        child_id: int,
        *,
        include_history: bool,
        words: tuple[str, ...] = (),
        keep: tuple[str, ...] = (),
        go_on: str = "Go on",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(TITLE, parent, width=760)
        self.ws, self.reference, self.child_id = ws, reference, child_id
        self.include_history = include_history
        self.log: RedactionLog | None = None
        self.checked_words: tuple[str, ...] | None = None
        self.checked_keep: tuple[str, ...] | None = None
        self._say_checked_again = False
        self.column.addWidget(plain_label(INTRO))
        self.column.addSpacing(6)
        self.summary = plain_label("", "hint")
        self.summary.setAccessibleName("What the redaction does")
        self.column.addWidget(self.summary)

        self.column.addWidget(heading(REPLACEMENTS, 1.05))
        self.replacements = RowsModel(("Where", "Typed", "Printed as", "Times"))
        self.replacements_view = rows_table(
            self.replacements, REPLACEMENTS, (190, 130, 250), wrap=True
        )
        self.replacements_view.setMinimumHeight(160)
        self.column.addWidget(self.replacements_view)
        self.kept = plain_label("", "hint")
        self.kept.setAccessibleName("Words printed as typed")
        self.column.addWidget(self.kept)
        # Keeping a listed word sits with the list: choose a row, keep its word.
        self.keep_button = button(KEEP_SELECTED)
        self.column.addLayout(button_row(self.keep_button))
        self.keep_box = QPlainTextEdit()
        self.keep_box.setPlainText("\n".join(keep))
        self.keep_box.setTabChangesFocus(True)
        self.keep_box.setFixedHeight(50)
        add_field(self.column, KEEP, self.keep_box, KEEP_HINT)
        self.refused = plain_label("", "error")
        self.refused.setAccessibleName("Words that cannot be kept")
        self.refused.setVisible(False)
        self.column.addWidget(self.refused)
        self.keep_unused = plain_label("", "hint")
        self.keep_unused.setAccessibleName("Words kept that change nothing")
        self.keep_unused.setVisible(False)
        self.column.addWidget(self.keep_unused)
        self.column.addSpacing(6)
        self.column.addWidget(heading(LEFT_OUT, 1.05))
        self.left_out = RowsModel(("Where", "Passage", "About"))
        self.left_out_view = rows_table(self.left_out, LEFT_OUT, (190, 330), wrap=True)
        self.left_out_view.setMinimumHeight(110)
        self.left_out_view.setMaximumHeight(180)
        self.column.addWidget(self.left_out_view)
        self.column.addSpacing(6)

        self.extra = QPlainTextEdit()
        self.extra.setPlainText("\n".join(words))
        self.extra.setTabChangesFocus(True)
        self.extra.setFixedHeight(70)
        add_field(self.column, EXTRA, self.extra, EXTRA_HINT)
        self.not_found = plain_label("", "error")
        self.not_found.setAccessibleName("Words to redact that were not found")
        self.not_found.setVisible(False)
        self.column.addWidget(self.not_found)
        self.message = Message()
        self.column.addWidget(self.message)

        self.check_button = button("&Check again")
        self.go_button = primary_button(go_on)
        self.cancel_button = button("Cancel")
        self.footer().addLayout(
            button_row(self.check_button, self.go_button, left=self.cancel_button)
        )
        self.check_button.clicked.connect(self.check)
        self.go_button.clicked.connect(self.go_on)
        self.cancel_button.clicked.connect(self.reject)
        self.keep_button.clicked.connect(self.keep_selected)
        controls = [self.keep_button, self.keep_box, self.extra, self.check_button, self.go_button]
        self._work = OneJob(self, BusyIndicator(controls), ws=ws)
        # Room for the lists on a 1366x768 laptop; a smaller screen scrolls the column.
        fit_to_screen(self, 880, 660)
        self.check()

    @property
    def words(self) -> tuple[str, ...]:
        """The words the DSL marked, as typed in the box."""
        return marked_words(self.extra.toPlainText())

    @property
    def keep(self) -> tuple[str, ...]:
        """The words the DSL chose to keep as typed, as typed in the box."""
        return marked_words(self.keep_box.toPlainText())

    @property
    def kept_words(self) -> tuple[str, ...]:
        """The words kept as typed that the list was made with, less any full name
        (always replaced): what the extract is made with."""
        refused = {w.casefold() for w in (self.log.refused if self.log else ())}
        return tuple(w for w in self.checked_keep or () if w.casefold() not in refused)

    @property
    def working(self) -> bool:
        return self._work.running

    @property
    def job(self) -> BackgroundJob[RedactionLog] | None:
        return self._work.job

    def check(self) -> BackgroundJob[RedactionLog] | None:
        """Make the list again, with the words now typed, off the GUI thread."""
        ws, reference, child, history = self.ws, self.reference, self.child_id, self.include_history
        words, keep = self.words, self.keep

        def work() -> RedactionLog:
            return printing.redaction_preview(
                ws, reference, child, include_history=history, redact=words, keep=keep
            )

        def done(log: RedactionLog) -> None:
            self.show_log(log, words, keep)
            if self._say_checked_again:
                self._say_checked_again = False
                self.message.show_good(CHECK_AGAIN_FIRST)

        # The preview is logged as a view of the case: the audit viewer hears of it.
        return self._work.start_saying(
            self.message, CHECKING, work, done, change=Change(What.AUDIT)
        )

    def show_log(
        self, log: RedactionLog, words: tuple[str, ...], keep: tuple[str, ...] = ()
    ) -> None:
        self.log, self.checked_words, self.checked_keep = log, words, keep
        counted = Counter(
            (r.where, r.found, KEPT_AS_TYPED if r.kept else r.printed_as) for r in log.replacements
        )
        self.replacements.set_rows(
            [(where, found, shown, str(n)) for (where, found, shown), n in counted.items()]
        )
        self.left_out.set_rows([(p.where, p.passage, p.about) for p in log.left_out])
        self.summary.setText(
            f"The extract will say: {log.summary()}."
            + ("" if log.replacements else f" {NO_REPLACEMENTS}")
            + ("" if log.left_out else f" {NOTHING_LEFT_OUT}")
        )
        self.kept.setText(
            "Printed as typed, because they are also this young person's own name: "
            + ", ".join(log.kept)
            + ". Check each place they appear."
            if log.kept
            else ""
        )
        self.kept.setVisible(bool(log.kept))
        _say_words(self.refused, NOT_FULL_NAME, log.refused)
        _say_words(self.keep_unused, KEEP_UNUSED, log.keep_unused)
        _say_words(self.not_found, NOT_FOUND, log.marked_not_found)

    def keep_selected(self) -> None:
        """Add the word in the chosen row of replacements to the words kept as typed."""
        index = self.replacements_view.currentIndex()
        if not index.isValid():
            self.message.show_error(SELECT_FIRST)
            return
        found = self.replacements.index(index.row(), 1).data()
        word = " ".join(str(found or "").split())
        if not word:
            self.message.show_error(SELECT_FIRST)
            return
        if word.casefold() in {w.casefold() for w in self.keep}:
            self.message.show_good(ALREADY_KEPT)
            return
        text = self.keep_box.toPlainText().rstrip("\n")
        self.keep_box.setPlainText(f"{text}\n{word}" if text else word)
        self.message.show_good(KEPT_ADDED)

    def go_on(self) -> None:
        """Go on with the words the list was made with; changed words are checked first."""
        if self.working:
            return
        if self.log is None or (self.words, self.keep) != (self.checked_words, self.checked_keep):
            self._say_checked_again = self.check() is not None
            return
        self.accept()

    def reject(self) -> None:
        if self.working:
            return  # the list is being made
        super().reject()


__all__ = ["RedactionPreviewDialog"]


def _say_words(label: QLabel, sentence: str, words: list[str]) -> None:
    label.setText(sentence.format(words=", ".join(f"\u201c{w}\u201d" for w in words)))
    label.setVisible(bool(words))
