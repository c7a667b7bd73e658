"""The printed record and the per-child extract, read back as a person would read them.

Each PDF is rendered from a real SQLCipher database and its text extracted with
pypdf: every section, every decision's reason, the marking and page numbers on
every page, and awkward names and markup characters exactly as typed.
"""

from __future__ import annotations

import io
import os
import re
import stat
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from app import printing
from app.errors import RecordNotFound
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
    ViewingLogEntry,
    YoungPerson,
)
from app.reports import render_case_pdf
from app.reports.text import NameScrubber, initials, markup
from app.services import audit, cases
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.training import create_training_database
from tests.conftest import DSL, PASSWORD
from tests.helpers.cli import casebook_here

REFERENCE = "2026-0042"
OPENED = datetime(2026, 2, 3, 9, 30)
# Names and notes that break naive renderers: apostrophes, accents, Greek,
# Cyrillic, and text that looks like markup.
PICTURED = "Łukasz O'Brien-Nowak"
RECEIVED = "Ελένη Παπαδόπουλος"
SHARED = "Дмитрий Иванова"
OTHER_ACCENTS = "Zoë Öztürk-Doğan"
MARKUP_NOTE = 'He said <b>delete it</b> & "promised" > twice; 3 < 4 & AT&T\'s &amp; <br/>'
OWN_WORDS = {
    PICTURED: '"I only sent it to him <3 & he said he\'d delete it."',
    RECEIVED: '"It just came up on my phone, I didn\'t ask for it."',
    SHARED: '"Everyone had it already <i>honestly</i>."',
    OTHER_ACCENTS: '"Je n\'ai rien fait — ğ ł é ö."',
}
SECTIONS = [
    "1. The incident",
    "2. The young people",
    "3. Initial review and the immediate-referral check",
    "4. Conversations with the young people",
    "5. The incident as described",
    "6. Police",
    "7. Other agencies, and parents and carers",
    "8. Other things to consider, and the plan",
    "9. Decisions and the reasons for them",
    "10. Chronology",
    "11. Actions",
    "12. Reviews",
    "13. Closing summary",
]
MARKING = "OFFICIAL-SENSITIVE: CHILD PROTECTION"


@dataclass(frozen=True)
class MadeCase:
    reference: str
    case_id: int
    children: dict[str, int]  # name -> young person id
    reasons: list[str]


