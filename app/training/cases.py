"""The fictional cases of a training database, written in one bulk insert.

Deterministic for a given number of cases and "as of" date: one random
generator seeded with the number of cases, drawn from in a fixed order (the
benchmarks cache databases built from it, and a test checks it). Each function
below fills in part of a case, in the order the guidance's steps come.

New DSLs practise on these cases, so each follows the guidance: it is one of the
scenarios in `words.SCENARIOS`, whose facts (an adult, coercion, a risk of harm)
lead to the DSL's decision the decision aid agrees with, or to a decision that
differs from it with the reason recorded. Each case also keeps the wizard pages
it would have been typed on (as a case opened through the wizard does), so the
aid can be run over them (tests/test_demo.py does, for every case), and a draft
is only pages, as a real one is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert

from app.dates import format_date, format_datetime
from app.models import (
    Agency,
    AgencyReferral,
    Answer,
    Case,
    CaseStatus,
    ChronologyEntry,
    ChronologySource,
    Classification,
    Conversation,
    Decision,
    Device,
    DraftPage,
    FollowUpAction,
    ImageAssessment,
    IncidentDescription,
    InitialReview,
    ParentCarerContact,
    Pathway,
    Plan,
    PoliceContact,
    PoliceOutcome,
    ReferralAnswer,
    ReferralQuestion,
    Review,
    Role,
    SharingLocation,
    SharingPlace,
    ViewingLogEntry,
    YoungPerson,
)
from app.services import audit
from app.services.workspace import Workspace
from app.training.words import (
    FIRST_NAMES,
    HOW,
    LAST_NAMES,
    OWN_WORDS,
    SCENARIOS,
    YEAR_GROUPS,
    Scenario,
)
from app.wizard import summary

# The pages.json format the training pages are written in (each fact asked once, what
# actually happened per child): newer Casebooks carry them forward
# (app.wizard.draft_format), as they do a DSL's own pages.
PAGES_FORMAT = 3
# Year groups whose pupils are all 13 to 17, for cases handled in school.
TEENS = [yg for yg in YEAR_GROUPS if int(yg.split()[1]) >= 9]

# Every status appears even in a small demo: the oldest case closed, the newest
# three monitoring, open and a draft still being written.
FIXED_STATUSES = {
    0: CaseStatus.CLOSED,
    -3: CaseStatus.MONITORING,
    -2: CaseStatus.OPEN,
    -1: CaseStatus.DRAFT,
}


def _status_for(i: int, n: int, age_days: int, rng: random.Random) -> CaseStatus:
    for offset, status in FIXED_STATUSES.items():
        if n >= len(FIXED_STATUSES) and i == offset % n:
            return status
    roll = rng.random()
    if age_days > 180:
        return CaseStatus.CLOSED if roll < 0.85 else CaseStatus.MONITORING
    # One draft in a demo (the newest, above): a school rarely leaves more, and the
    # screens that list drafts are read with that one.
    return (
        CaseStatus.OPEN
        if roll < 0.6
        else CaseStatus.MONITORING
        if roll < 0.85
        else (CaseStatus.CLOSED)
    )


@dataclass
class _Rows:
    """Rows to insert, by model, each with an id counted per table."""

    by_model: dict[type, list[dict[str, Any]]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def add(self, model: type, **values: Any) -> int:
        table = model.__tablename__  # type: ignore[attr-defined]
        self.counters[table] = self.counters.get(table, 0) + 1
        row_id = self.counters[table]
        self.by_model.setdefault(model, []).append({"id": row_id, **values})
        return row_id


@dataclass
class _Case:
    """One case being written: what the later sections refer back to."""

    id: int
    status: CaseStatus
    opened_day: date
    came: datetime
    scenario: Scenario
    answers: dict[ReferralQuestion, Answer]
    pathway: Pathway
    people: list[int]  # their rows (none for a draft: its young people are on its pages)
    pages: dict[str, dict[str, Any]]  # the wizard pages, as typed

    def key(self, k: int) -> str:
        """The young person's key in the pages (the wizard's item key)."""
        return f"training{self.id}-{k}"


def _dob_for(year_group: str, today: date, rng: random.Random) -> date:
    years = int(year_group.split()[1]) + 4  # Year 7 pupils are 11, Year 13 pupils 17
    birthday = date(today.year - years, today.month, min(today.day, 28))
    return birthday - timedelta(days=rng.randint(0, 360))


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 16), rng.choice([0, 15, 30, 45])))


def populate(ws: Workspace, n: int, today: date) -> None:
    rng = random.Random(n)
    actor = ws.account.id
    rows = _Rows()
    per_year: dict[int, int] = {}
    # References run in date order within each year, as they would in a real school.
    # From yesterday back: a case "today" at 08:00-16:45 would be in the future all morning.
    opened_days = sorted(
        today - timedelta(days=1 + int(rng.random() ** 1.5 * 900)) for _ in range(n)
    )
    for i, opened_day in enumerate(opened_days):
        status = _status_for(i, n, (today - opened_day).days, rng)
        year = opened_day.year
        per_year[year] = per_year.get(year, 0) + 1
        reference = f"{year}-{per_year[year]:04d}"
        case = _add_case(rows, rng, actor, today, opened_day, status, reference)
        if status != CaseStatus.DRAFT:
            _add_first_steps(rows, rng, case)
            _add_incident(rows, rng, case)
            _add_police_and_agencies(rows, rng, case)
            _add_parents_and_plan(rows, rng, case)
            _add_follow_up(rows, rng, case, actor, today)
            _add_chronology_and_decisions(rows, case, actor)
        _add_pages(rows, case, actor)
    with ws.write() as s:
        for model, batch in rows.by_model.items():
            s.execute(insert(model), batch)
        ws.audit(
            s,
            audit.Action.CREATED,
            audit.DATABASE_TARGET,
            f"training data created: {n} fictional cases",
        )


def _scenario(rng: random.Random) -> Scenario:
    return rng.choices(SCENARIOS, weights=[sc.weight for sc in SCENARIOS])[0]


def _year_groups(sc: Scenario) -> list[str]:
    """Handled in school only when everyone is 13 to 17, as the decision says."""
    return list(sc.year_groups) or (TEENS if sc.decision == "in_school" else YEAR_GROUPS)


def _pathway(sc: Scenario) -> Pathway:
    return Pathway.POLICE if sc.police else Pathway.SOCIAL_CARE if sc.mash else Pathway.IN_SCHOOL


def _add_case(
    rows: _Rows,
    rng: random.Random,
    actor: int,
    today: date,
    opened_day: date,
    status: CaseStatus,
    reference: str,
) -> _Case:
    # One keyword per column of the case: long, but read top to bottom.
    sc = _scenario(rng)
    draft = status == CaseStatus.DRAFT
    yg = rng.choice(_year_groups(sc))
    came = _at(opened_day, rng)
    how = rng.choice(HOW).format(yg=yg.split()[1])
    summary_text = sc.summary.format(yg=yg.split()[1])
    reported_by = rng.choice(["Form tutor", "Parent", "Head of Year", "Pupil (self)"])
    case_id = rows.add(
        Case,
        reference=reference,
        status=status,
        created_at=came,
        created_by_id=actor,
        updated_at=came,
        opened_at=None if draft else came + timedelta(hours=2),
        closed_at=(
            came + timedelta(days=rng.randint(20, 120)) if status == CaseStatus.CLOSED else None
        ),
        # A draft's answers are on its pages until Finish makes them the record.
        came_to_light_at=None if draft else came,
        came_to_light_how=None if draft else how,
        reported_by=None if draft else reported_by,
        summary=None if draft else summary_text,
        adults_involved=None if draft else Answer(sc.adults_involved),
        adults_involved_details=None if draft else sc.adults_details,
        classification=None if draft else Classification(sc.classification),
        classification_reason=None if draft else sc.classification_reason,
        pathway=None if draft else _pathway(sc),
        next_review_on=(
            today + timedelta(days=rng.randint(-20, 40))
            if status in (CaseStatus.OPEN, CaseStatus.MONITORING)
            else None
        ),
        closing_summary=(
            "Support completed; no further concerns at review. Parents & pupil agree <closed>."
            if status == CaseStatus.CLOSED
            else None
        ),
        signed_off_by_id=None if draft else actor,
        signed_off_at=None if draft else came + timedelta(hours=2),
    )
    incident: dict[str, Any] = {
        "came_to_light_at": format_datetime(came),
        "came_to_light_how": how,
        "reported_by": reported_by,
        "summary": summary_text,
        "adults_involved": sc.adults_involved,
    }
    if sc.adults_details:
        incident["adults_involved_details"] = sc.adults_details
    if sc.sharing:
        incident["sharing"] = list(sc.sharing)
    incident["sextortion"] = sc.sextortion
    if sc.sextortion == "yes":
        incident["sextortion_demand"] = list(sc.sextortion_demand)
        incident["sextortion_details"] = sc.sextortion_details
    answers = {q: Answer(sc.answers.get(q.value, "no")) for q in ReferralQuestion}
    case = _Case(case_id, status, opened_day, came, sc, answers, _pathway(sc), [], {})
    case.pages["incident"] = incident
    incident["young_people"] = _add_young_people(rows, rng, case, yg)
    return case


def _roles(sc: Scenario, k: int, rng: random.Random) -> list[Role]:
    if k == 0:
        return [Role.PICTURED] if sc.made_by_other else [Role.PICTURED, Role.CREATED, Role.SENT]
    if k == 1 and sc.made_by_other:
        return [Role.CREATED, Role.SHARED_FURTHER]
    if sc.online_contact:
        return [Role.DISCLOSED]
    return [rng.choice([Role.RECEIVED, Role.SHARED_FURTHER, Role.DISCLOSED])]


def _add_young_people(
    rows: _Rows, rng: random.Random, case: _Case, yg: str
) -> list[dict[str, Any]]:
    """The young people's rows (not for a draft) and their entries on the incident page."""
    sc = case.scenario
    items = []
    sizes = [1, 1, 2] if sc.online_contact else [1, 2, 2, 2, 3, 3, 4]
    for k in range(rng.choice(sizes)):
        child_yg = yg if k < 2 else rng.choice(_year_groups(sc))
        # SEND goes with a concern about capacity to consent (question 2), as the aid asks.
        send = case.answers[ReferralQuestion.COERCION_OR_CAPACITY] == Answer.YES and (
            rng.random() < 0.3
        )
        # Not known yet only where the DSL refers anyway: the aid would say "find out" first.
        has_send = (
            "yes"
            if send
            else "not_known"
            if sc.decision == "refer" and not sc.differs and rng.random() < 0.15
            else "no"
        )
        values: dict[str, Any] = {
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "date_of_birth": _dob_for(child_yg, case.opened_day, rng),
            "year_group": child_yg,
            "roles": [r.value for r in _roles(sc, k, rng)],
            "has_send": Answer(has_send),
            "send": "Autism spectrum condition; EHCP." if send else None,
            "other_vulnerabilities": "Young carer." if rng.random() < 0.1 else None,
            "existing_concerns": "Earlier concern about online contact."
            if rng.random() < 0.15
            else None,
            "earlier_mash_referral": rng.random() < 0.1,
            "known_to_social_care": rng.random() < 0.1,
            "looked_after": rng.random() < 0.05,
        }
        if case.status != CaseStatus.DRAFT:
            case.people.append(
                rows.add(
                    YoungPerson,
                    case_id=case.id,
                    age_years=None,
                    school_if_elsewhere=None,
                    **values,
                )
            )
        item = {"key": case.key(k), **{k2: v for k2, v in values.items() if v}}
        item["date_of_birth"] = format_date(values["date_of_birth"])
        item["has_send"] = has_send
        items.append(item)
    return items


