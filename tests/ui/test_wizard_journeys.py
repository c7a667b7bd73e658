"""Three whole incidents, typed through the wizard and finished; then what was stored.

Each test types into the real inputs, chooses options with Space, presses the
real Next and Finish buttons, and reads the case back with cases.load_case.
"""

from __future__ import annotations

from collections.abc import Callable

from app.models import Answer, CaseStatus, Classification, DecisionKind
from app.services import cases
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui.qt import QApplication, QLabel, Qt
from app.wizard.decision_aid import words
from tests.helpers.wizard_driver import Driver, ago, born, in_days, make_wizard, ws

__all__ = ["make_wizard", "ws"]  # fixtures

# Question 1 (an adult involved) is asked once, on page 1; page 2 shows that answer.
NO_TO_ALL = (
    "q_coercion_or_capacity",
    "q_unusual_or_violent",
    "q_under_13_sexual_acts",
    "q_immediate_risk",
)


def young_person(d: Driver, index: int, name: str, age: int, year: str, *roles: str) -> None:
    if index > 0:
        assert d.add("young_people") == index
        assert QApplication.focusWidget() is d.editor(f"young_people.{index}.name").edit
    d.type(f"young_people.{index}.name", name)
    d.type(f"young_people.{index}.date_of_birth", born(age))
    d.choose(f"young_people.{index}.year_group", year)
    d.tick(f"young_people.{index}.roles", *roles)


def spoke_with(d: Driver, key: str, words_said: str, hour: int) -> None:
    base = f"conversations.{key}."
    d.choose(base + "held", "yes")
    d.type(base + "held_at", ago(0.5, hour))
    d.type(base + "present", "DSL and Head of Year")
    d.tick(base + "confidentiality_explained")
    d.type(base + "own_words", words_said)


def parents_told(d: Driver, key: str, who: str, hour: int) -> None:
    d.choose(f"parents.{key}.informed", "yes")
    d.type(f"parents.{key}.who", who)
    d.type(f"parents.{key}.informed_at", ago(0.5, hour))


def plan_and_sign(d: Driver, classification: str, reason: str) -> None:
    d.type("bullying", "Form tutor to watch for comments in class.")
    d.add("actions")
    d.type("actions.0.description", "Weekly check-in")
    d.type("actions.0.owner", "Jo Smith")
    d.type("actions.0.due_on", in_days(7))
    # Suggested from School settings (two weeks unless the school changes it).
    assert d.editor("first_review_on").value() == in_days(14)
    d.next(expect_page="summary")
    d.choose("classification", classification)
    d.type("classification_reason", reason)


