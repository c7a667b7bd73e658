"""Amend, never overwrite, enforced by the database itself.

The amendment rule in `app.services.amendments` sees what the ORM changes.
These triggers hold below it, for any statement at all: once a case has left
draft, its rows cannot be updated or deleted unless the one sanctioned path
(an amendment with its reason kept, a retention destruction) has put a row in
`write_permits` inside the same flush and takes it out again before commit.
Someone who holds the key can drop them, which `casebook verify` reports.

Migrations that rebuild a table (SQLite's batch mode copies it) drop its
triggers, and a column added to `cases` changes the guarded column list (which
`casebook verify` compares): such a migration calls `create_triggers` again at
the end.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from app.record import schema as record_schema

PERMITS_TABLE = "write_permits"

# Every table whose rows belong to one case (by `case_id`), the case itself apart.
CASE_CONTENT_TABLES = (
    "young_people",
    "initial_reviews",
    "referral_answers",
    "conversations",
    "incident_descriptions",
    "sharing_locations",
    "devices",
    "viewing_log",
    "police_contacts",
    "police_outcomes",
    "agency_referrals",
    "parent_carer_contacts",
    "plans",
    "actions",
    "reviews",
    "chronology",
    "decisions",
)
# Rows that name one young person, who must belong to the same case.
CHILD_LINKED_TABLES = ("conversations", "parent_carer_contacts", "police_outcomes")
# Rows that may name one young person (or be about the whole case, NULL).
MAY_NAME_CHILD_TABLES = ("agency_referrals",)


_NO_PERMIT = f"NOT EXISTS (SELECT 1 FROM {PERMITS_TABLE})"
_REFUSED = "SELECT RAISE(ABORT, 'records are amended, never overwritten')"


def _not_draft(case_id: str) -> str:
    # A missing case reads as NULL, which IS NOT 'draft': fail closed.
    return f"(SELECT status FROM cases WHERE id = {case_id}) IS NOT 'draft'"


def _statements(case_columns: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for verb in ("UPDATE", "DELETE"):
        out[f"audit_log_no_{verb.lower()}"] = (
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
    untracked = record_schema.untracked_columns("cases")  # bookkeeping, draft or not
    guarded = ", ".join(c for c in case_columns if c not in untracked)
    out["cases_amend_only_update"] = (
        f"CREATE TRIGGER cases_amend_only_update BEFORE UPDATE OF {guarded} ON cases "
        f"WHEN OLD.status IS NOT 'draft' AND {_NO_PERMIT} BEGIN {_REFUSED}; END"
    )
    out["cases_amend_only_delete"] = (
        "CREATE TRIGGER cases_amend_only_delete BEFORE DELETE ON cases "
        f"WHEN OLD.status IS NOT 'draft' AND {_NO_PERMIT} BEGIN {_REFUSED}; END"
    )
    for table in CASE_CONTENT_TABLES:
        out[f"{table}_amend_only_update"] = (
            f"CREATE TRIGGER {table}_amend_only_update BEFORE UPDATE ON {table} "
            f"WHEN ({_not_draft('OLD.case_id')} OR {_not_draft('NEW.case_id')}) "
            f"AND {_NO_PERMIT} BEGIN {_REFUSED}; END"
        )
        out[f"{table}_amend_only_delete"] = (
            f"CREATE TRIGGER {table}_amend_only_delete BEFORE DELETE ON {table} "
            f"WHEN {_not_draft('OLD.case_id')} AND {_NO_PERMIT} BEGIN {_REFUSED}; END"
        )
    out["amendments_no_update"] = (
        "CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments "
        "BEGIN SELECT RAISE(ABORT, 'the amendment history is append-only'); END"
    )
    out["amendments_no_delete"] = (
        "CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments "
        f"WHEN {_NO_PERMIT} "
        "BEGIN SELECT RAISE(ABORT, 'the amendment history is append-only'); END"
    )
    for table in CHILD_LINKED_TABLES:
        for verb in ("INSERT", "UPDATE"):
            out[f"{table}_same_case_child_{verb.lower()}"] = (
                f"CREATE TRIGGER {table}_same_case_child_{verb.lower()} BEFORE {verb} ON {table} "
                "WHEN (SELECT case_id FROM young_people WHERE id = NEW.young_person_id) "
                "IS NOT NEW.case_id "
                "BEGIN SELECT RAISE(ABORT, 'that young person belongs to another case'); END"
            )
    for table in MAY_NAME_CHILD_TABLES:
        for verb in ("INSERT", "UPDATE"):
            out[f"{table}_same_case_child_{verb.lower()}"] = (
                f"CREATE TRIGGER {table}_same_case_child_{verb.lower()} BEFORE {verb} ON {table} "
                "WHEN NEW.young_person_id IS NOT NULL AND "
                "(SELECT case_id FROM young_people WHERE id = NEW.young_person_id) "
                "IS NOT NEW.case_id "
                "BEGIN SELECT RAISE(ABORT, 'that young person belongs to another case'); END"
            )
    return out


def _case_columns() -> list[str]:
    from app.models import Case  # lazily: the sign-in window never needs the models

    return [c.name for c in Case.__table__.columns]


def trigger_sql() -> dict[str, str]:
    """Every trigger the record relies on, by name, as CREATE statements."""
    return _statements(_case_columns())


def _on_table(sql: str) -> str:
    return sql.split(" ON ", 1)[1].split(" ", 1)[0]


def columns_of(bind: Any) -> dict[str, set[str]]:
    """Each table of the database `bind` is connected to, with its columns (for a migration)."""
    from sqlalchemy import inspect  # lazily: only migrations need it

    found = inspect(bind)
    return {t: {c["name"] for c in found.get_columns(t)} for t in found.get_table_names()}


def create_triggers(
    execute: Callable[[str], Any], present: Mapping[str, Collection[str]] | None = None
) -> None:
    """(Re)create every trigger with `execute` (a migration's `op.execute`).

    An earlier migration passes the tables and columns `present` at its revision
    (`columns_of(op.get_bind())`): the triggers on a table or column a later migration
    adds are made by that later migration.
    """
    for name, sql in trigger_sql().items():
        if present is not None:
            table = _on_table(sql)
            if table not in present:
                continue
            if "NEW.young_person_id" in sql and "young_person_id" not in present[table]:
                continue
        execute(f"DROP TRIGGER IF EXISTS {name}")
        execute(sql)


def drop_triggers(execute: Callable[[str], Any]) -> None:
    for name in trigger_sql():
        execute(f"DROP TRIGGER IF EXISTS {name}")


def grant_sql(purpose: str) -> str:
    if purpose not in ("amendment", "retention"):
        raise ValueError(purpose)
    return f"INSERT INTO {PERMITS_TABLE} (purpose) VALUES ('{purpose}')"


END_PERMIT_SQL = f"DELETE FROM {PERMITS_TABLE}"


@contextmanager
def permit(execute: Callable[[str], Any], purpose: str) -> Iterator[None]:
    """Let the statements run inside this block change a non-draft case's rows.

    Only the amendment rule (which has kept the earlier values with a reason)
    and a retention destruction use it. The permit is removed again before the
    block ends, so it is never committed; `casebook verify` reports one left behind.
    """
    execute(grant_sql(purpose))
    yield  # on failure the caller's transaction is rolled back, permit and all
    execute(END_PERMIT_SQL)
