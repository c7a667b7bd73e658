"""The facts the guidance turns on, read from every page of a draft.

Each fact is asked once, on one page; the decision aid reasons over all of them
(`app.wizard.decision_aid`), and pages that show an answer asked elsewhere read
it from here (`shown_text`). Plain Python: no Qt, nothing logged.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app import dates
from app.wizard import draft_format
from app.wizard.spec import FieldSpec, WizardSpec

Pages = dict[str, dict[str, Any]]
Facts = dict[str, Any]

# The immediate-referral questions of the initial review, by the short name the aid's
# rules use. Question 1 (an adult involved) is asked once, on page 1.
QUESTIONS = {
    "q2": "q_coercion_or_capacity",
    "q3": "q_unusual_or_violent",
    "q4": "q_under_13_sexual_acts",
    "q5": "q_immediate_risk",
}
NOTHING = "Not answered yet"


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


def incident_day(pages: Pages) -> date:
    try:
        when = dates.parse_datetime(str(pages.get("incident", {}).get("came_to_light_at") or ""))
    except ValueError:
        when = None
    return when.date() if when else date.today()


def _codes(value: Any) -> set[str]:
    return {str(v) for v in value} if isinstance(value, list) else set()


def _answer(value: Any) -> str:
    return value if value in ("yes", "no", "not_known") else ""


def send_of(person: dict[str, Any]) -> str:
    """yes / no / not_known / "" for one young person, reading old free-text drafts too
    ("None known." is no SEND)."""
    answer = _answer(person.get("has_send"))
    if answer:
        return answer
    if "has_send" in person:
        return ""
    return draft_format.send_answer(person.get("send")) or ""


def _mentions(text: Any, words: list[str]) -> bool:
    folded = str(text or "").casefold()
    return any(w.casefold() in folded for w in words)


def _says_something(text: Any, nothing: list[str]) -> bool:
    folded = str(text or "").strip().rstrip(".!").strip().casefold()
    return bool(folded) and folded not in {n.casefold() for n in nothing}


def gather(pages: Pages, words: dict[str, Any]) -> Facts:
    """Every fact the aid's rules may name. Answers are "yes" / "no" / "not_known" / ""
    (not answered); the rest are True or False. `words` holds the word lists some
    facts are read with (what "nothing" looks like, what names self-harm)."""
    incident = pages.get("incident", {})
    review = pages.get("initial_review", {})
    handling = pages.get("incident_handling", {})
    police = pages.get("police", {})
    summary = pages.get("summary", {})
    people = [p for p in incident.get("young_people", []) if isinstance(p, dict)]
    day = incident_day(pages)
    ages = [age_of(p, day) for p in people]
    known = [a for a in ages if a is not None]
    sharing = _codes(incident.get("sharing"))
    risks = _codes(handling.get("immediate_risks"))
    sends = [send_of(p) for p in people]
    facts: Facts = {
        "adult": _answer(incident.get("adults_involved")),
        # An answer to question 1 saved on page 2 before it was asked once (an old draft).
        "adult_page_2": _answer(review.get("q_adult_involved")),
        **{short: _answer(review.get(qid)) for short, qid in QUESTIONS.items()},
        "adult_by_age": any(a >= 18 for a in known),
        "under_13": any(a < 13 for a in known),
        "all_13_to_17": bool(people)
        and len(known) == len(people)
        and all(13 <= a < 18 for a in known),
        "sextortion": _answer(incident.get("sextortion")),
        "sexual_act": _answer(handling.get("shows_sexual_act")),
        "image_ai": handling.get("image_origin") == "ai_altered",
        "image_origin_not_known": handling.get("image_origin") == "not_known",
        "shared_consensually": "consensual" in sharing,
        "shared_without_consent": "without_consent" in sharing,
        "shared_with_malice": "malice" in sharing,
        "not_taken_by_child": "not_taken_by_child" in sharing,
        "sharing_not_known": "not_known" in sharing,
        "risk_recorded": bool(risks),
        "risk_in_support_note": _mentions(
            handling.get("immediate_support_needed"), words.get("risk_words", [])
        ),
        "threats_on_police_page": _says_something(
            police.get("coercion_details"), words.get("nothing_words", [])
        ),
        # An answer on the police page saved before coercion was asked once (an old draft).
        "police_coercion": _answer(police.get("coercion_or_threats")),
        "send": "yes" in sends,
        "send_not_known": "not_known" in sends,
        "social_care": any(p.get("known_to_social_care") is True for p in people),
        "earlier_mash": any(p.get("earlier_mash_referral") is True for p in people),
        "looked_after": any(p.get("looked_after") is True for p in people),
        "decision": str(review.get("decision") or ""),
        "classification": str(summary.get("classification") or ""),
        "_risks": [r for r in words.get("risk_names", {}) if r in risks],  # as listed
    }
    return facts


# -- an answer asked once, shown on a later page -------------------------------------------


def _field_at(spec: WizardSpec, path: str) -> tuple[int, FieldSpec | None]:
    """(page number, the question) for "page.field"; the question is None if not found."""
    page_id, _, field_id = path.partition(".")
    for number, page in enumerate(spec.pages, start=1):
        if page.id == page_id:
            for f in page.fields:
                if f.id == field_id:
                    return number, f
            return number, None
    return 0, None


def _value_words(f: FieldSpec, value: Any) -> str:
    if f.type == "check":
        return "Yes" if value is True else ""
    if value in ("", None, [], {}):
        return ""
    return draft_format.readable(value, f)


def shown_text(spec: WizardSpec, shown: FieldSpec, pages: Pages) -> tuple[str, int]:
    """What a "shown" question displays (its answer from the page that asks it), and that
    page's number for "change it on page N"."""
    number, source = _field_at(spec, shown.shows)
    if source is None:
        return NOTHING, number
    page_id = shown.shows.partition(".")[0]
    value = pages.get(page_id, {}).get(source.id)
    if source.type != "group":
        return _value_words(source, value) or NOTHING, number
    inner = {f.id: f for f in source.fields}
    lines = []
    for i, item in enumerate(value if isinstance(value, list) else [], start=1):
        if not isinstance(item, dict):
            continue
        name = str(item.get("name") or "").strip() or f"{source.item_label} {i}"
        parts = []
        for fid in shown.shows_fields:
            f = inner.get(fid)
            if f is None:
                continue
            words = _value_words(f, item.get(fid))
            if words:
                parts.append(f.label if f.type == "check" else words)
        lines.append(f"{name}: {'; '.join(parts) if parts else 'none recorded'}")
    return ("\n".join(lines) or NOTHING), number
