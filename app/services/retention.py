"""Retention: child protection records are kept to the youngest child's date of birth
plus 25 years, then reviewed. Nothing is destroyed without a recorded decision, and only
the DSL records one (keep or destroy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from app import validation
from app.errors import InvalidInput, NotAllowed
from app.models import Amendment, Case, CaseStatus, DraftPage, RetentionDecision, YoungPerson
from app.models.base import now
from app.services import amendments, audit
from app.services.cases import CASE_TABLES, get_case
from app.services.workspace import Workspace

RETAIN_YEARS = 25
DSL_ONLY = "Only the DSL can decide to keep or destroy a record past its retention date."


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class RetentionLine:
    case_id: int
    reference: str
    status: CaseStatus
    retain_until: date | None  # None: no date of birth or age recorded


def retain_until(births: list[date | None], ages: list[tuple[int | None, date]]) -> date | None:
    """The youngest child's date of birth (or one estimated from an age) + 25 years."""
    known = [b for b in births if b is not None]
    for age, on in ages:
        if age is not None:
            known.append(_plus_years(on, -age))
    return _plus_years(max(known), RETAIN_YEARS) if known else None


def due_for_review(ws: Workspace, today: date | None = None) -> list[RetentionLine]:
    """Closed cases past their retention date, or with no date to work it out from."""
    day = today or date.today()
    out = []
    with ws.read() as s:
        people = s.execute(
            select(YoungPerson.case_id, YoungPerson.date_of_birth, YoungPerson.age_years)
        ).all()
        by_case: dict[int, list[tuple[date | None, int | None]]] = {}
        for cid, dob, age in people:
            by_case.setdefault(cid, []).append((dob, age))
        kept_until: dict[str, date | None] = {}
        for ref, decision, again in s.execute(
            select(
                RetentionDecision.reference,
                RetentionDecision.decision,
                RetentionDecision.review_again_on,
            ).order_by(RetentionDecision.id)
        ):
            kept_until[ref] = again if decision == "keep" else None
        for cid, ref, status, opened, created in s.execute(
            select(Case.id, Case.reference, Case.status, Case.opened_at, Case.created_at)
            .where(Case.status == CaseStatus.CLOSED)
            .order_by(Case.reference)
        ):
            on = (opened or created).date()
            entries = by_case.get(cid, [])
            until = retain_until([d for d, _ in entries], [(a, on) for _, a in entries])
            again = kept_until.get(ref)
            if again is not None and again > day:
                continue  # kept, with a date to look at it again
            if until is None or until <= day:
                out.append(RetentionLine(cid, ref, status, until))
    return out


def _require_dsl(ws: Workspace) -> None:
    if not ws.account.is_dsl:
        raise NotAllowed(DSL_ONLY)


def record_keep(ws: Workspace, case_id: int, reason: str, review_again_on: date) -> None:
    _require_dsl(ws)
    text = validation.text(reason, "The reason for keeping it", required=True)
    with ws.write() as s:
        case = get_case(s, case_id)
        s.add(
            RetentionDecision(
                reference=case.reference,
                decision="keep",
                reason=text or "",
                review_again_on=review_again_on,
                decided_by_id=ws.account.id,
            )
        )
        ws.audit(s, audit.Action.CHANGED, case.reference, "retention: kept")


def destroy(ws: Workspace, case_id: int, reason: str) -> None:
    """Destroy a closed case past retention. A tombstone (reference, who, when, why) remains."""
    _require_dsl(ws)
    text = validation.text(reason, "The reason for destroying it", required=True)
    lines = {line.case_id for line in due_for_review(ws)}
    if case_id not in lines:
        raise InvalidInput("Only closed cases past their retention date can be destroyed.")
    with ws.write() as s:
        case = get_case(s, case_id)
        s.add(
            RetentionDecision(
                reference=case.reference,
                decision="destroy",
                reason=text or "",
                decided_by_id=ws.account.id,
                decided_at=now(),
            )
        )
        # Core deletes, below the amendment rule: this is the one sanctioned removal.
        with amendments.sanctioned_removal(s):
            for model in reversed(list(CASE_TABLES.values())):
                if model is not Case:
                    s.execute(delete(model).where(model.__table__.c.case_id == case.id))
            s.execute(delete(Amendment).where(Amendment.case_id == case.id))
            s.execute(delete(DraftPage).where(DraftPage.case_id == case.id))
            s.execute(delete(Case).where(Case.id == case.id))
        ws.audit(s, audit.Action.CHANGED, case.reference, "retention: destroyed")
