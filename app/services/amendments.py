"""Amend, never overwrite.

A flush hook sees every change to a case's rows. While the case is a draft the
DSL is still typing and changes are free. Once it has been opened, any change
needs a reason, and the earlier value is kept with who, when and why; deleting
its rows is refused. Because this sits under every service, no code path can
overwrite a record silently: UPDATE and DELETE statements on a case's tables
are refused here, and the database's triggers (`app.record.guard`) refuse any
change to a non-draft case's rows that did not come through this rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import TextClause, event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from app.errors import NotAllowed, ReasonRequired
from app.models import Amendment, Case, CaseContent, CaseStatus
from app.record import guard as record_guard
from app.record import schema as record_schema


@dataclass(frozen=True)
class ChangeContext:
    actor_id: int
    reason: str | None


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


STATUS_AT_LOAD = "case_status_at_load"
SANCTIONED = "sanctioned_removal"  # set by a retention destruction, the one sanctioned removal
_PERMITTED = "write_permit_in_flush"

# Tables the guard below covers: a case, its rows, and its amendment history.
GUARDED_TABLES = frozenset({"cases", "amendments", *record_guard.CASE_CONTENT_TABLES})


def _remember_status(case: Case, context: Any) -> None:
    # The status as read from the database, before this transaction changed it
    # (an autoflush mid-transaction would otherwise hide the original value).
    context.session.info.setdefault(STATUS_AT_LOAD, {})[case.id] = case.status


def _committed_status(session: Session, case: Case) -> CaseStatus:
    """The case's status as committed; read from the database when not yet known."""
    known = session.info.setdefault(STATUS_AT_LOAD, {})
    if case.id in known:
        return CaseStatus(known[case.id])
    if inspect(case).pending:
        return CaseStatus.DRAFT  # created in this transaction
    # Never assumed: a case whose load was not seen is read again.
    with session.no_autoflush:
        stored = session.execute(
            select(Case.__table__.c.status).where(Case.__table__.c.id == case.id)
        ).scalar_one_or_none()
    status = CaseStatus(stored) if stored is not None else CaseStatus.OPEN
    known[case.id] = status
    return status


def _case_of(session: Session, obj: object) -> Case | None:
    if isinstance(obj, Case):
        return obj
    if isinstance(obj, CaseContent):
        with session.no_autoflush:
            return session.get(Case, obj.case_id)
    return None


def _stored_value(session: Session, obj: object, key: str) -> Any:
    # A list changed in place (a young person's roles) has no earlier value in
    # memory: it is the same list. The database still holds it.
    table = obj.__table__  # type: ignore[attr-defined]
    with session.no_autoflush:
        return session.execute(
            select(table.c[key]).where(table.c.id == inspect(obj).identity[0])
        ).scalar_one_or_none()


def _changes(session: Session, obj: object) -> list[tuple[str, Any, Any]]:
    state = inspect(obj)
    changed = []
    untracked = record_schema.untracked_columns(state.mapper.local_table.name)
    for attr in state.mapper.column_attrs:
        if attr.key in untracked:
            continue
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        if hist.deleted:
            old = hist.deleted[0]
        elif state.persistent:
            old = _stored_value(session, obj, attr.key)
        else:
            old = None
        new = hist.added[0] if hist.added else None
        if jsonable(old) == jsonable(new):
            continue
        changed.append((attr.key, old, new))
    return changed


def _record(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    change: ChangeContext | None = session.info.get("change")
    approved = False  # changes that passed this rule, which the database may then let through
    for obj in list(session.deleted):
        case = _case_of(session, obj)
        if case is not None and _committed_status(session, case) != CaseStatus.DRAFT:
            raise NotAllowed("Records are amended, never deleted.")
        approved = approved or case is not None
    for obj in list(session.dirty):
        case = _case_of(session, obj)
        if case is None:
            continue
        changed = _changes(session, obj)
        if not changed:
            continue
        approved = True
        if _committed_status(session, case) == CaseStatus.DRAFT:
            continue  # still being typed (or opened in this very transaction)
        if change is None or not (change.reason or "").strip():
            raise ReasonRequired()
        state = inspect(obj)
        for key, old, new in changed:
            session.add(
                Amendment(
                    case_id=case.id,
                    table_name=obj.__tablename__,
                    row_id=state.identity[0] if state.identity else 0,
                    field=key,
                    old_value=jsonable(old),
                    new_value=jsonable(new),
                    changed_by_id=change.actor_id,
                    reason=change.reason,
                )
            )
    if approved:
        # Earlier values are kept (or the case was a draft): let this flush through.
        _execute(
            session, f"INSERT INTO {record_guard.PERMITS_TABLE} (purpose) VALUES ('amendment')"
        )
        session.info[_PERMITTED] = True


def _execute(session: Session, sql: str) -> None:
    session.connection().exec_driver_sql(sql)


def _end_permit(session: Session, _ctx: UOWTransaction) -> None:
    if session.info.pop(_PERMITTED, False):
        _execute(session, record_guard.END_PERMIT_SQL)


def _statement_table(state: ORMExecuteState) -> str | None:
    if state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        return getattr(table, "name", None)
    if isinstance(state.statement, TextClause):
        words = state.statement.text.split()
        if len(words) >= 2 and words[0].upper() in ("UPDATE", "DELETE"):
            target = words[2] if words[0].upper() == "DELETE" and len(words) > 2 else words[1]
            return target.strip('"`[]').lower()
    return None


def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    """UPDATE and DELETE statements pass by the amendment rule: refuse them on a case."""
    table = _statement_table(state)
    if table in GUARDED_TABLES and not state.session.info.get(SANCTIONED):
        raise NotAllowed(
            "Records are amended one field at a time, with a reason; "
            "this change was refused and nothing was saved."
        )


@contextmanager
def sanctioned_removal(session: Session) -> Iterator[None]:
    """Let a retention destruction delete a closed case's rows (nothing else may)."""
    session.info[SANCTIONED] = True
    try:
        with record_guard.permit(lambda sql: _execute(session, sql), "retention"):
            yield
    finally:
        session.info.pop(SANCTIONED, None)


def install(session_factory: Any) -> None:
    event.listen(session_factory, "before_flush", _record)
    event.listen(session_factory, "after_flush_postexec", _end_permit)
    event.listen(session_factory, "do_orm_execute", _refuse_bulk_changes)


event.listen(Case, "load", _remember_status)


def history(session: Session, case_id: int) -> list[Amendment]:
    stmt = (
        select(Amendment)
        .where(Amendment.case_id == case_id)
        .order_by(Amendment.changed_at, Amendment.id)
    )
    return list(session.execute(stmt).scalars())
