"""Retention: child protection records are kept to the youngest child's date of birth
plus 25 years, then reviewed. Nothing is destroyed without a recorded decision, and only
the DSL records one (keep or destroy).

A file received from another school is the child's own file here, kept to the child's
date of birth plus 25 years as the school's own records are, and reviewed on its own
line whether or not it was linked to a case (the case may be kept or destroyed apart
from it). Its decisions go by `transfer.received_reference`, never by the child's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import validation
from app.dates import format_date
from app.errors import InvalidInput, NotAllowed, RecordNotFound
from app.models import (
    Amendment,
    Case,
    CaseStatus,
    DraftPage,
    RetentionDecision,
    TransferIn,
    YoungPerson,
)
from app.models.base import now
from app.services import amendments, audit, transfer
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
    """One record waiting for a decision: a closed case, or a file received from another
    school (`received_id` set, `case_id` None)."""

    case_id: int | None
    reference: str
    status: CaseStatus | None  # None for a received file
    retain_until: date | None  # None: no date of birth or age recorded
    received_id: int | None = None
    # "File received from St Aidan's on 02/12/2026", and the child's name: for the
    # DSL's own screen, never for the audit trail or a log.
    label: str = ""
    child_name: str = ""

    @property
    def received(self) -> bool:
        return self.received_id is not None


def retain_until(births: list[date | None], ages: list[tuple[int | None, date]]) -> date | None:
    """The youngest child's date of birth (or one estimated from an age) + 25 years."""
    known = [b for b in births if b is not None]
    for age, on in ages:
        if age is not None:
            known.append(_plus_years(on, -age))
    return _plus_years(max(known), RETAIN_YEARS) if known else None


def due_for_review(ws: Workspace, today: date | None = None) -> list[RetentionLine]:
    """Closed cases, then files received from another school, past their retention date
    or with no date to work it out from; those kept with a later date to look again apart."""
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
        out += _received_due(s, day, kept_until)
    return out


def received_label(from_school: str, imported_at: date) -> str:
    return f"File received from {from_school} on {format_date(imported_at)}"


def _received_due(s: Session, day: date, kept_until: dict[str, date | None]) -> list[RetentionLine]:
    """Received files past the child's date of birth + 25 years, or with no date of birth."""
    out = []
    for rid, sha, school, imported, dob, name in s.execute(
        select(
            TransferIn.id,
            TransferIn.pack_sha256,
            TransferIn.from_school,
            TransferIn.imported_at,
            TransferIn.date_of_birth,
            TransferIn.child_name,
        ).order_by(TransferIn.id)
    ):
        ref = transfer.received_reference(sha)
        until = retain_until([dob], [])
        again = kept_until.get(ref)
        if again is not None and again > day:
            continue
        if until is None or until <= day:
            label = received_label(school, imported.date())
            out.append(RetentionLine(None, ref, None, until, rid, label, name))
    return out


def _require_dsl(ws: Workspace) -> None:
    if not ws.account.is_dsl:
        raise NotAllowed(DSL_ONLY)


def _decide(
    ws: Workspace, s: Session, reference: str, reason: str | None, review_again_on: date | None
) -> None:
    """The DSL's decision as its tombstone row: kept with a date to look again, or
    destroyed (no date). Only a keep is audited here; a destruction is audited once
    its rows are gone."""
    keep = review_again_on is not None
    s.add(
        RetentionDecision(
            reference=reference,
            decision="keep" if keep else "destroy",
            reason=reason or "",  # required: validation.text refused a blank one
            review_again_on=review_again_on,
            decided_by_id=ws.account.id,
            decided_at=now(),
        )
    )
    if keep:
        ws.audit(s, audit.Action.CHANGED, reference, "retention: kept")


def record_keep(ws: Workspace, case_id: int, reason: str, review_again_on: date) -> None:
    _require_dsl(ws)
    text = validation.text(reason, "The reason for keeping it", required=True)
    with ws.write() as s:
        _decide(ws, s, get_case(s, case_id).reference, text, review_again_on)


def _received(s: Session, received_id: int) -> TransferIn:
    row = s.get(TransferIn, received_id)
    if row is None:
        raise RecordNotFound("That received file is not in this database.")
    return row


def record_keep_received(
    ws: Workspace, received_id: int, reason: str, review_again_on: date
) -> None:
    """Keep a received file past its retention date, with a reason and a date to look again."""
    _require_dsl(ws)
    text = validation.text(reason, "The reason for keeping it", required=True)
    with ws.write() as s:
        reference = transfer.received_reference(_received(s, received_id).pack_sha256)
        _decide(ws, s, reference, text, review_again_on)


def destroy_received(ws: Workspace, received_id: int, reason: str) -> None:
    """Destroy a received file past retention: the child's part and the sending school's
    extract go; a tombstone (reference, who, when, why) and the import's audit entry remain."""
    _require_dsl(ws)
    text = validation.text(reason, "The reason for destroying it", required=True)
    due = {line.received_id: line.reference for line in due_for_review(ws) if line.received}
    if received_id not in due:
        raise InvalidInput("Only received files past their retention date can be destroyed.")
    reference = due[received_id]
    with ws.write() as s:
        _decide(ws, s, reference, text, None)
        # The trigger on transfers_in lets a row go only under this permit.
        with amendments.sanctioned_removal(s):
            s.execute(delete(TransferIn).where(TransferIn.id == received_id))
        ws.audit(s, audit.Action.CHANGED, reference, transfer.RETENTION_DESTROYED)


def destroy(ws: Workspace, case_id: int, reason: str) -> None:
    """Destroy a closed case past retention. A tombstone (reference, who, when, why) remains."""
    _require_dsl(ws)
    text = validation.text(reason, "The reason for destroying it", required=True)
    lines = {line.case_id for line in due_for_review(ws) if not line.received}
    if case_id not in lines:
        raise InvalidInput("Only closed cases past their retention date can be destroyed.")
    with ws.write() as s:
        case = get_case(s, case_id)
        _decide(ws, s, case.reference, text, None)
        # Core deletes, below the amendment rule: this is the one sanctioned removal.
        with amendments.sanctioned_removal(s):
            for model in reversed(list(CASE_TABLES.values())):
                if model is not Case:
                    s.execute(delete(model).where(model.__table__.c.case_id == case.id))
            s.execute(delete(Amendment).where(Amendment.case_id == case.id))
            s.execute(delete(DraftPage).where(DraftPage.case_id == case.id))
            s.execute(delete(Case).where(Case.id == case.id))
        ws.audit(s, audit.Action.CHANGED, case.reference, transfer.RETENTION_DESTROYED)
