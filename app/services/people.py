"""Every case a young person appears in: a repeat incident is a risk factor.

A child is the same child in two cases when the names match (ignoring case and
accents) and the dates of birth agree, or one of them is not known; the latter
are marked as possible matches for the DSL to judge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.errors import RecordNotFound
from app.models import CaseStatus
from app.services.workspace import Workspace
from app.storage.raw_sql import driver_connection
from app.textfold import fold


@dataclass(frozen=True)
class Appearance:
    case_id: int
    reference: str
    status: CaseStatus
    opened_on: date
    roles: tuple[str, ...]
    certain: bool  # False: the name matches but a date of birth is missing


def _name_key(name: str) -> str:
    """A name as it is compared: case, accents and spacing ignored."""
    return " ".join((fold(name) or "").split())


def _same_name(a: str, b: str) -> bool:
    return _name_key(a) == _name_key(b)


def appearances(ws: Workspace, young_person_id: int) -> list[Appearance]:
    """The cases this young person is in (this one included), oldest first."""
    with ws.read() as s:
        raw = driver_connection(s)
        found = raw.execute(
            "SELECT case_id FROM young_people WHERE id = ?", (young_person_id,)
        ).fetchone()
    if found is None:
        raise RecordNotFound("That young person is not in any case.")
    return appearances_in_case(ws, int(found[0]))[young_person_id]


def appearances_in_case(ws: Workspace, case_id: int) -> dict[int, list[Appearance]]:
    """For each young person of the case (by id), every case they are in, oldest first.

    One pass over the other cases' young people for all of this case's, in plain
    SQL: 50 000 cases hold over 100 000 young people, and a pass per person with
    an object made for each row held up the case file's window.
    """
    with ws.read() as s:
        raw = driver_connection(s)
        mine = raw.execute(
            "SELECT id, name, date_of_birth FROM young_people WHERE case_id = ?", (case_id,)
        ).fetchall()
        if not mine:
            return {}
        wanted: dict[str, list[tuple[int, str | None]]] = {}
        for person_id, name, born in mine:
            wanted.setdefault(_name_key(name), []).append((person_id, born))
        # Only a row whose date of birth agrees (or is not known) can be the same child:
        # when every date is known here, SQLite leaves the others out.
        sql, params = "SELECT id, name, date_of_birth FROM young_people", []
        if all(born is not None for _, _, born in mine):
            params = sorted({born for _, _, born in mine})
            sql += (
                f" WHERE date_of_birth IS NULL OR date_of_birth IN ({','.join('?' * len(params))})"
            )
        matched: list[tuple[int, str | None, int]] = []  # (person in this case, born, other row)
        for other_id, name, born in raw.execute(sql, params):
            for person_id, my_born in wanted.get(_name_key(name), ()):
                if my_born is None or born is None or born == my_born:
                    matched.append((person_id, my_born, other_id))
        details = _details(raw, sorted({other for _, _, other in matched}))
    out: dict[int, list[Appearance]] = {person_id: [] for person_id, _, _ in mine}
    for person_id, my_born, other_id in matched:
        other_case, reference, status, opened, roles, born = details[other_id]
        certain = my_born is not None and born == my_born
        out[person_id].append(
            Appearance(
                other_case,
                reference,
                CaseStatus(status),
                datetime.fromisoformat(opened).date(),
                tuple(json.loads(roles) if roles else ()),
                certain or other_id == person_id,
            )
        )
    for found in out.values():
        found.sort(key=lambda a: (a.opened_on, a.reference))
    return out


def _details(raw: Any, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """Case id, reference, status, opened (or made), roles and birth date, by young person."""
    out: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), 500):  # well under SQLite's limit on parameters
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in raw.execute(
            "SELECT y.id, y.case_id, c.reference, c.status, coalesce(c.opened_at, c.created_at),"
            " y.roles, y.date_of_birth FROM young_people y JOIN cases c ON c.id = y.case_id"
            f" WHERE y.id IN ({marks})",
            chunk,
        ):
            out[row[0]] = row[1:]
    return out
