"""Two risks by name, walked through the real wizard: a sextortion case and an
AI-made image. What the DSL sees on the way, what is stored, and what is printed."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from pypdf import PdfReader

from app.models import Answer, DecisionKind
from app.record.figures import IMAGE_ORIGIN, SEXTORTION
from app.reports import render_case_pdf
from app.services import cases
from app.services import figures as figures_service
from app.services.workspace import Workspace
from app.wizard.decision_aid import words
from tests.helpers.wizard_driver import Driver, ago, in_days, make_wizard, ws
from tests.ui.test_wizard_journeys import parents_told, plan_and_sign, spoke_with, young_person

__all__ = ["make_wizard", "ws"]  # fixtures

REFER = words()["refer"]["headline"]


def printed(ws: Workspace, reference: str) -> str:
    record = cases.load_case(ws, reference)
    data = render_case_pdf(record, school="S", marking="OFFICIAL", printed_by="Jo", training=False)
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(data)).pages)


def banner_text(d: Driver) -> str:
    return " ".join([d.w.banner.headline.text(), d.w.banner.prompts.text()])


def test_a_sextortion_case_refers_now_and_carries_the_national_advice(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    d.type("came_to_light_at", ago(0, 8, 40))
    d.type("came_to_light_how", "Sam told his Head of Year he was being blackmailed online.")
    d.type("summary", "Someone Sam met on Instagram says they will post his photo unless he pays.")
    d.choose("adults_involved", "not_known")
    d.type("adults_involved_details", "Says he is 16; the account is new.")
    d.tick("sharing", "consensual")
    d.choose("sextortion", "yes")
    d.tick("sextortion_demand", "money", "more_images")
    d.type("sextortion_details", "Instagram user 'jess_x_16'; asked for £100 in gift cards.")
    young_person(d, 0, "Sam Okafor", 15, "Year 10", "pictured", "created", "sent", "disclosed")
    d.choose("young_people.0.has_send", "no")
    d.next(expect_page="initial_review")

    # Page 2 shows page 1's answer to question 1, and the aid says refer, naming why.
    assert d.editor("q_adult_involved").answer.text() == "Not known"  # type: ignore[attr-defined]
    d.qtbot.wait(300)
    assert d.w.banner.headline.text() == REFER
    text = banner_text(d)
    assert "sextortion" in d.w.banner.reasons.text()
    for advice in (
        "should not pay",
        "should not delete the messages",
        "without viewing or copying the image",
        "CEOP",
        "Report Remove or Take It Down",
        "done nothing wrong",
    ):
        assert advice in text, advice
    assert "may be handled in school" not in text
    d.type("held_at", ago(0, 9))
    d.type("attendees", "Jo Smith (DSL); Head of Year 10")
    d.choose("q_coercion_or_capacity", "no")  # a slip: the aid says so, plainly
    for question in ("q_unusual_or_violent", "q_under_13_sexual_acts", "q_immediate_risk"):
        d.choose(question, "no")
    d.qtbot.wait(300)
    row = d.w.by_id["initial_review"].form.rows["q_coercion_or_capacity"]
    assert row.notes.isVisible()
    assert "Question 2 is No, but page 1 records a sextortion threat" in row.notes.text()
    # Said on the banner's first lines, with its details closed.
    assert not d.w.banner.details.isVisible() and d.w.banner.disagree.isVisible()
    assert "Question 2 is No, but page 1 records a sextortion threat" in d.w.banner.disagree.text()
    d.choose("q_coercion_or_capacity", "yes")
    d.qtbot.wait(300)
    assert "Question 2 is No" not in d.w.banner.disagree.text()
    assert not d.w.banner.disagree.isVisible()
    d.choose("decision", "refer")
    d.type("decision_reason", "Sextortion: blackmail by someone online. Police and CEOP now.")
    d.next(expect_page="conversations")

    spoke_with(d, d.child_key(0), '"I didn\'t know what to do. I sent £20 already."', 10)
    d.next(expect_page="incident_handling")
    d.type("description", "A nude photo Sam took of himself, as he described it. Not viewed.")
    d.choose("assessment", "potentially_illegal")
    d.choose("image_origin", "real")
    d.choose("was_viewed", "no")
    d.next(expect_page="police")

    # The police page shows question 2 and the threat, asked once elsewhere.
    assert d.editor("coercion_or_threats").answer.text() == "Yes"  # type: ignore[attr-defined]
    assert d.editor("sextortion").answer.text() == "Yes"  # type: ignore[attr-defined]
    d.type("coercion_details", "Threat to post the photo unless paid; £20 already paid.")
    d.choose("reported", "yes")
    d.type("reason", "Sextortion is child sexual abuse and blackmail.")
    d.type("reported_at", ago(0, 9, 30))
    d.type("force", "Northshire Police")
    d.type("crime_reference", "NP/26/4410")
    d.next(expect_page="agencies")
    d.choose("mash_referred", "yes")
    d.type("mash_reason", "Online sexual abuse.")
    d.choose(f"mash.{d.child_key(0)}.referred", "yes")  # each young person's referral
    d.type(f"mash.{d.child_key(0)}.referred_on", in_days(0))
    parents_told(d, d.child_key(0), "Mother", 11)
    d.next(expect_page="plan")
    assert any("do not pay" in g.text() for g in d.w.guidance.points)  # type: ignore[attr-defined]
    plan_and_sign(d, "aggravated", "Sextortion: blackmail by an offender online.")
    d.finish()

    reference = d.w.finished_reference
    assert reference, d.shown_errors()
    record = cases.load_case(ws, reference)
    described = record.rows("incident_descriptions")[0]
    assert described.sextortion == Answer.YES
    assert described.sextortion_demand == ["money", "more_images"]
    assert described.sharing == ["consensual"]
    assert described.coercion_or_threats == Answer.YES  # question 2, asked once
    assert record.case.adults_involved == Answer.NOT_KNOWN
    assert record.rows("young_people")[0].has_send == Answer.NO
    decisions = {x.kind: x for x in record.rows("decisions")}
    assert REFER in (decisions[DecisionKind.IMMEDIATE_REFERRAL].aid_view or "")
    answers = {a.question.value: a.answer for a in record.rows("referral_answers")}
    assert answers["adult_involved"] == Answer.NOT_KNOWN  # from page 1

    text = printed(ws, reference)
    assert "A threat to share it unless paid or sent more (sextortion) Yes" in text
    assert "Money, gift cards or other payment; More images or videos" in text
    assert "jess_x_16" in text
    assert "Sextortion: the national advice" in text  # in the plan
    assert "should not delete the messages" in text
    year = figures_service.school_years(ws)[0]
    counted = figures_service.figures(ws, year).sections()
    assert ("Yes", 1) in counted[SEXTORTION]


def test_an_ai_made_image_counts_and_is_carried_to_the_record_and_figures(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    d.type("came_to_light_at", ago(1, 13, 10))
    d.type(
        "came_to_light_how", "A parent phoned: a 'nudified' picture of her daughter is going round."
    )
    d.type("summary", "A pupil used an app to make a nude image from Lily's class photo.")
    d.choose("adults_involved", "no")
    d.tick("sharing", "not_taken_by_child", "malice")
    d.choose("sextortion", "no")
    young_person(d, 0, "Lily Hart", 14, "Year 9", "pictured")
    d.choose("young_people.0.has_send", "no")
    young_person(d, 1, "Tom Reed", 14, "Year 9", "created", "shared_further")
    d.choose("young_people.1.has_send", "yes")
    d.type("young_people.1.send", "ADHD; support plan in place.")
    d.next(expect_page="initial_review")
    d.qtbot.wait(300)
    prompts = d.w.banner.prompts.text()
    assert "may be handled in school" not in prompts  # never taken by Lily, shared to hurt
    assert "aggravating factors" in prompts
    assert "SEND" in prompts
    d.type("held_at", ago(1, 14))
    d.type("attendees", "Jo Smith (DSL); Head of Year 9")
    for question in (
        "q_coercion_or_capacity",
        "q_unusual_or_violent",
        "q_under_13_sexual_acts",
        "q_immediate_risk",
    ):
        d.choose(question, "no")
    d.choose("decision", "in_school")
    d.type("decision_reason", "No referral criteria; the app-made image is handled by procedure.")
    d.next(expect_page="conversations")
    spoke_with(d, d.child_key(0), '"It isn\'t even me but everyone thinks it is."', 15)
    spoke_with(d, d.child_key(1), '"It was a joke."', 16)
    d.next(expect_page="incident_handling")

    assert any("still counts" in g.text() for g in d.w.guidance.points)  # type: ignore[attr-defined]
    d.type("description", "An app-made nude from a class photo, as Lily's mother described it.")
    d.choose("assessment", "potentially_illegal")
    d.choose("image_origin", "ai_altered")
    d.choose("shows_sexual_act", "no")
    d.choose("was_viewed", "no")
    d.qtbot.wait(300)
    assert "still counts as a nude or semi-nude image of a child" in d.w.banner.prompts.text()
    d.next(expect_page="police")
    d.choose("reported", "no")
    d.type("reason", "Handled in school by the procedure; will refer if it spreads further.")
    d.next(expect_page="agencies")
    existing = d.editor("existing_concerns").answer.text()  # type: ignore[attr-defined]
    assert existing == "Lily Hart: none recorded\nTom Reed: none recorded"
    d.choose("mash_referred", "no")
    d.type("mash_reason", "No criteria met.")
    parents_told(d, d.child_key(0), "Mother", 17)
    parents_told(d, d.child_key(1), "Father", 18)
    d.next(expect_page="plan")
    plan_and_sign(d, "aggravated", "Made without Lily's consent, shared to hurt her.")
    d.finish()

    reference = d.w.finished_reference
    assert reference, d.shown_errors()
    record = cases.load_case(ws, reference)
    described = record.rows("incident_descriptions")[0]
    assert described.image_origin == "ai_altered"
    assert described.shows_sexual_act == Answer.NO
    assert described.sharing == ["malice", "not_taken_by_child"]
    people = {p.name: p for p in record.rows("young_people")}
    assert people["Tom Reed"].has_send == Answer.YES
    assert people["Tom Reed"].send == "ADHD; support plan in place."

    text = printed(ws, reference)
    assert "Real, or made or altered with AI" in text
    assert "Made or altered with AI or an app" in text
    assert "Shared to hurt, shame or bully someone" in text
    year = figures_service.school_years(ws)[0]
    counted = figures_service.figures(ws, year).sections()
    assert ("AI-made or altered", 1) in counted[IMAGE_ORIGIN]


def test_an_answer_asked_once_is_shown_later_with_the_way_back_to_change_it(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = make_wizard()
    d.choose("adults_involved", "not_known")
    d.w.furthest = 1
    d.w.go_to(1)
    assert d.page_id == "initial_review"
    shown = d.editor("q_adult_involved")
    assert shown.answer.text() == "Not known"  # type: ignore[attr-defined]
    assert "find out; if in doubt, refer" in d.w.banner.prompts.text()
    assert "may be handled in school" not in d.w.banner.prompts.text()
    d.click(shown.change)  # type: ignore[attr-defined]
    assert d.page_id == "incident"
    d.choose("adults_involved", "yes")
    d.w.go_to(1)
    assert shown.answer.text() == "Yes"  # type: ignore[attr-defined]
    assert "q_adult_involved" not in d.values("initial_review")  # asked, and kept, on page 1


def test_an_old_draft_whose_answers_disagree_shows_both(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    from tests.helpers.wizard_pages import experimental_in_school

    pages = experimental_in_school()
    pages["initial_review"]["q_adult_involved"] = "yes"  # page 1 says no
    case_id = cases.create_case(ws).id
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values, 1)
    d = make_wizard(case_id)
    d.w.go_to(1)
    d.qtbot.wait(300)
    row = d.w.by_id["initial_review"].form.rows["q_adult_involved"]
    assert row.earlier.isVisible()
    assert "Saved on this page earlier as: Yes" in row.earlier_text.text()
    assert "now asked once" in row.earlier_text.text()
    assert "page 2 kept an earlier answer, Yes" in d.w.banner.disagree.text()
    assert d.w.banner.headline.text() == words()["disagree"]["headline"]
