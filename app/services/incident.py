"""Finish the incident wizard: the draft pages become the case record, in one transaction.

The pages hold exactly what the DSL typed. Here they are checked once more (the
same checks the pages show), turned into the structured record, every decision
with its reason, the chronology seeded, and the case opened. If anything is
missing, nothing is written and the wizard shows which pages need attention.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.errors import CasebookError, InvalidInput
from app.models import (
    Agency,
    AgencyReferral,
    Answer,
    CaseStatus,
    ChronologyEntry,
    ChronologySource,
    Classification,
    Conversation,
    Decision,
    Device,
    FollowUpAction,
    ImageAssessment,
    IncidentDescription,
    InitialReview,
    ParentCarerContact,
    Pathway,
    Plan,
    PoliceContact,
    ReferralAnswer,
    ReferralQuestion,
    SharingLocation,
    SharingPlace,
    StaffAccount,
    ViewingLogEntry,
    YoungPerson,
)
from app.models.base import now
from app.services import audit
from app.services.cases import draft_pages, get_case
from app.services.workspace import Workspace
from app.wizard import spec as wizard_spec
from app.wizard import summary
from app.wizard import values as wv
from app.wizard.validate import Problem, check_page, context_for, errors


class IncompleteCase(CasebookError):
    def __init__(self, problems: dict[str, list[Problem]]) -> None:
        self.problems = problems
        titles = [wizard_spec.load().page(p).title for p in problems]
        super().__init__(
            "Some pages need attention before the case can be opened: " + "; ".join(titles) + "."
        )


def page_problems(
    pages: dict[str, dict[str, Any]], at: datetime | None = None
) -> dict[str, list[Problem]]:
    """Blocking problems on every page, by page id (empty when ready to finish)."""
    ctx = context_for(pages, at)
    found = {}
    for page in wizard_spec.load().pages:
        errs = errors(check_page(page, pages.get(page.id, {}), ctx))
        if errs:
            found[page.id] = errs
    return found


def _t(value: Any) -> str | None:
    """Text exactly as typed; blank means not given."""
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def _answer(value: Any) -> Answer | None:
    return Answer(value) if value in {a.value for a in Answer} else None


def _yes(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(str(value))


def _date(value: Any) -> Any:
    return wv.parse_date(str(value or ""))


def _when(value: Any) -> datetime | None:
    return wv.parse_datetime(str(value or ""))


def _items(values: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [i for i in values.get(key) or [] if isinstance(i, dict)]


def finish(ws: Workspace, case_id: int) -> str:
    """Open the case from its draft pages; returns its reference."""
    pages = draft_pages(ws, case_id)
    problems = page_problems(pages)
    if problems:
        raise IncompleteCase(problems)
    incident = pages.get("incident", {})
    review = pages.get("initial_review", {})
    talks = pages.get("conversations", {}).get("conversations") or {}
    handling = pages.get("incident_handling", {})
    police = pages.get("police", {})
    agencies = pages.get("agencies", {})
    plan = pages.get("plan", {})
    signoff = pages.get("summary", {})
    me = ws.account.id
    stamp = now()

    with ws.write() as s:
        case = get_case(s, case_id)
        if case.status != CaseStatus.DRAFT:
            raise InvalidInput(f"Case {case.reference} is already open.")
        cid = case.id
        came = _when(incident.get("came_to_light_at"))
        case.came_to_light_at = came
        case.came_to_light_how = _t(incident.get("came_to_light_how"))
        case.reported_by = _t(incident.get("reported_by"))
        case.summary = _t(incident.get("summary"))
        case.adults_involved = _answer(incident.get("adults_involved"))
        case.adults_involved_details = _t(incident.get("adults_involved_details"))
        case.existing_concerns = _t(agencies.get("existing_concerns"))
        case.classification = Classification(signoff["classification"])
        case.classification_reason = _t(signoff.get("classification_reason"))
        reported = police.get("reported") == "yes"
        mash = agencies.get("mash_referred") == "yes"
        case.pathway = (
            Pathway.POLICE if reported else Pathway.SOCIAL_CARE if mash else Pathway.IN_SCHOOL
        )
        case.next_review_on = _date(plan.get("first_review_on"))

        chronology: list[tuple[datetime | None, str]] = [(came, "Came to light.")]
        child_ids: dict[str, int] = {}
        for person in _items(incident, "young_people"):
            dob = _date(person.get("date_of_birth"))
            row = YoungPerson(
                case_id=cid,
                name=str(person.get("name") or ""),
                date_of_birth=dob,
                age_years=None if dob else wv.parse_number(str(person.get("age_years") or "")),
                year_group=_t(person.get("year_group")),
                roles=list(person.get("roles") or []),
                send=_t(person.get("send")),
                other_vulnerabilities=_t(person.get("other_vulnerabilities")),
                existing_concerns=_t(person.get("existing_concerns")),
                earlier_mash_referral=bool(person.get("earlier_mash_referral")),
                known_to_social_care=bool(person.get("known_to_social_care")),
                looked_after=bool(person.get("looked_after")),
            )
            s.add(row)
            s.flush()
            child_ids[str(person.get("key"))] = row.id

        held = _when(review.get("held_at"))
        s.add(
            InitialReview(
                case_id=cid,
                held_at=held,
                attendees=_t(review.get("attendees")),
                more_information_needed=_t(review.get("more_information_needed")),
                other_school_contact=_t(review.get("other_school_contact")),
            )
        )
        chronology.append((held, "Initial review meeting held."))
        for question in ReferralQuestion:
            s.add(
                ReferralAnswer(
                    case_id=cid,
                    question=question,
                    answer=Answer(review[f"q_{question.value}"]),
                    note=_t(review.get(f"q_{question.value}_note")),
                )
            )

        for key, talk in talks.items():
            if key not in child_ids or not isinstance(talk, dict):
                continue
            spoke = talk.get("held") == "yes"
            when = _when(talk.get("held_at")) if spoke else None
            s.add(
                Conversation(
                    case_id=cid,
                    young_person_id=child_ids[key],
                    held=spoke,
                    not_held_reason=None if spoke else _t(talk.get("not_held_reason")),
                    held_at=when,
                    present=_t(talk.get("present")) if spoke else None,
                    confidentiality_explained=bool(talk.get("confidentiality_explained")) and spoke,
                    own_words=_t(talk.get("own_words")) if spoke else None,
                    impact=_t(talk.get("impact")) if spoke else None,
                    risk_to_child=_t(talk.get("risk_to_child")) if spoke else None,
                    risk_to_others=_t(talk.get("risk_to_others")) if spoke else None,
                    support_needed=_t(talk.get("support_needed")) if spoke else None,
                    image_still_on_phone=_answer(talk.get("image_still_on_phone"))
                    if spoke
                    else None,
                    who_has_it=_t(talk.get("who_has_it")) if spoke else None,
                    next_steps=_t(talk.get("next_steps")) if spoke else None,
                )
            )
            if spoke:
                chronology.append((when, "Conversation with a young person."))

        viewed = handling.get("was_viewed") == "yes"
        s.add(
            IncidentDescription(
                case_id=cid,
                description=_t(handling.get("description")),
                assessment=ImageAssessment(handling["assessment"]),
                explicitness=_t(police.get("explicitness")),
                coercion_or_threats=_answer(police.get("coercion_or_threats")),
                coercion_details=_t(police.get("coercion_details")),
                how_widely_shared=_t(handling.get("how_widely_shared")),
                was_viewed=viewed,
                immediate_support_needed=_t(handling.get("immediate_support_needed")),
                other_children_involved=_t(handling.get("other_children_involved")),
                deletion=_t(handling.get("deletion")),
            )
        )
        for place in _items(handling, "locations"):
            s.add(
                SharingLocation(
                    case_id=cid,
                    place=SharingPlace(place["place"]),
                    details=str(place.get("details") or ""),
                )
            )
        for device in _items(handling, "devices"):
            taken = _when(device.get("taken_at"))
            s.add(
                Device(
                    case_id=cid,
                    description=str(device.get("description") or ""),
                    belongs_to=_t(device.get("belongs_to")),
                    taken_at=taken,
                    taken_by=_t(device.get("taken_by")),
                    switched_off=bool(device.get("switched_off")),
                    stored_where=_t(device.get("stored_where")),
                )
            )
            chronology.append((taken, "Device taken into the school's care."))
        for entry in _items(handling, "viewing_log") if viewed else []:
            when = _when(entry.get("viewed_at"))
            s.add(
                ViewingLogEntry(
                    case_id=cid,
                    viewed_at=when,
                    viewed_by=str(entry.get("viewed_by") or ""),
                    reason=str(entry.get("reason") or ""),
                    others_present=_t(entry.get("others_present")),
                    head_agreed=bool(entry.get("head_agreed")),
                    head_name=_t(entry.get("head_name")),
                    outcome=_t(entry.get("outcome")),
                )
            )
            chronology.append((when, "Image viewed (see the viewing log)."))

        reported_at = _when(police.get("reported_at")) if reported else None
        s.add(
            PoliceContact(
                case_id=cid,
                vulnerability_notes=_t(police.get("vulnerability_notes")),
                reported=reported,
                reason=_t(police.get("reason")),
                reported_at=reported_at,
                force=_t(police.get("force")) if reported else None,
                officer=_t(police.get("officer")) if reported else None,
                crime_reference=_t(police.get("crime_reference")) if reported else None,
                response=_t(police.get("response")) if reported else None,
                outcome_code=_t(police.get("outcome_code")) if reported else None,
                outcome_notes=_t(police.get("outcome_notes")) if reported else None,
            )
        )
        if reported:
            chronology.append((reported_at, "Reported to the police."))

        referred_on = _date(agencies.get("mash_referred_on")) if mash else None
        s.add(
            AgencyReferral(
                case_id=cid,
                agency=Agency.MASH,
                referred=mash,
                referred_on=referred_on,
                reference=_t(agencies.get("mash_reference")) if mash else None,
                outcome=_t(agencies.get("mash_outcome")) if mash else None,
                reason=_t(agencies.get("mash_reason")),
            )
        )
        if referred_on:
            chronology.append(
                (
                    datetime.combine(referred_on, datetime.min.time()),
                    "Referred to children's social care (MASH).",
                )
            )
        for other in _items(agencies, "other_agencies"):
            on = _date(other.get("referred_on"))
            s.add(
                AgencyReferral(
                    case_id=cid,
                    agency=Agency(other["agency"]),
                    agency_name=_t(other.get("agency_name")),
                    referred=True,
                    referred_on=on,
                    reference=_t(other.get("reference")),
                    outcome=_t(other.get("outcome")),
                    reason=_t(other.get("reason")),
                )
            )

        for key, parent in (agencies.get("parents") or {}).items():
            if key not in child_ids or not isinstance(parent, dict):
                continue
            told = parent.get("informed") == "yes"
            when = _when(parent.get("informed_at")) if told else None
            s.add(
                ParentCarerContact(
                    case_id=cid,
                    young_person_id=child_ids[key],
                    informed=told,
                    who=_t(parent.get("who")) if told else None,
                    informed_at=when,
                    how=_t(parent.get("how")) if told else None,
                    reason_not_informed=None if told else _t(parent.get("reason_not_informed")),
                    revisit_on=None if told else _date(parent.get("revisit_on")),
                )
            )
            if told:
                chronology.append((when, "Parents or carers told."))

        s.add(
            Plan(
                case_id=cid,
                bullying=_t(plan.get("bullying")),
                restorative_appropriate=_answer(plan.get("restorative_appropriate")),
                restorative_notes=_t(plan.get("restorative_notes")),
                work_with_others=_t(plan.get("work_with_others")),
                follow_up_support=_t(plan.get("follow_up_support")),
                removal=_t(plan.get("removal")),
                preventative_work=_t(plan.get("preventative_work")),
            )
        )
        staff = {
            name.casefold(): sid
            for sid, name, user in s.execute(
                select(StaffAccount.id, StaffAccount.display_name, StaffAccount.username)
            ).all()
            for name in (name, user)
        }
        for action in _items(plan, "actions"):
            owner = str(action.get("owner") or "")
            s.add(
                FollowUpAction(
                    case_id=cid,
                    description=str(action.get("description") or ""),
                    owner_id=staff.get(owner.strip().casefold()),
                    owner_name=_t(owner),
                    due_on=_date(action.get("due_on")),
                    created_by_id=me,
                )
            )

        for d in summary.decisions(pages):
            s.add(
                Decision(
                    case_id=cid,
                    kind=d.kind,
                    decision=d.decision,
                    reason=d.reason,
                    aid_view=d.aid_view,
                    decided_by_id=me,
                    decided_at=stamp,
                    subject=str(child_ids[d.child_key]) if d.child_key in child_ids else None,
                )
            )
        chronology.append((stamp, "Case opened."))
        for when, text in chronology:
            if when is not None:
                s.add(
                    ChronologyEntry(
                        case_id=cid,
                        happened_at=when,
                        recorded_at=stamp,
                        recorded_by_id=me,
                        entry=text,
                        source=ChronologySource.RECORD,
                    )
                )

        case.status = CaseStatus.OPEN
        case.opened_at = stamp
        case.signed_off_by_id = me
        case.signed_off_at = stamp
        case.updated_at = stamp
        ws.audit(s, audit.Action.CHANGED, case.reference, "opened from the incident wizard")
        return case.reference
