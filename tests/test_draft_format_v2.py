"""Format 2: facts asked once, and SEND as yes / no / not known. Drafts saved on format 1
are carried forward; where two old answers disagree both are kept for the DSL to see."""

from __future__ import annotations

from typing import Any

from app.services import cases
from app.services.workspace import Workspace
from app.wizard import decision_aid
from app.wizard import draft_format as df
from tests.helpers.wizard_pages import experimental_in_school


def _v1() -> dict[str, dict[str, Any]]:
    pages = experimental_in_school()
    for person in pages["incident"]["young_people"]:
        person.pop("has_send")
    pages["initial_review"]["q_adult_involved"] = "no"
    pages["police"]["coercion_or_threats"] = "no"
    return pages


def test_send_text_becomes_an_answer_and_none_known_is_not_send() -> None:
    pages = _v1()
    people = pages["incident"]["young_people"]
    people[0]["send"] = "None known."
    people[1]["send"] = "Autism; EHCP in place."
    pages["incident"]["young_people"].append({"key": "c", "name": "C", "send": "Not known"})
    pages["incident"]["young_people"].append({"key": "d", "name": "D", "send": "  "})
    out = df.upgrade(pages, {}, 2)["incident"]["young_people"]
    assert [p.get("has_send") for p in out] == ["no", "yes", "not_known", None]
    assert out[1]["send"] == "Autism; EHCP in place."  # the details, as typed
    assert out[0]["send"] == "None known."  # kept, hidden behind "No" until changed


def test_answers_asked_once_move_to_the_page_that_asks_them() -> None:
    pages = _v1()
    pages["incident"]["adults_involved"] = ""
    pages["initial_review"]["q_adult_involved"] = "not_known"
    pages["initial_review"]["q_coercion_or_capacity"] = ""
    pages["police"]["coercion_or_threats"] = "yes"
    pages["agencies"]["existing_concerns"] = "Earlier concern about online contact."
    pages["incident"]["young_people"] = pages["incident"]["young_people"][:1]
    out = df.upgrade(pages, {}, 2)
    assert out["incident"]["adults_involved"] == "not_known"
    assert "q_adult_involved" not in out["initial_review"]
    assert out["initial_review"]["q_coercion_or_capacity"] == "yes"
    assert "coercion_or_threats" not in out["police"]
    assert out["incident"]["young_people"][0]["existing_concerns"] == (
        "Earlier concern about online contact."
    )
    assert "existing_concerns" not in out["agencies"]


def test_the_same_answer_twice_is_kept_once() -> None:
    out = df.upgrade(_v1(), {}, 2)
    assert "q_adult_involved" not in out["initial_review"]
    assert "coercion_or_threats" not in out["police"]


def test_answers_that_disagree_are_both_kept_and_the_aid_says_so() -> None:
    pages = _v1()
    pages["initial_review"]["q_adult_involved"] = "yes"  # page 1 says no
    pages["police"]["coercion_or_threats"] = "yes"  # question 2 says no
    pages["agencies"]["existing_concerns"] = "Known to the police."  # two young people
    out = df.upgrade(pages, {}, 2)
    assert out["incident"]["adults_involved"] == "no"
    assert out["initial_review"]["q_adult_involved"] == "yes"
    assert out["police"]["coercion_or_threats"] == "yes"
    assert out["agencies"]["existing_concerns"] == "Known to the police."
    advice = decision_aid.advise(out)
    assert "contradiction:adult_page_2" in advice.fired
    assert "contradiction:police_coercion_q2" in advice.fired
    assert advice.view != "in_school"


def test_a_format_1_draft_opens_carried_forward(ws: Workspace) -> None:
    pages = _v1()
    pages["incident"]["young_people"][0]["send"] = "none"
    case_id = cases.create_case(ws).id
    for page, values in pages.items():
        cases.save_draft_page(ws, case_id, page, values, 1)
    again = cases.draft_pages(ws, case_id)
    assert again["incident"]["young_people"][0]["has_send"] == "no"
    assert "q_adult_involved" not in again["initial_review"]
    assert decision_aid.advise(again).view == "in_school"
