"""What the banner says once a referral is recorded: what was done, or what is still missing.

The decision aid (`decision_aid.advise`) says "Refer now" from the answers about the
incident. Once the DSL records on the Police or Other agencies page that the police were
told or a young person was referred to MASH, the banner says so instead ("Police told
01/12 14:05, ref CR/123; MASH referral 01/12"), and says "refer now" again only while a
referral the guidance requires is still missing: any referral at all, and the police
whenever an adult is involved. The words are in resources/wizard/referrals_done.json.

Plain Python: no database, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any

from app import dates
from app.resources import load_json
from app.wizard import decision_aid
from app.wizard.decision_aid import Advice, View

REFERRED_VIEW: View = "referred"


@cache
def words() -> dict[str, str]:
    return dict(load_json("wizard/referrals_done.json"))


@dataclass(frozen=True)
class Done:
    police: str | None  # "Police told 01/12 14:05, ref CR/123", or None
    mash: str | None  # "MASH referral 01/12", or None

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.police, self.mash) if p)


def _when(value: Any, with_time: bool) -> str | None:
    text = str(value or "")
    try:
        found: date | datetime | None = (
            dates.parse_datetime(text) if with_time else dates.parse_date(text)
        )
    except ValueError:
        return None
    if found is None:
        return None
    return found.strftime("%d/%m %H:%M" if with_time else "%d/%m")


def police_done(pages: dict[str, dict[str, Any]]) -> str | None:
    police = pages.get("police", {})
    if police.get("reported") != "yes":
        return None
    w = words()
    when = _when(police.get("reported_at"), with_time=True)
    text = w["police_told"].format(when=when or "").rstrip()
    ref = str(police.get("crime_reference") or "").strip()
    return text + (w["police_ref"].format(ref=ref) if ref else "")


def _names(pages: dict[str, dict[str, Any]]) -> dict[str, str]:
    people = pages.get("incident", {}).get("young_people") or []
    return {
        str(p.get("key")): str(p.get("name") or "").strip()
        for p in people
        if isinstance(p, dict) and p.get("key") not in (None, "")
    }


def mash_done(pages: dict[str, dict[str, Any]]) -> str | None:
    """The MASH referrals recorded for the young people, by date."""
    agencies = pages.get("agencies", {})
    if agencies.get("mash_referred") != "yes":
        return None
    names = _names(pages)
    found = agencies.get("mash")
    by_child: dict[str, Any] = found if isinstance(found, dict) else {}
    referred = [
        (key, _when(answer.get("referred_on"), with_time=False))
        for key, answer in by_child.items()
        if isinstance(answer, dict) and answer.get("referred") == "yes" and key in names
    ]
    if not referred:
        return None
    w = words()
    days = sorted({d for _, d in referred if d}, key=lambda d: (d[3:], d[:2]))
    text = w["mash_referral"].format(when=", ".join(days)).rstrip()
    if len(referred) < len(names):  # not everyone: say who
        text += w["mash_for"].format(names=", ".join(names[k] or "?" for k, _ in referred))
    return text


def adult_involved(pages: dict[str, dict[str, Any]]) -> bool:
    incident = pages.get("incident", {})
    review = pages.get("initial_review", {})
    if incident.get("adults_involved") == "yes" or review.get("q_adult_involved") == "yes":
        return True
    day = decision_aid.incident_day(pages)
    people = [p for p in incident.get("young_people") or [] if isinstance(p, dict)]
    return any((decision_aid.age_of(p, day) or 0) >= 18 for p in people)


def done(pages: dict[str, dict[str, Any]]) -> Done:
    return Done(police_done(pages), mash_done(pages))


def with_referrals(pages: dict[str, dict[str, Any]], advice: Advice) -> Advice:
    """The aid's advice, told what has been done: unchanged until a referral is recorded;
    "Referred: ..." once the referrals the guidance needs are there; "Refer to the police
    now" while an adult is involved and only MASH has been told."""
    if advice.view != "refer":
        return advice
    found = done(pages)
    if not found.parts:
        return advice  # nothing recorded yet: "refer now", with the contacts
    w = words()
    summary = "; ".join(found.parts)
    if found.police is None and adult_involved(pages):
        return replace(
            advice,
            headline=w["police_missing_headline"],
            advice=w["police_missing_advice"].format(done=summary),
        )
    return replace(
        advice,
        view=REFERRED_VIEW,
        headline=w["done_headline"].format(done=summary),
        advice=w["done_advice"],
    )
