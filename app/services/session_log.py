"""What the audit trail records about a session itself, beyond the records it touches.

Signing in, and the failed sign-ins held until then, are written by the
sign-in itself (app.services.workspace). Here: a draft opened (it holds
pupils' names, so it is viewed like a case file), the screen locked and
unlocked, and the session ending (signed out, or Casebook closed).

Locking and leaving are written down when they happen and never stop them:
a lock must cover the screen, and a close must close, even if the entry cannot
be written (it is left out then, and the log says so without any detail).
"""

from __future__ import annotations

from app.diagnostics.lazylog import lazy_logger
from app.services import audit
from app.services.workspace import Workspace

log = lazy_logger(__name__)

SIGNED_OUT = "signed out"
CLOSED = "closed Casebook"
TO_RESTORE = "signed out to restore a backup"
DRAFT_OPENED = "draft opened"

# Why the screen was locked (app.ui.security.lock.LockReason's values).
LOCK_REASONS = {
    "hidden": "hidden with Hide now",
    "idle": "locked after the idle minutes",
    "away": "locked because the computer was locked or put to sleep",
}


def draft_opened(ws: Workspace, reference: str) -> None:
    """Resume draft: written like opening a case file, and refused as that is when the
    audit trail cannot take it (the draft is not shown then)."""
    with ws.write() as s:
        ws.audit(s, audit.Action.VIEWED, reference, DRAFT_OPENED)


def record(ws: Workspace, action: str, detail: str = "") -> bool:
    """One entry about the session, now; False (and nothing raised) if it could not be."""
    if ws.closed:
        return False  # a late signal, after the session ended: nothing more is written
    try:
        with ws.write() as s:
            ws.audit(s, action, audit.DATABASE_TARGET, detail)
    except Exception as exc:  # noqa: BLE001 (a lock or a close never waits on the trail)
        log.warning("session entry %s not written: %s", action, type(exc).__name__)
        return False
    return True


def locked(ws: Workspace, reason: str) -> bool:
    return record(ws, audit.Action.LOCKED, LOCK_REASONS.get(reason, ""))


def unlocked(ws: Workspace) -> bool:
    return record(ws, audit.Action.UNLOCKED)


def leaving(ws: Workspace, how: str = CLOSED) -> None:
    """How this session will end (SIGNED_OUT, CLOSED, TO_RESTORE): written when it closes."""
    ws.record_on_close(how)
