"""The decision aid: what the guidance suggests, from the answers so far.

It never decides. It returns a view ("refer", "in_school" or "undecided") with
the reasons and prompts behind it; the wizard shows them and the DSL records
their own decision and its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from app import dates
from app.resources import load_json

View = Literal["refer", "in_school", "undecided", "referred"]  # referred: see referrals_done
QUESTIONS = (
    "q_adult_involved",
    "q_coercion_or_capacity",
    "q_unusual_or_violent",
    "q_under_13_sexual_acts",
    "q_immediate_risk",
)


@cache
def words() -> dict[str, Any]:
    return dict(load_json("wizard/decision_aid.json"))


@dataclass(frozen=True)
class Advice:
    view: View
    headline: str
    advice: str
    reasons: tuple[str, ...]
    prompts: tuple[str, ...]

    @property
    def refer_now(self) -> bool:
        return self.view == "refer"


def age_of(person: dict[str, Any], on: date) -> int | None:
    """Age from the date of birth, else the age given; None when neither is usable."""
    try:
        dob = dates.parse_date(str(person.get("date_of_birth") or ""))
    except ValueError:
        dob = None
    if dob is not None:
        return dates.age_on(dob, on)
    try:
        return dates.parse_number(str(person.get("age_years") or ""))
    except ValueError:
        return None


def incident_day(pages: dict[str, dict[str, Any]]) -> date:
    try:
        when = dates.parse_datetime(str(pages.get("incident", {}).get("came_to_light_at") or ""))
    except ValueError:
        when = None
    return when.date() if when else date.today()


def advise(pages: dict[str, dict[str, Any]]) -> Advice:
    w = words()
    incident = pages.get("incident", {})
    review = pages.get("initial_review", {})
    people = [p for p in incident.get("young_people", []) if isinstance(p, dict)]
    day = incident_day(pages)
    ages = [a for a in (age_of(p, day) for p in people) if a is not None]

    reasons: list[str] = []
    prompts: list[str] = []
    if incident.get("adults_involved") == "yes":
        reasons.append(w["reasons"]["adult_on_incident_page"])
    if any(a >= 18 for a in ages):
        reasons.append(w["reasons"]["adult_by_age"])
    answers = [review.get(q, "") for q in QUESTIONS]
    reasons += [w["reasons"][q] for q, a in zip(QUESTIONS, answers, strict=True) if a == "yes"]

    if reasons and (
        incident.get("adults_involved") == "yes"
        or any(a >= 18 for a in ages)
        or review.get("q_adult_involved") == "yes"
    ):
        prompts.append(w["prompts"]["adult"])
    if any(a < 13 for a in ages):
        prompts.append(w["prompts"]["under_13"])
    elif not reasons and ages and len(ages) == len(people) and all(13 <= a < 18 for a in ages):
        # Only when nothing points to referring, or it would read as mixed advice.
        prompts.append(w["prompts"]["all_13_to_17"])
    if any(p.get("known_to_social_care") for p in people):
        prompts.append(w["prompts"]["social_care"])
    if any(p.get("earlier_mash_referral") for p in people):
        prompts.append(w["prompts"]["earlier_mash"])
    if any(str(p.get("send") or "").strip() for p in people):
        prompts.append(w["prompts"]["send"])

    view: View
    if reasons:
        view = "refer"
    elif all(a == "no" for a in answers):
        view = "in_school"
    else:
        view = "undecided"
        if "not_known" in answers:
            prompts.append(w["prompts"]["not_known"])
    return Advice(view, w[view]["headline"], w[view]["advice"], tuple(reasons), tuple(prompts))


def decision_differs(pages: dict[str, dict[str, Any]], advice: Advice) -> bool:
    decision = pages.get("initial_review", {}).get("decision")
    return (advice.view == "refer" and decision == "in_school") or (
        advice.view == "in_school" and decision == "refer"
    )
