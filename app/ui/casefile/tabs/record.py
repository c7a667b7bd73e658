"""Every section the wizard captured, readable at a glance, each field amendable.

Sections follow the wizard's pages. A field shows its label, its value (or "Not
recorded") and an Amend button; the window opens the amendment dialog, so an
edit is always an amendment with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.dates import age_on, format_date
from app.models import CaseStatus
from app.record.snapshot import CaseRecord
from app.reports import labels
from app.ui.casefile.fields import (
    NOT_RECORDED,
    FieldInfo,
    field_info,
    show,
)
from app.ui.qt import (
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import settle_layouts
from app.ui.widgets import link_button, plain_label

LABEL_WIDTH = 260
# A full record's cards: the first made at once, then two at each pause, so no
# turn of the event loop is long (RecordView.show_record).
FIRST_CARDS = 1
CARDS_PER_TURN = 2
BUILD_PAUSE_MS = 10
CARD_STYLE = "QFrame#card { background: #ffffff; border: 1px solid #c8ccd0; border-radius: 4px; }"


@dataclass(frozen=True)
class AmendTarget:
    """One field of one row, as the amendment dialog needs it."""

    info: FieldInfo
    row_id: int
    value: Any
    where: str  # e.g. "Young person: Zoë O'Brien"


@dataclass
class Block:
    title: str
    table: str
    row: Any
    fields: Sequence[str]
    row_id: int = 0
    # Values worked out from others, shown instead of the stored one (not amended here).
    derived: dict[str, str] = field(default_factory=dict)


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    empty: str = ""  # said when there are no blocks


INCIDENT = (
    "came_to_light_at",
    "came_to_light_how",
    "reported_by",
    "summary",
    "adults_involved",
    "adults_involved_details",
)
YOUNG_PERSON = (
    "name",
    "known_as",
    "date_of_birth",
    "age_years",
    "year_group",
    "roles",
    "has_send",
    "send",
    "other_vulnerabilities",
    "existing_concerns",
    "earlier_mash_referral",
    "known_to_social_care",
    "looked_after",
    "school_if_elsewhere",
)
INITIAL_REVIEW = (
    "held_at",
    "attendees",
    "more_information_needed",
    "other_school_contact",
    "notes",
)
CONVERSATION = (
    "held",
    "not_held_reason",
    "held_at",
    "present",
    "confidentiality_explained",
    "own_words",
    "impact",
    "risk_to_child",
    "risk_to_others",
    "support_needed",
    "image_still_on_phone",
    "who_has_it",
    "next_steps",
)
HANDLING = (
    "description",
    "assessment",
    "image_origin",
    "shows_sexual_act",
    "sharing",
    "sextortion",
    "sextortion_demand",
    "sextortion_details",
    "how_widely_shared",
    "was_viewed",
    "immediate_risks",
    "immediate_support_needed",
    "other_children_involved",
    "deletion",
)
LOCATION = ("place", "details", "removal_requested")
DEVICE = (
    "description",
    "belongs_to",
    "taken_at",
    "taken_by",
    "switched_off",
    "custody",
    "stored_where",
    "handed_over_at",
    "handed_to",
    "police_reference",
    "returned_at",
    "returned_to",
)
VIEWING = (
    "viewed_at",
    "viewed_by",
    "reason",
    "others_present",
    "head_agreed",
    "head_name",
    "head_told_at",
    "outcome",
)
POLICE_IMAGE = ("explicitness", "coercion_or_threats", "coercion_details")
POLICE = (
    "vulnerability_notes",
    "reported",
    "reason",
    "reported_at",
    "force",
    "officer",
    "crime_reference",
    "response",
    "outcome_code",
    "outcome_notes",
)
POLICE_OUTCOME = ("outcome_code", "crime_reference", "outcome_notes")
AGENCY = ("agency_name", "referred", "referred_on", "reference", "reason", "outcome")
PARENTS = (
    "informed",
    "who",
    "informed_at",
    "how",
    "planned_on",
    "reason_not_informed",
    "revisit_on",
)
PLAN = (
    "bullying",
    "restorative_appropriate",
    "restorative_notes",
    "work_with_others",
    "follow_up_support",
    "removal",
    "preventative_work",
)
# The pathway may change later (a case can be escalated at any time); the next
# review date is normally set by recording a review, but can be moved with a reason.
CLASSIFICATION = ("classification", "classification_reason", "pathway", "next_review_on")


AGE_ON_THE_DAY = "{age} when it came to light ({day}), from the date of birth"


def age_when_it_came_to_light(record: CaseRecord, person: Any) -> str:
    """A young person's age on the day the incident came to light, from their date of
    birth: "" when either date is not recorded (then the age typed, if any, shows)."""
    dob, came = person.date_of_birth, record.case.came_to_light_at
    if dob is None or came is None:
        return ""
    return AGE_ON_THE_DAY.format(age=age_on(dob, came.date()), day=format_date(came.date()))


def sections(record: CaseRecord) -> list[Section]:
    """The record as the wizard's pages, in the wizard's order."""
    # Long because it is one declaration: a section per wizard page, read top to bottom.
    case = record.case
    names = {p.id: p.name for p in record.rows("young_people")}

    def blocks(table: str, fields: Sequence[str], title: Callable[[Any, int], str]) -> list[Block]:
        return [
            Block(title(row, n), table, row, fields, row.id)
            for n, row in enumerate(record.rows(table), start=1)
        ]

    def one(table: str, fields: Sequence[str], title: str = "") -> list[Block]:
        rows = record.rows(table)
        return [Block(title, table, rows[0], fields, rows[0].id)] if rows else []

    def case_block(fields: Sequence[str], title: str = "") -> Block:
        return Block(title, "cases", case, fields, case.id)

    # The one outcome for the whole case of a record made before outcomes were per child.
    per_child = bool(record.rows("police_outcomes"))
    police_fields = [f for f in POLICE if not (per_child and f.startswith("outcome_"))]
    out = [
        Section("The incident", [case_block(INCIDENT)]),
        Section(
            "Young people",
            [
                Block(
                    row.name,
                    "young_people",
                    row,
                    YOUNG_PERSON,
                    row.id,
                    {"age_years": age} if (age := age_when_it_came_to_light(record, row)) else {},
                )
                for row in record.rows("young_people")
            ],
            "No young people are recorded.",
        ),
        Section(
            "Initial review",
            one("initial_reviews", INITIAL_REVIEW)
            + blocks(
                "referral_answers",
                ("answer", "note"),
                lambda r, _n: labels.question(r.question),
            ),
        ),
        Section(
            "Conversations",
            blocks(
                "conversations",
                CONVERSATION,
                lambda r, _n: f"Conversation with {names.get(r.young_person_id, 'a young person')}",
            ),
            "No conversations are recorded.",
        ),
        Section(
            "Dealing with the incident",
            one("incident_descriptions", HANDLING)
            + blocks("sharing_locations", LOCATION, lambda _r, n: f"Where the image is ({n})")
            + blocks("devices", DEVICE, lambda r, _n: f"Device: {r.description}")
            + blocks("viewing_log", VIEWING, lambda _r, n: f"Viewing log entry {n}"),
        ),
        Section(
            "Police",
            one("incident_descriptions", POLICE_IMAGE, "The image, as described")
            + one("police_contacts", police_fields, "Reporting to the police")
            + blocks(
                "police_outcomes",
                POLICE_OUTCOME,
                lambda r, _n: (
                    f"Police outcome for {names.get(r.young_person_id, 'a young person')}"
                ),
            ),
        ),
        Section(
            "Other agencies",
            [case_block(("existing_concerns",))]
            + blocks(
                "agency_referrals",
                AGENCY,
                lambda r, _n: (
                    labels.agency(r.agency, r.agency_name)
                    + (
                        f": {names.get(r.young_person_id, 'a young person')}"
                        if r.young_person_id
                        else ""
                    )
                ),
            ),
        ),
        Section(
            "Parents and carers",
            blocks(
                "parent_carer_contacts",
                PARENTS,
                lambda r, _n: (
                    f"Parents or carers of {names.get(r.young_person_id, 'a young person')}"
                ),
            ),
            "Nothing is recorded about parents or carers.",
        ),
        Section("The plan", one("plans", PLAN), "No plan is recorded."),
        Section("Classification and review", [case_block(CLASSIFICATION)]),
    ]
    if case.status == CaseStatus.CLOSED or case.closing_summary:
        out.append(Section("Closing", [case_block(("closing_summary",))]))
    return out


def place_words(section: str, block: str) -> str:
    """Where a field is, said briefly after its label: 'question 3, initial review',
    'Zoë O'Brien, young people'. A numbered question is said by its number alone."""
    section = section[:1].lower() + section[1:] if section[1:2].islower() else section
    if not block:
        return section
    number, dot, _question = block.partition(". ")
    if dot and number.isdigit():
        block = f"question {number}"
    return f"{block}, {section}"


