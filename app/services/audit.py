"""The audit trail: an append-only, hash-chained log of who did what, and when.

Each entry's hash covers its own fields and the previous entry's hash, so an
edited, inserted, reordered or deleted entry breaks the chain; the head row
(count and newest hash) catches a deleted tail. Triggers in the schema refuse
UPDATE and DELETE on the log. Entries name cases by reference only, never a child.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, AuditHead

GENESIS = "0" * 64
DATABASE_TARGET = "database"


class Action:
    CREATED = "created"
    VIEWED = "viewed"
    CHANGED = "changed"
    PRINTED = "printed"
    EXPORTED = "exported"
    SIGNED_IN = "signed-in"
    ACCOUNT = "account"
    BACKUP = "backup"
    RESTORED = "restored"
    VERIFIED = "verified"


def _entry_hash(
    entry_id: int, at: str, actor: str, action: str, target: str, detail: str, prev_hash: str
) -> str:
    payload = json.dumps(
        [entry_id, at, actor, action, target, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(session: Session, actor: str, action: str, target: str, detail: str = "") -> None:
    """Add one link in the caller's transaction (which holds the write lock)."""
    head = session.get(AuditHead, 1)
    count, prev = (head.count, head.hash) if head else (0, GENESIS)
    entry_id = count + 1
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    digest = _entry_hash(entry_id, at, actor, action, target, detail, prev)
    session.add(
        AuditEntry(
            id=entry_id,
            at=at,
            actor=actor,
            action=action,
            target=target,
            detail=detail,
            prev_hash=prev,
            hash=digest,
        )
    )
    if head is None:
        session.add(AuditHead(id=1, count=entry_id, hash=digest))
    else:
        head.count, head.hash = entry_id, digest


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problems: list[str]

    @property
    def sound(self) -> bool:
        return not self.problems


def verify_chain(session: Session) -> ChainReport:
    problems: list[str] = []
    prev = GENESIS
    expected_id = 1
    count = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for e in rows:
        count += 1
        if e.id != expected_id:
            problems.append(f"audit entry {expected_id} is missing")
        if e.prev_hash != prev:
            problems.append(f"audit entry {e.id} does not follow the one before it")
        if _entry_hash(e.id, e.at, e.actor, e.action, e.target, e.detail, e.prev_hash) != e.hash:
            problems.append(f"audit entry {e.id} has been changed")
        prev = e.hash
        expected_id = e.id + 1
    head = session.get(AuditHead, 1)
    if head is None:
        if count:
            problems.append("the audit trail's head record is missing")
    elif head.count != count or head.hash != prev:
        problems.append("the newest audit entries have been removed or replaced")
    return ChainReport(entries=count, problems=problems)


@dataclass(frozen=True)
class AuditLine:
    at: str
    actor: str
    action: str
    target: str
    detail: str


def entries_for(session: Session, target: str | None = None) -> list[AuditLine]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    if target is not None:
        stmt = stmt.where(AuditEntry.target == target)
    return [
        AuditLine(e.at, e.actor, e.action, e.target, e.detail)
        for e in session.execute(stmt).scalars()
    ]
