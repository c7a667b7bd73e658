"""Lists and search over cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from app.models import Case, CaseStatus, Pathway, YoungPerson
from app.resources import load_json
from app.services.workspace import Workspace
from app.textfold import fold

# A discarded draft was never a case: no list or search shows it unless asked for by status.
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


def _line(c: Case) -> CaseLine:
    return CaseLine(c.id, c.reference, c.status, c.opened_at, c.next_review_on, c.pathway)


def list_cases(ws: Workspace, status: CaseStatus | None = None) -> list[CaseLine]:
    stmt = select(
        Case.id, Case.reference, Case.status, Case.opened_at, Case.next_review_on, Case.pathway
    )
    stmt = stmt.where(Case.status == status) if status is not None else stmt.where(LISTED)
    stmt = stmt.order_by(Case.reference)
    with ws.read() as s:
        return [CaseLine(*row) for row in s.execute(stmt)]


def list_open_cases(ws: Workspace) -> list[CaseLine]:
    """Open and monitoring cases, soonest review first (cases with no date last)."""
    stmt = (
        select(
            Case.id, Case.reference, Case.status, Case.opened_at, Case.next_review_on, Case.pathway
        )
        .where(Case.status.in_([CaseStatus.OPEN, CaseStatus.MONITORING]))
        .order_by(Case.next_review_on.is_(None), Case.next_review_on, Case.reference)
    )
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


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matches(word: str) -> ColumnElement[bool]:
    pattern = _like(word)
    in_case = [
        func.fold(col).like(pattern, escape="\\")
        for col in (
            Case.reference,
            Case.summary,
            Case.came_to_light_how,
            Case.reported_by,
            Case.closing_summary,
        )
    ]
    in_people = exists().where(
        YoungPerson.case_id == Case.id, func.fold(YoungPerson.name).like(pattern, escape="\\")
    )
    return or_(*in_case, in_people)


def search(ws: Workspace, query: str, status: CaseStatus | None = None) -> list[CaseLine]:
    """Cases whose reference, names or text contain every word of the query."""
    words = [w for w in query.split() if w]
    conditions = [or_(*[_matches(v) for v in sorted(expand(w))]) for w in words]
    stmt = select(Case).where(and_(*conditions)) if conditions else select(Case)
    stmt = stmt.where(Case.status == status) if status is not None else stmt.where(LISTED)
    stmt = stmt.order_by(Case.reference)
    with ws.read() as s:
        return [_line(c) for c in s.execute(stmt).scalars()]
