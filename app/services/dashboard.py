"""What needs the DSL today, and the rows of the case list.

One query gathers every case with its young people and open actions, so the
dashboard's table model can show 10 000 cases without a query per row.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from app.dates import format_date, format_datetime
from app.models import (
    CaseStatus,
    Classification,
    Pathway,
)
from app.services.queries import expand
from app.services.workspace import Workspace
from app.storage.raw_sql import driver_connection
from app.textfold import fold

ACTIVE = (CaseStatus.OPEN, CaseStatus.MONITORING)


class CaseRow(NamedTuple):
    """One case as the list shows it: a tuple, as 50 000 of them are made at a time."""

    id: int
    reference: str
    status: CaseStatus
    opened_on: date | None
    next_review_on: date | None
    pathway: Pathway | None
    classification: Classification | None
    young_people: tuple[str, ...]
    year_groups: tuple[str, ...]
    open_actions: int
    overdue_actions: int
    search_text: str  # folded reference, names and summary, for the filter box

    def review_overdue(self, today: date) -> bool:
        return (
            self.status in ACTIVE
            and self.next_review_on is not None
            and self.next_review_on < today
        )


# Plain SQL on the driver: no ORM objects and no per-value type processing, which
# cost more than the reading itself at 50 000 cases. Dates are stored as ISO text.
_PEOPLE_SQL = "SELECT case_id, name, year_group FROM young_people {where} ORDER BY case_id, id"
# A draft's young people are on its first page until Finish makes them rows.
_DRAFT_PEOPLE_SQL = (
    "SELECT d.case_id, d.fields FROM draft_pages d JOIN cases c ON c.id = d.case_id"
    " WHERE c.status = 'draft' AND d.page = 'incident' {where}"
)
_ACTIONS_SQL = (
    "SELECT case_id, count(*), sum(due_on < ?) FROM actions"
    " WHERE done_at IS NULL {where} GROUP BY case_id"
)
_CASE_COLUMNS = (
    "id, reference, status, coalesce(opened_at, created_at), next_review_on,"
    " pathway, classification, summary"
)
# The service's order: open and monitoring by next review (none last), drafts, closed.
# A discarded draft is in no list and no count: it was never a case.
_CASES_SQL = f"""
SELECT {_CASE_COLUMNS} FROM cases WHERE status != 'discarded'
ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'monitoring' THEN 0
                     WHEN 'draft' THEN 2 ELSE 3 END,
         next_review_on IS NULL, next_review_on, reference