def _add_first_steps(rows: _Rows, rng: random.Random, case: _Case) -> None:
    """The initial review, the five answers and a conversation with each young person."""
    sc = case.scenario
    held = case.came + timedelta(hours=1)
    rows.add(
        InitialReview,
        case_id=case.id,
        held_at=held,
        attendees="DSL; Head of Year; deputy DSL",
        more_information_needed="Who else received the image?",
        other_school_contact=None,
        notes="Met within the hour.",
    )
    review: dict[str, Any] = {
        "held_at": format_datetime(held),
        "attendees": "DSL; Head of Year; deputy DSL",
        "more_information_needed": "Who else received the image?",
        "decision": sc.decision,
        "decision_reason": sc.decision_reason,
    }
    for q, a in case.answers.items():
        note = sc.notes.get(q.value)
        rows.add(ReferralAnswer, case_id=case.id, question=q, answer=a, note=note)
        # Question 1 is asked once, on page 1 (adults_involved): page 2 shows it, with a note.
        if q != ReferralQuestion.ADULT_INVOLVED:
            review[f"q_{q.value}"] = a.value
        if note:
            review[f"q_{q.value}_note"] = note
    case.pages["initial_review"] = review
    for yp in case.people:
        rows.add(
            Conversation,
            case_id=case.id,
            young_person_id=yp,
            held_at=case.came + timedelta(hours=2),
            present="DSL and Head of Year",
            confidentiality_explained=True,
            own_words=rng.choice(OWN_WORDS),
            impact="Anxious; worried about friends & family finding out.",
            risk_to_child="Medium to high" if sc.decision == "refer" else "Low to medium",
            risk_to_others="None known",
            support_needed="Check-ins with the pastoral lead twice a week.",
            image_still_on_phone=rng.choice(list(Answer)),
            who_has_it="Two classmates",
            next_steps="Pupil will tell the DSL if anything else is sent.",
        )


