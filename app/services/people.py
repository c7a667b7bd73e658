"""Every case a young person appears in: a repeat incident is a risk factor.

A child is the same child in two cases when the names match (ignoring case and
accents) and the dates of birth agree, or one of them is not known; the latter
are marked as possible matches for the DSL to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.errors import RecordNotFound
from app.models import Case, CaseStatus, YoungPerson
from app.services.workspace import Workspace
from app.textfold import fold


@dataclass(frozen=True)
class Appearance:
    case_id: int
    reference: str
    status: CaseStatus
    opened_on: date
    roles: tuple[str, ...]
    certain: bool  # False: the name matches but a date of birth is missing


def _same_name(a: str, b: str) -> bool:
    return " ".join((fold(a) or "").split()) == " ".join((fold(b) or "").split())


def appearances(ws: Workspace, young_person_id: int) -> list[Appearance]:
    """The cases this young person is in (this one included), oldest first."""
    with ws.read() as s:
        me = s.get(YoungPerson, young_person_id)
        if me is None:
            raise RecordNotFound("That young person is not in any case.")
        stmt = select(
            YoungPerson, Case.reference, Case.status, Case.opened_at, Case.created_at
        ).join(Case, Case.id == YoungPerson.case_id)
        if me.date_of_birth is not None:
            stmt = stmt.where(
                YoungPerson.date_of_birth.is_(None)
                | (YoungPerson.date_of_birth == me.date_of_birth)
            )
        candidates = s.execute(stmt).all()
        found = []
        for other, reference, status, opened, created in candidates:
            if not _same_name(other.name, me.name):
                continue
            certain = me.date_of_birth is not None and other.date_of_birth == me.date_of_birth
            found.append(
                Appearance(
                    other.case_id,
                    reference,
                    status,
                    (opened or created).date(),
                    tuple(other.roles or ()),
                    certain or other.id == me.id,
                )
            )
    return sorted(found, key=lambda a: (a.opened_on, a.reference))
