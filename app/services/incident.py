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
from sqlalchemy.orm import Session

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
    PoliceOutcome,
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


class _RecordBuilder:
    """Writes one case's record from the answers its pages show, part by part.

    Each method makes the rows of one part of the record and notes what
    belongs in the chronology; `finish` runs them in the wizard's order.
    """

    def __init__(self, s: Session, case: Case, pages: dict[str, dict[str, Any]], me: int) -> None:
        self.s = s
        self.case = case
        self.pages = pages
        self.me = me
        self.stamp = now()
        self.child_ids: dict[str, int] = {}  # a young person's key in the draft -> their row
        self.chronology: list[tuple[datetime | None, str]] = []

    def page(self, page_id: str) -> dict[str, Any]:
        return self.pages.get(page_id, {})

    def add(self, row: Any, when: datetime | None = None, happened: str = "") -> Any:
        self.s.add(row)
        if happened:
            self.chronology.append((when, happened))
        return row

    def the_incident(self) -> None:
        case = self.case
        for source in ("incident", "agencies", "summary", "plan"):
            for name, value in _fields_from(Case, source, self.page(source)).items():
                setattr(case, name, value)
        reported = self.page("police").get("reported") == "yes"
        mash = self.page("agencies").get("mash_referred") == "yes"
        case.pathway = (
            Pathway.POLICE if reported else Pathway.SOCIAL_CARE if mash else Pathway.IN_SCHOOL
        )
        self.chronology.append((case.came_to_light_at, "Came to light."))

    def young_people(self) -> None:
        for person in _items(self.page("incident"), "young_people"):
            fields = _fields_from(YoungPerson, "incident.young_people", person)
            row = self.add(YoungPerson(case_id=self.case.id, **fields))
            if row.date_of_birth is not None:
                row.age_years = None  # an age is asked for only when the date of birth is not known
            self.s.flush()
            self.child_ids[str(person.get(answers.ITEM_KEY))] = row.id

    def initial_review(self) -> None:
        review = self.page("initial_review")
        row = _row(InitialReview, ("initial_review",), self.pages, case_id=self.case.id)
        self.add(row, row.held_at, "Initial review meeting held.")
        for question in ReferralQuestion:
            # Question 1 is asked once, on page 1 (page 2 shows it).
            given = (
                self.page("incident").get("adults_involved")
                if question == ReferralQuestion.ADULT_INVOLVED
                else review.get(f"q_{question.value}")
            )
            self.add(
                ReferralAnswer(
                    case_id=self.case.id,
                    question=question,
                    answer=Answer(str(given)),
                    note=_t(review.get(f"q_{question.value}_note")),
                )
            )

    def conversations(self) -> None:
        talks = _per_child(self.page("conversations"), "conversations")
        for key, talk in talks.items():
            if key not in self.child_ids:
                continue
            fields = _fields_from(Conversation, "conversations.conversations", talk)
            row = Conversation(case_id=self.case.id, young_person_id=self.child_ids[key], **fields)
            self.add(row, row.held_at, "Conversation with a young person." if row.held else "")

    def the_image(self) -> None:
        cid = self.case.id
        self.add(
            _row(
                IncidentDescription,
                ("incident_handling", "police", "incident", "initial_review"),
                self.pages,
                case_id=cid,
            )
        )
        handling = self.page("incident_handling")
        for place in _items(handling, "locations"):
            fields = _fields_from(SharingLocation, "incident_handling.locations", place)
            self.add(SharingLocation(case_id=cid, **fields))
        for device in _items(handling, "devices"):
            device_row = Device(
                case_id=cid, **_fields_from(Device, "incident_handling.devices", device)
            )
            self.add(device_row, device_row.taken_at, "Device taken into the school's care.")
            if device_row.handed_over_at is not None:
                self.chronology.append((device_row.handed_over_at, "Device handed to the police."))
            if device_row.returned_at is not None:
                self.chronology.append((device_row.returned_at, "Device returned."))
        for entry in _items(handling, "viewing_log"):
            fields = _fields_from(ViewingLogEntry, "incident_handling.viewing_log", entry)
            viewing = ViewingLogEntry(case_id=cid, **fields)
            self.add(viewing, viewing.viewed_at, "Image viewed (see the viewing log).")
            if not viewing.head_agreed and viewing.head_told_at is not None:
                self.chronology.append(
                    (viewing.head_told_at, "The head was told of a viewing afterwards.")
                )

    def police_and_agencies(self) -> None:
        cid = self.case.id
        police = _row(PoliceContact, ("police",), self.pages, case_id=cid)
        self.add(police, police.reported_at, "Reported to the police." if police.reported else "")
        if police.reported:
            for key, outcome in _per_child(self.page("police"), "outcomes").items():
                if key in self.child_ids:
                    fields = _fields_from(PoliceOutcome, "police.outcomes", outcome)
                    self.add(
                        PoliceOutcome(case_id=cid, young_person_id=self.child_ids[key], **fields)
                    )
        self.mash_referrals()
        for other in _items(self.page("agencies"), "other_agencies"):
            fields = _fields_from(AgencyReferral, "agencies.other_agencies", other)
            self.add(AgencyReferral(case_id=cid, referred=True, **fields))

    def mash_referrals(self) -> None:
        """A referral to MASH for each young person referred (with the case's reason);
        a decision not to refer is one row for the whole case."""
        cid = self.case.id
        agencies = self.page("agencies")
        reason = _fields_from(AgencyReferral, "agencies", agencies)
        by_child = {k: v for k, v in _per_child(agencies, "mash").items() if k in self.child_ids}
        if agencies.get("mash_referred") != "yes" or not by_child:
            referred = agencies.get("mash_referred") == "yes"
            self.add(AgencyReferral(case_id=cid, agency=Agency.MASH, referred=referred, **reason))
            return
        for key, answer in by_child.items():
            fields = _fields_from(AgencyReferral, "agencies.mash", answer)
            fields["referred"] = answer.get("referred") == "yes"
            row = AgencyReferral(
                case_id=cid,
                agency=Agency.MASH,
                young_person_id=self.child_ids[key],
                **(reason | fields),
            )
            on = row.referred_on
            self.add(
                row,
                datetime.combine(on, datetime.min.time()) if on and row.referred else None,
                "Referred to children's social care (MASH)." if row.referred else "",
            )

    def parents(self) -> None:
        for key, parent in _per_child(self.page("agencies"), "parents").items():
            if key not in self.child_ids:
                continue
            fields = _fields_from(ParentCarerContact, "agencies.parents", parent)
            fields["informed"] = parent.get("informed") == "yes"  # planned: not told yet
            row = ParentCarerContact(
                case_id=self.case.id, young_person_id=self.child_ids[key], **fields
            )
            self.add(row, row.informed_at, "Parents or carers told." if row.informed else "")

    def the_plan(self) -> None:
        self.add(_row(Plan, ("plan",), self.pages, case_id=self.case.id))
        staff = {
            name.casefold(): sid
            for sid, name, user in self.s.execute(
                select(StaffAccount.id, StaffAccount.display_name, StaffAccount.username)
            ).all()
            for name in (name, user)
        }
        for action in _items(self.page("plan"), "actions"):
            fields = _fields_from(FollowUpAction, "plan.actions", action)
            owner = str(fields.get("owner_name") or "")
            self.add(
                FollowUpAction(
                    case_id=self.case.id,
                    owner_id=staff.get(owner.strip().casefold()),
                    created_by_id=self.me,
                    **fields,
                )
            )

    def decisions(self) -> None:
        for d in summary.decisions(self.pages):
            child = self.child_ids.get(d.child_key) if d.child_key else None
            self.add(
                Decision(
                    case_id=self.case.id,
                    kind=d.kind,
                    decision=d.decision,
                    reason=d.reason,
                    aid_view=d.aid_view,
                    decided_by_id=self.me,
                    decided_at=self.stamp,
                    subject=str(child) if child is not None else None,
                )
            )

    def open_the_case(self) -> None:
        """The chronology seeded, the draft minimised, and the case opened and signed off."""
        self.chronology.append((self.stamp, "Case opened."))
        for when, text in self.chronology:
            if when is not None:
                self.s.add(
                    ChronologyEntry(
                        case_id=self.case.id,
                        happened_at=when,
                        recorded_at=self.stamp,
                        recorded_by_id=self.me,
                        entry=text,
                        source=ChronologySource.RECORD,
                    )
                )
        # The draft keeps only what the pages show: hidden answers go (data minimisation).
        drafts = select(DraftPage).where(DraftPage.case_id == self.case.id)
        for draft in self.s.execute(drafts).scalars():
            draft.fields = self.page(draft.page)
        case = self.case
        case.status = CaseStatus.OPEN
        case.opened_at = case.signed_off_at = case.updated_at = self.stamp
        case.signed_off_by_id = self.me


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
    with ws.write() as s:
        case = get_case(s, case_id)
        _refuse_unless_draft(case)
        build = _RecordBuilder(s, case, pages, ws.account.id)
        build.the_incident()
        build.young_people()
        build.initial_review()
        build.conversations()
        build.the_image()
        build.police_and_agencies()
        build.parents()
        build.the_plan()
        build.decisions()
        build.open_the_case()
        ws.audit(s, audit.Action.CHANGED, case.reference, "opened from the incident wizard")
        return case.reference
