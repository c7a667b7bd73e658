"""The printed case record and the per-child extract (reportlab, no Qt).

The record follows the incident wizard's order and prints everything the case
holds; every decision is printed with its reason. The extract is for one
child's own child protection file: that child in full, the other children by
their part and initials only, their conversations and parents' contacts left
out, and their full names replaced by initials wherever they were typed.

Every value from the database reaches a Paragraph through `_Renderer.t()`,
which scrubs other children's names (in an extract) and then escapes it with
`text.markup()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.dates import age_on, format_date, format_datetime
from app.errors import RecordNotFound
from app.models import (
    Answer,
    CaseStatus,
    ReferralQuestion,
)
from app.record import schema as record_schema
from app.record.chronology import timeline
from app.record.schema import Kind
from app.record.snapshot import CaseRecord, HistoryLine
from app.reports import labels
from app.reports.labels import field_label, vocab
from app.reports.layout import (
    ACCENT,
    CONTENT_WIDTH,
    QUOTE_BAR,
    QUOTE_SHADE,
    RULE,
    SHADE,
    Bookmark,
    HeadedTable,
    NumberedCanvas,
    PageFurniture,
    RecordDocument,
    styles,
)
from app.reports.text import NameScrubber, initials, markup, plain
from app.vocabulary import NOT_RECORDED, STATUS_WORDS

LABEL_WIDTH = 52 * 2.834645669  # 52 mm in points
Row = tuple[str, Any]

# How a chronology line came about, where it is not the record's own entry.
SOURCE_WORDS = {"manual": "entry added by hand"}


def fmt_date(value: date | None) -> str | None:
    return format_date(value) if value else None


def fmt_datetime(value: datetime | None) -> str | None:
    return format_datetime(value) if value else None


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def answer(value: Any) -> str | None:
    return vocab("answer", value) if value is not None else None


class _Renderer:
    def __init__(
        self,
        record: CaseRecord,
        *,
        school: str,
        marking: str,
        printed_by: str,
        training: bool,
        history: list[HistoryLine] | None,
        child_id: int | None,
        printed_at: datetime,
        seal: str = "",
    ) -> None:
        self.record = record
        self.case = record.case
        self.history = history
        self.s = styles()
        self.people = list(record.rows("young_people"))
        self.child = None
        if child_id is not None:
            self.child = next((p for p in self.people if p.id == child_id), None)
            if self.child is None:
                raise RecordNotFound("That young person is not part of this case.")
        self.others = [p for p in self.people if self.child is not None and p.id != child_id]
        self.other_ids = {p.id for p in self.others}
        self.scrub = self._scrubber() if self.child is not None else None
        reference = plain(self.case.reference)
        self.furniture = PageFurniture(
            marking=marking,
            school=school,
            # A loose page of an extract must find its way back to the right file.
            reference_line=(
                f"Case {reference} · Extract for {plain(self.child.name)}"
                if self.child is not None
                else f"Case {reference}"
            ),
            printed_by=printed_by,
            printed_at=printed_at,
            training=training,
            seal=seal,
        )
        self.section_number = 0

    # -- text: the one way a stored value reaches the page -----------------
    def _scrubber(self) -> NameScrubber:
        assert self.child is not None
        replace = {p.name: initials(p.name) for p in self.others}
        # Earlier spellings of another child's name, from the amendment history.
        for line in self.history or []:
            if (
                line.table == "young_people"
                and line.field == "name"
                and line.row_id in self.other_ids
            ):
                for value in (line.old_value, line.new_value):
                    if isinstance(value, str) and value.strip():
                        replace.setdefault(value, initials(value))
        keep = [self.child.name]
        return NameScrubber(keep, replace)

    def t(self, value: Any) -> str:
        """Paragraph markup for a stored value: names scrubbed (extract), then escaped."""
        text = plain(value)
        if self.scrub is not None:
            text = self.scrub(text)
        return markup(text)

    def p(self, value: Any, style: str = "body") -> Paragraph:
        return Paragraph(self.t(value), self.s[style])

    def staff(self, staff_id: int | None) -> str:
        if staff_id is None:
            return NOT_RECORDED
        return self.record.staff_names.get(staff_id, "Unknown staff member")

    def person_name(self, young_person_id: int) -> str:
        for p in self.people:
            if p.id == young_person_id:
                return p.name if p.id not in self.other_ids else self.by_role(p)
        return "A young person no longer on the record"

    def roles(self, person: Any) -> str:
        return ", ".join(vocab("roles", r) for r in person.roles or []) or "Part not recorded"

    def by_role(self, person: Any) -> str:
        return f"{self.roles(person)} — {initials(person.name)}"

    # -- building blocks -------------------------------------------------
    def section(self, title: str) -> list[Flowable]:
        self.section_number += 1
        heading = f"{self.section_number}. {title}"
        return [
            CondPageBreak(120),  # a section never starts in the last few lines
            Bookmark(heading, f"s{self.section_number}"),
            Paragraph(markup(heading), self.s["h2"]),
        ]

    def h3(self, text: str) -> Paragraph:
        return self.p(text, "h3")

    def empty(self, text: str = "Nothing recorded.") -> Paragraph:
        return Paragraph(markup(text), self.s["empty"])

    def fields(self, rows: Iterable[Row], *, keep_blank: bool = False) -> list[Flowable]:
        """Label and value side by side; blank values are left out unless `keep_blank`."""
        data: list[list[Flowable]] = []
        for label, value in rows:
            if value is None or (isinstance(value, str) and not value.strip()):
                if not keep_blank:
                    continue
                data.append([self.p(label, "label"), self.p(NOT_RECORDED, "empty")])
                continue
            cell = value if isinstance(value, Flowable) else self.p(value, "value")
            data.append([self.p(label, "label"), cell])
        if not data:
            return [self.empty()]
        table = Table(
            data,
            colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH],
            splitInRow=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ]
            )
        )
        return [table]

    def grid(
        self, head: Sequence[str], rows: list[list[Any]], widths: Sequence[float]
    ) -> list[Flowable]:
        """A table with a heading row that repeats on every page it runs onto."""
        if not rows:
            return [self.empty()]
        data: list[list[Any]] = [[Paragraph(markup(h), self.s["th"]) for h in head]]
        for row in rows:
            data.append(
                [cell if isinstance(cell, Flowable) else self.p(cell or "", "td") for cell in row]
            )
        total = sum(widths)
        table = HeadedTable(
            data,
            colWidths=[w * CONTENT_WIDTH / total for w in widths],
            repeatRows=1,
            splitInRow=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return [table]

    def own_words(self, words: str | None) -> list[Flowable]:
        """The child's account, set apart from the DSL's notes."""
        label = Paragraph(markup("In their own words"), self.s["quote_label"])
        body = self.p(words, "quote") if words and words.strip() else self.empty()
        box = Table([[label], [body]], colWidths=[CONTENT_WIDTH - 12], splitInRow=1, hAlign="RIGHT")
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), QUOTE_SHADE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, QUOTE_BAR),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, 0), 6),
                    ("TOPPADDING", (0, 1), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ]
            )
        )
        return [Spacer(1, 5), box, Spacer(1, 5)]

    # -- the document ------------------------------------------------------
    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.title_block()
        story += self.incident()
        story += self.young_people()
        story += self.initial_review()
        story += self.conversations()
        story += self.incident_described()
        story += self.police()
        story += self.agencies_and_parents()
        story += self.plan()
        story += self.decisions()
        story += self.chronology()
        story += self.actions()
        story += self.reviews()
        story += self.closing()
        if self.history is not None:
            story += self.amendments()
        end = "End of extract" if self.child is not None else "End of record"
        story.append(Paragraph(markup(f"{end}: case {plain(self.case.reference)}"), self.s["end"]))
        return story

    def title_block(self) -> list[Flowable]:
        c = self.case
        out: list[Flowable] = []
        if self.child is None:
            out.append(Paragraph(markup("Child protection record"), self.s["title"]))
        else:
            out.append(Paragraph(markup("Child protection file: extract"), self.s["title"]))
        out.append(
            Paragraph(
                self.t(f"Sharing nudes and semi-nudes · Case {c.reference}"), self.s["subtitle"]
            )
        )
        if self.furniture.training:
            out.append(
                Paragraph(
                    markup(
                        "TRAINING DATA: fictional records made for practice. "
                        "This is not a real case."
                    ),
                    self.s["training"],
                )
            )
        if self.child is not None:
            out.append(self.p(f"For the file of {self.child.name}", "for_child"))
            out.append(
                Paragraph(
                    markup(
                        "This extract is for this young person's own child protection file. "
                        "Other young people in the case are shown only by their part and "
                        "initials, and their full names are replaced by initials wherever "
                        "they were typed; their conversations and their parents' contacts "
                        "are on their own files. Read the notes through before filing: a "
                        "first name or nickname typed on its own is printed as it is."
                    ),
                    self.s["note"],
                )
            )
            out.append(Spacer(1, 6))
        if c.status == CaseStatus.DRAFT:
            out.append(
                Paragraph(
                    markup(
                        "DRAFT: the incident wizard has not been finished, so this record "
                        "is incomplete."
                    ),
                    self.s["alert"],
                )
            )
            out.append(Spacer(1, 6))
        pathway = labels.PATHWAYS.get(c.pathway) if c.pathway else None
        rows: list[Row] = [
            ("Case reference", c.reference),
            ("Status", STATUS_WORDS.get(c.status, str(c.status))),
            ("Opened", fmt_datetime(c.opened_at)),
            ("Signed off by", self.staff(c.signed_off_by_id) if c.signed_off_by_id else None),
            ("Classification", vocab("classification", c.classification) or None),
            ("Pathway", pathway),
            ("Next review", fmt_date(c.next_review_on)),
            ("Closed", fmt_datetime(c.closed_at)),
        ]
        out += self.fields(rows)
        return out

    def incident(self) -> list[Flowable]:
        c = self.case
        f = FieldLabels("cases")
        out = self.section("The incident")
        out += self.fields(
            [
                (f["came_to_light_at"], fmt_datetime(c.came_to_light_at) or NOT_RECORDED),
                (f["came_to_light_how"], c.came_to_light_how or NOT_RECORDED),
                (f["reported_by"], c.reported_by),
                (f["summary"], c.summary or NOT_RECORDED),
                (f["adults_involved"], answer(c.adults_involved) or NOT_RECORDED),
                (f["adults_involved_details"], c.adults_involved_details),
                (f["existing_concerns"], c.existing_concerns),
                (f["classification_reason"], c.classification_reason),
            ]
        )
        return out

    def _child_rows(self, p: Any) -> list[Row]:
        f = FieldLabels("young_people")
        when = self.case.came_to_light_at.date() if self.case.came_to_light_at else None
        if p.date_of_birth:
            dob = fmt_date(p.date_of_birth)
            if when:
                dob = f"{dob} (aged {age_on(p.date_of_birth, when)} when it came to light)"
        else:
            dob = None
        return [
            (f["name"], p.name),
            (f["date_of_birth"], dob),
            (f["age_years"], str(p.age_years) if p.age_years is not None else None),
            (f["year_group"], p.year_group),
            (f["roles"], self.roles(p)),
            (f["send"], p.send),
            (f["other_vulnerabilities"], p.other_vulnerabilities),
            (f["existing_concerns"], p.existing_concerns),
            (f["earlier_mash_referral"], yes_no(p.earlier_mash_referral)),
            (f["known_to_social_care"], yes_no(p.known_to_social_care)),
            (f["looked_after"], yes_no(p.looked_after)),
            (f["school_if_elsewhere"], p.school_if_elsewhere),
        ]

    def young_people(self) -> list[Flowable]:
        out = self.section("The young people")
        if not self.people:
            return [*out, self.empty("No young people are recorded.")]
        if self.child is not None:
            out.append(self.h3(self.child.name))
            out += self.fields(self._child_rows(self.child))
            out.append(self.h3("Other young people in this case"))
            if not self.others:
                out.append(self.empty("No other young people are recorded."))
            for other in self.others:
                out.append(self.p(f"•  {self.by_role(other)}"))
            return out
        for i, person in enumerate(self.people, start=1):
            block: list[Flowable] = [self.h3(f"Young person {i}: {person.name}")]
            block += self.fields(self._child_rows(person))
            out.append(KeepTogether(block))
        return out

    def initial_review(self) -> list[Flowable]:
        out = self.section("Initial review and the immediate-referral check")
        f = FieldLabels("initial_reviews")
        reviews = self.record.rows("initial_reviews")
        if not reviews:
            out.append(self.empty("No initial review is recorded."))
        for r in reviews:
            out += self.fields(
                [
                    (f["held_at"], fmt_datetime(r.held_at) or NOT_RECORDED),
                    (f["attendees"], r.attendees or NOT_RECORDED),
                    (f["more_information_needed"], r.more_information_needed),
                    (f["other_school_contact"], r.other_school_contact),
                    (f["notes"], r.notes),
                ]
            )
        out.append(self.h3("The five immediate-referral questions"))
        out.append(
            Paragraph(
                markup(
                    "A yes to any question means a referral to the police and/or "
                    "children's social care at once."
                ),
                self.s["intro"],
            )
        )
        answers = {a.question: a for a in self.record.rows("referral_answers")}
        rows = []
        for q in ReferralQuestion:
            a = answers.get(q)
            given = a.answer if a is not None else None
            style = "td_alert" if given == Answer.YES else "td_strong"
            rows.append(
                [
                    self.p(labels.question(q), "td"),
                    self.p(answer(given) or "Not answered", style),
                    self.p(a.note if a is not None else "", "td"),
                ]
            )
        out += self.grid(["Question", "Answer", "Note"], rows, [60, 13, 27])
        return out

    def conversations(self) -> list[Flowable]:
        out = self.section("Conversations with the young people")
        f = FieldLabels("conversations")
        talks = [
            c for c in self.record.rows("conversations") if c.young_person_id not in self.other_ids
        ]
        if not talks:
            out.append(self.empty("No conversation is recorded."))
        for talk in talks:
            block: list[Flowable] = [
                self.h3(f"Conversation with {self.person_name(talk.young_person_id)}")
            ]
            if not talk.held:
                block += self.fields(
                    [
                        (f["held"], "Not yet"),
                        (f["not_held_reason"], talk.not_held_reason or NOT_RECORDED),
                    ]
                )
                out.append(KeepTogether(block))
                continue
            block += self.fields(
                [
                    (f["held_at"], fmt_datetime(talk.held_at) or NOT_RECORDED),
                    (f["present"], talk.present),
                    (f["confidentiality_explained"], yes_no(talk.confidentiality_explained)),
                ]
            )
            out.append(KeepTogether(block))
            out += self.own_words(talk.own_words)
            out += self.fields(
                [
                    (f["impact"], talk.impact),
                    (f["risk_to_child"], talk.risk_to_child),
                    (f["risk_to_others"], talk.risk_to_others),
                    (f["support_needed"], talk.support_needed),
                    (f["image_still_on_phone"], answer(talk.image_still_on_phone)),
                    (f["who_has_it"], talk.who_has_it),
                    (f["next_steps"], talk.next_steps),
                ]
            )
        if len(talks) < len(self.record.rows("conversations")):
            out.append(
                Paragraph(
                    markup("Conversations with the other young people are on their own files."),
                    self.s["note"],
                )
            )
        return out

    def incident_described(self) -> list[Flowable]:
        out = self.section("The incident as described")
        out.append(
            Paragraph(
                markup("Casebook never stores the image: this is what staff were told."),
                self.s["intro"],
            )
        )
        f = FieldLabels("incident_descriptions")
        described = self.record.rows("incident_descriptions")
        if not described:
            out.append(self.empty("No description is recorded."))
        for d in described:
            out += self.fields(
                [
                    (f["description"], d.description or NOT_RECORDED),
                    (f["assessment"], vocab("assessment", d.assessment) or NOT_RECORDED),
                    (f["explicitness"], d.explicitness),
                    (f["coercion_or_threats"], answer(d.coercion_or_threats)),
                    (f["coercion_details"], d.coercion_details),
                    (f["how_widely_shared"], d.how_widely_shared),
                    (f["was_viewed"], yes_no(d.was_viewed) or NOT_RECORDED),
                    (f["immediate_support_needed"], d.immediate_support_needed),
                    (f["other_children_involved"], d.other_children_involved),
                    (f["deletion"], d.deletion),
                ]
            )
        out.append(self.h3("Where the image is or may be"))
        places = self.record.rows("sharing_locations")
        out += self.grid(
            ["Where", "Details", "Removal requested"],
            [[vocab("place", x.place), x.details, x.removal_requested] for x in places],
            [28, 47, 25],
        )
        out.append(self.h3("Devices in the school's possession"))
        devices = self.record.rows("devices")
        if not devices:
            out.append(self.empty("No device was taken into the school's care."))
        df = FieldLabels("devices")
        for dev in devices:
            out.append(
                KeepTogether(
                    self.fields(
                        [
                            (df["description"], dev.description or NOT_RECORDED),
                            (df["belongs_to"], dev.belongs_to),
                            (df["taken_at"], fmt_datetime(dev.taken_at)),
                            (df["taken_by"], dev.taken_by),
                            (df["switched_off"], yes_no(dev.switched_off)),
                            (df["stored_where"], dev.stored_where),
                            (df["handed_to"], dev.handed_to),
                            (df["handed_over_at"], fmt_datetime(dev.handed_over_at)),
                        ]
                    )
                    + [Spacer(1, 4)]
                )
            )
        out.append(self.h3("Viewing log"))
        views = self.record.rows("viewing_log")
        if not views:
            out.append(self.empty("Nobody is recorded as having viewed the image."))
        vf = FieldLabels("viewing_log")
        for v in views:
            head = f"Yes: {v.head_name}" if v.head_agreed and v.head_name else yes_no(v.head_agreed)
            out.append(
                KeepTogether(
                    self.fields(
                        [
                            (vf["viewed_at"], fmt_datetime(v.viewed_at)),
                            (vf["viewed_by"], v.viewed_by),
                            (vf["reason"], v.reason or NOT_RECORDED),
                            (vf["others_present"], v.others_present),
                            (vf["head_agreed"], head),
                            (vf["outcome"], v.outcome),
                        ]
                    )
                    + [Spacer(1, 4)]
                )
            )
        return out

    def police(self) -> list[Flowable]:
        out = self.section("Police")
        f = FieldLabels("police_contacts")
        contacts = self.record.rows("police_contacts")
        if not contacts:
            out.append(self.empty("Nothing about the police is recorded."))
        for pc in contacts:
            why = "Why it was reported" if pc.reported else "Why it was not reported"
            out += self.fields(
                [
                    (f["reported"], yes_no(pc.reported) or NOT_RECORDED),
                    (why, pc.reason or NOT_RECORDED),
                    (f["reported_at"], fmt_datetime(pc.reported_at)),
                    (f["force"], pc.force),
                    (f["officer"], pc.officer),
                    (f["crime_reference"], pc.crime_reference),
                    (f["response"], pc.response),
                    (f["outcome_code"], vocab("outcome_code", pc.outcome_code) or None),
                    (f["outcome_notes"], pc.outcome_notes),
                    (f["vulnerability_notes"], pc.vulnerability_notes),
                ]
            )
        return out

    def agencies_and_parents(self) -> list[Flowable]:
        out = self.section("Other agencies, and parents and carers")
        f = FieldLabels("agency_referrals")
        referrals = self.record.rows("agency_referrals")
        if not referrals:
            out.append(self.empty("No agency referral is recorded."))
        for r in referrals:
            why = "Why" if r.referred else "Why not"
            block: list[Flowable] = [self.h3(labels.agency(r.agency, r.agency_name))]
            block += self.fields(
                [
                    (f["referred"], yes_no(r.referred)),
                    (f["referred_on"], fmt_date(r.referred_on)),
                    (f["reference"], r.reference),
                    (why, r.reason or NOT_RECORDED),
                    (f["outcome"], r.outcome),
                ]
            )
            out.append(KeepTogether(block))
        out.append(self.h3("Parents and carers"))
        pf = FieldLabels("parent_carer_contacts")
        contacts = [
            c
            for c in self.record.rows("parent_carer_contacts")
            if c.young_person_id not in self.other_ids
        ]
        if not contacts:
            out.append(self.empty("Nothing about parents or carers is recorded."))
        for c in contacts:
            block = [self.p(f"Parents or carers of {self.person_name(c.young_person_id)}", "h4")]
            if c.informed:
                rows: list[Row] = [
                    (pf["informed"], "Yes"),
                    (pf["who"], c.who),
                    (pf["informed_at"], fmt_datetime(c.informed_at)),
                    (pf["how"], c.how),
                ]
            else:
                rows = [
                    (pf["informed"], "No"),
                    (pf["reason_not_informed"], c.reason_not_informed or NOT_RECORDED),
                    (pf["revisit_on"], fmt_date(c.revisit_on)),
                ]
            block += self.fields(rows)
            block.append(Spacer(1, 5))
            out.append(KeepTogether(block))
        return out

    def plan(self) -> list[Flowable]:
        out = self.section("Other things to consider, and the plan")
        f = FieldLabels("plans")
        plans = self.record.rows("plans")
        if not plans:
            out.append(self.empty("No plan is recorded."))
        for pl in plans:
            out += self.fields(
                [
                    (f["bullying"], pl.bullying),
                    (f["restorative_appropriate"], answer(pl.restorative_appropriate)),
                    (f["restorative_notes"], pl.restorative_notes),
                    (f["work_with_others"], pl.work_with_others),
                    (f["follow_up_support"], pl.follow_up_support),
                    (f["removal"], pl.removal),
                    (f["preventative_work"], pl.preventative_work),
                ],
                keep_blank=True,
            )
        return out

    def _decision_visible(self, d: Any) -> bool:
        subject = str(d.subject or "").strip()
        return not (subject.isdigit() and int(subject) in self.other_ids)

    def decisions(self) -> list[Flowable]:
        out = self.section("Decisions and the reasons for them")
        shown = [d for d in self.record.rows("decisions") if self._decision_visible(d)]
        shown.sort(key=lambda d: (d.decided_at or datetime.min, d.id))
        if not shown:
            out.append(self.empty("No decision is recorded."))
        for d in shown:
            kind = labels.DECISION_KINDS.get(d.kind, vocab("", d.kind))
            when = fmt_datetime(d.decided_at) or "date not recorded"
            reason = (
                self.p(d.reason, "reason")
                if d.reason and d.reason.strip()
                else Paragraph(markup("No reason recorded."), self.s["alert"])
            )
            head = Paragraph(
                f"<b>{markup(kind.upper())}</b>&nbsp;&nbsp;&nbsp;"
                f"{self.t(f'{when} · decided by {self.staff(d.decided_by_id)}')}",
                self.s["decision_head"],
            )
            rows: list[list[Any]] = [
                [head, ""],
                [self.p("Decision", "label"), self.p(d.decision, "decision")],
                [self.p("Reason", "label"), reason],
            ]
            if d.aid_view:
                rows.append([self.p("Decision aid said", "label"), self.p(d.aid_view, "note")])
            box = Table(
                rows,
                colWidths=[34 * 2.834645669, CONTENT_WIDTH - 34 * 2.834645669 - 3],
                splitInRow=1,
                hAlign="RIGHT",
            )
            box.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("SPAN", (0, 0), (-1, 0)),
                        ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                        ("BACKGROUND", (0, 2), (-1, 2), QUOTE_SHADE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 7),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                        ("TOPPADDING", (0, 0), (-1, -1), 3),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ]
                )
            )
            out.append(KeepTogether([box, Spacer(1, 7)]))
        if len(shown) < len(self.record.rows("decisions")):
            out.append(
                Paragraph(
                    markup("Decisions about the other young people are on their own files."),
                    self.s["note"],
                )
            )
        return out

    def chronology(self) -> list[Flowable]:
        """The timeline the app shows: entries, actions, reviews and decisions in time order."""
        out = self.section("Chronology")
        shown = CaseRecord(
            case=self.case,
            sections={
                **self.record.sections,
                "decisions": [
                    d for d in self.record.rows("decisions") if self._decision_visible(d)
                ],
            },
            staff_names=self.record.staff_names,
        )
        rows = []
        for e in timeline(shown):
            by = e.recorded_by
            if e.backdated:
                by = f"{by}\nBack-dated: written {fmt_datetime(e.recorded_at)}"
            kind = SOURCE_WORDS.get(e.source)
            rows.append(
                [
                    self.p(fmt_datetime(e.happened_at) or NOT_RECORDED, "td_strong"),
                    self.p(f"{e.text} ({kind})" if kind else e.text, "td"),
                    self.p(by, "td"),
                ]
            )
        out += self.grid(["When", "What happened", "Recorded by"], rows, [20, 55, 25])
        return out

    def actions(self) -> list[Flowable]:
        out = self.section("Actions")
        rows = []
        for a in self.record.rows("actions"):
            owner = a.owner_name or (self.staff(a.owner_id) if a.owner_id else NOT_RECORDED)
            if a.done_at:
                done = self.p(f"Done {fmt_datetime(a.done_at)}\n{a.done_note or ''}".strip(), "td")
            else:
                done = self.p("Still open", "td_alert")
            rows.append([a.description, owner, fmt_date(a.due_on) or "No date", done])
        out += self.grid(["What needs doing", "Who", "Due", "Done"], rows, [38, 20, 13, 29])
        return out

    def reviews(self) -> list[Flowable]:
        out = self.section("Reviews")
        f = FieldLabels("reviews")
        reviews = sorted(self.record.rows("reviews"), key=lambda r: (r.held_on, r.id))
        if not reviews:
            out.append(self.empty("No review has been held yet."))
        for r in reviews:
            block: list[Flowable] = [self.h3(f"Review on {fmt_date(r.held_on)}")]
            block += self.fields(
                [
                    ("Reviewed by", self.staff(r.reviewed_by_id)),
                    (f["notes"], r.notes or NOT_RECORDED),
                    (f["risk_still_present"], answer(r.risk_still_present)),
                    (f["next_review_on"], fmt_date(r.next_review_on)),
                    (f["propose_closing"], "Yes" if r.propose_closing else None),
                ]
            )
            out.append(KeepTogether(block))
        return out

    def closing(self) -> list[Flowable]:
        out = self.section("Closing summary")
        c = self.case
        if c.status != CaseStatus.CLOSED and not c.closing_summary:
            out.append(self.empty("The case is not closed."))
            return out
        out += self.fields(
            [
                ("Closed", fmt_datetime(c.closed_at)),
                (FieldLabels("cases")["closing_summary"], c.closing_summary or NOT_RECORDED),
            ]
        )
        return out

    def _history_visible(self, line: HistoryLine) -> bool:
        if self.child is None:
            return True
        if line.table == "young_people":
            return line.row_id not in self.other_ids
        if line.table in ("conversations", "parent_carer_contacts"):
            rows = self.record.rows(line.table)
            owner = next((r.young_person_id for r in rows if r.id == line.row_id), None)
            return owner not in self.other_ids
        if line.table == "decisions":
            d = next((r for r in self.record.rows("decisions") if r.id == line.row_id), None)
            return d is None or self._decision_visible(d)
        return True

    def _history_row(self, line: HistoryLine) -> str:
        """Which part of the record changed, naming the child where it is theirs."""
        title = labels.table_title(line.table)
        owner: int | None = None
        if line.table == "young_people":
            owner = line.row_id
        elif line.table in ("conversations", "parent_carer_contacts"):
            row = next((r for r in self.record.rows(line.table) if r.id == line.row_id), None)
            owner = row.young_person_id if row is not None else None
        if owner is None or all(p.id != owner for p in self.people):
            return title
        return f"{title} ({self.person_name(owner)})"

    def amendments(self) -> list[Flowable]:
        out = self.section("Amendment history")
        out.append(
            Paragraph(
                markup(
                    "Records are amended, never overwritten: each change keeps the earlier "
                    "value, with who changed it, when and why."
                ),
                self.s["intro"],
            )
        )
        rows = []
        for line in self.history or []:
            if not self._history_visible(line):
                continue
            what = f"{self._history_row(line)}: {field_label(line.table, line.field)}"
            rows.append(
                [
                    self.p(f"{fmt_datetime(line.changed_at)}\n{line.changed_by}", "td"),
                    self.p(what, "td_strong"),
                    history_value(line.table, line.field, line.old_value),
                    history_value(line.table, line.field, line.new_value),
                    line.reason,
                ]
            )
        if not rows:
            out.append(self.empty("No amendments have been made."))
            return out
        out += self.grid(
            ["When and who", "What", "Earlier value", "New value", "Reason"],
            rows,
            [17, 18, 22, 22, 21],
        )
        return out

    def render(self) -> bytes:
        buffer = BytesIO()
        title = (
            f"Case {plain(self.case.reference)}: extract"
            if self.child is not None
            else f"Case {plain(self.case.reference)}"
        )
        doc = RecordDocument(buffer, self.furniture, title)
        doc.build(self.build(), canvasmaker=NumberedCanvas)
        return buffer.getvalue()


class FieldLabels:
    """`FieldLabels("conversations")["own_words"]`: one table's field labels."""

    def __init__(self, table: str) -> None:
        self.table = table

    def __getitem__(self, field: str) -> str:
        return field_label(self.table, field)


