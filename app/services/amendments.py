"""Amend, never overwrite.

A flush hook sees every change to a case's rows. While the case is a draft the
DSL is still typing and changes are free. Once it has been opened, any change
needs a reason, and the earlier value is kept with who, when and why; deleting
its rows is refused. Because this sits under every service, no code path can
overwrite a record silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from app.errors import NotAllowed, ReasonRequired
from app.models import Amendment, Case, CaseContent, CaseStatus

# Bookkeeping columns that change as a side effect, not as part of the record.
UNTRACKED = frozenset({"updated_at"})


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


def _remember_status(case: Case, context: Any) -> None:
    # The status as read from the database, before this transaction changed it
    # (an autoflush mid-transaction would otherwise hide the original value).
    context.session.info.setdefault(STATUS_AT_LOAD, {})[case.id] = case.status


def _committed_status(case: Case) -> CaseStatus:
    session = inspect(case).session
    known = session.info.get(STATUS_AT_LOAD, {}) if session is not None else {}
    # A case not loaded from the database was created in this transaction: a draft.
    return CaseStatus(known.get(case.id, CaseStatus.DRAFT))


def _case_of(session: Session, obj: object) -> Case | None:
    if isinstance(obj, Case):
        return obj
    if isinstance(obj, CaseContent):
        with session.no_autoflush:
            return session.get(Case, obj.case_id)
    return None


def _record(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    change: ChangeContext | None = session.info.get("change")
    for obj in list(session.deleted):
        case = _case_of(session, obj)
        if case is not None and _committed_status(case) != CaseStatus.DRAFT:
            raise NotAllowed("Records are amended, never deleted.")
    for obj in list(session.dirty):
        case = _case_of(session, obj)
        if case is None or _committed_status(case) == CaseStatus.DRAFT:
            continue
        state = inspect(obj)
        changed = []
        for attr in state.mapper.column_attrs:
            if attr.key in UNTRACKED:
                continue
            hist = state.attrs[attr.key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if jsonable(old) == jsonable(new):
                continue
            changed.append((attr.key, old, new))
        if not changed:
            continue
        if change is None or not (change.reason or "").strip():
            raise ReasonRequired()
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


def install(session_factory: Any) -> None:
    event.listen(session_factory, "before_flush", _record)


event.listen(Case, "load", _remember_status)


def history(session: Session, case_id: int) -> list[Amendment]:
    stmt = (
        select(Amendment)
        .where(Amendment.case_id == case_id)
        .order_by(Amendment.changed_at, Amendment.id)
    )
    return list(session.execute(stmt).scalars())
