"""Filled wizard pages, as the wizard saves them, for service-level tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any


def _dt(days_ago: float, hour: int = 10) -> str:
    when = datetime.now().replace(hour=hour, minute=0) - timedelta(days=days_ago)
    return when.strftime("%d/%m/%Y %H:%M")


def _dob(age: int) -> str:
    return (date.today() - timedelta(days=365 * age + 100)).strftime("%d/%m/%Y")


def child(key: str, name: str, age: int, roles: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "date_of_birth": _dob(age),
        "age_years": "",
        "year_group": "Year 10",
        "roles": roles,
        "has_send": "no",
        "send": "",
        "known_to_social_care": False,
        "earlier_mash_referral": False,
        "looked_after": False,
        **extra,
    }


def experimental_in_school() -> dict[str, dict[str, Any]]:
    kids = [
        child("a1", "Zoë O'Brien", 15, ["pictured", "created", "sent"]),
        child("b2", "Łukasz Nowak", 15, ["received"]),
    ]
    return {
        "incident": {
            "came_to_light_at": _dt(1),
            "came_to_light_how": "Zoë told her form tutor.",
            "reported_by": "Mrs Patel, form tutor",
            "summary": "Zoë sent a semi-nude selfie to her boyfriend Łukasz. Not shared on.",
            "adults_involved": "no",
            "sharing": ["consensual"],
            "sextortion": "no",
            "young_people": kids,
        },
        "initial_review": {
            "held_at": _dt(1, 11),
            "attendees": "DSL; Head of Year 10",
            **{
                q: "no"
                for q in (
                    "q_coercion_or_capacity",
                    "q_unusual_or_violent",
                    "q_under_13_sexual_acts",
                    "q_immediate_risk",
                )
            },
            "decision": "in_school",
            "decision_reason": "Consensual exchange between two 15-year-olds; no onward sharing.",
        },
        "conversations": {
            "conversations": {
                "a1": {
                    "held": "yes",
                    "held_at": _dt(1, 12),
                    "present": "DSL",
                    "confidentiality_explained": True,
                    "own_words": '"I only sent it to him."',
                    "image_still_on_phone": "no",
                },
                "b2": {
                    "held": "yes",
                    "held_at": _dt(1, 13),
                    "present": "DSL",
                    "confidentiality_explained": True,
                    "own_words": '"I deleted it."',
                },
            }
        },
        "incident_handling": {
            "description": "Semi-nude selfie, as described by Zoë.",
            "assessment": "potentially_illegal",
            "image_origin": "real",
            "shows_sexual_act": "no",
            "was_viewed": "no",
            "locations": [{"key": "l1", "place": "app", "details": "Snapchat"}],
            "deletion": "Łukasz deleted it in front of the DSL.",
        },
        "police": {
            "reported": "no",
            "reason": "Experimental, no aggravating factors.",
        },
        "agencies": {
            "mash_referred": "no",
            "mash_reason": "No criteria met.",
            "parents": {
                "a1": {
                    "informed": "yes",
                    "who": "Mother",
                    "informed_at": _dt(1, 15),
                    "how": "Phone",
                },
                "b2": {
                    "informed": "yes",
                    "who": "Father",
                    "informed_at": _dt(1, 16),
                    "how": "Meeting",
                },
            },
        },
        "plan": {
            "follow_up_support": "Weekly check-ins.",
            "actions": [
                {
                    "key": "x1",
                    "description": "Check-in with Zoë",
                    "owner": "Ann O'Neill",
                    "due_on": (date.today() + timedelta(days=7)).strftime("%d/%m/%Y"),
                }
            ],
            "first_review_on": (date.today() + timedelta(days=14)).strftime("%d/%m/%Y"),
        },
        "summary": {
            "classification": "experimental",
            "classification_reason": "Romantic, consensual, no malice.",
        },
    }
