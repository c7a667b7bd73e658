"""How the printed record reads on paper: headings stay with their content, a simple
case is short, nothing is left out, and the words the record writes itself are
punctuated properly.

Layouts are read twice: from reportlab's own placing of each flowable (which page
each heading and block landed on) and from the PDF (pypdf: where on the page each
heading's text is drawn, and whether anything is drawn beneath it).
"""

from __future__ import annotations

import enum
import functools
import io
import itertools
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from reportlab.platypus import Flowable, Paragraph, Spacer

from app import printing
from app.models import (
    Agency,
    AgencyReferral,
    Answer,
    Case,
    CaseStatus,
    ChronologyEntry,
    ChronologySource,
    Classification,
    Conversation,
    Decision,
    DecisionKind,
    Device,
    FollowUpAction,
    ImageAssessment,
    IncidentDescription,
    InitialReview,
    ParentCarerContact,
    Pathway,
    Plan,
    PoliceContact,
    ReferralAnswer,
    ReferralQuestion,
    Review,
    SharingLocation,
    SharingPlace,
    YoungPerson,
)
from app.record.chronology import DECISION_WORDS
from app.record.snapshot import CaseRecord
from app.reports import render_case_pdf
from app.reports.layout import BOTTOM, PAGE_HEIGHT, TOP, is_heading
from app.services import audit, cases
from app.services.workspace import Workspace
from app.training import create_training_database
from app.wizard import summary
from app.wizard.decision_aid import QUESTIONS
from tests.conftest import DSL, DSL_NAME, PASSWORD
from tests.test_reports import MARKING, make_case

OPENED = datetime(2026, 1, 12, 9, 10)
FIRST, SECOND = "Amelia Hart", "Noah Bennett"
# Punctuation the record's own wording must never produce: doubled stops, a stop
# then a semicolon or comma (the decision aid printed "consent.; 5."), a space
# before a stop or comma.
STRAY = re.compile(r"\.\s*[;,:]|[;,:]\s*\.(?!\.)|(?<!\.)\.\.(?!\.)|;\s*;|,\s*,|\w\s+[.,;](?=\s|$)")


