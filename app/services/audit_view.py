"""The audit trail as the DSL reads it: every entry, and whether the chain is intact.

Both come from one read transaction, so the count in the verdict matches the
lines shown. Only the DSL may read the trail: it names which staff member
looked at which case, and when.
"""

from __future__ import annotations

from app.errors import NotAllowed
from app.services import audit
from app.services.audit import AuditLine, ChainReport
from app.services.workspace import Workspace

NOT_ALLOWED = "Only the DSL can see the audit trail."


def audit_trail(ws: Workspace, target: str | None = None) -> tuple[list[AuditLine], ChainReport]:
    """Entries oldest first (for one case reference if `target` is given) and the chain check.

    The chain is always checked whole: a filter must not hide a broken link.
    """
    if not ws.account.is_dsl:
        raise NotAllowed(NOT_ALLOWED)
    with ws.read() as s:
        return audit.entries_for(s, target), audit.verify_chain(s)