def history_value(table: str, field: str, value: Any) -> str:
    """An earlier or new value as the record would print it, worded by the field's kind."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    spec = record_schema.field(table, field)
    kind = spec.kind if spec else None
    coded = spec.vocabulary if spec else ""
    if isinstance(value, list):
        words = [vocab(coded, v) if coded else str(v) for v in value]
        return ", ".join(words) or "(none)"
    if coded == "pathway" and isinstance(value, str):
        return next((w for p, w in labels.PATHWAYS.items() if p.value == value), value)
    if coded and isinstance(value, str):
        return labels.agency(value) if coded == "agency" else vocab(coded, value)
    if isinstance(value, str) and kind in (Kind.DATE, Kind.DATETIME):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return format_date(parsed) if kind == Kind.DATE else format_datetime(parsed)
    return str(value)


def render_case_pdf(
    record: CaseRecord,
    *,
    school: str,
    marking: str,
    printed_by: str,
    training: bool,
    history: list[HistoryLine] | None = None,
    child_id: int | None = None,
    printed_at: datetime | None = None,
    seal: str = "",
) -> bytes:
    """The case record as a PDF; with `child_id`, that child's extract for their own file.

    `history` (from `cases.case_history`) adds the amendment history; None leaves it out.
    `seal` (app.services.seal) goes in every page's footer.
    """
    return _Renderer(
        record,
        school=school,
        marking=marking,
        printed_by=printed_by,
        training=training,
        history=history,
        child_id=child_id,
        printed_at=printed_at or datetime.now().replace(second=0, microsecond=0),
        seal=seal,
    ).render()