def make_simple_case(ws: Workspace) -> str:
    """A simple two-child case, as a DSL records it: handled in school, every step written up."""
    me = ws.account.id
    reference = "2026-0007"
    with ws.write() as s:
        case = Case(
            reference=reference,
            status=CaseStatus.OPEN,
            created_by_id=me,
            created_at=OPENED,
            updated_at=OPENED,
            opened_at=OPENED + timedelta(hours=3),
            came_to_light_at=OPENED,
            came_to_light_how="Amelia told her form tutor at registration.",
            reported_by="Mrs Patel (form tutor)",
            summary=(
                "Amelia sent a semi-nude image of herself to Noah, her boyfriend, at his "
                "request. Noah did not share it further. Both are in Year 10."
            ),
            adults_involved=Answer.NO,
            existing_concerns="None known.",
            classification=Classification.EXPERIMENTAL,
            classification_reason="Two peers of the same age, consensual, not shared on.",
            pathway=Pathway.IN_SCHOOL,
            next_review_on=date(2026, 2, 9),
            signed_off_by_id=me,
            signed_off_at=OPENED + timedelta(hours=3),
        )
        s.add(case)
        s.flush()
        cid = case.id
        people = []
        for name, roles, born in (
            (FIRST, ["pictured", "created", "sent"], date(2010, 9, 14)),
            (SECOND, ["received"], date(2010, 11, 2)),
        ):
            yp = YoungPerson(
                case_id=cid,
                name=name,
                date_of_birth=born,
                year_group="Year 10",
                roles=roles,
                earlier_mash_referral=False,
                known_to_social_care=False,
                looked_after=False,
            )
            s.add(yp)
            people.append(yp)
        s.flush()
        s.add(
            InitialReview(
                case_id=cid,
                held_at=OPENED + timedelta(hours=1),
                attendees="DSL; Head of Year 10",
                more_information_needed="Whether anyone else has the image.",
                notes="Both pupils spoken to separately before lunch.",
            )
        )
        for q in ReferralQuestion:
            s.add(ReferralAnswer(case_id=cid, question=q, answer=Answer.NO))
        for yp, words in zip(
            people,
            (
                '"He asked me for one and I thought it was fine because we are together."',
                '"I deleted it straight away after she asked me to. I never showed anyone."',
            ),
            strict=True,
        ):
            s.add(
                Conversation(
                    case_id=cid,
                    young_person_id=yp.id,
                    held=True,
                    held_at=OPENED + timedelta(hours=2),
                    present="DSL and Head of Year",
                    confidentiality_explained=True,
                    own_words=words,
                    impact="Embarrassed, worried that her parents will find out.",
                    risk_to_child="Low",
                    risk_to_others="Low",
                    support_needed="A check-in with the Head of Year each week.",
                    image_still_on_phone=Answer.NO,
                    who_has_it="Nobody else, as far as they know",
                    next_steps="Tell the DSL at once if the image turns up anywhere.",
                )
            )
        s.add(
            IncidentDescription(
                case_id=cid,
                description="A semi-nude photo, taken by Amelia, as she described it.",
                assessment=ImageAssessment.INAPPROPRIATE,
                explicitness="Semi-nude, as described; not viewed.",
                coercion_or_threats=Answer.NO,
                how_widely_shared="Sent to one person only.",
                was_viewed=False,
                immediate_support_needed="None today.",
                deletion="Noah deleted it in front of the DSL; his deleted folder emptied.",
            )
        )
        s.add(
            SharingLocation(
                case_id=cid,
                place=SharingPlace.APP,
                details="Snapchat, in a private chat",
                removal_requested="Not needed: deleted",
            )
        )
        s.add(
            Device(
                case_id=cid,
                description="Noah's phone (grey)",
                belongs_to=SECOND,
                taken_at=OPENED + timedelta(minutes=30),
                taken_by="Head of Year",
                switched_off=True,
                stored_where="DSL office",
                handed_to="Noah, after the deletion",
                handed_over_at=OPENED + timedelta(hours=3),
            )
        )
        s.add(
            PoliceContact(
                case_id=cid,
                reported=False,
                reason="Experimental sharing between peers, no aggravating factors.",
            )
        )
        s.add(
            AgencyReferral(
                case_id=cid,
                agency=Agency.MASH,
                referred=False,
                reason="None of the five questions answered yes; no other concerns.",
            )
        )
        for yp in people:
            s.add(
                ParentCarerContact(
                    case_id=cid,
                    young_person_id=yp.id,
                    informed=True,
                    who="Mother",
                    informed_at=OPENED + timedelta(hours=5),
                    how="Telephone, then a meeting in school",
                )
            )
        s.add(
            Plan(
                case_id=cid,
                bullying="None known.",
                restorative_appropriate=Answer.NO,
                work_with_others="None needed.",
                follow_up_support="Weekly check-ins for both pupils for half a term.",
                removal="Not needed: deleted at school.",
                preventative_work="Year 10 RSHE lesson on sharing images next term.",
            )
        )
        for k, (text, due) in enumerate(
            (
                ("Check in with Amelia", date(2026, 1, 19)),
                ("Check in with Noah", date(2026, 1, 19)),
            )
        ):
            s.add(
                FollowUpAction(
                    case_id=cid,
                    description=text,
                    owner_id=me,
                    due_on=due,
                    created_at=OPENED + timedelta(minutes=k),
                    created_by_id=me,
                )
            )
        s.add(
            Review(
                case_id=cid,
                held_on=date(2026, 1, 26),
                notes="Both pupils settled; no sign of the image elsewhere.",
                risk_still_present=Answer.NO,
                next_review_on=date(2026, 2, 9),
                reviewed_by_id=me,
                recorded_at=datetime(2026, 1, 26, 15),
            )
        )
        for k, entry in enumerate(
            (
                "Amelia told her form tutor.",
                "Noah's phone taken to the DSL office, switched off.",
                "Initial review held.",
                "Amelia and Noah spoken to, separately.",
                "Both mothers telephoned; meetings arranged.",
            )
        ):
            s.add(
                ChronologyEntry(
                    case_id=cid,
                    happened_at=OPENED + timedelta(hours=k),
                    recorded_at=OPENED + timedelta(hours=k, minutes=5),
                    recorded_by_id=me,
                    entry=entry,
                    source=ChronologySource.MANUAL,
                )
            )
        for kind, decision, reason in (
            (
                DecisionKind.HANDLE_IN_SCHOOL,
                "Handle it in school",
                "No aggravating factors; both 15; consensual.",
            ),
            (DecisionKind.POLICE, "Not reported to the police", "Experimental, between peers."),
            (
                DecisionKind.SOCIAL_CARE,
                "Not referred to children's social care",
                "No other concerns about either child.",
            ),
        ):
            s.add(
                Decision(
                    case_id=cid,
                    kind=kind,
                    decision=decision,
                    reason=reason,
                    aid_view="The school may handle this in school.",
                    decided_by_id=me,
                    decided_at=OPENED + timedelta(hours=1),
                )
            )
        ws.audit(s, audit.Action.CREATED, reference, "test case")
    return reference


