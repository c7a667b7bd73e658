"""Transferring a child's file to a new school, and importing one from another school.

At the sending school: which cases the child is in, the record of a pack sent
(chronology, audit trail, the child shown as transferred), the receipt code the
new school reads back, and what is still awaited for the Today panel. At the
receiving school: the young people a pack may belong to, and the import itself,
a read-only "transferred in" record. The pack itself is `app.transfer.pack`;
the part of each case it holds is written by `app.reports.transfer_part`.
Nothing here ever puts a passphrase anywhere.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from app import validation
from app.dates import format_date
from app.errors import CasebookError, InvalidInput, RecordNotFound
from app.models import (
    Case,
    CaseStatus,
    RetentionDecision,
    StaffAccount,
    TransferIn,
    TransferOut,
    YoungPerson,
)
from app.models.base import now
from app.services import audit, people, seal
from app.services.cases import add_record_line, get_case
from app.services.workspace import Workspace
from app.storage.raw_sql import driver_connection
from app.transfer import pack as pack_format

SCHOOL_DAYS_FOR_RECEIPT = 5  # KCSIE Annex C: within 5 school days
MAX_SCHOOL_NAME = 200


class AlreadyImported(CasebookError):
    def __init__(self, on: str) -> None:
        super().__init__(
            f"This pack was already imported on {on}, so it was not imported again. "
            "Nothing was changed: the child's file is under School, Transferred files."
        )


class DestroyedBefore(CasebookError):
    def __init__(self, on: str) -> None:
        super().__init__(
            f"This file was received here before and destroyed under the retention rules on "
            f"{on}, so it was not imported again. Nothing was changed."
        )


class TrainingPackRefused(CasebookError):
    def __init__(self) -> None:
        super().__init__(
            "This pack was made from a Casebook training database, so it holds fictional "
            "records and was not imported. Nothing was changed."
        )


class WrongReceiptCode(CasebookError):
    def __init__(self) -> None:
        super().__init__(
            "That receipt code does not match this transfer, so nothing was recorded. "
            "Check the code with the new school and type it again."
        )


def add_school_days(day: date, days: int) -> date:
    """`days` school days (Monday to Friday) after `day`."""
    out = day
    left = days
    while left > 0:
        out += timedelta(days=1)
        if out.weekday() < 5:
            left -= 1
    return out


def school_name(text: str, label: str = "The new school's name") -> str:
    value = validation.text(text, label, required=True, max_length=MAX_SCHOOL_NAME)
    assert value is not None
    value = " ".join(value.split())
    if not value.isprintable():
        raise InvalidInput(f"{label} must be on one line.")
    return value


# What `casebook verify` checks each transfer's row against: the columns as read back
# from the database, hashed when the row was written, and kept in its audit entry (which
# the hash chain covers). The transfer tables are not sealed row by row (docs/security.md).
OUT_COLUMNS = (
    "pack_id, case_reference, young_person_id, to_school, sent_at, sent_by_id, "
    "pack_sha256, receipt_check, receipt_due_on, case_references"
)
IN_COLUMNS = (
    "pack_id, pack_sha256, schema_version, from_school, sent_at, imported_at, imported_by_id, "
    "child_name, date_of_birth, receipt_code, part, training, linked_young_person_id, "
    "linked_case_reference"
)


def _row_digest(values: tuple[Any, ...], blob: bytes = b"") -> str:
    h = hashlib.sha256(json.dumps(list(values), default=str).encode("utf-8"))
    h.update(bytes(blob))
    return h.hexdigest()


def _stored_digest(conn: Any, table: str, row_id: int) -> str:
    if table == "transfers_in":
        row = conn.execute(
            f"SELECT {IN_COLUMNS}, extract_pdf FROM transfers_in WHERE id = ?", (row_id,)
        ).fetchone()
        return _row_digest(tuple(row[:-1]), row[-1])
    sql = f"SELECT {OUT_COLUMNS} FROM transfers_out WHERE id = ?"
    return _row_digest(tuple(conn.execute(sql, (row_id,)).fetchone()))


RECEIVED_PREFIX = "RF-"  # a case's reference starts with its year: the two never meet


def received_reference(pack_sha256: str) -> str:
    """The reference a received file's retention decisions and audit entries go by.

    From the pack's hash, which the file's import entry names, so `casebook verify`
    knows a file destroyed under the retention rules from one removed outside
    Casebook; never from the row's id, which SQLite may give to a later file.
    """
    return f"{RECEIVED_PREFIX}{pack_sha256[:12].upper()}"


def _receipt_check(pack_id: str, code: str) -> str:
    normal = pack_format.normalise_receipt_code(code)
    return hashlib.sha256(f"{pack_id}\n{normal}".encode()).hexdigest()


# -- at the sending school -------------------------------------------------------
@dataclass(frozen=True)
class ChildCase:
    reference: str
    case_id: int
    young_person_id: int


def cases_of_child(ws: Workspace, reference: str, child_id: int) -> list[ChildCase]:
    """The cases this child is certainly in (same name and date of birth), oldest first.

    A case where the name matches but a date of birth is missing is left out: it
    may be another child, and the DSL can send it separately.
    """
    with ws.read() as s:
        case = get_case(s, reference)
        if case.status in (CaseStatus.DRAFT, CaseStatus.DISCARDED):
            raise InvalidInput(
                f"Case {case.reference} is not an opened case (it is a draft or was discarded), "
                "so its record cannot be sent. Finish it first; nothing was written."
            )
        me = s.get(YoungPerson, child_id)
        if me is None or me.case_id != case.id:
            raise RecordNotFound("That young person is not part of this case.")
    found: list[ChildCase] = []
    for a in people.appearances(ws, child_id):
        sent_from_here = a.case_id == case.id
        if not sent_from_here and (
            not a.certain or a.status in (CaseStatus.DRAFT, CaseStatus.DISCARDED)
        ):
            continue
        with ws.read() as s:
            rows = s.execute(
                select(YoungPerson).where(YoungPerson.case_id == a.case_id).order_by(YoungPerson.id)
            ).scalars()
            match = next(
                (
                    p.id
                    for p in rows
                    if p.id == child_id
                    or (
                        people._same_name(p.name, me.name)  # noqa: SLF001 (one rule for a match)
                        and p.date_of_birth == me.date_of_birth
                    )
                ),
                None,
            )
        if match is not None:
            found.append(ChildCase(a.reference, a.case_id, match))
    return found


@dataclass(frozen=True)
class Sent:
    transfer_id: int
    reference: str
    to_school: str
    pack_id: str
    pack_sha256: str
    receipt_due_on: date
    references: tuple[str, ...]


def record_sent(
    ws: Workspace,
    *,
    reference: str,
    child_id: int,
    to_school: str,
    pack_id: str,
    pack_sha256: str,
    receipt_code: str,
    references: list[str],
    sent_on: date | None = None,
) -> Sent:
    """Keep the transfer: a chronology entry on every case sent, an audit entry each."""
    school = school_name(to_school)
    day = sent_on or date.today()
    due = add_school_days(day, SCHOOL_DAYS_FOR_RECEIPT)
    with ws.write() as s:
        case = get_case(s, reference)
        child = s.get(YoungPerson, child_id)
        if child is None or child.case_id != case.id:
            raise RecordNotFound("That young person is not part of this case.")
        row = TransferOut(
            pack_id=pack_id,
            case_reference=case.reference,
            young_person_id=child_id,
            to_school=school,
            sent_by_id=ws.account.id,
            pack_sha256=pack_sha256,
            receipt_check=_receipt_check(pack_id, receipt_code),
            receipt_due_on=due,
            case_references=",".join(references),
        )
        s.add(row)
        s.flush()
        digest = _stored_digest(driver_connection(s), "transfers_out", row.id)
        entry = (
            f"Child protection file of {child.name} sent to {school} as an encrypted "
            f"transfer pack (cases {', '.join(references)}); receipt awaited by "
            f"{format_date(due)}."
        )
        for ref in references:
            add_record_line(s, ws, get_case(s, ref).id, entry)
            ws.audit(
                s,
                audit.Action.TRANSFERRED,
                ref,
                f"file of young person #{child_id} sent to {school}; pack sha256 {pack_sha256}; "
                f"record sha256 {digest}",
            )
        s.flush()
        return Sent(row.id, case.reference, school, pack_id, pack_sha256, due, tuple(references))


@dataclass(frozen=True)
class Transfer:
    """A transfer as the sending school sees it."""

    id: int
    reference: str
    young_person_id: int
    to_school: str
    sent_at: datetime
    sent_by: str
    pack_sha256: str
    receipt_due_on: date
    received_at: datetime | None
    received_by: str | None
    references: tuple[str, ...]
    # The cases sent that were destroyed under the retention rules since (their
    # references may be given to new cases: these no longer name this transfer's).
    destroyed: tuple[str, ...] = ()

    def overdue(self, today: date) -> bool:
        return self.received_at is None and self.receipt_due_on < today

    @property
    def live_references(self) -> tuple[str, ...]:
        """The cases sent that are still kept here."""
        every = dict.fromkeys((self.reference, *self.references))  # in order, once each
        return tuple(r for r in every if r not in self.destroyed)

    def of_case(self, reference: str) -> bool:
        return reference in self.live_references


def _destroyed_since(s: Any) -> dict[str, datetime]:
    """Case reference -> when it was last destroyed under the retention rules."""
    return dict(
        s.execute(
            select(RetentionDecision.reference, RetentionDecision.decided_at)
            .where(RetentionDecision.decision == "destroy")
            .order_by(RetentionDecision.id)
        ).all()
    )


def _transfer(
    row: TransferOut, staff: dict[int, str], destroyed: dict[str, datetime] | None = None
) -> Transfer:
    gone = destroyed or {}
    refs = {row.case_reference, *(r for r in row.case_references.split(",") if r)}
    return Transfer(
        row.id,
        row.case_reference,
        row.young_person_id,
        row.to_school,
        row.sent_at,
        staff.get(row.sent_by_id, "?"),
        row.pack_sha256,
        row.receipt_due_on,
        row.received_at,
        staff.get(row.received_by_id) if row.received_by_id else None,
        tuple(r for r in row.case_references.split(",") if r),
        tuple(sorted(r for r in refs if r in gone and gone[r] >= row.sent_at)),
    )


def transfers(ws: Workspace, reference: str | None = None) -> list[Transfer]:
    """Every transfer made (of one case's children, with `reference`), oldest first."""
    with ws.read() as s:
        staff = dict(s.execute(select(StaffAccount.id, StaffAccount.display_name)).all())
        stmt = select(TransferOut).order_by(TransferOut.id)
        rows = list(s.execute(stmt).scalars())
        destroyed = _destroyed_since(s)
    found = [_transfer(r, staff, destroyed) for r in rows]
    if reference is not None:
        found = [t for t in found if t.of_case(reference.strip())]
    return found


def transferred(ws: Workspace, young_person_id: int) -> Transfer | None:
    """The newest transfer of this young person's file, if it was sent (and the case it was
    sent from is still kept: a destroyed case's young person ids may be used again)."""
    found = [
        t
        for t in transfers(ws)
        if t.young_person_id == young_person_id and t.reference not in t.destroyed
    ]
    return found[-1] if found else None


def awaiting_receipt(ws: Workspace) -> list[Transfer]:
    """Receipts still to record, for a file sent from a case still kept."""
    return [t for t in transfers(ws) if t.received_at is None and t.live_references]


def confirm_receipt(ws: Workspace, reference: str, child_id: int, code: str) -> Transfer:
    """Record the receipt the new school read back; a wrong code changes nothing."""
    if not pack_format.normalise_receipt_code(code):
        raise InvalidInput("Type the receipt code the new school read back (like K7QF-2MXA-9PHD).")
    with ws.write() as s:
        case = get_case(s, reference)
        rows = list(
            s.execute(
                select(TransferOut)
                .where(TransferOut.young_person_id == child_id)
                .order_by(TransferOut.id)
            ).scalars()
        )
        destroyed = _destroyed_since(s)
        staff = dict(s.execute(select(StaffAccount.id, StaffAccount.display_name)).all())
        rows = [r for r in rows if _transfer(r, staff, destroyed).of_case(case.reference)]
        if not rows:
            raise RecordNotFound(
                f"No transfer of that young person's file was made from case {case.reference}."
            )
        match = next((r for r in rows if r.receipt_check == _receipt_check(r.pack_id, code)), None)
        if match is None:
            raise WrongReceiptCode()
        if match.received_at is not None:
            return _transfer(match, staff, destroyed)  # already recorded: nothing to add
        match.received_at = now()
        match.received_by_id = ws.account.id
        kept = _transfer(match, staff, destroyed)
        # A case sent with it and destroyed since has no chronology left to write in.
        for ref in [r for r in match.case_references.split(",") if r and r not in kept.destroyed]:
            add_record_line(
                s,
                ws,
                get_case(s, ref).id,
                f"{match.to_school} confirmed receipt of the child protection file "
                "(receipt code read back).",
            )
            ws.audit(
                s,
                audit.Action.TRANSFER_RECEIVED,
                ref,
                f"receipt confirmed by {match.to_school} for young person #{child_id}; "
                f"pack sha256 {match.pack_sha256}",
            )
        s.flush()
        return _transfer(match, staff, destroyed)


# -- at the receiving school ---------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """A young person already here who may be the child in a pack."""

    young_person_id: int
    reference: str
    name: str
    certain: bool  # the date of birth agrees (not merely missing)


def candidates(ws: Workspace, name: str, date_of_birth: date | None) -> list[Candidate]:
    """Young people in this school's cases with the same name (and date of birth, if known)."""
    out: list[Candidate] = []
    with ws.read() as s:
        rows = s.execute(
            select(YoungPerson, Case.reference)
            .join(Case, Case.id == YoungPerson.case_id)
            .where(Case.status != CaseStatus.DISCARDED)
            .order_by(YoungPerson.id)
        ).all()
        for person, reference in rows:
            if not people._same_name(person.name, name):  # noqa: SLF001 (one rule for a match)
                continue
            if (
                date_of_birth is not None
                and person.date_of_birth is not None
                and person.date_of_birth != date_of_birth
            ):
                continue
            certain = date_of_birth is not None and person.date_of_birth == date_of_birth
            out.append(Candidate(person.id, reference, person.name, certain))
    return out


def _destroyed_on(ws: Workspace, reference: str) -> datetime | None:
    """When this one reference was last destroyed under the retention rules, if it was."""
    with ws.read() as s:
        return s.execute(
            select(RetentionDecision.decided_at)
            .where(RetentionDecision.reference == reference)
            .where(RetentionDecision.decision == "destroy")
            .order_by(RetentionDecision.id.desc())
            .limit(1)
        ).scalar()


def already_imported(ws: Workspace, pack_id: str) -> datetime | None:
    with ws.read() as s:
        row = s.execute(select(TransferIn).where(TransferIn.pack_id == pack_id)).scalar()
        return row.imported_at if row is not None else None


def check_importable(ws: Workspace, opened: pack_format.Opened) -> None:
    """Refuse, before anything is written, a pack this database must not take."""
    when = already_imported(ws, opened.pack_id)
    if when is not None:
        raise AlreadyImported(format_date(when.date()))
    destroyed = _destroyed_on(ws, received_reference(opened.pack_sha256))
    if destroyed is not None:  # the DSL's decision is not undone by importing it again
        raise DestroyedBefore(format_date(destroyed.date()))
    if opened.training and not ws.training:
        raise TrainingPackRefused()


def _date_or_none(text: Any) -> date | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Imported:
    id: int
    from_school: str
    receipt_code: str
    cases: int
    linked_reference: str | None


def import_pack(
    ws: Workspace, opened: pack_format.Opened, *, link_to: int | None = None
) -> Imported:
    """Keep the child's history as a read-only record, linked to a young person here or not.

    `link_to` is a young person's id from `candidates`; None keeps the file as a
    young person new to this school.
    """
    check_importable(ws, opened)
    part = opened.child()
    child = part.get("child")
    cases = part.get("cases")
    if not isinstance(child, dict) or not isinstance(cases, list) or not child.get("name"):
        raise pack_format.PackDamaged()
    name = str(child["name"])
    dob = _date_or_none(child.get("date_of_birth"))
    with ws.write() as s:
        linked_ref: str | None = None
        if link_to is not None:
            person = s.get(YoungPerson, link_to)
            if person is None:
                raise RecordNotFound("That young person is not in any case here.")
            linked = s.get(Case, person.case_id)
            assert linked is not None
            linked_ref = linked.reference
        row = TransferIn(
            pack_id=opened.pack_id,
            pack_sha256=opened.pack_sha256,
            schema_version=int(opened.manifest["schema_version"]),
            from_school=opened.from_school,
            sent_at=opened.made_at,
            imported_by_id=ws.account.id,
            child_name=name,
            date_of_birth=dob,
            receipt_code=opened.receipt_code,
            part=part,
            extract_pdf=opened.parts[pack_format.EXTRACT],
            training=opened.training,
            linked_young_person_id=link_to,
            linked_case_reference=linked_ref,
        )
        s.add(row)
        s.flush()
        digest = _stored_digest(driver_connection(s), "transfers_in", row.id)
        target = linked_ref or f"transfer-in #{row.id}"
        if link_to is not None:
            assert linked_ref is not None
            add_record_line(
                s,
                ws,
                get_case(s, linked_ref).id,
                f"Child protection file received from {opened.from_school} "
                f"({len(cases)} case(s)); kept read-only as transferred in.",
            )
        ws.audit(
            s,
            audit.Action.TRANSFER_IMPORTED,
            target,
            f"file transferred in from {opened.from_school}; pack sha256 {opened.pack_sha256}; "
            f"record sha256 {digest}",
        )
        return Imported(row.id, opened.from_school, opened.receipt_code, len(cases), linked_ref)


@dataclass(frozen=True)
class TransferredIn:
    """A file transferred in, as the receiving school reads it (read-only)."""

    id: int
    from_school: str
    sent_at: str
    imported_at: datetime
    imported_by: str
    child_name: str
    date_of_birth: date | None
    receipt_code: str
    part: dict[str, Any]
    linked_case_reference: str | None
    training: bool


def transferred_in(ws: Workspace) -> list[TransferredIn]:
    with ws.read() as s:
        staff = dict(s.execute(select(StaffAccount.id, StaffAccount.display_name)).all())
        rows = list(s.execute(select(TransferIn).order_by(TransferIn.id)).scalars())
        return [
            TransferredIn(
                r.id,
                r.from_school,
                r.sent_at,
                r.imported_at,
                staff.get(r.imported_by_id, "?"),
                r.child_name,
                r.date_of_birth,
                r.receipt_code,
                r.part,
                r.linked_case_reference,
                r.training,
            )
            for r in rows
        ]


def viewed(ws: Workspace, transfer_id: int) -> None:
    """Reading a transferred-in file is written to the audit trail, as reading a case is."""
    with ws.write() as s:
        row = s.get(TransferIn, transfer_id)
        if row is None:
            raise RecordNotFound("That transferred file is not in this database.")
        ws.audit(s, audit.Action.VIEWED, row.linked_case_reference or f"transfer-in #{row.id}")


PDF_ACTIONS = {
    "viewed": audit.Action.VIEWED,
    "printed": audit.Action.PRINTED,
    "exported": audit.Action.EXPORTED,
}


def transferred_in_pdf(ws: Workspace, transfer_id: int, purpose: str = "viewed") -> bytes:
    """The sending school's extract, as it came, written to the audit trail as viewed,
    printed or exported (saved as a PDF, or printed by a printer that writes a file)."""
    action = PDF_ACTIONS[purpose]
    with ws.write() as s:
        row = s.get(TransferIn, transfer_id)
        if row is None:
            raise RecordNotFound("That transferred file is not in this database.")
        target = row.linked_case_reference or f"transfer-in #{row.id}"
        detail = "" if purpose == "viewed" else f"extract transferred in from {row.from_school}"
        ws.audit(s, action, target, detail)
        data = bytes(row.extract_pdf)
    if purpose != "viewed":  # a copy left Casebook: keep its seal beside the database too
        seal.anchor(ws, purpose)
    return data


def person_in_case(ws: Workspace, reference: str, opened: pack_format.Opened) -> int:
    """The young person in this school's case `reference` who is the pack's child."""
    child = opened.child().get("child")
    if not isinstance(child, dict) or not child.get("name"):
        raise pack_format.PackDamaged()
    dob = _date_or_none(child.get("date_of_birth"))
    with ws.read() as s:
        case = get_case(s, reference)
    found = [c for c in candidates(ws, str(child["name"]), dob) if c.reference == case.reference]
    if len(found) != 1:
        raise RecordNotFound(
            f"No young person in case {case.reference} has this pack's child's name and date "
            "of birth. Nothing was changed: import it without --link-case, or name another case."
        )
    return found[0].young_person_id


# -- checking (for `casebook verify`) --------------------------------------------------------
RETENTION_DESTROYED = "retention: destroyed"  # the audit entry's detail, for a case too
_SHA = re.compile(r"pack sha256 ([0-9a-f]{64})(?:; record sha256 ([0-9a-f]{64}))?")


def _entries(conn: Any, action: str) -> dict[str, list[tuple[str, str, str]]]:
    """Pack sha256 -> (target, detail, record digest or "") of each entry of `action`."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for target, detail in conn.execute(
        "SELECT target, detail FROM audit_log WHERE action = ? ORDER BY id", (action,)
    ):
        found = _SHA.search(str(detail))
        if found:
            out.setdefault(found[1], []).append((str(target), str(detail), found[2] or ""))
    return out


def record_problems(conn: Any) -> list[str]:
    """Each transfer's row against the audit entry written with it (the chain covers those
    entries): a row added, changed or removed outside Casebook is named, by its number."""
    present = {str(n) for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    if not {"transfers_out", "transfers_in"} <= present:
        return []
    problems: list[str] = []
    sent = _entries(conn, audit.Action.TRANSFERRED)
    receipts = _entries(conn, audit.Action.TRANSFER_RECEIVED)
    # Receipts recorded before their entry named the pack: known by school and child only.
    older = {
        str(d)
        for (d,) in conn.execute(
            "SELECT detail FROM audit_log WHERE action = ? AND detail NOT LIKE '%pack sha256%'",
            (audit.Action.TRANSFER_RECEIVED,),
        )
    }
    seen: set[str] = set()
    for row_id, sha, person, school, received in conn.execute(
        "SELECT id, pack_sha256, young_person_id, to_school, received_at FROM transfers_out "
        "ORDER BY id"
    ).fetchall():
        seen.add(sha)
        said = f"file of young person #{person} sent to {school}; pack sha256 {sha}"
        entries = [e for e in sent.get(sha, []) if e[1].startswith(said)]
        digest = _stored_digest(conn, "transfers_out", row_id)
        if not entries or any(e[2] and e[2] != digest for e in entries):
            problems.append(
                f"the record of transfer {row_id} (sent) does not match its audit entry: "
                "it was added or changed outside Casebook"
            )
        receipt = f"receipt confirmed by {school} for young person #{person}"
        recorded = any(e[1].startswith(receipt) for e in receipts.get(sha, []))
        if recorded if received is None else not (recorded or receipt in older):
            problems.append(
                f"the receipt of transfer {row_id} does not match the audit trail: "
                "it was changed outside Casebook"
            )
    for sha in sorted(set(sent) - seen):
        problems.append(
            f"the record of a transfer sent (pack sha256 {sha[:12]}…) is missing: "
            "it was removed outside Casebook"
        )
    imported = _entries(conn, audit.Action.TRANSFER_IMPORTED)
    seen = set()
    for row_id, sha, school in conn.execute(
        "SELECT id, pack_sha256, from_school FROM transfers_in ORDER BY id"
    ).fetchall():
        seen.add(sha)
        said = f"file transferred in from {school}; pack sha256 {sha}"
        entries = [e for e in imported.get(sha, []) if e[1].startswith(said)]
        digest = _stored_digest(conn, "transfers_in", row_id)
        if not entries or any(e[2] and e[2] != digest for e in entries):
            problems.append(
                f"the file transferred in as number {row_id} does not match its audit entry: "
                "it was added or changed outside Casebook"
            )
    # A file the DSL destroyed under the retention rules: its entry names its reference.
    destroyed = {
        str(t)
        for (t,) in conn.execute(
            "SELECT target FROM audit_log WHERE action = ? AND detail = ?",
            (audit.Action.CHANGED, RETENTION_DESTROYED),
        )
    }
    for sha in sorted(set(imported) - seen):
        if received_reference(sha) in destroyed:
            continue
        problems.append(
            f"a file transferred in (pack sha256 {sha[:12]}…) is missing: "
            "it was removed outside Casebook"
        )
    return problems
