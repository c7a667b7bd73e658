"""The wizard's pages, checks, decision aid and Finish, without Qt."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta

import pytest

from app.models import CaseStatus, DecisionKind, Pathway
from app.resources import load_json
from app.services import cases, incident
from app.services.workspace import Workspace
from app.wizard import decision_aid, spec, summary
from app.wizard.validate import check_page, context_for, errors
from tests.helpers.wizard_pages import child, experimental_in_school


def test_every_page_loads_with_its_words() -> None:
    wizard = spec.load()
    assert [p.id for p in wizard.pages] == [
        "incident",
        "initial_review",
        "conversations",
        "incident_handling",
        "police",
        "agencies",
        "plan",
        "summary",
    ]
    for page in wizard.pages:
        assert page.title and page.subtitle and page.guidance, page.id
        ids = [f.id for f in page.fields]
        assert len(ids) == len(set(ids)), page.id
        for f in page.fields:
            assert f.label.strip()
            assert set(f.show_if) <= set(ids), f.id
            if f.type in ("choice", "multi"):
                assert f.choices
            for sub in f.fields:
                assert sub.label.strip()


def test_no_question_offers_a_picture() -> None:
    raw = str(load_json("wizard/pages.json")).lower()
    for word in ("upload", "attach", "photo of", "screenshot"):
        assert word not in raw


def test_decision_aid_suggests_and_never_decides() -> None:
    pages = experimental_in_school()
    assert decision_aid.advise(pages).view == "in_school"
    pages["initial_review"]["q_immediate_risk"] = "yes"
    advice = decision_aid.advise(pages)
    assert advice.refer_now and advice.headline.startswith("Refer to police")
    assert any("immediate risk" in r for r in advice.reasons)
    # The DSL may still decide otherwise; the page then says the reason must say why.
    ctx = context_for(pages)
    notes = [
        p
        for p in check_page(spec.load().page("initial_review"), pages["initial_review"], ctx)
        if p.severity == "note"
    ]
    assert notes and "differs" in notes[0].message


def test_ages_and_circumstances_change_the_prompts() -> None:
    pages = experimental_in_school()
    assert any("13 to 17" in p for p in decision_aid.advise(pages).prompts)
    pages["incident"]["young_people"].append(
        child("c3", "Анна Петрова", 12, ["received"], known_to_social_care=True)
    )
    prompts = decision_aid.advise(pages).prompts
    assert any("under 13" in p for p in prompts)
    assert any("social worker" in p for p in prompts)
    pages["incident"]["young_people"].append(child("d4", "Older Person", 19, ["shared_further"]))
    advice = decision_aid.advise(pages)
    assert advice.refer_now and any("adult" in p.lower() for p in advice.prompts)
    pages["initial_review"]["q_coercion_or_capacity"] = "not_known"
    pages["incident"]["young_people"] = pages["incident"]["young_people"][:2]
    assert decision_aid.advise(pages).view == "undecided"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("31/02/2026 10:00", "not a real date"),
        ("tomorrow", "not a real date"),
        ((datetime.now() + timedelta(days=2)).strftime("%d/%m/%Y %H:%M"), "future"),
        ("", "required"),
    ],
    # Named by what each is, not by the value: a value from the clock could differ between
    # two workers collecting a minute apart, and pytest-xdist then refuses to run.
    ids=["31 February", "a word", "two days ahead", "empty"],
)
def test_dates_are_checked_on_the_page(value: str, expected: str) -> None:
    pages = experimental_in_school()
    pages["incident"]["came_to_light_at"] = value
    problems = errors(
        check_page(spec.load().page("incident"), pages["incident"], context_for(pages))
    )
    assert [p.path for p in problems] == ["came_to_light_at"]
    assert expected in problems[0].message
    assert problems[0].message.startswith("When did it come to light?")


def test_a_child_needs_an_age_and_odd_ages_are_explained() -> None:
    pages = experimental_in_school()
    people = pages["incident"]["young_people"]
    people[0]["date_of_birth"] = ""
    people[1]["date_of_birth"] = (date.today() - timedelta(days=800)).strftime("%d/%m/%Y")
    problems = check_page(spec.load().page("incident"), pages["incident"], context_for(pages))
    messages = [p.message for p in errors(problems)]
    assert any("give a date of birth, or an age" in m for m in messages)
    assert any("makes them 2. Check it" in m for m in messages)
    people[1]["date_of_birth"] = date.today().strftime("%d/%m/%Y")
    problems = check_page(spec.load().page("incident"), pages["incident"], context_for(pages))
    assert any("after the incident" in p.message for p in errors(problems))
    people[0]["age_years"] = "19"
    notes = [
        p.message
        for p in check_page(spec.load().page("incident"), pages["incident"], context_for(pages))
        if p.severity == "note"
    ]
    assert any("an adult" in n for n in notes)


def test_branching_asks_only_what_applies() -> None:
    pages = experimental_in_school()
    police = spec.load().page("police")
    assert errors(check_page(police, pages["police"], context_for(pages))) == []
    pages["police"]["reported"] = "yes"
    paths = {p.path for p in errors(check_page(police, pages["police"], context_for(pages)))}
    assert paths == {"reported_at", "force"}
    assert police.field("reason").label_for(pages["police"]) == "Why did you report it?"


def test_finish_turns_the_pages_into_an_open_case(ws: Workspace) -> None:
    draft = cases.create_case(ws)
    for page_id, values in experimental_in_school().items():
        cases.save_draft_page(ws, draft.id, page_id, values)
    reference = incident.finish(ws, draft.id)
    record = cases.load_case(ws, reference)
    c = record.case
    assert c.status == CaseStatus.OPEN and c.pathway == Pathway.IN_SCHOOL
    assert c.classification_reason == "Romantic, consensual, no malice."
    assert c.next_review_on == date.today() + timedelta(days=14)
    assert [p.name for p in record.rows("young_people")] == ["Zoë O'Brien", "Łukasz Nowak"]
    assert [t.own_words for t in record.rows("conversations")] == [
        '"I only sent it to him."',
        '"I deleted it."',
    ]
    assert len(record.rows("referral_answers")) == 5
    assert record.rows("police_contacts")[0].reported is False
    assert record.rows("actions")[0].owner_id == ws.account.id
    kinds = {d.kind: d.reason for d in record.rows("decisions")}
    assert kinds[DecisionKind.HANDLE_IN_SCHOOL].startswith("Consensual exchange")
    assert kinds[DecisionKind.POLICE] == "Experimental, no aggravating factors."
    assert kinds[DecisionKind.CLASSIFICATION] == "Romantic, consensual, no malice."
    assert all(d.reason for d in record.rows("decisions"))
    assert "Case opened." in [e.entry for e in record.rows("chronology")]


def test_finish_with_gaps_writes_nothing(ws: Workspace) -> None:
    draft = cases.create_case(ws)
    pages = experimental_in_school()
    pages["police"] = {"reported": "yes", "reason": "Adult involved"}
    pages["summary"] = {}
    for page_id, values in pages.items():
        cases.save_draft_page(ws, draft.id, page_id, values)
    with pytest.raises(incident.IncompleteCase) as caught:
        incident.finish(ws, draft.id)
    assert set(caught.value.problems) == {"police", "summary"}
    assert "Police" in str(caught.value)
    record = cases.load_case(ws, draft.id)
    assert record.case.status == CaseStatus.DRAFT
    assert record.rows("young_people") == [] and record.rows("decisions") == []


def test_parents_not_told_is_a_decision_with_its_reason_for_that_child(ws: Workspace) -> None:
    pages = copy.deepcopy(experimental_in_school())
    pages["agencies"]["parents"]["b2"] = {
        "informed": "no",
        "reason_not_informed": "Risk of harm at home <see MASH> & police",
        "revisit_on": (date.today() + timedelta(days=7)).strftime("%d/%m/%Y"),
    }
    draft = cases.create_case(ws)
    for page_id, values in pages.items():
        cases.save_draft_page(ws, draft.id, page_id, values)
    record = cases.load_case(ws, incident.finish(ws, draft.id))
    child_id = {p.name: p.id for p in record.rows("young_people")}["Łukasz Nowak"]
    parents = [d for d in record.rows("decisions") if d.kind == DecisionKind.PARENTS]
    assert [(d.subject, d.reason) for d in parents] == [
        (str(child_id), "Risk of harm at home <see MASH> & police")
    ]
    contact = [p for p in record.rows("parent_carer_contacts") if p.young_person_id == child_id][0]
    assert contact.informed is False and contact.revisit_on == date.today() + timedelta(days=7)


def test_summary_shows_answers_as_a_reader_would() -> None:
    sections = dict(summary.summary_sections(experimental_in_school(), spec.load()))
    incident_rows = dict(sections["Incident and young people"])
    assert incident_rows["Is an adult (18 or over) involved?"] == "No"
    assert "    Their part" in incident_rows
    assert any(
        label.startswith("Conversations: Zoë O'Brien")
        for label, _ in sections["Conversation with the young people"]
    )