def render(record: CaseRecord, **kw: Any) -> tuple[bytes, list[tuple[int, Flowable]]]:
    placed: list[tuple[int, Flowable]] = []
    data = render_case_pdf(
        record, school="St Aidan's", marking=MARKING, printed_by="Jo", placed=placed, **kw
    )
    return data, placed


@functools.lru_cache(maxsize=64)
def read_pdf(data: bytes) -> tuple[tuple[str, tuple[tuple[float, str], ...]], ...]:
    """Each page's text, and where on the page each piece of it starts: read once per PDF
    (the tests below read the same printouts for their pages and for their layout)."""
    out = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        lines: list[tuple[float, str]] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any, out: Any = lines) -> None:
            if text.strip():  # where the text starts, on the page
                out.append((cm[1] * tm[4] + cm[3] * tm[5] + cm[5], flat(text)))

        out.append((page.extract_text(visitor_text=visit), tuple(lines)))
    return tuple(out)


def pages_of(data: bytes) -> list[str]:
    return [text for text, _lines in read_pdf(data)]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def drawn_height(f: Flowable) -> float:
    return float(getattr(f, "height", None) or getattr(f, "_height", 0) or 0)


def heading_text(f: Flowable) -> str:
    if isinstance(f, Paragraph):
        return flat(f.getPlainText())
    for row in getattr(f, "_cellvalues", []):  # a box's label: a one-cell table
        for cell in row:
            for part in cell if isinstance(cell, list | tuple) else [cell]:
                if isinstance(part, Paragraph):
                    return flat(part.getPlainText())
    return ""


def check_headings_keep_their_content(data: bytes, placed: list[tuple[int, Flowable]]) -> int:
    """No page ends with a heading, by reportlab's placing and by the PDF; returns how many
    headings were checked."""
    # 1. reportlab: the last block drawn on each page is never a heading.
    by_page: dict[int, list[Flowable]] = {}
    for page, f in placed:
        # Room (a Spacer) after a heading does not count as its content.
        if (drawn_height(f) > 0.5 and not isinstance(f, Spacer)) or is_heading(f):
            by_page.setdefault(page, []).append(f)
    headings: dict[int, list[str]] = {}
    for page, drawn in by_page.items():
        assert not is_heading(drawn[-1]), (
            f"page {page} ends with the heading {heading_text(drawn[-1])!r}"
        )
        headings[page] = [heading_text(f) for f in drawn if is_heading(f) and heading_text(f)]
    # 2. The PDF: under each heading's text, something more is drawn on its page.
    checked = 0
    for number, (_text, lines) in enumerate(read_pdf(data), start=1):
        body = [(y, t) for y, t in lines if BOTTOM - 1 < y < PAGE_HEIGHT - TOP + 12]
        lowest = min(y for y, _ in body)
        for wanted in headings.get(number, []):
            ys = [y for y, t in body if t == wanted]
            assert ys, f"heading {wanted!r} not found on page {number}"
            assert min(ys) > lowest + 1, f"nothing under {wanted!r} on page {number}"
            checked += 1
    return checked