def _add_incident(rows: _Rows, rng: random.Random, case: _Case) -> None:
    """The description and the facts the aid reads, where it was shared, a device taken
    (and where it is now) and, rarely, a viewing."""
    sc = case.scenario
    viewed = rng.random() < 0.08
    coercion = case.answers[ReferralQuestion.COERCION_OR_CAPACITY]
    # Not known yet, now and then, where the origin does not turn the decision.
    origin = "not_known" if sc.image_origin == "real" and rng.random() < 0.1 else sc.image_origin
    handling: dict[str, Any] = {
        "description": (
            "Described as a made-up nude, a school photo changed by an app."
            if sc.made_by_other
            else "Described by the pupil as a semi-nude photo in a mirror."
        ),
        "assessment": rng.choice(
            [ImageAssessment.POTENTIALLY_ILLEGAL, ImageAssessment.INAPPROPRIATE]
        ),
        "image_origin": origin,
        "shows_sexual_act": sc.sexual_act,
        "how_widely_shared": "Group chat of about 30 pupils.",
        "immediate_support_needed": sc.immediate_support,
        # Once the police are involved nothing is deleted: it is evidence.
        "deletion": "Nothing deleted: the police are involved."
        if sc.police
        else "Pupils asked to delete; confirmed.",
    }
    if sc.immediate_risks:
        handling["immediate_risks"] = list(sc.immediate_risks)
    rows.add(
        IncidentDescription,
        case_id=case.id,
        explicitness="Semi-nude, as described; not viewed.",
        coercion_or_threats=coercion,
        coercion_details=sc.notes.get("coercion_or_capacity"),
        was_viewed=viewed,
        other_children_involved=None,
        sharing=list(sc.sharing) or None,
        sextortion=Answer(sc.sextortion),
        sextortion_demand=list(sc.sextortion_demand) or None,
        sextortion_details=sc.sextortion_details,
        **{
            **handling,
            "shows_sexual_act": Answer(sc.sexual_act),
            "immediate_risks": list(sc.immediate_risks) or None,
        },
    )
    handling["assessment"] = handling["assessment"].value
    handling["was_viewed"] = "yes" if viewed else "no"
    case.pages["incident_handling"] = handling
    # Coercion is asked once, at the initial review; the police page shows it.
    case.pages["police"] = {"explicitness": "Semi-nude, as described; not viewed."}
    if coercion == Answer.YES:
        case.pages["police"]["coercion_details"] = sc.notes["coercion_or_capacity"]
    rows.add(
        SharingLocation,
        case_id=case.id,
        place=rng.choice(list(SharingPlace)),
        details='Snapchat group "Y9 <banter>"',
        removal_requested="Report Remove",
    )
    if rng.random() < 0.3:
        handling["devices"] = [_add_device(rows, rng, case)]
    if viewed:
        viewed_at = case.came + timedelta(hours=1)
        # The head agrees beforehand; when it could not wait, they are told afterwards.
        beforehand = rng.random() < 0.6
        told_at = None if beforehand else viewed_at + timedelta(hours=2)
        entry: dict[str, Any] = {
            "viewed_at": viewed_at,
            "viewed_by": "DSL",
            "reason": "Pupil showed it to staff before it could be stopped.",
            "others_present": "Deputy head",
            "head_agreed": beforehand,
            "head_name": "Mrs Clarke" if beforehand else "Mrs Clarke, headteacher",
            "head_told_at": told_at,
            "outcome": "Referral decision made; not viewed again.",
        }
        rows.add(ViewingLogEntry, case_id=case.id, **entry)
        page_entry = {
            "key": f"training{case.id}-viewing",
            **{k: v for k, v in entry.items() if v is not None},
            "viewed_at": format_datetime(viewed_at),
            "head_agreed": "yes" if beforehand else "no",
        }
        if told_at is not None:
            page_entry["head_told_at"] = format_datetime(told_at)
        handling["viewing_log"] = [page_entry]


