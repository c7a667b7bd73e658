"""The school's settings: name, contacts, review interval, protective marking.

The inputs come from `settings.SPECS` (declared once, with their labels), so a
new setting appears here without code; only the grouping and hints are ours.
Only the DSL may change them: a deputy sees them read-only.
"""

from __future__ import annotations

from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui import changes as told
from app.ui.casefile.forms import FormDialog, buddy_label
from app.ui.qt import (
    QAbstractButton,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import heading, line_edit, plain_label, with_mnemonics

# In reading order; each group goes in the column beside it (three, side by side).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The school", ("school_name", "protective_marking")),
    ("Reviews", ("first_review_days", "review_interval_days")),
    (
        "Who to contact",
        ("mash_contact", "police_non_emergency", "police_emergency", "ceop_contact"),
    ),
    ("Locking and backups", ("idle_lock_minutes", "backup_folder", "backups_to_keep")),
)
COLUMN_OF = {"The school": 0, "Reviews": 0, "Who to contact": 1}  # the rest: the third
HINTS = {
    "school_name": "Shown on every screen and printed record.",
    "protective_marking": "Printed at the top and bottom of every page of a record.",
    "mash_contact": "The local Multi-Agency Safeguarding Hub: phone number and email.",
    "police_non_emergency": "For reporting when no child is in immediate danger.",
    "police_emergency": "When a child is in immediate danger.",
    "ceop_contact": "Where to report online sexual abuse or grooming: CEOP's web address.",
    "first_review_days": "Suggests the plan's first review date (14 is two weeks); "
    "each case's date can differ.",
    "review_interval_days": "Suggests the next date when a review is recorded.",
    "idle_lock_minutes": "Casebook locks itself when nobody has used it for this long.",
    "backup_folder": "Chosen in School > Backups, which backs up into a folder before it "
    "keeps it, so a folder that does not work is never saved.",
    "backups_to_keep": "Older automatic backups are removed after this many.",
}
READ_ONLY = "Only the DSL can change the school's settings. You can read them here."
KEEP_TITLE = "School settings"
KEEP_QUESTION = "Keep your changes?"
KEEP_DETAIL = "You have changed the school's settings and not saved them."
# As wide and tall as the screen allows (at 1366x768, the whole screen less the
# taskbar): eleven settings with their hints then show without scrolling.
SIZE = (1300, 1100)
COLUMN_GAP = 28  # px between the columns of settings
NUMBER_WIDTH = 90  # px: a box for a number of up to three digits


def editable_keys() -> list[str]:
    return [s.key for s in settings_service.SPECS if s.key not in settings_service.INTERNAL]


class SettingsDialog(FormDialog):
    changed = Signal()  # saved (every open screen is also told, through app.ui.changes)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("School settings", parent, save_text="&Save settings", width=900)
        self.ws = ws
        self.before = ws.settings()
        self.inputs: dict[str, QLineEdit] = {}
        labels = {s.key: s.label for s in settings_service.SPECS}
        keys = editable_keys()
        grouped = {k for _title, group in GROUPS for k in group}
        groups = [(t, tuple(k for k in g if k in keys)) for t, g in GROUPS]
        rest = tuple(k for k in keys if k not in grouped)
        if rest:
            groups.append(("Other", rest))
        # Three columns side by side, so a laptop screen shows them all at once: the
        # school and its reviews, who to contact, then locking and backups. Each column
        # is read top to bottom (the inputs are added to it in that order).
        page = self.column
        columns = QHBoxLayout()
        columns.setSpacing(COLUMN_GAP)
        sides = [QVBoxLayout(), QVBoxLayout(), QVBoxLayout()]
        for side in sides:
            side.setSpacing(page.spacing())
            columns.addLayout(side, 1)
        page.addLayout(columns)
        # Alt+letter for each input, none twice, none the Save button's (Alt+S).
        shown = [k for _t, group in groups for k in group]
        labels = dict(
            zip(shown, with_mnemonics([labels[k] for k in shown], taken="s"), strict=True)
        )
        for title, group in groups:
            if not group:
                continue
            self.column = sides[COLUMN_OF.get(title, 2)]
            self.column.addSpacing(12)
            self.column.addWidget(heading(title, 1.1))
            for key in group:
                hint = HINTS.get(key, "")
                if key in settings_service.NUMBERS:
                    hint = (
                        f"{hint} A whole number from 1 to {settings_service.NUMBERS[key]}.".strip()
                    )
                if key in settings_service.NUMBERS:
                    edit = self._add_number(labels[key], self.before.get(key, ""), hint)
                else:
                    edit = self.add_line(labels[key], self.before.get(key, ""), hint)
                edit.setObjectName(key)
                self.inputs[key] = edit
                if key == "backup_folder":
                    # Saved only by School > Backups, after a backup into it was checked.
                    edit.setReadOnly(True)
        for side in sides:
            side.addStretch(1)
        self.column = page
        self.finish_layout()
        fit_to_screen(self, *SIZE)
        # Cancel throws the changes away, as it says; Esc or closing the window asks.
        self.cancel_button.clicked.disconnect(self.reject)
        self.cancel_button.clicked.connect(self.discard)
        self.keep_box: QMessageBox | None = None
        if not ws.account.is_dsl:
            for edit in self.inputs.values():
                edit.setReadOnly(True)
            self.save_button.setEnabled(False)
            self.message.show_error(READ_ONLY)
        self.inputs[keys[0]].setFocus()

    def _add_number(self, text: str, value: str, hint: str) -> QLineEdit:
        """A number's label and its small box on one line, the hint below: a laptop
        screen then shows every setting without scrolling."""
        edit = line_edit(max_length=3)
        edit.setText(value)
        edit.setFixedWidth(NUMBER_WIDTH)
        label = buddy_label(text, edit)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(label, 1)
        row.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        self.column.addSpacing(6)
        self.column.addLayout(row)
        if hint:
            edit.setAccessibleDescription(hint)
            self.column.addWidget(plain_label(hint, "hint"))
        return edit

    # -- closing with changes not saved ---------------------------------------------------
    def discard(self) -> None:
        """Close, leaving the settings as they were."""
        super().reject()

    def reject(self) -> None:
        """Esc or the window's close button: ask first when something was changed."""
        if not self.ws.account.is_dsl or not self.changes():
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, KEEP_TITLE, KEEP_QUESTION, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(KEEP_DETAIL)
        save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(lambda b: self._kept(b, save, discard))
        self.keep_box = box
        box.open()

    def _kept(
        self, chosen: QAbstractButton, save: QAbstractButton, discard: QAbstractButton
    ) -> None:
        self.keep_box = None
        if chosen is save:
            self.submit()  # a problem shows on the dialog, which stays open
        elif chosen is discard:
            super().reject()
        # Cancel: back to the settings, as they were typed

    def changes(self) -> dict[str, str]:
        return {
            key: edit.text()
            for key, edit in self.inputs.items()
            if edit.text() != self.before.get(key, "")
        }

    def check(self) -> list[str]:
        problems = []
        labels = {s.key: s.label for s in settings_service.SPECS}
        for key, limit in settings_service.NUMBERS.items():
            edit = self.inputs.get(key)
            if edit is None:
                continue
            text = edit.text().strip()
            if not (text.isdigit() and 0 < int(text) <= limit):
                problems.append(f"{labels[key]}: enter a whole number from 1 to {limit}.")
        return problems

    def save(self) -> None:
        changes = self.changes()
        if changes:
            settings_service.update(self.ws, changes)
            self.changed.emit()
            told.tell(self.ws, told.Change(told.What.SETTINGS))
