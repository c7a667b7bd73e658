"""Lists of cases, and the words a search term stands for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import select

from app.models import Case, CaseStatus, Pathway
from app.resources import load_json
from app.services.workspace import Workspace
from app.textfold import fold

# A discarded draft was never a case: no list shows it unless asked for by status.
LISTED = Case.status != CaseStatus.DISCARDED


@dataclass(frozen=True)
class CaseLine:
    """One line of a case list: no names, safe for a ticket or a screen share."""

    id: int
    reference: str
    status: CaseStatus
    opened_at: datetime | None
    next_review_on: date | None
    pathway: Pathway | None


def list_cases(ws: Workspace, status: CaseStatus | None = None) -> list[CaseLine]:
    stmt = select(
        Case.id, Case.reference, Case.status, Case.opened_at, Case.next_review_on, Case.pathway
    )
    stmt = stmt.where(Case.status == status) if status is not None else stmt.where(LISTED)
    stmt = stmt.order_by(Case.reference)
    with ws.read() as s:
        return [CaseLine(*row) for row in s.execute(stmt)]


@lru_cache(maxsize=1)
def _synonym_groups() -> list[frozenset[str]]:
    data = load_json("search_synonyms.json")
    return [frozenset(fold(w) or "" for w in group) for group in data["groups"]]


def expand(term: str) -> set[str]:
    """A term and the words that mean the same ("sexting" finds "nudes")."""
    folded = fold(term) or ""
    for group in _synonym_groups():
        if folded in group:
            return set(group)
    return {folded}