class RecordView(QWidget):
    """A list of sections on the left; the sections, as cards, on the right."""

    amend_requested = Signal(object)  # AmendTarget

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.can_amend = True
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.index = QListWidget()
        self.index.setAccessibleName("Sections")
        self.index.setMaximumWidth(240)
        self.index.setMinimumWidth(200)
        self.index.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.index.currentRowChanged.connect(self._jump)
        layout.addWidget(self.index)
        self.scroller = QScrollArea()
        self.scroller.setAccessibleName("The record, section by section")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroller, 1)
        self._cards: list[QWidget] = []
        self._amend_buttons: dict[tuple[str, int, str], QPushButton] = {}
        self._values: dict[tuple[str, int, str], QLabel] = {}
        self._pad = 0
        # Sections still to be made into cards, a few at a time (see show_record).
        self._to_build: list[Section] = []
        self._staff: dict[int, str] = {}
        self._column: QVBoxLayout | None = None

    # Everything on the record: the cards still to come are made first.
    @property
    def cards(self) -> list[QWidget]:
        self.finish()
        return self._cards

    @property
    def amend_buttons(self) -> dict[tuple[str, int, str], QPushButton]:
        self.finish()
        return self._amend_buttons

    @property
    def values(self) -> dict[tuple[str, int, str], QLabel]:
        self.finish()
        return self._values

    @property
    def complete(self) -> bool:
        """Every section of the record is on screen as its card."""
        return not self._to_build

    def _text_pad(self) -> int:
        """Top margin that puts a value's first line level with its Amend button's text."""
        probe_button, probe_label = link_button("Amend"), plain_label("Amend")
        probe_button.ensurePolished()
        probe_label.ensurePolished()
        return max(0, (probe_button.sizeHint().height() - probe_label.sizeHint().height()) // 2)

    def show_record(self, record: CaseRecord) -> None:
        """The record's sections as cards.

        The first cards (down to where the DSL had scrolled, when it is read again
        after a change) are made at once and the rest a few at a time once the window
        has painted: the 500 or so labels and buttons of a full record, made in one
        go, held the window still for a quarter of a second.
        """
        keep = self.scroller.verticalScrollBar().value()
        # Read again after a change: the cards down to the bottom of what the DSL was
        # looking at are made at once, so the record stays where they had scrolled to.
        bottom = keep + self.scroller.viewport().height()
        in_view = sum(1 for card in self._cards if card.y() < bottom)
        self._pad = self._text_pad()
        self.index.blockSignals(True)
        self.index.clear()
        self._cards, self._amend_buttons, self._values = [], {}, {}
        # Made where it will live, and each card inside it: a widget tree moved in
        # afterwards is restyled and laid out again, widget by widget.
        page = QWidget(self.scroller.viewport())
        page.setObjectName("record")
        page.setStyleSheet(CARD_STYLE)
        column = QVBoxLayout(page)
        column.setContentsMargins(4, 0, 16, 16)
        column.setSpacing(12)
        column.addStretch(1)
        self._column, self._staff = column, record.staff_names
        self._to_build = list(sections(record))
        for section in self._to_build:
            self.index.addItem(section.title)
        self._build(max(FIRST_CARDS, in_view))
        # Sized first, or setWidget lays the whole record out at its size hint only
        # for the scroll area to lay it out again at the viewport's width.
        page.resize(self.scroller.viewport().size())
        self.scroller.setWidget(page)
        self.index.blockSignals(False)
        self.scroller.verticalScrollBar().setValue(keep)
        self._build_later()

    def finish(self) -> None:
        """Every card still to come, made and laid out now (the index jumps to one)."""
        if self._to_build:
            self._build(len(self._to_build))
            settle_layouts()

    def _build_later(self) -> None:
        if self._to_build:
            # After a pause, not a zero timer: Qt paints what is made so far first.
            QTimer.singleShot(BUILD_PAUSE_MS, self, self._build_more)

    def _build_more(self) -> None:
        self._build(CARDS_PER_TURN)
        self._build_later()

    def _build(self, count: int) -> None:
        column = self._column
        page = column.parentWidget() if column is not None else None
        if column is None or page is None:
            return
        for section in self._to_build[:count]:
            card = self._card(section, self._staff, page)
            column.insertWidget(column.count() - 1, card)  # before the closing stretch
            card.show()  # now: a layout shows what it is given on its next turn only
            self._cards.append(card)
        del self._to_build[:count]

    def _card(self, section: Section, staff: dict[int, str], page: QWidget) -> QWidget:
        card = QFrame(page)
        card.setObjectName("card")  # styled once, by the page (see show_record)
        column = QVBoxLayout(card)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(6)
        title = plain_label(section.title)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName(section.title)
        column.addWidget(title)
        if not section.blocks:
            column.addWidget(plain_label(section.empty or NOT_RECORDED, "hint"))
        for block in section.blocks:
            if block.title:
                sub = plain_label(block.title)
                bold = QFont(sub.font())
                bold.setBold(True)
                sub.setFont(bold)
                sub.setContentsMargins(0, 8, 0, 0)
                column.addWidget(sub)
            grid = QGridLayout()
            grid.setHorizontalSpacing(16)
            grid.setVerticalSpacing(0)
            grid.setColumnMinimumWidth(0, LABEL_WIDTH)
            grid.setColumnStretch(1, 1)
            where = f"{section.title}: {block.title}" if block.title else section.title
            spoken = place_words(section.title, block.title)
            for n, name in enumerate(block.fields):
                self._field_row(grid, n, block, name, where, spoken, staff)
            column.addLayout(grid)
        return card

    def _field_row(
        self,
        grid: QGridLayout,
        n: int,
        block: Block,
        name: str,
        where: str,
        spoken: str,
        staff: dict[int, str],
    ) -> None:
        info = field_info(block.table, name)
        value = getattr(block.row, name)
        label = plain_label(info.label, "hint")
        label.setFixedWidth(LABEL_WIDTH)
        derived = block.derived.get(name)
        text = derived if derived is not None else show(info, value, staff)
        shown = plain_label(text or NOT_RECORDED, "" if text else "hint")
        for part in (label, shown):
            # Top-aligned for long values, level with the Amend button's text.
            part.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            part.setContentsMargins(0, self._pad, 0, 0)
        shown.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        shown.setAccessibleName(info.label)
        shown.setAccessibleDescription(text or NOT_RECORDED)
        shown.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        grid.addWidget(label, n, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(shown, n, 1, Qt.AlignmentFlag.AlignTop)
        key = (block.table, block.row_id, name)
        self._values[key] = shown
        if info.amendable and self.can_amend and derived is None:
            amend = link_button("Amend")
            # "Amend Note, question 3, initial review": one name per button on the screen.
            amend.setAccessibleName(f"Amend {info.label}, {spoken}")
            amend.setToolTip(f"Amend {info.label} ({where})")
            target = AmendTarget(info, block.row_id, value, where)
            amend.clicked.connect(lambda _=False, t=target: self.amend_requested.emit(t))
            grid.addWidget(amend, n, 2, Qt.AlignmentFlag.AlignTop)
            self._amend_buttons[key] = amend

    def _jump(self, row: int) -> None:
        cards = self.cards  # the one asked for may still be to come: every card made first
        if 0 <= row < len(cards):
            self.scroller.verticalScrollBar().setValue(cards[row].y())
