"""The fictional cases of a training database, written in one bulk insert.

Deterministic for a given number of cases and "as of" date: one random
generator seeded with the number of cases, drawn from in a fixed order (the
benchmarks cache databases built from it, and a test checks it). Each function
below fills in part of a case, in the order the guidance's steps come.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert

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
    DecisionKind,
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
    Review,
    Role,
    SharingLocation,
    SharingPlace,
    ViewingLogEntry,
    YoungPerson,
)
from app.services import audit
from app.services.workspace import Workspace
from app.training.words import FIRST_NAMES, HOW, LAST_NAMES, OWN_WORDS, SUMMARIES, YEAR_GROUPS

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
    if roll < 0.04:
        return CaseStatus.DRAFT
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
class _Triage:
    """The five immediate-referral answers and what follows from them."""

    answers: dict[ReferralQuestion, Answer]
    adult: bool
    any_yes: bool
    aggravated: bool
    pathway: Pathway


@dataclass
class _Case:
    """One case being written: what the later sections refer back to."""

    id: int
    status: CaseStatus
    opened_day: date
    came: datetime
    triage: _Triage
    people: list[int]


def _dob_for(year_group: str, today: date, rng: random.Random) -> date:
    years = int(year_group.split()[1]) + 4  # Year 7 pupils are 11-12
    return today - timedelta(days=365 * years + rng.randint(0, 364))


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
        if status == CaseStatus.DRAFT:
            continue
        _add_first_steps(rows, rng, case)
        _add_incident(rows, rng, case)
        _add_police_and_agencies(rows, rng, case)
        _add_parents_and_plan(rows, rng, case)
        _add_follow_up(rows, rng, case, actor, today)
        _add_chronology_and_decision(rows, case, actor)
    with ws.write() as s:
        for model, batch in rows.by_model.items():
            s.execute(insert(model), batch)
        ws.audit(
            s,
            audit.Action.CREATED,
            audit.DATABASE_TARGET,
            f"training data created: {n} fictional cases",
        )


def _triage(rng: random.Random) -> _Triage:
    answers = {
        q: (
            Answer.YES
            if rng.random() < 0.12
            else Answer.NOT_KNOWN
            if rng.random() < 0.08
            else Answer.NO
        )
        for q in ReferralQuestion
    }
    adult = answers[ReferralQuestion.ADULT_INVOLVED] == Answer.YES
    any_yes = Answer.YES in answers.values()
    aggravated = any_yes or rng.random() < 0.25
    pathway = (
        Pathway.POLICE
        if adult or (any_yes and rng.random() < 0.6)
        else Pathway.SOCIAL_CARE
        if any_yes
        else Pathway.IN_SCHOOL
    )
    return _Triage(answers, adult, any_yes, aggravated, pathway)


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
    triage = _triage(rng)
    adult, aggravated = triage.adult, triage.aggravated
    yg = rng.choice(YEAR_GROUPS)
    came = _at(opened_day, rng)
    case_id = rows.add(
        Case,
        reference=reference,
        status=status,
        created_at=came,
        created_by_id=actor,
        updated_at=came,
        opened_at=None if status == CaseStatus.DRAFT else came + timedelta(hours=2),
        closed_at=(
            came + timedelta(days=rng.randint(20, 120)) if status == CaseStatus.CLOSED else None
        ),
        came_to_light_at=came,
        came_to_light_how=rng.choice(HOW).format(yg=yg.split()[1]),
        reported_by=rng.choice(["Form tutor", "Parent", "Head of Year", "Pupil (self)"]),
        summary=rng.choice(SUMMARIES),
        adults_involved=Answer.YES if adult else Answer.NO,
        adults_involved_details="Unknown adult contacted pupil online." if adult else None,
        classification=(
            None
            if status == CaseStatus.DRAFT
            else Classification.AGGRAVATED
            if aggravated
            else Classification.EXPERIMENTAL
        ),
        classification_reason=(
            None
            if status == CaseStatus.DRAFT
            else "Shared without the pictured pupil's consent."
            if aggravated
            else "Consensual exchange, no malice."
        ),
        pathway=None if status == CaseStatus.DRAFT else triage.pathway,
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
        signed_off_by_id=None if status == CaseStatus.DRAFT else actor,
        signed_off_at=None if status == CaseStatus.DRAFT else came + timedelta(hours=2),
    )
    people = _add_young_people(rows, rng, case_id, yg, opened_day)
    return _Case(case_id, status, opened_day, came, triage, people)


def _add_young_people(
    rows: _Rows, rng: random.Random, case_id: int, yg: str, opened_day: date
) -> list[int]:
    people = []
    for k in range(rng.choice([1, 2, 2, 2, 3, 3, 4])):
        role = (
            [Role.PICTURED, Role.CREATED, Role.SENT]
            if k == 0
            else [rng.choice([Role.RECEIVED, Role.SHARED_FURTHER, Role.DISCLOSED])]
        )
        child_yg = yg if k < 2 else rng.choice(YEAR_GROUPS)
        send = rng.random() < 0.15
        yp = rows.add(
            YoungPerson,
            case_id=case_id,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            date_of_birth=_dob_for(child_yg, opened_day, rng),
            age_years=None,
            year_group=child_yg,
            roles=[r.value for r in role],
            send="Autism spectrum condition; EHCP." if send else None,
            other_vulnerabilities="Young carer." if rng.random() < 0.1 else None,
            existing_concerns="Earlier concern about online contact."
            if rng.random() < 0.15
            else None,
            earlier_mash_referral=rng.random() < 0.1,
            known_to_social_care=rng.random() < 0.1,
            looked_after=rng.random() < 0.05,
            school_if_elsewhere=None,
        )
        people.append(yp)
    return people


def _add_first_steps(rows: _Rows, rng: random.Random, case: _Case) -> None:
    """The initial review, the five answers and a conversation with each young person."""
    rows.add(
        InitialReview,
        case_id=case.id,
        held_at=case.came + timedelta(hours=1),
        attendees="DSL; Head of Year; deputy DSL",
        more_information_needed="Who else received the image?",
        other_school_contact=None,
        notes="Met within the hour.",
    )
    for q, a in case.triage.answers.items():
        rows.add(
            ReferralAnswer,
            case_id=case.id,
            question=q,
            answer=a,
            note='Pupil said an older "friend" asked for it.' if a == Answer.YES else None,
        )
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
            risk_to_child="Low to medium",
            risk_to_others="None known",
            support_needed="Check-ins with the pastoral lead twice a week.",
            image_still_on_phone=rng.choice(list(Answer)),
            who_has_it="Two classmates",
            next_steps="Pupil will tell the DSL if anything else is sent.",
        )


def _add_incident(rows: _Rows, rng: random.Random, case: _Case) -> None:
    """The description, where it was shared, a device taken and, rarely, a viewing."""
    viewed = rng.random() < 0.05
    rows.add(
        IncidentDescription,
        case_id=case.id,
        description="Described by the pupil as a semi-nude photo in a mirror.",
        assessment=rng.choice([ImageAssessment.POTENTIALLY_ILLEGAL, ImageAssessment.INAPPROPRIATE]),
        explicitness="Semi-nude, as described; not viewed.",
        coercion_or_threats=case.triage.answers[ReferralQuestion.COERCION_OR_CAPACITY],
        coercion_details=None,
        how_widely_shared="Group chat of about 30 pupils.",
        was_viewed=viewed,
        immediate_support_needed="Pastoral support today.",
        other_children_involved=None,
        deletion="Pupils asked to delete; confirmed.",
    )
    rows.add(
        SharingLocation,
        case_id=case.id,
        place=rng.choice(list(SharingPlace)),
        details='Snapchat group "Y9 <banter>"',
        removal_requested="Report Remove",
    )
    if rng.random() < 0.3:
        rows.add(
            Device,
            case_id=case.id,
            description="Black iPhone in a pink case",
            belongs_to="Pupil",
            taken_at=case.came,
            taken_by="Mr Hughes",
            switched_off=True,
            stored_where="DSL office safe",
            handed_to=None,
            handed_over_at=None,
        )
    if viewed:
        rows.add(
            ViewingLogEntry,
            case_id=case.id,
            viewed_at=case.came + timedelta(hours=1),
            viewed_by="DSL",
            reason="Pupil showed it to staff before it could be stopped.",
            others_present="Deputy head",
            head_agreed=True,
            head_name="Mrs Clarke",
            outcome="Referral decision made; not viewed again.",
        )


def _add_police_and_agencies(rows: _Rows, rng: random.Random, case: _Case) -> None:
    adult, any_yes, pathway = case.triage.adult, case.triage.any_yes, case.triage.pathway
    came, year = case.came, case.opened_day.year
    reported = pathway == Pathway.POLICE
    rows.add(
        PoliceContact,
        case_id=case.id,
        vulnerability_notes="Pupil pictured has SEND." if rng.random() < 0.2 else None,
        reported=reported,
        reason=(
            "Adult involvement: always a police matter."
            if adult
            else "Aggravating factors present."
            if reported
            else "Consensual peer sharing, no aggravating factors: handled in school."
        ),
        reported_at=came + timedelta(hours=3) if reported else None,
        force="Thames Valley Police" if reported else None,
        officer="PC 1234 Khan" if reported else None,
        crime_reference=f"43{rng.randint(100000, 999999)}/{year % 100}" if reported else None,
        response="Officer visited school and spoke to pupils." if reported else None,
        outcome_code="Outcome 21" if reported and rng.random() < 0.5 else None,
        outcome_notes=None,
    )
    mash = pathway in (Pathway.SOCIAL_CARE, Pathway.POLICE) and any_yes
    rows.add(
        AgencyReferral,
        case_id=case.id,
        agency=Agency.MASH,
        agency_name=None,
        referred=mash,
        referred_on=case.opened_day if mash else None,
        reference=f"MASH-{rng.randint(10000, 99999)}" if mash else None,
        outcome="Strategy discussion held." if mash else None,
        reason=(
            "Immediate-referral criteria met."
            if mash
            else "No immediate-referral criteria met; no existing social care involvement."
        ),
    )


def _add_parents_and_plan(rows: _Rows, rng: random.Random, case: _Case) -> None:
    for j, yp in enumerate(case.people):
        informed = not (j == 1 and rng.random() < 0.2)
        rows.add(
            ParentCarerContact,
            case_id=case.id,
            young_person_id=yp,
            informed=informed,
            who="Mother" if informed else None,
            informed_at=case.came + timedelta(hours=4) if informed else None,
            how="Telephone" if informed else None,
            reason_not_informed=(
                None if informed else "Informing parents may put the pupil at risk of harm."
            ),
            revisit_on=None if informed else case.opened_day + timedelta(days=7),
        )
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


def _add_chronology_and_decision(rows: _Rows, case: _Case, actor: int) -> None:
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
    any_yes = case.triage.any_yes
    rows.add(
        Decision,
        case_id=case.id,
        kind=DecisionKind.IMMEDIATE_REFERRAL if any_yes else DecisionKind.HANDLE_IN_SCHOOL,
        decision="Refer to police and children's social care" if any_yes else "Handle in school",
        reason="An immediate-referral question was answered yes."
        if any_yes
        else "No immediate-referral criteria met; consensual peer exchange.",
        aid_view="Refer now" if any_yes else "May be handled in school",
        decided_by_id=actor,
        decided_at=case.came + timedelta(hours=1),
        subject=None,
    )
