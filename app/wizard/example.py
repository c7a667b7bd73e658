"""A fictional, typical case, filled in on every page: screenshots, benchmark, selftest.

Every name and detail is invented. Dates are relative to today, so the case is
always valid (nothing in the future, reviews still to come).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from app.dates import format_date, format_datetime


def when(days_ago: float, hour: int, minute: int = 0) -> str:
    # Counted from yesterday: from today, 12:30 would be "in the future" all morning.
    yesterday = datetime.now() - timedelta(days=1)
    return format_datetime(yesterday.replace(hour=hour, minute=minute) - timedelta(days=days_ago))


def _day(days_from_now: int) -> str:
    return format_date(date.today() + timedelta(days=days_from_now))


def _born(age: int) -> str:
    return format_date(date.today() - timedelta(days=365 * age + 150))


def demo_pages() -> dict[str, dict[str, Any]]:
    """A fictional, typical case: a Year 9 pupil's image shared on without her consent."""
    # Long because it is data: every page's answers, written out as a DSL would give them.
    ffion, lukasz = "demo0ffion", "demo1lukasz"
    no = "no"
    return {
        "incident": {
            "came_to_light_at": when(0, 8, 50),
            "came_to_light_how": "Ffion told her Head of Year at registration, in tears.",
            "reported_by": "Mrs Patel, Head of Year 9",
            "summary": (
                "A semi-nude photo Ffion sent to Łukasz last week has been shared in a "
                "Year 9 Snapchat group. Ffion did not agree to it being shared."
            ),
            "adults_involved": no,
            "sharing": ["consensual", "without_consent"],
            "sextortion": no,
            "young_people": [
                {
                    "key": ffion,
                    "name": "Ffion Nowak",
                    "date_of_birth": _born(14),
                    "year_group": "Year 9",
                    "roles": ["pictured", "created", "sent", "disclosed"],
                },
                {
                    "key": lukasz,
                    "name": "Łukasz O'Brien",
                    "date_of_birth": _born(15),
                    "year_group": "Year 10",
                    "roles": ["received", "shared_further"],
                },
            ],
        },
        "initial_review": {
            "held_at": when(0, 9, 30),
            "attendees": "Jo Smith (DSL); Mrs Patel (Head of Year 9); Mr Evans (deputy DSL)",
            "q_coercion_or_capacity": no,
            "q_unusual_or_violent": no,
            "q_under_13_sexual_acts": no,
            "q_immediate_risk": no,
            "more_information_needed": "Who else in the group chat has saved it.",
            "decision": "in_school",
            "decision_reason": (
                "No adult, no coercion, both 14 to 15, no immediate risk. We will refer "
                "at once if anything changes."
            ),
        },
        "conversations": {
            "conversations": {
                ffion: {
                    "held": "yes",
                    "held_at": when(0, 10),
                    "present": "Jo Smith (DSL), Mrs Patel",
                    "confidentiality_explained": True,
                    "own_words": '"I only sent it to him. Now everyone\'s got it."',
                    "impact": "Tearful, worried about going to lessons.",
                    "support_needed": "Time with the pastoral lead; a safe space at break.",
                    "image_still_on_phone": "no",
                    "next_steps": "Report Remove together this afternoon.",
                },
                lukasz: {
                    "held": "yes",
                    "held_at": when(0, 11),
                    "present": "Jo Smith (DSL)",
                    "confidentiality_explained": True,
                    "own_words": "\"I sent it to one friend. I didn't think he'd post it.\"",
                    "image_still_on_phone": "yes",
                },
            }
        },
        "incident_handling": {
            "description": "Semi-nude mirror selfie, as Ffion described it. Not viewed.",
            "assessment": "potentially_illegal",
            "image_origin": "real",
            "shows_sexual_act": no,
            "how_widely_shared": "A Year 9 Snapchat group of about 30 pupils.",
            "locations": [
                {"key": "demo-place", "place": "app", "details": "Snapchat group 'Y9 chat'"}
            ],
            "devices": [
                {
                    "key": "demo-device",
                    "description": "Łukasz's phone",
                    "belongs_to": "Łukasz O'Brien",
                    "taken_at": when(0, 11, 15),
                    "taken_by": "Jo Smith",
                    "switched_off": True,
                    "custody": "kept",
                    "stored_where": "DSL office safe",
                }
            ],
            "was_viewed": no,
            "immediate_support_needed": "Ffion: pastoral lead this afternoon.",
            "deletion": "Not yet: waiting to see whether the police need to be involved.",
        },
        "police": {
            "explicitness": "Semi-nude, as described; no sexual act.",
            "vulnerability_notes": "Ffion is very upset; no other known vulnerabilities.",
            "reported": no,
            "reason": "Peer sharing, no adult and no coercion; handled in school for now.",
        },
        "agencies": {
            "mash_referred": no,
            "mash_reason": "No referral criteria met; no existing concerns.",
            "other_agencies": [
                {
                    "key": "demo-agency",
                    "agency": "school_nurse",
                    "referred_on": _day(0),
                    "reason": "Emotional support for Ffion.",
                }
            ],
            "parents": {
                ffion: {
                    "informed": "yes",
                    "who": "Mother, Mrs Nowak",
                    "informed_at": when(0, 12),
                    "how": "Phone call",
                },
                lukasz: {
                    "informed": "yes",
                    "who": "Father, Mr O'Brien",
                    "informed_at": when(0, 12, 30),
                    "how": "Meeting in school",
                },
            },
        },
        "plan": {
            "bullying": "Form tutors to watch for comments; a restorative meeting if Ffion wants.",
            "restorative_appropriate": "not_known",
            "follow_up_support": "Weekly check-in with the pastoral lead for a month.",
            "removal": "Report Remove with Ffion; report to Snapchat.",
            "preventative_work": "Year 9 RSHE lesson on consent and sharing, next half-term.",
            "actions": [
                {
                    "key": "demo-action",
                    "description": "Report Remove with Ffion",
                    "owner": "Jo Smith",
                    "due_on": _day(1),
                }
            ],
            "first_review_on": _day(14),
        },
        "summary": {
            "classification": "aggravated",
            "classification_reason": "Shared on without Ffion's consent.",
        },
    }