def _add_device(rows: _Rows, rng: random.Random, case: _Case) -> dict[str, Any]:
    """A phone taken into the school's care: handed to the police when they are involved,
    else kept in the safe or, by now, returned. Its row, and its entry on the page."""
    custody = "police" if case.scenario.police else rng.choice(["kept", "returned"])
    where: dict[str, Any] = {}
    if custody == "kept":
        where["stored_where"] = "DSL office safe"
    elif custody == "police":
        where["handed_to"] = "PC 1234 Khan"
        where["handed_over_at"] = case.came + timedelta(hours=3)
        where["police_reference"] = f"EXH-{rng.randint(1000, 9999)}"
    else:
        where["returned_at"] = case.came + timedelta(days=1, hours=1)
        where["returned_to"] = "The pupil's mother"
    device: dict[str, Any] = {
        "description": "Black iPhone in a pink case",
        "belongs_to": "Pupil",
        "taken_at": case.came,
        "taken_by": "Mr Hughes",
        "switched_off": True,
        "custody": custody,
        **where,
    }
    rows.add(
        Device,
        case_id=case.id,
        # Every row names every column: the rows are inserted together.
        **dict.fromkeys(DEVICE_PLACES, None) | device,
    )
    page = {"key": f"training{case.id}-device", **device}
    for k in ("taken_at", "handed_over_at", "returned_at"):
        if k in page:
            page[k] = format_datetime(page[k])
    return page


