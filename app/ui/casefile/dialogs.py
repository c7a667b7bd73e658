"""Every write the case file makes, one dialog each, each through one service call.

Reasons are asked for wherever the service needs one (amendments, status
changes, reopening); the service still checks, and its refusal is shown on the
dialog as it is worded.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from app.dates import DATE_HINT
from app.models import Answer, CaseStatus, DecisionKind
from app.reports import labels
from app.services import cases, followup
from app.services.accounts import StaffMember
from app.services.workspace import Workspace
from app.ui.casefile.fields import NOT_RECORDED, FieldInfo, show_or_not_recorded
from app.ui.casefile.forms import FormDialog, TextBox, read_date, read_datetime
from app.ui.qt import QCheckBox, QComboBox, QLineEdit, QWidget
from app.ui.widgets import plain_label

REASON_HINT = "Say why, in a sentence: it is kept with the change, for anyone who reads the record."
# Drop-downs hold plain codes: Qt hands a str-based enum back as a plain str.
ANSWER_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Not answered", None),
    ("Yes", Answer.YES.value),
    ("No", Answer.NO.value),
    ("Not known", Answer.NOT_KNOWN.value),
)
SOMEONE_ELSE = "Someone without an account…"
OTHER = -1  # the owner list's "someone else" entry


# -- amendments ---------------------------------------------------------------------------


class AmendDialog(FormDialog):
    """One field of the record, changed with a reason; the earlier value is kept."""

    def __init__(
        self,
        ws: Workspace,
        case_id: int,
        info: FieldInfo,
        row_id: int,
        current: Any,
        *,
        where: str = "",
        staff: dict[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Amend: {info.label}",
            parent,
            intro=(
                "The record keeps what it said before, with who changed it, when and why. "
                "You will see both in the History tab."
            ),
            save_text="&Save amendment",
        )
        self.ws, self.case_id, self.info, self.row_id = ws, case_id, info, row_id
        self.role_boxes: list[tuple[str, QCheckBox]] = []
        if where:
            self.add_note(where, "hint")
        now_label = plain_label("It says now:", "hint")
        self.column.addSpacing(6)
        self.column.addWidget(now_label)
        self.current_label = plain_label(show_or_not_recorded(info, current, staff))
        self.current_label.setAccessibleName("It says now")
        self.current_label.setStyleSheet(
            "background: #f3f2f1; padding: 8px; border-left: 4px solid #b1b4b6;"
        )
        self.column.addWidget(self.current_label)
        self.editor = self._editor(current)
        self.reason = self.add_text("&Reason for the amendment", hint=REASON_HINT, lines=3)
        self.finish_layout()
        self.fit_contents()  # the required reason in view, not below the fold
        self.editor.setFocus()

    def _editor(self, current: Any) -> QWidget:
        info, label = self.info, "&New value"
        if info.kind == "text":
            return self.add_text(label, str(current or ""), lines=5)
        if info.kind == "line":
            return self.add_line(label, str(current or ""))
        if info.kind == "date":
            return self.add_date(label, current if isinstance(current, date) else None)
        if info.kind == "datetime":
            return self.add_datetime(label, current if isinstance(current, datetime) else None)
        if info.kind == "int":
            return self.add_line(label, "" if current is None else str(current), max_length=3)
        if info.kind == "bool":
            choices: list[tuple[str, Any]] = [("Yes", True), ("No", False)]
            if not info.required:
                choices.append((NOT_RECORDED, None))
            return self.add_combo(label, choices, current)
        if info.kind in ("enum", "choice"):
            code = getattr(current, "value", current)
            options: list[tuple[str, Any]] = [(words, c) for c, words in info.choices]
            if code is not None and code not in dict(info.choices):
                options.insert(0, (str(code), code))  # a value the list no longer offers
            if not info.required:
                options.append((NOT_RECORDED, None))
            return self.add_combo(label, options, code)
        if info.kind == "roles":
            self.column.addSpacing(6)
            self.column.addWidget(plain_label("New value: tick every part they had."))
            chosen = set(current or [])
            for code, words in info.choices:
                self.role_boxes.append((code, self.add_check(words, code in chosen)))
            return self.role_boxes[0][1]
        raise ValueError(f"{info.table}.{info.field} cannot be amended here")

    def new_value(self) -> tuple[Any, str]:
        """(the value for `cases.amend`, "") or (None, a sentence saying what to fix).

        Only a typed date is read here, with `app.dates`; every other check and
        conversion is the service's (`record_values.convert`), in its words.
        """
        info, editor = self.info, self.editor
        if info.kind == "date":
            assert isinstance(editor, QLineEdit)
            return read_date(editor)
        if info.kind == "datetime":
            assert isinstance(editor, QLineEdit)
            return read_datetime(editor)
        if info.kind == "roles":
            return [code for code, tick in self.role_boxes if tick.isChecked()], ""
        if isinstance(editor, QComboBox):
            return editor.currentData(), ""
        assert isinstance(editor, TextBox | QLineEdit)
        return editor.text(), ""  # text, a line, or a number as typed

    def check(self) -> list[str]:
        problems = []
        _value, problem = self.new_value()
        if problem:
            problems.append(problem)
        if not self.reason.text().strip():
            problems.append("Give the reason for the amendment.")
        return problems

    def save(self) -> None:
        value, _ = self.new_value()
        cases.amend(
            self.ws,
            self.case_id,
            self.info.table,
            self.row_id,
            self.info.field,
            value,
            self.reason.text(),
        )


# -- status ---------------------------------------------------------------------------------

STATUS_TITLES = {
    CaseStatus.MONITORING: "Move to monitoring",
    CaseStatus.OPEN: "Move back to open",
    CaseStatus.CLOSED: "Close the case",
}
STATUS_INTROS = {
    CaseStatus.MONITORING: (
        "Monitoring: the work is done for now and the case is watched until it can close. "
        "Reviews carry on."
    ),
    CaseStatus.OPEN: "The case is active again: reviews and actions carry on as before.",
    CaseStatus.CLOSED: (
        "Closing needs a closing summary, and every action must be complete. "
        "A closed case can be reopened later, with a reason."
    ),
}
REOPEN_INTRO = (
    "Reopening makes the case active again. Say why: for example a new concern, "
    "or something found out since it closed."
)


class StatusDialog(FormDialog):
    def __init__(
        self,
        ws: Workspace,
        case_id: int,
        current: CaseStatus,
        target: CaseStatus,
        open_actions: list[str],
        parent: QWidget | None = None,
    ) -> None:
        reopening = current == CaseStatus.CLOSED and target == CaseStatus.OPEN
        title = "Reopen the case" if reopening else STATUS_TITLES[target]
        super().__init__(
            title,
            parent,
            intro=REOPEN_INTRO if reopening else STATUS_INTROS[target],
            save_text="&Reopen case"
            if reopening
            else "&Close case"
            if target == CaseStatus.CLOSED
            else "&Change status",
        )
        self.ws, self.case_id, self.target = ws, case_id, target
        self.open_actions = open_actions
        self.summary: TextBox | None = None
        if target == CaseStatus.CLOSED:
            if open_actions:
                self.blocker = self.add_note(
                    "These actions are still open. Complete them (Actions tab) before closing:\n"
                    + "\n".join(f"• {a}" for a in open_actions),
                    "error",
                )
            self.summary = self.add_text(
                "Closing &summary",
                hint="How the concern was followed up and resolved, and the outcome.",
                lines=5,
            )
        self.reason = self.add_text(
            "&Reason for reopening" if reopening else "&Reason for the change",
            hint=REASON_HINT,
            lines=3,
        )
        self.finish_layout()
        if target == CaseStatus.CLOSED and open_actions:
            self.save_button.setEnabled(False)
        (self.summary or self.reason).setFocus()

    def check(self) -> list[str]:
        problems = []
        if self.target == CaseStatus.CLOSED and self.open_actions:
            problems.append("Complete the open actions before closing the case.")
        if self.summary is not None and not self.summary.text().strip():
            problems.append("Write the closing summary.")
        if not self.reason.text().strip():
            problems.append("Give the reason.")
        return problems

    def save(self) -> None:
        cases.change_status(
            self.ws,
            self.case_id,
            self.target,
            self.reason.text(),
            closing_summary=self.summary.text() if self.summary is not None else None,
        )


# -- actions --------------------------------------------------------------------------------


class ActionDialog(FormDialog):
    """A new action: what, who (a staff member, or anyone by name) and by when."""

    def __init__(
        self,
        ws: Workspace,
        case_id: int,
        staff: list[StaffMember],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__("Add an action", parent, save_text="&Add action")
        self.ws, self.case_id = ws, case_id
        day = today or date.today()
        self.description = self.add_text("&What needs doing", lines=3)
        choices: list[tuple[str, int | None]] = [("No one yet", None)]
        choices += [(m.display_name, m.id) for m in staff if m.active]
        choices.append((SOMEONE_ELSE, OTHER))
        self.owner = self.add_combo(
            "W&ho will do it", choices, hint="A member of staff with a Casebook account, or not."
        )
        self.other_name = self.add_line("&Their name (if they have no account)", max_length=200)
        self.other_name.setEnabled(False)
        self.owner.currentIndexChanged.connect(
            lambda _i: self.other_name.setEnabled(self.owner.currentData() == OTHER)
        )
        self.due = self.add_date("&Due by", day + timedelta(days=7))
        self.finish_layout()
        self.description.setFocus()

    def owner_choice(self) -> tuple[int | None, str | None]:
        """(staff account id, name): an account, someone named, or no one yet."""
        chosen = self.owner.currentData()
        if chosen == OTHER:
            return None, self.other_name.text().strip() or None
        if chosen is None:
            return None, None
        return int(chosen), self.owner.currentText()

    def check(self) -> list[str]:
        problems = []
        if not self.description.text().strip():
            problems.append("Say what needs doing.")
        if self.owner.currentData() == OTHER and not self.other_name.text().strip():
            problems.append("Type the name of the person who will do it.")
        _due, problem = read_date(self.due)
        if problem:
            problems.append(problem)
        return problems

    def save(self) -> None:
        owner_id, owner_name = self.owner_choice()
        due, _ = read_date(self.due)
        followup.add_action(
            self.ws,
            self.case_id,
            self.description.text(),
            owner_id=owner_id,
            owner_name=owner_name,
            due_on=due,
        )


class CompleteActionDialog(FormDialog):
    def __init__(
        self,
        ws: Workspace,
        case_id: int,
        action_id: int,
        description: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Mark the action done", parent, save_text="&Mark done")
        self.ws, self.case_id, self.action_id = ws, case_id, action_id
        self.add_note(description)
        self.note = self.add_text(
            "What &was done", hint="What happened, and anything it led to.", lines=4
        )
        self.finish_layout()
        self.note.setFocus()

    def check(self) -> list[str]:
        return [] if self.note.text().strip() else ["Say what was done."]

    def save(self) -> None:
        followup.complete_action(self.ws, self.case_id, self.action_id, self.note.text())


# -- reviews --------------------------------------------------------------------------------


class ReviewDialog(FormDialog):
    """A review: what was found, whether the risk remains, and the next date or closing."""

    def __init__(
        self,
        ws: Workspace,
        case_id: int,
        interval_days: int,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__("Record a review", parent, save_text="&Save review")
        self.ws, self.case_id = ws, case_id
        day = today or date.today()
        self.held_on = self.add_date("&Held on", day)
        self.notes = self.add_text(
            "&Notes",
            hint="What has happened since the last review, and how the young people are.",
            lines=5,
        )
        self.risk = self.add_combo("Is the &risk still present?", ANSWER_CHOICES)
        self.next_review = self.add_date(
            "Ne&xt review on",
            day + timedelta(days=interval_days),
            hint=f"As {DATE_HINT}. The school's usual interval is {interval_days} days.",
        )
        self.propose_closing = self.add_check("&Propose closing the case (no next review needed)")
        self.propose_closing.toggled.connect(self._closing_toggled)
        self.finish_layout()
        self.notes.setFocus()

    def _closing_toggled(self, on: bool) -> None:
        self.next_review.setEnabled(not on)

    def check(self) -> list[str]:
        problems = []
        _held, problem = read_date(self.held_on, required=True)
        if problem:
            problems.append(problem)
        if not self.notes.text().strip():
            problems.append("Write the review notes.")
        if not self.propose_closing.isChecked():
            _next_on, problem = read_date(self.next_review, required=True)
            if problem:
                problems.append(f"{problem} Or tick Propose closing the case.")
        return problems

    def save(self) -> None:
        held, _ = read_date(self.held_on, required=True)
        assert held is not None
        closing = self.propose_closing.isChecked()
        next_on = None if closing else read_date(self.next_review)[0]
        risk = self.risk.currentData()
        followup.add_review(
            self.ws,
            self.case_id,
            held_on=held,
            notes=self.notes.text(),
            risk_still_present=Answer(risk) if risk else None,
            next_review_on=next_on,
            propose_closing=closing,
        )


# -- chronology and decisions ------------------------------------------------------------


class ChronologyDialog(FormDialog):
    def __init__(self, ws: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            "Add to the chronology",
            parent,
            intro=(
                "Something that happened: a call, a meeting, a conversation. "
                "You may enter it later than it happened; it will be marked as back-dated."
            ),
            save_text="&Add entry",
        )
        self.ws, self.case_id = ws, case_id
        self.when = self.add_datetime(
            "&When did it happen?", datetime.now().replace(second=0, microsecond=0)
        )
        self.entry = self.add_text("What &happened", lines=5)
        self.finish_layout()
        self.entry.setFocus()

    def check(self) -> list[str]:
        problems = []
        _when, problem = read_datetime(self.when, required=True)
        if problem:
            problems.append(problem)
        if not self.entry.text().strip():
            problems.append("Say what happened.")
        return problems

    def save(self) -> None:
        when, _ = read_datetime(self.when, required=True)
        assert when is not None
        followup.add_chronology_entry(self.ws, self.case_id, when, self.entry.text())


# Kinds a DSL records by hand after the case is open (closing and reopening
# come with the status change itself).
MANUAL_KINDS = tuple(
    k for k in DecisionKind if k not in (DecisionKind.CLOSING, DecisionKind.REOPENING)
)


class DecisionDialog(FormDialog):
    def __init__(self, ws: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            "Record a decision",
            parent,
            intro="Every decision is kept with its reason, including a decision not to act.",
            save_text="&Save decision",
        )
        self.ws, self.case_id = ws, case_id
        self.kind = self.add_combo(
            "&About",
            [(labels.DECISION_KINDS[k], k.value) for k in MANUAL_KINDS],
            DecisionKind.OTHER.value,
        )
        self.decision = self.add_text("The &decision", lines=3)
        self.reason = self.add_text("The &reason for it", lines=4)
        self.finish_layout()
        self.decision.setFocus()

    def check(self) -> list[str]:
        problems = []
        if not self.decision.text().strip():
            problems.append("Write the decision.")
        if not self.reason.text().strip():
            problems.append("Give the reason for the decision.")
        return problems

    def save(self) -> None:
        followup.record_decision(
            self.ws,
            self.case_id,
            DecisionKind(self.kind.currentData()),
            self.decision.text(),
            self.reason.text(),
        )