"""
# The head of that order when it is made of reviews with a date (as it is in any school
# with a screenful of open cases): each status read in the order of its index.
_FIRST_SQL = (
    " UNION ALL ".join(
        f"SELECT * FROM (SELECT {_CASE_COLUMNS} FROM cases WHERE status = '{status}'"
        " AND next_review_on IS NOT NULL ORDER BY next_review_on, reference LIMIT :n)"
        for status in ("open", "monitoring")
    )
    + " ORDER BY 5, 2 LIMIT :n"
)
_STATUS = {s.value: s for s in CaseStatus}
_PATHWAY = {p.value: p for p in Pathway}
_CLASSIFICATION = {c.value: c for c in Classification}
Raw = Any  # the driver's connection (sqlcipher3), used for plain SQL


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def case_rows(ws: Workspace, today: date | None = None) -> list[CaseRow]:
    """Every case, open and monitoring first by next review, then drafts, then closed."""
    with ws.read() as s:
        raw = driver_connection(s)
        return _rows(raw, lambda: raw.execute(_CASES_SQL), today or date.today(), "")


def first_case_rows(ws: Workspace, limit: int, today: date | None = None) -> list[CaseRow] | None:
    """The first `limit` rows of `case_rows`, read through the index in a few
    milliseconds, or None when fewer cases than that have a review date (then the
    whole list is quick anyway)."""
    with ws.read() as s:
        raw = driver_connection(s)
        found = raw.execute(_FIRST_SQL, {"n": limit}).fetchall()
        if len(found) < limit:
            return None
        ids = ",".join(str(int(row[0])) for row in found)
        return _rows(raw, lambda: found, today or date.today(), f"AND case_id IN ({ids})")


def count_cases(ws: Workspace) -> int:
    with ws.read() as s:
        sql = "SELECT count(*) FROM cases WHERE status != 'discarded'"
        return int(driver_connection(s).execute(sql).fetchone()[0])


def _rows(
    raw: Raw, cases: Callable[[], Iterable[tuple[Any, ...]]], day: date, where: str
) -> list[CaseRow]:
    """CaseRows for the rows of _CASE_COLUMNS that `cases` gives, with the people and
    actions of the cases `where` picks out (every case when it is empty). The cases
    are read last and one at a time, so their raw rows are never all held at once."""
    names: dict[int, list[str]] = defaultdict(list)
    years: dict[int, list[str]] = defaultdict(list)
    actions: dict[int, tuple[int, int]] = {}
    people_sql = _PEOPLE_SQL.format(where=where.replace("AND", "WHERE", 1))
    for cid, name, year in raw.execute(people_sql):
        names[cid].append(name)
        if year:
            years[cid].append(year)
    for cid, fields in raw.execute(
        _DRAFT_PEOPLE_SQL.format(where=where.replace("case_id", "d.case_id"))
    ):
        if cid not in names:
            for name, year in _draft_people(fields):
                names[cid].append(name)
                if year:
                    years[cid].append(year)
    for cid, n_open, n_overdue in raw.execute(_ACTIONS_SQL.format(where=where), (day.isoformat(),)):
        actions[cid] = (n_open, int(n_overdue or 0))
    none: tuple[str, ...] = ()
    rows: list[CaseRow] = []
    append = rows.append
    for cid, ref, status, opened, review, pathway, classification, summary in cases():
        people = tuple(names.get(cid, none))
        n_open, n_overdue = actions.get(cid, (0, 0))
        append(
            CaseRow(
                cid,
                ref,
                _STATUS[status],
                _day(opened),
                _day(review),
                _PATHWAY[pathway] if pathway else None,
                _CLASSIFICATION[classification] if classification else None,
                people,
                tuple(years.get(cid, none)),
                n_open,
                n_overdue,
                " ".join([ref.lower(), *map(_fold_name, people), fold(summary) or ""]),
            )
        )
    return rows


def _draft_people(fields: str | None) -> list[tuple[str, str]]:
    """(name, year group) of each young person typed on a draft's first page so far."""
    try:
        page = json.loads(fields or "{}")
    except ValueError:
        return []
    people = page.get("young_people") if isinstance(page, dict) else None
    out = []
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        name = str(person.get("name") or "").strip()
        if name:
            out.append((name, str(person.get("year_group") or "")))
    return out


@lru_cache(maxsize=65536)
def _fold_name(name: str) -> str:
    return fold(name) or ""


def word_test(word: str) -> Callable[[str], bool]:
    """A test for one query word (or a word meaning the same) in a row's folded text.

    The expansion is done once per word, not once per row; a term that contains
    another of its group adds nothing ("semi-nude" holds "nude"), so only the
    shortest are searched for.
    """
    kept: list[str] = []
    for term in sorted(expand(word), key=len):
        if not any(k in term for k in kept):
            kept.append(term)
    if len(kept) == 1:
        only = kept[0]
        return lambda text: only in text
    search = re.compile("|".join(re.escape(t) for t in kept)).search
    return lambda text: search(text) is not None


class TodayItem(NamedTuple):
    kind: str  # "review", "action", "draft", "parents", "transfer"
    case_id: int
    reference: str
    due_on: date | None
    text: str
    overdue: bool