DEVICE_PLACES = (
    "stored_where",
    "handed_to",
    "handed_over_at",
    "police_reference",
    "returned_at",
    "returned_to",
)
# What the police decided about each young person, by what they did (the online contact
# is still being looked for, so nothing is known yet about the pupil it approached).
POLICE_OUTCOMES = {
    "shared": ("Outcome 21", "Recorded; not in the public interest to take further."),
    "pictured": ("No further action", "Supported as the young person harmed."),
    "received": ("No further action", "Received it and did not send it on."),
    "online": ("", "The online account is still being investigated."),
}
MASH_OUTCOMES = [
    "Strategy discussion held.",
    "Single assessment opened.",
    "No further action by social care; school to support.",
]


def _police_outcome(case: _Case, k: int) -> tuple[str, str]:
    roles = case.pages["incident"]["young_people"][k]["roles"]
    if case.scenario.online_contact:
        return POLICE_OUTCOMES["online"]
    if k == 0:
        return POLICE_OUTCOMES["pictured"]
    if {Role.CREATED.value, Role.SHARED_FURTHER.value} & set(roles):
        return POLICE_OUTCOMES["shared"]
    return POLICE_OUTCOMES["received"]


def _add_police_and_agencies(rows: _Rows, rng: random.Random, case: _Case) -> None:
    sc = case.scenario
    came, year = case.came, case.opened_day.year
    reported = sc.police
    reported_at = came + timedelta(hours=3)
    police: dict[str, Any] = {
        "reported": reported,
        "reason": sc.police_reason,
        "reported_at": reported_at if reported else None,
        "force": "Thames Valley Police" if reported else None,
        "officer": "PC 1234 Khan" if reported else None,
        "crime_reference": f"43{rng.randint(100000, 999999)}/{year % 100}" if reported else None,
        "response": "Officer visited school and spoke to pupils." if reported else None,
    }
    rows.add(
        PoliceContact,
        case_id=case.id,
        vulnerability_notes="Pupil pictured is very distressed." if rng.random() < 0.2 else None,
        # The outcome is recorded for each young person (police_outcomes), not the case.
        outcome_code=None,
        outcome_notes=None,
        **police,
    )
    page = case.pages["police"]
    page.update({k: v for k, v in police.items() if v is not None})
    page["reported"] = "yes" if reported else "no"
    if reported:
        page["reported_at"] = format_datetime(reported_at)
        outcomes: dict[str, dict[str, Any]] = {}
        for k, yp in enumerate(case.people):
            code, notes = _police_outcome(case, k)
            rows.add(
                PoliceOutcome,
                case_id=case.id,
                young_person_id=yp,
                crime_reference=None,
                outcome_code=code or None,
                outcome_notes=notes,
            )
            outcomes[case.key(k)] = {"outcome_code": code, "outcome_notes": notes}
        page["outcomes"] = outcomes
    agencies: dict[str, Any] = {
        "mash_referred": "yes" if sc.mash else "no",
        "mash_reason": sc.mash_reason,
    }
    case.pages["agencies"] = agencies
    if not sc.mash:
        # A decision not to refer is one row for the whole case.
        rows.add(
            AgencyReferral,
            case_id=case.id,
            agency=Agency.MASH,
            agency_name=None,
            referred=False,
            referred_on=None,
            reference=None,
            outcome=None,
            reason=sc.mash_reason,
            young_person_id=None,
        )
        return
    # Each young person is referred, and answered, on their own: the pictured child always,
    # the others when MASH needs to know about them too.
    mash: dict[str, dict[str, Any]] = {}
    for k, yp in enumerate(case.people):
        referred = k == 0 or rng.random() < 0.5
        on = case.opened_day + timedelta(days=0 if k == 0 else 1)
        reference = f"MASH-{rng.randint(10000, 99999)}" if referred else None
        outcome = MASH_OUTCOMES[0 if k == 0 else rng.randrange(len(MASH_OUTCOMES))]
        rows.add(
            AgencyReferral,
            case_id=case.id,
            agency=Agency.MASH,
            agency_name=None,
            referred=referred,
            referred_on=on if referred else None,
            reference=reference,
            outcome=outcome if referred else None,
            reason=sc.mash_reason,
            young_person_id=yp,
        )
        mash[case.key(k)] = (
            {
                "referred": "yes",
                "referred_on": format_date(on),
                "reference": reference,
                "outcome": outcome,
            }
            if referred
            else {"referred": "no"}
        )
    agencies["mash"] = mash


