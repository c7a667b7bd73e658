"""Is the database sound? SQLCipher's page check, SQLite's integrity check, the audit chain."""

from __future__ import annotations

from dataclasses import dataclass

from app.services import audit
from app.services.workspace import Workspace


@dataclass(frozen=True)
class VerifyReport:
    problems: list[str]
    audit_entries: int

    @property
    def sound(self) -> bool:
        return not self.problems


def verify(ws: Workspace) -> VerifyReport:
    problems = ws.integrity_problems()
    with ws.read() as s:
        chain = audit.verify_chain(s)
    problems.extend(chain.problems)
    if not problems:
        with ws.write() as s:
            ws.audit(
                s, audit.Action.VERIFIED, audit.DATABASE_TARGET, "database and audit chain sound"
            )
    return VerifyReport(problems, chain.entries)
