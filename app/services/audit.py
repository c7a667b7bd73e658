"""The audit trail: an append-only, hash-chained log of who did what, and when.

Each entry's hash covers its own fields and the previous entry's hash, so an
edited, inserted, reordered or deleted entry breaks the chain; the head row
(count and newest hash) catches a deleted tail. An entry written with changes
to the record also covers the digest of what changed (`content_digest`, see
`app.services.seal`), so the chain vouches for the content too. Triggers in the
schema refuse UPDATE and DELETE on the log. Entries name cases by reference
only, never a child.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AuditTrailBroken
from app.models import AuditEntry, AuditHead
from app.storage.raw_sql import driver_connection

GENESIS = "0" * 64
DATABASE_TARGET = "database"


class Action:
    CREATED = "created"
    VIEWED = "viewed"
    CHANGED = "changed"
    PRINTED = "printed"
    EXPORTED = "exported"
    SIGNED_IN = "signed-in"
    FAILED_SIGN_IN = "failed-sign-in"  # written at the next sign-in (app.security.throttle)
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    SIGNED_OUT = "signed-out"  # signing out, or closing Casebook (the detail says which)
    ACCOUNT = "account"
    BACKUP = "backup"
    RESTORED = "restored"
    VERIFIED = "verified"
    TRANSFERRED = "transferred"  # a child's file sent to a new school (never the passphrase)
    TRANSFER_RECEIVED = "transfer-received"  # the new school read the receipt code back
    TRANSFER_IMPORTED = "transferred-in"  # a file from another school imported here


# Who writes the entries Casebook makes by itself (a migration sealing the record).
SYSTEM_ACTOR = "casebook"


def entry_hash(
    entry_id: int,
    at: str,
    actor: str,
    action: str,
    target: str,
    detail: str,
    prev_hash: str,
    content_digest: str = "",
) -> str:
    fields: list[object] = [entry_id, at, actor, action, target, detail, prev_hash]
    if content_digest:  # entries written before the record was sealed keep their hashes
        fields.append(content_digest)
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# Set on a session once its transaction has found the head where it should be.
_HEAD_CHECKED = "casebook_audit_head_checked"


def check_head(session: Session) -> AuditHead | None:
    """The head row, after checking it still points at the newest entry.

    A few point reads (no scan): a head removed while entries remain, or one
    that no longer names the newest entry, means the trail was cut outside
    Casebook, and nothing is added to it; `casebook verify` says more.
    """
    head = session.get(AuditHead, 1)
    if session.info.get(_HEAD_CHECKED):
        return head
    if head is None:
        if session.execute(select(AuditEntry.id).limit(1)).first() is not None:
            raise AuditTrailBroken()
    else:
        newest = session.execute(
            select(AuditEntry.hash).where(AuditEntry.id == head.count)
        ).scalar_one_or_none()
        later = session.execute(
            select(AuditEntry.id).where(AuditEntry.id > head.count).limit(1)
        ).first()
        if newest != head.hash or later is not None:
            raise AuditTrailBroken()
    session.info[_HEAD_CHECKED] = True
    return head


def append(
    session: Session,
    actor: str,
    action: str,
    target: str,
    detail: str = "",
    content_digest: str = "",
    *,
    at: str | None = None,
) -> int:
    """Add one link in the caller's transaction (which holds the write lock); its id.

    `at` is given for an entry held by a read-only session, written later.
    """
    head = check_head(session)
    count, prev = (head.count, head.hash) if head else (0, GENESIS)
    entry_id = count + 1
    at = at or _now()
    digest = entry_hash(entry_id, at, actor, action, target, detail, prev, content_digest)
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
            content_digest=content_digest,
        )
    )
    if head is None:
        session.add(AuditHead(id=1, count=entry_id, hash=digest))
    else:
        head.count, head.hash = entry_id, digest
    return entry_id


def head_of(conn: Any) -> tuple[int, str]:
    """(count, newest hash) from a DB-API connection; (0, GENESIS) for an empty trail."""
    row = conn.execute("SELECT count, hash FROM audit_head WHERE id = 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def append_raw(
    conn: Any,
    actor: str,
    action: str,
    target: str,
    detail: str,
    content_digest: str = "",
    *,
    at: str | None = None,
) -> int:
    """`append` on a DB-API connection, for migrations (which must not use the models)
    and for a read-only session's held entries written into its backup's copy."""
    count, prev = head_of(conn)
    entry_id = count + 1
    at = at or _now()
    digest = entry_hash(entry_id, at, actor, action, target, detail, prev, content_digest)
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash, "
        "content_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry_id, at, actor, action, target, detail, prev, digest, content_digest),
    )
    if count:
        conn.execute("UPDATE audit_head SET count = ?, hash = ? WHERE id = 1", (entry_id, digest))
    else:
        conn.execute(
            "INSERT INTO audit_head (id, count, hash) VALUES (1, ?, ?)", (entry_id, digest)
        )
    return entry_id


# Entries that begin a session (or are Casebook's own): the only ones that may
# follow the moment a session closed. Anything else there was written by something
# other than Casebook while it was closed.
SESSION_STARTS = frozenset({Action.SIGNED_IN, Action.CREATED, Action.RESTORED})
RECOVERY_RESET = "password reset with the recovery key"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problems: list[str]
    # Each entry's stored hash, by position (entry n at index n - 1), for the anchors.
    hashes: list[str] = field(default_factory=list, repr=False)
    # Entry id -> content digest, for entries that carry one.
    content: dict[int, str] = field(default_factory=dict, repr=False)
    # Ids of the entries that start a session (see SESSION_STARTS).
    starts: frozenset[int] = frozenset()

    @property
    def sound(self) -> bool:
        return not self.problems


def scan_chain(conn: Any) -> ChainReport:
    """Recompute the chain in one pass over the log, on a DB-API connection."""
    problems: list[str] = []
    prev = GENESIS
    expected_id = 1
    hashes: list[str] = []
    content: dict[int, str] = {}
    starts: set[int] = set()
    rows = conn.execute(
        "SELECT id, at, actor, action, target, detail, prev_hash, hash, content_digest "
        "FROM audit_log ORDER BY id"
    )
    for entry_id, at, actor, action, target, detail, prev_hash, stored, digest in rows:
        if entry_id != expected_id:
            problems.append(f"audit entry {expected_id} is missing")
        if prev_hash != prev:
            problems.append(f"audit entry {entry_id} does not follow the one before it")
        made = entry_hash(entry_id, at, actor, action, target, detail, prev_hash, digest or "")
        if made != stored:
            problems.append(f"audit entry {entry_id} has been changed")
        if digest:
            content[entry_id] = digest
        if (
            action in SESSION_STARTS
            or actor == SYSTEM_ACTOR
            or (action == Action.ACCOUNT and detail == RECOVERY_RESET)
        ):
            starts.add(entry_id)
        hashes.append(stored)
        prev = stored
        expected_id = entry_id + 1
    head = conn.execute("SELECT count, hash FROM audit_head WHERE id = 1").fetchone()
    if head is None:
        if hashes:
            problems.append("the audit trail's head record is missing")
    elif head[0] != len(hashes) or head[1] != prev:
        problems.append("the newest audit entries have been removed or replaced")
    return ChainReport(len(hashes), problems, hashes, content, frozenset(starts))


def verify_chain(session: Session) -> ChainReport:
    return scan_chain(driver_connection(session))


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