def _add_parents_and_plan(rows: _Rows, rng: random.Random, case: _Case) -> None:
    parents: dict[str, dict[str, Any]] = {}
    live = case.status in (CaseStatus.OPEN, CaseStatus.MONITORING)
    for j, yp in enumerate(case.people):
        roll = rng.random()
        # Told; or, in a case still open, planned for a day soon; or, rarely, not told.
        informed = "no" if j == 1 and roll < 0.2 else "planned" if live and roll > 0.8 else "yes"
        told = case.came + timedelta(hours=4)
        reason = "Informing parents may put the pupil at risk of harm."
        revisit = case.opened_day + timedelta(days=7)
        planned = case.opened_day + timedelta(days=1 + int(roll * 10) % 5)
        rows.add(
            ParentCarerContact,
            case_id=case.id,
            young_person_id=yp,
            informed=informed == "yes",
            who="Mother" if informed == "yes" else None,
            informed_at=told if informed == "yes" else None,
            how="Telephone" if informed == "yes" else None,
            reason_not_informed=reason if informed == "no" else None,
            revisit_on=revisit if informed == "no" else None,
            planned_on=planned if informed == "planned" else None,
        )
        parents[case.key(j)] = (
            {
                "informed": "yes",
                "who": "Mother",
                "informed_at": format_datetime(told),
                "how": "Telephone",
            }
            if informed == "yes"
            else {"informed": "planned", "planned_on": format_date(planned)}
            if informed == "planned"
            else {
                "informed": "no",
                "reason_not_informed": reason,
                "revisit_on": format_date(revisit),
            }
        )
    case.pages["agencies"]["parents"] = parents
    rows.add(
        Plan,
        case_id=case.id,
        bullying="Comments in the year group; assembly planned.",
        restorative_appropriate=rng.choice(list(Answer)),
        restorative_notes=None,
        work_with_others="Talk with the group chat members about consent & the law.",
        follow_up_support="Weekly check-in with the pastoral lead.",
        removal="Report Remove used; platform report made.",
        preventative_work="RSHE lesson on sharing images, next half-term.",
    )
    sc = case.scenario
    case.pages["summary"] = {
        "classification": sc.classification,
        "classification_reason": sc.classification_reason,
    }