# Plain SQL for the same reason as the case rows: tens of thousands of items at 50 000
# cases. Statuses and dates are compared as the ISO text they are stored as.
_REVIEWS_SQL = """
SELECT id, reference, next_review_on FROM cases
WHERE status IN ('open', 'monitoring') AND next_review_on <= ?
ORDER BY next_review_on
"""
_ACTIONS_DUE_SQL = """
SELECT c.id, c.reference, a.due_on, a.description, a.owner_id, a.owner_name
FROM actions a JOIN cases c ON c.id = a.case_id
WHERE a.done_at IS NULL AND a.due_on <= ? AND c.status NOT IN ('closed', 'discarded')
ORDER BY a.due_on
"""
_PARENTS_SQL = """
SELECT c.id, c.reference, COALESCE(p.planned_on, p.revisit_on), p.planned_on IS NOT NULL
FROM parent_carer_contacts p JOIN cases c ON c.id = p.case_id
WHERE p.informed = 0 AND COALESCE(p.planned_on, p.revisit_on) <= ?
AND c.status IN ('open', 'monitoring')
ORDER BY COALESCE(p.planned_on, p.revisit_on)
"""
PARENTS_TO_TELL = "Tell parents or carers, as planned"
PARENTS_REVISIT = "Look again at not telling parents or carers"
_DRAFTS_SQL = (
    "SELECT id, reference, updated_at FROM cases WHERE status = 'draft' ORDER BY updated_at DESC"
)
_STAFF_SQL = "SELECT id, display_name FROM staff_accounts"
# A child's file sent to a new school whose receipt code has not been read back yet.
_TRANSFERS_SQL = """
SELECT c.id, t.case_reference, t.receipt_due_on, t.to_school, t.sent_at
FROM transfers_out t JOIN cases c ON c.reference = t.case_reference
WHERE t.received_at IS NULL AND NOT EXISTS (
    SELECT 1 FROM retention_decisions d  -- destroyed since: the reference may be a new case's
    WHERE d.reference = t.case_reference AND d.decision = 'destroy' AND d.decided_at >= t.sent_at
)
ORDER BY t.receipt_due_on, t.id
"""


def today_items(ws: Workspace, today: date | None = None) -> list[TodayItem]:
    """Reviews and actions due or overdue, decisions to revisit, transfers whose receipt is
    awaited (overdue after 5 school days), and drafts to resume."""
    day = today or date.today()
    until = (day.isoformat(),)
    items: list[TodayItem] = []
    add = items.append
    with ws.read() as s:
        raw = driver_connection(s)
        for cid, ref, due in raw.execute(_REVIEWS_SQL, until):
            when = _day(due)
            add(TodayItem("review", cid, ref, when, "Review due", _before(when, day)))
        staff = dict(raw.execute(_STAFF_SQL).fetchall())
        for cid, ref, due, what, owner_id, owner_name in raw.execute(_ACTIONS_DUE_SQL, until):
            owner = (staff.get(owner_id) if owner_id else None) or owner_name or "no one yet"
            when = _day(due)
            add(TodayItem("action", cid, ref, when, f"{what} ({owner})", _before(when, day)))
        for cid, ref, due, planned in raw.execute(_PARENTS_SQL, until):
            when = _day(due)
            words = PARENTS_TO_TELL if planned else PARENTS_REVISIT
            add(TodayItem("parents", cid, ref, when, words, _before(when, day)))
        for cid, ref, due, school, sent in raw.execute(_TRANSFERS_SQL):
            when = _day(due)
            late = _before(when, day)
            sent_on = format_date(datetime.fromisoformat(sent).date())
            text = (
                f"Overdue: {school} has not confirmed receipt (sent {sent_on})"
                if late
                else f"Receipt awaited from {school} (sent {sent_on})"
            )
            add(TodayItem("transfer", cid, ref, when, text, late))
        for cid, ref, saved in raw.execute(_DRAFTS_SQL):
            stamp = format_datetime(datetime.fromisoformat(saved))
            add(TodayItem("draft", cid, ref, None, f"Draft last saved {stamp}", False))
    return items


def _before(due: date | None, day: date) -> bool:
    return due is not None and due < day
