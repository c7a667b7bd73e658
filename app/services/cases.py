"""Cases: create, save wizard pages as drafts, open, change status, amend, read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, union_all
from sqlalchemy.orm import Session

from app import validation
from app.errors import InvalidInput, RecordNotFound
from app.models import (
    AgencyReferral,
    Amendment,
    Base,
    Case,
    CaseContent,
    CaseStatus,
    ChronologyEntry,
    ChronologySource,
    Conversation,
    Decision,
    DecisionKind,
    Device,
    DraftPage,
    FollowUpAction,
    IncidentDescription,
    InitialReview,
    ParentCarerContact,
    Plan,
    PoliceContact,
    PoliceOutcome,
    ReferralAnswer,
    RetentionDecision,
    Review,
    SharingLocation,
    StaffAccount,
    ViewingLogEntry,
    YoungPerson,
)
from app.models.base import now
from app.record import schema as record_schema
from app.record.snapshot import CaseRecord, HistoryLine
from app.services import amendments, audit, record_values
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.wizard import draft_format
from app.wizard import spec as wizard_spec

# Every table a case's record is made of, by table name (for amendments and reading).
CASE_TABLES: dict[str, type[Base]] = {
    m.__tablename__: m
    for m in (
        Case,
        YoungPerson,
        InitialReview,
        ReferralAnswer,
        Conversation,
        IncidentDescription,
        SharingLocation,
        Device,
        ViewingLogEntry,
        PoliceContact,
        PoliceOutcome,
        AgencyReferral,
        ParentCarerContact,
        Plan,
        FollowUpAction,
        Review,
        ChronologyEntry,
        Decision,
    )
}
ALLOWED_STATUS_CHANGES = {
    CaseStatus.OPEN: {CaseStatus.MONITORING, CaseStatus.CLOSED},
    CaseStatus.MONITORING: {CaseStatus.OPEN, CaseStatus.CLOSED},
    CaseStatus.CLOSED: {CaseStatus.OPEN},
}


def get_case(session: Session, reference_or_id: str | int) -> Case:
    if isinstance(reference_or_id, int):
        case = session.get(Case, reference_or_id)
    else:
        case = session.execute(
            select(Case).where(Case.reference == reference_or_id.strip())
        ).scalar_one_or_none()
    if case is None:
        raise RecordNotFound(f"There is no case {reference_or_id}.")
    return case


def add_record_line(
    session: Session, ws: Workspace, case_id: int, entry: str, at: datetime | None = None
) -> None:
    """A line Casebook itself writes in a case's chronology (opened, sent, received...),
    by whoever is signed in, at `at` (now unless given)."""
    session.add(
        ChronologyEntry(
            case_id=case_id,
            happened_at=at or now(),
            recorded_by_id=ws.account.id,
            entry=entry,
            source=ChronologySource.RECORD,
        )
    )


def _next_reference(session: Session, year: int) -> str:
    prefix = f"{year}-"
    # Highest number used this year, by a case here or by one destroyed under the
    # retention rules (its tombstone, audit entries and any transfer record still
    # name it): a reference is never given to a second case.
    taken = union_all(
        select(Case.reference.label("reference")).where(Case.reference.startswith(prefix)),
        select(RetentionDecision.reference).where(RetentionDecision.reference.startswith(prefix)),
    ).subquery()
    # Longer first so 10000 follows 9999.
    last: str | None = session.execute(
        select(taken.c.reference)
        .order_by(func.length(taken.c.reference).desc(), taken.c.reference.desc())
        .limit(1)
    ).scalar_one_or_none()
    number = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def create_case(ws: Workspace) -> Case:
    """A new draft case with the next reference for this year."""
    with ws.write() as s:
        return _new_draft(s, ws)


def start_draft(
    ws: Workspace,
    page: str,
    fields: dict[str, Any],
    format_version: int | None = None,
) -> Case:
    """A new draft case holding the first page typed, in one transaction: the case and
    what was typed arrive together (and the wizard's first Next waits for one commit)."""
    _check_savable(fields)
    with ws.write() as s:
        case = _new_draft(s, ws)
        _keep_page(s, ws, case, page, fields, format_version)
        return case


def save_draft_page(
    ws: Workspace,
    case_id: int,
    page: str,
    fields: dict[str, Any],
    format_version: int | None = None,
) -> None:
    """Keep exactly what is on a wizard page, valid or not, so nothing typed is lost.

    `format_version` is that of the pages.json it was typed on (today's by default).
    """
    _check_savable(fields)
    with ws.write() as s:
        _keep_page(s, ws, get_case(s, case_id), page, fields, format_version)


def _new_draft(s: Session, ws: Workspace) -> Case:
    case = Case(
        reference=_next_reference(s, date.today().year),
        status=CaseStatus.DRAFT,
        created_by_id=ws.account.id,
    )
    s.add(case)
    s.flush()
    ws.audit(s, audit.Action.CREATED, case.reference, "draft started")
    return case


def _check_savable(fields: dict[str, Any]) -> None:
    try:
        json.dumps(fields, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError: a lone surrogate
        raise InvalidInput("This page holds something that cannot be saved.") from exc


def _keep_page(
    s: Session,
    ws: Workspace,
    case: Case,
    page: str,
    fields: dict[str, Any],
    format_version: int | None,
) -> None:
    if case.status != CaseStatus.DRAFT:
        # A wizard left open elsewhere must not bring a finished or discarded draft back.
        raise InvalidInput(f"Case {case.reference} is no longer a draft; this page was not saved.")
    version = format_version if format_version is not None else wizard_spec.load().format_version
    row = s.execute(
        select(DraftPage).where(DraftPage.case_id == case.id, DraftPage.page == page)
    ).scalar_one_or_none()
    if row is None:
        s.add(
            DraftPage(
                case_id=case.id,
                page=page,
                fields=dict(fields),
                saved_by_id=ws.account.id,
                format_version=version,
            )
        )
    else:
        row.fields = dict(fields)
        row.saved_at = now()
        row.saved_by_id = ws.account.id
        row.format_version = version
    case.updated_at = now()


def draft_pages(ws: Workspace, case_id: int) -> dict[str, dict[str, Any]]:
    """The draft's pages as today's pages.json asks them: pages typed on an older format
    are carried forward by app.wizard.draft_format (the saved rows are left as they are)."""
    with ws.read() as s:
        rows = s.execute(select(DraftPage).where(DraftPage.case_id == case_id)).scalars()
        saved = {r.page: (dict(r.fields), r.format_version) for r in rows}
    return draft_format.upgrade(
        {page: values for page, (values, _v) in saved.items()},
        {page: version for page, (_values, version) in saved.items()},
        wizard_spec.load().format_version,
    )


@dataclass(frozen=True)
class DraftSummary:
    id: int
    reference: str
    started_at: datetime
    last_saved_at: datetime


def list_drafts(ws: Workspace) -> list[DraftSummary]:
    """Drafts to resume: the newest first (a discarded draft is no longer one)."""
    with ws.read() as s:
        rows = s.execute(
            select(Case).where(Case.status == CaseStatus.DRAFT).order_by(Case.updated_at.desc())
        ).scalars()
        return [DraftSummary(c.id, c.reference, c.created_at, c.updated_at) for c in rows]


DISCARD_REASON_MISSING = "Say in a few words why this draft is being discarded."
NOT_A_DRAFT = {
    CaseStatus.OPEN: "Case {ref} is open: an open case is closed, not discarded.",
    CaseStatus.MONITORING: "Case {ref} is being monitored: an open case is closed, not discarded.",
    CaseStatus.CLOSED: "Case {ref} is closed: a closed case is kept, not discarded.",
    CaseStatus.DISCARDED: "Case {ref} has already been discarded.",
}


def discard_draft(ws: Workspace, reference_or_id: str | int, reason: str) -> str:
    """A draft started by mistake: its typed pages are deleted (data minimisation), its
    reference stays taken and is marked discarded, and who, when and why are kept on
    the case. The audit trail names the reference only, never the reason. Returns it."""
    text = (reason or "").strip()
    if not text:
        raise InvalidInput(DISCARD_REASON_MISSING)
    checked = validation.text(text, "The reason", required=True) or ""
    with ws.write() as s:
        case = get_case(s, reference_or_id)
        if case.status != CaseStatus.DRAFT:
            raise InvalidInput(NOT_A_DRAFT[case.status].format(ref=case.reference))
        # The pages go first, while the case is still a draft.
        s.execute(delete(DraftPage).where(DraftPage.case_id == case.id))
        stamp = now()
        case.status = CaseStatus.DISCARDED
        case.discarded_at = stamp
        case.discarded_by_id = ws.account.id
        case.discard_reason = checked
        case.updated_at = stamp
        ws.audit(s, audit.Action.CHANGED, case.reference, "draft discarded")
        return case.reference


def open_case(ws: Workspace, case_id: int) -> None:
    """Finish: the draft becomes an open case, signed off by the current user."""
    with ws.write() as s:
        case = get_case(s, case_id)
        if case.status != CaseStatus.DRAFT:
            raise InvalidInput(f"Case {case.reference} is already open.")
        stamp = now()
        case.status = CaseStatus.OPEN
        case.opened_at = stamp
        case.signed_off_by_id = ws.account.id
        case.signed_off_at = stamp
        if case.next_review_on is None:
            days = int(settings_service.read_all(s)["review_interval_days"] or 28)
            case.next_review_on = date.today() + timedelta(days=days)
        add_record_line(s, ws, case.id, "Case opened.", stamp)
        ws.audit(s, audit.Action.CHANGED, case.reference, "opened")


def change_status(
    ws: Workspace,
    case_id: int,
    new_status: CaseStatus,
    reason: str,
    closing_summary: str | None = None,
) -> None:
    reason_text = validation.text(reason, "The reason", required=True)
    with ws.write(reason=reason_text) as s:
        case = get_case(s, case_id)
        if new_status not in ALLOWED_STATUS_CHANGES.get(case.status, set()):
            raise InvalidInput(f"A {case.status.value} case cannot be moved to {new_status.value}.")
        if new_status == CaseStatus.CLOSED:
            summary = validation.text(closing_summary, "The closing summary", required=True)
            open_actions = s.execute(
                select(func.count())
                .select_from(FollowUpAction)
                .where(FollowUpAction.case_id == case.id, FollowUpAction.done_at.is_(None))
            ).scalar_one()
            if open_actions:
                raise InvalidInput(
                    f"This case still has {open_actions} open action(s); complete them first."
                )
            case.closing_summary = summary
            case.closed_at = now()
            case.next_review_on = None
            kind = DecisionKind.CLOSING
        else:
            kind = (
                DecisionKind.REOPENING if case.status == CaseStatus.CLOSED else DecisionKind.OTHER
            )
        old = case.status
        case.status = new_status
        case.updated_at = now()
        s.add(
            Decision(
                case_id=case.id,
                kind=kind,
                decision=f"Status changed from {old.value} to {new_status.value}",
                reason=reason_text or "",
                decided_by_id=ws.account.id,
            )
        )
        add_record_line(s, ws, case.id, f"Status changed from {old.value} to {new_status.value}.")
        ws.audit(
            s, audit.Action.CHANGED, case.reference, f"status {old.value} -> {new_status.value}"
        )


def amend(
    ws: Workspace, case_id: int, table: str, row_id: int, field_name: str, value: Any, reason: str
) -> None:
    """Change one field of a case's record; the earlier value is kept with the reason.

    What may be amended, and how a value is checked and converted, comes from
    the record's one schema (`app.record.schema`).
    """
    spec = record_schema.field(table, field_name)
    model = CASE_TABLES.get(table)
    if spec is None or model is None or not spec.amendable:
        raise InvalidInput(
            "That part of the record cannot be amended: Casebook keeps it as the record is made."
        )
    value = record_values.convert(spec, value, model.__table__.c[field_name])
    reason_text = validation.text(reason, "The reason for the amendment", required=True)
    with ws.write(reason=reason_text) as s:
        case = get_case(s, case_id)
        if case.status == CaseStatus.DISCARDED:
            raise InvalidInput(f"Case {case.reference} was discarded; it cannot be amended.")
        record_values.check_for_case(spec, value, (case.came_to_light_at or now()).date())
        row = case if model is Case else s.get(model, row_id)
        if row is None or (isinstance(row, CaseContent) and row.case_id != case.id):
            raise RecordNotFound("That part of the record does not exist.")
        setattr(row, field_name, value)
        case.updated_at = now()
        ws.audit(s, audit.Action.CHANGED, case.reference, f"amended {table}.{field_name}")


def case_history(ws: Workspace, case_id: int) -> list[HistoryLine]:
    with ws.read() as s:
        names = dict(s.execute(select(StaffAccount.id, StaffAccount.display_name)).all())
        rows: list[Amendment] = amendments.history(s, case_id)
        return [
            HistoryLine(
                a.changed_at,
                names.get(a.changed_by_id, "?"),
                a.table_name,
                a.row_id,
                a.field,
                a.old_value,
                a.new_value,
                a.reason,
            )
            for a in rows
        ]


def load_case(ws: Workspace, reference_or_id: str | int, *, audit_view: bool = True) -> CaseRecord:
    """Everything a case holds. Reading a case is written to the audit trail."""
    with ws.write() as s:
        case = get_case(s, reference_or_id)
        record = CaseRecord(case=case)
        for name, model in CASE_TABLES.items():
            if model is Case:
                continue
            rows = s.execute(
                select(model).where(model.case_id == case.id).order_by(model.id)  # type: ignore[attr-defined]
            ).scalars()
            record.sections[name] = list(rows)
        staff = s.execute(
            select(StaffAccount.id, StaffAccount.display_name, StaffAccount.role)
        ).all()
        record.staff_names = {i: name for i, name, _role in staff}
        record.staff_roles = {i: str(role) for i, _name, role in staff}
        if audit_view:
            ws.audit(s, audit.Action.VIEWED, case.reference)
        return record
