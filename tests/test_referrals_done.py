"""The banner once a referral is recorded: a table of cases (app.wizard.referrals_done)."""

from __future__ import annotations

from typing import Any

import pytest

from app.wizard import decision_aid, referrals_done
from tests.helpers.wizard_pages import experimental_in_school

ZOE, LUKASZ = "a1", "b2"


def _pages(
    *,
    adult: str = "no",
    coercion: str = "yes",
    police: dict[str, Any] | None = None,
    mash: dict[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    pages = experimental_in_school()
    pages["incident"]["adults_involved"] = adult
    pages["initial_review"]["q_coercion_or_capacity"] = coercion
    pages["police"] = police or {"reported": "no"}
    pages["agencies"] = mash or {"mash_referred": "no"}
    return pages


TOLD = {"reported": "yes", "reported_at": "01/12/2026 14:05", "crime_reference": "CR/123"}
TOLD_NO_REF = {"reported": "yes", "reported_at": "01/12/2026 14:05"}
BOTH_REFERRED = {
    "mash_referred": "yes",
    "mash": {
        ZOE: {"referred": "yes", "referred_on": "01/12/2026"},
        LUKASZ: {"referred": "yes", "referred_on": "01/12/2026"},
    },
}
ONE_REFERRED = {
    "mash_referred": "yes",
    "mash": {
        ZOE: {"referred": "yes", "referred_on": "02/12/2026"},
        LUKASZ: {"referred": "no"},
    },
}
SAID_YES_NONE_YET = {"mash_referred": "yes", "mash": {ZOE: {"referred": "no"}}}


@pytest.mark.parametrize(
    ("kwargs", "view", "headline"),
    [
        # Nothing recorded yet: the aid's own "refer now", with the contacts.
        ({}, "refer", decision_aid.words()["refer"]["headline"]),
        ({"mash": SAID_YES_NONE_YET}, "refer", decision_aid.words()["refer"]["headline"]),
        # Police told: what was done, with the time and the reference.
        ({"police": TOLD}, "referred", "Referred: Police told 01/12 14:05, ref CR/123"),
        ({"police": TOLD_NO_REF}, "referred", "Referred: Police told 01/12 14:05"),
        # MASH for everyone; for one of two (named).
        ({"mash": BOTH_REFERRED}, "referred", "Referred: MASH referral 01/12"),
        ({"mash": ONE_REFERRED}, "referred", "Referred: MASH referral 02/12 (Zoë O'Brien)"),
        (
            {"police": TOLD, "mash": BOTH_REFERRED},
            "referred",
            "Referred: Police told 01/12 14:05, ref CR/123; MASH referral 01/12",
        ),
        # An adult involved: MASH alone is not enough; refer now to the police.
        (
            {"adult": "yes", "coercion": "no", "mash": BOTH_REFERRED},
            "refer",
            "Refer to the police now",
        ),
        (
            {"adult": "yes", "coercion": "no", "police": TOLD},
            "referred",
            "Referred: Police told 01/12 14:05, ref CR/123",
        ),
        # The aid does not say refer: the banner is the aid's, whatever was recorded.
        ({"coercion": "no", "police": TOLD}, "in_school", None),
        ({"coercion": "not_known", "mash": BOTH_REFERRED}, "undecided", None),
    ],
)
def test_the_banner_after_a_referral(
    kwargs: dict[str, Any], view: str, headline: str | None
) -> None:
    pages = _pages(**kwargs)
    aid = decision_aid.advise(pages)
    shown = referrals_done.with_referrals(pages, aid)
    assert shown.view == view
    assert shown.headline == (headline or aid.headline)
    assert shown.refer_now == (view == "refer")  # the contacts show only while refer now
    if view == "referred":
        assert shown.reasons == aid.reasons  # why it was referred stays in view


def test_police_missing_says_what_was_done_so_far() -> None:
    pages = _pages(adult="yes", mash=ONE_REFERRED)
    shown = referrals_done.with_referrals(pages, decision_aid.advise(pages))
    assert "So far: MASH referral 02/12 (Zoë O'Brien)." in shown.advice


def test_a_date_still_being_typed_reads_as_no_date() -> None:
    pages = _pages(police={"reported": "yes", "reported_at": "01/12/20", "crime_reference": ""})
    shown = referrals_done.with_referrals(pages, decision_aid.advise(pages))
    assert shown.headline == "Referred: Police told"