@pytest.fixture(scope="module")
def training(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder = tmp_path_factory.mktemp("layout")
    ws, _ = create_training_database(
        folder / "t.db", "jsmith", PASSWORD, 30, as_of=date(2026, 3, 2), display_name="Jo Smith"
    )
    yield ws
    ws.close()


def training_records(ws: Workspace) -> list[CaseRecord]:
    with ws.read() as s:
        refs = [r for (r,) in s.query(Case.reference).filter(Case.status != CaseStatus.DRAFT)]
    return [cases.load_case(ws, r, audit_view=False) for r in sorted(refs)]


class Printed:
    """The training cases, each printed at most once for the whole module: the full record
    and the first young person's extract."""

    def __init__(self, ws: Workspace) -> None:
        self.records = training_records(ws)
        self._pdfs: dict[tuple[str, int | None], tuple[bytes, list[tuple[int, Flowable]]]] = {}

    def pdf(
        self, record: CaseRecord, *, extract: bool = False
    ) -> tuple[bytes, list[tuple[int, Flowable]]]:
        child = record.rows("young_people")[0].id if extract else None
        key = (record.case.reference, child)
        if key not in self._pdfs:
            self._pdfs[key] = render(record, training=True, child_id=child)
        return self._pdfs[key]

    def pages(self, record: CaseRecord, *, extract: bool = False) -> list[str]:
        return pages_of(self.pdf(record, extract=extract)[0])


@pytest.fixture(scope="module")
def printed(training: Workspace) -> Printed:
    return Printed(training)


# -- headings --------------------------------------------------------------------------
def test_no_heading_ends_a_page_in_any_training_case(printed: Printed) -> None:
    checked = 0
    for record in printed.records[::3]:
        for extract in (False, True):
            checked += check_headings_keep_their_content(*printed.pdf(record, extract=extract))
    assert checked > 150


def test_no_heading_ends_a_page_in_long_records(ws: Workspace, tmp_path: Path) -> None:
    """Long own words, long notes and a long chronology move every heading around the page."""
    made = make_case(ws, chronology_entries=35)
    cases.amend(
        ws, made.case_id, "cases", made.case_id, "summary", "Amended. " * 30, "Typed up in full"
    )
    history = cases.case_history(ws, made.case_id)
    base = cases.load_case(ws, made.reference, audit_view=False)
    sentence = "She said it again and we wrote down every word of it. "
    checked = 0
    for step in range(0, 12, 2):
        record = cases.load_case(ws, made.reference, audit_view=False)
        # A different length of text each time, so each heading lands at many heights.
        record.case.summary = sentence * (step * 3 + 1)
        for k, talk in enumerate(record.rows("conversations")):
            talk.own_words = sentence * (step * 2 + k * 5 + 1)
        record.rows("plans")[0].bullying = sentence * step
        data, placed = render(record, training=False, history=history)
        checked += check_headings_keep_their_content(data, placed)
        person = base.rows("young_people")[step // 2 % 4]
        data, placed = render(record, training=False, history=history, child_id=person.id)
        checked += check_headings_keep_their_content(data, placed)
    assert checked > 150


def test_own_words_label_is_never_parted_from_the_words(ws: Workspace) -> None:
    made = make_case(ws)
    seen_split = False
    for lines in range(0, 48, 4):
        record = cases.load_case(ws, made.reference, audit_view=False)
        record.case.summary = "\n".join(f"Line {i} of the summary." for i in range(lines))
        data, placed = render(record, training=False)
        check_headings_keep_their_content(data, placed)
        labels = [page for page, f in placed if heading_text(f) == "In their own words"]
        assert len(labels) == 4
        for page, f in placed:
            if is_heading(f) and heading_text(f) == "In their own words":
                after = [g for p, g in placed if p == page][
                    [g for p, g in placed if p == page].index(f) + 1 :
                ]
                assert any(drawn_height(g) > 10 for g in after)
        seen_split = seen_split or len(set(labels)) > 1
    assert seen_split  # the conversations did run across a page foot at some length


# -- length ----------------------------------------------------------------------------
def test_a_simple_two_child_case_prints_in_four_pages_at_most(ws: Workspace) -> None:
    reference = make_simple_case(ws)
    data = printing.case_pdf(ws, reference, purpose="printed")
    pages = pages_of(data)
    assert len(pages) <= 4, len(pages)
    assert "Page 1 of" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    # Page 1 is full: the record runs on past the young people onto it.
    assert "3. Initial review" in pages[0]


def test_training_cases_with_two_children_fit_in_four_pages(printed: Printed) -> None:
    # Simple cases: two children, handled in school (a referral adds the police's and
    # MASH's own rows for each child, and may take a fifth page).
    two = [
        r
        for r in printed.records
        if len(r.rows("young_people")) == 2 and r.case.pathway == Pathway.IN_SCHOOL
    ]
    assert len(two) >= 4  # enough cases to mean something
    for record in two:
        data, _placed = printed.pdf(record)
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) <= 4, record.case.reference


def stored_texts(record: CaseRecord) -> Iterator[tuple[str, str, str]]:
    """Every stored piece of text in the case: (table, field, text)."""
    rows: list[tuple[str, Any]] = [("cases", record.case)]
    rows += [(table, row) for table, found in record.sections.items() for row in found]
    for table, row in rows:
        for column in row.__table__.columns:
            value = getattr(row, column.key)
            if isinstance(value, str) and not isinstance(value, enum.Enum) and value.strip():
                yield table, column.key, value


def test_nothing_is_left_out(ws: Workspace) -> None:
    for reference in (make_simple_case(ws), make_case(ws, reference="2026-0099").reference):
        record = cases.load_case(ws, reference, audit_view=False)
        data, _placed = render(record, training=False)
        text = flat(" ".join(pages_of(data)))
        missing = [
            (table, field)
            for table, field, value in stored_texts(record)
            if flat(value) not in text and field not in ("subject",)
        ]
        assert missing == []


# -- who signed it off ------------------------------------------------------------------
def test_signed_off_by_gives_the_persons_name_and_role(ws: Workspace, printed: Printed) -> None:
    reference = make_simple_case(ws)
    text = flat(" ".join(pages_of(printing.case_pdf(ws, reference, purpose="printed"))))
    assert f"Signed off by {DSL_NAME}, Designated Safeguarding Lead, on 12/01/2026 12:10" in text
    assert f"Signed off by {DSL} " not in text
    text = flat(" ".join(printed.pages(printed.records[0])))
    assert "Signed off by Jo Smith, Designated Safeguarding Lead" in text
    assert "jsmith" not in text.split("Signed off by")[1][:40]


def test_decisions_say_who_decided_and_what_the_aid_said_once(ws: Workspace) -> None:
    reference = make_simple_case(ws)
    record = cases.load_case(ws, reference, audit_view=False)
    text = flat(" ".join(pages_of(render(record, training=False)[0])))
    role = f"{DSL_NAME}, Designated Safeguarding Lead"
    # All three made together: when and by whom is said once, with the person's role.
    assert f"Each decision below was made on 12/01/2026 10:10 by {role}." in text
    assert "decided by" not in text
    assert f"Reviewed by {role}" in text
    # The decision aid said the same for all three: printed once, saying for which.
    assert text.count("The school may handle this in school.") == 1
    assert "(for the handle in school, police and social care decisions)" in text
    # Each reason is printed once, in the decisions; the chronology names each decision.
    assert "What happened (each decision's reason is in section 9)" in text
    for d in record.rows("decisions"):
        assert text.count(flat(d.reason)) == 1, d.reason
        assert f"Decision ({DECISION_WORDS[d.kind]}): {d.decision}" in text
    # Made at different times, one with its own view: each box says when and by whom.
    later = record.rows("decisions")[1]
    later.decided_at += timedelta(days=1)
    later.aid_view = "Report it to the police."
    text = flat(" ".join(pages_of(render(record, training=False)[0])))
    assert "Each decision below" not in text
    assert text.count(f"decided by {role}") == 3
    assert "13/01/2026 10:10 · decided by" in text
    assert text.count("The school may handle this in school.") == 1  # still shared by two
    assert "Decision aid said Report it to the police." in text


# -- punctuation ------------------------------------------------------------------------
def test_decision_aid_text_is_punctuated(ws: Workspace) -> None:
    seen = set()
    for adult, *answers in itertools.product(("yes", "no"), *[("yes", "no", "not_known")] * 5):
        pages = {
            "incident": {
                "adults_involved": adult,
                "young_people": [{"key": "a", "name": FIRST, "age_years": "15"}],
            },
            "initial_review": {
                **dict(zip(QUESTIONS, answers, strict=True)),
                "decision": "refer",
                "decision_reason": "Reason.",
            },
        }
        for d in summary.decisions(pages):
            if d.aid_view:
                seen.add(d.aid_view)
    assert len(seen) > 20
    for text in seen:
        assert not STRAY.search(text), text
        assert text.endswith("."), text
    assert (
        "Refer to police and/or children's social care now. Why: 1. An adult (18 or over) is "
        "involved. 5. A child is at immediate risk of harm."
    ) in seen


def test_the_records_own_wording_is_punctuated(printed: Printed) -> None:
    # The same cases the heading test prints (every third), plus the first two.
    for record in {id(r): r for r in printed.records[:2] + printed.records[::3]}.values():
        for extract in (False, True):
            for number, page in enumerate(printed.pages(record, extract=extract), start=1):
                found = STRAY.findall(flat(page))
                assert not found, (record.case.reference, extract, number, found)