def make_case(ws: Workspace, chronology_entries: int = 20, reference: str = REFERENCE) -> MadeCase:
    """An open case with four young people and something in every part of the record."""
    me = ws.account.id
    with ws.write() as s:
        case = Case(
            reference=reference,
            status=CaseStatus.OPEN,
            created_by_id=me,
            created_at=OPENED,
            updated_at=OPENED,
            opened_at=OPENED + timedelta(hours=2),
            came_to_light_at=OPENED,
            came_to_light_how=f"{RECEIVED} told her form tutor at registration.",
            reported_by="Mr D'Arcy (form tutor)",
            summary=f"Image of {PICTURED} shared to a group chat. {MARKUP_NOTE}",
            adults_involved=Answer.NO,
            existing_concerns="None known.",
            classification=Classification.AGGRAVATED,
            classification_reason="Shared on without the pictured pupil's consent.",
            pathway=Pathway.POLICE,
            next_review_on=date(2026, 3, 3),
            signed_off_by_id=me,
            signed_off_at=OPENED + timedelta(hours=2),
        )
        s.add(case)
        s.flush()
        cid = case.id
        people: dict[str, YoungPerson] = {}
        for name, roles, year in (
            (PICTURED, ["pictured", "created", "sent"], "Year 9"),
            (RECEIVED, ["received"], "Year 9"),
            (SHARED, ["shared_further"], "Year 10"),
            (OTHER_ACCENTS, ["received", "disclosed"], "Year 9"),
        ):
            yp = YoungPerson(
                case_id=cid,
                name=name,
                date_of_birth=date(2012, 5, 17),
                year_group=year,
                roles=roles,
                send="Dyslexia; reads slowly." if name == PICTURED else None,
                earlier_mash_referral=False,
                known_to_social_care=name == SHARED,
                looked_after=False,
            )
            s.add(yp)
            people[name] = yp
        s.flush()
        s.add(
            InitialReview(
                case_id=cid,
                held_at=OPENED + timedelta(hours=1),
                attendees="DSL; Head of Year 9; deputy DSL",
                more_information_needed="Who else is in the group chat?",
                notes=f"Met within the hour. {MARKUP_NOTE}",
            )
        )
        for q in ReferralQuestion:
            yes = q == ReferralQuestion.COERCION_OR_CAPACITY
            s.add(
                ReferralAnswer(
                    case_id=cid,
                    question=q,
                    answer=Answer.YES if yes else Answer.NO,
                    note='Asked repeatedly; "he wouldn\'t stop".' if yes else None,
                )
            )
        for name, yp in people.items():
            s.add(
                Conversation(
                    case_id=cid,
                    young_person_id=yp.id,
                    held=True,
                    held_at=OPENED + timedelta(hours=3),
                    present="DSL and Head of Year",
                    confidentiality_explained=True,
                    own_words=OWN_WORDS[name],
                    impact=f"Impact note for {name}.",
                    risk_to_child="Medium",
                    risk_to_others="Low",
                    support_needed="Pastoral check-ins.",
                    image_still_on_phone=Answer.NOT_KNOWN,
                    who_has_it="Group chat members",
                    next_steps="Tell the DSL if anything else arrives.",
                )
            )
        s.add(
            IncidentDescription(
                case_id=cid,
                description="A semi-nude mirror selfie, as described by the pupil.",
                assessment=ImageAssessment.POTENTIALLY_ILLEGAL,
                explicitness="Semi-nude, as described; not viewed.",
                coercion_or_threats=Answer.YES,
                coercion_details="Repeated requests over a week.",
                how_widely_shared="A group chat of about 30 pupils.",
                was_viewed=True,
                immediate_support_needed="Pastoral support today.",
                other_children_involved=f"{SHARED} forwarded it; {OTHER_ACCENTS} reported it.",
                deletion="Nothing deleted: the police are involved.",
            )
        )
        s.add(
            SharingLocation(
                case_id=cid,
                place=SharingPlace.APP,
                details='Snapchat group "Y9 <banter>"',
                removal_requested="Report Remove",
            )
        )
        s.add(
            Device(
                case_id=cid,
                description="Black phone in a pink case",
                belongs_to=SHARED,
                taken_at=OPENED + timedelta(minutes=20),
                taken_by="Mrs Ní Bhriain",
                switched_off=True,
                stored_where="DSL office safe",
            )
        )
        s.add(
            ViewingLogEntry(
                case_id=cid,
                viewed_at=OPENED + timedelta(minutes=30),
                viewed_by="DSL",
                reason="The pupil showed it to staff before anyone could stop them.",
                others_present="Deputy head",
                head_agreed=True,
                head_name="Mrs Clarke",
                outcome="Referral decision made; not viewed again.",
            )
        )
        s.add(
            PoliceContact(
                case_id=cid,
                reported=True,
                reason="Coercion: an aggravating factor.",
                reported_at=OPENED + timedelta(hours=4),
                force="Thames Valley Police",
                officer="PC 1234 Khan",
                crime_reference="43123456/26",
                response="Officer visited and spoke to the pupils.",
                outcome_code="Outcome 21",
            )
        )
        s.add(
            AgencyReferral(
                case_id=cid,
                agency=Agency.MASH,
                referred=True,
                referred_on=OPENED.date(),
                reference="MASH-55555",
                outcome="Strategy discussion held.",
                reason="Immediate-referral criteria met (question 2).",
            )
        )
        s.add(
            AgencyReferral(
                case_id=cid,
                agency=Agency.CAMHS,
                referred=False,
                reason="Not needed yet; school counsellor first.",
            )
        )
        for name, yp in people.items():
            told = name != RECEIVED
            s.add(
                ParentCarerContact(
                    case_id=cid,
                    young_person_id=yp.id,
                    informed=told,
                    who="Mother" if told else None,
                    informed_at=OPENED + timedelta(hours=5) if told else None,
                    how="Telephone" if told else None,
                    reason_not_informed=None if told else "Telling them may put her at risk.",
                    revisit_on=None if told else date(2026, 2, 10),
                )
            )
        s.add(
            Plan(
                case_id=cid,
                bullying="Comments in Year 9; assembly planned.",
                restorative_appropriate=Answer.NO,
                work_with_others="Group talk about consent & the law.",
                follow_up_support="Weekly check-in.",
                removal="Report Remove used; platform report made.",
                preventative_work="RSHE lesson next half-term.",
            )
        )
        s.add(
            FollowUpAction(
                case_id=cid,
                description="Phone the pupil's mother on Friday",
                owner_id=me,
                due_on=date(2026, 2, 6),
                created_at=OPENED,
                created_by_id=me,
            )
        )
        s.add(
            Review(
                case_id=cid,
                held_on=date(2026, 2, 17),
                notes="Pupil settled; no further sharing known.",
                risk_still_present=Answer.YES,
                next_review_on=date(2026, 3, 3),
                reviewed_by_id=me,
                recorded_at=datetime(2026, 2, 17, 15),
            )
        )
        for k in range(chronology_entries):
            s.add(
                ChronologyEntry(
                    case_id=cid,
                    happened_at=OPENED + timedelta(hours=k),
                    recorded_at=OPENED + timedelta(hours=k, minutes=10),
                    recorded_by_id=me,
                    entry=f"Chronology entry {k + 1}: spoke with {PICTURED}'s mother & the tutor.",
                    source=ChronologySource.MANUAL if k % 2 else ChronologySource.RECORD,
                )
            )
        reasons = [
            "Question 2 answered yes: coercion over a week.",
            "Aggravated: shared on without consent; police must be told.",
            "Telling her parents may put her at risk <see MASH note> & is reviewed weekly.",
            "It was the only way to decide on referral; the head agreed.",
        ]
        for kind, decision, reason, subject in (
            (DecisionKind.IMMEDIATE_REFERRAL, "Refer to the police and MASH", reasons[0], None),
            (DecisionKind.POLICE, "Reported to the police", reasons[1], None),
            (
                DecisionKind.PARENTS,
                f"Parents or carers of {RECEIVED} not told",
                reasons[2],
                str(people[RECEIVED].id),
            ),
            (DecisionKind.VIEWING, "The image was viewed", reasons[3], None),
        ):
            s.add(
                Decision(
                    case_id=cid,
                    kind=kind,
                    decision=decision,
                    reason=reason,
                    aid_view="Refer now",
                    decided_by_id=me,
                    decided_at=OPENED + timedelta(hours=1),
                    subject=subject,
                )
            )
        ws.audit(s, audit.Action.CREATED, reference, "test case")
        children = {name: yp.id for name, yp in people.items()}
    return MadeCase(reference, cid, children, reasons)