def _add_follow_up(rows: _Rows, rng: random.Random, case: _Case, actor: int, today: date) -> None:
    """Actions (done when the case is closed, or often once due) and a review."""
    status, opened_day = case.status, case.opened_day
    for k in range(rng.randint(1, 3)):
        due = opened_day + timedelta(days=7 * (k + 1))
        done = status == CaseStatus.CLOSED or (due < today and rng.random() < 0.6)
        rows.add(
            FollowUpAction,
            case_id=case.id,
            description=[
                "Phone parents",
                "Check image removed",
                "Pastoral check-in",
                "Update MASH",
            ][k % 4],
            owner_id=actor,
            owner_name=None,
            due_on=due,
            created_at=case.came,
            created_by_id=actor,
            done_at=datetime.combine(due, time(12)) if done else None,
            done_note="Done." if done else None,
        )
    if status != CaseStatus.OPEN or rng.random() < 0.5:
        held = opened_day + timedelta(days=14)
        rows.add(
            Review,
            case_id=case.id,
            held_on=min(held, today),
            notes="Pupil settled; no further sharing known.",
            risk_still_present=Answer.NO if status == CaseStatus.CLOSED else Answer.YES,
            next_review_on=None if status == CaseStatus.CLOSED else today,
            propose_closing=status == CaseStatus.CLOSED,
            reviewed_by_id=actor,
            recorded_at=datetime.combine(min(held, today), time(15)),
        )


def _add_chronology_and_decisions(rows: _Rows, case: _Case, actor: int) -> None:
    for k, text in enumerate(
        [
            "Disclosure to form tutor.",
            "Initial review meeting held.",
            "Conversation with pupils.",
            "Parents informed.",
        ]
    ):
        rows.add(
            ChronologyEntry,
            case_id=case.id,
            happened_at=case.came + timedelta(hours=k),
            recorded_at=case.came + timedelta(hours=k, minutes=20),
            recorded_by_id=actor,
            entry=text,
            source=ChronologySource.RECORD,
        )
    # The decisions the wizard records from these pages, each with the aid's view.
    children = {case.key(k): yp for k, yp in enumerate(case.people)}
    for d in summary.decisions(case.pages):
        child = children.get(d.child_key) if d.child_key else None
        rows.add(
            Decision,
            case_id=case.id,
            kind=d.kind,
            decision=d.decision,
            reason=d.reason,
            aid_view=d.aid_view,
            decided_by_id=actor,
            decided_at=case.came + timedelta(hours=1),
            subject=str(child) if child is not None else None,
        )


def _add_pages(rows: _Rows, case: _Case, actor: int) -> None:
    """The wizard pages the case was typed on: a draft has only its first page so far."""
    pages = case.pages if case.status != CaseStatus.DRAFT else {"incident": case.pages["incident"]}
    for page, values in pages.items():
        rows.add(
            DraftPage,
            case_id=case.id,
            page=page,
            fields=values,
            saved_at=case.came + timedelta(hours=2),
            saved_by_id=actor,
            format_version=PAGES_FORMAT,
        )
