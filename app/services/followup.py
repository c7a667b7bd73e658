"""Actions, reviews, chronology entries and decisions on a case."""

from __future__ import annotations

from datetime import date, datetime

from app import validation
from app.errors import InvalidInput, RecordNotFound
from app.models import (
    Answer,
    CaseStatus,
    ChronologyEntry,
    ChronologySource,
    Decision,
    DecisionKind,
    FollowUpAction,
    Review,
)
from app.models.base import now
from app.services import audit
from app.services.cases import get_case
from app.services.workspace import Workspace


def _not_draft_or_closed(status: CaseStatus, what: str) -> None:
    if status == CaseStatus.CLOSED:
        raise InvalidInput(f"Reopen the case before adding {what}.")


def add_action(
    ws: Workspace,
    case_id: int,
    description: str,
    *,
    owner_id: int | None = None,
    owner_name: str | None = None,
    due_on: date | None = None,
) -> int:
    text = validation.text(description, "What needs doing", required=True)
    with ws.write() as s:
        case = get_case(s, case_id)
        _not_draft_or_closed(case.status, "an action")
        action = FollowUpAction(
            case_id=case.id,
            description=text,
            owner_id=owner_id,
            owner_name=validation.text(owner_name, "Owner", max_length=200),
            due_on=due_on,
            created_by_id=ws.account.id,
        )
        s.add(action)
        s.flush()
        ws.audit(s, audit.Action.CHANGED, case.reference, "action added")
        return action.id


def complete_action(ws: Workspace, case_id: int, action_id: int, note: str) -> None:
    text = validation.text(note, "What was done", required=True)
    with ws.write(reason="Action completed") as s:
        case = get_case(s, case_id)
        action = s.get(FollowUpAction, action_id)
        if action is None or action.case_id != case.id:
            raise RecordNotFound("That action does not exist.")
        if action.done_at is not None:
            raise InvalidInput("That action is already complete.")
        action.done_at = now()
        action.done_note = text
        ws.audit(s, audit.Action.CHANGED, case.reference, "action completed")


def add_review(
    ws: Workspace,
    case_id: int,
    *,
    held_on: date,
    notes: str,
    risk_still_present: Answer | None,
    next_review_on: date | None,
    propose_closing: bool = False,
) -> int:
    text = validation.text(notes, "Review notes", required=True)
    validation.not_future(held_on, "The review date")
    if next_review_on is None and not propose_closing:
        raise InvalidInput("Set the next review date, or propose closing the case.")
    if next_review_on is not None and next_review_on < held_on:
        raise InvalidInput("The next review must come after this one.")
    with ws.write(reason="Review recorded") as s:
        case = get_case(s, case_id)
        _not_draft_or_closed(case.status, "a review")
        review = Review(
            case_id=case.id,
            held_on=held_on,
            notes=text,
            risk_still_present=risk_still_present,
            next_review_on=next_review_on,
            propose_closing=propose_closing,
            reviewed_by_id=ws.account.id,
        )
        s.add(review)
        case.next_review_on = next_review_on
        case.updated_at = now()
        s.flush()
        ws.audit(s, audit.Action.CHANGED, case.reference, "review recorded")
        return review.id


def add_chronology_entry(ws: Workspace, case_id: int, happened_at: datetime, entry: str) -> int:
    """A manual entry; it may be back-dated (recorded_at says when it was written)."""
    text = validation.text(entry, "What happened", required=True)
    validation.not_future(happened_at, "When it happened")
    with ws.write() as s:
        case = get_case(s, case_id)
        row = ChronologyEntry(
            case_id=case.id,
            happened_at=happened_at,
            entry=text,
            recorded_by_id=ws.account.id,
            source=ChronologySource.MANUAL,
        )
        s.add(row)
        s.flush()
        ws.audit(s, audit.Action.CHANGED, case.reference, "chronology entry added")
        return row.id


def record_decision(
    ws: Workspace,
    case_id: int,
    kind: DecisionKind,
    decision: str,
    reason: str,
    aid_view: str | None = None,
    subject: str | None = None,
) -> int:
    """Every decision carries its reason; the aid's view is kept beside it."""
    decision_text = validation.text(decision, "The decision", required=True)
    reason_text = validation.text(reason, "The reason for the decision", required=True)
    with ws.write() as s:
        case = get_case(s, case_id)
        row = Decision(
            case_id=case.id,
            kind=kind,
            decision=decision_text or "",
            reason=reason_text or "",
            aid_view=aid_view,
            subject=subject,
            decided_by_id=ws.account.id,
        )
        s.add(row)
        s.flush()
        ws.audit(s, audit.Action.CHANGED, case.reference, f"decision recorded: {kind.value}")
        return row.id