def pdf_text(data: bytes) -> tuple[list[str], str]:
    """Each page's text, and the whole document's with runs of whitespace made one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    return pages, re.sub(r"\s+", " ", " ".join(pages))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws)


def audit_lines(ws: Workspace, reference: str) -> list[audit.AuditLine]:
    with ws.read() as s:
        return audit.entries_for(s, reference)


# -- the whole record ----------------------------------------------------------------
def test_record_prints_every_section_in_the_wizards_order(ws: Workspace, made: MadeCase) -> None:
    data = printing.case_pdf(ws, made.reference, include_history=True, purpose="printed")
    assert data.startswith(b"%PDF-")
    _pages, text = pdf_text(data)
    positions = [text.find(title) for title in [*SECTIONS, "14. Amendment history"]]
    assert all(p >= 0 for p in positions), dict(zip(SECTIONS, positions, strict=False))
    assert positions == sorted(positions)
    assert f"End of record: case {made.reference}" in text


def test_every_decision_prints_with_its_reason(ws: Workspace, made: MadeCase) -> None:
    _pages, text = pdf_text(printing.case_pdf(ws, made.reference, purpose="printed"))
    for reason in made.reasons:
        assert flat(reason) in text
    for decision in ("Refer to the police and MASH", "Reported to the police"):
        assert decision in text
    # The reasons for what was and was not done, outside the decisions too.
    assert "Coercion: an aggravating factor." in text
    assert "Not needed yet; school counsellor first." in text
    assert "Telling them may put her at risk." in text


def test_every_page_carries_marking_school_reference_page_and_printer(
    ws: Workspace, made: MadeCase
) -> None:
    data = printing.case_pdf(ws, made.reference, purpose="printed")
    pages, _text = pdf_text(data)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert page.count(MARKING) == 2, f"page {number}: marking in header and footer"
        assert "St Aidan's" in page
        assert f"Case {made.reference}" in page
        assert f"Page {number} of {len(pages)}" in page
        # The seal has a line of its own: the date and time are never cut short for it.
        assert re.search(r"Printed by Ann O'Neill on \d\d/\d\d/\d{4} at \d\d:\d\d", page)
        assert re.search(r"Seal \d+-[A-Z2-7]{4}-[A-Z2-7]{4}", page)
    assert "Page 1 of" in pages[0]
    assert "TRAINING DATA" not in " ".join(pages)


def test_awkward_names_and_markup_print_exactly_as_typed(ws: Workspace, made: MadeCase) -> None:
    _pages, text = pdf_text(printing.case_pdf(ws, made.reference, purpose="printed"))
    for name in (PICTURED, RECEIVED, SHARED, OTHER_ACCENTS):
        assert name in text
        assert flat(OWN_WORDS[name]) in text
    assert flat(MARKUP_NOTE) in text
    assert 'Snapchat group "Y9 <banter>"' in text
    assert "Mr D'Arcy (form tutor)" in text
    assert "Mrs Ní Bhriain" in text


def test_own_words_amended_and_history_printed_on_request(ws: Workspace, made: MadeCase) -> None:
    record = cases.load_case(ws, made.reference, audit_view=False)
    talk = next(
        c for c in record.rows("conversations") if c.young_person_id == made.children[SHARED]
    )
    cases.amend(
        ws,
        made.case_id,
        "conversations",
        talk.id,
        "own_words",
        '"Everyone had it already."',
        "Typed up from the notes <exactly> & checked",
    )
    with_history = pdf_text(
        printing.case_pdf(ws, made.reference, include_history=True, purpose="printed")
    )[1]
    assert "14. Amendment history" in with_history
    assert "Typed up from the notes <exactly> & checked" in with_history
    assert flat(OWN_WORDS[SHARED]) in with_history  # the earlier value is kept
    assert f"Conversation ({SHARED})" in with_history
    without = pdf_text(printing.case_pdf(ws, made.reference, purpose="printed"))[1]
    assert "Amendment history" not in without


def test_marking_comes_from_settings_and_never_goes_blank(ws: Workspace, made: MadeCase) -> None:
    custom = "OFFICIAL-SENSITIVE: PERSONAL <do not copy> & file"
    with ws.write() as s:
        settings_service.write(s, "protective_marking", custom)
    pages, _ = pdf_text(printing.case_pdf(ws, made.reference, purpose="printed"))
    assert all(page.count(custom) == 2 for page in pages)
    with ws.write() as s:
        settings_service.write(s, "protective_marking", "   ")
    pages, _ = pdf_text(printing.case_pdf(ws, made.reference, purpose="printed"))
    assert all(page.count(MARKING) == 2 for page in pages)


def test_long_text_wraps_and_splits_across_pages(ws: Workspace, made: MadeCase) -> None:
    record = cases.load_case(ws, made.reference, audit_view=False)
    talk = record.rows("conversations")[0]
    paragraph = "She said it again and again, and we wrote down every word of it. " * 40
    long_words = "\n\n".join(f"Part {i}: {paragraph}" for i in range(1, 7)) + " THE END."
    talk.own_words = long_words  # a detached snapshot: changed here only
    record.rows("chronology")[0].entry = "x" * 3000  # one unbroken "word"
    data = render_case_pdf(record, school="S", marking=MARKING, printed_by="Jo", training=False)
    pages, text = pdf_text(data)
    assert len(pages) > 5
    assert "Part 6: She said it again" in text
    assert "THE END." in text
    # A table's heading row repeats on each page it runs onto, once per page.
    assert all(page.count("What happened") <= 1 for page in pages)
    assert sum("What happened" in page for page in pages) >= 2


def test_no_script_crashes_the_report(ws: Workspace, made: MadeCase) -> None:
    record = cases.load_case(ws, made.reference, audit_view=False)
    strange = [
        "محمد العربي",  # Arabic
        "שרה כהן",  # Hebrew
        "王小明",  # Chinese: printed in the bundled CJK face
        "देवनागरी",
        "Emoji 😀👍🏽 family 👨‍👩‍👧",
        "Zoe\u0308 (combining diaeresis)",
        "Right-to-left \u202eoverride\u202c and zero\u200bwidth",
        "Control \x00\x07\x1b characters \ud800 lone surrogate",
        "<para><font name='x'>not markup</font></para> &#0; &bogus; ]]>",
    ]
    for person, name in zip(record.rows("young_people"), strange, strict=False):
        person.name = name
    record.rows("plans")[0].bullying = "\n".join(strange)
    data = render_case_pdf(record, school="<S>", marking=MARKING, printed_by="<>", training=True)
    pages, text = pdf_text(data)
    assert pages
    assert "Zoë (combining diaeresis)" in text  # composed, so it prints as one letter
    assert "王小明" in text  # Chinese prints, and reads back as typed
    assert "<para><font name='x'>not markup</font></para> &#0; &bogus; ]]>" in text
    child = record.rows("young_people")[1]
    render_case_pdf(
        record, school="S", marking=MARKING, printed_by="Jo", training=False, child_id=child.id
    )


def test_training_database_prints_a_watermark(tmp_path: Path) -> None:
    ws, _ = create_training_database(tmp_path / "t.db", "trainer", PASSWORD, 6)
    try:
        with ws.read() as s:
            reference = s.query(Case.reference).filter(Case.status != CaseStatus.DRAFT).first()
        assert reference is not None
        pages, _ = pdf_text(printing.case_pdf(ws, reference[0], purpose="printed"))
    finally:
        ws.close()
    assert all("TRAINING DATA" in page for page in pages)
    assert "Casebook Training School" in pages[0]


# -- the per-child extract -------------------------------------------------------------
def test_extract_names_only_its_own_child(ws: Workspace, made: MadeCase) -> None:
    child = made.children[SHARED]
    data = printing.case_pdf(
        ws, made.reference, child_id=child, include_history=True, purpose="printed"
    )
    pages, text = pdf_text(data)
    assert "Child protection file: extract" in text
    assert f"For the file of {SHARED}" in text
    for number, page in enumerate(pages, start=1):
        assert f"Extract for {SHARED}" in page
        assert f"Page {number} of {len(pages)}" in page
        assert page.count(MARKING) == 2
    assert flat(OWN_WORDS[SHARED]) in text
    for other in (PICTURED, RECEIVED, OTHER_ACCENTS):
        assert other not in text
        assert other.casefold() not in text.casefold()
        assert flat(OWN_WORDS[other]) not in text
    # Others by their part and initials, in free text too.
    assert "Pictured in the image, Took or made the image, Sent it — Ł. O." in text
    assert "Received it — Ε. Π." in text
    assert "Received it, Told staff about it — Z. Ö." in text
    # In free text, by their part and initials (issue 16: initials alone were not enough).
    assert "the child who received it (Ε. Π.) told her form tutor at registration." in text
    assert "Chronology entry 1: spoke with the child in the image (Ł. O.)'s mother" in text
    # The decision about another child's parents is on that child's file only.
    assert made.reasons[2] not in text
    assert made.reasons[0] in text
    assert "Telling them may put her at risk." not in text
    # Every section is still there.
    for title in SECTIONS:
        assert title in text


def test_extract_scrubs_earlier_spellings_of_other_names(ws: Workspace, made: MadeCase) -> None:
    cases.amend(
        ws,
        made.case_id,
        "young_people",
        made.children[RECEIVED],
        "name",
        "Eleni Papadopoulou",
        "Name as on the school register",
    )
    cases.amend(
        ws,
        made.case_id,
        "cases",
        made.case_id,
        "summary",
        f"Old spelling: {RECEIVED}. New: Eleni Papadopoulou.",
        "Both spellings noted",
    )
    data = printing.case_pdf(
        ws,
        made.reference,
        child_id=made.children[PICTURED],
        include_history=True,
        purpose="printed",
    )
    _pages, text = pdf_text(data)
    assert RECEIVED not in text
    assert "Eleni Papadopoulou" not in text
    # Both spellings by the child's part and their initials as now recorded.
    assert "Old spelling: the child who received it (E. P.). New: the child who received it" in text
    assert "Name as on the school register" not in text  # that child's amendment


def test_extract_for_a_child_not_in_the_case_is_refused(ws: Workspace, made: MadeCase) -> None:
    with pytest.raises(RecordNotFound):
        printing.case_pdf(ws, made.reference, child_id=999_999, purpose="printed")


# -- the audit trail ---------------------------------------------------------------------
def test_each_print_or_export_is_one_audit_entry_without_names(
    ws: Workspace, made: MadeCase
) -> None:
    before = audit_lines(ws, made.reference)
    printing.case_pdf(ws, made.reference, purpose="printed")
    child = made.children[RECEIVED]
    printing.case_pdf(ws, made.reference, child_id=child, purpose="exported")
    after = audit_lines(ws, made.reference)[len(before) :]
    assert [(a.action, a.target, a.detail) for a in after] == [
        (audit.Action.PRINTED, made.reference, "case record"),
        (
            audit.Action.EXPORTED,
            made.reference,
            f"extract for young person #{child}; redacted: 24 names replaced by part and "
            "initials, 0 passages about other young people left out, 0 marked words redacted",
        ),
    ]
    assert all(a.actor == DSL for a in after)


# -- the text helpers ------------------------------------------------------------------
def test_markup_escapes_and_keeps_line_breaks() -> None:
    assert markup("<b>&amp;</b>\nnext") == "&lt;b&gt;&amp;amp;&lt;/b&gt;<br/>next"
    assert markup(None) == ""


def test_initials_and_scrubbing() -> None:
    assert initials("Łukasz O'Brien-Nowak") == "Ł. O."
    assert initials("Ελένη Παπαδόπουλος") == "Ε. Π."
    scrub = NameScrubber(["Anna Nowak-Smith"], {"Anna Nowak": "A. N.", "Zoë Öz": "Z. Ö."})
    assert scrub("Anna Nowak-Smith met ANNA  NOWAK and zoë öz; Anna Nowakowska") == (
        "Anna Nowak-Smith met A. N. and Z. Ö.; Anna Nowakowska"
    )


# -- the command line ----------------------------------------------------------------


def test_cli_exports_the_record_and_an_extract(
    ws: Workspace, made: MadeCase, db_path: Path, tmp_path: Path
) -> None:
    ws.close()  # the command opens the database itself
    password = tmp_path / "pw"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    common = ["--db", db_path, "--user", DSL, "--password-file", password]

    out = tmp_path / "out" / "record.pdf"
    done = casebook_here("export-pdf", *common, "--case", made.reference, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "not encrypted" in done.stdout
    assert out.read_bytes().startswith(b"%PDF-")
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert PICTURED in pdf_text(out.read_bytes())[1]

    extract = tmp_path / "extract.pdf"
    done = casebook_here(
        "export-pdf",
        *common,
        "--case",
        made.reference,
        "--child",
        "дмитрий иванова",
        "--out",
        extract,
    )
    assert done.returncode == 0, done.stderr
    assert SHARED not in done.stdout and "Дмитрий" not in done.stdout
    assert f"extract for young person #{made.children[SHARED]}" in done.stdout
    text = pdf_text(extract.read_bytes())[1]
    assert f"For the file of {SHARED}" in text and PICTURED not in text

    for bad in (
        ["--child", "Nobody Here", "--out", tmp_path / "x.pdf"],
        ["--out", out],  # exists already: never overwritten
    ):
        before = out.read_bytes()
        done = casebook_here("export-pdf", *common, "--case", made.reference, *bad)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert len(done.stderr.splitlines()) == 1
        assert "Nobody Here" not in done.stderr
        assert out.read_bytes() == before
    assert not (tmp_path / "x.pdf").exists()