def test_experimental_case_between_two_year_10_pupils_handled_in_school(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    assert d.page_id == "incident"
    assert QApplication.focusWidget() is d.editor("came_to_light_at").edit  # ready to type
    d.type("came_to_light_at", ago(1, 9, 15))
    d.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # to the Now button
    d.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.editor("came_to_light_how").edit
    d.qtbot.keyClicks(QApplication.focusWidget(), "Aisha told her form tutor at registration.")
    d.type("reported_by", "Mr Hughes, form tutor")
    d.type("summary", "Aisha sent a semi-nude photo to Ben, her boyfriend. Not shared further.")
    d.choose("adults_involved", "no")
    young_person(d, 0, "Aisha Khan", 15, "Year 10", "pictured", "created", "sent")
    young_person(d, 1, "Ben Carter", 15, "Year 10", "received")
    d.next(expect_page="initial_review")

    assert d.w.banner.isVisible()
    d.type("held_at", ago(1, 11))
    d.type("attendees", "Jo Smith (DSL); Mrs Adams (Head of Year 10)")
    for question in NO_TO_ALL:
        d.choose(question, "no")
    d.qtbot.wait(300)  # the banner follows the answers
    assert d.w.banner.headline.text() == words()["in_school"]["headline"]
    assert not d.w.banner.contacts.isVisible()
    d.choose("decision", "in_school")
    d.type("decision_reason", "Consensual sharing between two 15-year-olds; no onward sharing.")
    d.next(expect_page="conversations")

    aisha, ben = d.child_key(0), d.child_key(1)
    spoke_with(d, aisha, '"I only sent it to Ben. I trust him."', 12)
    spoke_with(d, ben, '"I deleted it straight away."', 13)
    d.next(expect_page="incident_handling")

    d.type("description", "Semi-nude mirror selfie, as Aisha described it. Not viewed.")
    d.choose("assessment", "potentially_illegal")
    d.choose("was_viewed", "no")
    d.type("deletion", "Ben deleted it with the DSL present.")
    d.next(expect_page="police")

    d.choose("reported", "no")
    assert d.w.by_id["police"].form.rows["reason"].current_label == "Why have you not reported it?"
    d.type("reason", "Experimental sharing between peers, no aggravating factors.")
    d.next(expect_page="agencies")

    d.choose("mash_referred", "no")
    d.type("mash_reason", "None of the referral criteria is met.")
    parents_told(d, aisha, "Mother, Mrs Khan", 15)
    parents_told(d, ben, "Father, Mr Carter", 16)
    d.next(expect_page="plan")
    plan_and_sign(d, "experimental", "Romantic and consensual; no malice; nobody unwilling.")
    d.finish()

    reference = d.w.finished_reference
    assert reference, d.shown_errors()
    assert not d.w.isVisible()
    record = cases.load_case(ws, reference)
    assert record.case.status == CaseStatus.OPEN
    assert record.case.classification == Classification.EXPERIMENTAL
    assert [p.name for p in record.rows("young_people")] == ["Aisha Khan", "Ben Carter"]
    assert [p.year_group for p in record.rows("young_people")] == ["Year 10", "Year 10"]
    police = record.rows("police_contacts")
    assert police[0].reported is False
    assert police[0].reason == "Experimental sharing between peers, no aggravating factors."
    decisions = {x.kind: x for x in record.rows("decisions")}
    assert decisions[DecisionKind.HANDLE_IN_SCHOOL].reason.startswith("Consensual sharing")
    assert decisions[DecisionKind.CLASSIFICATION].reason.startswith("Romantic and consensual")
    assert all(x.reason for x in record.rows("decisions"))
    talks = record.rows("conversations")
    assert [t.own_words for t in talks] == [
        '"I only sent it to Ben. I trust him."',
        '"I deleted it straight away."',
    ]
    assert [a.description for a in record.rows("actions")] == ["Weekly check-in"]
    assert cases.list_drafts(ws) == []


def test_aggravated_case_with_an_adult_goes_to_the_police(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    with ws.write() as s:
        settings_service.write(s, "mash_contact", "Northshire MASH 0300 123 4567")
    d = make_wizard()
    d.type("came_to_light_at", ago(0, 8, 40))
    d.type(
        "came_to_light_how",
        "A parent phoned: a man online has been asking her daughter for photos.",
    )
    d.type("summary", "Chloe (14) sent images to a man she met on Instagram who threatened her.")
    details = d.w.by_id["incident"].form.rows["adults_involved_details"]
    assert details.isHidden()  # only when an adult may be involved
    d.choose("adults_involved", "yes")
    assert not details.isHidden()
    d.type("adults_involved_details", "Calls himself 'Jay', says he is 19. Instagram only.")
    young_person(d, 0, "Chloe Evans", 14, "Year 9", "pictured", "created", "sent")
    d.next(expect_page="initial_review")

    # An adult on page 1 is enough: the wizard says so plainly, with the contacts.
    refer = words()["refer"]["headline"]
    assert refer == "Refer to police and/or children's social care now"
    assert d.w.banner.headline.text() == refer
    assert d.w.banner.contacts.isVisible()
    # On one line under the headline; in full (with the reasons) after "Show why".
    line = d.w.banner.contacts.text()
    assert "MASH: Northshire MASH 0300 123 4567" in line
    assert "Police: 101" in line and "Emergency: 999" in line
    d.click(d.w.banner.toggle)
    contact_texts = [label.text() for label in d.w.banner.all_contacts.findChildren(QLabel)]
    assert "Northshire MASH 0300 123 4567" in contact_texts
    assert "101" in contact_texts and "999" in contact_texts
    assert d.w.banner.reasons.isVisible() and not d.w.banner.contacts.isVisible()
    d.click(d.w.banner.toggle)
    assert words()["prompts"]["adult"]["text"] in d.w.banner.prompts.text()

    d.type("held_at", ago(0, 9))
    d.type("attendees", "Jo Smith (DSL); Headteacher")
    # Question 1 shows page 1's answer, with the way back to change it.
    shown = d.editor("q_adult_involved")
    assert shown.answer.text() == "Yes"  # type: ignore[attr-defined]
    assert shown.change.text() == "Change it on page 1"  # type: ignore[attr-defined]
    d.choose("q_coercion_or_capacity", "yes")
    for question in NO_TO_ALL[1:]:
        d.choose(question, "no")
    # Disagreeing with the aid is allowed; it is noted, calmly, and does not block.
    d.choose("decision", "in_school")
    d.qtbot.wait(300)
    reason_row = d.w.by_id["initial_review"].form.rows["decision_reason"]
    assert reason_row.notes.isVisible()
    assert reason_row.notes.text() == words()["differs"]
    d.choose("decision", "refer")
    d.type("decision_reason", "An adult is involved and there were threats.")
    d.next(expect_page="conversations")
    assert d.w.banner.headline.text() == refer  # on every later page

    chloe = d.child_key(0)
    spoke_with(d, chloe, '"He said he would send them to my mum."', 10)
    d.next(expect_page="incident_handling")
    assert d.w.banner.headline.text() == refer
    d.type("description", "Nude images, as Chloe described them; not viewed.")
    d.choose("assessment", "potentially_illegal")
    d.choose("was_viewed", "no")
    d.add("devices")
    d.type("devices.0.description", "Chloe's iPhone")
    d.choose("devices.0.custody", "kept")
    d.type("devices.0.stored_where", "DSL's safe, switched off")
    d.next(expect_page="police")

    assert d.w.banner.headline.text() == refer
    assert d.editor("coercion_or_threats").answer.text() == "Yes"  # type: ignore[attr-defined]
    d.type("coercion_details", "Threatened to send the images to her mother.")
    d.choose("reported", "yes")
    assert d.w.by_id["police"].form.rows["reason"].current_label == "Why did you report it?"
    d.type("reason", "An adult is involved: this always goes to the police.")
    d.type("reported_at", ago(0, 9, 30))
    d.type("force", "Northshire Police")
    d.type("officer", "PC Rees 4471")
    d.type("crime_reference", "NP/24/118822")
    d.choose(f"outcomes.{chloe}.outcome_code", "")
    d.next(expect_page="agencies")

    d.choose("mash_referred", "yes")
    d.type("mash_reason", "Child at risk of sexual exploitation.")
    d.choose(f"mash.{chloe}.referred", "yes")
    d.type(f"mash.{chloe}.referred_on", in_days(0))
    d.type(f"mash.{chloe}.reference", "MASH-5531")
    parents_told(d, chloe, "Mother, Ms Evans", 10)
    d.next(expect_page="plan")
    plan_and_sign(d, "aggravated", "An adult, coercion and threats.")
    d.finish()

    reference = d.w.finished_reference
    assert reference, d.shown_errors()
    record = cases.load_case(ws, reference)
    assert record.case.status == CaseStatus.OPEN
    assert record.case.adults_involved == Answer.YES
    assert record.case.classification == Classification.AGGRAVATED
    police = record.rows("police_contacts")[0]
    assert police.reported is True
    assert police.crime_reference == "NP/24/118822"
    assert police.force == "Northshire Police"
    decisions = {x.kind: x for x in record.rows("decisions")}
    assert decisions[DecisionKind.IMMEDIATE_REFERRAL].reason == (
        "An adult is involved and there were threats."
    )
    assert refer in (decisions[DecisionKind.IMMEDIATE_REFERRAL].aid_view or "")
    assert decisions[DecisionKind.POLICE].reason.startswith("An adult is involved")
    assert [r.reference for r in record.rows("agency_referrals") if r.referred] == ["MASH-5531"]
    assert [x.description for x in record.rows("devices")] == ["Chloe's iPhone"]


def test_three_children_one_not_yet_spoken_to_and_one_family_not_told(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    d.type("came_to_light_at", ago(2, 14, 5))
    d.type("came_to_light_how", "A phone was confiscated in a Year 9 maths lesson.")
    d.type("summary", "A photo of Mia was shared by Noah to Leo; Leo posted it in a group chat.")
    d.choose("adults_involved", "no")
    young_person(d, 0, "Mia Roberts", 14, "Year 9", "pictured", "created")
    young_person(d, 1, "Noah Price", 14, "Year 9", "received", "shared_further")
    young_person(d, 2, "Leo Grant", 13, "Year 9", "received", "shared_further")
    d.next(expect_page="initial_review")
    d.type("held_at", ago(2, 15))
    d.type("attendees", "Jo Smith (DSL); pastoral lead")
    for question in NO_TO_ALL:
        d.choose(question, "no")
    d.choose("decision", "in_school")
    d.type("decision_reason", "No referral criteria met; shared without consent but no adult.")
    d.next(expect_page="conversations")

    mia, noah, leo = d.child_key(0), d.child_key(1), d.child_key(2)
    records = d.editor("conversations")
    headers = [r.title.text() for r in records.records.values()]  # type: ignore[attr-defined]
    assert headers == ["Mia Roberts", "Noah Price", "Leo Grant"]
    spoke_with(d, mia, '"I never said he could send it on."', 9)
    spoke_with(d, noah, '"I only showed Leo."', 10)
    d.choose(f"conversations.{leo}.held", "no")
    d.type(f"conversations.{leo}.not_held_reason", "Absent today; tomorrow at 9 with his mum.")
    d.next(expect_page="incident_handling")
    d.type("description", "Topless photo, as Mia described it.")
    d.choose("assessment", "potentially_illegal")
    d.type("how_widely_shared", "A Year 9 group chat of about 30 pupils.")
    d.choose("was_viewed", "no")
    d.next(expect_page="police")
    d.choose("reported", "no")
    d.type("reason", "Handled in school for now; will refer if Leo's account changes things.")
    d.next(expect_page="agencies")
    d.choose("mash_referred", "no")
    d.type("mash_reason", "No criteria met.")
    parents_told(d, mia, "Mother", 11)
    d.choose(f"parents.{noah}.informed", "no")
    d.type(
        f"parents.{noah}.reason_not_informed",
        "Noah says his stepfather hits him; telling home may put him at risk. Social worker first.",
    )
    d.type(f"parents.{noah}.revisit_on", in_days(3))
    parents_told(d, leo, "Father", 12)
    d.next(expect_page="plan")
    plan_and_sign(d, "aggravated", "Shared on without Mia's consent.")
    d.finish()

    reference = d.w.finished_reference
    assert reference, d.shown_errors()
    record = cases.load_case(ws, reference)
    people = {p.id: p.name for p in record.rows("young_people")}
    assert sorted(people.values()) == ["Leo Grant", "Mia Roberts", "Noah Price"]
    contacts = {people[c.young_person_id]: c for c in record.rows("parent_carer_contacts")}
    assert contacts["Noah Price"].informed is False
    assert contacts["Noah Price"].reason_not_informed.startswith("Noah says his stepfather")
    assert contacts["Mia Roberts"].informed is True
    talks = {people[t.young_person_id]: t for t in record.rows("conversations")}
    assert talks["Leo Grant"].held is False
    assert talks["Leo Grant"].not_held_reason == "Absent today; tomorrow at 9 with his mum."
    parents = [x for x in record.rows("decisions") if x.kind == DecisionKind.PARENTS]
    assert len(parents) == 1
    assert "Noah Price" in parents[0].decision
    assert parents[0].reason.startswith("Noah says his stepfather")
