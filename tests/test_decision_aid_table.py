"""The decision aid as a table of cases: each row changes one thing on a case the aid
would leave to the school, and says what the aid must then show.

Every contradiction and every "Not known" rule in resources/wizard/decision_aid.json
has a row here (a test checks that none is missing).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from app.wizard import decision_aid, spec
from app.wizard.validate import check_page, context_for
from tests.helpers.wizard_pages import child, experimental_in_school

Pages = dict[str, dict[str, Any]]
Change = Callable[[Pages], None]


def _set(page: str, **answers: Any) -> Change:
    def change(pages: Pages) -> None:
        pages.setdefault(page, {}).update(answers)

    return change


def _person(index: int, **answers: Any) -> Change:
    def change(pages: Pages) -> None:
        pages["incident"]["young_people"][index].update(answers)

    return change


def _add_child(age: int) -> Change:
    def change(pages: Pages) -> None:
        pages["incident"]["young_people"].append(child("c3", "Anya Brook", age, ["received"]))

    return change


def _all(*changes: Change) -> Change:
    def change(pages: Pages) -> None:
        for c in changes:
            c(pages)

    return change


@dataclass(frozen=True)
class Row:
    name: str
    change: Change
    view: str
    fired: tuple[str, ...] = ()
    not_fired: tuple[str, ...] = ()
    says: tuple[str, ...] = field(default_factory=tuple)  # words somewhere in the banner
    never_says: tuple[str, ...] = ()


MAY_HANDLE = "may be handled in school"
FIND_OUT = "if in doubt, refer"

TABLE = [
    Row(
        "consensual, all 13 to 17, nothing aggravating",
        lambda p: None,
        "in_school",
        fired=("prompt:all_13_to_17",),
        says=(MAY_HANDLE,),
    ),
    # -- contradictions, each said plainly and never resolved ---------------------------
    Row(
        "self-harm recorded on page 4 while question 5 is No",
        _set("incident_handling", immediate_risks=["self_harm"]),
        "refer",
        fired=("reason:risk_recorded", "contradiction:risk_q5"),
        says=("Question 5 is No, but page 4 records self-harm: look at question 5 again.",),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "suicidal feelings recorded while question 5 is Not known",
        _all(
            _set("incident_handling", immediate_risks=["suicidal", "self_harm"]),
            _set("initial_review", q_immediate_risk="not_known"),
        ),
        "refer",
        fired=("contradiction:risk_q5", "find_out:q5"),
        says=(
            "Question 5 is Not known, but page 4 records self-harm and suicidal feelings: "
            "look at question 5 again.",
        ),
    ),
    Row(
        "the support note names self-harm while question 5 is No",
        _set("incident_handling", immediate_support_needed="Zoë has been self-harming."),
        "undecided",
        fired=("contradiction:risk_note_q5",),
        says=("mentions self-harm or suicide: look at question 5 again",),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "threats described on the police page while question 2 is No",
        _set("police", coercion_details="He said he would post it unless she sent more."),
        "undecided",
        fired=("contradiction:police_threats_q2",),
        says=("Question 2 is No, but page 5 describes coercion or threats",),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "'None' on the police page is not a threat",
        _set("police", coercion_details="None."),
        "in_school",
        not_fired=("contradiction:police_threats_q2",),
    ),
    Row(
        "an old draft's police answer says threats while question 2 is No",
        _set("police", coercion_or_threats="yes"),
        "undecided",
        fired=("contradiction:police_coercion_q2",),
        says=("page 5 kept an earlier answer that coercion or threats were involved",),
    ),
    Row(
        "an old draft's question 1 on page 2 differs from page 1",
        _set("initial_review", q_adult_involved="not_known"),
        "undecided",
        fired=("contradiction:adult_page_2",),
        says=("page 2 kept an earlier answer, Not known: look at question 1 on page 1 again",),
    ),
    Row(
        "sextortion on page 1 while question 2 is No",
        _set("incident", sextortion="yes", sextortion_demand=["money"]),
        "refer",
        fired=("reason:sextortion", "contradiction:sextortion_q2", "prompt:sextortion_advice"),
        says=(
            "Question 2 is No, but page 1 records a sextortion threat, which is blackmail",
            "should not pay",
            "should not delete the messages",
            "without viewing or copying the image",
            "CEOP",
            "Report Remove or Take It Down",
            "done nothing wrong",
        ),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "a sexual act described, a child under 13, question 4 Not known",
        _all(
            _add_child(12),
            _set("incident_handling", shows_sexual_act="yes"),
            _set("initial_review", q_under_13_sexual_acts="not_known"),
        ),
        "refer",
        fired=("reason:sexual_act_under_13", "contradiction:sexual_act_q4", "find_out:q4"),
        says=("Question 4 is Not known, but page 4 records a sexual act, with a child under 13",),
    ),
    Row(
        "a sexual act described, a child under 13, question 4 No",
        _all(_add_child(11), _set("incident_handling", shows_sexual_act="yes")),
        "refer",
        fired=("contradiction:sexual_act_q4",),
        says=("Question 4 is No, but page 4 records a sexual act",),
    ),
    Row(
        "someone listed as a young person is 19 while page 1 says no adult",
        _add_child(19),
        "refer",
        fired=("reason:adult_by_age", "contradiction:adult_by_age", "prompt:adult"),
    ),
    Row(
        "classified experimental though shared without consent",
        _all(
            _set("incident", sharing=["consensual", "without_consent"]),
            _set("summary", classification="experimental"),
        ),
        "undecided",
        fired=("contradiction:experimental_but_aggravated", "prompt:aggravating"),
        never_says=(MAY_HANDLE,),
    ),
    # -- Not known on an immediate-referral fact: find out, never "may handle" ----------
    Row(
        "an adult involved: Not known on page 1",
        _set("incident", adults_involved="not_known", adults_involved_details="An 'older boy'."),
        "undecided",
        fired=("find_out:adult",),
        says=(FIND_OUT,),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "question 2 Not known",
        _set("initial_review", q_coercion_or_capacity="not_known"),
        "undecided",
        fired=("find_out:q2",),
        says=(FIND_OUT,),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "question 3 Not known",
        _set("initial_review", q_unusual_or_violent="not_known"),
        "undecided",
        fired=("find_out:q3",),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "question 4 Not known",
        _set("initial_review", q_under_13_sexual_acts="not_known"),
        "undecided",
        fired=("find_out:q4",),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "question 5 Not known",
        _set("initial_review", q_immediate_risk="not_known"),
        "undecided",
        fired=("find_out:q5",),
        says=(FIND_OUT,),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "sextortion Not known",
        _set("incident", sextortion="not_known"),
        "undecided",
        fired=("find_out:sextortion", "prompt:sextortion_advice"),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "a sexual act Not known, with a child under 13",
        _all(_add_child(12), _set("incident_handling", shows_sexual_act="not_known")),
        "undecided",
        fired=("find_out:sexual_act_under_13", "prompt:under_13"),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "SEND Not known",
        _person(0, has_send="not_known"),
        "undecided",
        fired=("find_out:send_not_known",),
        never_says=(MAY_HANDLE,),
    ),
    # -- prompts only when their condition holds ---------------------------------------
    Row(
        "shared on without consent: no consensual-sharing prompt",
        _all(
            _set("incident", sharing=["consensual", "without_consent"]),
            _set("summary", classification="aggravated"),
        ),
        "in_school",
        fired=("prompt:aggravating",),
        not_fired=("prompt:all_13_to_17",),
        never_says=(MAY_HANDLE,),
    ),
    Row(
        "shared out of malice: no consensual-sharing prompt",
        _all(
            _set("incident", sharing=["malice"]),
            _set("summary", classification="aggravated"),
        ),
        "in_school",
        not_fired=("prompt:all_13_to_17",),
    ),
    Row(
        "never taken by the child: no consensual-sharing prompt",
        _all(
            _set("incident", sharing=["not_taken_by_child"]),
            _set("summary", classification="aggravated"),
        ),
        "in_school",
        not_fired=("prompt:all_13_to_17",),
    ),
    Row(
        "how it was shared not recorded: no consensual-sharing prompt",
        _set("incident", sharing=[]),
        "in_school",
        not_fired=("prompt:all_13_to_17",),
    ),
    Row(
        "an AI-made image: the prompt says why it still counts, no consensual prompt",
        _set("incident_handling", image_origin="ai_altered"),
        "in_school",
        fired=("prompt:ai_image",),
        not_fired=("prompt:all_13_to_17",),
        says=("still counts as a nude or semi-nude image of a child",),
    ),
    Row(
        "SEND: the prompt shows",
        _person(0, has_send="yes", send="Autism; an EHCP."),
        "in_school",
        fired=("prompt:send",),
    ),
    Row(
        "SEND answered No: no prompt",
        _person(0, has_send="no"),
        "in_school",
        not_fired=("prompt:send", "find_out:send_not_known"),
    ),
    Row(
        "an old draft's 'None known.' is not SEND",
        _person(0, send="None known.", has_send=None),
        "in_school",
        not_fired=("prompt:send",),
    ),
    Row(
        "an old draft's SEND text still counts",
        _person(1, send="Dyslexia; speech and language support.", has_send=None),
        "in_school",
        fired=("prompt:send",),
    ),
]


def _old_draft(pages: Pages) -> None:
    # An old draft has no has_send key at all.
    for person in pages["incident"]["young_people"]:
        if person.get("has_send") is None:
            person.pop("has_send", None)


@pytest.mark.parametrize("row", TABLE, ids=[r.name for r in TABLE])
def test_the_aid_over_the_whole_case(row: Row) -> None:
    pages = experimental_in_school()
    row.change(pages)
    _old_draft(pages)
    advice = decision_aid.advise(pages)
    banner = " ".join([advice.headline, advice.advice, *advice.reasons, *advice.prompts])
    assert advice.view == row.view, advice
    for rule in row.fired:
        assert rule in advice.fired, (rule, advice.fired)
    for rule in row.not_fired:
        assert rule not in advice.fired, (rule, advice.fired)
    for words in row.says:
        assert words in banner, (words, banner)
    for words in row.never_says:
        assert words not in banner
    if advice.contradictions:  # never silently resolved: said first, and no "in school" view
        assert advice.view != "in_school"
        assert advice.prompts[: len(advice.contradictions)] == advice.contradictions


def test_every_contradiction_and_every_not_known_has_a_row() -> None:
    words = decision_aid.words()
    covered = {rule for row in TABLE for rule in row.fired}
    for rule_id in words["contradictions"]:
        assert f"contradiction:{rule_id}" in covered, rule_id
    for rule_id in words["find_out_rules"]:
        assert f"find_out:{rule_id}" in covered, rule_id


def test_a_contradiction_is_said_beside_the_question_to_look_at_again() -> None:
    pages = experimental_in_school()
    pages["incident_handling"]["immediate_risks"] = ["self_harm"]
    page = spec.load().page("initial_review")
    notes = [
        (p.path, p.message)
        for p in check_page(page, pages["initial_review"], context_for(pages))
        if p.severity == "note"
    ]
    assert (
        "q_immediate_risk",
        "Question 5 is No, but page 4 records self-harm: look at question 5 again.",
    ) in notes


def test_a_classification_that_disagrees_is_said_beside_it() -> None:
    pages = experimental_in_school()
    pages["incident"]["sextortion"] = "yes"
    page = spec.load().page("summary")
    notes = [
        p.path
        for p in check_page(page, pages["summary"], context_for(pages))
        if p.severity == "note"
    ]
    assert notes == ["classification"]
    review = spec.load().page("initial_review")
    paths = [p.path for p in check_page(review, pages["initial_review"], context_for(pages))]
    assert "q_coercion_or_capacity" in paths and "classification" not in paths


def test_in_school_while_something_is_not_known_asks_the_reason_to_say_why() -> None:
    pages = experimental_in_school()
    pages["initial_review"]["q_immediate_risk"] = "not_known"
    page = spec.load().page("initial_review")
    notes = [
        p.message
        for p in check_page(page, pages["initial_review"], context_for(pages))
        if p.severity == "note" and p.path == "decision_reason"
    ]
    assert notes == [decision_aid.words()["in_school_not_known"]]


def test_every_rule_names_only_facts_the_case_has() -> None:
    from app.wizard import facts

    known = set(facts.gather(experimental_in_school(), decision_aid.words()))

    def named(condition: Any) -> set[str]:
        out: set[str] = set()
        if isinstance(condition, dict):
            for key in ("all", "any"):
                for c in condition.get(key, []):
                    out |= named(c)
            if "not" in condition:
                out |= named(condition["not"])
            if "fact" in condition:
                out.add(condition["fact"])
            out |= set(condition.get("same", []))
        return out

    words = decision_aid.words()
    for section in ("reasons", "contradictions", "find_out_rules", "prompts"):
        for rule_id, rule in words[section].items():
            assert named(rule["when"]) <= known, (section, rule_id)
            assert rule["text"].strip(), (section, rule_id)


def test_the_old_wording_of_a_case_is_not_changed_by_the_aid() -> None:
    pages = experimental_in_school()
    before = copy.deepcopy(pages)
    decision_aid.advise(pages)
    assert pages == before


def test_the_shipped_rules_are_usable_and_a_broken_rule_is_named() -> None:
    assert decision_aid.rule_problems() == []
    doc = copy.deepcopy(decision_aid.words())
    doc["prompts"]["send"]["when"] = {"fact": "sned"}
    doc["reasons"]["q5"]["when"] = {"all": "q5"}
    del doc["contradictions"]["risk_q5"]["text"]
    assert decision_aid.rule_problems(doc) == [
        "reasons.q5.when: 'all' takes a list of conditions",
        "contradictions.risk_q5: needs its words ('text')",
        "prompts.send.when: no fact is called 'sned'",
    ]


def test_a_rule_out_of_shape_is_skipped_and_the_rest_still_advise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = copy.deepcopy(decision_aid.words())
    doc["reasons"]["q5"]["when"] = ["not", "an object"]
    monkeypatch.setattr(decision_aid, "words", lambda: doc)
    pages = experimental_in_school()
    pages["incident"]["sextortion"] = "yes"
    advice = decision_aid.advise(pages)
    assert advice.view == "refer" and "reason:sextortion" in advice.fired
