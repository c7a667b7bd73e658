"""The top of the case file: reference, status, the status actions and Print, then
where the case is up to, what is overdue (in words) and notes worth seeing first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.dates import format_date
from app.models import CaseStatus
from app.record.snapshot import CaseRecord
from app.reports import labels
from app.services.people import Appearance
from app.services.transfer import Transfer
from app.ui.casefile.fields import PATHWAY_WORDS, STATUS_WORDS
from app.ui.qt import QHBoxLayout, QVBoxLayout, QWidget, Signal
from app.ui.widgets import button, heading, plain_label

STATUS_COLOURS = {
    CaseStatus.OPEN: ("#1d4f91", "#ffffff"),
    CaseStatus.MONITORING: ("#fff2c4", "#3d2c00"),
    CaseStatus.CLOSED: ("#e1e3e5", "#0b0c0c"),
    CaseStatus.DRAFT: ("#ffdd00", "#0b0c0c"),
}


def facts(record: CaseRecord, today: date) -> tuple[str, str]:
    """(where the case is up to, what is overdue): overdue is said in words."""
    case = record.case
    parts, late_words = [], []
    opened = case.opened_at or case.created_at
    parts.append(f"Opened {format_date(opened.date())}")
    if case.status == CaseStatus.CLOSED and case.closed_at:
        parts.append(f"Closed {format_date(case.closed_at.date())}")
    elif case.next_review_on is not None:
        due = case.next_review_on
        parts.append(f"Next review {format_date(due)}")
        if due < today:
            late_words.append(f"The review is overdue: it was due on {format_date(due)}.")
        elif due == today:
            late_words.append("The review is due today.")
    elif case.status != CaseStatus.DRAFT:
        parts.append("No review date set")
    parts.append(f"Pathway: {PATHWAY_WORDS[case.pathway] if case.pathway else 'not recorded'}")
    if case.classification is not None:
        words = labels.vocab("classification", case.classification).split(":")[0]
        parts.append(f"Classification: {words}")
    open_actions = [a for a in record.rows("actions") if a.done_at is None]
    late = [a for a in open_actions if a.due_on is not None and a.due_on < today]
    parts.append(f"Open actions: {len(open_actions)}" if open_actions else "No open actions")
    if late:
        late_words.append(f"{len(late)} action{' is' if len(late) == 1 else 's are'} overdue.")
    return "   ·   ".join(parts), " ".join(late_words)


def banner_lines(record: CaseRecord, appearances: dict[int, list[Appearance]]) -> list[str]:
    """A proposal to close, and every young person who is in another case."""
    lines = []
    reviews = record.rows("reviews")
    if (
        record.case.status != CaseStatus.CLOSED
        and reviews
        and max(reviews, key=lambda r: (r.held_on, r.id)).propose_closing
    ):
        lines.append(
            "The last review proposed closing this case. Close it when every action is done."
        )
    repeat = []
    for person in record.rows("young_people"):
        others = [a for a in appearances.get(person.id, []) if a.case_id != record.case.id]
        if others:
            repeat.append(
                f"{person.name} is in {len(others)} other case{'s' if len(others) > 1 else ''}"
            )
    if repeat:
        lines.append("; ".join(repeat) + ". A repeat incident is a risk factor: see Young people.")
    return lines


def sent_lines(record: CaseRecord, sent: Sequence[Transfer], today: date) -> list[str]:
    """Each child's file sent to another school from this case, and where its receipt is."""
    names = {p.id: p.name for p in record.rows("young_people")}
    lines = []
    for t in sent:
        if t.received_at is not None:
            receipt = f"receipt confirmed on {format_date(t.received_at.date())}"
        elif t.overdue(today):
            receipt = f"receipt overdue: it was due by {format_date(t.receipt_due_on)}"
        else:
            receipt = "receipt awaited"
        several = len(names) > 1 and t.young_person_id in names
        who = f"{names[t.young_person_id]}: " if several else ""
        lines.append(
            f"{who}File sent to {t.to_school} on {format_date(t.sent_at.date())}; {receipt}."
        )
    return lines


class CaseHeader(QWidget):
    status_requested = Signal(object)  # the CaseStatus to move to
    print_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        top = QHBoxLayout()
        self.title = heading("Case", 1.5)
        self.title.setWordWrap(False)
        top.addWidget(self.title)
        self.status_badge = plain_label("", wrap=False)
        self.status_badge.setAccessibleName("Status")
        top.addWidget(self.status_badge)
        top.addStretch(1)
        self.monitor_button = button("Move to &monitoring…")
        self.back_open_button = button("Move back to &open…")
        self.close_button = button("C&lose case…")  # Alt+C is the Case menu
        self.reopen_button = button("R&eopen case…")
        self.print_button = button("&Print…")
        self.print_button.setToolTip("Print the record or a child's extract (Ctrl+P)")
        self.buttons = (
            self.monitor_button,
            self.back_open_button,
            self.close_button,
            self.reopen_button,
            self.print_button,
        )
        for b in self.buttons:
            top.addWidget(b)
        outer.addLayout(top)
        self.facts = plain_label("")
        self.facts.setAccessibleName("Where the case is up to")
        outer.addWidget(self.facts)
        self.attention = plain_label("", "error")
        self.attention.setAccessibleName("Needs attention")
        self.attention.hide()
        outer.addWidget(self.attention)
        self.sent = plain_label("")
        self.sent.setAccessibleName("File sent to another school")
        self.sent.hide()
        outer.addWidget(self.sent)
        self.banner = plain_label("")
        self.banner.setAccessibleName("Notes on this case")
        self.banner.setStyleSheet(
            "background: #fff7bf; border-left: 5px solid #b58800; padding: 6px 10px;"
        )
        self.banner.hide()
        outer.addWidget(self.banner)
        for b, target in (
            (self.monitor_button, CaseStatus.MONITORING),
            (self.back_open_button, CaseStatus.OPEN),
            (self.close_button, CaseStatus.CLOSED),
            (self.reopen_button, CaseStatus.OPEN),
        ):
            b.clicked.connect(lambda _c=False, t=target: self.status_requested.emit(t))
        self.print_button.clicked.connect(self.print_requested)

    def show_record(
        self,
        record: CaseRecord,
        appearances: dict[int, list[Appearance]],
        today: date,
        sent: Sequence[Transfer] = (),
    ) -> None:
        case = record.case
        self.title.setText(f"Case {case.reference}")
        self.title.setAccessibleName(f"Case {case.reference}")
        status = case.status
        background, colour = STATUS_COLOURS[status]
        self.status_badge.setText(STATUS_WORDS[status])
        self.status_badge.setStyleSheet(
            f"background: {background}; color: {colour}; font-weight: bold;"
            " padding: 4px 12px; border-radius: 3px;"
        )
        self.monitor_button.setVisible(status == CaseStatus.OPEN)
        self.back_open_button.setVisible(status == CaseStatus.MONITORING)
        self.close_button.setVisible(status in (CaseStatus.OPEN, CaseStatus.MONITORING))
        self.reopen_button.setVisible(status == CaseStatus.CLOSED)
        self.print_button.show()
        where, late = facts(record, today)
        self.facts.setText(where)
        self.attention.setText(late)
        self.attention.setVisible(bool(late))
        moved = sent_lines(record, sent, today)
        self.sent.setText("\n".join(moved))
        self.sent.setVisible(bool(moved))
        lines = banner_lines(record, appearances)
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def hide_buttons(self) -> None:
        """The case could not be read: nothing to act on."""
        for b in self.buttons:
            b.hide()
