"""Finish the incident wizard: the draft pages become the case record, in one transaction.

The pages hold exactly what the DSL typed. Here they are checked once more (the
same checks the pages show), turned into the structured record by the mapping
declared in `app.record.schema`, every decision with its reason, the chronology
seeded, and the case opened. If anything is missing, nothing is written and the
wizard shows which pages need attention.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from app import dates
from app.errors import CasebookError, InvalidInput
from app.models import (
    Agency,
    AgencyReferral,
    Answer,
    Case,
    CaseStatus,
    ChronologyEntry,
    ChronologySource,
    Conversation,
    Decision,
    Device,
    DraftPage,
    FollowUpAction,
    IncidentDescription,
    InitialReview,
    ParentCarerContact,
    Pathway,
    Plan,
    PoliceContact,
    ReferralAnswer,
    ReferralQuestion,
    SharingLocation,
    StaffAccount,
    ViewingLogEntry,
    YoungPerson,
)
from app.models.base import now
from app.record import schema as record_schema
from app.record.schema import Kind, RecordField
from app.services import audit
from app.services.cases import draft_pages, get_case
from app.services.workspace import Workspace
from app.wizard import answers, summary
from app.wizard import spec as wizard_spec
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


def _from_answer(spec: RecordField, column: Any, value: Any) -> Any:
    """One wizard answer as the record field stores it (the page checks have passed)."""
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LINE, Kind.CHOICE):
        return _t(value)
    if kind == Kind.DATE:
        return dates.parse_date(str(value or ""))
    if kind == Kind.DATETIME:
        return dates.parse_datetime(str(value or ""))
    if kind == Kind.NUMBER:
        return dates.parse_number(str(value or ""))
    if kind == Kind.YES_NO:
        return value if isinstance(value, bool) else {"yes": True, "no": False}.get(str(value))
    if kind in (Kind.ANSWER, Kind.CODE):
        enum_class = getattr(column.type, "enum_class", None)
        codes = {m.value for m in enum_class} if enum_class is not None else set()
        return enum_class(value) if enum_class is not None and value in codes else None
    if kind == Kind.ROLES:
        return [str(v) for v in value] if isinstance(value, list) else []
    raise ValueError(f"{spec.table}.{spec.name} is not filled from the wizard")


def _fields_from(model: type[Any], source: str, values: dict[str, Any]) -> dict[str, Any]:
    """The columns `source` ("police", "plan.actions"...) fills, from one set of answers."""
    table = model.__tablename__
    out: dict[str, Any] = {}
    for name, answer_id in record_schema.answers_of(table, source).items():
        if answer_id not in values:
            continue  # hidden by branching, or never answered: not recorded
        column = model.__table__.c[name]
        value = _from_answer(record_schema.table(table).field(name), column, values[answer_id])
        if value is None and not column.nullable:
            value = ""  # a required answer the page checks let through blank
        out[name] = value
    return out


def _row(model: type[Any], sources: tuple[str, ...], pages: dict[str, Any], **fixed: Any) -> Any:
    """A one-per-case row filled from page-level answers of one or more pages."""
    values: dict[str, Any] = {}
    for source in sources:
        values |= _fields_from(model, source, pages.get(source, {}))
    return model(**values, **fixed)


def _items(values: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [i for i in values.get(key) or [] if isinstance(i, dict)]


def _per_child(values: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    found = values.get(key) or {}
    return {k: v for k, v in found.items() if isinstance(v, dict)}


def _refuse_unless_draft(case: Case) -> None:
    if case.status == CaseStatus.DISCARDED:
        raise InvalidInput(f"Case {case.reference} was discarded; it cannot be opened.")
    if case.status != CaseStatus.DRAFT:
        raise InvalidInput(f"Case {case.reference} is already open.")


def finish(ws: Workspace, case_id: int) -> str:
    """Open the case from its draft pages; returns its reference.

    Which answer fills which field is declared once, in `app.record.schema`;
    what is left here are the rules that make rows (one per young person, one
    per item) and the fields derived from several answers (the pathway, an
    action's owner). Only answers the pages show are used and kept.
    """
    with ws.read() as s:
        _refuse_unless_draft(get_case(s, case_id))
    saved = draft_pages(ws, case_id)
    problems = page_problems(saved)
    if problems:
        raise IncompleteCase(problems)
    pages = answers.shown_pages(wizard_spec.load(), saved)
    incident = pages.get("incident", {})
    review = pages.get("initial_review", {})
    police = pages.get("police", {})
    agencies = pages.get("agencies", {})
    plan = pages.get("plan", {})
    me = ws.account.id
    stamp = now()

    with ws.write() as s:
        case = get_case(s, case_id)
        _refuse_unless_draft(case)
        cid = case.id
        for source in ("incident", "agencies", "summary", "plan"):
            for name, value in _fields_from(Case, source, pages.get(source, {})).items():
                setattr(case, name, value)
        reported = police.get("reported") == "yes"
        mash = agencies.get("mash_referred") == "yes"
        case.pathway = (
            Pathway.POLICE if reported else Pathway.SOCIAL_CARE if mash else Pathway.IN_SCHOOL
        )
        came = case.came_to_light_at
        chronology: list[tuple[datetime | None, str]] = [(came, "Came to light.")]

        child_ids: dict[str, int] = {}
        for person in _items(incident, "young_people"):
            row = YoungPerson(
                case_id=cid, **_fields_from(YoungPerson, "incident.young_people", person)
            )
            if row.date_of_birth is not None:
                row.age_years = None  # an age is asked for only when the date of birth is not known
            s.add(row)
            s.flush()
            child_ids[str(person.get(answers.ITEM_KEY))] = row.id

        review_row = _row(InitialReview, ("initial_review",), pages, case_id=cid)
        s.add(review_row)
        chronology.append((review_row.held_at, "Initial review meeting held."))
        for question in ReferralQuestion:
            s.add(
                ReferralAnswer(
                    case_id=cid,
                    question=question,
                    answer=Answer(review[f"q_{question.value}"]),
                    note=_t(review.get(f"q_{question.value}_note")),
                )
            )

        for key, talk in _per_child(pages.get("conversations", {}), "conversations").items():
            if key not in child_ids:
                continue
            talk_row = Conversation(
                case_id=cid,
                young_person_id=child_ids[key],
                **_fields_from(Conversation, "conversations.conversations", talk),
            )
            s.add(talk_row)
            if talk_row.held:
                chronology.append((talk_row.held_at, "Conversation with a young person."))

        s.add(_row(IncidentDescription, ("incident_handling", "police"), pages, case_id=cid))
        handling = pages.get("incident_handling", {})
        for place in _items(handling, "locations"):
            s.add(
                SharingLocation(
                    case_id=cid,
                    **_fields_from(SharingLocation, "incident_handling.locations", place),
                )
            )
        for device in _items(handling, "devices"):
            device_row = Device(
                case_id=cid, **_fields_from(Device, "incident_handling.devices", device)
            )
            s.add(device_row)
            chronology.append((device_row.taken_at, "Device taken into the school's care."))
        for entry in _items(handling, "viewing_log"):
            viewing = ViewingLogEntry(
                case_id=cid, **_fields_from(ViewingLogEntry, "incident_handling.viewing_log", entry)
            )
            s.add(viewing)
            chronology.append((viewing.viewed_at, "Image viewed (see the viewing log)."))

        police_row = _row(PoliceContact, ("police",), pages, case_id=cid)
        s.add(police_row)
        if police_row.reported:
            chronology.append((police_row.reported_at, "Reported to the police."))

        referral = _row(AgencyReferral, ("agencies",), pages, case_id=cid, agency=Agency.MASH)
        referral.referred = mash
        s.add(referral)
        if referral.referred_on:
            chronology.append(
                (
                    datetime.combine(referral.referred_on, datetime.min.time()),
                    "Referred to children's social care (MASH).",
                )
            )
        for other in _items(agencies, "other_agencies"):
            s.add(
                AgencyReferral(
                    case_id=cid,
                    referred=True,
                    **_fields_from(AgencyReferral, "agencies.other_agencies", other),
                )
            )

        for key, parent in _per_child(agencies, "parents").items():
            if key not in child_ids:
                continue
            contact = ParentCarerContact(
                case_id=cid,
                young_person_id=child_ids[key],
                **_fields_from(ParentCarerContact, "agencies.parents", parent),
            )
            s.add(contact)
            if contact.informed:
                chronology.append((contact.informed_at, "Parents or carers told."))

        s.add(_row(Plan, ("plan",), pages, case_id=cid))
        staff = {
            name.casefold(): sid
            for sid, name, user in s.execute(
                select(StaffAccount.id, StaffAccount.display_name, StaffAccount.username)
            ).all()
            for name in (name, user)
        }
        for action in _items(plan, "actions"):
            fields = _fields_from(FollowUpAction, "plan.actions", action)
            owner = str(fields.get("owner_name") or "")
            s.add(
                FollowUpAction(
                    case_id=cid,
                    owner_id=staff.get(owner.strip().casefold()),
                    created_by_id=me,
                    **fields,
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

        # The draft keeps only what the pages show: hidden answers go (data minimisation).
        for draft in s.execute(select(DraftPage).where(DraftPage.case_id == cid)).scalars():
            draft.fields = pages.get(draft.page, {})
        case.status = CaseStatus.OPEN
        case.opened_at = stamp
        case.signed_off_by_id = me
        case.signed_off_at = stamp
        case.updated_at = stamp
        ws.audit(s, audit.Action.CHANGED, case.reference, "opened from the incident wizard")
        return case.reference
